//! The numbers of a convolution as JSON, for scripts and for checking the
//! engine against other tools. Field order and names are pinned.

use ndarray::Array2;
use serde::Serialize;

use crate::engine::{Convolution, Pair};
use crate::error::ErrorKind;

/// Largest weight matrix written out (outputs × pixels entries): 32 MB of
/// numbers as f64, and several times that as JSON text.
pub const MAX_MATRIX_ENTRIES: usize = 4_000_000;

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
    /// Collects the numbers of `conv`; refuses a weight matrix past
    /// [`MAX_MATRIX_ENTRIES`] instead of allocating it.
    pub fn new(conv: &Convolution) -> Result<Numbers, ErrorKind> {
        let spec = conv.spec();
        let entries = conv.output().len() * spec.image.len();
        if entries > MAX_MATRIX_ENTRIES {
            return Err(ErrorKind::TooLarge {
                what: "the weight matrix",
                size: format!("{} entries", entries),
                limit: format!("{MAX_MATRIX_ENTRIES} entries"),
            });
        }
        Ok(Numbers {
            image: rows(&spec.image),
            filter: rows(&spec.filter),
            bias: spec.bias,
            padding: spec.padding,
            stride: spec.stride,
            dilation: spec.dilation,
            output: rows(conv.output()),
            weight_matrix: rows(&conv.weight_matrix()),
        })
    }

    /// Pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

fn rows(a: &Array2<f64>) -> Vec<Vec<f64>> {
    a.rows().into_iter().map(|r| r.to_vec()).collect()
}
