//! The `interactive` view: the image, the filter and the outputs, with the
//! filter's weights and bias as inputs the reader can change. The static
//! figure (the first window on the image) is what a page without
//! JavaScript shows; the live controls carry the engine's structure, every
//! output's terms and every pixel's users, so the page's script only
//! multiplies and adds.

use crate::engine::{Convolution, Pair, Source, Term};
use crate::error::ErrorKind;
use crate::figure::{Anchor, Controls, Drawing, Entry, Figure, Item, Tap, TextStyle, Tone, Use};
use crate::labels::Label;
use crate::resolve::Example;
use crate::view::{Show, View};
use crate::views::grid;
use crate::views::panels::{PaddedImage, Place, WIDTH, cell_frame};
use crate::words;

/// Most rows or columns of the padded image: past this the grids of
/// inputs and outputs no longer fit a page, nor the list of equations.
pub const MAX_SIDE: usize = 10;
/// Most filter weights: one input each.
pub const MAX_WEIGHTS: usize = 25;
/// What the error names instead.
const INSTEAD: &str = "use `view = \"sections\"` (every window) or `view = \"equations\"` (every sum), which draw it without controls";

/// Largest and smallest cell side of the static figure.
const MAX_CELL: f64 = 48.0;
const MIN_CELL: f64 = grid::MIN_TEXT_CELL;
/// Room between the panels: for the `+` and for the arrow.
const GAP: f64 = 28.0;
const ARROW: f64 = 44.0;

/// The static figure and the live controls of a one-plane example, or a
/// located error naming a static view when it is too large to play with.
pub fn draw(example: &Example, conv: &Convolution) -> Result<Drawing, ErrorKind> {
    check_size(example)?;
    Ok(Drawing {
        view: View::Interactive.name(),
        summary: summary(example, conv),
        figure: Some(figure(example, conv)),
        math: None,
        controls: Some(controls(example, conv)),
        code: None,
    })
}

/// Refuses an example whose controls would not fit a page.
fn check_size(example: &Example) -> Result<(), ErrorKind> {
    let spec = &example.spec;
    let [rows, cols] = spec.padded_shape();
    let weights = spec.filter.len();
    let why = if rows.max(cols) > MAX_SIDE {
        format!(
            "its padded image is {}, and an interactive figure holds at most {MAX_SIDE}×{MAX_SIDE}",
            grid::size((rows, cols))
        )
    } else if weights > MAX_WEIGHTS {
        format!(
            "its filter has {} weights, and an interactive figure has at most {MAX_WEIGHTS} inputs for them",
            words::count(weights)
        )
    } else {
        return Ok(());
    };
    Err(ErrorKind::CannotDraw {
        view: View::Interactive.name(),
        why,
        instead: INSTEAD,
    })
}

/// The engine's numbers and structure, as the page's script reads them.
fn controls(example: &Example, conv: &Convolution) -> Controls {
    let spec = &example.spec;
    let labels = &example.labels;
    let entries = |labels: &ndarray::Array2<Label>, values: &ndarray::Array2<f64>| {
        labels
            .rows()
            .into_iter()
            .zip(values.rows())
            .map(|(labels, values)| {
                labels
                    .iter()
                    .zip(values.iter())
                    .map(|(label, &value)| Entry {
                        label: label.text.clone(),
                        value,
                    })
                    .collect()
            })
            .collect()
    };
    Controls {
        pixels: entries(&labels.image, &spec.image),
        padding: spec.padding,
        weights: entries(&labels.filter, &spec.filter),
        turned: false,
        bias: Entry {
            label: labels.bias.text.clone(),
            value: spec.bias,
        },
        outputs: entries(&labels.output, conv.output()),
        terms: conv
            .outputs()
            .map(|out| {
                conv.terms(out)
                    .iter()
                    .map(|t| tap(spec.padding, t))
                    .collect()
            })
            .collect(),
        users: users(conv),
    }
}

/// A term as the script needs it, with its cell in the padded image.
fn tap([pr, pc]: Pair, term: &Term) -> Tap {
    let (pixel, [r, c]) = match term.source {
        Source::Pixel([r, c]) => (Some([r, c]), [r as isize, c as isize]),
        Source::Padding(at) => (None, at),
    };
    // Terms never reach past the padding, so these are never negative.
    let padded = [r + pr as isize, c + pc as isize].map(|x| usize::try_from(x).unwrap_or(0));
    Tap {
        weight: term.weight,
        pixel,
        padded,
    }
}

/// For every pixel, the outputs whose weight-matrix row has a weight in
/// its column: every output that uses it, not only the nearest.
fn users(conv: &Convolution) -> Vec<Vec<Use>> {
    let positions = conv.weight_positions();
    positions
        .columns()
        .into_iter()
        .map(|column| {
            column
                .iter()
                .enumerate()
                .filter_map(|(output, weight)| weight.map(|weight| Use { output, weight }))
                .collect()
        })
        .collect()
}

