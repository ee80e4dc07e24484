//! LaTeX → what the page shows: MathML made at build time (no network, no
//! JavaScript, the LaTeX kept as an annotation), or the LaTeX itself for
//! mdBook's MathJax.

use std::sync::OnceLock;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay, PrettyPrint};
use serde::Deserialize;

use crate::render::latex::LatexError;

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
        MathMode::Mathml => converter()
            .convert_with_local_state(latex, MathDisplay::Block)
            .map(|result| result.mathml)
            .map_err(|e| MathError::Mathml(e.to_string())),
        MathMode::Mathjax => Ok(format!("\\[{}\\]", escape_html(latex))),
    }
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
    fn mathjax_gets_delimited_latex() {
        assert_eq!(
            display(r"a < b", MathMode::Mathjax).unwrap(),
            r"\[a &lt; b\]"
        );
    }
}
