//! A drawing in abstract terms: what views produce and renderers consume.
//!
//! Coordinates are CSS pixels at the figure's natural size; the SVG scales
//! down from there on narrow screens.

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
    /// An untrainable zero of the weight matrix.
    Zero,
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
    /// A symbol outside a cell, e.g. a weight's name on an edge (16px).
    Label,
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
        /// Its color (`Ink` for ordinary text; a weight's tone for its name).
        tone: Tone,
    },
    /// A straight line, e.g. a network edge or an arrow.
    Line {
        /// Start point.
        from: [f64; 2],
        /// End point (where the arrowhead goes).
        to: [f64; 2],
        /// Its color.
        tone: Tone,
        /// Stroke width.
        width: f64,
        /// Draw an arrowhead at `to`.
        arrow: bool,
        /// Dashed (e.g. a connection that carries an untrainable zero).
        dashed: bool,
    },
    /// A filled polygon, e.g. the projection pyramid of the familiar view.
    Polygon {
        /// Corners, in order.
        points: Vec<[f64; 2]>,
        /// Its color.
        tone: Tone,
        /// Fill opacity, 0 to 1, so what is behind stays visible.
        opacity: f64,
    },
    /// A circle with a symbol and/or a value: a neuron.
    Node {
        /// Center.
        center: [f64; 2],
        /// Radius.
        radius: f64,
        /// What the node is.
        tone: Tone,
        /// Symbol (A, P, b).
        symbol: Option<String>,
        /// Number, below the symbol or alone.
        value: Option<String>,
    },
    /// A filled rectangle without text, e.g. the gray background of a
    /// matrix's zeros.
    Panel {
        /// Top-left corner.
        at: [f64; 2],
        /// Width and height.
        size: [f64; 2],
        /// Its color.
        tone: Tone,
    },
    /// A grid too fine for text: one square per entry, shaded by its value
    /// (0 = lightest, 1 = darkest), drawn compactly.
    Heatmap {
        /// Top-left corner.
        at: [f64; 2],
        /// Side of one square.
        cell: f64,
        /// Columns per row (the shades are row-major).
        cols: usize,
        /// One shade per entry, 0 to 1.
        shades: Vec<f64>,
    },
    /// Several items kept together (drawn in order).
    Group(Vec<Item>),
    /// The same drawing placed many times (e.g. one row pattern of a weight
    /// matrix), written once and reused, so big figures stay small.
    Reuse {
        /// Names the drawing within the figure.
        key: String,
        /// The drawing, relative to its own origin.
        items: Vec<Item>,
        /// Where each copy's origin goes.
        places: Vec<[f64; 2]>,
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
    /// Which view drew it: its block name, written as `data-view`.
    pub view: &'static str,
    /// Short accessible name (SVG `<title>`).
    pub title: String,
    /// What the figure shows, in words (SVG `<desc>`).
    pub desc: String,
    /// Natural width and height.
    pub size: [f64; 2],
    /// Shapes, drawn in order.
    pub items: Vec<Item>,
}

/// Display math, as LaTeX; rendered to MathML (or left for MathJax).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Math {
    /// LaTeX source of one display-mode formula.
    pub latex: String,
}

/// Everything one view produces for one example.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    /// Which view: its block name.
    pub view: &'static str,
    /// A sentence computed from the example, shown under the figure.
    pub summary: String,
    /// The SVG part, if the view draws one.
    pub figure: Option<Figure>,
    /// The equation part, if the view writes one.
    pub math: Option<Math>,
}
