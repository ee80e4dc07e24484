//! The `channels` view: how the channels of one filter add up. One row per
//! channel: that channel's image with the first output's window, each cell
//! in its weight's color (the section panel of part 1, with the channel's
//! own slice of the filter), and an arrow to that channel's partial sums.
//! The partial-sum maps stand in a column like a written addition; the bias
//! goes under them, and under the rule is their sum: the output. This is the
//! 3-D convolution, made visible as a sum of 2-D ones.

use ndarray::Axis;

use crate::engine::conv::Conv;
use crate::engine::{Convolution, Model, Pair, Source, limits};
use crate::error::ErrorKind;
use crate::figure::{Anchor, Drawing, Figure, Item, TextStyle, Tone};
use crate::labels;
use crate::render::number;
use crate::resolve::Example;
use crate::text::{self, HEADING_PX, NOTE_PX};
use crate::view::View;
use crate::views::cell_text::ONE_LINE;
use crate::views::grid;
use crate::views::panels::{
    MIN_CELL, PaddedImage, Place, WIDTH, Window, arrow, cell_frame, covered_inputs, extent, rule,
    shade_windows, shaded_note, whole,
};
use crate::views::planes::{self, Maps, operator, partial_labels, plane_example, signed_sum};
use crate::words;

/// The filter drawn: the first (the `filters` view draws them all).
const FILTER: usize = 0;
/// The output whose windows are drawn: the first.
const TARGET: Pair = [0, 0];
/// Most channel rows; past it only the first [`CUT_ROWS`] are drawn.
const MAX_ROWS: usize = 4;
const CUT_ROWS: usize = 3;
/// Largest cell side.
const MAX_CELL: f64 = 48.0;
/// Tallest an image panel gets.
const MAX_PANEL: f64 = 150.0;
/// Room for the arrow from an image to its partial sums.
const ARROW: f64 = 48.0;
/// Space between rows: room for the `+` between two maps.
const GAP_Y: f64 = 30.0;
/// Smallest bias cell: large enough for its symbol above its value.
const MIN_BIAS: f64 = 40.0;
/// Most images drawn cell by cell; larger ones are lattices.
const MAX_DETAILED: usize = 64;
/// Most heat-map squares along a side.
const MAX_SIDE: usize = 16;
/// Most partial sums the equation under the figure spells out.
const MAX_SPELLED: usize = 4;

/// One channel's part: its example (symbols marked with the channel) and
/// its plane, computed by the engine without the bias.
struct Row {
    channel: usize,
    example: Example,
    plane: Convolution,
}

/// Where the parts go.
struct Layout {
    cell: f64,
    padded: Pair,
    out: Pair,
    label_w: f64,
    lattice: bool,
    window: Window,
    rows: usize,
    /// Whether each window is shaded as a whole (too many taps to draw).
    shaded: bool,
}

impl Layout {
    fn new(example: &Example, conv: &Conv, rows: &[Row]) -> Layout {
        let channels = conv.spec().channels();
        let label_w = rows
            .iter()
            .map(|r| text::width(&labels::channel_name(r.channel, channels), HEADING_PX))
            .fold(0.0, f64::max)
            + 12.0;
        let padded = example.spec.padded_shape();
        let out = conv.geometry().output;
        let avail = WIDTH - 2.0 * grid::MARGIN - label_w - ARROW;
        let cell = whole(
            (avail / (padded[1] + out[1]) as f64)
                .min(MAX_PANEL / padded[0] as f64)
                .min(MAX_CELL),
        )
        .max(MIN_CELL);
        let first = &rows[0];
        let window = Window::of(&first.example.spec, first.plane.terms(TARGET));
        Layout {
            cell,
            padded,
            out,
            label_w,
            lattice: cell < ONE_LINE || padded[0] * padded[1] > MAX_DETAILED,
            window,
            rows: rows.len(),
            shaded: shade_windows(rows.len(), example.spec.filter.len()),
        }
    }

    fn image_x(&self) -> f64 {
        grid::MARGIN + self.label_w
    }

