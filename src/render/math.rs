//! LaTeX → what the page shows: MathML made at build time (no network, no
//! JavaScript, the LaTeX kept as an annotation), or the LaTeX itself for
//! mdBook's MathJax.

use std::sync::OnceLock;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay, PrettyPrint};
use serde::Deserialize;

use crate::render::latex::{self, LatexError};

/// Equations that could not be typeset. Both are bugs in this crate (its
/// templates escape every label); they are reported with the block, not
/// hidden and not a panic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MathError {
    /// A LaTeX template failed.
    #[error(transparent)]
    Latex(#[from] LatexError),
    /// The LaTeX could not be turned into MathML.
    #[error("could not turn the LaTeX into MathML: {0}")]
    Mathml(String),
}

/// How equations reach the page: `math = "mathml" | "mathjax"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MathMode {
    /// MathML written at build time (the default).
    #[default]
    Mathml,
    /// `\[ … \]` for mdBook's MathJax (`[output.html] mathjax-support = true`).
    Mathjax,
}

fn converter() -> &'static LatexToMathML {
    static CONVERTER: OnceLock<LatexToMathML> = OnceLock::new();
    CONVERTER.get_or_init(|| {
        let config = MathCoreConfig {
            pretty_print: PrettyPrint::Never,
            // The LaTeX goes in the page once, in a `<script>` that the
            // search index skips; an annotation would index it as text.
            annotation: false,
            ..MathCoreConfig::default()
        };
        // No macros are configured, so there is nothing that could fail.
        LatexToMathML::new(config).expect("the default math configuration is valid")
    })
}

/// The markup for display math `latex` under `mode`. The LaTeX comes from
/// this crate's templates with every label escaped, so a conversion error
/// is a bug here; it is reported, not hidden.
pub fn display(latex: &str, mode: MathMode) -> Result<String, MathError> {
    match mode {
        MathMode::Mathml => mathml(latex).map(|m| trim(&m)),
        MathMode::Mathjax => Ok(format!("\\[{}\\]", escape_html(latex))),
    }
}

fn mathml(latex: &str) -> Result<String, MathError> {
    converter()
        .convert_with_local_state(latex, MathDisplay::Block)
        .map(|result| result.mathml)
        .map_err(|e| MathError::Mathml(e.to_string()))
}

/// What the converter writes → what the page needs, shorter: colors and
/// column alignment become the stylesheet's classes (the figures' weights
/// and the equations' share them, so they follow the theme together), and
/// spacing the MathML operator dictionary already gives goes.
fn trim(mathml: &str) -> String {
    let mut out = mathml.to_string();
    for (from, to) in replacements() {
        if out.contains(from.as_str()) {
            out = out.replace(from.as_str(), to);
        }
    }
    collapse_rows(&out)
}

const ROW: &str = "<mrow class=\"";

/// `<mrow class="…"><mi>α</mi></mrow>` → `<mi class="…">α</mi>`: a row
/// around one token was there only for its color.
fn collapse_rows(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len());
    let mut rest = mathml;
    while let Some(start) = rest.find(ROW) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        match collapse_row(rest) {
            Some((token, used)) => {
                out.push_str(&token);
                rest = &rest[used..];
            }
            None => {
                out.push_str(ROW);
                rest = &rest[ROW.len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The token a row at the start of `s` holds alone, with the row's class,
/// and how many bytes of `s` that replaces.
fn collapse_row(s: &str) -> Option<(String, usize)> {
    let class_end = ROW.len() + s[ROW.len()..].find('"')?;
    let class = &s[ROW.len()..class_end];
    let inner = s[class_end..].strip_prefix("\">")?;
    let tag = ["mi", "mn"]
        .into_iter()
        .find(|tag| inner.starts_with(&format!("<{tag}>")))?;
    let text_start = tag.len() + 2;
    let text_len = inner[text_start..].find('<')?;
    let close = format!("</{tag}></mrow>");
    if !inner[text_start + text_len..].starts_with(&close) {
        return None;
    }
    let text = &inner[text_start..text_start + text_len];
    let used = class_end + 2 + text_start + text_len + close.len();
    Some((format!("<{tag} class=\"{class}\">{text}</{tag}>"), used))
}

/// The replacements [`trim`] makes, worked out once: the colors from the
/// converter itself, so they stay in step with the LaTeX color names.
fn replacements() -> &'static [(String, &'static str)] {
    static TABLE: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let names = latex::WEIGHT_COLORS.iter().chain([&latex::ZERO_COLOR]);
        let mut table: Vec<(String, &'static str)> = names
            .zip(COLOR_CLASSES)
            .filter_map(|(name, class)| Some((color_style(name)?, class)))
            .collect();
        table.extend(LAYOUT.map(|(from, to)| (from.to_string(), to)));
        table
    })
}

