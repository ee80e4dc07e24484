//! The network as the views beyond the first convolution see it: a list of
//! stages (the image, the block's own convolution, then every `[[layers]]`
//! entry), each with the numbers the engine computed for it, its name and
//! its parameter count. Shared by the activation, pooling, layers,
//! receptive-field and softmax views, so they name layers and draw feature
//! maps the same way.

use ndarray::{Array2, ArrayView1, ArrayView2, ArrayView3, Axis};

use crate::engine::network::Step;
use crate::engine::{Activation, LayerSpec, Model, Pooling, Shape};
use crate::error::ErrorKind;
use crate::figure::{Anchor, Item, TextStyle, Tone};
use crate::render::number;
use crate::view::View;
use crate::views::grid;
use crate::words;

/// What one stage holds: feature maps or a flat vector, borrowed from the
/// engine.
#[derive(Debug, Clone, Copy)]
pub enum Values<'a> {
    /// `[channel][row][col]`.
    Maps(ArrayView3<'a, f64>),
    /// A vector (after a dense layer).
    Flat(ArrayView1<'a, f64>),
}

impl Values<'_> {
    /// Its shape, as the engine writes shapes.
    pub fn shape(&self) -> Shape {
        match self {
            Values::Maps(a) => {
                let (c, h, w) = a.dim();
                Shape::Spatial([c, h, w])
            }
            Values::Flat(v) => Shape::Flat(v.len()),
        }
    }

    /// Every number, channel by channel, row-major.
    pub fn iter(&self) -> Box<dyn Iterator<Item = f64> + '_> {
        match self {
            Values::Maps(a) => Box::new(a.iter().copied()),
            Values::Flat(v) => Box::new(v.iter().copied()),
        }
    }
}

/// How many stages the network has: the image, the first convolution, and
/// one per `[[layers]]` entry.
pub fn count(model: &Model) -> usize {
    model.network().steps().len() + 2
}

/// The layer behind stage `stage` (≥ 2).
pub fn step(model: &Model, stage: usize) -> Option<&Step> {
    stage
        .checked_sub(2)
        .and_then(|i| model.network().steps().get(i))
}

/// The numbers of stage `stage`: the image (0), the first convolution's
/// feature maps (1), or a layer's output.
pub fn values(model: &Model, stage: usize) -> Values<'_> {
    let first = model.network().first();
    match (stage, step(model, stage)) {
        (0, _) => Values::Maps(first.spec().image.view()),
        (_, None) => Values::Maps(first.output().view()),
        (_, Some(step)) => match &step.output {
            crate::engine::Tensor::Spatial(a) => Values::Maps(a.view()),
            crate::engine::Tensor::Flat(v) => Values::Flat(v.view()),
        },
    }
}

/// The input of layer `index` (0-based among the `[[layers]]`): the output
/// of the stage before it.
pub fn input(model: &Model, index: usize) -> Values<'_> {
    values(model, index + 1)
}

/// A layer's name as a reader says it: "ReLU", "leaky ReLU (slope 0.01)".
pub fn activation_name(f: Activation) -> String {
    match f {
        Activation::Relu => "ReLU".into(),
        Activation::LeakyRelu { slope } => {
            format!("leaky ReLU (slope {})", number::display(slope))
        }
        Activation::Sigmoid => "sigmoid".into(),
        Activation::Tanh => "tanh".into(),
    }
}

/// "conv 2×2, 2 filters", "max-pool 2×2, stride 2", "dense 8 → 3": what a
/// stage does, short enough for a heading.
pub fn title(model: &Model, stage: usize) -> String {
    let first = model.network().first();
    match (stage, step(model, stage)) {
        (0, _) => "image".into(),
        (_, None) => conv_title(first.spec().kernel(), first.spec().filter_count()),
        (_, Some(step)) => match &step.spec {
            LayerSpec::Activation(f) => activation_name(*f),
            LayerSpec::Pool { kind, size, stride } => {
                let name = match kind {
                    Pooling::Max => "max-pool",
                    Pooling::Average => "avg-pool",
                };
                if stride == size {
                    format!("{name} {}", grid::size_of(*size))
                } else {
                    format!("{name} {}, stride {}", grid::size_of(*size), pair(*stride))
                }
            }
            LayerSpec::Conv { filters, .. } => {
                let (k, _, kh, kw) = filters.dim();
                conv_title([kh, kw], k)
            }
            LayerSpec::Dense { weights, .. } => {
                let (outputs, inputs) = weights.dim();
                format!("dense {} → {}", words::count(inputs), words::count(outputs))
            }
            LayerSpec::Softmax => "softmax".into(),
        },
    }
}