    fn map_x(&self) -> f64 {
        self.image_x() + self.padded[1] as f64 * self.cell + ARROW
    }

    /// How far below its image a map starts: its first cell level with the
    /// window's middle.
    fn shift(&self) -> f64 {
        (self.window.middle(self.cell) - self.cell / 2.0).max(0.0)
    }

    fn map_size(&self) -> [f64; 2] {
        extent(self.out, self.cell)
    }

    fn row_h(&self) -> f64 {
        (self.padded[0] as f64 * self.cell).max(self.shift() + self.map_size()[1])
    }

    fn top(&self) -> f64 {
        grid::MARGIN + grid::HEADING
    }

    fn row_top(&self, i: usize) -> f64 {
        self.top() + i as f64 * (self.row_h() + GAP_Y)
    }

    fn map_at(&self, i: usize) -> Place {
        Place::new(self.map_x(), self.row_top(i) + self.shift())
    }

    /// The bottom of the last row's map.
    fn maps_bottom(&self) -> f64 {
        self.map_at(self.rows - 1).y + self.map_size()[1]
    }
}

/// The rows of the channels drawn: all, or the first few of many.
fn rows(example: &Example, conv: &Conv) -> Vec<Row> {
    let channels = conv.spec().channels();
    let shown = if channels > MAX_ROWS {
        CUT_ROWS
    } else {
        channels
    };
    (0..shown)
        .map(|c| {
            let plane = conv.plane(FILTER, c, 0.0);
            let example = plane_example(
                example,
                &plane,
                [FILTER, c],
                partial_labels(example, FILTER, c),
            );
            Row {
                channel: c,
                example,
                plane,
            }
        })
        .collect()
}

/// One channel's row: its name, its image with the window, the arrow and
/// its partial sums.
fn row_items(
    lay: &Layout,
    row: &Row,
    i: usize,
    [pixels, maps]: [&Maps; 2],
    channels: usize,
) -> Vec<Item> {
    let top = lay.row_top(i);
    let image_at = Place::new(lay.image_x(), top);
    let image = PaddedImage::new(&row.example, &row.example.spec, image_at, lay.cell)
        .lattice(lay.lattice)
        .shaded_window(lay.shaded);
    let terms = row.plane.terms(TARGET);
    let mut items = if lay.lattice {
        // A lattice shows no pixel: shade them, under the window.
        let mut items = image.draw(&[]);
        let [pr, pc] = row.example.spec.padding;
        items.extend(pixels.draw(
            image_at.cell([pr, pc], lay.cell),
            Tone::Pixel,
            row.example.labels.image.view(),
            row.example.spec.image.view(),
        ));
        items.extend(image.window(terms));
        items
    } else {
        image.draw(terms)
    };
    let middle = top + lay.window.middle(lay.cell);
    items.push(Item::Text {
        at: [grid::MARGIN, middle + HEADING_PX * 0.35],
        text: labels::channel_name(row.channel, channels),
        style: TextStyle::Heading,
        anchor: Anchor::Start,
        tone: Tone::Ink,
    });
    let grid_right = lay.map_x() - ARROW;
    items.push(arrow(
        Place::new(grid_right + 5.0, middle),
        Place::new(lay.map_x() - 4.0, middle),
    ));
    let map_at = lay.map_at(i);
    items.extend(maps.draw(
        map_at,
        Tone::Output,
        row.example.labels.output.view(),
        row.plane.output().view(),
    ));
    items.push(cell_frame(map_at.cell(TARGET, lay.cell), lay.cell));
    items
}

