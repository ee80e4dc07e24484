//! Type sizes and the shared-weight palette, in one place.

pub use crate::text::{HEADING_PX, LABEL_PX, NOTE_PX, OPERATOR_PX, SYMBOL_PX, VALUE_PX};
/// Shared-weight colors of shapes in light themes: Paul Tol's "muted"
/// palette (rose, indigo, sand, green, cyan, wine, teal, olive,
/// purple), safe for the common kinds of color blindness, in the order
/// that keeps neighbors apart. The stylesheet holds these and the dark
/// themes' lighter variants; marks and dash patterns go with them, so
/// color is never the only cue.
pub const PALETTE: [&str; 9] = [
    "#cc6677", "#332288", "#ddcc77", "#117733", "#88ccee", "#882255", "#44aa99", "#999933",
    "#aa4499",
];
/// The same hues, dark enough for text on a light background
/// (contrast at least 4.5).
pub const TEXT_PALETTE: [&str; 9] = [
    "#974b58", "#332288", "#6a6239", "#107231", "#446677", "#882255", "#2c6d62", "#656522",
    "#9c3f8d",
];

/// Diverging shades: positive values (Okabe–Ito vermillion).
pub const POSITIVE: &str = "#D55E00";
/// Diverging shades: negative values (Okabe–Ito blue).
pub const NEGATIVE: &str = "#0072B2";
/// The strongest diverging shade's opacity: text on it stays readable.
pub const DIVERGING_MAX: f64 = 0.85;
/// Shade steps per unit: values are rounded to them, and squares of one
/// step share one path, so a 32×32 picture stays a few kilobytes.
pub const SHADE_STEPS: f64 = 20.0;
