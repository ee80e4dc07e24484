//! The `<style>` of a standalone SVG: the figure rules of the stylesheet the
//! book ships (`assets/cnn-views.css`), with the light theme's colors
//! written in. One source for both, so a figure looks the same in the book
//! and on its own; custom properties are resolved here because not every
//! SVG renderer knows `var()`.

use std::sync::OnceLock;

use super::style::{PALETTE, TEXT_PALETTE};

/// The stylesheet the book ships.
const CSS: &str = include_str!("../../../assets/cnn-views.css");
/// The comments around the rules that style the SVG itself.
const BEGIN: &str = "/* figure rules: begin */";
const END: &str = "/* figure rules: end */";

/// The light theme's value of every custom property the figure rules use
/// (the weights' come from the palettes): what the stylesheet's
/// `color-mix()`es give on mdBook's light background.
const LIGHT: [(&str, &str); 6] = [
    ("--cnn-ink", "#1f2328"),
    ("--cnn-paper", "#ffffff"),
    ("--cnn-muted", "#626569"),
    ("--cnn-padding", "#e0e0e1"),
    ("--cnn-output", "#c2dded"),
    ("--cnn-bias", "#eff0f0"),
];

/// The standalone `<style>` content, made once.
pub(super) fn standalone() -> &'static str {
    static STYLE: OnceLock<String> = OnceLock::new();
    STYLE.get_or_init(|| resolve(&minify(figure_rules(CSS))))
}

/// The light value of custom property `name`, if it has one.
fn light(name: &str) -> Option<&'static str> {
    if name == "--cnn-font" {
        return Some(crate::text::FONT);
    }
    if let Some((_, value)) = LIGHT.iter().find(|(n, _)| *n == name) {
        return Some(value);
    }
    let index = |prefix: &str| name.strip_prefix(prefix)?.parse::<usize>().ok();
    if let Some(k) = index("--cnn-w") {
        return PALETTE.get(k).copied();
    }
    TEXT_PALETTE.get(index("--cnn-t")?).copied()
}

/// The part of `css` between the two markers.
fn figure_rules(css: &str) -> &str {
    let start = css.find(BEGIN).map_or(0, |i| i + BEGIN.len());
    let end = css[start..].find(END).map_or(css.len(), |i| start + i);
    &css[start..end]
}

/// Comments out, white space down to what separates words.
fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        squeeze(&mut out, &rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    squeeze(&mut out, rest);
    out
}

fn squeeze(out: &mut String, text: &str) {
    const TIGHT: &[char] = &['{', '}', ':', ';', ',', '>'];
    for word in text.split_whitespace() {
        let joins = out.ends_with(TIGHT) || word.starts_with(TIGHT) || out.is_empty();
        if !joins {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Every `var(--name)` replaced by its light value; `;}` shortened.
fn resolve(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("var(") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find(')') else {
            break;
        };
        let name = &rest[start + 4..start + len];
        match light(name) {
            Some(value) => out.push_str(value),
            None => out.push_str(&rest[start..=start + len]),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out.replace(";}", "}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variable_has_a_light_value() {
        let style = standalone();
        assert!(!style.contains("var("), "{style}");
        assert!(!style.contains("/*"), "{style}");
        assert!(style.contains(".cnn-views"), "{style}");
        assert!(style.len() < 3000, "{} bytes: {style}", style.len());
    }

    /// The stylesheet sets the font the text metrics assume.
    #[test]
    fn the_stylesheet_sets_the_measured_font() {
        assert!(CSS.contains(&format!("--cnn-font: {};", crate::text::FONT)));
        let declaration = format!("font-family:{};", crate::text::FONT);
        assert!(standalone().contains(&declaration), "{}", standalone());
    }

    /// The stylesheet's light-theme palette is the renderer's.
    #[test]
    fn the_stylesheet_declares_the_palettes() {
        for (k, (shape, text)) in PALETTE.iter().zip(TEXT_PALETTE).enumerate() {
            for (name, value) in [
                (format!("--cnn-w{k}"), shape),
                (format!("--cnn-t{k}"), &text),
            ] {
                let declaration = format!("{name}: {value};");
                assert!(
                    CSS.to_lowercase().contains(&declaration.to_lowercase()),
                    "the stylesheet lacks `{declaration}`"
                );
            }
        }
    }

    #[test]
    fn minify_keeps_what_separates_words() {
        assert_eq!(
            minify(".a .b > path {\n  fill: none; /* x */\n  stroke-dasharray: 8 4;\n}\n"),
            ".a .b>path{fill:none;stroke-dasharray:8 4;}"
        );
        assert_eq!(resolve("a{fill:var(--cnn-ink);}"), "a{fill:#1f2328}");
    }
}
