//! The network view run backwards, for the gradient view: the output
//! neurons hold δ, and it flows back along the same edges (arrows now point
//! at the pixels), times each edge's shared weight; a pixel's gradient is
//! what reaches it.

use crate::engine::{Pair, Source};
use crate::figure::{Anchor, Item, TextStyle, Tone};
use crate::render::number;
use crate::text::{self, HEADING_PX, LABEL_PX, NOTE_PX};
use crate::views::backprop::{Backprop, Part, factor, grad_name};
use crate::views::grad_sums::sum_lines;
use crate::views::grid;
use crate::views::panels::WIDTH;

/// Most pixels and edges drawn; past them the part is left out.
pub(super) const MAX_PIXELS: usize = 36;
pub(super) const MAX_EDGES: usize = 300;
/// Neuron radius and the distance between two inputs.
const RADIUS: f64 = 13.0;
const STEP: f64 = 32.0;
/// Extra room between two image rows, in steps.
const ROW_BREAK: f64 = 0.35;
/// Most weights in the legend.
const MAX_LEGEND: usize = 12;
/// The heading of this part.
const HEADING: &str = "The network run backwards: δ flows back along every edge";

/// One edge: output index, pixel index, weight.
struct Edge {
    output: usize,
    pixel: usize,
    weight: Pair,
}

fn edges(bp: &Backprop) -> Vec<Edge> {
    let cols = bp.conv.spec().image.ncols();
    let mut found = Vec::new();
    for (o, out) in bp.conv.outputs().enumerate() {
        for term in bp.conv.terms(out) {
            if let Source::Pixel([r, c]) = term.source {
                found.push(Edge {
                    output: o,
                    pixel: r * cols + c,
                    weight: term.weight,
                });
            }
        }
    }
    found
}

/// Whether the part is drawn for this example.
pub(super) fn fits(bp: &Backprop) -> bool {
    bp.conv.spec().image.len() <= MAX_PIXELS && edges(bp).len() <= MAX_EDGES
}

/// The network backwards from `top` down, or `None` when it is too large.
pub(super) fn draw(bp: &Backprop, top: f64) -> Option<Part> {
    if !fits(bp) {
        return None;
    }
    let example = bp.example;
    let spec = bp.conv.spec();
    let labels = &example.labels;
    let edges = edges(bp);
    let (rows, cols) = spec.image.dim();
    let outs: Vec<Pair> = bp.conv.outputs().collect();
    let row_break = if rows > 1 && cols > 1 { ROW_BREAK } else { 0.0 };
    let unit = |k: usize| k as f64 + (k / cols) as f64 * row_break;
    // Outputs level with the middle of their pixels, at least a step apart.
    let mut out_units = Vec::with_capacity(outs.len());
    for o in 0..outs.len() {
        let mine: Vec<f64> = edges
            .iter()
            .filter(|e| e.output == o)
            .map(|e| unit(e.pixel))
            .collect();
        let want = if mine.is_empty() {
            0.0
        } else {
            mine.iter().sum::<f64>() / mine.len() as f64
        };
        let previous = out_units
            .last()
            .map_or(f64::NEG_INFINITY, |&u: &f64| u + 1.0);
        out_units.push(want.max(previous));
    }
    let in_texts: Vec<String> = labels
        .image
        .iter()
        .zip(bp.image.iter())
        .map(|(l, &g)| format!("{} = {}", grad_name(&l.text), number::display(g)))
        .collect();
    let out_texts: Vec<String> = outs
        .iter()
        .map(|&o| format!("{} = {}", bp.delta_name(o), number::display(bp.delta[o])))
        .collect();
    let side = |texts: &[String]| {
        texts
            .iter()
            .map(|t| text::width(t, NOTE_PX))
            .fold(0.0, f64::max)
            + 6.0
    };
    let in_x = grid::MARGIN + side(&in_texts) + RADIUS;
    let out_side = side(&out_texts);
    let out_x = (WIDTH - grid::MARGIN - out_side - RADIUS).min(in_x + 420.0);
    let y0 = top + grid::HEADING + 8.0 + RADIUS;
    let y = |u: f64| y0 + u * STEP;
    let in_at: Vec<[f64; 2]> = (0..spec.image.len()).map(|k| [in_x, y(unit(k))]).collect();
    let out_at: Vec<[f64; 2]> = out_units.iter().map(|&u| [out_x, y(u)]).collect();

    let mut items = vec![grid::heading([grid::MARGIN, top], HEADING)];
    let filter_cols = spec.filter.ncols();
    for e in &edges {
        let (from, to) = (out_at[e.output], in_at[e.pixel]);
        let (dx, dy) = (to[0] - from[0], to[1] - from[1]);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let shrink = |p: [f64; 2], s: f64| [p[0] + dx / len * s, p[1] + dy / len * s];
        items.push(Item::Line {
            from: shrink(from, RADIUS + 1.0),
            to: shrink(to, -(RADIUS + 1.0)),
            tone: grid::weight_tone(filter_cols, e.weight),
            width: 1.75,
            arrow: true,
            dashed: false,
        });
    }
    for (k, (at, label)) in in_at.iter().zip(labels.image.iter()).enumerate() {
        items.push(node(*at, Tone::Pixel, &label.text));
        items.push(beside(
            [at[0] - RADIUS - 4.0, at[1]],
            in_texts[k].clone(),
            Anchor::End,
        ));
    }
    for (k, (at, &out)) in out_at.iter().zip(&outs).enumerate() {
        items.push(node(*at, Tone::Output, &labels.output[out].text));
        items.push(beside(
            [at[0] + RADIUS + 4.0, at[1]],
            out_texts[k].clone(),
            Anchor::Start,
        ));
    }
    let lowest = in_at.iter().chain(&out_at).map(|p| p[1]).fold(y0, f64::max) + RADIUS;
    let (legend, mut bottom) = legend(bp, lowest + 12.0);
    items.extend(legend);
    let mut right =
        (out_x + RADIUS + out_side).max(grid::MARGIN + text::width(HEADING, HEADING_PX));
    for (dx, line) in busiest_pixel(bp, &edges) {
        right = right.max(grid::MARGIN + dx + text::width(&line, LABEL_PX));
        items.push(Item::Text {
            at: [grid::MARGIN + dx, bottom + 16.0],
            text: line,
            style: TextStyle::Label,
            anchor: Anchor::Start,
            tone: Tone::Ink,
        });
        bottom += 22.0;
    }
    Some(Part {
        items,
        right,
        bottom,
    })
}

