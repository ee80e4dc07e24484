//! The stages one after another, with no mdBook types: block body →
//! [`Example`] → [`Convolution`] → drawings → chapter text. The mdBook
//! adapter and the `render` command both call it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::config::{Config, OnFailure};
use crate::directive::Directive;
use crate::engine::{Model, ModelError};
use crate::error::{BlockError, ErrorKind, LocatedError};
use crate::figure::Drawing;
use crate::markdown;
use crate::prose;
use crate::render::html::{self, Unplaced};
use crate::render::math::{MathMode, Typeset};
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
    let memo = Memo::default();
    let result = process_chapter_collecting(text, file, examples, config, &memo, &mut warnings);
    for warning in warnings {
        tracing::warn!("{warning}");
    }
    result
}

/// Blocks drawn so far, by body text, each with its id left open. A book
/// repeats blocks (a named example in the same views in many chapters):
/// each is drawn once, and the memo is shared by the chapters' threads (a
/// thread that needs a block another is drawing waits for it). The body is
/// the key because within one run it decides the figure: the examples and
/// the config are the run's. So one memo serves one run.
#[derive(Default)]
pub struct Memo {
    drawn: Mutex<HashMap<(MathMode, String), Arc<Drawn>>>,
    /// Formulas typeset so far, for blocks that differ but share one.
    typeset: Typeset,
}

/// One block's HTML or its (unlocated) error, filled by the first thread.
type Drawn = OnceLock<Result<Unplaced, BlockError>>;

impl Memo {
    /// The block's HTML under `id`, drawn now if no block with this body
    /// was drawn before in this run.
    fn render(
        &self,
        body: &str,
        examples: &Examples,
        id: &str,
        math: MathMode,
    ) -> Result<String, BlockError> {
        let entry = {
            // A poisoned lock only means another thread panicked while
            // holding it; the map itself is still whole.
            let mut drawn = self.drawn.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(drawn.entry((math, body.to_string())).or_default())
        };
        match entry.get_or_init(|| render_unplaced(body, examples, math, &self.typeset)) {
            Ok(html) => Ok(html.with_id(id)),
            Err(err) => Err(err.clone()),
        }
    }
}

/// [`process_chapter`], with the warnings handed back instead of printed,
/// and blocks already drawn in this run taken from `memo`.
pub fn process_chapter_collecting(
    text: &str,
    file: &str,
    examples: &Examples,
    config: &Config,
    memo: &Memo,
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
            memo.render(&block.body, examples, &id, config.math)
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
            }
            if let Some(note) = example.flip_note(view) {
                drawing.summary.push_str(&note);
            }
            Ok(drawing)
        })
        .collect()
}

/// A block body → the HTML that replaces it.
pub fn render_block(
    body: &str,
    examples: &Examples,
    id: &str,
    math: MathMode,
) -> Result<String, BlockError> {
    render_unplaced(body, examples, math, &Typeset::default()).map(|html| html.with_id(id))
}

/// [`render_block`] with the id left open, and formulas typeset before
/// taken from `typeset`.
fn render_unplaced(
    body: &str,
    examples: &Examples,
    math: MathMode,
    typeset: &Typeset,
) -> Result<Unplaced, BlockError> {
    let (example, model) = prepare(Directive::parse(body)?, examples)?;
    let drawings = drawings(&example, &model)?;
    html::unplaced(&drawings, example.caption.as_deref(), math, typeset)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter(blocks: &[&str]) -> String {
        let mut text = String::from("# T\n");
        for body in blocks {
            text.push_str(&format!("\n```cnn\n{body}\n```\n"));
        }
        text
    }

    /// A block drawn once and placed again reads exactly as if it had been
    /// drawn in each place, in one chapter and across chapters.
    #[test]
    fn a_repeated_block_is_the_same_as_one_drawn_anew() {
        let examples = Examples::built_in();
        let config = Config::default();
        let memo = Memo::default();
        let block = "example = \"seed\"\nviews = [\"all\", \"interactive\"]";
        let text = chapter(&[block, "example = \"seed\"\nview = \"filter\"", block]);
        for file in ["a.md", "b.md"] {
            let mut warnings = Vec::new();
            let page =
                process_chapter_collecting(&text, file, &examples, &config, &memo, &mut warnings)
                    .unwrap()
                    .unwrap();
            let stem = file.trim_end_matches(".md");
            for (n, body) in [(1, block), (3, block)] {
                let id = format!("cnn-{stem}-{n}");
                let fresh = render_block(body, &examples, &id, config.math).unwrap();
                assert!(page.contains(&fresh), "{file}, block {n}");
            }
            assert!(warnings.is_empty());
        }
        assert_eq!(memo.drawn.lock().unwrap().len(), 2, "two bodies drawn");
    }

    /// A bad block repeated is reported where it is (the line of its
    /// key), every time.
    #[test]
    fn a_repeated_error_is_located_each_time() {
        let examples = Examples::built_in();
        let memo = Memo::default();
        let mut config = Config::default();
        config.on_failure = OnFailure::Continue;
        let text = chapter(&[
            "example = \"nope\"\nview = \"image\"",
            "example = \"nope\"\nview = \"image\"",
        ]);
        let mut warnings = Vec::new();
        process_chapter_collecting(&text, "x.md", &examples, &config, &memo, &mut warnings)
            .unwrap();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("x.md:4:"), "{warnings:?}");
        assert!(warnings[1].starts_with("x.md:9:"), "{warnings:?}");
        let bail = Config::default();
        let err = process_chapter_collecting(&text, "y.md", &examples, &bail, &memo, &mut warnings)
            .unwrap_err();
        assert!(err.to_string().starts_with("y.md:4:"), "{err}");
    }
}
