//! The network view: the layer as a neural network. Every pixel is an input
//! neuron, every result an output neuron, and every product of a weight and
//! a pixel an edge, colored and named by the shared weight it carries.
//!
//! The figure comes from [`super::neurons`], shared with the dense view, so
//! the two line up edge for edge; this module writes the words around it.

use crate::engine::Convolution;
use crate::figure::{Drawing, Figure};
use crate::resolve::Example;
use crate::view::View;
use crate::views::neurons;
use crate::views::wiring::{self, Stats, Wiring};
use crate::words::{count, plural};

/// The neural network view of `example`.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let wiring = Wiring::sparse(conv);
    let picture = neurons::picture(example, conv, &wiring);
    let stats = Stats::new(conv);
    let n_in = example.spec.image.len();
    let n_out = conv.output().len();
    let mut summary = connections(example, &stats, n_in, n_out);
    summary.push_str(&wiring::notes(
        example,
        conv,
        &stats,
        &wiring,
        picture.labeled,
    ));
    let title = format!(
        "The layer as a neural network: {}, {}, {}",
        plural(n_in, "input neuron"),
        plural(n_out, "output neuron"),
        plural(stats.edges, "connection")
    );
    Drawing {
        view: View::Network.name(),
        summary,
        figure: Some(Figure {
            view: View::Network.name(),
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

/// The caption's first sentence: how many inputs each output reaches, and
/// through which shared weights.
fn connections(example: &Example, stats: &Stats, n_in: usize, n_out: usize) -> String {
    let mut summary = format!(
        "{} connected to {}",
        if n_out == 1 {
            "The output neuron is"
        } else {
            "Each output neuron is"
        },
        reach(stats, n_in)
    );
    let k = stats.weights.len();
    let names = wiring::weight_list(example, &stats.weights);
    let same = if k == 1 {
        format!("the same weight {names}")
    } else {
        format!("the same {k} weights {names}")
    };
    let (lo, hi) = stats.per_output;
    if n_out == 1 {
        summary.push_str(&format!(", each connection with its own weight ({names})"));
    } else if lo == hi && lo == 1 {
        summary.push_str(&format!(", and every one of these connections uses {same}"));
    } else if lo == hi {
        summary.push_str(&format!(", and the {lo} connections use {same}"));
    } else {
        summary.push_str(&format!(", and all of them draw on {same}"));
    }
    summary.push_str(&format!(
        ": {}, {} distinct {} plus a bias.",
        plural(stats.edges, "connection"),
        count(k),
        if k == 1 { "weight" } else { "weights" }
    ));
    summary
}

/// "only 4 of the 9 inputs", "all 9 inputs", "between 4 and 9 of the 9
/// inputs".
fn reach(stats: &Stats, n_in: usize) -> String {
    let (lo, hi) = stats.per_output;
    let of = format!("of the {}", plural(n_in, "input")).replace("the 1 input", "the one input");
    if lo == hi && hi == n_in {
        if n_in == 1 {
            "the one input".to_string()
        } else {
            format!("all {}", plural(n_in, "input"))
        }
    } else if lo == hi {
        format!("only {} {of}", count(lo))
    } else {
        format!("between {} and {} {of}", count(lo), count(hi))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::figure::{Item, Tone};
    use crate::render::svg;
    use crate::views::edges::testing::{edge_names, faded_lines, weight_lines};
    use crate::views::testing::example;

    fn network(body: &str) -> Drawing {
        let (example, conv) = example(body);
        draw(&example, &conv)
    }

    #[test]
    fn seed_has_sixteen_named_edges_in_four_colors() {
        let drawing = network("example = \"seed\"");
        let figure = drawing.figure.unwrap();
        let names = edge_names(&figure);
        assert_eq!(names.len(), 16);
        let tones: BTreeSet<String> = names.iter().map(|(_, t)| format!("{t:?}")).collect();
        assert_eq!(tones.len(), 4);
        // Each name goes with its own color: α is always Weight(0).
        for (name, tone) in &names {
            let k = ["α", "β", "γ", "δ"].iter().position(|n| n == name).unwrap();
            assert_eq!(*tone, Tone::Weight(k));
        }
        // Each edge is cut in two around its name.
        assert_eq!(weight_lines(&figure).len(), 32);
        assert_eq!(
            drawing.summary,
            "Each output neuron is connected to only 4 of the 9 inputs, and the 4 connections use the same 4 weights α, β, γ, δ: 16 connections, 4 distinct weights plus a bias."
        );
        let nodes = figure
            .items
            .iter()
            .filter(|i| matches!(i, Item::Node { .. }))
            .count();
        assert_eq!(nodes, 9 + 4 + 1);
    }

    #[test]
    fn padding_terms_get_no_edge() {
        let (example, conv) = example("example = \"seed-padded\"");
        let drawing = draw(&example, &conv);
        assert_eq!(Wiring::sparse(&conv).links.len(), 49);
        let figure = drawing.figure.unwrap();
        // 49 edges: T's 9 in full, named and cut around their names, the
        // other 40 faded.
        assert_eq!(edge_names(&figure).len(), 9);
        assert_eq!(weight_lines(&figure).len(), 18);
        assert_eq!(faded_lines(&figure).len(), 40);
        assert!(drawing.summary.contains("between 4 and 9 of the 9 inputs"));
        assert!(drawing.summary.contains("zero padding"));
    }

    #[test]
    fn one_by_one_filter_links_each_input_to_one_output() {
        let drawing = network("example = \"seed\"\nfilter = [[3]]");
        assert!(
            drawing
                .summary
                .starts_with("Each output neuron is connected to only 1 of the 9 inputs")
        );
        assert_eq!(edge_names(&drawing.figure.unwrap()).len(), 9);
    }

    #[test]
    fn stride_leaves_unreached_inputs() {
        let drawing = network(
            "image = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]]\nfilter = [[1, 0.5], [-0.25, 2]]\nstride = 2",
        );
        assert!(drawing.summary.contains("4 inputs reach no output"));
    }

    #[test]
    fn large_examples_stay_small_and_say_what_they_leave_out() {
        let image: Vec<String> = (0..12)
            .map(|r| {
                let row: Vec<String> = (0..12).map(|c| ((r * 12 + c) % 7).to_string()).collect();
                format!("[{}]", row.join(", "))
            })
            .collect();
        let body = format!(
            "image = [{}]\nfilter = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]",
            image.join(", ")
        );
        let drawing = network(&body);
        let figure = drawing.figure.unwrap();
        assert!(edge_names(&figure).is_empty());
        // One output's 9 lines in full, the other 891 faded.
        assert_eq!(weight_lines(&figure).len(), 9);
        assert_eq!(faded_lines(&figure).len(), 891);
        assert!(
            drawing.summary.contains(
                "900 lines would be a tangle, so only y₅,₅'s 9 connections are drawn in full; the other lines are faded, and the legend names the colors."
            ),
            "{}",
            drawing.summary
        );
        let svg = svg::render(&figure, "big");
        assert!(svg.len() < 400_000, "{} bytes", svg.len());
        assert!(figure.size[0] <= 720.0);

        // Past the drawing limits only a prefix is drawn, and said so.
        let big: Vec<String> = (0..40)
            .map(|_| format!("[{}]", ["1"; 40].join(", ")))
            .collect();
        let body = format!("image = [{}]\nfilter = [[1, 2], [3, 4]]", big.join(", "));
        let drawing = network(&body);
        assert!(drawing.summary.contains("Only inputs x₁,₁ to"));
        let svg = svg::render(&drawing.figure.unwrap(), "big");
        assert!(svg.len() < 400_000, "{} bytes", svg.len());
    }
}
