use super::*;
use ndarray::{Array2, array};
use proptest::prelude::*;

/// A deliberately plain reference: pad the image into a new array, then
/// slide the filter over it with four loops. Shares no code with the engine.
fn naive(spec: &Spec) -> Vec<Vec<f64>> {
    let (n_rows, n_cols) = spec.image.dim();
    let (k_rows, k_cols) = spec.filter.dim();
    let [p_rows, p_cols] = spec.padding;
    let mut padded = vec![vec![0.0; n_cols + 2 * p_cols]; n_rows + 2 * p_rows];
    for r in 0..n_rows {
        for c in 0..n_cols {
            padded[r + p_rows][c + p_cols] = spec.image[[r, c]];
        }
    }
    let mut out = Vec::new();
    let mut top = 0;
    while top + spec.dilation[0] * (k_rows - 1) < padded.len() {
        let mut row = Vec::new();
        let mut left = 0;
        while left + spec.dilation[1] * (k_cols - 1) < padded[0].len() {
            let mut sum = spec.bias;
            for u in 0..k_rows {
                for v in 0..k_cols {
                    sum += spec.filter[[u, v]]
                        * padded[top + u * spec.dilation[0]][left + v * spec.dilation[1]];
                }
            }
            row.push(sum);
            left += spec.stride[1];
        }
        out.push(row);
        top += spec.stride[0];
    }
    out
}

fn spec(image: Array2<f64>, filter: Array2<f64>) -> Spec {
    Spec {
        image,
        filter,
        bias: 0.0,
        padding: [0, 0],
        stride: [1, 1],
        dilation: [1, 1],
    }
}

