//! The preprocessor's input as mdBook sends it: `[context, book]` JSON,
//! with the book's config (named examples, options) and its chapters. The
//! context's `root` is taken inside `fuzz/fixtures`, so `image-file =
//! "gray.png"` (or `"rgb.png"`) reads a real picture wherever the fuzzer
//! runs.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use mdbook_cnn_views::CnnViews;
use mdbook_preprocessor::Preprocessor;

/// The book folder a relative `root` is taken in.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

fuzz_target!(|data: &[u8]| {
    if let Ok((mut ctx, book)) = mdbook_preprocessor::parse_input(data) {
        ctx.root = Path::new(FIXTURES).join(&ctx.root);
        let _ = CnnViews.run(&ctx, book);
    }
});
