//! The `sections` view: how the filter is applied to each section of the
//! image. One small panel per output, in reading order: the (padded) image
//! with that output's window in the filter's colors, and an arrow to the
//! result.
//!
//! The module also holds the layout helpers the `familiar` and `padding`
//! views share with it: what a window cell says, how a padded image with
//! one highlighted window is drawn, and how large grids are drawn cheaply.

use crate::engine::{Convolution, Pair, Source, Spec, Term};
use crate::figure::{Anchor, Drawing, Figure, Item, TextStyle, Tone};
use crate::render::number;
use crate::resolve::Example;
use crate::view::{Show, View};
use crate::views::grid;
use crate::words;

/// Width a figure aims to stay within: mdBook's content column.
pub(super) const WIDTH: f64 = 720.0;
/// Smallest cell that holds one line of text.
pub(super) const ONE_LINE: f64 = 20.0;
/// Smallest cell that holds a symbol above a value.
pub(super) const TWO_LINES: f64 = 36.0;
/// Smallest font size, in pixels, that a cell's text may shrink to.
const MIN_TEXT_PX: f64 = 10.0;
/// Largest grid (in cells) drawn cell by cell; larger ones are drawn as a
/// lattice of lines, so the SVG grows with the sides, not the area.
pub(super) const MAX_CELLS: usize = 100;
/// Opacity of the gray that marks padding on a lattice and unreached cells.
pub(super) const SHADE: f64 = 0.28;

/// Most panels drawn before the view shows only the first few.
const MAX_PANELS: usize = 16;
/// Largest pixel cell in a panel.
const MAX_CELL: f64 = 48.0;
/// Tallest a panel's image may get.
const MAX_PANEL_GRID: f64 = 320.0;
/// Space between panels.
const GAP_X: f64 = 24.0;
const GAP_Y: f64 = 20.0;
/// Tallest the panels may get before the view shows only the first few.
const MAX_HEIGHT: f64 = 1100.0;
/// Most panels drawn cell by cell; more are drawn as lattices.
const MAX_DETAILED: usize = 64;

/// Rough width of `text` set at `px` (the fonts average about 0.6 em).
pub(super) fn text_width(text: &str, px: f64) -> f64 {
    text.chars().count() as f64 * px * 0.6
}

/// Whether a text of `chars` characters stays at least [`MIN_TEXT_PX`]
/// when the renderer fits it into a cell of side `cell` (it shrinks text to
/// 1.7 cells per line).
fn legible(chars: usize, cell: f64, base_px: f64) -> bool {
    base_px.min(cell * 1.7 / chars.max(1) as f64) >= MIN_TEXT_PX
}

/// Which lines the cells of one grid show: the index of the symbol form and
/// of the value form (`None` for no such line). Decided once per grid, from
/// its longest texts, so that all its cells look alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Lines {
    symbol: Option<usize>,
    value: Option<usize>,
}

impl Lines {
    /// For cells of side `cell` under `show`, where the `k`-th symbol form
    /// is at most `symbol_lens[k]` characters long and likewise for values:
    /// the first legible form of each line, a symbol above a value only
    /// where both fit.
    pub(super) fn plan(
        show: Show,
        cell: f64,
        symbol_lens: &[usize],
        value_lens: &[usize],
    ) -> Lines {
        if cell < ONE_LINE {
            return Lines {
                symbol: None,
                value: None,
            };
        }
        let symbol = if show.symbols() {
            symbol_lens.iter().position(|&n| legible(n, cell, 20.0))
        } else {
            None
        };
        let two = symbol.is_some() && show == Show::Both && cell >= TWO_LINES;
        let value = if show.values() && (two || symbol.is_none()) {
            let base = if two { 14.0 } else { 20.0 };
            value_lens.iter().position(|&n| legible(n, cell, base))
        } else {
            None
        };
        Lines { symbol, value }
    }

    /// One cell's text: the chosen form of each line.
    pub(super) fn pick(
        self,
        symbols: &[String],
        values: &[String],
    ) -> (Option<String>, Option<String>) {
        (
            self.symbol.and_then(|k| symbols.get(k).cloned()),
            self.value.and_then(|k| values.get(k).cloned()),
        )
    }
}

