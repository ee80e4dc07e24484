use super::*;
use crate::engine::layers::{Activation, Pooling};
use ndarray::{Array1, Array2, Array3, Array4, array};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn seed_first() -> ConvSpec {
    ConvSpec {
        image: array![[[2.0, 0.0, 1.0], [1.0, 3.0, 2.0], [0.0, 1.0, 4.0]]],
        filters: array![[[[1.0, -1.0], [2.0, 0.0]]]],
        biases: array![1.0],
        padding: [0, 0],
        stride: [1, 1],
        dilation: [1, 1],
    }
}

fn conv_layer(k: usize, c: usize, size: usize) -> LayerSpec {
    LayerSpec::Conv {
        filters: Array4::from_elem((k, c, size, size), 1.0),
        biases: Array1::zeros(k),
        padding: [0, 0],
        stride: [1, 1],
        dilation: [1, 1],
    }
}

#[test]
fn seed_through_relu_pool_dense_softmax() {
    let spec = NetworkSpec {
        first: seed_first(),
        layers: vec![
            LayerSpec::Activation(Activation::Relu),
            LayerSpec::Pool {
                kind: Pooling::Max,
                size: [2, 2],
                stride: [2, 2],
            },
            LayerSpec::Dense {
                weights: array![[1.0], [-1.0]],
                biases: array![0.0, 0.0],
            },
            LayerSpec::Softmax,
        ],
    };
    let net = Network::new(spec).unwrap();
    // Seed output [[5, 6], [-1, 4]] → ReLU [[5, 6], [0, 4]] → max 6 →
    // logits [6, −6].
    assert_eq!(
        net.steps()[0].output,
        Tensor::Spatial(array![[[5.0, 6.0], [0.0, 4.0]]])
    );
    assert_eq!(net.steps()[1].output, Tensor::Spatial(array![[[6.0]]]));
    let p = net.output().flat();
    assert!((p[0] - 1.0 / (1.0 + (-12.0f64).exp())).abs() < 1e-12);
    assert!((p.sum() - 1.0).abs() < 1e-12);
}

#[test]
fn shape_errors_name_the_layer() {
    let spec = |layers| NetworkSpec {
        first: seed_first(),
        layers,
    };
    let err = Network::new(spec(vec![LayerSpec::Softmax])).unwrap_err();
    assert!(matches!(
        err,
        NetworkError::Layer {
            index: 0,
            error: LayerError::NeedsVector { .. }
        }
    ));
    let dense = LayerSpec::Dense {
        weights: Array2::zeros((2, 3)),
        biases: Array1::zeros(2),
    };
    let err = Network::new(spec(vec![dense.clone()])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the dense weights have 3 column(s) but the input has 4 number(s) (1×2×2 flattened): give each row 4 weights"
    );
    let pool = LayerSpec::Pool {
        kind: Pooling::Average,
        size: [3, 3],
        stride: [3, 3],
    };
    assert!(matches!(
        Network::new(spec(vec![pool])).unwrap_err(),
        NetworkError::Layer {
            index: 0,
            error: LayerError::PoolTooLarge { .. }
        }
    ));
    let ok_dense = LayerSpec::Dense {
        weights: Array2::zeros((2, 4)),
        biases: Array1::zeros(2),
    };
    assert!(matches!(
        Network::new(spec(vec![ok_dense, conv_layer(1, 1, 1)])).unwrap_err(),
        NetworkError::Layer {
            index: 1,
            error: LayerError::NeedsMaps { .. }
        }
    ));
}

#[test]
fn two_stacked_2x2_convolutions_see_the_whole_seed() {
    let spec = NetworkSpec {
        first: seed_first(),
        layers: vec![conv_layer(1, 1, 2)],
    };
    let net = Network::new(spec).unwrap();
    let fields = net.receptive_fields();
    let last = fields[1].unwrap();
    assert_eq!(last.size, [3, 3]);
    assert_eq!(last.span(0, 0, 3), 0..3);
}

/// The input pixels one output depends on.
type Seen = BTreeSet<(usize, usize)>;

