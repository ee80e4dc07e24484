//! A block's TOML body → a raw [`Directive`]: every key type-checked and
//! remembered with its line, nothing merged or computed yet.
//!
//! Named examples in `book.toml` use the same [`Fields`] (numbers and
//! labels), so a block and an example are checked by one piece of code.

use ndarray::Array2;

use crate::engine::Pair;
use crate::error::{BlockError, ErrorKind, closest};
use crate::view::{Show, View};

/// A value with the body line it was written on (0 = unknown/fence).
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    /// The checked value.
    pub value: T,
    /// Line relative to the opening fence.
    pub line: usize,
}

/// The numbers and labels that a block and a named example share.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    /// `image`: the input pixels.
    pub image: Option<At<Array2<f64>>>,
    /// `filter`: the weights.
    pub filter: Option<At<Array2<f64>>>,
    /// `bias`.
    pub bias: Option<At<f64>>,
    /// `padding`, per axis.
    pub padding: Option<At<Pair>>,
    /// `stride`, per axis.
    pub stride: Option<At<Pair>>,
    /// `dilation`, per axis.
    pub dilation: Option<At<Pair>>,
    /// `image-labels`.
    pub image_labels: Option<At<Array2<String>>>,
    /// `filter-labels`.
    pub filter_labels: Option<At<Array2<String>>>,
    /// `output-labels`.
    pub output_labels: Option<At<Array2<String>>>,
    /// `bias-label`.
    pub bias_label: Option<At<String>>,
}

/// One ```` ```cnn ```` block, parsed and type-checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Directive {
    /// `example`: a named example to start from.
    pub example: Option<At<String>>,
    /// Inline numbers and labels; they override the example's.
    pub fields: Fields,
    /// `view` or `views`, with `"all"` expanded.
    pub views: Option<At<Vec<View>>>,
    /// `show`.
    pub show: Option<At<Show>>,
    /// `caption`.
    pub caption: Option<At<String>>,
}

/// Keys that hold numbers or labels: allowed in blocks and named examples.
pub const FIELD_KEYS: [&str; 10] = [
    "image",
    "filter",
    "bias",
    "padding",
    "stride",
    "dilation",
    "image-labels",
    "filter-labels",
    "output-labels",
    "bias-label",
];

/// Keys only a block has.
pub const BLOCK_KEYS: [&str; 5] = ["example", "view", "views", "show", "caption"];

/// The largest padding, stride or dilation accepted.
pub const MAX_STEP: usize = 64;

impl Directive {
    /// Parses a block body. Errors carry the line of the offending key.
    pub fn parse(body: &str) -> Result<Directive, BlockError> {
        let table = parse_table(body)?;
        let lines = key_lines(body);
        let line = |key: &str| lines.iter().find(|(k, _)| k == key).map_or(0, |(_, l)| *l);
        let valid: Vec<&str> = BLOCK_KEYS
            .iter()
            .chain(FIELD_KEYS.iter())
            .copied()
            .collect();
        reject_unknown(&table, &valid, line)?;
        let fields = Fields::from_table(&table, line)?;
        let at = |key: &'static str| {
            move |kind: ErrorKind| BlockError {
                line: line(key),
                kind,
            }
        };

        let example = table
            .get("example")
            .map(|v| expect_str("example", v).map_err(at("example")))
            .transpose()?
            .map(|value| At {
                value,
                line: line("example"),
            });
        let views = match (table.get("view"), table.get("views")) {
            (Some(_), Some(_)) => {
                return Err(BlockError {
                    line: line("views"),
                    kind: ErrorKind::Views(
                        "give either `view = \"NAME\"` or `views = [\"NAME\", ...]`, not both",
                    ),
                });
            }
            (Some(v), None) => Some(At {
                value: parse_views(std::slice::from_ref(v), "view").map_err(at("view"))?,
                line: line("view"),
            }),
            (None, Some(toml::Value::Array(items))) => Some(At {
                value: parse_views(items, "views").map_err(at("views"))?,
                line: line("views"),
            }),
            (None, Some(other)) => {
                return Err(at("views")(wrong_type(
                    "views",
                    "a list of view names",
                    other,
                )));
            }
            (None, None) => None,
        };
        let show = table
            .get("show")
            .map(|v| {
                let name = expect_str("show", v)?;
                Show::from_name(&name).ok_or_else(|| ErrorKind::UnknownChoice {
                    key: "show",
                    suggestion: closest(&name, Show::NAMES),
                    value: name.clone(),
                    valid: Show::NAMES.iter().map(|s| s.to_string()).collect(),
                })
            })
            .transpose()
            .map_err(at("show"))?
            .map(|value| At {
                value,
                line: line("show"),
            });
        let caption = table
            .get("caption")
            .map(|v| expect_str("caption", v).map_err(at("caption")))
            .transpose()?
            .map(|value| At {
                value,
                line: line("caption"),
            });
        Ok(Directive {
            example,
            fields,
            views,
            show,
            caption,
        })
    }
}

