//! The figure the network and dense views share: a column of input neurons
//! (the pixels, row by row, a little apart between image rows), a column of
//! output neurons level with the inputs they are connected to (so locality
//! shows), the bias neuron under the inputs, each neuron's name inside it or
//! beside it, the headings and the legend.
//!
//! [`super::wiring`] chooses which neurons and connections there are,
//! [`super::edges`] draws the lines between the neurons placed here. The two
//! views' figures line up, so a reader can compare them edge for edge.

use crate::engine::Convolution;
use crate::figure::{Anchor, Item, TextStyle, Tone};
use crate::geometry::{Circle, Point, Rect, Size};
use crate::labels::Label;
use crate::render::number;
use crate::resolve::Example;
use crate::text::{self, LABEL_PX, NOTE_PX, SYMBOL_PX, VALUE_PX};
use crate::view::Show;
use crate::views::edges::{self, BIAS_WIDTH, Ends};
use crate::views::grid;
use crate::views::wiring::Wiring;
use crate::words::count;

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
/// Most entries in the legend.
const MAX_LEGEND: usize = 49;

/// A laid-out network figure.
pub(super) struct Picture {
    /// Shapes, in drawing order.
    pub items: Vec<Item>,
    /// Natural size.
    pub size: Size,
    /// Whether every weighted edge carries its weight's name.
    pub labeled: bool,
}

/// Lays out the neurons and connections of `wiring`.
pub(super) fn picture(example: &Example, conv: &Convolution, wiring: &Wiring) -> Picture {
    let layout = Layout::new(example, conv, wiring);
    let (more, below) = more_notes(example, conv, wiring, &layout);
    let bias = Bias::new(example, &layout, below);
    let edges = edges::draw(example, wiring, &layout.ends(bias.circle));
    // Lines first, so neurons and names sit on top.
    let mut items = edges.lines;
    items.extend(layout.input.nodes(layout.show, layout.radius, Tone::Pixel));
    items.extend(
        layout
            .output
            .nodes(layout.show, layout.radius, Tone::Output),
    );
    items.push(bias.node(example));
    items.extend(layout.input.beside(layout.show, layout.radius, Anchor::End));
    items.extend(
        layout
            .output
            .beside(layout.show, layout.radius, Anchor::Start),
    );
    items.extend(edges.names);
    items.extend(more);
    items.extend(headings(layout.width));
    items.push(bias.note(example, conv, wiring));
    let legend_top = bias.circle.center.y + bias.circle.radius + 14.0;
    let at = Point::new(grid::MARGIN, legend_top);
    let (legend, legend_bottom) = legend(example, wiring, at, layout.width);
    items.extend(legend);
    Picture {
        items,
        size: Size::new(layout.width, legend_bottom + grid::MARGIN),
        labeled: edges.labeled,
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

/// One column of neurons: what they are called and hold, and where they go.
struct Column<'a> {
    labels: Vec<&'a Label>,
    values: Vec<f64>,
    names: Names,
    centers: Vec<Point>,
}

impl<'a> Column<'a> {
    /// The first `n` of `labels` and `values`, not yet placed.
    fn new(
        labels: impl Iterator<Item = &'a Label>,
        values: impl Iterator<Item = f64>,
        n: usize,
    ) -> Column<'a> {
        Column {
            labels: labels.take(n).collect(),
            values: values.take(n).collect(),
            names: Names::Inside,
            centers: Vec::new(),
        }
    }

    /// Inside when every neuron of `radius` holds its name, else `beside`.
    fn naming(&self, show: Show, radius: f64, beside: Names) -> Names {
        let fit = |(l, v): (&&Label, &f64)| fits_inside(show, l, *v, radius);
        if self.labels.iter().zip(&self.values).all(fit) {
            Names::Inside
        } else {
            beside
        }
    }

    /// How wide the names beside the neurons get, with some air.
    fn side(&self, show: Show) -> f64 {
        match self.names {
            Names::Inside => 0.0,
            _ => {
                self.labels
                    .iter()
                    .zip(&self.values)
                    .map(|(l, v)| text::width(&beside_text(show, l, *v), NOTE_PX))
                    .fold(0.0, f64::max)
                    + 6.0
            }
        }
    }

    /// The neurons, holding their names if they go inside.
    fn nodes(&self, show: Show, radius: f64, tone: Tone) -> impl Iterator<Item = Item> + '_ {
        let inside = self.names == Names::Inside;
        self.centers.iter().enumerate().map(move |(k, &center)| {
            node(
                Circle::new(center, radius),
                tone,
                inside.then(|| (show, self.labels[k], self.values[k])),
            )
        })
    }

    /// Names next to the neurons that do not hold theirs, on the `anchor`
    /// side (`End`: to the left).
    fn beside(&self, show: Show, radius: f64, anchor: Anchor) -> impl Iterator<Item = Item> + '_ {
        let n = self.centers.len();
        let shown = move |k: usize| match self.names {
            Names::Inside => false,
            Names::Beside => true,
            Names::Ends => k == 0 || k + 1 == n,
        };
        (0..n).filter(move |&k| shown(k)).map(move |k| {
            let text = beside_text(show, self.labels[k], self.values[k]);
            beside(Circle::new(self.centers[k], radius), text, anchor)
        })
    }
}

