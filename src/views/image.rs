//! The image view: the pixel grid A–I, with values.

use crate::engine::Convolution;
use crate::figure::{Drawing, Figure, Tone};
use crate::resolve::Example;
use crate::view::View;
use crate::views::grid;
use crate::words;

/// The input image as a grid of labeled pixels.
pub fn draw(example: &Example, _conv: &Convolution) -> Drawing {
    let image = &example.spec.image;
    let labels = &example.labels.image;
    let shape = image.dim();
    let cell = grid::cell_size(shape);
    let top = grid::MARGIN + grid::HEADING;
    let mut items = vec![grid::heading([grid::MARGIN, grid::MARGIN], "Image X")];
    let (grid_items, labeled) = grid::grid_or_heatmap(
        [grid::MARGIN, top],
        cell,
        Tone::Pixel,
        example.show,
        labels,
        image,
    );
    items.extend(grid_items);
    let bottom = top + shape.0 as f64 * cell;
    items.push(grid::note(
        [grid::MARGIN, bottom + 4.0],
        format!("{} pixels", grid::size(shape)),
    ));
    let width = (shape.1 as f64 * cell).max(110.0) + 2.0 * grid::MARGIN;
    let mut summary = format!(
        "The input image has {} pixels in {} rows and {} columns, named {} row by row.",
        image.len(),
        shape.0,
        shape.1,
        grid::span(labels)
    );
    if !labeled {
        summary.push_str(&grid::heatmap_note("image", image, grid::MAX_HEATMAP_SIDE));
    }
    let [pr, pc] = example.spec.padding;
    if pr + pc > 0 {
        summary.push_str(&format!(
            " The filter sees it with {} of zero padding added on every side.",
            if pr == pc {
                words::plural(pr, "ring")
            } else {
                format!(
                    "{} and {}",
                    words::plural(pr, "row"),
                    words::plural(pc, "column")
                )
            }
        ));
    }
    Drawing {
        view: View::Image.name(),
        summary,
        figure: Some(Figure {
            view: View::Image.name(),
            title: format!(
                "The input image: {} pixels, {}",
                grid::size(shape),
                grid::span(labels)
            ),
            desc: grid::describe(labels, image),
            size: [width, bottom + 4.0 + grid::NOTE + grid::MARGIN],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    }
}
