//! The convolution engine: the single source of truth for every view.
//!
//! It works out, once per example, which filter weight meets which input
//! pixel (or padding zero) in every application of the filter. Views only
//! read these [`Term`]s; none of them recomputes the convolution. The engine
//! does no I/O and knows nothing about markup.
//!
//! - [`plane`]: one image channel under one filter channel (part 1 of the
//!   book: one gray image, one filter), and the [`Geometry`] of terms every
//!   plane shares;
//! - [`conv`]: a layer with channels and several filters, built on the same
//!   terms;
//! - [`limits`]: every budget, checked before anything is allocated.

pub mod conv;
pub mod grad;
pub mod layers;
pub mod limits;
pub mod model;
pub mod network;
pub mod plane;

pub use conv::ConvSpec;
pub use layers::{Activation, LayerError, LayerSpec, Pooling, Shape, Tensor};
pub use model::{Learning, Model, ModelError, ModelSpec};
pub use network::{NetworkError, NetworkSpec};
pub use plane::{Convolution, Pair, ShapeError, Source, Spec, Term};

#[cfg(test)]
mod tests;
