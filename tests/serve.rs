//! The author's loop under a real `mdbook serve` on a loopback port: change
//! the filter in book.toml and the served page follows; a bad edit shows an
//! error (terminal and page) while the server keeps running; the next good
//! edit builds again. Every wait is bounded.
//!
//! Needs `mdbook` 0.5 on PATH, so it is ignored by default: run it with
//! `cargo test -- --include-ignored`. Run without mdBook, it fails and says
//! how to install it.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_mdbook-cnn-views");

/// Kills the server however the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.starts_with("HTTP/1.1 200").then_some(response)
}

/// Polls the page until `pred` holds, for at most 60 seconds.
fn wait_for(port: u16, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        if let Some(page) = get(port, "/out.html")
            && pred(&page)
        {
            return page;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for: {what}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn book_toml(command: &str, filter: &str) -> String {
    format!(
        "[book]\ntitle = \"Serve\"\nsrc = \"book\"\n\n[build]\nbuild-dir = \"build\"\n\n[preprocessor.cnn-views]\ncommand = {command:?}\non-failure = \"continue\"\n\n[preprocessor.cnn-views.examples.seed]\nimage = [[2, 0, 1], [1, 3, 2], [0, 1, 4]]\nfilter = {filter}\nbias = 1\n"
    )
}

/// The output values drawn in the page, in order.
fn values(page: &str) -> Vec<String> {
    page.split("class=\"cnn-value\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(_, t)| t))
        .filter_map(|t| t.split('<').next())
        .map(str::to_string)
        .collect()
}

fn write(root: &Path, filter: &str) {
    std::fs::write(root.join("book.toml"), book_toml(BIN, filter)).unwrap();
}

#[test]
#[ignore = "needs mdbook"]
fn serve_follows_edits_and_survives_mistakes() {
    common::require_mdbook();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("book")).unwrap();
    std::fs::write(
        root.join("book/SUMMARY.md"),
        "# Summary\n\n- [Out](out.md)\n",
    )
    .unwrap();
    std::fs::write(
        root.join("book/out.md"),
        "# Out\n\n```cnn\nexample = \"seed\"\nview = \"output\"\nshow = \"values\"\n```\n",
    )
    .unwrap();
    write(root, "[[1, -1], [2, 0]]");
    let log = root.join("serve.log");
    let port = free_port();
    let _server = Server(
        Command::new("mdbook")
            .args(["serve", "-n", "127.0.0.1", "-p", &port.to_string()])
            .current_dir(root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("mdbook serve starts"),
    );

    let page = wait_for(port, "the first build", |p| p.contains("cnn-value"));
    assert_eq!(values(&page), ["5", "6", "\u{2212}1", "4"]);

    // Change the filter: the page follows.
    write(root, "[[0, 0], [0, 1]]");
    let page = wait_for(port, "the new filter", |p| {
        values(p) == ["4", "3", "2", "5"]
    });
    assert!(!page.contains("cnn-error"));

    // A typo: the page shows the error, the terminal too, the server lives.
    write(root, "[[1, 2, 3, 4]]");
    let page = wait_for(port, "the error box", |p| p.contains("cnn-error"));
    let message = "book/out.md:4: example `seed` in book.toml ([preprocessor.cnn-views.examples.seed]) is invalid: the filter reaches 1x4 pixels";
    assert!(page.contains(message), "{page}");
    let terminal = std::fs::read_to_string(&log).unwrap();
    assert!(terminal.contains(message), "{terminal}");

    // The next good edit builds again.
    write(root, "[[1, 1], [1, 1]]");
    let page = wait_for(port, "recovery", |p| {
        !p.contains("cnn-error") && p.contains("cnn-value")
    });
    assert_eq!(values(&page), ["7", "7", "6", "11"]);
}
