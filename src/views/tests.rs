//! Snapshots of every view for a few examples that cover the cases that
//! change layout: the seed, padding, stride with a non-square image.
//!
//! One test per view, so a failure names its view. Each snapshot is a short
//! semantic digest of the typed drawing (summary, title, description, counts
//! of items by kind and tone, the texts in order, the LaTeX), so a real
//! change of content shows while a palette or rounding change does not
//! rewrite every snapshot. A few full SVGs stay as byte-level guards of the
//! renderer. Refresh with `INSTA_UPDATE=always cargo test` and review the
//! diff.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::directive::Directive;
use crate::figure::{Drawing, Item, TextStyle, Tone};
use crate::pipeline::{drawings, prepare};
use crate::render::{latex, svg};
use crate::resolve::Examples;
use crate::view::View;

/// Examples by name → block bodies.
const EXAMPLES: [(&str, &str); 3] = [
    ("seed", "example = \"seed\""),
    ("seed-padded", "example = \"seed-padded\""),
    (
        "stride2",
        "image = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]]\nfilter = [[1, 0.5], [-0.25, 2]]\nbias = -1\nstride = 2",
    ),
];

/// What `view` draws for a block body.
fn drawing(body: &str, view: View) -> Drawing {
    let body = format!("{body}\nview = \"{}\"", view.name());
    let (example, model) =
        prepare(Directive::parse(&body).unwrap(), &Examples::built_in()).unwrap();
    drawings(&example, &model).unwrap().remove(0)
}

/// The drawing's LaTeX, if it has any: the only place that reads
/// `Drawing::math`, so a change to the math type touches one function.
fn latex(drawing: &Drawing) -> Option<String> {
    drawing
        .math
        .as_ref()
        .map(|math| latex::render(math).unwrap())
}

fn tone(tone: Tone) -> String {
    match tone {
        Tone::Pixel => "pixel".into(),
        Tone::Padding => "padding".into(),
        Tone::Weight(i) => format!("weight{i}"),
        Tone::Bias => "bias".into(),
        Tone::Output => "output".into(),
        Tone::Zero => "zero".into(),
        Tone::Ink => "ink".into(),
        Tone::Muted => "muted".into(),
    }
}

fn style(style: TextStyle) -> &'static str {
    match style {
        TextStyle::Heading => "heading",
        TextStyle::Label => "label",
        TextStyle::Operator => "operator",
        TextStyle::Note => "note",
    }
}

