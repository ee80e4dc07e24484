//! LaTeX → what the page shows: MathML made at build time (no network, no
//! JavaScript, the LaTeX kept as an annotation), or the LaTeX itself for
//! mdBook's MathJax.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
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

/// Typeset formulas of one run, by their LaTeX: blocks that differ only in
/// numbers a formula in symbols does not show (or views of one example in
/// several blocks) write the same LaTeX, and turning it into MathML is the
/// dearest step of a figure. Shared by the chapters' threads; a formula two
/// threads meet at once is typeset by both, to the same text.
#[derive(Debug, Default)]
pub struct Typeset {
    done: Mutex<HashMap<(MathMode, String), Arc<str>>>,
}

impl Typeset {
    /// [`display`], or what it gave for the same LaTeX before.
    pub fn display(&self, latex: &str, mode: MathMode) -> Result<Arc<str>, MathError> {
        let key = (mode, latex.to_string());
        // A poisoned lock only means another thread panicked while holding
        // it; the map is still whole.
        let lock = || self.done.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(done) = lock().get(&key) {
            return Ok(Arc::clone(done));
        }
        let markup: Arc<str> = display(latex, mode)?.into();
        lock().insert(key, Arc::clone(&markup));
        Ok(markup)
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
/// and the equations' share them, so they follow the theme together), a
/// row around one token only for its color goes, and so does spacing the
/// MathML operator dictionary already gives. One pass: it runs on every
/// equation of every build.
fn trim(mathml: &str) -> String {
    let colors = colors();
    let bytes = mathml.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut out = String::with_capacity(mathml.len());
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        // All that changes starts with an ASCII `<` or space, so `i` is a
        // char boundary wherever the text is looked at; a byte or two more
        // rule out most places before any comparison.
        let rest = match (bytes[i], at(i + 1)) {
            (b'<', b'm') if at(i + 2) == b'o' && at(i + 3) == b' ' => &mathml[i..],
            (b' ', b's' | b'w') => &mathml[i..],
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&mathml[copied..i]);
        copied = i;
        if rest.starts_with(CDOT.0) {
            out.push_str(CDOT.1);
            i += CDOT.0.len();
        } else if let Some((from, to)) = LAYOUT.iter().find(|(from, _)| rest.starts_with(from)) {
            out.push_str(to);
            i += from.len();
        } else if let Some((style, class)) = colors
            .iter()
            .find(|(style, _)| rest.starts_with(style.as_str()))
        {
            i += style.len();
            let lone = out
                .ends_with("<mrow")
                .then(|| mathml[i..].strip_prefix('>').and_then(lone_token))
                .flatten();
            match lone {
                Some((tag, text, used)) => {
                    out.truncate(out.len() - "<mrow".len());
                    for part in ["<", tag, class, ">", text, "</", tag, ">"] {
                        out.push_str(part);
                    }
                    i += 1 + used;
                }
                None => out.push_str(class),
            }
        } else {
            i += 1;
            continue;
        }
        copied = i;
    }
    out.push_str(&mathml[copied..]);
    out
}

/// The token alone in a row at the start of `s` (its tag and text), and how
/// many bytes of `s` up to the row's end that is.
fn lone_token(s: &str) -> Option<(&'static str, &str, usize)> {
    let (tag, close) = [("mi", "</mi></mrow>"), ("mn", "</mn></mrow>")]
        .into_iter()
        .find(|(tag, _)| {
            s.starts_with('<') && s[1..].starts_with(tag) && s[3..].starts_with('>')
        })?;
    let text_len = s[4..].find('<')?;
    s[4 + text_len..]
        .starts_with(close)
        .then(|| (tag, &s[4..4 + text_len], 4 + text_len + close.len()))
}

/// ` style="color:#…;"` as the converter writes each weight's color and the
/// zeros' gray, with the class it becomes: worked out once, from the
/// converter itself, so they stay in step with the LaTeX color names.
fn colors() -> &'static [(String, &'static str)] {
    static TABLE: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        latex::WEIGHT_COLORS
            .iter()
            .chain([&latex::ZERO_COLOR])
            .zip(COLOR_CLASSES)
            .filter_map(|(name, class)| Some((color_style(name)?, class)))
            .collect()
    })
}

