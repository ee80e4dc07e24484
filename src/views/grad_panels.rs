//! The sections view run backwards, for the gradient view: one panel per
//! output, the (padded) image with that output's window, and δ of the
//! output coming back along an arrow. Each window cell says what its
//! weight collects from this section: δ times the input under it
//! (`δP·A`, `5·2`), in the weight's color.

use crate::engine::{Pair, Source, Term};
use crate::figure::{Item, Tone};
use crate::render::number;
use crate::text::{NOTE_PX, SYMBOL_PX, legible};
use crate::view::Show;
use crate::views::backprop::{Backprop, Part};
use crate::views::cell_text::{CellText, Lines, ONE_LINE, longest};
use crate::views::grid;
use crate::views::panels::{PaddedImage, Place, WIDTH, Window, arrow, padded_at, whole};

/// Most panels drawn; the sums under them still count every section.
pub(super) const MAX_PANELS: usize = 9;
/// Largest pixel cell.
const MAX_CELL: f64 = 48.0;
/// Smallest δ cell: large enough for a symbol above a value.
const MIN_RESULT: f64 = 42.0;
/// Room for the arrow from δ back to the window.
const ARROW: f64 = 34.0;
/// Tallest a panel's image may get.
const MAX_GRID: f64 = 200.0;
/// Space between panels.
const GAP_X: f64 = 22.0;
const GAP_Y: f64 = 16.0;

/// The panels' sizes.
struct Layout {
    padded: Pair,
    cell: f64,
    result: f64,
    cols: usize,
}

impl Layout {
    /// As many panels per row as the output has columns, if their cells
    /// still hold a line of text.
    fn new(bp: &Backprop, shown: usize) -> Layout {
        let padded = bp.conv.spec().padded_shape();
        let [rows, cols] = padded;
        let [_, out_cols] = bp.conv.output_shape();
        let cap = (MAX_GRID / rows as f64).min(MAX_CELL);
        let fit = |panels: usize| {
            let room = (WIDTH - 2.0 * grid::MARGIN - (panels as f64 - 1.0) * GAP_X) / panels as f64;
            let cell = (room - ARROW - MIN_RESULT) / cols as f64;
            whole(cell.min(cap)).max(0.5)
        };
        let want = out_cols.min(shown).max(1);
        let (panels, cell) = (1..=want)
            .rev()
            .map(|n| (n, fit(n)))
            .find(|&(_, cell)| cell >= ONE_LINE)
            .unwrap_or_else(|| (1, fit(1)));
        Layout {
            padded,
            cell,
            result: cell.max(MIN_RESULT),
            cols: panels,
        }
    }

    fn panel_w(&self) -> f64 {
        self.padded[1] as f64 * self.cell + ARROW + self.result
    }

    fn panel_h(&self) -> f64 {
        (self.padded[0] as f64 * self.cell).max(self.result)
    }

    fn corner(&self, top: f64, i: usize) -> Place {
        Place::new(
            grid::MARGIN + (i % self.cols) as f64 * (self.panel_w() + GAP_X),
            top + (i / self.cols) as f64 * (self.panel_h() + GAP_Y),
        )
    }
}

/// What the window cells of every panel say, planned once.
struct TapTexts<'b, 'a> {
    bp: &'b Backprop<'a>,
    lines: Lines,
}