/// The equation of the first output: `P = Pᴿ + Pᴳ + Pᴮ + b = 3 + 2 − 1 + 1
/// = 5`, or its partial sums counted when there are many.
fn equation(example: &Example, conv: &Conv) -> String {
    let layer = &example.layer_labels;
    let channels = conv.spec().channels();
    let output = &layer.outputs[[FILTER, TARGET[0], TARGET[1]]].text;
    let bias = &layer.biases[FILTER].text;
    let value = number::display(conv.output()[[FILTER, TARGET[0], TARGET[1]]]);
    if channels > MAX_SPELLED {
        return format!("{output} = the sum of {channels} partial sums + {bias} = {value}");
    }
    let mut symbols: Vec<String> = (0..channels)
        .map(|c| partial_labels(example, FILTER, c)[TARGET].text.clone())
        .collect();
    symbols.push(bias.clone());
    let mut values: Vec<f64> = (0..channels)
        .map(|c| conv.partial_sum(FILTER, c, TARGET))
        .collect();
    values.push(conv.spec().biases[FILTER]);
    format!(
        "{output} = {} = {} = {value}",
        symbols.join(" + "),
        signed_sum(&values)
    )
}

/// Under the maps: a `+`, the bias cell, the rule, and the output map.
/// Returns the items and the bottom of the output map.
fn sum_items(example: &Example, conv: &Conv, lay: &Layout, cut: usize) -> (Vec<Item>, f64) {
    let map_x = lay.map_x();
    let [map_w, map_h] = lay.map_size();
    let plus_x = map_x + map_w.max(MIN_BIAS) / 2.0;
    let mut y = lay.maps_bottom();
    let mut items = Vec::new();
    if cut > 0 {
        items.push(operator(plus_x, y + GAP_Y / 2.0, "+"));
        y += GAP_Y;
        items.push(grid::note(
            [map_x, y - 6.0],
            format!("the partial sums of {}", words::plural(cut, "more channel")),
        ));
        y += grid::NOTE - 6.0;
    }
    items.push(operator(plus_x, y + GAP_Y / 2.0, "+"));
    y += GAP_Y;
    let bias_side = lay.cell.max(MIN_BIAS);
    let layer = &example.layer_labels;
    let bias = conv.spec().biases[FILTER];
    items.push(grid::labeled_cell(
        [map_x, y],
        bias_side,
        Tone::Bias,
        (example.show, &layer.biases[FILTER], bias),
    ));
    items.push(Item::Text {
        at: [map_x + bias_side + 8.0, y + bias_side / 2.0 + 5.0],
        text: "added to every output".to_string(),
        style: TextStyle::Note,
        anchor: Anchor::Start,
        tone: Tone::Muted,
    });
    y += bias_side + 8.0;
    let rule_w = map_w.max(bias_side) + 16.0;
    items.push(rule(
        Place::new(map_x - 8.0, y),
        Place::new(map_x - 8.0 + rule_w, y),
        2.0,
    ));
    y += 8.0;
    let out_at = Place::new(map_x, y);
    let maps = output_maps(example, conv, lay);
    items.push(Item::Text {
        at: [map_x - 12.0, y + lay.cell.min(map_h) / 2.0 + 5.0],
        text: "the output".to_string(),
        style: TextStyle::Heading,
        anchor: Anchor::End,
        tone: Tone::Ink,
    });
    items.extend(maps.draw(
        out_at,
        Tone::Output,
        layer.outputs.index_axis(Axis(0), FILTER),
        conv.feature_map(FILTER),
    ));
    items.push(cell_frame(out_at.cell(TARGET, lay.cell), lay.cell));
    (items, y + map_h)
}

/// How the partial-sum maps are drawn: one plan and one scale for all.
fn partial_maps(example: &Example, lay: &Layout, rows: &[Row]) -> Maps {
    Maps::plan(
        example.show,
        lay.cell,
        lay.out,
        rows.iter().flat_map(|r| r.example.labels.output.iter()),
        rows.iter().flat_map(|r| r.plane.output().iter()),
        MAX_SIDE,
    )
}

/// How the output map is drawn.
fn output_maps(example: &Example, conv: &Conv, lay: &Layout) -> Maps {
    Maps::plan(
        example.show,
        lay.cell,
        lay.out,
        example
            .layer_labels
            .outputs
            .index_axis(Axis(0), FILTER)
            .into_iter(),
        conv.feature_map(FILTER).into_iter(),
        MAX_SIDE,
    )
}

