//! An author's first steps, with the real `mdbook` and this binary found by
//! its default name: `mdbook init`, `mdbook-cnn-views install`, one block,
//! `mdbook build`. Also `render --output`.
//!
//! The first test needs `mdbook` 0.5 on PATH, so it is ignored by default:
//! run it with `cargo test -- --include-ignored`. Run without mdBook, it
//! fails and says how to install it.

mod common;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_mdbook-cnn-views");

/// PATH with this crate's binary first, so mdBook finds it by name.
fn path_with_binary() -> OsString {
    let dir = Path::new(BIN).parent().unwrap().to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir).chain(std::env::split_paths(&rest))).unwrap()
}

fn run(program: &str, args: &[&str], dir: &Path) -> Output {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", path_with_binary())
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
#[ignore = "needs mdbook"]
fn fresh_book_set_up_with_install() {
    common::require_mdbook();
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("mybook");
    run(
        "mdbook",
        &[
            "init",
            book.to_str().unwrap(),
            "--title",
            "Mine",
            "--ignore",
            "none",
        ],
        dir.path(),
    );
    let before = std::fs::read_to_string(book.join("book.toml")).unwrap();

    let first = run(BIN, &["install", book.to_str().unwrap()], dir.path());
    assert!(String::from_utf8_lossy(&first.stdout).contains("wrote"));
    let config = std::fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(
        config.starts_with(before.trim_end()),
        "install keeps what was there:\n{config}"
    );
    assert!(config.contains("[preprocessor.cnn-views]"));
    let second = run(BIN, &["install", book.to_str().unwrap()], dir.path());
    assert!(String::from_utf8_lossy(&second.stdout).contains("already set up"));
    assert_eq!(
        std::fs::read_to_string(book.join("book.toml")).unwrap(),
        config
    );

    let chapter = book.join("src/chapter_1.md");
    let mut text = std::fs::read_to_string(&chapter).unwrap();
    text.push_str("\n```cnn\nimage = [[1, 2], [3, 4]]\nfilter = [[1]]\nbias = 1\nviews = [\"output\", \"equations\"]\n```\n");
    std::fs::write(&chapter, text).unwrap();
    run("mdbook", &["build"], &book);

    let html = std::fs::read_to_string(book.join("book/chapter_1.html")).unwrap();
    assert!(
        html.contains("<figure class=\"cnn-views\" data-view=\"output\""),
        "{html}"
    );
    assert!(html.contains("<math"), "equations became MathML");
    assert!(
        book.join("book/cnn-views-fonts/texgyredejavu-math.woff2")
            .is_file()
    );
    let css = std::fs::read_dir(book.join("book/assets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("cnn-views") && name.ends_with(".css"))
        .expect("the stylesheet is in the build");
    assert!(html.contains(&format!("assets/{css}")));
    let script = std::fs::read_dir(book.join("book/assets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("cnn-views") && name.ends_with(".js"))
        .expect("the interactive view's script is in the build");
    assert!(html.contains(&format!("assets/{script}")));
}

#[test]
fn render_output_writes_what_stdout_prints() {
    let dir = tempfile::tempdir().unwrap();
    let file: PathBuf = dir.path().join("filter.svg");
    run(
        BIN,
        &[
            "render",
            "--example",
            "seed",
            "--view",
            "filter",
            "--format",
            "svg",
            "--output",
            file.to_str().unwrap(),
        ],
        dir.path(),
    );
    let svg = std::fs::read_to_string(&file).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    let stdout = run(
        BIN,
        &[
            "render",
            "--example",
            "seed",
            "--view",
            "filter",
            "--format",
            "svg",
        ],
        dir.path(),
    );
    assert_eq!(String::from_utf8_lossy(&stdout.stdout), svg);
}
