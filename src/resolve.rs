//! Directive + named examples → a checked [`Example`]: numbers complete,
//! shapes compatible, labels filled in. Everything a view may rely on is
//! checked here, once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod flip;
mod image_file;
mod learning;

use ndarray::{Array1, Array2, Axis};

use crate::directive::{At, Directive, FIELD_KEYS, Fields, Table};
use crate::engine::{
    ConvSpec, LayerSpec, ModelSpec, NetworkError, NetworkSpec, Pair, ShapeError, Spec,
};
use crate::error::{BlockError, ErrorKind, closest};
use crate::labels::{self, Label, LayerLabels};
use crate::view::{Show, View};

pub use crate::engine::limits::{MAX_IMAGE_SIDE, MAX_TERMS};

/// The examples every book has; `book.toml` may override them.
const BUILT_IN: &str = r#"
[seed]
image = [[2, 0, 1], [1, 3, 2], [0, 1, 4]]
filter = [[1, -1], [2, 0]]
bias = 1

[seed-padded]
image = [[2, 0, 1], [1, 3, 2], [0, 1, 4]]
filter = [[0, 1, 0], [1, -4, 1], [0, 1, 0]]
bias = 0
padding = 1
"#;

/// Symbols of every pixel, weight, output and the bias.
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    /// One per image pixel.
    pub image: Array2<Label>,
    /// One per filter weight.
    pub filter: Array2<Label>,
    /// One per output.
    pub output: Array2<Label>,
    /// The bias.
    pub bias: Label,
}

/// A complete, valid example: what one block asks to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The first convolution's plane of filter 1 over channel 1: with one
    /// channel and one filter, the whole convolution the article's views
    /// draw.
    pub spec: Spec,
    /// Every symbol of that plane.
    pub labels: Labels,
    /// Every symbol of the first convolution, channels and filters included.
    pub layer_labels: LayerLabels,
    /// Everything the engine computes for this block.
    pub model: ModelSpec,
    /// Where the keys behind the model were written, for located errors.
    pub lines: ModelLines,
    /// Views to draw, in order (empty when the block names none).
    pub views: Vec<View>,
    /// Symbols, values or both.
    pub show: Show,
    /// The author's caption, if any.
    pub caption: Option<String>,
    /// `flip = true`: the first convolution's filters (numbers and labels)
    /// were turned half a turn, so every view draws a true convolution
    /// and says so.
    pub flipped: bool,
}

/// Body lines of the keys the engine's errors are about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelLines {
    /// The last key that decides the first convolution's shapes.
    pub shape: usize,
    /// The `kind` line of every `[[layers]]` table.
    pub layers: Vec<usize>,
    /// `steps`, `learning-rate`, `label` or `target`: where training is
    /// asked for.
    pub learning: usize,
}

/// Named examples: built-ins, then those from `book.toml`. An invalid
/// example is kept with its error, so that under `on-failure = "continue"`
/// only the blocks that use it fail.
///
/// They also know the book's folder (the folder of `book.toml`), which
/// every `image-file` path is relative to: the examples are what every
/// stage that resolves a block already holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Examples {
    named: BTreeMap<String, Result<Fields, ErrorKind>>,
    root: PathBuf,
}

impl Example {
    /// The sentence a figure of a `flip = true` block ends with (see
    /// [`flip::note`]); `None` when nothing was turned, and for the image,
    /// which no filter touches.
    pub fn flip_note(&self, view: View) -> Option<String> {
        if !self.flipped || view == View::Image {
            return None;
        }
        let (filters, channels, ..) = self.layer_labels.filters.dim();
        // Only the block's own convolution turns; a later `conv` layer
        // stays a cross-correlation.
        let later_conv =
            (self.model.network.layers.iter()).any(|layer| matches!(layer, LayerSpec::Conv { .. }));
        Some(flip::note(
            &self.labels.filter,
            filters,
            channels,
            later_conv,
        ))
    }
}

