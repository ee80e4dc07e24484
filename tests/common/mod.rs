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
