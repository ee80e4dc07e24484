//! The matrix view run backwards, for the gradient view. On the left, the
//! weight matrix transposed times δ gives the image's gradient, Cᵀδ =
//! ∂L/∂X: a pixel collects weight times δ from every output that used it.
//! On the right, what each entry of the matrix would get on its own, δ of
//! its row times the pixel of its column: the entries of one color are
//! copies of one shared weight, so that weight's gradient is their sum, and
//! every copy takes the same step.

use crate::engine::Pair;
use crate::figure::{Anchor, Item, TextStyle, Tone};
use crate::render::number;
use crate::text::{self, HEADING_PX, NOTE_PX};
use crate::view::Show;
use crate::views::backprop::{Backprop, Part, grad_name, wrap};
use crate::views::cell_text::{Lines, TWO_LINES, longest};
use crate::views::grid;
use crate::views::panels::{NOTE_LINE, WIDTH};

/// Largest and smallest cell; below the smallest the part is left out.
const MAX_CELL: f64 = 40.0;
pub(super) const MIN_CELL: f64 = 22.0;
/// Tallest the transposed matrix may get.
const MAX_HEIGHT: f64 = 400.0;
/// Room for an operator between two blocks.
const GAP: f64 = 26.0;
/// Space between the two halves when they sit side by side.
const SPLIT: f64 = 36.0;
/// Room for the column headers above a matrix.
const HEADER: f64 = 20.0;

/// Cell side for `pixels` and `outputs`, or `None` when it would be too
/// small for text.
pub(super) fn cell_size(pixels: usize, outputs: usize) -> Option<f64> {
    let room = WIDTH - 2.0 * grid::MARGIN;
    let cell = MAX_CELL
        .min(MAX_HEIGHT / pixels as f64)
        .min((room - 2.0 * GAP) / (outputs as f64 + 2.0))
        .min(room / pixels as f64)
        .floor();
    (cell >= MIN_CELL).then_some(cell)
}

/// Both halves from `top` down, side by side where they fit; `None` when
/// the matrix is too large for its numbers to be written in it.
pub(super) fn draw(bp: &Backprop, top: f64) -> Option<Part> {
    let pixels = bp.conv.spec().image.len();
    let outputs = bp.conv.output().len();
    let cell = cell_size(pixels, outputs)?;
    // δ and ∂L/∂X must be readable, or the product says nothing.
    let widest = bp
        .delta
        .iter()
        .chain(bp.image.iter())
        .map(|&v| number::display(v).chars().count())
        .max()
        .unwrap_or(1);
    if !text::legible(widest, text::SYMBOL_PX, cell) {
        return None;
    }
    let left_w = outputs as f64 * cell + 2.0 * GAP + 2.0 * cell;
    let right_w = pixels as f64 * cell;
    let room = WIDTH - 2.0 * grid::MARGIN;
    let (right_at, right_top) = if left_w + SPLIT + right_w <= room {
        (grid::MARGIN + left_w + SPLIT, top)
    } else {
        let left_h = grid::HEADING + HEADER + pixels as f64 * cell;
        (grid::MARGIN, top + left_h + 20.0)
    };
    let mut left = transposed(bp, grid::MARGIN, top, cell);
    let right = copies(bp, right_at, right_top, cell);
    left.items.extend(right.items);
    Some(Part {
        items: left.items,
        right: left.right.max(right.right),
        bottom: left.bottom.max(right.bottom),
    })
}

/// Symbol and value of each `[symbol, value]` as cells of side `cell` show
/// them, planned once for all of them.
fn planned(show: Show, cell: f64, texts: &[[String; 2]]) -> Vec<(Option<String>, Option<String>)> {
    let lines = Lines::plan(
        show,
        cell,
        &[longest(texts.iter().map(|t| t[0].as_str()))],
        &[longest(texts.iter().map(|t| t[1].as_str()))],
    );
    texts
        .iter()
        .map(|[s, v]| lines.pick(std::slice::from_ref(s), std::slice::from_ref(v)))
        .collect()
}