impl Examples {
    /// The built-in `seed` and `seed-padded`, in the current folder (where
    /// `render` without `--book` reads `image-file`s from).
    pub fn built_in() -> Examples {
        let table: toml::Table = BUILT_IN.parse().unwrap_or_default();
        let mut named = BTreeMap::new();
        for (name, value) in table {
            if let toml::Value::Table(t) = value
                && let Ok(fields) = Fields::from_table(&Table::from_toml(&t))
            {
                named.insert(name, Ok(fields));
            }
        }
        Examples {
            named,
            root: PathBuf::from("."),
        }
    }

    /// The same examples in the book whose folder is `root`: `image-file`
    /// paths are read from there. Call it before [`Examples::with_tables`],
    /// which reads the book's examples' files to check them.
    pub fn in_book(mut self, root: impl Into<PathBuf>) -> Self {
        self.root = root.into();
        self
    }

    /// The book's folder, which `image-file` paths are relative to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Adds (or replaces) examples from `[preprocessor.cnn-views.examples]`.
    /// A book's example replaces a built-in of the same name whole. Each is
    /// checked now, so a bad example is reported even if no block uses it.
    pub fn with_tables(mut self, tables: &BTreeMap<String, toml::Table>) -> Self {
        for (name, table) in tables {
            let in_example = |e: BlockError| ErrorKind::InExample {
                name: name.clone(),
                inner: Box::new(e.kind),
            };
            let table = Table::from_toml(table);
            let checked = table
                .reject_unknown(&FIELD_KEYS)
                .and_then(|()| Fields::from_table(&table))
                .and_then(|fields| {
                    resolve_fields(fields.clone(), &None, &self.root).map(|_| fields)
                })
                .map_err(in_example);
            self.named.insert(name.clone(), checked);
        }
        self
    }

    /// The first invalid example's error, if any.
    pub fn check(&self) -> Result<(), ErrorKind> {
        match self.invalid().next() {
            Some(err) => Err(err.clone()),
            None => Ok(()),
        }
    }

    /// Every invalid example's error.
    pub fn invalid(&self) -> impl Iterator<Item = &ErrorKind> {
        self.named.values().filter_map(|r| r.as_ref().err())
    }

    /// The example called `name`: its fields, or why it is invalid.
    pub fn get(&self, name: &str) -> Option<Result<&Fields, &ErrorKind>> {
        self.named.get(name).map(Result::as_ref)
    }

    /// Every example's name, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.named.keys().map(String::as_str)
    }
}

impl Default for Examples {
    fn default() -> Self {
        Examples::built_in()
    }
}

/// Checks a directive against the named examples and fills in defaults.
pub fn resolve(directive: Directive, examples: &Examples) -> Result<Example, BlockError> {
    let fields = match &directive.example {
        Some(At { value: name, line }) => {
            let base = examples
                .get(name)
                .ok_or_else(|| ErrorKind::UnknownExample {
                    suggestion: closest(name, examples.names()),
                    name: name.clone(),
                    valid: examples.names().map(str::to_string).collect(),
                })
                .and_then(|base| base.map_err(Clone::clone))
                .map_err(|kind| BlockError { line: *line, kind })?;
            directive.fields.or(base.clone())
        }
        None => directive.fields,
    };
    let resolved = resolve_fields(fields, &directive.example, &examples.root)?;
    Ok(Example {
        spec: resolved.spec,
        labels: resolved.labels,
        layer_labels: resolved.layer_labels,
        model: resolved.model,
        lines: resolved.lines,
        views: directive.views.map(|v| v.value).unwrap_or_default(),
        show: directive.show.map(|s| s.value).unwrap_or_default(),
        caption: directive.caption.map(|c| c.value),
        flipped: resolved.flipped,
    })
}

/// What the numbers and labels of a block resolve to.
struct Resolved {
    spec: Spec,
    labels: Labels,
    layer_labels: LayerLabels,
    model: ModelSpec,
    lines: ModelLines,
    flipped: bool,
}