impl<'b, 'a> TapTexts<'b, 'a> {
    fn new(bp: &'b Backprop<'a>, outputs: &[Pair], cell: f64) -> TapTexts<'b, 'a> {
        let mut symbols = (0, 0);
        let mut values = (0, 0);
        for &out in outputs {
            for term in bp.conv.terms(out) {
                let (s, v) = Self::forms(bp, out, term);
                symbols = (symbols.0.max(len(&s[0])), symbols.1.max(len(&s[1])));
                values = (values.0.max(len(&v[0])), values.1.max(len(&v[1])));
            }
        }
        // The pixel's name alone says little, so it stands in for `δP·A`
        // only when no number can: a cell too small for `δP·A` shows `5·2`
        // (or the product) where that fits.
        let number_fits = legible(values.0, SYMBOL_PX, cell) || legible(values.1, SYMBOL_PX, cell);
        let symbol_forms: &[usize] = if bp.example.show == Show::Symbols || !number_fits {
            &[symbols.0, symbols.1]
        } else {
            &[symbols.0]
        };
        let lines = Lines::plan(bp.example.show, cell, symbol_forms, &[values.0, values.1]);
        TapTexts { bp, lines }
    }

    /// The long and short forms of a window cell: `δP·A` or `A`, and
    /// `5·2` or `10`.
    fn forms(bp: &Backprop, out: Pair, term: &Term) -> ([String; 2], [String; 2]) {
        let spec = bp.conv.spec();
        let labels = &bp.example.labels;
        let d = bp.delta[out];
        let (input, x) = match term.source {
            Source::Pixel(p) => (labels.image[p].text.clone(), spec.image[p]),
            Source::Padding(_) => ("0".to_string(), 0.0),
        };
        (
            [format!("{}·{input}", bp.delta_name(out)), input],
            [
                format!("{}·{}", number::display(d), number::display(x)),
                number::display(d * x),
            ],
        )
    }

    fn text(&self, out: Pair, term: &Term) -> CellText {
        let (symbols, values) = Self::forms(self.bp, out, term);
        self.lines.pick(&symbols, &values)
    }
}

fn len(s: &str) -> usize {
    longest(std::iter::once(s))
}

/// The first outputs' panels under `top`; the part's bottom says how far
/// they reach.
pub(super) fn draw(bp: &Backprop, top: f64) -> Part {
    let total = bp.conv.output().len();
    let outputs: Vec<Pair> = bp.conv.outputs().take(MAX_PANELS).collect();
    let lay = Layout::new(bp, outputs.len());
    let taps = TapTexts::new(bp, &outputs, lay.cell);
    let names: Vec<String> = outputs.iter().map(|&o| bp.delta_name(o)).collect();
    let values: Vec<String> = outputs
        .iter()
        .map(|&o| number::display(bp.delta[o]))
        .collect();
    let delta_lines = Lines::plan(
        bp.example.show,
        lay.result,
        &[longest(names.iter().map(String::as_str))],
        &[longest(values.iter().map(String::as_str))],
    );
    let mut items = Vec::new();
    for (i, &out) in outputs.iter().enumerate() {
        let at = lay.corner(top, i);
        items.extend(panel(bp, &lay, &taps, at, out, delta_lines));
    }
    let rows = outputs.len().div_ceil(lay.cols);
    let mut bottom = top + rows as f64 * (lay.panel_h() + GAP_Y) - GAP_Y;
    let mut right = grid::MARGIN + lay.cols as f64 * (lay.panel_w() + GAP_X) - GAP_X;
    if outputs.len() < total {
        let text = format!(
            "The first {} of {total} sections; the sums below count all of them.",
            outputs.len()
        );
        right = right.max(grid::MARGIN + crate::text::width(&text, NOTE_PX));
        items.push(grid::note([grid::MARGIN, bottom + 2.0], text));
        bottom += 2.0 + grid::NOTE;
    }
    Part {
        items,
        right,
        bottom,
    }
}

