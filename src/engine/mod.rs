//! The convolution engine: the single source of truth for every view.
//!
//! It works out, once per example, which filter weight meets which input
//! pixel (or padding zero) in every application of the filter. Views only
//! read these [`Term`]s; none of them recomputes the convolution. The engine
//! does no I/O and knows nothing about markup.

use ndarray::Array2;

/// A per-axis pair of sizes, `[rows, cols]`.
pub type Pair = [usize; 2];

/// Everything that defines one convolution: numbers and hyper-parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The input image `X`, unpadded.
    pub image: Array2<f64>,
    /// The filter (kernel) `W`.
    pub filter: Array2<f64>,
    /// The bias `b`, shared by every output.
    pub bias: f64,
    /// Zero rows/columns added on every side, per axis.
    pub padding: Pair,
    /// Step between two applications of the filter, per axis.
    pub stride: Pair,
    /// Spacing between filter taps, per axis (1 = contiguous).
    pub dilation: Pair,
}

/// Why a [`Spec`] has no convolution.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShapeError {
    /// The filter's reach is larger than the padded image on some axis.
    #[error(
        "the filter reaches {reach_rows}x{reach_cols} pixels but the padded image is only {padded_rows}x{padded_cols}: use a smaller filter, less dilation, or more padding",
        reach_rows = reach[0], reach_cols = reach[1], padded_rows = padded[0], padded_cols = padded[1]
    )]
    FilterTooLarge {
        /// Rows and columns one application of the (dilated) filter covers.
        reach: Pair,
        /// Size of the image with its padding.
        padded: Pair,
    },
    /// A stride or dilation of zero.
    #[error("{what} must be at least 1")]
    ZeroStep {
        /// `stride` or `dilation`.
        what: &'static str,
    },
    /// The image or the filter has no pixels.
    #[error("the {what} is empty")]
    Empty {
        /// `image` or `filter`.
        what: &'static str,
    },
}

/// Where one term of a weighted sum takes its input from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// A pixel of the unpadded image, `[row, col]`.
    Pixel(Pair),
    /// A zero added by padding, at `[row, col]` in unpadded coordinates
    /// (so at least one of them is negative or past the image's edge).
    Padding([isize; 2]),
}

/// One product `W[u,v] · input` in the sum that makes an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Term {
    /// The filter position `[u, v]`: the shared weight this term uses.
    pub weight: Pair,
    /// The input the weight multiplies.
    pub source: Source,
}

/// A computed convolution: the output and, for every output, its terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Convolution {
    spec: Spec,
    output: Array2<f64>,
    /// `filter.len()` terms per output, outputs in row-major order, terms in
    /// row-major filter order.
    terms: Vec<Term>,
}

impl Spec {
    /// Size of the image with padding on every side.
    pub fn padded_shape(&self) -> Pair {
        let (rows, cols) = self.image.dim();
        [rows + 2 * self.padding[0], cols + 2 * self.padding[1]]
    }

    /// Rows and columns one application of the dilated filter spans.
    pub fn reach(&self) -> Pair {
        let (rows, cols) = self.filter.dim();
        [
            self.dilation[0] * (rows - 1) + 1,
            self.dilation[1] * (cols - 1) + 1,
        ]
    }

    /// The output size, `floor((n + 2p − d(k−1) − 1) / s) + 1` per axis.
    pub fn output_shape(&self) -> Result<Pair, ShapeError> {
        if self.image.is_empty() {
            return Err(ShapeError::Empty { what: "image" });
        }
        if self.filter.is_empty() {
            return Err(ShapeError::Empty { what: "filter" });
        }
        if self.stride.contains(&0) {
            return Err(ShapeError::ZeroStep { what: "stride" });
        }
        if self.dilation.contains(&0) {
            return Err(ShapeError::ZeroStep { what: "dilation" });
        }
        let padded = self.padded_shape();
        let reach = self.reach();
        if reach[0] > padded[0] || reach[1] > padded[1] {
            return Err(ShapeError::FilterTooLarge { reach, padded });
        }
        Ok([0, 1].map(|axis| (padded[axis] - reach[axis]) / self.stride[axis] + 1))
    }
}

