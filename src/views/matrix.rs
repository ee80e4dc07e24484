//! The matrix multiplication view: the weight matrix (one row per
//! application of the filter, one column per pixel) times the image as a
//! vector, plus the bias, equals the output vector. Shared weights keep one
//! color each; untrainable zeros are gray.

use std::collections::HashMap;

use crate::engine::{Convolution, Pair, Source, limits};
use crate::figure::{Anchor, Drawing, Figure, Item, Math, MatrixProduct, TextStyle, Tone};
use crate::labels::Label;
use crate::resolve::Example;
use crate::text;
use crate::view::View;
use crate::views::{grid, terms};
use crate::words;

/// Largest matrix (rows × columns) also written as a LaTeX `bmatrix`.
pub const MAX_LATEX_ENTRIES: usize = 400;
/// Smallest cell that still gets a symbol.
const MIN_LABELED_CELL: f64 = 22.0;
/// Most matrix rows drawn (each is one reused row drawing); past that the
/// view says the matrix is too large to draw and points to the compact view.
pub const MAX_DRAWN_ROWS: usize = 4_096;
/// Widest the drawing may get.
const MAX_WIDTH: f64 = 700.0;

/// The matrix equation as a figure and, for small examples, as LaTeX.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let spec = &example.spec;
    let labels = &example.labels;
    let rows = conv.output().len();
    let cols = spec.image.len();
    let trainable = conv
        .outputs()
        .flat_map(|out| conv.terms(out))
        .filter(|t| matches!(t.source, Source::Pixel(_)))
        .count();
    if rows > MAX_DRAWN_ROWS {
        return Drawing {
            view: View::Matrix.name(),
            summary: format!(
                "The weight matrix of this example is {rows}×{cols} with {trainable} shared-weight entries: more than {MAX_DRAWN_ROWS} rows is too large to draw. The compact view shows the same structure as one formula."
            ),
            figure: None,
            math: None,
            controls: None,
            code: None,
        };
    }
    let flat_image: Vec<f64> = spec.image.iter().copied().collect();
    let flat_output: Vec<f64> = conv.output().iter().copied().collect();
    let image_labels: Vec<_> = labels.image.iter().collect();
    let output_labels: Vec<_> = labels.output.iter().collect();

    // Matrix, gap, x, gap, +b column, gap, y: about cols + 7 cells wide.
    // Too fine for text, the vectors become bars of a fixed width.
    let room = MAX_WIDTH - 2.0 * grid::MARGIN;
    // Labeled, every entry is a cell, and each vector entry too: decided
    // from the sizes, before any cell is built.
    let labeled = room / (cols as f64 + 7.0) >= MIN_LABELED_CELL
        && limits::fits_figure(rows.saturating_mul(cols + 2).saturating_add(cols));
    let (cell, bar) = if labeled {
        let cell = (room / (cols as f64 + 7.0)).min(48.0);
        (cell, cell)
    } else {
        (
            ((room - 3.0 * 10.0 - 4.0 * 18.0) / cols as f64).max(0.1),
            10.0,
        )
    };
    let gap = (cell * 0.9).max(18.0);
    let header = if labeled { 22.0 } else { 0.0 };
    let top = grid::MARGIN + grid::HEADING + header;
    let tall = rows.max(cols) as f64 * cell;
    let middle = top + tall / 2.0;
    let matrix_top = middle - rows as f64 * cell / 2.0;
    let vector_top = middle - cols as f64 * cell / 2.0;
    let x0 = grid::MARGIN;
    let matrix_w = cols as f64 * cell;
    let x_at = x0 + matrix_w + gap;
    let plus_at = x_at + bar + gap;
    let bias_at = plus_at + gap * 0.6;
    let eq_at = bias_at + bar + gap * 0.6;
    let y_at = eq_at + gap * 0.6;
    let width = y_at + bar + grid::MARGIN;

    let mut spans = false;
    let content = |label: &Label, value: f64| {
        if labeled {
            grid::content(example.show, label, value)
        } else {
            (None, None)
        }
    };
    let mut items = vec![
        grid::heading([x0, grid::MARGIN], format!("Weight matrix ({rows}×{cols})")),
        grid::heading([x_at, grid::MARGIN], "x"),
        grid::heading([bias_at, grid::MARGIN], "b"),
        grid::heading([y_at, grid::MARGIN], "y"),
    ];
    if labeled {
        // Column headers: which pixel each column multiplies.
        for (c, label) in image_labels.iter().enumerate() {
            items.push(Item::Text {
                at: [x0 + (c as f64 + 0.5) * cell, top - 6.0],
                text: label.text.clone(),
                style: TextStyle::Note,
                anchor: Anchor::Middle,
                tone: Tone::Muted,
            });
        }
    }
    // Zeros first: one cell each when they are labeled, otherwise one gray
    // background; then the weights, read from the engine's terms.
    if labeled {
        let positions = conv.weight_positions();
        for ((r, c), position) in positions.indexed_iter() {
            if position.is_none() {
                items.push(Item::Cell {
                    at: [x0 + c as f64 * cell, matrix_top + r as f64 * cell],
                    size: cell,
                    tone: Tone::Zero,
                    symbol: None,
                    value: Some("0".to_string()),
                });
            }
        }
    } else {
        items.push(Item::Panel {
            at: [x0, matrix_top],
            size: [matrix_w, rows as f64 * cell],
            tone: Tone::Zero,
        });
    }
    if labeled {
        items.extend(weight_cells(
            example,
            conv,
            [x0, matrix_top],
            cell,
            &content,
        ));
        let column =
            |left: f64,
             top: f64,
             n: usize,
             tone: Tone,
             each: &dyn Fn(usize) -> (Option<String>, Option<String>)| {
                (0..n)
                    .map(|i| {
                        let (symbol, value) = each(i);
                        Item::Cell {
                            at: [left, top + i as f64 * cell],
                            size: cell,
                            tone,
                            symbol,
                            value,
                        }
                    })
                    .collect::<Vec<_>>()
            };
        items.extend(column(x_at, vector_top, cols, Tone::Pixel, &|i| {
            content(image_labels[i], flat_image[i])
        }));
        items.extend(column(bias_at, matrix_top, rows, Tone::Bias, &|_| {
            content(&labels.bias, spec.bias)
        }));
        items.extend(column(y_at, matrix_top, rows, Tone::Output, &|i| {
            content(output_labels[i], flat_output[i])
        }));
    } else {
        let bands = banded_rows(example, conv, [x0, matrix_top], cell);
        spans = bands.is_none();
        items.push(bands.unwrap_or_else(|| row_spans(example, conv, [x0, matrix_top], cell)));
        for (left, top, n, tone) in [
            (x_at, vector_top, cols, Tone::Pixel),
            (bias_at, matrix_top, rows, Tone::Bias),
            (y_at, matrix_top, rows, Tone::Output),
        ] {
            items.push(Item::Panel {
                at: [left, top],
                size: [bar, n as f64 * cell],
                tone,
            });
        }
    }
    for (at, text) in [(x_at - gap / 2.0, "·"), (plus_at, "+"), (eq_at, "=")] {
        items.push(Item::Text {
            at: [at, middle + 8.0],
            text: text.into(),
            style: TextStyle::Operator,
            anchor: Anchor::Middle,
            tone: Tone::Ink,
        });
    }
    let bottom = top + tall;
    items.extend(legend(example, [x0, bottom + 12.0]));
    let legend_h = 40.0;

    let total = rows * cols;
    let mut summary = format!(
        "Each row is one application of the filter; each column is one pixel. Only {trainable} of the {total} entries hold a weight, and they are the same {} weights {} again and again, shifted along each row; the other {} entries are zeros that training can never change. A convolution is a dense layer with most weights forced to zero and the rest shared.",
        spec.filter.len(),
        grid::span(&labels.filter),
        total - trainable,
    );
    if spans {
        summary.push_str(&format!(
            " The matrix is too large to draw each entry: even drawn once per pattern, its rows would take more than {} weight entries, more than a figure draws, so each row is one dark bar from its first weight to its last, over the gray of the zeros. The vectors are drawn as bars.",
            words::count(limits::MAX_DRAWN_CELLS)
        ));
    } else if !labeled {
        summary.push_str(" The matrix is too large to label each entry: the colors mark the weights and gray marks the zeros, so what you see is its band structure, one colored band per row of the filter. The vectors are drawn as bars.");
    }
    let math = (total <= MAX_LATEX_ENTRIES).then(|| Math::Matrix(product(example, conv)));
    if math.is_none() {
        summary.push_str(&format!(
            " The matrix has more than {MAX_LATEX_ENTRIES} entries, so it is not also written as an equation."
        ));
    }
    Drawing {
        view: View::Matrix.name(),
        summary,
        figure: Some(Figure {
            view: View::Matrix.name(),
            title: format!(
                "The convolution as a matrix product: a {rows}×{cols} weight matrix times {cols} pixels plus the bias"
            ),
            desc: format!(
                "{} {} of {total} entries are shared weights; the rest are untrainable zeros.",
                describe_rows(example, conv),
                trainable
            ),
            size: [width, bottom + 12.0 + legend_h + grid::MARGIN],
            items,
        }),
        math,
        controls: None,
        code: None,
    }
}

