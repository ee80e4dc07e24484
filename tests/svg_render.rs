//! Every view's SVG, for examples of every shape, parsed and rasterized with
//! resvg using the system's fonts: it must parse, draw something, and draw
//! every piece of text as real glyphs.
//!
//! Needs a system font with Greek letters (fonts-dejavu-core); without one
//! the test fails and says so.

use mdbook_cnn_views::{Directive, Examples, Figure, View, drawings, prepare, svg};
use resvg::{tiny_skia, usvg};

/// Bodies covering the shapes a view must handle.
const EXAMPLES: [(&str, &str); 7] = [
    ("seed", "example = \"seed\""),
    ("seed-padded", "example = \"seed-padded\""),
    (
        "stride 2, non-square",
        "image = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]]\nfilter = [[1, 0.5], [-0.25, 2]]\nbias = -1\nstride = 2",
    ),
    (
        "dilation 2",
        "image = [[1, 0, 2, 1, 0], [0, 1, 3, 1, 2], [2, 2, 0, 1, 1], [1, 0, 1, 2, 3], [0, 1, 1, 0, 2]]\nfilter = [[1, -1], [0.5, 2]]\ndilation = 2",
    ),
    ("1x1 filter", "example = \"seed\"\nfilter = [[3]]"),
    (
        "8x8 image",
        "image = [[1, 2, 3, 4, 5, 6, 7, 8], [2, 3, 4, 5, 6, 7, 8, 9], [3, 4, 5, 6, 7, 8, 9, 1], [4, 5, 6, 7, 8, 9, 1, 2], [5, 6, 7, 8, 9, 1, 2, 3], [6, 7, 8, 9, 1, 2, 3, 4], [7, 8, 9, 1, 2, 3, 4, 5], [8, 9, 1, 2, 3, 4, 5, 6]]\nfilter = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]\npadding = 1",
    ),
    (
        "custom labels",
        "example = \"seed\"\nimage-labels = [[\"<a>\", \"b&c\", \"x_1\"], [\"50%\", \"Ω\", \"$y$\"], [\"{z}\", \"\\\\\", \"q\"]]\nbias-label = \"β₀\"",
    ),
];

fn options() -> usvg::Options<'static> {
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    assert!(
        options.fontdb.faces().any(|face| face
            .families
            .iter()
            .any(|(name, _)| name.contains("DejaVu Sans"))),
        "no DejaVu Sans on this system: apt-get install fonts-dejavu-core"
    );
    options
}

/// Every text node in the tree, with whether it was turned into glyphs.
fn texts(group: &usvg::Group, out: &mut Vec<(String, bool)>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => texts(g, out),
            usvg::Node::Text(text) => {
                let content: String = text.chunks().iter().map(|c| c.text()).collect();
                let drawn = !text.flattened().children().is_empty()
                    && text.flattened().bounding_box().width() > 0.0;
                out.push((content, drawn));
            }
            _ => {}
        }
    }
}

/// Renders `figure` with resvg: it must parse, ink more than 1% of its
/// area, and turn every text into glyphs. Returns the texts.
fn rasterize(options: &usvg::Options<'_>, what: &str, figure: &Figure) -> Vec<(String, bool)> {
    let source = svg::render(figure, "t");
    let tree = usvg::Tree::from_str(&source, options)
        .unwrap_or_else(|e| panic!("{what}: SVG does not parse: {e}"));
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let inked = pixmap
        .pixels()
        .iter()
        .filter(|p| p.red() < 200 || p.green() < 200 || p.blue() < 200)
        .count();
    let share = inked as f64 / pixmap.pixels().len() as f64;
    assert!(
        share > 0.01,
        "{what}: only {:.2}% of the figure is drawn",
        share * 100.0
    );
    let mut found = Vec::new();
    texts(tree.root(), &mut found);
    assert!(!found.is_empty(), "{what}: no text at all");
    for (text, drawn) in &found {
        assert!(drawn, "{what}: text {text:?} has no glyphs");
    }
    found
}

#[test]
fn every_view_rasterizes_with_all_its_text() {
    let options = options();
    let examples = Examples::built_in();
    let mut rendered = 0;
    for (name, body) in EXAMPLES {
        for view in View::ALL {
            let body = format!("{body}\nview = \"{}\"", view.name());
            let (example, model) = prepare(Directive::parse(&body).unwrap(), &examples)
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let drawings = drawings(&example, &model).unwrap();
            let Some(figure) = &drawings[0].figure else {
                continue; // Equation-only views have no SVG.
            };
            let found = rasterize(&options, &format!("{name} {}", view.name()), figure);
            // Custom labels come out literally, never as markup.
            if name == "custom labels" && view == View::Image {
                let all: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
                for label in ["<a>", "b&c", "x_1", "50%", "Ω", "$y$", "{z}", "\\"] {
                    assert!(all.contains(&label), "label {label:?} missing in {all:?}");
                }
            }
            rendered += 1;
        }
    }
    assert!(rendered >= 21, "only {rendered} figures rendered");
}

/// Networks for the views beyond the first convolution: every activation,
/// both poolings, a dense layer and softmax.
const NETWORKS: [(&str, &str); 3] = [
    (
        "relu, max-pool, dense, softmax",
        "example = \"seed\"\nfilters = [[[1, -1], [2, 0]], [[0, 1], [-1, 0]]]\nbiases = [1, 0]\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"max-pool\"\n[[layers]]\nkind = \"dense\"\nweights = [[1, -1], [-0.5, 1], [0.2, 0.3]]\n[[layers]]\nkind = \"softmax\"",
    ),
    (
        "sigmoid, avg-pool",
        "image = [[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 1], [1, 1, 0, 2]]\nfilter = [[1, -1], [0.5, 1]]\n[[layers]]\nkind = \"sigmoid\"\n[[layers]]\nkind = \"avg-pool\"\nstride = 1\n[[layers]]\nkind = \"dense\"\nweights = [[1, 0, -1, 0], [0, 1, 0, -1]]\n[[layers]]\nkind = \"softmax\"",
    ),
    (
        "leaky-relu, tanh",
        "example = \"seed\"\n[[layers]]\nkind = \"leaky-relu\"\nslope = 0.1\n[[layers]]\nkind = \"conv\"\nfilter = [[1, 1], [1, 1]]\n[[layers]]\nkind = \"tanh\"\n[[layers]]\nkind = \"max-pool\"\nsize = 1\n[[layers]]\nkind = \"dense\"\nweights = [[1], [-1]]\n[[layers]]\nkind = \"softmax\"",
    ),
];

#[test]
fn network_views_rasterize_with_all_their_text() {
    let options = options();
    let examples = Examples::built_in();
    for (name, body) in NETWORKS {
        for view in View::BEYOND {
            let body = format!("view = \"{}\"\n{body}", view.name());
            let (example, model) = prepare(Directive::parse(&body).unwrap(), &examples)
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let Ok(drawings) = drawings(&example, &model) else {
                continue; // A view this network lacks the layer for.
            };
            if let Some(figure) = &drawings[0].figure {
                rasterize(&options, &format!("{name} {}", view.name()), figure);
            }
        }
    }
}
