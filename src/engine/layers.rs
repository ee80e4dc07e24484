//! The layers after the first convolution, one forward step each:
//! activations, pooling, another convolution, dense, softmax. Shapes are
//! checked by [`LayerSpec::output_shape`] before anything is computed.

use ndarray::{Array1, Array2, Array3, Array4, ArrayView3};

use super::conv::{Conv, ConvSpec};
use super::limits;
use super::plane::Pair;
use super::plane::ShapeError;

/// What flows between layers: feature maps, or a flat vector after a dense
/// layer.
#[derive(Debug, Clone, PartialEq)]
pub enum Tensor {
    /// `[channel][row][col]`.
    Spatial(Array3<f64>),
    /// A vector, e.g. the logits of a dense layer.
    Flat(Array1<f64>),
}

/// The shape of a [`Tensor`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Channels, rows, columns.
    Spatial([usize; 3]),
    /// Length.
    Flat(usize),
}

impl Shape {
    /// How many numbers a tensor of this shape holds.
    pub fn len(self) -> usize {
        match self {
            Shape::Spatial([c, h, w]) => c * h * w,
            Shape::Flat(n) => n,
        }
    }

    /// Whether it holds no number.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shape::Spatial([c, h, w]) => write!(f, "{c}×{h}×{w}"),
            Shape::Flat(n) => write!(f, "{n}"),
        }
    }
}

impl Tensor {
    /// Checks that every number is finite, naming the first that is not:
    /// a layer's output, computed from finite numbers, may still overflow.
    pub fn check_finite(&self) -> Result<(), limits::OverflowError> {
        const HINT: &str = "scale the layer's weights or what comes into it down";
        match self {
            Tensor::Spatial(a) => {
                let (_, h, w) = a.dim();
                limits::check_finite(
                    a.iter(),
                    |i| {
                        let per_map = (h * w).max(1);
                        let at = i % per_map;
                        format!(
                            "its output at row {}, column {} of channel {}",
                            at / w.max(1) + 1,
                            at % w.max(1) + 1,
                            i / per_map + 1
                        )
                    },
                    HINT,
                )
            }
            Tensor::Flat(v) => {
                limits::check_finite(v.iter(), |i| format!("its output {}", i + 1), HINT)
            }
        }
    }

    /// Its shape.
    pub fn shape(&self) -> Shape {
        match self {
            Tensor::Spatial(a) => {
                let (c, h, w) = a.dim();
                Shape::Spatial([c, h, w])
            }
            Tensor::Flat(v) => Shape::Flat(v.len()),
        }
    }

    /// Every number, channel by channel, row-major: the order a dense layer
    /// reads.
    pub fn flat(&self) -> Array1<f64> {
        match self {
            Tensor::Spatial(a) => a.iter().copied().collect(),
            Tensor::Flat(v) => v.clone(),
        }
    }

    /// The same numbers in a tensor of `shape` (which must hold as many).
    pub fn reshaped(values: Array1<f64>, shape: Shape) -> Tensor {
        match shape {
            Shape::Spatial([c, h, w]) => Tensor::Spatial(
                values
                    .into_shape_with_order((c, h, w))
                    .unwrap_or_else(|_| Array3::zeros((c, h, w))),
            ),
            Shape::Flat(_) => Tensor::Flat(values),
        }
    }
}

/// An element-wise function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Activation {
    /// max(0, x).
    Relu,
    /// x for x > 0, else slope·x.
    LeakyRelu {
        /// The slope for negative inputs (default 0.01).
        slope: f64,
    },
    /// 1 / (1 + e^−x).
    Sigmoid,
    /// tanh x.
    Tanh,
}

impl Activation {
    /// f(x).
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Activation::Relu => x.max(0.0),
            Activation::LeakyRelu { slope } => {
                if x > 0.0 {
                    x
                } else {
                    slope * x
                }
            }
            Activation::Sigmoid => 1.0 / (1.0 + (-x).exp()),
            Activation::Tanh => x.tanh(),
        }
    }

    /// f′(x), with ReLU's derivative taken as 0 at 0 (as PyTorch does).
    pub fn derivative(self, x: f64) -> f64 {
        match self {
            Activation::Relu => {
                if x > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu { slope } => {
                if x > 0.0 {
                    1.0
                } else {
                    slope
                }
            }
            Activation::Sigmoid => {
                let s = self.apply(x);
                s * (1.0 - s)
            }
            Activation::Tanh => 1.0 - x.tanh().powi(2),
        }
    }

    /// The block's name for it (`kind = "relu"`).
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::LeakyRelu { .. } => "leaky-relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
        }
    }
}

/// Max or average pooling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pooling {
    /// The largest value of each window.
    Max,
    /// The mean of each window.
    Average,
}

