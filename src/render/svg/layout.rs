//! Where things go inside a cell and along a line: the geometry the SVG
//! writer needs beyond the figure's own coordinates.

use crate::figure::Item;
use crate::text;

use super::path::{PathData, Tenths, tenths};
use super::style;

/// One piece of text in a cell.
pub(super) struct CellText<'a> {
    /// `cnn-symbol` or `cnn-value`.
    pub(super) class: &'static str,
    /// Baseline point.
    pub(super) at: [Tenths; 2],
    /// Type size.
    pub(super) px: Tenths,
    /// The text.
    pub(super) text: &'a str,
}

/// The main text size of every cell in `items` (a symbol's, or a lone
/// value's), for the root's type size.
pub(super) fn cell_sizes(items: &[Item], out: &mut Vec<Tenths>) {
    let mut texts = Vec::new();
    for item in items {
        texts.clear();
        match item {
            Item::Cell {
                at,
                size,
                symbol,
                value,
                ..
            } => cell_texts(*at, *size, symbol.as_deref(), value.as_deref(), &mut texts),
            Item::Node {
                center,
                radius,
                symbol,
                value,
                ..
            } => cell_texts(
                *center,
                2.0 * radius,
                symbol.as_deref(),
                value.as_deref(),
                &mut texts,
            ),
            Item::Group(inner) | Item::Reuse { items: inner, .. } => cell_sizes(inner, out),
            _ => {}
        }
        out.extend(texts.first().map(|t| t.px));
    }
}

/// A symbol above a value, or either alone, centered in a cell of side
/// `size` at `at`, each at most as large as the cell allows.
pub(super) fn cell_texts<'a>(
    at: [f64; 2],
    size: f64,
    symbol: Option<&'a str>,
    value: Option<&'a str>,
    out: &mut Vec<CellText<'a>>,
) {
    let center = at[0] + size / 2.0;
    let fit = |text: &str, px: f64| text::fit_px(text, px, size);
    let mut push = |class, x: f64, y: f64, px: f64, text| {
        out.push(CellText {
            class,
            at: [tenths(x), tenths(y)],
            px: tenths(px),
            text,
        });
    };
    match (symbol, value) {
        (Some(s), Some(v)) => {
            // Two lines share the cell: never more than its height allows.
            let sp = fit(s, style::SYMBOL_PX.min(size * 0.36));
            let vp = fit(v, style::VALUE_PX.min(size * 0.27));
            push("cnn-symbol", center, at[1] + size * 0.44, sp, s);
            push("cnn-value", center, at[1] + size * 0.8, vp, v);
        }
        (Some(t), None) | (None, Some(t)) => {
            let px = fit(t, style::SYMBOL_PX.min(size * 0.55));
            let class = if symbol.is_some() {
                "cnn-symbol"
            } else {
                "cnn-value"
            };
            push(class, center, at[1] + size / 2.0 + px * 0.35, px, t);
        }
        (None, None) => {}
    }
}

/// A line with an optional arrowhead at `to`. The arrowhead is a filled
/// triangle, not a marker, so no ids are shared between figures.
pub(super) fn line(
    shafts: &mut PathData,
    tips: &mut PathData,
    from: [f64; 2],
    to: [f64; 2],
    width: f64,
    arrow: bool,
) {
    let length = ((to[0] - from[0]).powi(2) + (to[1] - from[1]).powi(2)).sqrt();
    let head = (4.0 * width).max(8.0);
    let arrow = arrow && length > head;
    // Stop the shaft where the arrowhead starts, so its tip stays sharp.
    let end = if arrow {
        let t = (length - head * 0.8) / length;
        [
            from[0] + (to[0] - from[0]) * t,
            from[1] + (to[1] - from[1]) * t,
        ]
    } else {
        to
    };
    shafts.line(from.map(tenths), end.map(tenths));
    if arrow {
        let (ux, uy) = ((to[0] - from[0]) / length, (to[1] - from[1]) / length);
        let base = [to[0] - ux * head, to[1] - uy * head];
        let half = head * 0.45;
        tips.polygon(&[
            to.map(tenths),
            [base[0] - uy * half, base[1] + ux * half].map(tenths),
            [base[0] + uy * half, base[1] - ux * half].map(tenths),
        ]);
    }
}