/// Symbol and value of a cell or node, space-separated ("" for neither).
fn content(symbol: &Option<String>, value: &Option<String>) -> String {
    [symbol, value]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds the items' kinds to `counts`, each drawn `times` times.
fn count(items: &[Item], times: usize, counts: &mut BTreeMap<String, usize>) {
    for item in items {
        let key = match item {
            Item::Cell { tone: t, .. } => format!("cell {}", tone(*t)),
            Item::Node { tone: t, .. } => format!("node {}", tone(*t)),
            Item::Text {
                style: s, tone: t, ..
            } => format!("text {} {}", style(*s), tone(*t)),
            Item::Line {
                tone: t,
                arrow,
                dashed,
                ..
            } => {
                let mut key = format!("line {}", tone(*t));
                if *arrow {
                    key.push_str(" arrow");
                }
                if *dashed {
                    key.push_str(" dashed");
                }
                key
            }
            Item::Polygon { tone: t, .. } => format!("polygon {}", tone(*t)),
            Item::Panel { tone: t, .. } => format!("panel {}", tone(*t)),
            Item::Frame { tone: t, .. } => format!("frame {}", tone(*t)),
            Item::Heatmap { cols, shades, .. } => {
                format!("heatmap {}x{cols}", shades.len() / (*cols).max(1))
            }
            Item::Shades {
                cols,
                values,
                palette,
                ..
            } => format!(
                "shades {palette:?} {}x{cols}",
                values.len() / (*cols).max(1)
            ),
            Item::Group(inner) => {
                count(inner, times, counts);
                continue;
            }
            Item::Faded { items, .. } => {
                let mut faded = BTreeMap::new();
                count(items, times, &mut faded);
                for (key, n) in faded {
                    *counts.entry(format!("faded {key}")).or_default() += n;
                }
                continue;
            }
            Item::Reuse { items, places, .. } => {
                count(items, times * places.len(), counts);
                continue;
            }
        };
        *counts.entry(key).or_default() += times;
    }
}

/// The texts in drawing order, one line per run of same-kind items
/// (`cell pixel: A 2 | B 0`, repeats as `0 ×20`); a reused drawing's texts
/// are listed once.
fn texts(items: &[Item], indent: &str, out: &mut Vec<String>) {
    type Run = Option<(String, Vec<(String, usize)>)>;
    let flush = |run: &mut Run, out: &mut Vec<String>| {
        if let Some((key, parts)) = run.take() {
            let parts: Vec<String> = parts
                .into_iter()
                .map(|(text, n)| match n {
                    1 => text,
                    n => format!("{text} ×{n}"),
                })
                .collect();
            out.push(format!("{indent}{key}: {}", parts.join(" | ")));
        }
    };
    let mut run: Run = None;
    for item in items {
        let (key, text) = match item {
            Item::Cell {
                tone: t,
                symbol,
                value,
                ..
            } => (format!("cell {}", tone(*t)), content(symbol, value)),
            Item::Node {
                tone: t,
                symbol,
                value,
                ..
            } => (format!("node {}", tone(*t)), content(symbol, value)),
            Item::Text {
                style: s,
                tone: t,
                text,
                ..
            } => (format!("text {} {}", style(*s), tone(*t)), text.clone()),
            Item::Group(inner) | Item::Faded { items: inner, .. } => {
                flush(&mut run, out);
                texts(inner, indent, out);
                continue;
            }
            Item::Reuse { key, items, places } => {
                flush(&mut run, out);
                out.push(format!("{indent}reuse {key}, {} places:", places.len()));
                texts(items, &format!("{indent}  "), out);
                continue;
            }
            _ => continue,
        };
        if text.is_empty() {
            continue;
        }
        match &mut run {
            Some((k, parts)) if *k == key => match parts.last_mut() {
                Some((last, n)) if *last == text => *n += 1,
                _ => parts.push((text, 1)),
            },
            _ => {
                flush(&mut run, out);
                run = Some((key, vec![(text, 1)]));
            }
        }
    }
    flush(&mut run, out);
}

/// A short, layout-free digest of what a drawing says.
fn digest(drawing: &Drawing) -> String {
    let mut out = format!("view: {}\nsummary: {}\n", drawing.view, drawing.summary);
    if let Some(figure) = &drawing.figure {
        let [w, h] = figure.size;
        writeln!(out, "title: {}", figure.title).unwrap();
        writeln!(out, "desc: {}", figure.desc).unwrap();
        writeln!(out, "size: {w:.0}x{h:.0}").unwrap();
        let mut counts = BTreeMap::new();
        count(&figure.items, 1, &mut counts);
        out.push_str("items:\n");
        for (key, n) in counts {
            writeln!(out, "  {key}: {n}").unwrap();
        }
        let mut lines = Vec::new();
        texts(&figure.items, "  ", &mut lines);
        out.push_str("texts:\n");
        for line in lines {
            writeln!(out, "{line}").unwrap();
        }
    }
    if let Some(latex) = latex(drawing) {
        writeln!(out, "latex:\n{latex}").unwrap();
    }
    out
}

/// Snapshots the digest of `view` for every example; the rendered SVG must
/// hold no blank line (it is inlined in Markdown).
fn check(view: View) {
    check_all(view, &EXAMPLES);
}

/// [`check`] for the examples `examples`.
fn check_all(view: View, examples: &[(&str, &str)]) {
    for &(name, body) in examples {
        let drawing = drawing(body, view);
        assert_eq!(drawing.view, view.name());
        if let Some(figure) = &drawing.figure {
            let svg = svg::render(figure, "snap");
            assert!(!svg.contains("\n\n"), "{name}: no blank lines in an SVG");
        }
        insta::assert_snapshot!(format!("{}-{name}", view.name()), digest(&drawing));
    }
}

/// One `#[test]` per view, and the list of views they cover.
macro_rules! view_tests {
    ($($test:ident: $view:ident,)*) => {
        $(
            #[test]
            fn $test() {
                check(View::$view);
            }
        )*
        const TESTED: &[View] = &[$(View::$view),*];
    };
}

view_tests! {
    image: Image,
    filter: Filter,
    output: Output,
    sections: Sections,
    equations: Equations,
    compact: Compact,
    network: Network,
    matrix: Matrix,
    dense: Dense,
    familiar: Familiar,
    padding: Padding,
    im2col: Im2col,
    interactive: Interactive,
}

/// Blocks with something to learn: a target on the seed (one step of
/// training), a target on the padded seed, and a small network with a
/// label (cross-entropy after a softmax).
const LEARNING: [(&str, &str); 3] = [
    (
        "seed-target",
        "example = \"seed\"\ntarget = [[0, 0], [0, 0]]\nsteps = 1",
    ),
    (
        "seed-padded-target",
        "example = \"seed-padded\"\ntarget = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]\nlearning-rate = 0.002\nsteps = 3",
    ),
    (
        "net-label",
        "image = [[1, 0, 2, 1], [0, 1, 3, 0], [2, 1, 0, 1], [0, 0, 1, 0]]\nfilter = [[1, -1], [2, 0]]\nbias = -1\nlabel = 1\nlearning-rate = 0.1\nsteps = 5\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"max-pool\"\nsize = 2\nstride = 1\n[[layers]]\nkind = \"dense\"\nweights = [[0.5, -0.5, 0.25, 0], [-0.25, 0.5, 0, 0.5]]\n[[layers]]\nkind = \"softmax\"",
    ),
];

/// Snapshots the digest of a learning view for every learning block.
fn check_learning(view: View) {
    for (name, body) in LEARNING {
        // `view` first: the body ends inside a `[[layers]]` table.
        let body = format!("view = \"{}\"\n{body}", view.name());
        let (example, model) =
            prepare(Directive::parse(&body).unwrap(), &Examples::built_in()).unwrap();
        let drawing = drawings(&example, &model).unwrap().remove(0);
        let figure = drawing.figure.as_ref().expect("the view draws an SVG");
        let svg = svg::render(figure, "snap");
        assert!(!svg.contains("\n\n"), "{name}: no blank lines in an SVG");
        assert!(figure.size[0] <= 720.0, "{name}: {:?}", figure.size);
        insta::assert_snapshot!(format!("{}-{name}", view.name()), digest(&drawing));
    }
}

/// Networks for the views beyond the first convolution: the book's tiny
/// network (seed image, two filters, ReLU, 2×2 max pooling, dense to three
/// classes, softmax), two stacked 2×2 convolutions on the seed, and a
/// sigmoid with average pooling and a label.
const NETWORKS: [(&str, &str); 3] = [
    (
        "tiny-net",
        "example = \"seed\"\nfilters = [[[1, -1], [2, 0]], [[0, 1], [-1, 0]]]\nbiases = [1, 0]\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"max-pool\"\n[[layers]]\nkind = \"dense\"\nweights = [[1, -1], [-0.5, 1], [0.2, 0.3]]\nbiases = [0, 0.5, 0]\n[[layers]]\nkind = \"softmax\"",
    ),
    (
        "stacked",
        "example = \"seed\"\n[[layers]]\nkind = \"conv\"\nfilter = [[1, 0], [0, 1]]",
    ),
    (
        "sigmoid-avg",
        "image = [[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 1], [1, 1, 0, 2]]\nfilter = [[1, -1], [0.5, 1]]\nbias = -1\nlabel = 1\n[[layers]]\nkind = \"sigmoid\"\n[[layers]]\nkind = \"avg-pool\"\nstride = 1\n[[layers]]\nkind = \"dense\"\nweights = [[1, 0, -1, 0], [0, 1, 0, -1]]\n[[layers]]\nkind = \"softmax\"",
    ),
];

/// The views that draw a network, and the [`NETWORKS`] each one draws
/// (the others it refuses: checked too).
const NETWORK_VIEWS: [(View, &[&str]); 5] = [
    (View::Activation, &["tiny-net", "sigmoid-avg"]),
    (View::Pooling, &["tiny-net", "sigmoid-avg"]),
    (View::Layers, &["tiny-net", "stacked", "sigmoid-avg"]),
    (
        View::ReceptiveField,
        &["tiny-net", "stacked", "sigmoid-avg"],
    ),
    (View::Softmax, &["tiny-net", "sigmoid-avg"]),
];

/// Snapshots `view` of every network it draws (and of the seed for
/// `layers`, with its dense contrast); the others must refuse it with a
/// message that says what to add.
fn check_network(view: View) {
    let (_, drawn) = NETWORK_VIEWS
        .iter()
        .find(|(v, _)| *v == view)
        .expect("the view is listed");
    for (name, body) in NETWORKS {
        let body = format!("view = \"{}\"\n{body}", view.name());
        let (example, model) =
            prepare(Directive::parse(&body).unwrap(), &Examples::built_in()).unwrap();
        match drawings(&example, &model) {
            Ok(mut d) => {
                assert!(drawn.contains(&name), "{name} draws {}", view.name());
                let drawing = d.remove(0);
                let svg = svg::render(drawing.figure.as_ref().unwrap(), "snap");
                assert!(!svg.contains("\n\n"), "{name}: no blank lines in an SVG");
                insta::assert_snapshot!(format!("{}-{name}", view.name()), digest(&drawing));
            }
            Err(e) => {
                assert!(!drawn.contains(&name), "{name}: {e:?}");
                assert!(
                    e.kind.to_string().contains("cannot draw this example"),
                    "{e:?}"
                );
            }
        }
    }
    if view == View::Layers {
        insta::assert_snapshot!("layers-seed", digest(&drawing(EXAMPLES[0].1, view)));
    }
}

#[test]
fn activation() {
    check_network(View::Activation);
}

#[test]
fn pooling() {
    check_network(View::Pooling);
}

#[test]
fn layers() {
    check_network(View::Layers);
}

#[test]
fn receptive_field() {
    check_network(View::ReceptiveField);
}

#[test]
fn softmax() {
    check_network(View::Softmax);
}

#[test]
fn gradient() {
    check_learning(View::Gradient);
}

#[test]
fn training() {
    check_learning(View::Training);
}

/// The views beyond the article with a snapshot test of their own.
const BEYOND_TESTED: &[View] = &[
    View::Channels,
    View::Filters,
    View::Gradient,
    View::Training,
    // `code_view_figure_and_programs` below.
    View::Code,
];

#[test]
fn every_view_has_its_snapshot_test() {
    for view in View::every() {
        assert!(
            TESTED.contains(&view)
                || BEYOND_TESTED.contains(&view)
                || NETWORK_VIEWS.iter().any(|(v, _)| *v == view),
            "{view:?} has no snapshot test"
        );
    }
}

/// The interactive view's whole HTML for the seed: the live controls are
/// markup the digest leaves out, and the page's script reads every
/// attribute of it.
#[test]
fn interactive_html_of_the_seed() {
    let drawing = drawing(EXAMPLES[0].1, View::Interactive);
    let html = crate::render::html::unplaced(
        &[drawing],
        None,
        crate::render::math::MathMode::Mathml,
        &crate::render::math::Typeset::default(),
    )
    .unwrap()
    .with_id("snap");
    assert!(!html.contains("\n\n"), "no blank lines");
    insta::assert_snapshot!("html-interactive-seed", html);
}

/// Layers with channels and filters, for the views beyond one plane: three
/// color channels under one filter, two filters over a gray image, and two
/// 1×1 filters over three channels.
const LAYERS: [(&str, &str); 3] = [
    (
        "rgb",
        "image = [[[2, 0, 1], [1, 3, 2], [0, 1, 4]], [[1, 2, 0], [0, 1, 3], [2, 0, 1]], [[0, 1, 1], [2, 0, 1], [1, 3, 0]]]\nfilter = [[[1, -1], [2, 0]], [[0, 1], [-1, 1]], [[0, 1], [-1, 0]]]\nbias = 1",
    ),
    (
        "two-filters",
        "image = [[0, 0, 1, 1], [0, 0, 1, 1], [1, 1, 1, 1]]\nfilters = [[[-1, 1], [-1, 1]], [[-1, -1], [1, 1]]]\nbiases = [0, -1]\npadding = [0, 1]",
    ),
    (
        "one-by-one",
        "image = [[[2, 0, 1], [1, 3, 2], [0, 1, 4]], [[1, 2, 0], [0, 1, 3], [2, 0, 1]], [[0, 1, 1], [2, 0, 1], [1, 3, 0]]]\nfilters = [[[[1]], [[2]], [[-1]]], [[[-1]], [[1]], [[1]]]]\nbiases = [0, 1]",
    ),
];

#[test]
fn channels() {
    check_all(View::Channels, &LAYERS);
}

#[test]
fn filters() {
    check_all(View::Filters, &LAYERS);
}

/// The summary and full SVG, byte for byte, of the seed's image, matrix and
/// network: guards of the renderer that the digests leave out.
#[test]
fn full_svg_of_the_seed() {
    for view in [View::Image, View::Matrix, View::Network] {
        let drawing = drawing(EXAMPLES[0].1, view);
        let figure = drawing.figure.as_ref().expect("the view draws an SVG");
        let svg = format!("{}\n{}", drawing.summary, svg::render(figure, "snap"));
        insta::assert_snapshot!(format!("svg-{}-seed", view.name()), svg);
    }
}

/// The code view, beyond the article's views: the digest of its figure and
/// its programs in full, for the seed and a small network.
#[test]
fn code_view_figure_and_programs() {
    let examples = [
        ("seed", "example = \"seed\""),
        (
            "network",
            "example = \"seed-padded\"\nfilters = [\"laplacian\", \"sharpen\"]\nbiases = [0, 0.5]\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"max-pool\"\n[[layers]]\nkind = \"dense\"\nweights = [[1, -0.5], [0.25, 2]]",
        ),
    ];
    for (name, body) in examples {
        let body = format!("view = \"code\"\n{body}");
        let (example, model) =
            prepare(Directive::parse(&body).unwrap(), &Examples::built_in()).unwrap();
        let drawing = drawings(&example, &model).unwrap().remove(0);
        let mut out = digest(&drawing);
        let program = drawing
            .code
            .as_ref()
            .expect("the code view writes programs");
        for block in crate::render::code::render(program).unwrap() {
            writeln!(
                out,
                "--- {} ({})\n{}",
                block.title, block.language, block.text
            )
            .unwrap();
        }
        insta::assert_snapshot!(format!("code-{name}"), out);
    }
}