impl Fields {
    /// Reads the number and label keys of `table`; `line` tells where a key
    /// was written (0 where unknown). Other keys are left to the caller.
    pub fn from_table(
        table: &toml::Table,
        line: impl Fn(&str) -> usize,
    ) -> Result<Fields, BlockError> {
        Ok(Fields {
            image: field(table, &line, "image", number_matrix)?,
            filter: field(table, &line, "filter", number_matrix)?,
            bias: field(table, &line, "bias", number)?,
            padding: field(table, &line, "padding", |k, v| pair(k, v, 0))?,
            stride: field(table, &line, "stride", |k, v| pair(k, v, 1))?,
            dilation: field(table, &line, "dilation", |k, v| pair(k, v, 1))?,
            image_labels: field(table, &line, "image-labels", string_matrix)?,
            filter_labels: field(table, &line, "filter-labels", string_matrix)?,
            output_labels: field(table, &line, "output-labels", string_matrix)?,
            bias_label: field(table, &line, "bias-label", expect_str)?,
        })
    }

    /// Fills every unset field of `self` from `base` (inline keys win).
    pub fn or(self, base: Fields) -> Fields {
        Fields {
            image: self.image.or(base.image),
            filter: self.filter.or(base.filter),
            bias: self.bias.or(base.bias),
            padding: self.padding.or(base.padding),
            stride: self.stride.or(base.stride),
            dilation: self.dilation.or(base.dilation),
            image_labels: self.image_labels.or(base.image_labels),
            filter_labels: self.filter_labels.or(base.filter_labels),
            output_labels: self.output_labels.or(base.output_labels),
            bias_label: self.bias_label.or(base.bias_label),
        }
    }
}

/// Reads one optional key with `parse`, remembering its line.
fn field<T>(
    table: &toml::Table,
    line: &impl Fn(&str) -> usize,
    key: &str,
    parse: impl Fn(&str, &toml::Value) -> Result<T, ErrorKind>,
) -> Result<Option<At<T>>, BlockError> {
    let Some(value) = table.get(key) else {
        return Ok(None);
    };
    let line = line(key);
    match parse(key, value) {
        Ok(value) => Ok(Some(At { value, line })),
        Err(kind) => Err(BlockError { line, kind }),
    }
}

/// Parses TOML, turning a syntax error into a located [`BlockError`].
fn parse_table(body: &str) -> Result<toml::Table, BlockError> {
    body.parse::<toml::Table>().map_err(|err| {
        let line = err.span().map_or(1, |span| line_of(body, span.start));
        BlockError {
            line,
            kind: ErrorKind::Toml(err.message().trim().to_string()),
        }
    })
}

/// Rejects keys outside `valid`, suggesting the closest one.
pub fn reject_unknown(
    table: &toml::Table,
    valid: &[&str],
    line: impl Fn(&str) -> usize,
) -> Result<(), BlockError> {
    match table.keys().find(|k| !valid.contains(&k.as_str())) {
        Some(key) => Err(BlockError {
            line: line(key),
            kind: ErrorKind::UnknownKey {
                suggestion: closest(key, valid.iter().copied()),
                key: key.clone(),
                valid: valid.iter().map(|s| s.to_string()).collect(),
            },
        }),
        None => Ok(()),
    }
}

