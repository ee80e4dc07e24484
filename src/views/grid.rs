//! Shared layout for views that draw grids of cells.

use ndarray::Array2;

use crate::figure::{Anchor, Item, TextStyle, Tone};
use crate::labels::Label;
use crate::render::number;
use crate::view::Show;

/// Outer margin of every figure.
pub const MARGIN: f64 = 12.0;
/// Height of a heading line above a grid.
pub const HEADING: f64 = 26.0;
/// Height of a note line under a grid.
pub const NOTE: f64 = 24.0;
/// Widest a grid may get before its cells shrink.
const MAX_GRID: f64 = 640.0;
/// Largest and smallest cell side.
const MAX_CELL: f64 = 64.0;
const MIN_CELL: f64 = 6.0;
/// Below this cell side a grid gets no text: it becomes a heat map.
pub const MIN_TEXT_CELL: f64 = 22.0;

/// Cell side for a grid of `shape`, so large grids still fit the page.
pub fn cell_size(shape: (usize, usize)) -> f64 {
    (MAX_GRID / shape.0.max(shape.1) as f64).clamp(MIN_CELL, MAX_CELL)
}

/// What a cell shows under `show`.
pub fn content(show: Show, label: &Label, value: f64) -> (Option<String>, Option<String>) {
    (
        show.symbols().then(|| label.text.clone()),
        show.values().then(|| number::display(value)),
    )
}

/// A grid of cells with its top-left corner at `at`.
pub fn cells(
    at: [f64; 2],
    cell: f64,
    shape: (usize, usize),
    mut each: impl FnMut(usize, usize) -> (Tone, Option<String>, Option<String>),
) -> Vec<Item> {
    let mut items = Vec::with_capacity(shape.0 * shape.1);
    for r in 0..shape.0 {
        for c in 0..shape.1 {
            let (tone, symbol, value) = each(r, c);
            items.push(Item::Cell {
                at: [at[0] + c as f64 * cell, at[1] + r as f64 * cell],
                size: cell,
                tone,
                symbol,
                value,
            });
        }
    }
    items
}

/// A bold heading whose baseline sits just above a grid at `at`.
pub fn heading(at: [f64; 2], text: impl Into<String>) -> Item {
    Item::Text {
        at: [at[0], at[1] + 18.0],
        text: text.into(),
        style: TextStyle::Heading,
        anchor: Anchor::Start,
        tone: Tone::Ink,
    }
}

/// A small note, e.g. a size, on the line at `at`.
pub fn note(at: [f64; 2], text: impl Into<String>) -> Item {
    Item::Text {
        at: [at[0], at[1] + 17.0],
        text: text.into(),
        style: TextStyle::Note,
        anchor: Anchor::Start,
        tone: Tone::Muted,
    }
}

/// `rows×cols`, with a true multiplication sign.
pub fn size(shape: (usize, usize)) -> String {
    format!("{}×{}", shape.0, shape.1)
}

/// [`size`] of a shape given as `[rows, cols]`, as the engine gives
/// shapes.
pub fn size_of([rows, cols]: [usize; 2]) -> String {
    size((rows, cols))
}

/// "A to I" (or just "A" for a single entry).
pub fn span(labels: &Array2<Label>) -> String {
    let first = labels.iter().next().map_or("", |l| l.text.as_str());
    let last = labels.iter().last().map_or("", |l| l.text.as_str());
    if labels.len() == 1 {
        first.to_string()
    } else {
        format!("{first} to {last}")
    }
}

/// Most entries a figure's description spells out.
const MAX_DESCRIBED: usize = 64;

