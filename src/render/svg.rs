//! [`Figure`] → one `<svg>` element, as small as the drawing allows.
//!
//! Every color comes from a class, which the book's stylesheet maps to the
//! current mdBook theme ([`inline`], what a chapter holds); a standalone
//! SVG ([`render`]) carries the same rules in one `<style>`, with the light
//! theme's colors. Positions, sizes and type sizes are attributes, set once
//! on a group where many elements share them; runs of alike shapes are one
//! `<path>`; coordinates are rounded to tenths of a pixel; a drawing placed
//! many times is written once in `<defs>` and placed with `<use>`. The
//! output has no blank lines (a blank line would end the HTML block in
//! Markdown), ids that start with a per-figure prefix, and the same bytes
//! for the same input.

mod groups;
mod layout;
mod path;
mod stylesheet;

use std::collections::BTreeMap;

use crate::figure::{Anchor, Figure, Item, Palette, TextStyle, Tone};

use groups::{Run, commonest, lattice};
use layout::{CellText, cell_sizes, cell_texts, line};
use path::{PathData, Tenths, put, put_fraction, tenths};

pub mod style;

/// How many weights have a color and a mark of their own; past it they
/// repeat and only the labels tell weights apart.
pub const DISTINCT_WEIGHTS: usize = style::PALETTE.len();

/// The SVG a chapter inlines: its colors come from the book's stylesheet.
/// `id` prefixes every id in it.
pub fn inline(figure: &Figure, id: &str) -> String {
    write(figure, &super::escape(id), None)
}

/// [`inline`] with `id` as markup (escaped, or a stand-in for an id put
/// in later, when a figure is drawn once for many places).
pub(crate) fn inline_markup(figure: &Figure, id: &str) -> String {
    write(figure, id, None)
}

/// A standalone SVG, for a file or a slide: [`inline`] plus one `<style>`
/// with the stylesheet's figure rules in the light theme's colors.
pub fn render(figure: &Figure, id: &str) -> String {
    write(figure, &super::escape(id), Some(stylesheet::standalone()))
}

/// The highest shared-weight index `items` color, if any: past
/// [`DISTINCT_WEIGHTS`] a caption says that colors repeat.
pub fn max_weight(items: &[Item]) -> Option<usize> {
    let tone = |t: &Tone| match t {
        Tone::Weight(k) => Some(*k),
        _ => None,
    };
    items
        .iter()
        .filter_map(|item| match item {
            Item::Cell { tone: t, .. }
            | Item::Text { tone: t, .. }
            | Item::Line { tone: t, .. }
            | Item::Polygon { tone: t, .. }
            | Item::Node { tone: t, .. }
            | Item::Panel { tone: t, .. }
            | Item::Frame { tone: t, .. } => tone(t),
            Item::Group(inner)
            | Item::Reuse { items: inner, .. }
            | Item::Faded { items: inner, .. } => max_weight(inner),
            Item::Heatmap { .. } | Item::Shades { .. } => None,
        })
        .max()
}

/// `id` is markup: written as it is.
fn write(figure: &Figure, id: &str, style: Option<&str>) -> String {
    let [width, height] = figure.size.map(tenths);
    let mut sizes = Vec::new();
    cell_sizes(&figure.items, &mut sizes);
    let mut w = Writer {
        out: String::with_capacity(1024 + 64 * figure.items.len()),
        id,
        base: commonest(&sizes),
    };
    let out = &mut w.out;
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cnn-views\" data-view=\"");
    super::escape_into(out, figure.view);
    out.push_str("\" role=\"img\" aria-labelledby=\"");
    for (i, part) in ["-title", "-desc"].iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(id);
        out.push_str(part);
    }
    out.push_str("\" width=\"");
    put(out, width);
    out.push_str("\" height=\"");
    put(out, height);
    out.push_str("\" viewBox=\"0 0 ");
    put(out, width);
    out.push(' ');
    put(out, height);
    out.push_str("\" text-anchor=\"middle\"");
    if let Some(base) = w.base {
        w.attr("font-size", base);
    }
    let out = &mut w.out;
    out.push('>');
    for (tag, part, text) in [
        ("title", "-title", &figure.title),
        ("desc", "-desc", &figure.desc),
    ] {
        out.push_str("\n<");
        out.push_str(tag);
        out.push_str(" id=\"");
        out.push_str(id);
        out.push_str(part);
        out.push_str("\">");
        super::escape_into(out, text);
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
    if let Some(style) = style {
        out.push_str("\n<style>");
        out.push_str(style);
        out.push_str("</style>");
    }
    w.items(&figure.items);
    w.out.push_str("\n</svg>");
    w.out
}

