//! Snapshots of every view's SVG for a few examples that cover the cases
//! that change layout: the seed, padding, stride with a non-square image.
//! Refresh with `INSTA_UPDATE=always cargo test` and review the diff.

use crate::directive::Directive;
use crate::pipeline::{drawings, prepare};
use crate::render::{latex, svg};
use crate::resolve::Examples;

/// Examples by name → block bodies.
const EXAMPLES: [(&str, &str); 3] = [
    ("seed", "example = \"seed\""),
    ("seed-padded", "example = \"seed-padded\""),
    (
        "stride2",
        "image = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]]\nfilter = [[1, 0.5], [-0.25, 2]]\nbias = -1\nstride = 2",
    ),
];

fn render(body: &str, view: &str) -> String {
    let body = format!("{body}\nview = \"{view}\"");
    let (example, conv) = prepare(Directive::parse(&body).unwrap(), &Examples::built_in()).unwrap();
    let drawings = drawings(&example, &conv).unwrap();
    let drawing = &drawings[0];
    let mut out = drawing.summary.clone();
    if let Some(math) = &drawing.math {
        out.push('\n');
        out.push_str(&latex::render(math).unwrap());
    }
    if let Some(figure) = &drawing.figure {
        let svg = svg::render(figure, "snap");
        assert!(!svg.contains("\n\n"), "no blank lines in an SVG");
        out.push('\n');
        out.push_str(&svg);
    }
    out
}

#[test]
fn every_view_matches_its_snapshot() {
    for view in crate::view::View::ALL {
        for (name, body) in EXAMPLES {
            insta::assert_snapshot!(format!("{}-{name}", view.name()), render(body, view.name()));
        }
    }
}
