//! A block body (TOML) → every view: the body is wrapped in a chapter as a
//! ```cnn block, with `views = ["all"]` in front unless it names views
//! itself, and goes through the chapter pipeline. Any panic, abort, hang
//! or memory blow-up is a bug; an error is fine. The book's folder is
//! `fuzz/fixtures`, so `image-file = "gray.png"` (8×8 gray) and
//! `"rgb.png"` (4×4 RGB) read real pictures.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mdbook_cnn_views::{Config, Examples, process_chapter};

/// The folder `image-file` paths are read from.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

fn examples() -> &'static Examples {
    static EXAMPLES: OnceLock<Examples> = OnceLock::new();
    EXAMPLES.get_or_init(|| Examples::built_in().in_book(FIXTURES))
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let views = if body.contains("view") {
        ""
    } else {
        "views = [\"all\"]\n"
    };
    // A long fence, so a ``` inside the body stays inside the block.
    let chapter = format!("# Fuzz\n\n``````cnn\n{views}{body}\n``````\n");
    let _ = process_chapter(&chapter, "src/fuzz.md", examples(), &Config::default());
});