fn longest<'a>(texts: impl Iterator<Item = &'a str>) -> usize {
    texts.map(|t| t.chars().count()).max().unwrap_or(0)
}

/// The text of an image's cells, planned once for the whole grid: pixels
/// (`A` above `2`) and window cells (`α·A` above `1·2`, shortened to `α`
/// and `2` where the longest of them would not be legible).
pub(super) struct CellTexts<'a> {
    example: &'a Example,
    pixels: Lines,
    taps: Lines,
}

impl<'a> CellTexts<'a> {
    /// Plans the text of cells of side `cell`; `padding` says whether some
    /// window cells may lie on padding (and say `0`).
    pub(super) fn new(example: &'a Example, cell: f64, padding: bool) -> Self {
        let spec = &example.spec;
        let labels = &example.labels;
        let show = example.show;
        let pixel_symbol = longest(labels.image.iter().map(|l| l.text.as_str()));
        let pixel_values: Vec<String> = spec.image.iter().map(|&v| number::display(v)).collect();
        let pixel_value = longest(pixel_values.iter().map(String::as_str));
        let weight_symbol = longest(labels.filter.iter().map(|l| l.text.as_str()));
        let weight_values: Vec<String> = spec.filter.iter().map(|&v| number::display(v)).collect();
        let weight_value = longest(weight_values.iter().map(String::as_str));
        let input_symbol = pixel_symbol.max(usize::from(padding));
        let input_value = pixel_value.max(usize::from(padding));
        CellTexts {
            example,
            pixels: Lines::plan(show, cell, &[pixel_symbol], &[pixel_value]),
            taps: Lines::plan(
                show,
                cell,
                &[weight_symbol + 1 + input_symbol, weight_symbol],
                &[weight_value + 1 + input_value, input_value],
            ),
        }
    }

    /// A pixel's cell text.
    pub(super) fn pixel(&self, p: Pair) -> (Option<String>, Option<String>) {
        self.pixels.pick(
            &[self.example.labels.image[p].text.clone()],
            &[number::display(self.example.spec.image[p])],
        )
    }

    /// What one window cell says: the weight times what lies under it,
    /// `α·A` and `1·2` (`α·0` on padding), or the short forms.
    pub(super) fn tap(&self, term: &Term) -> (Option<String>, Option<String>) {
        let spec = &self.example.spec;
        let labels = &self.example.labels;
        let weight = &labels.filter[term.weight].text;
        let weight_value = number::display(spec.filter[term.weight]);
        let (input, input_value) = match term.source {
            Source::Pixel(p) => (labels.image[p].text.clone(), number::display(spec.image[p])),
            Source::Padding(_) => ("0".to_string(), "0".to_string()),
        };
        self.taps.pick(
            &[format!("{weight}·{input}"), weight.clone()],
            &[format!("{weight_value}·{input_value}"), input_value],
        )
    }
}

/// The lines output cells of side `cell` show, planned once for all
/// outputs of `conv` (with the example's labels).
pub(super) fn output_lines(example: &Example, conv: &Convolution, cell: f64) -> Lines {
    let symbol = longest(example.labels.output.iter().map(|l| l.text.as_str()));
    let values: Vec<String> = conv.output().iter().map(|&v| number::display(v)).collect();
    let value = longest(values.iter().map(String::as_str));
    Lines::plan(example.show, cell, &[symbol], &[value])
}

/// Output `out`'s cell text under `lines`.
pub(super) fn output_text(
    lines: Lines,
    example: &Example,
    conv: &Convolution,
    out: Pair,
) -> (Option<String>, Option<String>) {
    lines.pick(
        &[example.labels.output[out].text.clone()],
        &[number::display(conv.output()[out])],
    )
}

