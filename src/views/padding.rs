//! The `padding` view: what zero padding does to the output's size.
//!
//! Two panels, each an image with the filter at its first position and the
//! result grid beside it, at the same scale: the image with a ring of zeros,
//! and the same image without. For a padded example the second panel is the
//! same filter without padding; for an unpadded one the first panel shows
//! half the filter's reach (rounded down) of zeros per axis: for an odd
//! filter the padding that centers it on every pixel, for an even one the
//! least that lets it hang over the edge. A 1×1 filter gets the one panel.
//! Both cases come from the engine: the other one is a new [`Spec`] that
//! goes through [`Convolution::new`].

use std::borrow::Cow;
use std::collections::HashMap;

use crate::engine::{Convolution, Pair, ShapeError, Source, Spec};
use crate::figure::{Drawing, Figure, Item, Tone};
use crate::render::number;
use crate::resolve::Example;
use crate::text::{self, HEADING_PX, NOTE_PX};
use crate::view::View;
use crate::views::cell_text::{output_lines, value_lines};
use crate::views::grid;
use crate::views::panels::{
    MIN_CELL, NOTE_LINE, PaddedImage, Place, SHADE, WIDTH, area, arrow, bias_note, bias_room,
    cell_by_cell, cell_frame, covered_inputs, extent, result_cell, result_grid, shade_windows,
    shaded_note, whole,
};
use crate::words;

/// Largest cell side.
const MAX_CELL: f64 = 48.0;
/// Tallest a panel's grids may get.
const MAX_GRID_HEIGHT: f64 = 400.0;
/// Smallest cell side at which the panels stay side by side; below it they
/// are stacked.
const MIN_SIDE_BY_SIDE: f64 = 36.0;
/// Least space for the arrow between an image and its result (it widens
/// for a long bias note).
const ARROW: f64 = 48.0;
/// Space between panels.
const GAP: f64 = 36.0;
/// The output each panel shows the window of: the first.
const FIRST: Pair = [0, 0];

/// The example's outputs by where their windows sit on the unpadded image
/// (see [`window_at`]): how a panel's output finds its letter.
type Named = HashMap<[isize; 2], Pair>;

/// One panel: an image with or without padding, and what the engine makes
/// of it.
struct Case<'a> {
    heading: String,
    spec: Spec,
    conv: Result<Cow<'a, Convolution>, ShapeError>,
    /// Outputs the example does not have (they get no letter).
    unnamed: usize,
    /// Room for the arrow and its bias note.
    arrow: f64,
}

impl Case<'_> {
    /// Rows and columns of the drawn image, and of the result (if any).
    fn shapes(&self) -> (Pair, Option<Pair>) {
        (
            self.spec.padded_shape(),
            self.conv.as_ref().ok().map(|c| c.output_shape()),
        )
    }

    /// Whether this panel's image has a ring of zeros.
    fn padded(&self) -> bool {
        self.spec.padding != [0, 0]
    }

    /// Cell columns across the panel: the image's and the result's.
    fn columns(&self) -> usize {
        let ([_, image], out) = self.shapes();
        image + out.map_or(0, |[_, cols]| cols)
    }

    /// Cell rows of the taller of the image and the result.
    fn rows(&self) -> usize {
        let ([image, _], out) = self.shapes();
        image.max(out.map_or(0, |[rows, _]| rows))
    }

    /// Room for the arrow, if there is a result to point at.
    fn arrow(&self) -> f64 {
        if self.conv.is_ok() { self.arrow } else { 0.0 }
    }

    /// The output shape and term count of a convolution the engine
    /// refused to compute (past its budget): the panel says so instead of
    /// claiming the filter does not fit.
    fn refused(&self) -> Option<(Pair, usize)> {
        let Err(ShapeError::Limit(_)) = &self.conv else {
            return None;
        };
        let out = self.spec.output_shape().ok()?;
        Some((out, out[0] * out[1] * self.spec.filter.len()))
    }

    /// The note lines under the panel.
    fn notes(&self) -> Vec<String> {
        let image = grid::size(self.spec.image.dim());
        if let Some((out, terms)) = self.refused() {
            let [rows, cols] = self.spec.padded_shape();
            return vec![
                format!(
                    "{} of zeros: {} → {} output,",
                    rings(self.spec.padding),
                    grid::size((rows, cols)),
                    grid::size_of(out)
                ),
                format!("{} products: too many to compute", words::count(terms)),
            ];
        }
        let Ok(conv) = &self.conv else {
            let [rows, cols] = self.spec.reach();
            return vec![
                format!(
                    "The filter spans {}: it does not fit",
                    grid::size((rows, cols))
                ),
                format!("in the {image} image, so there is no output."),
            ];
        };
        let [out_rows, out_cols] = conv.output_shape();
        let out = grid::size((out_rows, out_cols));
        let mut notes = Vec::new();
        if self.padded() {
            let [rows, cols] = self.spec.padded_shape();
            notes.push(format!(
                "{} of zeros: {} → {} output",
                rings(self.spec.padding),
                grid::size((rows, cols)),
                out
            ));
        } else {
            notes.push(format!("no padding: {image} → {out} output"));
        }
        if missed(conv, &self.spec) != [0, 0] {
            notes.push("shaded: no window reaches it (stride)".to_string());
        }
        if self.unnamed > 0 {
            notes.push("no letter: an output this example lacks".to_string());
        }
        notes
    }

    /// Natural width at cell side `cell`, text included.
    fn width(&self, cell: f64) -> f64 {
        let grids = self.columns() as f64 * cell + self.arrow();
        self.notes()
            .iter()
            .map(|n| text::width(n, NOTE_PX))
            .fold(grids.max(text::width(&self.heading, HEADING_PX)), f64::max)
    }

    /// Height of the grids at cell side `cell`.
    fn grids_height(&self, cell: f64) -> f64 {
        self.rows() as f64 * cell
    }
}

