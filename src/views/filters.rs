//! The `filters` view: K filters give K feature maps. On top, the picture
//! papers draw (from [`stack`](super::stack)): the input and the feature
//! maps as stacks with depth, one pyramid per filter from the same window to
//! that filter's map. Under it, the numbers: one row per filter, its slices
//! (one per channel) and its own bias, and an arrow to its feature map.
//! Last, the layer's parameter count, `K·C·kh·kw + K`, computed.

use ndarray::{Axis, s};

use crate::engine::conv::Conv;
use crate::engine::{Model, Pair, limits};
use crate::error::ErrorKind;
use crate::figure::{Anchor, Drawing, Figure, Item, TextStyle, Tone};
use crate::labels;
use crate::render::number;
use crate::resolve::Example;
use crate::text::{self, HEADING_PX, NOTE_PX};
use crate::view::View;
use crate::views::cell_text::{Lines, ONE_LINE, longest};
use crate::views::grid;
use crate::views::panels::{MIN_CELL, Place, WIDTH, arrow, cell_frame, whole};
use crate::views::planes::{Maps, heat_note, operator};
use crate::views::stack::{self, TARGET};
use crate::words;

/// Most filter rows; past it only the first [`CUT_ROWS`] are drawn.
const MAX_ROWS: usize = 4;
const CUT_ROWS: usize = 3;
/// Most channel slices a row draws; past it the first [`CUT_SLICES`].
const MAX_SLICES: usize = 4;
const CUT_SLICES: usize = 3;
/// Largest cell of a filter slice, and of a feature map.
const MAX_CELL: f64 = 40.0;
/// Largest a feature map's cell grows so that its symbols stay legible.
const MAX_SYMBOL_CELL: f64 = 56.0;
/// Tallest a feature map of a row gets.
const MAX_MAP: f64 = 150.0;
/// Space between slices, around the `+`, and for the arrow.
const SLICE_GAP: f64 = 10.0;
const PLUS: f64 = 28.0;
const ARROW: f64 = 48.0;
/// Smallest bias cell.
const MIN_BIAS: f64 = 40.0;
/// Space above the rows, and between two rows.
const PART_GAP: f64 = 18.0;
const ROW_GAP: f64 = 14.0;
/// Height of the line of channel names over the slices.
const NAMES: f64 = 18.0;
/// Most heat-map squares along a side.
const MAX_SIDE: usize = 20;
/// Most first outputs the summary lists.
const MAX_LISTED: usize = 4;

/// Which filters and channels the rows draw, and their sizes.
struct Rows {
    filters: Vec<usize>,
    slices: Vec<usize>,
    /// Channels left out of each row ("+ 5 more").
    more: usize,
    kernel: Pair,
    out: Pair,
    /// Filter and map cell sides.
    fc: f64,
    mc: f64,
    /// Width of a slice's column: its grid, or its channel's name if wider.
    slot: f64,
    /// Text lines of the filter cells.
    slice_lines: Option<Lines>,
    maps: Maps,
    /// Whether channel names stand over the slices.
    names: bool,
    /// Whether the slices are heat maps: too many weights to draw one by
    /// one (decided from the sizes, before any cell is built).
    heat: bool,
}

