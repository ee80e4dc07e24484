//! The numbers of a block as JSON, for scripts and for checking the engine
//! against other tools. Field order and names are pinned: with one channel
//! and one filter the part-1 object (`filter`, `bias`, 2-D arrays);
//! otherwise the general one (`filters`, `biases`, 3-D and 4-D arrays);
//! then `layers`, `loss`, `gradients` and `training` when the block has
//! them.

use ndarray::{Array1, Array2, Array3, Array4, Axis, s};
use serde::Serialize;

use crate::engine::grad::ParamGrad;
use crate::engine::{Model, Pair, Tensor, limits};
use crate::error::ErrorKind;

/// Largest weight matrix written out (outputs × pixels entries).
pub const MAX_MATRIX_ENTRIES: usize = limits::MAX_MATRIX_ENTRIES;

/// A number array in the shape the JSON gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Nested {
    /// A vector.
    D1(Vec<f64>),
    /// A matrix, row by row.
    D2(Vec<Vec<f64>>),
    /// Channels of matrices.
    D3(Vec<Vec<Vec<f64>>>),
    /// Filters of channels of matrices.
    D4(Vec<Vec<Vec<Vec<f64>>>>),
}

/// What `render --format json` prints.
#[derive(Debug, Serialize)]
pub struct Numbers {
    image: Nested,
    #[serde(skip_serializing_if = "Option::is_none")]
    filter: Option<Nested>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filters: Option<Nested>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bias: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    biases: Option<Vec<f64>>,
    padding: Pair,
    stride: Pair,
    dilation: Pair,
    output: Nested,
    /// One row per output (filter by filter, each row-major), one column per
    /// unpadded pixel (channel by channel, each row-major):
    /// `flatten(output) = weight_matrix · flatten(image) + b`.
    weight_matrix: Vec<Vec<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    layers: Option<Vec<LayerNumbers>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    loss: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gradients: Option<GradientNumbers>,
    #[serde(skip_serializing_if = "Option::is_none")]
    training: Option<TrainingNumbers>,
}

/// One `[[layers]]` entry's result.
#[derive(Debug, Serialize)]
pub struct LayerNumbers {
    kind: &'static str,
    output: Nested,
}

/// `gradients`: ∂L/∂ of the image and of every parameter.
#[derive(Debug, Serialize)]
pub struct GradientNumbers {
    image: Nested,
    #[serde(skip_serializing_if = "Option::is_none")]
    filter: Option<Nested>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bias: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filters: Option<Nested>,
    #[serde(skip_serializing_if = "Option::is_none")]
    biases: Option<Vec<f64>>,
    layers: Vec<ParamNumbers>,
}

/// One layer's parameter gradients: `{}` without parameters.
#[derive(Debug, Serialize)]
pub struct ParamNumbers {
    #[serde(skip_serializing_if = "Option::is_none")]
    filters: Option<Nested>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weights: Option<Nested>,
    #[serde(skip_serializing_if = "Option::is_none")]
    biases: Option<Vec<f64>>,
}

/// `training`: the loss before the first step and after each.
#[derive(Debug, Serialize)]
pub struct TrainingNumbers {
    loss: Vec<f64>,
}

