//! The book's text follows `book.toml` like its figures do: a copy of the
//! book is built with every number of every example changed, and its prose
//! (the chapters without figures, math and code) must resolve every
//! `{{#cnn …}}` and state no value of the original examples.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mdbook_cnn_views::{CnnViews, Config, Directive, Numbers, number, prepare};
use mdbook_driver::MDBook;

/// Builds the book at `root` into `out`, with this crate in-process.
fn build(root: &Path, out: &Path) {
    let mut book = MDBook::load(root).expect("book.toml and SUMMARY.md load");
    book.config.build.build_dir = out.to_path_buf();
    book.with_preprocessor(CnnViews);
    book.build().expect("the book builds");
}

/// The examples with channels or filters that the later chapters use.
const LAYER_EXAMPLES: [&str; 3] = ["rgb", "two-filters", "one-by-one"];

/// Every number of the JSON lists `value` holds.
fn json_numbers(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Number(n) => {
            out.insert(number::display(n.as_f64().unwrap_or_default()));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_numbers(v, out)),
        _ => {}
    }
}

/// Every number of every example's images, filters, biases and outputs, as
/// the page writes them (padding, stride and dilation are shapes, not
/// values).
fn values(book_toml: &str) -> BTreeSet<String> {
    let examples = Config::from_book_toml(book_toml)
        .unwrap()
        .examples()
        .unwrap();
    let mut found = BTreeSet::new();
    for name in ["seed", "seed-padded"] {
        let body = format!("example = \"{name}\"");
        let (example, model) = prepare(Directive::parse(&body).unwrap(), &examples).unwrap();
        let conv = model.plane().expect("the book's examples are one plane");
        let spec = &example.spec;
        let numbers = spec
            .image
            .iter()
            .chain(spec.filter.iter())
            .chain(conv.output().iter())
            .chain(std::iter::once(&spec.bias));
        found.extend(numbers.map(|&x| number::display(x)));
    }
    for name in LAYER_EXAMPLES {
        let body = format!("example = \"{name}\"");
        let (_, model) = prepare(Directive::parse(&body).unwrap(), &examples).unwrap();
        let json = Numbers::new(&model).unwrap().to_value();
        for key in ["image", "filters", "biases", "filter", "bias", "output"] {
            json_numbers(&json[key], &mut found);
        }
    }
    found
}

/// Replaces every number inside `value` by the next of `next`, keeping its
/// sign, so that no new number equals an old one.
fn renumber(value: &mut toml_edit::Value, next: &mut i64) {
    match value {
        toml_edit::Value::Array(items) => items.iter_mut().for_each(|v| renumber(v, next)),
        toml_edit::Value::Integer(_) | toml_edit::Value::Float(_) => {
            let negative = value.as_integer().is_some_and(|i| i < 0)
                || value.as_float().is_some_and(|f| f < 0.0);
            *next += 1;
            *value = toml_edit::Value::from(if negative { -*next } else { *next });
        }
        _ => {}
    }
}

/// `book.toml` with every number of both examples replaced by ones no
/// original value equals (and none of them zero).
fn changed(book_toml: &str) -> String {
    let mut doc: toml_edit::DocumentMut = book_toml.parse().unwrap();
    let grid = |rows: &[&[i64]]| {
        toml_edit::value(
            rows.iter()
                .map(|row| row.iter().copied().collect::<toml_edit::Array>())
                .collect::<toml_edit::Array>(),
        )
    };
    let examples = &mut doc["preprocessor"]["cnn-views"]["examples"];
    assert!(
        examples["seed"].is_table() && examples["seed-padded"].is_table(),
        "book.toml spells out both examples"
    );
    let seed = &mut examples["seed"];
    seed["image"] = grid(&[&[11, 12, 13], &[14, 15, 16], &[17, 18, 19]]);
    seed["filter"] = grid(&[&[31, -32], &[33, 34]]);
    seed["bias"] = toml_edit::value(35);
    let padded = &mut examples["seed-padded"];
    padded["image"] = grid(&[&[51, 52, 53], &[54, 55, 56], &[57, 58, 59]]);
    padded["filter"] = grid(&[&[41, 42, 43], &[44, -45, 46], &[47, 48, 49]]);
    padded["bias"] = toml_edit::value(50);
    let mut next = 60;
    for name in LAYER_EXAMPLES {
        let example = examples[name]
            .as_table_mut()
            .unwrap_or_else(|| panic!("book.toml spells out `{name}`"));
        for key in ["image", "filter", "filters", "bias", "biases"] {
            if let Some(value) = example.get_mut(key).and_then(|item| item.as_value_mut()) {
                renumber(value, &mut next);
            }
        }
    }
    doc.to_string()
}

