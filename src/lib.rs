//! `mdbook-cnn-views`: an mdBook preprocessor that draws one convolution from
//! every viewpoint of the article "CNNs from different viewpoints".
//!
//! A chapter holds a fenced block with the info string `cnn` whose body is
//! TOML. At build time the preprocessor turns it into an inline SVG figure
//! (and, for the equation views, math). Data flows one way, one module per
//! stage, all private but [`markdown`]: the block is found in the chapter,
//! its body parsed into a raw [`Directive`], checked against the named
//! [`Examples`] into an [`Example`], computed once into a [`Convolution`]
//! (every term of every output), laid out by each view into a [`Drawing`],
//! and written into the chapter as SVG and HTML (equations as MathML, or as
//! LaTeX for MathJax).
//!
//! A book uses [`CnnViews`] through the `mdbook-cnn-views` binary (or in
//! process, with `mdbook-driver`). The other exports serve that binary's
//! `render` and `install` commands, the tests and the benchmarks: the
//! pipeline's stages one by one ([`prepare`], [`drawings`],
//! [`render_block`], [`process_chapter`]) and the types they pass along.

mod config;
mod directive;
mod engine;
mod error;
mod figure;
mod geometry;
mod install;
mod kernels;
mod labels;
pub mod markdown;
mod pipeline;
mod preprocessor;
mod prose;
mod render;
mod resolve;
mod text;
mod toml_tree;
mod view;
mod views;
mod words;

pub use config::{Config, OPTION_KEYS, OnFailure};
pub use directive::{At, BLOCK_KEYS, Directive, FIELD_KEYS, Fields};
pub use engine::{Convolution, Model, ShapeError, Source, Spec};
pub use error::{BlockError, ErrorKind, LocatedError};
pub use figure::{Drawing, Figure, Math};
pub use install::{Report as InstallReport, install};
pub use pipeline::{drawings, prepare, process_chapter, render_block};
pub use preprocessor::CnnViews;
pub use render::json::{MAX_MATRIX_ENTRIES, Numbers};
pub use render::math::MathMode;
pub use render::number;
pub use resolve::{Example, Examples, Labels};
pub use view::{Show, View};

/// A [`Figure`] as SVG text: standalone, as `render --format svg` prints
/// it (`render`), or as a chapter inlines it (`inline`).
pub mod svg {
    pub use crate::render::svg::{inline, render};
}

/// An equation view's math as LaTeX: what `render --format latex` prints
/// and MathML is made from.
pub mod latex {
    pub use crate::render::latex::render;
}
