//! A convolution's weight matrix next to a dense layer's over the same
//! inputs and outputs, in the terms of the article's matrix view: the
//! convolution has a few shared weights (one color each) and untrainable
//! zeros (gray); the dense layer has neither, every entry its own weight.
//! The `layers` view draws it under a network of one convolution.

use crate::engine::Source;
use crate::engine::conv::Conv;
use crate::figure::{Anchor, Item, Tone};
use crate::labels::LayerLabels;
use crate::text;
use crate::views::{grid, stages};
use crate::words;

/// Largest matrices drawn: rows (outputs) and columns (inputs).
pub const MAX_SIZE: [usize; 2] = [12, 16];

/// What the two layers learn: the convolution's weights and biases, and
/// those of a dense layer between the same inputs and outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Inputs (pixels of every channel).
    pub inputs: usize,
    /// Outputs (of every feature map).
    pub outputs: usize,
    /// The convolution's weights and biases.
    pub conv: usize,
    /// The dense layer's: a weight per input and output, a bias per output.
    pub dense: usize,
}

/// The counts for `conv`.
pub fn counts(conv: &Conv) -> Counts {
    let inputs = conv.spec().image.len();
    let outputs = conv.output().len();
    Counts {
        inputs,
        outputs,
        conv: conv.spec().parameter_count(),
        dense: inputs * outputs + outputs,
    }
}

/// Whether the two matrices are small enough to draw.
pub fn fits(conv: &Conv) -> bool {
    let c = counts(conv);
    c.outputs <= MAX_SIZE[0] && c.inputs <= MAX_SIZE[1]
}

/// "w₂,₁₀": the dense weight from input `c` to output `r` (1-based).
fn dense_name(r: usize, c: usize) -> String {
    let sub = |n: usize| -> String {
        n.to_string()
            .chars()
            .map(|d| char::from_u32(0x2080 + d.to_digit(10).unwrap_or(0)).unwrap_or(d))
            .collect()
    };
    format!("w{},{}", sub(r + 1), sub(c + 1))
}

/// Both matrices, the convolution's above the dense layer's, with the
/// pixels above the columns and the outputs before the rows. Returns the
/// items and the size used (None when too large: see [`fits`]).
pub fn contrast(labels: &LayerLabels, conv: &Conv, at: [f64; 2]) -> Option<(Vec<Item>, [f64; 2])> {
    if !fits(conv) {
        return None;
    }
    let n = counts(conv);
    let [kh, kw] = conv.spec().kernel();
    let (channels, rows, cols) = conv.spec().image.dim();
    let per_map = conv.geometry().output[0] * conv.geometry().output[1];
    let widest = dense_name(n.outputs - 1, n.inputs - 1).chars().count();
    let cell = (widest as f64 * text::MIN_PX / text::FIT).max(34.0);
    let inputs: Vec<String> = labels.image.iter().map(|l| l.text.clone()).collect();
    let outputs: Vec<String> = labels.outputs.iter().map(|l| l.text.clone()).collect();
    let row_head = outputs
        .iter()
        .map(|o| text::width(o, text::NOTE_PX))
        .fold(0.0, f64::max)
        + 8.0;
    let left = at[0] + row_head;
    let mut items = Vec::new();
    let mut y = at[1];
    let distinct = kh * kw * channels * conv.spec().filter_count();
    let titles = [
        format!(
            "The convolution as a matrix: {} + {} = {} parameters",
            words::plural(distinct, "shared weight"),
            words::plural(conv.spec().biases.len(), "bias"),
            words::count(n.conv)
        ),
        format!(
            "A dense layer, same {} and {}: {} + {} = {} parameters",
            words::plural(n.inputs, "input"),
            words::plural(n.outputs, "output"),
            words::plural(n.inputs * n.outputs, "weight"),
            words::plural(n.outputs, "bias"),
            words::count(n.dense)
        ),
    ];
    for (part, title) in titles.iter().enumerate() {
        items.push(grid::heading([at[0], y], title.clone()));
        y += grid::HEADING;
        for (c, name) in inputs.iter().enumerate() {
            items.push(stages::small(
                [left + (c as f64 + 0.5) * cell, y + 12.0],
                name.clone(),
                Anchor::Middle,
            ));
        }
        y += 18.0;
        for (r, name) in outputs.iter().enumerate() {
            items.push(stages::small(
                [left - 6.0, y + (r as f64 + 0.5) * cell + 4.0],
                name.clone(),
                Anchor::End,
            ));
        }
        if part == 0 {
            items.extend(conv_cells(
                labels,
                conv,
                [left, y],
                cell,
                per_map,
                [channels, rows, cols],
            ));
        } else {
            items.extend(grid::cells(
                [left, y],
                cell,
                (n.outputs, n.inputs),
                |r, c| (Tone::Pixel, Some(dense_name(r, c)), None),
            ));
        }
        y += n.outputs as f64 * cell + 14.0;
    }
    let notes = [
        "colored: a shared weight, the same in every row it appears in;",
        "gray 0: fixed at zero, never learns; white: a weight of its own",
    ];
    for note in notes {
        items.push(grid::note([at[0], y - 8.0], note));
        y += 17.0;
    }
    y += grid::NOTE - 17.0 - 8.0;
    let width = titles
        .iter()
        .map(|t| text::width(t, text::HEADING_PX))
        .chain(notes.iter().map(|n| text::width(n, text::NOTE_PX)))
        .fold(row_head + n.inputs as f64 * cell, f64::max);
    Some((items, [width, y - at[1]]))
}

