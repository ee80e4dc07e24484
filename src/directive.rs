//! A block's TOML body → a raw [`Directive`]: the body is parsed once, and
//! every key and every element of an array is type-checked and remembered
//! with its own line, so a mistake in `image[7][2]` points at the line of
//! that number. Nothing is merged or computed yet.
//!
//! Named examples in `book.toml` use the same [`Fields`] (numbers and
//! labels), so a block and an example are checked by one piece of code.

mod layers;

use ndarray::{Array3, Array4, Axis};

use crate::engine::{LayerSpec, Pair, limits};
use crate::error::{BlockError, ErrorKind, closest};
pub use crate::toml_tree::{At, Table};
use crate::toml_tree::{
    Node, Value, error_at, expect_bool, expect_str, filter_maps, label, label_filters, label_maps,
    number, number_filters, number_list, number_maps, number_tensor, pair, wrong_type,
};
use crate::view::{Show, View};

/// The numbers and labels that a block and a named example share.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    /// `image`: the input, `[channel][row][col]` (a 2-D list is one channel).
    pub image: Option<At<Array3<f64>>>,
    /// `image-file`: a PNG to read the input from (instead of `image`),
    /// relative to the book's folder; read when the example is resolved.
    pub image_file: Option<At<String>>,
    /// `filter` (one filter, `[channel][row][col]`) or `filters` (several):
    /// `[filter][channel][row][col]` either way.
    pub filters: Option<At<Array4<f64>>>,
    /// Whether they were written as `filters` (so the JSON and messages
    /// use the author's word).
    pub many_filters: bool,
    /// `bias` or `biases`: one per filter.
    pub biases: Option<At<Vec<f64>>>,
    /// `padding`, per axis.
    pub padding: Option<At<Pair>>,
    /// `stride`, per axis.
    pub stride: Option<At<Pair>>,
    /// `dilation`, per axis.
    pub dilation: Option<At<Pair>>,
    /// `image-labels`, `[channel][row][col]`.
    pub image_labels: Option<At<Array3<String>>>,
    /// `filter-labels`, `[filter][channel][row][col]`.
    pub filter_labels: Option<At<Array4<String>>>,
    /// `output-labels`, `[filter][row][col]`.
    pub output_labels: Option<At<Array3<String>>>,
    /// `bias-label`.
    pub bias_label: Option<At<String>>,
    /// `[[layers]]`, in order, each at the line of its `kind`.
    pub layers: Option<At<Vec<At<LayerSpec>>>>,
    /// `target`: the wanted final output, its shape and numbers.
    pub target: Option<At<(Vec<usize>, Vec<f64>)>>,
    /// `label`: the right class.
    pub label: Option<At<usize>>,
    /// `loss`.
    pub loss: Option<At<Loss>>,
    /// `learning-rate`.
    pub learning_rate: Option<At<f64>>,
    /// `steps` of gradient descent.
    pub steps: Option<At<usize>>,
    /// `flip`: turn the first convolution's filters half a turn (180°)
    /// before they slide, so the block computes a true convolution.
    pub flip: Option<At<bool>>,
}

/// The loss a block names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// ½ Σ (y − t)², with a `target`.
    Squared,
    /// −log p, with a `label` and a final softmax.
    CrossEntropy,
}

impl Loss {
    /// The names a block may use.
    pub const NAMES: [&'static str; 2] = ["squared", "cross-entropy"];
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
pub const FIELD_KEYS: [&str; 20] = [
    "image",
    "image-file",
    "filter",
    "filters",
    "bias",
    "biases",
    "padding",
    "stride",
    "dilation",
    "image-labels",
    "filter-labels",
    "output-labels",
    "bias-label",
    "target",
    "label",
    "loss",
    "learning-rate",
    "steps",
    "flip",
    // Last: `[[layers]]` tables come after the body's other keys.
    "layers",
];

/// Keys only a block has.
pub const BLOCK_KEYS: [&str; 5] = ["example", "view", "views", "show", "caption"];

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
        let filters = match (table.get("filter"), table.get("filters")) {
            (Some(_), Some(second)) => return Err(layers::exclusive(second, "filter", "filters")),
            (Some(_), None) => field(table, "filter", |k, v| {
                filter_maps(k, v).map(|f| f.insert_axis(Axis(0)))
            })?,
            (None, _) => field(table, "filters", number_filters)?,
        };
        let biases = match (table.get("bias"), table.get("biases")) {
            (Some(_), Some(second)) => return Err(layers::exclusive(second, "bias", "biases")),
            (Some(_), None) => field(table, "bias", |k, v| number(k, v).map(|b| vec![b]))?,
            (None, _) => field(table, "biases", number_list)?,
        };
        if let (Some(_), Some(second)) = (table.get("image"), table.get("image-file")) {
            return Err(layers::exclusive(second, "image", "image-file"));
        }
        Ok(Fields {
            image: field(table, "image", number_maps)?,
            image_file: field(table, "image-file", expect_str)?,
            many_filters: table.get("filters").is_some(),
            filters,
            biases,
            padding: field(table, "padding", |k, v| pair(k, v, 0))?,
            stride: field(table, "stride", |k, v| pair(k, v, 1))?,
            dilation: field(table, "dilation", |k, v| pair(k, v, 1))?,
            image_labels: field(table, "image-labels", label_maps)?,
            filter_labels: field(table, "filter-labels", label_filters)?,
            output_labels: field(table, "output-labels", label_maps)?,
            bias_label: field(table, "bias-label", label)?,
            layers: field(table, "layers", layers::layers)?,
            target: field(table, "target", number_tensor)?,
            label: field(table, "label", |k, v| whole(k, v, 0..=1_000_000))?,
            loss: field(table, "loss", loss)?,
            learning_rate: field(table, "learning-rate", positive)?,
            steps: field(table, "steps", |k, v| whole(k, v, 0..=limits::MAX_STEPS))?,
            flip: field(table, "flip", expect_bool)?,
        })
    }

