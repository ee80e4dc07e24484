//! The lines of the network and dense views: each weighted connection in
//! its weight's color, the bias's lines, the connections fixed at zero
//! (dashed, or one gray band when there are too many), and every weighted
//! edge's name, set in a gap cut into the edge itself.
//!
//! Names are all or nothing: when one finds no free spot, none is written
//! and the legend names the colors (half-named edges would read as unnamed
//! ones). In a crowded figure one output's lines stand out, drawn in full
//! and named, and every other line is faded behind them, so a reader can
//! follow one output's sum and still see the shape of the rest.

use crate::engine::Pair;
use crate::figure::{Anchor, Item, TextStyle, Tone};
use crate::geometry::{Circle, Point, Rect, Vec2};
use crate::render::number;
use crate::resolve::Example;
use crate::text::{self, LABEL_PX};
use crate::view::Show;
use crate::views::grid;
use crate::views::wiring::Wiring;

/// Most edges that get a name each; past that, the legend names the colors.
const MAX_LABELED: usize = 160;
/// Smallest step at which edge names fit between the edges.
const LABELED_STEP: f64 = 20.0;
/// Height of an edge name's box.
const LABEL_BOX: f64 = 18.0;
/// Where along its edge a name sits best (0 at the input, 1 at the output).
const PREFERRED_SPOT: f64 = 0.7;
/// Stroke width of the bias's lines (a zero's dashed lines are thinner).
pub(super) const BIAS_WIDTH: f64 = 1.25;
/// Opacity of the lines faded behind the output that stands out.
pub(super) const FADED: f64 = 0.2;
/// What a name placed across a faded line costs: it hardly hides it.
const FADED_COST: f64 = 0.05;

/// Where the neurons sit, as the lines between them need to know.
pub(super) struct Ends<'a> {
    /// Centers of the drawn input neurons, row-major.
    pub inputs: &'a [Point],
    /// Centers of the drawn output neurons, row-major.
    pub outputs: &'a [Point],
    /// Radius of the input and output neurons.
    pub radius: f64,
    /// The bias neuron.
    pub bias: Circle,
    /// Distance between neighbouring neurons: lines thin out and names stop
    /// fitting as it shrinks.
    pub step: f64,
    /// Where names may go: between the two columns.
    pub area: Rect,
}

/// The drawn connections.
pub(super) struct Edges {
    /// Lines, to go under the neurons.
    pub lines: Vec<Item>,
    /// The weighted edges' names, to go over everything else.
    pub names: Vec<Item>,
    /// Whether every weighted edge carries its weight's name.
    pub labeled: bool,
}

/// A drawn line, kept so edge names can avoid crossing it.
struct Segment {
    from: Point,
    to: Point,
    /// How much a name placed across it costs.
    cost: f64,
}

/// Lines drawn so far, and where they run: in full, or faded behind.
#[derive(Default)]
struct Lines {
    items: Vec<Item>,
    faded: Vec<Item>,
    segments: Vec<Segment>,
}

impl Lines {
    /// Draws the line from `from` to `to`, faded unless it `stands_out`,
    /// and remembers it at `cost` (less when faded).
    fn push(
        &mut self,
        (from, to): (Point, Point),
        (tone, width, dashed): (Tone, f64, bool),
        stands_out: bool,
        cost: f64,
    ) {
        let item = line(from, to, tone, width, dashed);
        if stands_out {
            self.items.push(item);
            self.segments.push(Segment { from, to, cost });
        } else {
            self.faded.push(item);
            self.segments.push(Segment {
                from,
                to,
                cost: FADED_COST,
            });
        }
    }

    /// The faded lines as one translucent group under the others.
    fn into_items(self) -> Vec<Item> {
        let mut items = Vec::with_capacity(self.items.len() + 1);
        if !self.faded.is_empty() {
            items.push(Item::Faded {
                opacity: FADED,
                items: self.faded,
            });
        }
        items.extend(self.items);
        items
    }
}

impl Ends<'_> {
    /// Input neuron `i`.
    fn input(&self, i: usize) -> Circle {
        Circle::new(self.inputs[i], self.radius)
    }

    /// Output neuron `o`.
    fn output(&self, o: usize) -> Circle {
        Circle::new(self.outputs[o], self.radius)
    }

    /// Every neuron, the bias last.
    fn circles(&self) -> Vec<Circle> {
        let mut circles: Vec<Circle> = (0..self.inputs.len())
            .map(|i| self.input(i))
            .chain((0..self.outputs.len()).map(|o| self.output(o)))
            .collect();
        circles.push(self.bias);
        circles
    }
}