fn conv_title(kernel: [usize; 2], filters: usize) -> String {
    format!(
        "conv {}, {}",
        grid::size_of(kernel),
        words::plural(filters, "filter")
    )
}

/// `2` for `[2, 2]`, `2×1` otherwise: a stride or jump, short.
pub fn pair([a, b]: [usize; 2]) -> String {
    if a == b {
        a.to_string()
    } else {
        grid::size((a, b))
    }
}

/// "1 probability", "3 probabilities".
pub fn probabilities(n: usize) -> String {
    if n == 1 {
        "1 probability".into()
    } else {
        format!("{} probabilities", words::count(n))
    }
}

/// Trainable numbers of a stage (0 for the image and for layers without
/// parameters).
pub fn parameters(model: &Model, stage: usize) -> usize {
    match (stage, step(model, stage)) {
        (0, _) => 0,
        (_, None) => model.network().first().spec().parameter_count(),
        (_, Some(step)) => step.spec.parameter_count(),
    }
}

/// "8 weights + 2 biases", or "" without parameters.
pub fn parameter_parts(model: &Model, stage: usize) -> String {
    let (weights, biases) = match (stage, step(model, stage)) {
        (0, _) => return String::new(),
        (_, None) => {
            let spec = model.network().first().spec();
            (spec.filters.len(), spec.biases.len())
        }
        (_, Some(step)) => match &step.spec {
            LayerSpec::Conv {
                filters, biases, ..
            } => (filters.len(), biases.len()),
            LayerSpec::Dense { weights, biases } => (weights.len(), biases.len()),
            _ => return String::new(),
        },
    };
    format!(
        "{} + {}",
        words::plural(weights, "weight"),
        words::plural(biases, "bias")
    )
}

/// The first `[[layers]]` entry (0-based) that `wanted` accepts, and how
/// many entries it accepts in all.
pub fn find(model: &Model, wanted: impl Fn(&LayerSpec) -> bool) -> Option<(usize, usize)> {
    let steps = model.network().steps();
    let all = steps.iter().filter(|s| wanted(&s.spec)).count();
    steps
        .iter()
        .position(|s| wanted(&s.spec))
        .map(|index| (index, all))
}

/// "layer 2 after the convolution": where a view's layer is, counting
/// from 1 like the `[[layers]]` tables (and their error messages), and
/// which of several it is. Plain words for a reader who never saw the
/// block, for the sentence under a figure.
pub fn which(index: usize, of_kind: usize, kind: &str) -> String {
    let place = format!("layer {} after the convolution", index + 1);
    if of_kind > 1 {
        format!(
            "{place}, the first of the {} {kind} layers (the figure draws the first one)",
            words::count(of_kind)
        )
    } else {
        place
    }
}

/// The error of a view whose layer the example lacks.
pub fn refuse(view: View, why: impl Into<String>, instead: &'static str) -> ErrorKind {
    ErrorKind::CannotDraw {
        view: view.name(),
        why: why.into(),
        instead,
    }
}

/// Most heat-map squares along a thumbnail's side: a 62×62 feature map is
/// drawn as 16×16 block means, so a deep network's figure stays small.
pub const THUMB_SIDE: usize = 16;

/// The cell side at which every value of `values` is set at about 14
/// pixels (between 28 and 64 pixels): about 8.5 pixels per character.
pub fn value_cell<'a>(values: impl Iterator<Item = &'a f64>) -> f64 {
    let chars = values
        .map(|&v| number::display(v).chars().count())
        .max()
        .unwrap_or(1);
    (chars as f64 * 8.5).clamp(28.0, 64.0)
}

/// One feature map at `at`: cells with their values when `cell` leaves
/// room for text (`tone` of each cell from `tone_of`), else a heat-map
/// thumbnail at most [`THUMB_SIDE`] squares a side, `side` pixels wide.
/// Returns the items and the size drawn.
pub fn plane(
    at: [f64; 2],
    values: ArrayView2<'_, f64>,
    cell: f64,
    side: f64,
    mut tone_of: impl FnMut(usize, usize) -> (Tone, Option<String>),
) -> (Vec<Item>, [f64; 2]) {
    let (rows, cols) = values.dim();
    if cell >= grid::MIN_TEXT_CELL {
        let items = grid::cells(at, cell, (rows, cols), |r, c| {
            let (tone, symbol) = tone_of(r, c);
            (tone, symbol, Some(number::display(values[[r, c]])))
        });
        return (items, [cols as f64 * cell, rows as f64 * cell]);
    }
    thumbnail(at, values, side)
}

