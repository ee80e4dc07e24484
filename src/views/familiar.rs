//! The `familiar` view: the diagram every CNN paper uses. The input grid on
//! the left, one window on it, and a translucent pyramid from the window's
//! corners to its one cell in the feature map on the right, with the sizes
//! written under each part.
//!
//! The highlighted window is always the first output's (P): for a padded
//! example it hangs over the ring of zeros, which is what padding is for.

use crate::engine::{Convolution, Pair, Source};
use crate::figure::{Anchor, Drawing, Figure, Item, TextStyle, Tone};
use crate::render::number;
use crate::resolve::Example;
use crate::view::View;
use crate::views::grid;
use crate::views::sections::{
    MAX_CELLS, WIDTH, area, covered_inputs, lattice, output_lines, output_text, padded_image,
    text_width, window_box,
};
use crate::words;

/// Largest cell side.
const MAX_CELL: f64 = 56.0;
/// Tallest a grid may get: tall, narrow images get smaller cells.
const MAX_GRID_HEIGHT: f64 = 420.0;
/// Narrowest gap between the input and the feature map.
const MIN_GAP: f64 = 110.0;
/// Opacity of the pyramid's faces.
const PYRAMID_OPACITY: f64 = 0.3;

/// The input, one window, its pyramid, and the feature map.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let spec = &example.spec;
    let labels = &example.labels;
    let padded = spec.padded_shape();
    let out = conv.output_shape();
    let target: Pair = [0, 0];
    let terms = conv.terms(target);
    let filter_note = format!("{} filter", grid::size(spec.filter.dim()));
    let mut middle = vec![filter_note.clone()];
    middle.extend(hyper_notes(example));
    let gap = middle
        .iter()
        .map(|t| text_width(t, 13.0) + 28.0)
        .fold(MIN_GAP, f64::max);
    let input_note = if spec.padding == [0, 0] {
        format!("{} input", grid::size(spec.image.dim()))
    } else {
        format!(
            "{} input, padded to {}",
            grid::size(spec.image.dim()),
            grid::size((padded[0], padded[1]))
        )
    };
    let output_note = format!("{} feature map", grid::size((out[0], out[1])));
    let input_heading = "Input X";
    let output_heading = "Feature map Y";
    let avail = WIDTH - 2.0 * grid::MARGIN - gap;
    let tallest = padded[0].max(out[0]) as f64;
    let cell = (avail / (padded[1] + out[1]) as f64)
        .min(MAX_CELL)
        .min(MAX_GRID_HEIGHT / tallest);
    let cell = if cell >= 2.0 { cell.floor() } else { cell };
    let input_w = padded[1] as f64 * cell;
    let input_slot = input_w
        .max(text_width(&input_note, 13.0))
        .max(text_width(input_heading, 15.0));
    // The window, in cells of the padded input.
    let [lo, hi] = window_box(spec, terms);
    let window_mid = (lo[0] + hi[0]) as f64 * cell / 2.0;
    // The feature map sits so that the target cell is level with the window.
    let top = grid::MARGIN + grid::HEADING;
    let target_mid = (target[0] as f64 + 0.5) * cell;
    let shift = window_mid - target_mid;
    let (input_y, output_y) = if shift >= 0.0 {
        (top, top + shift)
    } else {
        (top - shift, top)
    };
    let x0 = grid::MARGIN;
    let x1 = x0 + input_slot.max(input_w) + gap;
    let mut items = vec![
        grid::heading([x0, input_y - grid::HEADING], input_heading),
        grid::heading([x1, output_y - grid::HEADING], output_heading),
    ];
    // The input: plain cells (the pyramid crosses them), zeros in gray.
    let input_cells = padded_image(example, spec, &[], [x0, input_y], cell, false, false);
    items.extend(input_cells);
    // The feature map.
    let out_w = out[1] as f64 * cell;
    let out_h = out[0] as f64 * cell;
    let target_at = [
        x1 + target[1] as f64 * cell,
        output_y + target[0] as f64 * cell,
    ];
    let lines = output_lines(example, conv, cell);
    let target_text = |at: Pair| output_text(lines, example, conv, at);
    if out[0] * out[1] > MAX_CELLS {
        items.push(area([x1, output_y], [out_w, out_h], Tone::Output, 0.6));
        items.extend(lattice([x1, output_y], cell, out));
    } else {
        items.extend(grid::cells(
            [x1, output_y],
            cell,
            (out[0], out[1]),
            |r, c| {
                let (symbol, value) = target_text([r, c]);
                (Tone::Output, symbol, value)
            },
        ));
    }
    // The pyramid: its faces, then an edge from each window corner to the
    // target cell's left side.
    let wx = [x0 + lo[1] as f64 * cell, x0 + hi[1] as f64 * cell];
    let wy = [input_y + lo[0] as f64 * cell, input_y + hi[0] as f64 * cell];
    let window_corners = [
        [wx[0], wy[0]],
        [wx[1], wy[0]],
        [wx[1], wy[1]],
        [wx[0], wy[1]],
    ];
    let (tx, ty) = (target_at[0], target_at[1]);
    // The pyramid's apex is the target cell's left side: the window's top
    // corners meet at its top-left corner, the bottom ones at its bottom-left.
    let target_corners = [[tx, ty], [tx, ty], [tx, ty + cell], [tx, ty + cell]];
    let mut hull_points: Vec<[f64; 2]> = window_corners.to_vec();
    hull_points.extend([target_corners[0], target_corners[3]]);
    items.push(Item::Polygon {
        points: hull(hull_points),
        tone: Tone::Output,
        opacity: PYRAMID_OPACITY,
    });
    // Each edge starts where it leaves the window, so none crosses the
    // window's labels; the window's cells are drawn over the stubs.
    for (from, to) in window_corners.iter().zip(target_corners.iter()) {
        items.push(Item::Line {
            from: leave_box(*from, *to, [wx[0], wy[0]], [wx[1], wy[1]]),
            to: *to,
            tone: Tone::Muted,
            width: 1.25,
            arrow: false,
            dashed: false,
        });
    }
    // The window over the input (drawn over the edges), and the target.
    let window_cells = padded_image(example, spec, terms, [x0, input_y], cell, false, true);
    // Only the window's own cells and frame: drop the lattice the helper
    // draws under them.
    items.extend(
        window_cells
            .into_iter()
            .filter(|i| matches!(i, Item::Cell { .. } | Item::Frame { .. })),
    );
    // The target again, over the pyramid's tint, then its frame.
    let (symbol, value) = target_text(target);
    items.push(Item::Cell {
        at: target_at,
        size: cell,
        tone: Tone::Output,
        symbol,
        value,
    });
    items.push(Item::Frame {
        at: target_at,
        size: [cell, cell],
        tone: Tone::Ink,
    });
    // Sizes: under the input, under the feature map, and under the pyramid.
    let input_bottom = input_y + padded[0] as f64 * cell;
    let output_bottom = output_y + out_h;
    items.push(grid::note([x0, input_bottom + 4.0], input_note.clone()));
    items.push(grid::note([x1, output_bottom + 4.0], output_note.clone()));
    let gap_mid = x0 + input_slot.max(input_w) + gap / 2.0;
    let below_pyramid = wy[1].max(ty + cell) + 6.0;
    for (i, text) in middle.iter().enumerate() {
        items.push(Item::Text {
            at: [gap_mid, below_pyramid + 17.0 + i as f64 * 18.0],
            text: text.clone(),
            style: TextStyle::Note,
            anchor: Anchor::Middle,
            tone: if i == 0 { Tone::Ink } else { Tone::Muted },
        });
    }
    let middle_bottom = below_pyramid + middle.len() as f64 * 18.0 + 6.0;
    let bottom = (input_bottom + 4.0 + grid::NOTE)
        .max(output_bottom + 4.0 + grid::NOTE)
        .max(middle_bottom);
    let right = (x1 + out_w)
        .max(x1 + text_width(&output_note, 13.0))
        .max(x1 + text_width(output_heading, 15.0));
    let covered = covered_inputs(example, terms);
    let target_label = &labels.output[target].text;
    let desc = format!(
        "On the left the {input_note}, on the right the {output_note}. The window of output {target_label} is highlighted on the input: it covers {covered}, each cell in its weight's color. A translucent pyramid joins the window's four corners to {target_label}, the top-left cell of the feature map. Under the pyramid: {}.",
        middle.join(", ")
    );
    Drawing {
        view: View::Familiar.name(),
        summary: summary(example, conv, target),
        figure: Some(Figure {
            view: View::Familiar.name(),
            title: format!(
                "The familiar diagram: a {} input, a {}, a {}",
                grid::size(spec.image.dim()),
                filter_note,
                output_note
            ),
            desc,
            size: [right + grid::MARGIN, bottom + grid::MARGIN],
            items,
        }),
        math: None,
    }
}

