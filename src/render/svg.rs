//! [`Figure`] → one inline `<svg>` element.
//!
//! Colors are given twice: as presentation attributes (the light theme, so a
//! standalone file or a renderer without CSS still looks right) and as class
//! names, which the book's stylesheet maps to the current mdBook theme. The
//! output has no blank lines (a blank line would end the HTML block in
//! Markdown), rounded coordinates, sorted attributes and ids that start with
//! a per-figure prefix, so it is byte-identical for the same input.

use svg::Document;
use svg::Node;
use svg::node::Text as TextNode;
use svg::node::element::{
    Definitions, Description, Element, Group, Path, Polygon, Rectangle, Text, Title, Use,
};

use crate::figure::{Anchor, Figure, Item, Palette, TextStyle, Tone};
use crate::text;

/// Layout and color constants, in one place.
pub mod style {
    pub use crate::text::{FONT, HEADING_PX, LABEL_PX, NOTE_PX, OPERATOR_PX, SYMBOL_PX, VALUE_PX};
    /// Default ink (mdBook light `--fg`).
    pub const INK: &str = "#1f2328";
    /// Secondary ink.
    pub const MUTED: &str = "#5c6670";
    /// Pixel background.
    pub const PIXEL_FILL: &str = "#ffffff";
    /// Padding background.
    pub const PADDING_FILL: &str = "#e6e6e6";
    /// Output background.
    pub const OUTPUT_FILL: &str = "#dbe9fb";
    /// Background of an untrainable zero.
    pub const ZERO_FILL: &str = "#efefef";
    /// Bias background.
    pub const BIAS_FILL: &str = "#f4f4f4";
    /// Shared-weight colors: the Okabe–Ito palette, safe for the common
    /// kinds of color blindness. Labels always go with them.
    pub const PALETTE: [&str; 7] = [
        "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    ];
    /// The same hues, dark enough for text on a light background (the
    /// stylesheet swaps in light ones for dark themes).
    pub const TEXT_PALETTE: [&str; 7] = [
        "#a86f00", "#1f6fa3", "#00775a", "#7d7400", "#0072b2", "#b04600", "#a3457f",
    ];
    /// Opacity of a weight's fill, so text on it stays readable in every theme.
    pub const WEIGHT_FILL_OPACITY: f64 = 0.4;
    /// Diverging shades: positive values (Okabe–Ito vermillion).
    pub const POSITIVE: &str = "#D55E00";
    /// Diverging shades: negative values (Okabe–Ito blue).
    pub const NEGATIVE: &str = "#0072B2";
    /// The strongest diverging shade's opacity: text on it stays readable.
    pub const DIVERGING_MAX: f64 = 0.85;
    /// Shade steps per unit: values are rounded to them, and squares of one
    /// step share one path, so a 32×32 picture stays a few kilobytes.
    pub const SHADE_STEPS: f64 = 20.0;
}

/// Renders `figure` as a standalone `<svg>`; `id` prefixes every id in it.
pub fn render(figure: &Figure, id: &str) -> String {
    let [width, height] = figure.size.map(round);
    let mut doc = Document::new()
        .set("viewBox", format!("0 0 {width} {height}"))
        .set("width", width)
        .set("height", height)
        .set("role", "img")
        .set("aria-labelledby", format!("{id}-title {id}-desc"))
        .set("class", "cnn-views")
        .set("data-view", figure.view)
        .set("font-family", style::FONT)
        .add(Title::new(figure.title.as_str()).set("id", format!("{id}-title")))
        .add(
            Description::new()
                .set("id", format!("{id}-desc"))
                .add(TextNode::new(figure.desc.as_str())),
        );
    for item in &figure.items {
        doc = doc.add(item_element(item, id));
    }
    let mut out = String::with_capacity(4096);
    write_node(&mut out, &doc);
    out
}

/// Serializes the tree the `svg` crate built, in the same format as its own
/// `Display` (sorted attributes, one element per line, text inline), but
/// writing into one buffer and escaping only what needs it: the crate's
/// `Display` allocates for every attribute, which dominated build time.
fn write_node(out: &mut String, node: &dyn Node) {
    let (Some(attributes), Some(children)) = (node.get_attributes(), node.get_children()) else {
        // A text node: its `Display` escapes the content.
        out.push_str(&node.to_string());
        return;
    };
    out.push('<');
    out.push_str(node.get_name());
    let mut sorted: Vec<_> = attributes.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (name, value) in sorted {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        super::escape_into(out, value);
        out.push('"');
    }
    if children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    let mut bare = false;
    for child in children {
        bare = child.is_bare();
        if !bare {
            out.push('\n');
        }
        write_node(out, child.as_ref());
    }
    if !bare {
        out.push('\n');
    }
    out.push_str("</");
    out.push_str(node.get_name());
    out.push('>');
}

fn item_element(item: &Item, id: &str) -> Element {
    match item {
        Item::Cell {
            at,
            size,
            tone,
            symbol,
            value,
        } => cell(
            *at,
            *size,
            *tone,
            symbol.as_deref(),
            value.as_deref(),
            false,
        )
        .into(),
        Item::Text {
            at,
            text,
            style,
            anchor,
            tone,
        } => {
            let (px, class) = match style {
                TextStyle::Heading => (style::HEADING_PX, "cnn-heading"),
                TextStyle::Label => (style::LABEL_PX, "cnn-label"),
                TextStyle::Operator => (style::OPERATOR_PX, "cnn-operator"),
                TextStyle::Note => (style::NOTE_PX, "cnn-note"),
            };
            let class = format!("{class} {}", tone_class(*tone));
            let mut t = text_at(*at, text, px, *anchor, text_tone(*tone), &class);
            if *style == TextStyle::Heading {
                t.assign("font-weight", "bold");
            }
            t
        }
        Item::Panel { at, size, tone } => Rectangle::new()
            .set("x", round(at[0]))
            .set("y", round(at[1]))
            .set("width", round(size[0]))
            .set("height", round(size[1]))
            .set("fill", fill(*tone))
            .set("stroke", stroke(*tone))
            // Thin outlines for tiny panels, so the fill still shows.
            .set("stroke-width", round((size[0].min(size[1]) / 8.0).min(1.0)))
            .set("class", format!("cnn-panel {}", tone_class(*tone)))
            .into(),
        Item::Group(items) => {
            let mut group = Group::new();
            for item in items {
                group = group.add(item_element(item, id));
            }
            group.into()
        }
        Item::Reuse { key, items, places } => {
            let name = format!("{id}-{key}");
            let mut drawing = Group::new().set("id", name.as_str());
            for item in items {
                drawing = drawing.add(item_element(item, id));
            }
            let mut group = Group::new().add(Definitions::new().add(drawing));
            for place in places {
                group = group.add(
                    Use::new()
                        .set("href", format!("#{name}"))
                        .set("x", round(place[0]))
                        .set("y", round(place[1])),
                );
            }
            group.into()
        }
        Item::Heatmap {
            at,
            cell,
            cols,
            shades,
        } => {
            let mut group = Group::new()
                .set("class", "cnn-heatmap")
                .set("fill", style::INK);
            for (i, shade) in shades.iter().enumerate() {
                let (r, c) = (i / cols.max(&1), i % cols.max(&1));
                group = group.add(
                    Rectangle::new()
                        .set("x", round(at[0] + c as f64 * cell))
                        .set("y", round(at[1] + r as f64 * cell))
                        .set("width", round(*cell))
                        .set("height", round(*cell))
                        .set("fill-opacity", (shade * 100.0).round() / 100.0),
                );
            }
            group.into()
        }
        Item::Shades {
            at,
            cell,
            cols,
            values,
            palette,
        } => shades(*at, *cell, *cols, values, *palette),
        Item::Frame { at, size, tone } => Rectangle::new()
            .set("x", round(at[0]))
            .set("y", round(at[1]))
            .set("width", round(size[0]))
            .set("height", round(size[1]))
            .set("fill", "none")
            .set("stroke", stroke(*tone))
            .set("stroke-width", 3)
            .set("class", format!("cnn-frame {}", tone_class(*tone)))
            .into(),
        Item::Line {
            from,
            to,
            tone,
            width,
            arrow,
            dashed,
        } => line(*from, *to, *tone, *width, *arrow, *dashed),
        Item::Polygon {
            points,
            tone,
            opacity,
        } => Polygon::new()
            .set("points", points_attr(points))
            .set("fill", fill(*tone))
            .set("fill-opacity", round(*opacity))
            .set("stroke", "none")
            .set("class", format!("cnn-area {}", tone_class(*tone)))
            .into(),
        Item::Node {
            center,
            radius,
            tone,
            symbol,
            value,
        } => {
            let at = [center[0] - radius, center[1] - radius];
            cell(
                at,
                2.0 * radius,
                *tone,
                symbol.as_deref(),
                value.as_deref(),
                true,
            )
            .into()
        }
    }
}

/// A line, optionally dashed, with an optional arrowhead at `to`. The
/// arrowhead is a polygon, not a marker, so no ids are shared between figures.
fn line(
    from: [f64; 2],
    to: [f64; 2],
    tone: Tone,
    width: f64,
    arrow: bool,
    dashed: bool,
) -> Element {
    let class = format!("cnn-line {}", tone_class(tone));
    let length = ((to[0] - from[0]).powi(2) + (to[1] - from[1]).powi(2)).sqrt();
    let head = (4.0 * width).max(8.0);
    // Stop the shaft where the arrowhead starts, so its tip stays sharp.
    let end = if arrow && length > head {
        let t = (length - head * 0.8) / length;
        [
            from[0] + (to[0] - from[0]) * t,
            from[1] + (to[1] - from[1]) * t,
        ]
    } else {
        to
    };
    let mut shaft = Path::new()
        .set(
            "d",
            format!(
                "M{} {}L{} {}",
                round(from[0]),
                round(from[1]),
                round(end[0]),
                round(end[1])
            ),
        )
        .set("stroke", stroke(tone))
        .set("stroke-width", round(width))
        .set("fill", "none");
    if dashed {
        shaft = shaft.set(
            "stroke-dasharray",
            format!("{} {}", round(3.0 * width), round(2.0 * width)),
        );
    }
    if !arrow || length <= head {
        return shaft.set("class", class).into();
    }
    let (ux, uy) = ((to[0] - from[0]) / length, (to[1] - from[1]) / length);
    let base = [to[0] - ux * head, to[1] - uy * head];
    let half = head * 0.45;
    let tip = vec![
        to,
        [base[0] - uy * half, base[1] + ux * half],
        [base[0] + uy * half, base[1] - ux * half],
    ];
    Group::new()
        .set("class", class)
        .add(shaft)
        .add(
            Polygon::new()
                .set("points", points_attr(&tip))
                .set("fill", stroke(tone))
                .set("stroke", "none"),
        )
        .into()
}

fn points_attr(points: &[[f64; 2]]) -> String {
    points
        .iter()
        .map(|p| format!("{},{}", round(p[0]), round(p[1])))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A square (or, for a neuron, a circle) with a symbol above a value, or
/// either alone, centered.
fn cell(
    at: [f64; 2],
    size: f64,
    tone: Tone,
    symbol: Option<&str>,
    value: Option<&str>,
    round_shape: bool,
) -> Group {
    let mut rect = Rectangle::new()
        .set("x", round(at[0]))
        .set("y", round(at[1]))
        .set("width", round(size))
        .set("height", round(size))
        .set("fill", fill(tone))
        .set("stroke", stroke(tone))
        .set(
            "stroke-width",
            if matches!(tone, Tone::Weight(_)) {
                2
            } else {
                1
            },
        );
    match tone {
        Tone::Weight(_) => rect = rect.set("fill-opacity", style::WEIGHT_FILL_OPACITY),
        Tone::Padding => rect = rect.set("stroke-dasharray", "4 3"),
        _ => {}
    }
    if round_shape || tone == Tone::Bias {
        rect = rect.set("rx", round(size / 2.0));
    }
    let center = at[0] + size / 2.0;
    let ink = if matches!(tone, Tone::Padding | Tone::Zero) {
        Tone::Muted
    } else {
        Tone::Ink
    };
    let mut group = Group::new()
        .set("class", format!("cnn-cell {}", tone_class(tone)))
        .add(rect);
    let fit = |text: &str, px: f64| text::fit_px(text, px, size);
    match (symbol, value) {
        (Some(s), Some(v)) => {
            // Two lines share the cell: never more than its height allows.
            let sp = fit(s, style::SYMBOL_PX.min(size * 0.36));
            let vp = fit(v, style::VALUE_PX.min(size * 0.27));
            group = group
                .add(text_at(
                    [center, at[1] + size * 0.44],
                    s,
                    sp,
                    Anchor::Middle,
                    ink,
                    "cnn-symbol",
                ))
                .add(text_at(
                    [center, at[1] + size * 0.8],
                    v,
                    vp,
                    Anchor::Middle,
                    ink,
                    "cnn-value",
                ));
        }
        (Some(t), None) | (None, Some(t)) => {
            let px = fit(t, style::SYMBOL_PX.min(size * 0.55));
            let class = if symbol.is_some() {
                "cnn-symbol"
            } else {
                "cnn-value"
            };
            group = group.add(text_at(
                [center, at[1] + size / 2.0 + px * 0.35],
                t,
                px,
                Anchor::Middle,
                ink,
                class,
            ));
        }
        (None, None) => {}
    }
    group
}

/// A `<text>` element. Returned as a plain [`Element`] so that it prints
/// without white space around its content (the `Text` wrapper would put the
/// content on its own line).
fn text_at(at: [f64; 2], text: &str, px: f64, anchor: Anchor, tone: Tone, class: &str) -> Element {
    let anchor = match anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    Text::new(text)
        .set("x", round(at[0]))
        .set("y", round(at[1]))
        .set("font-size", round(px))
        .set("text-anchor", anchor)
        .set("fill", ink(tone))
        .set("class", class)
        .into()
}

/// A shaded grid: a background for 0, then one path per shade step whose
/// squares (runs of equal squares along a row merged) share its color.
fn shades(at: [f64; 2], cell: f64, cols: usize, values: &[f64], palette: Palette) -> Element {
    let cols = cols.max(1);
    let rows = values.len().div_ceil(cols);
    let edge = |x0: f64, i: usize| round(x0 + i as f64 * cell);
    // A thin edge shows the grid's extent where its squares meet the page.
    let (background, class) = match palette {
        Palette::Gray => ("#000000", "cnn-shades cnn-shades-gray"),
        Palette::Diverging => (style::PIXEL_FILL, "cnn-shades cnn-shades-diverging"),
    };
    let mut group = Group::new()
        .set("class", class)
        .set("shape-rendering", "crispEdges")
        .add(
            Rectangle::new()
                .set("x", round(at[0]))
                .set("y", round(at[1]))
                .set("width", edge(at[0], cols) - round(at[0]))
                .set("height", edge(at[1], rows) - round(at[1]))
                .set("fill", background)
                .set("stroke", style::MUTED)
                .set("stroke-width", 1)
                .set("class", "cnn-shade-zero"),
        );
    let mut paths: std::collections::BTreeMap<i64, String> = std::collections::BTreeMap::new();
    for (r, row) in values.chunks(cols).enumerate() {
        let mut c = 0;
        while c < row.len() {
            let step = (row[c].clamp(-1.0, 1.0) * style::SHADE_STEPS).round() as i64;
            let run = row[c..]
                .iter()
                .take_while(|v| ((v.clamp(-1.0, 1.0) * style::SHADE_STEPS).round() as i64) == step)
                .count();
            if step != 0 {
                let (x0, x1) = (edge(at[0], c), edge(at[0], c + run));
                let (y0, y1) = (edge(at[1], r), edge(at[1], r + 1));
                let d = paths.entry(step).or_default();
                d.push_str(&format!(
                    "M{x0} {y0}h{}v{}h{}z",
                    round(x1 - x0),
                    round(y1 - y0),
                    round(x0 - x1)
                ));
            }
            c += run;
        }
    }
    for (step, d) in paths {
        let strength = step.unsigned_abs() as f64 / style::SHADE_STEPS;
        let (color, opacity, class) = match palette {
            Palette::Gray => ("#ffffff", strength, "cnn-shade-light"),
            Palette::Diverging if step > 0 => (
                style::POSITIVE,
                strength * style::DIVERGING_MAX,
                "cnn-shade-positive",
            ),
            Palette::Diverging => (
                style::NEGATIVE,
                strength * style::DIVERGING_MAX,
                "cnn-shade-negative",
            ),
        };
        group = group.add(
            Path::new()
                .set("d", d)
                .set("fill", color)
                .set("fill-opacity", (opacity * 100.0).round() / 100.0)
                .set("class", class),
        );
    }
    group.into()
}

/// Text on its own takes the weight's color only where it stays readable:
/// the stylesheet darkens or lightens it per theme.
fn text_tone(tone: Tone) -> Tone {
    match tone {
        Tone::Weight(_) | Tone::Muted => tone,
        _ => Tone::Ink,
    }
}

fn ink(tone: Tone) -> &'static str {
    match tone {
        Tone::Weight(k) => style::TEXT_PALETTE[k % style::TEXT_PALETTE.len()],
        _ => stroke(tone),
    }
}

fn fill(tone: Tone) -> &'static str {
    match tone {
        Tone::Pixel => style::PIXEL_FILL,
        Tone::Padding => style::PADDING_FILL,
        Tone::Weight(k) => style::PALETTE[k % style::PALETTE.len()],
        Tone::Bias => style::BIAS_FILL,
        Tone::Output => style::OUTPUT_FILL,
        Tone::Zero => style::ZERO_FILL,
        Tone::Ink => style::INK,
        Tone::Muted => style::MUTED,
    }
}

fn stroke(tone: Tone) -> &'static str {
    match tone {
        Tone::Weight(k) => style::PALETTE[k % style::PALETTE.len()],
        Tone::Padding | Tone::Muted | Tone::Zero => style::MUTED,
        _ => style::INK,
    }
}

/// The class the stylesheet keys a tone's theme colors on.
fn tone_class(tone: Tone) -> String {
    match tone {
        Tone::Pixel => "cnn-pixel".into(),
        Tone::Padding => "cnn-padding".into(),
        Tone::Weight(k) => format!("cnn-weight cnn-w{}", k % style::PALETTE.len()),
        Tone::Bias => "cnn-bias".into(),
        Tone::Output => "cnn-output".into(),
        Tone::Zero => "cnn-zero".into(),
        Tone::Ink => "cnn-ink".into(),
        Tone::Muted => "cnn-muted".into(),
    }
}

/// Two decimals are plenty for a drawing and keep the bytes stable.
fn round(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}
