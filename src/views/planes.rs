//! What the `channels` and `filters` views share: one plane of a layer
//! (one filter over one channel) as a part-1 example, so the section panels
//! draw it with its marked symbols (`αᴿ·Aᴿ`), and feature maps drawn as
//! grids of symbols and numbers, or as heat maps where they are too fine.

use ndarray::{Array2, ArrayView2, Axis, s};

use crate::engine::{Convolution, Pair};
use crate::figure::{Anchor, Item, TextStyle, Tone};
use crate::labels::{self, Label, LayerLabels};
use crate::render::number;
use crate::resolve::{Example, Labels};
use crate::text::OPERATOR_PX;
use crate::view::Show;
use crate::views::cell_text::{Lines, ONE_LINE, longest};
use crate::views::grid;
use crate::views::panels::{Place, cell_by_cell, extent, rule};

/// The part-1 example of filter `k` over channel `c`, computed by the
/// engine as `plane`: its numbers, and the layer's symbols of that channel
/// and filter, with `outputs` as the output symbols. Only that plane's
/// symbols are copied, so a view of a large layer stays quick.
pub(super) fn plane_example(
    example: &Example,
    plane: &Convolution,
    [k, c]: [usize; 2],
    outputs: Array2<Label>,
) -> Example {
    let layer = &example.layer_labels;
    let filter = layer.filters.slice(s![k, c, .., ..]).to_owned();
    Example {
        spec: plane.spec().clone(),
        labels: Labels {
            image: layer.image.index_axis(Axis(0), c).to_owned(),
            filter: filter.clone(),
            output: outputs.clone(),
            bias: layer.biases[k].clone(),
        },
        layer_labels: LayerLabels {
            image: layer.image.slice(s![c..=c, .., ..]).to_owned(),
            filters: filter.insert_axis(Axis(0)).insert_axis(Axis(0)),
            biases: vec![layer.biases[k].clone()],
            outputs: outputs.insert_axis(Axis(0)),
        },
        model: example.model.clone(),
        lines: example.lines.clone(),
        views: Vec::new(),
        show: example.show,
        caption: None,
        flipped: example.flipped,
    }
}

/// The symbols of channel `c`'s partial sums for filter `k`: each output's
/// symbol with the channel's mark (`Pᴿ`: what R adds to P).
pub(super) fn partial_labels(example: &Example, k: usize, c: usize) -> Array2<Label> {
    let channels = example.layer_labels.image.dim().0;
    let mark = labels::channel_mark(c, channels);
    let name = labels::channel_name(c, channels);
    example
        .layer_labels
        .outputs
        .index_axis(Axis(0), k)
        .map(|l| Label {
            text: format!("{}{mark}", l.text),
            latex: format!("{{{}}}^{{{name}}}", l.latex),
        })
}

/// `3 + 2 − 1 + 1`: numbers added up, a negative one written as a
/// subtraction.
pub(super) fn signed_sum(values: &[f64]) -> String {
    let mut out = String::new();
    for (i, &v) in values.iter().enumerate() {
        if i == 0 {
            out.push_str(&number::display(v));
        } else if v < 0.0 {
            out.push_str(&format!(" − {}", number::display(-v)));
        } else {
            out.push_str(&format!(" + {}", number::display(v)));
        }
    }
    out
}

/// An operator (`+`) centered at `x`, its middle at `y`: between the
/// grids of a sum.
pub(super) fn operator(x: f64, y: f64, text: &str) -> Item {
    Item::Text {
        at: [x, y + OPERATOR_PX * 0.35],
        text: text.to_string(),
        style: TextStyle::Operator,
        anchor: Anchor::Middle,
        tone: Tone::Ink,
    }
}

/// The range of values a heat map's shades span; maps that are compared
/// share one, so equal shades mean equal numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Scale {
    lo: f64,
    hi: f64,
}

