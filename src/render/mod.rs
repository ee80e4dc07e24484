//! Figures and text → markup: SVG for drawings, HTML for the chapter, and
//! the number format every view shares.

pub mod html;
pub mod json;
pub mod latex;
pub mod math;
pub mod number;
pub mod svg;
