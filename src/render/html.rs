//! The chapter text that replaces a block: figures wrapped in `<figure>`
//! with a caption, or an error box. Markup lives in `templates/`.

use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Tera};

use crate::figure::Figure;
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
        tera
    })
}

#[derive(Serialize)]
struct FigureContext<'a> {
    view: &'a str,
    id: String,
    svg: String,
    summary: &'a str,
}

/// HTML for a block's figures; `id` is unique on the page (the print page
/// holds every chapter) and prefixes every id inside.
pub fn figures(figures: &[Figure], caption: Option<&str>, id: &str) -> String {
    let figures: Vec<FigureContext<'_>> = figures
        .iter()
        .map(|figure| {
            let id = format!("{id}-{}", figure.view.name());
            FigureContext {
                view: figure.view.name(),
                svg: svg::render(figure, &id),
                id,
                summary: &figure.summary,
            }
        })
        .collect();
    let mut context = Context::new();
    context.insert("figures", &figures);
    context.insert("caption", &caption);
    render(FIGURE, &context)
}

/// A visible error box with the same message the build would fail with.
pub fn error_box(message: &str) -> String {
    let mut context = Context::new();
    context.insert("message", message);
    render(ERROR, &context)
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