impl Scale {
    /// The range of `values`.
    pub(super) fn of<'a>(values: impl IntoIterator<Item = &'a f64>) -> Scale {
        values.into_iter().fold(
            Scale {
                lo: f64::INFINITY,
                hi: f64::NEG_INFINITY,
            },
            |s, &v| Scale {
                lo: s.lo.min(v),
                hi: s.hi.max(v),
            },
        )
    }

    /// The shade of `v`: 0.06 (lowest) to 0.94 (highest), as
    /// [`grid::shades`] shades one grid.
    fn shade(self, v: f64) -> f64 {
        if self.hi > self.lo {
            0.06 + 0.88 * (v - self.lo) / (self.hi - self.lo)
        } else {
            0.5
        }
    }
}

/// How the maps of one figure are drawn, planned once so that they all look
/// alike: cells with the same lines of text, or heat maps of one scale and
/// at most `max_side` squares a side.
#[derive(Debug, Clone, Copy)]
pub(super) struct Maps {
    cell: f64,
    lines: Option<Lines>,
    scale: Scale,
    max_side: usize,
}

impl Maps {
    /// Maps of `shape` with cells of side `cell`: text where a line fits and
    /// the map has at most [`MAX_CELLS`] cells, else heat maps.
    pub(super) fn plan<'a>(
        show: Show,
        cell: f64,
        shape: Pair,
        labels: impl Iterator<Item = &'a Label>,
        values: impl Iterator<Item = &'a f64> + Clone,
        max_side: usize,
    ) -> Maps {
        let text = cell >= ONE_LINE && cell_by_cell(shape);
        let lines = text.then(|| {
            let symbol = longest(labels.map(|l| l.text.as_str()));
            let value = values
                .clone()
                .map(|&v| number::display(v).chars().count())
                .max()
                .unwrap_or(0);
            Lines::plan(show, cell, &[symbol], &[value])
        });
        Maps {
            cell,
            lines,
            scale: Scale::of(values),
            max_side: max_side.max(1),
        }
    }

    /// Heat maps of `values`' range, whatever their size: e.g. an image
    /// drawn as a lattice, which shows its pixels no other way.
    pub(super) fn shaded<'a>(
        cell: f64,
        values: impl Iterator<Item = &'a f64>,
        max_side: usize,
    ) -> Maps {
        Maps {
            cell,
            lines: None,
            scale: Scale::of(values),
            max_side: max_side.max(1),
        }
    }

    /// Whether the maps are heat maps.
    pub(super) fn heat(&self) -> bool {
        self.lines.is_none()
    }

    /// How many entries a heat-map square averages along a side, for a map
    /// of `shape` (1: one square per entry).
    pub(super) fn block(&self, [rows, cols]: Pair) -> usize {
        rows.max(cols).div_ceil(self.max_side)
    }

    /// One map with its top-left corner at `at`, in `tone`.
    pub(super) fn draw(
        &self,
        at: Place,
        tone: Tone,
        labels: ArrayView2<Label>,
        values: ArrayView2<f64>,
    ) -> Vec<Item> {
        let (rows, cols) = values.dim();
        if let Some(lines) = self.lines {
            return grid::cells(at.at(), self.cell, (rows, cols), |r, c| {
                let (symbol, value) = lines.pick(
                    &[labels[[r, c]].text.clone()],
                    &[number::display(values[[r, c]])],
                );
                (tone, symbol, value)
            });
        }
        let size = extent([rows, cols], self.cell);
        let block = self.block([rows, cols]);
        let means = grid::block_means(&values.to_owned(), block);
        // A square per block, shrunk where the last block of a side is
        // partial, so the squares never spill over the map.
        let square = (size[0] / means.ncols() as f64).min(size[1] / means.nrows() as f64);
        let mut items = vec![
            Item::Panel {
                at: at.at(),
                size,
                tone,
            },
            Item::Heatmap {
                at: at.at(),
                cell: square,
                cols: means.ncols(),
                shades: means.iter().map(|&v| self.scale.shade(v)).collect(),
            },
        ];
        items.extend(outline(at, size));
        items
    }
}

/// A thin outline of a rectangle of `[width, height]` at `at`.
pub(super) fn outline(at: Place, [w, h]: [f64; 2]) -> Vec<Item> {
    let corners = [
        at,
        Place::new(at.x + w, at.y),
        Place::new(at.x + w, at.y + h),
        Place::new(at.x, at.y + h),
    ];
    (0..4)
        .map(|i| rule(corners[i], corners[(i + 1) % 4], 1.0))
        .collect()
}