/// A column of cells at `x` from `y` down.
fn column(
    x: f64,
    y: f64,
    cell: f64,
    tone: Tone,
    texts: &[(Option<String>, Option<String>)],
) -> Vec<Item> {
    texts
        .iter()
        .enumerate()
        .map(|(i, (symbol, value))| Item::Cell {
            at: [x, y + i as f64 * cell],
            size: cell,
            tone,
            symbol: symbol.clone(),
            value: value.clone(),
        })
        .collect()
}

/// A muted header centered over a cell.
fn header(x: f64, y: f64, text: String) -> Item {
    Item::Text {
        at: [x, y],
        text,
        style: TextStyle::Note,
        anchor: Anchor::Middle,
        tone: Tone::Muted,
    }
}

/// An operator between blocks.
fn operator(x: f64, y: f64, text: &str) -> Item {
    Item::Text {
        at: [x, y + 8.0],
        text: text.into(),
        style: TextStyle::Operator,
        anchor: Anchor::Middle,
        tone: Tone::Ink,
    }
}

/// Cᵀ · δ = ∂L/∂X at `x`, `top`.
fn transposed(bp: &Backprop, x: f64, top: f64, cell: f64) -> Part {
    let example = bp.example;
    let spec = bp.conv.spec();
    let labels = &example.labels;
    let positions = bp.conv.weight_positions();
    let (outputs, pixels) = positions.dim();
    let heading = format!("Cᵀ · δ = {}", grid_name_of_image(bp));
    let mut items = vec![grid::heading([x, top], heading.clone())];
    let grid_top = top + grid::HEADING + HEADER;
    let middle = grid_top + pixels as f64 * cell / 2.0;
    let out_labels: Vec<Pair> = bp.conv.outputs().collect();
    for (o, &out) in out_labels.iter().enumerate() {
        items.push(header(
            x + (o as f64 + 0.5) * cell,
            grid_top - 6.0,
            labels.output[out].text.clone(),
        ));
    }
    let cols = spec.filter.ncols();
    let weights: Vec<[String; 2]> = labels
        .filter
        .iter()
        .zip(spec.filter.iter())
        .map(|(l, &w)| [l.text.clone(), number::display(w)])
        .collect();
    let weight_texts = planned(example.show, cell, &weights);
    for p in 0..pixels {
        for o in 0..outputs {
            let at = [x + o as f64 * cell, grid_top + p as f64 * cell];
            items.push(match positions[[o, p]] {
                Some(w) => {
                    let (symbol, value) = weight_texts[grid::weight_index(cols, w)].clone();
                    Item::Cell {
                        at,
                        size: cell,
                        tone: grid::weight_tone(cols, w),
                        symbol,
                        value,
                    }
                }
                None => Item::Cell {
                    at,
                    size: cell,
                    tone: Tone::Zero,
                    symbol: None,
                    value: Some("0".into()),
                },
            });
        }
    }
    let delta_x = x + outputs as f64 * cell + GAP;
    let delta_top = middle - outputs as f64 * cell / 2.0;
    items.push(operator(delta_x - GAP / 2.0, middle, "·"));
    let deltas: Vec<[String; 2]> = out_labels
        .iter()
        .map(|&o| [bp.delta_name(o), number::display(bp.delta[o])])
        .collect();
    items.extend(column(
        delta_x,
        delta_top,
        cell,
        Tone::Output,
        &planned(example.show, cell, &deltas),
    ));
    let grad_x = delta_x + cell + GAP;
    items.push(operator(grad_x - GAP / 2.0, middle, "="));
    let grads: Vec<[String; 2]> = labels
        .image
        .iter()
        .zip(bp.image.iter())
        .map(|(l, &g)| [grad_name(&l.text), number::display(g)])
        .collect();
    items.extend(column(
        grad_x,
        grid_top,
        cell,
        Tone::Pixel,
        &planned(example.show, cell, &grads),
    ));
    Part {
        items,
        right: (grad_x + cell).max(x + text::width(&heading, HEADING_PX)),
        bottom: grid_top + pixels as f64 * cell,
    }
}

/// "∂L/∂X", or "filter 1's share of ∂L/∂X" when other filters add theirs.
fn grid_name_of_image(bp: &Backprop) -> String {
    if bp.filters == 1 {
        grad_name("X")
    } else {
        format!("filter 1's share of {}", grad_name("X"))
    }
}

