//! Speed of the engine and of every view at the sizes people try: the seed
//! (3×3), MNIST (28×28 with a 5×5 filter) and 64×64 with a 3×3 filter, and
//! the views of channels and filters for a 3×64×64 image with eight 3×3
//! filters.
//! and a Tiny-VGG-like network (3×64×64, two conv-ReLU-conv-ReLU-pool
//! blocks, dense to 10 classes, softmax): its engine and its whole-network
//! views.
//! Run with `cargo bench --bench views`; the README's Performance section
//! lists the numbers.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use common::{body, layer_body, tiny_vgg};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mdbook_cnn_views::{
    Convolution, Directive, Examples, MathMode, View, drawings, latex, prepare, render_block, svg,
};

const SIZES: [(&str, usize, usize); 3] = [("3x3", 3, 2), ("28x28", 28, 5), ("64x64", 64, 3)];

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine");
    for (name, n, k) in SIZES {
        let (example, _) = prepare(
            Directive::parse(&body(n, k)).unwrap(),
            &Examples::built_in(),
        )
        .unwrap();
        group.bench_function(BenchmarkId::new("convolution", name), |b| {
            b.iter(|| Convolution::new(black_box(example.spec.clone())).unwrap())
        });
    }
    group.finish();
}

fn views(c: &mut Criterion) {
    let mut group = c.benchmark_group("views");
    group.sample_size(20);
    for (name, n, k) in SIZES {
        for view in View::ALL {
            let body = format!("{}\nview = \"{}\"", body(n, k), view.name());
            let (example, model) =
                prepare(Directive::parse(&body).unwrap(), &Examples::built_in()).unwrap();
            group.bench_function(BenchmarkId::new(view.name(), name), |b| {
                b.iter(|| {
                    let drawing = drawings(black_box(&example), &model).unwrap().remove(0);
                    let math = drawing.math.map(|m| latex::render(&m));
                    (drawing.figure.map(|f| svg::render(&f, "bench")), math)
                })
            });
        }
    }
    let layer = layer_body(64, 3, 3, 8);
    for view in [View::Channels, View::Filters] {
        let body = format!("{layer}\nview = \"{}\"", view.name());
        let (example, model) =
            prepare(Directive::parse(&body).unwrap(), &Examples::built_in()).unwrap();
        group.bench_function(BenchmarkId::new(view.name(), "3x64x64x8"), |b| {
            b.iter(|| {
                let drawing = drawings(black_box(&example), &model).unwrap().remove(0);
                drawing.figure.map(|f| svg::render(&f, "bench"))
            })
        });
    }
    group.finish();
}

fn whole_block(c: &mut Criterion) {
    let mut group = c.benchmark_group("block");
    let examples = Examples::built_in();
    let body = "example = \"seed\"\nviews = [\"all\"]";
    group.bench_function("seed, every view, MathML", |b| {
        b.iter(|| render_block(black_box(body), &examples, "bench", MathMode::Mathml).unwrap())
    });
    group.finish();
}

fn network(c: &mut Criterion) {
    let mut group = c.benchmark_group("tiny-vgg");
    group.sample_size(10);
    let body = tiny_vgg();
    let examples = Examples::built_in();
    group.bench_function("parse and compute", |b| {
        b.iter(|| prepare(Directive::parse(black_box(&body)).unwrap(), &examples).unwrap())
    });
    for view in [
        View::Layers,
        View::ReceptiveField,
        View::Activation,
        View::Pooling,
        View::Softmax,
    ] {
        // Keys before the `[[layers]]` tables.
        let body = format!("view = \"{}\"\n{body}", view.name());
        let (example, model) = prepare(Directive::parse(&body).unwrap(), &examples).unwrap();
        group.bench_function(BenchmarkId::new("view", view.name()), |b| {
            b.iter(|| {
                let drawing = drawings(black_box(&example), &model).unwrap().remove(0);
                drawing.figure.map(|f| svg::render(&f, "bench"))
            })
        });
        group.bench_function(BenchmarkId::new("block", view.name()), |b| {
            b.iter(|| render_block(black_box(&body), &examples, "bench", MathMode::Mathml).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, engine, views, whole_block, network);
criterion_main!(benches);
