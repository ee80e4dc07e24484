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

#[test]
fn built_in_filter_table_lists_every_filter_with_its_weights() {
    // An unknown name's error lists every built-in filter.
    let err = Directive::parse("filter = \"no-such-filter\"").unwrap_err();
    let mdbook_cnn_views::ErrorKind::UnknownFilter { valid, .. } = err.kind else {
        panic!("an unknown name is an unknown filter: {:?}", err.kind);
    };
    let start = CHAPTER
        .find("### Built-in filters")
        .expect("the section is there");
    let rows: Vec<Vec<String>> = CHAPTER[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|row| row.split('|').map(|c| c.trim().to_string()).collect())
        .collect();
    let documented: Vec<String> = rows
        .iter()
        .map(|r| r[1].trim_matches('`').to_string())
        .collect();
    assert_eq!(
        documented, valid,
        "book/own-book.md's built-in filter table is out of date"
    );
    for row in &rows {
        let name = row[1].trim_matches('`');
        // `[[…]]` or `[[…]] / N`: the weights the name stands for.
        let (weights, divisor) = match row[2].split_once(" / ") {
            Some((w, d)) => (w, d.parse::<f64>().unwrap()),
            None => (row[2].as_str(), 1.0),
        };
        let written = Directive::parse(&format!("filter = {}", weights.trim_matches('`'))).unwrap();
        let named = Directive::parse(&format!("filter = \"{name}\"")).unwrap();
        let written = written.fields.filters.unwrap().value.mapv(|w| w / divisor);
        let named = named.fields.filters.unwrap().value;
        assert!(
            written
                .iter()
                .zip(named.iter())
                .all(|(a, b)| (a - b).abs() < 1e-15),
            "{name}: the table says {written:?}, the code {named:?}"
        );
    }
}
