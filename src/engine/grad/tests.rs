use super::*;
use crate::engine::conv::ConvSpec;
use crate::engine::layers::{Activation, Pooling};
use ndarray::{Array1, Array3, Array4, array};
use proptest::prelude::*;

fn seed() -> NetworkSpec {
    NetworkSpec {
        first: ConvSpec {
            image: array![[[2.0, 0.0, 1.0], [1.0, 3.0, 2.0], [0.0, 1.0, 4.0]]],
            filters: array![[[[1.0, -1.0], [2.0, 0.0]]]],
            biases: array![1.0],
            padding: [0, 0],
            stride: [1, 1],
            dilation: [1, 1],
        },
        layers: vec![],
    }
}

fn zero_target() -> Objective {
    Objective::Squared {
        target: Tensor::Spatial(Array3::zeros((1, 2, 2))),
    }
}

#[test]
fn seed_gradients_by_hand() {
    let net = Network::new(seed()).unwrap();
    let g = backward(&net, &zero_target());
    assert_eq!(g.loss, 39.0);
    let ParamGrad::Conv { filters, biases } = &g.first else {
        panic!()
    };
    assert_eq!(filters, &array![[[[21.0, 11.0], [27.0, 42.0]]]]);
    assert_eq!(biases, &array![14.0]);
    assert_eq!(
        g.image,
        array![[[5.0, 1.0, -6.0], [9.0, 17.0, -4.0], [-2.0, 8.0, 0.0]]]
    );
}

#[test]
fn one_step_on_the_seed() {
    let t = train(&seed(), &zero_target(), 0.01, 1).unwrap();
    assert_eq!(t.losses.len(), 2);
    assert_eq!(t.losses[0], 39.0);
    assert!((t.losses[1] - 15.41).abs() < 0.01, "{}", t.losses[1]);
}

#[test]
fn divergence_names_its_step() {
    let err = train(&seed(), &zero_target(), 100.0, 300).unwrap_err();
    assert!(matches!(err, ObjectiveError::Diverged { .. }), "{err}");
    assert!(err.to_string().contains("at step"));
}

#[test]
fn objectives_are_checked_against_the_network() {
    let wrong = Objective::Squared {
        target: Tensor::Spatial(Array3::zeros((1, 3, 3))),
    };
    assert!(matches!(
        wrong.check(&seed()),
        Err(ObjectiveError::TargetShape { .. })
    ));
    let ce = Objective::CrossEntropy { label: 0 };
    assert_eq!(ce.check(&seed()), Err(ObjectiveError::NoSoftmax));
}

/// A random small network: conv, activation, pooling, conv, dense, softmax.
fn any_network() -> impl Strategy<Value = (NetworkSpec, usize, u8)> {
    (
        1usize..3,
        1usize..3,
        0usize..2,
        1usize..3,
        0u8..4,
        any::<bool>(),
    )
        .prop_flat_map(|(c, k, p, s, act, max)| {
            let n = 6;
            (
                proptest::collection::vec(-2.0f64..2.0, c * n * n),
                proptest::collection::vec(-1.0f64..1.0, k * c * 4),
                proptest::collection::vec(-1.0f64..1.0, k),
                proptest::collection::vec(-1.0f64..1.0, 2 * k * 4),
                0usize..3,
            )
                .prop_map(move |(x, w, b, w2, label)| {
                    let first = ConvSpec {
                        image: Array3::from_shape_vec((c, n, n), x).unwrap(),
                        filters: Array4::from_shape_vec((k, c, 2, 2), w).unwrap(),
                        biases: Array1::from(b),
                        padding: [p, p],
                        stride: [s, s],
                        dilation: [1, 1],
                    };
                    let activation = match act {
                        0 => Activation::Relu,
                        1 => Activation::LeakyRelu { slope: 0.1 },
                        2 => Activation::Sigmoid,
                        _ => Activation::Tanh,
                    };
                    let pool = if max { Pooling::Max } else { Pooling::Average };
                    let mut spec = NetworkSpec {
                        first,
                        layers: vec![
                            LayerSpec::Activation(activation),
                            LayerSpec::Pool {
                                kind: pool,
                                size: [2, 2],
                                stride: [2, 2],
                            },
                            LayerSpec::Conv {
                                filters: Array4::from_shape_vec((2, k, 2, 2), w2).unwrap(),
                                biases: array![0.1, -0.2],
                                padding: [1, 1],
                                stride: [1, 1],
                                dilation: [1, 1],
                            },
                        ],
                    };
                    let flat = spec.shapes().map(|s| s.last().unwrap().len()).unwrap_or(1);
                    spec.layers.push(LayerSpec::Dense {
                        weights: ndarray::Array2::from_shape_fn((3, flat), |(o, i)| {
                            ((o * 7 + i * 3) % 5) as f64 * 0.1 - 0.2
                        }),
                        biases: array![0.0, 0.1, -0.1],
                    });
                    spec.layers.push(LayerSpec::Softmax);
                    (spec, label, act)
                })
        })
}

