//! Directive + named examples → a checked [`Example`]: numbers complete,
//! shapes compatible, labels filled in. Everything a view may rely on is
//! checked here, once.

use std::collections::BTreeMap;

use ndarray::Array2;

use crate::directive::{At, Directive, FIELD_KEYS, Fields, Table};
use crate::engine::{Pair, Spec};
use crate::error::{BlockError, ErrorKind, closest};
use crate::labels::{self, Label};
use crate::view::{Show, View};

/// Largest image side accepted.
pub const MAX_IMAGE_SIDE: usize = 256;
/// Most filter-times-pixel terms an example may have (memory bound).
pub const MAX_TERMS: usize = 2_000_000;

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
    /// The numbers, ready for the engine.
    pub spec: Spec,
    /// Every symbol.
    pub labels: Labels,
    /// Views to draw, in order (empty when the block names none).
    pub views: Vec<View>,
    /// Symbols, values or both.
    pub show: Show,
    /// The author's caption, if any.
    pub caption: Option<String>,
}

/// Named examples: built-ins, then those from `book.toml`. An invalid
/// example is kept with its error, so that under `on-failure = "continue"`
/// only the blocks that use it fail.
#[derive(Debug, Clone, PartialEq)]
pub struct Examples {
    named: BTreeMap<String, Result<Fields, ErrorKind>>,
}

impl Examples {
    /// The built-in `seed` and `seed-padded`.
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
        Examples { named }
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
                .and_then(|fields| resolve_fields(fields.clone(), &None).map(|_| fields))
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
    let (spec, labels) = resolve_fields(fields, &directive.example)?;
    Ok(Example {
        spec,
        labels,
        views: directive.views.map(|v| v.value).unwrap_or_default(),
        show: directive.show.map(|s| s.value).unwrap_or_default(),
        caption: directive.caption.map(|c| c.value),
    })
}

/// Numbers and labels → a checked spec and a full set of labels.
fn resolve_fields(
    fields: Fields,
    example: &Option<At<String>>,
) -> Result<(Spec, Labels), BlockError> {
    let hint_line = example.as_ref().map_or(0, |e| e.line);
    let image = fields.image.ok_or(BlockError {
        line: hint_line,
        kind: ErrorKind::Missing {
            key: "image",
            hint: "add `image = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]` or `example = \"seed\"`",
        },
    })?;
    let filter = fields.filter.ok_or(BlockError {
        line: hint_line,
        kind: ErrorKind::Missing {
            key: "filter",
            hint: "add `filter = [[1, 0], [0, 1]]` or `example = \"seed\"`",
        },
    })?;
    let (rows, cols) = image.value.dim();
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
    let spec = Spec {
        image: image.value,
        filter: filter.value,
        bias: fields.bias.map_or(0.0, |b| b.value),
        padding: value_or(&fields.padding, [0, 0]),
        stride: value_or(&fields.stride, [1, 1]),
        dilation: value_or(&fields.dilation, [1, 1]),
    };
    // A shape mismatch is reported at the last of the keys that decide the
    // shapes (the one most likely just edited), or at `example`.
    let shape_line = [
        image.line,
        filter.line,
        fields.padding.as_ref().map_or(0, |f| f.line),
        fields.stride.as_ref().map_or(0, |f| f.line),
        fields.dilation.as_ref().map_or(0, |f| f.line),
        hint_line,
    ]
    .into_iter()
    .max()
    .unwrap_or(0);
    let out = spec.output_shape().map_err(|e| BlockError {
        line: shape_line,
        kind: e.into(),
    })?;
    let terms = out[0] * out[1] * spec.filter.len();
    if terms > MAX_TERMS {
        return Err(BlockError {
            line: shape_line,
            kind: ErrorKind::TooLarge {
                what: "the number of filter-times-pixel terms",
                size: terms.to_string(),
                limit: MAX_TERMS.to_string(),
            },
        });
    }
    let labels = Labels {
        image: label_grid(fields.image_labels, spec.image.dim(), "image", || {
            labels::pixels(spec.image.dim())
        })?,
        filter: label_grid(fields.filter_labels, spec.filter.dim(), "filter", || {
            labels::weights(spec.filter.dim())
        })?,
        output: label_grid(fields.output_labels, (out[0], out[1]), "output", || {
            labels::outputs((out[0], out[1]), spec.image.len())
        })?,
        bias: fields
            .bias_label
            .map_or_else(labels::bias, |label| Label::custom(&label.value)),
    };
    Ok((spec, labels))
}

fn value_or(field: &Option<At<Pair>>, default: Pair) -> Pair {
    field.as_ref().map_or(default, |f| f.value)
}

/// The author's labels, checked against the shape, or the defaults (each
/// label's text was checked where it was parsed).
fn label_grid(
    given: Option<At<Array2<String>>>,
    shape: (usize, usize),
    what: &'static str,
    default: impl FnOnce() -> Array2<Label>,
) -> Result<Array2<Label>, BlockError> {
    let Some(At { value, line }) = given else {
        return Ok(default());
    };
    if value.dim() != shape {
        return Err(BlockError {
            line,
            kind: ErrorKind::LabelShape {
                expected: format!("{}x{}", shape.0, shape.1),
                found: format!("{}x{}", value.nrows(), value.ncols()),
                key: format!("{what}-labels"),
                what,
            },
        });
    }
    Ok(value.map(|s| Label::custom(s)))
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