/// The static figure: the padded image with the first window on it, the
/// filter and the bias, and the outputs with the first one framed: what
/// the controls start from.
fn figure(example: &Example, conv: &Convolution) -> Figure {
    let spec = &example.spec;
    let labels = &example.labels;
    let [rows, cols] = spec.padded_shape();
    let (k_rows, k_cols) = spec.filter.dim();
    let [o_rows, o_cols] = conv.output_shape();
    let columns = (cols + k_cols + 1 + o_cols) as f64;
    let room = WIDTH - 2.0 * grid::MARGIN - 3.0 * GAP - ARROW;
    let cell = (room / columns).floor().clamp(MIN_CELL, MAX_CELL);
    let top = grid::MARGIN + grid::HEADING;
    let first = conv.outputs().next().unwrap_or([0, 0]);
    let show = Show::Both;

    let image_at = Place::new(grid::MARGIN, top);
    let mut items = vec![grid::heading([image_at.x, grid::MARGIN], "Image X")];
    items.extend(PaddedImage::new(example, spec, image_at, cell).draw(conv.terms(first)));

    let filter_x = image_at.x + cols as f64 * cell + GAP;
    items.push(grid::heading([filter_x, grid::MARGIN], "Filter W"));
    items.extend(grid::cells(
        [filter_x, top],
        cell,
        (k_rows, k_cols),
        |r, c| {
            let (symbol, value) = grid::content(show, &labels.filter[[r, c]], spec.filter[[r, c]]);
            (grid::weight_tone(k_cols, [r, c]), symbol, value)
        },
    ));
    let plus_x = filter_x + k_cols as f64 * cell + GAP / 2.0;
    let middle = top + k_rows as f64 * cell / 2.0;
    items.push(operator([plus_x, middle + 8.0], "+"));
    let bias_x = plus_x + GAP / 2.0;
    items.push(grid::heading([bias_x, grid::MARGIN], "Bias"));
    items.push(grid::labeled_cell(
        [bias_x, middle - cell / 2.0],
        cell,
        Tone::Bias,
        (show, &labels.bias, spec.bias),
    ));

    let arrow_x = bias_x + cell + GAP / 2.0;
    items.push(Item::Line {
        from: [arrow_x, middle],
        to: [arrow_x + ARROW - GAP / 2.0, middle],
        tone: Tone::Muted,
        width: 1.5,
        arrow: true,
        dashed: false,
    });
    let out_x = arrow_x + ARROW;
    items.push(grid::heading([out_x, grid::MARGIN], "Output Y"));
    items.extend(grid::cells([out_x, top], cell, (o_rows, o_cols), |i, j| {
        let (symbol, value) = grid::content(show, &labels.output[[i, j]], conv.output()[[i, j]]);
        (Tone::Output, symbol, value)
    }));
    items.push(cell_frame(Place::new(out_x, top).cell(first, cell), cell));

    let bottom = top + (rows.max(k_rows).max(o_rows)) as f64 * cell;
    items.push(grid::note(
        [grid::MARGIN, bottom + 4.0],
        format!(
            "The first window on the image: the one that makes {}.",
            labels.output[first].text
        ),
    ));
    let width = (out_x + o_cols as f64 * cell).max(grid::MARGIN + 460.0) + grid::MARGIN;
    Figure {
        view: View::Interactive.name(),
        title: format!(
            "The {} image, the {} filter with its bias, and the {} outputs, {}",
            grid::size(spec.image.dim()),
            grid::size((k_rows, k_cols)),
            grid::size((o_rows, o_cols)),
            grid::span(&labels.output)
        ),
        desc: format!(
            "Image: {} Filter: {} Bias: {} = {}. Outputs: {}",
            grid::describe(&labels.image, &spec.image),
            grid::describe(&labels.filter, &spec.filter),
            labels.bias.text,
            crate::render::number::display(spec.bias),
            grid::describe(&labels.output, conv.output()),
        ),
        size: [width, bottom + 4.0 + grid::NOTE + grid::MARGIN],
        items,
    }
}

fn operator(at: [f64; 2], text: &str) -> Item {
    Item::Text {
        at,
        text: text.into(),
        style: TextStyle::Operator,
        anchor: Anchor::Middle,
        tone: Tone::Ink,
    }
}