/// Draws `wiring`'s connections between the neurons at `ends`. When one
/// output is singled out, only its lines are drawn in full and named; the
/// others are faded behind them.
pub(super) fn draw(example: &Example, wiring: &Wiring, ends: &Ends) -> Edges {
    let mut lines = unweighted(wiring, ends);
    let weighted: Vec<(Point, Point)> = wiring
        .links
        .iter()
        .map(|l| between(ends.input(l.input), ends.output(l.output)))
        .collect();
    let first_own = lines.segments.len();
    let standing: Vec<bool> = wiring
        .links
        .iter()
        .map(|l| wiring.stands_out(l.output))
        .collect();
    lines
        .segments
        .extend(weighted.iter().zip(&standing).map(|(&(from, to), &full)| {
            let cost = if full { 1.0 } else { FADED_COST };
            Segment { from, to, cost }
        }));
    // The edges to name: those drawn in full, with their segments.
    let named: Vec<usize> = (0..weighted.len()).filter(|&k| standing[k]).collect();
    let names: Vec<String> = named
        .iter()
        .map(|&k| edge_name(example, wiring.links[k].weight))
        .collect();
    let placed = if named.len() <= MAX_LABELED && ends.step >= LABELED_STEP {
        let circles = ends.circles();
        let room = Room {
            segments: &lines.segments,
            circles: &circles,
            area: ends.area,
        };
        let edges: Vec<(usize, Point, Point)> = named
            .iter()
            .map(|&k| (first_own + k, weighted[k].0, weighted[k].1))
            .collect();
        place_names(&edges, &names, &room)
    } else {
        None
    };
    let f_cols = example.spec.filter.ncols();
    let tones: Vec<Tone> = wiring
        .links
        .iter()
        .map(|l| grid::weight_tone(f_cols, l.weight))
        .collect();
    // Lines in full as thick as their number allows; faded ones as all.
    let full_width = weight_width(ends.step, named.len());
    let faded_width = weight_width(ends.step, weighted.len());
    let mut gaps = vec![None; weighted.len()];
    for (i, &k) in named.iter().enumerate() {
        gaps[k] = placed.as_ref().map(|p| p[i]);
    }
    for (k, &(from, to)) in weighted.iter().enumerate() {
        if standing[k] {
            let cut = cut_line(from, to, gaps[k], tones[k], full_width);
            lines.items.extend(cut);
        } else {
            let cut = cut_line(from, to, None, tones[k], faded_width);
            lines.faded.extend(cut);
        }
    }
    let labeled = placed.is_some();
    let names = placed
        .into_iter()
        .flatten()
        .zip(names)
        .zip(named.iter().map(|&k| tones[k]))
        .map(|(((center, _), name), tone)| Item::Text {
            at: [center.x, center.y + LABEL_PX * 0.35],
            text: name,
            style: TextStyle::Label,
            anchor: Anchor::Middle,
            tone,
        })
        .collect();
    Edges {
        lines: lines.into_items(),
        names,
        labeled,
    }
}

/// The lines without a weight: the gray band or dashed zeros (dense view)
/// and the bias's lines.
fn unweighted(wiring: &Wiring, ends: &Ends) -> Lines {
    let mut lines = Lines::default();
    let (inputs, outputs) = (ends.inputs, ends.outputs);
    if wiring.dense && wiring.zeros.is_none() && !inputs.is_empty() && !outputs.is_empty() {
        // Too many zeros to draw: one band between the columns stands for them.
        let corners = [
            inputs[0],
            outputs[0],
            outputs[outputs.len() - 1],
            inputs[inputs.len() - 1],
        ];
        lines.items.push(Item::Polygon {
            points: corners.map(Into::into).to_vec(),
            tone: Tone::Muted,
            opacity: 0.18,
        });
    }
    for &(i, o) in wiring.zeros.iter().flatten() {
        let ends = between(ends.input(i), ends.output(o));
        let style = (Tone::Muted, 1.0, true);
        lines.push(ends, style, wiring.stands_out(o), 0.3);
    }
    if wiring.bias_links() {
        for o in 0..outputs.len() {
            let ends = between(ends.bias, ends.output(o));
            let style = (Tone::Muted, BIAS_WIDTH, false);
            lines.push(ends, style, wiring.stands_out(o), 0.5);
        }
    }
    lines
}