/// "1 ring", "2 rings", "1 row", "1 row and 2 columns".
fn rings(padding: Pair) -> String {
    match padding {
        [r, c] if r == c => words::plural(r, "ring"),
        [r, 0] => words::plural(r, "row"),
        [0, c] => words::plural(c, "column"),
        [r, c] => format!(
            "{} and {}",
            words::plural(r, "row"),
            words::plural(c, "column")
        ),
    }
}

/// Padded rows and columns no window reaches.
fn missed(conv: &Convolution, spec: &Spec) -> Pair {
    let [rows, cols] = spec.padded_shape();
    let [reached_rows, reached_cols] = conv.reached();
    [rows - reached_rows, cols - reached_cols]
}

/// The example's spec with other padding.
fn with_padding(spec: &Spec, padding: Pair) -> Spec {
    Spec {
        padding,
        ..spec.clone()
    }
}

/// Top-left corner of output `out`'s window in unpadded image coordinates:
/// the same place means the same output, with or without padding.
fn window_at(conv: &Convolution, out: Pair) -> [isize; 2] {
    let [row, col] = conv.window_origin(out);
    let [pr, pc] = conv.spec().padding;
    [row as isize - pr as isize, col as isize - pc as isize]
}

/// The panels to draw: the padded case first, then the unpadded one.
fn cases<'a>(example: &Example, conv: &'a Convolution) -> Vec<Case<'a>> {
    let spec = &example.spec;
    let arrow = bias_room(example, ARROW);
    let case = |heading: &str, spec: Spec| Case {
        heading: heading.to_string(),
        conv: Convolution::new(spec.clone()).map(Cow::Owned),
        spec,
        unnamed: 0,
        arrow,
    };
    let this = |heading: &str| Case {
        heading: heading.to_string(),
        spec: spec.clone(),
        conv: Ok(Cow::Borrowed(conv)),
        unnamed: 0,
        arrow,
    };
    if spec.padding != [0, 0] {
        return vec![
            this("With zero padding (this example)"),
            case("Without padding", with_padding(spec, [0, 0])),
        ];
    }
    let [rows, cols] = spec.reach();
    let centering = [rows / 2, cols / 2];
    if centering == [0, 0] {
        return vec![this("This example: no padding")];
    }
    vec![
        case("With zero padding", with_padding(spec, centering)),
        this("Without padding (this example)"),
    ]
}

/// The cases with their outputs the example lacks counted, and the
/// example's outputs by window position.
fn named_cases<'a>(example: &Example, conv: &'a Convolution) -> (Vec<Case<'a>>, Named) {
    let named: Named = conv
        .outputs()
        .map(|out| (window_at(conv, out), out))
        .collect();
    let mut cases = cases(example, conv);
    for case in &mut cases {
        if let Ok(c) = &case.conv {
            case.unnamed = c
                .outputs()
                .filter(|&out| !named.contains_key(&window_at(c, out)))
                .count();
        }
    }
    (cases, named)
}

