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

/// How a shaded grid turns a value into a color.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    /// 0 black to 1 white, as a photograph is seen: the same in every theme.
    Gray,
    /// −1 blue, 0 the page's own background, 1 orange: signed values such
    /// as feature maps, 0 neutral (both hues from the colorblind-safe
    /// palette of the shared weights).
    Diverging,
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
    /// A grid shaded by value, one square per entry: a picture or a feature
    /// map at its real size. Values run from 0 to 1 ([`Palette::Gray`]) or
    /// from −1 to 1 ([`Palette::Diverging`]); the view scales them.
    Shades {
        /// Top-left corner.
        at: [f64; 2],
        /// Side of one square.
        cell: f64,
        /// Columns per row (the values are row-major).
        cols: usize,
        /// One value per entry, scaled.
        values: Vec<f64>,
        /// How values become colors.
        palette: Palette,
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

/// Display math as typed data: what an equation view means, not how it is
/// set. `render::latex` writes it as LaTeX, so views never touch templates
/// and a missing piece is a compile error, not a failed render.
#[derive(Debug, Clone, PartialEq)]
pub enum Math {
    /// One equation per output (the equations view).
    Equations(Equations),
    /// The index formula above the column-aligned equations (the compact
    /// view).
    Compact(Compact),
    /// The weight matrix times the image vector, plus the bias (the matrix
    /// view).
    Matrix(MatrixProduct),
}

/// A named number: its symbol, already LaTeX (labels escaped), and its
/// value, formatted by the renderer.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The symbol, LaTeX.
    pub symbol: String,
    /// The value.
    pub value: f64,
}

/// A filter weight as an equation shows it: colored by its shared weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Weight {
    /// The weight's symbol and value.
    pub quantity: Quantity,
    /// Its shared-weight palette index (the same as its SVG tone's).
    pub color: usize,
}

/// What a weight multiplies.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// An image pixel.
    Pixel(Quantity),
    /// A padding zero: written as a gray 0, it adds nothing.
    Padding,
}

/// One product `weight · input` of an equation.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// The weight.
    pub weight: Weight,
    /// What it multiplies.
    pub input: Input,
}

/// One output's equation: its products in filter order. The bias, the same
/// in every equation, is kept once by the math that holds the equations.
#[derive(Debug, Clone, PartialEq)]
pub struct Equation {
    /// The output's symbol and its value (the equation's result).
    pub output: Quantity,
    /// The products, in filter order.
    pub products: Vec<Product>,
}

/// The equations view's math: the first outputs' equations, with symbols,
/// numbers or both.
#[derive(Debug, Clone, PartialEq)]
pub struct Equations {
    /// One equation per output, in row-major order.
    pub equations: Vec<Equation>,
    /// The bias, the same in every equation.
    pub bias: Quantity,
    /// Write the line with symbols.
    pub symbols: bool,
    /// Write the line with numbers and the result.
    pub values: bool,
}

/// The compact view's math: `Y_{i,j} = b + ΣΣ W_{u,v} X_{…}` with this
/// example's sizes and steps, above the equations with one weight per
/// column.
#[derive(Debug, Clone, PartialEq)]
pub struct Compact {
    /// The output tensor's symbol (`Y`).
    pub output: String,
    /// The input tensor's symbol (`X`).
    pub input: String,
    /// The filter's symbol (`W`).
    pub weight: String,
    /// The bias's symbol, LaTeX.
    pub bias: String,
    /// Filter rows and columns: the sums run over them.
    pub filter: [usize; 2],
    /// Output rows and columns: the range of `i` and `j`.
    pub outputs: [usize; 2],
    /// Stride down and across: the input index's step per output.
    pub stride: [usize; 2],
    /// Dilation down and across: the input index's step per tap.
    pub dilation: [usize; 2],
    /// Padding down and across: the input index's offset.
    pub padding: [usize; 2],
    /// The first outputs' equations, one row each.
    pub equations: Vec<Equation>,
}

/// The matrix view's math: `y = W x + b` with every entry written out.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixProduct {
    /// One row per output, one entry per pixel: the weight there, or
    /// `None` for an untrainable zero.
    pub rows: Vec<Vec<Option<Weight>>>,
    /// The image as a vector, row-major.
    pub inputs: Vec<Quantity>,
    /// The outputs as a vector, row-major.
    pub outputs: Vec<Quantity>,
    /// The bias, added to every output.
    pub bias: Quantity,
    /// Write symbols (`true`) or numbers.
    pub symbols: bool,
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
    /// The example as programs to copy and run, if the view writes them
    /// (the code view); the HTML writer turns it into fenced code blocks.
    pub code: Option<crate::program::Program>,
}
