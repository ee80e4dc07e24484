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
use svg::node::element::{Description, Element, Group, Rectangle, Text, Title};

use crate::figure::{Anchor, Figure, Item, TextStyle, Tone};

/// Layout and color constants, in one place.
pub mod style {
    /// Font stack: mdBook's body font, then what a bare system has.
    pub const FONT: &str = "'Open Sans', 'DejaVu Sans', Verdana, sans-serif";
    /// Symbol size in a cell (A, α, P).
    pub const SYMBOL_PX: f64 = 20.0;
    /// Value size under a symbol.
    pub const VALUE_PX: f64 = 14.0;
    /// Panel headings.
    pub const HEADING_PX: f64 = 15.0;
    /// Operators between cells.
    pub const OPERATOR_PX: f64 = 24.0;
    /// Notes and sizes.
    pub const NOTE_PX: f64 = 13.0;
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
    /// Bias background.
    pub const BIAS_FILL: &str = "#f4f4f4";
    /// Shared-weight colors: the Okabe–Ito palette, safe for the common
    /// kinds of color blindness. Labels always go with them.
    pub const PALETTE: [&str; 7] = [
        "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    ];
    /// Opacity of a weight's fill, so text on it stays readable in every theme.
    pub const WEIGHT_FILL_OPACITY: f64 = 0.4;
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
        .set("data-view", figure.view.name())
        .set("font-family", style::FONT)
        .add(Title::new(figure.title.as_str()).set("id", format!("{id}-title")))
        .add(
            Description::new()
                .set("id", format!("{id}-desc"))
                .add(TextNode::new(figure.desc.as_str())),
        );
    for item in &figure.items {
        doc = doc.add(item_element(item));
    }
    doc.to_string()
}

fn item_element(item: &Item) -> Element {
    match item {
        Item::Cell {
            at,
            size,
            tone,
            symbol,
            value,
        } => cell(*at, *size, *tone, symbol.as_deref(), value.as_deref()).into(),
        Item::Text {
            at,
            text,
            style,
            anchor,
        } => {
            let (px, class, tone) = match style {
                TextStyle::Heading => (style::HEADING_PX, "cnn-heading", Tone::Ink),
                TextStyle::Operator => (style::OPERATOR_PX, "cnn-operator", Tone::Ink),
                TextStyle::Note => (style::NOTE_PX, "cnn-note", Tone::Muted),
            };
            let mut t = text_at(*at, text, px, *anchor, tone, class);
            if *style == TextStyle::Heading {
                t.assign("font-weight", "bold");
            }
            t
        }
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
    }
}

/// A square with a symbol above a value (or either alone, centered).
fn cell(at: [f64; 2], size: f64, tone: Tone, symbol: Option<&str>, value: Option<&str>) -> Group {
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
        Tone::Bias => rect = rect.set("rx", round(size / 2.0)),
        _ => {}
    }
    let center = at[0] + size / 2.0;
    let ink = if tone == Tone::Padding {
        Tone::Muted
    } else {
        Tone::Ink
    };
    let mut group = Group::new()
        .set("class", format!("cnn-cell {}", tone_class(tone)))
        .add(rect);
    let fit = |text: &str, px: f64| px.min(size * 1.7 / text.chars().count().max(1) as f64);
    match (symbol, value) {
        (Some(s), Some(v)) => {
            let sp = fit(s, style::SYMBOL_PX);
            let vp = fit(v, style::VALUE_PX);
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
            let px = fit(t, style::SYMBOL_PX);
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
        .set("fill", stroke(tone))
        .set("class", class)
        .into()
}

fn fill(tone: Tone) -> &'static str {
    match tone {
        Tone::Pixel => style::PIXEL_FILL,
        Tone::Padding => style::PADDING_FILL,
        Tone::Weight(k) => style::PALETTE[k % style::PALETTE.len()],
        Tone::Bias => style::BIAS_FILL,
        Tone::Output => style::OUTPUT_FILL,
        Tone::Ink => style::INK,
        Tone::Muted => style::MUTED,
    }
}

fn stroke(tone: Tone) -> &'static str {
    match tone {
        Tone::Weight(k) => style::PALETTE[k % style::PALETTE.len()],
        Tone::Padding | Tone::Muted => style::MUTED,
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
        Tone::Ink => "cnn-ink".into(),
        Tone::Muted => "cnn-muted".into(),
    }
}

/// Two decimals are plenty for a drawing and keep the bytes stable.
fn round(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}
