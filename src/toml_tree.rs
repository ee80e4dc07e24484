//! A TOML body parsed once into a tree whose every value knows its line,
//! and the readers that type-check one value (a number, a label, an N-D
//! array, a pair) with messages that point at the offending element.

use std::collections::BTreeSet;

use ndarray::{Array2, Array3, Array4, Axis};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::engine::Pair;
use crate::engine::limits::{MAX_LABEL_CHARS, MAX_STEP};
use crate::error::{BlockError, ErrorKind, closest};
use crate::kernels;

/// A value with the body line it was written on (0 = unknown/fence).
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    /// The checked value.
    pub value: T,
    /// Line relative to the opening fence.
    pub line: usize,
}

/// A TOML table whose values know their lines: parsed from a block body
/// (lines relative to the fence) or taken from `book.toml` (line 0, as
/// mdBook hands the book's configuration over without positions).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Keys in the order they were written, each value at its key's line.
    entries: Vec<(String, Node)>,
}

/// One value and the line it is on; arrays hold nodes, so every element
/// keeps its own line.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The line of the value (of its key, for a top-level value).
    pub line: usize,
    /// The value.
    pub value: Value,
}

/// A TOML value; arrays and tables keep every element's line.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    String(String),
    Integer(i64),
    Float(f64),
    Boolean(bool),
    Datetime,
    Array(Vec<Node>),
    Table(Table),
}

impl Table {
    /// Parses a block body once, keeping every value's line. A syntax error
    /// is located at the line TOML reports.
    pub fn parse(body: &str) -> Result<Table, BlockError> {
        let lines = Lines::new(body);
        let root = DeTable::parse(body).map_err(|err| BlockError {
            line: err.span().map_or(1, |span| lines.of(span.start)),
            kind: ErrorKind::Toml(err.message().trim().to_string()),
        })?;
        sub_table(root.get_ref(), &lines)
    }

    /// A table from `book.toml`, where lines are unknown (0).
    pub fn from_toml(table: &toml::Table) -> Table {
        Table {
            entries: table
                .iter()
                .map(|(key, value)| (key.clone(), toml_node(value)))
                .collect(),
        }
    }

    /// The value of `key`, if written.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, n)| n)
    }

    /// Rejects keys outside `valid` (the first one written), suggesting the
    /// closest valid key.
    pub fn reject_unknown(&self, valid: &[&str]) -> Result<(), BlockError> {
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
        DeValue::Boolean(b) => Value::Boolean(*b),
        DeValue::Datetime(_) => Value::Datetime,
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| node(item, lines.of(item.span().start), lines))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(table) => Value::Table(sub_table(table, lines)?),
    };
    Ok(Node { line, value })
}

/// A parsed table → a [`Table`], keys in the order they were written.
fn sub_table(table: &DeTable<'_>, lines: &Lines) -> Result<Table, BlockError> {
    let mut entries = table
        .iter()
        .map(|(key, value)| {
            let line = lines.of(key.span().start);
            Ok((
                key.span().start,
                key.get_ref().to_string(),
                node(value, line, lines)?,
            ))
        })
        .collect::<Result<Vec<_>, BlockError>>()?;
    entries.sort_by_key(|(start, _, _)| *start);
    Ok(Table {
        entries: entries.into_iter().map(|(_, k, n)| (k, n)).collect(),
    })
}

/// A `book.toml` value → a [`Node`] at line 0.
fn toml_node(value: &toml::Value) -> Node {
    let value = match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::Integer(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(b) => Value::Boolean(*b),
        toml::Value::Datetime(_) => Value::Datetime,
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_node).collect()),
        toml::Value::Table(t) => Value::Table(Table::from_toml(t)),
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

/// An error about `node` (a whole value or one element), at its line.
pub fn error_at(node: &Node, kind: ErrorKind) -> BlockError {
    BlockError {
        line: node.line,
        kind,
    }
}

/// How a message names a value's type.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "a boolean",
        Value::Datetime => "a date",
        Value::Array(_) => "a list",
        Value::Table(_) => "a table",
    }
}

pub fn wrong_type(key: &str, expected: &'static str, found: &Node) -> BlockError {
    error_at(
        found,
        ErrorKind::WrongType {
            key: key.to_string(),
            expected,
            found: type_name(&found.value),
        },
    )
}

pub fn expect_str(key: &str, node: &Node) -> Result<String, BlockError> {
    match &node.value {
        Value::String(s) => Ok(s.clone()),
        _ => Err(wrong_type(key, "a string", node)),
    }
}

/// `true` or `false`, e.g. `flip`.
pub fn expect_bool(key: &str, node: &Node) -> Result<bool, BlockError> {
    match node.value {
        Value::Boolean(b) => Ok(b),
        _ => Err(wrong_type(key, "`true` or `false`", node)),
    }
}

