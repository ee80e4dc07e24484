//! The pooling view: the block's first pooling layer. Each feature map with
//! its windows outlined and the result next to it; the windows one by one,
//! with the largest value marked (max pooling) or the mean written out
//! (average pooling); and the 0/1 selection matrix max pooling equals for
//! *this* input (for average pooling, the fixed matrix of 1/n it always
//! is). The winners come from the engine's [`max_position`], the one the
//! backward pass uses too.

use ndarray::{Array2, Array3};

use crate::engine::layers::{max_position, pool_window};
use crate::engine::{LayerSpec, Model, Pair, Pooling, Tensor};
use crate::error::ErrorKind;
use crate::figure::{Anchor, Drawing, Figure, Item, Tone};
use crate::render::number;
use crate::resolve::Example;
use crate::view::View;
use crate::views::grid;
use crate::views::stages;
use crate::words;

/// Feature maps drawn; the rest are counted.
pub const MAX_MAPS: usize = 3;
/// Windows drawn one by one.
pub const MAX_WINDOWS: usize = 8;
/// Largest map side written out with values and outlined windows.
const MAX_VALUE_SIDE: usize = 8;
/// Largest selection matrix drawn: rows (outputs) and columns (inputs).
pub const MAX_MATRIX: [usize; 2] = [16, 36];
/// Side of a matrix cell.
const MATRIX_CELL: f64 = 26.0;
/// Side of a heat-map thumbnail.
const THUMB: f64 = 96.0;
/// Widest the figure gets before the window panels wrap.
const MAX_WIDTH: f64 = 700.0;

/// One pooling layer, read from the engine.
struct Pool<'a> {
    kind: Pooling,
    size: Pair,
    stride: Pair,
    input: &'a Array3<f64>,
    output: &'a Array3<f64>,
}

impl Pool<'_> {
    /// The input positions of window `out` of `channel` that are kept, with
    /// the weight each gets in the selection matrix.
    fn picks(&self, channel: usize, out: Pair) -> Vec<(Pair, f64)> {
        match self.kind {
            Pooling::Max => max_position(self.input.view(), channel, out, self.size, self.stride)
                .map(|at| vec![(at, 1.0)])
                .unwrap_or_default(),
            Pooling::Average => {
                let share = 1.0 / (self.size[0] * self.size[1]) as f64;
                pool_window(out, self.size, self.stride)
                    .map(|at| (at, share))
                    .collect()
            }
        }
    }

    fn windows(&self) -> impl Iterator<Item = (usize, Pair)> + '_ {
        let (c, oh, ow) = self.output.dim();
        (0..c).flat_map(move |k| (0..oh).flat_map(move |i| (0..ow).map(move |j| (k, [i, j]))))
    }
}

