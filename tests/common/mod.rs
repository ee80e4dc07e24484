//! Helpers shared by the integration tests and the benchmarks.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// A block body with an n×n image of varied digits and a k×k filter.
pub fn body(n: usize, k: usize) -> String {
    let row = |r: usize, w: usize| {
        let cells: Vec<String> = (0..w).map(|c| ((r * 7 + c * 3) % 10).to_string()).collect();
        format!("[{}]", cells.join(", "))
    };
    let image: Vec<String> = (0..n).map(|r| row(r, n)).collect();
    let filter: Vec<String> = (0..k).map(|r| row(r + 1, k)).collect();
    format!(
        "image = [{}]\nfilter = [{}]",
        image.join(", "),
        filter.join(", ")
    )
}

/// A block body with `channels` n×n channels of varied digits and
/// `filters` k×k filters as deep, each different.
pub fn layer_body(n: usize, k: usize, channels: usize, filters: usize) -> String {
    let plane = |w: usize, shift: usize| {
        let rows: Vec<String> = (0..w)
            .map(|r| {
                let cells: Vec<String> = (0..w)
                    .map(|c| ((r * 7 + c * 3 + shift) % 10).to_string())
                    .collect();
                format!("[{}]", cells.join(", "))
            })
            .collect();
        format!("[{}]", rows.join(", "))
    };
    let stack = |w: usize, depth: usize, shift: usize| {
        let planes: Vec<String> = (0..depth).map(|c| plane(w, shift + c)).collect();
        format!("[{}]", planes.join(", "))
    };
    let filters: Vec<String> = (0..filters).map(|f| stack(k, channels, f + 1)).collect();
    format!(
        "image = {}\nfilters = [{}]",
        stack(n, channels, 0),
        filters.join(", ")
    )
}

/// Fails the test unless mdBook 0.5 is on PATH: the tests that need it are
/// `#[ignore]`d, so when one runs, a missing mdBook is a failure, never a
/// silent pass.
pub fn require_mdbook() {
    let ok = Command::new("mdbook")
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("v0.5"));
    assert!(
        ok,
        "mdBook 0.5 not found on PATH: cargo install mdbook --version 0.5.4 --locked"
    );
}

/// A Tiny-VGG-like network, as CNN Explainer draws it: a 3×64×64 image,
/// two blocks of conv 3×3 (10 filters) → ReLU → conv 3×3 → ReLU → 2×2 max
/// pooling, then a dense layer from 10×13×13 to 10 classes and softmax.
/// The numbers come from a fixed pseudo-random sequence, so every run sees
/// the same body.
pub fn tiny_vgg() -> String {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |scale: f64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let unit = ((state >> 33) % 2001) as f64 / 1000.0 - 1.0;
        format!("{}", (unit * scale * 1000.0).round() / 1000.0)
    };
    let mut nested = |dims: &[usize], scale: f64| -> String {
        fn build(dims: &[usize], leaf: &mut dyn FnMut() -> String) -> String {
            match dims {
                [] => leaf(),
                [n, rest @ ..] => {
                    let parts: Vec<String> = (0..*n).map(|_| build(rest, leaf)).collect();
                    format!("[{}]", parts.join(", "))
                }
            }
        }
        build(dims, &mut || next(scale))
    };
    let image = nested(&[3, 64, 64], 1.0).replace('-', "");
    let conv = |nested: &mut dyn FnMut(&[usize], f64) -> String, channels: usize| {
        format!(
            "[[layers]]\nkind = \"conv\"\nfilters = {}\nbiases = {}\n",
            nested(&[10, channels, 3, 3], 0.3),
            nested(&[10], 0.1)
        )
    };
    let mut body = format!(
        "image = {image}\nfilters = {}\nbiases = {}\n",
        nested(&[10, 3, 3, 3], 0.3),
        nested(&[10], 0.1)
    );
    let relu = "[[layers]]\nkind = \"relu\"\n";
    let pool = "[[layers]]\nkind = \"max-pool\"\nsize = 2\n";
    body.push_str(relu);
    body.push_str(&conv(&mut nested, 10));
    body.push_str(relu);
    body.push_str(pool);
    body.push_str(&conv(&mut nested, 10));
    body.push_str(relu);
    body.push_str(&conv(&mut nested, 10));
    body.push_str(relu);
    body.push_str(pool);
    body.push_str(&format!(
        "[[layers]]\nkind = \"dense\"\nweights = {}\nbiases = {}\n",
        nested(&[10, 1690], 0.05),
        nested(&[10], 0.1)
    ));
    body.push_str("[[layers]]\nkind = \"softmax\"\n");
    body
}

/// Copies what a build of this repository's book reads (`book.toml`, the
/// chapters, fonts, images and the script) into `dir`, so a test can edit
/// the copy and build it without touching the repository.
pub fn copy_book(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("book.toml"), dir.join("book.toml")).unwrap();
    for folder in ["book", "book/cnn-views-fonts", "book/images", "assets"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(folder).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
}
