//! The dense view: the layer drawn as a fully connected (dense) layer.
//! Every input neuron is connected to every output neuron; the connections
//! the convolution does not use carry an untrainable zero and are drawn
//! gray and dashed, the others exactly as in the network view.
//!
//! The figure comes from [`super::neurons`], shared with the network view;
//! this module writes the words around it.

use crate::engine::Convolution;
use crate::figure::{Drawing, Figure};
use crate::resolve::Example;
use crate::view::View;
use crate::views::neurons;
use crate::views::wiring::{self, Stats, Wiring};
use crate::words::{count, plural};

/// The dense network view of `example`.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let wiring = Wiring::dense(conv);
    let picture = neurons::picture(example, conv, &wiring);
    let stats = Stats::new(conv);
    let all = example.spec.image.len() * conv.output().len();
    let zeros = all - stats.edges;
    let mut summary = if zeros == 0 {
        format!(
            "All {} carry a weight and none is fixed at zero: the filter covers the whole image, so this layer is dense.",
            plural(all, "connection")
        )
    } else {
        format!(
            "{} of {} carry a weight; the other {} fixed at zero (gray, dashed) and can never learn.",
            count(stats.edges),
            plural(all, "connection"),
            if zeros == 1 {
                "1 is".to_string()
            } else {
                format!("{} are", count(zeros))
            },
        )
    };
    summary.push_str(&learned(example, conv, &stats));
    if wiring.zeros.is_none() && zeros > 0 {
        summary.push_str(" There are too many zero connections to draw one by one; the gray band stands for them.");
    }
    summary.push_str(&wiring::notes(
        example,
        conv,
        &stats,
        &wiring,
        picture.labeled,
    ));
    let title = format!(
        "The layer as a dense network: {}, {} with a weight, {} fixed at zero",
        plural(all, "connection"),
        count(stats.edges),
        count(zeros)
    );
    Drawing {
        view: View::Dense.name(),
        summary,
        figure: Some(Figure {
            view: View::Dense.name(),
            title,
            desc: wiring::describe(example, conv, &wiring),
            size: picture.size.into(),
            items: picture.items,
        }),
        math: None,
        controls: None,
        code: None,
    }
}

/// How the weighted connections share their weights, and what the layer
/// learns compared with a dense layer of the same size; empty when no
/// connection carries a weight.
fn learned(example: &Example, conv: &Convolution, stats: &Stats) -> String {
    let n_in = example.spec.image.len();
    let n_out = conv.output().len();
    let all = n_in * n_out;
    let k = stats.weights.len();
    let names = wiring::weight_list(example, &stats.weights);
    let shared = match (stats.edges, k) {
        (0, _) => return String::new(),
        (1, _) => format!(" The one weighted connection carries {names}"),
        (n, k) if n == k => format!(
            " The {} weighted ones each carry a weight of their own ({names})",
            count(n)
        ),
        (_, 1) => format!(
            " The {} weighted ones all carry the same weight {names}",
            count(stats.edges)
        ),
        _ => format!(
            " The {} weighted ones share {} distinct weights ({names})",
            count(stats.edges),
            count(k)
        ),
    };
    format!(
        "{shared}, so the layer learns {} + bias = {} numbers, where a dense layer from {} to {} would learn {} + {} = {}.",
        count(k),
        count(k + 1),
        plural(n_in, "input"),
        plural(n_out, "output"),
        plural(all, "weight"),
        plural(n_out, "bias"),
        count(all + n_out),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{Item, Tone};
    use crate::render::svg;
    use crate::views::edges::testing::{edge_names, weight_lines};
    use crate::views::testing::example;

    fn zero_lines(figure: &Figure) -> usize {
        figure
            .items
            .iter()
            .filter(|item| {
                matches!(
                    item,
                    Item::Line {
                        tone: Tone::Muted,
                        dashed: true,
                        width,
                        ..
                    } if *width < 1.5
                )
            })
            .count()
    }

    #[test]
    fn seed_has_36_connections_of_which_20_are_zero() {
        let (example, conv) = example("example = \"seed\"");
        let drawing = draw(&example, &conv);
        let figure = drawing.figure.unwrap();
        assert_eq!(zero_lines(&figure), 20);
        assert_eq!(edge_names(&figure).len(), 16);
        assert_eq!(weight_lines(&figure).len(), 32);
        assert!(
            drawing
                .summary
                .starts_with("16 of 36 connections carry a weight; the other 20 are fixed at zero"),
            "{}",
            drawing.summary
        );
        assert!(drawing.summary.contains("4 distinct weights (α, β, γ, δ)"));
        assert!(drawing.summary.contains("4 + bias = 5 numbers"));
        assert!(drawing.summary.contains("36 weights + 4 biases = 40"));
        assert!(
            figure
                .title
                .contains("36 connections, 16 with a weight, 20 fixed at zero")
        );
    }

    #[test]
    fn many_zeros_become_a_band() {
        let image: Vec<String> = (0..12)
            .map(|_| format!("[{}]", ["1"; 12].join(", ")))
            .collect();
        let body = format!(
            "image = [{}]\nfilter = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]\npadding = 1",
            image.join(", ")
        );
        let (example, conv) = example(&body);
        let drawing = draw(&example, &conv);
        let figure = drawing.figure.unwrap();
        assert_eq!(zero_lines(&figure), 0);
        assert!(
            figure
                .items
                .iter()
                .any(|i| matches!(i, Item::Polygon { .. }))
        );
        assert!(drawing.summary.contains("gray band"));
        assert!(drawing.summary.contains("1156 of 20,736 connections"));
        let svg = svg::render(&figure, "big");
        assert!(svg.len() < 400_000, "{} bytes", svg.len());
    }
}