/// Where a term's input sits in the padded image of `spec`.
pub(super) fn padded_at(spec: &Spec, source: Source) -> Pair {
    let [pr, pc] = spec.padding;
    match source {
        Source::Pixel([r, c]) => [r + pr, c + pc],
        Source::Padding([r, c]) => [
            usize::try_from(r + pr as isize).unwrap_or(0),
            usize::try_from(c + pc as isize).unwrap_or(0),
        ],
    }
}

/// The padded cells a window covers, `[top, left]` and `[bottom, right]`
/// (exclusive), from its terms.
pub(super) fn window_box(spec: &Spec, terms: &[Term]) -> [Pair; 2] {
    let mut lo = [usize::MAX; 2];
    let mut hi = [0; 2];
    for term in terms {
        let at = padded_at(spec, term.source);
        for axis in 0..2 {
            lo[axis] = lo[axis].min(at[axis]);
            hi[axis] = hi[axis].max(at[axis] + 1);
        }
    }
    if terms.is_empty() {
        [[0, 0], [0, 0]]
    } else {
        [lo, hi]
    }
}

/// A straight line in a muted tone.
fn rule(from: [f64; 2], to: [f64; 2], width: f64) -> Item {
    Item::Line {
        from,
        to,
        tone: Tone::Muted,
        width,
        arrow: false,
        dashed: false,
    }
}

/// A filled rectangle, as a polygon.
pub(super) fn area(at: [f64; 2], size: [f64; 2], tone: Tone, opacity: f64) -> Item {
    let [x, y] = at;
    let [w, h] = size;
    Item::Polygon {
        points: vec![[x, y], [x + w, y], [x + w, y + h], [x, y + h]],
        tone,
        opacity,
    }
}

/// A grid drawn as lines only (the border, and the inner lines where cells
/// are large enough to tell apart): cheap for large grids.
pub(super) fn lattice(at: [f64; 2], cell: f64, shape: Pair) -> Vec<Item> {
    let [rows, cols] = shape;
    let (w, h) = (cols as f64 * cell, rows as f64 * cell);
    let inner = cell >= 5.0;
    let mut items = Vec::new();
    for r in 0..=rows {
        if inner || r == 0 || r == rows {
            let y = at[1] + r as f64 * cell;
            items.push(rule([at[0], y], [at[0] + w, y], 1.0));
        }
    }
    for c in 0..=cols {
        if inner || c == 0 || c == cols {
            let x = at[0] + c as f64 * cell;
            items.push(rule([x, at[1]], [x, at[1] + h], 1.0));
        }
    }
    items
}

/// Gray bands over the padding of a lattice-drawn padded image.
fn padding_bands(at: [f64; 2], cell: f64, spec: &Spec) -> Vec<Item> {
    let [pr, pc] = spec.padding;
    let [rows, cols] = spec.padded_shape();
    let mut items = Vec::new();
    let band = |r0: usize, c0: usize, r1: usize, c1: usize| {
        area(
            [at[0] + c0 as f64 * cell, at[1] + r0 as f64 * cell],
            [(c1 - c0) as f64 * cell, (r1 - r0) as f64 * cell],
            Tone::Muted,
            SHADE,
        )
    };
    if pr > 0 {
        items.push(band(0, 0, pr, cols));
        items.push(band(rows - pr, 0, rows, cols));
    }
    if pc > 0 {
        items.push(band(pr, 0, rows - pr, pc));
        items.push(band(pr, cols - pc, rows - pr, cols));
    }
    items
}

