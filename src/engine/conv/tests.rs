use super::*;
use ndarray::{Array1, Array3, Array4, array};
use proptest::prelude::*;

// Index loops mirror the formula on purpose: this is the reference.
#[allow(clippy::needless_range_loop)]
/// A deliberately plain reference for PyTorch's conv2d: pad every channel
/// into nested vectors, then seven loops. Shares no code with the engine.
fn naive(spec: &ConvSpec) -> Vec<Vec<Vec<f64>>> {
    let (channels, rows, cols) = spec.image.dim();
    let (filters, _, k_rows, k_cols) = spec.filters.dim();
    let [pr, pc] = spec.padding;
    let [sr, sc] = spec.stride;
    let [dr, dc] = spec.dilation;
    let mut padded = vec![vec![vec![0.0; cols + 2 * pc]; rows + 2 * pr]; channels];
    for c in 0..channels {
        for r in 0..rows {
            for q in 0..cols {
                padded[c][r + pr][q + pc] = spec.image[[c, r, q]];
            }
        }
    }
    let out_rows = (rows + 2 * pr - dr * (k_rows - 1) - 1) / sr + 1;
    let out_cols = (cols + 2 * pc - dc * (k_cols - 1) - 1) / sc + 1;
    let mut out = vec![vec![vec![0.0; out_cols]; out_rows]; filters];
    for k in 0..filters {
        for i in 0..out_rows {
            for j in 0..out_cols {
                let mut sum = spec.biases[k];
                for c in 0..channels {
                    for u in 0..k_rows {
                        for v in 0..k_cols {
                            sum += spec.filters[[k, c, u, v]]
                                * padded[c][i * sr + u * dr][j * sc + v * dc];
                        }
                    }
                }
                out[k][i][j] = sum;
            }
        }
    }
    out
}

fn any_layer() -> impl Strategy<Value = ConvSpec> {
    (
        1usize..4,
        1usize..4,
        1usize..6,
        1usize..6,
        1usize..4,
        1usize..4,
        0usize..3,
        1usize..3,
        1usize..3,
    )
        .prop_filter(
            "the filter fits the padded image",
            |&(_, _, h, w, kh, kw, p, _, d)| d * (kh - 1) < h + 2 * p && d * (kw - 1) < w + 2 * p,
        )
        .prop_flat_map(|(c, k, h, w, kh, kw, p, s, d)| {
            (
                proptest::collection::vec(-9i32..10, c * h * w),
                proptest::collection::vec(-9i32..10, k * c * kh * kw),
                proptest::collection::vec(-9i32..10, k),
            )
                .prop_map(move |(x, f, b)| ConvSpec {
                    image: Array3::from_shape_vec(
                        (c, h, w),
                        x.into_iter().map(f64::from).collect(),
                    )
                    .unwrap(),
                    filters: Array4::from_shape_vec(
                        (k, c, kh, kw),
                        f.into_iter().map(f64::from).collect(),
                    )
                    .unwrap(),
                    biases: Array1::from_iter(b.into_iter().map(f64::from)),
                    padding: [p, p],
                    stride: [s, s],
                    dilation: [d, d],
                })
        })
}

#[test]
fn two_channels_two_filters_by_hand() {
    let spec = ConvSpec {
        image: array![[[1.0, 2.0], [3.0, 4.0]], [[10.0, 20.0], [30.0, 40.0]]],
        filters: array![[[[1.0]], [[0.5]]], [[[0.0]], [[-1.0]]]],
        biases: array![1.0, 0.0],
        padding: [0, 0],
        stride: [1, 1],
        dilation: [1, 1],
    };
    let conv = Conv::new(spec).unwrap();
    assert_eq!(
        conv.output(),
        &array![
            [[7.0, 13.0], [19.0, 25.0]],
            [[-10.0, -20.0], [-30.0, -40.0]]
        ]
    );
    assert_eq!(conv.spec().parameter_count(), 6);
    assert_eq!(conv.partial_sum(0, 1, [1, 1]), 20.0);
}

#[test]
fn mismatched_channels_and_biases_are_refused() {
    let mut spec = ConvSpec {
        image: Array3::zeros((3, 4, 4)),
        filters: Array4::zeros((2, 2, 2, 2)),
        biases: Array1::zeros(2),
        padding: [0, 0],
        stride: [1, 1],
        dilation: [1, 1],
    };
    assert_eq!(
        Conv::new(spec.clone()).unwrap_err(),
        ShapeError::Channels {
            image: 3,
            filter: 2
        }
    );
    spec.filters = Array4::zeros((2, 3, 2, 2));
    spec.biases = Array1::zeros(3);
    assert_eq!(
        Conv::new(spec).unwrap_err(),
        ShapeError::Biases {
            filters: 2,
            biases: 3
        }
    );
}

#[test]
fn limits_are_checked_before_allocating() {
    // 64 filters over 64 channels of 256x256 under a 3x3 filter: far past
    // the multiply-add budget, refused from shapes alone.
    let spec = ConvSpec {
        image: Array3::zeros((64, 256, 256)),
        filters: Array4::zeros((64, 64, 3, 3)),
        biases: Array1::zeros(64),
        padding: [1, 1],
        stride: [1, 1],
        dilation: [1, 1],
    };
    assert!(matches!(Conv::new(spec), Err(ShapeError::Limit(_))));
}

proptest! {
    #[test]
    fn output_matches_the_naive_reference(spec in any_layer()) {
        let expected = naive(&spec);
        let conv = Conv::new(spec).unwrap();
        let (k, rows, cols) = conv.output().dim();
        prop_assert_eq!(expected.len(), k);
        prop_assert_eq!(expected[0].len(), rows);
        prop_assert_eq!(expected[0][0].len(), cols);
        for ((k, i, j), y) in conv.output().indexed_iter() {
            prop_assert!((y - expected[k][i][j]).abs() < 1e-9);
        }
    }

    #[test]
    fn weight_matrix_reproduces_every_feature_map(spec in any_layer()) {
        let conv = Conv::new(spec).unwrap();
        let m = conv.weight_matrix().unwrap();
        let x = Array1::from_iter(conv.spec().image.iter().copied());
        let y = m.dot(&x);
        let per_map = y.len() / conv.spec().filter_count();
        for (row, (flat, out)) in y.iter().zip(conv.output().iter()).enumerate() {
            let bias = conv.spec().biases[row / per_map];
            prop_assert!((flat + bias - out).abs() < 1e-9);
        }
    }

    #[test]
    fn channel_partial_sums_add_up_to_the_output(spec in any_layer()) {
        let conv = Conv::new(spec).unwrap();
        for k in 0..conv.spec().filter_count() {
            for out in conv.outputs() {
                let sum: f64 = (0..conv.spec().channels())
                    .map(|c| conv.partial_sum(k, c, out))
                    .sum::<f64>() + conv.spec().biases[k];
                prop_assert!((sum - conv.output()[[k, out[0], out[1]]]).abs() < 1e-9);
                let terms: Vec<Term> = conv.terms(k, out).collect();
                prop_assert_eq!(terms.len(), conv.spec().channels() * conv.spec().kernel()[0] * conv.spec().kernel()[1]);
                prop_assert!(terms.iter().all(|t| t.filter == k));
            }
        }
    }

    #[test]
    fn one_channel_one_filter_is_the_plane(spec in any_layer()) {
        let plane_spec = spec.plane(0, 0, spec.biases[0]);
        let single = Conv::new(ConvSpec::from_plane(&plane_spec)).unwrap().single().unwrap();
        let direct = Convolution::new(plane_spec).unwrap();
        prop_assert_eq!(single, direct);
    }
}
