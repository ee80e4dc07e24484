//! The grid panels the `sections`, `padding` and `familiar` views share: a
//! (padded) image with one window in the filter's colors, result grids and
//! cells, and the arrows and rules between them. Each view arranges these
//! panels its own way; none reaches into another view.
//!
//! Grids past [`MAX_CELLS`] are drawn as lattices of lines, so a figure's
//! SVG grows with the grid's sides, not with its area.

use crate::engine::{Pair, Source, Spec, Term, limits};
use crate::figure::{Anchor, Item, TextStyle, Tone};
use crate::render::number;
use crate::resolve::Example;
use crate::text::{self, NOTE_PX};
use crate::views::cell_text::{CellText, CellTexts, ONE_LINE};
use crate::views::grid;
use crate::words;

/// Width a figure aims to stay within: mdBook's content column.
pub(super) const WIDTH: f64 = 720.0;
/// Largest grid (in cells) drawn cell by cell; larger ones are drawn as a
/// lattice of lines.
pub(super) const MAX_CELLS: usize = 100;
/// Opacity of the gray that marks padding on a lattice and unreached cells.
pub(super) const SHADE: f64 = 0.28;
/// Opacity of the ink over a window shaded as a whole.
const WINDOW_SHADE: f64 = 0.2;
/// Opacity of the output tint of a result grid drawn as a lattice.
const RESULT_TINT: f64 = 0.6;
/// Distance between the baselines of stacked note lines.
pub(super) const NOTE_LINE: f64 = 18.0;
/// Smallest cell side a fitted layout draws, however large the grid: a
/// hair's breadth still shows where the cells are.
pub(super) const MIN_CELL: f64 = 0.5;

/// A point of a figure, in pixels from its top-left corner: `x` across,
/// `y` down. Named fields, so layout code says which axis it means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Place {
    pub(super) x: f64,
    pub(super) y: f64,
}

impl Place {
    /// The point `x` across and `y` down.
    pub(super) const fn new(x: f64, y: f64) -> Place {
        Place { x, y }
    }

    /// The point as the figure's items take it.
    pub(super) const fn at(self) -> [f64; 2] {
        [self.x, self.y]
    }

    /// The top-left corner of cell `[row, col]` of a grid of `cell`-sided
    /// cells whose top-left corner is here.
    pub(super) fn cell(self, [row, col]: Pair, cell: f64) -> Place {
        Place::new(self.x + col as f64 * cell, self.y + row as f64 * cell)
    }
}

/// Width and height of a grid of `[rows, cols]` cells of side `cell`.
pub(super) fn extent([rows, cols]: Pair, cell: f64) -> [f64; 2] {
    [cols as f64 * cell, rows as f64 * cell]
}

/// Whether a grid of `shape` is drawn cell by cell (else as a lattice).
pub(super) fn cell_by_cell([rows, cols]: Pair) -> bool {
    rows * cols <= MAX_CELLS
}

/// Whole pixels where there is room, so that grid lines fall on pixels;
/// tiny cells keep their fraction.
pub(super) fn whole(cell: f64) -> f64 {
    if cell >= 2.0 { cell.floor() } else { cell }
}

/// A straight line in a muted tone.
pub(super) fn rule(from: Place, to: Place, width: f64) -> Item {
    Item::Line {
        from: from.at(),
        to: to.at(),
        tone: Tone::Muted,
        width,
        arrow: false,
        dashed: false,
    }
}

/// The arrow from an image to its result.
pub(super) fn arrow(from: Place, to: Place) -> Item {
    Item::Line {
        from: from.at(),
        to: to.at(),
        tone: Tone::Muted,
        width: 1.5,
        arrow: true,
        dashed: false,
    }
}

/// What the arrow to a result says about the bias, as the cells say their
/// products: `+ b` above the shaft and `+ 1` (or `− 1`) under it (one of them when
/// `show` asks for one), so that a panel adds up by hand.
pub(super) fn bias_lines(example: &Example) -> Vec<String> {
    // A negative bias subtracts: "− 1", as narrow as "+ 1".
    let value = number::display(example.spec.bias);
    let value = match value.strip_prefix('\u{2212}') {
        Some(magnitude) => format!("\u{2212} {magnitude}"),
        None => format!("+ {value}"),
    };
    let symbol = format!("+ {}", example.labels.bias.text);
    match (example.show.symbols(), example.show.values()) {
        (true, true) => vec![symbol, value],
        (true, false) => vec![symbol],
        _ => vec![value],
    }
}