/// Which classes color a group.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Colors {
    /// A cell's or neuron's tone: outline and fill.
    Shape(Tone),
    /// A line's, panel's or area's tone: as a cell's, but a weight's is
    /// only its color (no wide outline, no translucent fill).
    Bare(Tone),
    /// Text: a weight's text color, muted, or (ink) nothing.
    Text(Tone),
    /// None: the group's elements inherit their colors.
    Inherited,
}

struct Writer<'a> {
    out: String,
    /// The id prefix, as markup (escaped).
    id: &'a str,
    /// The type size set on the root: the commonest of the cells' main
    /// text, so most cell groups need none.
    base: Option<Tenths>,
}

impl Writer<'_> {
    /// Writes `items`, alike ones as one group.
    fn items(&mut self, items: &[Item]) {
        for (run, items) in groups::gather(items) {
            self.run(run, &items);
        }
    }

    fn run(&mut self, run: Run, items: &[&Item]) {
        match run {
            Run::Cells(tone, _) => self.cells(tone, items),
            Run::Texts(style, anchor, tone) => self.texts(style, anchor, tone, items),
            Run::Lines(tone, width, dashed) => self.lines(tone, width, dashed, items),
            Run::Frames(tone) => self.frames(tone, items),
            Run::Panels(tone, stroke) => self.panels(tone, stroke, items),
            Run::Areas(tone, opacity) => self.areas(tone, opacity, items),
            Run::Single => items.iter().for_each(|item| self.single(item)),
        }
    }

    /// Opens `<g class="…"` on a new line with `class` and the classes of
    /// `colors`; the caller adds attributes and the `>`.
    fn open_group(&mut self, class: Option<&str>, colors: Colors) {
        let colors = match colors {
            Colors::Text(Tone::Weight(_) | Tone::Muted) | Colors::Shape(_) | Colors::Bare(_) => {
                colors
            }
            Colors::Text(_) | Colors::Inherited => Colors::Inherited,
        };
        self.out.push_str("\n<g");
        if class.is_none() && colors == Colors::Inherited {
            return;
        }
        self.out.push_str(" class=\"");
        if let Some(class) = class {
            self.out.push_str(class);
            if colors != Colors::Inherited {
                self.out.push(' ');
            }
        }
        match colors {
            Colors::Shape(tone) => put_tone(&mut self.out, tone),
            Colors::Bare(Tone::Weight(k)) => {
                self.out.push_str("cnn-w");
                put_index(&mut self.out, k);
            }
            Colors::Bare(tone) => put_tone(&mut self.out, tone),
            Colors::Text(Tone::Weight(k)) => {
                self.out.push_str("cnn-t");
                put_index(&mut self.out, k);
            }
            Colors::Text(Tone::Muted) => self.out.push_str("cnn-muted"),
            Colors::Text(_) | Colors::Inherited => {}
        }
        self.out.push('"');
    }

    fn attr(&mut self, name: &str, value: Tenths) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        put(&mut self.out, value);
        self.out.push('"');
    }

    fn path(&mut self, class: Option<&str>, extra: &str, d: &PathData) {
        if d.is_empty() {
            return;
        }
        self.out.push_str("\n<path");
        if let Some(class) = class {
            self.out.push_str(" class=\"");
            self.out.push_str(class);
            self.out.push('"');
        }
        self.out.push_str(extra);
        self.out.push_str(" d=\"");
        self.out.push_str(d.as_str());
        self.out.push_str("\"/>");
    }

    /// `<text x y [font-size]>` with its content; `class` first, if any.
    fn text(&mut self, class: Option<&str>, at: [Tenths; 2], px: Option<Tenths>, text: &str) {
        self.out.push_str("\n<text");
        if let Some(class) = class {
            self.out.push_str(" class=\"");
            self.out.push_str(class);
            self.out.push('"');
        }
        self.attr("x", at[0]);
        self.attr("y", at[1]);
        if let Some(px) = px {
            self.attr("font-size", px);
        }
        self.out.push('>');
        super::escape_into(&mut self.out, text);
        self.out.push_str("</text>");
    }

    /// Cells and nodes of one tone: their outlines as one path, then the
    /// weights' marks, then their symbols and values, with the commonest
    /// type size set once on the group.
    fn cells(&mut self, tone: Tone, items: &[&Item]) {
        let mut shapes = PathData::default();
        let mut marks = PathData::default();
        let mut texts = Vec::with_capacity(2 * items.len());
        for item in items {
            let (at, size, symbol, value, round) = match item {
                Item::Cell {
                    at,
                    size,
                    symbol,
                    value,
                    ..
                } => (*at, *size, symbol, value, tone == Tone::Bias),
                Item::Node {
                    center,
                    radius,
                    symbol,
                    value,
                    ..
                } => (
                    [center[0] - radius, center[1] - radius],
                    2.0 * radius,
                    symbol,
                    value,
                    true,
                ),
                _ => continue,
            };
            if round {
                let r = tenths(size / 2.0);
                shapes.circle([tenths(at[0] + size / 2.0), tenths(at[1] + size / 2.0)], r);
            } else {
                shapes.rect([tenths(at[0]), tenths(at[1])], [tenths(size); 2]);
                if let Tone::Weight(k) = tone
                    && size >= MIN_MARK_CELL
                {
                    let inset = tenths(size * 0.05);
                    let side = tenths((size * 0.18).min(10.0));
                    let corner = [tenths(at[0]) + inset, tenths(at[1]) + inset];
                    path::mark(&mut marks, k, corner, side);
                }
            }
            cell_texts(at, size, symbol.as_deref(), value.as_deref(), &mut texts);
        }
        let symbols: Vec<Tenths> = texts
            .iter()
            .filter(|t| t.class == "cnn-symbol")
            .map(|t| t.px)
            .collect();
        let values: Vec<Tenths> = texts
            .iter()
            .filter(|t| t.class == "cnn-value")
            .map(|t| t.px)
            .collect();
        let size = commonest(&symbols).or_else(|| commonest(&values));
        self.open_group(None, Colors::Shape(tone));
        if let Some(size) = size.filter(|&s| Some(s) != self.base) {
            self.attr("font-size", size);
        }
        self.out.push('>');
        // A weight's outline is wider and its fill translucent (so text on
        // it reads in every theme): the stylesheet says so, for all cells.
        let extra = match tone {
            Tone::Padding => " stroke-dasharray=\"4 3\"",
            _ => "",
        };
        self.path(None, extra, &shapes);
        self.path(Some("cnn-mark"), "", &marks);
        let own = |t: &CellText, common: Option<Tenths>| (Some(t.px) != common).then_some(t.px);
        for t in texts.iter().filter(|t| t.class == "cnn-symbol") {
            self.text(Some(t.class), t.at, own(t, size), t.text);
        }
        let value_size = commonest(&values);
        let nested = values.len() > 1 && value_size != size;
        if nested {
            self.out.push_str("\n<g");
            if let Some(v) = value_size {
                self.attr("font-size", v);
            }
            self.out.push('>');
        }
        let common = if nested { value_size } else { size };
        for t in texts.iter().filter(|t| t.class == "cnn-value") {
            self.text(Some(t.class), t.at, own(t, common), t.text);
        }
        if nested {
            self.out.push_str("\n</g>");
        }
        self.out.push_str("\n</g>");
    }

    /// Free text of one style: the group carries size, weight, alignment
    /// and color; a lone ink text carries them itself.
    fn texts(&mut self, style: TextStyle, anchor: Anchor, tone: Tone, items: &[&Item]) {
        let px = tenths(match style {
            TextStyle::Heading => style::HEADING_PX,
            TextStyle::Label => style::LABEL_PX,
            TextStyle::Operator => style::OPERATOR_PX,
            TextStyle::Note => style::NOTE_PX,
        });
        let look = |w: &mut Self| {
            if Some(px) != w.base {
                w.attr("font-size", px);
            }
            if style == TextStyle::Heading {
                w.out.push_str(" font-weight=\"bold\"");
            }
            match anchor {
                Anchor::Start => w.out.push_str(" text-anchor=\"start\""),
                Anchor::End => w.out.push_str(" text-anchor=\"end\""),
                Anchor::Middle => {}
            }
        };
        if let ([item], Tone::Ink) = (items, tone)
            && let Some((at, text)) = text_of(item)
        {
            self.out.push_str("\n<text");
            self.attr("x", at[0]);
            self.attr("y", at[1]);
            look(self);
            self.out.push('>');
            super::escape_into(&mut self.out, text);
            self.out.push_str("</text>");
            return;
        }
        self.open_group(None, Colors::Text(tone));
        look(self);
        self.out.push('>');
        for (at, text) in items.iter().filter_map(|item| text_of(item)) {
            self.text(None, at, None, text);
        }
        self.out.push_str("\n</g>");
    }

    /// Lines of one look: the shafts as one path, the arrowheads as another.
    fn lines(&mut self, tone: Tone, width: Tenths, dashed: bool, items: &[&Item]) {
        let mut shafts = PathData::default();
        let mut tips = PathData::default();
        for item in items {
            if let Item::Line {
                from,
                to,
                width,
                arrow,
                ..
            } = item
            {
                line(&mut shafts, &mut tips, *from, *to, *width, *arrow);
            }
        }
        self.open_group(Some("cnn-line"), Colors::Bare(tone));
        if width != 10 {
            self.attr("stroke-width", width);
        }
        if dashed {
            self.out.push_str(" stroke-dasharray=\"");
            put(&mut self.out, 3 * width);
            self.out.push(' ');
            put(&mut self.out, 2 * width);
            self.out.push('"');
        }
        self.out.push('>');
        self.path(None, "", &shafts);
        self.path(Some("cnn-tip"), "", &tips);
        self.out.push_str("\n</g>");
    }

    fn frames(&mut self, tone: Tone, items: &[&Item]) {
        let mut d = PathData::default();
        for item in items {
            if let Item::Frame { at, size, .. } = item {
                d.rect(at.map(tenths), size.map(tenths));
            }
        }
        self.open_group(Some("cnn-line"), Colors::Bare(tone));
        self.out.push_str(" stroke-width=\"3\">");
        self.path(None, "", &d);
        self.out.push_str("\n</g>");
    }

    fn panels(&mut self, tone: Tone, stroke: Tenths, items: &[&Item]) {
        let mut d = PathData::default();
        for item in items {
            if let Item::Panel { at, size, .. } = item {
                d.rect(at.map(tenths), size.map(tenths));
            }
        }
        self.open_group(Some("cnn-panel"), Colors::Bare(tone));
        if stroke != 10 {
            self.attr("stroke-width", stroke);
        }
        self.out.push('>');
        self.path(None, "", &d);
        self.out.push_str("\n</g>");
    }

    fn areas(&mut self, tone: Tone, opacity: Tenths, items: &[&Item]) {
        let mut d = PathData::default();
        for item in items {
            if let Item::Polygon { points, .. } = item {
                let points: Vec<[Tenths; 2]> = points.iter().map(|p| p.map(tenths)).collect();
                d.polygon(&points);
            }
        }
        self.open_group(Some("cnn-area"), Colors::Bare(tone));
        self.out.push_str(" fill-opacity=\"");
        put_fraction(&mut self.out, opacity as f64 / 100.0);
        self.out.push_str("\">");
        self.path(None, "", &d);
        self.out.push_str("\n</g>");
    }

    fn single(&mut self, item: &Item) {
        match item {
            Item::Heatmap {
                at,
                cell,
                cols,
                shades,
            } => {
                // One path per shade, in order of shade: the squares do not
                // overlap, so the order they are drawn in does not show.
                let mut by_shade: BTreeMap<u64, PathData> = BTreeMap::new();
                let cols = (*cols).max(1);
                let side = tenths(*cell);
                for (i, shade) in shades.iter().enumerate() {
                    let (r, c) = (i / cols, i % cols);
                    let corner = [
                        tenths(at[0] + c as f64 * cell),
                        tenths(at[1] + r as f64 * cell),
                    ];
                    let key = (shade.clamp(0.0, 1.0) * 100.0).round() as u64;
                    by_shade.entry(key).or_default().rect(corner, [side, side]);
                }
                self.out.push_str("\n<g class=\"cnn-heatmap\">");
                for (shade, d) in &by_shade {
                    let mut extra = String::from(" fill-opacity=\"");
                    put_fraction(&mut extra, *shade as f64 / 100.0);
                    extra.push('"');
                    self.path(None, &extra, d);
                }
                self.out.push_str("\n</g>");
            }
            Item::Reuse { key, items, places } => self.reuse(key, items, places),
            Item::Group(items) => self.items(items),
            Item::Shades {
                at,
                cell,
                cols,
                values,
                palette,
            } => {
                self.out.push('\n');
                self.out
                    .push_str(&shades(*at, *cell, *cols, values, *palette).to_string());
            }
            Item::Faded { opacity, items } => {
                self.out.push_str("\n<g opacity=\"");
                put_fraction(&mut self.out, *opacity);
                self.out.push_str("\">");
                self.items(items);
                self.out.push_str("\n</g>");
            }
            _ => {}
        }
    }

    /// A drawing written once and placed at every place. Places on a
    /// lattice (a row pattern stepping along, row after row) nest: one
    /// `<use>` per step of each direction instead of one per place.
    fn reuse(&mut self, key: &str, items: &[Item], places: &[[f64; 2]]) {
        let id = format!("{}-{}", self.id, super::escape(key));
        self.out.push_str("\n<defs>\n<g id=\"");
        self.out.push_str(&id);
        self.out.push_str("\">");
        self.items(items);
        self.out.push_str("\n</g>");
        match lattice(places) {
            Some((inner, step, stride)) => {
                let row = format!("{id}-x");
                self.out.push_str("\n<g id=\"");
                self.out.push_str(&row);
                self.out.push_str("\">");
                for j in 0..inner {
                    let at = [step[0] * j as f64, step[1] * j as f64];
                    self.place(&id, at.map(tenths));
                }
                self.out.push_str("\n</g>\n</defs>");
                let origin = places[0];
                for i in 0..places.len() / inner {
                    let at = [
                        origin[0] + stride[0] * i as f64,
                        origin[1] + stride[1] * i as f64,
                    ];
                    self.place(&row, at.map(tenths));
                }
            }
            None => {
                self.out.push_str("\n</defs>");
                for place in places {
                    self.place(&id, place.map(tenths));
                }
            }
        }
    }

    /// `id` is markup, as the writer's.
    fn place(&mut self, id: &str, at: [Tenths; 2]) {
        self.out.push_str("\n<use href=\"#");
        self.out.push_str(id);
        self.out.push('"');
        if at[0] != 0 {
            self.attr("x", at[0]);
        }
        if at[1] != 0 {
            self.attr("y", at[1]);
        }
        self.out.push_str("/>");
    }
}

