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
use crate::text::{self, HEADING_PX, NOTE_PX};
use crate::view::View;
use crate::views::cell_text::{output_lines, output_text};
use crate::views::grid;
use crate::views::panels::{
    NOTE_LINE, PaddedImage, Place, WIDTH, Window, cell_frame, covered_inputs, extent, result_cell,
    result_grid, rule, shade_windows, shaded_note, whole,
};
use crate::words;

/// Largest cell side.
const MAX_CELL: f64 = 56.0;
/// Tallest a grid may get: tall, narrow images get smaller cells.
const MAX_GRID_HEIGHT: f64 = 420.0;
/// Narrowest gap between the input and the feature map.
const MIN_GAP: f64 = 110.0;
/// Room beside the widest note under the pyramid.
const GAP_MARGIN: f64 = 28.0;
/// Opacity of the pyramid's faces.
const PYRAMID_OPACITY: f64 = 0.3;
/// The output whose window and pyramid are drawn: the first.
const TARGET: Pair = [0, 0];
/// The headings over the input and the feature map, in the papers' letters.
const INPUT_HEADING: &str = "Input X";
const OUTPUT_HEADING: &str = "Feature map Y";

/// The sizes written under the input, the feature map and the pyramid.
struct Notes {
    input: String,
    output: String,
    /// The filter's size first, then the settings that are not the default.
    middle: Vec<String>,
}

impl Notes {
    /// The notes for `example`: sizes, and the padding of the input.
    fn new(example: &Example, conv: &Convolution) -> Notes {
        let spec = &example.spec;
        let image = grid::size(spec.image.dim());
        let input = if spec.padding == [0, 0] {
            format!("{image} input")
        } else {
            let padded = grid::size_of(spec.padded_shape());
            format!("{image} input, padded to {padded}")
        };
        let mut middle = vec![format!("{} filter", grid::size(spec.filter.dim()))];
        middle.extend(hyper_notes(example));
        Notes {
            input,
            output: format!("{} feature map", grid::size_of(conv.output_shape())),
            middle,
        }
    }
}

/// Where the parts of the figure go.
struct Layout {
    cell: f64,
    /// Top-left corners of the (padded) input and of the feature map.
    input: Place,
    output: Place,
    /// Width of the input's column: its grid, or its texts if wider.
    input_slot: f64,
    /// Width of the gap between the input's column and the feature map.
    gap: f64,
    /// The target's window on the padded input.
    window: Window,
}

impl Layout {
    /// The largest cell for which the input, the gap and the feature map
    /// fit the width, with the target level with its window.
    fn new(example: &Example, conv: &Convolution, notes: &Notes) -> Layout {
        let spec = &example.spec;
        let [rows, cols] = spec.padded_shape();
        let [out_rows, out_cols] = conv.output_shape();
        let gap = notes
            .middle
            .iter()
            .map(|t| text::width(t, NOTE_PX) + GAP_MARGIN)
            .fold(MIN_GAP, f64::max);
        let avail = WIDTH - 2.0 * grid::MARGIN - gap;
        let tallest = rows.max(out_rows) as f64;
        let cell = whole(
            (avail / (cols + out_cols) as f64)
                .min(MAX_CELL)
                .min(MAX_GRID_HEIGHT / tallest),
        );
        let input_slot = (cols as f64 * cell)
            .max(text::width(&notes.input, NOTE_PX))
            .max(text::width(INPUT_HEADING, HEADING_PX));
        let window = Window::of(spec, conv.terms(TARGET));
        // The feature map sits so that the target cell is level with the
        // window.
        let top = grid::MARGIN + grid::HEADING;
        let [target_row, _] = TARGET;
        let shift = window.middle(cell) - (target_row as f64 + 0.5) * cell;
        let (input_y, output_y) = if shift >= 0.0 {
            (top, top + shift)
        } else {
            (top - shift, top)
        };
        let x0 = grid::MARGIN;
        Layout {
            cell,
            input: Place::new(x0, input_y),
            output: Place::new(x0 + input_slot + gap, output_y),
            input_slot,
            gap,
            window,
        }
    }