impl Rows {
    fn new(example: &Example, conv: &Conv) -> Rows {
        let spec = conv.spec();
        let (k_count, channels) = (spec.filter_count(), spec.channels());
        let cut = |n: usize, max: usize, keep: usize| if n > max { keep } else { n };
        let filters: Vec<usize> = (0..cut(k_count, MAX_ROWS, CUT_ROWS)).collect();
        let slices: Vec<usize> = (0..cut(channels, MAX_SLICES, CUT_SLICES)).collect();
        let more = channels - slices.len();
        let heat = !limits::fits_figure(
            (filters.len() * slices.len()).saturating_mul(spec.kernel()[0] * spec.kernel()[1]),
        );
        let kernel = spec.kernel();
        let out = conv.geometry().output;
        let more_w = if more > 0 {
            text::width(&more_text(more), NOTE_PX) + SLICE_GAP
        } else {
            0.0
        };
        let units = (slices.len() * kernel[1]) as f64;
        let fixed = (slices.len() - 1) as f64 * SLICE_GAP + more_w + PLUS + MIN_BIAS + ARROW;
        let avail = WIDTH - 2.0 * grid::MARGIN - fixed;
        let layer = &example.layer_labels;
        // A map cell grows past MAX_CELL (as far as the row's height
        // allows) until the outputs' symbols, e.g. `y₂[1,1]`, are legible.
        let symbol = longest(layer.outputs.iter().map(|l| l.text.as_str()));
        let legible_cell = (symbol as f64 * text::MIN_PX / text::FIT).ceil();
        let map_max = MAX_CELL
            .max(legible_cell.min(MAX_SYMBOL_CELL))
            .min(MAX_MAP / out[0] as f64);
        // The slices get what the map leaves at its largest, but at most
        // half the row; the map gets the rest.
        let fc = whole(
            MAX_CELL
                .min((avail - out[1] as f64 * map_max) / units)
                .max((avail / 2.0 / units).min(MAX_CELL)),
        )
        .max(MIN_CELL);
        let names = channels > 1;
        let name_w = if names {
            slices
                .iter()
                .map(|&c| text::width(&channel_label(c, channels), NOTE_PX) + 4.0)
                .fold(0.0, f64::max)
        } else {
            0.0
        };
        let slot = (kernel[1] as f64 * fc).max(name_w);
        let slices_w = slices.len() as f64 * slot - (slices.len() * kernel[1]) as f64 * fc;
        let mc = whole(map_max.min((avail - units * fc - slices_w) / out[1] as f64)).max(MIN_CELL);
        let slice_lines = (fc >= ONE_LINE).then(|| {
            let symbol = longest(layer.filters.iter().map(|l| l.text.as_str()));
            let value = spec
                .filters
                .iter()
                .map(|&v| number::display(v).chars().count())
                .max()
                .unwrap_or(0);
            Lines::plan(example.show, fc, &[symbol], &[value])
        });
        let maps = Maps::plan(
            example.show,
            mc,
            out,
            filters
                .iter()
                .flat_map(|&k| layer.outputs.index_axis(Axis(0), k).into_iter()),
            filters
                .iter()
                .flat_map(|&k| conv.feature_map(k).into_iter()),
            MAX_SIDE,
        );
        Rows {
            filters,
            slices,
            more,
            kernel,
            out,
            fc,
            mc,
            slot,
            slice_lines,
            maps,
            names,
            heat,
        }
    }

    fn bias_side(&self) -> f64 {
        self.fc.max(MIN_BIAS)
    }

    /// Height of the row's content: slices, bias and map.
    fn content_h(&self) -> f64 {
        (self.kernel[0] as f64 * self.fc)
            .max(self.bias_side())
            .max(self.out[0] as f64 * self.mc)
    }

    /// Height of one row, its heading and names included.
    fn row_h(&self) -> f64 {
        grid::HEADING + if self.names { NAMES } else { 0.0 } + self.content_h()
    }

    /// Left edge of each slice, then of the `+`, the bias, and the map.
    fn xs(&self) -> (Vec<f64>, f64, f64, f64) {
        let mut x = grid::MARGIN;
        let mut slices = Vec::new();
        for _ in &self.slices {
            slices.push(x);
            x += self.slot + SLICE_GAP;
        }
        x -= SLICE_GAP;
        if self.more > 0 {
            x += SLICE_GAP + text::width(&more_text(self.more), NOTE_PX);
        }
        let plus = x + PLUS / 2.0;
        let bias = x + PLUS;
        let map = bias + self.bias_side() + ARROW;
        (slices, plus, bias, map)
    }

    /// Right edge of the rows.
    fn right(&self) -> f64 {
        let (_, _, _, map) = self.xs();
        map + self.out[1] as f64 * self.mc
    }
}

