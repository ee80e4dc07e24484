//! The softmax view: the output layer. The logits (what the layer before
//! gives) and the probabilities softmax makes of them, as labeled bars with
//! their values, one row per class; the predicted class is marked, and so
//! is the right class when the block gives a `label`. Both columns are the
//! engine's numbers.

use ndarray::ArrayView1;

use crate::engine::grad::Objective;
use crate::engine::{LayerSpec, Model};
use crate::error::ErrorKind;
use crate::figure::{Anchor, Drawing, Figure, Item, TextStyle, Tone};
use crate::render::number;
use crate::resolve::Example;
use crate::text;
use crate::view::View;
use crate::views::grid;
use crate::views::stages::{self, Values};
use crate::words;

/// Classes drawn; the rest are counted.
pub const MAX_CLASSES: usize = 16;
/// Width of the logits' bars and of the probabilities'.
const LOGIT_W: f64 = 170.0;
const PROB_W: f64 = 200.0;
/// Height of one class's row and of its bars.
const ROW: f64 = 30.0;
const BAR: f64 = 18.0;

/// The last softmax layer of `example`.
pub fn draw(example: &Example, model: &Model) -> Result<Drawing, ErrorKind> {
    let steps = model.network().steps();
    let index = steps
        .iter()
        .rposition(|s| matches!(s.spec, LayerSpec::Softmax))
        .ok_or_else(|| {
            stages::refuse(
                View::Softmax,
                "it has no softmax layer",
                "end `[[layers]]` with a `dense` layer (one output per class) and a table with `kind = \"softmax\"`",
            )
        })?;
    let (Values::Flat(z), Values::Flat(p)) = (
        stages::input(model, index),
        stages::values(model, index + 2),
    ) else {
        return Err(stages::refuse(
            View::Softmax,
            "its softmax does not read a vector",
            "put a `dense` layer before the softmax",
        ));
    };
    let label = match example.model.learning.as_ref().map(|l| &l.objective) {
        Some(Objective::CrossEntropy { label }) => Some(*label),
        _ => None,
    };
    let best = stages::argmax(&p);
    let shown = p.len().min(MAX_CLASSES);
    let name_w = (0..shown)
        .map(|k| {
            let px = if k == best {
                text::HEADING_PX
            } else {
                text::NOTE_PX
            };
            text::width(&class_name(k, best, label), px)
        })
        .fold(0.0, f64::max);
    let x_name = grid::MARGIN + name_w;
    let x_logit = x_name + 12.0;
    let x_prob = x_logit + LOGIT_W + 104.0;
    let top = grid::MARGIN + grid::HEADING + 8.0;
    let mut items = vec![
        grid::heading(
            [x_logit, grid::MARGIN],
            format!("Logits z ({})", stages::title(model, index + 1)),
        ),
        grid::heading([x_prob, grid::MARGIN], "Probabilities p = softmax(z)"),
    ];
    let (z_lo, z_hi) = z
        .iter()
        .take(shown)
        .fold((0.0f64, 0.0f64), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    let span = (z_hi - z_lo).max(1e-9);
    let zero_x = x_logit + (-z_lo) / span * LOGIT_W;
    for k in 0..shown {
        let y = top + k as f64 * ROW;
        let strong = k == best;
        items.push(Item::Text {
            at: [x_name, y + BAR * 0.75],
            text: class_name(k, best, label),
            style: if strong {
                TextStyle::Heading
            } else {
                TextStyle::Note
            },
            anchor: Anchor::End,
            tone: if strong { Tone::Ink } else { Tone::Muted },
        });
        logit_bar(z[k], zero_x, span, y, &mut items);
        items.push(stages::arrow(
            [x_logit + LOGIT_W + 72.0, y + BAR / 2.0],
            [x_prob - 8.0, y + BAR / 2.0],
        ));
        prob_bar(p[k], x_prob, y, strong, &mut items);
    }
    // The axis the logits' bars grow from.
    items.push(Item::Line {
        from: [zero_x, top - 4.0],
        to: [zero_x, top + shown as f64 * ROW - 8.0],
        tone: Tone::Muted,
        width: 1.0,
        arrow: false,
        dashed: false,
    });
    let mut bottom = top + shown as f64 * ROW;
    if p.len() > shown {
        items.push(grid::note(
            [grid::MARGIN, bottom],
            format!("… and {} more", words::plural(p.len() - shown, "class")),
        ));
        bottom += grid::NOTE;
    }
    let legend = "bold: the predicted class, the largest probability";
    items.push(grid::note([grid::MARGIN, bottom], legend));
    bottom += grid::NOTE;
    let width = (x_prob + PROB_W + 70.0).max(grid::MARGIN + text::width(legend, text::NOTE_PX));
    Ok(Drawing {
        view: View::Softmax.name(),
        summary: summary(model, z, p, best, label),
        figure: Some(Figure {
            view: View::Softmax.name(),
            title: format!(
                "Softmax: {} to {}, class {best} predicted",
                words::plural(z.len(), "logit"),
                stages::probabilities(p.len())
            ),
            desc: (0..p.len().min(32))
                .map(|k| {
                    format!(
                        "class {k}: z = {}, p = {}",
                        number::display(z[k]),
                        number::display(p[k])
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            size: [width + grid::MARGIN, bottom + grid::MARGIN],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    })
}

/// "class 2", marked when it is the prediction or the label.
fn class_name(k: usize, best: usize, label: Option<usize>) -> String {
    let mut marks = Vec::new();
    if k == best {
        marks.push("predicted");
    }
    if Some(k) == label {
        marks.push("label");
    }
    if marks.is_empty() {
        format!("class {k}")
    } else {
        format!("class {k} ({})", marks.join(", "))
    }
}

/// A bar from the axis at `zero_x` to the logit, with its value beyond its
/// end.
fn logit_bar(z: f64, zero_x: f64, span: f64, y: f64, items: &mut Vec<Item>) {
    let length = z.abs() / span * LOGIT_W;
    let at = if z < 0.0 { zero_x - length } else { zero_x };
    items.push(Item::Panel {
        at: [at, y],
        size: [length.max(1.0), BAR],
        tone: Tone::Bias,
    });
    // Values sit right of the bars, so a negative bar's value never
    // covers a class name.
    items.push(stages::small(
        [zero_x.max(at + length) + 6.0, y + BAR * 0.75],
        number::display(z),
        Anchor::Start,
    ));
}

/// The probability's bar over a track of full length (1), and its value.
fn prob_bar(p: f64, x: f64, y: f64, strong: bool, items: &mut Vec<Item>) {
    items.push(Item::Panel {
        at: [x, y],
        size: [PROB_W, BAR],
        tone: Tone::Pixel,
    });
    items.push(Item::Panel {
        at: [x, y],
        size: [(p * PROB_W).max(1.0), BAR],
        tone: Tone::Output,
    });
    if strong {
        items.push(Item::Frame {
            at: [x, y],
            size: [PROB_W, BAR],
            tone: Tone::Ink,
        });
    }
    items.push(Item::Text {
        at: [x + PROB_W + 8.0, y + BAR * 0.75],
        text: number::display(p),
        style: if strong {
            TextStyle::Heading
        } else {
            TextStyle::Note
        },
        anchor: Anchor::Start,
        tone: if strong { Tone::Ink } else { Tone::Muted },
    });
}

/// What softmax did to these logits.
fn summary(
    model: &Model,
    z: ArrayView1<'_, f64>,
    p: ArrayView1<'_, f64>,
    best: usize,
    label: Option<usize>,
) -> String {
    let mut text = format!(
        "Softmax turns the {} logits into probabilities: p_k = e^(z_k) / Σ_j e^(z_j). Every p is positive and they add up to 1, and the order stays: the largest logit, z_{best} = {}, gives the largest probability, p_{best} = {}, so the network predicts class {best}.",
        words::count(z.len()),
        number::display(z[best]),
        number::display(p[best])
    );
    if z.len() > 1 {
        let worst = p
            .iter()
            .enumerate()
            .fold(
                (0, f64::INFINITY),
                |w, (i, &v)| if v < w.1 { (i, v) } else { w },
            )
            .0;
        text.push_str(&format!(
            " Differences matter, not sizes: z_{best} − z_{worst} = {} makes p_{best} {} times p_{worst}, and adding the same number to every logit would change no probability.",
            number::display(z[best] - z[worst]),
            number::display(p[best] / p[worst])
        ));
    }
    if let (Some(label), Some(g)) = (label, model.gradients()) {
        text.push_str(&format!(
            " The right class is {label}, with p_{label} = {}: the cross-entropy loss is −log p_{label} = {}.",
            number::display(p[label]),
            number::display(g.loss)
        ));
    }
    if p.len() > MAX_CLASSES {
        text.push_str(&format!(
            " The figure draws the first {MAX_CLASSES} classes."
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    const NET: &str = "example = \"seed\"\n[[layers]]\nkind = \"dense\"\nweights = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]]\n[[layers]]\nkind = \"softmax\"";

    #[test]
    fn bars_carry_the_engines_numbers() {
        let (example, model) = model(NET);
        let d = draw(&example, &model).unwrap();
        let p = model.network().output().flat();
        let texts: Vec<String> = crate::views::testing::texts(&d);
        for v in p.iter() {
            assert!(texts.contains(&number::display(*v)), "{v} in {texts:?}");
        }
        // Logits are the seed's P, Q and S: 5, 6 and 4, so class 1 wins.
        assert!(
            texts.contains(&"class 1 (predicted)".to_string()),
            "{texts:?}"
        );
        assert!(d.summary.contains("predicts class 1"), "{}", d.summary);
    }

    #[test]
    fn a_label_shows_the_loss() {
        let body = NET.replacen("example = \"seed\"", "example = \"seed\"\nlabel = 2", 1);
        let (example, model) = model(&body);
        let d = draw(&example, &model).unwrap();
        let loss = model.gradients().unwrap().loss;
        assert!(d.summary.contains(&number::display(loss)), "{}", d.summary);
        assert!(d.summary.contains("The right class is 2"));
    }

    #[test]
    fn without_softmax_it_refuses() {
        let (example, model) = model("example = \"seed\"\n[[layers]]\nkind = \"relu\"");
        let err = draw(&example, &model).unwrap_err().to_string();
        assert!(
            err.contains("no softmax layer") && err.contains("kind = \"softmax\""),
            "{err}"
        );
    }
}
