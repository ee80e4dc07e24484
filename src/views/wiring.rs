//! Which neurons and connections the network and dense views draw, the
//! counts their captions quote, and the connections in words. No layout
//! here: [`super::neurons`] places what this module chooses.
//!
//! A connection is a term of the convolution on a pixel; one on the zero
//! padding is not an input, so it has no connection.

use std::collections::BTreeSet;

use ndarray::Array2;

use crate::engine::{Convolution, Pair, Source};
use crate::labels::Label;
use crate::resolve::Example;
use crate::views::grid;
use crate::words::{count, join_and, plural};

/// Most input neurons drawn; past that, only the first ones are.
const MAX_INPUTS: usize = 144;
/// Most output neurons drawn.
const MAX_OUTPUTS: usize = 144;
/// Most weighted edges drawn (it bounds the SVG's size).
const MAX_EDGES: usize = 1200;
/// Most bias edges; past that, a note says the bias goes to every output.
const MAX_BIAS_EDGES: usize = 16;
/// Largest weight matrix the dense wiring reads whole; past that, the same
/// connections are read from the terms (the matrix would not fit in memory).
const MAX_MATRIX: usize = 1 << 22;
/// Most zero connections drawn one by one; past that, one gray band stands
/// for all of them (the SVG grows with the weighted edges, not the matrix).
const MAX_ZERO_LINES: usize = 600;
/// Most outputs whose connections the figure's `<desc>` spells out.
const MAX_DESCRIBED: usize = 12;
/// Most weighted edges drawn all alike; past that, one output's
/// connections stand out and the rest are faded, or the lines would be a
/// tangle no one can follow.
const MAX_PLAIN: usize = 36;

/// One connection: input neuron, output neuron (row-major indexes) and the
/// shared weight it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Link {
    /// Row-major pixel index.
    pub input: usize,
    /// Row-major output index.
    pub output: usize,
    /// The filter position whose weight the connection carries.
    pub weight: Pair,
}

/// Which neurons and connections a figure draws.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Wiring {
    /// Input neurons drawn: the first `inputs` pixels, row-major.
    pub inputs: usize,
    /// Output neurons drawn: the first `outputs`, row-major.
    pub outputs: usize,
    /// Drawn connections that carry a weight.
    pub links: Vec<Link>,
    /// Dense view only: drawn connections fixed at zero, `(input, output)`;
    /// `None` when there are too many to draw one by one (a gray band then
    /// stands for all of them).
    pub zeros: Option<Vec<(usize, usize)>>,
    /// Whether this is the dense view.
    pub dense: bool,
    /// The output whose connections stand out, the others faded, when
    /// there are too many to tell apart; the same in both views.
    pub focus: Option<usize>,
}

impl Wiring {
    /// The network view's connections: one per term on a pixel.
    pub fn sparse(conv: &Convolution) -> Wiring {
        let (inputs, outputs) = extent(conv);
        let cols = conv.spec().image.ncols();
        let mut links = Vec::new();
        for (o, out) in conv.outputs().take(outputs).enumerate() {
            for term in conv.terms(out) {
                if let Source::Pixel([r, c]) = term.source {
                    let input = r * cols + c;
                    if input < inputs {
                        links.push(Link {
                            input,
                            output: o,
                            weight: term.weight,
                        });
                    }
                }
            }
        }
        Wiring {
            inputs,
            outputs,
            focus: focus(&links, outputs, conv.output_shape()[1]),
            links,
            zeros: None,
            dense: false,
        }
    }

    /// The dense view's connections: every drawn input paired with every
    /// drawn output, weighted where the weight matrix has a shared weight
    /// (the same links as [`Wiring::sparse`]), zero elsewhere.
    pub fn dense(conv: &Convolution) -> Wiring {
        let (inputs, outputs) = extent(conv);
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
            focus: focus(&links, outputs, conv.output_shape()[1]),
            links,
            zeros: (zeros.len() <= MAX_ZERO_LINES).then_some(zeros),
            dense: true,
        }
    }

    /// Whether output `o`'s lines are drawn in full (not faded).
    pub fn stands_out(&self, o: usize) -> bool {
        self.focus.is_none_or(|f| f == o)
    }

    /// Whether the bias gets a line to each output; past a few outputs a
    /// note says it goes to every one instead.
    pub fn bias_links(&self) -> bool {
        self.outputs <= MAX_BIAS_EDGES
    }
}

/// The output to single out past [`MAX_PLAIN`] links: one with the most
/// connections (so it shows every weight it can), the nearest the middle
/// of the drawn outputs (`cols` to a row) among those.
fn focus(links: &[Link], outputs: usize, cols: usize) -> Option<usize> {
    if links.len() <= MAX_PLAIN {
        return None;
    }
    let mut per_output = vec![0usize; outputs];
    for link in links {
        per_output[link.output] += 1;
    }
    // One line per output never tangles.
    let most = per_output.iter().copied().max().filter(|&n| n > 1)?;
    let cols = cols.clamp(1, outputs);
    let middle = |n: usize| (n - 1) as f64 / 2.0;
    let (mid_r, mid_c) = (middle(outputs.div_ceil(cols)), middle(cols));
    let off = |o: usize| ((o / cols) as f64 - mid_r).abs() + ((o % cols) as f64 - mid_c).abs();
    (0..outputs)
        .filter(|&o| per_output[o] == most)
        .min_by(|&a, &b| off(a).total_cmp(&off(b)))
}

