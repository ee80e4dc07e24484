//! The network view: the layer as a neural network. Every pixel is an input
//! neuron, every result an output neuron, and every product of a weight and
//! a pixel an edge, colored and named by the shared weight it carries.
//!
//! The layout lives here and is shared with the dense view, which draws the
//! same neurons and edges plus the connections fixed at zero: the two
//! figures line up, so a reader can compare them edge for edge.

use std::collections::BTreeSet;

use crate::engine::{Convolution, Pair, Source};
use crate::figure::{Anchor, Drawing, Figure, Item, TextStyle, Tone};
use crate::labels::Label;
use crate::render::number;
use crate::resolve::Example;
use crate::view::{Show, View};
use crate::views::grid;

/// Most input neurons drawn; past that, only the first ones are.
const MAX_INPUTS: usize = 144;
/// Most output neurons drawn.
const MAX_OUTPUTS: usize = 144;
/// Most weighted edges drawn (it bounds the SVG's size).
const MAX_EDGES: usize = 1200;
/// Most edges that get a name each; past that, the legend names the colors.
const MAX_LABELED: usize = 160;
/// Most bias edges; past that, a note says the bias goes to every output.
const MAX_BIAS_EDGES: usize = 16;
/// Most entries in the legend.
const MAX_LEGEND: usize = 49;

/// Distance between neighbouring neurons in a column, at most and at least.
const MAX_STEP: f64 = 52.0;
const MIN_STEP: f64 = 7.0;
/// The height a column of neurons aims for before its step shrinks.
const COLUMN_SPAN: f64 = 460.0;
/// The tallest a column grows to, so more neurons keep their names.
const MAX_COLUMN_SPAN: f64 = 640.0;
/// Horizontal distance between the input and the output column, at most
/// and at least (it gives way to names beside the neurons).
const COLUMN_GAP: f64 = 520.0;
const MIN_COLUMN_GAP: f64 = 360.0;
/// Widest a figure gets while the column gap can still give way.
const MAX_WIDTH: f64 = 720.0;
/// Radius of neurons whose names are written beside them.
const BESIDE_RADIUS: f64 = 8.0;
/// Stroke width of the bias's lines (a zero's dashed lines are thinner).
const BIAS_WIDTH: f64 = 1.25;
/// Smallest radius of the bias neuron.
const BIAS_RADIUS: f64 = 18.0;
/// Extra space between two image rows in the input column, in steps.
const ROW_BREAK: f64 = 0.35;
/// Largest neuron radius, and the smallest that still holds its name.
const MAX_RADIUS: f64 = 22.0;
const NAMED_RADIUS: f64 = 11.0;
/// Smallest radius that holds a name and a value.
const VALUED_RADIUS: f64 = 17.0;
/// Smallest step at which every neuron's name fits beside it.
const NAMED_STEP: f64 = 13.0;
/// Smallest step at which edge names fit between the edges.
const LABELED_STEP: f64 = 20.0;
/// Height of an edge name's box.
const LABEL_BOX: f64 = 18.0;
/// Font sizes the layout measures text with (see `render::svg::style`).
const LABEL_PX: f64 = 16.0;
const NOTE_PX: f64 = 13.0;

/// The neural network view of `example`.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let wiring = Wiring::sparse(conv);
    let picture = picture(example, conv, &wiring);
    let stats = Stats::new(conv);
    let n_in = example.spec.image.len();
    let n_out = conv.output().len();
    let mut summary = format!(
        "{} connected to {}",
        if n_out == 1 {
            "The output neuron is"
        } else {
            "Each output neuron is"
        },
        reach(&stats, n_in)
    );
    let k = stats.weights.len();
    let names = weight_list(example, &stats.weights);
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
        noun(stats.edges, "connection"),
        count(k),
        if k == 1 { "weight" } else { "weights" }
    ));
    summary.push_str(&notes(example, conv, &stats, &wiring, &picture));
    let title = format!(
        "The layer as a neural network: {}, {}, {}",
        noun(n_in, "input neuron"),
        noun(n_out, "output neuron"),
        noun(stats.edges, "connection")
    );
    let desc = describe(example, conv, &wiring, false);
    Drawing {
        view: View::Network.name(),
        summary,
        figure: Some(Figure {
            view: View::Network.name(),
            title,
            desc,
            size: picture.size,
            items: picture.items,
        }),
        math: None,
    }
}

