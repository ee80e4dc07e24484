//! The chapter text that replaces a block: figures wrapped in `<figure>`
//! with a caption, or an error box. Markup lives in `templates/`.

use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Tera};

use crate::figure::Drawing;
use crate::render::math::{self, MathMode};
use crate::render::svg;

const FIGURE: &str = "figure.html";
const ERROR: &str = "error.html";

/// The templates, compiled into the binary and parsed on first use only
/// (so `supports` and empty chapters pay nothing).
fn templates() -> &'static Tera {
    static TERA: OnceLock<Tera> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = Tera::default();
        // The templates are part of the binary and tested; a failure here
        // is a bug in this crate, not in the user's book.
        tera.add_raw_templates([
            (FIGURE, include_str!("../../templates/figure.html.tera")),
            (ERROR, include_str!("../../templates/error.html.tera")),
        ])
        .expect("built-in templates parse");
        tera.set_escape_fn(escape);
        tera
    })
}

#[derive(Serialize)]
struct DrawingContext<'a> {
    view: &'a str,
    /// Tested in the template instead of `svg` itself: Tera escapes a
    /// string it tests, which for a big SVG is wasted work.
    has_svg: bool,
    /// Likewise for `math`.
    has_math: bool,
    id: String,
    svg: Option<String>,
    math: Option<String>,
    /// LaTeX for the page's copyable `<script type="text/x-tex">`; it can
    /// hold no `<` (labels are escaped as `\textless{}`), so it can never
    /// close the script early.
    latex: Option<String>,
    summary: &'a str,
}

/// HTML for a block's drawings; `id` is unique on the page (the print page
/// holds every chapter) and prefixes every id inside.
pub fn drawings(
    drawings: &[Drawing],
    caption: Option<&str>,
    id: &str,
    mode: MathMode,
) -> Result<String, String> {
    let mut contexts = Vec::with_capacity(drawings.len());
    for drawing in drawings {
        let id = format!("{id}-{}", drawing.view);
        let latex = drawing.math.as_ref().map(|m| m.latex.as_str());
        contexts.push(DrawingContext {
            view: drawing.view,
            has_svg: drawing.figure.is_some(),
            has_math: latex.is_some(),
            svg: drawing.figure.as_ref().map(|f| svg::render(f, &id)),
            math: latex.map(|l| math::display(l, mode)).transpose()?,
            latex: latex.map(|l| l.replace('<', "\\lt ")),
            id,
            summary: &drawing.summary,
        });
    }
    let mut context = Context::new();
    context.insert("drawings", &contexts);
    context.insert("caption", &caption);
    Ok(render(FIGURE, &context))
}

/// A visible error box with the same message the build would fail with.
pub fn error_box(message: &str) -> String {
    let mut context = Context::new();
    context.insert("message", message);
    render(ERROR, &context)
}

/// Tera's escaping, replaced: its default also escapes `/`, which makes
/// messages with paths hard to read in the page source.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    super::escape_into(&mut out, text);
    out
}

fn render(name: &str, context: &Context) -> String {
    let html = templates()
        .render(name, context)
        .expect("built-in templates render with their context");
    // A blank line would end the HTML block in Markdown.
    html.trim()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}