/// The class of each weight's color, in palette order, then the zeros'.
const COLOR_CLASSES: [&str; 10] = [
    "class=\"cnn-t0\"",
    "class=\"cnn-t1\"",
    "class=\"cnn-t2\"",
    "class=\"cnn-t3\"",
    "class=\"cnn-t4\"",
    "class=\"cnn-t5\"",
    "class=\"cnn-t6\"",
    "class=\"cnn-t7\"",
    "class=\"cnn-t8\"",
    "class=\"cnn-muted\"",
];

/// Column alignment as classes, and spacing said shorter or not at all.
const LAYOUT: [(&str, &str); 6] = [
    (
        "style=\"text-align: right;justify-items: end;padding-right: 0;\"",
        "class=\"cnn-r\"",
    ),
    (
        "style=\"text-align: left;justify-items: start;padding-left: 0;\"",
        "class=\"cnn-l\"",
    ),
    (
        "style=\"text-align: right;justify-items: end;\"",
        "class=\"cnn-e\"",
    ),
    // The operator dictionary's spacing of an infix ⋅ (4/18 em).
    (
        "<mo lspace=\"0.2222em\" rspace=\"0.2222em\">⋅</mo>",
        "<mo>⋅</mo>",
    ),
    ("width=\"0.16666667em\"", "width=\".1667em\""),
    ("width=\"0.2777778em\"", "width=\".2778em\""),
];

/// The `style="color:#…;"` the converter writes for LaTeX color `name`.
fn color_style(name: &str) -> Option<String> {
    let sample = mathml(&format!("{{\\color{{{name}}}x}}")).ok()?;
    let start = sample.find("style=\"color:")?;
    let len = sample[start + 7..].find('"')? + 8;
    Some(sample[start..start + len].to_string())
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mathml_is_one_line_of_block_math() {
        let html = display(r"P = \alpha A + b", MathMode::Mathml).unwrap();
        assert!(html.starts_with("<math"), "{html}");
        assert!(html.contains("display=\"block\""), "{html}");
        assert!(!html.contains('\n'));
    }

    #[test]
    fn every_color_becomes_a_class() {
        assert_eq!(replacements().len(), COLOR_CLASSES.len() + LAYOUT.len());
        assert_eq!(latex::WEIGHT_COLORS.len() + 1, COLOR_CLASSES.len());
        let sum: Vec<String> = latex::WEIGHT_COLORS
            .iter()
            .chain([&latex::ZERO_COLOR])
            .map(|name| format!("{{\\color{{{name}}}x}}"))
            .collect();
        let html = display(&sum.join(" + "), MathMode::Mathml).unwrap();
        assert!(!html.contains(" style=\"color"), "{html}");
        for class in COLOR_CLASSES {
            assert!(html.contains(class), "{class} in {html}");
        }
    }

    #[test]
    fn alignment_and_spacing_are_trimmed() {
        let html = display(
            r"\begin{aligned}P &= \alpha\, A \cdot 2\end{aligned}",
            MathMode::Mathml,
        )
        .unwrap();
        assert!(html.contains("class=\"cnn-r\""), "{html}");
        assert!(html.contains("class=\"cnn-l\""), "{html}");
        assert!(html.contains("<mo>⋅</mo>"), "{html}");
        assert!(!html.contains(" style="), "{html}");
    }

    #[test]
    fn a_row_around_one_token_goes() {
        assert_eq!(
            collapse_rows(
                "<mrow class=\"a\"><mi>α</mi></mrow><mrow class=\"b\"><mn>1</mn><mo>+</mo></mrow>"
            ),
            "<mi class=\"a\">α</mi><mrow class=\"b\"><mn>1</mn><mo>+</mo></mrow>"
        );
    }

    #[test]
    fn mathjax_gets_delimited_latex() {
        assert_eq!(
            display(r"a < b", MathMode::Mathjax).unwrap(),
            r"\[a &lt; b\]"
        );
    }
}