/// The 1-based line of every top-level key in a body that already parsed.
fn key_lines(body: &str) -> Vec<(String, usize)> {
    match toml::de::DeTable::parse(body) {
        Ok(table) => table
            .get_ref()
            .iter()
            .map(|(key, _)| (key.get_ref().to_string(), line_of(body, key.span().start)))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn type_name(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "a boolean",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}

fn wrong_type(key: &str, expected: &'static str, found: &toml::Value) -> ErrorKind {
    ErrorKind::WrongType {
        key: key.to_string(),
        expected,
        found: type_name(found),
    }
}

fn expect_str(key: &str, value: &toml::Value) -> Result<String, ErrorKind> {
    match value {
        toml::Value::String(s) => Ok(s.clone()),
        other => Err(wrong_type(key, "a string", other)),
    }
}

fn number(key: &str, value: &toml::Value) -> Result<f64, ErrorKind> {
    let x = match value {
        toml::Value::Integer(i) => *i as f64,
        toml::Value::Float(f) => *f,
        other => return Err(wrong_type(key, "a number", other)),
    };
    if x.is_finite() {
        Ok(x)
    } else {
        Err(ErrorKind::NotFinite {
            key: key.to_string(),
            value: if x.is_nan() {
                "nan"
            } else if x > 0.0 {
                "inf"
            } else {
                "-inf"
            },
        })
    }
}

/// A 2-D array of anything: rows of equal, non-zero length.
fn matrix<T>(
    key: &str,
    value: &toml::Value,
    expected: &'static str,
    entry: impl Fn(&str, &toml::Value) -> Result<T, ErrorKind>,
) -> Result<Array2<T>, ErrorKind> {
    let rows = match value {
        toml::Value::Array(rows) => rows,
        other => return Err(wrong_type(key, expected, other)),
    };
    let mut cols = None;
    let mut entries = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let row = match row {
            toml::Value::Array(row) => row,
            other => {
                return Err(wrong_type(
                    &format!("{key}[{r}]"),
                    "a list (one row)",
                    other,
                ));
            }
        };
        match cols {
            None => cols = Some(row.len()),
            Some(n) if n != row.len() => {
                return Err(ErrorKind::Ragged {
                    key: key.to_string(),
                    row: r + 1,
                    expected: n,
                    found: row.len(),
                });
            }
            Some(_) => {}
        }
        for (c, x) in row.iter().enumerate() {
            entries.push(entry(&format!("{key}[{r}][{c}]"), x)?);
        }
    }
    let cols = cols.unwrap_or(0);
    if cols == 0 {
        return Err(ErrorKind::Empty {
            key: key.to_string(),
        });
    }
    Array2::from_shape_vec((rows.len(), cols), entries).map_err(|_| ErrorKind::Empty {
        key: key.to_string(),
    })
}

fn number_matrix(key: &str, value: &toml::Value) -> Result<Array2<f64>, ErrorKind> {
    matrix(key, value, "a list of rows of numbers", number)
}

fn string_matrix(key: &str, value: &toml::Value) -> Result<Array2<String>, ErrorKind> {
    matrix(key, value, "a list of rows of strings", expect_str)
}

/// An integer or `[rows, cols]`, each in `min..=MAX_STEP`.
fn pair(key: &str, value: &toml::Value, min: usize) -> Result<Pair, ErrorKind> {
    let one = |key: &str, v: &toml::Value| -> Result<usize, ErrorKind> {
        match v {
            toml::Value::Integer(i) if (min as i64..=MAX_STEP as i64).contains(i) => {
                Ok(*i as usize)
            }
            toml::Value::Integer(i) => Err(ErrorKind::OutOfRange {
                key: key.to_string(),
                value: i.to_string(),
                range: format!("a whole number from {min} to {MAX_STEP}"),
            }),
            other => Err(wrong_type(key, "a whole number or [rows, cols]", other)),
        }
    };
    match value {
        toml::Value::Array(items) if items.len() == 2 => Ok([
            one(&format!("{key}[0]"), &items[0])?,
            one(&format!("{key}[1]"), &items[1])?,
        ]),
        toml::Value::Array(items) => Err(ErrorKind::OutOfRange {
            key: key.to_string(),
            value: format!("a list of {}", items.len()),
            range: "one whole number or a pair [rows, cols]".to_string(),
        }),
        other => one(key, other).map(|n| [n, n]),
    }
}

fn parse_views(items: &[toml::Value], key: &str) -> Result<Vec<View>, ErrorKind> {
    if items.is_empty() {
        return Err(ErrorKind::Views(
            "`views` is empty: name at least one view, or \"all\"",
        ));
    }
    let mut views = Vec::new();
    for item in items {
        let name = expect_str(key, item)?;
        if name == "all" {
            views.extend(View::ALL);
            continue;
        }
        let view = View::from_name(&name).ok_or_else(|| ErrorKind::UnknownView {
            suggestion: closest(&name, View::ALL.iter().map(|v| v.name()).chain(["all"])),
            name: name.clone(),
            valid: View::ALL
                .iter()
                .map(|v| v.name().to_string())
                .chain(["all".to_string()])
                .collect(),
        })?;
        views.push(view);
    }
    Ok(views)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(body: &str) -> (usize, String) {
        let e = Directive::parse(body).unwrap_err();
        (e.line, e.kind.to_string())
    }

    #[test]
    fn reads_every_key() {
        let d = Directive::parse(
            "example = \"seed\"\nview = \"image\"\nimage = [[1, 2.5], [3, -4]]\npadding = [1, 2]\nstride = 2\nshow = \"values\"\ncaption = \"Hi\"\nbias-label = \"c\"\n",
        )
        .unwrap();
        assert_eq!(d.example.unwrap().value, "seed");
        assert_eq!(d.views.unwrap().value, vec![View::Image]);
        let image = d.fields.image.unwrap();
        assert_eq!(image.line, 3);
        assert_eq!(image.value[[1, 1]], -4.0);
        assert_eq!(d.fields.padding.unwrap().value, [1, 2]);
        assert_eq!(d.fields.stride.unwrap().value, [2, 2]);
        assert_eq!(d.show.unwrap().value, Show::Values);
        assert_eq!(d.caption.unwrap().value, "Hi");
    }

    #[test]
    fn all_expands_in_order() {
        let d = Directive::parse("views = [\"all\"]").unwrap();
        assert_eq!(d.views.unwrap().value, View::ALL.to_vec());
    }

    #[test]
    fn errors_point_at_the_key() {
        assert_eq!(
            err("example = \"seed\"\nviw = \"image\""),
            (
                2,
                "unknown key `viw` (did you mean `view`?); valid keys are `example`, `view`, `views`, `show`, `caption`, `image`, `filter`, `bias`, `padding`, `stride`, `dilation`, `image-labels`, `filter-labels`, `output-labels`, `bias-label`".into()
            )
        );
        assert_eq!(
            err("\nfilter = [[1, 2], [3]]"),
            (
                2,
                "`filter` has rows of different lengths: row 1 has 2 entries but row 2 has 1; every row needs the same number".into()
            )
        );
        assert_eq!(
            err("stride = 0").1,
            "`stride` is 0 but must be a whole number from 1 to 64"
        );
        assert_eq!(
            err("bias = nan").1,
            "`bias` is nan: only finite numbers can be drawn"
        );
        assert_eq!(
            err("image = [[1, true]]").1,
            "`image[0][1]` must be a number, not a boolean"
        );
        assert_eq!(
            err("view = \"matrx\"").1,
            "unknown view `matrx` (did you mean `matrix`?); views are `image`, `filter`, `output`, `sections`, `equations`, `compact`, `network`, `matrix`, `dense`, `familiar`, `padding`, `im2col`, `all`"
        );
        assert_eq!(
            err("image = [[]]").1,
            "`image` is empty: give at least one row with one number, e.g. `image = [[1]]`"
        );
    }

    #[test]
    fn toml_syntax_errors_keep_their_line() {
        let (line, message) = err("view = \"image\"\nimage = [[1, 2]\n");
        assert_eq!(line, 2);
        assert!(
            message.starts_with("the block is not valid TOML"),
            "{message}"
        );
    }
}
