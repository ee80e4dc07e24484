//! Helpers shared by the integration tests and the benchmarks.
#![allow(dead_code)]

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
