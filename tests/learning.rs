//! The book's learning chapters rest on numbers in `book.toml` that must
//! agree with each other: the target of `learn-edge` is the output of the
//! edge filter of `edge-filter` on the same image. A reader who changes the
//! image learns here that the target must follow.

use mdbook_cnn_views::{Config, Directive, Examples, prepare};

const BOOK_TOML: &str = include_str!("../book.toml");

fn examples() -> Examples {
    Config::from_book_toml(BOOK_TOML)
        .unwrap()
        .examples()
        .unwrap()
}

/// A named example's table in `book.toml`.
fn table(name: &str) -> toml::Table {
    let doc: toml::Table = BOOK_TOML.parse().unwrap();
    doc["preprocessor"]["cnn-views"]["examples"][name]
        .as_table()
        .unwrap_or_else(|| panic!("book.toml defines `{name}`"))
        .clone()
}

/// A 2-D array of numbers from TOML.
fn grid(value: &toml::Value) -> Vec<Vec<f64>> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_float().or(x.as_integer().map(|i| i as f64)).unwrap())
                .collect()
        })
        .collect()
}

#[test]
fn the_learning_target_is_the_edge_filters_output() {
    let learner = table("learn-edge");
    let maker = table("edge-filter");
    assert_eq!(
        grid(&learner["image"]),
        grid(&maker["image"]),
        "`learn-edge` and `edge-filter` in book.toml must have the same image"
    );
    let (_, model) = prepare(
        Directive::parse("example = \"edge-filter\"").unwrap(),
        &examples(),
    )
    .unwrap();
    let output: Vec<Vec<f64>> = model
        .plane()
        .expect("the edge filter is one plane")
        .output()
        .rows()
        .into_iter()
        .map(|r| r.to_vec())
        .collect();
    assert_eq!(
        grid(&learner["target"]),
        output,
        "the `target` of `learn-edge` in book.toml must be the output of `edge-filter`'s filter on its image: copy the output into `target`"
    );
}

#[test]
fn the_chapters_training_brings_the_loss_near_zero() {
    // The chapter says the filter is recovered: the loss must end near zero.
    let (_, model) = prepare(
        Directive::parse("example = \"learn-edge\"").unwrap(),
        &examples(),
    )
    .unwrap();
    let json = mdbook_cnn_views::Numbers::new(&model).unwrap().to_value();
    let losses = json["training"]["loss"].as_array().unwrap();
    let first = losses[0].as_f64().unwrap();
    let last = losses.last().unwrap().as_f64().unwrap();
    assert!(last < first * 1e-4, "the loss goes from {first} to {last}");
}