type Content<'a> = dyn Fn(&Label, f64) -> (Option<String>, Option<String>) + 'a;

/// Every weight entry as a labeled cell, read from the engine's terms.
fn weight_cells(
    example: &Example,
    conv: &Convolution,
    at: [f64; 2],
    cell: f64,
    content: &Content<'_>,
) -> Vec<Item> {
    let spec = &example.spec;
    let (n_cols, filter_cols) = (spec.image.ncols(), spec.filter.ncols());
    let mut items = Vec::new();
    for (r, out) in conv.outputs().enumerate() {
        for term in conv.terms(out) {
            if let Source::Pixel([pr, pc]) = term.source {
                let c = pr * n_cols + pc;
                let (symbol, value) = content(
                    &example.labels.filter[term.weight],
                    spec.filter[term.weight],
                );
                items.push(Item::Cell {
                    at: [at[0] + c as f64 * cell, at[1] + r as f64 * cell],
                    size: cell,
                    tone: grid::weight_tone(filter_cols, term.weight),
                    symbol,
                    value,
                });
            }
        }
    }
    items
}

/// One matrix row's weights: `(column, weight index)` relative to its
/// first column, and that column; `None` for a row of zeros only.
fn row_entries(
    example: &Example,
    conv: &Convolution,
    out: Pair,
) -> Option<(Vec<(usize, usize)>, usize)> {
    let spec = &example.spec;
    let (n_cols, filter_cols) = (spec.image.ncols(), spec.filter.ncols());
    let entries: Vec<(usize, usize)> = conv
        .terms(out)
        .iter()
        .filter_map(|t| match t.source {
            Source::Pixel([pr, pc]) => {
                Some((pr * n_cols + pc, grid::weight_index(filter_cols, t.weight)))
            }
            Source::Padding(_) => None,
        })
        .collect();
    let first = entries.iter().map(|e| e.0).min()?;
    Some((
        entries.iter().map(|&(c, w)| (c - first, w)).collect(),
        first,
    ))
}

