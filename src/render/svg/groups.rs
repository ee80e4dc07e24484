//! Which items the SVG writer puts in one group: alike items (same kind,
//! same look) that it may draw together without changing the picture.

use crate::figure::{Anchor, Item, TextStyle, Tone};
use crate::text;

use super::path::{Tenths, tenths};

/// What makes items one group: same kind, same look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Run {
    /// Cells and nodes of one tone, square or round.
    Cells(Tone, bool),
    /// Free text of one style, alignment and color.
    Texts(TextStyle, Anchor, Tone),
    /// Lines of one color, width and dash.
    Lines(Tone, Tenths, bool),
    /// Outlines of one color.
    Frames(Tone),
    /// Filled rectangles of one color and outline width.
    Panels(Tone, Tenths),
    /// Translucent polygons of one color and opacity (in hundredths).
    Areas(Tone, Tenths),
    /// Anything drawn on its own.
    Single,
}

fn run_of(item: &Item) -> Run {
    match item {
        Item::Cell { tone, .. } => Run::Cells(*tone, *tone == Tone::Bias),
        Item::Node { tone, .. } => Run::Cells(*tone, true),
        Item::Text {
            style,
            anchor,
            tone,
            ..
        } => Run::Texts(*style, *anchor, text_tone(*tone)),
        Item::Line {
            tone,
            width,
            dashed,
            ..
        } => Run::Lines(*tone, tenths(*width), *dashed),
        Item::Frame { tone, .. } => Run::Frames(*tone),
        Item::Panel { tone, size, .. } => {
            // Thin outlines for tiny panels, so the fill still shows.
            Run::Panels(*tone, tenths((size[0].min(size[1]) / 8.0).min(1.0)))
        }
        Item::Polygon { tone, opacity, .. } => Run::Areas(*tone, tenths(opacity * 10.0)),
        Item::Heatmap { .. }
        | Item::Shades { .. }
        | Item::Group(_)
        | Item::Reuse { .. }
        | Item::Faded { .. } => Run::Single,
    }
}

/// Text on its own takes the weight's color only where it stays readable:
/// the stylesheet darkens or lightens it per theme.
pub(super) fn text_tone(tone: Tone) -> Tone {
    match tone {
        Tone::Weight(_) | Tone::Muted => tone,
        _ => Tone::Ink,
    }
}

/// A bounding box, `[left, top, right, bottom]`, with room for strokes.
type Bounds = [f64; 4];

/// How far back an item may move to join its group.
const LOOKBACK: usize = 64;

/// Groups in the order the writer draws them. An item joins the last group
/// of its look if it covers nothing drawn since (so the picture stays the
/// same), else starts a group. Lines may pass lines, and texts texts: at
/// most which of two crossing lines is on top changes. Items inside
/// [`Item::Group`] are taken one by one; a [`Item::Reuse`] or heat map is a
/// group of its own, and nothing moves past a reused drawing.
pub(super) fn gather(items: &[Item]) -> Vec<(Run, Vec<&Item>)> {
    let mut flat = Vec::with_capacity(items.len());
    flatten(items, &mut flat);
    let mut groups: Vec<Group> = Vec::new();
    for item in flat {
        let run = run_of(item);
        let bounds = bounds(item);
        match home(&groups, run, item, bounds) {
            Some(g) => groups[g].add(item, bounds),
            None => groups.push(Group {
                run,
                items: vec![item],
                boxes: vec![bounds],
                hull: bounds,
            }),
        }
    }
    groups.into_iter().map(|g| (g.run, g.items)).collect()
}

struct Group<'i> {
    run: Run,
    items: Vec<&'i Item>,
    /// Each item's bounds; `None` for a reused drawing, which blocks all.
    boxes: Vec<Option<Bounds>>,
    /// All of them: `None` if any is `None`.
    hull: Option<Bounds>,
}

impl<'i> Group<'i> {
    fn add(&mut self, item: &'i Item, bounds: Option<Bounds>) {
        self.hull = match (self.hull, bounds) {
            (Some(a), Some(b)) => Some([
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ]),
            _ => None,
        };
        self.items.push(item);
        self.boxes.push(bounds);
    }

    /// Whether `item` may not be drawn before this group.
    fn blocks(&self, item: &Item, bounds: Bounds) -> bool {
        let passes = |a: &Item, b: &Item| {
            matches!(
                (a, b),
                (Item::Line { .. }, Item::Line { .. }) | (Item::Text { .. }, Item::Text { .. })
            )
        };
        if self.items.iter().all(|other| passes(other, item)) {
            return false;
        }
        match self.hull {
            Some(hull) if !overlap(hull, bounds) => false,
            _ => self
                .items
                .iter()
                .zip(&self.boxes)
                .any(|(other, b)| !passes(other, item) && b.is_none_or(|b| overlap(b, bounds))),
        }
    }
}

/// The group `item` joins, if any.
fn home(groups: &[Group], run: Run, item: &Item, bounds: Option<Bounds>) -> Option<usize> {
    let bounds = bounds.filter(|_| run != Run::Single)?;
    for (g, group) in groups.iter().enumerate().rev().take(LOOKBACK) {
        if group.run == run {
            return Some(g);
        }
        if group.blocks(item, bounds) {
            return None;
        }
    }
    None
}

