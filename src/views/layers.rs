//! The layers view: the whole network at a glance, a static form of CNN
//! Explainer's overview. One row per stage, from the image down to the
//! last layer: what it holds (values when they fit, a heat map of the
//! first map otherwise), its name, its shape C×H×W and its parameter
//! count; arrows show the flow, and a final softmax names the predicted
//! class. A network of one convolution also gets that layer's weight matrix
//! next to a dense layer's over the same inputs ([`dense_matrix`]).

use crate::engine::{LayerSpec, Model, Shape};
use crate::error::ErrorKind;
use crate::figure::{Anchor, Drawing, Figure, Item, Tone};
use crate::render::number;
use crate::resolve::Example;
use crate::text;
use crate::view::View;
use crate::views::stages::{self, Values};
use crate::views::{dense_matrix, grid};
use crate::words;

/// Feature maps drawn with values per row; more become a stack.
const MAX_MAPS: usize = 4;
/// Largest map side written out with values.
const MAX_VALUE_SIDE: usize = 6;
/// Most entries of a vector written out with values.
const MAX_VALUE_LEN: usize = 10;
/// Widest a row's picture may get.
const MAX_PICTURE: f64 = 360.0;
/// Side of a heat-map thumbnail, and the step of the stack behind it.
const THUMB: f64 = 80.0;
const STACK: f64 = 6.0;
/// Where the pictures start, right of the flow arrows.
const INDENT: f64 = 22.0;
/// Vertical room between rows, for the arrows.
const GAP: f64 = 26.0;

