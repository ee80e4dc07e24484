//! The writer's promises, on small hand-made figures.

use super::*;

fn figure(items: Vec<Item>) -> Figure {
    Figure {
        view: "image",
        title: "A <title>".into(),
        desc: "What & why".into(),
        size: [100.0, 50.0],
        items,
    }
}

fn cell(x: f64, tone: Tone, symbol: &str, value: &str) -> Item {
    Item::Cell {
        at: [x, 10.0],
        size: 40.0,
        tone,
        symbol: Some(symbol.into()),
        value: Some(value.into()),
    }
}

#[test]
fn alike_cells_share_one_path_and_one_type_size() {
    let svg = inline(
        &figure(vec![
            cell(0.0, Tone::Pixel, "A", "1"),
            cell(40.0, Tone::Pixel, "B", "2"),
            cell(80.0, Tone::Output, "P", "3"),
        ]),
        "f",
    );
    assert_eq!(svg.matches("<path").count(), 2, "{svg}");
    assert_eq!(svg.matches("class=\"cnn-value\"").count(), 3, "{svg}");
    assert_eq!(svg.matches("class=\"cnn-symbol\"").count(), 3, "{svg}");
    assert!(svg.contains("font-size=\"14.4\">\n<title"), "{svg}");
    assert!(svg.contains("<g class=\"cnn-pixel\">"), "{svg}");
    assert!(
        svg.contains("d=\"M0 10h40v40h-40zm40 0h40v40h-40z\""),
        "{svg}"
    );
    assert!(!svg.contains("\n\n"));
    assert!(!svg.contains("<style>"));
    assert!(
        svg.contains("<title id=\"f-title\">A &lt;title&gt;</title>"),
        "{svg}"
    );
    assert!(svg.contains("aria-labelledby=\"f-title f-desc\""), "{svg}");
}

#[test]
fn standalone_carries_the_style_and_nothing_else_differs() {
    let f = figure(vec![cell(0.0, Tone::Weight(2), "γ", "2")]);
    let alone = render(&f, "f");
    let start = alone.find("\n<style>").unwrap();
    let end = alone.find("</style>").unwrap() + "</style>".len();
    assert_eq!(
        format!("{}{}", &alone[..start], &alone[end..]),
        inline(&f, "f")
    );
}

#[test]
fn weight_cells_get_a_mark_and_weights_past_the_palette_repeat() {
    let svg = inline(&figure(vec![cell(0.0, Tone::Weight(11), "w", "1")]), "f");
    assert!(svg.contains("class=\"cnn-weight cnn-w2\""), "{svg}");
    assert!(svg.contains("class=\"cnn-mark\""), "{svg}");
    assert_eq!(
        max_weight(&[Item::Group(vec![cell(0.0, Tone::Weight(11), "w", "1")])]),
        Some(11)
    );
}

#[test]
fn weight_labels_take_the_text_color() {
    let label = |x: f64| Item::Text {
        at: [x, 20.0],
        text: "α".into(),
        style: TextStyle::Label,
        anchor: Anchor::Middle,
        tone: Tone::Weight(0),
    };
    let svg = inline(&figure(vec![label(10.0), label(30.0)]), "f");
    assert!(
        svg.contains("<g class=\"cnn-t0\" font-size=\"16\">"),
        "{svg}"
    );
}

#[test]
fn places_on_a_lattice_nest() {
    let places: Vec<[f64; 2]> = (0..3)
        .flat_map(|i| {
            (0..4).map(move |j| {
                [
                    10.0 + 7.0 * i as f64 + j as f64,
                    5.0 + i as f64 * 4.0 + j as f64,
                ]
            })
        })
        .collect();
    assert_eq!(lattice(&places), Some((4, [1.0, 1.0], [7.0, 4.0])));
    assert_eq!(lattice(&places[..5]), None);
    let svg = inline(
        &figure(vec![Item::Reuse {
            key: "row".into(),
            items: vec![Item::Panel {
                at: [0.0, 0.0],
                size: [1.0, 1.0],
                tone: Tone::Weight(0),
            }],
            places,
        }]),
        "f",
    );
    assert_eq!(svg.matches("<use").count(), 4 + 3, "{svg}");
    assert!(
        svg.contains("<use href=\"#f-row-x\" x=\"17\" y=\"9\"/>"),
        "{svg}"
    );
}

#[test]
fn heatmaps_are_one_path_per_shade() {
    let svg = inline(
        &figure(vec![Item::Heatmap {
            at: [0.0, 0.0],
            cell: 2.0,
            cols: 2,
            shades: vec![0.5, 0.25, 0.5, 0.25],
        }]),
        "f",
    );
    assert_eq!(svg.matches("<path").count(), 2, "{svg}");
    assert!(svg.contains("fill-opacity=\".5\""), "{svg}");
}

/// The standalone style works in a renderer without custom properties:
/// resvg paints a weight cell in its palette color (translucent), its mark
/// in ink and a pixel cell white with an ink outline.
#[test]
fn standalone_colors_render_without_a_browser() {
    use resvg::{tiny_skia, usvg};
    let f = Figure {
        size: [100.0, 50.0],
        ..figure(vec![
            Item::Cell {
                at: [0.0, 0.0],
                size: 40.0,
                tone: Tone::Weight(1),
                symbol: None,
                value: None,
            },
            Item::Cell {
                at: [50.0, 0.0],
                size: 40.0,
                tone: Tone::Pixel,
                symbol: None,
                value: None,
            },
        ])
    };
    let tree = usvg::Tree::from_str(&render(&f, "f"), &usvg::Options::default()).unwrap();
    let mut pixmap = tiny_skia::Pixmap::new(100, 50).unwrap();
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let at = |x: u32, y: u32| {
        let p = pixmap.pixel(x, y).unwrap();
        [p.red(), p.green(), p.blue()]
    };
    let near = |a: [u8; 3], b: [u8; 3]| a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 3);
    // #332288 at 40% over white.
    assert!(near(at(25, 30), [173, 167, 207]), "{:?}", at(25, 30));
    // The mark, top left, in ink.
    assert!(near(at(5, 5), [0x1f, 0x23, 0x28]), "{:?}", at(5, 5));
    assert!(near(at(70, 20), [255, 255, 255]), "{:?}", at(70, 20));
    // The outline, half a pixel on each side of x = 50: ink, half covered.
    assert!(near(at(50, 20), [143, 145, 147]), "{:?}", at(50, 20));
}
