//! Size budgets for the figures (bytes of SVG plus LaTeX), so big examples
//! stay small enough for a page: the matrix view of an MNIST-sized image,
//! every view of a 64×64 image, the views of channels and filters for a
//! 3×64×64 image with eight filters, the seed's views, small enough to
//! read, and the whole-network views of a Tiny-VGG-like network.

mod common;

use common::{body, layer_body, tiny_vgg};
use mdbook_cnn_views::{Directive, Examples, View, drawings, latex, prepare, svg};

/// Bytes of what a view puts in the page.
fn size(body: &str, view: View) -> usize {
    // Keys go before any `[[layers]]` table.
    let body = format!("view = \"{}\"\n{body}", view.name());
    let (example, model) =
        prepare(Directive::parse(&body).unwrap(), &Examples::built_in()).unwrap();
    let drawing = drawings(&example, &model).unwrap().remove(0);
    drawing.figure.map_or(0, |f| svg::render(&f, "b").len())
        + drawing.math.map_or(0, |m| latex::render(&m).unwrap().len())
        + drawing.summary.len()
}

#[test]
fn mnist_sized_matrix_stays_under_100_kb() {
    let bytes = size(&body(28, 5), View::Matrix);
    assert!(
        bytes <= 100_000,
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
            bytes <= 40_000,
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
