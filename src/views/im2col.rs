//! The im2col view: the same product as the matrix view with the roles
//! swapped, as GEMM-based libraries compute it. Each output's window is
//! copied out into one row of a "patch matrix" (one column per filter
//! position, padding zeros included); that matrix times the filter as a
//! vector, plus the bias, is the output as a vector. Read from the engine's
//! terms: the rows are the terms, never a convolution recomputed here.

use crate::engine::{Convolution, Source, Term};
use crate::figure::{Anchor, Drawing, Figure, Item, TextStyle, Tone};
use crate::resolve::Example;
use crate::view::View;
use crate::views::grid;
use crate::words;

/// Most filter positions (columns) drawn: a 5×5 filter. Past that the
/// cells get too small for text, and the view points to the compact view.
pub const MAX_COLUMNS: usize = 25;
/// Most rows drawn; the rest are counted under the figure.
pub const MAX_ROWS: usize = 16;
/// Widest the drawing may get.
const MAX_WIDTH: f64 = 720.0;
/// Largest cell.
const MAX_CELL: f64 = 48.0;

/// The patch matrix times the filter vector plus the bias.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let spec = &example.spec;
    let labels = &example.labels;
    let rows = conv.output().len();
    let cols = spec.filter.len();
    let filter_cols = spec.filter.ncols();
    if cols > MAX_COLUMNS {
        return Drawing {
            view: View::Im2col.name(),
            summary: format!(
                "The patch matrix of this example is {} with one column per filter weight: past {MAX_COLUMNS} columns (a 5×5 filter) it is too wide to draw. The compact view shows the same product as one formula.",
                grid::size((rows, cols))
            ),
            figure: None,
            math: None,
            controls: None,
            code: None,
        };
    }
    let shown = rows.min(MAX_ROWS);
    let hidden = rows - shown;
    let outputs: Vec<_> = conv.outputs().take(shown).collect();

    // Patch matrix, gap, w, gap, +, b, =, y: the operators need 18px each.
    // One pixel to spare, so rounding never pushes past MAX_WIDTH.
    let room = MAX_WIDTH - 2.0 * grid::MARGIN - 1.0;
    let cell = (room / (cols as f64 + 3.0 + 3.8 * 0.9)).clamp(grid::MIN_TEXT_CELL, MAX_CELL);
    let gap = (cell * 0.9).max(18.0);
    let top = grid::MARGIN + grid::HEADING + 22.0;
    let ellipsis = if hidden > 0 { cell } else { 0.0 };
    let matrix_h = shown as f64 * cell + ellipsis;
    let tall = matrix_h.max(cols as f64 * cell);
    let middle = top + tall / 2.0;
    let matrix_top = middle - matrix_h / 2.0;
    let vector_top = middle - cols as f64 * cell / 2.0;
    let x0 = grid::MARGIN;
    let w_at = x0 + cols as f64 * cell + gap;
    let plus_at = w_at + cell + gap;
    let bias_at = plus_at + gap * 0.6;
    let eq_at = bias_at + cell + gap * 0.6;
    let y_at = eq_at + gap * 0.6;
    let width = y_at + cell + grid::MARGIN;

    let mut items = vec![
        grid::heading(
            [x0, grid::MARGIN],
            format!("Patch matrix ({})", grid::size((rows, cols))),
        ),
        grid::heading([w_at, grid::MARGIN], "w"),
        grid::heading([bias_at, grid::MARGIN], "b"),
        grid::heading([y_at, grid::MARGIN], "y"),
    ];
    // Column headers: the weight each column meets, in its color.
    for (k, label) in labels.filter.iter().enumerate() {
        items.push(Item::Text {
            at: [x0 + (k as f64 + 0.5) * cell, top - 6.0],
            text: label.text.clone(),
            style: TextStyle::Note,
            anchor: Anchor::Middle,
            tone: grid::weight_tone(filter_cols, [k / filter_cols, k % filter_cols]),
        });
    }
    // One row per output: the input under each weight of its window.
    for (r, &out) in outputs.iter().enumerate() {
        for (k, term) in conv.terms(out).iter().enumerate() {
            let (tone, symbol, value) = patch_entry(example, term);
            items.push(Item::Cell {
                at: [x0 + k as f64 * cell, matrix_top + r as f64 * cell],
                size: cell,
                tone,
                symbol,
                value,
            });
        }
    }
    // The filter as a vector, in the same (row-major) order as the columns.
    items.extend(
        labels
            .filter
            .iter()
            .zip(spec.filter.iter())
            .enumerate()
            .map(|(k, (label, &value))| {
                grid::labeled_cell(
                    [w_at, vector_top + k as f64 * cell],
                    cell,
                    grid::weight_tone(filter_cols, [k / filter_cols, k % filter_cols]),
                    (example.show, label, value),
                )
            }),
    );
    for (r, &out) in outputs.iter().enumerate() {
        let y = matrix_top + r as f64 * cell;
        items.push(grid::labeled_cell(
            [bias_at, y],
            cell,
            Tone::Bias,
            (example.show, &labels.bias, spec.bias),
        ));
        items.push(grid::labeled_cell(
            [y_at, y],
            cell,
            Tone::Output,
            (example.show, &labels.output[out], conv.output()[out]),
        ));
    }
    if hidden > 0 {
        let y = matrix_top + shown as f64 * cell + cell * 0.7;
        for x in [
            x0 + cols as f64 * cell / 2.0,
            bias_at + cell / 2.0,
            y_at + cell / 2.0,
        ] {
            items.push(Item::Text {
                at: [x, y],
                text: "⋮".into(),
                style: TextStyle::Operator,
                anchor: Anchor::Middle,
                tone: Tone::Muted,
            });
        }
    }
    for (at, text) in [(w_at - gap / 2.0, "·"), (plus_at, "+"), (eq_at, "=")] {
        items.push(Item::Text {
            at: [at, middle + 8.0],
            text: text.into(),
            style: TextStyle::Operator,
            anchor: Anchor::Middle,
            tone: Tone::Ink,
        });
    }
    let bottom = top + tall;
    let padding = padding_entries(conv);
    let legend_h = legend(padding > 0, hidden, [x0, bottom + 8.0], &mut items);

    Drawing {
        view: View::Im2col.name(),
        summary: summary(example, conv, padding, hidden),
        figure: Some(Figure {
            view: View::Im2col.name(),
            title: format!(
                "im2col: a {} matrix of image patches times the {} filter weights, plus the bias",
                grid::size((rows, cols)),
                cols
            ),
            desc: describe_rows(example, conv),
            size: [width.max(360.0), bottom + 8.0 + legend_h + grid::MARGIN],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    }
}

/// What one patch-matrix entry shows: the pixel under the weight, or a
/// padding zero.
fn patch_entry(example: &Example, term: &Term) -> (Tone, Option<String>, Option<String>) {
    match term.source {
        Source::Pixel(pixel) => {
            let (symbol, value) = grid::content(
                example.show,
                &example.labels.image[pixel],
                example.spec.image[pixel],
            );
            (Tone::Pixel, symbol, value)
        }
        Source::Padding(_) => (Tone::Padding, None, Some("0".into())),
    }
}

/// How many entries of the whole patch matrix are padding zeros.
fn padding_entries(conv: &Convolution) -> usize {
    conv.outputs()
        .flat_map(|out| conv.terms(out))
        .filter(|t| matches!(t.source, Source::Padding(_)))
        .count()
}

/// A swatch for the padding zero (when there is padding) and the count of
/// rows left out. Returns the height used.
fn legend(padding: bool, hidden: usize, at: [f64; 2], items: &mut Vec<Item>) -> f64 {
    let swatch = 22.0;
    let mut y = at[1];
    if padding {
        items.push(Item::Cell {
            at: [at[0], y],
            size: swatch,
            tone: Tone::Padding,
            symbol: None,
            value: Some("0".into()),
        });
        items.push(Item::Text {
            at: [at[0] + swatch + 6.0, y + 16.0],
            text: "padding zero: a window that hangs over the edge copies zeros".into(),
            style: TextStyle::Note,
            anchor: Anchor::Start,
            tone: Tone::Muted,
        });
        y += swatch + 4.0;
    }
    if hidden > 0 {
        items.push(grid::note(
            [at[0], y],
            format!("⋮ {} more, one per output", words::plural(hidden, "row")),
        ));
        y += grid::NOTE;
    }
    y - at[1]
}

/// The sentence under the figure, computed from the terms.
fn summary(example: &Example, conv: &Convolution, padding: usize, hidden: usize) -> String {
    let spec = &example.spec;
    let labels = &example.labels;
    let rows = conv.output().len();
    let cols = spec.filter.len();
    let mut copies = ndarray::Array2::<usize>::zeros(spec.image.dim());
    for out in conv.outputs() {
        for term in conv.terms(out) {
            if let Source::Pixel(pixel) = term.source {
                copies[pixel] += 1;
            }
        }
    }
    let mut text = format!(
        "Each row is the patch one output's window covers, written out in the filter's order; each column holds the inputs one weight meets ({}). The patch matrix times the filter as a vector, plus the bias, gives every output at once: the same products as the weight-matrix view, with the roles swapped, since the pixels fill the matrix and the weights make the vector.",
        grid::span(&labels.filter)
    );
    let (most, pixel) =
        copies
            .indexed_iter()
            .map(|(p, &n)| (n, p))
            .fold(
                (0, (0, 0)),
                |best, (n, p)| if n > best.0 { (n, p) } else { best },
            );
    let covered = copies.iter().filter(|&&n| n > 0).count();
    let pixels = if covered == spec.image.len() {
        format!("the {}", words::plural(covered, "pixel"))
    } else {
        format!(
            "{covered} of the {}",
            words::plural(spec.image.len(), "pixel")
        )
    };
    let entries = words::count(rows * cols);
    let overlap = if most > 1 {
        format!(
            "the windows overlap, so {} is written {}",
            labels.image[[pixel.0, pixel.1]].text,
            words::times(most)
        )
    } else {
        "the windows do not overlap, so no pixel is written twice".to_string()
    };
    if padding > 0 {
        text.push_str(&format!(
            " Of its {entries} entries, {} are copies of {pixels} ({overlap}) and {} are padding zeros.",
            words::count(rows * cols - padding),
            words::count(padding)
        ));
    } else {
        text.push_str(&format!(
            " Its {entries} entries are copies of {pixels}: {overlap}."
        ));
    }
    if hidden > 0 {
        text.push_str(&format!(
            " Only the first {MAX_ROWS} of the {} rows are drawn.",
            words::count(rows)
        ));
    }
    text
}

/// "Row P: A, B, D, E." for the description, at most 16 rows.
fn describe_rows(example: &Example, conv: &Convolution) -> String {
    conv.outputs()
        .take(16)
        .map(|out| {
            let entries: Vec<String> = conv
                .terms(out)
                .iter()
                .map(|t| match t.source {
                    Source::Pixel(p) => example.labels.image[p].text.clone(),
                    Source::Padding(_) => "0".to_string(),
                })
                .collect();
            format!(
                "Row {}: {}.",
                example.labels.output[out].text,
                entries.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::drawing;

    fn cells(d: &Drawing, tone: Tone) -> Vec<(Option<String>, Option<String>)> {
        d.figure
            .as_ref()
            .unwrap()
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Cell {
                    tone: t,
                    symbol,
                    value,
                    ..
                } if *t == tone => Some((symbol.clone(), value.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn seed_rows_are_the_windows_and_the_output_matches() {
        let d = drawing("example = \"seed\"\nshow = \"symbols\"", View::Im2col);
        let pixels: Vec<String> = cells(&d, Tone::Pixel)
            .into_iter()
            .filter_map(|(s, _)| s)
            .collect();
        assert_eq!(pixels.join(""), "ABDEBCEFDEGHEFHI", "rows P, Q, R, S");
        let outputs: Vec<String> = cells(&d, Tone::Output)
            .into_iter()
            .filter_map(|(s, _)| s)
            .collect();
        assert_eq!(outputs, ["P", "Q", "R", "S"]);
        assert!(d.summary.contains("E is written 4 times"), "{}", d.summary);
        assert!(!d.summary.contains("padding"));
    }

    #[test]
    fn values_come_from_the_engine() {
        let (example, conv) = crate::views::testing::example("example = \"seed\"");
        let d = draw(&example, &conv);
        let outputs: Vec<String> = cells(&d, Tone::Output)
            .into_iter()
            .filter_map(|(_, v)| v)
            .collect();
        let expected: Vec<String> = conv
            .output()
            .iter()
            .map(|&y| crate::render::number::display(y))
            .collect();
        assert_eq!(outputs, expected);
        // The filter vector holds the weights in row-major order.
        let weights: Vec<String> = d
            .figure
            .as_ref()
            .unwrap()
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Cell {
                    tone: Tone::Weight(_),
                    symbol: Some(s),
                    ..
                } => Some(s.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(weights, ["α", "β", "γ", "δ"]);
    }

    #[test]
    fn padding_zeros_are_entries_too() {
        let d = drawing("example = \"seed-padded\"", View::Im2col);
        // Nine rows of nine: 81 entries, 49 pixels and 32 padding zeros,
        // plus the legend's padding swatch.
        assert_eq!(cells(&d, Tone::Padding).len(), 32 + 1);
        assert_eq!(cells(&d, Tone::Pixel).len(), 49);
        assert!(
            d.summary
                .contains("Of its 81 entries, 49 are copies of the 9 pixels (the windows overlap, so E is written 9 times) and 32 are padding zeros."),
            "{}",
            d.summary
        );
    }

    #[test]
    fn large_examples_are_cut_or_refused() {
        let big =
            crate::views::testing::example(&format!("{}\nview = \"im2col\"", big_body(12, 3)));
        let d = draw(&big.0, &big.1);
        assert_eq!(cells(&d, Tone::Output).len(), MAX_ROWS);
        assert!(
            d.summary
                .contains("Only the first 16 of the 100 rows are drawn.")
        );
        assert!(d.figure.as_ref().unwrap().size[0] <= MAX_WIDTH);
        let five = crate::views::testing::example(&big_body(8, 5));
        let d = draw(&five.0, &five.1);
        assert!(d.figure.as_ref().unwrap().size[0] <= MAX_WIDTH);
        let wide = crate::views::testing::example(&big_body(8, 6));
        let d = draw(&wide.0, &wide.1);
        assert!(d.figure.is_none());
        assert!(d.summary.contains("compact view"));
    }

    fn big_body(n: usize, k: usize) -> String {
        let row = |w: usize| format!("[{}]", vec!["1"; w].join(", "));
        format!(
            "image = [{}]\nfilter = [{}]",
            vec![row(n); n].join(", "),
            vec![row(k); k].join(", ")
        )
    }
}