/// Where the neurons go: both columns, their size and spacing.
struct Layout<'a> {
    show: Show,
    input: Column<'a>,
    output: Column<'a>,
    /// Radius of input and output neurons.
    radius: f64,
    /// Distance between neighbouring neurons, in px.
    step: f64,
    /// The columns' x.
    in_x: f64,
    out_x: f64,
    /// Center of the topmost neuron, and the bottom of the lowest.
    top: f64,
    bottom: f64,
    /// The figure's width.
    width: f64,
}

impl<'a> Layout<'a> {
    fn new(example: &'a Example, conv: &Convolution, wiring: &Wiring) -> Layout<'a> {
        let spec = &example.spec;
        let show = example.show;
        let (rows, cols) = spec.image.dim();
        // Vertical positions in units of one step, inputs row-major with a
        // little air between image rows.
        let row_break = if rows > 1 && cols > 1 { ROW_BREAK } else { 0.0 };
        let in_unit = |k: usize| k as f64 + (k / cols) as f64 * row_break;
        let out_units = output_units(conv, wiring, &in_unit);
        let lo = out_units.iter().copied().fold(0.0_f64, f64::min);
        let hi = out_units
            .iter()
            .copied()
            .fold(in_unit(wiring.inputs.saturating_sub(1)), f64::max);
        let step = step(hi - lo);
        let full_radius = (step * 0.44).min(MAX_RADIUS);

        // Names and values go inside the neurons where they fit, else beside.
        let labels = &example.labels;
        let values = conv.output().iter().copied();
        let mut input = Column::new(
            labels.image.iter(),
            spec.image.iter().copied(),
            wiring.inputs,
        );
        let mut output = Column::new(labels.output.iter(), values, wiring.outputs);
        let beside = if step >= NAMED_STEP {
            Names::Beside
        } else {
            Names::Ends
        };
        input.names = input.naming(show, full_radius, beside);
        output.names = output.naming(show, full_radius, beside);
        // Both columns alike: one column's names beside shrinks every neuron.
        if input.names != output.names {
            for column in [&mut input, &mut output] {
                if column.names == Names::Inside {
                    column.names = beside;
                }
            }
        }
        let radius = if input.names == Names::Inside {
            full_radius
        } else {
            full_radius.min(BESIDE_RADIUS)
        };

        let (in_side, out_side) = (input.side(show), output.side(show));
        let gap = (MAX_WIDTH - 2.0 * grid::MARGIN - in_side - out_side - 2.0 * radius)
            .clamp(MIN_COLUMN_GAP, COLUMN_GAP);
        let in_x = grid::MARGIN + in_side + radius;
        let out_x = in_x + gap;
        let top = grid::MARGIN + grid::HEADING + 6.0 + radius;
        let y = |unit: f64| top + (unit - lo) * step;
        input.centers = (0..wiring.inputs)
            .map(|k| Point::new(in_x, y(in_unit(k))))
            .collect();
        output.centers = out_units.iter().map(|&u| Point::new(out_x, y(u))).collect();
        Layout {
            show,
            input,
            output,
            radius,
            step,
            in_x,
            out_x,
            top,
            bottom: y(hi) + radius,
            width: out_x + radius + out_side + grid::MARGIN,
        }
    }

    /// The neurons as the edges between them see them.
    fn ends(&self, bias: Circle) -> Ends<'_> {
        Ends {
            inputs: &self.input.centers,
            outputs: &self.output.centers,
            radius: self.radius,
            bias,
            step: self.step,
            area: Rect::new(
                Point::new(self.in_x + self.radius, self.top - self.radius),
                Point::new(self.out_x - self.radius, self.bottom),
            ),
        }
    }
}

