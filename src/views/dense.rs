//! The dense view: the layer drawn as a fully connected (dense) layer.
//! Every input neuron is connected to every output neuron; the connections
//! the convolution does not use carry an untrainable zero and are drawn
//! gray and dashed, the others exactly as in the network view.

use crate::engine::Convolution;
use crate::figure::{Drawing, Figure};
use crate::resolve::Example;
use crate::view::View;
use crate::views::network::{self, Link, Stats, Wiring};

/// Largest weight matrix read whole; past that, the same connections are
/// read from the terms (the matrix would not fit in memory).
const MAX_MATRIX: usize = 1 << 22;
/// Most zero connections drawn one by one; past that, one gray band stands
/// for all of them (the SVG grows with the weighted edges, not the matrix).
const MAX_ZERO_LINES: usize = 600;

/// The dense network view of `example`.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let wiring = wiring(conv);
    let picture = network::picture(example, conv, &wiring);
    let stats = Stats::new(conv);
    let n_in = example.spec.image.len();
    let n_out = conv.output().len();
    let all = n_in * n_out;
    let zeros = all - stats.edges;
    let k = stats.weights.len();
    let mut summary = if zeros == 0 {
        format!(
            "All {} carry a weight and none is fixed at zero: the filter covers the whole image, so this layer is dense.",
            network::noun(all, "connection")
        )
    } else {
        format!(
            "{} of {} carry a weight; the other {} fixed at zero (gray, dashed) and can never learn.",
            network::count(stats.edges),
            network::noun(all, "connection"),
            if zeros == 1 {
                "1 is".to_string()
            } else {
                format!("{} are", network::count(zeros))
            },
        )
    };
    let names = network::weight_list(example, &stats.weights);
    let shared = match (stats.edges, k) {
        (0, _) => None,
        (1, _) => Some(format!(" The one weighted connection carries {names}")),
        (n, k) if n == k => Some(format!(
            " The {} weighted ones each carry a weight of their own ({names})",
            network::count(n)
        )),
        (_, 1) => Some(format!(
            " The {} weighted ones all carry the same weight {names}",
            network::count(stats.edges)
        )),
        _ => Some(format!(
            " The {} weighted ones share {} distinct weights ({names})",
            network::count(stats.edges),
            network::count(k)
        )),
    };
    if let Some(shared) = shared {
        summary.push_str(&format!(
            "{shared}, so the layer learns {} + bias = {} numbers, where a dense layer from {} to {} would learn {} + {} = {}.",
            network::count(k),
            network::count(k + 1),
            network::noun(n_in, "input"),
            network::noun(n_out, "output"),
            network::noun(all, "weight"),
            network::noun(n_out, "bias"),
            network::count(all + n_out),
        ));
    }
    if wiring.zeros.is_none() && zeros > 0 {
        summary.push_str(" There are too many zero connections to draw one by one; the gray band stands for them.");
    }
    summary.push_str(&network::notes(example, conv, &stats, &wiring, &picture));
    let title = format!(
        "The layer as a dense network: {}, {} with a weight, {} fixed at zero",
        network::noun(all, "connection"),
        network::count(stats.edges),
        network::count(zeros)
    );
    let desc = network::describe(example, conv, &wiring, true);
    Drawing {
        view: View::Dense.name(),
        summary,
        figure: Some(Figure {
            view: View::Dense.name(),
            title,
            desc,
            size: picture.size,
            items: picture.items,
        }),
        math: None,
    }
}

/// Every drawn input paired with every drawn output: weighted where the
/// weight matrix has a shared weight, zero elsewhere.
fn wiring(conv: &Convolution) -> Wiring {
    let (inputs, outputs) = network::extent(conv);
    let n_in = conv.spec().image.len();
    let n_out = conv.output().len();
    let mut links = Vec::new();
    let mut zeros = Vec::new();
    if n_in * n_out <= MAX_MATRIX {
        let positions = conv.weight_positions();
        for output in 0..outputs {
            for input in 0..inputs {
                match positions[[output, input]] {
                    Some(weight) => links.push(Link {
                        input,
                        output,
                        weight,
                    }),
                    None => zeros.push((input, output)),
                }
            }
        }
    } else {
        // The same connections, read from the terms the matrix is built of.
        links = Wiring::sparse(conv).links;
        let mut weighted = vec![false; inputs * outputs];
        for link in &links {
            weighted[link.output * inputs + link.input] = true;
        }
        for output in 0..outputs {
            for input in 0..inputs {
                if !weighted[output * inputs + input] {
                    zeros.push((input, output));
                }
            }
        }
    }
    Wiring {
        inputs,
        outputs,
        links,
        zeros: (zeros.len() <= MAX_ZERO_LINES).then_some(zeros),
        dense: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{Item, Tone};
    use crate::render::svg;
    use crate::views::network::tests::{edge_names, example, weight_lines};

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
    fn weighted_connections_match_the_network_view() {
        for body in [
            "example = \"seed\"",
            "example = \"seed-padded\"",
            "example = \"seed\"\nstride = 2\nfilter = [[1]]",
            "example = \"seed\"\ndilation = 2",
        ] {
            let (_, conv) = example(body);
            let dense = wiring(&conv);
            assert_eq!(dense.links, Wiring::sparse(&conv).links, "{body}");
            let zeros = dense.zeros.unwrap().len();
            assert_eq!(zeros + dense.links.len(), conv.weight_matrix().len());
        }
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