/// How many inputs and outputs to draw: all of them, unless that would make
/// the figure unreadable or huge; then the first outputs (row-major) and
/// the inputs they reach.
fn extent(conv: &Convolution) -> (usize, usize) {
    let image = &conv.spec().image;
    let n_in = image.len();
    let (mut edges, mut top, mut m) = (0, 0, 0);
    for out in conv.outputs().take(MAX_OUTPUTS) {
        let (mut here, mut hi) = (0, top);
        for term in conv.terms(out) {
            if let Source::Pixel([r, c]) = term.source {
                here += 1;
                hi = hi.max(r * image.ncols() + c + 1);
            }
        }
        if m > 0 && (edges + here > MAX_EDGES || (n_in > MAX_INPUTS && hi > MAX_INPUTS)) {
            break;
        }
        edges += here;
        top = hi;
        m += 1;
    }
    let inputs = if n_in <= MAX_INPUTS {
        n_in
    } else {
        top.clamp(1, MAX_INPUTS)
    };
    (inputs, m.max(1))
}

/// Counts both views' captions need, read from the engine's terms.
pub(super) struct Stats {
    /// Fewest and most weighted connections of one output.
    pub per_output: (usize, usize),
    /// Weighted connections (terms on a pixel) in all.
    pub edges: usize,
    /// Terms that land on padding.
    pub padding_terms: usize,
    /// Filter positions that meet at least one pixel, row-major.
    pub weights: Vec<Pair>,
    /// Pixels no filter position meets.
    pub unreached: usize,
}

impl Stats {
    /// Reads the counts from `conv`'s terms.
    pub fn new(conv: &Convolution) -> Stats {
        let image = &conv.spec().image;
        let mut reached = vec![false; image.len()];
        let mut weights = BTreeSet::new();
        let (mut lo, mut hi, mut edges, mut padding_terms) = (usize::MAX, 0, 0, 0);
        for out in conv.outputs() {
            let mut here = 0;
            for term in conv.terms(out) {
                match term.source {
                    Source::Pixel([r, c]) => {
                        here += 1;
                        reached[r * image.ncols() + c] = true;
                        weights.insert(term.weight);
                    }
                    Source::Padding(_) => padding_terms += 1,
                }
            }
            lo = lo.min(here);
            hi = hi.max(here);
            edges += here;
        }
        Stats {
            per_output: (lo.min(hi), hi),
            edges,
            padding_terms,
            weights: weights.into_iter().collect(),
            unreached: reached.iter().filter(|r| !**r).count(),
        }
    }
}

/// "α, β, γ, δ" (or "α to ι" for many), the weights in `used`.
pub(super) fn weight_list(example: &Example, used: &[Pair]) -> String {
    let name = |w: &Pair| example.labels.filter[*w].text.clone();
    match used {
        [] => String::new(),
        [w] => name(w),
        _ if used.len() <= 6 => {
            let names: Vec<String> = used.iter().map(name).collect();
            names.join(", ")
        }
        [first, .., last] => format!("{} to {}", name(first), name(last)),
    }
}

/// Extra sentences both views' captions share: padding, unreached pixels,
/// what was left out of the drawing, and whether the edges are named
/// (`labeled`).
pub(super) fn notes(
    example: &Example,
    conv: &Convolution,
    stats: &Stats,
    wiring: &Wiring,
    labeled: bool,
) -> String {
    let mut out = String::new();
    if stats.padding_terms > 0 {
        out.push_str(
            " Where the filter lies on the zero padding its products add nothing: padding zeros are not inputs, so they have no neuron and no line.",
        );
    }
    if stats.unreached > 0 {
        out.push_str(&format!(
            " {} no output at all: the filter never lands on {}.",
            if stats.unreached == 1 {
                "1 input reaches".to_string()
            } else {
                format!("{} inputs reach", stats.unreached)
            },
            if stats.unreached == 1 { "it" } else { "them" }
        ));
    }
    let n_in = example.spec.image.len();
    let n_out = conv.output().len();
    if wiring.inputs < n_in || wiring.outputs < n_out {
        let range = |labels: &Array2<Label>, n: usize, one: &str| {
            let first = labels.iter().next().map_or("", |l| l.text.as_str());
            match labels.iter().nth(n.saturating_sub(1)) {
                Some(last) if n > 1 => format!("{one}s {first} to {}", last.text),
                _ => format!("{one} {first}"),
            }
        };
        out.push_str(&format!(
            " Only {} and {} are drawn; the rest repeat the pattern.",
            range(&example.labels.image, wiring.inputs, "input"),
            range(&example.labels.output, wiring.outputs, "output"),
        ));
    }
    if let Some(f) = wiring.focus {
        let name = example.labels.output.iter().nth(f).map_or("", |l| &l.text);
        let own = wiring.links.iter().filter(|l| l.output == f).count();
        let lines = wiring.links.len() + wiring.zeros.as_ref().map_or(0, Vec::len);
        out.push_str(&format!(
            " {} lines would be a tangle, so only {name}'s {} {} drawn in full{}; the other lines are faded{}.",
            count(lines),
            plural(own, "connection"),
            if own == 1 { "is" } else { "are" },
            if labeled { " and named" } else { "" },
            if labeled {
                ""
            } else {
                ", and the legend names the colors"
            }
        ));
    } else if !labeled && !wiring.links.is_empty() {
        out.push_str(
            " The figure is too crowded to name every edge, so the legend names the colors.",
        );
    }
    out
}