    /// The target's cell in the feature map.
    fn target(&self) -> Place {
        self.output.cell(TARGET, self.cell)
    }
}

/// The input, one window, its pyramid, and the feature map.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let spec = &example.spec;
    let notes = Notes::new(example, conv);
    let lay = Layout::new(example, conv, &notes);
    let cell = lay.cell;
    let terms = conv.terms(TARGET);
    let mut items = vec![
        grid::heading([lay.input.x, lay.input.y - grid::HEADING], INPUT_HEADING),
        grid::heading([lay.output.x, lay.output.y - grid::HEADING], OUTPUT_HEADING),
    ];
    let image = PaddedImage::new(example, spec, lay.input, cell)
        .unlabeled()
        .shaded_window(shade_windows(1, spec.filter.len()));
    // The input: plain cells (the pyramid crosses them), zeros in gray.
    items.extend(image.draw(&[]));
    let lines = output_lines(example, conv, cell);
    let text = |at: Pair| output_text(lines, example, conv, at);
    items.extend(result_grid(lay.output, cell, conv.output_shape(), text));
    items.extend(pyramid(&lay));
    // The window over the input (drawn over the edges' stubs), the target
    // again over the pyramid's tint, then its frame.
    items.extend(image.window(terms));
    items.push(result_cell(lay.target(), cell, text(TARGET)));
    items.push(cell_frame(lay.target(), cell));
    let size = annotate(example, conv, &lay, &notes, &mut items);
    let target_label = &example.labels.output[TARGET].text;
    let desc = format!(
        "On the left the {}, on the right the {}. The window of output {target_label} is highlighted on the input: it covers {}, each cell in its weight's color. A translucent pyramid joins the window's four corners to {target_label}, the top-left cell of the feature map. Under the pyramid: {}.",
        notes.input,
        notes.output,
        covered_inputs(example, terms),
        notes.middle.join(", ")
    );
    Drawing {
        view: View::Familiar.name(),
        summary: summary(example, conv),
        figure: Some(Figure {
            view: View::Familiar.name(),
            title: format!(
                "The familiar diagram: a {} input, a {}, a {}",
                grid::size(spec.image.dim()),
                notes.middle[0],
                notes.output
            ),
            desc,
            size,
            items,
        }),
        math: None,
        controls: None,
        code: None,
    }
}

/// The pyramid: its faces, then an edge from each window corner to the
/// target cell's left side. Each edge starts where it leaves the window, so
/// none crosses the window's labels.
fn pyramid(lay: &Layout) -> Vec<Item> {
    let (lo, hi) = lay.window.corners(lay.input, lay.cell);
    let window_corners = [lo, Place::new(hi.x, lo.y), hi, Place::new(lo.x, hi.y)];
    // The pyramid's apex is the target cell's left side: the window's top
    // corners meet at its top-left corner, the bottom ones at its
    // bottom-left.
    let top = lay.target();
    let bottom = Place::new(top.x, top.y + lay.cell);
    let target_corners = [top, top, bottom, bottom];
    let mut hull_points = window_corners.to_vec();
    hull_points.extend([top, bottom]);
    let mut items = vec![Item::Polygon {
        points: hull(hull_points).into_iter().map(Place::at).collect(),
        tone: Tone::Output,
        opacity: PYRAMID_OPACITY,
    }];
    for (&from, &to) in window_corners.iter().zip(target_corners.iter()) {
        items.push(rule(leave_box(from, to, lo, hi), to, 1.25));
    }
    items
}