/// Numbers and labels → a checked model and a full set of labels;
/// `image-file` is read from the book's folder `root`.
fn resolve_fields(
    fields: Fields,
    example: &Option<At<String>>,
    root: &Path,
) -> Result<Resolved, BlockError> {
    let hint_line = example.as_ref().map_or(0, |e| e.line);
    let image = match (&fields.image, &fields.image_file) {
        (Some(image), _) => image.clone(),
        (None, Some(At { value: path, line })) => At {
            value: image_file::read(path, root).map_err(|kind| BlockError { line: *line, kind })?,
            line: *line,
        },
        (None, None) => {
            return Err(BlockError {
                line: hint_line,
                kind: ErrorKind::Missing {
                    key: "image",
                    hint: "add `image = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]`, `image-file = \"images/picture.png\"` or `example = \"seed\"`",
                },
            });
        }
    };
    let mut filters = fields.filters.clone().ok_or(BlockError {
        line: hint_line,
        kind: ErrorKind::Missing {
            key: "filter",
            hint: "add `filter = [[1, 0], [0, 1]]` or `example = \"seed\"`",
        },
    })?;
    let flipped = fields.flip.as_ref().is_some_and(|f| f.value);
    if flipped {
        filters.value = flip::half_turn(&filters.value);
    }
    let (channels, rows, cols) = image.value.dim();
    if rows.max(cols) > MAX_IMAGE_SIDE {
        return Err(BlockError {
            line: image.line,
            kind: ErrorKind::TooLarge {
                what: "the image",
                size: format!("{rows}x{cols}"),
                limit: format!("{MAX_IMAGE_SIDE}x{MAX_IMAGE_SIDE}"),
            },
        });
    }
    let (k, filter_channels, k_rows, k_cols) = filters.value.dim();
    // A shape mismatch is reported at the last of the keys that decide the
    // shapes (the one most likely just edited), or at `example`.
    let shape_line = [
        image.line,
        filters.line,
        fields.padding.as_ref().map_or(0, |f| f.line),
        fields.stride.as_ref().map_or(0, |f| f.line),
        fields.dilation.as_ref().map_or(0, |f| f.line),
        hint_line,
    ]
    .into_iter()
    .max()
    .unwrap_or(0);
    let at_shape = |kind: ErrorKind| BlockError {
        line: shape_line,
        kind,
    };
    // A single 2-D filter over a many-channel image is one filter per
    // channel only if the author says so; tell them how.
    if filter_channels != channels {
        return Err(at_shape(
            ShapeError::Channels {
                image: channels,
                filter: filter_channels,
            }
            .into(),
        ));
    }
    let biases = match &fields.biases {
        Some(b) if b.value.len() != k => {
            return Err(BlockError {
                line: b.line,
                kind: ShapeError::Biases {
                    filters: k,
                    biases: b.value.len(),
                }
                .into(),
            });
        }
        Some(b) => Array1::from(b.value.clone()),
        None => Array1::zeros(k),
    };
    let first = ConvSpec {
        image: image.value,
        filters: filters.value,
        biases,
        padding: value_or(&fields.padding, [0, 0]),
        stride: value_or(&fields.stride, [1, 1]),
        dilation: value_or(&fields.dilation, [1, 1]),
    };
    let spec = first.plane(0, 0, first.biases[0]);
    let out = spec.output_shape().map_err(|e| at_shape(e.into()))?;
    let terms = out[0] * out[1] * k_rows * k_cols;
    if terms > MAX_TERMS {
        return Err(at_shape(ErrorKind::TooLarge {
            what: "the number of filter-times-pixel terms",
            size: terms.to_string(),
            limit: MAX_TERMS.to_string(),
        }));
    }
    first.geometry().map_err(|e| at_shape(e.into()))?;
    let mut layer_labels = layer_labels(&fields, &first, out)?;
    if flipped {
        // The labels were checked against the filter as written; they turn
        // with their weights.
        layer_labels.filters = flip::half_turn(&layer_labels.filters);
    }
    let labels = Labels {
        image: layer_labels.image.index_axis(Axis(0), 0).to_owned(),
        filter: layer_labels
            .filters
            .index_axis(Axis(0), 0)
            .index_axis(Axis(0), 0)
            .to_owned(),
        output: layer_labels.outputs.index_axis(Axis(0), 0).to_owned(),
        bias: layer_labels.biases[0].clone(),
    };
    let layers = fields.layers.clone().map(|l| l.value).unwrap_or_default();
    let lines = ModelLines {
        shape: shape_line,
        layers: layers.iter().map(|l| l.line).collect(),
        learning: [
            fields.steps.as_ref().map(|f| f.line),
            fields.learning_rate.as_ref().map(|f| f.line),
            fields.label.as_ref().map(|f| f.line),
            fields.target.as_ref().map(|f| f.line),
        ]
        .into_iter()
        .flatten()
        .next()
        .unwrap_or(hint_line),
    };
    let network = NetworkSpec {
        first,
        layers: layers.into_iter().map(|l| l.value).collect(),
    };
    let shapes = network.shapes().map_err(|e| locate_network(e, &lines))?;
    let learning = learning::resolve(
        &fields.target,
        &fields.label,
        &fields.loss,
        &fields.learning_rate,
        &fields.steps,
        &network,
        &shapes,
    )?;
    Ok(Resolved {
        spec,
        labels,
        layer_labels,
        model: ModelSpec { network, learning },
        lines,
        flipped,
    })
}