/// δ·x at every weighted entry of C, at `x`, `top`.
fn copies(bp: &Backprop, x: f64, top: f64, cell: f64) -> Part {
    let example = bp.example;
    let spec = bp.conv.spec();
    let labels = &example.labels;
    let positions = bp.conv.weight_positions();
    let (outputs, pixels) = positions.dim();
    let heading = "Each copy of a weight in C: δ · pixel";
    let mut items = vec![grid::heading([x, top], heading)];
    let grid_top = top + grid::HEADING + HEADER;
    for (p, label) in labels.image.iter().enumerate() {
        items.push(header(
            x + (p as f64 + 0.5) * cell,
            grid_top - 6.0,
            label.text.clone(),
        ));
    }
    let out_at: Vec<Pair> = bp.conv.outputs().collect();
    let image: Vec<f64> = spec.image.iter().copied().collect();
    let pixel_labels: Vec<&str> = labels.image.iter().map(|l| l.text.as_str()).collect();
    let symbol = |o: usize, p: usize| format!("{}·{}", bp.delta_name(out_at[o]), pixel_labels[p]);
    let value = |o: usize, p: usize| number::display(bp.delta[out_at[o]] * image[p]);
    let weighted: Vec<(usize, usize, Pair)> = positions
        .indexed_iter()
        .filter_map(|((o, p), w)| w.map(|w| (o, p, w)))
        .collect();
    let show = if cell < TWO_LINES && example.show == Show::Both {
        Show::Values
    } else {
        example.show
    };
    let texts: Vec<[String; 2]> = weighted
        .iter()
        .map(|&(o, p, _)| [symbol(o, p), value(o, p)])
        .collect();
    let texts = planned(show, cell, &texts);
    items.push(Item::Panel {
        at: [x, grid_top],
        size: [pixels as f64 * cell, outputs as f64 * cell],
        tone: Tone::Zero,
    });
    let cols = spec.filter.ncols();
    for ((o, p, w), (symbol, value)) in weighted.into_iter().zip(texts) {
        items.push(Item::Cell {
            at: [x + p as f64 * cell, grid_top + o as f64 * cell],
            size: cell,
            tone: grid::weight_tone(cols, w),
            symbol,
            value,
        });
    }
    let bottom = grid_top + outputs as f64 * cell;
    let note = "Each color adds up to one gradient (the sums above), and every copy of the weight takes that one step.";
    let words: Vec<String> = note.split(' ').map(String::from).collect();
    let room = WIDTH - grid::MARGIN - x;
    let mut right = (x + pixels as f64 * cell).max(x + text::width(heading, HEADING_PX));
    let mut y = bottom + 2.0;
    for line in wrap("", &words, " ", "", room, NOTE_PX) {
        right = right.max(x + text::width(&line, NOTE_PX));
        items.push(grid::note([x, y], line));
        y += NOTE_LINE;
    }
    Part {
        items,
        right,
        bottom: y + grid::NOTE - NOTE_LINE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    #[test]
    fn the_seeds_image_gradient_is_c_transposed_delta() {
        let (example, model) = model("example = \"seed\"\ntarget = [[0, 0], [0, 0]]");
        let bp = Backprop::new("gradient", &example, &model).unwrap();
        let part = draw(&bp, 0.0).expect("the seed is small enough");
        assert!(part.right <= WIDTH - grid::MARGIN);
        let pixels: Vec<String> = part
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Cell {
                    tone: Tone::Pixel,
                    value,
                    ..
                } => value.clone(),
                _ => None,
            })
            .collect();
        let expected: Vec<String> = [5.0, 1.0, -6.0, 9.0, 17.0, -4.0, -2.0, 8.0, 0.0]
            .iter()
            .map(|&x| number::display(x))
            .collect();
        assert_eq!(pixels, expected);
        // 16 weighted entries in Cᵀ and 16 copies on the right.
        let weights = crate::views::testing::weight_cells(&part.items);
        assert_eq!(weights, 32);
    }

    #[test]
    fn a_large_matrix_is_left_out() {
        assert!(cell_size(9, 4).is_some());
        assert!(cell_size(100, 64).is_none());
    }
}
