//! The activation view: the function's curve with this layer's values
//! drawn on it as points, the feature maps before and after, and what
//! became zero. It draws the block's first activation layer (the summary
//! says which); the points are the engine's inputs and outputs of that
//! layer, the curve only the function itself.

use ndarray::{Array2, Axis};

use crate::engine::{Activation, LayerSpec, Model};
use crate::figure::{Anchor, Drawing, Figure, Item, Tone};
use crate::labels::Label;
use crate::render::number;
use crate::resolve::Example;
use crate::text;
use crate::view::View;
use crate::views::grid;
use crate::views::stages::{self, Values};
use crate::words;

/// The plot's inner width and height.
const PLOT: [f64; 2] = [240.0, 180.0];
/// Straight pieces the curve is drawn with.
const SEGMENTS: usize = 96;
/// Feature maps drawn before and after; the rest are counted.
pub const MAX_MAPS: usize = 4;
/// Largest plane side written out with values; larger ones are heat maps.
const MAX_VALUE_SIDE: usize = 6;
/// Side of a heat-map thumbnail.
const THUMB: f64 = 96.0;
/// Slope below which a sigmoid or tanh counts as flat (saturated).
const FLAT: f64 = 0.05;

/// The first activation layer of `example`, drawn from the engine's values.
pub fn draw(example: &Example, model: &Model) -> Result<Drawing, crate::error::ErrorKind> {
    let refuse = || {
        stages::refuse(
            View::Activation,
            "it has no activation layer",
            "add a `[[layers]]` table with `kind = \"relu\"` (or `leaky-relu`, `sigmoid`, `tanh`) after the convolution",
        )
    };
    let is_activation = |l: &LayerSpec| matches!(l, LayerSpec::Activation(_));
    let (index, of_kind) = stages::find(model, is_activation).ok_or_else(refuse)?;
    let LayerSpec::Activation(f) = model.network().steps()[index].spec else {
        return Err(refuse());
    };
    let before = stages::input(model, index);
    let after = stages::values(model, index + 2);
    let xs: Vec<f64> = before.iter().collect();
    let ys: Vec<f64> = after.iter().collect();
    let labels = (index == 0 && example.show.symbols()).then_some(&example.layer_labels.outputs);

    let name = stages::activation_name(f);
    let mut items = vec![
        grid::heading([grid::MARGIN, grid::MARGIN], name.clone()),
        grid::note([grid::MARGIN, grid::MARGIN + 18.0], formula(f)),
    ];
    let plot_at = [grid::MARGIN + 34.0, grid::MARGIN + grid::HEADING + 26.0];
    let plot_h = plot(f, plot_at, &xs, &ys, &mut items);
    // The maps start right of the plot and of the texts above it.
    let left_w = (plot_at[0] + PLOT[0] + 36.0)
        .max(grid::MARGIN + text::width(&name, text::HEADING_PX) + 24.0)
        .max(grid::MARGIN + text::width(&formula(f), text::NOTE_PX) + 24.0);
    let maps_at = [left_w, grid::MARGIN];
    let (maps_size, hidden) = maps(f, maps_at, before, after, labels, &mut items);
    let width = maps_at[0] + maps_size[0] + grid::MARGIN;
    let height = (plot_at[1] + plot_h).max(maps_at[1] + maps_size[1]) + grid::MARGIN;

    let zeroed = became_zero(&xs, &ys);
    let input_name = stages::title(model, index + 1);
    Ok(Drawing {
        view: View::Activation.name(),
        summary: summary(
            &Layer {
                f,
                before,
                xs: &xs,
                ys: &ys,
                labels,
            },
            &stages::which(index, of_kind, "activation"),
            &input_name,
            hidden,
        ),
        figure: Some(Figure {
            view: View::Activation.name(),
            title: format!(
                "{} on the {} output of {input_name}: {}",
                stages::activation_name(f),
                before.shape(),
                match f {
                    Activation::Sigmoid | Activation::Tanh => format!(
                        "{} squashed, none became 0",
                        words::plural(xs.len(), "value")
                    ),
                    _ => format!(
                        "{} of {} became 0",
                        words::count(zeroed.len()),
                        words::plural(xs.len(), "value")
                    ),
                }
            ),
            desc: describe(&xs, &ys),
            size: [width, height],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    })
}

/// One activation layer's numbers, as the summary reads them.
#[derive(Clone, Copy)]
struct Layer<'a> {
    f: Activation,
    before: Values<'a>,
    /// Its inputs and outputs, in reading order.
    xs: &'a [f64],
    ys: &'a [f64],
    /// The symbols of its inputs, when it reads the first convolution.
    labels: Option<&'a ndarray::Array3<Label>>,
}

/// The function as a formula, in plain text.
fn formula(f: Activation) -> String {
    match f {
        Activation::Relu => "f(x) = max(0, x)".into(),
        Activation::LeakyRelu { slope } => {
            format!("f(x) = x for x > 0, else {}·x", number::display(slope))
        }
        Activation::Sigmoid => "f(x) = 1 / (1 + e⁻ˣ)".into(),
        Activation::Tanh => "f(x) = tanh x".into(),
    }
}

/// Positions (in reading order) of the values that were not zero and are
/// now.
fn became_zero(xs: &[f64], ys: &[f64]) -> Vec<usize> {
    xs.iter()
        .zip(ys)
        .enumerate()
        .filter(|(_, (x, y))| **y == 0.0 && **x != 0.0)
        .map(|(i, _)| i)
        .collect()
}

/// A scale from numbers to pixels along one axis.
#[derive(Clone, Copy)]
struct Scale {
    lo: f64,
    hi: f64,
    from: f64,
    to: f64,
}

impl Scale {
    fn at(self, v: f64) -> f64 {
        self.from + (v - self.lo) / (self.hi - self.lo) * (self.to - self.from)
    }
}

/// A step of 1, 2 or 5 times a power of ten that cuts `span` into at most
/// six pieces.
fn nice_step(span: f64) -> f64 {
    let raw = span / 6.0;
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * power)
}

