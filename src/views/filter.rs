//! The filter view: the weights α β γ δ, each in its shared-weight color,
//! and the bias b.

use crate::engine::Convolution;
use crate::figure::{Anchor, Drawing, Figure, Item, TextStyle, Tone};
use crate::render::number;
use crate::resolve::Example;
use crate::view::View;
use crate::views::grid;
use crate::words;

/// The filter's weights as a colored grid, plus the bias.
pub fn draw(example: &Example, _conv: &Convolution) -> Drawing {
    let spec = &example.spec;
    let labels = &example.labels;
    let shape = spec.filter.dim();
    let cell = grid::cell_size(shape).min(grid::cell_size((3, 3)));
    let top = grid::MARGIN + grid::HEADING;
    let grid_w = shape.1 as f64 * cell;
    let grid_h = shape.0 as f64 * cell;
    let mut items = vec![grid::heading([grid::MARGIN, grid::MARGIN], "Filter W")];
    items.extend(grid::cells([grid::MARGIN, top], cell, shape, |r, c| {
        let (symbol, value) =
            grid::content(example.show, &labels.filter[[r, c]], spec.filter[[r, c]]);
        (grid::weight_tone(shape.1, [r, c]), symbol, value)
    }));
    // "+ b", vertically centered on the grid.
    let plus_x = grid::MARGIN + grid_w + 28.0;
    let middle = top + grid_h / 2.0;
    let bias_cell = 64.0_f64.min(cell.max(48.0));
    let bias_x = plus_x + 28.0;
    items.push(Item::Text {
        at: [plus_x, middle + 8.0],
        text: "+".into(),
        style: TextStyle::Operator,
        anchor: Anchor::Middle,
        tone: Tone::Ink,
    });
    items.push(grid::heading([bias_x, grid::MARGIN], "Bias"));
    let (symbol, value) = grid::content(example.show, &labels.bias, spec.bias);
    items.push(Item::Cell {
        at: [bias_x, middle - bias_cell / 2.0],
        size: bias_cell,
        tone: Tone::Bias,
        symbol,
        value,
    });
    let bottom = top + grid_h.max(bias_cell);
    items.push(grid::note(
        [grid::MARGIN, bottom + 4.0],
        format!("{} weights + 1 bias", grid::size(shape)),
    ));
    let mut summary = format!(
        "The filter has {} weights, {}, and one bias {}. The same {} numbers are used wherever the filter is applied: they are shared weights, and each keeps its color in every figure.",
        spec.filter.len(),
        grid::span(&labels.filter),
        labels.bias.text,
        spec.filter.len() + 1,
    );
    if spec.stride != [1, 1] {
        summary.push_str(&format!(
            " It moves {} down and {} across between applications (stride).",
            words::plural(spec.stride[0], "pixel"),
            words::plural(spec.stride[1], "pixel")
        ));
    }
    if spec.dilation != [1, 1] {
        summary.push_str(&format!(
            " Its taps are spread {} apart down and {} apart across (dilation).",
            words::plural(spec.dilation[0], "pixel"),
            words::plural(spec.dilation[1], "pixel")
        ));
    }
    Drawing {
        view: View::Filter.name(),
        summary,
        figure: Some(Figure {
            view: View::Filter.name(),
            title: format!(
                "The filter: {} weights {} and bias {}",
                grid::size(shape),
                grid::span(&labels.filter),
                labels.bias.text
            ),
            desc: format!(
                "{} Bias: {} = {}.",
                grid::describe(&labels.filter, &spec.filter),
                labels.bias.text,
                number::display(spec.bias)
            ),
            size: [
                bias_x + bias_cell.max(40.0) + grid::MARGIN,
                bottom + 4.0 + grid::NOTE + grid::MARGIN,
            ],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    }
}
