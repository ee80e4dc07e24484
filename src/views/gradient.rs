//! The `gradient` view: backpropagation through the first convolution, in
//! the article's own views. The sections view with δ (each window cell
//! says what its weight collects there), each shared weight's gradient as
//! one sum over every section, the matrix view transposed (Cᵀδ = ∂L/∂X,
//! and the copies of a weight adding up to its gradient), and the network
//! view run backwards. The parts live in their own modules; this one
//! stacks them and says what they show.

use crate::engine::grad::Objective;
use crate::engine::{Model, Pair};
use crate::error::ErrorKind;
use crate::figure::{Drawing, Figure, Item};
use crate::render::number;
use crate::resolve::Example;
use crate::text;
use crate::view::View;
use crate::views::backprop::{Backprop, Part, grad_name, loss_words};
use crate::views::grid;
use crate::views::{grad_matrix, grad_network, grad_panels, grad_sums};
use crate::words;

/// Space between two parts.
const GAP: f64 = 26.0;
/// Most values a sentence lists.
const MAX_LISTED: usize = 9;
/// The heading of the panels.
const PANELS: &str = "Each section backwards: δ times the pixel under each weight";

/// The gradient figure of `example`, or why it cannot be drawn.
pub fn draw(example: &Example, model: &Model) -> Result<Drawing, ErrorKind> {
    let bp = Backprop::new(View::Gradient.name(), example, model)?;
    let mut stack = Stack {
        items: vec![grid::heading([grid::MARGIN, grid::MARGIN], PANELS)],
        right: grid::MARGIN + text::width(PANELS, text::HEADING_PX),
        bottom: grid::MARGIN + grid::HEADING,
    };
    stack.add(Some(grad_panels::draw(&bp, stack.bottom)));
    stack.add(Some(grad_sums::draw(&bp, stack.bottom + GAP)));
    let drawn_matrix = stack.add(grad_matrix::draw(&bp, stack.bottom + GAP));
    let drawn_network = stack.add(grad_network::draw(&bp, stack.bottom + GAP));
    let Stack {
        items,
        right,
        bottom,
    } = stack;
    let spec = bp.conv.spec();
    Ok(Drawing {
        view: View::Gradient.name(),
        summary: summary(&bp, drawn_matrix, drawn_network),
        figure: Some(Figure {
            view: View::Gradient.name(),
            title: format!(
                "Backpropagation through the {} filter: δ at {}, one summed gradient per shared weight, and Cᵀδ for the image",
                grid::size(spec.filter.dim()),
                words::plural(bp.conv.output().len(), "output")
            ),
            desc: describe(&bp),
            size: [right + grid::MARGIN, bottom + grid::MARGIN],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    })
}

/// The parts placed so far, one under the other.
struct Stack {
    items: Vec<Item>,
    right: f64,
    bottom: f64,
}

impl Stack {
    /// Adds a part (drawn under the last); says whether there was one.
    fn add(&mut self, part: Option<Part>) -> bool {
        let Some(part) = part else { return false };
        self.right = self.right.max(part.right);
        self.bottom = part.bottom;
        self.items.extend(part.items);
        true
    }
}

/// The first [`MAX_LISTED`] of `items` joined, "a, b and c", or "a, b, …
/// and 4 more" past them.
fn listed(items: impl ExactSizeIterator<Item = String>) -> String {
    let total = items.len();
    let mut shown: Vec<String> = items.take(MAX_LISTED).collect();
    if total > MAX_LISTED {
        shown.push(format!("and {} more", total - MAX_LISTED));
        return shown.join(", ");
    }
    words::join_and(&shown)
}

/// "δP = 5, δQ = 6, …": the first few δ.
fn deltas(bp: &Backprop) -> String {
    let outs: Vec<Pair> = bp.conv.outputs().collect();
    listed(
        outs.iter()
            .map(|&o| format!("{} = {}", bp.delta_name(o), number::display(bp.delta[o]))),
    )
}

/// "∂L/∂α = 21, ∂L/∂β = 11, …": the first few weight gradients.
fn weight_gradients(bp: &Backprop) -> String {
    listed(bp.example.labels.filter.indexed_iter().map(|((u, v), l)| {
        format!(
            "{} = {}",
            grad_name(&l.text),
            number::display(bp.weights[[u, v]])
        )
    }))
}

/// Where δ comes from, in words.
fn origin(bp: &Backprop) -> String {
    if bp.layers.is_empty() {
        return match bp.objective {
            Objective::Squared { .. } => "Each output gets its gradient δ = ∂L/∂y = y − t",
            Objective::CrossEntropy { .. } => "Each output gets its gradient δ = ∂L/∂y",
        }
        .to_string();
    }
    let kinds: Vec<String> = bp.layers.iter().map(|k| k.to_string()).collect();
    format!(
        "δ at the first convolution's outputs comes back from the loss through the {} above it ({})",
        words::plural(bp.layers.len(), "layer"),
        words::join_and(&kinds)
    )
}

/// The view in words: δ, the sums, Cᵀδ, and what the figure leaves out.
fn summary(bp: &Backprop, matrix: bool, network: bool) -> String {
    let spec = bp.conv.spec();
    let bias = &bp.example.labels.bias.text;
    let mut s = format!(
        "Backpropagation runs the convolution backwards over the same terms. The loss is {}, here L = {}. {}: {}. A shared weight gets one gradient, the sum over every section it touched of δ times the pixel under it: {}. The bias is added to every output, so it gets the sum of every δ: {} = {}. The image's gradient is Cᵀδ, the weight matrix transposed times δ: each pixel collects weight·δ from every output that used it, along the same edges as in the network view, now run backwards.",
        loss_words(bp.objective),
        number::display(bp.loss),
        origin(bp),
        deltas(bp),
        weight_gradients(bp),
        grad_name(bias),
        number::display(bp.bias),
    );
    if !bp.whole() {
        s.push_str(&format!(
            " The first convolution has {} and {}; the figure draws filter 1 over channel 1, and the other planes work alike.",
            words::plural(bp.channels, "channel"),
            words::plural(bp.filters, "filter"),
        ));
        if bp.filters > 1 {
            s.push_str(" Its Cᵀδ is filter 1's share of ∂L/∂X: the full gradient adds every filter's share.");
        }
    }
    let total = bp.conv.output().len();
    if total > grad_panels::MAX_PANELS {
        s.push_str(&format!(
            " Only the first {} of the {total} sections are drawn; the sums count all of them.",
            grad_panels::MAX_PANELS
        ));
    }
    if !matrix {
        s.push_str(&format!(
            " The {}×{} weight matrix is too large to write its numbers in, so Cᵀδ is not drawn.",
            total,
            spec.image.len()
        ));
    }
    if !network {
        s.push_str(" The network has too many pixels or edges to draw backwards.");
    }
    s
}

/// The figure's description: every gradient, in words.
fn describe(bp: &Backprop) -> String {
    let image: Vec<String> = bp
        .example
        .labels
        .image
        .iter()
        .zip(bp.image.iter())
        .take(MAX_LISTED * 4)
        .map(|(l, &g)| format!("{} = {}", grad_name(&l.text), number::display(g)))
        .collect();
    let touched: Vec<String> = bp
        .example
        .labels
        .filter
        .indexed_iter()
        .take(MAX_LISTED)
        .map(|((u, v), l)| {
            format!(
                "{} touches {}",
                l.text,
                words::plural(grad_sums::touched(bp, [u, v]), "section")
            )
        })
        .collect();
    format!(
        "Panels: each section's window, every cell saying δ of that section times the pixel under the weight, in the weight's color, and δ pointing back at the window. Sums: {}; {}. Cᵀδ: {}.",
        words::join_and(&touched),
        weight_gradients(bp),
        image.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::svg;
    use crate::views::testing::model;

    fn drawing(body: &str) -> Result<Drawing, ErrorKind> {
        let (example, model) = model(body);
        draw(&example, &model)
    }

    #[test]
    fn the_seed_with_a_zero_target() {
        let d = drawing("example = \"seed\"\ntarget = [[0, 0], [0, 0]]").unwrap();
        assert!(d.summary.contains("here L = 39"), "{}", d.summary);
        assert!(
            d.summary
                .contains("δP = 5, δQ = 6, δR = \u{2212}1 and δS = 4")
        );
        assert!(
            d.summary
                .contains("∂L/∂α = 21, ∂L/∂β = 11, ∂L/∂γ = 27 and ∂L/∂δ = 42")
        );
        assert!(d.summary.contains("∂L/∂b = 14"));
        let figure = d.figure.unwrap();
        assert!(figure.size[0] <= 720.0, "{:?}", figure.size);
        let svg = svg::render(&figure, "t");
        assert!(!svg.contains("\n\n"));
        assert!(svg.contains("data-view=\"gradient\""));
    }

    #[test]
    fn without_an_objective_it_names_target_and_label() {
        let err = drawing("example = \"seed\"").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("`gradient`"), "{text}");
        assert!(
            text.contains("`target") && text.contains("`label"),
            "{text}"
        );
    }

    #[test]
    fn a_network_reads_delta_at_the_first_convolution() {
        let d = drawing(
            "example = \"seed\"\nlabel = 1\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"dense\"\nweights = [[1, 0, 0, 1], [0, 1, 1, 0]]\n[[layers]]\nkind = \"softmax\"",
        )
        .unwrap();
        assert!(
            d.summary
                .contains("through the 3 layers above it (relu, dense and softmax)"),
            "{}",
            d.summary
        );
        assert!(d.summary.contains("cross-entropy of class 1"));
        // R = −1 is cut by the ReLU: no gradient reaches it.
        assert!(d.summary.contains("δR = 0"), "{}", d.summary);
    }

    #[test]
    fn padding_and_stride_stay_within_the_width() {
        for body in [
            "example = \"seed-padded\"\ntarget = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]",
            "image = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]]\nfilter = [[1, 0.5], [-0.25, 2]]\nbias = -1\nstride = 2\ntarget = [[0, 0], [0, 0]]",
        ] {
            let figure = drawing(body).unwrap().figure.unwrap();
            assert!(figure.size[0] <= 720.0, "{body}: {:?}", figure.size);
        }
    }
}