/// Room an arrow needs for [`bias_lines`], and at least `least`.
pub(super) fn bias_room(example: &Example, least: f64) -> f64 {
    bias_lines(example)
        .iter()
        .map(|t| text::width(t, NOTE_PX) + 16.0)
        .fold(least, f64::max)
}

/// [`bias_lines`] centered on `x`, above and under an arrow at height `y`.
pub(super) fn bias_note(example: &Example, x: f64, y: f64) -> Vec<Item> {
    bias_lines(example)
        .into_iter()
        .zip([y - 6.0, y + 6.0 + NOTE_PX * 0.75])
        .map(|(text, baseline)| Item::Text {
            at: [x, baseline],
            text,
            style: TextStyle::Note,
            anchor: Anchor::Middle,
            tone: Tone::Muted,
        })
        .collect()
}

/// A filled rectangle of `[width, height]`, as a polygon (so it may be
/// translucent).
pub(super) fn area(at: Place, [w, h]: [f64; 2], tone: Tone, opacity: f64) -> Item {
    let Place { x, y } = at;
    Item::Polygon {
        points: vec![[x, y], [x + w, y], [x + w, y + h], [x, y + h]],
        tone,
        opacity,
    }
}

/// A result cell: an output's symbol and/or value.
pub(super) fn result_cell(at: Place, size: f64, (symbol, value): CellText) -> Item {
    Item::Cell {
        at: at.at(),
        size,
        tone: Tone::Output,
        symbol,
        value,
    }
}

/// The ink frame around one cell, e.g. the output a window makes.
pub(super) fn cell_frame(at: Place, cell: f64) -> Item {
    Item::Frame {
        at: at.at(),
        size: [cell, cell],
        tone: Tone::Ink,
    }
}

/// A grid drawn as lines only (the border, and the inner lines where cells
/// are large enough to tell apart): cheap for large grids.
pub(super) fn lattice(at: Place, cell: f64, shape: Pair) -> Vec<Item> {
    let [rows, cols] = shape;
    let [w, h] = extent(shape, cell);
    let inner = cell >= 5.0;
    let mut items = Vec::new();
    for r in 0..=rows {
        if inner || r == 0 || r == rows {
            let y = at.y + r as f64 * cell;
            items.push(rule(Place::new(at.x, y), Place::new(at.x + w, y), 1.0));
        }
    }
    for c in 0..=cols {
        if inner || c == 0 || c == cols {
            let x = at.x + c as f64 * cell;
            items.push(rule(Place::new(x, at.y), Place::new(x, at.y + h), 1.0));
        }
    }
    items
}

/// A grid of results of `shape` at `at`, each cell saying `text` of its
/// output; past [`MAX_CELLS`], a tinted lattice without text.
pub(super) fn result_grid(
    at: Place,
    cell: f64,
    shape: Pair,
    text: impl Fn(Pair) -> CellText,
) -> Vec<Item> {
    if !cell_by_cell(shape) {
        let mut items = vec![area(at, extent(shape, cell), Tone::Output, RESULT_TINT)];
        items.extend(lattice(at, cell, shape));
        return items;
    }
    let [rows, cols] = shape;
    grid::cells(at.at(), cell, (rows, cols), |r, c| {
        let (symbol, value) = text([r, c]);
        (Tone::Output, symbol, value)
    })
}

/// Where a term's input sits in the padded image of `spec`.
pub(super) fn padded_at(spec: &Spec, source: Source) -> Pair {
    let [pr, pc] = spec.padding;
    match source {
        Source::Pixel([r, c]) => [r + pr, c + pc],
        Source::Padding([r, c]) => [
            usize::try_from(r + pr as isize).unwrap_or(0),
            usize::try_from(c + pc as isize).unwrap_or(0),
        ],
    }
}