fn node(center: [f64; 2], tone: Tone, symbol: &str) -> Item {
    Item::Node {
        center,
        radius: RADIUS,
        tone,
        symbol: Some(symbol.to_string()),
        value: None,
    }
}

fn beside(at: [f64; 2], text: String, anchor: Anchor) -> Item {
    Item::Text {
        at: [at[0], at[1] + NOTE_PX * 0.35],
        text,
        style: TextStyle::Note,
        anchor,
        tone: Tone::Ink,
    }
}

/// The edges' key: each weight's color, name and value (the factor δ is
/// multiplied by on its way back). Returns the items and their bottom.
fn legend(bp: &Backprop, top: f64) -> (Vec<Item>, f64) {
    let spec = bp.conv.spec();
    let labels = &bp.example.labels;
    let cols = spec.filter.ncols();
    let mut items = vec![grid::note([grid::MARGIN, top - 4.0], "Edges, times:")];
    let mut x = grid::MARGIN + 92.0;
    let mut y = top + 9.0;
    for (k, ((u, v), label)) in labels.filter.indexed_iter().enumerate() {
        if k == MAX_LEGEND {
            break;
        }
        let text = format!("{} = {}", label.text, number::display(spec.filter[[u, v]]));
        let w = 30.0 + text::width(&text, LABEL_PX) + 14.0;
        if x + w > WIDTH - grid::MARGIN {
            x = grid::MARGIN + 92.0;
            y += 24.0;
        }
        let tone = grid::weight_tone(cols, [u, v]);
        items.push(Item::Line {
            from: [x, y],
            to: [x + 24.0, y],
            tone,
            width: 3.0,
            arrow: false,
            dashed: false,
        });
        items.push(Item::Text {
            at: [x + 29.0, y + LABEL_PX * 0.35],
            text,
            style: TextStyle::Label,
            anchor: Anchor::Start,
            tone,
        });
        x += w;
    }
    (items, y + 16.0)
}

/// The sum of the pixel with the most edges, as lines: what Cᵀδ's row of
/// it says, `∂L/∂E = δ·δP + γ·δQ + β·δR + α·δS = 17`.
fn busiest_pixel(bp: &Backprop, edges: &[Edge]) -> Vec<(f64, String)> {
    let spec = bp.conv.spec();
    let labels = &bp.example.labels;
    let pixels = spec.image.len();
    let Some(pixel) = (0..pixels).max_by_key(|&p| {
        (
            edges.iter().filter(|e| e.pixel == p).count(),
            std::cmp::Reverse(p),
        )
    }) else {
        return Vec::new();
    };
    let outs: Vec<Pair> = bp.conv.outputs().collect();
    let mine: Vec<&Edge> = edges.iter().filter(|e| e.pixel == pixel).collect();
    if mine.is_empty() || mine.len() > 12 {
        return Vec::new();
    }
    let cols = spec.image.ncols();
    let at = [pixel / cols, pixel % cols];
    let name = grad_name(&labels.image[at].text);
    let symbols: Vec<String> = mine
        .iter()
        .map(|e| {
            format!(
                "{}·{}",
                labels.filter[e.weight].text,
                bp.delta_name(outs[e.output])
            )
        })
        .collect();
    let numbers: Vec<String> = mine
        .iter()
        .map(|e| {
            format!(
                "{}·{}",
                factor(spec.filter[e.weight]),
                factor(bp.delta[outs[e.output]])
            )
        })
        .collect();
    sum_lines(&name, &symbols, &numbers, bp.image[at])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    #[test]
    fn the_seed_runs_backwards_along_sixteen_edges() {
        let (example, model) = model("example = \"seed\"\ntarget = [[0, 0], [0, 0]]");
        let bp = Backprop::new("gradient", &example, &model).unwrap();
        let part = draw(&bp, 0.0).unwrap();
        let arrows: Vec<&Item> = part
            .items
            .iter()
            .filter(|i| matches!(i, Item::Line { arrow: true, .. }))
            .collect();
        assert_eq!(arrows.len(), 16);
        // Every arrow points from an output (right) to a pixel (left).
        for a in arrows {
            let Item::Line { from, to, .. } = a else {
                unreachable!()
            };
            assert!(to[0] < from[0]);
        }
        let texts: Vec<&str> = part
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.contains(&"∂L/∂E = 17"), "{texts:?}");
        assert!(texts.contains(&"δR = \u{2212}1"), "{texts:?}");
        assert!(
            texts.contains(&"∂L/∂E = δ·δP + γ·δQ + β·δR + α·δS"),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"= 0·5 + 2·6 + (\u{2212}1)·(\u{2212}1) + 1·4 = 17"),
            "{texts:?}"
        );
        assert!(part.right <= WIDTH);
    }
}
