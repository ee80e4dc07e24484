//! The picture papers draw of a layer with many filters, for the `filters`
//! view: the input as a stack of channels with depth, the feature maps as a
//! stack with depth, and one translucent pyramid per filter from the window
//! on the input to that filter's cell of the first output.

use crate::engine::conv::Conv;
use crate::engine::{Pair, Term};
use crate::figure::{Anchor, Item, TextStyle, Tone};
use crate::resolve::Example;
use crate::text::{self, NOTE_PX};
use crate::views::grid;
use crate::views::panels::{
    MIN_CELL, NOTE_LINE, PaddedImage, Place, WIDTH, Window, cell_frame, extent, lattice, rule,
    whole,
};
use crate::views::planes::outline;
use crate::words;

/// The output whose window and pyramids are drawn: the first.
pub(super) const TARGET: Pair = [0, 0];
/// Largest side of a plane, and of one of its cells.
const MAX_PLANE: f64 = 140.0;
const MAX_CELL: f64 = 30.0;
/// Most depth between the front and back planes of each stack.
const MAX_INPUT_DEPTH: f64 = 36.0;
const MAX_OUTPUT_DEPTH: f64 = 84.0;
/// Largest step between two planes of a stack.
const MAX_INPUT_STEP: f64 = 12.0;
const MAX_OUTPUT_STEP: f64 = 28.0;
/// Most planes drawn per stack; a deeper stack is drawn with this many.
const MAX_PLANES: usize = 16;
/// Narrowest gap between the stacks, and room beside its widest note.
const MIN_GAP: f64 = 150.0;
const GAP_MARGIN: f64 = 28.0;
/// Opacity of a pyramid's face, and of a plane's fill.
const PYRAMID_OPACITY: f64 = 0.14;

/// What the picture takes up, and what it shows, in words.
pub(super) struct Picture {
    /// The shapes, in drawing order.
    pub(super) items: Vec<Item>,
    /// Its right and bottom edges.
    pub(super) right: f64,
    pub(super) bottom: f64,
    /// The texts under the input, the maps and the pyramids, for the
    /// description.
    pub(super) notes: Vec<String>,
}

/// A stack of `planes` planes of `size`, front at `front`, each further one
/// `step` up and to the right.
struct Stack {
    front: Place,
    size: [f64; 2],
    step: f64,
    planes: usize,
}

impl Stack {
    /// The top-left corner of plane `i` (0: the front).
    fn plane(&self, i: usize) -> Place {
        Place::new(
            self.front.x + i as f64 * self.step,
            self.front.y - i as f64 * self.step,
        )
    }

    /// How many planes are drawn, and the step between them, for a stack of
    /// `n` with at most `max_step` between two and `max_depth` in all.
    fn depth(n: usize, max_step: f64, max_depth: f64) -> (usize, f64) {
        let drawn = n.min(MAX_PLANES);
        if drawn < 2 {
            return (drawn.max(1), 0.0);
        }
        (drawn, max_step.min(max_depth / (drawn - 1) as f64))
    }

    /// The back planes, back to front: a tinted panel with an outline each.
    fn back(&self, tone: Tone) -> Vec<Item> {
        let mut items = Vec::new();
        for i in (1..self.planes).rev() {
            let at = self.plane(i);
            items.push(Item::Panel {
                at: at.at(),
                size: self.size,
                tone,
            });
            items.extend(outline(at, self.size));
        }
        items
    }
}

/// "4×4 input, 3 channels", "… padded to 6×6".
fn input_note(example: &Example, channels: usize) -> String {
    let spec = &example.spec;
    let mut note = format!("{} input", grid::size(spec.image.dim()));
    if channels > 1 {
        note.push_str(&format!(", {channels} channels"));
    }
    if spec.padding != [0, 0] {
        note.push_str(&format!(
            ", padded to {}",
            grid::size_of(spec.padded_shape())
        ));
    }
    note
}

