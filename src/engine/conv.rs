//! A convolutional layer with channels and several filters: PyTorch's
//! `conv2d(X, W, b, stride, padding, dilation)` with `X` of shape
//! `[C, H, W]` and `W` of shape `[K, C, kh, kw]`. Output channel `k` is
//! `b_k + Σ_c Σ_u Σ_v W[k,c,u,v] · Xp[c, i·s+u·d, j·s+v·d]`.
//!
//! Every (filter, channel) pair is a plane with the same [`Geometry`], so
//! the spatial terms are computed once and shared; each term handed out
//! carries its filter and channel.

use ndarray::{Array1, Array2, Array3, Array4, ArrayView2, Axis, s};

use super::limits::{self, LimitError};
use super::plane::Pair;
use super::plane::{
    Convolution, Geometry, ShapeError, Source, Spec, Term, check_outputs, output_shape,
};

/// Everything that defines one convolutional layer.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvSpec {
    /// The input `X`, `[channel][row][col]`, unpadded.
    pub image: Array3<f64>,
    /// The filters `W`, `[filter][channel][row][col]`.
    pub filters: Array4<f64>,
    /// One bias per filter.
    pub biases: Array1<f64>,
    /// Zero rows/columns added on every side of every channel, per axis.
    pub padding: Pair,
    /// Step between two windows, per axis.
    pub stride: Pair,
    /// Spacing between filter taps, per axis.
    pub dilation: Pair,
}

impl ConvSpec {
    /// The layer of one plane: one channel, one filter.
    pub fn from_plane(spec: &Spec) -> ConvSpec {
        ConvSpec {
            image: spec.image.clone().insert_axis(Axis(0)),
            filters: spec
                .filter
                .clone()
                .insert_axis(Axis(0))
                .insert_axis(Axis(0)),
            biases: Array1::from_elem(1, spec.bias),
            padding: spec.padding,
            stride: spec.stride,
            dilation: spec.dilation,
        }
    }

    /// Input channels `C`.
    pub fn channels(&self) -> usize {
        self.image.dim().0
    }

    /// Filters `K`, and so output channels.
    pub fn filter_count(&self) -> usize {
        self.filters.dim().0
    }

    /// Rows and columns of one filter.
    pub fn kernel(&self) -> Pair {
        let (_, _, rows, cols) = self.filters.dim();
        [rows, cols]
    }

    /// Trainable parameters: `K·C·kh·kw` weights and `K` biases.
    pub fn parameter_count(&self) -> usize {
        self.filters.len() + self.biases.len()
    }

    /// The plane of filter `k` over channel `c`, with `bias` added: the
    /// numbers the part-1 views draw.
    pub fn plane(&self, k: usize, c: usize, bias: f64) -> Spec {
        Spec {
            image: self.image.slice(s![c, .., ..]).to_owned(),
            filter: self.filters.slice(s![k, c, .., ..]).to_owned(),
            bias,
            padding: self.padding,
            stride: self.stride,
            dilation: self.dilation,
        }
    }

    /// The shared geometry, every shape and budget checked from shapes alone.
    pub fn geometry(&self) -> Result<Geometry, ShapeError> {
        let (channels, rows, cols) = self.image.dim();
        let (filters, filter_channels, k_rows, k_cols) = self.filters.dim();
        limits::check_shape(rows.max(cols), channels, filters)?;
        if filter_channels != channels {
            return Err(ShapeError::Channels {
                image: channels,
                filter: filter_channels,
            });
        }
        if self.biases.len() != filters {
            return Err(ShapeError::Biases {
                filters,
                biases: self.biases.len(),
            });
        }
        let output = output_shape(
            [rows, cols],
            [k_rows, k_cols],
            self.padding,
            self.stride,
            self.dilation,
        )?;
        let geometry = Geometry {
            image: [rows, cols],
            kernel: [k_rows, k_cols],
            padding: self.padding,
            stride: self.stride,
            dilation: self.dilation,
            output,
        };
        limits::check_terms(geometry.term_count(), channels.saturating_mul(filters))?;
        Ok(geometry)
    }
}

/// A computed layer: every feature map and the shared terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Conv {
    spec: ConvSpec,
    geometry: Geometry,
    /// Spatial terms (filter 0, channel 0), outputs row-major, each in
    /// row-major filter order.
    terms: Vec<Term>,
    /// `[filter][row][col]`.
    output: Array3<f64>,
}

impl Conv {
    /// Computes the layer, its shapes and budgets checked first.
    pub fn new(spec: ConvSpec) -> Result<Conv, ShapeError> {
        let geometry = spec.geometry()?;
        let terms = geometry.terms();
        let [out_rows, out_cols] = geometry.output;
        let per_output = geometry.kernel[0] * geometry.kernel[1];
        let output =
            Array3::from_shape_fn((spec.filter_count(), out_rows, out_cols), |(k, i, j)| {
                let start = (i * out_cols + j) * per_output;
                let window = &terms[start..start + per_output];
                (0..spec.channels()).fold(spec.biases[k], |sum, c| {
                    window
                        .iter()
                        .fold(sum, |sum, t| sum + product(&spec, k, c, t))
                })
            });
        check_outputs(output.iter(), [spec.filter_count(), out_rows, out_cols])?;
        Ok(Conv {
            spec,
            geometry,
            terms,
            output,
        })
    }