/// One filter over its channels, one row each, and the sum of the rows.
pub fn draw(example: &Example, model: &Model) -> Result<Drawing, ErrorKind> {
    let conv = model.network().first();
    let channels = conv.spec().channels();
    let rows = rows(example, conv);
    // A channel's partial sum may overflow where the whole sum does not.
    for row in &rows {
        limits::check_finite(row.plane.output(), |_| String::new(), "").map_err(|e| {
            ErrorKind::CannotDraw {
                view: View::Channels.name(),
                why: format!(
                    "the partial sum of channel {} is {}, past the largest number there is",
                    row.channel + 1,
                    e.value
                ),
                instead: "the `filters` view draws the whole sums",
            }
        })?;
    }
    let cut = channels - rows.len();
    let lay = Layout::new(example, conv, &rows);
    let heading = heading(conv);
    let mut items = vec![grid::heading([grid::MARGIN, grid::MARGIN], heading.clone())];
    let maps = partial_maps(example, &lay, &rows);
    let pixels = Maps::shaded(lay.cell, conv.spec().image.iter(), MAX_SIDE);
    for (i, row) in rows.iter().enumerate() {
        items.extend(row_items(&lay, row, i, [&pixels, &maps], channels));
        if i + 1 < rows.len() {
            let x = lay.map_x() + lay.map_size()[0].max(MIN_BIAS) / 2.0;
            let y = (lay.map_at(i).y + lay.map_size()[1] + lay.map_at(i + 1).y) / 2.0;
            items.push(operator(x, y, "+"));
        }
    }
    let (sum, bottom) = sum_items(example, conv, &lay, cut);
    items.extend(sum);
    let equation = equation(example, conv);
    let mut notes = vec![equation.clone()];
    if cut > 0 {
        notes.push(format!(
            "The first {} of {} channels are drawn.",
            rows.len(),
            channels
        ));
    }
    if maps.heat() {
        notes.push("Darker means larger; the partial sums share one scale.".to_string());
    }
    let mut y = bottom + 6.0;
    let mut right = lay.map_x()
        + lay.map_size()[0].max(MIN_BIAS + 8.0 + text::width("added to every output", NOTE_PX));
    right = right.max(grid::MARGIN + text::width(&heading, HEADING_PX));
    for note in notes {
        right = right.max(grid::MARGIN + text::width(&note, NOTE_PX));
        items.push(grid::note([grid::MARGIN, y], note));
        y += grid::NOTE;
    }
    let title = format!(
        "One {} filter over the {} channels of the image: a partial sum per channel, added up with the bias",
        grid::size_of(conv.spec().kernel()),
        channels
    );
    Ok(Drawing {
        view: View::Channels.name(),
        summary: summary(example, conv, &rows, &maps, cut),
        figure: Some(Figure {
            view: View::Channels.name(),
            title,
            desc: describe(conv, &rows, &equation),
            size: [right + grid::MARGIN, y + grid::MARGIN],
            items,
        }),
        math: None,
        controls: None,
        code: None,
    })
}

/// "Filter 1 of 2 over the R, G and B channels".
fn heading(conv: &Conv) -> String {
    let channels = conv.spec().channels();
    let filters = conv.spec().filter_count();
    let which = if filters > 1 {
        format!("Filter 1 of {filters}")
    } else {
        "The filter".to_string()
    };
    if channels == 1 {
        format!("{which} over the image's one channel")
    } else if channels <= MAX_SPELLED {
        let names: Vec<String> = (0..channels)
            .map(|c| labels::channel_name(c, channels))
            .collect();
        format!("{which} over the {} channels", words::join_and(&names))
    } else {
        format!("{which} over {channels} channels")
    }
}

