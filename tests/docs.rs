//! The option tables in `book/own-book.md` are the documentation of every
//! key; this test keeps them in step with the code.

use std::collections::BTreeSet;

use mdbook_cnn_views::{BLOCK_KEYS, Config, Directive, FIELD_KEYS, OPTION_KEYS, View};

const CHAPTER: &str = include_str!("../book/own-book.md");

/// Rows of the table under `heading`: (key, example).
fn table(heading: &str) -> Vec<(String, String)> {
    let start = CHAPTER
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} is in the chapter"));
    CHAPTER[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|row| {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            (
                cells[1].trim_matches('`').to_string(),
                cells[4].trim_matches('`').to_string(),
            )
        })
        .collect()
}

#[test]
fn block_key_table_lists_every_key_with_a_working_example() {
    let rows = table("## Block keys");
    let documented: BTreeSet<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
    let code: BTreeSet<&str> = BLOCK_KEYS
        .iter()
        .chain(FIELD_KEYS.iter())
        .copied()
        .collect();
    assert_eq!(
        documented, code,
        "book/own-book.md's block key table is out of date"
    );
    for (key, example) in &rows {
        assert!(
            example.starts_with(&format!("{key} = ")),
            "{key}: example {example}"
        );
        Directive::parse(example)
            .unwrap_or_else(|e| panic!("{key}: {example} does not parse: {e:?}"));
    }
}

#[test]
fn option_table_lists_every_option() {
    let rows = table("## Options in");
    let documented: BTreeSet<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        documented,
        OPTION_KEYS.iter().copied().collect::<BTreeSet<_>>()
    );
    for (key, example) in rows.iter().filter(|(k, _)| k != "examples") {
        let toml = format!("[preprocessor.cnn-views]\n{example}\n");
        Config::from_book_toml(&toml).unwrap_or_else(|e| panic!("{key}: {e}"));
    }
}

#[test]
fn every_view_is_listed_in_order() {
    let names: Vec<String> = View::ALL
        .iter()
        .map(|v| format!("`{}`", v.name()))
        .collect();
    let listed = names.join(", ").replace(", `compact`", ",\n`compact`");
    assert!(
        CHAPTER.contains(&listed),
        "the view list in book/own-book.md should read:\n{listed}"
    );
}
