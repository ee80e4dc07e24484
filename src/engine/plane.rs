//! One plane of a convolution: one image channel under one filter channel.
//! Part 1 of the book (one gray image, one filter) is exactly one plane; the
//! layer with channels and filters ([`super::conv`]) is built from the same
//! terms.

use ndarray::Array2;

use super::limits::{self, LimitError, OverflowError};

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
    /// Inside the shape rules, but past what the engine computes (checked
    /// before anything is allocated).
    #[error(transparent)]
    Limit(#[from] LimitError),
    /// Finite numbers whose sum of products is past the largest `f64`.
    #[error(transparent)]
    Overflow(#[from] OverflowError),
    /// Filters whose channel count differs from their input's.
    #[error(
        "the image has {image} channel(s) but the filters have {filter}: give every filter one 2-D slice per input channel, `[channel][row][col]`"
    )]
    Channels {
        /// Channels of the input.
        image: usize,
        /// Channels of the filters.
        filter: usize,
    },
    /// A bias count that differs from the filter count.
    #[error(
        "there are {filters} filter(s) but {biases} bias(es): give `biases` one number per filter"
    )]
    Biases {
        /// Filters.
        filters: usize,
        /// Biases given.
        biases: usize,
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
    /// Which filter (0-based) the weight belongs to; 0 in a plane of its own.
    pub filter: usize,
    /// Which input channel (0-based) the input comes from; 0 in a plane of
    /// its own.
    pub channel: usize,
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
        let (rows, cols) = self.image.dim();
        let (k_rows, k_cols) = self.filter.dim();
        output_shape(
            [rows, cols],
            [k_rows, k_cols],
            self.padding,
            self.stride,
            self.dilation,
        )
    }
}

/// The output size of an `image`-sized input under a `kernel`-sized filter,
/// `floor((n + 2p − d(k−1) − 1) / s) + 1` per axis, from shapes alone.
pub fn output_shape(
    image: Pair,
    kernel: Pair,
    padding: Pair,
    stride: Pair,
    dilation: Pair,
) -> Result<Pair, ShapeError> {
    if image.contains(&0) {
        return Err(ShapeError::Empty { what: "image" });
    }
    if kernel.contains(&0) {
        return Err(ShapeError::Empty { what: "filter" });
    }
    if stride.contains(&0) {
        return Err(ShapeError::ZeroStep { what: "stride" });
    }
    if dilation.contains(&0) {
        return Err(ShapeError::ZeroStep { what: "dilation" });
    }
    let padded = [0, 1].map(|axis| image[axis].saturating_add(padding[axis].saturating_mul(2)));
    let reach = [0, 1].map(|axis| {
        dilation[axis]
            .saturating_mul(kernel[axis] - 1)
            .saturating_add(1)
    });
    if reach[0] > padded[0] || reach[1] > padded[1] {
        return Err(ShapeError::FilterTooLarge { reach, padded });
    }
    Ok([0, 1].map(|axis| (padded[axis] - reach[axis]) / stride[axis] + 1))
}

impl Convolution {
    /// Computes the convolution (cross-correlation, as deep-learning
    /// libraries mean it) and the terms of every output. The size is checked
    /// against the engine's limits before anything is allocated.
    pub fn new(spec: Spec) -> Result<Self, ShapeError> {
        let geometry = Geometry::of(&spec)?;
        let terms = geometry.terms();
        let [out_rows, out_cols] = geometry.output;
        let per_output = spec.filter.len();
        let output = Array2::from_shape_fn((out_rows, out_cols), |(i, j)| {
            let start = (i * out_cols + j) * per_output;
            terms[start..start + per_output]
                .iter()
                .fold(spec.bias, |sum, term| sum + term_product(&spec, term))
        });
        check_outputs(output.iter(), [1, out_rows, out_cols])?;
        Ok(Convolution {
            spec,
            output,
            terms,
        })
    }