/// The point where the segment from `from` (inside or on the box `lo`–`hi`)
/// to `to` (right of the box) leaves the box.
fn leave_box(from: [f64; 2], to: [f64; 2], lo: [f64; 2], hi: [f64; 2]) -> [f64; 2] {
    let [dx, dy] = [to[0] - from[0], to[1] - from[1]];
    let mut t: f64 = 1.0;
    if dx > 0.0 {
        t = t.min((hi[0] - from[0]) / dx);
    }
    if dy > 0.0 {
        t = t.min((hi[1] - from[1]) / dy);
    } else if dy < 0.0 {
        t = t.min((lo[1] - from[1]) / dy);
    }
    let t = t.max(0.0);
    [from[0] + dx * t, from[1] + dy * t]
}

/// "stride 2", "padding 1", "dilation 2" (or "stride 2 down, 1 across"),
/// for the settings that are not the default.
fn hyper_notes(example: &Example) -> Vec<String> {
    let spec = &example.spec;
    let mut notes = Vec::new();
    for (name, pair, default) in [
        ("stride", spec.stride, 1),
        ("padding", spec.padding, 0),
        ("dilation", spec.dilation, 1),
    ] {
        if pair == [default, default] {
            continue;
        }
        notes.push(if pair[0] == pair[1] {
            format!("{name} {}", pair[0])
        } else {
            format!("{name} {} down, {} across", pair[0], pair[1])
        });
    }
    notes
}