/// A weighted edge from `from` to `to`: one line, or two when `name` (the
/// center of its name and half the gap) cuts it.
fn cut_line(
    from: Point,
    to: Point,
    name: Option<(Point, f64)>,
    tone: Tone,
    width: f64,
) -> Vec<Item> {
    let line = |from, to| line(from, to, tone, width, false);
    match name {
        Some((center, gap)) => {
            let (d, _) = direction(from, to);
            vec![line(from, center - d * gap), line(center + d * gap, to)]
        }
        None => vec![line(from, to)],
    }
}

/// A straight line without an arrowhead.
fn line(from: Point, to: Point, tone: Tone, width: f64, dashed: bool) -> Item {
    Item::Line {
        from: from.into(),
        to: to.into(),
        tone,
        width,
        arrow: false,
        dashed,
    }
}

/// The stretch of the line between two circles' centers that lies outside
/// both; the whole line when they touch.
fn between(a: Circle, b: Circle) -> (Point, Point) {
    let (d, length) = direction(a.center, b.center);
    if length <= a.radius + b.radius {
        return (a.center, b.center);
    }
    (a.center + d * a.radius, b.center - d * b.radius)
}

/// Unit vector from `from` to `to` and the distance (rightwards and 0 when
/// the two coincide).
fn direction(from: Point, to: Point) -> (Vec2, f64) {
    let v = to - from;
    match v.normalize() {
        Some(d) => (d, v.length()),
        None => (Vec2::new(1.0, 0.0), 0.0),
    }
}

/// Weighted lines are thick while the neurons are far apart, thinner as
/// they crowd or as lines get many.
fn weight_width(step: f64, links: usize) -> f64 {
    if step >= 30.0 {
        2.0
    } else if links <= 300 {
        1.5
    } else {
        1.0
    }
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

/// What edge names must keep clear of, or avoid crossing.
struct Room<'a> {
    /// Every drawn line.
    segments: &'a [Segment],
    /// The neurons.
    circles: &'a [Circle],
    /// Where names may go at all.
    area: Rect,
}

/// Finds a spot for every edge's name (each edge given with its own
/// segment's index in the room): on the edge itself, clear of the neurons
/// and of every other name, crossing as few other lines as it can. Each
/// spot comes with half the gap to cut into the edge's line. `None` when
/// some name finds no free spot.
fn place_names(
    edges: &[(usize, Point, Point)],
    names: &[String],
    room: &Room,
) -> Option<Vec<(Point, f64)>> {
    let mut boxes: Vec<Rect> = Vec::with_capacity(edges.len());
    let mut places = Vec::with_capacity(edges.len());
    for (&(own, from, to), name) in edges.iter().zip(names) {
        let half = Vec2::new(text::width(name, LABEL_PX) / 2.0 + 3.0, LABEL_BOX / 2.0);
        let (center, bounds) = best_spot(from, to, half, own, &boxes, room)?;
        boxes.push(bounds);
        places.push((center, half_gap(direction(from, to).0, half)));
    }
    Some(places)
}

/// The cheapest free spot for a name box reaching `half` each way on the
/// edge from `from` to `to` (segment `own`), clear of the `taken` boxes.
fn best_spot(
    from: Point,
    to: Point,
    half: Vec2,
    own: usize,
    taken: &[Rect],
    room: &Room,
) -> Option<(Point, Rect)> {
    let mut best: Option<(f64, Point, Rect)> = None;
    for i in 3..=22 {
        let t = i as f64 * 0.04;
        let center = from.lerp(to, t);
        let bounds = Rect::around(center, half);
        if !room.area.contains(&bounds)
            || taken.iter().any(|o| o.overlaps(&bounds, 5.0))
            || room
                .circles
                .iter()
                .any(|&c| bounds.hits_circle(c.grow(3.0)))
        {
            continue;
        }
        let crossings: f64 = room
            .segments
            .iter()
            .enumerate()
            .filter(|(j, s)| *j != own && bounds.hits_segment(s.from, s.to))
            .map(|(_, s)| s.cost)
            .sum();
        let cost = crossings + 2.0 * (t - PREFERRED_SPOT).abs();
        if best.as_ref().is_none_or(|(c0, _, _)| cost < *c0) {
            best = Some((cost, center, bounds));
        }
    }
    best.map(|(_, center, bounds)| (center, bounds))
}