/// The connections in words, output by output, for the figure's `<desc>`.
pub(super) fn describe(example: &Example, conv: &Convolution, wiring: &Wiring) -> String {
    let labels = &example.labels;
    let image: Vec<&Label> = labels.image.iter().collect();
    let outputs: Vec<&Label> = labels.output.iter().collect();
    let mut text = if wiring.dense {
        format!(
            "Every input neuron ({} row by row) is connected to every output neuron ({}). ",
            grid::span(&labels.image),
            grid::span(&labels.output)
        )
    } else {
        let neurons = |labels: &Array2<Label>, what: &str| {
            let noun = if labels.len() == 1 {
                "neuron"
            } else {
                "neurons"
            };
            format!("{what} {noun} {}", grid::span(labels))
        };
        format!(
            "{} (the pixels row by row) on the left, {} on the right. ",
            neurons(&labels.image, "Input"),
            neurons(&labels.output, "output")
        )
    };
    let mut per_output = vec![Vec::new(); wiring.outputs.min(MAX_DESCRIBED)];
    for link in &wiring.links {
        if let Some(list) = per_output.get_mut(link.output) {
            list.push(format!(
                "{} by {}",
                image[link.input].text, labels.filter[link.weight].text
            ));
        }
    }
    for (o, list) in per_output.iter().enumerate() {
        let name = &outputs[o].text;
        if list.is_empty() {
            text.push_str(&format!("{name} has no weighted connection"));
        } else {
            text.push_str(&format!("{name} is connected to {}", join_and(list)));
        }
        let zeros = image.len().saturating_sub(list.len());
        if wiring.dense && zeros > 0 {
            text.push_str(&format!(
                "; its other {} fixed at zero",
                if zeros == 1 {
                    "connection is".to_string()
                } else {
                    format!("{} connections are", count(zeros))
                }
            ));
        }
        text.push_str(". ");
    }
    let total = conv.output().len();
    if total > per_output.len() {
        text.push_str(&format!(
            "The other {} follow the same pattern. ",
            plural(total - per_output.len(), "output")
        ));
    }
    text.push_str(&format!(
        "A bias neuron {} is added to every output.",
        labels.bias.text
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::example;

    #[test]
    fn dense_wiring_weights_the_network_views_links_and_zeros_the_rest() {
        for body in [
            "example = \"seed\"",
            "example = \"seed-padded\"",
            "example = \"seed\"\nstride = 2\nfilter = [[1]]",
            "example = \"seed\"\ndilation = 2",
        ] {
            let (_, conv) = example(body);
            let dense = Wiring::dense(&conv);
            assert_eq!(dense.links, Wiring::sparse(&conv).links, "{body}");
            let zeros = dense.zeros.unwrap().len();
            assert_eq!(zeros + dense.links.len(), conv.weight_matrix().len());
        }
    }

    #[test]
    fn only_a_crowded_figure_singles_out_its_middle_output() {
        let focus = |body: &str| {
            let (_, conv) = example(body);
            let (sparse, dense) = (Wiring::sparse(&conv), Wiring::dense(&conv));
            assert_eq!(sparse.focus, dense.focus, "{body}");
            sparse.focus
        };
        assert_eq!(focus("example = \"seed\""), None);
        // T, the only output that meets all nine weights.
        assert_eq!(focus("example = \"seed-padded\""), Some(4));
        // One line per output never tangles.
        let row = format!("[{}]", ["1"; 8].join(", "));
        let image = vec![row; 8].join(", ");
        assert_eq!(focus(&format!("image = [{image}]\nfilter = [[2]]")), None);
        // All alike: the middle one of the 7×7 outputs.
        let filter = "filter = [[1, 2], [3, 4]]";
        assert_eq!(
            focus(&format!("image = [{image}]\n{filter}")),
            Some(3 * 7 + 3)
        );
    }

    #[test]
    fn padding_terms_get_no_link() {
        let (_, conv) = example("example = \"seed-padded\"");
        let pixel_terms: usize = conv
            .outputs()
            .map(|o| {
                conv.terms(o)
                    .iter()
                    .filter(|t| matches!(t.source, Source::Pixel(_)))
                    .count()
            })
            .sum();
        assert_eq!(pixel_terms, 49);
        assert_eq!(Wiring::sparse(&conv).links.len(), 49);
        let stats = Stats::new(&conv);
        assert_eq!((stats.edges, stats.per_output), (49, (4, 9)));
        assert_eq!(stats.padding_terms, 9 * 9 - 49);
    }
}
