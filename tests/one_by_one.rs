//! The 1×1 chapter says that a 1×1 convolution is a dense layer applied to
//! every pixel. This checks its numbers: at every pixel, the outputs of its
//! example (what the chapter's `{{#cnn …}}` and figures state) equal the
//! K×C weight matrix times that pixel's C channel values plus the biases,
//! computed here from `book.toml` alone, without the engine.

use std::process::Command;

const BOOK_TOML: &str = include_str!("../book.toml");
const CHAPTER: &str = include_str!("../book/one-by-one.md");

/// Every number of a nested TOML list, in order.
fn numbers(value: &toml::Value) -> Vec<f64> {
    match value {
        toml::Value::Array(items) => items.iter().flat_map(numbers).collect(),
        toml::Value::Integer(i) => vec![*i as f64],
        toml::Value::Float(f) => vec![*f],
        other => panic!("not a number: {other}"),
    }
}

/// The dense computation at every pixel: `y[k][i][j] = Σ_c W[k][c] ·
/// x[c][i][j] + b[k]`, with `W[k][c]` the one weight of filter k's 1×1
/// slice for channel c. Returns the outputs and their shape `[K, H, W]`.
fn dense() -> (Vec<f64>, [usize; 3]) {
    let book: toml::Table = BOOK_TOML.parse().unwrap();
    let example = &book["preprocessor"]["cnn-views"]["examples"]["one-by-one"];
    let image = example["image"].as_array().unwrap();
    let (channels, rows) = (image.len(), image[0].as_array().unwrap().len());
    let cols = image[0][0].as_array().unwrap().len();
    let x = numbers(&example["image"]);
    let filters = example["filters"].as_array().unwrap();
    let k_count = filters.len();
    let w = numbers(&example["filters"]);
    assert_eq!(
        w.len(),
        k_count * channels,
        "the 1×1 chapter's filters are 1×1, one weight per channel"
    );
    let b = numbers(&example["biases"]);
    let mut y = Vec::with_capacity(k_count * rows * cols);
    for k in 0..k_count {
        for pixel in 0..rows * cols {
            let sum: f64 = (0..channels)
                .map(|c| w[k * channels + c] * x[c * rows * cols + pixel])
                .sum();
            y.push(sum + b[k]);
        }
    }
    (y, [k_count, rows, cols])
}

/// The example's JSON, as `{{#cnn one-by-one.…}}` reads it.
fn json() -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_mdbook-cnn-views"))
        .args(["render", "--book", env!("CARGO_MANIFEST_DIR")])
        .args(["--example", "one-by-one", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_output_is_the_dense_layer_at_its_pixel() {
    let (y, [k_count, rows, cols]) = dense();
    let json = json();
    let output = &json["output"];
    assert_eq!(output.as_array().unwrap().len(), k_count);
    for k in 0..k_count {
        for i in 0..rows {
            for j in 0..cols {
                let engine = output[k][i][j].as_f64().unwrap();
                let by_hand = y[(k * rows + i) * cols + j];
                assert!(
                    (engine - by_hand).abs() < 1e-9,
                    "output[{k}][{i}][{j}]: {engine} from the layer, {by_hand} from W·x + b"
                );
            }
        }
    }
}

#[test]
fn the_chapter_states_outputs_that_the_dense_layer_gives() {
    let (y, [_, rows, cols]) = dense();
    let json = json();
    let mut stated = 0;
    for piece in CHAPTER.split("{{#cnn one-by-one.output").skip(1) {
        let path = piece.split("}}").next().unwrap();
        let index: Vec<usize> = path
            .trim_matches(['[', ']'])
            .split("][")
            .map(|n| n.parse().unwrap())
            .collect();
        let [k, i, j] = index[..] else {
            panic!("output{path} is not one output")
        };
        assert_eq!(
            json["output"][k][i][j].as_f64().unwrap(),
            y[(k * rows + i) * cols + j],
            "output{path}"
        );
        stated += 1;
    }
    assert!(stated >= 2, "the chapter states {stated} outputs");
}
