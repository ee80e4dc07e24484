//! A [`Program`] → short programs a reader can copy and run: NumPy, PyTorch
//! and Rust with ndarray, written from the Tera templates in
//! `templates/code/`. This module turns the numbers into each language's
//! literals (typed contexts, `#[derive(Serialize)]`); the templates hold
//! every line of the programs.

use std::sync::OnceLock;

use ndarray::{ArrayView, Dimension};
use serde::Serialize;
use tera::{Context, Tera};

use crate::figure::{Conv, Layer, Pair, Pool, Program};
use crate::render::latex;
use crate::words::plural;

/// One program: the language of its code block (what mdBook highlights)
/// and the library it uses, named above the block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeBlock {
    /// The code block's info string: `python` or `rust`.
    pub language: &'static str,
    /// What the program uses, e.g. `NumPy`.
    pub title: &'static str,
    /// The program, ending with a newline.
    pub text: String,
}

/// A built-in code template that could not be parsed or rendered: a bug in
/// this crate, reported with the block instead of aborting the build.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not write the {template} program: {message}")]
pub struct CodeError {
    /// The template's name.
    pub template: &'static str,
    /// What Tera said, with its causes.
    pub message: String,
}

/// The languages, in the order the page shows them.
const LANGUAGES: [Language; 3] = [Language::Numpy, Language::Pytorch, Language::Ndarray];

/// The ndarray version the Rust program asks for (this crate's own).
const NDARRAY: &str = "0.17";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    Numpy,
    Pytorch,
    Ndarray,
}

impl Language {
    fn template(self) -> &'static str {
        match self {
            Language::Numpy => "numpy.py",
            Language::Pytorch => "pytorch.py",
            Language::Ndarray => "ndarray.rs",
        }
    }

    fn block(self, text: String) -> CodeBlock {
        let (language, title) = match self {
            Language::Numpy => ("python", "NumPy"),
            Language::Pytorch => ("python", "PyTorch"),
            Language::Ndarray => ("rust", "Rust with ndarray"),
        };
        CodeBlock {
            language,
            title,
            text,
        }
    }

    fn rust(self) -> bool {
        self == Language::Ndarray
    }

    /// Where a multi-line literal's rows start: inside `fn main` in Rust.
    fn indent(self) -> usize {
        if self.rust() { 4 } else { 0 }
    }
}

/// What the note on weight layouts says about this example: its first
/// filters' shape in PyTorch's layout and in Keras's, and its padding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// `[K, C, kh, kw]`, e.g. `[2, 3, 3, 3]`.
    pub pytorch: String,
    /// `[kh, kw, C, K]`, e.g. `[3, 3, 3, 2]`.
    pub keras: String,
    /// Zero rows added above the image (and as many below).
    pub rows: usize,
    /// Zero columns added on the left (and as many on the right).
    pub cols: usize,
}

/// The note on weight layouts for `program`'s first convolution.
pub fn layout(program: &Program) -> Option<Layout> {
    let Some(Layer::Conv(conv)) = program.layers.first() else {
        return None;
    };
    let (k, c, kh, kw) = conv.filters.dim();
    Some(Layout {
        pytorch: format!("[{k}, {c}, {kh}, {kw}]"),
        keras: format!("[{kh}, {kw}, {c}, {k}]"),
        rows: conv.padding[0],
        cols: conv.padding[1],
    })
}

/// The programs for `program`, NumPy first (the one the tests run).
pub fn render(program: &Program) -> Result<Vec<CodeBlock>, CodeError> {
    LANGUAGES
        .iter()
        .map(|&language| {
            let context = ProgramContext::new(program, language);
            render_with(language.template(), &context).map(|text| language.block(text))
        })
        .collect()
}

