//! A drawing in abstract terms: what views produce and renderers consume.
//!
//! Coordinates are CSS pixels at the figure's natural size; the SVG scales
//! down from there on narrow screens.

use ndarray::{Array1, Array2, Array3, Array4};

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
    /// Several items drawn translucent as one, e.g. the lines a crowded
    /// figure keeps in the background so that a few stand out.
    Faded {
        /// Opacity of the whole group, 0 to 1.
        opacity: f64,
        /// The items, drawn in order.
        items: Vec<Item>,
    },
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
    /// The products, in filter order: all of them, or the first few and
    /// the last when the sum is too long to write out.
    pub products: Vec<Product>,
    /// Products left out between the first few and the last (written as
    /// `⋯`); 0 when every product is written.
    pub elided: usize,
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

/// A named number a reader sees in the live controls: its plain-text
/// label (`α`, `x₁,₂`) and its value, formatted by the renderer.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The label, plain Unicode.
    pub label: String,
    /// The value.
    pub value: f64,
}

/// One term of an output's sum, as the page's script needs it: which
/// weight, what it multiplies, and where that sits in the drawn image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tap {
    /// The filter position `[u, v]`.
    pub weight: [usize; 2],
    /// The pixel `[row, col]` it multiplies, or `None` for a padding zero.
    pub pixel: Option<[usize; 2]>,
    /// The cell it covers in the padded image, `[row, col]` from its
    /// top-left corner, so padding zeros can be highlighted too.
    pub padded: [usize; 2],
}

/// One output that uses a pixel, and with which weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Use {
    /// The output's row-major index.
    pub output: usize,
    /// The filter position `[u, v]` that meets the pixel there.
    pub weight: [usize; 2],
}

/// Live controls for a figure: inputs for the filter's weights and bias,
/// the outputs that follow them, and the engine's structure that links the
/// two. The page's script only multiplies and adds along `terms`, so it
/// never works out which pixel meets which weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Controls {
    /// The unpadded image `[row][col]`: fixed, the reader changes the filter.
    pub pixels: Vec<Vec<Entry>>,
    /// Zero rows and columns drawn around the image, per axis.
    pub padding: [usize; 2],
    /// The filter's weights `[u][v]`, each an input; a weight's color is
    /// its row-major index, as in the SVG (turned back when `turned`).
    pub weights: Vec<Vec<Entry>>,
    /// Whether the filter was turned half a turn (`flip`), so each weight
    /// keeps the color it has in the unturned filter.
    pub turned: bool,
    /// The bias, an input.
    pub bias: Entry,
    /// The outputs `[i][j]` with the engine's values.
    pub outputs: Vec<Vec<Entry>>,
    /// Every output's terms, outputs row-major, each in filter order.
    pub terms: Vec<Vec<Tap>>,
    /// For every pixel (row-major), each output that uses it: the nonzero
    /// entries of its weight-matrix column.
    pub users: Vec<Vec<Use>>,
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
    /// Live controls, if the view is interactive.
    pub controls: Option<Controls>,
    /// The example as programs to copy and run, if the view writes them
    /// (the code view); the HTML writer turns it into fenced code blocks.
    pub code: Option<Program>,
}

impl Drawing {
    /// Gives every shared-weight color back to its weight after the filter
    /// was turned half a turn (`flip`, `n` weights per kernel): position
    /// `i` now holds the weight that stood at `n − 1 − i`, and a weight
    /// keeps its color in every figure, turned or not.
    pub fn turn_weight_colors(&mut self, n: usize) {
        let turn = |i: usize| turned_color(n, i);
        if let Some(figure) = &mut self.figure {
            recolor(&mut figure.items, &turn);
        }
        let recolor_equations = |equations: &mut [Equation]| {
            for product in equations.iter_mut().flat_map(|e| e.products.iter_mut()) {
                product.weight.color = turn(product.weight.color);
            }
        };
        match &mut self.math {
            Some(Math::Equations(e)) => recolor_equations(&mut e.equations),
            Some(Math::Compact(c)) => recolor_equations(&mut c.equations),
            Some(Math::Matrix(m)) => {
                for weight in m.rows.iter_mut().flatten().flatten() {
                    weight.color = turn(weight.color);
                }
            }
            None => {}
        }
        if let Some(controls) = &mut self.controls {
            controls.turned = true;
        }
    }
}

/// The color of filter position `i` (row-major, `n` weights) in a filter
/// turned half a turn: that of the weight now there, which stood at
/// `n − 1 − i`.
pub fn turned_color(n: usize, i: usize) -> usize {
    n.saturating_sub(1).saturating_sub(i)
}

/// Maps every weight tone in `items`, nested ones included.
fn recolor(items: &mut [Item], turn: &impl Fn(usize) -> usize) {
    let tone = |t: &mut Tone| {
        if let Tone::Weight(i) = t {
            *i = turn(*i);
        }
    };
    for item in items {
        match item {
            Item::Cell { tone: t, .. }
            | Item::Text { tone: t, .. }
            | Item::Line { tone: t, .. }
            | Item::Polygon { tone: t, .. }
            | Item::Node { tone: t, .. }
            | Item::Panel { tone: t, .. }
            | Item::Frame { tone: t, .. } => tone(t),
            Item::Group(items) | Item::Faded { items, .. } | Item::Reuse { items, .. } => {
                recolor(items, turn)
            }
            Item::Heatmap { .. } | Item::Shades { .. } => {}
        }
    }
}

// The example as a program (the code view): its numbers and layers, with
// no language syntax; `render::code` writes it as NumPy, PyTorch and Rust.

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