/// The padded cells a window covers: rows `top..bottom` and columns
/// `left..right`, from its terms (all zero for no terms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Window {
    pub(super) top: usize,
    pub(super) left: usize,
    pub(super) bottom: usize,
    pub(super) right: usize,
}

impl Window {
    /// The window of `terms` on the padded image of `spec`.
    pub(super) fn of(spec: &Spec, terms: &[Term]) -> Window {
        if terms.is_empty() {
            return Window {
                top: 0,
                left: 0,
                bottom: 0,
                right: 0,
            };
        }
        let mut window = Window {
            top: usize::MAX,
            left: usize::MAX,
            bottom: 0,
            right: 0,
        };
        for term in terms {
            let [r, c] = padded_at(spec, term.source);
            window.top = window.top.min(r);
            window.left = window.left.min(c);
            window.bottom = window.bottom.max(r + 1);
            window.right = window.right.max(c + 1);
        }
        window
    }

    /// How far below the grid's top the window's middle lies.
    pub(super) fn middle(&self, cell: f64) -> f64 {
        (self.top + self.bottom) as f64 * cell / 2.0
    }

    /// Its top-left and bottom-right corners on a grid at `grid`.
    pub(super) fn corners(&self, grid: Place, cell: f64) -> (Place, Place) {
        (
            grid.cell([self.top, self.left], cell),
            grid.cell([self.bottom, self.right], cell),
        )
    }

    /// The ink frame around it on a grid at `grid`.
    fn frame(&self, grid: Place, cell: f64) -> Item {
        Item::Frame {
            at: grid.cell([self.top, self.left], cell).at(),
            size: extent([self.bottom - self.top, self.right - self.left], cell),
            tone: Tone::Ink,
        }
    }
}

/// The padded image of a spec at a place, ready to draw with or without a
/// window on it. Padding cells are gray zeros; grids past [`MAX_CELLS`] (or
/// with [`PaddedImage::lattice`]) are drawn as a lattice with gray bands
/// over the padding, so only a window's cells are drawn one by one.
pub(super) struct PaddedImage<'a> {
    example: &'a Example,
    spec: &'a Spec,
    at: Place,
    cell: f64,
    label_pixels: bool,
    lattice: bool,
    shaded_window: bool,
}

impl<'a> PaddedImage<'a> {
    /// The padded image of `spec` (the example's, or one with other
    /// padding) with its top-left corner at `at`: pixels and zeros labeled,
    /// drawn cell by cell where small enough.
    pub(super) fn new(example: &'a Example, spec: &'a Spec, at: Place, cell: f64) -> Self {
        PaddedImage {
            example,
            spec,
            at,
            cell,
            label_pixels: true,
            lattice: false,
            shaded_window: false,
        }
    }

    /// Shades a window as a whole instead of drawing each tapped cell, if
    /// `shaded`: what a view asks for when its windows' cells would be past
    /// the figure budget (decided from the filter's size, before anything
    /// is drawn).
    pub(super) fn shaded_window(self, shaded: bool) -> Self {
        PaddedImage {
            shaded_window: shaded,
            ..self
        }
    }

    /// Leaves the cells outside the window blank.
    pub(super) fn unlabeled(self) -> Self {
        PaddedImage {
            label_pixels: false,
            ..self
        }
    }

    /// Draws the grid as a lattice if `lattice`, however small it is.
    pub(super) fn lattice(self, lattice: bool) -> Self {
        PaddedImage { lattice, ..self }
    }

    /// The image with the window of `terms` on it: every tapped cell in its
    /// weight's color (or, on padding, gray) saying `weight·input`, and a
    /// frame around the window.
    pub(super) fn draw(&self, terms: &[Term]) -> Vec<Item> {
        let texts = self.texts();
        let tapped = self.tapped(terms);
        let mut items = if self.lattice || !cell_by_cell(self.spec.padded_shape()) {
            self.lattice_items()
        } else {
            self.plain_cells(&tapped, &texts)
        };
        items.extend(self.window_items(terms, &tapped, &texts));
        items
    }

    /// Only the window of `terms`: its cells and its frame, to lay over an
    /// image drawn before.
    pub(super) fn window(&self, terms: &[Term]) -> Vec<Item> {
        self.window_items(terms, &self.tapped(terms), &self.texts())
    }

