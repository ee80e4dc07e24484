//! What the learning views read of one backward pass, for the plane the
//! article's views draw (filter 1 over channel 1 of the first
//! convolution): δ at its outputs, and the gradients of its weights, its
//! bias and its image. Every number comes from the engine's gradients; the
//! views only arrange and name them.

use ndarray::{Array2, Array3, s};

use crate::engine::grad::{self, Gradients, Objective, ParamGrad};
use crate::engine::{Convolution, Model, Pair, Tensor};
use crate::error::ErrorKind;
use crate::figure::Item;
use crate::resolve::Example;
use crate::text;

/// What the gradient view says when a block has nothing to differentiate.
pub(super) const NO_OBJECTIVE: &str = "add `target = …` (the wanted output, for the squared loss) or `label = N` (the right class, for cross-entropy after a final softmax)";

/// One part of a stacked figure: its items and how far down it reaches.
pub(super) struct Part {
    /// Shapes, in figure coordinates.
    pub items: Vec<Item>,
    /// Widest point, from the figure's left edge.
    pub right: f64,
    /// Lowest point.
    pub bottom: f64,
}

/// The backward pass of the first convolution's first plane.
pub(super) struct Backprop<'a> {
    /// The block.
    pub example: &'a Example,
    /// The plane of filter 1 over channel 1, with the engine's terms.
    pub conv: Convolution,
    /// δ = ∂L/∂(output) of filter 1, one per output.
    pub delta: Array2<f64>,
    /// ∂L/∂(weight) of filter 1 over channel 1.
    pub weights: Array2<f64>,
    /// ∂L/∂b of filter 1.
    pub bias: f64,
    /// Filter 1's share of ∂L/∂(channel 1): Cᵀδ of this plane.
    pub image: Array2<f64>,
    /// The loss.
    pub loss: f64,
    /// What the loss compares with.
    pub objective: &'a Objective,
    /// The layers after the first convolution, by kind.
    pub layers: Vec<&'static str>,
    /// Input channels and filters of the first convolution.
    pub channels: usize,
    /// Filters of the first convolution.
    pub filters: usize,
}

impl<'a> Backprop<'a> {
    /// The backward pass of `model`, or the error that names the keys it
    /// needs (`view` asked for it).
    pub fn new(
        view: &'static str,
        example: &'a Example,
        model: &'a Model,
    ) -> Result<Backprop<'a>, ErrorKind> {
        let (Some(gradients), Some(learning)) = (model.gradients(), &example.model.learning) else {
            return Err(ErrorKind::CannotDraw {
                view,
                why: "it has no loss to take the gradient of".into(),
                instead: NO_OBJECTIVE,
            });
        };
        let first = model.network().first();
        let spec = first.spec();
        let conv = first.plane(0, 0, spec.biases[0]);
        let deltas = first_deltas(gradients, first.output().dim());
        let delta = deltas.slice(s![0, .., ..]).to_owned();
        let (weights, bias) = match &gradients.first {
            ParamGrad::Conv { filters, biases } => {
                (filters.slice(s![0, 0, .., ..]).to_owned(), biases[0])
            }
            _ => (Array2::zeros(conv.spec().filter.dim()), 0.0),
        };
        let image = if spec.filter_count() == 1 {
            gradients.image.slice(s![0, .., ..]).to_owned()
        } else {
            // Filter 1's share alone: δ of the other filters set to zero.
            let mut own = Array3::zeros(deltas.dim());
            own.slice_mut(s![0, .., ..]).assign(&delta);
            let (dx, _) = grad::conv_backward(first, &own);
            dx.slice(s![0, .., ..]).to_owned()
        };
        Ok(Backprop {
            example,
            conv,
            delta,
            weights,
            bias,
            image,
            loss: gradients.loss,
            objective: &learning.objective,
            layers: model
                .network()
                .steps()
                .iter()
                .map(|s| s.spec.kind())
                .collect(),
            channels: spec.channels(),
            filters: spec.filter_count(),
        })
    }

    /// "δP": the gradient arriving at output `out`.
    pub fn delta_name(&self, out: Pair) -> String {
        format!("δ{}", self.example.labels.output[out].text)
    }

    /// Whether the plane is the whole first convolution.
    pub fn whole(&self) -> bool {
        self.channels == 1 && self.filters == 1
    }
}

/// δ at the first convolution's output, `[K][oh][ow]`.
fn first_deltas(gradients: &Gradients, dim: (usize, usize, usize)) -> Array3<f64> {
    match gradients.deltas.first() {
        Some(Tensor::Spatial(a)) if a.dim() == dim => a.clone(),
        Some(t) => {
            let flat = t.flat();
            Array3::from_shape_fn(dim, |(k, i, j)| {
                flat.get((k * dim.1 + i) * dim.2 + j)
                    .copied()
                    .unwrap_or(0.0)
            })
        }
        None => Array3::zeros(dim),
    }
}

