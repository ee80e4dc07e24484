//! `mdbook-cnn-views`: an mdBook preprocessor that draws one convolution from
//! every viewpoint of the article "CNNs from different viewpoints".
//!
//! A chapter holds a fenced block with the info string `cnn` whose body is
//! TOML. At build time the preprocessor turns it into an inline SVG figure
//! (and, for the equation views, math). Data flows one way:
//!
//! block ([`markdown`]) → raw [`directive`] → checked example ([`resolve`]) →
//! [`engine`] (the convolution and its terms, computed once) → [`views`]
//! (one per viewpoint) → [`render`] (SVG, HTML) → chapter text.

pub mod config;
pub mod directive;
pub mod engine;
pub mod error;
pub mod figure;
pub mod install;
pub mod labels;
pub mod markdown;
pub mod pipeline;
pub mod preprocessor;
pub mod prose;
pub mod render;
pub mod resolve;
pub mod text;
pub mod view;
pub mod views;
pub mod words;

pub use preprocessor::CnnViews;