/// The axes, the curve and one point per value. Returns the height used.
fn plot(f: Activation, at: [f64; 2], xs: &[f64], ys: &[f64], items: &mut Vec<Item>) -> f64 {
    let wide = matches!(f, Activation::Sigmoid | Activation::Tanh);
    let reach = if wide { 5.0 } else { 2.0 };
    let (x_min, x_max) = min_max(xs);
    let (lo, hi) = (x_min.min(-reach), x_max.max(reach));
    let pad = (hi - lo) * 0.06;
    let (lo, hi) = (lo - pad, hi + pad);
    let curve: Vec<[f64; 2]> = (0..=SEGMENTS)
        .map(|i| {
            let x = lo + (hi - lo) * i as f64 / SEGMENTS as f64;
            [x, f.apply(x)]
        })
        .collect();
    let (c_min, c_max) = min_max(&curve.iter().map(|p| p[1]).collect::<Vec<_>>());
    let (y_lo, y_hi) = (c_min.min(0.0), c_max.max(0.0));
    let y_pad = (y_hi - y_lo).max(1e-9) * 0.08;
    let sx = Scale {
        lo,
        hi,
        from: at[0],
        to: at[0] + PLOT[0],
    };
    let sy = Scale {
        lo: y_lo - y_pad,
        hi: y_hi + y_pad,
        from: at[1] + PLOT[1],
        to: at[1],
    };
    axes(sx, sy, items);
    for pair in curve.windows(2) {
        items.push(Item::Line {
            from: [sx.at(pair[0][0]), sy.at(pair[0][1])],
            to: [sx.at(pair[1][0]), sy.at(pair[1][1])],
            tone: Tone::Ink,
            width: 2.0,
            arrow: false,
            dashed: false,
        });
    }
    // One point per 4-pixel spot: a large layer's thousands of values
    // land on a few hundred pixels of curve.
    let mut seen = std::collections::BTreeSet::new();
    for (&x, &y) in xs.iter().zip(ys) {
        let center = [sx.at(x), sy.at(y)];
        if seen.insert((
            (center[0] / 4.0).round() as i64,
            (center[1] / 4.0).round() as i64,
        )) {
            items.push(Item::Node {
                center,
                radius: 5.0,
                tone: if y == 0.0 && x != 0.0 {
                    Tone::Zero
                } else {
                    Tone::Output
                },
                symbol: None,
                value: None,
            });
        }
    }
    let legend_y = at[1] + PLOT[1] + 34.0;
    let legend_h = legend([at[0] - 30.0, legend_y], xs, ys, items);
    PLOT[1] + 34.0 + legend_h
}

/// Smallest and largest of `values` (0 and 0 when empty).
fn min_max(values: &[f64]) -> (f64, f64) {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 0.0)
    }
}