/// The distance between neighbouring neurons for columns `span` steps
/// tall: taller columns for more neurons, up to a point.
fn step(span: f64) -> f64 {
    let column = (span * NAMED_STEP).clamp(COLUMN_SPAN, MAX_COLUMN_SPAN);
    if span > 0.0 {
        (column / span).clamp(MIN_STEP, MAX_STEP)
    } else {
        MAX_STEP
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

/// "⋮ 1,456 more inputs" under the columns when not every neuron is drawn;
/// returns the notes and where the space under them starts.
fn more_notes(
    example: &Example,
    conv: &Convolution,
    wiring: &Wiring,
    layout: &Layout,
) -> (Vec<Item>, f64) {
    let more_in = example.spec.image.len().saturating_sub(wiring.inputs);
    let more_out = conv.output().len().saturating_sub(wiring.outputs);
    let y = layout.bottom;
    let mut notes = Vec::new();
    if more_in > 0 {
        notes.push(grid::note([grid::MARGIN, y + 2.0], more(more_in, "input")));
    }
    if more_out > 0 {
        notes.push(Item::Text {
            at: [layout.width - grid::MARGIN, y + 19.0],
            text: more(more_out, "output"),
            style: TextStyle::Note,
            anchor: Anchor::End,
            tone: Tone::Muted,
        });
    }
    let below = if notes.is_empty() { y } else { y + grid::NOTE };
    (notes, below)
}

/// "⋮ 1 more input", "⋮ 1,456 more inputs".
fn more(n: usize, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("⋮ {} more {noun}{s}", count(n))
}

/// The bias neuron, under the inputs.
struct Bias {
    circle: Circle,
    /// Whether its name fits inside it.
    inside: bool,
}

impl Bias {
    /// The bias neuron of `example`, under the input column from `below` on.
    fn new(example: &Example, layout: &Layout, below: f64) -> Bias {
        let radius = layout.radius.max(BIAS_RADIUS);
        let center = Point::new(layout.in_x, below + 16.0 + radius);
        Bias {
            circle: Circle::new(center, radius),
            inside: fits_inside(
                example.show,
                &example.labels.bias,
                example.spec.bias,
                radius,
            ),
        }
    }

    /// The neuron itself.
    fn node(&self, example: &Example) -> Item {
        let content = (example.show, &example.labels.bias, example.spec.bias);
        node(self.circle, Tone::Bias, self.inside.then_some(content))
    }

    /// What it is, to its right (with its name, if that is not inside).
    fn note(&self, example: &Example, conv: &Convolution, wiring: &Wiring) -> Item {
        // Every output gets the bias, drawn or not.
        let mut note = if wiring.bias_links() {
            "the bias, added to every output".to_string()
        } else {
            let outputs = conv.output().len();
            format!("the bias, added to each of the {} outputs", count(outputs))
        };
        if !self.inside {
            let name = beside_text(example.show, &example.labels.bias, example.spec.bias);
            note = format!("{name}: {note}");
        }
        let Circle { center, radius } = self.circle;
        Item::Text {
            at: [center.x + radius + 8.0, center.y + NOTE_PX * 0.35],
            text: note,
            style: TextStyle::Note,
            anchor: Anchor::Start,
            tone: Tone::Muted,
        }
    }
}

/// The two columns' headings, for a figure `width` wide.
fn headings(width: f64) -> [Item; 2] {
    [
        grid::heading([grid::MARGIN, grid::MARGIN], "Input neurons: pixels of X"),
        Item::Text {
            at: [width - grid::MARGIN, grid::MARGIN + 18.0],
            text: "Output neurons: Y".into(),
            style: TextStyle::Heading,
            anchor: Anchor::End,
            tone: Tone::Ink,
        },
    ]
}

/// A neuron, holding its name and/or value (as `show` asks) when `content`
/// is given.
fn node(circle: Circle, tone: Tone, content: Option<(Show, &Label, f64)>) -> Item {
    let (symbol, value) = match content {
        Some((show, label, value)) => grid::content(show, label, value),
        None => (None, None),
    };
    Item::Node {
        center: circle.center.into(),
        radius: circle.radius,
        tone,
        symbol,
        value,
    }
}

/// Whether a neuron of `radius` holds its name and/or value legibly (the
/// renderer shrinks text to fit; below [`text::MIN_PX`] it is too small to
/// read).
fn fits_inside(show: Show, label: &Label, value: f64, radius: f64) -> bool {
    let (symbol, value) = grid::content(show, label, value);
    let fits = |text: &str, px: f64, room: f64| {
        let px = px.min(3.4 * radius / text.chars().count().max(1) as f64);
        px >= text::MIN_PX && text::width(text, px) <= room * radius
    };
    match (symbol, value) {
        (Some(s), Some(v)) => {
            radius >= VALUED_RADIUS && fits(&s, SYMBOL_PX, 1.6) && fits(&v, VALUE_PX, 1.4)
        }
        (Some(t), None) | (None, Some(t)) => radius >= NAMED_RADIUS && fits(&t, SYMBOL_PX, 1.6),
        (None, None) => true,
    }
}

/// "A = 2", "A" or "2", as `show` asks, for text next to a neuron or in
/// the legend.
fn beside_text(show: Show, label: &Label, value: f64) -> String {
    match show {
        Show::Symbols => label.text.clone(),
        Show::Values => number::display(value),
        Show::Both => format!("{} = {}", label.text, number::display(value)),
    }
}

/// A neuron's name next to it, for neurons too small to hold it; `anchor`
/// `End` puts it on the left.
fn beside(neuron: Circle, text: String, anchor: Anchor) -> Item {
    let Circle { center, radius } = neuron;
    let dx = radius + 4.0;
    let x = if anchor == Anchor::End {
        center.x - dx
    } else {
        center.x + dx
    };
    Item::Text {
        at: [x, center.y + NOTE_PX * 0.35],
        text,
        style: TextStyle::Note,
        anchor,
        tone: Tone::Ink,
    }
}

/// One key of the legend: a short line and what it stands for.
struct Key {
    tone: Tone,
    dashed: bool,
    width: f64,
    text: String,
    /// Drawn faded, like the lines it stands for.
    faded: bool,
}

/// The key to the lines: each weight's color and name, the bias, and (dense
/// view) the zeros. Wraps to the figure's `width`; returns its bottom.
fn legend(example: &Example, wiring: &Wiring, at: Point, width: f64) -> (Vec<Item>, f64) {
    let weights = example.spec.filter.len();
    let mut items = vec![Item::Text {
        at: [at.x, at.y + 14.0],
        text: if weights <= MAX_LEGEND {
            "Lines:".into()
        } else {
            format!("Lines: {weights} weights; the colors repeat every 7")
        },
        style: TextStyle::Note,
        anchor: Anchor::Start,
        tone: Tone::Muted,
    }];
    let line_h = 24.0;
    let start = at.x + 48.0;
    let mut x = start;
    let mut row_y = at.y;
    if weights > MAX_LEGEND {
        row_y += line_h;
        x = at.x;
    }
    for key in legend_keys(example, wiring) {
        let px = if key.tone == Tone::Muted {
            NOTE_PX
        } else {
            LABEL_PX
        };
        let w = 26.0 + text::width(&key.text, px) + 18.0;
        if x + w > width - grid::MARGIN && x > start {
            x = at.x;
            row_y += line_h;
        }
        items.extend(legend_key(key, Point::new(x, row_y + 9.0), px));
        x += w;
    }
    (items, row_y + line_h)
}

/// What the legend lists: every weight when there are few enough, the
/// zeros (dense view), and the bias when it has lines of its own.
fn legend_keys(example: &Example, wiring: &Wiring) -> Vec<Key> {
    let spec = &example.spec;
    let mut keys = Vec::new();
    if spec.filter.len() <= MAX_LEGEND {
        for ((u, v), label) in example.labels.filter.indexed_iter() {
            keys.push(Key {
                tone: grid::weight_tone(spec.filter.ncols(), [u, v]),
                dashed: false,
                width: 3.0,
                text: beside_text(example.show, label, spec.filter[[u, v]]),
                faded: false,
            });
        }
    }
    if wiring.dense {
        keys.push(Key {
            tone: Tone::Muted,
            dashed: true,
            width: 1.5,
            text: "0, fixed (no weight)".into(),
            faded: false,
        });
    }
    if wiring.bias_links() {
        keys.push(Key {
            tone: Tone::Muted,
            dashed: false,
            width: BIAS_WIDTH,
            text: format!("{}, the bias", example.labels.bias.text),
            faded: false,
        });
    }
    if let Some(label) = wiring
        .focus
        .and_then(|f| example.labels.output.iter().nth(f))
    {
        keys.push(Key {
            tone: Tone::Muted,
            dashed: false,
            width: 3.0,
            text: format!("faded: every output but {}", label.text),
            faded: true,
        });
    }
    keys
}

/// One key's line and text, the line's middle at `mid`, the text at `px`.
fn legend_key(key: Key, mid: Point, px: f64) -> [Item; 2] {
    let line = Item::Line {
        from: mid.into(),
        to: [mid.x + 22.0, mid.y],
        tone: key.tone,
        width: key.width,
        arrow: false,
        dashed: key.dashed,
    };
    [
        if key.faded {
            Item::Faded {
                opacity: edges::FADED,
                items: vec![line],
            }
        } else {
            line
        },
        Item::Text {
            at: [mid.x + 27.0, mid.y + px * 0.35],
            text: key.text,
            style: if key.tone == Tone::Muted {
                TextStyle::Note
            } else {
                TextStyle::Label
            },
            anchor: Anchor::Start,
            tone: key.tone,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::View;
    use crate::views::testing::drawing;

    #[test]
    fn long_names_go_beside_small_neurons() {
        let figure = drawing(
            "example = \"seed\"\nimage-labels = [[\"top-left\", \"top\", \"top-right\"], [\"left\", \"middle\", \"right\"], [\"bottom-left\", \"bottom\", \"bottom-right\"]]",
            View::Network,
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
    fn a_cut_short_figure_counts_what_it_leaves_out_and_every_output() {
        let big: Vec<String> = (0..40)
            .map(|_| format!("[{}]", ["1"; 40].join(", ")))
            .collect();
        let body = format!("image = [{}]\nfilter = [[1, 2], [3, 4]]", big.join(", "));
        let figure = drawing(&body, View::Network).figure.unwrap();
        let notes: Vec<&str> = figure
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text {
                    text,
                    style: TextStyle::Note,
                    ..
                } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let drawn_in = figure
            .items
            .iter()
            .filter(|i| {
                matches!(
                    i,
                    Item::Node {
                        tone: Tone::Pixel,
                        ..
                    }
                )
            })
            .count();
        let more_in = format!("⋮ {} more inputs", count(1600 - drawn_in));
        assert!(notes.contains(&more_in.as_str()), "{notes:?}");
        assert!(
            notes.iter().any(|n| n.ends_with(" more outputs")),
            "{notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n.ends_with("the bias, added to each of the 1521 outputs")),
            "{notes:?}"
        );
        assert_eq!(more(1, "input"), "⋮ 1 more input");
        assert_eq!(more(12_345, "input"), "⋮ 12,345 more inputs");
    }

    #[test]
    fn columns_step_closer_for_more_neurons_within_bounds() {
        assert_eq!(step(0.0), MAX_STEP);
        assert_eq!(step(2.0), MAX_STEP);
        assert!(step(40.0) < MAX_STEP && step(40.0) >= NAMED_STEP);
        assert_eq!(step(1000.0), MIN_STEP);
    }

    #[test]
    fn the_legend_wraps_to_the_figures_width() {
        let (example, conv) = crate::views::testing::example("example = \"seed\"");
        let wiring = Wiring::sparse(&conv);
        let (_, one_row) = legend(&example, &wiring, Point::new(12.0, 0.0), 700.0);
        let (_, wrapped) = legend(&example, &wiring, Point::new(12.0, 0.0), 150.0);
        assert_eq!(one_row, 24.0);
        assert!(wrapped > one_row);
    }
}
