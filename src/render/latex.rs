//! Equations as LaTeX, written from the Tera templates in `templates/`.
//! Views hand over typed [`Math`]; this module turns it into one typed
//! context per template (`#[derive(Serialize)]`, symbols and numbers already
//! in LaTeX form), so the templates hold every bit of layout and a template
//! that cannot render is an error value, never a panic.

use std::error::Error as _;
use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Tera};

use crate::figure::{Compact, Equation, Equations, Input, Math, MatrixProduct, Quantity, Weight};
use crate::render::number;

/// LaTeX color names for the shared weights, in palette order: `xcolor`
/// (`dvipsnames`) and MathJax names near the hues of the SVG palette (Paul
/// Tol's "muted": rose, indigo, sand, green, cyan, wine, teal, olive,
/// purple), one per color. In the page, MathML shows them in the theme's
/// colors through the same classes as the figures' text.
pub const WEIGHT_COLORS: [&str; 9] = [
    "WildStrawberry",
    "RoyalPurple",
    "Goldenrod",
    "ForestGreen",
    "CornflowerBlue",
    "RedViolet",
    "JungleGreen",
    "olive",
    "Mulberry",
];

/// The LaTeX color of untrainable zeros and padding, as the templates
/// write it.
pub const ZERO_COLOR: &str = "gray";

/// The LaTeX color of shared weight number `k`.
pub fn weight_color(k: usize) -> &'static str {
    WEIGHT_COLORS[k % WEIGHT_COLORS.len()]
}

/// The highest shared-weight index `math` colors, if any: past the
/// palette a caption says that colors repeat.
pub fn max_weight(math: &Math) -> Option<usize> {
    let equation = |e: &Equation| e.products.iter().map(|p| p.weight.color).max();
    match math {
        Math::Equations(m) => m.equations.iter().filter_map(equation).max(),
        Math::Compact(m) => m.equations.iter().filter_map(equation).max(),
        Math::Matrix(m) => m.rows.iter().flatten().flatten().map(|w| w.color).max(),
    }
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

/// A built-in template that could not be parsed or rendered: a bug in this
/// crate, reported with the block instead of aborting the build.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not write the {template} LaTeX: {message}")]
pub struct LatexError {
    /// The template's name, e.g. `equations.tex`.
    pub template: &'static str,
    /// What Tera said, with its causes.
    pub message: String,
}

const EQUATIONS: &str = "equations.tex";
const COMPACT: &str = "compact.tex";
const MATRIX: &str = "matrix.tex";

/// The LaTeX of one display-mode formula.
pub fn render(math: &Math) -> Result<String, LatexError> {
    match math {
        Math::Equations(equations) => render_with(EQUATIONS, &EquationsContext::new(equations)),
        Math::Compact(compact) => render_with(COMPACT, &CompactContext::new(compact)),
        Math::Matrix(matrix) => render_with(MATRIX, &MatrixContext::new(matrix)),
    }
}

/// What `equations.tex` reads.
#[derive(Serialize)]
struct EquationsContext {
    equations: Vec<EquationContext>,
    bias: String,
    bias_value: String,
    show_symbols: bool,
    show_values: bool,
}

impl EquationsContext {
    fn new(math: &Equations) -> Self {
        EquationsContext {
            equations: math.equations.iter().map(EquationContext::new).collect(),
            bias: math.bias.symbol.clone(),
            bias_value: factor(math.bias.value),
            show_symbols: math.symbols,
            show_values: math.values,
        }
    }
}

/// One output's equation, as `equations.tex` and `compact.tex` read it.
#[derive(Serialize)]
struct EquationContext {
    output: String,
    products: Vec<ProductContext>,
    result: String,
}

impl EquationContext {
    fn new(equation: &Equation) -> Self {
        EquationContext {
            output: equation.output.symbol.clone(),
            products: equation
                .products
                .iter()
                .enumerate()
                .map(|(i, p)| ProductContext {
                    after_gap: equation.elided > 0 && i + 1 == equation.products.len(),
                    ..ProductContext::new(&p.weight, &p.input)
                })
                .collect(),
            result: number::plain(equation.output.value),
        }
    }
}

/// One product `weight · input`.
#[derive(Serialize)]
struct ProductContext {
    weight: String,
    /// Negative values in parentheses.
    weight_value: String,
    color: &'static str,
    /// Unused when `padding`.
    input: String,
    input_value: String,
    padding: bool,
    /// Written after `⋯`: the last product of a shortened equation.
    after_gap: bool,
}

impl ProductContext {
    fn new(weight: &Weight, input: &Input) -> Self {
        let (input, input_value, padding) = match input {
            Input::Pixel(pixel) => (pixel.symbol.clone(), factor(pixel.value), false),
            Input::Padding => ("0".to_string(), "0".to_string(), true),
        };
        ProductContext {
            weight: weight.quantity.symbol.clone(),
            weight_value: factor(weight.quantity.value),
            color: weight_color(weight.color),
            input,
            input_value,
            padding,
            after_gap: false,
        }
    }
}

/// What `compact.tex` reads.
#[derive(Serialize)]
struct CompactContext {
    output_symbol: String,
    input_symbol: String,
    weight_symbol: String,
    bias: String,
    last_u: usize,
    last_v: usize,
    last_i: usize,
    last_j: usize,
    row_index: String,
    col_index: String,
    /// How many product columns (and one `+` between each two).
    weights: usize,
    equations: Vec<EquationContext>,
}

impl CompactContext {
    fn new(math: &Compact) -> Self {
        let index = |axis: usize, out: &str, tap: &str| {
            index(
                out,
                tap,
                math.stride[axis],
                math.dilation[axis],
                math.padding[axis],
            )
        };
        CompactContext {
            output_symbol: math.output.clone(),
            input_symbol: math.input.clone(),
            weight_symbol: math.weight.clone(),
            bias: math.bias.clone(),
            last_u: math.filter[0].saturating_sub(1),
            last_v: math.filter[1].saturating_sub(1),
            last_i: math.outputs[0].saturating_sub(1),
            last_j: math.outputs[1].saturating_sub(1),
            row_index: index(0, "i", "u"),
            col_index: index(1, "j", "v"),
            // One column per written product, and one for a `⋯`.
            weights: math
                .equations
                .first()
                .map_or(math.filter[0] * math.filter[1], |e| {
                    e.products.len() + usize::from(e.elided > 0)
                }),
            equations: math.equations.iter().map(EquationContext::new).collect(),
        }
    }
}

/// `2i + u - 1`: the input index of output index `out` and filter index
/// `tap`, for this stride, dilation and padding.
fn index(out: &str, tap: &str, stride: usize, dilation: usize, padding: usize) -> String {
    let mut text = match stride {
        1 => out.to_string(),
        s => format!("{s}{out}"),
    };
    match dilation {
        1 => text.push_str(&format!(" + {tap}")),
        d => text.push_str(&format!(" + {d}{tap}")),
    }
    if padding > 0 {
        text.push_str(&format!(" - {padding}"));
    }
    text
}

/// What `matrix.tex` reads: symbols or numbers, as the block shows.
#[derive(Serialize)]
struct MatrixContext {
    rows: Vec<Vec<CellContext>>,
    inputs: Vec<String>,
    outputs: Vec<String>,
    bias: String,
}

/// One entry of the weight matrix; no color means an untrainable zero.
#[derive(Serialize)]
struct CellContext {
    color: Option<&'static str>,
    text: String,
}

impl MatrixContext {
    fn new(math: &MatrixProduct) -> Self {
        let text = |q: &Quantity| {
            if math.symbols {
                q.symbol.clone()
            } else {
                number::plain(q.value)
            }
        };
        MatrixContext {
            rows: math
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|entry| match entry {
                            Some(w) => CellContext {
                                color: Some(weight_color(w.color)),
                                text: text(&w.quantity),
                            },
                            None => CellContext {
                                color: None,
                                text: "0".into(),
                            },
                        })
                        .collect()
                })
                .collect(),
            inputs: math.inputs.iter().map(text).collect(),
            outputs: math.outputs.iter().map(text).collect(),
            bias: text(&math.bias),
        }
    }
}

