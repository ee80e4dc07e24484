//! Builds this repository's real `book/` in-process with mdBook and checks
//! that every cnn block became figures whose numbers are the engine's.

mod common;

use std::path::{Path, PathBuf};

use mdbook_cnn_views::{CnnViews, Config, Directive, markdown, number, prepare, process_chapter};
use mdbook_driver::MDBook;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the book at `root` into `out` with this crate's preprocessor
/// in-process (it replaces the `command` from book.toml by name).
fn build(root: &Path, out: &Path) {
    let mut book = MDBook::load(root).expect("book.toml and SUMMARY.md load");
    book.config.build.build_dir = out.to_path_buf();
    book.with_preprocessor(CnnViews);
    book.build().expect("the book builds");
}

/// The HTML of the figure `id`.
fn figure_html<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("figure {id} is on the page"));
    let end = start + html[start..].find("</figure>").expect("figure closes");
    &html[start..end]
}

/// Texts of the SVG `<text>` elements with `class` inside the figure `id`.
fn texts(html: &str, id: &str, class: &str) -> Vec<String> {
    let figure = figure_html(html, id);
    let marker = format!("class=\"{class}\"");
    let mut found = Vec::new();
    for piece in figure.split("<text").skip(1) {
        let (tag, rest) = piece.split_once('>').expect("text tag closes");
        if tag.contains(&marker) {
            let text = rest.split("</text>").next().unwrap_or_default();
            found.push(
                text.replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">"),
            );
        }
    }
    found
}

#[test]
fn every_block_of_the_real_book_becomes_figures_with_the_engines_numbers() {
    let root = repo();
    let out = tempfile::tempdir().unwrap();
    build(&root, out.path());
    let figures_checked = check_book(&root, out.path());
    // Every chapter has at least one figure.
    assert!(
        figures_checked >= 20,
        "only {figures_checked} figures checked"
    );
}

/// Checks every chapter of the book at `root`, built into `out`: one figure
/// per view of every block, with the numbers the engine computes for it
/// (computed here from the chapter source and book.toml). Returns how many
/// figures were checked.
fn check_book(root: &Path, out: &Path) -> usize {
    let config = Config::from_book_toml(&std::fs::read_to_string(root.join("book.toml")).unwrap())
        .unwrap()
        .in_book(root);
    let examples = config.examples().unwrap();
    let mut figures_checked = 0;
    let mut chapters: Vec<_> = std::fs::read_dir(root.join("book"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("SUMMARY.md"))
        .collect();
    chapters.sort();
    for chapter in chapters {
        let text = std::fs::read_to_string(&chapter).unwrap();
        let stem = chapter.file_stem().unwrap().to_str().unwrap();
        let html = std::fs::read_to_string(out.join(format!("{stem}.html")))
            .unwrap_or_else(|_| panic!("{stem}.html was written"));
        assert!(
            !html.contains("language-cnn"),
            "{stem}: a block was left as code"
        );
        let blocks = markdown::blocks(&text);
        assert_eq!(
            html.matches("<figure class=\"cnn-views\"").count(),
            blocks
                .iter()
                .map(|b| prepare(Directive::parse(&b.body).unwrap(), &examples)
                    .unwrap()
                    .0
                    .views
                    .len())
                .sum::<usize>(),
            "{stem}: one figure per view of every block"
        );
        for (index, block) in blocks.iter().enumerate() {
            let (example, model) = prepare(Directive::parse(&block.body).unwrap(), &examples)
                .unwrap_or_else(|e| panic!("{stem} block {}: {e:?}", index + 1));
            // Blocks beyond one plane (channels, filters, layers) are drawn
            // by their own views, checked by their own tests.
            let Some(conv) = model.plane() else {
                continue;
            };
            for view in &example.views {
                let id = format!("cnn-book-{stem}-{}-{}", index + 1, view.name());
                let figure = figure_html(&html, &id);
                match view.name() {
                    "image" | "filter" | "output" => {
                        let numbers = match view.name() {
                            "image" => example.spec.image.clone(),
                            "filter" => example.spec.filter.clone(),
                            _ => conv.output().clone(),
                        };
                        let mut expected: Vec<String> =
                            numbers.iter().map(|&x| number::display(x)).collect();
                        if view.name() == "filter" {
                            expected.push(number::display(example.spec.bias));
                        }
                        let values = texts(&html, &id, "cnn-value");
                        if example.show.values() {
                            assert_eq!(values, expected, "{id}: values");
                        } else {
                            assert!(values.is_empty(), "{id}: values hidden");
                        }
                        if example.show.symbols() {
                            let symbols = texts(&html, &id, "cnn-symbol");
                            assert_eq!(symbols.len(), expected.len(), "{id}: one symbol per value");
                        }
                    }
                    "equations" => {
                        assert!(figure.contains("<math"), "{id}: math");
                        if example.show.values() {
                            for &y in conv.output().iter().take(16) {
                                let result = format!("= {}", number::plain(y));
                                assert!(figure.contains(&result), "{id}: result {result}");
                            }
                        }
                    }
                    "compact" => assert!(figure.contains("<math"), "{id}: math"),
                    "matrix" | "network" | "dense" | "sections" => {
                        assert!(figure.contains("<svg"), "{id}: drawn");
                        if example.show.values() {
                            for &y in conv.output().iter().take(16) {
                                let value = format!(">{}<", number::display(y));
                                assert!(figure.contains(&value), "{id}: output {value}");
                            }
                        }
                    }
                    _ => assert!(figure.contains("<svg"), "{id}: drawn"),
                }
                figures_checked += 1;
            }
        }
    }
    figures_checked
}

#[test]
fn print_page_has_unique_ids() {
    let out = tempfile::tempdir().unwrap();
    build(&repo(), out.path());
    let print = std::fs::read_to_string(out.path().join("print.html")).unwrap();
    let mut ids: Vec<&str> = print
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|id| id.starts_with("cnn-"))
        .collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert!(total > 10);
    assert_eq!(ids.len(), total, "duplicate figure ids on the print page");
}

