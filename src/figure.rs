//! A drawing in abstract terms: what views produce and renderers consume.
//!
//! Coordinates are CSS pixels at the figure's natural size; the SVG scales
//! down from there on narrow screens.

use crate::views::View;

/// What a shape stands for; decides its colors in every theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// An image pixel.
    Pixel,
    /// A zero added by padding.
    Padding,
    /// A filter weight; the index picks its shared-weight color.
    Weight(usize),
    /// The bias.
    Bias,
    /// An output.
    Output,
    /// Plain ink: text, arrows, outlines.
    Ink,
    /// Secondary ink: notes, axes.
    Muted,
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStyle {
    /// A panel heading.
    Heading,
    /// An operator or symbol between cells (`+`, `=`).
    Operator,
    /// A small annotation, e.g. a size.
    Note,
}

/// Horizontal alignment of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Left edge at `x`.
    Start,
    /// Centered on `x`.
    Middle,
    /// Right edge at `x`.
    End,
}

/// One shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A square cell with a symbol and/or a value.
    Cell {
        /// Top-left corner.
        at: [f64; 2],
        /// Side length.
        size: f64,
        /// What the cell is.
        tone: Tone,
        /// Symbol, drawn large (A, α, P).
        symbol: Option<String>,
        /// Number, drawn below the symbol or alone.
        value: Option<String>,
    },
    /// A line of text; `at` is the baseline point.
    Text {
        /// Anchor point on the baseline.
        at: [f64; 2],
        /// The text, literal.
        text: String,
        /// How it is set.
        style: TextStyle,
        /// Alignment.
        anchor: Anchor,
    },
    /// A rectangle outline, e.g. a highlighted window.
    Frame {
        /// Top-left corner.
        at: [f64; 2],
        /// Width and height.
        size: [f64; 2],
        /// Its color.
        tone: Tone,
    },
}

/// A whole figure, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Which view drew it.
    pub view: View,
    /// Short accessible name (SVG `<title>`).
    pub title: String,
    /// What the figure shows, in words (SVG `<desc>`).
    pub desc: String,
    /// A sentence computed from the example, shown under the figure.
    pub summary: String,
    /// Natural width and height.
    pub size: [f64; 2],
    /// Shapes, drawn in order.
    pub items: Vec<Item>,
}