/// What every code template reads; literals are already in the template's
/// language.
#[derive(Serialize)]
struct ProgramContext {
    /// The image as a literal (whole samples when `scale` is set).
    image: String,
    /// The image's size in words, for a comment.
    image_shape: String,
    /// The largest sample value, when the image holds samples over it
    /// (a PNG's pixels): the program divides by it, as the book does.
    scale: Option<u32>,
    layers: Vec<LayerContext>,
    /// Whether a pooling helper is needed.
    pool: bool,
    /// Layers after the convolution: PyTorch writes an `nn.Sequential`.
    network: bool,
    squeeze: bool,
    ndarray: &'static str,
}

/// One layer; `n` numbers the layer's parameters (`w1`, `b1`, …) and
/// `module` is its index in PyTorch's `nn.Sequential`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum LayerContext {
    Conv {
        n: usize,
        module: usize,
        title: String,
        filters: String,
        biases: String,
        shape: String,
        channels: usize,
        count: usize,
        kernel: String,
        padding: String,
        stride: String,
        dilation: String,
    },
    Relu,
    LeakyRelu {
        slope: String,
    },
    Sigmoid,
    Tanh,
    MaxPool {
        size: String,
        stride: String,
    },
    AvgPool {
        size: String,
        stride: String,
    },
    Dense {
        n: usize,
        module: usize,
        title: String,
        shape: String,
        weights: String,
        biases: String,
        inputs: usize,
        outputs: usize,
        flatten: bool,
    },
    Softmax,
}

impl ProgramContext {
    fn new(program: &Program, language: Language) -> Self {
        let scale = scale(program.image.iter().copied());
        let (channels, rows, cols) = program.image.dim();
        let mut module = 0;
        let layers = program
            .layers
            .iter()
            .enumerate()
            .map(|(i, layer)| {
                let context =
                    LayerContext::new(layer, i + 1, module, language, program.layers.len() > 1);
                // A dense layer after maps comes after an `nn.Flatten()`.
                module += match layer {
                    Layer::Dense { flatten: true, .. } => 2,
                    _ => 1,
                };
                context
            })
            .collect();
        ProgramContext {
            image: literal(program.image.view(), language, scale),
            image_shape: format!("{} of {rows}×{cols}", plural(channels, "channel")),
            scale,
            layers,
            pool: program
                .layers
                .iter()
                .any(|l| matches!(l, Layer::Pool { .. })),
            network: program.layers.len() > 1,
            squeeze: program.squeeze,
            ndarray: NDARRAY,
        }
    }
}

impl LayerContext {
    fn new(layer: &Layer, n: usize, module: usize, language: Language, network: bool) -> Self {
        let pair = |p: Pair| pair(p, language);
        match layer {
            Layer::Conv(conv) => {
                let title = if network {
                    format!("Layer {n}, a convolution")
                } else {
                    "The filters".to_string()
                };
                conv_context(conv, n, module, title, language)
            }
            Layer::Relu => LayerContext::Relu,
            Layer::LeakyRelu { slope } => LayerContext::LeakyRelu {
                slope: number(*slope, language),
            },
            Layer::Sigmoid => LayerContext::Sigmoid,
            Layer::Tanh => LayerContext::Tanh,
            Layer::Pool { kind, size, stride } => {
                let (size, stride) = (pair(*size), pair(*stride));
                match kind {
                    Pool::Max => LayerContext::MaxPool { size, stride },
                    Pool::Average => LayerContext::AvgPool { size, stride },
                }
            }
            Layer::Dense {
                weights,
                biases,
                flatten,
            } => LayerContext::Dense {
                n,
                module: module + usize::from(*flatten),
                title: format!("Layer {n}, dense"),
                shape: format!(
                    "{} of {}",
                    plural(weights.nrows(), "output"),
                    plural(weights.ncols(), "input")
                ),
                weights: literal(weights.view(), language, None),
                biases: literal(biases.view(), language, None),
                inputs: weights.ncols(),
                outputs: weights.nrows(),
                flatten: *flatten,
            },
            Layer::Softmax => LayerContext::Softmax,
        }
    }
}