/// "only 4 of the 9 inputs", "all 9 inputs", "between 4 and 9 of the 9
/// inputs".
fn reach(stats: &Stats, n_in: usize) -> String {
    let (lo, hi) = stats.per_output;
    let of = format!("of the {}", noun(n_in, "input")).replace("the 1 input", "the one input");
    if lo == hi && hi == n_in {
        if n_in == 1 {
            "the one input".to_string()
        } else {
            format!("all {}", noun(n_in, "input"))
        }
    } else if lo == hi {
        format!("only {} {of}", count(lo))
    } else {
        format!("between {} and {} {of}", count(lo), count(hi))
    }
}

/// Extra sentences both views share: padding, unreached pixels, what was
/// left out of the drawing.
pub(super) fn notes(
    example: &Example,
    conv: &Convolution,
    stats: &Stats,
    wiring: &Wiring,
    picture: &Picture,
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
        let range = |labels: &ndarray::Array2<Label>, n: usize, one: &str| {
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
    if !picture.labeled && !wiring.links.is_empty() {
        out.push_str(
            " The figure is too crowded to name every edge, so the legend names the colors.",
        );
    }
    out
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

/// "1 connection", "16 connections", "20,736 connections".
pub(super) fn noun(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else if let Some(stem) = word.strip_suffix('s') {
        format!("{} {stem}ses", count(n))
    } else {
        format!("{} {word}s", count(n))
    }
}

/// `n` with thousands separators from 10,000 on, so big counts read.
pub(super) fn count(n: usize) -> String {
    let digits = n.to_string();
    if n < 10_000 {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
            links,
            zeros: None,
            dense: false,
        }
    }
}

/// How many inputs and outputs to draw: all of them, unless that would make
/// the figure unreadable or huge; then the first outputs (row-major) and
/// the inputs they reach.
pub(super) fn extent(conv: &Convolution) -> (usize, usize) {
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

/// A laid-out network figure.
pub(super) struct Picture {
    /// Shapes, in drawing order.
    pub items: Vec<Item>,
    /// Natural size.
    pub size: [f64; 2],
    /// Whether every weighted edge carries its weight's name.
    pub labeled: bool,
}

/// An axis-aligned box `[left, top, right, bottom]`.
type Bounds = [f64; 4];

/// A drawn line, kept so edge names can avoid crossing it.
struct Segment {
    from: [f64; 2],
    to: [f64; 2],
    /// How much a name placed across it costs.
    cost: f64,
}

/// Lays out the neurons and connections of `wiring`.
pub(super) fn picture(example: &Example, conv: &Convolution, wiring: &Wiring) -> Picture {
    let spec = &example.spec;
    let labels = &example.labels;
    let (rows, cols) = spec.image.dim();
    let n_in = wiring.inputs;
    let n_out = wiring.outputs;
    let f_cols = spec.filter.ncols();

    // Vertical positions in units of one step, inputs row-major with a
    // little air between image rows.
    let row_break = if rows > 1 && cols > 1 { ROW_BREAK } else { 0.0 };
    let in_unit = |k: usize| k as f64 + (k / cols) as f64 * row_break;
    let out_units = output_units(conv, wiring, &in_unit);
    let lo = out_units.iter().copied().fold(0.0_f64, f64::min);
    let hi = out_units
        .iter()
        .copied()
        .fold(in_unit(n_in.saturating_sub(1)), f64::max);
    let span = hi - lo;
    // Taller columns for more neurons, up to a point.
    let column = (span * NAMED_STEP).clamp(COLUMN_SPAN, MAX_COLUMN_SPAN);
    let step = if span > 0.0 {
        (column / span).clamp(MIN_STEP, MAX_STEP)
    } else {
        MAX_STEP
    };
    let full_radius = (step * 0.44).min(MAX_RADIUS);

    // Names and values go inside the neurons where they fit, else beside.
    let show = example.show;
    let image_labels: Vec<&Label> = labels.image.iter().take(n_in).collect();
    let image_values: Vec<f64> = spec.image.iter().take(n_in).copied().collect();
    let out_labels: Vec<&Label> = labels.output.iter().take(n_out).collect();
    let out_values: Vec<f64> = conv.output().iter().take(n_out).copied().collect();
    let naming = |labels: &[&Label], values: &[f64]| {
        if labels
            .iter()
            .zip(values)
            .all(|(l, v)| fits_inside(show, l, *v, full_radius))
        {
            Names::Inside
        } else if step >= NAMED_STEP {
            Names::Beside
        } else {
            Names::Ends
        }
    };
    let (mut in_names, mut out_names) = (
        naming(&image_labels, &image_values),
        naming(&out_labels, &out_values),
    );
    // Both columns alike: one column's names beside shrinks every neuron.
    if in_names != out_names {
        let beside = if step >= NAMED_STEP {
            Names::Beside
        } else {
            Names::Ends
        };
        for names in [&mut in_names, &mut out_names] {
            if *names == Names::Inside {
                *names = beside;
            }
        }
    }
    let radius = if in_names == Names::Inside {
        full_radius
    } else {
        full_radius.min(BESIDE_RADIUS)
    };
    let side = |names: Names, labels: &[&Label], values: &[f64]| match names {
        Names::Inside => 0.0,
        _ => {
            labels
                .iter()
                .zip(values)
                .map(|(l, v)| text_width(&beside_text(show, l, *v), NOTE_PX))
                .fold(0.0, f64::max)
                + 6.0
        }
    };
    let in_side = side(in_names, &image_labels, &image_values);
    let out_side = side(out_names, &out_labels, &out_values);
    let gap = (MAX_WIDTH - 2.0 * grid::MARGIN - in_side - out_side - 2.0 * radius)
        .clamp(MIN_COLUMN_GAP, COLUMN_GAP);
    let in_x = grid::MARGIN + in_side + radius;
    let out_x = in_x + gap;
    let width = out_x + radius + out_side + grid::MARGIN;
    let top = grid::MARGIN + grid::HEADING + 6.0 + radius;
    let y = |unit: f64| top + (unit - lo) * step;
    let inputs: Vec<[f64; 2]> = (0..n_in).map(|k| [in_x, y(in_unit(k))]).collect();
    let outputs: Vec<[f64; 2]> = out_units.iter().map(|u| [out_x, y(*u)]).collect();
    let bottom_node = y(hi) + radius;

    // More inputs or outputs than drawn: say so under the column.
    let more_in = spec.image.len() - n_in;
    let more_out = conv.output().len() - n_out;
    let mut cursor = bottom_node;
    let mut notes = Vec::new();
    if more_in > 0 || more_out > 0 {
        if more_in > 0 {
            notes.push(grid::note(
                [grid::MARGIN, cursor + 2.0],
                format!("⋮ {} more", noun(more_in, "input")),
            ));
        }
        if more_out > 0 {
            notes.push(Item::Text {
                at: [width - grid::MARGIN, cursor + 19.0],
                text: format!("⋮ {} more", noun(more_out, "output")),
                style: TextStyle::Note,
                anchor: Anchor::End,
                tone: Tone::Muted,
            });
        }
        cursor += grid::NOTE;
    }

    // The bias neuron, under the inputs.
    let bias_radius = radius.max(BIAS_RADIUS);
    let bias_inside = fits_inside(show, &labels.bias, spec.bias, bias_radius);
    let bias_at = [in_x, cursor + 16.0 + bias_radius];
    cursor = bias_at[1] + bias_radius;

    // Lines first, so neurons and names sit on top.
    let mut items = Vec::new();
    let mut segments = Vec::new();
    let edge = |from: [f64; 2], r_from: f64, to: [f64; 2], r_to: f64| {
        let (d, len) = direction(from, to);
        if len <= r_from + r_to {
            return (from, to);
        }
        (
            [from[0] + d[0] * r_from, from[1] + d[1] * r_from],
            [to[0] - d[0] * r_to, to[1] - d[1] * r_to],
        )
    };
    let band = wiring.dense && wiring.zeros.is_none();
    if band && !inputs.is_empty() && !outputs.is_empty() {
        items.push(Item::Polygon {
            points: vec![inputs[0], outputs[0], outputs[n_out - 1], inputs[n_in - 1]],
            tone: Tone::Muted,
            opacity: 0.18,
        });
    }
    for &(i, o) in wiring.zeros.iter().flatten() {
        let (from, to) = edge(inputs[i], radius, outputs[o], radius);
        items.push(Item::Line {
            from,
            to,
            tone: Tone::Muted,
            width: 1.0,
            arrow: false,
            dashed: true,
        });
        segments.push(Segment {
            from,
            to,
            cost: 0.3,
        });
    }
    let bias_edges = n_out <= MAX_BIAS_EDGES;
    if bias_edges {
        for &at in &outputs {
            let (from, to) = edge(bias_at, bias_radius, at, radius);
            items.push(Item::Line {
                from,
                to,
                tone: Tone::Muted,
                width: BIAS_WIDTH,
                arrow: false,
                dashed: false,
            });
            segments.push(Segment {
                from,
                to,
                cost: 0.5,
            });
        }
    }
    let weight_width = if step >= 30.0 {
        2.0
    } else if wiring.links.len() <= 300 {
        1.5
    } else {
        1.0
    };
    let ends: Vec<([f64; 2], [f64; 2])> = wiring
        .links
        .iter()
        .map(|l| edge(inputs[l.input], radius, outputs[l.output], radius))
        .collect();
    let first_weight_segment = segments.len();
    segments.extend(ends.iter().map(|&(from, to)| Segment {
        from,
        to,
        cost: 1.0,
    }));

    // Every edge's name, or none.
    let names: Vec<String> = wiring
        .links
        .iter()
        .map(|l| edge_name(example, l.weight))
        .collect();
    let mut circles: Vec<([f64; 2], f64)> = inputs
        .iter()
        .chain(outputs.iter())
        .map(|&c| (c, radius))
        .collect();
    circles.push((bias_at, bias_radius));
    let area = [in_x + radius, top - radius, out_x - radius, bottom_node];
    let placed = if wiring.links.len() <= MAX_LABELED && step >= LABELED_STEP {
        place_names(
            &ends,
            &names,
            &segments,
            first_weight_segment,
            &circles,
            area,
        )
    } else {
        None
    };
    let labeled = placed.is_some();
    for (k, (link, &(from, to))) in wiring.links.iter().zip(&ends).enumerate() {
        let tone = grid::weight_tone(f_cols, link.weight);
        let line = |from, to| Item::Line {
            from,
            to,
            tone,
            width: weight_width,
            arrow: false,
            dashed: false,
        };
        match placed.as_ref().map(|p| p[k]) {
            Some((center, gap)) => {
                let (d, _) = direction(from, to);
                items.push(line(from, [center[0] - d[0] * gap, center[1] - d[1] * gap]));
                items.push(line([center[0] + d[0] * gap, center[1] + d[1] * gap], to));
            }
            None => items.push(line(from, to)),
        }
    }

    // Neurons.
    let node = |center, radius, tone, inside: bool, label: &Label, value: f64| {
        let (symbol, value) = if inside {
            grid::content(show, label, value)
        } else {
            (None, None)
        };
        Item::Node {
            center,
            radius,
            tone,
            symbol,
            value,
        }
    };
    let in_inside = in_names == Names::Inside;
    let out_inside = out_names == Names::Inside;
    for (k, &at) in inputs.iter().enumerate() {
        items.push(node(
            at,
            radius,
            Tone::Pixel,
            in_inside,
            image_labels[k],
            image_values[k],
        ));
    }
    for (k, &at) in outputs.iter().enumerate() {
        items.push(node(
            at,
            radius,
            Tone::Output,
            out_inside,
            out_labels[k],
            out_values[k],
        ));
    }
    items.push(node(
        bias_at,
        bias_radius,
        Tone::Bias,
        bias_inside,
        &labels.bias,
        spec.bias,
    ));
    let shown = |names: Names, k: usize, n: usize| match names {
        Names::Inside => false,
        Names::Beside => true,
        Names::Ends => k == 0 || k + 1 == n,
    };
    for (k, &at) in inputs.iter().enumerate() {
        if shown(in_names, k, n_in) {
            let text = beside_text(show, image_labels[k], image_values[k]);
            items.push(beside(at, radius, text, Anchor::End));
        }
    }
    for (k, &at) in outputs.iter().enumerate() {
        if shown(out_names, k, n_out) {
            let text = beside_text(show, out_labels[k], out_values[k]);
            items.push(beside(at, radius, text, Anchor::Start));
        }
    }
    if let Some(places) = &placed {
        for ((link, name), (center, _)) in wiring.links.iter().zip(&names).zip(places) {
            items.push(Item::Text {
                at: [center[0], center[1] + LABEL_PX * 0.35],
                text: name.clone(),
                style: TextStyle::Label,
                anchor: Anchor::Middle,
                tone: grid::weight_tone(f_cols, link.weight),
            });
        }
    }
    items.extend(notes);

    // Headings, the bias's name, the legend.
    items.push(grid::heading(
        [grid::MARGIN, grid::MARGIN],
        "Input neurons: pixels of X",
    ));
    items.push(Item::Text {
        at: [width - grid::MARGIN, grid::MARGIN + 18.0],
        text: "Output neurons: Y".into(),
        style: TextStyle::Heading,
        anchor: Anchor::End,
        tone: Tone::Ink,
    });
    let mut bias_note = if bias_edges {
        "the bias, added to every output".to_string()
    } else {
        format!("the bias, added to each of the {n_out} outputs")
    };
    if !bias_inside {
        bias_note = format!(
            "{}: {bias_note}",
            beside_text(show, &labels.bias, spec.bias)
        );
    }
    items.push(Item::Text {
        at: [bias_at[0] + bias_radius + 8.0, bias_at[1] + NOTE_PX * 0.35],
        text: bias_note,
        style: TextStyle::Note,
        anchor: Anchor::Start,
        tone: Tone::Muted,
    });
    let legend_top = cursor + 14.0;
    let (legend, legend_bottom) = legend(example, wiring, [grid::MARGIN, legend_top], width);
    items.extend(legend);
    Picture {
        items,
        size: [width, legend_bottom + grid::MARGIN],
        labeled,
    }
}

/// Where each output neuron goes, in steps: at the middle of the inputs it
/// is connected to (so locality shows), in row-major order, at least one
/// step apart.
fn output_units(conv: &Convolution, wiring: &Wiring, in_unit: &dyn Fn(usize) -> f64) -> Vec<f64> {
    let spec = conv.spec();
    let (rows, cols) = spec.image.dim();
    let mut sums = vec![(0.0, 0usize); wiring.outputs];
    for link in &wiring.links {
        sums[link.output].0 += in_unit(link.input);
        sums[link.output].1 += 1;
    }
    let reach = spec.reach();
    let wanted: Vec<f64> = conv
        .outputs()
        .take(wiring.outputs)
        .zip(&sums)
        .map(|(out, &(sum, n))| {
            if n > 0 {
                return sum / n as f64;
            }
            // No pixel at all (only padding): the window's middle, clamped
            // to the image.
            let origin = conv.window_origin(out);
            let at = |axis: usize, size: usize| {
                let mid = (origin[axis] + reach[axis] / 2) as isize - spec.padding[axis] as isize;
                mid.clamp(0, size as isize - 1) as usize
            };
            let k = (at(0, rows) * cols + at(1, cols)).min(wiring.inputs.saturating_sub(1));
            in_unit(k)
        })
        .collect();
    let mut units = Vec::with_capacity(wanted.len());
    for (k, &w) in wanted.iter().enumerate() {
        let previous = if k == 0 {
            f64::NEG_INFINITY
        } else {
            units[k - 1] + 1.0
        };
        units.push(w.max(previous));
    }
    if !units.is_empty() {
        let shift = (wanted.iter().sum::<f64>() - units.iter().sum::<f64>()) / units.len() as f64;
        for u in &mut units {
            *u += shift;
        }
    }
    units
}

/// What an edge is called: its weight's symbol, or its value when the block
/// asks for values only.
fn edge_name(example: &Example, weight: Pair) -> String {
    if example.show == Show::Values {
        number::display(example.spec.filter[weight])
    } else {
        example.labels.filter[weight].text.clone()
    }
}

/// Where a column of neurons shows its names and values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Names {
    /// In the neurons.
    Inside,
    /// Next to every neuron.
    Beside,
    /// Next to the first and the last neuron only (too many to name).
    Ends,
}

/// Whether a neuron of `radius` holds its name and/or value legibly (the
/// renderer shrinks text to fit; below 10px it is too small to read).
fn fits_inside(show: Show, label: &Label, value: f64, radius: f64) -> bool {
    let (symbol, value) = grid::content(show, label, value);
    let fits = |text: &str, px: f64, room: f64| {
        let px = px.min(3.4 * radius / text.chars().count().max(1) as f64);
        px >= 10.0 && text_width(text, px) <= room * radius
    };
    match (symbol, value) {
        (Some(s), Some(v)) => radius >= VALUED_RADIUS && fits(&s, 20.0, 1.6) && fits(&v, 14.0, 1.4),
        (Some(t), None) | (None, Some(t)) => radius >= NAMED_RADIUS && fits(&t, 20.0, 1.6),
        (None, None) => true,
    }
}

/// "A = 2", "A" or "2", as `show` asks, for text next to a neuron.
fn beside_text(show: Show, label: &Label, value: f64) -> String {
    match show {
        Show::Symbols => label.text.clone(),
        Show::Values => number::display(value),
        Show::Both => format!("{} = {}", label.text, number::display(value)),
    }
}

/// A neuron's name next to it, for neurons too small to hold it.
fn beside(at: [f64; 2], radius: f64, text: String, anchor: Anchor) -> Item {
    let dx = radius + 4.0;
    Item::Text {
        at: [
            if anchor == Anchor::End {
                at[0] - dx
            } else {
                at[0] + dx
            },
            at[1] + NOTE_PX * 0.35,
        ],
        text,
        style: TextStyle::Note,
        anchor,
        tone: Tone::Ink,
    }
}

/// The key to the lines: each weight's color and name, the bias, and (dense
/// view) the zeros. Wraps to the figure's width; returns its bottom.
fn legend(example: &Example, wiring: &Wiring, at: [f64; 2], width: f64) -> (Vec<Item>, f64) {
    let spec = &example.spec;
    let labels = &example.labels;
    let show = example.show;
    let mut entries: Vec<(Tone, bool, f64, String)> = Vec::new();
    if spec.filter.len() <= MAX_LEGEND {
        for ((u, v), label) in labels.filter.indexed_iter() {
            let value = number::display(spec.filter[[u, v]]);
            let text = match show {
                Show::Symbols => label.text.clone(),
                Show::Values => value,
                Show::Both => format!("{} = {value}", label.text),
            };
            entries.push((
                grid::weight_tone(spec.filter.ncols(), [u, v]),
                false,
                3.0,
                text,
            ));
        }
    }
    if wiring.dense {
        entries.push((Tone::Muted, true, 1.5, "0, fixed (no weight)".into()));
    }
    if wiring.outputs <= MAX_BIAS_EDGES {
        entries.push((
            Tone::Muted,
            false,
            BIAS_WIDTH,
            format!("{}, the bias", labels.bias.text),
        ));
    }
    let mut items = vec![Item::Text {
        at: [at[0], at[1] + 14.0],
        text: if spec.filter.len() <= MAX_LEGEND {
            "Lines:".into()
        } else {
            format!(
                "Lines: {} weights; the colors repeat every 7",
                spec.filter.len()
            )
        },
        style: TextStyle::Note,
        anchor: Anchor::Start,
        tone: Tone::Muted,
    }];
    let line_h = 24.0;
    let start = at[0] + 48.0;
    let mut x = start;
    let mut row_y = at[1];
    if spec.filter.len() > MAX_LEGEND {
        row_y += line_h;
        x = at[0];
    }
    for (tone, dashed, line_width, text) in entries {
        let px = if tone == Tone::Muted {
            NOTE_PX
        } else {
            LABEL_PX
        };
        let w = 26.0 + text_width(&text, px) + 18.0;
        if x + w > width - grid::MARGIN && x > start {
            x = at[0];
            row_y += line_h;
        }
        let mid = row_y + 9.0;
        items.push(Item::Line {
            from: [x, mid],
            to: [x + 22.0, mid],
            tone,
            width: line_width,
            arrow: false,
            dashed,
        });
        items.push(Item::Text {
            at: [x + 27.0, mid + px * 0.35],
            text,
            style: if tone == Tone::Muted {
                TextStyle::Note
            } else {
                TextStyle::Label
            },
            anchor: Anchor::Start,
            tone,
        });
        x += w;
    }
    (items, row_y + line_h)
}

/// Finds a spot for every edge's name: on the edge itself, in a gap cut into
/// its line, clear of the neurons and of every other name, crossing as few
/// other lines as it can. `None` when some name finds no free spot; then no
/// edge is named (half-named edges would read as unnamed ones).
fn place_names(
    ends: &[([f64; 2], [f64; 2])],
    names: &[String],
    segments: &[Segment],
    first_own: usize,
    circles: &[([f64; 2], f64)],
    area: Bounds,
) -> Option<Vec<([f64; 2], f64)>> {
    const PREFERRED: f64 = 0.7;
    let mut boxes: Vec<Bounds> = Vec::with_capacity(ends.len());
    let mut places = Vec::with_capacity(ends.len());
    for (k, (&(from, to), name)) in ends.iter().zip(names).enumerate() {
        let half = [text_width(name, LABEL_PX) / 2.0 + 3.0, LABEL_BOX / 2.0];
        let (d, _) = direction(from, to);
        let mut best: Option<(f64, [f64; 2], Bounds)> = None;
        for i in 3..=22 {
            let t = i as f64 * 0.04;
            let c = [
                from[0] + (to[0] - from[0]) * t,
                from[1] + (to[1] - from[1]) * t,
            ];
            let b = [
                c[0] - half[0],
                c[1] - half[1],
                c[0] + half[0],
                c[1] + half[1],
            ];
            let outside = b[0] < area[0] || b[2] > area[2] || b[1] < area[1] || b[3] > area[3];
            if outside
                || boxes.iter().any(|o| overlaps(o, &b, 5.0))
                || circles
                    .iter()
                    .any(|&(center, r)| circle_hits(center, r + 3.0, &b))
            {
                continue;
            }
            let crossings: f64 = segments
                .iter()
                .enumerate()
                .filter(|(j, s)| *j != first_own + k && segment_hits(s.from, s.to, &b))
                .map(|(_, s)| s.cost)
                .sum();
            let cost = crossings + 2.0 * (t - PREFERRED).abs();
            if best.as_ref().is_none_or(|(c0, _, _)| cost < *c0) {
                best = Some((cost, c, b));
            }
        }
        let (_, center, b) = best?;
        boxes.push(b);
        // Half the gap: from the center to where the line leaves the box.
        let exit_x = if d[0].abs() > 1e-9 {
            half[0] / d[0].abs()
        } else {
            f64::INFINITY
        };
        let exit_y = if d[1].abs() > 1e-9 {
            half[1] / d[1].abs()
        } else {
            f64::INFINITY
        };
        places.push((center, exit_x.min(exit_y) + 1.0));
    }
    Some(places)
}

/// Unit vector from `a` to `b` and the distance.
fn direction(a: [f64; 2], b: [f64; 2]) -> ([f64; 2], f64) {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-9 {
        ([1.0, 0.0], 0.0)
    } else {
        ([dx / len, dy / len], len)
    }
}

/// Rough width of `text` at `px` (the figure's sans-serif font).
pub(super) fn text_width(text: &str, px: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            '₀'..='₉' | ',' | '.' | ' ' | '(' | ')' => 0.4,
            _ => 0.62,
        })
        .sum::<f64>()
        * px
}