/// The padded image of `spec` at `at` with one window highlighted: every
/// tapped cell in its weight's color (or, on padding, gray) saying
/// `weight·input`, and a frame around the window. Padding cells are zeros.
/// Grids past [`MAX_CELLS`] (or `lattice`) are drawn as a lattice, so only
/// the window's cells are drawn one by one. `label_pixels` writes the
/// pixels' symbols/values into the cells outside the window.
pub(super) fn padded_image(
    example: &Example,
    spec: &Spec,
    terms: &[Term],
    at: [f64; 2],
    cell: f64,
    label_pixels: bool,
    lattice_only: bool,
) -> Vec<Item> {
    let padded = spec.padded_shape();
    let [pr, pc] = spec.padding;
    let (rows, cols) = spec.image.dim();
    let mut tapped = vec![None; padded[0] * padded[1]];
    for term in terms {
        let [r, c] = padded_at(spec, term.source);
        if r < padded[0] && c < padded[1] {
            tapped[r * padded[1] + c] = Some(term);
        }
    }
    let corner = |r: usize, c: usize| [at[0] + c as f64 * cell, at[1] + r as f64 * cell];
    let texts = CellTexts::new(example, cell, spec.padding != [0, 0]);
    let mut items = Vec::new();
    if lattice_only || padded[0] * padded[1] > MAX_CELLS {
        items.extend(padding_bands(at, cell, spec));
        items.extend(lattice(at, cell, padded));
    } else {
        for r in 0..padded[0] {
            for c in 0..padded[1] {
                if tapped[r * padded[1] + c].is_some() {
                    continue;
                }
                let inside = (pr..pr + rows).contains(&r) && (pc..pc + cols).contains(&c);
                let (tone, (symbol, value)) = if inside {
                    let text = if label_pixels {
                        texts.pixel([r - pr, c - pc])
                    } else {
                        (None, None)
                    };
                    (Tone::Pixel, text)
                } else {
                    let zero = (label_pixels && cell >= ONE_LINE).then(|| "0".to_string());
                    (Tone::Padding, (None, zero))
                };
                items.push(Item::Cell {
                    at: corner(r, c),
                    size: cell,
                    tone,
                    symbol,
                    value,
                });
            }
        }
    }
    let filter_cols = spec.filter.ncols();
    for (i, slot) in tapped.iter().enumerate() {
        let Some(term) = slot else { continue };
        let tone = match term.source {
            Source::Pixel(_) => grid::weight_tone(filter_cols, term.weight),
            Source::Padding(_) => Tone::Padding,
        };
        let (symbol, value) = texts.tap(term);
        items.push(Item::Cell {
            at: corner(i / padded[1], i % padded[1]),
            size: cell,
            tone,
            symbol,
            value,
        });
    }
    if !terms.is_empty() {
        let [lo, hi] = window_box(spec, terms);
        items.push(Item::Frame {
            at: corner(lo[0], lo[1]),
            size: [(hi[1] - lo[1]) as f64 * cell, (hi[0] - lo[0]) as f64 * cell],
            tone: Tone::Ink,
        });
    }
    items
}

/// `α·A + β·B + γ·D + δ·E + b`: an output's sum, in symbols.
pub(super) fn sum_in_symbols(example: &Example, terms: &[Term]) -> String {
    let labels = &example.labels;
    let mut parts: Vec<String> = terms
        .iter()
        .map(|t| {
            let input = match t.source {
                Source::Pixel(p) => labels.image[p].text.as_str(),
                Source::Padding(_) => "0",
            };
            format!("{}·{}", labels.filter[t.weight].text, input)
        })
        .collect();
    parts.push(labels.bias.text.clone());
    parts.join(" + ")
}

/// "P = α·A + β·B + γ·D + δ·E + b = 5", or, for a large filter, "P = the
/// sum of 25 products + b = 5".
pub(super) fn output_equation(example: &Example, conv: &Convolution, out: Pair) -> String {
    let terms = conv.terms(out);
    let sum = if terms.len() <= 9 {
        sum_in_symbols(example, terms)
    } else {
        format!(
            "the sum of {} products + {}",
            terms.len(),
            example.labels.bias.text
        )
    };
    format!(
        "{} = {} = {}",
        example.labels.output[out].text,
        sum,
        number::display(conv.output()[out])
    )
}

/// Sizes and counts of the panel layout.
struct Layout {
    cell: f64,
    result: f64,
    arrow: f64,
    cols: usize,
    shown: usize,
    lattice: bool,
}

impl Layout {
    fn panel_w(&self, padded_cols: usize) -> f64 {
        padded_cols as f64 * self.cell + self.arrow + self.result
    }
}

/// Result cell side for pixel cells of side `cell`: large enough for a
/// symbol above a value.
fn result_side(cell: f64) -> f64 {
    cell.max(40.0)
}