/// The filters' shape and the settings that are not the default.
fn middle_notes(example: &Example, conv: &Conv) -> Vec<String> {
    let spec = conv.spec();
    let kernel = grid::size_of(spec.kernel());
    let filters = spec.filter_count();
    let mut first = if filters == 1 {
        format!("one {kernel} filter")
    } else {
        format!("{filters} filters, each {kernel}")
    };
    if spec.channels() > 1 {
        first.push_str(&format!(" over {} channels", spec.channels()));
    }
    let mut notes = vec![first];
    let plane = &example.spec;
    for (name, [down, across], default) in [
        ("stride", plane.stride, 1),
        ("padding", plane.padding, 0),
        ("dilation", plane.dilation, 1),
    ] {
        if [down, across] != [default, default] {
            notes.push(if down == across {
                format!("{name} {down}")
            } else {
                format!("{name} {down} down, {across} across")
            });
        }
    }
    notes
}

/// The picture, its top at `top`.
pub(super) fn picture(example: &Example, conv: &Conv, top: f64) -> Picture {
    let spec = conv.spec();
    let padded = example.spec.padded_shape();
    let out = conv.geometry().output;
    let input = input_note(example, spec.channels());
    let output = format!(
        "{} of {}",
        words::plural(spec.filter_count(), "feature map"),
        grid::size_of(out)
    );
    let middle = middle_notes(example, conv);
    let gap = middle
        .iter()
        .map(|t| text::width(t, NOTE_PX) + GAP_MARGIN)
        .fold(MIN_GAP, f64::max);
    let (in_planes, in_step) = Stack::depth(spec.channels(), MAX_INPUT_STEP, MAX_INPUT_DEPTH);
    let in_depth = in_planes.saturating_sub(1) as f64 * in_step;
    // The output step is at most a cell, so that each map's first cell
    // peeks out above the map in front of it; the cell is not known yet, so
    // the widest output depth is assumed for the fit.
    let avail = WIDTH - 2.0 * grid::MARGIN - gap - in_depth - MAX_OUTPUT_DEPTH;
    let tallest = padded[0].max(padded[1]).max(out[0]).max(out[1]) as f64;
    let cell = whole(
        (avail / (padded[1] + out[1]) as f64)
            .min(MAX_PLANE / tallest)
            .min(MAX_CELL),
    )
    .max(MIN_CELL);
    let (out_planes, out_step) = Stack::depth(
        spec.filter_count(),
        MAX_OUTPUT_STEP.min(cell.max(10.0)),
        MAX_OUTPUT_DEPTH,
    );
    let out_depth = out_planes.saturating_sub(1) as f64 * out_step;
    let front_y = top + in_depth.max(out_depth);
    let in_size = extent(padded, cell);
    let in_slot = (in_size[0] + in_depth).max(text::width(&input, NOTE_PX));
    let inputs = Stack {
        front: Place::new(grid::MARGIN, front_y),
        size: in_size,
        step: in_step,
        planes: in_planes,
    };
    let maps = Stack {
        front: Place::new(grid::MARGIN + in_slot + gap, front_y),
        size: extent(out, cell),
        step: out_step,
        planes: out_planes,
    };
    let terms: Vec<Term> = conv.terms(0, TARGET).filter(|t| t.channel == 0).collect();
    let window = Window::of(&example.spec, &terms);
    let mut items = Vec::new();
    for k in (0..maps.planes).rev() {
        items.extend(pyramid(&inputs, &window, &maps, k, cell));
    }
    items.extend(inputs.back(Tone::Pixel));
    items.push(Item::Panel {
        at: inputs.front.at(),
        size: in_size,
        tone: Tone::Pixel,
    });
    let image = PaddedImage::new(example, &example.spec, inputs.front, cell)
        .unlabeled()
        .lattice(true);
    items.extend(image.draw(&[]));
    let (lo, hi) = window.corners(inputs.front, cell);
    items.push(Item::Frame {
        at: lo.at(),
        size: [hi.x - lo.x, hi.y - lo.y],
        tone: Tone::Ink,
    });
    for k in (0..maps.planes).rev() {
        let at = maps.plane(k);
        items.push(Item::Panel {
            at: at.at(),
            size: maps.size,
            tone: Tone::Output,
        });
        items.extend(lattice(at, cell, out));
        items.push(cell_frame(at.cell(TARGET, cell), cell));
    }
    let in_bottom = front_y + in_size[1];
    let out_bottom = front_y + maps.size[1];
    items.push(grid::note([inputs.front.x, in_bottom + 4.0], input.clone()));
    items.push(grid::note([maps.front.x, out_bottom + 4.0], output.clone()));
    let gap_mid = grid::MARGIN + in_slot + gap / 2.0;
    let below = hi.y.max(front_y + cell) + 6.0;
    for (i, text) in middle.iter().enumerate() {
        items.push(Item::Text {
            at: [gap_mid, below + 17.0 + i as f64 * NOTE_LINE],
            text: text.clone(),
            style: TextStyle::Note,
            anchor: Anchor::Middle,
            tone: if i == 0 { Tone::Ink } else { Tone::Muted },
        });
    }
    let bottom = (in_bottom + 4.0 + grid::NOTE)
        .max(out_bottom + 4.0 + grid::NOTE)
        .max(below + middle.len() as f64 * NOTE_LINE + 6.0);
    let right =
        (maps.front.x + maps.size[0] + out_depth).max(maps.front.x + text::width(&output, NOTE_PX));
    let mut notes = vec![input, output];
    notes.extend(middle);
    Picture {
        items,
        right,
        bottom,
        notes,
    }
}

