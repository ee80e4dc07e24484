//! The image and its feature maps side by side, shaded at their real size:
//! the picture in gray, every feature map of the first convolution in a
//! diverging palette on one symmetric scale (0 neutral), with a legend for
//! each. What a reader sees of a real picture run through several filters.

use ndarray::Axis;

use crate::engine::Model;
use crate::figure::Figure;
use crate::kernels;
use crate::labels;
use crate::render::number;
use crate::text;
use crate::views::grid::{self, Scale};
use crate::words;

/// Most channels and feature maps drawn; the rest are counted in words.
pub const MAX_CHANNELS: usize = 4;
/// Most feature maps drawn.
pub const MAX_MAPS: usize = 8;
/// The side a picture is drawn at, whatever its size in pixels.
const PANEL: f64 = 112.0;
/// Widest the figure gets before panels wrap to a new row.
const MAX_WIDTH: f64 = 660.0;
/// Space between panels.
const GAP: f64 = 16.0;

/// The figure, and a sentence on what it leaves out (empty when nothing).
pub fn figure(model: &Model, view: &'static str) -> (Figure, String) {
    let first = model.network().first();
    let spec = first.spec();
    let (channels, rows, cols) = spec.image.dim();
    let output = first.output();
    let (filters, oh, ow) = output.dim();
    let cell = (PANEL / rows.max(cols) as f64).min(40.0);
    let image_scale = Scale::gray(spec.image.iter());
    let map_scale = Scale::diverging(output.iter());
    // Each panel: its title, its values and their scale.
    let mut panels: Vec<(String, ndarray::ArrayView2<'_, f64>, &Scale)> = Vec::new();
    for c in 0..channels.min(MAX_CHANNELS) {
        let title = if channels == 1 {
            "Image".to_string()
        } else {
            format!("Channel {}", labels::channel_name(c, channels))
        };
        panels.push((title, spec.image.index_axis(Axis(0), c), &image_scale));
    }
    for k in 0..filters.min(MAX_MAPS) {
        let name = (channels == 1)
            .then(|| kernels::which(spec.filters.slice(ndarray::s![k, 0, .., ..])))
            .flatten();
        let title = match name {
            Some(name) => name.to_string(),
            None if filters == 1 => "Feature map".to_string(),
            None => format!("Feature map {}", k + 1),
        };
        panels.push((title, output.index_axis(Axis(0), k), &map_scale));
    }
    let mut items = Vec::new();
    let (mut x, mut y) = (grid::MARGIN, grid::MARGIN);
    let (mut row_height, mut width) = (0.0f64, 0.0f64);
    for (title, values, scale) in panels {
        let (h, w) = values.dim();
        let size = [w as f64 * cell, h as f64 * cell];
        let panel_width = size[0].max(text::width(&title, text::HEADING_PX));
        if x > grid::MARGIN && x + panel_width > MAX_WIDTH - grid::MARGIN {
            x = grid::MARGIN;
            y += row_height + GAP;
            row_height = 0.0;
        }
        items.push(grid::heading([x, y], title));
        items.extend(grid::shaded([x, y + grid::HEADING], cell, values, scale));
        row_height = row_height.max(grid::HEADING + size[1]);
        width = width.max(x + panel_width);
        x += panel_width + GAP;
    }
    let legends_top = y + row_height + GAP;
    let (image_legend, image_size) = grid::legend(
        [grid::MARGIN, legends_top],
        &image_scale,
        if image_scale.low == 0.0 && image_scale.high == 1.0 {
            "Image: black 0 to white 1"
        } else {
            "Image: darkest to lightest"
        },
    );
    let map_x = grid::MARGIN + image_size[0] + 2.0 * GAP;
    let (map_legend, map_size) = grid::legend(
        [map_x, legends_top],
        &map_scale,
        "Feature maps: negative, 0, positive",
    );
    items.extend(image_legend);
    items.extend(map_legend);
    width = width.max(map_x + map_size[0]);
    let height = legends_top + image_size[1].max(map_size[1]) + grid::MARGIN;
    let left_out = left_out(channels, filters);
    let figure = Figure {
        view,
        title: format!(
            "The image and its {}",
            words::plural(filters, "feature map")
        ),
        desc: format!(
            "The {} image{} in gray from black ({}) to white ({}), then {} of {}, shaded from blue (negative, down to {}) through the background (0) to orange (positive, up to {}).{left_out}",
            grid::size((rows, cols)),
            if channels == 1 {
                String::new()
            } else {
                format!(", channel by channel ({channels} channels),")
            },
            number::display(image_scale.low),
            number::display(image_scale.high),
            words::plural(filters, "feature map"),
            grid::size((oh, ow)),
            number::display(map_scale.low),
            number::display(map_scale.high),
        ),
        size: [width + grid::MARGIN, height],
        items,
    };
    (figure, left_out)
}

/// " It draws the first 4 of 6 channels." and the like, or nothing.
fn left_out(channels: usize, filters: usize) -> String {
    let mut out = String::new();
    if channels > MAX_CHANNELS {
        out.push_str(&format!(
            " The figure draws the first {MAX_CHANNELS} of {channels} channels."
        ));
    }
    if filters > MAX_MAPS {
        out.push_str(&format!(
            " The figure draws the first {MAX_MAPS} of {filters} feature maps."
        ));
    }
    out
}
