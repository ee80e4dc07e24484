//! A whole chapter (Markdown with cnn blocks anywhere: lists, quotes,
//! unclosed fences) → the spliced chapter, with `on-failure = "continue"`
//! so every block is drawn or boxed, not just the first bad one.
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

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = process_chapter(text, "src/fuzz.md", &Examples::built_in(), config());
});
