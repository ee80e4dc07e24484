//! The receptive-field view: one output of the deepest layer with feature
//! maps (its center one), traced back through every layer to the input
//! pixels it sees. Each stage's map is drawn with the positions the output
//! depends on shaded; the tracing reads the engine's terms and pooling
//! windows, and each stage's field size and jump are the engine's
//! [`receptive_fields`](crate::engine::network::Network::receptive_fields)
//! (Araujo et al., Distill 2019).

use ndarray::Array2;

use crate::engine::layers::pool_window;
use crate::engine::network::ReceptiveField;
use crate::engine::{LayerSpec, Model, Pair, Source};
use crate::error::ErrorKind;
use crate::figure::{Drawing, Figure, Item, Tone};
use crate::resolve::Example;
use crate::text;
use crate::view::View;
use crate::views::grid;
use crate::views::stages::{self, Values};
use crate::words;

/// Longest side of a stage's drawing.
const PANEL: f64 = 150.0;
/// Largest cell.
const MAX_CELL: f64 = 40.0;
/// Widest a row of panels gets before it wraps.
const MAX_WIDTH: f64 = 700.0;
/// Room between panels, for the arrows.
const GAP: f64 = 40.0;

/// One stage the trace passes, with the positions it depends on.
struct Traced {
    stage: usize,
    mask: Array2<bool>,
    field: Option<ReceptiveField>,
}

