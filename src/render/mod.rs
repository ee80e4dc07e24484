//! Figures and text → markup: SVG for drawings, HTML for the chapter, and
//! the number format every view shares.

pub mod code;
pub mod controls;
pub mod html;
pub mod json;
pub mod latex;
pub mod math;
pub mod number;
pub mod svg;

/// Escapes text for HTML and SVG, in text and in attribute values, the way
/// the `svg` crate does (`&`, `<`, `>`, `"`, `'`); only `/` is left alone,
/// so paths in messages stay readable in the page source.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        out.push_str(text);
        return;
    }
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(ch),
        }
    }
}

/// [`escape_into`] a new string.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}
