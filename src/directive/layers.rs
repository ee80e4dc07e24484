//! `[[layers]]` tables → the engine's layer specs, every key type-checked
//! at its own line. Which keys a layer takes depends on its `kind`.

use ndarray::{Array1, Array2};

use crate::engine::{Activation, LayerSpec, Pooling};
use crate::error::{BlockError, ErrorKind, closest};
use crate::toml_tree::{
    At, Node, Table, Value, error_at, expect_str, filter_maps, number, number_filters, number_list,
    number_matrix, pair, wrong_type,
};

/// Every layer kind, in the order the docs list them.
pub const KINDS: [&str; 9] = [
    "relu",
    "leaky-relu",
    "sigmoid",
    "tanh",
    "max-pool",
    "avg-pool",
    "conv",
    "dense",
    "softmax",
];

/// The keys a layer of `kind` takes (besides `kind`).
fn keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "leaky-relu" => &["kind", "slope"],
        "max-pool" | "avg-pool" => &["kind", "size", "stride"],
        "conv" => &[
            "kind", "filter", "filters", "bias", "biases", "padding", "stride", "dilation",
        ],
        "dense" => &["kind", "weights", "biases"],
        _ => &["kind"],
    }
}

/// The `[[layers]]` list: one spec per table, each at the line of its
/// `kind` (where errors about the layer as a whole go).
pub fn layers(key: &str, node: &Node) -> Result<Vec<At<LayerSpec>>, BlockError> {
    let Value::Array(items) = &node.value else {
        return Err(wrong_type(key, "a list of tables (`[[layers]]`)", node));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match &item.value {
            Value::Table(table) => layer(table, item.line),
            _ => Err(wrong_type(
                &format!("{key}[{i}]"),
                "a table (`[[layers]]`)",
                item,
            )),
        })
        .collect()
}

fn layer(table: &Table, line: usize) -> Result<At<LayerSpec>, BlockError> {
    let Some(kind_node) = table.get("kind") else {
        return Err(BlockError {
            line,
            kind: ErrorKind::Missing {
                key: "kind",
                hint: "give every `[[layers]]` table a `kind`, e.g. `kind = \"relu\"`",
            },
        });
    };
    let kind = expect_str("kind", kind_node)?;
    if !KINDS.contains(&kind.as_str()) {
        let valid = &KINDS;
        return Err(error_at(
            kind_node,
            ErrorKind::UnknownChoice {
                key: "kind",
                suggestion: closest(&kind, valid.iter().copied()),
                value: kind.clone(),
                valid: valid.iter().map(|s| s.to_string()).collect(),
            },
        ));
    }
    table.reject_unknown(keys(&kind))?;
    let get = |key: &str| table.get(key);
    let spec = match kind.as_str() {
        "relu" => LayerSpec::Activation(Activation::Relu),
        "sigmoid" => LayerSpec::Activation(Activation::Sigmoid),
        "tanh" => LayerSpec::Activation(Activation::Tanh),
        "leaky-relu" => LayerSpec::Activation(Activation::LeakyRelu {
            slope: get("slope")
                .map(|n| number("slope", n))
                .transpose()?
                .unwrap_or(0.01),
        }),
        "softmax" => LayerSpec::Softmax,
        "max-pool" | "avg-pool" => {
            let size = get("size")
                .map(|n| pair("size", n, 1))
                .transpose()?
                .unwrap_or([2, 2]);
            LayerSpec::Pool {
                kind: if kind == "max-pool" {
                    Pooling::Max
                } else {
                    Pooling::Average
                },
                size,
                stride: get("stride")
                    .map(|n| pair("stride", n, 1))
                    .transpose()?
                    .unwrap_or(size),
            }
        }
        "conv" => {
            let filters = match (get("filter"), get("filters")) {
                (Some(_), Some(both)) => return Err(exclusive(both, "filter", "filters")),
                (Some(one), None) => filter_maps("filter", one)?.insert_axis(ndarray::Axis(0)),
                (None, Some(many)) => number_filters("filters", many)?,
                (None, None) => {
                    return Err(BlockError {
                        line: kind_node.line,
                        kind: ErrorKind::Missing {
                            key: "filter",
                            hint: "give the `conv` layer `filter = [[...]]` (one filter over every channel) or `filters = [...]`",
                        },
                    });
                }
            };
            let k = filters.dim().0;
            let biases = match (get("bias"), get("biases")) {
                (Some(_), Some(both)) => return Err(exclusive(both, "bias", "biases")),
                (Some(one), None) => Array1::from_elem(1, number("bias", one)?),
                (None, Some(many)) => Array1::from(number_list("biases", many)?),
                (None, None) => Array1::zeros(k),
            };
            LayerSpec::Conv {
                filters,
                biases,
                padding: get("padding")
                    .map(|n| pair("padding", n, 0))
                    .transpose()?
                    .unwrap_or([0, 0]),
                stride: get("stride")
                    .map(|n| pair("stride", n, 1))
                    .transpose()?
                    .unwrap_or([1, 1]),
                dilation: get("dilation")
                    .map(|n| pair("dilation", n, 1))
                    .transpose()?
                    .unwrap_or([1, 1]),
            }
        }
        _ => {
            let Some(weights) = get("weights") else {
                return Err(BlockError {
                    line: kind_node.line,
                    kind: ErrorKind::Missing {
                        key: "weights",
                        hint: "give the `dense` layer `weights = [[...], ...]`: one row per output, one weight per input",
                    },
                });
            };
            let weights: Array2<f64> = number_matrix("weights", weights)?;
            let outputs = weights.nrows();
            LayerSpec::Dense {
                weights,
                biases: get("biases")
                    .map(|n| number_list("biases", n))
                    .transpose()?
                    .map_or_else(|| Array1::zeros(outputs), Array1::from),
            }
        }
    };
    Ok(At {
        value: spec,
        line: kind_node.line,
    })
}

/// Both spellings of one thing in one table; reported at the second.
pub fn exclusive(second: &Node, one: &'static str, other: &'static str) -> BlockError {
    error_at(
        second,
        ErrorKind::Exclusive {
            one,
            other,
            hint: if one == "filter" {
                "`filter` is one filter, `filters = [F, …]` several of one shape"
            } else if one == "image" {
                "`image` gives the numbers, `image-file` a PNG to read them from"
            } else {
                "`bias` goes with one filter, `biases = [b, …]` gives one per filter"
            },
        },
    )
}