/// The first pooling layer of `example`.
pub fn draw(_example: &Example, model: &Model) -> Result<Drawing, ErrorKind> {
    let refuse = || {
        stages::refuse(
            View::Pooling,
            "it has no pooling layer",
            "add a `[[layers]]` table with `kind = \"max-pool\"` (or `avg-pool`) and a `size`",
        )
    };
    let (index, of_kind) =
        stages::find(model, |l| matches!(l, LayerSpec::Pool { .. })).ok_or_else(refuse)?;
    let step = &model.network().steps()[index];
    let (LayerSpec::Pool { kind, size, stride }, Tensor::Spatial(input), Tensor::Spatial(output)) =
        (&step.spec, &step.input, &step.output)
    else {
        return Err(refuse());
    };
    let pool = Pool {
        kind: *kind,
        size: *size,
        stride: *stride,
        input,
        output,
    };
    let mut items = Vec::new();
    let mut y = grid::MARGIN;
    let maps_w = maps(&pool, [grid::MARGIN, y], &mut items, &mut y);
    let windows_w = windows(&pool, [grid::MARGIN, y], &mut items, &mut y);
    let matrix_w = matrix(&pool, [grid::MARGIN, y], &mut items, &mut y);
    let width = maps_w.max(windows_w).max(matrix_w) + 2.0 * grid::MARGIN;
    let name = stages::title(model, index + 2);
    Ok(Drawing {
        view: View::Pooling.name(),
        summary: summary(
            &pool,
            &stages::which(index, of_kind, "pooling"),
            &stages::title(model, index + 1),
        ),
        figure: Some(Figure {
            view: View::Pooling.name(),
            title: format!(
                "{name}: {} in, {} out",
                stages::Values::Maps(input.view()).shape(),
                stages::Values::Maps(output.view()).shape()
            ),
            desc: describe(&pool),
            size: [width, y + grid::MARGIN],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    })
}

/// Each map with its windows outlined, an arrow, and the pooled map.
/// Returns the width used and moves `y` below.
fn maps(pool: &Pool<'_>, at: [f64; 2], items: &mut Vec<Item>, y: &mut f64) -> f64 {
    let (c, h, w) = pool.input.dim();
    let (_, oh, ow) = pool.output.dim();
    let small = h.max(w) <= MAX_VALUE_SIDE;
    let cell = if small {
        stages::value_cell(pool.input.iter().chain(pool.output.iter()))
    } else {
        0.0
    };
    let out_x = at[0] + if small { w as f64 * cell } else { THUMB } + 48.0;
    items.push(grid::heading(at, "Input"));
    items.push(grid::heading([out_x, at[1]], "Pooled"));
    let mut top = at[1] + grid::HEADING;
    let shown = c.min(MAX_MAPS);
    let mut right = out_x;
    for k in 0..shown {
        if c > 1 {
            items.push(stages::small(
                [at[0], top + 12.0],
                format!("map {}", k + 1),
                Anchor::Start,
            ));
            top += 18.0;
        }
        let winners = winners(pool, k);
        let (cells, size) = stages::plane(
            [at[0], top],
            stages::channel(pool.input.view(), k),
            cell,
            THUMB,
            |r, q| {
                let tone = if winners[[r, q]] {
                    Tone::Output
                } else {
                    Tone::Pixel
                };
                (tone, None)
            },
        );
        items.extend(cells);
        if small && oh * ow <= 16 {
            for i in 0..oh {
                for j in 0..ow {
                    items.push(Item::Frame {
                        at: [
                            at[0] + (j * pool.stride[1]) as f64 * cell,
                            top + (i * pool.stride[0]) as f64 * cell,
                        ],
                        size: [pool.size[1] as f64 * cell, pool.size[0] as f64 * cell],
                        tone: Tone::Ink,
                    });
                }
            }
        }
        let out_cell = if small { cell } else { 0.0 };
        let (cells, out_size) = stages::plane(
            [out_x, top],
            stages::channel(pool.output.view(), k),
            out_cell,
            THUMB * oh.max(ow) as f64 / h.max(w) as f64,
            |_, _| (Tone::Output, None),
        );
        items.extend(cells);
        right = right.max(out_x + out_size[0]);
        let mid = top + size[1].min(out_size[1]) / 2.0;
        items.push(stages::arrow(
            [at[0] + size[0] + 8.0, mid],
            [out_x - 8.0, mid],
        ));
        top += size[1].max(out_size[1]) + 10.0;
    }
    if c > shown {
        items.push(grid::note(
            [at[0], top],
            format!("… and {} more", words::plural(c - shown, "map")),
        ));
        top += grid::NOTE;
    }
    let legend = match pool.kind {
        Pooling::Max => "shaded: the largest value of a window, the one that is kept",
        Pooling::Average => "shaded: every value counts, a window gives its mean",
    };
    items.push(grid::note([at[0], top], legend));
    *y = top + grid::NOTE + 8.0;
    (right - at[0]).max(crate::text::width(legend, crate::text::NOTE_PX))
}

/// Which inputs of map `k` win a window (max pooling), or are in any
/// window (average pooling).
fn winners(pool: &Pool<'_>, k: usize) -> Array2<bool> {
    let (_, h, w) = pool.input.dim();
    let (_, oh, ow) = pool.output.dim();
    let mut mask = stages::mask((h, w));
    for i in 0..oh {
        for j in 0..ow {
            for ([r, q], _) in pool.picks(k, [i, j]) {
                mask[[r, q]] = true;
            }
        }
    }
    mask
}

/// The first windows one by one: their values, the winner framed (max) or
/// the mean written out (average). Returns the width used.
fn windows(pool: &Pool<'_>, at: [f64; 2], items: &mut Vec<Item>, y: &mut f64) -> f64 {
    let [kh, kw] = pool.size;
    let values: Vec<f64> = pool
        .windows()
        .take(MAX_WINDOWS)
        .flat_map(|(k, out)| pool_window(out, pool.size, pool.stride).map(move |[r, q]| (k, r, q)))
        .map(|(k, r, q)| pool.input[[k, r, q]])
        .collect();
    let cell = stages::value_cell(values.iter());
    let several = pool.output.dim().0 > 1;
    items.push(grid::heading(at, "The windows"));
    let top = at[1] + grid::HEADING;
    let (mut x, mut row_top, mut row_h, mut widest) = (at[0], top, 0.0f64, 0.0f64);
    for (k, out) in pool.windows().take(MAX_WINDOWS) {
        let result = pool.output[[k, out[0], out[1]]];
        let caption = caption(pool, k, out, result);
        let label = if several {
            format!("map {}, window ({}, {})", k + 1, out[0] + 1, out[1] + 1)
        } else {
            format!("window ({}, {})", out[0] + 1, out[1] + 1)
        };
        let panel_w = (kw as f64 * cell)
            .max(crate::text::width(&caption, crate::text::NOTE_PX))
            .max(crate::text::width(&label, crate::text::NOTE_PX));
        if x > at[0] && x + panel_w > MAX_WIDTH {
            x = at[0];
            row_top += row_h + 12.0;
            row_h = 0.0;
        }
        items.push(stages::small([x, row_top + 12.0], label, Anchor::Start));
        let grid_top = row_top + 18.0;
        let win = pool.picks(k, out);
        let positions: Vec<Pair> = pool_window(out, pool.size, pool.stride).collect();
        items.extend(grid::cells([x, grid_top], cell, (kh, kw), |u, v| {
            let [r, q] = positions[u * kw + v];
            let tone = match pool.kind {
                Pooling::Max if win.iter().any(|(p, _)| *p == [r, q]) => Tone::Output,
                Pooling::Max => Tone::Pixel,
                Pooling::Average => Tone::Output,
            };
            (tone, None, Some(number::display(pool.input[[k, r, q]])))
        }));
        if pool.kind == Pooling::Max
            && let Some(([r, q], _)) = win.first()
        {
            let u = r - out[0] * pool.stride[0];
            let v = q - out[1] * pool.stride[1];
            items.push(Item::Frame {
                at: [x + v as f64 * cell, grid_top + u as f64 * cell],
                size: [cell, cell],
                tone: Tone::Ink,
            });
        }
        items.push(stages::small(
            [x, grid_top + kh as f64 * cell + 16.0],
            caption,
            Anchor::Start,
        ));
        let h = 18.0 + kh as f64 * cell + 24.0;
        row_h = row_h.max(h);
        widest = widest.max(x + panel_w - at[0]);
        x += panel_w + 20.0;
    }
    let hidden = pool.windows().count().saturating_sub(MAX_WINDOWS);
    let mut bottom = row_top + row_h;
    if hidden > 0 {
        items.push(grid::note(
            [at[0], bottom],
            format!("… and {} more", words::plural(hidden, "window")),
        ));
        bottom += grid::NOTE;
    }
    *y = bottom + 12.0;
    widest.max(120.0)
}

/// "max = 6", or "(5 + 6 + 0 + 4) / 4 = 3.75".
fn caption(pool: &Pool<'_>, k: usize, out: Pair, result: f64) -> String {
    match pool.kind {
        Pooling::Max => format!("max = {}", number::display(result)),
        Pooling::Average => {
            let terms: Vec<String> = pool_window(out, pool.size, pool.stride)
                .map(|[r, q]| number::display(pool.input[[k, r, q]]))
                .collect();
            format!(
                "({}) / {} = {}",
                terms.join(" + "),
                terms.len(),
                number::display(result)
            )
        }
    }
}

/// The selection matrix S with the inputs above its columns and the
/// outputs after its rows: `y = S x`. Returns the width used.
fn matrix(pool: &Pool<'_>, at: [f64; 2], items: &mut Vec<Item>, y: &mut f64) -> f64 {
    let rows = pool.output.len();
    let cols = pool.input.len();
    if rows > MAX_MATRIX[0] || cols > MAX_MATRIX[1] {
        return 0.0;
    }
    let entries = selection(pool);
    let cell = MATRIX_CELL;
    let heading = match pool.kind {
        Pooling::Max => format!(
            "For this input, max pooling is y = S x ({} 0/1 matrix)",
            grid::size((rows, cols))
        ),
        Pooling::Average => format!(
            "Average pooling is y = A x for every input ({} matrix)",
            grid::size((rows, cols))
        ),
    };
    items.push(grid::heading(at, heading.clone()));
    let x_top = at[1] + grid::HEADING + 4.0;
    let left = at[0] + 26.0;
    items.push(stages::small(
        [at[0], x_top + cell * 0.65],
        "x",
        Anchor::Start,
    ));
    let inputs: Vec<f64> = pool.input.iter().copied().collect();
    items.extend(grid::cells([left, x_top], cell, (1, cols), |_, c| {
        (Tone::Pixel, None, Some(number::display(inputs[c])))
    }));
    let m_top = x_top + cell + 10.0;
    let share = (pool.size[0] * pool.size[1]).to_string();
    items.extend(grid::cells([left, m_top], cell, (rows, cols), |r, c| {
        let v = entries[[r, c]];
        if v == 0.0 {
            (Tone::Zero, None, Some("0".into()))
        } else if pool.kind == Pooling::Max {
            (Tone::Output, None, Some("1".into()))
        } else {
            (Tone::Output, None, Some(format!("1/{share}")))
        }
    }));
    let eq_x = left + cols as f64 * cell + 14.0;
    items.push(stages::small([eq_x, m_top - 4.0], "y", Anchor::Start));
    items.extend(grid::cells([eq_x, m_top], cell, (rows, 1), |r, _| {
        (
            Tone::Output,
            None,
            Some(number::display(
                pool.output.iter().nth(r).copied().unwrap_or(0.0),
            )),
        )
    }));
    let bottom = m_top + rows as f64 * cell;
    let note = "rows: outputs, columns: inputs (map by map, row by row)";
    items.push(grid::note([at[0], bottom + 2.0], note));
    *y = bottom + 2.0 + grid::NOTE;
    (eq_x + cell - at[0])
        .max(crate::text::width(&heading, crate::text::HEADING_PX))
        .max(crate::text::width(note, crate::text::NOTE_PX))
}

/// The matrix pooling equals on this input: one row per output, one
/// column per input, both map by map and row-major.
fn selection(pool: &Pool<'_>) -> Array2<f64> {
    let (_, h, w) = pool.input.dim();
    let (_, oh, ow) = pool.output.dim();
    let mut m = Array2::zeros((pool.output.len(), pool.input.len()));
    for (k, out) in pool.windows() {
        let row = (k * oh + out[0]) * ow + out[1];
        for ([r, q], weight) in pool.picks(k, out) {
            m[[row, (k * h + r) * w + q]] += weight;
        }
    }
    m
}

/// What the layer did here and why the matrix matters.
fn summary(pool: &Pool<'_>, which: &str, input_name: &str) -> String {
    let (c, h, w) = pool.input.dim();
    let (_, oh, ow) = pool.output.dim();
    let kind = match pool.kind {
        Pooling::Max => "Max pooling",
        Pooling::Average => "Average pooling",
    };
    let stride = if pool.stride == pool.size {
        String::new()
    } else {
        format!(", stride {}", stages::pair(pool.stride))
    };
    let mut text = format!(
        "{kind} with {} windows{stride} is {which}: it reads the {c}×{h}×{w} output of {input_name} and gives {c}×{oh}×{ow}, each map on its own.",
        grid::size_of(pool.size)
    );
    if let Some((k, out)) = pool.windows().next() {
        let values = stages::listed(
            pool_window(out, pool.size, pool.stride).map(|[r, q]| pool.input[[k, r, q]]),
        );
        let result = number::display(pool.output[[k, out[0], out[1]]]);
        match pool.kind {
            Pooling::Max => text.push_str(&format!(
                " The first window holds {values}: {result} is kept, the rest are dropped."
            )),
            Pooling::Average => text.push_str(&format!(
                " The first window holds {values}: their mean, {result}, is kept."
            )),
        }
    }
    let (used_h, used_w) = (
        (oh - 1) * pool.stride[0] + pool.size[0],
        (ow - 1) * pool.stride[1] + pool.size[1],
    );
    if used_h < h || used_w < w {
        text.push_str(&format!(
            " The windows cover only {} of each {} map: the rest fits no whole window and is left out.",
            grid::size((used_h, used_w)),
            grid::size((h, w))
        ));
    }
    if pool.stride[0] < pool.size[0] || pool.stride[1] < pool.size[1] {
        text.push_str(" The stride is smaller than the window, so neighbouring windows overlap and one value can win twice.");
    }
    let (rows, cols) = (pool.output.len(), pool.input.len());
    let drawn = rows <= MAX_MATRIX[0] && cols <= MAX_MATRIX[1];
    let matrix = match pool.kind {
        Pooling::Max => format!(
            " For this input, max pooling is the same as multiplying by a {} matrix S of 0s and 1s: each row holds a single 1, at the value that won its window. Max pooling is not linear, though: change the input so that another value wins, and S changes. In training the gradient flows back through the 1s only, to the winners.",
            grid::size((rows, cols))
        ),
        Pooling::Average => format!(
            " Average pooling is linear: it is the same {} matrix for every input, with 1/{} at each window's positions and 0 elsewhere, and in training every value of a window gets an equal share of the gradient.",
            grid::size((rows, cols)),
            pool.size[0] * pool.size[1]
        ),
    };
    text.push_str(&matrix);
    if !drawn {
        text.push_str(&format!(
            " That matrix is too large to draw here (more than {} rows or {} columns).",
            MAX_MATRIX[0], MAX_MATRIX[1]
        ));
    }
    if c > MAX_MAPS {
        text.push_str(&format!(" The figure draws the first {MAX_MAPS} maps."));
    }
    text
}

/// Each window's result, for the figure's description.
fn describe(pool: &Pool<'_>) -> String {
    let results: Vec<String> = pool
        .windows()
        .take(32)
        .map(|(k, out)| caption(pool, k, out, pool.output[[k, out[0], out[1]]]))
        .collect();
    format!("Window by window: {}.", results.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    const TINY: &str = "example = \"seed\"\nfilters = [[[1, -1], [2, 0]], [[0, 1], [-1, 0]]]\nbiases = [1, 0]\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"max-pool\"";

    fn pool_of(model: &Model, index: usize) -> Pool<'_> {
        let step = &model.network().steps()[index];
        let (
            LayerSpec::Pool { kind, size, stride },
            Tensor::Spatial(input),
            Tensor::Spatial(output),
        ) = (&step.spec, &step.input, &step.output)
        else {
            panic!("a pooling layer")
        };
        Pool {
            kind: *kind,
            size: *size,
            stride: *stride,
            input,
            output,
        }
    }

    #[test]
    fn max_selection_times_the_input_is_the_output() {
        let body = "image = [[1, 5, 2, 0, 3], [4, 2, 8, 1, 0], [0, 7, 3, 3, 6], [2, 2, 9, 1, 4], [5, 0, 1, 2, 2]]\nfilter = [[1]]\n[[layers]]\nkind = \"max-pool\"\nsize = 2\nstride = 1";
        let (_, model) = model(body);
        let pool = pool_of(&model, 0);
        let s = selection(&pool);
        let x = ndarray::Array1::from_iter(pool.input.iter().copied());
        let y = s.dot(&x);
        assert_eq!(y.to_vec(), pool.output.iter().copied().collect::<Vec<_>>());
        // Exactly one 1 per row.
        assert!(
            s.rows()
                .into_iter()
                .all(|r| r.iter().filter(|&&v| v == 1.0).count() == 1)
        );
    }

    #[test]
    fn average_matrix_is_fixed_and_exact() {
        let body = "example = \"seed\"\n[[layers]]\nkind = \"avg-pool\"";
        let (example, model) = model(body);
        let pool = pool_of(&model, 0);
        let s = selection(&pool);
        assert!(s.iter().all(|&v| v == 0.0 || v == 0.25));
        let d = draw(&example, &model).unwrap();
        // Seed output [[5, 6], [−1, 4]]: mean 3.5.
        assert!(
            d.summary.contains("their mean, 3.5, is kept"),
            "{}",
            d.summary
        );
        assert!(d.summary.contains("Average pooling is linear"));
    }

    #[test]
    fn tiny_net_marks_the_winners() {
        let (example, model) = model(TINY);
        let d = draw(&example, &model).unwrap();
        assert!(
            d.summary
                .contains("The first window holds 5, 6, 0 and 4: 6 is kept"),
            "{}",
            d.summary
        );
        assert!(d.summary.contains("2×8 matrix S"), "{}", d.summary);
        let texts: Vec<String> = crate::views::testing::texts(&d);
        assert!(texts.contains(&"max = 6".to_string()), "{texts:?}");
        assert!(texts.contains(&"max = 3".to_string()), "{texts:?}");
    }

    #[test]
    fn without_pooling_it_refuses() {
        let (example, model) = model("example = \"seed\"\n[[layers]]\nkind = \"relu\"");
        let err = draw(&example, &model).unwrap_err().to_string();
        assert!(
            err.contains("no pooling layer") && err.contains("max-pool"),
            "{err}"
        );
    }

    #[test]
    fn large_maps_stay_small() {
        let row = format!("[{}]", vec!["1"; 40].join(", "));
        let body = format!(
            "image = [{}]\nfilter = [[1, 2], [3, 4]]\n[[layers]]\nkind = \"max-pool\"",
            vec![row; 40].join(", ")
        );
        let (example, model) = model(&body);
        let d = draw(&example, &model).unwrap();
        let svg = crate::render::svg::render(d.figure.as_ref().unwrap(), "p");
        assert!(svg.len() < 60_000, "{} bytes", svg.len());
        assert!(d.summary.contains("too large to draw"));
    }
}