fn seed() -> Spec {
    Spec {
        bias: 1.0,
        ..spec(
            array![[2.0, 0.0, 1.0], [1.0, 3.0, 2.0], [0.0, 1.0, 4.0]],
            array![[1.0, -1.0], [2.0, 0.0]],
        )
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn outputs_past_f64_are_refused_with_their_place() {
    let err =
        Convolution::new(spec(array![[1.0, 1.0], [1.0, 1e300]], array![[1e300]])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the output at row 2, column 2 of the convolution overflows: it is infinite, past the largest number there is (about 1.8e308): scale the image, the filter or the bias down"
    );
    // inf − inf is not a number either.
    let err = Convolution::new(spec(array![[1e308, 1e308]], array![[1e10, -1e10]])).unwrap_err();
    let ShapeError::Overflow(overflow) = err else {
        panic!("{err}")
    };
    assert_eq!(overflow.value, "not a number");
    // The largest finite results still compute.
    let max = Convolution::new(Spec {
        bias: f64::MAX,
        ..spec(array![[1.0]], array![[1.0]])
    })
    .unwrap();
    assert_eq!(max.output()[[0, 0]], f64::MAX);
}

#[test]
fn seed_matches_the_article() {
    let conv = Convolution::new(seed()).unwrap();
    // P = αA + βB + γD + δE + b, and so on.
    assert_eq!(conv.output(), &array![[5.0, 6.0], [-1.0, 4.0]]);
    let p: Vec<_> = conv.terms([0, 0]).iter().map(|t| t.source).collect();
    assert_eq!(
        p,
        [[0, 0], [0, 1], [1, 0], [1, 1]].map(Source::Pixel).to_vec()
    );
    let s: Vec<_> = conv.terms([1, 1]).iter().map(|t| t.weight).collect();
    assert_eq!(s, vec![[0, 0], [0, 1], [1, 0], [1, 1]]);
}

#[test]
fn seed_weight_matrix_is_the_articles_4x9() {
    let conv = Convolution::new(seed()).unwrap();
    let m = conv.weight_matrix();
    let (a, b, g, d) = (1.0, -1.0, 2.0, 0.0);
    #[rustfmt::skip]
    let expected = array![
        [a, b, 0., g, d, 0., 0., 0., 0.],
        [0., a, b, 0., g, d, 0., 0., 0.],
        [0., 0., 0., a, b, 0., g, d, 0.],
        [0., 0., 0., 0., a, b, 0., g, d],
    ];
    assert_eq!(m, expected);
    let trainable = conv
        .weight_positions()
        .iter()
        .filter(|p| p.is_some())
        .count();
    assert_eq!(trainable, 16);
}

#[test]
fn padded_laplacian_keeps_the_size() {
    let conv = Convolution::new(Spec {
        padding: [1, 1],
        ..spec(
            array![[2.0, 0.0, 1.0], [1.0, 3.0, 2.0], [0.0, 1.0, 4.0]],
            array![[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]],
        )
    })
    .unwrap();
    assert_eq!(conv.output_shape(), [3, 3]);
    // The center (pixel E) sees its four neighbours: 0 + 1 + 2 + 1 − 4·3.
    assert_eq!(conv.output()[[1, 1]], -8.0);
    let corner_padding = conv
        .terms([0, 0])
        .iter()
        .filter(|t| matches!(t.source, Source::Padding(_)))
        .count();
    assert_eq!(corner_padding, 5);
    assert_eq!(conv.terms([0, 0])[0].source, Source::Padding([-1, -1]));
}

#[test]
fn without_padding_only_the_center_fits() {
    let conv = Convolution::new(spec(Array2::ones((3, 3)), Array2::ones((3, 3)))).unwrap();
    assert_eq!(conv.output_shape(), [1, 1]);
    assert_eq!(conv.window_origin([0, 0]), [0, 0]);
}

#[test]
fn uneven_stride_leaves_rows_unreached() {
    let conv = Convolution::new(Spec {
        stride: [2, 2],
        ..spec(Array2::ones((4, 5)), Array2::ones((2, 2)))
    })
    .unwrap();
    assert_eq!(conv.output_shape(), [2, 2]);
    assert_eq!(conv.reached(), [4, 4]);
}

#[test]
fn rejects_impossible_shapes() {
    let too_big = Convolution::new(spec(Array2::ones((2, 3)), Array2::ones((3, 3))));
    assert_eq!(
        too_big.unwrap_err(),
        ShapeError::FilterTooLarge {
            reach: [3, 3],
            padded: [2, 3]
        }
    );
    let dilated = Convolution::new(Spec {
        dilation: [2, 2],
        ..spec(Array2::ones((4, 4)), Array2::ones((3, 3)))
    });
    assert!(matches!(dilated, Err(ShapeError::FilterTooLarge { .. })));
    let zero = Convolution::new(Spec {
        stride: [0, 1],
        ..spec(Array2::ones((4, 4)), Array2::ones((3, 3)))
    });
    assert_eq!(zero.unwrap_err(), ShapeError::ZeroStep { what: "stride" });
}

/// A random but valid convolution: sizes, padding, stride and dilation per
/// axis, with small integer-valued numbers so sums are exact.
fn any_spec() -> impl Strategy<Value = Spec> {
    (
        (1usize..7, 1usize..7),
        (1usize..4, 1usize..4),
        (0usize..3, 0usize..3),
        (1usize..4, 1usize..4),
        (1usize..3, 1usize..3),
        -5i32..5,
    )
        .prop_flat_map(|(n, k, p, s, d, bias)| {
            let reach = (d.0 * (k.0 - 1) + 1, d.1 * (k.1 - 1) + 1);
            // Grow the image until the filter fits, so every case is valid.
            let n = (
                n.0.max(reach.0.saturating_sub(2 * p.0)),
                n.1.max(reach.1.saturating_sub(2 * p.1)),
            );
            (
                proptest::collection::vec(-9i32..10, n.0 * n.1),
                proptest::collection::vec(-9i32..10, k.0 * k.1),
            )
                .prop_map(move |(image, filter)| Spec {
                    image: Array2::from_shape_vec(n, image.into_iter().map(f64::from).collect())
                        .unwrap(),
                    filter: Array2::from_shape_vec(k, filter.into_iter().map(f64::from).collect())
                        .unwrap(),
                    bias: f64::from(bias),
                    padding: [p.0, p.1],
                    stride: [s.0, s.1],
                    dilation: [d.0, d.1],
                })
        })
}

proptest! {
    #[test]
    fn output_matches_the_naive_reference(spec in any_spec()) {
        let expected = naive(&spec);
        let conv = Convolution::new(spec).unwrap();
        let [rows, cols] = conv.output_shape();
        prop_assert_eq!(rows, expected.len());
        for (i, row) in expected.iter().enumerate() {
            prop_assert_eq!(cols, row.len());
            for (j, &value) in row.iter().enumerate() {
                prop_assert!(close(conv.output()[[i, j]], value));
            }
        }
    }

    #[test]
    fn output_size_follows_the_formula(spec in any_spec()) {
        let conv = Convolution::new(spec.clone()).unwrap();
        for axis in 0..2 {
            let n = spec.image.shape()[axis] as i64;
            let k = spec.filter.shape()[axis] as i64;
            let (p, s, d) = (spec.padding[axis] as i64, spec.stride[axis] as i64, spec.dilation[axis] as i64);
            let size = (n + 2 * p - d * (k - 1) - 1).div_euclid(s) + 1;
            prop_assert_eq!(conv.output_shape()[axis] as i64, size);
        }
    }

    #[test]
    fn weight_matrix_reproduces_the_output(spec in any_spec()) {
        let conv = Convolution::new(spec.clone()).unwrap();
        let m = conv.weight_matrix();
        let x = Array2::from_shape_vec((spec.image.len(), 1), spec.image.iter().copied().collect()).unwrap();
        let y = m.dot(&x);
        for (row, out) in conv.outputs().enumerate() {
            prop_assert!(close(y[[row, 0]] + spec.bias, conv.output()[out]));
        }
        // Every non-zero entry comes from some filter position.
        for (value, position) in m.iter().zip(conv.weight_positions().iter()) {
            if *value != 0.0 {
                prop_assert!(position.is_some());
            }
        }
    }

    #[test]
    fn every_output_has_one_term_per_weight(spec in any_spec()) {
        let conv = Convolution::new(spec.clone()).unwrap();
        for out in conv.outputs() {
            let weights: Vec<_> = conv.terms(out).iter().map(|t| t.weight).collect();
            let expected: Vec<_> = (0..spec.filter.nrows())
                .flat_map(|u| (0..spec.filter.ncols()).map(move |v| [u, v]))
                .collect();
            prop_assert_eq!(weights, expected);
        }
        let reached = conv.reached();
        let padded = spec.padded_shape();
        prop_assert!(reached[0] <= padded[0] && reached[1] <= padded[1]);
        prop_assert!(padded[0] - reached[0] < spec.stride[0]);
        prop_assert!(padded[1] - reached[1] < spec.stride[1]);
    }

    #[test]
    fn no_padding_is_valid_convolution(spec in any_spec()) {
        let valid = Spec { padding: [0, 0], ..spec };
        if valid.output_shape().is_ok() {
            let conv = Convolution::new(valid).unwrap();
            for out in conv.outputs() {
                prop_assert!(conv.terms(out).iter().all(|t| matches!(t.source, Source::Pixel(_))));
            }
        }
    }

    #[test]
    fn one_by_one_filter_scales_the_image(spec in any_spec(), w in -4i32..5) {
        let one = Spec {
            filter: Array2::from_elem((1, 1), f64::from(w)),
            padding: [0, 0],
            dilation: [1, 1],
            stride: [1, 1],
            ..spec
        };
        let conv = Convolution::new(one.clone()).unwrap();
        let expected = one.image.mapv(|x| f64::from(w) * x + one.bias);
        prop_assert_eq!(conv.output(), &expected);
    }

    #[test]
    fn filter_as_large_as_the_padded_image_gives_one_output(spec in any_spec()) {
        let padded = spec.padded_shape();
        let whole = Spec {
            filter: Array2::from_elem((padded[0], padded[1]), 1.0),
            dilation: [1, 1],
            ..spec
        };
        let conv = Convolution::new(whole.clone()).unwrap();
        prop_assert_eq!(conv.output_shape(), [1, 1]);
        prop_assert!(close(conv.output()[[0, 0]], whole.image.sum() + whole.bias));
    }
}
