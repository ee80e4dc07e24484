//! Size budgets for the figures, so pages stay light on a phone: the goals
//! of "lean figures" (the seed's eleven views, a padded 10×10 example and
//! the matrix of an MNIST-sized image), and ceilings for the largest
//! examples. A view's size is what it adds to a chapter: its SVG as the
//! chapter inlines it, its LaTeX, and its summary; `size_table` (ignored,
//! run it with `--ignored --nocapture`) also prints the whole HTML, MathML
//! included, for the README.

mod common;

use common::{body, layer_body, tiny_vgg};
use mdbook_cnn_views::{
    Directive, Examples, MathMode, View, drawings, latex, prepare, render_block, svg,
};

/// The id prefix of a figure in a chapter, as long as a real one.
const ID: &str = "cnn-book-x-1";

/// Bytes of what a view puts in the page: SVG, LaTeX and summary.
fn size(body: &str, view: View) -> usize {
    // Keys go before any `[[layers]]` table.
    let body = format!("view = \"{}\"\n{body}", view.name());
    let (example, model) =
        prepare(Directive::parse(&body).unwrap(), &Examples::built_in()).unwrap();
    let drawing = drawings(&example, &model).unwrap().remove(0);
    let id = format!("{ID}-{}", view.name());
    drawing.figure.map_or(0, |f| svg::inline(&f, &id).len())
        + drawing.math.map_or(0, |m| latex::render(&m).unwrap().len())
        + drawing.summary.len()
}

/// Bytes of the whole `<figure>` a view becomes, MathML included.
fn html_size(body: &str, view: View) -> usize {
    // Keys go before any `[[layers]]` table.
    let body = format!("view = \"{}\"\n{body}", view.name());
    render_block(&body, &Examples::built_in(), ID, MathMode::Mathml)
        .unwrap()
        .len()
}

/// The article's eleven views (`"all"` adds im2col).
fn article_views() -> impl Iterator<Item = View> {
    View::ALL.into_iter().filter(|&v| v != View::Im2col)
}

fn padded_ten() -> String {
    format!("{}\npadding = 1", body(10, 3))
}

#[test]
fn the_seeds_eleven_views_take_at_most_55_kb() {
    let total: usize = article_views().map(|v| size("example = \"seed\"", v)).sum();
    assert!(total <= 55_000, "the seed's 11 views are {total} bytes");
}

#[test]
fn every_view_of_a_padded_10x10_example_takes_at_most_250_kb() {
    let body = padded_ten();
    let total: usize = View::ALL.into_iter().map(|v| size(&body, v)).sum();
    assert!(total <= 250_000, "every view of 10×10 is {total} bytes");
}

#[test]
fn mnist_sized_matrix_takes_at_most_30_kb() {
    let bytes = size(&body(28, 5), View::Matrix);
    assert!(
        bytes <= 30_000,
        "matrix view of 28×28 with 5×5 is {bytes} bytes"
    );
}

#[test]
fn every_view_of_a_64x64_image_stays_under_500_kb() {
    let body = body(64, 3);
    for view in View::ALL {
        let bytes = size(&body, view);
        assert!(
            bytes <= 500_000,
            "{} view of 64×64 is {bytes} bytes",
            view.name()
        );
    }
}

#[test]
fn seed_views_are_small_enough_to_read() {
    for view in View::ALL {
        let bytes = size("example = \"seed\"", view);
        assert!(
            bytes <= 20_000,
            "{} view of the seed is {bytes} bytes",
            view.name()
        );
    }
}

#[test]
fn the_largest_image_allowed_gives_no_multi_megabyte_figure() {
    let body = format!("{}\npadding = 1", body(256, 3));
    for view in View::ALL {
        let bytes = size(&body, view);
        assert!(
            bytes <= 500_000,
            "{} view of 256×256 is {bytes} bytes",
            view.name()
        );
    }
}

/// The README's table: bytes per view and example, as the budgets count
/// them and as the whole HTML (MathML included).
#[test]
#[ignore = "prints the README's size table"]
fn size_table() {
    let examples = [
        ("seed", "example = \"seed\"".to_string()),
        ("10×10, 3×3, padding 1", padded_ten()),
        ("28×28, 5×5", body(28, 5)),
        ("64×64, 3×3", body(64, 3)),
    ];
    let names: Vec<&str> = examples.iter().map(|(name, _)| *name).collect();
    println!("| view | {} |", names.join(" | "));
    println!("| --- |{}", " --- |".repeat(examples.len()));
    let kb = |bytes: usize| format!("{:.1}", bytes as f64 / 1000.0);
    for view in View::ALL {
        let cells: Vec<String> = examples
            .iter()
            .map(|(_, body)| format!("{} ({})", kb(size(body, view)), kb(html_size(body, view))))
            .collect();
        println!("| {} | {} |", view.name(), cells.join(" | "));
    }
    let eleven: usize = article_views().map(|v| size(&examples[0].1, v)).sum();
    let eleven_html: usize = article_views().map(|v| html_size(&examples[0].1, v)).sum();
    let ten: usize = View::ALL.into_iter().map(|v| size(&examples[1].1, v)).sum();
    let ten_html: usize = View::ALL
        .into_iter()
        .map(|v| html_size(&examples[1].1, v))
        .sum();
    println!(
        "seed, 11 views: {} KB ({} KB); 10×10 padded, all views: {} KB ({} KB)",
        kb(eleven),
        kb(eleven_html),
        kb(ten),
        kb(ten_html)
    );
}

#[test]
fn tiny_vgg_network_views_stay_under_500_kb() {
    // One block with every network view, so the network is computed once.
    let views = [
        View::Layers,
        View::ReceptiveField,
        View::Activation,
        View::Pooling,
        View::Softmax,
    ];
    let names: Vec<String> = views.iter().map(|v| format!("\"{}\"", v.name())).collect();
    let body = format!("views = [{}]\n{}", names.join(", "), tiny_vgg());
    let (example, model) =
        prepare(Directive::parse(&body).unwrap(), &Examples::built_in()).unwrap();
    for drawing in drawings(&example, &model).unwrap() {
        let bytes =
            drawing.figure.map_or(0, |f| svg::render(&f, "b").len()) + drawing.summary.len();
        assert!(
            bytes <= 500_000,
            "{} view of the Tiny-VGG network is {bytes} bytes",
            drawing.view
        );
    }
}

#[test]
fn channels_and_filters_of_a_3x64x64_image_with_eight_filters_stay_under_500_kb() {
    let body = layer_body(64, 3, 3, 8);
    for view in [View::Channels, View::Filters] {
        let bytes = size(&body, view);
        assert!(
            bytes <= 500_000,
            "{} view of 3×64×64 with 8 filters is {bytes} bytes",
            view.name()
        );
    }
}