/// The cell side, the same in every panel so that equal sizes look equal,
/// and whether the panels stand side by side (else stacked).
fn fit(cases: &[Case]) -> (f64, bool) {
    let avail = WIDTH - 2.0 * grid::MARGIN;
    let columns: usize = cases.iter().map(Case::columns).sum();
    let arrows: f64 = cases.iter().map(Case::arrow).sum();
    let gaps = (cases.len() as f64 - 1.0) * GAP;
    // Tall, narrow images get smaller cells.
    let tallest = cases.iter().map(Case::rows).max().unwrap_or(1).max(1) as f64;
    let max_cell = MAX_CELL.min(MAX_GRID_HEIGHT / tallest);
    let fitted = |cell: f64| whole(cell).max(MIN_CELL);
    let largest = fitted(((avail - arrows - gaps) / columns.max(1) as f64).min(max_cell));
    // Stacked, each panel may use the whole width.
    let stacked = fitted(
        cases
            .iter()
            .map(|c| (avail - c.arrow()) / c.columns() as f64)
            .fold(max_cell, f64::min),
    );
    // Side by side at the largest cell for which the panels and their text
    // fit, unless that is below MIN_SIDE_BY_SIDE and stacking would give
    // larger cells.
    let min_side = MIN_SIDE_BY_SIDE.min(stacked);
    let fits = |cell: f64| cases.iter().map(|c| c.width(cell)).sum::<f64>() + gaps <= avail;
    let mut side = largest;
    while side > min_side && !fits(side) {
        side = (side - 1.0).max(min_side);
    }
    if side >= min_side && fits(side) {
        (side, true)
    } else {
        (stacked, false)
    }
}

