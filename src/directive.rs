//! A block's TOML body → a raw [`Directive`]: the body is parsed once, and
//! every key and every element of an array is type-checked and remembered
//! with its own line, so a mistake in `image[7][2]` points at the line of
//! that number. Nothing is merged or computed yet.
//!
//! Named examples in `book.toml` use the same [`Fields`] (numbers and
//! labels), so a block and an example are checked by one piece of code.

use std::collections::BTreeSet;

use ndarray::Array2;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

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

/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 24;

/// A TOML table whose values know their lines: parsed from a block body
/// (lines relative to the fence) or taken from `book.toml` (line 0, as
/// mdBook hands the book's configuration over without positions).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Table {
    /// Keys in the order they were written, each value at its key's line.
    entries: Vec<(String, Node)>,
}

/// One value and the line it is on; arrays hold nodes, so every element
/// keeps its own line.
#[derive(Debug, Clone, PartialEq)]
struct Node {
    line: usize,
    value: Value,
}

#[derive(Debug, Clone, PartialEq)]
enum Value {
    String(String),
    Integer(i64),
    Float(f64),
    Boolean,
    Datetime,
    Array(Vec<Node>),
    Table,
}

impl Table {
    /// Parses a block body once, keeping every value's line. A syntax error
    /// is located at the line TOML reports.
    pub(crate) fn parse(body: &str) -> Result<Table, BlockError> {
        let lines = Lines::new(body);
        let root = DeTable::parse(body).map_err(|err| BlockError {
            line: err.span().map_or(1, |span| lines.of(span.start)),
            kind: ErrorKind::Toml(err.message().trim().to_string()),
        })?;
        let mut entries = root
            .get_ref()
            .iter()
            .map(|(key, value)| {
                let line = lines.of(key.span().start);
                Ok((
                    key.span().start,
                    key.get_ref().to_string(),
                    node(value, line, &lines)?,
                ))
            })
            .collect::<Result<Vec<_>, BlockError>>()?;
        entries.sort_by_key(|(start, _, _)| *start);
        Ok(Table {
            entries: entries.into_iter().map(|(_, k, n)| (k, n)).collect(),
        })
    }

    /// A table from `book.toml`, where lines are unknown (0).
    pub(crate) fn from_toml(table: &toml::Table) -> Table {
        Table {
            entries: table
                .iter()
                .map(|(key, value)| (key.clone(), toml_node(value)))
                .collect(),
        }
    }

    fn get(&self, key: &str) -> Option<&Node> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, n)| n)
    }

    /// Rejects keys outside `valid` (the first one written), suggesting the
    /// closest valid key.
    pub(crate) fn reject_unknown(&self, valid: &[&str]) -> Result<(), BlockError> {
        match self
            .entries
            .iter()
            .find(|(k, _)| !valid.contains(&k.as_str()))
        {
            Some((key, node)) => Err(BlockError {
                line: node.line,
                kind: ErrorKind::UnknownKey {
                    suggestion: closest(key, valid.iter().copied()),
                    key: key.clone(),
                    valid: valid.iter().map(|s| s.to_string()).collect(),
                },
            }),
            None => Ok(()),
        }
    }
}

/// A parsed value → a [`Node`]; `line` is where errors about the value as
/// a whole go (its key's line for top-level values).
fn node(value: &Spanned<DeValue<'_>>, line: usize, lines: &Lines) -> Result<Node, BlockError> {
    let err = |message: String| BlockError {
        line,
        kind: ErrorKind::Toml(message),
    };
    let value = match value.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => Value::Integer(
            i64::from_str_radix(i.as_str(), i.radix())
                .map_err(|_| err(format!("the integer {i} does not fit in 64 bits")))?,
        ),
        DeValue::Float(f) => {
            let x: f64 = f
                .as_str()
                .parse()
                .map_err(|_| err(format!("`{f}` is not a number")))?;
            if x.is_infinite() && !f.as_str().contains("inf") {
                return Err(err(format!("the number {f} is too large for 64 bits")));
            }
            Value::Float(x)
        }
        DeValue::Boolean(_) => Value::Boolean,
        DeValue::Datetime(_) => Value::Datetime,
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| node(item, lines.of(item.span().start), lines))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(_) => Value::Table,
    };
    Ok(Node { line, value })
}

/// A `book.toml` value → a [`Node`] at line 0.
fn toml_node(value: &toml::Value) -> Node {
    let value = match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::Integer(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(_) => Value::Boolean,
        toml::Value::Datetime(_) => Value::Datetime,
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_node).collect()),
        toml::Value::Table(_) => Value::Table,
    };
    Node { line: 0, value }
}

