//! The code view's programs run and print the engine's numbers: the NumPy
//! one with Python 3 and NumPy alone, the Rust one as a cargo project built
//! offline against ndarray, the PyTorch one compiled everywhere and run
//! where torch is installed. The programs are taken from the page HTML, as
//! a reader would copy them.

use std::path::{Path, PathBuf};
use std::process::Command;

use mdbook_cnn_views::{Config, Directive, Examples, MathMode, Numbers, prepare, render_block};
use serde_json::Value;

/// Bodies that cover what the programs must get right; the last two read
/// the book's real picture through named filters.
const BODIES: [(&str, &str); 7] = [
    ("one-filter", "example = \"seed\""),
    (
        "padded",
        "example = \"seed-padded\"\nstride = [2, 1]\ndilation = [1, 2]",
    ),
    (
        "channels-and-filters",
        "image = [[[1, 2, 0, 3], [4, 1, 1, 0], [0, 2, 5, 1], [3, 0, 1, 2]], [[0.5, 0, 1, 1], [2, 1, 0, 0], [1, 1, 3, 0], [0, 2, 0, 1]], [[1, 0, 0, 1], [0, 1, 1, 0], [1, 0, 0, 1], [0.25, 1, 1, 0]]]\nfilters = [[[[1, 0], [0, -1]], [[0.5, 0.5], [0, 0]], [[0, 1], [-1, 0]]], [[[0, 1], [1, 0]], [[-1, 0], [0, 1]], [[0.1, 0.2], [0.3, 0.4]]]]\nbiases = [0.5, -1]\npadding = 1\nstride = 2",
    ),
    (
        "network",
        "image = [[1, 2, 0, 3, 1], [4, 1, 1, 0, 2], [0, 2, 5, 1, 0], [3, 0, 1, 2, 2], [1, 1, 0, 3, 1]]\nfilters = [[[1, 0], [0, -1]], [[0, 1], [1, 0]]]\nbiases = [0, -2]\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"max-pool\"\nsize = 2\n[[layers]]\nkind = \"conv\"\nfilter = [[[1]], [[-1]]]\nbias = 0.5\n[[layers]]\nkind = \"leaky-relu\"\nslope = 0.1\n[[layers]]\nkind = \"dense\"\nweights = [[1, -1, 0.5, 2], [0, 1, 1, -1], [0.5, 0.5, 0.5, 0.5]]\nbiases = [0, 1, -1]\n[[layers]]\nkind = \"softmax\"",
    ),
    (
        "pooling-and-squashing",
        "example = \"seed-padded\"\n[[layers]]\nkind = \"avg-pool\"\nsize = 2\nstride = 1\n[[layers]]\nkind = \"tanh\"\n[[layers]]\nkind = \"sigmoid\"",
    ),
    ("real-image", "example = \"camera\""),
    (
        "real-image-network",
        "example = \"camera-parts\"\n[[layers]]\nkind = \"max-pool\"\nsize = 3\n[[layers]]\nkind = \"conv\"\nfilter = [[[1]], [[-1]], [[0.5]]]",
    ),
];

/// The built-in examples and this repository's book's (the real picture).
fn examples() -> Examples {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Config::from_book_toml(&std::fs::read_to_string(root.join("book.toml")).unwrap())
        .unwrap()
        .in_book(root)
        .examples()
        .unwrap()
}

/// One program as the page shows it.
struct Program {
    title: String,
    language: String,
    text: String,
}

/// The programs of the code view of `body`, from the HTML a chapter gets.
fn programs(body: &str, examples: &Examples) -> Vec<Program> {
    let body = format!("view = \"code\"\n{body}");
    let html = render_block(&body, examples, "test", MathMode::Mathml).expect("the block renders");
    assert!(html.contains("class=\"cnn-views\" data-view=\"code\""));
    let mut found = Vec::new();
    for piece in html.split("<p class=\"cnn-code-title\">").skip(1) {
        let (title, rest) = piece.split_once("</p>").expect("title closes");
        let mut lines = rest.lines().skip_while(|l| !l.starts_with("```"));
        let open = lines.next().expect("a fence follows the title");
        let fence: String = open.chars().take_while(|&c| c == '`').collect();
        let text: Vec<&str> = lines.take_while(|l| *l != fence).collect();
        found.push(Program {
            title: title.to_string(),
            // The info string's first word (`rust,noplayground`: no playground,
            // which would fetch from the network).
            language: open[fence.len()..]
                .split(',')
                .next()
                .unwrap_or("")
                .to_string(),
            text: text.join("\n") + "\n",
        });
    }
    assert_eq!(found.len(), 3, "{html}");
    found
}

fn program<'a>(programs: &'a [Program], title: &str) -> &'a Program {
    programs
        .iter()
        .find(|p| p.title == title)
        .unwrap_or_else(|| panic!("a {title} program"))
}

/// The final output as the JSON writes it: the last layer's, or `output`.
fn engine_output(body: &str, examples: &Examples) -> Value {
    let (_, model) = prepare(Directive::parse(body).unwrap(), examples).unwrap();
    let json = Numbers::new(&model).unwrap().to_value();
    match json.get("layers").and_then(Value::as_array) {
        Some(layers) => layers.last().unwrap()["output"].clone(),
        None => json["output"].clone(),
    }
}