#[test]
fn changing_the_filter_in_book_toml_changes_every_figure() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_book(root);
    let out = root.join("build");
    build(root, &out);
    let before_checked = check_book(root, &out);
    let before = std::fs::read_to_string(out.join("output.html")).unwrap();

    // The author edits the seed's filter in book.toml, and an inline block.
    let toml = std::fs::read_to_string(root.join("book.toml")).unwrap();
    let edited = toml.replacen("  [1, -1],\n  [2, 0],", "  [0, 2],\n  [-1, 3],", 1);
    assert_ne!(edited, toml, "book.toml still spells the seed's filter out");
    std::fs::write(root.join("book.toml"), edited).unwrap();
    let chapter = std::fs::read_to_string(root.join("book/own-book.md")).unwrap();
    std::fs::write(
        root.join("book/own-book.md"),
        chapter.replace("filter = [[-1, 1]]", "filter = [[2, -1]]"),
    )
    .unwrap();
    build(root, &out);
    assert_eq!(check_book(root, &out), before_checked);

    // By hand: P = 0·2 + 2·0 − 1·1 + 3·3 + 1 = 9, Q = 0·0 + 2·1 − 1·3 + 3·2 + 1 = 6, …
    let after = std::fs::read_to_string(out.join("output.html")).unwrap();
    assert_ne!(before, after);
    assert_eq!(
        texts(&after, "cnn-book-output-1-output", "cnn-value"),
        ["9", "6", "10", "16"]
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    build(&repo(), first.path());
    build(&repo(), second.path());
    let mut compared = 0;
    for entry in std::fs::read_dir(first.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "html") {
            let name = path.file_name().unwrap();
            let a = std::fs::read(&path).unwrap();
            let b = std::fs::read(second.path().join(name)).unwrap();
            assert!(
                a == b,
                "{} differs between two builds",
                name.to_string_lossy()
            );
            compared += 1;
        }
    }
    assert!(compared >= 6);
}

