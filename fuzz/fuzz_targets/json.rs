//! The preprocessor's input as mdBook sends it: `[context, book]` JSON,
//! with the book's config (named examples, options) and its chapters.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_cnn_views::CnnViews;
use mdbook_preprocessor::Preprocessor;

fuzz_target!(|data: &[u8]| {
    if let Ok((ctx, book)) = mdbook_preprocessor::parse_input(data) {
        let _ = CnnViews.run(&ctx, book);
    }
});