/// Same nesting, numbers equal to 1e-9 (relative): the programs add in
/// another order than the engine.
fn assert_close(printed: &Value, expected: &Value, what: &str) {
    match (printed, expected) {
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{what}: lengths differ");
            for (x, y) in a.iter().zip(b) {
                assert_close(x, y, what);
            }
        }
        (a, b) => {
            let (x, y) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!(
                (x - y).abs() <= 1e-9 * y.abs().max(1.0),
                "{what}: printed {x}, the engine says {y}"
            );
        }
    }
}

/// The last line a program printed, as JSON (Python's lists of floats and
/// ndarray's arrays are JSON once the line breaks are gone).
fn printed(stdout: &[u8], from_rust: bool) -> Value {
    let text = String::from_utf8_lossy(stdout);
    let last = if from_rust {
        // ndarray prints one row per line: the whole output is the array.
        text.split_whitespace().collect::<String>()
    } else {
        text.lines().last().unwrap_or_default().to_string()
    };
    serde_json::from_str(&last).unwrap_or_else(|e| panic!("not a nested list ({e}): {text}"))
}

/// A Python 3 that can import `module`, if there is one: `python3` on the
/// PATH, or the system's own (where Debian's python3-numpy installs).
fn python_with(module: &str) -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("CNN_VIEWS_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    candidates.extend(["python3", "/usr/bin/python3", "python"].map(PathBuf::from));
    candidates.into_iter().find(|python| {
        Command::new(python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn run_python(python: &Path, dir: &Path, name: &str, text: &str) -> Vec<u8> {
    let file = dir.join(format!("{name}.py"));
    std::fs::write(&file, text).unwrap();
    let out = Command::new(python).arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{name}: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
#[ignore = "needs Python 3 with NumPy (.ci/run installs python3-numpy)"]
fn numpy_programs_print_the_engines_output() {
    let python = python_with("numpy")
        .expect("no Python 3 with NumPy: apt-get install python3-numpy (or pip install numpy)");
    let dir = tempfile::tempdir().unwrap();
    let examples = examples();
    for (name, body) in BODIES {
        let programs = programs(body, &examples);
        let numpy = program(&programs, "NumPy");
        assert_eq!(numpy.language, "python");
        assert!(numpy.text.contains("import numpy"), "{name}");
        let stdout = run_python(&python, dir.path(), name, &numpy.text);
        assert_close(
            &printed(&stdout, false),
            &engine_output(body, &examples),
            name,
        );
    }
}

#[test]
fn pytorch_programs_compile_and_run_where_torch_is() {
    let python = python_with("sys").expect("Python 3 is needed to check the PyTorch programs");
    let torch = python_with("torch");
    if torch.is_none() {
        // Straight to stderr, past the test harness's capture, so the skip
        // shows in every run.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: torch is not installed, so the PyTorch programs are only compiled (py_compile), not run"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let examples = examples();
    for (name, body) in BODIES {
        let programs = programs(body, &examples);
        let pytorch = program(&programs, "PyTorch");
        assert_eq!(pytorch.language, "python");
        let file = dir.path().join(format!("{name}_torch.py"));
        std::fs::write(&file, &pytorch.text).unwrap();
        let compiled = Command::new(&python)
            .args(["-m", "py_compile"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            compiled.status.success(),
            "{name}: {}\n{}",
            String::from_utf8_lossy(&compiled.stderr),
            pytorch.text
        );
        if let Some(torch) = &torch {
            let stdout = run_python(torch, dir.path(), &format!("{name}_run"), &pytorch.text);
            assert_close(
                &printed(&stdout, false),
                &engine_output(body, &examples),
                name,
            );
        }
    }
}

/// The ndarray version this crate builds with, from its Cargo.lock.
fn locked_ndarray() -> String {
    let lock =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    let at = lock
        .find("name = \"ndarray\"\nversion = \"")
        .expect("ndarray is in Cargo.lock");
    let rest = &lock[at + "name = \"ndarray\"\nversion = \"".len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

#[test]
#[ignore = "builds a cargo project against ndarray, offline from the local registry cache (about a minute); .ci/run runs it"]
fn rust_programs_build_offline_and_print_the_engines_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    let examples = examples();
    let version = locked_ndarray();
    let mut bins = Vec::new();
    std::fs::create_dir_all(project.join("src/bin")).unwrap();
    for (name, body) in BODIES {
        let programs = programs(body, &examples);
        let rust = program(&programs, "Rust with ndarray");
        assert_eq!(rust.language, "rust");
        let bin = name.replace('-', "_");
        std::fs::write(project.join(format!("src/bin/{bin}.rs")), &rust.text).unwrap();
        bins.push((bin, body));
    }
    std::fs::write(
        project.join("Cargo.toml"),
        format!(
            "[package]\nname = \"cnn-programs\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\nndarray = {{ version = \"={version}\", default-features = false, features = [\"std\"] }}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    // This crate's lock file pins ndarray's own dependencies to versions
    // the registry cache holds.
    std::fs::copy(root.join("Cargo.lock"), project.join("Cargo.lock")).unwrap();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // A target folder that outlives the test, so ndarray builds once.
    let target = root.join("target").join("code-view-programs");
    let built = Command::new(&cargo)
        .args(["build", "--offline", "--quiet", "--bins"])
        .current_dir(project)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "the Rust programs do not build:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    for (bin, body) in bins {
        let out = Command::new(target.join("debug").join(&bin))
            .output()
            .unwrap();
        assert!(out.status.success(), "{bin} failed");
        assert_close(
            &printed(&out.stdout, true),
            &engine_output(body, &examples),
            &bin,
        );
    }
}
