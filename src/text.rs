//! Text metrics: the font size of each kind of text, how wide a text is, and
//! how small a text gets when it must fit a cell. Views use it to lay out,
//! the SVG writer to set the same sizes, so the two never disagree. A leaf:
//! it uses nothing of the crate.

/// Font stack: mdBook's body font, then what a bare system has.
pub const FONT: &str = "'Open Sans', 'DejaVu Sans', Verdana, sans-serif";
/// Symbol size in a cell (A, α, P).
pub const SYMBOL_PX: f64 = 20.0;
/// Value size under a symbol in a cell.
pub const VALUE_PX: f64 = 14.0;
/// Panel headings.
pub const HEADING_PX: f64 = 15.0;
/// Operators between cells (`+`, `=`).
pub const OPERATOR_PX: f64 = 24.0;
/// Symbols outside cells (edge labels).
pub const LABEL_PX: f64 = 16.0;
/// Notes and sizes.
pub const NOTE_PX: f64 = 13.0;
/// Smallest text a figure sets: below it, a cell shows a shorter form or
/// nothing.
pub const MIN_PX: f64 = 10.0;

/// How many characters a line of text may put in one cell side: a text of
/// `n` characters in a cell of side `s` is set at most `s * FIT / n` px.
pub const FIT: f64 = 1.7;

/// Estimated width of `text` set at `px` in the figures' sans-serif font:
/// narrow characters (subscript digits, punctuation, spaces) count 0.4 em,
/// the rest 0.62 em. Generous on purpose, so that estimates never overlap.
pub fn width(text: &str, px: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            '₀'..='₉' | ',' | '.' | ' ' | '(' | ')' => 0.4,
            _ => 0.62,
        })
        .sum::<f64>()
        * px
}

/// The size `text` is set at in a cell of side `cell`: `px`, or smaller so
/// that the text keeps within [`FIT`] characters per cell side.
pub fn fit_px(text: &str, px: f64, cell: f64) -> f64 {
    fit_chars_px(text.chars().count(), px, cell)
}

/// [`fit_px`] for a text of `chars` characters.
pub fn fit_chars_px(chars: usize, px: f64, cell: f64) -> f64 {
    px.min(cell * FIT / chars.max(1) as f64)
}

/// Whether a text of `chars` characters, fitted into a cell of side `cell`
/// from `px`, stays at least [`MIN_PX`].
pub fn legible(chars: usize, px: f64, cell: f64) -> bool {
    fit_chars_px(chars, px, cell) >= MIN_PX
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_characters_count_less() {
        assert!(width("x₁,₂", 16.0) < width("xxxx", 16.0));
        assert_eq!(width("", 16.0), 0.0);
    }

    #[test]
    fn long_texts_shrink_to_fit_a_cell() {
        assert_eq!(fit_px("A", SYMBOL_PX, 48.0), SYMBOL_PX);
        assert!((fit_px("-0.3333", VALUE_PX, 30.0) - 30.0 * FIT / 7.0).abs() < 1e-12);
        assert!(legible(1, SYMBOL_PX, 30.0));
        assert!(!legible(12, SYMBOL_PX, 30.0));
    }
}