    /// The text plan of this image's cells.
    fn texts(&self) -> CellTexts<'a> {
        CellTexts::new(self.example, self.cell, self.spec.padding != [0, 0])
    }

    /// For each padded cell, row-major, the term that taps it (if any).
    fn tapped<'t>(&self, terms: &'t [Term]) -> Vec<Option<&'t Term>> {
        let [rows, cols] = self.spec.padded_shape();
        let mut tapped = vec![None; rows * cols];
        for term in terms {
            let [r, c] = padded_at(self.spec, term.source);
            if r < rows && c < cols {
                tapped[r * cols + c] = Some(term);
            }
        }
        tapped
    }

    /// The image as a lattice, with gray bands over the padding.
    fn lattice_items(&self) -> Vec<Item> {
        let mut items = self.padding_bands();
        items.extend(lattice(self.at, self.cell, self.spec.padded_shape()));
        items
    }

    /// Gray bands over the padding of a lattice-drawn padded image.
    fn padding_bands(&self) -> Vec<Item> {
        let [pr, pc] = self.spec.padding;
        let [rows, cols] = self.spec.padded_shape();
        let band = |[r0, c0]: Pair, [r1, c1]: Pair| {
            let at = self.at.cell([r0, c0], self.cell);
            area(
                at,
                extent([r1 - r0, c1 - c0], self.cell),
                Tone::Muted,
                SHADE,
            )
        };
        let mut items = Vec::new();
        if pr > 0 {
            items.push(band([0, 0], [pr, cols]));
            items.push(band([rows - pr, 0], [rows, cols]));
        }
        if pc > 0 {
            items.push(band([pr, 0], [rows - pr, pc]));
            items.push(band([pr, cols - pc], [rows - pr, cols]));
        }
        items
    }

    /// The cells no term taps, one by one: pixels and padding zeros.
    fn plain_cells(&self, tapped: &[Option<&Term>], texts: &CellTexts) -> Vec<Item> {
        let [rows, cols] = self.spec.padded_shape();
        let mut items = Vec::new();
        for r in 0..rows {
            for c in 0..cols {
                if tapped[r * cols + c].is_none() {
                    items.push(self.plain_cell([r, c], texts));
                }
            }
        }
        items
    }

    /// Padded cell `[r, c]` outside the window.
    fn plain_cell(&self, [r, c]: Pair, texts: &CellTexts) -> Item {
        let [pr, pc] = self.spec.padding;
        let (rows, cols) = self.spec.image.dim();
        let inside = (pr..pr + rows).contains(&r) && (pc..pc + cols).contains(&c);
        let (tone, (symbol, value)) = if inside {
            let text = if self.label_pixels {
                texts.pixel([r - pr, c - pc])
            } else {
                (None, None)
            };
            (Tone::Pixel, text)
        } else {
            let zero = (self.label_pixels && self.cell >= ONE_LINE).then(|| "0".to_string());
            (Tone::Padding, (None, zero))
        };
        Item::Cell {
            at: self.at.cell([r, c], self.cell).at(),
            size: self.cell,
            tone,
            symbol,
            value,
        }
    }

    /// The tapped cells, row-major, and the window's frame; a shaded
    /// window is one tinted area under its frame.
    fn window_items(
        &self,
        terms: &[Term],
        tapped: &[Option<&Term>],
        texts: &CellTexts,
    ) -> Vec<Item> {
        if terms.is_empty() {
            return Vec::new();
        }
        if self.shaded_window {
            let window = Window::of(self.spec, terms);
            let size = extent(
                [window.bottom - window.top, window.right - window.left],
                self.cell,
            );
            let at = self.at.cell([window.top, window.left], self.cell);
            return vec![
                area(at, size, Tone::Ink, WINDOW_SHADE),
                window.frame(self.at, self.cell),
            ];
        }
        let [_, cols] = self.spec.padded_shape();
        let filter_cols = self.spec.filter.ncols();
        let mut items = Vec::new();
        for (i, slot) in tapped.iter().enumerate() {
            let Some(term) = slot else { continue };
            let tone = match term.source {
                Source::Pixel(_) => grid::weight_tone(filter_cols, term.weight),
                Source::Padding(_) => Tone::Padding,
            };
            let (symbol, value) = texts.tap(term);
            items.push(Item::Cell {
                at: self.at.cell([i / cols, i % cols], self.cell).at(),
                size: self.cell,
                tone,
                symbol,
                value,
            });
        }
        items.push(Window::of(self.spec, terms).frame(self.at, self.cell));
        items
    }
}

