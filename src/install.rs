//! `mdbook-cnn-views install [BOOK_DIR]`: sets a book up in one command.
//! Adds `[preprocessor.cnn-views]`, the stylesheet and the interactive
//! view's script to `book.toml` (keeping the author's formatting and
//! comments) and copies the assets the figures need. Running it again
//! changes nothing.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// The stylesheet, as `book.toml` refers to it (relative to the book root).
pub const CSS_PATH: &str = "assets/cnn-views.css";
/// The interactive view's script, as `book.toml` refers to it.
pub const JS_PATH: &str = "assets/cnn-views.js";
/// The math font's folder, inside the book's source folder; the stylesheet
/// finds it at `../cnn-views-fonts/` from the built `assets/` folder.
pub const FONT_DIR: &str = "cnn-views-fonts";
/// The math font's file name.
pub const FONT_FILE: &str = "texgyredejavu-math.woff2";

const CSS: &[u8] = include_bytes!("../assets/cnn-views.css");
const JS: &[u8] = include_bytes!("../assets/cnn-views.js");
const FONT: &[u8] = include_bytes!("../book/cnn-views-fonts/texgyredejavu-math.woff2");
const FONT_README: &[u8] = include_bytes!("../book/cnn-views-fonts/README.md");

/// What `install` did, for the message it prints.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Files written or changed, relative to the book root.
    pub changed: Vec<String>,
}

/// Sets up the book in `root`.
pub fn install(root: &Path) -> Result<Report> {
    let config_path = root.join("book.toml");
    let text = fs::read_to_string(&config_path).with_context(|| {
        format!(
            "no book.toml in {}: run `mdbook init` there first, or pass the book's folder",
            root.display()
        )
    })?;
    let mut doc: DocumentMut = text
        .parse()
        .with_context(|| format!("{} is not valid TOML", config_path.display()))?;
    let src = doc
        .get("book")
        .and_then(|b| b.get("src"))
        .and_then(|s| s.as_str())
        .unwrap_or("src")
        .to_string();
    edit_config(&mut doc)?;

    let mut report = Report::default();
    let new_text = doc.to_string();
    if new_text != text {
        fs::write(&config_path, new_text)
            .with_context(|| format!("could not write {}", config_path.display()))?;
        report.changed.push("book.toml".into());
    }
    let fonts = PathBuf::from(&src).join(FONT_DIR);
    for (path, bytes) in [
        (PathBuf::from(CSS_PATH), CSS),
        (PathBuf::from(JS_PATH), JS),
        (fonts.join(FONT_FILE), FONT),
        (fonts.join("README.md"), FONT_README),
    ] {
        if write_if_changed(&root.join(&path), bytes)? {
            report
                .changed
                .push(path.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(report)
}

/// Adds the preprocessor table, the stylesheet and the script, leaving all
/// else alone.
fn edit_config(doc: &mut DocumentMut) -> Result<()> {
    let preprocessor = doc
        .entry("preprocessor")
        .or_insert_with(implicit_table)
        .as_table_mut()
        .context("book.toml: `preprocessor` is not a table")?;
    if !preprocessor.contains_key("cnn-views") {
        preprocessor.insert("cnn-views", Item::Table(Table::new()));
    }
    let html = doc
        .entry("output")
        .or_insert_with(implicit_table)
        .as_table_mut()
        .context("book.toml: `output` is not a table")?
        .entry("html")
        .or_insert(Item::Table(Table::new()))
        .as_table_mut()
        .context("book.toml: `output.html` is not a table")?;
    add_to_list(html, "additional-css", CSS_PATH)?;
    add_to_list(html, "additional-js", JS_PATH)
}

/// Appends `path` to the list `key` of `[output.html]` unless it is there.
fn add_to_list(html: &mut Table, key: &str, path: &str) -> Result<()> {
    let entry = html
        .entry(key)
        .or_insert(Item::Value(Value::Array(Array::new())));
    let Some(list) = entry.as_array_mut() else {
        bail!("book.toml: `output.html.{key}` is not a list");
    };
    if !list.iter().any(|v| v.as_str() == Some(path)) {
        list.push(path);
    }
    Ok(())
}

fn implicit_table() -> Item {
    let mut table = Table::new();
    table.set_implicit(true);
    Item::Table(table)
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("could not create {}", parent.display()))?;
    }
    fs::write(path, bytes).with_context(|| format!("could not write {}", path.display()))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_comments_and_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let original = "# My book\n[book]\ntitle = \"Mine\"  # keep me\nsrc = \"text\"\n\n[output.html]\nadditional-css = [\"custom.css\"]\n";
        fs::write(dir.path().join("book.toml"), original).unwrap();
        let first = install(dir.path()).unwrap();
        assert_eq!(
            first.changed,
            [
                "book.toml",
                "assets/cnn-views.css",
                "assets/cnn-views.js",
                "text/cnn-views-fonts/texgyredejavu-math.woff2",
                "text/cnn-views-fonts/README.md"
            ]
        );
        let edited = fs::read_to_string(dir.path().join("book.toml")).unwrap();
        assert!(
            edited.starts_with("# My book\n[book]\ntitle = \"Mine\"  # keep me\n"),
            "{edited}"
        );
        assert!(
            edited.contains("additional-css = [\"custom.css\", \"assets/cnn-views.css\"]"),
            "{edited}"
        );
        assert!(
            edited.contains("additional-js = [\"assets/cnn-views.js\"]"),
            "{edited}"
        );
        assert!(edited.contains("[preprocessor.cnn-views]"), "{edited}");
        let second = install(dir.path()).unwrap();
        assert_eq!(second, Report::default());
        assert_eq!(
            fs::read_to_string(dir.path().join("book.toml")).unwrap(),
            edited
        );
    }

    #[test]
    fn needs_a_book() {
        let dir = tempfile::tempdir().unwrap();
        let err = install(dir.path()).unwrap_err();
        assert!(err.to_string().starts_with("no book.toml in"), "{err}");
    }
}