/// Largest pixel cell (whole pixels, at most [`MAX_CELL`]) for which `cols`
/// panels fit the width.
fn fit_cell(cols: usize, padded_cols: usize, arrow: f64) -> f64 {
    let avail = (WIDTH - 2.0 * grid::MARGIN - (cols as f64 - 1.0) * GAP_X) / cols as f64;
    let n = padded_cols as f64;
    let small = (avail - arrow - 40.0) / n;
    let cell = if small > 40.0 {
        (avail - arrow) / (n + 1.0)
    } else {
        small
    };
    if cell >= 2.0 {
        cell.min(MAX_CELL).floor()
    } else {
        cell.max(0.5)
    }
}

fn layout(example: &Example, conv: &Convolution) -> Layout {
    let padded = example.spec.padded_shape();
    let out = conv.output_shape();
    let total = out[0] * out[1];
    let arrow = (text_width(&format!("+ {}", example.labels.bias.text), 13.0) + 16.0).max(36.0);
    let want = out[1].min(total.min(MAX_PANELS)).max(1);
    // No panel taller than MAX_PANEL_GRID, however few rows the output has.
    let cap = (MAX_PANEL_GRID / padded[0] as f64).floor().max(1.0);
    let fit = |cols: usize| fit_cell(cols, padded[1], arrow).min(cap);
    // As many columns as the output has (so the panels mirror its shape),
    // or fewer, but with cells large enough for a line of text.
    let (cols, cell) = (1..=want)
        .rev()
        .map(|cols| (cols, fit(cols)))
        .find(|&(_, cell)| cell >= ONE_LINE)
        .unwrap_or_else(|| (1, fit(1)));
    let result = result_side(cell);
    let panel_h = (padded[0] as f64 * cell).max(result);
    let rows_fit = (((MAX_HEIGHT + GAP_Y) / (panel_h + GAP_Y)).floor() as usize).max(1);
    let mut shown = if total > MAX_PANELS {
        (2 * cols).min(total)
    } else {
        total
    };
    shown = shown.min(cols * rows_fit);
    Layout {
        cell,
        result,
        arrow,
        cols,
        shown,
        lattice: cell < ONE_LINE || padded[0] * padded[1] > MAX_DETAILED,
    }
}