/// The distinct row patterns of the matrix, in order of first use, with
/// the rows (and first columns) that use each; `None` once their entries
/// pass the figure budget, so a matrix of many long patterns is never
/// built into items.
fn patterns_within_budget(example: &Example, conv: &Convolution) -> Option<Patterns> {
    let mut found = Patterns::default();
    let mut lookup: HashMap<Vec<(usize, usize)>, usize> = HashMap::new();
    let mut entries = 0usize;
    for (r, out) in conv.outputs().enumerate() {
        let Some((key, first)) = row_entries(example, conv, out) else {
            continue;
        };
        let index = match lookup.get(&key) {
            Some(&index) => index,
            None => {
                entries += key.len();
                if !limits::fits_figure(entries) {
                    return None;
                }
                lookup.insert(key.clone(), found.shapes.len());
                found.shapes.push(key);
                found.uses.push(Vec::new());
                found.shapes.len() - 1
            }
        };
        found.uses[index].push((r, first));
    }
    Some(found)
}

/// Row patterns and where they are used.
#[derive(Default)]
struct Patterns {
    /// Each pattern's entries.
    shapes: Vec<Vec<(usize, usize)>>,
    /// For each pattern, its rows and their first columns.
    uses: Vec<Vec<(usize, usize)>>,
}

