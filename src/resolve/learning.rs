//! `target`, `label`, `loss`, `learning-rate` and `steps` → what the engine
//! learns, checked against the network's final output.

use ndarray::{Array1, Array3};

use crate::directive::{At, Loss};
use crate::engine::grad::{Objective, ObjectiveError};
use crate::engine::{Learning, NetworkSpec, Shape, Tensor};
use crate::error::{BlockError, ErrorKind};

/// The learning a block asks for, or `None` without `target` and `label`.
pub fn resolve(
    target: &Option<At<(Vec<usize>, Vec<f64>)>>,
    label: &Option<At<usize>>,
    loss: &Option<At<Loss>>,
    rate: &Option<At<f64>>,
    steps: &Option<At<usize>>,
    network: &NetworkSpec,
    shapes: &[Shape],
) -> Result<Option<Learning>, BlockError> {
    let kind = loss
        .as_ref()
        .map(|l| l.value)
        .unwrap_or(if label.is_some() {
            Loss::CrossEntropy
        } else {
            Loss::Squared
        });
    let loss_line = loss.as_ref().map_or(0, |l| l.line);
    let objective = match (kind, target, label) {
        (_, Some(t), Some(l)) => {
            return Err(BlockError {
                line: t.line.max(l.line),
                kind: ErrorKind::Views(
                    "give either `target` (with the squared loss) or `label` (with cross-entropy), not both",
                ),
            });
        }
        (Loss::Squared, Some(t), None) => Objective::Squared {
            target: target_tensor(t, shapes, network.layers.is_empty() && single(network))?,
        },
        (Loss::CrossEntropy, None, Some(l)) => Objective::CrossEntropy { label: l.value },
        (Loss::Squared, None, Some(l)) => {
            return Err(BlockError {
                line: loss_line.max(l.line),
                kind: ErrorKind::Missing {
                    key: "target",
                    hint: "the squared loss compares the output with a `target`; for a class `label` use `loss = \"cross-entropy\"`",
                },
            });
        }
        (Loss::CrossEntropy, Some(t), None) => {
            return Err(BlockError {
                line: loss_line.max(t.line),
                kind: ErrorKind::Missing {
                    key: "label",
                    hint: "cross-entropy needs the right class as `label = N`; for a `target` use `loss = \"squared\"`",
                },
            });
        }
        (_, None, None) => {
            let asked = [
                steps.as_ref().map(|s| s.line),
                rate.as_ref().map(|r| r.line),
                loss.as_ref().map(|l| l.line),
            ];
            if let Some(line) = asked.into_iter().flatten().next() {
                return Err(BlockError {
                    line,
                    kind: ErrorKind::Missing {
                        key: "target",
                        hint: "learning needs something to learn: add `target = …` (the wanted output) or `label = N` with a final softmax",
                    },
                });
            }
            return Ok(None);
        }
    };
    let at = label
        .as_ref()
        .map(|l| l.line)
        .or(target.as_ref().map(|t| t.line))
        .unwrap_or(0)
        .max(loss_line);
    objective.check(network).map_err(|e| BlockError {
        line: at,
        kind: ErrorKind::Learning(e),
    })?;
    Ok(Some(Learning {
        objective,
        rate: rate.as_ref().map_or(0.01, |r| r.value),
        steps: steps.as_ref().map(|s| s.value),
    }))
}

fn single(network: &NetworkSpec) -> bool {
    network.first.channels() == 1 && network.first.filter_count() == 1
}

/// The target as a tensor of the final output's shape; the JSON writes a
/// one-plane output without layers as 2-D, so the target may be 2-D too.
fn target_tensor(
    target: &At<(Vec<usize>, Vec<f64>)>,
    shapes: &[Shape],
    plane: bool,
) -> Result<Tensor, BlockError> {
    let last = shapes.last().copied().unwrap_or(Shape::Flat(0));
    let (shape, values) = &target.value;
    let expected: Vec<usize> = match last {
        Shape::Spatial([_, h, w]) if plane => vec![h, w],
        Shape::Spatial([c, h, w]) => vec![c, h, w],
        Shape::Flat(n) => vec![n],
    };
    if shape != &expected {
        let written = |s: &[usize]| s.iter().map(usize::to_string).collect::<Vec<_>>().join("x");
        return Err(BlockError {
            line: target.line,
            kind: ErrorKind::Learning(ObjectiveError::TargetShape {
                expected: written(&expected),
                found: written(shape),
            }),
        });
    }
    Ok(match last {
        Shape::Spatial([c, h, w]) => Tensor::Spatial(
            Array3::from_shape_vec((c, h, w), values.clone())
                .unwrap_or_else(|_| Array3::zeros((c, h, w))),
        ),
        Shape::Flat(_) => Tensor::Flat(Array1::from(values.clone())),
    })
}
