//! The `training` view: gradient descent, step by step. The loss after
//! every step as a line plot (its vertical axis logarithmic when the loss
//! spans orders of magnitude), the first convolution's weights and bias
//! over the steps as labeled lines, and the first step written out, one
//! `w ← w − η·∂L/∂w` per weight with its numbers. Every number is the
//! engine's record of the run.

use ndarray::{Array1, Array4};

use crate::engine::grad::{ParamGrad, Training};
use crate::engine::{Model, Pair};
use crate::error::ErrorKind;
use crate::figure::{Anchor, Drawing, Figure, Item, TextStyle, Tone};
use crate::render::number;
use crate::resolve::Example;
use crate::text::{self, HEADING_PX, LABEL_PX};
use crate::view::View;
use crate::views::backprop::{factor, grad_name, loss_words};
use crate::views::grid;
use crate::views::panels::WIDTH;
use crate::views::plot::{Axis, Plot, short, spread};
use crate::words;

/// Height of each plot's area.
const PLOT_H: f64 = 180.0;
/// Room above a plot's area for its y title.
const ABOVE: f64 = 26.0;
/// Most weights drawn as lines and written out.
const MAX_WEIGHTS: usize = 12;
/// Most steps marked with a dot.
const MAX_DOTS: usize = 40;
/// Space between the parts.
const GAP: f64 = 22.0;
/// Distance between the baselines of two equation lines.
const LINE: f64 = 22.0;

/// What the view reads: the run, the rate, the first gradients.
struct Run<'a> {
    example: &'a Example,
    training: &'a Training,
    rate: f64,
    /// ∂L/∂filters and ∂L/∂biases of the first convolution at the start.
    first: Option<(&'a Array4<f64>, &'a Array1<f64>)>,
    parameters: usize,
}

impl<'a> Run<'a> {
    fn new(example: &'a Example, model: &'a Model) -> Result<Run<'a>, ErrorKind> {
        let (Some(training), Some(learning)) = (model.training(), &example.model.learning) else {
            return Err(ErrorKind::CannotDraw {
                view: View::Training.name(),
                why: "it asks for no gradient descent".into(),
                instead: "add `steps = N` (0 to 1000) next to its `target` or `label`, and `learning-rate` to set the size of the steps",
            });
        };
        let first = match model.gradients().map(|g| &g.first) {
            Some(ParamGrad::Conv { filters, biases }) => Some((filters, biases)),
            _ => None,
        };
        Ok(Run {
            example,
            training,
            rate: learning.rate,
            first,
            parameters: example.model.network.parameter_count(),
        })
    }

    fn steps(&self) -> usize {
        self.training.losses.len().saturating_sub(1)
    }

    /// Weight `w` of filter 1 over channel 1 after each step.
    fn weight(&self, w: Pair) -> Vec<f64> {
        self.training
            .filters
            .iter()
            .map(|f| f[[0, 0, w[0], w[1]]])
            .collect()
    }

    /// Bias 1 after each step.
    fn bias(&self) -> Vec<f64> {
        self.training.biases.iter().map(|b| b[0]).collect()
    }

    /// The weights drawn: filter 1 over channel 1, at most
    /// [`MAX_WEIGHTS`], row-major.
    fn weights(&self) -> Vec<Pair> {
        self.example
            .labels
            .filter
            .indexed_iter()
            .take(MAX_WEIGHTS)
            .map(|((u, v), _)| [u, v])
            .collect()
    }
}

