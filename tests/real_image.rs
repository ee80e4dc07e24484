//! What the chapter "A real image" tells the reader to check, checked on
//! the book's own picture: a filter whose weights add up to 0 gives 0 on a
//! flat region, sharpen is the image minus its Laplacian, and a blur stays
//! within the range of its window.

use std::path::Path;

use mdbook_cnn_views::{Config, Directive, Examples, Model, prepare};
use ndarray::{Array3, Axis, s};

fn examples() -> Examples {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Config::from_book_toml(&std::fs::read_to_string(root.join("book.toml")).unwrap())
        .unwrap()
        .in_book(root)
        .examples()
        .unwrap()
}

fn model(body: &str) -> Model {
    prepare(Directive::parse(body).unwrap(), &examples())
        .unwrap()
        .1
}

fn maps(model: &Model) -> Array3<f64> {
    model.network().first().output().clone()
}

#[test]
fn the_picture_is_read_as_the_chapter_says() {
    let model = model("example = \"camera\"\nview = \"code\"");
    let image = &model.network().first().spec().image;
    assert_eq!(image.dim(), (1, 32, 32));
    // Every value is a whole number of 255ths, from 0 to 1.
    assert!(image.iter().all(|&v| {
        let k = (v * 255.0).round();
        (0.0..=255.0).contains(&k) && k / 255.0 == v
    }));
    assert_eq!(maps(&model).dim(), (4, 30, 30));
}

#[test]
fn sharpen_is_the_image_minus_its_laplacian() {
    let y = maps(&model("example = \"camera-parts\"\nview = \"code\""));
    let (identity, laplacian, sharpen) = (
        y.index_axis(Axis(0), 0),
        y.index_axis(Axis(0), 1),
        y.index_axis(Axis(0), 2),
    );
    let difference = &identity - &laplacian;
    for (a, b) in sharpen.iter().zip(difference.iter()) {
        assert!((a - b).abs() < 1e-12, "sharpen {a}, image − laplacian {b}");
    }
    // The identity's map is the picture without its border.
    let image = model("example = \"camera-parts\"\nview = \"code\"")
        .network()
        .first()
        .spec()
        .image
        .clone();
    assert_eq!(identity, image.slice(s![0, 1..31, 1..31]));
}

#[test]
fn zero_sum_filters_give_zero_on_flat_regions() {
    for name in ["sobel-x", "sobel-y", "laplacian"] {
        let flat = model(&format!(
            "image = [[0.7, 0.7, 0.7, 0.7], [0.7, 0.7, 0.7, 0.7], [0.7, 0.7, 0.7, 0.7]]\nfilter = \"{name}\"\nview = \"code\""
        ));
        assert!(maps(&flat).iter().all(|&v| v.abs() < 1e-15), "{name}");
    }
    let step = maps(&model("example = \"step\"\nview = \"output\""));
    assert_eq!(step[[0, 0, 0]], 0.0);
    assert_eq!(step[[0, 1, 0]], 0.0);
    assert!(step[[0, 0, 1]] > 0.0);
}

#[test]
fn a_blur_stays_within_its_window() {
    let model = model("example = \"camera\"\nview = \"code\"");
    let image = model.network().first().spec().image.clone();
    let blur = maps(&model).index_axis(Axis(0), 2).to_owned();
    for ((i, j), &v) in blur.indexed_iter() {
        let window = image.slice(s![0, i..i + 3, j..j + 3]);
        let lo = window.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = window.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert!(lo - 1e-12 <= v && v <= hi + 1e-12, "({i}, {j}): {v}");
    }
}
