//! Words for the sentences under figures: plurals, counts and lists, written
//! the same way everywhere ("10,000 rows", "A, B and C"). A leaf: it uses
//! nothing of the crate.

/// `n` with thousands separators from 10,000 on, so big counts read
/// ("9999", "10,000").
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    if n < 10_000 {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 row", "2 rows", "10,000 rows"; nouns ending in `s` take `es`
/// ("2 biases").
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if noun.ends_with('s') {
        format!("{} {noun}es", count(n))
    } else {
        format!("{} {noun}s", count(n))
    }
}

/// "once", "9 times".
pub fn times(n: usize) -> String {
    if n == 1 {
        "once".to_string()
    } else {
        format!("{} times", count(n))
    }
}

/// "a", "a and b", "a, b and c".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands_from_ten_thousand() {
        assert_eq!(count(9_999), "9999");
        assert_eq!(count(10_000), "10,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn plurals_and_lists() {
        assert_eq!(plural(1, "row"), "1 row");
        assert_eq!(plural(10_000, "row"), "10,000 rows");
        assert_eq!(plural(2, "bias"), "2 biases");
        assert_eq!(times(1), "once");
        assert_eq!(times(12_000), "12,000 times");
        let abc: Vec<String> = ["A", "B", "C"].map(String::from).into();
        assert_eq!(join_and(&abc), "A, B and C");
        assert_eq!(join_and(&abc[..1]), "A");
    }
}