/// The trace of the deepest spatial output of `example`.
pub fn draw(example: &Example, model: &Model) -> Result<Drawing, ErrorKind> {
    let deepest = (1..stages::count(model))
        .rev()
        .find(|&s| matches!(stages::values(model, s), Values::Maps(_)))
        .ok_or_else(|| {
            stages::refuse(
                View::ReceptiveField,
                "it has no layer with feature maps",
                "use `view = \"layers\"`",
            )
        })?;
    let shape = plane_shape(model, deepest);
    let output = [(shape.0 - 1) / 2, (shape.1 - 1) / 2];
    let traced = trace(model, deepest, output);
    let mut items = Vec::new();
    let (width, height) = layout(example, model, &traced, output, &mut items);
    let seen = &traced[0].mask;
    let count = seen.iter().filter(|&&m| m).count();
    Ok(Drawing {
        view: View::ReceptiveField.name(),
        summary: summary(model, &traced, deepest, output),
        figure: Some(Figure {
            view: View::ReceptiveField.name(),
            title: format!(
                "Output ({}, {}) of {} traced back: it sees {} of the {} image",
                output[0] + 1,
                output[1] + 1,
                stages::title(model, deepest),
                words::plural(count, "pixel position"),
                grid::size(seen.dim())
            ),
            desc: traced
                .iter()
                .map(|t| {
                    format!(
                        "{}: {} of {} positions",
                        stages::title(model, t.stage),
                        t.mask.iter().filter(|&&m| m).count(),
                        t.mask.len()
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            size: [width, height],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    })
}

/// Rows and columns of a spatial stage's maps.
fn plane_shape(model: &Model, stage: usize) -> (usize, usize) {
    match stages::values(model, stage) {
        Values::Maps(a) => (a.dim().1, a.dim().2),
        Values::Flat(v) => (1, v.len()),
    }
}

/// The positions of every stage up to `deepest` that output `out` of
/// `deepest` depends on, image first. Activations keep positions, so they
/// are passed over (their mask is the one after them).
fn trace(model: &Model, deepest: usize, out: Pair) -> Vec<Traced> {
    let fields = model.network().receptive_fields();
    let mut mask = stages::mask(plane_shape(model, deepest));
    mask[out] = true;
    let mut traced = Vec::new();
    for s in (1..=deepest).rev() {
        let step = stages::step(model, s);
        if let Some(LayerSpec::Activation(_)) = step.map(|st| &st.spec) {
            continue;
        }
        traced.push(Traced {
            stage: s,
            mask: mask.clone(),
            field: fields.get(s - 1).copied().flatten(),
        });
        mask = back(model, s, &mask);
    }
    traced.push(Traced {
        stage: 0,
        mask,
        field: None,
    });
    traced.reverse();
    traced
}

/// The positions of the stage before `s` that the marked positions of `s`
/// read: the terms of a convolution, the window of a pooling.
fn back(model: &Model, s: usize, mask: &Array2<bool>) -> Array2<bool> {
    let mut before = stages::mask(plane_shape(model, s - 1));
    let marked = mask
        .indexed_iter()
        .filter(|(_, m)| **m)
        .map(|((i, j), _)| [i, j]);
    fn from_terms(before: &mut Array2<bool>, terms: impl Iterator<Item = crate::engine::Term>) {
        for term in terms {
            if let (0, Source::Pixel(p)) = (term.channel, term.source) {
                before[p] = true;
            }
        }
    }
    match stages::step(model, s) {
        None => {
            let first = model.network().first();
            for out in marked {
                from_terms(&mut before, first.terms(0, out));
            }
        }
        Some(step) => match (&step.spec, &step.conv) {
            (LayerSpec::Pool { size, stride, .. }, _) => {
                for out in marked {
                    for p in pool_window(out, *size, *stride) {
                        before[p] = true;
                    }
                }
            }
            (LayerSpec::Conv { .. }, Some(conv)) => {
                for out in marked {
                    from_terms(&mut before, conv.terms(0, out));
                }
            }
            _ => before.assign(mask),
        },
    }
    before
}

/// The panels left to right, wrapping; returns the figure's size.
fn layout(
    example: &Example,
    model: &Model,
    traced: &[Traced],
    output: Pair,
    items: &mut Vec<Item>,
) -> (f64, f64) {
    let (mut x, mut top) = (grid::MARGIN, grid::MARGIN);
    let (mut row_h, mut widest) = (0.0f64, 0.0f64);
    let last = traced.len() - 1;
    let mut previous: Option<[f64; 2]> = None;
    for (n, t) in traced.iter().enumerate() {
        let (rows, cols) = t.mask.dim();
        let cell = (PANEL / rows.max(cols) as f64).min(MAX_CELL);
        let lines = notes(model, t, n == last);
        let title = stages::title(model, t.stage);
        let column_w = (cols as f64 * cell)
            .max(text::width(&title, text::HEADING_PX))
            .max(
                lines
                    .iter()
                    .map(|l| text::width(l, text::NOTE_PX))
                    .fold(0.0, f64::max),
            );
        if x > grid::MARGIN && x + column_w > MAX_WIDTH {
            x = grid::MARGIN;
            top += row_h + 20.0;
            row_h = 0.0;
            previous = None;
        }
        items.push(grid::heading([x, top], title));
        let grid_top = top + grid::HEADING;
        let labels = match (t.stage, example.show.symbols()) {
            (0, true) => Some(&example.layer_labels.image),
            (1, true) => Some(&example.layer_labels.outputs),
            _ => None,
        };
        items.extend(cells([x, grid_top], cell, &t.mask, |r, c| {
            labels.map(|l| l[[0, r, c]].text.clone())
        }));
        if n == last {
            items.push(Item::Frame {
                at: [
                    x + output[1] as f64 * cell,
                    grid_top + output[0] as f64 * cell,
                ],
                size: [cell, cell],
                tone: Tone::Ink,
            });
        }
        let mid = grid_top + rows as f64 * cell / 2.0;
        if let Some([from_x, from_y]) = previous {
            // Level, at the middle of the smaller of the two maps.
            let level = from_y.min(mid);
            items.push(stages::arrow([from_x, level], [x - 8.0, level]));
        }
        let mut y = grid_top + rows as f64 * cell + 2.0;
        for line in lines {
            items.push(grid::note([x, y], line));
            y += 17.0;
        }
        previous = Some([x + cols as f64 * cell + 8.0, mid]);
        row_h = row_h.max(y + 6.0 - top);
        widest = widest.max(x + column_w);
        x += column_w + GAP;
    }
    (widest + grid::MARGIN, top + row_h + grid::MARGIN)
}

/// A stage's map with the traced positions shaded: cells when they are
/// large enough for a symbol, else one shaded run per row over a plain
/// panel.
fn cells(
    at: [f64; 2],
    cell: f64,
    mask: &Array2<bool>,
    symbol: impl Fn(usize, usize) -> Option<String>,
) -> Vec<Item> {
    let (rows, cols) = mask.dim();
    let tone = |m: bool| if m { Tone::Output } else { Tone::Pixel };
    if cell >= grid::MIN_TEXT_CELL {
        return grid::cells(at, cell, (rows, cols), |r, c| {
            (tone(mask[[r, c]]), symbol(r, c), None)
        });
    }
    let size = [cols as f64 * cell, rows as f64 * cell];
    let mut items = vec![Item::Panel {
        at,
        size,
        tone: Tone::Pixel,
    }];
    // Runs of shaded cells, one per row, merged with the same run of the
    // rows below: a rectangular field is one rectangle.
    let runs = |r: usize| -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut c = 0;
        while c < cols {
            if !mask[[r, c]] {
                c += 1;
                continue;
            }
            let start = c;
            while c < cols && mask[[r, c]] {
                c += 1;
            }
            found.push((start, c));
        }
        found
    };
    let mut open: Vec<((usize, usize), usize)> = Vec::new();
    let close = |run: (usize, usize), from: usize, to: usize, items: &mut Vec<Item>| {
        items.push(Item::Panel {
            at: [at[0] + run.0 as f64 * cell, at[1] + from as f64 * cell],
            size: [(run.1 - run.0) as f64 * cell, (to - from) as f64 * cell],
            tone: Tone::Output,
        });
    };
    for r in 0..=rows {
        let now = if r < rows { runs(r) } else { Vec::new() };
        let (kept, ended): (Vec<_>, Vec<_>) =
            open.into_iter().partition(|(run, _)| now.contains(run));
        for (run, from) in ended {
            close(run, from, r, &mut items);
        }
        open = kept;
        for run in now {
            if !open.iter().any(|(o, _)| *o == run) {
                open.push((run, r));
            }
        }
    }
    items.push(Item::Frame {
        at,
        size,
        tone: Tone::Muted,
    });
    items
}

/// The notes under a stage: its size, and what one of its outputs sees.
fn notes(model: &Model, t: &Traced, last: bool) -> Vec<String> {
    let marked = t.mask.iter().filter(|&&m| m).count();
    let mut lines = vec![if last {
        format!("{}: the output traced (framed)", grid::size(t.mask.dim()))
    } else {
        format!(
            "{}: {} shaded",
            grid::size(t.mask.dim()),
            words::count(marked)
        )
    }];
    if let Some(f) = t.field {
        lines.push(format!(
            "field {}, jump {}",
            grid::size_of(f.size),
            stages::pair(f.jump)
        ));
    } else if t.stage == 0 && stages::count(model) > 1 {
        lines.push("the input".into());
    }
    lines
}

/// How the field grows, layer by layer, and what the output sees.
fn summary(model: &Model, traced: &[Traced], deepest: usize, output: Pair) -> String {
    let image = &traced[0].mask;
    let seen = image.iter().filter(|&&m| m).count();
    let all = image.len();
    let (rows, cols) = plane_shape(model, deepest);
    let which = if rows * cols == 1 {
        "its only output".to_string()
    } else {
        format!(
            "its center output, ({}, {}) counting from 1",
            output[0] + 1,
            output[1] + 1
        )
    };
    let mut text = format!(
        "The deepest layer with feature maps is {} ({}×{} per map); take {which}.",
        stages::title(model, deepest),
        rows,
        cols
    );
    let growth: Vec<String> = traced
        .iter()
        .skip(1)
        .filter_map(|t| {
            t.field.map(|f| {
                format!(
                    "{} after {}",
                    grid::size_of(f.size),
                    stages::title(model, t.stage)
                )
            })
        })
        .collect();
    if !growth.is_empty() {
        text.push_str(&format!(
            " Its field in the image grows layer by layer: {}.",
            growth.join(", ")
        ));
    }
    text.push_str(&format!(
        " So it depends on {} of the image's {} pixel positions{}, in every channel; a change anywhere else cannot change it.",
        words::count(seen),
        words::count(all),
        if seen == all { " (all of them)" } else { "" }
    ));
    text.push_str(" Each layer's field size adds (kernel − 1) × the jump so far, and the jump (how far apart neighbouring outputs look) multiplies by the stride: stacking small filters, or pooling, lets a deep output see a large patch.");
    if traced.len() < deepest + 1 {
        text.push_str(" Activations keep every value where it is, so they are not drawn.");
    }
    if deepest + 1 < stages::count(model) {
        text.push_str(" After the dense layer every output depends on the whole image.");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    #[test]
    fn two_stacked_2x2_convolutions_see_all_nine_pixels() {
        let body = "example = \"seed\"\n[[layers]]\nkind = \"conv\"\nfilter = [[1, 1], [1, 1]]";
        let (example, model) = model(body);
        let d = draw(&example, &model).unwrap();
        assert!(
            d.summary
                .contains("9 of the image's 9 pixel positions (all of them)"),
            "{}",
            d.summary
        );
        assert!(
            d.figure
                .unwrap()
                .title
                .contains("it sees 9 pixel positions of the 3×3 image")
        );
    }

    #[test]
    fn the_trace_matches_the_engines_fields() {
        let row = |n: usize| format!("[{}]", vec!["1"; n].join(", "));
        let body = format!(
            "image = [{}]\nfilter = [[1, 0, 1], [0, 1, 0], [1, 0, 1]]\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"max-pool\"\n[[layers]]\nkind = \"conv\"\nfilter = [[1, 1], [1, 1]]\nstride = 2",
            vec![row(20); 20].join(", ")
        );
        let (_, model) = model(&body);
        let deepest = stages::count(&model) - 1;
        let (rows, cols) = plane_shape(&model, deepest);
        for out in [
            [0, 0],
            [(rows - 1) / 2, (cols - 1) / 2],
            [rows - 1, cols - 1],
        ] {
            let traced = trace(&model, deepest, out);
            let field = model.network().receptive_fields()[deepest - 1].unwrap();
            let image = &traced[0].mask;
            let (h, w) = image.dim();
            let marked: Vec<[usize; 2]> = image
                .indexed_iter()
                .filter(|(_, m)| **m)
                .map(|((r, c), _)| [r, c])
                .collect();
            let (r0, r1) = (
                marked.iter().map(|p| p[0]).min().unwrap(),
                marked.iter().map(|p| p[0]).max().unwrap(),
            );
            let (c0, c1) = (
                marked.iter().map(|p| p[1]).min().unwrap(),
                marked.iter().map(|p| p[1]).max().unwrap(),
            );
            assert_eq!(r0..r1 + 1, field.span(0, out[0], h), "rows of {out:?}");
            assert_eq!(c0..c1 + 1, field.span(1, out[1], w), "cols of {out:?}");
            assert_eq!(
                marked.len(),
                (r1 + 1 - r0) * (c1 + 1 - c0),
                "no holes without dilation"
            );
        }
    }

    #[test]
    fn one_convolution_sees_its_window() {
        let (example, model) = model("example = \"seed\"");
        let d = draw(&example, &model).unwrap();
        assert!(d.summary.contains("4 of the image's 9"), "{}", d.summary);
    }
}