/// The sentence that says the maps are heat maps: what dark means, the
/// range, and how many entries a square averages.
pub(super) fn heat_note(maps: &Maps, shape: Pair, what: &str) -> String {
    let block = maps.block(shape);
    let averaged = if block > 1 {
        format!(" Each square is the mean of a {block}×{block} block of entries.")
    } else {
        String::new()
    };
    format!(
        " The {what} have too many entries to write each one, so they are drawn as heat maps on one scale: darker means larger, from {} (lightest) to {} (darkest).{averaged}",
        number::display(maps.scale.lo),
        number::display(maps.scale.hi)
    )
}

/// Test support the `channels` and `filters` views share.
#[cfg(test)]
pub(super) mod testing {
    use crate::figure::{Drawing, Item};

    /// Every text of a drawing in order: free texts, and each cell's symbol
    /// and value.
    pub(in crate::views) fn texts(d: &Drawing) -> Vec<String> {
        let mut out = Vec::new();
        for item in &d.figure.as_ref().unwrap().items {
            match item {
                Item::Text { text, .. } => out.push(text.clone()),
                Item::Cell { symbol, value, .. } => {
                    out.extend(symbol.iter().cloned());
                    out.extend(value.iter().cloned());
                }
                _ => {}
            }
        }
        out
    }

    /// `image = …` of `channels` 64×64 channels of varied digits.
    pub(in crate::views) fn large_image(channels: usize) -> String {
        let rows: Vec<String> = (0..64)
            .map(|r| {
                let row: Vec<String> = (0..64)
                    .map(|c| ((r * 7 + c * 3) % 10).to_string())
                    .collect();
                format!("[{}]", row.join(", "))
            })
            .collect();
        let plane = format!("[{}]", rows.join(", "));
        format!("image = [{}]", vec![plane; channels].join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    #[test]
    fn a_plane_carries_its_channel_and_filter_symbols() {
        let (example, model) = model(
            "image = [[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[0, 1], [1, 0]]]\nfilters = [[[[1]], [[2]], [[3]]], [[[0]], [[1]], [[-1]]]]\nbiases = [1, 2]",
        );
        let conv = model.network().first();
        let plane = conv.plane(1, 2, 0.0);
        let partial = partial_labels(&example, 1, 2);
        let ex = plane_example(&example, &plane, [1, 2], partial);
        assert_eq!(ex.labels.image[[0, 0]].text, "Aᴮ");
        assert_eq!(ex.labels.filter[[0, 0]].text, "α₂ᴮ");
        assert_eq!(ex.labels.output[[0, 0]].text, "P₂ᴮ");
        assert_eq!(ex.labels.bias.text, "b₂");
        assert_eq!(ex.spec.image[[1, 0]], 1.0);
        assert_eq!(ex.spec.filter[[0, 0]], -1.0);
    }

    #[test]
    fn sums_write_negatives_as_subtractions() {
        assert_eq!(signed_sum(&[3.0, 2.0, -1.0, 1.0]), "3 + 2 − 1 + 1");
        assert_eq!(signed_sum(&[-0.5]), "−0.5");
    }

    #[test]
    fn fine_maps_become_heat_maps_of_at_most_max_side_squares() {
        let values = Array2::from_shape_fn((40, 40), |(r, c)| (r + c) as f64);
        let labels = labels::outputs((40, 40), 1600);
        let maps = Maps::plan(Show::Both, 3.0, [40, 40], labels.iter(), values.iter(), 16);
        assert!(maps.heat());
        let items = maps.draw(
            Place::new(0.0, 0.0),
            Tone::Output,
            labels.view(),
            values.view(),
        );
        let squares = items.iter().find_map(|i| match i {
            Item::Heatmap { shades, cols, .. } => Some((shades.len(), *cols)),
            _ => None,
        });
        assert_eq!(squares, Some((14 * 14, 14)));
        assert!(heat_note(&maps, [40, 40], "maps").contains("3×3 block"));
    }
}