/// One panel per output: the padded image with that output's window, an
/// arrow, and the result.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let spec = &example.spec;
    let labels = &example.labels;
    let padded = spec.padded_shape();
    let out_shape = conv.output_shape();
    let total = out_shape[0] * out_shape[1];
    let lay = layout(example, conv);
    let cell = lay.cell;
    let panel_w = lay.panel_w(padded[1]);
    let grid_h = padded[0] as f64 * cell;
    let panel_h = grid_h.max(lay.result);
    let top = grid::MARGIN + grid::HEADING;
    let heading = "The filter on each section";
    let mut items = vec![grid::heading([grid::MARGIN, grid::MARGIN], heading)];
    let bias_note = format!("+ {}", labels.bias.text);
    let outputs: Vec<Pair> = conv.outputs().take(lay.shown).collect();
    let result_lines = output_lines(example, conv, lay.result);
    for (i, &out) in outputs.iter().enumerate() {
        let x = grid::MARGIN + (i % lay.cols) as f64 * (panel_w + GAP_X);
        let y = top + (i / lay.cols) as f64 * (panel_h + GAP_Y);
        let terms = conv.terms(out);
        items.extend(padded_image(
            example,
            spec,
            terms,
            [x, y],
            cell,
            true,
            lay.lattice,
        ));
        // The result sits level with its window, clamped to the panel.
        let [lo, hi] = window_box(spec, terms);
        let middle = y + (lo[0] + hi[0]) as f64 * cell / 2.0;
        let res_y = (middle - lay.result / 2.0)
            .min(y + panel_h - lay.result)
            .max(y);
        let line_y = res_y + lay.result / 2.0;
        let grid_right = x + padded[1] as f64 * cell;
        let res_x = grid_right + lay.arrow;
        items.push(Item::Line {
            from: [grid_right + 5.0, line_y],
            to: [res_x - 4.0, line_y],
            tone: Tone::Muted,
            width: 1.5,
            arrow: true,
            dashed: false,
        });
        items.push(Item::Text {
            at: [grid_right + lay.arrow / 2.0, line_y - 6.0],
            text: bias_note.clone(),
            style: TextStyle::Note,
            anchor: Anchor::Middle,
            tone: Tone::Muted,
        });
        let (symbol, value) = output_text(result_lines, example, conv, out);
        items.push(Item::Cell {
            at: [res_x, res_y],
            size: lay.result,
            tone: Tone::Output,
            symbol,
            value,
        });
    }
    let panel_rows = lay.shown.div_ceil(lay.cols);
    let mut bottom = top + panel_rows as f64 * (panel_h + GAP_Y) - GAP_Y;
    let mut width = lay.cols as f64 * panel_w + (lay.cols as f64 - 1.0) * GAP_X;
    width = width.max(text_width(heading, 15.0));
    if lay.shown < total {
        let text = format!(
            "The first {} of {} sections; the equations view lists every output.",
            lay.shown, total
        );
        width = width.max(text_width(&text, 13.0));
        items.push(grid::note([grid::MARGIN, bottom + 4.0], text));
        bottom += 4.0 + grid::NOTE;
    }
    let first = out_shape.map(|_| 0);
    let desc_panels: Vec<String> = outputs
        .iter()
        .map(|&out| {
            let covered = covered_inputs(example, conv.terms(out));
            format!(
                "{} covers {}: {}.",
                labels.output[out].text,
                covered,
                output_equation(example, conv, out)
            )
        })
        .collect();
    let desc = format!(
        "{} panels{}, one per output in reading order. Each shows the {} image with that output's window: the covered cells in the weights' colors, labeled weight·input, and an arrow to the result. {}",
        lay.shown,
        if lay.shown < total {
            format!(" of {total}")
        } else {
            String::new()
        },
        if spec.padding == [0, 0] {
            grid::size(spec.image.dim())
        } else {
            format!("zero-padded {}", grid::size((padded[0], padded[1])))
        },
        desc_panels.join(" ")
    );
    Drawing {
        view: View::Sections.name(),
        summary: summary(example, conv, lay.shown, first),
        figure: Some(Figure {
            view: View::Sections.name(),
            title: format!(
                "The {} filter applied to each of the {} sections of the image",
                grid::size(spec.filter.dim()),
                total
            ),
            desc,
            size: [width + 2.0 * grid::MARGIN, bottom + grid::MARGIN],
            items,
        }),
        math: None,
    }
}

/// "A, B, D and E" (plus "and 5 padding zeros"), or "a 5×5 patch".
pub(super) fn covered_inputs(example: &Example, terms: &[Term]) -> String {
    let pixels: Vec<&str> = terms
        .iter()
        .filter_map(|t| match t.source {
            Source::Pixel(p) => Some(example.labels.image[p].text.as_str()),
            Source::Padding(_) => None,
        })
        .collect();
    let zeros = terms.len() - pixels.len();
    let mut parts: Vec<String> = if pixels.len() > 9 {
        vec![format!("{} pixels", pixels.len())]
    } else {
        pixels.iter().map(|p| p.to_string()).collect()
    };
    match zeros {
        0 => {}
        1 => parts.push("1 padding zero".to_string()),
        n => parts.push(format!("{n} padding zeros")),
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    and_list(&parts)
}

/// "A", "A and B", "A, B and C".
pub(super) fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {}", rest.join(", "), last),
    }
}

