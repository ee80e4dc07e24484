//! The stages one after another, with no mdBook types: block body →
//! [`Example`] → [`Convolution`] → drawings → chapter text. The mdBook
//! adapter and the `render` command both call it.

use crate::config::{Config, OnFailure};
use crate::directive::Directive;
use crate::engine::{Model, ModelError};
use crate::error::{BlockError, ErrorKind, LocatedError};
use crate::figure::Drawing;
use crate::markdown;
use crate::prose;
use crate::render::html;
use crate::render::math::MathMode;
use crate::resolve::{Example, Examples, locate_network, resolve};
use crate::views;

/// Replaces every cnn block in one chapter. `Ok(None)` means the chapter has
/// no block and is left as it was. Warnings (`on-failure = "continue"`) go
/// to `tracing` at the warn level: the binary prints them to stderr as
/// `warning: …`, and an mdBook running in-process logs them its own way.
pub fn process_chapter(
    text: &str,
    file: &str,
    examples: &Examples,
    config: &Config,
) -> Result<Option<String>, LocatedError> {
    let mut warnings = Vec::new();
    let result = process_chapter_collecting(text, file, examples, config, &mut warnings);
    for warning in warnings {
        tracing::warn!("{warning}");
    }
    result
}

/// [`process_chapter`], with the warnings handed back instead of printed.
pub fn process_chapter_collecting(
    text: &str,
    file: &str,
    examples: &Examples,
    config: &Config,
    warnings: &mut Vec<String>,
) -> Result<Option<String>, LocatedError> {
    // `{{#cnn …}}` values first: they never add a line, so block lines hold.
    let prose = prose::expand(text, file, examples, config, warnings)?;
    let text = prose.as_deref().unwrap_or(text);
    let blocks = markdown::blocks(text);
    if blocks.is_empty() {
        return Ok(prose);
    }
    let stem = slug(file);
    let mut replacements = Vec::with_capacity(blocks.len());
    for (index, block) in blocks.iter().enumerate() {
        let id = format!("cnn-{stem}-{}", index + 1);
        let result = if block.closed {
            render_block(&block.body, examples, &id, config.math)
        } else {
            Err(BlockError::at_fence(ErrorKind::Unclosed))
        };
        let html = match result {
            Ok(html) => html,
            Err(err) => {
                let located = err.locate(file, block.line);
                match config.on_failure {
                    OnFailure::Bail => return Err(located),
                    OnFailure::Continue => {
                        warnings.push(located.to_string());
                        html::error_box(&located.to_string())
                    }
                }
            }
        };
        replacements.push((block.span.clone(), markdown::fit_html(block, &html, text)));
    }
    Ok(Some(markdown::splice(text, replacements)))
}

/// A parsed block → the checked example and its model (the network, its
/// gradients and training), computed once for every view.
pub fn prepare(directive: Directive, examples: &Examples) -> Result<(Example, Model), BlockError> {
    let example = resolve(directive, examples)?;
    // Shapes were checked in `resolve`; fence line is the fallback place.
    let model = Model::new(example.model.clone()).map_err(|e| match e {
        ModelError::Network(e) => locate_network(e, &example.lines),
        ModelError::Learning(e) => BlockError {
            line: example.lines.learning,
            kind: ErrorKind::Learning(e),
        },
    })?;
    Ok((example, model))
}

/// Every requested view of an example, laid out.
pub fn drawings(example: &Example, model: &Model) -> Result<Vec<Drawing>, BlockError> {
    if example.views.is_empty() {
        return Err(BlockError::at_fence(ErrorKind::Views(
            "the block names no view: add `view = \"image\"` (or `views = [\"all\"]`)",
        )));
    }
    example
        .views
        .iter()
        .map(|&view| {
            let mut drawing = views::draw(view, example, model).map_err(BlockError::at_fence)?;
            if example.flipped {
                drawing.turn_weight_colors(example.labels.filter.len());
                drawing.summary.push_str(&flip_note(example));
            }
            Ok(drawing)
        })
        .collect()
}

/// The sentence every figure of a `flip = true` block ends with: which
/// weight now sits where, and why the numbers differ from the unturned
/// filter's.
fn flip_note(example: &Example) -> String {
    let filter = &example.labels.filter;
    let (rows, cols) = filter.dim();
    let (first, last) = (&filter[[0, 0]], &filter[[rows - 1, cols - 1]]);
    let (filters, each) = match example.layer_labels.filters.dim() {
        (1, 1, ..) => ("The filter was", ""),
        (1, ..) => ("The filter was", ", each channel's kernel"),
        _ => ("The filters were", ", every kernel"),
    };
    format!(
        " {filters} turned half a turn (180°){each} before sliding: {} now sits top-left and {} bottom-right, so this is a true convolution. Each weight keeps its color.",
        first.text, last.text
    )
}

/// A block body → the HTML that replaces it.
pub fn render_block(
    body: &str,
    examples: &Examples,
    id: &str,
    math: MathMode,
) -> Result<String, BlockError> {
    let (example, model) = prepare(Directive::parse(body)?, examples)?;
    let drawings = drawings(&example, &model)?;
    html::drawings(&drawings, example.caption.as_deref(), id, math)
        .map_err(|e| BlockError::at_fence(ErrorKind::Math(e.to_string())))
}

/// `book/some dir/x.md` → `some-dir-x`: a stable id part per chapter.
fn slug(file: &str) -> String {
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}