/// The padded image with the filter at its first position beside its
/// result, and the same without padding.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let (cases, named) = named_cases(example, conv);
    let (cell, side_by_side) = fit(&cases);
    let shaded = shade_windows(cases.len(), example.spec.filter.len());
    let mut items = Vec::new();
    let mut at = Place::new(grid::MARGIN, grid::MARGIN);
    let mut right: f64 = 0.0;
    let mut bottom: f64 = 0.0;
    for case in &cases {
        let (panel_items, [w, h]) = panel(example, case, &named, at, (cell, shaded));
        items.extend(panel_items);
        right = right.max(at.x + w);
        bottom = bottom.max(at.y + h);
        if side_by_side {
            at.x += w + GAP;
        } else {
            at.y += h + GAP / 2.0;
        }
    }
    let desc = cases
        .iter()
        .map(|c| describe(example, c, &named))
        .collect::<Vec<_>>()
        .join(" ");
    Drawing {
        view: View::Padding.name(),
        summary: summary(example, &cases)
            + &if shaded {
                shaded_note(&example.spec)
            } else {
                String::new()
            },
        figure: Some(Figure {
            view: View::Padding.name(),
            title: format!(
                "Zero padding: the {} filter on the {} image with and without a ring of zeros",
                grid::size(example.spec.filter.dim()),
                grid::size(example.spec.image.dim())
            ),
            desc,
            size: [right + grid::MARGIN, bottom + grid::MARGIN],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    }
}

/// One panel at `at`: heading, image with the first window (shaded as a
/// whole if `shaded`), arrow, result grid, notes. Returns its items, width
/// and height.
fn panel(
    example: &Example,
    case: &Case,
    named: &Named,
    at: Place,
    (cell, shaded): (f64, bool),
) -> (Vec<Item>, [f64; 2]) {
    let mut items = vec![grid::heading(at.at(), case.heading.clone())];
    let top = at.y + grid::HEADING;
    let grids_h = case.grids_height(cell);
    let [image_w, image_h] = extent(case.spec.padded_shape(), cell);
    let image_at = Place::new(at.x, top + (grids_h - image_h) / 2.0);
    let image = PaddedImage::new(example, &case.spec, image_at, cell).shaded_window(shaded);
    match &case.conv {
        Ok(conv) => {
            items.extend(image.draw(conv.terms(FIRST)));
            items.extend(unreached(conv, &case.spec, image_at, cell));
            let left = Place::new(at.x + image_w, top);
            let arrow = case.arrow();
            items.extend(result(example, conv, named, left, [arrow, grids_h], cell));
        }
        Err(_) => items.extend(image.draw(&[])),
    }
    let mut note_y = top + grids_h + 4.0;
    for note in case.notes() {
        items.push(grid::note([at.x, note_y], note));
        note_y += NOTE_LINE;
    }
    let height = note_y + grid::NOTE - NOTE_LINE - at.y;
    (items, [case.width(cell), height])
}

/// The rows and columns of the image at `image` that no window reaches:
/// shaded and outlined.
fn unreached(conv: &Convolution, spec: &Spec, image: Place, cell: f64) -> Vec<Item> {
    let [rows, cols] = spec.padded_shape();
    let [miss_r, miss_c] = missed(conv, spec);
    let band = |at: Place, size: [f64; 2]| {
        [
            area(at, size, Tone::Muted, SHADE),
            Item::Frame {
                at: at.at(),
                size,
                tone: Tone::Muted,
            },
        ]
    };
    let mut items = Vec::new();
    if miss_r > 0 {
        let at = image.cell([rows - miss_r, 0], cell);
        items.extend(band(at, extent([miss_r, cols], cell)));
    }
    if miss_c > 0 {
        let at = image.cell([0, cols - miss_c], cell);
        items.extend(band(at, extent([rows, miss_c], cell)));
    }
    items
}

/// The arrow from the image, whose right side is at `left`, with the
/// bias it adds, and the result grid, with the first output framed; the
/// arrow's room is `arrow` wide and the grids are `grids_h` tall. Outputs the example lacks get their number even when only
/// symbols are shown, so that no cell is blank.
fn result(
    example: &Example,
    conv: &Convolution,
    named: &Named,
    left: Place,
    [room, grids_h]: [f64; 2],
    cell: f64,
) -> Vec<Item> {
    let shape = conv.output_shape();
    let [_, out_h] = extent(shape, cell);
    let out_at = Place::new(left.x + room, left.y + (grids_h - out_h) / 2.0);
    let middle = left.y + grids_h / 2.0;
    let mut items = vec![arrow(
        Place::new(left.x + 8.0, middle),
        Place::new(out_at.x - 8.0, middle),
    )];
    items.extend(bias_note(example, left.x + room / 2.0, middle));
    // One plan for the whole result grid, so its cells look alike.
    let lines = output_lines(example, conv, cell);
    let numbers = value_lines(conv, cell);
    let text = |o: Pair| {
        let value = number::display(conv.output()[o]);
        match named.get(&window_at(conv, o)) {
            Some(&e) => lines.pick(&[example.labels.output[e].text.clone()], &[value]),
            None => numbers.pick(&[], &[value]),
        }
    };
    items.extend(result_grid(out_at, cell, shape, text));
    if !cell_by_cell(shape) {
        items.push(result_cell(out_at, cell, text(FIRST)));
    }
    items.push(cell_frame(out_at, cell));
    items
}

/// One panel in words, for the figure's description.
fn describe(example: &Example, case: &Case, named: &Named) -> String {
    let image = grid::size(example.spec.image.dim());
    let Ok(conv) = &case.conv else {
        let why = match case.refused() {
            Some(_) => "the convolution is too large to compute",
            None => "the filter does not fit",
        };
        return format!("{}: the {image} image alone; {why}.", case.heading);
    };
    let name = named.get(&window_at(conv, FIRST)).map_or_else(
        || "the first output".to_string(),
        |&e| example.labels.output[e].text.clone(),
    );
    format!(
        "{}: the {image} image{}, the filter's first window over {}, and an arrow to the {} result grid, where {} = {} is framed.",
        case.heading,
        if case.padded() {
            format!(" with {} of zeros", rings(case.spec.padding))
        } else {
            String::new()
        },
        covered_inputs(example, conv.terms(FIRST)),
        grid::size_of(conv.output_shape()),
        name,
        number::display(conv.output()[FIRST])
    )
}

/// Which pixel sits under the middle of output `out`'s window, for an
/// odd-sized (dilated) filter.
fn center_pixel(example: &Example, conv: &Convolution, out: Pair) -> Option<String> {
    let [reach_r, reach_c] = conv.spec().reach();
    if reach_r.is_multiple_of(2) || reach_c.is_multiple_of(2) {
        return None;
    }
    let [r, c] = window_at(conv, out);
    let (rows, cols) = example.spec.image.dim();
    let row = usize::try_from(r + (reach_r / 2) as isize)
        .ok()
        .filter(|&v| v < rows)?;
    let col = usize::try_from(c + (reach_c / 2) as isize)
        .ok()
        .filter(|&v| v < cols)?;
    Some(example.labels.image[[row, col]].text.clone())
}

/// "centered on every one of the 9 pixels" holds when the output keeps the
/// image's size with stride 1 and an odd filter.
fn centered_everywhere(conv: &Convolution) -> bool {
    let spec = conv.spec();
    let (rows, cols) = spec.image.dim();
    let [reach_r, reach_c] = spec.reach();
    conv.output_shape() == [rows, cols]
        && spec.stride == [1, 1]
        && reach_r % 2 == 1
        && reach_c % 2 == 1
}

/// What the padded case gives, as a clause.
fn padded_clause(example: &Example, case: &Case) -> String {
    let filter = grid::size(example.spec.filter.dim());
    let (rows, cols) = example.spec.image.dim();
    match &case.conv {
        Ok(conv) if centered_everywhere(conv) => format!(
            "the {filter} filter can be centered on every one of the {} pixels, so the output stays {}",
            rows * cols,
            grid::size((rows, cols))
        ),
        Ok(conv) => {
            let out = conv.output_shape();
            format!(
                "the {filter} filter fits {}, so the output is {}{}",
                words::times(conv.output().len()),
                grid::size_of(out),
                if out == [rows, cols] {
                    ", the image's own size"
                } else {
                    ""
                }
            )
        }
        Err(_) => match case.refused() {
            Some((out, terms)) => format!(
                "the {filter} filter would give a {} output, but that is {} products, more than the engine computes, so that panel shows the padded image alone",
                grid::size_of(out),
                words::count(terms)
            ),
            None => format!("the {filter} filter still does not fit"),
        },
    }
}

/// What the unpadded case gives, as a clause about `subject`.
fn bare_clause(example: &Example, case: &Case, subject: &str) -> String {
    let Ok(conv) = &case.conv else {
        return format!(
            "{subject} does not fit at all: it spans {} but the image is only {}",
            grid::size_of(case.spec.reach()),
            grid::size(example.spec.image.dim())
        );
    };
    let n = conv.output().len();
    let mut s = if n == 1 {
        format!("{subject} fits only once")
    } else {
        format!("{subject} fits {}", words::times(n))
    };
    if n == 1
        && let Some(center) = center_pixel(example, conv, FIRST)
    {
        s.push_str(&format!(", centered on {center}"));
    }
    s.push_str(&format!(", giving {}", grid::size_of(conv.output_shape())));
    s
}

/// The view in words: what padding does here, what the zeros add, and
/// where the stride leaves cells unreached.
fn summary(example: &Example, cases: &[Case]) -> String {
    let spec = &example.spec;
    let filter = grid::size(spec.filter.dim());
    let mut s = match cases {
        [padded, bare] if spec.padding != [0, 0] => format!(
            "With {} of zeros {}; without padding {}.",
            rings(spec.padding),
            padded_clause(example, padded),
            bare_clause(example, bare, "it")
        ),
        [padded, this] => {
            let mut s = format!(
                "This example has no padding: {}. With {} of zeros (left) {}.",
                bare_clause(example, this, &format!("the {filter} filter")),
                rings(padded.spec.padding),
                padded_clause(example, padded)
            );
            let [reach_r, reach_c] = spec.reach();
            if spec.stride == [1, 1] && (reach_r.is_multiple_of(2) || reach_c.is_multiple_of(2)) {
                s.push_str(
                    " A filter with an even number of rows or columns has no middle pixel, so no padding that is the same on both sides keeps the size exactly.",
                );
            }
            s
        }
        _ => format!(
            "This example has no padding, and needs none: a {filter} filter covers a single pixel, so it never hangs over an edge, and a ring of zeros would only add outputs that equal the bias."
        ),
    };
    s.push_str(&zeros_sentence(example, cases));
    s.push_str(&unreached_sentences(cases));
    s
}

/// The zeros drop out of the sums: said when the padded panel's first
/// window hangs over them.
fn zeros_sentence(example: &Example, cases: &[Case]) -> String {
    let Some(Ok(conv)) = cases.first().map(|c| &c.conv) else {
        return String::new();
    };
    let terms = conv.terms(FIRST);
    let on_zeros = terms.iter().any(|t| matches!(t.source, Source::Padding(_)));
    if conv.spec().padding == [0, 0] || !on_zeros {
        return String::new();
    }
    format!(
        " The zeros add nothing: the first window covers {}, and the products with the zeros are 0.",
        covered_inputs(example, terms)
    )
}

/// "the last row", "the last 2 rows and the last column": what no window
/// reaches in a panel, if anything.
fn unreached_cells(case: &Case) -> Option<String> {
    let conv = case.conv.as_ref().ok()?;
    let [r, c] = missed(conv, &case.spec);
    let mut parts = Vec::new();
    for (n, noun) in [(r, "row"), (c, "column")] {
        match n {
            0 => {}
            1 => parts.push(format!("the last {noun}")),
            _ => parts.push(format!("the last {n} {noun}s")),
        }
    }
    (!parts.is_empty()).then(|| words::join_and(&parts))
}

/// Real pixels in the rows and columns no window reaches: the last rows
/// and columns of the padded image are its ring of zeros first.
fn skipped_pixels(case: &Case) -> usize {
    let Ok(conv) = &case.conv else { return 0 };
    let [miss_r, miss_c] = missed(conv, &case.spec);
    let [pad_r, pad_c] = case.spec.padding;
    let (rows, cols) = case.spec.image.dim();
    let real_r = miss_r.saturating_sub(pad_r).min(rows);
    let real_c = miss_c.saturating_sub(pad_c).min(cols);
    real_r * cols + real_c * rows - real_r * real_c
}

/// Rows or columns no window reaches, per panel, and what that loses:
/// only padding zeros, or real pixels that then count in no output.
fn unreached_sentences(cases: &[Case]) -> String {
    let per_panel: String = cases
        .iter()
        .filter_map(|case| {
            let what = unreached_cells(case)?;
            let lost = match skipped_pixels(case) {
                0 => ", but only padding zeros lie there, so every pixel is used".to_string(),
                1 => ", so 1 pixel of the image counts in no output".to_string(),
                n => format!(", so {n} pixels of the image count in no output"),
            };
            let panel = if case.padded() {
                "With padding"
            } else {
                "Without padding"
            };
            Some(format!(
                " {panel}, no window reaches {what} (shaded){lost}."
            ))
        })
        .collect();
    if per_panel.is_empty() {
        per_panel
    } else {
        format!(" The stride does not divide evenly.{per_panel}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawing(body: &str) -> Drawing {
        crate::views::testing::drawing(body, View::Padding)
    }

    fn items(d: &Drawing) -> &[Item] {
        &d.figure.as_ref().unwrap().items
    }

    /// Output cells' symbols, in drawing order.
    fn results(d: &Drawing) -> Vec<Option<String>> {
        items(d)
            .iter()
            .filter_map(|i| match i {
                Item::Cell {
                    tone: Tone::Output,
                    symbol,
                    ..
                } => Some(symbol.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn seed_padded_keeps_the_size_and_without_padding_gives_one() {
        let d = drawing("example = \"seed-padded\"");
        let results = results(&d);
        // 3×3 with padding, then the single output without, which is the
        // padded example's T (its window is centered on E).
        assert_eq!(results.len(), 10);
        assert_eq!(results[9].as_deref(), Some("T"));
        assert_eq!(
            d.summary,
            "With 1 ring of zeros the 3×3 filter can be centered on every one of the 9 pixels, so the output stays 3×3; without padding it fits only once, centered on E, giving 1×1. The zeros add nothing: the first window covers A, B, D, E and 5 padding zeros, and the products with the zeros are 0."
        );
        let zeros = items(&d)
            .iter()
            .filter(
                |i| matches!(i, Item::Cell { tone: Tone::Padding, value: Some(v), .. } if v == "0"),
            )
            .count();
        assert_eq!(zeros, 16 - 5);
        assert!(d.figure.as_ref().unwrap().size[0] <= WIDTH);
    }

    #[test]
    fn the_unpadded_case_comes_from_the_engine() {
        let body = "example = \"seed-padded\"\nview = \"padding\"";
        let (example, conv) = crate::views::testing::example(body);
        let cases = cases(&example, &conv);
        let bare = cases[1].conv.as_ref().unwrap();
        assert_eq!(bare.output_shape(), [1, 1]);
        assert_eq!(bare.output()[[0, 0]], conv.output()[[1, 1]]);
    }

    #[test]
    fn seed_shows_what_padding_would_do() {
        let d = drawing("example = \"seed\"");
        assert!(d.summary.starts_with(
            "This example has no padding: the 2×2 filter fits 4 times, giving 2×2. With 1 ring of zeros (left) the 2×2 filter fits 16 times, so the output is 4×4."
        ), "{}", d.summary);
        assert!(d.summary.contains("no middle pixel"));
        // The padded 4×4 result names the outputs the example has.
        let named: Vec<String> = results(&d).into_iter().flatten().collect();
        assert!(
            named.starts_with(&["P".to_string(), "Q".to_string()])
                || named.contains(&"S".to_string())
        );
    }

    #[test]
    fn a_filter_that_needs_padding_says_so() {
        let d = drawing(
            "image = [[1, 2], [3, 4]]\nfilter = [[1, 1, 1], [1, 1, 1], [1, 1, 1]]\npadding = 1",
        );
        assert!(
            d.summary.contains(
                "without padding it does not fit at all: it spans 3×3 but the image is only 2×2"
            ),
            "{}",
            d.summary
        );
        let texts: Vec<&str> = items(&d)
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.iter().any(|t| t.contains("does not fit")));
    }

    #[test]
    fn stride_marks_the_unreached_column() {
        let d = drawing(
            "image = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]]\nfilter = [[1, 0.5], [-0.25, 2]]\nstride = 2",
        );
        assert!(
            d.summary.contains(
                "The stride does not divide evenly. With padding, no window reaches the last column (shaded), but only padding zeros lie there, so every pixel is used. Without padding, no window reaches the last column (shaded), so 4 pixels of the image count in no output."
            ),
            "{}",
            d.summary
        );
        let shaded = items(&d)
            .iter()
            .filter(|i| {
                matches!(
                    i,
                    Item::Polygon {
                        tone: Tone::Muted,
                        ..
                    }
                )
            })
            .count();
        assert_eq!(shaded, 2, "one unreached column in each panel");
        assert!(d.figure.as_ref().unwrap().size[0] <= WIDTH);
    }

    #[test]
    fn stride_past_the_padding_skips_real_pixels() {
        let d = drawing("image = [[1, 2, 3, 4, 5]]\nfilter = [[1]]\npadding = 1\nstride = [1, 4]");
        assert!(
            d.summary.ends_with(
                "The stride does not divide evenly. With padding, no window reaches the last 2 columns (shaded), so 1 pixel of the image counts in no output."
            ),
            "{}",
            d.summary
        );
    }

    #[test]
    fn one_by_one_filter_needs_no_padding() {
        let d = drawing("example = \"seed\"\nfilter = [[2]]");
        assert!(d.summary.contains("needs none"));
        assert_eq!(results(&d).len(), 9);
    }

    #[test]
    fn a_large_example_stays_small() {
        let row = format!("[{}]", ["1"; 12].join(", "));
        let image = vec![row; 12].join(", ");
        let d = drawing(&format!(
            "image = [{image}]\nfilter = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]"
        ));
        let figure = d.figure.as_ref().unwrap();
        assert!(figure.size[0] <= WIDTH);
        let svg = crate::render::svg::render(figure, "t");
        assert!(svg.len() < 60_000, "{} bytes", svg.len());
    }

    #[test]
    fn a_comparison_past_the_budget_is_said_so_not_drawn() {
        // The example: its "centering" padding would ask for a
        // 256×256 output of 16,384 products each.
        let body = format!(
            "image = {}\nfilter = {}\ndilation = 2",
            crate::views::testing::digits(256, 256),
            crate::views::testing::digits(128, 128)
        );
        let d = crate::views::testing::drawing(&body, View::Padding);
        assert!(
            d.summary.contains("would give a 256×256 output, but that is 1,073,741,824 products, more than the engine computes"),
            "{}",
            d.summary
        );
        assert!(!d.summary.contains("does not fit"), "{}", d.summary);
        let texts: Vec<&str> = d
            .figure
            .as_ref()
            .unwrap()
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            texts.contains(&"1,073,741,824 products: too many to compute"),
            "{texts:?}"
        );
        // Its windows of 16,384 taps are shaded, not drawn tap by tap.
        assert!(
            d.summary.contains("A window of 16,384 taps"),
            "{}",
            d.summary
        );
        let weight_cells = crate::views::testing::weight_cells(&d.figure.as_ref().unwrap().items);
        assert_eq!(weight_cells, 0);
    }
}