/// Half the gap a name box reaching `half` each way cuts into a line of
/// direction `d` through its center: from the center to where the line
/// leaves the box, plus a pixel.
fn half_gap(d: Vec2, half: Vec2) -> f64 {
    let exit = |d: f64, half: f64| {
        if d.abs() > 1e-9 {
            half / d.abs()
        } else {
            f64::INFINITY
        }
    };
    exit(d.x, half.x).min(exit(d.y, half.y)) + 1.0
}

/// Figure inspection for the network and dense views' tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::figure::{Figure, Item, TextStyle, Tone};

    /// Weighted edges drawn in full (solid lines in a weight's tone), by
    /// tone; an edge cut around its name counts twice.
    pub fn weight_lines(figure: &Figure) -> Vec<Tone> {
        weight_tones(&figure.items)
    }

    /// Weighted edges faded behind the others, by tone.
    pub fn faded_lines(figure: &Figure) -> Vec<Tone> {
        figure
            .items
            .iter()
            .flat_map(|item| match item {
                Item::Faded { items, .. } => weight_tones(items),
                _ => Vec::new(),
            })
            .collect()
    }

    /// The tones of the weighted lines among `items` (not the legend's,
    /// which are thicker).
    fn weight_tones(items: &[Item]) -> Vec<Tone> {
        items
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

    /// Edge names and where they are: label-style text in a weight's tone,
    /// outside the legend.
    pub fn placed_names(figure: &Figure) -> Vec<(String, Tone, [f64; 2])> {
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
                } if at[1] < legend_top - 10.0 => Some((text.clone(), *tone, *at)),
                _ => None,
            })
            .collect()
    }

    /// Edge names with their tones.
    pub fn edge_names(figure: &Figure) -> Vec<(String, Tone)> {
        placed_names(figure)
            .into_iter()
            .map(|(text, tone, _)| (text, tone))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::placed_names;
    use super::*;
    use crate::figure::Figure;
    use crate::geometry::Size;
    use crate::text::{HEADING_PX, NOTE_PX, OPERATOR_PX};
    use crate::view::View;
    use crate::views::testing::drawing;

    /// Every text of a figure with its box, as wide as [`text::width`]
    /// estimates and from ascent to descent.
    fn text_boxes(figure: &Figure) -> Vec<(String, Rect)> {
        figure
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text {
                    at,
                    text,
                    style,
                    anchor,
                    ..
                } => {
                    let px = match style {
                        TextStyle::Heading => HEADING_PX,
                        TextStyle::Label => LABEL_PX,
                        TextStyle::Operator => OPERATOR_PX,
                        TextStyle::Note => NOTE_PX,
                    };
                    let w = text::width(text, px);
                    let left = match anchor {
                        Anchor::Start => at[0],
                        Anchor::Middle => at[0] - w / 2.0,
                        Anchor::End => at[0] - w,
                    };
                    let top = Point::new(left, at[1] - 0.75 * px);
                    let bottom = Point::new(left + w, at[1] + 0.25 * px);
                    Some((text.clone(), Rect::new(top, bottom)))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn no_text_overlaps_another_and_names_keep_off_the_neurons() {
        let twelve: Vec<String> = (0..12)
            .map(|r| {
                format!(
                    "[{}]",
                    (0..12)
                        .map(|c| ((r + c) % 5).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        let forty: Vec<String> = (0..40)
            .map(|_| format!("[{}]", ["1"; 40].join(", ")))
            .collect();
        let bodies = [
            "example = \"seed\"".to_string(),
            "example = \"seed-padded\"".to_string(),
            "example = \"seed-padded\"\nshow = \"values\"".to_string(),
            "example = \"seed\"\nfilter = [[1]]".to_string(),
            "image = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]]\nfilter = [[1, 0.5], [-0.25, 2]]\nstride = 2".to_string(),
            "example = \"seed\"\nimage-labels = [[\"top-left\", \"top\", \"top-right\"], [\"left\", \"middle\", \"right\"], [\"bottom-left\", \"bottom\", \"bottom-right\"]]".to_string(),
            "image = [[4, 6, 8, 4, 9, 9], [1, 1, 2, 4, 6, 1], [2, 4, 8, 4, 3, 3]]\nfilter = [[1, 2, 3]]\nbias = 0.5\nshow = \"values\"".to_string(),
            format!("image = [{}]\nfilter = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]\npadding = 1", twelve.join(", ")),
            format!("image = [{}]\nfilter = [[1, 2], [3, 4]]", forty.join(", ")),
        ];
        for body in &bodies {
            for view in [View::Network, View::Dense] {
                let figure = drawing(body, view).figure.unwrap();
                let texts = text_boxes(&figure);
                for (i, (a, box_a)) in texts.iter().enumerate() {
                    for (b, box_b) in &texts[i + 1..] {
                        assert!(
                            !box_a.overlaps(box_b, 0.0),
                            "{view:?} {body}: {a:?} {box_a:?} and {b:?} {box_b:?}"
                        );
                    }
                }
                let neurons: Vec<Circle> = figure
                    .items
                    .iter()
                    .filter_map(|item| match item {
                        Item::Node { center, radius, .. } => {
                            Some(Circle::new((*center).into(), *radius))
                        }
                        _ => None,
                    })
                    .collect();
                for (text, _, at) in placed_names(&figure) {
                    let w = text::width(&text, LABEL_PX) / 2.0;
                    let name = Rect::new(
                        Point::new(at[0] - w, at[1] - 12.0),
                        Point::new(at[0] + w, at[1] + 4.0),
                    );
                    for &neuron in &neurons {
                        assert!(
                            !name.hits_circle(neuron),
                            "{view:?} {body}: {text} {name:?}"
                        );
                    }
                }
                // Every neuron and every text inside the canvas.
                let canvas = Rect::sized(Size::from(figure.size));
                for neuron in neurons {
                    assert!(
                        canvas.contains(&neuron.bounds()),
                        "{view:?} {body}: {neuron:?}"
                    );
                }
                for (text, bounds) in &texts {
                    assert!(
                        canvas.contains(bounds),
                        "{view:?} {body}: {text} {bounds:?}"
                    );
                }
                assert!(
                    figure.size[0] <= 720.0,
                    "{view:?} {body}: {:?}",
                    figure.size
                );
            }
        }
    }

    #[test]
    fn a_crowded_figure_singles_out_one_output_in_both_views() {
        for view in [View::Network, View::Dense] {
            let drawing = drawing("example = \"seed-padded\"", view);
            let figure = drawing.figure.unwrap();
            // T, the one output that meets all nine weights, in full and named;
            // the other 40 weighted lines faded.
            let names: Vec<String> = placed_names(&figure)
                .into_iter()
                .map(|(n, _, _)| n)
                .collect();
            assert_eq!(
                names,
                ["α", "β", "γ", "δ", "ε", "ζ", "η", "θ", "ι"],
                "{view:?}"
            );
            assert_eq!(super::testing::faded_lines(&figure).len(), 40, "{view:?}");
            assert!(
                drawing
                    .summary
                    .contains("lines would be a tangle, so only T's 9 connections are drawn in full and named; the other lines are faded."),
                "{}",
                drawing.summary
            );
        }
        // A figure that is not crowded draws every line in full.
        let figure = drawing("example = \"seed\"", View::Dense).figure.unwrap();
        assert!(!figure.items.iter().any(|i| matches!(i, Item::Faded { .. })));
    }

    #[test]
    fn a_name_cuts_its_line_where_the_line_leaves_its_box() {
        let half = Vec2::new(10.0, 9.0);
        assert_eq!(half_gap(Vec2::new(1.0, 0.0), half), 11.0);
        assert_eq!(half_gap(Vec2::new(0.0, 1.0), half), 10.0);
        assert_eq!(
            between(
                Circle::new(Point::new(0.0, 0.0), 1.0),
                Circle::new(Point::new(10.0, 0.0), 2.0)
            ),
            (Point::new(1.0, 0.0), Point::new(8.0, 0.0))
        );
    }
}
