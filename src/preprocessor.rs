//! The mdBook side: walk the chapters, turn every cnn block into figures,
//! and apply `on-failure`.

use anyhow::Result;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

use crate::config::{Config, OnFailure};
use crate::directive::Directive;
use crate::engine::Convolution;
use crate::error::{BlockError, ErrorKind, LocatedError};
use crate::figure::Drawing;
use crate::markdown;
use crate::render::html;
use crate::render::math::MathMode;
use crate::resolve::{Example, Examples, resolve};

/// The `cnn-views` preprocessor.
#[derive(Debug, Default, Clone, Copy)]
pub struct CnnViews;

impl CnnViews {
    /// The name books use: `[preprocessor.cnn-views]`.
    pub const NAME: &'static str = "cnn-views";
}

impl Preprocessor for CnnViews {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let config = Config::from_book(&ctx.config)?;
        let examples = match config.on_failure {
            OnFailure::Bail => config.examples()?,
            OnFailure::Continue => {
                let examples = config.examples_lenient();
                for err in examples.invalid() {
                    eprintln!("warning: book.toml: {err}");
                }
                examples
            }
        };
        let src = ctx.config.book.src.clone();
        // Chapters are independent: draw them on every core, then put the
        // results back in book order, so the output and the order of the
        // messages do not depend on which thread finished first.
        let mut jobs = Vec::new();
        for_each_source(&mut book, |file, content| {
            jobs.push((src.join(file), content.clone()))
        });
        let results = parallel_map(&jobs, |(file, content)| {
            let file = file.to_string_lossy().replace('\\', "/");
            let mut warnings = Vec::new();
            process_chapter_collecting(content, &file, &examples, &config, &mut warnings)
                .map(|text| (text, warnings))
        });
        let mut texts = Vec::with_capacity(results.len());
        for result in results {
            let (text, warnings) = result?;
            for warning in warnings {
                eprintln!("warning: {warning}");
            }
            texts.push(text);
        }
        let mut texts = texts.into_iter();
        for_each_source(&mut book, |_, content| {
            if let Some(Some(text)) = texts.next() {
                *content = text;
            }
        });
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> Result<bool> {
        Ok(supports(renderer))
    }
}

/// Renderers whose output can hold the figures: HTML, and mdBook's
/// `markdown` renderer (which shows what the preprocessor wrote).
pub fn supports(renderer: &str) -> bool {
    matches!(renderer, "html" | "markdown")
}

/// Calls `f` with the source path and text of every chapter that has a
/// file, depth first (mdBook's order).
fn for_each_source(book: &mut Book, mut f: impl FnMut(&std::path::Path, &mut String)) {
    book.for_each_mut(|item| {
        if let BookItem::Chapter(chapter) = item
            && let Some(path) = chapter.source_path.clone().or(chapter.path.clone())
        {
            f(&path, &mut chapter.content);
        }
    });
}

/// `f` over `items` on all available cores; results in the items' order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let mut indexed: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let f = &f;
                scope.spawn(move || {
                    // Interleaved, so long and short chapters spread evenly.
                    (w..items.len())
                        .step_by(workers)
                        .map(|i| (i, f(&items[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    indexed.sort_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, r)| r).collect()
}

/// Replaces every cnn block in one chapter. `Ok(None)` means the chapter has
/// no block and is left as it was. Warnings (`on-failure = "continue"`) go
/// to stderr.
pub fn process_chapter(
    text: &str,
    file: &str,
    examples: &Examples,
    config: &Config,
) -> Result<Option<String>, LocatedError> {
    let mut warnings = Vec::new();
    let result = process_chapter_collecting(text, file, examples, config, &mut warnings);
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    result
}

/// [`process_chapter`], with the warnings handed back instead of printed.
fn process_chapter_collecting(
    text: &str,
    file: &str,
    examples: &Examples,
    config: &Config,
    warnings: &mut Vec<String>,
) -> Result<Option<String>, LocatedError> {
    let blocks = markdown::blocks(text);
    if blocks.is_empty() {
        return Ok(None);
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

/// A parsed block → the checked example and its convolution, computed once.
pub fn prepare(
    directive: Directive,
    examples: &Examples,
) -> Result<(Example, Convolution), BlockError> {
    let example = resolve(directive, examples)?;
    // Shapes were checked in `resolve`; fence line is the fallback place.
    let conv = Convolution::new(example.spec.clone()).map_err(BlockError::at_fence)?;
    Ok((example, conv))
}

/// Every requested view of an example, laid out.
pub fn drawings(example: &Example, conv: &Convolution) -> Result<Vec<Drawing>, BlockError> {
    if example.views.is_empty() {
        return Err(BlockError::at_fence(ErrorKind::Views(
            "the block names no view: add `view = \"image\"` (or `views = [\"all\"]`)",
        )));
    }
    Ok(example
        .views
        .iter()
        .map(|&view| view.draw(example, conv))
        .collect())
}

/// A block body → the HTML that replaces it.
pub fn render_block(
    body: &str,
    examples: &Examples,
    id: &str,
    math: MathMode,
) -> Result<String, BlockError> {
    let (example, conv) = prepare(Directive::parse(body)?, examples)?;
    let drawings = drawings(&example, &conv)?;
    html::drawings(&drawings, example.caption.as_deref(), id, math)
        .map_err(|e| BlockError::at_fence(ErrorKind::Math(e)))
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