/// Both axes through 0, with ticks at round numbers.
fn axes(sx: Scale, sy: Scale, items: &mut Vec<Item>) {
    let line = |from, to| Item::Line {
        from,
        to,
        tone: Tone::Muted,
        width: 1.0,
        arrow: true,
        dashed: false,
    };
    let (x0, y0) = (sx.at(0.0), sy.at(0.0));
    items.push(line([sx.from, y0], [sx.to + 8.0, y0]));
    items.push(line([x0, sy.from], [x0, sy.to - 8.0]));
    items.push(stages::small([sx.to + 10.0, y0 + 4.0], "x", Anchor::Start));
    items.push(stages::small(
        [x0 + 6.0, sy.to - 4.0],
        "f(x)",
        Anchor::Start,
    ));
    let step = nice_step(sx.hi - sx.lo);
    let mut k = (sx.lo / step).ceil() as i64;
    while (k as f64) * step <= sx.hi {
        let v = k as f64 * step;
        if k != 0 {
            let x = sx.at(v);
            items.push(tick([x, y0 - 3.0], [x, y0 + 3.0]));
            items.push(stages::small(
                [x, y0 + 16.0],
                number::display(v),
                Anchor::Middle,
            ));
        }
        k += 1;
    }
    let step = nice_step((sy.hi - sy.lo) * 1.5);
    let mut k = (sy.lo / step).ceil() as i64;
    while (k as f64) * step <= sy.hi {
        let v = k as f64 * step;
        if k != 0 {
            let y = sy.at(v);
            items.push(tick([x0 - 3.0, y], [x0 + 3.0, y]));
            items.push(stages::small(
                [x0 - 6.0, y + 4.0],
                number::display(v),
                Anchor::End,
            ));
        }
        k += 1;
    }
}

fn tick(from: [f64; 2], to: [f64; 2]) -> Item {
    Item::Line {
        from,
        to,
        tone: Tone::Muted,
        width: 1.0,
        arrow: false,
        dashed: false,
    }
}

/// What the two kinds of points mean.
fn legend(at: [f64; 2], xs: &[f64], ys: &[f64], items: &mut Vec<Item>) -> f64 {
    let zeros = became_zero(xs, ys).len();
    let mut y = at[1];
    for (tone, text) in [
        (
            Tone::Output,
            "a value of this layer: (input, output)".to_string(),
        ),
        (
            Tone::Zero,
            format!("a value that became 0 ({} in all)", words::count(zeros)),
        ),
    ] {
        if tone == Tone::Zero && zeros == 0 {
            continue;
        }
        items.push(Item::Node {
            center: [at[0] + 5.0, y - 4.0],
            radius: 5.0,
            tone,
            symbol: None,
            value: None,
        });
        items.push(stages::small([at[0] + 14.0, y], text, Anchor::Start));
        y += 18.0;
    }
    y - at[1]
}

/// The feature maps before and after, side by side, one row per map.
/// Returns the size used and how many maps were left out.
fn maps(
    f: Activation,
    at: [f64; 2],
    before: Values<'_>,
    after: Values<'_>,
    labels: Option<&ndarray::Array3<Label>>,
    items: &mut Vec<Item>,
) -> ([f64; 2], usize) {
    let (before, after) = (planes(before), planes(after));
    let shown = before.len().min(MAX_MAPS);
    let (rows, cols) = before[0].dim();
    let cell = if rows.max(cols) <= MAX_VALUE_SIDE {
        let planes = before[..shown].iter().chain(&after[..shown]);
        let fit = stages::value_cell(planes.flat_map(|p| p.iter()));
        // A symbol above the value needs a taller cell.
        if labels.is_some() { fit.max(46.0) } else { fit }
    } else {
        0.0
    };
    let plane_w = if cell > 0.0 {
        cols as f64 * cell
    } else {
        THUMB
    };
    let after_x = at[0] + plane_w.max(110.0) + 40.0;
    let after_title = format!("After {}", stages::activation_name(f));
    let after_w = plane_w.max(text::width(&after_title, text::HEADING_PX));
    items.push(grid::heading(at, "Before"));
    items.push(grid::heading([after_x, at[1]], after_title));
    let mut y = at[1] + grid::HEADING;
    for k in 0..shown {
        if before.len() > 1 {
            items.push(stages::small(
                [at[0], y + 12.0],
                format!("map {}", k + 1),
                Anchor::Start,
            ));
            y += 18.0;
        }
        let (b, size) = stages::plane([at[0], y], before[k].view(), cell, THUMB, |r, c| {
            let symbol = labels.map(|l| l[[k, r, c]].text.clone());
            (Tone::Output, symbol)
        });
        items.extend(b);
        let (a, _) = stages::plane([after_x, y], after[k].view(), cell, THUMB, |r, c| {
            let (x, out) = (before[k][[r, c]], after[k][[r, c]]);
            let tone = if out == 0.0 && x != 0.0 {
                Tone::Zero
            } else {
                Tone::Output
            };
            (tone, None)
        });
        items.extend(a);
        let mid = y + size[1] / 2.0;
        items.push(stages::arrow(
            [at[0] + size[0] + 8.0, mid],
            [after_x - 8.0, mid],
        ));
        y += size[1] + 10.0;
    }
    let hidden = before.len() - shown;
    if hidden > 0 {
        items.push(grid::note(
            [at[0], y],
            format!("… and {} more", words::plural(hidden, "map")),
        ));
        y += grid::NOTE;
    }
    ([after_x - at[0] + after_w, y - at[1]], hidden)
}