    /// Fills every unset field of `self` from `base` (inline keys win;
    /// `filter`/`filters`, `bias`/`biases` and `image`/`image-file` count as
    /// one key each).
    pub fn or(self, base: Fields) -> Fields {
        let many_filters = if self.filters.is_some() {
            self.many_filters
        } else {
            base.many_filters
        };
        // `image` and `image-file` count as one key too.
        let (image, image_file) = if self.image.is_some() || self.image_file.is_some() {
            (self.image, self.image_file)
        } else {
            (base.image, base.image_file)
        };
        Fields {
            image,
            image_file,
            filters: self.filters.or(base.filters),
            many_filters,
            biases: self.biases.or(base.biases),
            padding: self.padding.or(base.padding),
            stride: self.stride.or(base.stride),
            dilation: self.dilation.or(base.dilation),
            image_labels: self.image_labels.or(base.image_labels),
            filter_labels: self.filter_labels.or(base.filter_labels),
            output_labels: self.output_labels.or(base.output_labels),
            bias_label: self.bias_label.or(base.bias_label),
            layers: self.layers.or(base.layers),
            target: self.target.or(base.target),
            label: self.label.or(base.label),
            loss: self.loss.or(base.loss),
            learning_rate: self.learning_rate.or(base.learning_rate),
            steps: self.steps.or(base.steps),
            flip: self.flip.or(base.flip),
        }
    }
}

/// A whole number in `range`, e.g. `steps` or `label`.
fn whole(
    key: &str,
    node: &Node,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, BlockError> {
    match node.value {
        Value::Integer(i) if i >= 0 && range.contains(&(i as usize)) => Ok(i as usize),
        Value::Integer(i) => Err(error_at(
            node,
            ErrorKind::OutOfRange {
                key: key.to_string(),
                value: i.to_string(),
                range: format!("a whole number from {} to {}", range.start(), range.end()),
            },
        )),
        _ => Err(wrong_type(key, "a whole number", node)),
    }
}

fn loss(key: &str, node: &Node) -> Result<Loss, BlockError> {
    let name = expect_str(key, node)?;
    match name.as_str() {
        "squared" => Ok(Loss::Squared),
        "cross-entropy" => Ok(Loss::CrossEntropy),
        _ => Err(error_at(
            node,
            ErrorKind::UnknownChoice {
                key: "loss",
                suggestion: closest(&name, Loss::NAMES),
                value: name.clone(),
                valid: Loss::NAMES.iter().map(|s| s.to_string()).collect(),
            },
        )),
    }
}

fn positive(key: &str, node: &Node) -> Result<f64, BlockError> {
    let x = number(key, node)?;
    if x > 0.0 {
        Ok(x)
    } else {
        Err(error_at(
            node,
            ErrorKind::OutOfRange {
                key: key.to_string(),
                value: crate::render::number::display(x),
                range: "a number above 0, e.g. 0.01".to_string(),
            },
        ))
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
                ErrorKind::unknown_view(&name, View::every().map(|v| v.name()).chain(["all"])),
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
        assert_eq!(image.value[[0, 1, 1]], -4.0);
        assert_eq!(d.fields.padding.unwrap().value, [1, 2]);
        assert_eq!(d.fields.stride.unwrap().value, [2, 2]);
        assert_eq!(d.show.unwrap().value, Show::Values);
        assert_eq!(d.caption.unwrap().value, "Hi");
    }

    #[test]
    fn flip_is_true_or_false() {
        let d = Directive::parse("example = \"seed\"\nflip = true").unwrap();
        assert!(d.fields.flip.unwrap().value);
        assert_eq!(
            err("example = \"seed\"\n\nflip = \"yes\""),
            (3, "`flip` must be `true` or `false`, not a string".into())
        );
        assert_eq!(
            err("flp = true").1.split(';').next(),
            Some("unknown key `flp` (did you mean `flip`?)")
        );
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
                "unknown key `viw` (did you mean `view`?); valid keys are `example`, `view`, `views`, `show`, `caption`, `image`, `image-file`, `filter`, `filters`, `bias`, `biases`, `padding`, `stride`, `dilation`, `image-labels`, `filter-labels`, `output-labels`, `bias-label`, `target`, `label`, `loss`, `learning-rate`, `steps`, `flip`, `layers`".into()
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
        // Every view is listed, whichever views there are.
        let views: Vec<String> = crate::view::View::every()
            .map(|v| format!("`{}`", v.name()))
            .collect();
        assert_eq!(
            err("view = \"matrx\"").1,
            format!(
                "unknown view `matrx` (did you mean `matrix`?); views are {}, `all`",
                views.join(", ")
            )
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
                .biases
                .unwrap()
                .value,
            vec![i64::MAX as f64]
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
}