/// "channel R": the name over a filter's slice.
fn channel_label(c: usize, channels: usize) -> String {
    format!("channel {}", labels::channel_name(c, channels))
}

/// "+ 5 more": the channels a row leaves out.
fn more_text(more: usize) -> String {
    format!("+ {more} more")
}

/// One filter's row with its top at `top`.
fn row(example: &Example, conv: &Conv, rows: &Rows, k: usize, top: f64) -> Vec<Item> {
    let spec = conv.spec();
    let layer = &example.layer_labels;
    let channels = spec.channels();
    let (slice_xs, plus_x, bias_x, map_x) = rows.xs();
    let many = spec.filter_count() > 1;
    let mut items = vec![
        grid::heading(
            [grid::MARGIN, top],
            if many {
                format!("Filter {}", k + 1)
            } else {
                "The filter".to_string()
            },
        ),
        grid::heading(
            [map_x, top],
            if many {
                format!("Feature map {}", k + 1)
            } else {
                "Feature map".to_string()
            },
        ),
    ];
    let mut y = top + grid::HEADING;
    if rows.names {
        for (&c, &x) in rows.slices.iter().zip(&slice_xs) {
            items.push(Item::Text {
                at: [x, y + 13.0],
                text: channel_label(c, channels),
                style: TextStyle::Note,
                anchor: Anchor::Start,
                tone: Tone::Muted,
            });
        }
        y += NAMES;
    }
    let [kh, kw] = rows.kernel;
    for (&c, &x) in rows.slices.iter().zip(&slice_xs) {
        if rows.heat {
            let slice = spec.filters.slice(s![k, c, .., ..]).to_owned();
            items.extend(grid::heatmap(
                [x, y],
                rows.fc,
                Tone::Pixel,
                &slice,
                MAX_SIDE,
            ));
            continue;
        }
        items.extend(grid::cells([x, y], rows.fc, (kh, kw), |u, v| {
            let (symbol, value) = match rows.slice_lines {
                Some(lines) => lines.pick(
                    &[layer.filters[[k, c, u, v]].text.clone()],
                    &[number::display(spec.filters[[k, c, u, v]])],
                ),
                None => (None, None),
            };
            (grid::weight_tone(kw, [u, v]), symbol, value)
        }));
    }
    let middle = y + (kh as f64 * rows.fc).max(rows.bias_side()) / 2.0;
    if rows.more > 0 {
        let x = slice_xs.last().copied().unwrap_or(grid::MARGIN) + rows.slot;
        items.push(grid::note(
            [x + SLICE_GAP, middle - 12.0],
            more_text(rows.more),
        ));
    }
    items.push(operator(plus_x, middle, "+"));
    let side = rows.bias_side();
    items.push(grid::labeled_cell(
        [bias_x, middle - side / 2.0],
        side,
        Tone::Bias,
        (example.show, &layer.biases[k], spec.biases[k]),
    ));
    items.push(arrow(
        Place::new(bias_x + side + 6.0, middle),
        Place::new(map_x - 4.0, middle),
    ));
    let map_at = Place::new(map_x, y);
    items.extend(rows.maps.draw(
        map_at,
        Tone::Output,
        layer.outputs.index_axis(Axis(0), k),
        conv.feature_map(k),
    ));
    items.push(cell_frame(map_at.cell(TARGET, rows.mc), rows.mc));
    items
}

/// "K·C·kh·kw + K = 2·3·2·2 + 2 = 26": the parameter count, computed.
fn parameters(conv: &Conv) -> String {
    let spec = conv.spec();
    let [kh, kw] = spec.kernel();
    let (k, c) = (spec.filter_count(), spec.channels());
    let count = k * c * kh * kw + k;
    debug_assert_eq!(count, spec.parameter_count());
    format!(
        "K·C·kh·kw + K = {k}·{c}·{kh}·{kw} + {k} = {}",
        words::count(count)
    )
}