/// The templates, compiled into the binary and parsed on first use; a
/// parse error is kept and reported by every render.
fn templates() -> Result<&'static Tera, LatexError> {
    static TERA: OnceLock<Result<Tera, LatexError>> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = Tera::default();
        tera.add_raw_templates([
            (
                EQUATIONS,
                include_str!("../../templates/equations.tex.tera"),
            ),
            (COMPACT, include_str!("../../templates/compact.tex.tera")),
            (MATRIX, include_str!("../../templates/matrix.tex.tera")),
        ])
        .map_err(|e| error("built-in", &e))?;
        tera.autoescape_on(vec![]);
        Ok(tera)
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// Renders template `name` with a typed context, dropping blank lines and
/// trailing spaces.
fn render_with(name: &'static str, context: &impl Serialize) -> Result<String, LatexError> {
    let context = Context::from_serialize(context).map_err(|e| error(name, &e))?;
    let latex = templates()?
        .render(name, &context)
        .map_err(|e| error(name, &e))?;
    Ok(latex
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n"))
}

fn error(template: &'static str, err: &tera::Error) -> LatexError {
    LatexError {
        template,
        message: describe(err),
    }
}

/// A Tera error with its causes: its own message is often only "failed to
/// render 'x'", the reason is in its sources.
pub(crate) fn describe(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
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

    #[test]
    fn index_spells_out_the_hyper_parameters() {
        assert_eq!(index("i", "u", 1, 1, 0), "i + u");
        assert_eq!(index("j", "v", 2, 3, 1), "2j + 3v - 1");
    }

    #[test]
    fn a_template_error_is_a_value_with_its_cause() {
        #[derive(Serialize)]
        struct Nothing {}
        let err = render_with(EQUATIONS, &Nothing {}).unwrap_err();
        assert_eq!(err.template, EQUATIONS);
        assert!(err.message.contains("equations"), "{err}");
        assert!(err.to_string().starts_with("could not write"), "{err}");
    }

    #[test]
    fn matrix_writes_numbers_without_parentheses() {
        let q = |symbol: &str, value| Quantity {
            symbol: symbol.into(),
            value,
        };
        let matrix = MatrixProduct {
            rows: vec![vec![
                Some(Weight {
                    quantity: q(r"\alpha", -1.0),
                    color: 0,
                }),
                None,
            ]],
            inputs: vec![q("A", 2.0), q("B", 3.0)],
            outputs: vec![q("P", -1.5)],
            bias: q("b", 0.5),
            symbols: false,
        };
        let latex = render(&Math::Matrix(matrix)).unwrap();
        assert!(
            latex.contains(r"{\color{WildStrawberry}-1} & {\color{gray}0}"),
            "{latex}"
        );
        assert!(latex.contains("-1.5"), "{latex}");
    }
}