fn conv_context(
    conv: &Conv,
    n: usize,
    module: usize,
    title: String,
    language: Language,
) -> LayerContext {
    let (count, channels, kh, kw) = conv.filters.dim();
    LayerContext::Conv {
        n,
        module,
        title,
        filters: literal(conv.filters.view(), language, None),
        biases: literal(conv.biases.view(), language, None),
        shape: format!(
            "{} of {}, {kh}×{kw}",
            plural(count, "filter"),
            plural(channels, "channel")
        ),
        channels,
        count,
        kernel: pair([kh, kw], language),
        padding: pair(conv.padding, language),
        stride: pair(conv.stride, language),
        dilation: pair(conv.dilation, language),
    }
}

/// `(1, 2)` in Python, `[1, 2]` in Rust.
fn pair([a, b]: Pair, language: Language) -> String {
    if language.rust() {
        format!("[{a}, {b}]")
    } else {
        format!("({a}, {b})")
    }
}

/// A number as the language writes it, exactly (the shortest text that
/// reads back as the same `f64`): `2` in Python, `2.0` in Rust (ndarray's
/// arrays of `f64` need float literals).
fn number(x: f64, language: Language) -> String {
    let text = format!("{x:?}");
    if !language.rust()
        && let Some(whole) = text.strip_suffix(".0")
    {
        return whole.to_string();
    }
    text
}

/// The denominator the values are whole multiples of, if they are 8-bit
/// or 16-bit samples divided by their largest value (as `image-file`
/// reads a PNG) and writing them so is much shorter: the samples and one
/// division give the same numbers, bit for bit, in a fraction of the text
/// (`0.2` stays `0.2`; `0.5019607843137255` becomes `128` over 255).
fn scale(values: impl Iterator<Item = f64> + Clone) -> Option<u32> {
    let length = |text: String| text.len();
    let direct: usize = values
        .clone()
        .map(|v| length(number(v, Language::Numpy)))
        .sum();
    [255u32, 65535].into_iter().find(|&d| {
        let d = f64::from(d);
        let whole = values.clone().all(|v| {
            let k = (v * d).round();
            (0.0..=d).contains(&k) && k / d == v
        });
        let scaled: usize = values
            .clone()
            .map(|v| length(number((v * d).round(), Language::Numpy)))
            .sum();
        whole && direct > 2 * scaled
    })
}

/// An array as a nested-list literal: `[1, 2]` on one line for 1-D; from
/// 2-D on, one outer entry per line, rows aligned under each other.
fn literal<D: Dimension>(
    a: ArrayView<'_, f64, D>,
    language: Language,
    scale: Option<u32>,
) -> String {
    let write = |x: f64| match scale {
        Some(d) => number((x * f64::from(d)).round(), language),
        None => number(x, language),
    };
    let a = a.into_dyn();
    if a.ndim() == 1 {
        return inline(a.view(), 0, &write);
    }
    let pad = " ".repeat(language.indent());
    let mut out = String::from("[\n");
    for entry in a.outer_iter() {
        out.push_str(&pad);
        out.push_str("    ");
        out.push_str(&inline(entry, language.indent() + 4, &write));
        out.push_str(",\n");
    }
    out.push_str(&pad);
    out.push(']');
    out
}

/// An array on as few lines as keeps rows apart: entries of a row on one
/// line, each deeper level aligned one column further in, as NumPy prints.
fn inline(a: ndarray::ArrayViewD<'_, f64>, column: usize, write: &dyn Fn(f64) -> String) -> String {
    if a.ndim() <= 1 {
        let entries: Vec<String> = a.iter().map(|&x| write(x)).collect();
        return format!("[{}]", entries.join(", "));
    }
    let separator = format!(",\n{}", " ".repeat(column + 1));
    let inner: Vec<String> = a
        .outer_iter()
        .map(|entry| inline(entry, column + 1, write))
        .collect();
    format!("[{}]", inner.join(&separator))
}

