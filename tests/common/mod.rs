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

/// Whether mdBook 0.5 is on PATH. Says so loudly when it is not, and under
/// CI (`CI` set) that is a failure.
pub fn has_mdbook() -> bool {
    let ok = Command::new("mdbook")
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("v0.5"));
    if !ok {
        let message =
            "\n\n!!! mdBook 0.5 not found: cargo install mdbook --version 0.5.4 --locked !!!\n\n";
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("{message}");
    }
    ok
}