#[test]
fn search_index_holds_prose_not_latex() {
    let out = tempfile::tempdir().unwrap();
    build(&repo(), out.path());
    let index = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("searchindex")
        })
        .expect("a search index is built");
    let text = std::fs::read_to_string(index).unwrap();
    // The chapters' words are searchable (the index stores each section's
    // text) ...
    assert!(text.contains("weight sharing"), "prose is indexed");
    // ... the equations' LaTeX source is not.
    for latex in [
        "BurntOrange",
        "\\\\mathbf",
        "\\\\begin",
        "textless",
        "x-tex",
    ] {
        assert!(!text.contains(latex), "{latex} is in the search index");
    }
    // Some 40 chapters, the code view's programs among them (their numbers
    // are searchable like any code block).
    assert!(text.len() < 900_000, "search index is {} bytes", text.len());
}

/// Under GitHub Pages the book lives at `https://USER.github.io/REPO/`, and a
/// reader may be offline: every link, script, stylesheet and font must be a
/// relative path to a file that is in the build.
#[test]
fn every_asset_is_relative_and_present() {
    let out = tempfile::tempdir().unwrap();
    build(&repo(), out.path());
    let mut checked = 0;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![out.path().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html" || e == "css")
                // 404.html is served from any depth, so it uses absolute links
                // from `site-url`, which the Pages workflow sets to `/REPO/`.
                && !path.ends_with("404.html")
            {
                files.push(path);
            }
        }
    }
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let refs = ["src=\"", "href=\"", "url(\""]
            .iter()
            .flat_map(|marker| text.split(marker).skip(1))
            .filter_map(|rest| rest.split(['"', ')']).next());
        for reference in refs {
            if reference.starts_with('#') || reference.starts_with("data:") || reference.is_empty()
            {
                continue;
            }
            // A link out (the article the book follows) is no asset: offline
            // it just cannot be followed.
            if reference.starts_with("https://")
                && text.contains(&format!("<a href=\"{reference}\""))
            {
                continue;
            }
            assert!(
                !reference.starts_with('/') && !reference.contains("://"),
                "{}: {reference} is not a relative link",
                file.display()
            );
            let local = reference.split(['#', '?']).next().unwrap();
            let target = file.parent().unwrap().join(local);
            assert!(
                target.exists(),
                "{}: {reference} is missing from the build",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} references checked");
}

#[test]
fn mathjax_mode_leaves_latex_for_mathjax() {
    let out = tempfile::tempdir().unwrap();
    let mut book = MDBook::load(repo()).expect("the book loads");
    book.config.build.build_dir = out.path().to_path_buf();
    book.config
        .set("preprocessor.cnn-views.math", "mathjax")
        .unwrap();
    book.config
        .set("output.html.mathjax-support", true)
        .unwrap();
    book.with_preprocessor(CnnViews);
    book.build().expect("the book builds");
    let html = std::fs::read_to_string(out.path().join("equations.html")).unwrap();
    assert!(!html.contains("<math"), "no MathML in MathJax mode");
    assert!(
        html.contains(r#"<div class="cnn-math">\[\begin{aligned}"#),
        "LaTeX for MathJax"
    );
}

/// `render --id` writes the very SVG the preprocessor puts in a chapter
/// (mdBook's HTML renderer then re-serializes the page, e.g. `/>` as ` />`).
#[test]
fn render_gives_the_bytes_a_chapter_embeds() {
    let root = repo();
    let config = Config::from_book_toml(&std::fs::read_to_string(root.join("book.toml")).unwrap())
        .unwrap()
        .in_book(&root);
    let text = std::fs::read_to_string(root.join("book/matrix.md")).unwrap();
    let chapter = process_chapter(
        &text,
        "book/matrix.md",
        &config.examples().unwrap(),
        &config,
    )
    .unwrap()
    .unwrap();
    let start = chapter.find("<svg").unwrap();
    let embedded = &chapter[start..start + chapter[start..].find("</svg>").unwrap() + 6];
    assert!(embedded.contains("id=\"cnn-book-matrix-1-matrix-title\""));
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-cnn-views"))
        .args([
            "render",
            "--book",
            env!("CARGO_MANIFEST_DIR"),
            "--example",
            "seed",
        ])
        .args([
            "--view",
            "matrix",
            "--format",
            "svg",
            "--id",
            "cnn-book-matrix-1",
        ])
        .output()
        .unwrap();
    assert!(cli.status.success());
    assert_eq!(String::from_utf8_lossy(&cli.stdout).trim_end(), embedded);
}
