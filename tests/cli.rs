//! The command line as mdBook and users call it: `supports`, the
//! stdin/stdout protocol, and `render`.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_mdbook-cnn-views");

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin accepts input");
    child.wait_with_output().expect("the binary finishes")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn supports_html_and_markdown_only() {
    assert!(run(&["supports", "html"], "").status.success());
    assert!(run(&["supports", "markdown"], "").status.success());
    assert!(!run(&["supports", "pdf"], "").status.success());
}

#[test]
fn json_is_the_pinned_object() {
    let out = run(
        &[
            "render",
            "--example",
            "seed",
            "--view",
            "output",
            "--format",
            "json",
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected_keys = vec![
        "image",
        "filter",
        "bias",
        "padding",
        "stride",
        "dilation",
        "output",
        "weight_matrix",
    ];
    expected_keys.sort_unstable();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected_keys);
    // Worked by hand from the built-in seed (P = αA + βB + γD + δE + b …).
    assert_eq!(json["output"], serde_json::json!([[5.0, 6.0], [-1.0, 4.0]]));
    assert_eq!(json["padding"], serde_json::json!([0, 0]));
    assert_eq!(json["bias"], serde_json::json!(1.0));
    let m = json["weight_matrix"].as_array().unwrap();
    assert_eq!(m.len(), 4);
    assert_eq!(
        m[0],
        serde_json::json!([1.0, -1.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    );
}

#[test]
fn json_text_keeps_the_pinned_key_order() {
    let out = run(
        &["render", "-", "--format", "json"],
        "example = \"seed-padded\"\n",
    );
    let text = stdout(&out);
    let order: Vec<usize> = [
        "\"image\"",
        "\"filter\"",
        "\"bias\"",
        "\"padding\"",
        "\"stride\"",
        "\"dilation\"",
        "\"output\"",
        "\"weight_matrix\"",
    ]
    .iter()
    .map(|k| text.find(k).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["output"][1][1], serde_json::json!(-8.0));
}

/// The keys of a JSON object, in the order the text gives them.
fn keys_in_order(text: &str, json: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
    keys.sort_by_key(|k| text.find(&format!("\"{k}\"")).unwrap());
    keys
}

#[test]
fn json_is_general_for_channels_and_filters_and_part_1_for_one_plane() {
    // Three channels, two 1×1 filters: worked by hand, output 1 is
    // 1·R + 2·G + 3·B + 1 and output 2 is G − B − 1.
    let body = "image = [[[1, 2], [3, 4]], [[0, 1], [1, 0]], [[2, 2], [1, 1]]]\nfilters = [[[[1]], [[2]], [[3]]], [[[0]], [[1]], [[-1]]]]\nbiases = [1, -1]\n";
    let out = run(&["render", "-", "--format", "json"], body);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        keys_in_order(&text, &json),
        [
            "image",
            "filters",
            "biases",
            "padding",
            "stride",
            "dilation",
            "output",
            "weight_matrix"
        ]
    );
    assert_eq!(
        json["output"],
        serde_json::json!([[[8.0, 11.0], [9.0, 8.0]], [[-3.0, -2.0], [-1.0, -2.0]]])
    );
    assert_eq!(json["biases"], serde_json::json!([1.0, -1.0]));
    assert_eq!(json["filters"][1][2], serde_json::json!([[-1.0]]));
    // K·oh·ow rows, filter by filter; C·H·W columns, channel by channel.
    let m = json["weight_matrix"].as_array().unwrap();
    assert_eq!(m.len(), 2 * 2 * 2);
    assert_eq!(
        m[0],
        serde_json::json!([1.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 3.0, 0.0, 0.0, 0.0])
    );
    assert_eq!(
        m[4],
        serde_json::json!([0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0])
    );

    // One channel and one filter, written 2-D or 3-D: the part-1 object.
    for body in [
        "image = [[1, 2], [3, 4]]\nfilter = [[1, -1]]\nbias = 2\n",
        "image = [[[1, 2], [3, 4]]]\nfilters = [[[[1, -1]]]]\nbiases = [2]\n",
    ] {
        let out = run(&["render", "-", "--format", "json"], body);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            keys_in_order(&text, &json),
            [
                "image",
                "filter",
                "bias",
                "padding",
                "stride",
                "dilation",
                "output",
                "weight_matrix"
            ],
            "{body}"
        );
        assert_eq!(json["image"], serde_json::json!([[1.0, 2.0], [3.0, 4.0]]));
        assert_eq!(json["output"], serde_json::json!([[1.0], [1.0]]), "{body}");
    }
}

#[test]
fn json_gives_loss_gradients_and_training_for_a_target() {
    // The seed with a zero target: L = ½ΣY², worked by hand.
    let out = run(
        &["render", "-", "--format", "json"],
        "example = \"seed\"\ntarget = [[0, 0], [0, 0]]\nsteps = 1\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["loss", "gradients", "training"] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    // After the keys of part 1, in the pinned order.
    let at = |k: &str| text.find(&format!("\"{k}\"")).unwrap();
    assert!(at("weight_matrix") < at("loss") && at("loss") < at("gradients"));
    assert!(at("gradients") < at("training"));
    assert_eq!(json["loss"], serde_json::json!(39.0));
    let g = &json["gradients"];
    assert_eq!(g["filter"], serde_json::json!([[21.0, 11.0], [27.0, 42.0]]));
    assert_eq!(g["bias"], serde_json::json!(14.0));
    assert_eq!(
        g["image"],
        serde_json::json!([[5.0, 1.0, -6.0], [9.0, 17.0, -4.0], [-2.0, 8.0, 0.0]])
    );
    assert_eq!(g["layers"], serde_json::json!([]));
    let losses = json["training"]["loss"].as_array().unwrap();
    assert_eq!(losses.len(), 2);
    assert_eq!(losses[0], serde_json::json!(39.0));
    let after = losses[1].as_f64().unwrap();
    assert!((after - 15.40585).abs() < 1e-9, "{after}");
    // The two learning views draw it.
    for view in ["gradient", "training"] {
        let out = run(
            &["render", "-", "--view", view, "--format", "svg"],
            "example = \"seed\"\ntarget = [[0, 0], [0, 0]]\nsteps = 1\n",
        );
        assert!(out.status.success(), "{view}: {}", stderr(&out));
        assert!(stdout(&out).contains(&format!("data-view=\"{view}\"")));
    }
}

#[test]
fn svg_from_a_file_with_its_own_view() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("block.toml");
    std::fs::write(
        &file,
        "image = [[1, 2], [3, 4]]\nfilter = [[1]]\nview = \"image\"\n",
    )
    .unwrap();
    let out = run(&["render", file.to_str().unwrap(), "--format", "svg"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = stdout(&out);
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains("data-view=\"image\""));
    assert!(svg.contains("role=\"img\""));
}

#[test]
fn book_examples_are_read_with_book() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[preprocessor.cnn-views.examples.edge]\nimage = [[0, 1], [1, 0]]\nfilter = [[1, -1]]\n",
    )
    .unwrap();
    let book = dir.path().to_str().unwrap();
    let out = run(
        &[
            "render",
            "--book",
            book,
            "--example",
            "edge",
            "--format",
            "json",
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["output"], serde_json::json!([[-1.0], [1.0]]));
}

#[test]
fn render_errors_are_located_and_fail() {
    let out = run(
        &["render", "-", "--format", "svg"],
        "example = \"seed\"\nview = \"image\"\nfilter = [[1, 2, 3, 4]]\n",
    );
    assert!(!out.status.success());
    assert_eq!(
        stderr(&out).trim(),
        "error: <stdin>:3: the filter reaches 1x4 pixels but the padded image is only 3x3: use a smaller filter, less dilation, or more padding"
    );
    let out = run(
        &[
            "render",
            "--example",
            "seed",
            "--view",
            "imag",
            "--format",
            "svg",
        ],
        "",
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("unknown view `imag` (did you mean `image`?)"));
    let out = run(&["render", "--example", "seed", "--format", "svg"], "");
    assert!(
        stderr(&out).contains("the block names no view"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn protocol_replaces_blocks_and_keeps_the_rest() {
    let input = include_str!("fixtures/protocol-input.json");
    let out = run(&[], input);
    assert!(out.status.success(), "{}", stderr(&out));
    let book: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let content = book["items"][0]["Chapter"]["content"].as_str().unwrap();
    assert!(
        content.starts_with(
            "# Tiny\n\nText before.\n\n<figure class=\"cnn-views\" data-view=\"output\""
        )
    );
    assert!(
        content.ends_with("</figure>\n\n\nText after.\n"),
        "{content}"
    );
    assert!(!content.contains("```"));
}

#[test]
fn protocol_names_both_versions_on_a_mismatch() {
    let input = include_str!("fixtures/protocol-input.json").replace("\"0.5.4\"", "\"0.4.52\"");
    let out = run(&[], &input);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("built for mdBook 0.5.4 but was called by mdBook 0.4.52"),
        "{err}"
    );
}

#[test]
fn protocol_rejects_garbage_clearly() {
    let out = run(&[], "{not json");
    assert!(!out.status.success());
    assert!(stderr(&out).starts_with("error: the input on stdin is not JSON from mdBook"));
}

#[test]
fn protocol_bails_with_chapter_and_line() {
    let input = include_str!("fixtures/protocol-input.json")
        .replace("view = \\\"output\\\"", "view = \\\"outptu\\\"");
    let out = run(&[], &input);
    assert!(!out.status.success());
    assert!(
        stderr(&out)
            .starts_with("error: src/tiny.md:7: unknown view `outptu` (did you mean `output`?)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_of_a_network_prints_the_pinned_layers_array() {
    let body = "example = \"seed\"\nfilters = [[[1, -1], [2, 0]], [[0, 1], [-1, 0]]]\nbiases = [1, 0]\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"max-pool\"\nsize = 2\n[[layers]]\nkind = \"dense\"\nweights = [[1, -1], [-0.5, 1], [0.2, 0.3]]\nbiases = [0, 0.5, 0]\n[[layers]]\nkind = \"softmax\"\n";
    let out = run(&["render", "-", "--format", "json"], body);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let layers = json["layers"].as_array().expect("a `layers` array");
    // One object per table, in order, each exactly `kind` then `output`.
    let kinds: Vec<&str> = layers.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["relu", "max-pool", "dense", "softmax"]);
    for layer in layers {
        let mut keys: Vec<&str> = layer
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["kind", "output"]);
    }
    let first = &text[text.find("\"layers\"").unwrap()..];
    assert!(first.find("\"kind\"").unwrap() < first.find("\"output\"").unwrap());
    // By hand: the seed under the two filters is [[5, 6], [−1, 4]] and
    // [[−1, −2], [3, 1]]; ReLU zeroes the negatives; 2×2 max pooling keeps
    // 6 and 3 (always 3-D for maps); the dense layer gives
    // [6 − 3, −3 + 3 + 0.5, 1.2 + 0.9] (a vector after dense and softmax).
    assert_eq!(
        layers[0]["output"],
        serde_json::json!([[[5.0, 6.0], [0.0, 4.0]], [[0.0, 0.0], [3.0, 1.0]]])
    );
    assert_eq!(layers[1]["output"], serde_json::json!([[[6.0]], [[3.0]]]));
    let logits: Vec<f64> = layers[2]["output"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    for (got, want) in logits.iter().zip([3.0, 0.5, 2.1]) {
        assert!((got - want).abs() < 1e-12, "{logits:?}");
    }
    let sum: f64 = logits.iter().map(|z| z.exp()).sum();
    let p = layers[3]["output"].as_array().unwrap();
    assert_eq!(p.len(), 3);
    for (p, z) in p.iter().zip(&logits) {
        assert!((p.as_f64().unwrap() - z.exp() / sum).abs() < 1e-12);
    }
    // The keys of item 8 still describe the first convolution.
    assert_eq!(
        json["output"],
        serde_json::json!([[[5.0, 6.0], [-1.0, 4.0]], [[-1.0, -2.0], [3.0, 1.0]]])
    );
}

#[test]
fn render_places_an_error_about_the_whole_body_on_its_first_line() {
    // Training of a named example that diverges is an error about the body
    // as a whole (in a chapter, at the block's fence); a file has no fence,
    // so it points at line 1, never at a line 0 no editor shows.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[preprocessor.cnn-views.examples.wild]\nimage = [[1, 2], [3, 4]]\n\
         filter = [[2]]\ntarget = [[1, 2], [3, 4]]\nlearning-rate = 10\nsteps = 100\n",
    )
    .unwrap();
    let book = dir.path().to_str().unwrap();
    let body = "example = \"wild\"\nview = \"training\"\n";
    let out = run(&["render", "-", "--book", book, "--format", "svg"], body);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.starts_with("error: <stdin>:1: the loss became infinite at step "),
        "{err}"
    );
}

#[test]
fn render_into_a_closed_pipe_ends_quietly() {
    // `render … | head -1`: the reader leaves early; no panic, no error.
    let mut child = Command::new(BIN)
        .args([
            "render",
            "--example",
            "seed",
            "--view",
            "matrix",
            "--format",
            "svg",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("the binary finishes");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}
