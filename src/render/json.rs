//! The numbers of a convolution as JSON, for scripts and for checking the
//! engine against other tools. Field order and names are pinned.

use ndarray::Array2;
use serde::Serialize;

use crate::engine::{Convolution, Pair};

/// What `render --format json` prints.
#[derive(Debug, Serialize)]
pub struct Numbers {
    image: Vec<Vec<f64>>,
    filter: Vec<Vec<f64>>,
    bias: f64,
    padding: Pair,
    stride: Pair,
    dilation: Pair,
    output: Vec<Vec<f64>>,
    /// One row per output, one column per unpadded pixel (both row-major):
    /// `flatten(output) = weight_matrix · flatten(image) + bias`.
    weight_matrix: Vec<Vec<f64>>,
}

impl Numbers {
    /// Collects the numbers of `conv`.
    pub fn new(conv: &Convolution) -> Numbers {
        let spec = conv.spec();
        Numbers {
            image: rows(&spec.image),
            filter: rows(&spec.filter),
            bias: spec.bias,
            padding: spec.padding,
            stride: spec.stride,
            dilation: spec.dilation,
            output: rows(conv.output()),
            weight_matrix: rows(&conv.weight_matrix()),
        }
    }

    /// Pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

fn rows(a: &Array2<f64>) -> Vec<Vec<f64>> {
    a.rows().into_iter().map(|r| r.to_vec()).collect()
}