/// The planes of what an activation reads: each feature map, or a flat
/// vector as one row.
fn planes(values: Values<'_>) -> Vec<Array2<f64>> {
    match values {
        Values::Maps(a) => a.outer_iter().map(|p| p.to_owned()).collect(),
        Values::Flat(v) => vec![v.to_owned().insert_axis(Axis(0))],
    }
}

/// Why the layer is there and what it did to these numbers.
fn summary(layer: &Layer<'_>, which: &str, input_name: &str, hidden: usize) -> String {
    let Layer {
        f,
        before,
        xs,
        ys,
        labels,
    } = *layer;
    let name = stages::activation_name(f);
    let n = xs.len();
    let mut text = format!(
        "{name} is {which}: it reads the {} output of {input_name}, {} in all, and applies {} to each one on its own.",
        before.shape(),
        words::plural(n, "value"),
        formula(f)
    );
    let name_of = |i: usize| match (labels, before) {
        (Some(l), Values::Maps(a)) => {
            let (_, h, w) = a.dim();
            l[[i / (h * w), i / w % h, i % w]].text.clone() + ": "
        }
        _ => String::new(),
    };
    let changes = |positions: &[usize]| {
        let listed: Vec<String> = positions
            .iter()
            .take(6)
            .map(|&i| {
                format!(
                    "{}{} → {}",
                    name_of(i),
                    number::display(xs[i]),
                    number::display(ys[i])
                )
            })
            .collect();
        let more = positions.len().saturating_sub(6);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{}{tail}", listed.join(", "))
    };
    let negative: Vec<usize> = (0..n).filter(|&i| xs[i] < 0.0).collect();
    match f {
        Activation::Relu => {
            if negative.is_empty() {
                text.push_str(" No value here is negative, so ReLU changes nothing for this input: the layer only makes a difference where a value drops below 0.");
            } else {
                text.push_str(&format!(
                    " Positive values pass unchanged; {} of {} {} negative and became 0 ({}).",
                    words::count(negative.len()),
                    words::count(n),
                    if negative.len() == 1 { "was" } else { "were" },
                    changes(&negative)
                ));
                text.push_str(" Why that matters: a 0 passes nothing on to the next layer, and ReLU is flat left of 0 (slope 0), so in training no gradient flows back through these positions: for this input, the weights that made them learn nothing there. The bend at 0 is also what makes the layer worth having: without it, two stacked convolutions would add up to a single linear layer.");
            }
        }
        Activation::LeakyRelu { slope } => {
            if negative.is_empty() {
                text.push_str(
                    " No value here is negative, so the layer changes nothing for this input.",
                );
            } else {
                text.push_str(&format!(
                    " Negative values are not set to 0 but multiplied by {} ({}): they stay small but alive, and since the slope there is {} rather than 0, a little gradient still flows back through them in training. That is the point of the leak: no position goes dead.",
                    number::display(slope),
                    changes(&negative),
                    number::display(slope)
                ));
            }
        }
        Activation::Sigmoid | Activation::Tanh => {
            let flat: Vec<usize> = (0..n).filter(|&i| f.derivative(xs[i]) < FLAT).collect();
            let range = if f == Activation::Sigmoid {
                "between 0 and 1 (0 becomes 0.5)"
            } else {
                "between −1 and 1 (0 stays 0)"
            };
            text.push_str(&format!(
                " It squashes every value {range}; nothing becomes exactly 0."
            ));
            if flat.is_empty() {
                text.push_str(" Every value lies on the steep middle part of the curve, where a change of the input still changes the output.");
            } else {
                text.push_str(&format!(
                    " {} of {} values {} where the curve is nearly flat (slope below {}: {}): there a change of the input hardly changes the output, so the gradient nearly vanishes (the function saturates).",
                    words::count(flat.len()),
                    words::count(n),
                    if flat.len() == 1 { "lies" } else { "lie" },
                    number::display(FLAT),
                    changes(&flat)
                ));
            }
        }
    }
    if hidden > 0 {
        text.push_str(&format!(
            " The figure draws the first {MAX_MAPS} maps; the curve shows the points of all of them."
        ));
    }
    text
}