fn overlaps(a: &Bounds, b: &Bounds, margin: f64) -> bool {
    a[0] < b[2] + margin && b[0] < a[2] + margin && a[1] < b[3] + margin && b[1] < a[3] + margin
}

fn circle_hits(center: [f64; 2], r: f64, b: &Bounds) -> bool {
    let x = center[0].clamp(b[0], b[2]);
    let y = center[1].clamp(b[1], b[3]);
    (x - center[0]).powi(2) + (y - center[1]).powi(2) < r * r
}

/// Whether the segment from `a` to `b` passes through the box (Liang–Barsky).
fn segment_hits(a: [f64; 2], b: [f64; 2], bounds: &Bounds) -> bool {
    let d = [b[0] - a[0], b[1] - a[1]];
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-d[0], a[0] - bounds[0]),
        (d[0], bounds[2] - a[0]),
        (-d[1], a[1] - bounds[1]),
        (d[1], bounds[3] - a[1]),
    ] {
        if p.abs() < 1e-12 {
            if q < 0.0 {
                return false;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// The connections in words, output by output, for the figure's `<desc>`.
pub(super) fn describe(
    example: &Example,
    conv: &Convolution,
    wiring: &Wiring,
    dense: bool,
) -> String {
    const MAX_DESCRIBED: usize = 12;
    let labels = &example.labels;
    let image: Vec<&Label> = labels.image.iter().collect();
    let outputs: Vec<&Label> = labels.output.iter().collect();
    let n_in = image.len();
    let neurons = |labels: &ndarray::Array2<Label>, what: &str| {
        if labels.len() == 1 {
            format!("{what} neuron {}", grid::span(labels))
        } else {
            format!("{what} neurons {}", grid::span(labels))
        }
    };
    let mut text = if dense {
        format!(
            "Every input neuron ({} row by row) is connected to every output neuron ({}). ",
            grid::span(&labels.image),
            grid::span(&labels.output)
        )
    } else {
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
        if dense {
            let zeros = n_in - list.len();
            if zeros > 0 {
                text.push_str(&format!(
                    "; its other {} fixed at zero",
                    if zeros == 1 {
                        "connection is".to_string()
                    } else {
                        format!("{} connections are", count(zeros))
                    }
                ));
            }
        }
        text.push_str(". ");
    }
    let total = conv.output().len();
    if total > per_output.len() {
        text.push_str(&format!(
            "The other {} follow the same pattern. ",
            noun(total - per_output.len(), "output")
        ));
    }
    text.push_str(&format!(
        "A bias neuron {} is added to every output.",
        labels.bias.text
    ));
    text
}

/// "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::render::svg;

    /// The example and convolution of a block body.
    pub fn example(body: &str) -> (Example, Convolution) {
        crate::views::testing::example(body)
    }

    fn network(body: &str) -> Drawing {
        let (example, conv) = example(body);
        draw(&example, &conv)
    }

    /// Weighted edges (solid lines in a weight's tone), by tone; an edge cut
    /// around its name counts once.
    pub fn weight_lines(figure: &Figure) -> Vec<Tone> {
        figure
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Line {
                    tone: tone @ Tone::Weight(_),
                    width,
                    ..
                } if *width < 3.0 => Some(*tone),
                _ => None,
            })
            .collect()
    }

    /// Edge names: label-style text in a weight's tone, outside the legend.
    pub fn edge_names(figure: &Figure) -> Vec<(String, Tone)> {
        let legend_top = figure
            .items
            .iter()
            .find_map(|item| match item {
                Item::Text { text, at, .. } if text.starts_with("Lines:") => Some(at[1]),
                _ => None,
            })
            .unwrap();
        figure
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text {
                    text,
                    style: TextStyle::Label,
                    tone: tone @ Tone::Weight(_),
                    at,
                    ..
                } if at[1] < legend_top - 10.0 => Some((text.clone(), *tone)),
                _ => None,
            })
            .collect()
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
        let figure = drawing.figure.unwrap();
        // Named or not, 49 edges: 49 names, or 49 whole lines.
        let names = edge_names(&figure).len();
        let lines = weight_lines(&figure).len();
        assert!(
            (names == 49 && lines == 98) || (names == 0 && lines == 49),
            "{names} names, {lines} lines"
        );
        assert!(drawing.summary.contains("between 4 and 9 of the 9 inputs"));
        assert!(drawing.summary.contains("zero padding"));
    }

    #[test]
    fn names_never_overlap_each_other_or_neurons() {
        for body in [
            "example = \"seed\"",
            "example = \"seed-padded\"",
            "example = \"seed\"\nfilter = [[1]]",
            "image = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]]\nfilter = [[1, 0.5], [-0.25, 2]]\nstride = 2",
            "example = \"seed\"\nimage-labels = [[\"top-left\", \"top\", \"top-right\"], [\"left\", \"middle\", \"right\"], [\"bottom-left\", \"bottom\", \"bottom-right\"]]",
            "image = [[4, 6, 8, 4, 9, 9], [1, 1, 2, 4, 6, 1], [2, 4, 8, 4, 3, 3]]\nfilter = [[1, 2, 3]]\nbias = 0.5\nshow = \"values\"",
        ] {
            let figure = network(body).figure.unwrap();
            let boxes: Vec<Bounds> = edge_names(&figure)
                .iter()
                .zip(figure.items.iter().filter_map(|i| match i {
                    Item::Text {
                        at,
                        style: TextStyle::Label,
                        tone: Tone::Weight(_),
                        ..
                    } => Some(*at),
                    _ => None,
                }))
                .map(|((text, _), at)| {
                    let w = text_width(text, LABEL_PX) / 2.0;
                    [at[0] - w, at[1] - 12.0, at[0] + w, at[1] + 4.0]
                })
                .collect();
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    assert!(!overlaps(a, b, 0.0), "{body}: {a:?} and {b:?}");
                }
                for item in &figure.items {
                    if let Item::Node { center, radius, .. } = item {
                        assert!(!circle_hits(*center, *radius, a), "{body}: {a:?}");
                    }
                }
            }
            // Everything inside the canvas.
            for item in &figure.items {
                if let Item::Node { center, radius, .. } = item {
                    assert!(center[0] - radius >= 0.0 && center[0] + radius <= figure.size[0]);
                    assert!(center[1] - radius >= 0.0 && center[1] + radius <= figure.size[1]);
                }
            }
            assert!(figure.size[0] <= 720.0, "{body}: {:?}", figure.size);
        }
    }

    #[test]
    fn long_names_go_beside_small_neurons() {
        let figure = network(
            "example = \"seed\"\nimage-labels = [[\"top-left\", \"top\", \"top-right\"], [\"left\", \"middle\", \"right\"], [\"bottom-left\", \"bottom\", \"bottom-right\"]]",
        )
        .figure
        .unwrap();
        let beside: Vec<&str> = figure
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text {
                    text,
                    style: TextStyle::Note,
                    tone: Tone::Ink,
                    ..
                } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(beside.contains(&"top-left = 2"), "{beside:?}");
        assert!(beside.contains(&"P = 5"), "{beside:?}");
        // No neuron holds text it cannot fit.
        for item in &figure.items {
            if let Item::Node {
                symbol: Some(_),
                radius,
                tone,
                ..
            } = item
            {
                assert_eq!(*tone, Tone::Bias, "only the bias keeps its name inside");
                assert!(*radius >= VALUED_RADIUS);
            }
        }
        assert!(figure.size[0] <= MAX_WIDTH);
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
        assert_eq!(weight_lines(&figure).len(), 900);
        assert!(drawing.summary.contains("too crowded to name every edge"));
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
