//! An example as a program, with no syntax of any language: the numbers and
//! the layers in order, which the code view hands to the code writers
//! (`render::code`) the way the equation views hand over typed math. A leaf:
//! it uses nothing of the crate, so the engine's types stay the engine's.

use ndarray::{Array1, Array2, Array3, Array4};

/// A per-axis pair, `[rows, cols]`.
pub type Pair = [usize; 2];

/// What a program computes: the image through every layer, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// The input, `[channel][row][col]`.
    pub image: Array3<f64>,
    /// The block's convolution first, then its `[[layers]]`.
    pub layers: Vec<Layer>,
    /// Print the one feature map as a 2-D list (one channel, one filter, no
    /// layers), as the JSON writes `output`; otherwise the last layer's
    /// output as it is (3-D maps or a flat vector).
    pub squeeze: bool,
}

/// One convolution's parameters, in PyTorch's layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Conv {
    /// `[filter][channel][row][col]`.
    pub filters: Array4<f64>,
    /// One per filter.
    pub biases: Array1<f64>,
    /// Zero rows and columns added on each side.
    pub padding: Pair,
    /// Step between windows.
    pub stride: Pair,
    /// Spacing between a filter's taps.
    pub dilation: Pair,
}

/// Max or average pooling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// The largest value of each window.
    Max,
    /// The mean of each window.
    Average,
}

/// One step of the program.
#[derive(Debug, Clone, PartialEq)]
pub enum Layer {
    /// A convolution (cross-correlation, as the libraries compute it).
    Conv(Conv),
    /// max(0, x).
    Relu,
    /// x for x > 0, else slope·x.
    LeakyRelu {
        /// The slope for negative inputs.
        slope: f64,
    },
    /// 1 / (1 + e^−x).
    Sigmoid,
    /// tanh x.
    Tanh,
    /// Pooling per channel, no padding; windows that do not fit are left out.
    Pool {
        /// Max or average.
        kind: Pool,
        /// Window rows and columns.
        size: Pair,
        /// Step between windows.
        stride: Pair,
    },
    /// A dense layer over the flattened input (channel by channel,
    /// row-major).
    Dense {
        /// `[outputs][inputs]`.
        weights: Array2<f64>,
        /// One per output.
        biases: Array1<f64>,
        /// Whether its input is feature maps that must be flattened first.
        flatten: bool,
    },
    /// Probabilities from a flat vector.
    Softmax,
}