/// A network error at the line of what it is about: the layer's `kind`, or
/// the keys of the first convolution.
pub fn locate_network(error: NetworkError, lines: &ModelLines) -> BlockError {
    match error {
        NetworkError::Layer { index, error } => BlockError {
            line: lines.layers.get(index).copied().unwrap_or(lines.shape),
            kind: ErrorKind::Layer {
                index: index + 1,
                error,
            },
        },
        NetworkError::First(e) => BlockError {
            line: lines.shape,
            kind: e.into(),
        },
    }
}

/// The author's labels of the first convolution, checked against its
/// shapes, or the defaults (the article's letters, with channel and filter
/// marks where there are several).
fn layer_labels(fields: &Fields, first: &ConvSpec, out: Pair) -> Result<LayerLabels, BlockError> {
    let (c, h, w) = first.image.dim();
    let (k, _, kh, kw) = first.filters.dim();
    let defaults = labels::layer([c, h, w], [kh, kw], k, out);
    let biases = match &fields.bias_label {
        Some(label) if k == 1 => vec![Label::custom(&label.value)],
        Some(label) => {
            return Err(BlockError {
                line: label.line,
                kind: ErrorKind::LabelShape {
                    key: "bias-label".into(),
                    what: "bias",
                    expected: format!("{k} biases"),
                    found: "one label".into(),
                },
            });
        }
        None => defaults.biases,
    };
    Ok(LayerLabels {
        image: label_grid(&fields.image_labels, (c, h, w), "image", defaults.image)?,
        filters: label_grid(
            &fields.filter_labels,
            (k, c, kh, kw),
            "filter",
            defaults.filters,
        )?,
        outputs: label_grid(
            &fields.output_labels,
            (k, out[0], out[1]),
            "output",
            defaults.outputs,
        )?,
        biases,
    })
}

fn value_or(field: &Option<At<Pair>>, default: Pair) -> Pair {
    field.as_ref().map_or(default, |f| f.value)
}

/// The author's labels, checked against the shape, or the defaults (each
/// label's text was checked where it was parsed). Shapes are written as the
/// author wrote them: without the leading 1s of one channel or one filter.
fn label_grid<D: ndarray::Dimension>(
    given: &Option<At<ndarray::Array<String, D>>>,
    shape: D::Pattern,
    what: &'static str,
    default: ndarray::Array<Label, D>,
) -> Result<ndarray::Array<Label, D>, BlockError>
where
    D::Pattern: PartialEq,
{
    let Some(At { value, line }) = given else {
        return Ok(default);
    };
    if value.dim() != shape {
        return Err(BlockError {
            line: *line,
            kind: ErrorKind::LabelShape {
                expected: written_shape(default.shape()),
                found: written_shape(value.shape()),
                key: format!("{what}-labels"),
                what,
            },
        });
    }
    Ok(value.map(|s| Label::custom(s)))
}

