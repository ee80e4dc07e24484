//! The chapter text that replaces a block: figures wrapped in `<figure>`
//! with a caption, or an error box. Markup lives in `templates/`; the
//! contexts are typed, and a template that cannot render is an error value.

use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Tera};

use crate::figure::Drawing;
use crate::render::code::{self, CodeBlock, CodeError, Layout};
use crate::render::controls;
use crate::render::latex;
use crate::render::math::{MathError, MathMode, Typeset};
use crate::render::svg;
// Tera's escaping, replaced: its default also escapes `/`, which makes
// messages with paths hard to read in the page source.
use crate::render::escape;

const FIGURE: &str = "figure.html";
const ERROR: &str = "error.html";
const CONTROLS: &str = "interactive.html";

/// Why a block's HTML could not be written: always a bug in this crate (the
/// templates are built in and tested), reported with the block.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HtmlError {
    /// Its equations could not be typeset.
    #[error(transparent)]
    Math(#[from] MathError),
    /// Its programs could not be written.
    #[error(transparent)]
    Code(#[from] CodeError),
    /// A built-in HTML template failed.
    #[error("could not write the {template} HTML: {message}")]
    Template {
        /// The template's name.
        template: &'static str,
        /// What Tera said, with its causes.
        message: String,
    },
}

/// The templates, compiled into the binary and each parsed on its first
/// use only (so `supports`, empty chapters and books without interactive
/// views pay nothing for what they do not use); a parse error is kept and
/// reported by every render.
fn templates(name: &'static str) -> Result<&'static Tera, HtmlError> {
    const SOURCES: [(&str, &str); 3] = [
        (FIGURE, include_str!("../../templates/figure.html.tera")),
        (ERROR, include_str!("../../templates/error.html.tera")),
        (
            CONTROLS,
            include_str!("../../templates/interactive.html.tera"),
        ),
    ];
    type Parsed = OnceLock<Result<Tera, HtmlError>>;
    static PARSED: [Parsed; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = SOURCES
        .iter()
        .position(|(n, _)| *n == name)
        .ok_or_else(|| HtmlError::Template {
            template: name,
            message: "no such built-in template".to_string(),
        })?;
    let source = SOURCES[slot].1;
    PARSED[slot]
        .get_or_init(|| {
            let mut tera = Tera::default();
            tera.add_raw_template(name, source)
                .map_err(|e| template_error("built-in", &e))?;
            tera.set_escape_fn(escape);
            Ok(tera)
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// What `figure.html` reads.
#[derive(Serialize)]
struct FigureContext<'a> {
    drawings: Vec<DrawingContext<'a>>,
    caption: Option<&'a str>,
}

/// The big parts of a figure (SVG, MathML, LaTeX) reach the template as
/// stand-ins, `<cnn-part N>`, put in place after it ran: copying them
/// through Tera took a tenth of the build. Nothing else in the template's
/// output can look like one, as all text in it is escaped.
#[derive(Serialize)]
struct DrawingContext<'a> {
    view: &'a str,
    has_svg: bool,
    has_math: bool,
    /// Likewise for `controls`.
    has_controls: bool,
    /// Markup: the id's stand-in and the view's name.
    id: String,
    svg: Option<String>,
    math: Option<String>,
    /// LaTeX for the page's copyable `<script type="text/x-tex">`; it can
    /// hold no `<` (labels are escaped as `\textless{}`), so it can never
    /// close the script early.
    latex: Option<String>,
    /// The live controls' HTML (the interactive view).
    controls: Option<String>,
    summary: &'a str,
    /// Says that colors and marks repeat, when the filter has more
    /// weights than there are.
    repeats: Option<String>,
    /// Programs, written as fenced Markdown code blocks so mdBook
    /// highlights them.
    code: Vec<CodeContext>,
    /// The note on weight layouts under the programs.
    layout: Option<Layout>,
}

/// One program as a fenced code block.
#[derive(Serialize)]
struct CodeContext {
    #[serde(flatten)]
    block: CodeBlock,
    /// A run of backticks longer than any in the program, so no line of it
    /// can close the block.
    fence: String,
}

impl CodeContext {
    fn new(block: CodeBlock) -> Self {
        let longest = block
            .text
            .split(|c| c != '`')
            .map(str::len)
            .max()
            .unwrap_or(0);
        CodeContext {
            fence: "`".repeat(longest.max(2) + 1),
            block,
        }
    }
}

/// What `error.html` reads.
#[derive(Serialize)]
struct ErrorContext<'a> {
    message: &'a str,
}

/// Where a block's id goes in [`Unplaced`] HTML. Like the parts'
/// stand-ins, no text can look like it, as all text is escaped.
const ID: &str = "<cnn-id>";

/// A block's HTML with the places of its id left open: a block that a book
/// repeats (the same example and views in many chapters) is written once
/// and placed under each chapter's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    /// The HTML without its id.
    text: String,
    /// Where the id goes in `text`, in order (byte offsets).
    places: Vec<usize>,
}

impl Unplaced {
    /// `html` with every [`ID`] taken out and its place noted.
    fn new(html: &str) -> Self {
        let mut text = String::with_capacity(html.len());
        let mut places = Vec::new();
        let mut copied = 0;
        for (at, _) in html.match_indices(ID) {
            text.push_str(&html[copied..at]);
            places.push(text.len());
            copied = at + ID.len();
        }
        text.push_str(&html[copied..]);
        Unplaced { text, places }
    }

    /// The HTML with `id` (escaped here) in every place.
    pub fn with_id(&self, id: &str) -> String {
        let id = escape(id);
        let mut out = String::with_capacity(self.text.len() + self.places.len() * id.len());
        let mut copied = 0;
        for &at in &self.places {
            out.push_str(&self.text[copied..at]);
            out.push_str(&id);
            copied = at;
        }
        out.push_str(&self.text[copied..]);
        out
    }
}

/// HTML for a block's drawings, with the id left open: the id given to
/// [`Unplaced::with_id`] is unique on the page (the print page holds every
/// chapter) and prefixes every id inside.
pub fn unplaced(
    drawings: &[Drawing],
    caption: Option<&str>,
    mode: MathMode,
    typeset: &Typeset,
) -> Result<Unplaced, HtmlError> {
    let mut contexts = Vec::with_capacity(drawings.len());
    let mut parts: Vec<String> = Vec::with_capacity(3 * drawings.len());
    let mut stand_in = |part: String| {
        parts.push(part);
        format!("<cnn-part {}>", parts.len() - 1)
    };
    for drawing in drawings {
        let id = format!("{ID}-{}", escape(drawing.view));
        let latex = drawing
            .math
            .as_ref()
            .map(latex::render)
            .transpose()
            .map_err(MathError::from)?;
        let controls = drawing
            .controls
            .as_ref()
            .map(|c| render(CONTROLS, &controls::context(c, &id)))
            .transpose()?;
        let math = latex
            .as_deref()
            .map(|l| typeset.display(l, mode))
            .transpose()?;
        contexts.push(DrawingContext {
            view: drawing.view,
            has_svg: drawing.figure.is_some(),
            has_math: latex.is_some(),
            has_controls: controls.is_some(),
            controls,
            svg: drawing
                .figure
                .as_ref()
                .map(|f| stand_in(svg::inline_markup(f, &id))),
            math: math.map(|m| stand_in(m.to_string())),
            latex: latex.map(|l| stand_in(l.replace('<', "\\lt "))),
            id,
            summary: &drawing.summary,
            repeats: repeats(drawing),
            code: match &drawing.code {
                Some(program) => code::render(program)?
                    .into_iter()
                    .map(CodeContext::new)
                    .collect(),
                None => Vec::new(),
            },
            layout: drawing.code.as_ref().and_then(code::layout),
        });
    }
    let html = render(
        FIGURE,
        &FigureContext {
            drawings: contexts,
            caption,
        },
    )?;
    Ok(Unplaced::new(&put_parts(&html, &parts)))
}

/// `html` with every `<cnn-part N>` replaced by `parts[N]`.
fn put_parts(html: &str, parts: &[String]) -> String {
    const OPEN: &str = "<cnn-part ";
    let mut out = String::with_capacity(html.len() + parts.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len()..];
        let part = after
            .find('>')
            .and_then(|end| Some((after[..end].parse::<usize>().ok()?, end)))
            .and_then(|(n, end)| Some((parts.get(n)?, end)));
        match part {
            Some((part, end)) => {
                out.push_str(part);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The caption's note when a drawing has more shared weights than colors
/// and marks, so a reader does not take two same-colored weights for one.
fn repeats(drawing: &Drawing) -> Option<String> {
    let in_figure = drawing
        .figure
        .as_ref()
        .and_then(|f| svg::max_weight(&f.items));
    let in_math = drawing.math.as_ref().and_then(latex::max_weight);
    (in_figure.max(in_math)? >= svg::DISTINCT_WEIGHTS).then(|| {
        format!(
            "Colors and marks repeat after {} weights: the labels tell the weights apart.",
            svg::DISTINCT_WEIGHTS
        )
    })
}

/// A visible error box with the same message the build would fail with.
/// Should its template fail, the message is still shown, in plainer markup.
pub fn error_box(message: &str) -> String {
    render(ERROR, &ErrorContext { message }).unwrap_or_else(|_| {
        format!(
            "<div class=\"cnn-views cnn-error\" data-view=\"error\" role=\"alert\"><code>{}</code></div>",
            escape(message)
        )
    })
}

fn render(name: &'static str, context: &impl Serialize) -> Result<String, HtmlError> {
    let context = Context::from_serialize(context).map_err(|e| template_error(name, &e))?;
    let html = templates(name)?
        .render(name, &context)
        .map_err(|e| template_error(name, &e))?;
    Ok(markdown_safe(&html))
}

/// The template's output as one HTML block in Markdown, except for fenced
/// code blocks, which stay Markdown (so mdBook highlights them): outside a
/// fence a blank line would end the HTML block, so there are none; around
/// a fence there must be one, to leave the HTML block and to come back;
/// inside a fence every line is the program's own, blank ones too.
fn markdown_safe(html: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut fence: Option<&str> = None;
    for line in html.trim().lines() {
        match fence {
            Some(open) => {
                out.push(line);
                if line.trim_end() == open {
                    out.push("");
                    fence = None;
                }
            }
            None if line.starts_with("```") => {
                if out.last().is_some_and(|l| !l.is_empty()) {
                    out.push("");
                }
                out.push(line);
                fence = Some(line.split(|c| c != '`').next().unwrap_or("```"));
            }
            None if line.trim().is_empty() => {}
            None => out.push(line),
        }
    }
    out.join("\n")
}

fn template_error(template: &'static str, err: &tera::Error) -> HtmlError {
    HtmlError::Template {
        template,
        message: latex::describe(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_go_where_their_stand_ins_are() {
        let parts = ["<svg>a</svg>".to_string(), "<math/>".to_string()];
        assert_eq!(
            put_parts(
                "<figure><cnn-part 1>\n<cnn-part 0><cnn-part 9><cnn-part x</figure>",
                &parts
            ),
            "<figure><math/>\n<svg>a</svg><cnn-part 9><cnn-part x</figure>"
        );
    }

    fn block(body: &str) -> String {
        crate::pipeline::render_block(
            body,
            &crate::resolve::Examples::built_in(),
            "t",
            MathMode::Mathml,
        )
        .unwrap()
    }

    #[test]
    fn past_nine_weights_the_caption_says_labels_tell_them_apart() {
        let four = "filter = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 1, 2, 3], [4, 5, 6, 7]]";
        let html = block(&format!(
            "image = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 1], [2, 3, 4, 5, 6], [7, 8, 9, 1, 2], [3, 4, 5, 6, 7]]\n{four}\nviews = [\"filter\", \"equations\"]"
        ));
        assert_eq!(
            html.matches("the labels tell the weights apart").count(),
            2,
            "{html}"
        );
        let nine = block("example = \"seed-padded\"\nview = \"filter\"");
        assert!(!nine.contains("the labels tell"), "{nine}");
    }

    #[test]
    fn figures_of_values_only_still_tell_weights_apart_without_color() {
        let html = block("example = \"seed\"\nshow = \"values\"\nview = \"filter\"");
        assert_eq!(html.matches("class=\"cnn-mark\"").count(), 4, "{html}");
    }

    #[test]
    fn escaped_text_cannot_stand_in_for_a_part() {
        assert_eq!(escape("<cnn-part 0>"), "&lt;cnn-part 0&gt;");
    }

    /// Labels and a caption that spell the id's stand-in stay text: the id
    /// goes only where the writers put it, escaped.
    #[test]
    fn the_id_goes_only_in_its_places() {
        let body = "example = \"seed\"\nimage-labels = [[\"<cnn-id>\", \"B\", \"C\"], [\"D\", \"E\", \"F\"], [\"G\", \"H\", \"I\"]]\ncaption = \"<cnn-id>\"\nviews = [\"all\", \"interactive\"]";
        let html = crate::pipeline::render_block(
            body,
            &crate::resolve::Examples::built_in(),
            "a&b",
            MathMode::Mathml,
        )
        .unwrap();
        assert!(!html.contains(ID), "{html}");
        assert!(html.contains("&lt;cnn-id&gt;"), "{html}");
        assert!(html.contains("id=\"a&amp;b-image\""), "{html}");
        assert!(html.contains("id=\"a&amp;b-interactive-play\""), "{html}");
        assert!(!html.contains("\"a&b"), "{html}");
    }

    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

    use crate::config::Config;
    use crate::pipeline::process_chapter;
    use crate::resolve::Examples;

    #[test]
    fn fences_keep_their_blank_lines_and_nothing_else_does() {
        let html = "<figure>\n\n<p>x</p>\n```python\na\n\nb\n```\n</div>\n\n</figure>";
        assert_eq!(
            markdown_safe(html),
            "<figure>\n<p>x</p>\n\n```python\na\n\nb\n```\n\n</div>\n</figure>"
        );
    }

    /// The programs of a code view stay Markdown code blocks (highlighted
    /// by mdBook) inside the figure, in a list item and in a block quote
    /// too, and what follows the block is still ordinary text.
    #[test]
    fn code_blocks_survive_markdown_in_every_container() {
        for (open, indent) in [("", ""), ("- ", "  "), ("> ", "> ")] {
            let text = format!(
                "# T\n\n{open}```cnn\n{indent}example = \"seed\"\n{indent}view = \"code\"\n{indent}```\n\nAfter.\n"
            );
            let page = process_chapter(&text, "x.md", &Examples::built_in(), &Config::default())
                .unwrap()
                .unwrap();
            let mut languages = Vec::new();
            let mut code = String::new();
            let mut in_code = false;
            let mut after = false;
            for event in Parser::new(&page) {
                match event {
                    Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                        languages.push(info.split(',').next().unwrap_or("").to_string());
                        in_code = true;
                    }
                    Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_code = false,
                    Event::Text(t) if in_code => code.push_str(&t),
                    Event::Text(t) if t.as_ref() == "After." => after = true,
                    _ => {}
                }
            }
            assert_eq!(languages, ["python", "python", "rust"], "{open:?}: {page}");
            assert!(
                code.contains("\n\nprint(y.tolist())\n"),
                "{open:?}: the programs keep their blank lines"
            );
            assert!(after, "{open:?}: the text after the block is a paragraph");
            assert!(page.contains("<figure class=\"cnn-views\" data-view=\"code\""));
        }
    }
}