/// What to do, and what the structure is, in words; no sentence states a
/// value the reader may change.
fn summary(example: &Example, conv: &Convolution) -> String {
    let labels = &example.labels;
    let outputs = conv.output().len();
    let per_output = example.spec.filter.len();
    let users = users(conv);
    let counts: Vec<usize> = users.iter().map(Vec::len).collect();
    let most = counts.iter().copied().max().unwrap_or(0);
    let least = counts.iter().copied().min().unwrap_or(0);
    let name = |n: usize| {
        counts
            .iter()
            .position(|&c| c == n)
            .and_then(|i| labels.image.iter().nth(i))
            .map_or(String::new(), |l| l.text.clone())
    };
    let mut s = format!(
        "Type new weights or a new bias: all {} follow at once, each the sum of {} plus the bias. Point at an output, or tab to it, to see its window and its equation; point at a pixel to see every output that uses it.",
        words::plural(outputs, "output"),
        words::plural(per_output, "product"),
    );
    if most != least {
        s.push_str(&format!(
            " {} is used by {}, {} by {}.",
            name(most),
            words::plural(most, "output"),
            name(least),
            if least == 0 {
                "none".to_string()
            } else {
                words::plural(least, "output")
            }
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::{example, model};

    /// Through the views' dispatch, as a block draws it.
    fn drawing(body: &str) -> Result<Drawing, ErrorKind> {
        let (example, model) = model(body);
        crate::views::draw(View::Interactive, &example, &model)
    }

    #[test]
    fn the_seed_has_its_terms_and_every_user_of_each_pixel() {
        let (example, conv) = example("example = \"seed\"");
        let controls = draw(&example, &conv).unwrap().controls.unwrap();
        assert_eq!(controls.weights.len(), 2);
        assert_eq!(controls.outputs.len(), 2);
        assert_eq!(controls.terms.len(), 4);
        for (index, out) in conv.outputs().enumerate() {
            let terms = conv.terms(out);
            assert_eq!(controls.terms[index].len(), terms.len());
            for (tap, term) in controls.terms[index].iter().zip(terms) {
                assert_eq!(tap.weight, term.weight);
                assert_eq!(tap.pixel.map(Source::Pixel), Some(term.source));
            }
            assert_eq!(controls.outputs[out[0]][out[1]].value, conv.output()[out]);
        }
        // E, the center, is used by all four outputs, each with another weight.
        let center: Vec<(usize, Pair)> = controls.users[4]
            .iter()
            .map(|u| (u.output, u.weight))
            .collect();
        assert_eq!(center, [(0, [1, 1]), (1, [1, 0]), (2, [0, 1]), (3, [0, 0])]);
        assert_eq!(controls.users[0].len(), 1);
    }

    #[test]
    fn users_are_the_weight_matrix_columns() {
        let (example, conv) = example("example = \"seed-padded\"\nstride = 2");
        let controls = draw(&example, &conv).unwrap().controls.unwrap();
        let matrix = conv.weight_positions();
        for (pixel, users) in controls.users.iter().enumerate() {
            let rows: Vec<usize> = users.iter().map(|u| u.output).collect();
            let expected: Vec<usize> = (0..matrix.nrows())
                .filter(|&r| matrix[[r, pixel]].is_some())
                .collect();
            assert_eq!(rows, expected, "pixel {pixel}");
        }
    }

    #[test]
    fn padding_taps_point_at_padded_cells() {
        let (example, conv) = example("example = \"seed-padded\"");
        let controls = draw(&example, &conv).unwrap().controls.unwrap();
        let first = &controls.terms[0];
        assert_eq!(first[0].pixel, None);
        assert_eq!(first[0].padded, [0, 0]);
        assert_eq!(first[4].pixel, Some([0, 0]));
        assert_eq!(first[4].padded, [1, 1]);
        assert_eq!(controls.padding, [1, 1]);
    }

    #[test]
    fn too_large_an_example_names_a_static_view() {
        let row = format!("[{}]", ["1"; 11].join(", "));
        let image = vec![row; 11].join(", ");
        let err = drawing(&format!("image = [{image}]\nfilter = [[1]]")).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("`interactive`"), "{message}");
        assert!(message.contains("11×11"), "{message}");
        assert!(message.contains("view = \"sections\""), "{message}");
        let big = "image = [[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]]\nfilter = [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]]";
        let message = drawing(big).unwrap_err().to_string();
        assert!(message.contains("30 weights"), "{message}");
    }

    #[test]
    fn several_channels_name_the_views_that_draw_them() {
        let body = "image = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]\nfilter = [[[1]], [[1]]]";
        let message = drawing(body).unwrap_err().to_string();
        assert!(
            message.contains("`interactive` view draws one gray image"),
            "{message}"
        );
    }

    #[test]
    fn the_summary_states_structure_not_values() {
        let (example, conv) = example("example = \"seed\"");
        let summary = draw(&example, &conv).unwrap().summary;
        assert!(summary.contains("all 4 outputs"), "{summary}");
        assert!(
            summary.contains("E is used by 4 outputs, A by 1 output"),
            "{summary}"
        );
    }
}