pub fn number(key: &str, node: &Node) -> Result<f64, BlockError> {
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
pub fn label(key: &str, node: &Node) -> Result<String, BlockError> {
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

pub fn number_matrix(key: &str, node: &Node) -> Result<Array2<f64>, BlockError> {
    matrix(key, node, "a list of rows of numbers", number)
}

/// A 2-D array of labels that tell their entries apart: a repeated label
/// is reported at the line of its second use.
pub fn label_matrix(key: &str, node: &Node) -> Result<Array2<String>, BlockError> {
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
pub fn pair(key: &str, node: &Node, min: usize) -> Result<Pair, BlockError> {
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

/// How deeply `node` nests lists, following first elements.
pub fn depth(node: &Node) -> usize {
    match &node.value {
        Value::Array(items) => 1 + items.first().map_or(0, depth),
        _ => 0,
    }
}

/// A list of 2-D slices of one shape (channels, or filters' channels),
/// each read by `slice` and named `key[i]` in its messages.
pub fn stack<T: Clone>(
    key: &str,
    node: &Node,
    mut slice: impl FnMut(&str, &Node) -> Result<Array2<T>, BlockError>,
) -> Result<Array3<T>, BlockError> {
    let Value::Array(items) = &node.value else {
        return Err(wrong_type(key, "a list of 2-D lists", node));
    };
    let mut slices: Vec<Array2<T>> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let m = slice(&format!("{key}[{i}]"), item)?;
        if let Some(first) = slices.first()
            && first.dim() != m.dim()
        {
            return Err(error_at(
                item,
                ErrorKind::SliceShape {
                    key: format!("{key}[{i}]"),
                    expected: format!("{}x{}", first.nrows(), first.ncols()),
                    found: format!("{}x{}", m.nrows(), m.ncols()),
                },
            ));
        }
        slices.push(m);
    }
    let Some((rows, cols)) = slices.first().map(Array2::dim) else {
        return Err(error_at(
            node,
            ErrorKind::Empty {
                key: key.to_string(),
            },
        ));
    };
    let flat: Vec<T> = slices.into_iter().flat_map(|m| m.into_iter()).collect();
    Array3::from_shape_vec((items.len(), rows, cols), flat).map_err(|_| {
        error_at(
            node,
            ErrorKind::Empty {
                key: key.to_string(),
            },
        )
    })
}

/// Numbers as `[channel][row][col]`: a 2-D list is one channel.
pub fn number_maps(key: &str, node: &Node) -> Result<Array3<f64>, BlockError> {
    match depth(node) {
        3 => stack(key, node, number_matrix),
        4.. => Err(wrong_type(key, "a 2-D or 3-D list of numbers", node)),
        _ => number_matrix(key, node).map(|m| m.insert_axis(Axis(0))),
    }
}

/// One filter as `[channel][row][col]`: numbers (2-D is one channel), or
/// the name of a built-in filter (`"sobel-x"`, one channel).
pub fn filter_maps(key: &str, node: &Node) -> Result<Array3<f64>, BlockError> {
    match &node.value {
        Value::String(name) => kernels::named(name)
            .map(|k| k.insert_axis(Axis(0)))
            .ok_or_else(|| {
                error_at(
                    node,
                    ErrorKind::UnknownFilter {
                        key: key.to_string(),
                        suggestion: closest(name, kernels::names()),
                        name: name.clone(),
                        valid: kernels::names().map(str::to_string).collect(),
                    },
                )
            }),
        _ => number_maps(key, node),
    }
}

/// Filters as `[filter][channel][row][col]`, from a list of 2-D or 3-D
/// filters of one shape (or names of built-in filters).
pub fn number_filters(key: &str, node: &Node) -> Result<Array4<f64>, BlockError> {
    let Value::Array(items) = &node.value else {
        return Err(wrong_type(
            key,
            "a list of filters (2-D or 3-D lists)",
            node,
        ));
    };
    let mut filters: Vec<Array3<f64>> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{key}[{i}]");
        if depth(item) < 2 && !matches!(item.value, Value::String(_)) {
            return Err(wrong_type(
                &at,
                "a filter (a 2-D or 3-D list of numbers)",
                item,
            ));
        }
        let f = filter_maps(&at, item)?;
        if let Some(first) = filters.first()
            && first.dim() != f.dim()
        {
            let shape = |a: &Array3<f64>| {
                let (c, h, w) = a.dim();
                format!("{c}x{h}x{w}")
            };
            return Err(error_at(
                item,
                ErrorKind::SliceShape {
                    key: at,
                    expected: shape(first),
                    found: shape(&f),
                },
            ));
        }
        filters.push(f);
    }
    let Some((c, h, w)) = filters.first().map(Array3::dim) else {
        return Err(error_at(
            node,
            ErrorKind::Empty {
                key: key.to_string(),
            },
        ));
    };
    let flat: Vec<f64> = filters.into_iter().flat_map(|f| f.into_iter()).collect();
    Array4::from_shape_vec((items.len(), c, h, w), flat).map_err(|_| {
        error_at(
            node,
            ErrorKind::Empty {
                key: key.to_string(),
            },
        )
    })
}

/// A flat list of numbers (`biases`), not empty.
pub fn number_list(key: &str, node: &Node) -> Result<Vec<f64>, BlockError> {
    let Value::Array(items) = &node.value else {
        return Err(wrong_type(key, "a list of numbers", node));
    };
    if items.is_empty() {
        return Err(error_at(
            node,
            ErrorKind::Empty {
                key: key.to_string(),
            },
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| number(&format!("{key}[{i}]"), item))
        .collect()
}

/// Any nesting of numbers (a `target`): its shape and its numbers in
/// row-major order, every sibling list of one length.
pub fn number_tensor(key: &str, node: &Node) -> Result<(Vec<usize>, Vec<f64>), BlockError> {
    fn walk(
        key: &str,
        node: &Node,
        level: usize,
        shape: &mut Vec<usize>,
        out: &mut Vec<f64>,
    ) -> Result<(), BlockError> {
        match &node.value {
            Value::Array(items) => {
                if level == shape.len() {
                    shape.push(items.len());
                } else if shape[level] != items.len() {
                    return Err(error_at(
                        node,
                        ErrorKind::SliceShape {
                            key: key.to_string(),
                            expected: format!("{} long", shape[level]),
                            found: format!("{} long", items.len()),
                        },
                    ));
                }
                for (i, item) in items.iter().enumerate() {
                    walk(&format!("{key}[{i}]"), item, level + 1, shape, out)?;
                }
                Ok(())
            }
            _ if level < shape.len() => Err(wrong_type(key, "a list", node)),
            _ => {
                out.push(number(key, node)?);
                Ok(())
            }
        }
    }
    let mut shape = Vec::new();
    let mut out = Vec::new();
    walk(key, node, 0, &mut shape, &mut out)?;
    if out.is_empty() {
        return Err(error_at(
            node,
            ErrorKind::Empty {
                key: key.to_string(),
            },
        ));
    }
    Ok((shape, out))
}

/// Labels as `[channel][row][col]` (a 2-D list is one channel), every
/// label distinct.
pub fn label_maps(key: &str, node: &Node) -> Result<Array3<String>, BlockError> {
    let maps = match depth(node) {
        3 => stack(key, node, label_matrix)?,
        4.. => return Err(wrong_type(key, "a 2-D or 3-D list of strings", node)),
        _ => label_matrix(key, node)?.insert_axis(Axis(0)),
    };
    distinct(key, node, maps.iter())?;
    Ok(maps)
}

/// Labels for filters, `[filter][channel][row][col]`: 2-D (one filter,
/// one channel), 3-D (one filter's channels) or 4-D (several filters).
pub fn label_filters(key: &str, node: &Node) -> Result<Array4<String>, BlockError> {
    let filters = match depth(node) {
        4 => {
            let Value::Array(items) = &node.value else {
                return Err(wrong_type(key, "a list", node));
            };
            let maps = items
                .iter()
                .enumerate()
                .map(|(i, item)| stack(&format!("{key}[{i}]"), item, label_matrix))
                .collect::<Result<Vec<_>, _>>()?;
            let (c, h, w) = maps[0].dim();
            if let Some((i, m)) = maps.iter().enumerate().find(|(_, m)| m.dim() != (c, h, w)) {
                let (mc, mh, mw) = m.dim();
                return Err(error_at(
                    &items[i],
                    ErrorKind::SliceShape {
                        key: format!("{key}[{i}]"),
                        expected: format!("{c}x{h}x{w}"),
                        found: format!("{mc}x{mh}x{mw}"),
                    },
                ));
            }
            let flat: Vec<String> = maps.into_iter().flat_map(|m| m.into_iter()).collect();
            Array4::from_shape_vec((items.len(), c, h, w), flat).map_err(|_| {
                error_at(
                    node,
                    ErrorKind::Empty {
                        key: key.to_string(),
                    },
                )
            })?
        }
        5.. => return Err(wrong_type(key, "a 2-D, 3-D or 4-D list of strings", node)),
        _ => label_maps(key, node)?.insert_axis(Axis(0)),
    };
    distinct(key, node, filters.iter())?;
    Ok(filters)
}

fn distinct<'a>(
    key: &str,
    node: &Node,
    labels: impl Iterator<Item = &'a String>,
) -> Result<(), BlockError> {
    let mut seen = BTreeSet::new();
    for label in labels {
        if !seen.insert(label) {
            return Err(error_at(
                node,
                ErrorKind::DuplicateLabel {
                    key: key.to_string(),
                    label: label.clone(),
                },
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_found_by_offset() {
        let lines = Lines::new("a\nbc\n\nd");
        let found: Vec<usize> = (0..7).map(|i| lines.of(i)).collect();
        assert_eq!(found, [1, 1, 2, 2, 2, 3, 4]);
    }
}