/// One panel: the image with `out`'s window saying δ·input, and δ's cell
/// with an arrow back to the window.
fn panel(
    bp: &Backprop,
    lay: &Layout,
    taps: &TapTexts,
    at: Place,
    out: Pair,
    delta_lines: Lines,
) -> Vec<Item> {
    let spec = bp.conv.spec();
    let terms = bp.conv.terms(out);
    let [_, cols] = lay.padded;
    // The image without a window, less the cells the window covers.
    let covered: Vec<[f64; 2]> = terms
        .iter()
        .map(|t| at.cell(padded_at(spec, t.source), lay.cell).at())
        .collect();
    let mut items: Vec<Item> = PaddedImage::new(bp.example, spec, at, lay.cell)
        .draw(&[])
        .into_iter()
        .filter(|item| !matches!(item, Item::Cell { at, .. } if covered.contains(at)))
        .collect();
    let filter_cols = spec.filter.ncols();
    for term in terms {
        let tone = match term.source {
            Source::Pixel(_) => grid::weight_tone(filter_cols, term.weight),
            Source::Padding(_) => Tone::Padding,
        };
        let (symbol, value) = taps.text(out, term);
        items.push(Item::Cell {
            at: at.cell(padded_at(spec, term.source), lay.cell).at(),
            size: lay.cell,
            tone,
            symbol,
            value,
        });
    }
    let window = Window::of(spec, terms);
    let (lo, hi) = window.corners(at, lay.cell);
    items.push(Item::Frame {
        at: lo.at(),
        size: [hi.x - lo.x, hi.y - lo.y],
        tone: Tone::Ink,
    });
    // δ level with its window, clamped to the panel.
    let middle = at.y + window.middle(lay.cell);
    let y = (middle - lay.result / 2.0)
        .min(at.y + lay.panel_h() - lay.result)
        .max(at.y);
    let grid_right = at.x + cols as f64 * lay.cell;
    let x = grid_right + ARROW;
    let (symbol, value) =
        delta_lines.pick(&[bp.delta_name(out)], &[number::display(bp.delta[out])]);
    items.push(Item::Cell {
        at: [x, y],
        size: lay.result,
        tone: Tone::Output,
        symbol,
        value,
    });
    let line_y = y + lay.result / 2.0;
    items.push(arrow(
        Place::new(x - 4.0, line_y),
        Place::new(grid_right + 5.0, line_y),
    ));
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    fn texts(items: &[Item], tone: fn(Tone) -> bool) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Cell {
                    tone: t, symbol, ..
                } if tone(*t) => symbol.clone(),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_seed_panels_say_delta_times_input() {
        let (example, model) = model("example = \"seed\"\ntarget = [[0, 0], [0, 0]]");
        let bp = Backprop::new("gradient", &example, &model).unwrap();
        let part = draw(&bp, 40.0);
        let taps = texts(&part.items, |t| matches!(t, Tone::Weight(_)));
        assert_eq!(&taps[..4], ["δP·A", "δP·B", "δP·D", "δP·E"]);
        assert_eq!(taps.len(), 16);
        let deltas = texts(&part.items, |t| t == Tone::Output);
        assert_eq!(deltas, ["δP", "δQ", "δR", "δS"]);
        // Every pixel is drawn once per panel: 5 plain cells and 4 taps.
        let pixels = texts(&part.items, |t| t == Tone::Pixel);
        assert_eq!(pixels.len(), 4 * 5);
        assert!(part.right <= WIDTH);
        let arrows = part
            .items
            .iter()
            .filter(|i| matches!(i, Item::Line { arrow: true, from, to, .. } if to[0] < from[0]))
            .count();
        assert_eq!(arrows, 4, "each δ points back at its window");
    }

    #[test]
    fn many_sections_show_the_first_few() {
        let row = format!("[{}]", ["1"; 6].join(", "));
        let body = format!(
            "image = [{}]\nfilter = [[1, 2], [3, 4]]\ntarget = [{}]",
            [row.as_str(); 6].join(", "),
            vec![format!("[{}]", ["0"; 5].join(", ")); 5].join(", ")
        );
        let (example, model) = model(&body);
        let bp = Backprop::new("gradient", &example, &model).unwrap();
        let part = draw(&bp, 0.0);
        let deltas = texts(&part.items, |t| t == Tone::Output);
        assert_eq!(deltas.len(), MAX_PANELS);
        assert!(part.right <= WIDTH);
    }
}