/// Whether `windows` windows of `taps` cells each must be shaded as a
/// whole: past the figure budget ([`limits::fits_figure`]). Decided from
/// sizes, before any cell is built.
pub(super) fn shade_windows(windows: usize, taps: usize) -> bool {
    !limits::fits_figure(windows.saturating_mul(taps))
}

/// The caption's sentence for windows shaded as a whole: how many cells
/// each would have drawn, and how many pixels it spans.
pub(super) fn shaded_note(spec: &Spec) -> String {
    format!(
        " A window of {} taps is too many cells to draw one by one, so each window is shaded as a whole over the {} pixels it spans, and framed; the filter view shows the weights.",
        words::count(spec.filter.len()),
        grid::size_of(spec.reach())
    )
}

/// "A, B, D and E" (plus "and 5 padding zeros"), or "10 pixels and 2
/// padding zeros": what a window covers, in words.
pub(super) fn covered_inputs(example: &Example, terms: &[Term]) -> String {
    let pixels: Vec<&str> = terms
        .iter()
        .filter_map(|t| match t.source {
            Source::Pixel(p) => Some(example.labels.image[p].text.as_str()),
            Source::Padding(_) => None,
        })
        .collect();
    let zeros = terms.len() - pixels.len();
    let mut parts: Vec<String> = if pixels.len() > 9 {
        vec![format!("{} pixels", pixels.len())]
    } else {
        pixels.iter().map(|p| p.to_string()).collect()
    };
    if zeros > 0 {
        parts.push(words::plural(zeros, "padding zero"));
    }
    words::join_and(&parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::example;

    #[test]
    fn the_seed_window_covers_two_by_two_cells() {
        let (example, conv) = example("example = \"seed\"");
        let window = Window::of(&example.spec, conv.terms([1, 1]));
        assert_eq!(
            window,
            Window {
                top: 1,
                left: 1,
                bottom: 3,
                right: 3
            }
        );
        assert_eq!(window.middle(10.0), 20.0);
        let (lo, hi) = window.corners(Place::new(5.0, 0.0), 10.0);
        assert_eq!((lo.at(), hi.at()), ([15.0, 10.0], [35.0, 30.0]));
        assert_eq!(
            covered_inputs(&example, conv.terms([0, 0])),
            "A, B, D and E"
        );
    }

    #[test]
    fn a_padded_window_counts_its_zeros() {
        let (example, conv) = example("example = \"seed-padded\"");
        let terms = conv.terms([0, 0]);
        assert_eq!(
            covered_inputs(&example, terms),
            "A, B, D, E and 5 padding zeros"
        );
        let window = Window::of(&example.spec, terms);
        assert_eq!((window.top, window.left), (0, 0));
    }

    #[test]
    fn a_large_image_is_a_lattice_with_gray_bands() {
        let row = format!("[{}]", ["1"; 12].join(", "));
        let image = vec![row; 12].join(", ");
        let (example, _) = example(&format!("image = [{image}]\nfilter = [[1]]\npadding = 1"));
        let items = PaddedImage::new(&example, &example.spec, Place::new(0.0, 0.0), 4.0).draw(&[]);
        let bands = items
            .iter()
            .filter(|i| matches!(i, Item::Polygon { .. }))
            .count();
        assert_eq!(bands, 4);
        assert!(items.iter().all(|i| !matches!(i, Item::Cell { .. })));
    }

    #[test]
    fn whole_pixels_where_there_is_room() {
        assert_eq!(whole(12.7), 12.0);
        assert_eq!(whole(1.5), 1.5);
        assert_eq!(extent([2, 3], 10.0), [30.0, 20.0]);
    }
}
