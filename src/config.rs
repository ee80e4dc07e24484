//! `[preprocessor.cnn-views]` in `book.toml`: options and named examples.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::render::math::MathMode;
use crate::resolve::Examples;

/// What a bad block does to the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnFailure {
    /// Fail the build with the located message (the default: a typo is
    /// never published).
    #[default]
    Bail,
    /// Warn, and put the same message in a visible box on the page (handy
    /// under `mdbook serve`).
    Continue,
}

/// The preprocessor's table in `book.toml`. Unknown keys are rejected so a
/// typo in an option name is not silently ignored.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// `[preprocessor.cnn-views.examples.NAME]`: named examples.
    #[serde(default)]
    pub examples: BTreeMap<String, toml::Table>,
    /// `on-failure = "bail" | "continue"`.
    #[serde(default)]
    pub on_failure: OnFailure,
    /// `math = "mathml" | "mathjax"`: how equations reach the page.
    #[serde(default)]
    pub math: MathMode,
    /// mdBook's own key: how to run the preprocessor.
    #[serde(default)]
    command: Option<String>,
    /// mdBook's own key: renderers to run for.
    #[serde(default)]
    renderers: Option<Vec<String>>,
    /// mdBook's own key: ordering.
    #[serde(default)]
    before: Option<Vec<String>>,
    /// mdBook's own key: ordering.
    #[serde(default)]
    after: Option<Vec<String>>,
    /// mdBook's own key: tolerate a missing binary.
    #[serde(default)]
    optional: Option<bool>,
    /// The book's folder (of `book.toml`), which `image-file` paths are
    /// relative to; not a key: set by [`Config::in_book`]. `None` is the
    /// current folder.
    #[serde(skip)]
    root: Option<std::path::PathBuf>,
}

/// This preprocessor's own option keys (mdBook's keys for every
/// preprocessor come on top); documented in the book's own-book chapter.
pub const OPTION_KEYS: [&str; 3] = ["examples", "on-failure", "math"];

/// Where a book keeps this preprocessor's options.
pub const TABLE: &str = "preprocessor.cnn-views";

impl Config {
    /// Reads the options from mdBook's parsed `book.toml`.
    pub fn from_book(config: &mdbook_preprocessor::config::Config) -> Result<Config> {
        let table: Option<toml::Table> = config
            .get(TABLE)
            .with_context(|| format!("book.toml: [{TABLE}] is not a table"))?;
        Config::from_table(table.unwrap_or_default())
    }

    /// Reads the options from a `book.toml` file's text (for `render --book`).
    pub fn from_book_toml(text: &str) -> Result<Config> {
        let book: toml::Table = text.parse().context("book.toml is not valid TOML")?;
        let table = book
            .get("preprocessor")
            .and_then(|p| p.get("cnn-views"))
            .cloned()
            .unwrap_or(toml::Value::Table(toml::Table::new()));
        match table {
            toml::Value::Table(t) => Config::from_table(t),
            _ => anyhow::bail!("book.toml: [{TABLE}] is not a table"),
        }
    }

    fn from_table(table: toml::Table) -> Result<Config> {
        toml::Value::Table(table).try_into().map_err(|e: toml::de::Error| {
            anyhow::anyhow!(
                "book.toml: [{TABLE}]: {}; valid keys are `examples`, `on-failure`, `math` and mdBook's `command`, `renderers`, `before`, `after`, `optional`",
                e.message().trim()
            )
        })
    }

    /// The same options for the book in the folder `root` (where its
    /// `book.toml` is): `image-file` paths are read from there.
    pub fn in_book(mut self, root: impl Into<std::path::PathBuf>) -> Self {
        self.root = Some(root.into());
        self
    }

    /// Built-in examples overlaid with the book's; an error if any of the
    /// book's is invalid.
    pub fn examples(&self) -> Result<Examples> {
        let examples = self.examples_lenient();
        examples
            .check()
            .map_err(|kind| anyhow::anyhow!("book.toml: {kind}"))?;
        Ok(examples)
    }

    /// Built-in examples overlaid with the book's, invalid ones kept with
    /// their errors (for `on-failure = "continue"`).
    pub fn examples_lenient(&self) -> Examples {
        let examples = Examples::built_in();
        match &self.root {
            Some(root) => examples.in_book(root.clone()),
            None => examples,
        }
        .with_tables(&self.examples)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_options_and_ignores_mdbooks_own_keys() {
        let c = Config::from_book_toml(
            "[preprocessor.cnn-views]\ncommand = \"x\"\non-failure = \"continue\"\n[preprocessor.cnn-views.examples.tiny]\nimage = [[1]]\nfilter = [[2]]\n",
        )
        .unwrap();
        assert_eq!(c.on_failure, OnFailure::Continue);
        assert!(c.examples().unwrap().get("tiny").is_some());
    }

    #[test]
    fn rejects_unknown_options() {
        let err =
            Config::from_book_toml("[preprocessor.cnn-views]\non-failur = \"bail\"\n").unwrap_err();
        assert!(
            err.to_string().contains("unknown field `on-failur`"),
            "{err}"
        );
        let err = Config::from_book_toml("[preprocessor.cnn-views]\non-failure = 3\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("book.toml: [preprocessor.cnn-views]"),
            "{err}"
        );
    }
}