/// Which input pixels each output can depend on, by following the
/// structure layer by layer with sets (shares no formula with the engine).
fn brute_force(net: &Network) -> Vec<Option<Vec<Seen>>> {
    let first = net.first();
    let [rows, cols] = first.geometry().output;
    let mut maps: Vec<Vec<Seen>> = vec![];
    let mut row = vec![];
    for out in first.outputs() {
        let set: BTreeSet<_> = first
            .terms(0, out)
            .filter_map(|t| match t.source {
                crate::engine::Source::Pixel([r, c]) => Some((r, c)),
                crate::engine::Source::Padding(_) => None,
            })
            .collect();
        row.push(set);
    }
    maps.push(row);
    let mut result = vec![Some(maps[0].clone())];
    let mut shape = [rows, cols];
    for step in net.steps() {
        let prev = maps.last().cloned().unwrap_or_default();
        let next: Option<Vec<Seen>> = match &step.spec {
            LayerSpec::Activation(_) => Some(prev.clone()),
            LayerSpec::Pool { size, stride, .. } => {
                let Tensor::Spatial(o) = &step.output else {
                    unreachable!()
                };
                let (_, h, w) = o.dim();
                let mut v = vec![];
                for i in 0..h {
                    for j in 0..w {
                        let mut s = BTreeSet::new();
                        for [r, c] in crate::engine::layers::pool_window([i, j], *size, *stride) {
                            s.extend(prev[r * shape[1] + c].iter().copied());
                        }
                        v.push(s);
                    }
                }
                shape = [h, w];
                Some(v)
            }
            LayerSpec::Conv { .. } => {
                let conv = step.conv.as_ref().unwrap();
                let [h, w] = conv.geometry().output;
                let v = conv
                    .outputs()
                    .map(|out| {
                        let mut s = BTreeSet::new();
                        for t in conv.terms(0, out) {
                            if let crate::engine::Source::Pixel([r, c]) = t.source {
                                s.extend(prev[r * shape[1] + c].iter().copied());
                            }
                        }
                        s
                    })
                    .collect();
                shape = [h, w];
                Some(v)
            }
            _ => None,
        };
        match next {
            Some(v) => {
                maps.push(v.clone());
                result.push(Some(v));
            }
            None => {
                result.push(None);
                break;
            }
        }
    }
    result
}

proptest! {
    #[test]
    fn receptive_fields_match_brute_force(
        n in 4usize..12,
        k1 in 1usize..4, s1 in 1usize..3, p1 in 0usize..2, d1 in 1usize..3,
        pool in 1usize..3,
        k2 in 1usize..3, d2 in 1usize..3,
    ) {
        let first = ConvSpec {
            image: Array3::from_elem((1, n, n), 1.0),
            filters: Array4::from_elem((1, 1, k1, k1), 1.0),
            biases: Array1::zeros(1),
            padding: [p1, p1],
            stride: [s1, s1],
            dilation: [d1, d1],
        };
        let layers = vec![
            LayerSpec::Activation(Activation::Tanh),
            LayerSpec::Pool { kind: Pooling::Max, size: [pool, pool], stride: [pool, pool] },
            LayerSpec::Conv {
                filters: Array4::from_elem((1, 1, k2, k2), 1.0),
                biases: Array1::zeros(1),
                padding: [0, 0],
                stride: [1, 1],
                dilation: [d2, d2],
            },
        ];
        let spec = NetworkSpec { first, layers };
        prop_assume!(spec.shapes().is_ok());
        let net = Network::new(spec).unwrap();
        let fields = net.receptive_fields();
        let brute = brute_force(&net);
        for (field, sets) in fields.iter().zip(&brute) {
            let (Some(field), Some(sets)) = (field, sets) else { continue };
            let cols = (sets.len() as f64).sqrt() as usize;
            for (index, set) in sets.iter().enumerate() {
                let (i, j) = (index / cols, index % cols);
                let rows = field.span(0, i, n);
                let columns = field.span(1, j, n);
                // Every pixel seen lies in the field; the field's corners
                // that are pixels are seen (dilation may skip inner ones).
                for &(r, c) in set {
                    prop_assert!(rows.contains(&r) && columns.contains(&c));
                }
                // Where the field lies inside the image, its first and last
                // rows are reached (the chain of first and of last taps).
                let top = field.start[0] + (i * field.jump[0]) as isize;
                let bottom = top + field.size[0] as isize - 1;
                let left = field.start[1] + (j * field.jump[1]) as isize;
                let right = left + field.size[1] as isize - 1;
                let inside = |a: isize, b: isize| a >= 0 && b < n as isize;
                if inside(top, bottom) && inside(left, right) {
                    let seen_rows: BTreeSet<usize> = set.iter().map(|&(r, _)| r).collect();
                    prop_assert_eq!(seen_rows.first().copied(), Some(top as usize));
                    prop_assert_eq!(seen_rows.last().copied(), Some(bottom as usize));
                }
            }
        }
    }
}

#[test]
fn a_layer_that_overflows_is_named() {
    let spec = NetworkSpec {
        first: seed_first(),
        layers: vec![
            LayerSpec::Activation(Activation::Relu),
            LayerSpec::Dense {
                weights: Array2::from_elem((2, 4), 1e308),
                biases: Array1::zeros(2),
            },
        ],
    };
    let err = Network::new(spec).unwrap_err();
    assert!(err.is_overflow());
    let NetworkError::Layer { index, error } = &err else {
        panic!("{err}")
    };
    assert_eq!(*index, 1);
    assert_eq!(
        error.to_string(),
        "its output 1 overflows: it is infinite, past the largest number there is (about 1.8e308): scale the layer's weights or what comes into it down"
    );
}