    /// The numbers this layer was computed from.
    pub fn spec(&self) -> &ConvSpec {
        &self.spec
    }

    /// The shapes every plane shares.
    pub fn geometry(&self) -> &Geometry {
        &self.geometry
    }

    /// The feature maps, `[filter][row][col]`.
    pub fn output(&self) -> &Array3<f64> {
        &self.output
    }

    /// Feature map `k`.
    pub fn feature_map(&self, k: usize) -> ArrayView2<'_, f64> {
        self.output.slice(s![k, .., ..])
    }

    /// All output positions of one feature map, row-major.
    pub fn outputs(&self) -> impl Iterator<Item = Pair> + '_ {
        let [rows, cols] = self.geometry.output;
        (0..rows).flat_map(move |i| (0..cols).map(move |j| [i, j]))
    }

    /// The terms of output `out` of filter `k`: channel by channel, each in
    /// row-major filter order, every term with its filter and channel.
    pub fn terms(&self, k: usize, out: Pair) -> impl Iterator<Item = Term> + '_ {
        let window = self.window(out);
        (0..self.spec.channels()).flat_map(move |c| {
            window.iter().map(move |t| Term {
                filter: k,
                channel: c,
                ..*t
            })
        })
    }

    /// The value a term contributes: weight times input (zero on padding).
    pub fn product(&self, term: &Term) -> f64 {
        product(&self.spec, term.filter, term.channel, term)
    }

    /// What channel `c` adds to output `out` of filter `k`, without the bias.
    pub fn partial_sum(&self, k: usize, c: usize, out: Pair) -> f64 {
        self.window(out)
            .iter()
            .map(|t| product(&self.spec, k, c, t))
            .sum()
    }

    /// The plane of filter `k` over channel `c` as a part-1 convolution
    /// (bias `bias`), with this layer's terms: what the section panels of
    /// one channel draw.
    pub fn plane(&self, k: usize, c: usize, bias: f64) -> Convolution {
        let spec = self.spec.plane(k, c, bias);
        let [rows, cols] = self.geometry.output;
        let per_output = self.geometry.kernel[0] * self.geometry.kernel[1];
        let output =
            Array2::from_shape_fn((rows, cols), |(i, j)| bias + self.partial_sum(k, c, [i, j]));
        let terms = self
            .terms
            .iter()
            .map(|t| Term {
                filter: k,
                channel: c,
                ..*t
            })
            .collect();
        debug_assert_eq!(per_output * rows * cols, self.terms.len());
        Convolution::from_parts(spec, output, terms)
    }

    /// For one channel and one filter: the layer as a part-1 convolution.
    pub fn single(&self) -> Option<Convolution> {
        (self.spec.channels() == 1 && self.spec.filter_count() == 1)
            .then(|| self.plane(0, 0, self.spec.biases[0]))
    }

    /// The weight matrix `M` with `flatten(Y) = M · flatten(X) + b`: rows
    /// filter by filter (each row-major), columns channel by channel (each
    /// row-major), checked against the budget before it is allocated.
    pub fn weight_matrix(&self) -> Result<Array2<f64>, LimitError> {
        let [rows, cols] = self.geometry.image;
        let per_map = self.geometry.output[0] * self.geometry.output[1];
        let n_rows = self.spec.filter_count() * per_map;
        let n_cols = self.spec.channels() * rows * cols;
        limits::check_matrix(n_rows, n_cols)?;
        let mut matrix = Array2::zeros((n_rows, n_cols));
        for k in 0..self.spec.filter_count() {
            for (index, out) in self.outputs().enumerate() {
                for term in self.terms(k, out) {
                    if let Source::Pixel([r, c]) = term.source {
                        let column = (term.channel * rows + r) * cols + c;
                        matrix[[k * per_map + index, column]] +=
                            self.spec.filters[[k, term.channel, term.weight[0], term.weight[1]]];
                    }
                }
            }
        }
        Ok(matrix)
    }

    fn window(&self, out: Pair) -> &[Term] {
        let per_output = self.geometry.kernel[0] * self.geometry.kernel[1];
        let start = (out[0] * self.geometry.output[1] + out[1]) * per_output;
        &self.terms[start..start + per_output]
    }
}

fn product(spec: &ConvSpec, k: usize, c: usize, term: &Term) -> f64 {
    match term.source {
        Source::Pixel([r, col]) => {
            spec.filters[[k, c, term.weight[0], term.weight[1]]] * spec.image[[c, r, col]]
        }
        Source::Padding(_) => 0.0,
    }
}

#[cfg(test)]
mod tests;