/// `[1, 1, 3, 3]` → `3x3`: a shape as the author writes it.
fn written_shape(shape: &[usize]) -> String {
    let skip = shape.len().saturating_sub(2);
    let lead: Vec<usize> = shape[..skip]
        .iter()
        .copied()
        .skip_while(|&n| n == 1)
        .collect();
    lead.iter()
        .chain(&shape[skip..])
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join("x")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses and resolves, so a check may live in either stage.
    fn example(body: &str) -> Result<Example, BlockError> {
        resolve(Directive::parse(body)?, &Examples::built_in())
    }

    #[test]
    fn seed_is_built_in() {
        let ex = example("example = \"seed\"\nview = \"image\"").unwrap();
        assert_eq!(ex.spec.image.dim(), (3, 3));
        assert_eq!(ex.spec.filter.dim(), (2, 2));
        assert_eq!(ex.labels.output.len(), 4);
        let padded = example("example = \"seed-padded\"\nview = \"image\"").unwrap();
        assert_eq!(padded.spec.padding, [1, 1]);
        assert_eq!(padded.labels.output.len(), 9);
    }

    #[test]
    fn inline_keys_override_the_example() {
        let ex =
            example("example = \"seed\"\nview = \"output\"\nfilter = [[1]]\nbias = 2.5").unwrap();
        assert_eq!(ex.spec.filter.dim(), (1, 1));
        assert_eq!(ex.spec.bias, 2.5);
        assert_eq!(ex.labels.output.dim(), (3, 3));
    }

    #[test]
    fn book_examples_replace_built_ins() {
        let tables: BTreeMap<String, toml::Table> =
            toml::from_str("[seed]\nimage = [[1, 2], [3, 4]]\nfilter = [[1]]").unwrap();
        let examples = Examples::built_in().with_tables(&tables);
        examples.check().unwrap();
        let ex = resolve(
            Directive::parse("example = \"seed\"\nview = \"image\"").unwrap(),
            &examples,
        )
        .unwrap();
        assert_eq!(ex.spec.image.dim(), (2, 2));
        assert_eq!(ex.spec.bias, 0.0);
    }

    #[test]
    fn invalid_book_example_names_itself() {
        let tables: BTreeMap<String, toml::Table> =
            toml::from_str("[edge]\nimage = [[1, 2], [3, 4]]\nfilter = [[1, 1, 1]]").unwrap();
        let examples = Examples::built_in().with_tables(&tables);
        let err = examples.check().unwrap_err();
        let used = resolve(
            Directive::parse("view = \"image\"\nexample = \"edge\"").unwrap(),
            &examples,
        )
        .unwrap_err();
        assert_eq!(used.line, 2);
        assert_eq!(used.kind, err);
        assert_eq!(
            err.to_string(),
            "example `edge` in book.toml ([preprocessor.cnn-views.examples.edge]) is invalid: the filter reaches 1x3 pixels but the padded image is only 2x2: use a smaller filter, less dilation, or more padding"
        );
    }

    #[test]
    fn reports_missing_and_mismatched_pieces() {
        let err = example("view = \"image\"\nimage = [[1]]").unwrap_err();
        assert_eq!(
            err.kind.to_string(),
            "no `filter` given: add `filter = [[1, 0], [0, 1]]` or `example = \"seed\"`"
        );
        let err = example("example = \"sed\"\nview = \"image\"").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(
            err.kind
                .to_string()
                .starts_with("unknown example `sed` (did you mean `seed`?)")
        );
        let err = example("example = \"seed\"\nview = \"image\"\n\nfilter-labels = [[\"a\", \"a\"], [\"b\", \"c\"]]").unwrap_err();
        assert_eq!(err.line, 4);
        assert_eq!(
            err.kind.to_string(),
            "`filter-labels` uses the label `a` twice: labels must tell entries apart"
        );
        let err =
            example("example = \"seed\"\nview = \"image\"\noutput-labels = [[\"a\"]]").unwrap_err();
        assert_eq!(
            err.kind.to_string(),
            "`output-labels` is 1x1 but the output is 2x2: give one label per entry"
        );
    }
}