    /// A plane from its spec, output and terms, computed by the layer it
    /// belongs to (so nothing is computed twice).
    pub(crate) fn from_parts(spec: Spec, output: Array2<f64>, terms: Vec<Term>) -> Self {
        Convolution {
            spec,
            output,
            terms,
        }
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

/// The spatial structure every plane of a layer shares: which filter
/// position meets which input position in every window. Computed by one
/// function, [`Geometry::terms`], for the plane and the layer alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// Unpadded image rows and columns.
    pub image: Pair,
    /// Filter rows and columns.
    pub kernel: Pair,
    /// Zero rows/columns on every side, per axis.
    pub padding: Pair,
    /// Step between windows, per axis.
    pub stride: Pair,
    /// Spacing between taps, per axis.
    pub dilation: Pair,
    /// Output rows and columns.
    pub output: Pair,
}

impl Geometry {
    /// The geometry of a plane, its shapes and limits checked.
    pub fn of(spec: &Spec) -> Result<Geometry, ShapeError> {
        let output = spec.output_shape()?;
        let (rows, cols) = spec.image.dim();
        let (k_rows, k_cols) = spec.filter.dim();
        let geometry = Geometry {
            image: [rows, cols],
            kernel: [k_rows, k_cols],
            padding: spec.padding,
            stride: spec.stride,
            dilation: spec.dilation,
            output,
        };
        limits::check_terms(geometry.term_count(), 1)?;
        Ok(geometry)
    }

    /// Terms of one plane: outputs × filter positions.
    pub fn term_count(&self) -> usize {
        self.output[0]
            .saturating_mul(self.output[1])
            .saturating_mul(self.kernel[0])
            .saturating_mul(self.kernel[1])
    }

    /// Every output's terms, outputs row-major, each in row-major filter
    /// order, all with filter 0 and channel 0.
    pub fn terms(&self) -> Vec<Term> {
        let [out_rows, out_cols] = self.output;
        let [k_rows, k_cols] = self.kernel;
        let [n_rows, n_cols] = self.image;
        let mut terms = Vec::with_capacity(self.term_count());
        for i in 0..out_rows {
            for j in 0..out_cols {
                for u in 0..k_rows {
                    for v in 0..k_cols {
                        // Padded coordinates, shifted back into the image's frame.
                        let row = (i * self.stride[0] + u * self.dilation[0]) as isize
                            - self.padding[0] as isize;
                        let col = (j * self.stride[1] + v * self.dilation[1]) as isize
                            - self.padding[1] as isize;
                        let inside = (0..n_rows as isize).contains(&row)
                            && (0..n_cols as isize).contains(&col);
                        let source = if inside {
                            Source::Pixel([row as usize, col as usize])
                        } else {
                            Source::Padding([row, col])
                        };
                        terms.push(Term {
                            filter: 0,
                            channel: 0,
                            weight: [u, v],
                            source,
                        });
                    }
                }
            }
        }
        terms
    }
}

/// What to do about a convolution output past the largest `f64`.
const OVERFLOW_HINT: &str = "scale the image, the filter or the bias down";

/// Checks that every output of `[filters, rows, cols]` outputs (filter by
/// filter, each row-major) is finite, naming the first that is not.
pub(crate) fn check_outputs<'a>(
    outputs: impl IntoIterator<Item = &'a f64>,
    [filters, rows, cols]: [usize; 3],
) -> Result<(), OverflowError> {
    limits::check_finite(
        outputs,
        |index| {
            let per_map = (rows * cols).max(1);
            let (k, at) = (index / per_map, index % per_map);
            let map = if filters > 1 {
                format!(" of feature map {}", k + 1)
            } else {
                String::new()
            };
            format!(
                "the output at row {}, column {}{map} of the convolution",
                at / cols.max(1) + 1,
                at % cols.max(1) + 1
            )
        },
        OVERFLOW_HINT,
    )
}

fn term_product(spec: &Spec, term: &Term) -> f64 {
    match term.source {
        Source::Pixel(pixel) => spec.filter[term.weight] * spec.image[pixel],
        Source::Padding(_) => 0.0,
    }
}