impl Numbers {
    /// Collects the numbers of a computed block; refuses a weight matrix
    /// past [`MAX_MATRIX_ENTRIES`] instead of allocating it.
    pub fn new(model: &Model) -> Result<Numbers, ErrorKind> {
        let first = model.network().first();
        let spec = first.spec();
        let single = model.plane().is_some();
        let weight_matrix = first.weight_matrix().map_err(|e| ErrorKind::TooLarge {
            what: "the weight matrix",
            size: e.size,
            limit: e.limit,
        })?;
        let steps = model.network().steps();
        Ok(Numbers {
            image: maps(&spec.image, single),
            filter: single.then(|| first_plane(&spec.filters)),
            filters: (!single).then(|| d4(&spec.filters)),
            bias: single.then(|| spec.biases[0]),
            biases: (!single).then(|| spec.biases.to_vec()),
            padding: spec.padding,
            stride: spec.stride,
            dilation: spec.dilation,
            output: maps(first.output(), single),
            weight_matrix: rows(&weight_matrix),
            layers: (!steps.is_empty()).then(|| {
                steps
                    .iter()
                    .map(|step| LayerNumbers {
                        kind: step.spec.kind(),
                        output: tensor(&step.output),
                    })
                    .collect()
            }),
            loss: model.gradients().map(|g| g.loss),
            gradients: model.gradients().map(|g| {
                let (filter, bias, filters, biases) = first_grad(&g.first, single);
                GradientNumbers {
                    image: maps(&g.image, single),
                    filter,
                    bias,
                    filters,
                    biases,
                    layers: g.layers.iter().map(param).collect(),
                }
            }),
            training: model.training().map(|t| TrainingNumbers {
                loss: t.losses.clone(),
            }),
        })
    }

    /// Pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The JSON value, for looking up one number (`{{#cnn …}}`).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// The first convolution's gradients under the keys the JSON uses for its
/// parameters: `filter`/`bias` for one plane, else `filters`/`biases`.
type FirstGrad = (
    Option<Nested>,
    Option<f64>,
    Option<Nested>,
    Option<Vec<f64>>,
);

fn first_grad(grad: &ParamGrad, single: bool) -> FirstGrad {
    match grad {
        ParamGrad::Conv { filters, biases } if single => (
            Some(first_plane(filters)),
            biases.first().copied(),
            None,
            None,
        ),
        ParamGrad::Conv { filters, biases } => {
            (None, None, Some(d4(filters)), Some(biases.to_vec()))
        }
        _ => (None, None, None, None),
    }
}

fn param(grad: &ParamGrad) -> ParamNumbers {
    match grad {
        ParamGrad::None => ParamNumbers {
            filters: None,
            weights: None,
            biases: None,
        },
        ParamGrad::Conv { filters, biases } => ParamNumbers {
            filters: Some(d4(filters)),
            weights: None,
            biases: Some(biases.to_vec()),
        },
        ParamGrad::Dense { weights, biases } => ParamNumbers {
            filters: None,
            weights: Some(Nested::D2(rows(weights))),
            biases: Some(biases.to_vec()),
        },
    }
}

/// Feature maps as the JSON writes them: 2-D for one plane, else 3-D.
fn maps(a: &Array3<f64>, single: bool) -> Nested {
    if single && a.dim().0 == 1 {
        d2(&a.index_axis(Axis(0), 0).to_owned())
    } else {
        d3(a)
    }
}

/// A layer's output: 3-D for feature maps, 1-D for a vector.
pub fn tensor(t: &Tensor) -> Nested {
    match t {
        Tensor::Spatial(a) => d3(a),
        Tensor::Flat(v) => d1(v),
    }
}

/// Filter 0's channel 0, for the part-1 form.
fn first_plane(filters: &Array4<f64>) -> Nested {
    d2(&filters.slice(s![0, 0, .., ..]).to_owned())
}

fn d1(v: &Array1<f64>) -> Nested {
    Nested::D1(v.to_vec())
}

fn d2(a: &Array2<f64>) -> Nested {
    Nested::D2(rows(a))
}

fn d3(a: &Array3<f64>) -> Nested {
    Nested::D3(a.outer_iter().map(|m| rows(&m.to_owned())).collect())
}

fn d4(a: &Array4<f64>) -> Nested {
    Nested::D4(
        a.outer_iter()
            .map(|f| f.outer_iter().map(|m| rows(&m.to_owned())).collect())
            .collect(),
    )
}

fn rows(a: &Array2<f64>) -> Vec<Vec<f64>> {
    a.rows().into_iter().map(|r| r.to_vec()).collect()
}