fn loss_of(spec: &NetworkSpec, objective: &Objective) -> f64 {
    objective.loss(&Network::new(spec.clone()).unwrap())
}

proptest! {
    // Random real numbers almost never sit within a nudge of a ReLU's or a
    // max pool's kink, so the differences are compared everywhere.
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn gradients_match_central_differences((spec, label, _) in any_network()) {
        let objective = Objective::CrossEntropy { label };
        let net = Network::new(spec.clone()).unwrap();
        let grads = backward(&net, &objective);
        let h = 1e-6;
        let close = |analytic: f64, numeric: f64| (analytic - numeric).abs() <= 1e-4 * (1.0 + numeric.abs());
        // First convolution's weights and biases, and the image.
        let ParamGrad::Conv { filters, biases } = &grads.first else { panic!() };
        for (index, &analytic) in filters.indexed_iter() {
            let (mut plus, mut minus) = (spec.clone(), spec.clone());
            plus.first.filters[index] += h;
            minus.first.filters[index] -= h;
            let numeric = (loss_of(&plus, &objective) - loss_of(&minus, &objective)) / (2.0 * h);
            prop_assert!(close(analytic, numeric), "filter {index:?}: {analytic} vs {numeric}");
        }
        for (index, &analytic) in biases.indexed_iter() {
            let (mut plus, mut minus) = (spec.clone(), spec.clone());
            plus.first.biases[index] += h;
            minus.first.biases[index] -= h;
            let numeric = (loss_of(&plus, &objective) - loss_of(&minus, &objective)) / (2.0 * h);
            prop_assert!(close(analytic, numeric), "bias {index}: {analytic} vs {numeric}");
        }
        for (index, &analytic) in grads.image.indexed_iter() {
            let (mut plus, mut minus) = (spec.clone(), spec.clone());
            plus.first.image[index] += h;
            minus.first.image[index] -= h;
            let numeric = (loss_of(&plus, &objective) - loss_of(&minus, &objective)) / (2.0 * h);
            prop_assert!(close(analytic, numeric), "pixel {index:?}: {analytic} vs {numeric}");
        }
        // Every later layer's parameters.
        for (l, grad) in grads.layers.iter().enumerate() {
            match grad {
                ParamGrad::Conv { filters, .. } => for (index, &analytic) in filters.indexed_iter() {
                    let nudge = |d: f64| {
                        let mut s = spec.clone();
                        if let LayerSpec::Conv { filters, .. } = &mut s.layers[l] { filters[index] += d; }
                        loss_of(&s, &objective)
                    };
                    let numeric = (nudge(h) - nudge(-h)) / (2.0 * h);
                    prop_assert!(close(analytic, numeric), "layer {l} filter {index:?}: {analytic} vs {numeric}");
                },
                ParamGrad::Dense { weights, biases } => {
                    for (index, &analytic) in weights.indexed_iter() {
                        let nudge = |d: f64| {
                            let mut s = spec.clone();
                            if let LayerSpec::Dense { weights, .. } = &mut s.layers[l] { weights[index] += d; }
                            loss_of(&s, &objective)
                        };
                        let numeric = (nudge(h) - nudge(-h)) / (2.0 * h);
                        prop_assert!(close(analytic, numeric), "layer {l} weight {index:?}: {analytic} vs {numeric}");
                    }
                    for (index, &analytic) in biases.indexed_iter() {
                        let nudge = |d: f64| {
                            let mut s = spec.clone();
                            if let LayerSpec::Dense { biases, .. } = &mut s.layers[l] { biases[index] += d; }
                            loss_of(&s, &objective)
                        };
                        let numeric = (nudge(h) - nudge(-h)) / (2.0 * h);
                        prop_assert!(close(analytic, numeric), "layer {l} bias {index}: {analytic} vs {numeric}");
                    }
                }
                ParamGrad::None => {}
            }
        }
    }

    #[test]
    fn squared_loss_gradients_match_central_differences(
        x in proptest::collection::vec(-3.0f64..3.0, 2 * 5 * 5),
        w in proptest::collection::vec(-2.0f64..2.0, 3 * 2 * 3 * 3),
        t in proptest::collection::vec(-3.0f64..3.0, 3 * 2 * 2),
    ) {
        let spec = NetworkSpec {
            first: ConvSpec {
                image: Array3::from_shape_vec((2, 5, 5), x).unwrap(),
                filters: Array4::from_shape_vec((3, 2, 3, 3), w).unwrap(),
                biases: array![0.5, -0.5, 0.0],
                padding: [1, 1],
                stride: [2, 2],
                dilation: [2, 2],
            },
            layers: vec![],
        };
        let objective = Objective::Squared { target: Tensor::Spatial(Array3::from_shape_vec((3, 2, 2), t).unwrap()) };
        let grads = backward(&Network::new(spec.clone()).unwrap(), &objective);
        let ParamGrad::Conv { filters, .. } = &grads.first else { panic!() };
        let h = 1e-5;
        for (index, &analytic) in filters.indexed_iter() {
            let (mut plus, mut minus) = (spec.clone(), spec.clone());
            plus.first.filters[index] += h;
            minus.first.filters[index] -= h;
            let numeric = (loss_of(&plus, &objective) - loss_of(&minus, &objective)) / (2.0 * h);
            prop_assert!((analytic - numeric).abs() < 1e-5 * (1.0 + numeric.abs()));
        }
        for (index, &analytic) in grads.image.indexed_iter() {
            let (mut plus, mut minus) = (spec.clone(), spec.clone());
            plus.first.image[index] += h;
            minus.first.image[index] -= h;
            let numeric = (loss_of(&plus, &objective) - loss_of(&minus, &objective)) / (2.0 * h);
            prop_assert!((analytic - numeric).abs() < 1e-5 * (1.0 + numeric.abs()));
        }
    }
}

#[test]
fn a_loss_or_gradient_past_f64_is_refused_before_training() {
    let net = Network::new(seed()).unwrap();
    let far = Objective::Squared {
        target: Tensor::Spatial(Array3::from_elem((1, 2, 2), 1e300)),
    };
    let err = backward(&net, &far).check_finite().unwrap_err();
    assert_eq!(err.what, "the loss");
    // Training from there fails at its start, naming the overflow, not
    // the learning rate.
    let err = train(&seed(), &far, 0.1, 3).unwrap_err();
    assert!(matches!(err, ObjectiveError::Overflow(_)), "{err}");
}

#[test]
fn a_step_that_overflows_a_weight_is_divergence() {
    let err = train(&seed(), &zero_target(), 1e300, 3).unwrap_err();
    let ObjectiveError::Diverged { step, .. } = err else {
        panic!("{err}")
    };
    assert_eq!(step, 1);
}