/// A heat map of `values` fitted into `side` pixels on its longer side,
/// averaged in blocks down to at most [`THUMB_SIDE`] squares a side.
pub fn thumbnail(at: [f64; 2], values: ArrayView2<'_, f64>, side: f64) -> (Vec<Item>, [f64; 2]) {
    let (rows, cols) = values.dim();
    let block = rows.max(cols).div_ceil(THUMB_SIDE).max(1);
    let means = grid::block_means(&values.to_owned(), block);
    let square = (side / means.nrows().max(means.ncols()) as f64)
        .floor()
        .max(1.0);
    let size = [means.ncols() as f64 * square, means.nrows() as f64 * square];
    let items = vec![
        Item::Panel {
            at,
            size,
            tone: Tone::Pixel,
        },
        Item::Heatmap {
            at,
            cell: square,
            cols: means.ncols(),
            shades: grid::shades(&means),
        },
        Item::Frame {
            at,
            size,
            tone: Tone::Muted,
        },
    ];
    (items, size)
}

/// Channel `c` of feature maps.
pub fn channel<'a>(maps: ArrayView3<'a, f64>, c: usize) -> ArrayView2<'a, f64> {
    maps.index_axis_move(Axis(0), c)
}

/// A downward or rightward arrow between two stages.
pub fn arrow(from: [f64; 2], to: [f64; 2]) -> Item {
    Item::Line {
        from,
        to,
        tone: Tone::Muted,
        width: 1.5,
        arrow: true,
        dashed: false,
    }
}

/// A small text at `at` (its baseline), in the muted tone.
pub fn small(at: [f64; 2], text: impl Into<String>, anchor: Anchor) -> Item {
    Item::Text {
        at,
        text: text.into(),
        style: TextStyle::Note,
        anchor,
        tone: Tone::Muted,
    }
}

/// The position of the largest entry (the first one on a tie).
pub fn argmax(values: &ArrayView1<'_, f64>) -> usize {
    values
        .iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |best, (i, &v)| {
            if v > best.1 { (i, v) } else { best }
        })
        .0
}

/// Values of a small vector, as the page writes them: "5, 6 and 0".
pub fn listed(values: impl Iterator<Item = f64>) -> String {
    let all: Vec<String> = values.map(number::display).collect();
    words::join_and(&all)
}

/// An all-`false` mask of a plane's shape.
pub fn mask(shape: (usize, usize)) -> Array2<bool> {
    Array2::from_elem(shape, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    const NET: &str = "example = \"seed\"\nfilters = [[[1, -1], [2, 0]], [[0, 1], [-1, 0]]]\nbiases = [1, 0]\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"max-pool\"\n[[layers]]\nkind = \"dense\"\nweights = [[1, -1], [-0.5, 1], [0.2, 0.3]]\n[[layers]]\nkind = \"softmax\"";

    #[test]
    fn stages_name_every_layer() {
        let (_, model) = model(NET);
        assert_eq!(count(&model), 6);
        let titles: Vec<String> = (0..count(&model)).map(|s| title(&model, s)).collect();
        assert_eq!(
            titles,
            [
                "image",
                "conv 2×2, 2 filters",
                "ReLU",
                "max-pool 2×2",
                "dense 2 → 3",
                "softmax"
            ]
        );
        let params: Vec<usize> = (0..count(&model)).map(|s| parameters(&model, s)).collect();
        assert_eq!(params, [0, 10, 0, 0, 9, 0]);
        assert_eq!(parameter_parts(&model, 1), "8 weights + 2 biases");
        assert_eq!(values(&model, 3).shape(), Shape::Spatial([2, 1, 1]));
        assert_eq!(values(&model, 5).shape(), Shape::Flat(3));
        assert_eq!(
            find(&model, |l| matches!(l, LayerSpec::Softmax)),
            Some((3, 1))
        );
    }

    #[test]
    fn large_maps_become_small_thumbnails() {
        let values = Array2::from_shape_fn((62, 62), |(r, c)| (r * c) as f64);
        let (items, size) = plane([0.0, 0.0], values.view(), 2.0, 96.0, |_, _| {
            (Tone::Output, None)
        });
        let Item::Heatmap { shades, cols, .. } = &items[1] else {
            panic!("a heat map")
        };
        assert!(*cols <= THUMB_SIDE && shades.len() <= THUMB_SIDE * THUMB_SIDE);
        assert!(size[0] <= 96.0);
    }
}