/// The templates, compiled into the binary and parsed on first use.
fn templates() -> Result<&'static Tera, CodeError> {
    static TERA: OnceLock<Result<Tera, CodeError>> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = Tera::default();
        tera.add_raw_templates([
            (
                Language::Numpy.template(),
                include_str!("../../templates/code/numpy.py.tera"),
            ),
            (
                Language::Pytorch.template(),
                include_str!("../../templates/code/pytorch.py.tera"),
            ),
            (
                Language::Ndarray.template(),
                include_str!("../../templates/code/ndarray.rs.tera"),
            ),
        ])
        .map_err(|e| CodeError {
            template: "built-in",
            message: latex::describe(&e),
        })?;
        // Programs are text, not HTML: nothing is escaped.
        tera.autoescape_on(Vec::new());
        Ok(tera)
    })
    .as_ref()
    .map_err(Clone::clone)
}

fn render_with(template: &'static str, context: &impl Serialize) -> Result<String, CodeError> {
    let error = |e: tera::Error| CodeError {
        template,
        message: latex::describe(&e),
    };
    let context = Context::from_serialize(context).map_err(error)?;
    let text = templates()?.render(template, &context).map_err(error)?;
    Ok(tidy(&text))
}

/// Trailing spaces trimmed, at most one blank line in a row, one newline at
/// the end: what the templates' control lines leave behind, swept up.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, Array3, array};

    fn seed() -> Program {
        Program {
            image: array![[[2.0, 0.0, 1.0], [1.0, 3.0, 2.0], [0.0, 1.0, 4.0]]],
            layers: vec![Layer::Conv(Conv {
                filters: array![[[[1.0, -1.0], [2.0, 0.0]]]],
                biases: Array1::from(vec![1.0]),
                padding: [0, 0],
                stride: [1, 1],
                dilation: [1, 1],
            })],
            squeeze: true,
        }
    }

    #[test]
    fn literals_are_exact_and_aligned() {
        let image = seed().image;
        assert_eq!(
            literal(image.view(), Language::Numpy, None),
            "[\n    [[2, 0, 1],\n     [1, 3, 2],\n     [0, 1, 4]],\n]"
        );
        assert_eq!(
            literal(image.view(), Language::Ndarray, None),
            "[\n        [[2.0, 0.0, 1.0],\n         [1.0, 3.0, 2.0],\n         [0.0, 1.0, 4.0]],\n    ]"
        );
        assert_eq!(number(0.1, Language::Numpy), "0.1");
        assert_eq!(number(-3.0, Language::Numpy), "-3");
        assert_eq!(number(1e-7, Language::Ndarray), "1e-7");
    }

    #[test]
    fn png_samples_are_written_whole_over_their_scale() {
        let image = Array3::from_shape_fn((1, 2, 2), |(_, r, c)| (r * 100 + c) as f64 / 255.0);
        assert_eq!(scale(image.iter().copied()), Some(255));
        assert_eq!(
            literal(image.view(), Language::Numpy, Some(255)),
            "[\n    [[0, 1],\n     [100, 101]],\n]"
        );
        assert_eq!(scale([0.5, 0.25].into_iter()), None);
        assert_eq!(scale([1.0, 2.0].into_iter()), None);
        // Short numbers stay as written, even when they are 255ths.
        assert_eq!(scale([0.2, 0.4, 1.0].into_iter()), None);
    }

    #[test]
    fn every_program_prints_its_result_and_keeps_no_blank_runs() {
        let blocks = render(&seed()).unwrap();
        let titles: Vec<&str> = blocks.iter().map(|b| b.title).collect();
        assert_eq!(titles, ["NumPy", "PyTorch", "Rust with ndarray"]);
        for block in &blocks {
            assert!(!block.text.contains("\n\n\n"), "{}", block.text);
            assert!(block.text.ends_with('\n'));
        }
        assert!(blocks[0].text.contains("import numpy as np"));
        assert!(blocks[0].text.ends_with("print(y.tolist())\n"));
        assert!(blocks[1].text.contains("F.conv2d(x, w1, b1"));
        assert!(blocks[2].text.contains("fn main()"));
    }
}