fn summary(example: &Example, conv: &Convolution, shown: usize, first: Pair) -> String {
    let spec = &example.spec;
    let total = conv.output().len();
    let mut s = format!(
        "The {} filter is laid on {} of the {} image in turn, one for each output, in reading order. In each section every weight multiplies the input under it, and the products plus the bias give that section's output: {}.",
        grid::size(spec.filter.dim()),
        if total == 1 {
            "one section".to_string()
        } else {
            format!("{total} sections")
        },
        if spec.padding == [0, 0] {
            grid::size(spec.image.dim())
        } else {
            let padded = spec.padded_shape();
            format!("zero-padded {}", grid::size((padded[0], padded[1])))
        },
        output_equation(example, conv, first)
    );
    let on_padding = conv
        .outputs()
        .filter(|&out| {
            conv.terms(out)
                .iter()
                .any(|t| matches!(t.source, Source::Padding(_)))
        })
        .count();
    if on_padding > 0 {
        s.push_str(&format!(
            " {} of the windows hang over the gray ring of zeros; those products are 0.",
            if on_padding == total {
                "All".to_string()
            } else {
                on_padding.to_string()
            }
        ));
    }
    if spec.stride != [1, 1] {
        s.push_str(&format!(
            " From one section to the next the filter moves {} across and {} down (stride).",
            words::plural(spec.stride[1], "pixel"),
            words::plural(spec.stride[0], "pixel"),
        ));
    }
    if spec.dilation != [1, 1] {
        s.push_str(&format!(
            " The filter is dilated: its {} taps are spread out, so only the tapped pixels inside each frame are colored.",
            spec.filter.len()
        ));
    }
    if shown < total {
        s.push_str(&format!(
            " Only the first {shown} of the {total} sections are drawn ({} left out); the equations view lists every output, and the familiar view shows the whole layer at once.",
            total - shown
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawing(body: &str) -> Drawing {
        crate::views::testing::drawing(body, View::Sections)
    }

    fn items(d: &Drawing) -> &[Item] {
        &d.figure.as_ref().unwrap().items
    }

    fn count(d: &Drawing, pred: impl Fn(&Item) -> bool) -> usize {
        items(d).iter().filter(|i| pred(i)).count()
    }

    fn arrows(d: &Drawing) -> usize {
        count(d, |i| matches!(i, Item::Line { arrow: true, .. }))
    }

    fn results(d: &Drawing) -> Vec<String> {
        items(d)
            .iter()
            .filter_map(|i| match i {
                Item::Cell {
                    tone: Tone::Output,
                    symbol,
                    ..
                } => symbol.clone(),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn seed_has_four_panels_each_with_an_arrow() {
        let d = drawing("example = \"seed\"");
        assert_eq!(arrows(&d), 4);
        assert_eq!(count(&d, |i| matches!(i, Item::Frame { .. })), 4);
        assert_eq!(results(&d), ["P", "Q", "R", "S"]);
        // The window of P: α on A, β on B, γ on D, δ on E.
        let first_taps: Vec<String> = items(&d)
            .iter()
            .filter_map(|i| match i {
                Item::Cell {
                    tone: Tone::Weight(_),
                    symbol,
                    ..
                } => symbol.clone(),
                _ => None,
            })
            .take(4)
            .collect();
        assert_eq!(first_taps, ["α·A", "β·B", "γ·D", "δ·E"]);
        assert!(d.summary.contains("P = α·A + β·B + γ·D + δ·E + b = 5"));
        // Two panels side by side: the output's 2×2 shape.
        let xs: Vec<f64> = items(&d)
            .iter()
            .filter_map(|i| match i {
                Item::Cell {
                    tone: Tone::Output,
                    at,
                    ..
                } => Some(at[0]),
                _ => None,
            })
            .collect();
        assert_eq!(xs[0], xs[2]);
        assert!(xs[1] > xs[0]);
        assert!(d.figure.as_ref().unwrap().size[0] <= WIDTH);
    }

    #[test]
    fn seed_padded_draws_padding_as_zeros() {
        let d = drawing("example = \"seed-padded\"");
        assert_eq!(arrows(&d), 9);
        let zeros = count(
            &d,
            |i| matches!(i, Item::Cell { tone: Tone::Padding, value: Some(v), .. } if v == "0"),
        );
        assert!(zeros >= 9 * 7, "{zeros} padding zeros");
        // P's window hangs over five zeros: gray, saying weight·0.
        let on_padding = count(
            &d,
            |i| matches!(i, Item::Cell { tone: Tone::Padding, symbol: Some(s), .. } if s == "α·0"),
        );
        assert!(on_padding >= 1);
        assert!(d.summary.contains("hang over the gray ring of zeros"));
        assert!(d.figure.as_ref().unwrap().size[0] <= WIDTH);
    }

    #[test]
    fn dilation_colors_only_the_taps() {
        let d = drawing(
            "image = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]\nfilter = [[1, 2], [3, 4]]\ndilation = 2",
        );
        assert_eq!(arrows(&d), 4);
        let taps = count(&d, |i| {
            matches!(
                i,
                Item::Cell {
                    tone: Tone::Weight(_),
                    ..
                }
            )
        });
        assert_eq!(taps, 16);
        // The frame spans 3×3 cells, of which only the 4 corners are taps.
        let frame = items(&d).iter().find_map(|i| match i {
            Item::Frame { size, .. } => Some(*size),
            _ => None,
        });
        let cell = items(&d).iter().find_map(|i| match i {
            Item::Cell { size, .. } => Some(*size),
            _ => None,
        });
        assert_eq!(frame.unwrap()[0], 3.0 * cell.unwrap());
    }

    #[test]
    fn many_sections_show_the_first_few_and_say_so() {
        let image: Vec<String> = (0..12)
            .map(|r| {
                format!(
                    "[{}]",
                    (0..12)
                        .map(|c| (r + c).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        let d = drawing(&format!(
            "image = [{}]\nfilter = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]",
            image.join(", ")
        ));
        let shown = arrows(&d);
        assert!((1..=16).contains(&shown));
        assert!(
            d.summary
                .contains(&format!("first {shown} of the 100 sections"))
        );
        assert!(d.summary.contains("equations view"));
        let figure = d.figure.as_ref().unwrap();
        assert!(figure.size[0] <= WIDTH);
        assert!(figure.size[1] <= MAX_HEIGHT + 100.0);
        let svg = crate::render::svg::render(figure, "t");
        assert!(svg.len() < 60_000, "{} bytes", svg.len());
    }

    #[test]
    fn a_wide_output_wraps_and_stays_within_the_width() {
        let d =
            drawing("image = [[1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7]]\nfilter = [[1], [2]]");
        assert_eq!(arrows(&d), 7);
        assert!(d.figure.as_ref().unwrap().size[0] <= WIDTH);
    }

    #[test]
    fn text_shortens_where_cells_are_small() {
        let plan = |show, cell, symbols: &[usize], values: &[usize]| {
            let lines = Lines::plan(show, cell, symbols, values);
            (lines.symbol, lines.value)
        };
        // "α·A" above "1·2" in a large cell; the symbol alone in a small one.
        assert_eq!(plan(Show::Both, 48.0, &[3], &[3]), (Some(0), Some(0)));
        assert_eq!(plan(Show::Both, 30.0, &[3], &[3]), (Some(0), None));
        assert_eq!(plan(Show::Values, 30.0, &[3], &[3]), (None, Some(0)));
        // "w₁,₁·x₁,₂" is too long for 40 pixels; "w₁,₁" fits.
        assert_eq!(plan(Show::Symbols, 40.0, &[9, 4], &[]), (Some(1), None));
        assert_eq!(plan(Show::Both, 12.0, &[1], &[1]), (None, None));
    }

    #[test]
    fn long_labels_give_way_to_numbers_in_every_cell_alike() {
        let d = drawing(
            "example = \"seed\"\nimage-labels = [[\"top-left\", \"top\", \"top-right\"], [\"left\", \"middle\", \"right\"], [\"bottom-left\", \"bottom\", \"bottom-right\"]]",
        );
        let pixels: Vec<(Option<String>, Option<String>)> = items(&d)
            .iter()
            .filter_map(|i| match i {
                Item::Cell {
                    tone: Tone::Pixel,
                    symbol,
                    value,
                    ..
                } => Some((symbol.clone(), value.clone())),
                _ => None,
            })
            .collect();
        assert!(!pixels.is_empty());
        assert!(pixels.iter().all(|(s, v)| s.is_none() && v.is_some()));
    }
}