/// The class of each weight's color, in palette order, then the zeros'.
const COLOR_CLASSES: [&str; 10] = [
    " class=\"cnn-t0\"",
    " class=\"cnn-t1\"",
    " class=\"cnn-t2\"",
    " class=\"cnn-t3\"",
    " class=\"cnn-t4\"",
    " class=\"cnn-t5\"",
    " class=\"cnn-t6\"",
    " class=\"cnn-t7\"",
    " class=\"cnn-t8\"",
    " class=\"cnn-muted\"",
];

/// The operator dictionary's spacing of an infix ⋅ (4/18 em) need not be
/// said.
const CDOT: (&str, &str) = (
    "<mo lspace=\"0.2222em\" rspace=\"0.2222em\">⋅</mo>",
    "<mo>⋅</mo>",
);

/// Column alignment as classes, and spacing said shorter.
const LAYOUT: [(&str, &str); 5] = [
    (
        " style=\"text-align: right;justify-items: end;padding-right: 0;\"",
        " class=\"cnn-r\"",
    ),
    (
        " style=\"text-align: left;justify-items: start;padding-left: 0;\"",
        " class=\"cnn-l\"",
    ),
    (
        " style=\"text-align: right;justify-items: end;\"",
        " class=\"cnn-e\"",
    ),
    (" width=\"0.16666667em\"", " width=\".1667em\""),
    (" width=\"0.2777778em\"", " width=\".2778em\""),
];

/// The ` style="color:#…;"` the converter writes for LaTeX color `name`.
fn color_style(name: &str) -> Option<String> {
    let sample = mathml(&format!("{{\\color{{{name}}}x}}")).ok()?;
    let start = sample.find(" style=\"color:")?;
    let len = sample[start + 8..].find('"')? + 9;
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
        assert_eq!(colors().len(), COLOR_CLASSES.len());
        assert_eq!(latex::WEIGHT_COLORS.len() + 1, COLOR_CLASSES.len());
        let sum: Vec<String> = latex::WEIGHT_COLORS
            .iter()
            .chain([&latex::ZERO_COLOR])
            .map(|name| format!("{{\\color{{{name}}}x}}"))
            .collect();
        let html = display(&sum.join(" + "), MathMode::Mathml).unwrap();
        assert!(!html.contains(" style=\"color"), "{html}");
        for class in COLOR_CLASSES {
            assert!(
                html.contains(&format!("<mi{class}>x</mi>")),
                "{class} in {html}"
            );
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
        let html = display(
            r"{\color{olive}\alpha} + {\color{olive}(-1)}",
            MathMode::Mathml,
        )
        .unwrap();
        assert!(
            html.contains("<mi class=\"cnn-t7\">α</mi><mo>+</mo><mrow class=\"cnn-t7\"><mo"),
            "{html}"
        );
    }

    #[test]
    fn typeset_formulas_are_kept_per_mode() {
        let typeset = Typeset::default();
        let first = typeset.display("x + 1", MathMode::Mathml).unwrap();
        let again = typeset.display("x + 1", MathMode::Mathml).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(&*first, display("x + 1", MathMode::Mathml).unwrap());
        let mathjax = typeset.display("x + 1", MathMode::Mathjax).unwrap();
        assert_eq!(&*mathjax, display("x + 1", MathMode::Mathjax).unwrap());
    }

    #[test]
    fn mathjax_gets_delimited_latex() {
        assert_eq!(
            display(r"a < b", MathMode::Mathjax).unwrap(),
            r"\[a &lt; b\]"
        );
    }
}