/// "∂L/∂α".
pub(super) fn grad_name(symbol: &str) -> String {
    format!("∂L/∂{symbol}")
}

/// The loss in words: "the squared loss L = ½Σ(y − t)²" or "the
/// cross-entropy of class 2, L = −log p₂".
pub(super) fn loss_words(objective: &Objective) -> String {
    match objective {
        Objective::Squared { .. } => "the squared loss L = ½Σ(y − t)²".into(),
        Objective::CrossEntropy { label } => {
            let sub = subscript(*label);
            format!("the cross-entropy of class {label}, L = −log p{sub}")
        }
    }
}

/// `n` in subscript digits.
pub(super) fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| {
            c.to_digit(10)
                .and_then(|d| char::from_u32(0x2080 + d))
                .unwrap_or(c)
        })
        .collect()
}

/// `x` as a term of a sum: negatives in parentheses, "(−1)".
pub(super) fn factor(x: f64) -> String {
    let text = crate::render::number::display(x);
    if text.starts_with('\u{2212}') {
        format!("({text})")
    } else {
        text
    }
}

/// Splits `first` followed by `terms` into lines no wider than `width` at
/// `px`: the terms joined by `joint`, a continuation line starting with
/// `indent` and the joint. Each line is kept whole where a term alone is
/// wider than the room.
pub(super) fn wrap(
    first: &str,
    terms: &[String],
    joint: &str,
    indent: &str,
    width: f64,
    px: f64,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut fresh = true;
    for term in terms {
        let piece = if fresh && (line.is_empty() || line.ends_with(' ')) {
            term.clone()
        } else {
            format!("{joint}{term}")
        };
        if !fresh && text::width(&format!("{line}{piece}"), px) > width {
            lines.push(line);
            line = format!("{indent}{}{term}", joint.trim_start());
        } else {
            line.push_str(&piece);
        }
        fresh = false;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    #[test]
    fn the_seed_with_a_zero_target_gives_the_closed_forms() {
        let (example, model) = model("example = \"seed\"\ntarget = [[0, 0], [0, 0]]");
        let bp = Backprop::new("gradient", &example, &model).unwrap();
        // δ = y − t = y.
        assert_eq!(bp.delta, *bp.conv.output());
        assert_eq!(bp.weights, ndarray::array![[21.0, 11.0], [27.0, 42.0]]);
        assert_eq!(bp.bias, 14.0);
        assert_eq!(bp.image[[1, 1]], 17.0);
        assert_eq!(bp.loss, 39.0);
        assert!(bp.whole());
        assert_eq!(bp.delta_name([0, 1]), "δQ");
    }

    #[test]
    fn without_a_target_it_names_the_keys() {
        let (example, model) = model("example = \"seed\"");
        let Err(ErrorKind::CannotDraw { instead, .. }) =
            Backprop::new("gradient", &example, &model)
        else {
            panic!("an error");
        };
        assert!(instead.contains("`target") && instead.contains("`label"));
    }

    #[test]
    fn several_filters_give_filter_ones_share_of_the_image_gradient() {
        let (example, model) = model(
            "example = \"seed\"\nfilters = [[[1, -1], [2, 0]], [[0, 1], [1, 0]]]\nbiases = [1, 0]\ntarget = [[[0, 0], [0, 0]], [[0, 0], [0, 0]]]",
        );
        let bp = Backprop::new("gradient", &example, &model).unwrap();
        assert!(!bp.whole());
        // Filter 1 alone is the seed's filter: the seed's share.
        assert_eq!(bp.image[[1, 1]], 17.0);
        assert_ne!(model.gradients().unwrap().image[[0, 1, 1]], 17.0);
    }

    #[test]
    fn words_and_wrapping() {
        assert_eq!(subscript(12), "₁₂");
        assert_eq!(factor(-1.0), "(\u{2212}1)");
        assert_eq!(factor(2.5), "2.5");
        let terms: Vec<String> = (0..20).map(|k| format!("x{k}·y{k}")).collect();
        let lines = wrap("s = ", &terms, " + ", "    ", 200.0, 16.0);
        assert!(lines.len() > 2);
        assert!(lines[0].starts_with("s = x0·y0 + x1·y1"));
        assert!(lines[1].starts_with("    + "));
        for line in &lines {
            assert!(text::width(line, 16.0) <= 200.0, "{line}");
        }
    }
}