/// The pyramid of filter `k`: a translucent face from the window on the
/// input's front to the first cell of map `k`, and its four edges. The
/// input's front, drawn after, hides where they start inside the window.
fn pyramid(inputs: &Stack, window: &Window, maps: &Stack, k: usize, cell: f64) -> Vec<Item> {
    let (lo, hi) = window.corners(inputs.front, cell);
    let corners = [lo, Place::new(hi.x, lo.y), hi, Place::new(lo.x, hi.y)];
    let top = maps.plane(k).cell(TARGET, cell);
    let bottom = Place::new(top.x, top.y + cell);
    let mut items = vec![Item::Polygon {
        points: [corners[0], corners[1], top, bottom, corners[2], corners[3]]
            .iter()
            .map(|p| p.at())
            .collect(),
        tone: Tone::Output,
        opacity: PYRAMID_OPACITY,
    }];
    for (i, &from) in corners.iter().enumerate() {
        let to = if i < 2 { top } else { bottom };
        items.push(rule(from, to, 1.0));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    #[test]
    fn one_pyramid_per_filter_and_a_plane_per_channel() {
        let (example, model) = model(
            "image = [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[0, 1, 0], [1, 0, 1], [0, 1, 0]]]\nfilters = [[[[1, 0], [0, 1]], [[1, 1], [1, 1]]], [[[0, 1], [1, 0]], [[1, 0], [0, 1]]], [[[1, 1], [0, 0]], [[0, 0], [1, 1]]]]",
        );
        let picture = picture(&example, model.network().first(), 40.0);
        let pyramids = picture
            .items
            .iter()
            .filter(|i| matches!(i, Item::Polygon { opacity, .. } if *opacity < 0.5))
            .count();
        assert_eq!(pyramids, 3);
        let panels = picture
            .items
            .iter()
            .filter(|i| matches!(i, Item::Panel { .. }))
            .count();
        // The back input plane and the front one, and the three maps.
        assert_eq!(panels, 5);
        assert!(picture.notes.contains(&"3×3 input, 2 channels".to_string()));
        assert!(picture.notes.contains(&"3 feature maps of 2×2".to_string()));
        assert!(
            picture
                .notes
                .contains(&"3 filters, each 2×2 over 2 channels".to_string())
        );
        assert!(picture.right <= WIDTH - grid::MARGIN);
    }

    #[test]
    fn deep_stacks_draw_at_most_sixteen_planes() {
        assert_eq!(Stack::depth(64, 12.0, 36.0), (16, 2.4));
        assert_eq!(Stack::depth(1, 12.0, 36.0), (1, 0.0));
        assert_eq!(Stack::depth(3, 12.0, 36.0), (3, 12.0));
    }
}
