//! The filter view: the weights α β γ δ, each in its shared-weight color,
//! and the bias b.

use crate::engine::{Convolution, limits};
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
    // Decided before any cell is built: a filter too large to write each
    // weight becomes a heat map, as a large image does.
    let labeled = cell >= grid::MIN_TEXT_CELL && limits::fits_figure(spec.filter.len());
    if labeled {
        items.extend(grid::cells([grid::MARGIN, top], cell, shape, |r, c| {
            let (symbol, value) =
                grid::content(example.show, &labels.filter[[r, c]], spec.filter[[r, c]]);
            (grid::weight_tone(shape.1, [r, c]), symbol, value)
        }));
    } else {
        items.extend(grid::heatmap(
            [grid::MARGIN, top],
            cell,
            Tone::Pixel,
            &spec.filter,
            grid::MAX_HEATMAP_SIDE,
        ));
    }
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
    items.push(grid::labeled_cell(
        [bias_x, middle - bias_cell / 2.0],
        bias_cell,
        Tone::Bias,
        (example.show, &labels.bias, spec.bias),
    ));
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
    if !labeled {
        summary.push_str(&grid::heatmap_note(
            "filter",
            &spec.filter,
            grid::MAX_HEATMAP_SIDE,
        ));
        summary.push_str(
            " Here the weights have no colors of their own: there are too many to tell apart.",
        );
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::{digits, drawing};

    #[test]
    fn a_filter_too_large_to_write_is_a_heat_map() {
        let body = format!(
            "image = {}\nfilter = {}",
            digits(100, 100),
            digits(100, 100)
        );
        let d = drawing(&body, View::Filter);
        let items = &d.figure.as_ref().unwrap().items;
        // The bias is the only cell; the weights are one heat map whose
        // squares each average a 2×2 block.
        let cells = items
            .iter()
            .filter(|i| matches!(i, Item::Cell { .. }))
            .count();
        assert_eq!(cells, 1);
        let squares: Vec<usize> = items
            .iter()
            .filter_map(|i| match i {
                Item::Heatmap { shades, .. } => Some(shades.len()),
                _ => None,
            })
            .collect();
        assert_eq!(squares, [50 * 50]);
        assert!(d.summary.contains("drawn as a heat map"), "{}", d.summary);
        assert!(d.summary.contains("mean of a 2×2 block"), "{}", d.summary);
        // The seed's filter keeps its colored cells.
        let seed = drawing("example = \"seed\"", View::Filter);
        assert!(!seed.summary.contains("heat map"));
    }
}
