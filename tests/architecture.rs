//! The shape of the code, checked: data flows one way (no import cycle
//! among the files of `src/`, test modules aside), leaf modules use nothing
//! of the crate, views never touch Tera or the SVG writer, and no file is
//! longer than 700 lines before its tests. `cargo test --test architecture`
//! runs just these.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Most lines a source file may have before its `#[cfg(test)]` module.
const MAX_LINES: usize = 700;

/// Modules that use nothing of the crate, so every stage may use them.
const LEAVES: [&str; 5] = [
    "src/view.rs",
    "src/figure.rs",
    "src/text.rs",
    "src/words.rs",
    "src/geometry.rs",
];

/// Every `.rs` file under `src/` but the binary and test modules, with its
/// code before the test module and without comments.
fn sources() -> BTreeMap<PathBuf, String> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("bin") {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs")
                // A `tests.rs` is a test module of its folder's module.
                && !path.ends_with("tests.rs")
            {
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                let code: Vec<&str> = code
                    .lines()
                    .map(|line| line.split("//").next().unwrap_or(""))
                    .collect();
                out.insert(path, code.join("\n"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

/// `src/engine/conv.rs` → `["engine", "conv"]`; `mod.rs` and `lib.rs` name
/// their folder.
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Each file's imports, as files: every `crate::…` and `super::…` path
/// (with `{…}` groups), and every path into a child module it declares.
fn imports(files: &BTreeMap<PathBuf, String>) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules: BTreeMap<Vec<String>, PathBuf> = files
        .keys()
        .map(|f| (module_of(&root, f), f.clone()))
        .collect();
    let file_of = |path: &[String]| {
        (0..=path.len())
            .rev()
            .find_map(|n| modules.get(&path[..n]).cloned())
    };
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut graph = BTreeMap::new();
    for (file, code) in files {
        let me = module_of(&root, file);
        let mut deps = BTreeSet::new();
        let mut add = |path: Vec<String>| {
            if let Some(target) = file_of(&path)
                && &target != file
            {
                deps.insert(target);
            }
        };
        for (start, base) in code
            .match_indices("crate::")
            .chain(code.match_indices("super::"))
        {
            if code[..start].ends_with(word) {
                continue;
            }
            let rest = &code[start + base.len()..];
            let path: Vec<String> = rest
                .split(|c: char| !(word(c) || c == ':'))
                .next()
                .unwrap_or("")
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let mut full = if base == "crate::" {
                Vec::new()
            } else {
                me[..me.len().saturating_sub(1)].to_vec()
            };
            full.extend(path.iter().cloned());
            let group = rest
                .find("::{")
                .filter(|&i| rest[..i].chars().all(|c| word(c) || c == ':'))
                .and_then(|i| rest[i + 3..].split('}').next());
            match group {
                Some(names) => {
                    for name in names.split(',') {
                        let first = name.trim().split("::").next().unwrap_or("");
                        let mut each = full.clone();
                        if !first.is_empty() && first != "self" {
                            each.push(first.to_string());
                        }
                        add(each);
                    }
                }
                None => add(full),
            }
        }
        for line in code.lines() {
            let line = line.trim_start();
            let line = line.strip_prefix("pub ").unwrap_or(line);
            if let Some(child) = line.strip_prefix("mod ").and_then(|l| l.strip_suffix(';'))
                && code.contains(&format!("{child}::"))
            {
                let mut path = me.clone();
                path.push(child.to_string());
                add(path);
            }
        }
        graph.insert(file.clone(), deps);
    }
    graph
}

/// One cycle of the graph, if there is any (depth-first search).
fn cycle(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    fn visit(
        node: &PathBuf,
        graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        stack: &mut Vec<PathBuf>,
        done: &mut BTreeSet<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            return Some(stack[at..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, stack, done) {
                return Some(found);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn imports_have_no_cycle() {
    let graph = imports(&sources());
    if let Some(found) = cycle(&graph) {
        let names: Vec<String> = found.iter().map(|p| relative(p)).collect();
        panic!("import cycle: {} → back", names.join(" → "));
    }
}

#[test]
fn the_checker_finds_a_planted_cycle() {
    let a = PathBuf::from("a.rs");
    let b = PathBuf::from("b.rs");
    let graph = BTreeMap::from([
        (a.clone(), BTreeSet::from([b.clone()])),
        (b.clone(), BTreeSet::from([a.clone()])),
    ]);
    assert_eq!(cycle(&graph).map(|c| c.len()), Some(2));
}

#[test]
fn leaves_use_nothing_of_the_crate() {
    let graph = imports(&sources());
    for (file, deps) in &graph {
        if LEAVES.contains(&relative(file).as_str()) {
            assert!(
                deps.is_empty(),
                "{} is a leaf but uses {deps:?}",
                relative(file)
            );
        }
    }
}

#[test]
fn views_never_touch_tera_or_the_svg_writer() {
    for (file, code) in sources() {
        let name = relative(&file);
        if name.starts_with("src/views/") {
            for banned in [
                "tera::",
                "use tera",
                "render::svg",
                "render::latex",
                "svg::",
            ] {
                assert!(!code.contains(banned), "{name} uses {banned}");
            }
        }
    }
}

#[test]
fn no_file_is_longer_than_700_lines_before_its_tests() {
    for (file, code) in sources() {
        let lines = code.lines().count();
        assert!(
            lines <= MAX_LINES,
            "{} has {lines} lines before its tests (at most {MAX_LINES}): split it by what its parts do",
            relative(&file)
        );
    }
}