/// The overview of `example`'s network.
pub fn draw(example: &Example, model: &Model) -> Result<Drawing, ErrorKind> {
    let n = stages::count(model);
    let pictures: Vec<(Vec<Item>, [f64; 2])> = (0..n).map(|s| picture(model, s)).collect();
    let picture_w = pictures.iter().map(|p| p.1[0]).fold(120.0, f64::max);
    let heat = pictures
        .iter()
        .any(|(items, _)| items.iter().any(|i| matches!(i, Item::Heatmap { .. })));
    let text_x = grid::MARGIN + INDENT + picture_w + 24.0;
    let mut items = Vec::new();
    let mut y = grid::MARGIN;
    let mut text_w: f64 = 0.0;
    for (s, (drawn, size)) in pictures.into_iter().enumerate() {
        let lines = describe_stage(model, s);
        let text_h = 18.0 + 17.0 * (lines.len() - 1) as f64;
        let row_h = size[1].max(text_h);
        let offset = [grid::MARGIN + INDENT, y];
        items.extend(drawn.into_iter().map(|item| shift(item, offset)));
        items.push(grid::heading([text_x, y - 4.0], lines[0].clone()));
        for (i, line) in lines.iter().enumerate().skip(1) {
            items.push(stages::small(
                [text_x, y + 14.0 + 17.0 * i as f64],
                line.clone(),
                Anchor::Start,
            ));
        }
        text_w = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                text::width(
                    l,
                    if i == 0 {
                        text::HEADING_PX
                    } else {
                        text::NOTE_PX
                    },
                )
            })
            .fold(text_w, f64::max);
        y += row_h;
        if s + 1 < n {
            let x = grid::MARGIN + 8.0;
            items.push(stages::arrow([x, y + 4.0], [x, y + GAP - 4.0]));
            y += GAP;
        }
    }
    y += 14.0;
    let total = (0..n).map(|s| stages::parameters(model, s)).sum::<usize>();
    let mut closing = vec![format!("{} in all", words::plural(total, "parameter"))];
    if let Some(prediction) = prediction(model) {
        closing.push(format!("prediction: {prediction}"));
    }
    for line in &closing {
        items.push(grid::heading([grid::MARGIN, y - 4.0], line.clone()));
        text_w = text_w.max(text::width(line, text::HEADING_PX) - text_x + grid::MARGIN);
        y += 22.0;
    }
    if heat {
        let note = "heat maps: darker is larger; a stack shows its first map in front";
        items.push(grid::note([grid::MARGIN, y - 6.0], note));
        text_w = text_w.max(text::width(note, text::NOTE_PX) - text_x + grid::MARGIN);
        y += grid::NOTE;
    }
    let mut width = text_x + text_w;
    let first = model.network().first();
    let alone = model.network().steps().is_empty();
    if alone
        && let Some((drawn, size)) =
            dense_matrix::contrast(&example.layer_labels, first, [grid::MARGIN, y + 10.0])
    {
        items.extend(drawn);
        y += 10.0 + size[1];
        width = width.max(grid::MARGIN + size[0]);
    }
    Ok(Drawing {
        view: View::Layers.name(),
        summary: summary(model, total),
        figure: Some(Figure {
            view: View::Layers.name(),
            title: title(model),
            desc: (0..n)
                .map(|s| describe_stage(model, s).join(", "))
                .collect::<Vec<_>>()
                .join("; then ")
                + ".",
            size: [width + grid::MARGIN, y + grid::MARGIN],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    })
}

/// Moves an item by `by` (pictures are laid out from the origin).
fn shift(item: Item, by: [f64; 2]) -> Item {
    let p = |at: [f64; 2]| [at[0] + by[0], at[1] + by[1]];
    match item {
        Item::Cell {
            at,
            size,
            tone,
            symbol,
            value,
        } => Item::Cell {
            at: p(at),
            size,
            tone,
            symbol,
            value,
        },
        Item::Text {
            at,
            text,
            style,
            anchor,
            tone,
        } => Item::Text {
            at: p(at),
            text,
            style,
            anchor,
            tone,
        },
        Item::Line {
            from,
            to,
            tone,
            width,
            arrow,
            dashed,
        } => Item::Line {
            from: p(from),
            to: p(to),
            tone,
            width,
            arrow,
            dashed,
        },
        Item::Polygon {
            points,
            tone,
            opacity,
        } => Item::Polygon {
            points: points.into_iter().map(p).collect(),
            tone,
            opacity,
        },
        Item::Node {
            center,
            radius,
            tone,
            symbol,
            value,
        } => Item::Node {
            center: p(center),
            radius,
            tone,
            symbol,
            value,
        },
        Item::Panel { at, size, tone } => Item::Panel {
            at: p(at),
            size,
            tone,
        },
        Item::Heatmap {
            at,
            cell,
            cols,
            shades,
        } => Item::Heatmap {
            at: p(at),
            cell,
            cols,
            shades,
        },
        Item::Group(items) => Item::Group(items.into_iter().map(|i| shift(i, by)).collect()),
        Item::Shades {
            at,
            cell,
            cols,
            values,
            palette,
        } => Item::Shades {
            at: p(at),
            cell,
            cols,
            values,
            palette,
        },
        Item::Faded { opacity, items } => Item::Faded {
            opacity,
            items: items.into_iter().map(|i| shift(i, by)).collect(),
        },
        Item::Reuse { key, items, places } => Item::Reuse {
            key,
            items,
            places: places.into_iter().map(p).collect(),
        },
        Item::Frame { at, size, tone } => Item::Frame {
            at: p(at),
            size,
            tone,
        },
    }
}

/// What stage `s` holds, drawn from the origin: its maps side by side with
/// values, a stack of heat maps, or a vector as a row.
fn picture(model: &Model, s: usize) -> (Vec<Item>, [f64; 2]) {
    let tone = if s == 0 { Tone::Pixel } else { Tone::Output };
    match stages::values(model, s) {
        Values::Maps(maps) => {
            let (c, h, w) = maps.dim();
            let shown = c.min(MAX_MAPS);
            // Only small maps are measured: formatting every number of a
            // deep network's maps would cost more than drawing them.
            let small = h.max(w) <= MAX_VALUE_SIDE;
            let cell = if small {
                stages::value_cell(maps.slice(ndarray::s![..shown, .., ..]).iter())
            } else {
                0.0
            };
            let wide = shown as f64 * (w as f64 * cell + 8.0);
            if small && wide <= MAX_PICTURE {
                let mut items = Vec::new();
                for k in 0..shown {
                    let at = [k as f64 * (w as f64 * cell + 8.0), 0.0];
                    let (drawn, _) =
                        stages::plane(at, stages::channel(maps, k), cell, THUMB, |_, _| {
                            (tone, None)
                        });
                    items.extend(drawn);
                }
                let mut size = [wide - 8.0, h as f64 * cell];
                if c > shown {
                    items.push(stages::small(
                        [size[0] + 8.0, size[1] / 2.0 + 4.0],
                        format!("+{}", c - shown),
                        Anchor::Start,
                    ));
                    size[0] += 40.0;
                }
                (items, size)
            } else {
                stack(maps.dim().0, stages::channel(maps, 0))
            }
        }
        Values::Flat(v) => {
            let classes = matches!(
                stages::step(model, s).map(|st| &st.spec),
                Some(LayerSpec::Softmax)
            );
            let cell = stages::value_cell(v.iter());
            if v.len() <= MAX_VALUE_LEN && v.len() as f64 * cell <= MAX_PICTURE {
                let mut items = Vec::new();
                for i in 0..v.len() {
                    items.push(stages::small(
                        [(i as f64 + 0.5) * cell, 11.0],
                        i.to_string(),
                        Anchor::Middle,
                    ));
                }
                items.extend(grid::cells([0.0, 16.0], cell, (1, v.len()), |_, i| {
                    (tone, None, Some(number::display(v[i])))
                }));
                if classes {
                    let best = stages::argmax(&v);
                    items.push(Item::Frame {
                        at: [best as f64 * cell, 16.0],
                        size: [cell, cell],
                        tone: Tone::Ink,
                    });
                }
                (items, [v.len() as f64 * cell, 16.0 + cell])
            } else {
                let row = v.to_owned().insert_axis(ndarray::Axis(0));
                stages::thumbnail([0.0, 0.0], row.view(), 2.0 * THUMB)
            }
        }
    }
}

/// The first map as a heat map, with up to two more outlines behind it for
/// the other maps.
fn stack(maps: usize, first: ndarray::ArrayView2<'_, f64>) -> (Vec<Item>, [f64; 2]) {
    let behind = (maps - 1).min(2);
    let front = [behind as f64 * STACK, 0.0];
    let (drawn, size) = stages::thumbnail(front, first, THUMB);
    let mut items = Vec::new();
    for b in (0..behind).rev() {
        let at = [(b as f64) * STACK, (behind - b) as f64 * STACK];
        items.push(Item::Panel {
            at,
            size,
            tone: Tone::Pixel,
        });
        items.push(Item::Frame {
            at,
            size: [size[0], size[1]],
            tone: Tone::Muted,
        });
    }
    // The front map is drawn last, over the ones behind.
    let items = items.into_iter().chain(drawn).collect();
    (items, [size[0] + front[0], size[1] + behind as f64 * STACK])
}

/// The lines next to a stage: its name, its shape, its parameters.
fn describe_stage(model: &Model, s: usize) -> Vec<String> {
    let shape = stages::values(model, s).shape();
    let name = stages::title(model, s);
    let shape_line = match shape {
        Shape::Spatial([c, h, w]) => {
            let what = if s == 0 { "channel" } else { "map" };
            format!("{c}×{h}×{w} ({})", words::plural(c, what))
        }
        Shape::Flat(n) => match stages::step(model, s).map(|st| &st.spec) {
            Some(LayerSpec::Softmax) => stages::probabilities(n),
            _ => words::plural(n, "value"),
        },
    };
    let parameters = stages::parameters(model, s);
    let parameter_line = match (s, parameters) {
        (0, _) => "the input".to_string(),
        (_, 0) => "no parameters".to_string(),
        (_, p) => format!(
            "{}: {}",
            words::plural(p, "parameter"),
            stages::parameter_parts(model, s)
        ),
    };
    vec![name, shape_line, parameter_line]
}

/// "class 0 (p = 0.68)": the predicted class, after a final softmax.
fn prediction(model: &Model) -> Option<String> {
    let last = model.network().steps().last()?;
    if !matches!(last.spec, LayerSpec::Softmax) {
        return None;
    }
    let p = last.output.flat();
    let best = stages::argmax(&p.view());
    Some(format!("class {best} (p = {})", number::display(p[best])))
}

fn title(model: &Model) -> String {
    let n = stages::count(model);
    format!(
        "The whole network: the {} image through {} to {}",
        stages::values(model, 0).shape(),
        words::plural(n - 1, "layer"),
        match stages::values(model, n - 1).shape() {
            Shape::Flat(k) if prediction(model).is_some() =>
                format!("{} class probabilities", words::count(k)),
            shape => format!("a {shape} output"),
        }
    )
}

/// The flow in one sentence, where the parameters are, and what a dense
/// layer would cost in place of the first convolution.
fn summary(model: &Model, total: usize) -> String {
    let n = stages::count(model);
    let flow: Vec<String> = (1..n)
        .map(|s| {
            format!(
                "{} ({})",
                stages::title(model, s),
                stages::values(model, s).shape()
            )
        })
        .collect();
    let mut text = format!(
        "From the {} image: {}.",
        stages::values(model, 0).shape(),
        flow.join(", then ")
    );
    let learners: Vec<String> = (1..n)
        .filter(|&s| stages::parameters(model, s) > 0)
        .map(|s| {
            format!(
                "{} in {}",
                words::count(stages::parameters(model, s)),
                stages::title(model, s)
            )
        })
        .collect();
    text.push_str(&format!(
        " The network learns {}: {}; activations, pooling and softmax have none.",
        words::plural(total, "parameter"),
        words::join_and(&learners)
    ));
    if let Some(p) = prediction(model) {
        text.push_str(&format!(" For this image it predicts {p}."));
    }
    let c = dense_matrix::counts(model.network().first());
    text.push_str(&format!(
        " The first convolution shares {} across its {}: a dense layer from the same {} to the same {} would need {} + {} = {} parameters.",
        words::plural(c.conv, "parameter"),
        words::plural(c.outputs, "output"),
        words::plural(c.inputs, "input"),
        words::plural(c.outputs, "output"),
        words::plural(c.inputs * c.outputs, "weight"),
        words::plural(c.outputs, "bias"),
        words::count(c.dense)
    ));
    if model.network().steps().is_empty() && !dense_matrix::fits(model.network().first()) {
        text.push_str(" Its weight matrix is too large to draw next to the dense one here.");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    const TINY: &str = "example = \"seed\"\nfilters = [[[1, -1], [2, 0]], [[0, 1], [-1, 0]]]\nbiases = [1, 0]\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"max-pool\"\n[[layers]]\nkind = \"dense\"\nweights = [[1, -1], [-0.5, 1], [0.2, 0.3]]\n[[layers]]\nkind = \"softmax\"";

    use crate::views::testing::texts;

    #[test]
    fn every_stage_with_shape_and_parameters() {
        let (example, model) = model(TINY);
        let d = draw(&example, &model).unwrap();
        let texts = texts(&d);
        for line in [
            "image",
            "1×3×3 (1 channel)",
            "conv 2×2, 2 filters",
            "10 parameters: 8 weights + 2 biases",
            "max-pool 2×2",
            "2×1×1 (2 maps)",
            "dense 2 → 3",
            "9 parameters: 6 weights + 3 biases",
            "3 probabilities",
            "19 parameters in all",
        ] {
            assert!(texts.contains(&line.to_string()), "{line} in {texts:?}");
        }
        // The prediction is the engine's largest probability.
        let p = model.network().output().flat();
        let best = stages::argmax(&p.view());
        assert!(
            d.summary.contains(&format!("class {best}")),
            "{}",
            d.summary
        );
        assert!(d.summary.contains("a dense layer from the same 9 inputs to the same 8 outputs would need 72 weights + 8 biases = 80 parameters"), "{}", d.summary);
    }

    #[test]
    fn one_convolution_gets_the_dense_contrast() {
        let (example, model) = model("example = \"seed\"");
        let d = draw(&example, &model).unwrap();
        let texts = texts(&d);
        assert!(
            texts.iter().any(
                |t| t.starts_with("The convolution as a matrix: 4 shared weights + 1 bias = 5")
            ),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.ends_with("36 weights + 4 biases = 40 parameters")),
            "{texts:?}"
        );
        assert!(d.summary.contains("= 40 parameters"));
    }
}
