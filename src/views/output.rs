//! The output view: the results P Q R S, and how many times the filter fits.

use crate::engine::Convolution;
use crate::figure::{Drawing, Figure, Tone};
use crate::resolve::Example;
use crate::view::View;
use crate::views::grid;
use crate::words;

/// The output grid, with a sentence that counts the filter's positions.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let labels = &example.labels.output;
    let output = conv.output();
    let shape = output.dim();
    let cell = grid::cell_size(shape);
    let top = grid::MARGIN + grid::HEADING;
    let mut items = vec![grid::heading([grid::MARGIN, grid::MARGIN], "Output Y")];
    let (grid_items, labeled) = grid::grid_or_heatmap(
        [grid::MARGIN, top],
        cell,
        Tone::Output,
        example.show,
        labels,
        output,
    );
    items.extend(grid_items);
    let bottom = top + shape.0 as f64 * cell;
    items.push(grid::note(
        [grid::MARGIN, bottom + 4.0],
        format!("{} outputs", grid::size(shape)),
    ));
    Drawing {
        view: View::Output.name(),
        summary: if labeled {
            fits_sentence(example, conv)
        } else {
            fits_sentence(example, conv)
                + &grid::heatmap_note("output", output, grid::MAX_HEATMAP_SIDE)
        },
        figure: Some(Figure {
            view: View::Output.name(),
            title: format!(
                "The output: {} results, {}",
                grid::size(shape),
                grid::span(labels)
            ),
            desc: grid::describe(labels, output),
            size: [
                (shape.1 as f64 * cell).max(110.0) + 2.0 * grid::MARGIN,
                bottom + 4.0 + grid::NOTE + grid::MARGIN,
            ],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    }
}

/// "The 2×2 filter fits in the 3×3 image 4 times (2 positions down × 2
/// across), so the output is 2×2: P to S." Computed from the engine.
pub fn fits_sentence(example: &Example, conv: &Convolution) -> String {
    let spec = &example.spec;
    let out = conv.output_shape();
    let padded = spec.padded_shape();
    let image = if spec.padding == [0, 0] {
        format!("the {} image", grid::size(spec.image.dim()))
    } else {
        format!(
            "the zero-padded {} image",
            grid::size((padded[0], padded[1]))
        )
    };
    let filter = if spec.dilation == [1, 1] {
        format!("{} filter", grid::size(spec.filter.dim()))
    } else {
        let reach = spec.reach();
        format!(
            "{} filter (dilated to span {})",
            grid::size(spec.filter.dim()),
            grid::size((reach[0], reach[1]))
        )
    };
    let mut sentence = format!(
        "The {filter} fits in {image} {} ({} down × {} across{}), so the output is {}: {}.",
        words::times(out[0] * out[1]),
        words::plural(out[0], "position"),
        out[1],
        if spec.stride == [1, 1] {
            String::new()
        } else {
            format!(
                ", moving {} down and {} across",
                spec.stride[0], spec.stride[1]
            )
        },
        grid::size((out[0], out[1])),
        grid::span(&example.labels.output),
    );
    let reached = conv.reached();
    let missed = [padded[0] - reached[0], padded[1] - reached[1]];
    if missed != [0, 0] {
        let mut parts = Vec::new();
        for (n, noun) in [(missed[0], "row"), (missed[1], "column")] {
            match n {
                0 => {}
                1 => parts.push(format!("the last {noun}")),
                _ => parts.push(format!("the last {n} {noun}s")),
            }
        }
        sentence.push_str(&format!(
            " The stride does not divide evenly: no window reaches {} of the padded image.",
            parts.join(" or ")
        ));
    }
    sentence
}