/// The figure's description: each row in words, then the sum.
fn describe(conv: &Conv, rows: &[Row], equation: &str) -> String {
    let channels = conv.spec().channels();
    let parts: Vec<String> = rows
        .iter()
        .map(|row| {
            let terms = row.plane.terms(TARGET);
            let partial = &row.example.labels.output[TARGET].text;
            format!(
                "Channel {}: the window covers {}; {partial} = {}.",
                labels::channel_name(row.channel, channels),
                covered_inputs(&row.example, terms),
                number::display(row.plane.output()[TARGET])
            )
        })
        .collect();
    format!(
        "{} rows, one per channel{}: the channel's {} image with the window of the first output, each covered cell in its weight's color, and an arrow to that channel's map of partial sums. The maps stand in a column with plus signs between them, then the bias, a rule, and the output map under it. {} {equation}.",
        rows.len(),
        if rows.len() < channels {
            format!(" (the first {} of {channels})", rows.len())
        } else {
            String::new()
        },
        grid::size_of(conv.geometry().image),
        parts.join(" ")
    )
}

/// The view in words, from the numbers.
fn summary(example: &Example, conv: &Conv, rows: &[Row], maps: &Maps, cut: usize) -> String {
    let spec = conv.spec();
    let channels = spec.channels();
    let kernel = grid::size_of(spec.kernel());
    let first = &rows[0];
    let p0 = &first.example.labels.output[TARGET].text;
    let terms = first.plane.terms(TARGET);
    let products: Vec<String> = terms
        .iter()
        .take(10)
        .map(|t| {
            let input = match t.source {
                Source::Pixel(p) => first.example.labels.image[p].text.clone(),
                Source::Padding(_) => "0".to_string(),
            };
            format!("{}·{input}", first.example.labels.filter[t.weight].text)
        })
        .collect();
    let spelled = if terms.len() <= 9 {
        format!("{p0} = {} = ", products.join(" + "))
    } else {
        format!("{p0} = ")
    };
    let mut s = if channels == 1 {
        format!(
            "The image has one channel, so the filter is a single {kernel} slice and the sum over channels has one term. Its partial sum, without the bias, is {spelled}{}; with the bias it is the output: {}.",
            number::display(first.plane.output()[TARGET]),
            equation(example, conv)
        )
    } else {
        format!(
            "The filter is {channels} deep: one {kernel} slice for each channel of the image. Each slice slides over its own channel exactly like the one filter of a gray image, and gives one partial sum per output, without the bias: {spelled}{}. The output adds up the partial sums of every channel and the bias once: {}. So one filter over {channels} channels still gives one feature map: the channels are summed, not kept apart.",
            number::display(first.plane.output()[TARGET]),
            equation(example, conv)
        )
    };
    if spec.kernel() == [1, 1] && channels > 1 {
        s.push_str(&format!(
            " With a 1×1 filter each channel adds a single product: every output is a weighted sum of one pixel's {channels} channel values, plus the bias."
        ));
    }
    if shade_windows(rows.len(), first.example.spec.filter.len()) {
        s.push_str(&shaded_note(&first.example.spec));
    }
    if spec.filter_count() > 1 {
        s.push_str(&format!(
            " This is filter 1 of {}; each of the others adds up the channels the same way with its own weights, and the filters view shows all of their feature maps.",
            spec.filter_count()
        ));
    }
    if cut > 0 {
        s.push_str(&format!(
            " Only the first {} of the {channels} channels are drawn; the others add their partial sums the same way.",
            rows.len()
        ));
    }
    if maps.heat() {
        s.push_str(&planes::heat_note(maps, conv.geometry().output, "maps"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::planes::testing::{large_image, texts};
    use crate::views::testing::model;

    const RGB: &str = "image = [[[2, 0, 1], [1, 3, 2], [0, 1, 4]], [[1, 1, 0], [0, 2, 1], [1, 0, 2]], [[0, 1, 2], [1, 0, 1], [2, 1, 0]]]\nfilter = [[[1, -1], [2, 0]], [[0, 1], [1, 0]], [[-1, 0], [0, 1]]]\nbias = 1";

    fn drawing(body: &str) -> Drawing {
        let (example, model) = model(body);
        draw(&example, &model).unwrap()
    }

    #[test]
    fn rgb_adds_three_partial_sums_and_the_bias() {
        let (example, model) = model(RGB);
        let d = draw(&example, &model).unwrap();
        let conv = model.network().first();
        // The partial sums are the engine's, and add up to the output.
        let partial: Vec<f64> = (0..3).map(|c| conv.partial_sum(0, c, [0, 0])).collect();
        let p = conv.output()[[0, 0, 0]];
        assert_eq!(partial.iter().sum::<f64>() + 1.0, p);
        let texts = texts(&d);
        for (c, mark) in ["Pᴿ", "Pᴳ", "Pᴮ"].iter().enumerate() {
            assert!(texts.iter().any(|t| t == mark), "{mark} in {texts:?}");
            assert!(texts.contains(&number::display(partial[c])));
        }
        assert!(texts.iter().any(|t| t == "αᴿ·Aᴿ"), "{texts:?}");
        let line = format!(
            "P = Pᴿ + Pᴳ + Pᴮ + b = {} = {}",
            signed_sum(&[partial[0], partial[1], partial[2], 1.0]),
            number::display(p)
        );
        assert!(texts.contains(&line), "{line} in {texts:?}");
        assert!(d.summary.contains(&line));
        assert!(d.summary.contains("3 deep"));
        let figure = d.figure.as_ref().unwrap();
        assert!(figure.size[0] <= WIDTH, "{:?}", figure.size);
        // Three windows, three partial-sum targets, one output target.
        let frames = figure
            .items
            .iter()
            .filter(|i| matches!(i, Item::Frame { .. }))
            .count();
        assert_eq!(frames, 7);
    }

    #[test]
    fn one_channel_still_draws_one_row() {
        let d = drawing("example = \"seed\"\nview = \"channels\"");
        assert!(d.summary.starts_with("The image has one channel"));
        assert!(
            d.summary.contains("P = P¹ + b = 4 + 1 = 5"),
            "{}",
            d.summary
        );
    }

    #[test]
    fn many_channels_draw_the_first_three_and_say_so() {
        let plane = "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]";
        let image = [plane; 6].join(", ");
        let slice = "[[1, 0], [0, 1]]";
        let filter = [slice; 6].join(", ");
        let d = drawing(&format!(
            "image = [{image}]\nfilters = [[{filter}], [{filter}]]"
        ));
        let texts = texts(&d);
        assert!(
            texts
                .iter()
                .any(|t| t == "the partial sums of 3 more channels")
        );
        assert!(
            texts
                .iter()
                .any(|t| t == "The first 3 of 6 channels are drawn.")
        );
        assert!(d.summary.contains("filter 1 of 2"));
        assert!(
            texts
                .iter()
                .any(|t| t == "P₁ = the sum of 6 partial sums + b₁ = 36")
        );
    }

    #[test]
    fn a_large_image_is_drawn_as_lattices_and_heat_maps() {
        let d = drawing(&format!(
            "{}\nfilter = [[[1, 0, -1], [1, 0, -1], [1, 0, -1]], [[0, 1, 0], [1, 1, 1], [0, 1, 0]], [[1, 1, 1], [0, 0, 0], [-1, -1, -1]]]",
            large_image(3)
        ));
        let figure = d.figure.as_ref().unwrap();
        assert!(figure.size[0] <= WIDTH);
        assert!(figure.size[1] <= 1000.0, "{:?}", figure.size);
        assert!(d.summary.contains("heat maps"));
        let svg = crate::render::svg::render(figure, "t");
        assert!(svg.len() < 150_000, "{} bytes", svg.len());
    }

    #[test]
    fn a_partial_sum_that_overflows_is_refused() {
        // Channel 2 alone sums to 2e308; with channel 1 the output is 1e308.
        let body = "image = [[[-1e308, 0]], [[1e308, 1e308]]]\nfilter = [[[1, 1]], [[1, 1]]]";
        let (example, model) = model(body);
        assert_eq!(model.network().first().output()[[0, 0, 0]], 1e308);
        let err = draw(&example, &model).unwrap_err().to_string();
        assert!(
            err.contains("the partial sum of channel 2 is infinite"),
            "{err}"
        );
        assert!(err.contains("the `filters` view"), "{err}");
    }
}
