//! Equations as LaTeX, written from the Tera templates in `templates/`.
//! Views hand over plain data (symbols and numbers already in LaTeX form);
//! the templates hold every bit of layout.

use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Tera};

use crate::render::number;

/// LaTeX color names for the shared weights, in palette order. They are
/// `xcolor`/MathJax names close to the SVG palette's hues; the stylesheet
/// maps them to the theme's text colors in the browser.
pub const WEIGHT_COLORS: [&str; 7] = [
    "BurntOrange",
    "Cerulean",
    "ForestGreen",
    "olive",
    "Blue",
    "BrickRed",
    "DarkOrchid",
];

/// The LaTeX color of shared weight number `k`.
pub fn weight_color(k: usize) -> &'static str {
    WEIGHT_COLORS[k % WEIGHT_COLORS.len()]
}

/// One product `weight · input` of an equation.
#[derive(Debug, Clone, Serialize)]
pub struct Product {
    /// The weight's symbol, LaTeX.
    pub weight: String,
    /// Its value, LaTeX (negative values in parentheses).
    pub weight_value: String,
    /// The weight's LaTeX color name.
    pub color: &'static str,
    /// The input's symbol, LaTeX (unused when `padding`).
    pub input: String,
    /// The input's value, LaTeX.
    pub input_value: String,
    /// Whether the input is a padding zero.
    pub padding: bool,
}

/// One output's equation.
#[derive(Debug, Clone, Serialize)]
pub struct Equation {
    /// The output's symbol, LaTeX.
    pub output: String,
    /// Its products, in filter order.
    pub products: Vec<Product>,
    /// The result, LaTeX.
    pub result: String,
}

/// A number as a LaTeX factor: `2`, `(-1)`, `0.5`.
pub fn factor(x: f64) -> String {
    let text = number::plain(x);
    if text.starts_with('-') {
        format!("({text})")
    } else {
        text
    }
}

fn templates() -> &'static Tera {
    static TERA: OnceLock<Tera> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = Tera::default();
        tera.add_raw_templates([
            (
                "equations.tex",
                include_str!("../../templates/equations.tex.tera"),
            ),
            (
                "compact.tex",
                include_str!("../../templates/compact.tex.tera"),
            ),
            (
                "matrix.tex",
                include_str!("../../templates/matrix.tex.tera"),
            ),
        ])
        .expect("built-in LaTeX templates parse");
        tera.autoescape_on(vec![]);
        tera
    })
}

/// Renders template `name` (`equations.tex`, `compact.tex`, `matrix.tex`).
pub fn render(name: &str, context: &Context) -> String {
    let latex = templates()
        .render(name, context)
        .expect("built-in LaTeX templates render with their context");
    latex
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_keep_signs_readable() {
        assert_eq!(factor(2.0), "2");
        assert_eq!(factor(-1.0), "(-1)");
        assert_eq!(factor(0.25), "0.25");
    }
}