/// One layer's kind and parameters, as a `[[layers]]` table gives them.
#[derive(Debug, Clone, PartialEq)]
pub enum LayerSpec {
    /// An element-wise activation.
    Activation(Activation),
    /// Pooling per channel, no padding; windows that do not fit are left
    /// out.
    Pool {
        /// Max or average.
        kind: Pooling,
        /// Window rows and columns.
        size: Pair,
        /// Step between windows.
        stride: Pair,
    },
    /// Another convolution over the feature maps.
    Conv {
        /// `[filter][channel][row][col]`.
        filters: Array4<f64>,
        /// One per filter.
        biases: Array1<f64>,
        /// Zero rows/columns per side.
        padding: Pair,
        /// Step between windows.
        stride: Pair,
        /// Spacing between taps.
        dilation: Pair,
    },
    /// Every input to every output: `weights` is `[outputs][inputs]`.
    Dense {
        /// `[outputs][inputs]`.
        weights: Array2<f64>,
        /// One per output.
        biases: Array1<f64>,
    },
    /// Probabilities from a flat vector of logits.
    Softmax,
}

/// Why a layer cannot take its input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LayerError {
    /// A spatial layer after a flat vector.
    #[error(
        "`{kind}` needs feature maps (C×H×W) but its input is a flat vector of {len}: put it before the `dense` layer"
    )]
    NeedsMaps {
        /// The layer's kind.
        kind: &'static str,
        /// The vector's length.
        len: usize,
    },
    /// Softmax over feature maps.
    #[error(
        "`softmax` needs a flat vector but its input is {shape}: add a `dense` layer before it"
    )]
    NeedsVector {
        /// The input's shape.
        shape: Shape,
    },
    /// A pooling window larger than its input.
    #[error("the pooling window is {}x{} but its input is only {}x{}: use a smaller `size`", window[0], window[1], input[0], input[1])]
    PoolTooLarge {
        /// Window rows and columns.
        window: Pair,
        /// Input rows and columns.
        input: Pair,
    },
    /// A pooling size or stride of zero.
    #[error("pooling `{what}` must be at least 1")]
    ZeroPool {
        /// `size` or `stride`.
        what: &'static str,
    },
    /// Dense weights whose column count is not the input size.
    #[error(
        "the dense weights have {columns} column(s) but the input has {inputs} number(s) ({shape} flattened): give each row {inputs} weights"
    )]
    DenseInputs {
        /// Columns of `weights`.
        columns: usize,
        /// Numbers coming in.
        inputs: usize,
        /// The input's shape.
        shape: Shape,
    },
    /// Dense biases whose count is not the row count.
    #[error(
        "the dense layer has {outputs} output(s) but {biases} bias(es): give one bias per row of `weights`"
    )]
    DenseBiases {
        /// Rows of `weights`.
        outputs: usize,
        /// Biases given.
        biases: usize,
    },
    /// A convolution layer that does not fit its input.
    #[error("{0}")]
    Conv(#[from] ShapeError),
    /// An output past the largest number, from finite inputs.
    #[error(transparent)]
    Overflow(#[from] limits::OverflowError),
}

impl LayerSpec {
    /// The block's name for this layer's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            LayerSpec::Activation(a) => a.name(),
            LayerSpec::Pool {
                kind: Pooling::Max, ..
            } => "max-pool",
            LayerSpec::Pool {
                kind: Pooling::Average,
                ..
            } => "avg-pool",
            LayerSpec::Conv { .. } => "conv",
            LayerSpec::Dense { .. } => "dense",
            LayerSpec::Softmax => "softmax",
        }
    }

    /// Trainable numbers: weights and biases.
    pub fn parameter_count(&self) -> usize {
        match self {
            LayerSpec::Conv {
                filters, biases, ..
            } => filters.len() + biases.len(),
            LayerSpec::Dense { weights, biases } => weights.len() + biases.len(),
            _ => 0,
        }
    }

    /// The shape this layer gives for an input of shape `input`, checked
    /// from shapes alone (budgets included), before anything is computed.
    pub fn output_shape(&self, input: Shape) -> Result<Shape, LayerError> {
        match self {
            LayerSpec::Activation(_) => Ok(input),
            LayerSpec::Softmax => match input {
                Shape::Flat(n) => Ok(Shape::Flat(n)),
                shape => Err(LayerError::NeedsVector { shape }),
            },
            LayerSpec::Pool { size, stride, .. } => {
                let [c, h, w] = self.maps(input)?;
                if size.contains(&0) {
                    return Err(LayerError::ZeroPool { what: "size" });
                }
                if stride.contains(&0) {
                    return Err(LayerError::ZeroPool { what: "stride" });
                }
                if size[0] > h || size[1] > w {
                    return Err(LayerError::PoolTooLarge {
                        window: *size,
                        input: [h, w],
                    });
                }
                Ok(Shape::Spatial([
                    c,
                    (h - size[0]) / stride[0] + 1,
                    (w - size[1]) / stride[1] + 1,
                ]))
            }
            LayerSpec::Conv {
                filters,
                biases,
                padding,
                stride,
                dilation,
            } => {
                let [c, h, w] = self.maps(input)?;
                let (k, fc, kh, kw) = filters.dim();
                limits::check_shape(h.max(w), c, k).map_err(ShapeError::from)?;
                if fc != c {
                    return Err(ShapeError::Channels {
                        image: c,
                        filter: fc,
                    }
                    .into());
                }
                if biases.len() != k {
                    return Err(ShapeError::Biases {
                        filters: k,
                        biases: biases.len(),
                    }
                    .into());
                }
                let out =
                    super::plane::output_shape([h, w], [kh, kw], *padding, *stride, *dilation)?;
                let terms = out[0] * out[1] * kh * kw;
                limits::check_terms(terms, c.saturating_mul(k)).map_err(ShapeError::from)?;
                Ok(Shape::Spatial([k, out[0], out[1]]))
            }
            LayerSpec::Dense { weights, biases } => {
                let (outputs, columns) = weights.dim();
                if columns != input.len() {
                    return Err(LayerError::DenseInputs {
                        columns,
                        inputs: input.len(),
                        shape: input,
                    });
                }
                if biases.len() != outputs {
                    return Err(LayerError::DenseBiases {
                        outputs,
                        biases: biases.len(),
                    });
                }
                Ok(Shape::Flat(outputs))
            }
        }
    }

    fn maps(&self, input: Shape) -> Result<[usize; 3], LayerError> {
        match input {
            Shape::Spatial(s) => Ok(s),
            Shape::Flat(len) => Err(LayerError::NeedsMaps {
                kind: self.kind(),
                len,
            }),
        }
    }

    /// The convolution this layer computes on `input` (for `conv` only).
    pub fn conv(&self, input: &Array3<f64>) -> Option<Result<Conv, ShapeError>> {
        match self {
            LayerSpec::Conv {
                filters,
                biases,
                padding,
                stride,
                dilation,
            } => Some(Conv::new(ConvSpec {
                image: input.clone(),
                filters: filters.clone(),
                biases: biases.clone(),
                padding: *padding,
                stride: *stride,
                dilation: *dilation,
            })),
            _ => None,
        }
    }
}