/// Byte offset → 1-based line, by binary search over line starts (an
/// image of 65 536 numbers must not rescan the body per number).
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    fn of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

impl Directive {
    /// Parses a block body. Errors carry the line of the offending key, or
    /// of the offending element inside an array.
    pub fn parse(body: &str) -> Result<Directive, BlockError> {
        let table = Table::parse(body)?;
        let valid: Vec<&str> = BLOCK_KEYS
            .iter()
            .chain(FIELD_KEYS.iter())
            .copied()
            .collect();
        table.reject_unknown(&valid)?;
        let fields = Fields::from_table(&table)?;
        let views = match (table.get("view"), table.get("views")) {
            (Some(_), Some(views)) => {
                return Err(BlockError {
                    line: views.line,
                    kind: ErrorKind::Views(
                        "give either `view = \"NAME\"` or `views = [\"NAME\", ...]`, not both",
                    ),
                });
            }
            (Some(view), None) => Some(At {
                value: parse_views("view", view, std::slice::from_ref(view))?,
                line: view.line,
            }),
            (
                None,
                Some(
                    list @ Node {
                        value: Value::Array(items),
                        ..
                    },
                ),
            ) => Some(At {
                value: parse_views("views", list, items)?,
                line: list.line,
            }),
            (None, Some(other)) => {
                return Err(wrong_type("views", "a list of view names", other));
            }
            (None, None) => None,
        };
        Ok(Directive {
            example: field(&table, "example", expect_str)?,
            fields,
            views,
            show: field(&table, "show", show)?,
            caption: field(&table, "caption", expect_str)?,
        })
    }
}

