//! Shared layout for views that draw grids of cells.

use ndarray::{Array2, ArrayView2};

use crate::figure::{Anchor, Item, Palette, TextStyle, Tone};
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

/// One cell at `at` showing `label` and `value` as `show` asks: the bias,
/// an output or a weight drawn on its own, outside a grid.
pub fn labeled_cell(
    at: [f64; 2],
    size: f64,
    tone: Tone,
    (show, label, value): (Show, &Label, f64),
) -> Item {
    let (symbol, value) = content(show, label, value);
    Item::Cell {
        at,
        size,
        tone,
        symbol,
        value,
    }
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
    (heatmap(at, cell, tone, values, MAX_HEATMAP_SIDE), false)
}

/// `values` as a heat map of cells of side `cell` on a `background`
/// panel, outlined: what a grid too large to write becomes. Past
/// `max_side` squares a side each square averages a block, so the items
/// stay few however large the grid; [`heatmap_note`] says so.
pub fn heatmap(
    at: [f64; 2],
    cell: f64,
    background: Tone,
    values: &Array2<f64>,
    max_side: usize,
) -> Vec<Item> {
    let shape = values.dim();
    let size = [shape.1 as f64 * cell, shape.0 as f64 * cell];
    let block = shape.0.max(shape.1).div_ceil(max_side.max(1));
    let means = block_means(values, block);
    vec![
        Item::Panel {
            at,
            size,
            tone: background,
        },
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
    ]
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

/// The sentence that says a grid is shown as a heat map of at most
/// `max_side` squares a side.
pub fn heatmap_note(what: &str, values: &Array2<f64>, max_side: usize) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (rows, cols) = values.dim();
    let block = rows.max(cols).div_ceil(max_side.max(1));
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

/// What the shades of a [`shaded`] grid stand for: the palette and the
/// values at its ends, written on its [`legend`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// How values become colors.
    pub palette: Palette,
    /// The value drawn black (gray) or full blue (diverging).
    pub low: f64,
    /// The value drawn white (gray) or full orange (diverging).
    pub high: f64,
}

impl Scale {
    /// Gray from 0 (black) to 1 (white), as a picture read from a file is;
    /// from the smallest to the largest value for any other numbers.
    pub fn gray<'a>(values: impl IntoIterator<Item = &'a f64>) -> Scale {
        let (min, max) = min_max(values);
        let (low, high) = if min >= 0.0 && max <= 1.0 {
            (0.0, 1.0)
        } else {
            (min, max)
        };
        Scale {
            palette: Palette::Gray,
            low,
            high,
        }
    }

    /// Blue through neutral to orange over a range symmetric around 0, so
    /// 0 is always neutral and equal sizes look equally strong.
    pub fn diverging<'a>(values: impl IntoIterator<Item = &'a f64>) -> Scale {
        let (min, max) = min_max(values);
        let reach = min.abs().max(max.abs());
        let reach = if reach > 0.0 && reach.is_finite() {
            reach
        } else {
            1.0
        };
        Scale {
            palette: Palette::Diverging,
            low: -reach,
            high: reach,
        }
    }

    /// `value` as the palette's shade: 0 to 1 (gray) or −1 to 1.
    pub fn shade(&self, value: f64) -> f64 {
        match self.palette {
            Palette::Gray if self.high > self.low => {
                ((value - self.low) / (self.high - self.low)).clamp(0.0, 1.0)
            }
            Palette::Gray => 0.5,
            Palette::Diverging => (value / self.high).clamp(-1.0, 1.0),
        }
    }
}

fn min_max<'a>(values: impl IntoIterator<Item = &'a f64>) -> (f64, f64) {
    values
        .into_iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

/// A grid shaded by `scale`, one square per value, its top-left corner at
/// `at`; on a diverging grid whose squares are large enough, each value is
/// written on its square too (a gray picture stays a picture).
pub fn shaded(at: [f64; 2], cell: f64, values: ArrayView2<'_, f64>, scale: &Scale) -> Vec<Item> {
    let cols = values.ncols();
    let mut items = vec![Item::Shades {
        at,
        cell,
        cols,
        values: values.iter().map(|&v| scale.shade(v)).collect(),
        palette: scale.palette,
    }];
    let texts: Vec<String> = values.iter().map(|&v| number::display(v)).collect();
    let fits = texts
        .iter()
        .all(|t| crate::text::width(t, crate::text::NOTE_PX) <= cell - 4.0);
    if scale.palette == Palette::Diverging && cell >= MIN_TEXT_CELL && fits {
        for (i, text) in texts.into_iter().enumerate() {
            let (r, c) = (i / cols.max(1), i % cols.max(1));
            items.push(Item::Text {
                at: [
                    at[0] + (c as f64 + 0.5) * cell,
                    at[1] + (r as f64 + 0.5) * cell + crate::text::NOTE_PX * 0.35,
                ],
                text,
                style: TextStyle::Note,
                anchor: Anchor::Middle,
                tone: Tone::Ink,
            });
        }
    }
    items
}

/// Squares along a legend's bar.
const LEGEND_STEPS: usize = 21;
/// Side of a legend square.
const LEGEND_CELL: f64 = 8.0;

/// The scale of shaded grids, at `at`: `what` on the first line, then a bar
/// from the low end to the high end, with the values at both ends (and 0
/// in the middle of a diverging bar) under it. Returns the items and the
/// legend's width and height.
pub fn legend(at: [f64; 2], scale: &Scale, what: &str) -> (Vec<Item>, [f64; 2]) {
    let bar_top = at[1] + NOTE;
    let width = LEGEND_STEPS as f64 * LEGEND_CELL;
    let values: Vec<f64> = (0..LEGEND_STEPS)
        .map(|i| {
            let t = i as f64 / (LEGEND_STEPS - 1) as f64;
            match scale.palette {
                Palette::Gray => t,
                Palette::Diverging => 2.0 * t - 1.0,
            }
        })
        .collect();
    let label = |x: f64, value: f64, anchor: Anchor| Item::Text {
        at: [x, bar_top + LEGEND_CELL + 15.0],
        text: number::display(value),
        style: TextStyle::Note,
        anchor,
        tone: Tone::Muted,
    };
    let mut items = vec![
        note(at, what),
        Item::Shades {
            at: [at[0], bar_top],
            cell: LEGEND_CELL,
            cols: LEGEND_STEPS,
            values,
            palette: scale.palette,
        },
        label(at[0], scale.low, Anchor::Start),
        label(at[0] + width, scale.high, Anchor::End),
    ];
    if scale.palette == Palette::Diverging {
        items.push(label(at[0] + width / 2.0, 0.0, Anchor::Middle));
    }
    let text_width = crate::text::width(what, crate::text::NOTE_PX);
    (items, [width.max(text_width), NOTE + LEGEND_CELL + 20.0])
}