/// The weight entries of a matrix too fine for text. Rows that hold the
/// same weights at the same spacing (all of them, away from padding) are
/// drawn once and reused, so the SVG grows with the number of distinct rows,
/// not with the matrix's area; `None` when even those are past the figure
/// budget.
fn banded_rows(example: &Example, conv: &Convolution, at: [f64; 2], cell: f64) -> Option<Item> {
    let found = patterns_within_budget(example, conv)?;
    let patterns = found.shapes;
    let places: Vec<Vec<[f64; 2]>> = found
        .uses
        .into_iter()
        .map(|uses| {
            uses.into_iter()
                .map(|(r, first)| [at[0] + first as f64 * cell, at[1] + r as f64 * cell])
                .collect()
        })
        .collect();
    let mut reused = Vec::new();
    for (index, (pattern, places)) in patterns.into_iter().zip(places).enumerate() {
        reused.push(Item::Reuse {
            key: format!("row{index}"),
            items: pattern
                .into_iter()
                .map(|(dc, w)| Item::Panel {
                    at: [dc as f64 * cell, 0.0],
                    size: [cell, cell],
                    tone: Tone::Weight(w),
                })
                .collect(),
            places,
        });
    }
    Some(Item::Group(reused))
}

/// A matrix whose row patterns are too many to draw: each row as one dark
/// bar from its first weight to its last (at most [`MAX_DRAWN_ROWS`]).
fn row_spans(example: &Example, conv: &Convolution, at: [f64; 2], cell: f64) -> Item {
    let n_cols = example.spec.image.ncols();
    let spans = conv.outputs().enumerate().filter_map(|(r, out)| {
        let columns = conv.terms(out).iter().filter_map(|t| match t.source {
            Source::Pixel([pr, pc]) => Some(pr * n_cols + pc),
            Source::Padding(_) => None,
        });
        let (first, last) = columns.fold(None, |span, c| match span {
            None => Some((c, c)),
            Some((lo, hi)) => Some((c.min(lo), c.max(hi))),
        })?;
        Some(Item::Panel {
            at: [at[0] + first as f64 * cell, at[1] + r as f64 * cell],
            size: [(last + 1 - first) as f64 * cell, cell],
            tone: Tone::Ink,
        })
    });
    Item::Group(spans.collect())
}

/// Swatches: one per weight, and the gray zero.
fn legend(example: &Example, at: [f64; 2]) -> Vec<Item> {
    let swatch = 22.0;
    let filter_cols = example.spec.filter.ncols();
    let mut items = Vec::new();
    let mut x = at[0];
    let shown = example.spec.filter.len().min(12);
    for (index, label) in example.labels.filter.iter().take(shown).enumerate() {
        let weight = [index / filter_cols, index % filter_cols];
        items.push(Item::Cell {
            at: [x, at[1]],
            size: swatch,
            tone: grid::weight_tone(filter_cols, weight),
            symbol: Some(label.text.clone()),
            value: None,
        });
        x += swatch + 4.0;
    }
    let more = example.spec.filter.len() - shown;
    let words = if more > 0 {
        format!("… shared weights ({more} more)")
    } else {
        "shared weights".to_string()
    };
    items.push(Item::Text {
        at: [x + 4.0, at[1] + 16.0],
        text: words.clone(),
        style: TextStyle::Note,
        anchor: Anchor::Start,
        tone: Tone::Muted,
    });
    x += 12.0 + text::width(&words, text::NOTE_PX) + 16.0;
    items.push(Item::Cell {
        at: [x, at[1]],
        size: swatch,
        tone: Tone::Zero,
        symbol: None,
        value: Some("0".into()),
    });
    items.push(Item::Text {
        at: [x + swatch + 8.0, at[1] + 16.0],
        text: "untrainable zero".into(),
        style: TextStyle::Note,
        anchor: Anchor::Start,
        tone: Tone::Muted,
    });
    items
}

/// Most entries a row of the description names.
const DESCRIBED_ENTRIES: usize = 16;

