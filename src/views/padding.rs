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
use crate::view::{Show, View};
use crate::views::grid;
use crate::views::sections::{
    Lines, MAX_CELLS, SHADE, WIDTH, and_list, area, covered_inputs, lattice, padded_image,
    text_width,
};
use crate::words;

/// Largest cell side.
const MAX_CELL: f64 = 48.0;
/// Tallest a panel's grids may get.
const MAX_GRID_HEIGHT: f64 = 400.0;
/// Smallest cell side at which the panels stay side by side; below it they
/// are stacked.
const MIN_SIDE_BY_SIDE: f64 = 36.0;
/// Space for the arrow between an image and its result.
const ARROW: f64 = 48.0;
/// Space between panels.
const GAP: f64 = 36.0;

/// One panel: an image with or without padding, and what the engine makes
/// of it.
struct Case<'a> {
    heading: String,
    spec: Spec,
    conv: Result<Cow<'a, Convolution>, ShapeError>,
    /// Outputs the example does not have (they get no letter).
    unnamed: usize,
}

impl Case<'_> {
    /// Rows and columns of the drawn image, and of the result (if any).
    fn shapes(&self) -> (Pair, Option<Pair>) {
        (
            self.spec.padded_shape(),
            self.conv.as_ref().ok().map(|c| c.output_shape()),
        )
    }

    fn padded(&self) -> bool {
        self.spec.padding != [0, 0]
    }

    /// The note lines under the panel.
    fn notes(&self) -> Vec<String> {
        let image = grid::size(self.spec.image.dim());
        let mut notes = Vec::new();
        match &self.conv {
            Ok(conv) => {
                let out = conv.output_shape();
                let out = grid::size((out[0], out[1]));
                if self.padded() {
                    let padded = self.spec.padded_shape();
                    notes.push(format!(
                        "{} of zeros: {} → {} output",
                        rings(self.spec.padding),
                        grid::size((padded[0], padded[1])),
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
            }
            Err(_) => {
                let reach = self.spec.reach();
                notes.push(format!(
                    "The filter spans {}: it does not fit",
                    grid::size((reach[0], reach[1]))
                ));
                notes.push(format!("in the {image} image, so there is no output."));
            }
        }
        notes
    }

    /// Natural width at cell side `cell`, text included.
    fn width(&self, cell: f64) -> f64 {
        let (image, out) = self.shapes();
        let grids = match out {
            Some(out) => (image[1] + out[1]) as f64 * cell + ARROW,
            None => image[1] as f64 * cell,
        };
        self.notes()
            .iter()
            .map(|n| text_width(n, 13.0))
            .fold(grids.max(text_width(&self.heading, 15.0)), f64::max)
    }

    /// Height of the grids at cell side `cell`.
    fn grids_height(&self, cell: f64) -> f64 {
        let (image, out) = self.shapes();
        (image[0].max(out.map_or(0, |o| o[0]))) as f64 * cell
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
    let padded = spec.padded_shape();
    let reached = conv.reached();
    [padded[0] - reached[0], padded[1] - reached[1]]
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
    let origin = conv.window_origin(out);
    let padding = conv.spec().padding;
    [0, 1].map(|a| origin[a] as isize - padding[a] as isize)
}

/// The panels to draw: the padded case first, then the unpadded one.
fn cases<'a>(example: &Example, conv: &'a Convolution) -> Vec<Case<'a>> {
    let spec = &example.spec;
    if spec.padding != [0, 0] {
        let bare = with_padding(spec, [0, 0]);
        return vec![
            Case {
                heading: "With zero padding (this example)".to_string(),
                spec: spec.clone(),
                conv: Ok(Cow::Borrowed(conv)),
                unnamed: 0,
            },
            Case {
                heading: "Without padding".to_string(),
                conv: Convolution::new(bare.clone()).map(Cow::Owned),
                spec: bare,
                unnamed: 0,
            },
        ];
    }
    let reach = spec.reach();
    let centering = [reach[0] / 2, reach[1] / 2];
    let this = Case {
        heading: if centering == [0, 0] {
            "This example: no padding".to_string()
        } else {
            "Without padding (this example)".to_string()
        },
        spec: spec.clone(),
        conv: Ok(Cow::Borrowed(conv)),
        unnamed: 0,
    };
    if centering == [0, 0] {
        return vec![this];
    }
    let padded = with_padding(spec, centering);
    vec![
        Case {
            heading: "With zero padding".to_string(),
            conv: Convolution::new(padded.clone()).map(Cow::Owned),
            spec: padded,
            unnamed: 0,
        },
        this,
    ]
}

/// The padded image with the filter at its first position beside its
/// result, and the same without padding.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let labels_at: HashMap<[isize; 2], Pair> = conv
        .outputs()
        .map(|out| (window_at(conv, out), out))
        .collect();
    let mut cases = cases(example, conv);
    for case in &mut cases {
        if let Ok(c) = &case.conv {
            case.unnamed = c
                .outputs()
                .filter(|&out| !labels_at.contains_key(&window_at(c, out)))
                .count();
        }
    }
    let avail = WIDTH - 2.0 * grid::MARGIN;
    // Same cell side everywhere, so that equal sizes look equal.
    let columns: usize = cases
        .iter()
        .map(|c| {
            let (image, out) = c.shapes();
            image[1] + out.map_or(0, |o| o[1])
        })
        .sum();
    let arrows = cases.iter().filter(|c| c.conv.is_ok()).count() as f64 * ARROW;
    let gaps = (cases.len() as f64 - 1.0) * GAP;
    // Tall, narrow images get smaller cells.
    let tallest = cases
        .iter()
        .map(|c| {
            let (image, out) = c.shapes();
            image[0].max(out.map_or(0, |o| o[0]))
        })
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let max_cell = MAX_CELL.min(MAX_GRID_HEIGHT / tallest);
    let largest = whole(((avail - arrows - gaps) / columns.max(1) as f64).min(max_cell));
    // Stacked, each panel may use the whole width.
    let stacked = whole(
        cases
            .iter()
            .map(|c| {
                let (image, out) = c.shapes();
                let arrow = if out.is_some() { ARROW } else { 0.0 };
                (avail - arrow) / (image[1] + out.map_or(0, |o| o[1])) as f64
            })
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
    let side_by_side = side >= min_side && fits(side);
    let cell = if side_by_side { side } else { stacked };
    let mut items = Vec::new();
    let mut x = grid::MARGIN;
    let mut y = grid::MARGIN;
    let mut right: f64 = 0.0;
    let mut bottom: f64 = 0.0;
    for case in &cases {
        let (panel_items, w, h) = panel(example, case, &labels_at, [x, y], cell);
        items.extend(panel_items);
        right = right.max(x + w);
        bottom = bottom.max(y + h);
        if side_by_side {
            x += w + GAP;
        } else {
            y += h + GAP / 2.0;
        }
    }
    let desc = cases
        .iter()
        .map(|c| describe(example, c, &labels_at))
        .collect::<Vec<_>>()
        .join(" ");
    Drawing {
        view: View::Padding.name(),
        summary: summary(example, &cases),
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
    }
}

/// Whole pixels where there is room; tiny cells keep their fraction.
fn whole(cell: f64) -> f64 {
    if cell >= 2.0 {
        cell.floor()
    } else {
        cell.max(0.5)
    }
}

/// One panel at `at`: heading, image with the first window, arrow, result
/// grid, notes. Returns its items, width and height.
fn panel(
    example: &Example,
    case: &Case,
    labels_at: &HashMap<[isize; 2], Pair>,
    at: [f64; 2],
    cell: f64,
) -> (Vec<Item>, f64, f64) {
    let [x, y] = at;
    let mut items = vec![grid::heading([x, y], case.heading.clone())];
    let top = y + grid::HEADING;
    let (image, out) = case.shapes();
    let grids_h = case.grids_height(cell);
    let image_h = image[0] as f64 * cell;
    let image_y = top + (grids_h - image_h) / 2.0;
    let image_w = image[1] as f64 * cell;
    match &case.conv {
        Ok(conv) => {
            let first = [0, 0];
            items.extend(padded_image(
                example,
                &case.spec,
                conv.terms(first),
                [x, image_y],
                cell,
                true,
                false,
            ));
            // Rows and columns no window reaches: shaded and outlined.
            let [miss_r, miss_c] = missed(conv, &case.spec);
            if miss_r > 0 {
                let band_y = image_y + (image[0] - miss_r) as f64 * cell;
                let size = [image_w, miss_r as f64 * cell];
                items.push(area([x, band_y], size, Tone::Muted, SHADE));
                items.push(Item::Frame {
                    at: [x, band_y],
                    size,
                    tone: Tone::Muted,
                });
            }
            if miss_c > 0 {
                let band_x = x + (image[1] - miss_c) as f64 * cell;
                let size = [miss_c as f64 * cell, image_h];
                items.push(area([band_x, image_y], size, Tone::Muted, SHADE));
                items.push(Item::Frame {
                    at: [band_x, image_y],
                    size,
                    tone: Tone::Muted,
                });
            }
            let out = out.unwrap_or([0, 0]);
            let out_h = out[0] as f64 * cell;
            let out_y = top + (grids_h - out_h) / 2.0;
            let out_x = x + image_w + ARROW;
            let middle = top + grids_h / 2.0;
            items.push(Item::Line {
                from: [x + image_w + 8.0, middle],
                to: [out_x - 8.0, middle],
                tone: Tone::Muted,
                width: 1.5,
                arrow: true,
                dashed: false,
            });
            // One plan for the whole result grid, so its cells look alike.
            let chars = |t: &str| t.chars().count();
            let symbol_len = example
                .labels
                .output
                .iter()
                .map(|l| chars(&l.text))
                .max()
                .unwrap_or(0);
            let values: Vec<String> = conv.output().iter().map(|&v| number::display(v)).collect();
            let value_len = values.iter().map(|v| chars(v)).max().unwrap_or(0);
            let named = Lines::plan(example.show, cell, &[symbol_len], &[value_len]);
            // An output the example does not have gets its number even when
            // only symbols are shown, so that no cell is blank.
            let unnamed = Lines::plan(Show::Values, cell, &[], &[value_len]);
            let text = |o: Pair| {
                let value = number::display(conv.output()[o]);
                match labels_at.get(&window_at(conv, o)) {
                    Some(&e) => named.pick(&[example.labels.output[e].text.clone()], &[value]),
                    None => unnamed.pick(&[], &[value]),
                }
            };
            if out[0] * out[1] > MAX_CELLS {
                items.push(area(
                    [out_x, out_y],
                    [out[1] as f64 * cell, out_h],
                    Tone::Output,
                    0.6,
                ));
                items.extend(lattice([out_x, out_y], cell, out));
                let (symbol, value) = text(first);
                items.push(Item::Cell {
                    at: [out_x, out_y],
                    size: cell,
                    tone: Tone::Output,
                    symbol,
                    value,
                });
            } else {
                items.extend(grid::cells(
                    [out_x, out_y],
                    cell,
                    (out[0], out[1]),
                    |r, c| {
                        let (symbol, value) = text([r, c]);
                        (Tone::Output, symbol, value)
                    },
                ));
            }
            items.push(Item::Frame {
                at: [out_x, out_y],
                size: [cell, cell],
                tone: Tone::Ink,
            });
        }
        Err(_) => {
            items.extend(padded_image(
                example,
                &case.spec,
                &[],
                [x, image_y],
                cell,
                true,
                false,
            ));
        }
    }
    let mut note_y = top + grids_h + 4.0;
    for note in case.notes() {
        items.push(grid::note([x, note_y], note));
        note_y += 18.0;
    }
    let height = note_y + grid::NOTE - 18.0 - y;
    (items, case.width(cell), height)
}

/// One panel in words, for the figure's description.
fn describe(example: &Example, case: &Case, labels_at: &HashMap<[isize; 2], Pair>) -> String {
    let image = grid::size(example.spec.image.dim());
    match &case.conv {
        Ok(conv) => {
            let out = conv.output_shape();
            let terms = conv.terms([0, 0]);
            let name = labels_at.get(&window_at(conv, [0, 0])).map_or_else(
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
                covered_inputs(example, terms),
                grid::size((out[0], out[1])),
                name,
                number::display(conv.output()[[0, 0]])
            )
        }
        Err(_) => format!(
            "{}: the {image} image alone; the filter does not fit.",
            case.heading
        ),
    }
}

/// Which pixel sits under the middle of output `out`'s window, for an
/// odd-sized (dilated) filter.
fn center_pixel(example: &Example, conv: &Convolution, out: Pair) -> Option<String> {
    let reach = conv.spec().reach();
    if reach[0].is_multiple_of(2) || reach[1].is_multiple_of(2) {
        return None;
    }
    let [r, c] = window_at(conv, out);
    let center = [r + (reach[0] / 2) as isize, c + (reach[1] / 2) as isize];
    let (rows, cols) = example.spec.image.dim();
    let row = usize::try_from(center[0]).ok().filter(|&v| v < rows)?;
    let col = usize::try_from(center[1]).ok().filter(|&v| v < cols)?;
    Some(example.labels.image[[row, col]].text.clone())
}

/// "centered on every one of the 9 pixels" holds when the output keeps the
/// image's size with stride 1 and an odd filter.
fn centered_everywhere(conv: &Convolution) -> bool {
    let spec = conv.spec();
    let (rows, cols) = spec.image.dim();
    let reach = spec.reach();
    conv.output_shape() == [rows, cols]
        && spec.stride == [1, 1]
        && reach[0] % 2 == 1
        && reach[1] % 2 == 1
}

/// What the padded case gives, as a clause.
fn padded_clause(example: &Example, case: &Case) -> String {
    let filter = grid::size(example.spec.filter.dim());
    let image = example.spec.image.dim();
    match &case.conv {
        Ok(conv) if centered_everywhere(conv) => format!(
            "the {filter} filter can be centered on every one of the {} pixels, so the output stays {}",
            image.0 * image.1,
            grid::size(image)
        ),
        Ok(conv) => {
            let out = conv.output_shape();
            format!(
                "the {filter} filter fits {}, so the output is {}{}",
                words::times(out[0] * out[1]),
                grid::size((out[0], out[1])),
                if out == [image.0, image.1] {
                    ", the image's own size"
                } else {
                    ""
                }
            )
        }
        Err(_) => format!("the {filter} filter still does not fit"),
    }
}

/// What the unpadded case gives, as a clause about `subject`.
fn bare_clause(example: &Example, case: &Case, subject: &str) -> String {
    let image = example.spec.image.dim();
    match &case.conv {
        Ok(conv) => {
            let out = conv.output_shape();
            let n = out[0] * out[1];
            let mut s = if n == 1 {
                format!("{subject} fits only once")
            } else {
                format!("{subject} fits {}", words::times(n))
            };
            if n == 1
                && let Some(center) = center_pixel(example, conv, [0, 0])
            {
                s.push_str(&format!(", centered on {center}"));
            }
            s.push_str(&format!(", giving {}", grid::size((out[0], out[1]))));
            s
        }
        Err(_) => {
            let reach = case.spec.reach();
            format!(
                "{subject} does not fit at all: it spans {} but the image is only {}",
                grid::size((reach[0], reach[1])),
                grid::size(image)
            )
        }
    }
}

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
            let reach = spec.reach();
            if spec.stride == [1, 1] && (reach[0].is_multiple_of(2) || reach[1].is_multiple_of(2)) {
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
    // The zeros drop out of the sums.
    if let Some(Ok(conv)) = cases.first().map(|c| &c.conv)
        && conv.spec().padding != [0, 0]
    {
        let terms = conv.terms([0, 0]);
        let zeros = terms
            .iter()
            .filter(|t| matches!(t.source, Source::Padding(_)))
            .count();
        if zeros > 0 {
            s.push_str(&format!(
                " The zeros add nothing: the first window covers {}, and the products with the zeros are 0.",
                covered_inputs(example, terms)
            ));
        }
    }
    // Rows or columns no window reaches, per panel.
    let unreached: Vec<(bool, String)> = cases
        .iter()
        .filter_map(|case| {
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
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            (!parts.is_empty()).then(|| (case.padded(), and_list(&parts)))
        })
        .collect();
    match unreached.as_slice() {
        [] => {}
        [(_, a), (_, b)] if a == b => s.push_str(&format!(
            " The stride does not divide evenly: with or without padding, no window reaches {a} (shaded)."
        )),
        cases => {
            for (padded, what) in cases {
                s.push_str(&format!(
                    " {}, the stride does not divide evenly: no window reaches {what} (shaded).",
                    if *padded {
                        "With padding"
                    } else {
                        "Without padding"
                    }
                ));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directive::Directive;
    use crate::pipeline::prepare;
    use crate::resolve::Examples;

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
        let (example, conv) =
            prepare(Directive::parse(body).unwrap(), &Examples::built_in()).unwrap();
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
                "The stride does not divide evenly: with or without padding, no window reaches the last column (shaded)."
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
}
