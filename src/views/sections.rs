//! The `sections` view: how the filter is applied to each section of the
//! image. One small panel per output, in reading order: the (padded) image
//! with that output's window in the filter's colors, and an arrow to the
//! result. The panels themselves come from [`panels`](super::panels); this
//! module arranges them and says what they show.

use crate::engine::{Convolution, Pair, Source, Spec, Term};
use crate::figure::{Drawing, Figure, Item};
use crate::render::number;
use crate::resolve::Example;
use crate::text::{self, HEADING_PX, NOTE_PX};
use crate::view::View;
use crate::views::cell_text::{CellTexts, Lines, ONE_LINE, output_lines, output_text};
use crate::views::grid;
use crate::views::panels::{
    MIN_CELL, PaddedImage, Place, WIDTH, Window, arrow, bias_note, bias_room, covered_inputs,
    result_cell, shade_windows, shaded_note, whole,
};
use crate::words;

/// The figure's heading.
const HEADING: &str = "The filter on each section";
/// Most panels drawn before the view shows only the first few.
const MAX_PANELS: usize = 16;
/// Largest pixel cell in a panel.
const MAX_CELL: f64 = 48.0;
/// Smallest result cell: large enough for a symbol above a value.
const MIN_RESULT: f64 = 40.0;
/// Narrowest room for the arrow to the result.
const MIN_ARROW: f64 = 36.0;
/// Tallest a panel's image may get.
const MAX_PANEL_GRID: f64 = 320.0;
/// Space between panels.
const GAP_X: f64 = 24.0;
const GAP_Y: f64 = 20.0;
/// Tallest the panels may get before the view shows only the first few.
const MAX_HEIGHT: f64 = 1100.0;
/// Most panels drawn cell by cell; more are drawn as lattices.
const MAX_DETAILED: usize = 64;
/// Most products an output's sum spells out; longer sums are counted.
const MAX_SPELLED: usize = 9;

