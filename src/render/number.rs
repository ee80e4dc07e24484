//! Numbers as a reader sees them: short, and exact where they are exact.

/// Formats `x` for the page: integers without a decimal point, otherwise at
/// most four decimals with trailing zeros dropped, and a true minus sign
/// (U+2212) so that negatives read as math, not as a hyphen.
pub fn display(x: f64) -> String {
    plain(x).replace('-', "\u{2212}")
}

/// Like [`display`] but with an ASCII `-`, for LaTeX source.
pub fn plain(x: f64) -> String {
    // Past about 1.8e304, `x * 1e4` overflows; such an `x` is whole, so it
    // is written as it is rather than as `inf` (assets/cnn-views.js does
    // the same).
    let scaled = x * 1e4;
    let rounded = if scaled.is_finite() || !x.is_finite() {
        scaled.round() / 1e4
    } else {
        x
    };
    if rounded == 0.0 {
        return "0".to_string();
    }
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        return format!("{rounded:.0}");
    }
    let text = format!("{rounded:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_exact() {
        assert_eq!(display(2.0), "2");
        assert_eq!(display(-0.5), "\u{2212}0.5");
        assert_eq!(display(1.0 / 3.0), "0.3333");
        assert_eq!(display(-0.0), "0");
        assert_eq!(display(-0.00001), "0");
        assert_eq!(plain(-12.25), "-12.25");
        assert_eq!(display(1e20), "100000000000000000000");
        // The largest f64 is written whole, never as `inf`.
        assert!(plain(f64::MAX).starts_with("179769313486231570"));
        assert!(plain(f64::MAX).chars().all(|c| c.is_ascii_digit()));
        assert_eq!(plain(-1e300).len(), 302);
    }
}
