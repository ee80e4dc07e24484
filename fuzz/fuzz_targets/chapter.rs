//! A whole chapter (Markdown with cnn blocks anywhere: lists, quotes,
//! unclosed fences) → the spliced chapter, with `on-failure = "continue"`
//! so every block is drawn or boxed, not just the first bad one. The book's
//! folder is `fuzz/fixtures` (`image-file = "gray.png"` or `"rgb.png"`).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mdbook_cnn_views::{Config, Examples, process_chapter};

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        Config::from_book_toml("[preprocessor.cnn-views]\non-failure = \"continue\"\n")
            .expect("a valid option")
    })
}

/// The folder `image-file` paths are read from.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

fn examples() -> &'static Examples {
    static EXAMPLES: OnceLock<Examples> = OnceLock::new();
    EXAMPLES.get_or_init(|| Examples::built_in().in_book(FIXTURES))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = process_chapter(text, "src/fuzz.md", examples(), config());
});
