//! Opens every chapter of the real book in headless Chromium, in a light
//! and a dark theme, and fails on console errors, failed loads, figures that
//! did not draw, math that did not render or figures that ignore the theme.
//!
//! Needs `chromium` (or set `CHROMIUM` to a browser binary), so it is
//! ignored by default: run it with `cargo test -- --include-ignored`. Run
//! without a browser, it fails and says what to install.

use std::path::{Path, PathBuf};
use std::process::Command;

use mdbook_cnn_views::CnnViews;
use mdbook_driver::MDBook;

const CHECK: &str = include_str!("browser/check.js");

/// The browser: `CHROMIUM`, else the first Chromium on PATH. Panics when
/// there is none, so a missing browser is a failure, never a silent pass.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .expect("no chromium on PATH: apt-get install chromium fonts-dejavu-core, or set CHROMIUM")
}

fn build(out: &Path, theme: &str) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut book = MDBook::load(&root).expect("the book loads");
    book.config.build.build_dir = out.to_path_buf();
    book.config
        .set("output.html.default-theme", theme)
        .expect("theme is settable");
    book.with_preprocessor(CnnViews);
    book.build().expect("the book builds");
}

/// Runs the page with the check script and returns its JSON verdict.
fn check_page(browser: &Path, page: &Path, profile: &Path, width: u32) -> serde_json::Value {
    let html = std::fs::read_to_string(page).unwrap();
    let injected = html.replacen("<head>", &format!("<head><script>{CHECK}</script>"), 1);
    std::fs::write(page, injected).unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            &format!("--window-size={width},1200"),
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&output.stdout);
    let start = dom.find("data-cnn-check=\"").unwrap_or_else(|| {
        panic!(
            "{}: the check did not finish; DOM starts {:?}",
            page.display(),
            &dom[..dom.len().min(300)]
        )
    });
    let rest = &dom[start + "data-cnn-check=\"".len()..];
    let json = &rest[..rest.find('"').expect("attribute closes")];
    let json = json
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    serde_json::from_str(&json).expect("the verdict is JSON")
}

#[test]
#[ignore = "needs chromium"]
fn every_chapter_renders_in_light_and_dark_themes() {
    let browser = chromium();
    let profile = tempfile::tempdir().unwrap();
    // The light theme at a desktop width, the dark one at a phone's.
    for (theme, width) in [("light", 1000), ("coal", 400)] {
        let out = tempfile::tempdir().unwrap();
        build(out.path(), theme);
        let mut pages: Vec<PathBuf> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "html")
                    && !["print.html", "toc.html", "404.html"]
                        .iter()
                        .any(|skip| p.ends_with(skip))
            })
            .collect();
        pages.sort();
        assert!(pages.len() >= 4, "the book has its chapters");
        let mut figures = 0;
        let mut maths = 0;
        for page in &pages {
            let verdict = check_page(&browser, page, profile.path(), width);
            let name = page.file_name().unwrap().to_string_lossy();
            assert_eq!(
                verdict["problems"],
                serde_json::json!([]),
                "{theme} {name}: {verdict}"
            );
            assert!(
                verdict["theme"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(theme),
                "{theme} {name}: page is in theme {}",
                verdict["theme"]
            );
            assert_eq!(
                verdict["fill"], verdict["ink"],
                "{theme} {name}: figure text does not follow the theme's ink"
            );
            figures += verdict["figures"].as_u64().unwrap_or(0);
            maths += verdict["maths"].as_u64().unwrap_or(0);
        }
        assert!(figures >= 10, "{theme}: only {figures} figures seen");
        assert!(maths >= 3, "{theme}: only {maths} equations seen");
    }
}