/// The sizes under the input, the feature map and the pyramid, added to
/// `items`. Returns the figure's size.
fn annotate(
    example: &Example,
    conv: &Convolution,
    lay: &Layout,
    notes: &Notes,
    items: &mut Vec<Item>,
) -> [f64; 2] {
    let [_, input_h] = extent(example.spec.padded_shape(), lay.cell);
    let [out_w, out_h] = extent(conv.output_shape(), lay.cell);
    let input_bottom = lay.input.y + input_h;
    let output_bottom = lay.output.y + out_h;
    items.push(grid::note(
        [lay.input.x, input_bottom + 4.0],
        notes.input.clone(),
    ));
    items.push(grid::note(
        [lay.output.x, output_bottom + 4.0],
        notes.output.clone(),
    ));
    let gap_mid = lay.input.x + lay.input_slot + lay.gap / 2.0;
    let (_, window_bottom) = lay.window.corners(lay.input, lay.cell);
    let below_pyramid = window_bottom.y.max(lay.target().y + lay.cell) + 6.0;
    for (i, text) in notes.middle.iter().enumerate() {
        items.push(Item::Text {
            // The baseline of a note line, as in grid::note.
            at: [gap_mid, below_pyramid + 17.0 + i as f64 * NOTE_LINE],
            text: text.clone(),
            style: TextStyle::Note,
            anchor: Anchor::Middle,
            tone: if i == 0 { Tone::Ink } else { Tone::Muted },
        });
    }
    let middle_bottom = below_pyramid + notes.middle.len() as f64 * NOTE_LINE + 6.0;
    let bottom = (input_bottom + 4.0 + grid::NOTE)
        .max(output_bottom + 4.0 + grid::NOTE)
        .max(middle_bottom);
    let right = (lay.output.x + out_w)
        .max(lay.output.x + text::width(&notes.output, NOTE_PX))
        .max(lay.output.x + text::width(OUTPUT_HEADING, HEADING_PX));
    [right + grid::MARGIN, bottom + grid::MARGIN]
}

/// The point where the segment from `from` (inside or on the box `lo`–`hi`)
/// to `to` (right of the box) leaves the box.
fn leave_box(from: Place, to: Place, lo: Place, hi: Place) -> Place {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let mut t: f64 = 1.0;
    if dx > 0.0 {
        t = t.min((hi.x - from.x) / dx);
    }
    if dy > 0.0 {
        t = t.min((hi.y - from.y) / dy);
    } else if dy < 0.0 {
        t = t.min((lo.y - from.y) / dy);
    }
    let t = t.max(0.0);
    Place::new(from.x + dx * t, from.y + dy * t)
}

/// "stride 2", "padding 1", "dilation 2" (or "stride 2 down, 1 across"),
/// for the settings that are not the default.
fn hyper_notes(example: &Example) -> Vec<String> {
    let spec = &example.spec;
    let mut notes = Vec::new();
    for (name, [down, across], default) in [
        ("stride", spec.stride, 1),
        ("padding", spec.padding, 0),
        ("dilation", spec.dilation, 1),
    ] {
        if [down, across] == [default, default] {
            continue;
        }
        notes.push(if down == across {
            format!("{name} {down}")
        } else {
            format!("{name} {down} down, {across} across")
        });
    }
    notes
}