/// One pooling window's place: the input positions it covers.
pub fn pool_window(out: Pair, size: Pair, stride: Pair) -> impl Iterator<Item = Pair> {
    let (top, left) = (out[0] * stride[0], out[1] * stride[1]);
    (0..size[0]).flat_map(move |u| (0..size[1]).map(move |v| [top + u, left + v]))
}

/// Where the largest value of one max-pooling window of `channel` is (the
/// first in reading order on a tie): the input that wins the window, and
/// the one the backward pass sends the window's gradient to.
pub fn max_position(
    input: ArrayView3<'_, f64>,
    channel: usize,
    out: Pair,
    size: Pair,
    stride: Pair,
) -> Option<Pair> {
    let mut best: Option<(Pair, f64)> = None;
    for [r, q] in pool_window(out, size, stride) {
        let value = input[[channel, r, q]];
        if best.is_none_or(|(_, b)| value > b) {
            best = Some(([r, q], value));
        }
    }
    best.map(|(at, _)| at)
}

/// The forward step of a layer whose shapes were checked; `conv` is the
/// convolution [`LayerSpec::conv`] computed, for `conv` layers.
pub fn forward(spec: &LayerSpec, input: &Tensor, conv: Option<&Conv>) -> Tensor {
    match (spec, input) {
        (LayerSpec::Activation(f), Tensor::Spatial(a)) => Tensor::Spatial(a.mapv(|x| f.apply(x))),
        (LayerSpec::Activation(f), Tensor::Flat(v)) => Tensor::Flat(v.mapv(|x| f.apply(x))),
        (LayerSpec::Pool { kind, size, stride }, Tensor::Spatial(a)) => {
            let (c, h, w) = a.dim();
            let out = [(h - size[0]) / stride[0] + 1, (w - size[1]) / stride[1] + 1];
            Tensor::Spatial(Array3::from_shape_fn((c, out[0], out[1]), |(ch, i, j)| {
                let values = pool_window([i, j], *size, *stride).map(|[r, q]| a[[ch, r, q]]);
                match kind {
                    Pooling::Max => values.fold(f64::NEG_INFINITY, f64::max),
                    Pooling::Average => values.sum::<f64>() / (size[0] * size[1]) as f64,
                }
            }))
        }
        (LayerSpec::Conv { .. }, _) => match conv {
            Some(conv) => Tensor::Spatial(conv.output().clone()),
            None => input.clone(),
        },
        (LayerSpec::Dense { weights, biases }, input) => {
            Tensor::Flat(weights.dot(&input.flat()) + biases)
        }
        (LayerSpec::Softmax, input) => Tensor::Flat(softmax(&input.flat())),
        // Shapes were checked: a spatial layer never meets a flat input.
        (_, input) => input.clone(),
    }
}

/// Softmax, shifted by the maximum so large logits do not overflow.
pub fn softmax(logits: &Array1<f64>) -> Array1<f64> {
    let max = logits.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    let exp = logits.mapv(|x| (x - max).exp());
    let sum = exp.sum();
    exp / sum
}