/// The text a reader reads in a chapter's HTML: the page's main part
/// without figures, math and code, tags turned into spaces.
fn prose(html: &str) -> String {
    let start = html.find("<main>").expect("a main part");
    let end = html.rfind("</main>").expect("main closes");
    let mut text = html[start..end].to_string();
    for (open, close) in [
        ("<figure", "</figure>"),
        ("<math", "</math>"),
        ("<pre", "</pre>"),
        ("<code", "</code>"),
    ] {
        while let Some(from) = text.find(open) {
            let to = text[from..]
                .find(close)
                .map_or(text.len(), |n| from + n + close.len());
            text.replace_range(from..to, " ");
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// Every number the prose gives a symbol: "P = 5", "δ is 0", "b, which is
/// 1", and every negative number ("−1": a count is never negative).
fn stated_values(prose: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = prose.split_whitespace().collect();
    let is_symbol = |w: &str| {
        let w = w.trim_end_matches(',');
        let mut chars = w.chars();
        matches!((chars.next(), chars.next()), (Some(c), None)
            if c.is_ascii_uppercase() || ('α'..='ω').contains(&c) || c == 'b')
    };
    let number = |w: &str| {
        let w = w.trim_end_matches(['.', ',', ':', ';', ')']);
        let digits = w.strip_prefix('\u{2212}').unwrap_or(w);
        (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.'))
            .then(|| w.to_string())
    };
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let Some(value) = number(word) else { continue };
        let context = words[i.saturating_sub(3)..i].join(" ");
        let before = &words[i.saturating_sub(2)..i];
        let stated = match before {
            [symbol, "=" | "is"] => is_symbol(symbol),
            _ => false,
        } || context.ends_with("which is");
        if stated || value.starts_with('\u{2212}') {
            found.push((format!("{context} {word}"), value));
        }
    }
    found
}

#[test]
fn prose_follows_every_value_in_book_toml() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_book(root);
    let original = std::fs::read_to_string(root.join("book.toml")).unwrap();
    let before = values(&original);
    let edited = changed(&original);
    let after = values(&edited);
    assert!(
        before.is_disjoint(&after),
        "the new values must differ from the old: {:?}",
        before.intersection(&after).collect::<Vec<_>>()
    );
    std::fs::write(root.join("book.toml"), &edited).unwrap();
    let out = root.join("build");
    build(root, &out);

    let mut references = 0;
    let mut statements = 0;
    let mut chapters: Vec<PathBuf> = std::fs::read_dir(root.join("book"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("SUMMARY.md"))
        .collect();
    chapters.sort();
    for chapter in chapters {
        let stem = chapter.file_stem().unwrap().to_str().unwrap();
        let source = std::fs::read_to_string(&chapter).unwrap();
        references += source.matches("{{#cnn ").count();
        let html = std::fs::read_to_string(out.join(format!("{stem}.html"))).unwrap();
        assert!(!html.contains("cnn-error"), "{stem}: an error on the page");
        let text = prose(&html);
        assert!(
            !text.contains("{{#cnn"),
            "{stem}: a {{{{#cnn …}}}} outside code was left as it is"
        );
        for (context, value) in stated_values(&text) {
            assert!(
                after.contains(&value),
                "{stem}: \"{context}\" states {value}, which is no value of the edited examples: a number the text should compute with {{{{#cnn …}}}}"
            );
            statements += 1;
        }
    }
    // The book uses the feature, and the check above saw what it wrote.
    assert!(references >= 10, "only {references} references");
    assert!(statements >= 10, "only {statements} values stated");

    // The computed sentences say the edited numbers, e.g. P in the sections
    // chapter.
    let examples = Config::from_book_toml(&edited).unwrap().examples().unwrap();
    let (_, model) = prepare(Directive::parse("example = \"seed\"").unwrap(), &examples).unwrap();
    let conv = model.plane().expect("the seed is one plane");
    let p = number::display(conv.output()[[0, 0]]);
    let sections = prose(&std::fs::read_to_string(out.join("sections.html")).unwrap());
    assert!(
        sections.contains(&format!("P = {p}")),
        "sections: P = {p} is in the text"
    );
}

#[test]
fn the_check_catches_a_hard_coded_value() {
    let text = prose(
        "<main><p>Here P = 5 and δ is 0, b, which is 1 here, R is −1.</p><figure>P = 7</figure><p><code>P = 9</code></p></main>",
    );
    let values: Vec<String> = stated_values(&text).into_iter().map(|(_, v)| v).collect();
    assert_eq!(values, ["5", "0", "1", "\u{2212}1"]);
}