/// Where a free text goes, and what it says.
fn text_of(item: &Item) -> Option<([Tenths; 2], &str)> {
    match item {
        Item::Text { at, text, .. } => Some((at.map(tenths), text.as_str())),
        _ => None,
    }
}

/// Cells narrower than this get no mark: it would not read.
const MIN_MARK_CELL: f64 = 20.0;

/// Writes the classes the stylesheet keys a tone's colors on.
fn put_tone(out: &mut String, tone: Tone) {
    out.push_str(match tone {
        Tone::Pixel => "cnn-pixel",
        Tone::Padding => "cnn-padding",
        Tone::Weight(_) => "cnn-weight cnn-w",
        Tone::Bias => "cnn-bias",
        Tone::Output => "cnn-output",
        Tone::Zero => "cnn-zero",
        Tone::Ink => "cnn-ink",
        Tone::Muted => "cnn-muted",
    });
    if let Tone::Weight(k) = tone {
        put_index(out, k);
    }
}

/// Writes a shared weight's palette index.
fn put_index(out: &mut String, k: usize) {
    put(out, 10 * (k % DISTINCT_WEIGHTS) as Tenths);
}

/// A shaded grid: a background for 0, then one path per shade step whose
/// squares (runs of equal squares along a row merged) share its color.
fn shades(
    at: [f64; 2],
    cell: f64,
    cols: usize,
    values: &[f64],
    palette: Palette,
) -> svg::node::element::Element {
    use svg::node::element::{Group, Path, Rectangle};
    /// Pixel background and secondary ink of the light theme (the
    /// stylesheet maps the classes per theme).
    const PIXEL_FILL: &str = "#ffffff";
    const MUTED: &str = "#5c6670";
    let round = |x: f64| (x * 10.0).round() / 10.0;
    let cols = cols.max(1);
    let rows = values.len().div_ceil(cols);
    let edge = |x0: f64, i: usize| round(x0 + i as f64 * cell);
    // A thin edge shows the grid's extent where its squares meet the page.
    let (background, class) = match palette {
        Palette::Gray => ("#000000", "cnn-shades cnn-shades-gray"),
        Palette::Diverging => (PIXEL_FILL, "cnn-shades cnn-shades-diverging"),
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
                .set("stroke", MUTED)
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

#[cfg(test)]
mod tests;