/// The training figure of `example`, or why it cannot be drawn.
pub fn draw(example: &Example, model: &Model) -> Result<Drawing, ErrorKind> {
    let run = Run::new(example, model)?;
    let mut items = Vec::new();
    let (loss_items, loss_axis, bottom) = loss_plot(&run, grid::MARGIN);
    items.extend(loss_items);
    let (weight_items, bottom) = weight_plot(&run, bottom + GAP);
    items.extend(weight_items);
    let (step_items, right, bottom) = first_step(&run, bottom + GAP);
    items.extend(step_items);
    Ok(Drawing {
        view: View::Training.name(),
        summary: summary(&run, loss_axis.log),
        figure: Some(Figure {
            view: View::Training.name(),
            title: format!(
                "Gradient descent: the loss and the filter over {}, learning rate {}",
                words::plural(run.steps(), "step"),
                number::display(run.rate)
            ),
            desc: describe(&run, loss_axis.log),
            size: [WIDTH.max(right + grid::MARGIN), bottom + grid::MARGIN],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    })
}

/// The loss plot from `top` down: its items, its y axis and its bottom.
fn loss_plot(run: &Run, top: f64) -> (Vec<Item>, Axis, f64) {
    let losses = &run.training.losses;
    let heading = format!(
        "The loss over {} of gradient descent (learning rate η = {})",
        words::plural(run.steps(), "step"),
        number::display(run.rate)
    );
    let y = Axis::over(losses.iter().copied(), true);
    let left = grid::MARGIN + Plot::label_room(&y);
    let plot = Plot {
        at: [left, top + grid::HEADING + ABOVE],
        size: [WIDTH - grid::MARGIN - 16.0 - left, PLOT_H],
        x: Axis::steps(run.steps()),
        y,
    };
    let title = if plot.y.log {
        "loss L (log scale)"
    } else {
        "loss L"
    };
    let mut items = vec![grid::heading([grid::MARGIN, top], heading)];
    items.extend(plot.axes("step", title));
    items.extend(plot.series(losses, Tone::Ink, 2.5, false));
    if losses.len() <= MAX_DOTS + 1 {
        for (i, &l) in losses.iter().enumerate() {
            items.push(Item::Node {
                center: plot.point(i as f64, l),
                radius: 3.5,
                tone: Tone::Output,
                symbol: None,
                value: None,
            });
        }
    }
    // The first loss above and right of its point (the curve leaves it
    // going right), the last one below and left of its point where there
    // is room (the curve reaches it from the left), else above.
    if let (Some(&first), Some(&last)) = (losses.first(), losses.last()) {
        let at = plot.point(0.0, first);
        let text = format!("L = {}", short(first));
        items.push(value_note([at[0] + 8.0, at[1] - 7.0], &text, Anchor::Start));
        if losses.len() > 1 {
            let at = plot.point(run.steps() as f64, last);
            let below = at[1] + 20.0 <= plot.at[1] + PLOT_H && last <= first;
            let y = if below { at[1] + 17.0 } else { at[1] - 9.0 };
            let text = format!("L = {}", short(last));
            items.push(value_note([at[0] - 6.0, y], &text, Anchor::End));
        }
    }
    let bottom = plot.at[1] + PLOT_H + Plot::UNDER;
    (items, plot.y, bottom)
}

fn value_note(at: [f64; 2], text: &str, anchor: Anchor) -> Item {
    Item::Text {
        at,
        text: text.to_string(),
        style: TextStyle::Note,
        anchor,
        tone: Tone::Ink,
    }
}

/// The weights plot from `top` down: lines of filter 1's weights over
/// channel 1 and of its bias, each labeled at its end.
fn weight_plot(run: &Run, top: f64) -> (Vec<Item>, f64) {
    let labels = &run.example.labels;
    let weights = run.weights();
    let mut series: Vec<(String, Vec<f64>, Tone)> = weights
        .iter()
        .map(|&w| {
            let tone = grid::weight_tone(labels.filter.ncols(), w);
            (labels.filter[w].text.clone(), run.weight(w), tone)
        })
        .collect();
    series.push((labels.bias.text.clone(), run.bias(), Tone::Ink));
    let ends: Vec<String> = series
        .iter()
        .map(|(name, values, _)| {
            format!(
                "{name} = {}",
                number::display(values.last().copied().unwrap_or(0.0))
            )
        })
        .collect();
    let end_room = ends
        .iter()
        .map(|e| text::width(e, LABEL_PX))
        .fold(0.0, f64::max)
        + 22.0;
    let y = Axis::over(
        series
            .iter()
            .flat_map(|s| s.1.iter().copied())
            .collect::<Vec<_>>()
            .into_iter(),
        false,
    );
    let left = grid::MARGIN + Plot::label_room(&y);
    let plot = Plot {
        at: [left, top + grid::HEADING + ABOVE],
        size: [WIDTH - grid::MARGIN - end_room - left, PLOT_H],
        x: Axis::steps(run.steps()),
        y,
    };
    let whole = run.example.model.network.first.channels() == 1
        && run.example.model.network.first.filter_count() == 1;
    let heading = if whole {
        "The filter's weights and the bias after each step".to_string()
    } else {
        "Filter 1's weights over channel 1, and its bias, after each step".to_string()
    };
    let mut items = vec![grid::heading([grid::MARGIN, top], heading)];
    items.extend(plot.axes("step", "value"));
    let wanted: Vec<f64> = series
        .iter()
        .map(|(_, v, _)| plot.point(run.steps() as f64, v.last().copied().unwrap_or(0.0))[1])
        .collect();
    let placed = spread(&wanted, 17.0, plot.at[1], plot.at[1] + PLOT_H);
    let right = plot.at[0] + plot.size[0];
    for (((_, values, tone), end), (&want, &at)) in
        series.iter().zip(ends).zip(wanted.iter().zip(&placed))
    {
        let dashed = *tone == Tone::Ink;
        items.extend(plot.series(values, *tone, if dashed { 1.5 } else { 2.25 }, dashed));
        if (want - at).abs() > 2.0 {
            items.push(Item::Line {
                from: [right + 1.0, want],
                to: [right + 9.0, at],
                tone: Tone::Muted,
                width: 0.75,
                arrow: false,
                dashed: false,
            });
        }
        items.push(Item::Text {
            at: [right + 12.0, at + LABEL_PX * 0.35],
            text: end,
            style: TextStyle::Label,
            anchor: Anchor::Start,
            tone: *tone,
        });
    }
    let more = labels.filter.len().saturating_sub(MAX_WEIGHTS);
    let mut bottom = plot.at[1] + PLOT_H + Plot::UNDER;
    if more > 0 {
        items.push(grid::note(
            [grid::MARGIN, bottom],
            format!("The first {MAX_WEIGHTS} weights; {} more move alike.", more),
        ));
        bottom += grid::NOTE;
    }
    (items, bottom)
}

/// The first step written out from `top` down: items, right edge, bottom.
fn first_step(run: &Run, top: f64) -> (Vec<Item>, f64, f64) {
    let heading = "The first step: w ← w − η·∂L/∂w for every weight";
    let mut items = vec![grid::heading([grid::MARGIN, top], heading)];
    let mut right = grid::MARGIN + text::width(heading, HEADING_PX);
    let mut y = top + grid::HEADING + 4.0;
    let (Some((df, db)), true) = (run.first, run.steps() > 0) else {
        items.push(grid::note(
            [grid::MARGIN, y - 4.0],
            "No step is taken (steps = 0): the plots show the start alone.",
        ));
        return (items, right, y + grid::NOTE);
    };
    let labels = &run.example.labels;
    let eta = number::display(run.rate);
    let mut lines: Vec<(String, Tone)> = run
        .weights()
        .into_iter()
        .map(|w| {
            let name = &labels.filter[w].text;
            let values = run.weight(w);
            let line = step_line(name, &eta, values[0], df[[0, 0, w[0], w[1]]], values[1]);
            (line, grid::weight_tone(labels.filter.ncols(), w))
        })
        .collect();
    let bias = run.bias();
    lines.push((
        step_line(&labels.bias.text, &eta, bias[0], db[0], bias[1]),
        Tone::Ink,
    ));
    for (line, tone) in lines {
        right = right.max(grid::MARGIN + text::width(&line, LABEL_PX));
        items.push(Item::Text {
            at: [grid::MARGIN, y + 12.0],
            text: line,
            style: TextStyle::Label,
            anchor: Anchor::Start,
            tone,
        });
        y += LINE;
    }
    (items, right, y)
}

/// "α ← α − η·∂L/∂α = 1 − 0.05·21 = −0.05".
fn step_line(name: &str, eta: &str, before: f64, gradient: f64, after: f64) -> String {
    format!(
        "{name} ← {name} − η·{} = {} − {eta}·{} = {}",
        grad_name(name),
        number::display(before),
        factor(gradient),
        number::display(after)
    )
}

/// The view in words.
fn summary(run: &Run, log: bool) -> String {
    let losses = &run.training.losses;
    let (first, last) = (losses[0], losses[losses.len() - 1]);
    let objective = run
        .example
        .model
        .learning
        .as_ref()
        .map(|l| loss_words(&l.objective))
        .unwrap_or_default();
    let mut s = format!(
        "Gradient descent takes {} with learning rate η = {}: each step moves every weight and bias against its gradient, w ← w − η·∂L/∂w, with the gradients of the step before it. The loss is {objective}.",
        words::plural(run.steps(), "step"),
        number::display(run.rate)
    );
    if run.steps() == 0 {
        s.push_str(&format!(
            " With no step taken, it stays at L = {}.",
            short(first)
        ));
        return s;
    }
    if last < first {
        s.push_str(&format!(
            " It falls from L = {} to L = {}.",
            short(first),
            short(last)
        ));
    } else {
        s.push_str(&format!(
            " It does not fall: L = {} at the start and {} at the end, so each step overshoots; a smaller learning rate would help.",
            short(first),
            short(last)
        ));
    }
    if log {
        let span = (losses.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            / losses.iter().copied().fold(f64::INFINITY, f64::min))
        .log10()
        .floor();
        s.push_str(&format!(
            " The loss spans {span} orders of magnitude, so its axis is logarithmic: equal heights are equal factors."
        ));
    }
    let moved: Vec<String> = run
        .weights()
        .into_iter()
        .take(9)
        .map(|w| {
            let values = run.weight(w);
            format!(
                "{} from {} to {}",
                run.example.labels.filter[w].text,
                number::display(values[0]),
                number::display(values[values.len() - 1])
            )
        })
        .collect();
    s.push_str(&format!(
        " The filter's weights go {}.",
        words::join_and(&moved)
    ));
    let first_conv = run.example.model.network.first.parameter_count();
    if run.parameters > first_conv {
        s.push_str(&format!(
            " The plots follow the first convolution; every one of the network's {} weights and biases takes the same kind of step.",
            words::count(run.parameters)
        ));
    }
    s
}

/// The figure's description: every loss, up to a point.
fn describe(run: &Run, log: bool) -> String {
    let losses: Vec<String> = run
        .training
        .losses
        .iter()
        .take(12)
        .map(|&l| short(l))
        .collect();
    let more = run.training.losses.len().saturating_sub(12);
    format!(
        "A line plot of the loss after each step ({} axis): {}{}. A line plot of each weight and the bias over the steps, labeled with its last value. The first step's update of each weight, written out.",
        if log { "logarithmic" } else { "linear" },
        losses.join(", "),
        if more > 0 {
            format!(", and {more} more")
        } else {
            String::new()
        }
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

    fn label_texts(d: &Drawing) -> Vec<String> {
        d.figure
            .as_ref()
            .unwrap()
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text {
                    text,
                    style: TextStyle::Label,
                    ..
                } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn one_step_on_the_seed_is_written_out() {
        let d = drawing("example = \"seed\"\ntarget = [[0, 0], [0, 0]]\nsteps = 1").unwrap();
        let lines = label_texts(&d);
        assert!(
            lines.contains(&"α ← α − η·∂L/∂α = 1 − 0.01·21 = 0.79".to_string()),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"b ← b − η·∂L/∂b = 1 − 0.01·14 = 0.86".to_string()),
            "{lines:?}"
        );
        assert!(
            d.summary.contains("It falls from L = 39 to L = 15.4059"),
            "{}",
            d.summary
        );
        assert!(d.summary.contains("α from 1 to 0.79"));
        let figure = d.figure.unwrap();
        assert!(figure.size[0] <= WIDTH);
        assert!(!svg::render(&figure, "t").contains("\n\n"));
    }

    #[test]
    fn a_loss_over_orders_of_magnitude_gets_a_log_axis() {
        let d = drawing(
            "image = [[0, 1, 0, 1], [1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0]]\nfilter = [[1, -1], [2, 0]]\nbias = 1\ntarget = [[-1, 2, -1], [0, 0, 0], [1, -2, 1]]\nlearning-rate = 0.05\nsteps = 100",
        )
        .unwrap();
        assert!(d.summary.contains("logarithmic"), "{}", d.summary);
        let notes: Vec<String> = crate::views::testing::texts(&d);
        assert!(notes.contains(&"loss L (log scale)".to_string()));
        // Five lines (four weights and the bias), each labeled at its end.
        let ends = label_texts(&d)
            .into_iter()
            .filter(|t| t.contains(" = ") && !t.contains('←'))
            .count();
        assert_eq!(ends, 5);
    }

    #[test]
    fn without_steps_it_names_steps() {
        let err = drawing("example = \"seed\"\ntarget = [[0, 0], [0, 0]]").unwrap_err();
        assert!(err.to_string().contains("`steps = N`"), "{err}");
        let none = drawing("example = \"seed\"\nview = \"training\"");
        assert!(none.is_err());
    }

    #[test]
    fn zero_steps_show_the_start() {
        let d = drawing("example = \"seed\"\ntarget = [[0, 0], [0, 0]]\nsteps = 0").unwrap();
        assert!(d.summary.contains("stays at L = 39"), "{}", d.summary);
    }

    #[test]
    fn a_thousand_steps_stay_small() {
        let d = drawing(
            "example = \"seed\"\ntarget = [[0, 0], [0, 0]]\nsteps = 1000\nlearning-rate = 0.001",
        )
        .unwrap();
        let svg = svg::render(&d.figure.unwrap(), "t");
        assert!(svg.len() < 200_000, "{} bytes", svg.len());
    }
}
