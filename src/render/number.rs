//! Numbers as a reader sees them: short, and exact where they are exact.

/// Formats `x` for the page: integers without a decimal point, otherwise at
/// most four decimals with trailing zeros dropped, and a true minus sign
/// (U+2212) so that negatives read as math, not as a hyphen.
pub fn display(x: f64) -> String {
    let text = plain(x);
    match text.strip_prefix('-') {
        Some(digits) => format!("\u{2212}{digits}"),
        None => text,
    }
}

/// Like [`display`] but with an ASCII `-`, for LaTeX source.
pub fn plain(x: f64) -> String {
    // Past about 1.8e304, `x * 1e4` overflows; such an `x` is whole, so it
    // is written as it is rather than as `inf` (assets/cnn-views.js does
    // the same).
    let scaled = (x * 1e4).round();
    let rounded = if scaled.is_finite() || !x.is_finite() {
        scaled / 1e4
    } else {
        x
    };
    if rounded == 0.0 {
        return "0".to_string();
    }
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        // An integer below 2^53, so the cast is exact.
        return (rounded as i64).to_string();
    }
    let text = if scaled.abs() < 1e15 {
        // Exactly `scaled` ten-thousandths, and far from a tie at four
        // decimals (below 1e11 half an ulp is under 1e-5): integer digits
        // are what `{:.4}` prints, without its slow exact mode. This runs
        // for every number of every figure and equation.
        let n = (scaled as i64).unsigned_abs();
        let sign = if scaled < 0.0 { "-" } else { "" };
        format!("{sign}{}.{:04}", n / 10_000, n % 10_000)
    } else {
        format!("{rounded:.4}")
    };
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
        assert_eq!(plain(-0.00005), "-0.0001");
        assert_eq!(plain(123456.78905), "123456.7891");
        // The largest f64 is written whole, never as `inf`.
        assert!(plain(f64::MAX).starts_with("179769313486231570"));
        assert!(plain(f64::MAX).chars().all(|c| c.is_ascii_digit()));
        assert_eq!(plain(-1e300).len(), 302);
    }

    /// The digits computed from the integer agree with the formatter's
    /// `{:.4}` (what this function used before), over many magnitudes.
    #[test]
    fn integer_digits_match_the_formatter() {
        let reference = |x: f64| {
            let rounded = (x * 1e4).round() / 1e4;
            if rounded == 0.0 {
                return "0".to_string();
            }
            if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
                return format!("{rounded:.0}");
            }
            let text = format!("{rounded:.4}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        // A fixed pseudo-random walk over signs, digits and exponents.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mantissa = (state >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = (state % 36) as i32 - 12;
            let sign = if state & 1 == 1 { -1.0 } else { 1.0 };
            let x = sign * mantissa * 10f64.powi(exponent);
            assert_eq!(plain(x), reference(x), "{x:e}");
            let tie = (x * 1e4).round() / 1e4 + sign * 0.00005;
            assert_eq!(plain(tie), reference(tie), "{tie:e}");
        }
        for x in [
            0.1 + 0.2,
            1.0 / 3.0,
            -2.0 / 3.0,
            0.00015,
            2.5e-5,
            1e11 + 0.1,
        ] {
            assert_eq!(plain(x), reference(x), "{x:e}");
        }
    }
}