/// The convex hull of `points`, counter-clockwise on screen (Andrew's
/// monotone chain).
fn hull(mut points: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    points.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    points.dedup();
    if points.len() < 3 {
        return points;
    }
    let cross = |o: [f64; 2], a: [f64; 2], b: [f64; 2]| {
        (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    };
    let mut lower: Vec<[f64; 2]> = Vec::new();
    for &p in &points {
        while lower.len() >= 2 && cross(lower[lower.len() - 2], lower[lower.len() - 1], p) <= 0.0 {
            lower.pop();
        }
        lower.push(p);
    }
    let mut upper: Vec<[f64; 2]> = Vec::new();
    for &p in points.iter().rev() {
        while upper.len() >= 2 && cross(upper[upper.len() - 2], upper[upper.len() - 1], p) <= 0.0 {
            upper.pop();
        }
        upper.push(p);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    lower
}

fn summary(example: &Example, conv: &Convolution, target: Pair) -> String {
    let spec = &example.spec;
    let labels = &example.labels;
    let out = conv.output_shape();
    let terms = conv.terms(target);
    let reach = spec.reach();
    let mut s = format!(
        "This is the picture papers draw: a {} input, a {} filter and a {} feature map, with a pyramid where the other views write sums. The highlighted window covers {} and projects to one output, {} = {}; slide it over all {} positions and the projections fill the feature map. Each output sees only its own {} patch of the input: its receptive field.",
        grid::size(spec.image.dim()),
        grid::size(spec.filter.dim()),
        grid::size((out[0], out[1])),
        covered_inputs(example, terms),
        labels.output[target].text,
        number::display(conv.output()[target]),
        out[0] * out[1],
        grid::size((reach[0], reach[1])),
    );
    if spec.padding != [0, 0] {
        let zeros = terms
            .iter()
            .filter(|t| matches!(t.source, Source::Padding(_)))
            .count();
        s.push_str(&format!(
            " The gray ring is the zero padding{}.",
            if zeros > 0 {
                format!(
                    ": this window hangs over it and {} of its {} inputs are zeros",
                    zeros,
                    terms.len()
                )
            } else {
                String::new()
            }
        ));
    }
    if spec.stride != [1, 1] {
        s.push_str(&format!(
            " With stride {}, neighboring outputs' windows are {} apart, so the feature map is smaller still.",
            if spec.stride[0] == spec.stride[1] {
                spec.stride[0].to_string()
            } else {
                format!("{}×{}", spec.stride[0], spec.stride[1])
            },
            words::plural(spec.stride[1].max(spec.stride[0]), "pixel")
        ));
    }
    if spec.dilation != [1, 1] {
        s.push_str(&format!(
            " The filter is dilated: its {} taps spread over a {} patch, and only the tapped cells are colored.",
            spec.filter.len(),
            grid::size((reach[0], reach[1]))
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawing(body: &str) -> Drawing {
        crate::views::testing::drawing(body, View::Familiar)
    }

    fn texts(d: &Drawing) -> Vec<String> {
        d.figure
            .as_ref()
            .unwrap()
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn seed_annotates_the_sizes() {
        let d = drawing("example = \"seed\"");
        let texts = texts(&d);
        for expected in ["3×3 input", "2×2 filter", "2×2 feature map"] {
            assert!(
                texts.iter().any(|t| t == expected),
                "{expected} in {texts:?}"
            );
        }
        let figure = d.figure.as_ref().unwrap();
        let polygons = figure
            .items
            .iter()
            .filter(|i| matches!(i, Item::Polygon { opacity, .. } if *opacity < 0.5))
            .count();
        let edges = figure
            .items
            .iter()
            .filter(|i| matches!(i, Item::Line { .. }))
            .count();
        assert_eq!((polygons, edges), (1, 4));
        assert!(
            d.summary
                .contains("covers A, B, D and E and projects to one output, P = 5")
        );
        assert!(figure.size[0] <= WIDTH);
    }

    #[test]
    fn pyramid_joins_window_corners_to_the_target() {
        let d = drawing("example = \"seed\"");
        let items = &d.figure.as_ref().unwrap().items;
        let frames: Vec<([f64; 2], [f64; 2])> = items
            .iter()
            .filter_map(|i| match i {
                Item::Frame { at, size, .. } => Some((*at, *size)),
                _ => None,
            })
            .collect();
        // The window (2×2 cells) and the target (1 cell).
        assert_eq!(frames.len(), 2);
        let (window, target) = (frames[0], frames[1]);
        assert_eq!(window.1[0], 2.0 * target.1[0]);
        let edges: Vec<([f64; 2], [f64; 2])> = items
            .iter()
            .filter_map(|i| match i {
                Item::Line { from, to, .. } => Some((*from, *to)),
                _ => None,
            })
            .collect();
        // The window's top corners meet at the target's top-left corner; the
        // edge from the top-left corner starts where it leaves the window.
        let window_tr = [window.0[0] + window.1[0], window.0[1]];
        assert_eq!(edges[1], (window_tr, target.0));
        assert_eq!(edges[0].0[0], window_tr[0]);
        assert_eq!(edges[0].1, target.0);
        // The target sits level with the window's middle.
        let window_mid = window.0[1] + window.1[1] / 2.0;
        let target_mid = target.0[1] + target.1[1] / 2.0;
        assert_eq!(window_mid, target_mid);
    }

    #[test]
    fn notes_stride_padding_and_dilation() {
        let d = drawing("example = \"seed-padded\"");
        assert!(texts(&d).iter().any(|t| t == "3×3 input, padded to 5×5"));
        assert!(texts(&d).iter().any(|t| t == "padding 1"));
        assert!(d.summary.contains("5 of its 9 inputs are zeros"));
        let d = drawing(
            "image = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15]]\nfilter = [[1, 2]]\nstride = [1, 2]\ndilation = 2",
        );
        let texts = texts(&d);
        assert!(
            texts.iter().any(|t| t == "stride 1 down, 2 across"),
            "{texts:?}"
        );
        assert!(texts.iter().any(|t| t == "dilation 2"));
        assert!(d.figure.as_ref().unwrap().size[0] <= WIDTH);
    }

    #[test]
    fn a_large_example_stays_small() {
        let row = format!("[{}]", ["1"; 12].join(", "));
        let image = vec![row; 12].join(", ");
        let d = drawing(&format!(
            "image = [{image}]\nfilter = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]\npadding = 1"
        ));
        let figure = d.figure.as_ref().unwrap();
        assert!(figure.size[0] <= WIDTH);
        let svg = crate::render::svg::render(figure, "t");
        assert!(svg.len() < 40_000, "{} bytes", svg.len());
    }

    #[test]
    fn hull_of_two_squares() {
        let points = vec![
            [0.0, 0.0],
            [2.0, 0.0],
            [2.0, 2.0],
            [0.0, 2.0],
            [5.0, 0.5],
            [6.0, 0.5],
            [6.0, 1.5],
            [5.0, 1.5],
        ];
        let h = hull(points);
        assert_eq!(h.len(), 6);
        assert!(h.contains(&[6.0, 0.5]) && h.contains(&[0.0, 2.0]));
        assert!(!h.contains(&[5.0, 0.5]));
    }
}
