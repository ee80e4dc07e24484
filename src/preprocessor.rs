//! The mdBook side: walk the chapters, turn every cnn block into figures,
//! and apply `on-failure`.

use anyhow::Result;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

use crate::config::{Config, OnFailure};
use crate::pipeline::{Memo, process_chapter_collecting};

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
        let config = Config::from_book(&ctx.config)?.in_book(&ctx.root);
        let examples = match config.on_failure {
            OnFailure::Bail => config.examples()?,
            OnFailure::Continue => {
                let examples = config.examples_lenient();
                for err in examples.invalid() {
                    tracing::warn!("book.toml: {err}");
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
        // A block repeated anywhere in the book is drawn once.
        let memo = Memo::default();
        let results = parallel_map(&jobs, |(file, content)| {
            let file = file.to_string_lossy().replace('\\', "/");
            let mut warnings = Vec::new();
            process_chapter_collecting(content, &file, &examples, &config, &memo, &mut warnings)
                .map(|text| (text, warnings))
        });
        let mut texts = Vec::with_capacity(results.len());
        for result in results {
            let (text, warnings) = result?;
            for warning in warnings {
                tracing::warn!("{warning}");
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