/// "Row P: α at A, β at B, …" for the description, at most 16 rows of at
/// most [`DESCRIBED_ENTRIES`] entries each.
fn describe_rows(example: &Example, conv: &Convolution) -> String {
    conv.outputs()
        .take(16)
        .map(|out| {
            let pixels = conv
                .terms(out)
                .iter()
                .filter(|t| matches!(t.source, Source::Pixel(_)))
                .count();
            let mut entries: Vec<String> = conv
                .terms(out)
                .iter()
                .take_while({
                    let mut named = 0;
                    move |t| {
                        named += usize::from(matches!(t.source, Source::Pixel(_)));
                        named <= DESCRIBED_ENTRIES
                    }
                })
                .filter_map(|t| match t.source {
                    Source::Pixel(p) => Some(format!(
                        "{} at {}",
                        example.labels.filter[t.weight].text, example.labels.image[p].text
                    )),
                    Source::Padding(_) => None,
                })
                .collect();
            if pixels > entries.len() {
                entries.push(format!("and {} more", words::count(pixels - entries.len())));
            }
            format!(
                "Row {}: {}.",
                example.labels.output[out].text,
                entries.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The matrix equation as data: every entry, symbols or (with
/// `show = "values"`) numbers.
fn product(example: &Example, conv: &Convolution) -> MatrixProduct {
    let spec = &example.spec;
    let labels = &example.labels;
    let quantities = |labels: &ndarray::Array2<Label>, values: &ndarray::Array2<f64>| {
        labels
            .iter()
            .zip(values.iter())
            .map(|(l, v)| terms::quantity(l, *v))
            .collect()
    };
    MatrixProduct {
        rows: conv
            .weight_positions()
            .rows()
            .into_iter()
            .map(|row| {
                row.iter()
                    .map(|p| p.map(|w| terms::weight(example, w)))
                    .collect()
            })
            .collect(),
        inputs: quantities(&labels.image, &spec.image),
        outputs: quantities(&labels.output, conv.output()),
        bias: terms::quantity(&labels.bias, spec.bias),
        symbols: example.show.symbols(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::{digits, drawing};

    fn count(d: &Drawing, pred: impl Fn(&Item) -> bool) -> usize {
        fn walk(items: &[Item], pred: &dyn Fn(&Item) -> bool) -> usize {
            items
                .iter()
                .map(|i| match i {
                    Item::Group(inner) | Item::Reuse { items: inner, .. } => walk(inner, pred),
                    i => usize::from(pred(i)),
                })
                .sum()
        }
        walk(&d.figure.as_ref().unwrap().items, &pred)
    }

    #[test]
    fn labels_are_bounded_by_entries_not_only_by_columns() {
        // Found by fuzzing: 3,570 rows of 21 columns, narrow enough to
        // label, but 75,000 cells.
        let body = format!(
            "image = {}\nfilter = {}\npadding = 64\nstride = [1, 5]\ndilation = [5, 1]",
            digits(1, 21),
            digits(3, 3)
        );
        let d = drawing(&body, View::Matrix);
        assert_eq!(
            count(&d, |i| matches!(
                i,
                Item::Cell { value: Some(_), .. }
                    | Item::Cell {
                        symbol: Some(_),
                        ..
                    }
            )),
            1 + 9
        );
        assert!(
            d.summary.contains("too large to label each entry"),
            "{}",
            d.summary
        );
        // The seed's 4×9 matrix is labeled entry by entry.
        let seed = drawing("example = \"seed\"", View::Matrix);
        assert!(count(&seed, |i| matches!(i, Item::Cell { value: Some(_), .. })) >= 36);
    }

    #[test]
    fn rows_too_long_to_reuse_become_spans() {
        // One row of 5,000 weights: past the budget even drawn once.
        let body = format!("image = {}\nfilter = {}", digits(50, 100), digits(50, 100));
        let d = drawing(&body, View::Matrix);
        let panels = count(&d, |i| {
            matches!(
                i,
                Item::Panel {
                    tone: Tone::Weight(_),
                    ..
                }
            )
        });
        assert_eq!(panels, 0);
        let bars = count(&d, |i| {
            matches!(
                i,
                Item::Panel {
                    tone: Tone::Ink,
                    ..
                }
            )
        });
        assert_eq!(bars, 1);
        assert!(
            d.summary.contains("each row is one dark bar"),
            "{}",
            d.summary
        );
        // Rows of 4,096 weights at most are still drawn weight by weight.
        let body = format!("image = {}\nfilter = {}", digits(64, 70), digits(64, 64));
        let d = drawing(&body, View::Matrix);
        assert!(!d.summary.contains("dark bar"), "{}", d.summary);
        assert_eq!(
            count(&d, |i| matches!(
                i,
                Item::Panel {
                    tone: Tone::Weight(_),
                    ..
                }
            )),
            4096
        );
    }
}