/// `α·A + β·B + γ·D + δ·E + b`: an output's sum, in symbols.
fn sum_in_symbols(example: &Example, terms: &[Term]) -> String {
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
fn output_equation(example: &Example, conv: &Convolution, out: Pair) -> String {
    let terms = conv.terms(out);
    let sum = if terms.len() <= MAX_SPELLED {
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

/// "3×3", or "zero-padded 5×5": the image the panels draw.
fn drawn_image(spec: &Spec) -> String {
    if spec.padding == [0, 0] {
        grid::size(spec.image.dim())
    } else {
        let [rows, cols] = spec.padded_shape();
        format!("zero-padded {}", grid::size((rows, cols)))
    }
}

/// Sizes and counts of the panel layout.
struct Layout {
    /// Rows and columns of the padded image.
    padded: Pair,
    /// Side of an image cell, and of the result cell.
    cell: f64,
    result: f64,
    /// Room for the arrow between the image and the result.
    arrow: f64,
    /// Panels per row, and how many are drawn.
    cols: usize,
    shown: usize,
    /// Whether the images are drawn as lattices.
    lattice: bool,
    /// Whether each window is shaded as a whole (too many taps to draw).
    shaded: bool,
}

impl Layout {
    /// Width of one panel: image, arrow, result.
    fn panel_w(&self) -> f64 {
        let [_, cols] = self.padded;
        cols as f64 * self.cell + self.arrow + self.result
    }

    /// Height of one panel: the image, or the result if taller.
    fn panel_h(&self) -> f64 {
        let [rows, _] = self.padded;
        (rows as f64 * self.cell).max(self.result)
    }

    /// Top of the first row of panels, under the heading.
    fn top(&self) -> f64 {
        grid::MARGIN + grid::HEADING
    }

    /// Top-left corner of the `i`-th panel, in reading order.
    fn corner(&self, i: usize) -> Place {
        Place::new(
            grid::MARGIN + (i % self.cols) as f64 * (self.panel_w() + GAP_X),
            self.top() + (i / self.cols) as f64 * (self.panel_h() + GAP_Y),
        )
    }

    /// Width of the panels' rows.
    fn width(&self) -> f64 {
        self.cols as f64 * self.panel_w() + (self.cols as f64 - 1.0) * GAP_X
    }

    /// Bottom of the last row of panels.
    fn bottom(&self) -> f64 {
        let rows = self.shown.div_ceil(self.cols);
        self.top() + rows as f64 * (self.panel_h() + GAP_Y) - GAP_Y
    }
}

/// Result cell side for pixel cells of side `cell`.
fn result_side(cell: f64) -> f64 {
    cell.max(MIN_RESULT)
}

/// Largest pixel cell (whole pixels, at most [`MAX_CELL`]) for which `cols`
/// panels fit the width.
fn fit_cell(cols: usize, padded_cols: usize, arrow: f64) -> f64 {
    let avail = (WIDTH - 2.0 * grid::MARGIN - (cols as f64 - 1.0) * GAP_X) / cols as f64;
    let n = padded_cols as f64;
    let small = (avail - arrow - MIN_RESULT) / n;
    // Past MIN_RESULT the result cell grows with the image's cells.
    let cell = if small > MIN_RESULT {
        (avail - arrow) / (n + 1.0)
    } else {
        small
    };
    whole(cell.min(MAX_CELL)).max(MIN_CELL)
}

/// The panel layout: as many panels per row as the output has columns, if
/// their cells still hold a line of text, and as many rows as fit
/// [`MAX_HEIGHT`].
fn layout(example: &Example, conv: &Convolution) -> Layout {
    let padded = example.spec.padded_shape();
    let [rows, cols] = padded;
    let [_, out_cols] = conv.output_shape();
    let total = conv.output().len();
    let arrow = bias_room(example, MIN_ARROW);
    let want = out_cols.min(total.min(MAX_PANELS)).max(1);
    // No panel taller than MAX_PANEL_GRID, however few rows the output has.
    let cap = (MAX_PANEL_GRID / rows as f64).floor().max(1.0);
    let fit = |panels: usize| fit_cell(panels, cols, arrow).min(cap);
    // As many columns as the output has (so the panels mirror its shape),
    // or fewer, but with cells large enough for a line of text.
    let (panel_cols, cell) = (1..=want)
        .rev()
        .map(|panels| (panels, fit(panels)))
        .find(|&(_, cell)| cell >= ONE_LINE)
        .unwrap_or_else(|| (1, fit(1)));
    let mut lay = Layout {
        padded,
        cell,
        result: result_side(cell),
        arrow,
        cols: panel_cols,
        shown: total,
        lattice: cell < ONE_LINE || rows * cols > MAX_DETAILED,
        shaded: false,
    };
    let panel_h = lay.panel_h();
    let rows_fit = (((MAX_HEIGHT + GAP_Y) / (panel_h + GAP_Y)).floor() as usize).max(1);
    if total > MAX_PANELS {
        lay.shown = (2 * panel_cols).min(total);
    }
    lay.shown = lay.shown.min(panel_cols * rows_fit);
    lay.shaded = shade_windows(lay.shown, example.spec.filter.len());
    lay
}

/// One panel at `at`: the padded image with output `out`'s window, an
/// arrow with the bias, and the result level with the window.
fn panel(
    example: &Example,
    conv: &Convolution,
    lay: &Layout,
    at: Place,
    out: Pair,
    lines: Lines,
) -> Vec<Item> {
    let spec = &example.spec;
    let terms = conv.terms(out);
    let mut items = PaddedImage::new(example, spec, at, lay.cell)
        .lattice(lay.lattice)
        .shaded_window(lay.shaded)
        .draw(terms);
    // The result sits level with its window, clamped to the panel.
    let middle = at.y + Window::of(spec, terms).middle(lay.cell);
    let res_y = (middle - lay.result / 2.0)
        .min(at.y + lay.panel_h() - lay.result)
        .max(at.y);
    let line_y = res_y + lay.result / 2.0;
    let [_, cols] = lay.padded;
    let grid_right = at.x + cols as f64 * lay.cell;
    let res_x = grid_right + lay.arrow;
    items.push(arrow(
        Place::new(grid_right + 5.0, line_y),
        Place::new(res_x - 4.0, line_y),
    ));
    items.extend(bias_note(example, grid_right + lay.arrow / 2.0, line_y));
    let text = output_text(lines, example, conv, out);
    items.push(result_cell(Place::new(res_x, res_y), lay.result, text));
    items
}

/// The figure's description: what the panels show, then each in words.
fn describe(example: &Example, conv: &Convolution, outputs: &[Pair]) -> String {
    let total = conv.output().len();
    let panels: Vec<String> = outputs
        .iter()
        .map(|&out| {
            format!(
                "{} covers {}: {}.",
                example.labels.output[out].text,
                covered_inputs(example, conv.terms(out)),
                output_equation(example, conv, out)
            )
        })
        .collect();
    let shown = outputs.len();
    format!(
        "{} panels{}, one per output in reading order. Each shows the {} image with that output's window: the covered cells in the weights' colors, labeled weight·input, and an arrow to the result that adds the bias {} = {}. {}",
        shown,
        if shown < total {
            format!(" of {total}")
        } else {
            String::new()
        },
        drawn_image(&example.spec),
        example.labels.bias.text,
        number::display(example.spec.bias),
        panels.join(" ")
    )
}

/// One panel per output: the padded image with that output's window, an
/// arrow, and the result.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let spec = &example.spec;
    let total = conv.output().len();
    let lay = layout(example, conv);
    let mut items = vec![grid::heading([grid::MARGIN, grid::MARGIN], HEADING)];
    let outputs: Vec<Pair> = conv.outputs().take(lay.shown).collect();
    let result_lines = output_lines(example, conv, lay.result);
    for (i, &out) in outputs.iter().enumerate() {
        let at = lay.corner(i);
        items.extend(panel(example, conv, &lay, at, out, result_lines));
    }
    let mut bottom = lay.bottom();
    let mut width = lay.width().max(text::width(HEADING, HEADING_PX));
    if lay.shown < total {
        let text = format!(
            "The first {} of {} sections; the equations view lists every output.",
            lay.shown, total
        );
        width = width.max(text::width(&text, NOTE_PX));
        items.push(grid::note([grid::MARGIN, bottom + 4.0], text));
        bottom += 4.0 + grid::NOTE;
    }
    Drawing {
        view: View::Sections.name(),
        summary: summary(example, conv, &lay),
        figure: Some(Figure {
            view: View::Sections.name(),
            title: format!(
                "The {} filter applied to each of the {} sections of the image",
                grid::size(spec.filter.dim()),
                total
            ),
            desc: describe(example, conv, &outputs),
            size: [width + 2.0 * grid::MARGIN, bottom + grid::MARGIN],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    }
}

/// The view in words: how the filter visits the sections, and what padding,
/// stride, dilation and a cut-short figure change.
fn summary(example: &Example, conv: &Convolution, lay: &Layout) -> String {
    let spec = &example.spec;
    let total = conv.output().len();
    let shown = lay.shown;
    let mut s = format!(
        "The {} filter is laid on {} of the {} image in turn, one for each output, in reading order. In each section every weight multiplies the input under it, and the products plus the bias give that section's output: {}.",
        grid::size(spec.filter.dim()),
        if total == 1 {
            "one section".to_string()
        } else {
            format!("{total} sections")
        },
        drawn_image(spec),
        output_equation(example, conv, [0, 0])
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
    let [down, across] = spec.stride;
    if [down, across] != [1, 1] {
        s.push_str(&format!(
            " From one section to the next the filter moves {} across and {} down (stride).",
            words::plural(across, "pixel"),
            words::plural(down, "pixel"),
        ));
    }
    if spec.dilation != [1, 1] {
        s.push_str(&format!(
            " The filter is dilated: its {} taps are spread out, so only the tapped pixels inside each frame are colored.",
            spec.filter.len()
        ));
    }
    if CellTexts::new(example, lay.cell, spec.padding != [0, 0]).taps_in_numbers() {
        s.push_str(
            " The cells are too small for a name above a number, so the framed cells give their products in numbers (weight·input) and the other cells their names.",
        );
    }
    if lay.shaded {
        s.push_str(&shaded_note(spec));
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
    use crate::figure::{TextStyle, Tone};

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

    /// Per panel, the sum a student adds up from the figure alone (the
    /// framed cells' `w·x` in numbers and the bias under the arrow), and
    /// the result the panel shows.
    fn sums_by_hand(d: &Drawing) -> Vec<(f64, f64)> {
        let number = |t: &str| t.replace('−', "-").replace(' ', "").parse::<f64>().unwrap();
        let mut sums = Vec::new();
        let mut sum = 0.0;
        for item in items(d) {
            match item {
                Item::Cell {
                    tone: Tone::Weight(_) | Tone::Padding,
                    value: Some(v),
                    ..
                } if v.contains('·') => {
                    let (w, x) = v.split_once('·').unwrap();
                    sum += number(w) * number(x);
                }
                Item::Text { text, .. } if text.starts_with(['+', '−']) => {
                    if let Ok(bias) = text.replace('−', "-").replace(' ', "").parse::<f64>() {
                        sum += bias;
                    }
                }
                Item::Cell {
                    tone: Tone::Output,
                    value: Some(v),
                    ..
                } => {
                    sums.push((sum, number(v)));
                    sum = 0.0;
                }
                _ => {}
            }
        }
        sums
    }

    #[test]
    fn every_panel_adds_up_by_hand() {
        let dilated = "example = \"seed\"\nimage = [[1, 0, 2, 1, 0], [0, 1, 3, 1, 2], [2, 1, 0, 1, 1], [1, 3, 1, 0, 2], [0, 1, 2, 1, 1]]\nimage-labels = [[\"x₁,₁\", \"x₁,₂\", \"x₁,₃\", \"x₁,₄\", \"x₁,₅\"], [\"x₂,₁\", \"x₂,₂\", \"x₂,₃\", \"x₂,₄\", \"x₂,₅\"], [\"x₃,₁\", \"x₃,₂\", \"x₃,₃\", \"x₃,₄\", \"x₃,₅\"], [\"x₄,₁\", \"x₄,₂\", \"x₄,₃\", \"x₄,₄\", \"x₄,₅\"], [\"x₅,₁\", \"x₅,₂\", \"x₅,₃\", \"x₅,₄\", \"x₅,₅\"]]\ndilation = 2";
        for (body, panels) in [
            ("example = \"seed\"", 4),
            ("example = \"seed-padded\"", 9),
            ("example = \"seed\"\nbias = -1.5\nshow = \"values\"", 4),
            (dilated, 9),
            (
                "image = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]]\nfilter = [[1, 0.5], [-0.25, 2]]\nbias = -1\nstride = 2",
                4,
            ),
        ] {
            let d = drawing(body);
            let sums = sums_by_hand(&d);
            assert_eq!(sums.len(), panels, "{body}");
            for (by_hand, shown) in sums {
                assert!(
                    (by_hand - shown).abs() < 1e-9,
                    "{body}: {by_hand} ≠ {shown}"
                );
            }
        }
        // The dilated panels name the other pixels and say so.
        let d = drawing(dilated);
        assert!(
            count(
                &d,
                |i| matches!(i, Item::Cell { tone: Tone::Pixel, symbol: Some(s), .. } if s == "x₁,₂")
            ) > 0
        );
        assert!(
            d.summary
                .contains("framed cells give their products in numbers")
        );
    }

    #[test]
    fn the_arrow_adds_the_bias_in_symbols_and_numbers() {
        let notes = |body: &str| -> Vec<String> {
            items(&drawing(body))
                .iter()
                .filter_map(|i| match i {
                    Item::Text {
                        style: TextStyle::Note,
                        text,
                        ..
                    } => Some(text.clone()),
                    _ => None,
                })
                .take(2)
                .collect()
        };
        assert_eq!(notes("example = \"seed\""), ["+ b", "+ 1"]);
        // One line per arrow when only numbers are shown.
        assert_eq!(
            notes("example = \"seed\"\nbias = -1\nshow = \"values\""),
            ["− 1", "− 1"]
        );
        assert_eq!(notes("example = \"seed\"\nshow = \"symbols\"")[0], "+ b");
    }

    #[test]
    fn seed_padded_draws_padding_as_zeros() {
        let d = drawing("example = \"seed-padded\"\nshow = \"symbols\"");
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

    #[test]
    fn windows_past_the_budget_are_shaded_as_a_whole() {
        // 4 panels of 4,225 taps: past the figure budget.
        let body = format!(
            "image = {}\nfilter = {}",
            crate::views::testing::digits(66, 66),
            crate::views::testing::digits(65, 65)
        );
        let d = drawing(&body);
        assert_eq!(
            count(&d, |i| matches!(
                i,
                Item::Cell {
                    tone: Tone::Weight(_),
                    ..
                }
            )),
            0
        );
        assert!(
            d.summary
                .contains("A window of 4225 taps is too many cells"),
            "{}",
            d.summary
        );
        // The seed's windows are drawn cell by cell.
        let seed = drawing("example = \"seed\"");
        assert_eq!(
            count(&seed, |i| matches!(
                i,
                Item::Cell {
                    tone: Tone::Weight(_),
                    ..
                }
            )),
            16
        );
    }
}