/// The convolution's matrix: each term's weight where it meets a pixel,
/// gray zeros elsewhere.
fn conv_cells(
    labels: &LayerLabels,
    conv: &Conv,
    at: [f64; 2],
    cell: f64,
    per_map: usize,
    [_, rows, cols]: [usize; 3],
) -> Vec<Item> {
    let n = counts(conv);
    let mut entries: Vec<Option<(Tone, String)>> = vec![None; n.outputs * n.inputs];
    let kw = conv.spec().kernel()[1];
    for k in 0..conv.spec().filter_count() {
        for (index, out) in conv.outputs().enumerate() {
            for term in conv.terms(k, out) {
                if let Source::Pixel([r, c]) = term.source {
                    let column = (term.channel * rows + r) * cols + c;
                    let [u, v] = term.weight;
                    let name = labels.filters[[k, term.channel, u, v]].text.clone();
                    entries[(k * per_map + index) * n.inputs + column] =
                        Some((grid::weight_tone(kw, term.weight), name));
                }
            }
        }
    }
    grid::cells(at, cell, (n.outputs, n.inputs), |r, c| {
        match &entries[r * n.inputs + c] {
            Some((tone, name)) => (*tone, Some(name.clone()), None),
            None => (Tone::Zero, None, Some("0".into())),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    #[test]
    fn seed_gives_five_against_forty() {
        let (example, model) = model("example = \"seed\"");
        let conv = model.network().first();
        assert_eq!(
            counts(conv),
            Counts {
                inputs: 9,
                outputs: 4,
                conv: 5,
                dense: 40
            }
        );
        let (items, _) = contrast(&example.layer_labels, conv, [0.0, 0.0]).unwrap();
        let cells = |tone: fn(&Tone) -> bool| {
            items
                .iter()
                .filter(|i| matches!(i, Item::Cell { tone: t, .. } if tone(t)))
                .count()
        };
        assert_eq!(cells(|t| matches!(t, Tone::Weight(_))), 16);
        assert_eq!(cells(|t| *t == Tone::Zero), 20);
        assert_eq!(cells(|t| *t == Tone::Pixel), 36);
        // Every dense entry is a weight of its own.
        let names: std::collections::BTreeSet<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Cell {
                    tone: Tone::Pixel,
                    symbol: Some(s),
                    ..
                } => Some(s.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(names.len(), 36);
        assert!(names.contains("w₄,₉"));
    }

    #[test]
    fn the_conv_matrix_agrees_with_the_engine() {
        let (example, model) = model("example = \"seed\"");
        let conv = model.network().first();
        let matrix = conv.weight_matrix().unwrap();
        let (items, _) = contrast(&example.layer_labels, conv, [0.0, 0.0]).unwrap();
        let conv_cells: Vec<&Item> = items
            .iter()
            .filter(|i| {
                matches!(
                    i,
                    Item::Cell {
                        tone: Tone::Weight(_) | Tone::Zero,
                        ..
                    }
                )
            })
            .collect();
        assert_eq!(conv_cells.len(), matrix.len());
        // A nonzero entry is a weight; δ is 0 in the seed, so a weight's
        // entry may be 0 too, but a gray cell's always is.
        for (cell, &m) in conv_cells.iter().zip(matrix.iter()) {
            let zero = matches!(
                cell,
                Item::Cell {
                    tone: Tone::Zero,
                    ..
                }
            );
            if m != 0.0 {
                assert!(!zero);
            }
        }
    }

    #[test]
    fn large_layers_are_not_drawn() {
        let row = format!("[{}]", ["1"; 6].join(", "));
        let body = format!("image = [{}]\nfilter = [[1]]", vec![row; 6].join(", "));
        let (example, model) = model(&body);
        assert!(contrast(&example.layer_labels, model.network().first(), [0.0, 0.0]).is_none());
    }
}