/// "x → f(x)" for the first values, for the figure's description.
fn describe(xs: &[f64], ys: &[f64]) -> String {
    let pairs: Vec<String> = xs
        .iter()
        .zip(ys)
        .take(32)
        .map(|(x, y)| format!("{} → {}", number::display(*x), number::display(*y)))
        .collect();
    let more = xs.len().saturating_sub(32);
    let tail = if more > 0 {
        format!(", and {more} more")
    } else {
        String::new()
    };
    format!(
        "Input to output, in reading order: {}{tail}.",
        pairs.join(", ")
    )
}

/// The plane a flat or spatial value sits in, for tests.
#[cfg(test)]
fn plane_count(values: Values<'_>) -> usize {
    planes(values).len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    const TINY: &str = "example = \"seed\"\nfilters = [[[1, -1], [2, 0]], [[0, 1], [-1, 0]]]\nbiases = [1, 0]\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"max-pool\"";

    fn nodes(d: &Drawing, tone: Tone) -> usize {
        d.figure
            .as_ref()
            .unwrap()
            .items
            .iter()
            .filter(|i| matches!(i, Item::Node { tone: t, .. } if *t == tone))
            .count()
    }

    #[test]
    fn relu_marks_what_became_zero_from_the_engine() {
        let (example, model) = model(TINY);
        let d = draw(&example, &model).unwrap();
        let step = &model.network().steps()[0];
        let zeros = step
            .input
            .flat()
            .iter()
            .zip(step.output.flat().iter())
            .filter(|(x, y)| **y == 0.0 && **x != 0.0)
            .count();
        assert_eq!(zeros, 3, "R₁, P₂ and Q₂ are negative");
        // One zero point per distinct value on the curve (P₂ and R₁ are
        // both −1), plus the legend's.
        assert_eq!(nodes(&d, Tone::Zero), 2 + 1);
        assert!(
            d.summary.contains("3 of 8 were negative and became 0"),
            "{}",
            d.summary
        );
        assert!(d.summary.contains("R₁: −1 → 0"), "{}", d.summary);
        assert!(d.summary.contains("layer 1 after the convolution"));
        let cells_zero = d
            .figure
            .unwrap()
            .items
            .iter()
            .filter(|i| {
                matches!(
                    i,
                    Item::Cell {
                        tone: Tone::Zero,
                        ..
                    }
                )
            })
            .count();
        assert_eq!(cells_zero, 3);
    }

    #[test]
    fn sigmoid_speaks_of_saturation() {
        let body = "example = \"seed\"\nbias = 5\n[[layers]]\nkind = \"sigmoid\"";
        let (example, model) = model(body);
        let d = draw(&example, &model).unwrap();
        assert!(d.summary.contains("nearly flat"), "{}", d.summary);
        assert!(d.summary.contains("saturates"));
    }

    #[test]
    fn without_an_activation_it_refuses_and_says_what_to_add() {
        let (example, model) = model("example = \"seed\"");
        let err = draw(&example, &model).unwrap_err().to_string();
        assert!(err.contains("no activation layer"), "{err}");
        assert!(err.contains("kind = \"relu\""), "{err}");
    }

    #[test]
    fn after_a_dense_layer_the_vector_is_one_row() {
        let body = "example = \"seed\"\n[[layers]]\nkind = \"dense\"\nweights = [[1, -1, 0, 0], [0, 0, 1, -1]]\n[[layers]]\nkind = \"tanh\"";
        let (example, model) = model(body);
        assert_eq!(plane_count(stages::input(&model, 1)), 1);
        let d = draw(&example, &model).unwrap();
        assert!(
            d.summary.contains("layer 2 after the convolution"),
            "{}",
            d.summary
        );
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(8.0), 2.0);
        assert_eq!(nice_step(0.9), 0.2);
        assert_eq!(nice_step(30.0), 5.0);
    }
}