/// The filters, their feature maps, and the parameter count.
pub fn draw(example: &Example, model: &Model) -> Result<Drawing, ErrorKind> {
    let conv = model.network().first();
    let spec = conv.spec();
    let heading = if spec.filter_count() > 1 {
        format!(
            "{} filters, {} feature maps",
            spec.filter_count(),
            spec.filter_count()
        )
    } else {
        "One filter, one feature map".to_string()
    };
    let mut items = vec![grid::heading([grid::MARGIN, grid::MARGIN], heading.clone())];
    let picture = stack::picture(example, conv, grid::MARGIN + grid::HEADING);
    items.extend(picture.items);
    let rows = Rows::new(example, conv);
    let mut top = picture.bottom + PART_GAP;
    for &k in &rows.filters {
        items.extend(row(example, conv, &rows, k, top));
        top += rows.row_h() + ROW_GAP;
    }
    let mut notes = Vec::new();
    if rows.filters.len() < spec.filter_count() {
        notes.push(format!(
            "The first {} of {} filters; the stack above shows every feature map.",
            rows.filters.len(),
            spec.filter_count()
        ));
    }
    if rows.maps.heat() {
        notes.push("Darker means larger, on one scale for every map.".to_string());
    }
    notes.push(format!(
        "Parameters: {} weights and {}: {}.",
        words::count(spec.filters.len()),
        words::plural(spec.filter_count(), "bias"),
        parameters(conv)
    ));
    let mut y = top - ROW_GAP + 4.0;
    let mut right = picture
        .right
        .max(rows.right())
        .max(grid::MARGIN + text::width(&heading, HEADING_PX));
    for note in notes {
        right = right.max(grid::MARGIN + text::width(&note, NOTE_PX));
        items.push(grid::note([grid::MARGIN, y], note));
        y += grid::NOTE;
    }
    Ok(Drawing {
        view: View::Filters.name(),
        summary: summary(example, conv, &rows),
        figure: Some(Figure {
            view: View::Filters.name(),
            title: format!(
                "{} over the input give {}",
                words::plural(spec.filter_count(), "filter"),
                words::plural(spec.filter_count(), "feature map")
            ),
            desc: describe(example, conv, &rows, &picture.notes),
            size: [right + grid::MARGIN, y + grid::MARGIN],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    })
}

/// "P₁ = 4, P₂ = −1": the first output of each map, for the first few.
fn first_outputs(example: &Example, conv: &Conv) -> String {
    let k_count = conv.spec().filter_count();
    let listed: Vec<String> = (0..k_count.min(MAX_LISTED))
        .map(|k| {
            format!(
                "{} = {}",
                example.layer_labels.outputs[[k, TARGET[0], TARGET[1]]].text,
                number::display(conv.output()[[k, TARGET[0], TARGET[1]]])
            )
        })
        .collect();
    let mut parts = listed;
    if k_count > MAX_LISTED {
        parts.push(format!("{} more", k_count - MAX_LISTED));
    }
    words::join_and(&parts)
}

/// The figure's description: the picture, then each row in words.
fn describe(example: &Example, conv: &Conv, rows: &Rows, notes: &[String]) -> String {
    let layer = &example.layer_labels;
    let spec = conv.spec();
    let each: Vec<String> = rows
        .filters
        .iter()
        .map(|&k| {
            format!(
                "Filter {}: {} slices and bias {} = {}; its map: {}",
                k + 1,
                grid::size_of(spec.kernel()),
                layer.biases[k].text,
                number::display(spec.biases[k]),
                grid::describe(
                    &layer.outputs.index_axis(Axis(0), k).to_owned(),
                    &conv.feature_map(k).to_owned()
                )
            )
        })
        .collect();
    format!(
        "Top: the input as a stack of its channels and the feature maps as a stack, one per filter, with one translucent pyramid per filter from the first window on the input to the first cell of that filter's map ({}). Below, one row per filter{}: its weights, one grid per channel, plus its bias, and an arrow to its feature map. {}",
        notes.join("; "),
        if rows.filters.len() < spec.filter_count() {
            format!(
                " (the first {} of {})",
                rows.filters.len(),
                spec.filter_count()
            )
        } else {
            String::new()
        },
        each.join(" ")
    )
}

/// The view in words, from the numbers.
fn summary(example: &Example, conv: &Conv, rows: &Rows) -> String {
    let spec = conv.spec();
    let (k, c) = (spec.filter_count(), spec.channels());
    let kernel = grid::size_of(spec.kernel());
    let out = grid::size_of(conv.geometry().output);
    let image = grid::size_of(conv.geometry().image);
    let mut s = if k == 1 {
        format!(
            "This layer has one filter, so it gives one {out} feature map; with `filters = [F, …]` each further filter adds a map of its own."
        )
    } else {
        format!(
            "{k} filters, each with its own weights and its own bias, slide over the same {image} input, and each gives its own {out} feature map: {k} maps in all. The same window gives one number in each map: for the first window, {}. Stacked, the maps are the layer's output, {k} channels deep, and the next layer reads them as an image with {k} channels.",
            first_outputs(example, conv)
        )
    };
    if c > 1 {
        s.push_str(&format!(
            " Each filter is {c} deep, one {kernel} slice per input channel, and adds its channels up as the channels view shows."
        ));
    }
    s.push_str(&format!(
        " The layer has {} parameters: {} weights and {}.",
        parameters(conv),
        words::count(spec.filters.len()),
        words::plural(k, "bias")
    ));
    if spec.kernel() == [1, 1] {
        s.push_str(&format!(
            " With 1×1 filters each output pixel depends on one input pixel only: it is the {k}×{c} weight matrix (one row per filter, one column per channel) times that pixel's {} plus the {}, a dense layer applied to every pixel.",
            words::plural(c, "channel value"),
            words::plural(k, "bias")
        ));
    }
    if rows.filters.len() < k {
        s.push_str(&format!(
            " Only the first {} filters are written out with their numbers; the stack shows all {k} maps.",
            rows.filters.len()
        ));
    }
    if rows.maps.heat() {
        s.push_str(&heat_note(&rows.maps, rows.out, "feature maps"));
    }
    if rows.heat {
        let [kh, kw] = rows.kernel;
        let block = kh.max(kw).div_ceil(MAX_SIDE);
        s.push_str(&format!(
            " The filters have too many weights to write each one ({} in every slice), so each slice is drawn as a heat map of its own: darker means larger{}.",
            words::count(kh * kw),
            if block > 1 {
                format!(", each square the mean of a {block}×{block} block of weights")
            } else {
                String::new()
            }
        ));
    }
    if rows.more > 0 {
        s.push_str(&format!(
            " Each row shows the weights of the first {} of the {c} channels.",
            rows.slices.len()
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::planes::testing::{large_image, texts};
    use crate::views::testing::model;

    const TWO: &str = "image = [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]\nfilters = [[[1, -1], [1, -1]], [[1, 1], [-1, -1]]]\nbiases = [0, 1]";

    fn drawing(body: &str) -> Drawing {
        let (example, model) = model(body);
        draw(&example, &model).unwrap()
    }

    #[test]
    fn two_filters_give_two_maps_with_the_engines_numbers() {
        let (example, model) = model(TWO);
        let d = draw(&example, &model).unwrap();
        let conv = model.network().first();
        let drawn = texts(&d);
        // Every output's symbol (`y₂[1,1]`) above its number, map by map,
        // in order.
        let mut rest = drawn.iter();
        for k in 0..2 {
            let labels = example.layer_labels.outputs.index_axis(Axis(0), k);
            for (label, v) in labels.iter().zip(conv.feature_map(k).iter()) {
                let v = number::display(*v);
                assert!(rest.any(|t| *t == label.text), "{} is drawn", label.text);
                assert_eq!(rest.next(), Some(&v), "{} = {v}", label.text);
            }
        }
        assert!(drawn.iter().any(|t| t == "Feature map 2"));
        assert!(drawn.iter().any(|t| t == "b₂"));
        assert!(
            d.summary
                .contains("K·C·kh·kw + K = 2·1·2·2 + 2 = 10 parameters: 8 weights and 2 biases"),
            "{}",
            d.summary
        );
        let first = |k: usize| {
            format!(
                "{} = {}",
                example.layer_labels.outputs[[k, 0, 0]].text,
                number::display(conv.output()[[k, 0, 0]])
            )
        };
        let both = format!("{} and {}", first(0), first(1));
        assert!(d.summary.contains(&both), "{both} in {}", d.summary);
        assert!(d.figure.as_ref().unwrap().size[0] <= WIDTH);
    }

    #[test]
    fn one_by_one_filters_are_a_dense_layer_per_pixel() {
        let d = drawing(
            "image = [[[1, 2], [3, 4]], [[0, 1], [1, 0]], [[2, 2], [1, 1]]]\nfilters = [[[[1]], [[2]], [[3]]], [[[0]], [[1]], [[-1]]]]\nbiases = [1, -1]",
        );
        assert!(d.summary.contains("the 2×3 weight matrix"), "{}", d.summary);
        assert!(d.summary.contains("2·3·1·1 + 2 = 8"));
        let texts = texts(&d);
        assert!(texts.iter().any(|t| t == "channel G"));
        assert!(texts.iter().any(|t| t == "α₂ᴮ"), "{texts:?}");
    }

    #[test]
    fn one_filter_still_draws() {
        let d = drawing("example = \"seed\"");
        assert!(d.summary.starts_with("This layer has one filter"));
        assert!(d.summary.contains("1·1·2·2 + 1 = 5 parameters"));
    }

    #[test]
    fn eight_filters_over_a_large_rgb_image_stay_small() {
        let slice = "[[1, 0, -1], [2, 0, -2], [1, 0, -1]]";
        let filter = format!("[{}]", [slice; 3].join(", "));
        let filters = vec![filter; 8].join(", ");
        let d = drawing(&format!("{}\nfilters = [{filters}]", large_image(3)));
        let texts = texts(&d);
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("The first 3 of 8 filters"))
        );
        assert!(d.summary.contains("8·3·3·3 + 8 = 224 parameters"));
        assert!(d.summary.contains("heat maps"));
        let figure = d.figure.as_ref().unwrap();
        assert!(figure.size[0] <= WIDTH, "{:?}", figure.size);
        let svg = crate::render::svg::render(figure, "t");
        assert!(svg.len() < 200_000, "{} bytes", svg.len());
    }

    #[test]
    fn slices_past_the_budget_are_heat_maps() {
        // Two filters of 2 channels of 33×33: 4,356 weights drawn.
        let image = crate::views::testing::digits(40, 40);
        let slice = crate::views::testing::digits(33, 33);
        let filter = format!("[{slice}, {slice}]");
        let body = format!("image = [{image}, {image}]\nfilters = [{filter}, {filter}]");
        let d = drawing(&body);
        let items = &d.figure.as_ref().unwrap().items;
        let weight_cells = crate::views::testing::weight_cells(items);
        assert_eq!(weight_cells, 0);
        let heat: Vec<usize> = items
            .iter()
            .filter_map(|i| match i {
                Item::Heatmap { shades, .. } => Some(shades.len()),
                _ => None,
            })
            .collect();
        // Four slices, each 17×17 squares of 2×2 blocks (at most 20 a side).
        assert_eq!(heat.iter().filter(|&&n| n == 289).count(), 4, "{heat:?}");
        assert!(d.summary.contains("(1089 in every slice)"), "{}", d.summary);
        assert!(
            d.summary.contains("the mean of a 2×2 block"),
            "{}",
            d.summary
        );
    }
}
