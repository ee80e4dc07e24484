//! The names of the views and of what cells show: a leaf every stage may
//! use (the block parser checks names, the views are dispatched by them).

/// Every viewpoint of the article, in book order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum View {
    /// The image, pixels A–I.
    Image,
    /// The filter α β γ δ and the bias b.
    Filter,
    /// The results P Q R S.
    Output,
    /// How the filter is applied to each section.
    Sections,
    /// One equation per output.
    Equations,
    /// The whole layer in index notation.
    Compact,
    /// Inputs and outputs as neurons.
    Network,
    /// The weight matrix times the image vector.
    Matrix,
    /// Every input connected to every output.
    Dense,
    /// The diagram every CNN paper uses.
    Familiar,
    /// Zero padding keeps the size.
    Padding,
    /// Image patches times the filter: the matrix product with roles swapped.
    Im2col,
    /// How the channels of one filter add up: one partial sum per channel.
    Channels,
    /// Several filters, several feature maps, drawn the way papers do.
    Filters,
    /// The filter's weights and bias as inputs; every output follows live.
    Interactive,
    /// Backpropagation through the first convolution, in the article's views.
    Gradient,
    /// Gradient descent, step by step.
    Training,
    /// An activation function: its curve, this layer's values on it, and
    /// what became zero.
    Activation,
    /// Pooling windows, and the 0/1 matrix max pooling equals for one input.
    Pooling,
    /// The whole network at a glance: every shape and parameter count.
    Layers,
    /// What one deep output sees of the image, traced through every layer.
    ReceptiveField,
    /// The output layer: logits to class probabilities.
    Softmax,
    /// The example as programs to copy and run: NumPy, PyTorch, Rust.
    Code,
}

impl View {
    /// The views that draw every one-plane example, in the book's order
    /// (what `"all"` expands to): the article's eleven, then im2col.
    pub const ALL: [View; 12] = [
        View::Image,
        View::Filter,
        View::Output,
        View::Sections,
        View::Equations,
        View::Compact,
        View::Network,
        View::Matrix,
        View::Dense,
        View::Familiar,
        View::Padding,
        View::Im2col,
    ];

    /// The name a block uses, e.g. `view = "matrix"`.
    pub fn name(self) -> &'static str {
        match self {
            View::Image => "image",
            View::Filter => "filter",
            View::Output => "output",
            View::Sections => "sections",
            View::Equations => "equations",
            View::Compact => "compact",
            View::Network => "network",
            View::Matrix => "matrix",
            View::Dense => "dense",
            View::Familiar => "familiar",
            View::Padding => "padding",
            View::Im2col => "im2col",
            View::Channels => "channels",
            View::Filters => "filters",
            View::Interactive => "interactive",
            View::Gradient => "gradient",
            View::Training => "training",
            View::Activation => "activation",
            View::Pooling => "pooling",
            View::Layers => "layers",
            View::ReceptiveField => "receptive-field",
            View::Softmax => "softmax",
            View::Code => "code",
        }
    }

    /// The view called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<View> {
        View::every().find(|v| v.name() == name)
    }

    /// The views that go beyond the article (channels, layers, learning,
    /// code): each draws only the examples that have what it shows, so
    /// `"all"` does not include them.
    pub const BEYOND: [View; 11] = [
        View::Channels,
        View::Filters,
        View::Activation,
        View::Pooling,
        View::Layers,
        View::ReceptiveField,
        View::Softmax,
        View::Gradient,
        View::Training,
        View::Interactive,
        View::Code,
    ];

    /// The article's views, then the ones beyond it.
    pub fn every() -> impl Iterator<Item = View> {
        View::ALL.into_iter().chain(View::BEYOND)
    }
}

/// What cells show: the article's symbols, the numbers, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Show {
    /// Only symbols (A, α, P).
    Symbols,
    /// Only numbers.
    Values,
    /// Symbol above number.
    #[default]
    Both,
}

impl Show {
    /// Names a block may use for `show`.
    pub const NAMES: [&'static str; 3] = ["symbols", "values", "both"];

    /// The setting called `name`.
    pub fn from_name(name: &str) -> Option<Show> {
        match name {
            "symbols" => Some(Show::Symbols),
            "values" => Some(Show::Values),
            "both" => Some(Show::Both),
            _ => None,
        }
    }

    /// Whether symbols are drawn.
    pub fn symbols(self) -> bool {
        self != Show::Values
    }

    /// Whether numbers are drawn.
    pub fn values(self) -> bool {
        self != Show::Symbols
    }
}