impl Convolution {
    /// Computes the convolution (cross-correlation, as deep-learning
    /// libraries mean it) and the terms of every output.
    pub fn new(spec: Spec) -> Result<Self, ShapeError> {
        let [out_rows, out_cols] = spec.output_shape()?;
        let (k_rows, k_cols) = spec.filter.dim();
        let (n_rows, n_cols) = spec.image.dim();
        let mut terms = Vec::with_capacity(out_rows * out_cols * k_rows * k_cols);
        for i in 0..out_rows {
            for j in 0..out_cols {
                for u in 0..k_rows {
                    for v in 0..k_cols {
                        // Padded coordinates, shifted back into the image's frame.
                        let row = (i * spec.stride[0] + u * spec.dilation[0]) as isize
                            - spec.padding[0] as isize;
                        let col = (j * spec.stride[1] + v * spec.dilation[1]) as isize
                            - spec.padding[1] as isize;
                        let inside = (0..n_rows as isize).contains(&row)
                            && (0..n_cols as isize).contains(&col);
                        let source = if inside {
                            Source::Pixel([row as usize, col as usize])
                        } else {
                            Source::Padding([row, col])
                        };
                        terms.push(Term {
                            weight: [u, v],
                            source,
                        });
                    }
                }
            }
        }
        let per_output = k_rows * k_cols;
        let output = Array2::from_shape_fn((out_rows, out_cols), |(i, j)| {
            let start = (i * out_cols + j) * per_output;
            terms[start..start + per_output]
                .iter()
                .fold(spec.bias, |sum, term| sum + term_product(&spec, term))
        });
        Ok(Convolution {
            spec,
            output,
            terms,
        })
    }

    /// The numbers this convolution was computed from.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The result `Y`.
    pub fn output(&self) -> &Array2<f64> {
        &self.output
    }

    /// Output size `[rows, cols]`.
    pub fn output_shape(&self) -> Pair {
        let (rows, cols) = self.output.dim();
        [rows, cols]
    }

    /// The terms of output `[i, j]`, in row-major filter order.
    pub fn terms(&self, out: Pair) -> &[Term] {
        let per_output = self.spec.filter.len();
        let start = (out[0] * self.output.ncols() + out[1]) * per_output;
        &self.terms[start..start + per_output]
    }

    /// All outputs' positions, in row-major order.
    pub fn outputs(&self) -> impl Iterator<Item = Pair> + '_ {
        let (rows, cols) = self.output.dim();
        (0..rows).flat_map(move |i| (0..cols).map(move |j| [i, j]))
    }

    /// The value a term contributes: weight times input (zero on padding).
    pub fn product(&self, term: &Term) -> f64 {
        term_product(&self.spec, term)
    }

    /// Top-left corner of output `[i, j]`'s window, in padded coordinates.
    pub fn window_origin(&self, out: Pair) -> Pair {
        [out[0] * self.spec.stride[0], out[1] * self.spec.stride[1]]
    }

    /// How many padded rows and columns some window reaches. Where the
    /// stride does not divide evenly this is less than the padded size, and
    /// the views show the rest as never reached.
    pub fn reached(&self) -> Pair {
        let out = self.output_shape();
        let reach = self.spec.reach();
        [0, 1].map(|axis| (out[axis] - 1) * self.spec.stride[axis] + reach[axis])
    }

    /// The weight matrix `M` with `flatten(Y) = M · flatten(X) + b`: one row
    /// per output, one column per unpadded pixel, both row-major. Entries no
    /// term touches are untrainable zeros; terms on padding drop out.
    pub fn weight_matrix(&self) -> Array2<f64> {
        let n_cols = self.spec.image.ncols();
        let mut matrix = Array2::zeros((self.output.len(), self.spec.image.len()));
        for (row, out) in self.outputs().enumerate() {
            for term in self.terms(out) {
                if let Source::Pixel([r, c]) = term.source {
                    matrix[[row, r * n_cols + c]] += self.spec.filter[term.weight];
                }
            }
        }
        matrix
    }

    /// Which filter position each weight-matrix entry comes from (`None` for
    /// an untrainable zero): the shared-weight structure behind
    /// [`Convolution::weight_matrix`].
    pub fn weight_positions(&self) -> Array2<Option<Pair>> {
        let n_cols = self.spec.image.ncols();
        let mut positions = Array2::from_elem((self.output.len(), self.spec.image.len()), None);
        for (row, out) in self.outputs().enumerate() {
            for term in self.terms(out) {
                if let Source::Pixel([r, c]) = term.source {
                    positions[[row, r * n_cols + c]] = Some(term.weight);
                }
            }
        }
        positions
    }
}

fn term_product(spec: &Spec, term: &Term) -> f64 {
    match term.source {
        Source::Pixel(pixel) => spec.filter[term.weight] * spec.image[pixel],
        Source::Padding(_) => 0.0,
    }
}

#[cfg(test)]
mod tests;