/// The convex hull of `points`, counter-clockwise on screen (Andrew's
/// monotone chain).
fn hull(mut points: Vec<Place>) -> Vec<Place> {
    points.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    points.dedup();
    if points.len() < 3 {
        return points;
    }
    let cross =
        |o: Place, a: Place, b: Place| (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    // One side of the hull: points kept while they turn left.
    let chain = |points: &mut dyn Iterator<Item = &Place>| {
        let mut side: Vec<Place> = Vec::new();
        for &p in points {
            while let [.., a, b] = side[..]
                && cross(a, b, p) <= 0.0
            {
                side.pop();
            }
            side.push(p);
        }
        side.pop();
        side
    };
    let mut lower = chain(&mut points.iter());
    lower.extend(chain(&mut points.iter().rev()));
    lower
}

/// The view in words: what the picture shows, and what padding, stride and
/// dilation change in it.
fn summary(example: &Example, conv: &Convolution) -> String {
    let spec = &example.spec;
    let labels = &example.labels;
    let terms = conv.terms(TARGET);
    let reach = grid::size_of(spec.reach());
    let mut s = format!(
        "This is the picture papers draw: a {} input, a {} filter and a {} feature map, with a pyramid where the other views write sums. The highlighted window covers {} and projects to one output, {} = {}; slide it over all {} positions and the projections fill the feature map. Each output sees only its own {} patch of the input: its receptive field.",
        grid::size(spec.image.dim()),
        grid::size(spec.filter.dim()),
        grid::size_of(conv.output_shape()),
        covered_inputs(example, terms),
        labels.output[TARGET].text,
        number::display(conv.output()[TARGET]),
        conv.output().len(),
        reach,
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
    let [down, across] = spec.stride;
    if [down, across] != [1, 1] {
        s.push_str(&format!(
            " With stride {}, neighboring outputs' windows are {} apart, so the feature map is smaller still.",
            if down == across {
                down.to_string()
            } else {
                format!("{down}×{across}")
            },
            words::plural(across.max(down), "pixel")
        ));
    }
    if spec.dilation != [1, 1] {
        s.push_str(&format!(
            " The filter is dilated: its {} taps spread over a {} patch, and only the tapped cells are colored.",
            spec.filter.len(),
            reach
        ));
    }
    if shade_windows(1, spec.filter.len()) {
        s.push_str(&shaded_note(spec));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::digits;

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
        let ([wx, wy], [ww, wh]) = frames[0];
        let (target, [tw, th]) = frames[1];
        let [_, ty] = target;
        assert_eq!(ww, 2.0 * tw);
        let edges: Vec<([f64; 2], [f64; 2])> = items
            .iter()
            .filter_map(|i| match i {
                Item::Line { from, to, .. } => Some((*from, *to)),
                _ => None,
            })
            .collect();
        // The window's top corners meet at the target's top-left corner; the
        // edge from the top-left corner starts where it leaves the window.
        let window_tr = [wx + ww, wy];
        assert_eq!(edges[1], (window_tr, target));
        let ([from_x, _], to) = edges[0];
        assert_eq!((from_x, to), (wx + ww, target));
        // The target sits level with the window's middle.
        assert_eq!(wy + wh / 2.0, ty + th / 2.0);
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
        let points = [
            [0.0, 0.0],
            [2.0, 0.0],
            [2.0, 2.0],
            [0.0, 2.0],
            [5.0, 0.5],
            [6.0, 0.5],
            [6.0, 1.5],
            [5.0, 1.5],
        ];
        let h: Vec<[f64; 2]> = hull(points.map(|[x, y]| Place::new(x, y)).to_vec())
            .into_iter()
            .map(Place::at)
            .collect();
        assert_eq!(h.len(), 6);
        assert!(h.contains(&[6.0, 0.5]) && h.contains(&[0.0, 2.0]));
        assert!(!h.contains(&[5.0, 0.5]));
    }

    #[test]
    fn a_window_past_the_budget_is_shaded_as_a_whole() {
        // A 65×65 filter: 4,225 taps, past the 4,096 cells a figure draws.
        let body = format!("image = {}\nfilter = {}", digits(66, 66), digits(65, 65));
        let d = drawing(&body);
        let items = &d.figure.as_ref().unwrap().items;
        let weight_cells = crate::views::testing::weight_cells(items);
        assert_eq!(weight_cells, 0);
        assert!(items.len() < 200, "{} items", items.len());
        assert!(
            d.summary.contains("A window of 4225 taps is too many cells to draw one by one, so each window is shaded as a whole over the 65×65 pixels it spans"),
            "{}",
            d.summary
        );
        // Just under the budget, every tap is a cell of its weight's color.
        let body = format!("image = {}\nfilter = {}", digits(64, 64), digits(64, 64));
        let d = drawing(&body);
        let weight_cells = crate::views::testing::weight_cells(&d.figure.as_ref().unwrap().items);
        assert_eq!(weight_cells, 4096);
        assert!(!d.summary.contains("shaded as a whole"));
    }
}