fn overlap(a: Bounds, b: Bounds) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Where `item` may paint, generously: strokes and arrowheads included,
/// so shapes that only touch count as overlapping.
fn bounds(item: &Item) -> Option<Bounds> {
    let rect = |at: [f64; 2], size: [f64; 2], pad: f64| {
        Some([
            at[0] - pad,
            at[1] - pad,
            at[0] + size[0] + pad,
            at[1] + size[1] + pad,
        ])
    };
    let hull = |points: &mut dyn Iterator<Item = [f64; 2]>, pad: f64| {
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for p in points {
            b = [
                b[0].min(p[0]),
                b[1].min(p[1]),
                b[2].max(p[0]),
                b[3].max(p[1]),
            ];
        }
        b[0].is_finite()
            .then_some([b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad])
    };
    match item {
        Item::Cell { at, size, .. } => rect(*at, [*size; 2], 2.0),
        Item::Node { center, radius, .. } => rect(
            [center[0] - radius, center[1] - radius],
            [2.0 * radius; 2],
            2.0,
        ),
        Item::Panel { at, size, .. } => rect(*at, *size, 2.0),
        Item::Frame { at, size, .. } => rect(*at, *size, 3.0),
        Item::Heatmap {
            at,
            cell,
            cols,
            shades,
        } => {
            let cols = (*cols).max(1);
            let rows = shades.len().div_ceil(cols);
            rect(*at, [cols as f64 * cell, rows as f64 * cell], 2.0)
        }
        Item::Line {
            from, to, width, ..
        } => hull(&mut [*from, *to].into_iter(), (4.0 * width).max(8.0)),
        Item::Polygon { points, .. } => hull(&mut points.iter().copied(), 2.0),
        Item::Text {
            at,
            text,
            style,
            anchor,
            ..
        } => {
            let px = match style {
                TextStyle::Heading => text::HEADING_PX,
                TextStyle::Label => text::LABEL_PX,
                TextStyle::Operator => text::OPERATOR_PX,
                TextStyle::Note => text::NOTE_PX,
            };
            let width = text::width(text, px);
            let left = match anchor {
                Anchor::Start => at[0],
                Anchor::Middle => at[0] - width / 2.0,
                Anchor::End => at[0] - width,
            };
            rect([left, at[1] - px], [width, 1.4 * px], 2.0)
        }
        Item::Group(_) | Item::Reuse { .. } | Item::Faded { .. } | Item::Shades { .. } => None,
    }
}

/// Groups unwrapped: how they group is the writer's business.
fn flatten<'i>(items: &'i [Item], out: &mut Vec<&'i Item>) {
    for item in items {
        match item {
            Item::Group(inner) => flatten(inner, out),
            _ => out.push(item),
        }
    }
}

/// The value most of `sizes` have (the first such, on a tie).
pub(super) fn commonest(sizes: &[Tenths]) -> Option<Tenths> {
    let mut best: Option<(Tenths, usize)> = None;
    for (i, &s) in sizes.iter().enumerate() {
        if sizes[..i].contains(&s) {
            continue;
        }
        let n = sizes[i..].iter().filter(|&&x| x == s).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((s, n));
        }
    }
    best.map(|(s, _)| s)
}

/// Whether `places` are `origin + i·stride + j·step` for `j` below some
/// count of at least 2 and `i` from 0 up, row after row, with at least two
/// rows: then the count, the step and the stride.
pub(super) fn lattice(places: &[[f64; 2]]) -> Option<(usize, [f64; 2], [f64; 2])> {
    let near = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).abs() < 1e-6 && (a[1] - b[1]).abs() < 1e-6;
    let diff = |a: [f64; 2], b: [f64; 2]| [a[0] - b[0], a[1] - b[1]];
    let (&origin, rest) = places.split_first()?;
    let step = diff(*rest.first()?, origin);
    let inner = 1 + places
        .windows(2)
        .take_while(|w| near(diff(w[1], w[0]), step))
        .count();
    if inner < 2 || !places.len().is_multiple_of(inner) || places.len() / inner < 2 {
        return None;
    }
    let stride = diff(places[inner], origin);
    let fits = places.iter().enumerate().all(|(n, p)| {
        let (i, j) = ((n / inner) as f64, (n % inner) as f64);
        near(
            *p,
            [
                origin[0] + i * stride[0] + j * step[0],
                origin[1] + i * stride[1] + j * step[1],
            ],
        )
    });
    fits.then_some((inner, step, stride))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(x: f64, tone: Tone) -> Item {
        Item::Cell {
            at: [x, 0.0],
            size: 10.0,
            tone,
            symbol: None,
            value: None,
        }
    }

    fn runs(items: &[Item]) -> Vec<usize> {
        gather(items).iter().map(|(_, items)| items.len()).collect()
    }

    #[test]
    fn apart_alike_cells_join_but_touching_ones_keep_their_order() {
        // Far apart: the third joins the first.
        let apart = [
            cell(0.0, Tone::Pixel),
            cell(50.0, Tone::Output),
            cell(100.0, Tone::Pixel),
        ];
        assert_eq!(runs(&apart), [2, 1]);
        // Touching: the output's edge would change, so the order stays.
        let touching = [
            cell(0.0, Tone::Pixel),
            cell(10.0, Tone::Output),
            cell(20.0, Tone::Pixel),
        ];
        assert_eq!(runs(&touching), [1, 1, 1]);
    }

    #[test]
    fn lines_pass_lines_but_not_cells() {
        let line = |tone, x: f64| Item::Line {
            from: [x, 0.0],
            to: [x + 100.0, 100.0],
            tone,
            width: 2.0,
            arrow: false,
            dashed: false,
        };
        let crossing = [
            line(Tone::Weight(0), 0.0),
            line(Tone::Weight(1), 5.0),
            line(Tone::Weight(0), 10.0),
        ];
        assert_eq!(runs(&crossing), [2, 1]);
        let covered = [
            line(Tone::Ink, 0.0),
            cell(40.0, Tone::Pixel),
            line(Tone::Ink, 5.0),
        ];
        assert_eq!(runs(&covered), [1, 1, 1]);
    }
}