impl Fields {
    /// Reads the number and label keys of `table`. Other keys are left to
    /// the caller.
    pub(crate) fn from_table(table: &Table) -> Result<Fields, BlockError> {
        Ok(Fields {
            image: field(table, "image", number_matrix)?,
            filter: field(table, "filter", number_matrix)?,
            bias: field(table, "bias", number)?,
            padding: field(table, "padding", |k, v| pair(k, v, 0))?,
            stride: field(table, "stride", |k, v| pair(k, v, 1))?,
            dilation: field(table, "dilation", |k, v| pair(k, v, 1))?,
            image_labels: field(table, "image-labels", label_matrix)?,
            filter_labels: field(table, "filter-labels", label_matrix)?,
            output_labels: field(table, "output-labels", label_matrix)?,
            bias_label: field(table, "bias-label", label)?,
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
    table: &Table,
    key: &str,
    parse: impl FnOnce(&str, &Node) -> Result<T, BlockError>,
) -> Result<Option<At<T>>, BlockError> {
    let Some(node) = table.get(key) else {
        return Ok(None);
    };
    Ok(Some(At {
        value: parse(key, node)?,
        line: node.line,
    }))
}

/// An error about `node` (a whole value or one element), at its line.
fn error_at(node: &Node, kind: ErrorKind) -> BlockError {
    BlockError {
        line: node.line,
        kind,
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a number",
        Value::Boolean => "a boolean",
        Value::Datetime => "a date",
        Value::Array(_) => "a list",
        Value::Table => "a table",
    }
}

fn wrong_type(key: &str, expected: &'static str, found: &Node) -> BlockError {
    error_at(
        found,
        ErrorKind::WrongType {
            key: key.to_string(),
            expected,
            found: type_name(&found.value),
        },
    )
}

fn expect_str(key: &str, node: &Node) -> Result<String, BlockError> {
    match &node.value {
        Value::String(s) => Ok(s.clone()),
        _ => Err(wrong_type(key, "a string", node)),
    }
}

fn show(key: &str, node: &Node) -> Result<Show, BlockError> {
    let name = expect_str(key, node)?;
    Show::from_name(&name).ok_or_else(|| {
        error_at(
            node,
            ErrorKind::UnknownChoice {
                key: "show",
                suggestion: closest(&name, Show::NAMES),
                value: name.clone(),
                valid: Show::NAMES.iter().map(|s| s.to_string()).collect(),
            },
        )
    })
}

fn number(key: &str, node: &Node) -> Result<f64, BlockError> {
    let x = match node.value {
        Value::Integer(i) => i as f64,
        Value::Float(f) => f,
        _ => return Err(wrong_type(key, "a number", node)),
    };
    if x.is_finite() {
        Ok(x)
    } else {
        Err(error_at(
            node,
            ErrorKind::NotFinite {
                key: key.to_string(),
                value: if x.is_nan() {
                    "nan"
                } else if x > 0.0 {
                    "inf"
                } else {
                    "-inf"
                },
            },
        ))
    }
}

/// A label: a string with some text, not too long to draw.
fn label(key: &str, node: &Node) -> Result<String, BlockError> {
    let text = expect_str(key, node)?;
    let len = text.chars().count();
    if text.trim().is_empty() {
        Err(error_at(
            node,
            ErrorKind::EmptyLabel {
                key: key.to_string(),
            },
        ))
    } else if len > MAX_LABEL_CHARS {
        Err(error_at(
            node,
            ErrorKind::LongLabel {
                key: key.to_string(),
                len,
                limit: MAX_LABEL_CHARS,
            },
        ))
    } else {
        Ok(text)
    }
}

/// A 2-D array of anything: rows of equal, non-zero length. `entry` reads
/// one element, named `key[row][col]` in its messages.
fn matrix<T>(
    key: &str,
    node: &Node,
    expected: &'static str,
    mut entry: impl FnMut(&str, &Node) -> Result<T, BlockError>,
) -> Result<Array2<T>, BlockError> {
    let Value::Array(rows) = &node.value else {
        return Err(wrong_type(key, expected, node));
    };
    let mut cols = None;
    let mut entries = Vec::new();
    for (r, row_node) in rows.iter().enumerate() {
        let Value::Array(row) = &row_node.value else {
            return Err(wrong_type(
                &format!("{key}[{r}]"),
                "a list (one row)",
                row_node,
            ));
        };
        match cols {
            None => cols = Some(row.len()),
            Some(n) if n != row.len() => {
                return Err(error_at(
                    row_node,
                    ErrorKind::Ragged {
                        key: key.to_string(),
                        row: r + 1,
                        expected: n,
                        found: row.len(),
                    },
                ));
            }
            Some(_) => {}
        }
        for (c, x) in row.iter().enumerate() {
            entries.push(entry(&format!("{key}[{r}][{c}]"), x)?);
        }
    }
    let empty = || {
        error_at(
            node,
            ErrorKind::Empty {
                key: key.to_string(),
            },
        )
    };
    match cols {
        Some(cols) if cols > 0 => {
            Array2::from_shape_vec((rows.len(), cols), entries).map_err(|_| empty())
        }
        _ => Err(empty()),
    }
}

fn number_matrix(key: &str, node: &Node) -> Result<Array2<f64>, BlockError> {
    matrix(key, node, "a list of rows of numbers", number)
}

/// A 2-D array of labels that tell their entries apart: a repeated label
/// is reported at the line of its second use.
fn label_matrix(key: &str, node: &Node) -> Result<Array2<String>, BlockError> {
    let mut seen = BTreeSet::new();
    matrix(key, node, "a list of rows of strings", |at, item| {
        if !matches!(item.value, Value::String(_)) {
            return Err(wrong_type(at, "a string", item));
        }
        let text = label(key, item)?;
        if !seen.insert(text.clone()) {
            return Err(error_at(
                item,
                ErrorKind::DuplicateLabel {
                    key: key.to_string(),
                    label: text,
                },
            ));
        }
        Ok(text)
    })
}

/// An integer or `[rows, cols]`, each in `min..=MAX_STEP`.
fn pair(key: &str, node: &Node, min: usize) -> Result<Pair, BlockError> {
    let one = |key: &str, item: &Node| -> Result<usize, BlockError> {
        match item.value {
            Value::Integer(i) if (min as i64..=MAX_STEP as i64).contains(&i) => Ok(i as usize),
            Value::Integer(i) => Err(error_at(
                item,
                ErrorKind::OutOfRange {
                    key: key.to_string(),
                    value: i.to_string(),
                    range: format!("a whole number from {min} to {MAX_STEP}"),
                },
            )),
            _ => Err(wrong_type(key, "a whole number or [rows, cols]", item)),
        }
    };
    match &node.value {
        Value::Array(items) if items.len() == 2 => Ok([
            one(&format!("{key}[0]"), &items[0])?,
            one(&format!("{key}[1]"), &items[1])?,
        ]),
        Value::Array(items) => Err(error_at(
            node,
            ErrorKind::OutOfRange {
                key: key.to_string(),
                value: format!("a list of {}", items.len()),
                range: "one whole number or a pair [rows, cols]".to_string(),
            },
        )),
        _ => one(key, node).map(|n| [n, n]),
    }
}

/// View names (each checked at its own line), with `"all"` expanded in
/// order; `list` is the key's value, where an empty list is reported.
fn parse_views(key: &str, list: &Node, items: &[Node]) -> Result<Vec<View>, BlockError> {
    if items.is_empty() {
        return Err(error_at(
            list,
            ErrorKind::Views("`views` is empty: name at least one view, or \"all\""),
        ));
    }
    let mut views = Vec::new();
    for item in items {
        let name = expect_str(key, item)?;
        if name == "all" {
            views.extend(View::ALL);
            continue;
        }
        let view = View::from_name(&name).ok_or_else(|| {
            error_at(
                item,
                ErrorKind::unknown_view(&name, View::ALL.iter().map(|v| v.name()).chain(["all"])),
            )
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
            "unknown view `matrx` (did you mean `matrix`?); views are `image`, `filter`, `output`, `sections`, `equations`, `compact`, `network`, `matrix`, `dense`, `familiar`, `padding`, `all`"
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

    #[test]
    fn an_element_error_points_at_the_elements_line() {
        assert_eq!(
            err("image = [\n [1, 2],\n [3, \"x\"]\n]"),
            (3, "`image[1][1]` must be a number, not a string".into())
        );
        let many_rows = format!(
            "view = \"image\"\nimage = [\n{}\n]",
            (0..9)
                .map(|r| if r == 7 {
                    "[1, 2, \"3\"],"
                } else {
                    "[1, 2, 3],"
                })
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert_eq!(
            err(&many_rows),
            (10, "`image[7][2]` must be a number, not a string".into())
        );
        assert_eq!(err("filter = [[1, 2],\n[3]]").0, 2);
        assert_eq!(err("image = [[1],\n2]").0, 2);
        assert_eq!(err("bias = 1\nfilter = [[1,\n-inf]]").0, 3);
        assert_eq!(err("dilation = [1,\n0]").0, 2);
        assert_eq!(err("views = [\n\"image\",\n\"matrx\"\n]").0, 3);
        assert_eq!(
            err("filter-labels = [[\"a\", \"b\"],\n [\"c\", \"a\"]]"),
            (
                2,
                "`filter-labels` uses the label `a` twice: labels must tell entries apart".into()
            )
        );
        assert_eq!(
            err("image-labels = [[\"A\"],\n[\" \"]]"),
            (
                2,
                "`image-labels` has an empty label: every entry needs some text".into()
            )
        );
    }

    #[test]
    fn whole_value_errors_stay_at_the_key() {
        assert_eq!(err("\nimage = [\n]").0, 2);
        assert_eq!(err("\n\npadding = [\n1, 2, 3]").0, 3);
        assert_eq!(err("views = [\n]").0, 1);
    }

    #[test]
    fn the_first_unknown_key_written_is_reported() {
        assert_eq!(err("zzz = 1\naaa = 2").0, 1);
    }

    #[test]
    fn numbers_past_64_bits_are_toml_errors() {
        let (line, message) = err("view = \"image\"\nbias = 99999999999999999999");
        assert_eq!(line, 2);
        assert_eq!(
            message,
            "the block is not valid TOML: the integer 99999999999999999999 does not fit in 64 bits"
        );
        let (line, message) = err("filter = [[1],\n[1e400]]");
        assert_eq!(line, 2);
        assert_eq!(
            message,
            "the block is not valid TOML: the number 1e400 is too large for 64 bits"
        );
        assert_eq!(
            Directive::parse("bias = 0x7fffffffffffffff")
                .unwrap()
                .fields
                .bias
                .unwrap()
                .value,
            i64::MAX as f64
        );
    }

    #[test]
    fn book_toml_tables_have_no_lines() {
        let table: toml::Table = toml::from_str("filter = [[1, \"x\"]]").unwrap();
        let e = Fields::from_table(&Table::from_toml(&table)).unwrap_err();
        assert_eq!(e.line, 0);
        assert_eq!(
            e.kind.to_string(),
            "`filter[0][1]` must be a number, not a string"
        );
    }

    #[test]
    fn lines_are_found_by_offset() {
        let lines = Lines::new("a\nbc\n\nd");
        let found: Vec<usize> = (0..7).map(|i| lines.of(i)).collect();
        assert_eq!(found, [1, 1, 2, 2, 2, 3, 4]);
    }
}