/// "A = 2, B = 0 …" row by row, for a figure's description; past
/// [`MAX_DESCRIBED`] entries it gives the size and the range instead.
pub fn describe(labels: &Array2<Label>, values: &Array2<f64>) -> String {
    if values.len() > MAX_DESCRIBED {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        return format!(
            "{} entries, {} to {}, with values from {} to {}.",
            values.len(),
            labels.iter().next().map_or("", |l| l.text.as_str()),
            labels.iter().last().map_or("", |l| l.text.as_str()),
            number::display(min),
            number::display(max)
        );
    }
    labels
        .rows()
        .into_iter()
        .zip(values.rows())
        .enumerate()
        .map(|(r, (labels, values))| {
            let entries: Vec<String> = labels
                .iter()
                .zip(values.iter())
                .map(|(l, v)| format!("{} = {}", l.text, number::display(*v)))
                .collect();
            format!("Row {}: {}.", r + 1, entries.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The row-major index of filter position `[u, v]`: what picks a shared
/// weight's color, in SVG and in LaTeX alike.
pub fn weight_index(filter_cols: usize, [u, v]: [usize; 2]) -> usize {
    u * filter_cols + v
}

/// The shared-weight tone of filter position `[u, v]`, so a weight has the
/// same color in every view.
pub fn weight_tone(filter_cols: usize, weight: [usize; 2]) -> Tone {
    Tone::Weight(weight_index(filter_cols, weight))
}

/// Shades from 0.06 (smallest value) to 0.94 (largest), row-major: how a
/// grid too fine for numbers still shows them.
pub fn shades(values: &Array2<f64>) -> Vec<f64> {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|&v| {
            if max > min {
                0.06 + 0.88 * (v - min) / (max - min)
            } else {
                0.5
            }
        })
        .collect()
}

/// A labeled grid, or a heat map with an outline when cells are too small
/// for text. Returns the items and whether text was drawn.
pub fn grid_or_heatmap(
    at: [f64; 2],
    cell: f64,
    tone: Tone,
    show: Show,
    labels: &Array2<Label>,
    values: &Array2<f64>,
) -> (Vec<Item>, bool) {
    let shape = values.dim();
    if cell >= MIN_TEXT_CELL {
        let items = cells(at, cell, shape, |r, c| {
            let (symbol, value) = content(show, &labels[[r, c]], values[[r, c]]);
            (tone, symbol, value)
        });
        return (items, true);
    }
    let size = [shape.1 as f64 * cell, shape.0 as f64 * cell];
    // Past MAX_HEATMAP_SIDE squares a side, each square averages a block of
    // entries, so the SVG stays small however large the grid.
    let block = shape.0.max(shape.1).div_ceil(MAX_HEATMAP_SIDE);
    let means = block_means(values, block);
    let items = vec![
        Item::Panel { at, size, tone },
        Item::Heatmap {
            at,
            cell: cell * block as f64,
            cols: means.ncols(),
            shades: shades(&means),
        },
        Item::Frame {
            at,
            size,
            tone: Tone::Ink,
        },
    ];
    (items, false)
}

/// Most heat-map squares along a side.
pub const MAX_HEATMAP_SIDE: usize = 64;

/// Means of `block`×`block` tiles (partial tiles at the edges average what
/// they hold).
pub fn block_means(values: &Array2<f64>, block: usize) -> Array2<f64> {
    if block <= 1 {
        return values.clone();
    }
    let (rows, cols) = values.dim();
    Array2::from_shape_fn((rows.div_ceil(block), cols.div_ceil(block)), |(r, c)| {
        let tile = values.slice(ndarray::s![
            r * block..((r + 1) * block).min(rows),
            c * block..((c + 1) * block).min(cols)
        ]);
        tile.sum() / tile.len() as f64
    })
}

/// The sentence that says a grid is shown as a heat map.
pub fn heatmap_note(what: &str, values: &Array2<f64>) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (rows, cols) = values.dim();
    let block = rows.max(cols).div_ceil(MAX_HEATMAP_SIDE);
    let averaged = if block > 1 {
        format!(" Each square is the mean of a {block}×{block} block of entries.")
    } else {
        String::new()
    };
    format!(
        " The {what} has too many entries to write each one, so it is drawn as a heat map: darker means larger, from {} (lightest) to {} (darkest).{averaged}",
        number::display(min),
        number::display(max)
    )
}
