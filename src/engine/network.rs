//! A whole small network: the first convolution, then the `[[layers]]` in
//! order. Shapes are checked layer by layer before anything is computed;
//! every layer's output is kept, so every view reads the same numbers.

use super::conv::{Conv, ConvSpec};
use super::layers::{self, LayerError, LayerSpec, Shape, Tensor};
use super::plane::Pair;
use super::plane::ShapeError;

/// The first convolution and the layers after it.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkSpec {
    /// The block's own convolution.
    pub first: ConvSpec,
    /// The `[[layers]]` tables, in order.
    pub layers: Vec<LayerSpec>,
}

/// A layer that cannot take what comes into it, and which one it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NetworkError {
    /// The first convolution.
    #[error("{0}")]
    First(#[from] ShapeError),
    /// Layer `index` (0-based among the `[[layers]]`).
    #[error("{error}")]
    Layer {
        /// Which `[[layers]]` entry, 0-based.
        index: usize,
        /// What is wrong.
        error: LayerError,
    },
}

/// One computed layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Its kind and parameters.
    pub spec: LayerSpec,
    /// What it received.
    pub input: Tensor,
    /// What it gives.
    pub output: Tensor,
    /// Its convolution, for `conv` layers.
    pub conv: Option<Conv>,
}

/// A computed network.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    first: Conv,
    steps: Vec<Step>,
}

/// How much of the input one output of a layer sees, per axis (Araujo et
/// al., "Computing Receptive Fields of Convolutional Neural Networks",
/// Distill 2019): output `i` sees input positions `start + i·jump` to
/// `start + i·jump + size − 1` (clipped to the image; negative = padding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceptiveField {
    /// How many input positions one output spans.
    pub size: Pair,
    /// How far apart, in input positions, two neighbouring outputs are.
    pub jump: Pair,
    /// Where the first output's field starts.
    pub start: [isize; 2],
}

impl ReceptiveField {
    /// The input rows (or columns, `axis` 1) output index `i` sees, within
    /// an input of `n` positions.
    pub fn span(&self, axis: usize, i: usize, n: usize) -> std::ops::Range<usize> {
        let first = self.start[axis] + (i * self.jump[axis]) as isize;
        let last = first + self.size[axis] as isize;
        let clip = |x: isize| x.clamp(0, n as isize) as usize;
        clip(first)..clip(last)
    }

    fn through(self, kernel: Pair, stride: Pair, padding: Pair, dilation: Pair) -> Self {
        let axis = |a: usize| {
            let reach = dilation[a] * (kernel[a] - 1) + 1;
            (
                self.size[a] + (reach - 1) * self.jump[a],
                self.jump[a] * stride[a],
                self.start[a] - (padding[a] * self.jump[a]) as isize,
            )
        };
        let (r0, j0, s0) = axis(0);
        let (r1, j1, s1) = axis(1);
        ReceptiveField {
            size: [r0, r1],
            jump: [j0, j1],
            start: [s0, s1],
        }
    }
}

impl NetworkError {
    /// Whether a result overflowed (rather than a shape or a budget).
    pub fn is_overflow(&self) -> bool {
        matches!(
            self,
            NetworkError::First(ShapeError::Overflow(_))
                | NetworkError::Layer {
                    error: LayerError::Overflow(_) | LayerError::Conv(ShapeError::Overflow(_)),
                    ..
                }
        )
    }
}

impl NetworkSpec {
    /// Every layer's output shape, the first convolution's first, checked
    /// from shapes alone before anything is computed.
    pub fn shapes(&self) -> Result<Vec<Shape>, NetworkError> {
        let geometry = self.first.geometry()?;
        let mut shape = Shape::Spatial([
            self.first.filter_count(),
            geometry.output[0],
            geometry.output[1],
        ]);
        let mut shapes = vec![shape];
        for (index, layer) in self.layers.iter().enumerate() {
            shape = layer
                .output_shape(shape)
                .map_err(|error| NetworkError::Layer { index, error })?;
            shapes.push(shape);
        }
        Ok(shapes)
    }

    /// Trainable numbers of the whole network.
    pub fn parameter_count(&self) -> usize {
        self.first.parameter_count()
            + self
                .layers
                .iter()
                .map(LayerSpec::parameter_count)
                .sum::<usize>()
    }
}

impl Network {
    /// Checks every shape, then computes every layer.
    pub fn new(spec: NetworkSpec) -> Result<Network, NetworkError> {
        spec.shapes()?;
        let first = Conv::new(spec.first)?;
        let mut current = Tensor::Spatial(first.output().clone());
        let mut steps = Vec::with_capacity(spec.layers.len());
        for (index, layer) in spec.layers.into_iter().enumerate() {
            let conv = match &current {
                Tensor::Spatial(maps) => {
                    layer
                        .conv(maps)
                        .transpose()
                        .map_err(|e| NetworkError::Layer {
                            index,
                            error: e.into(),
                        })?
                }
                Tensor::Flat(_) => None,
            };
            let output = layers::forward(&layer, &current, conv.as_ref());
            output.check_finite().map_err(|e| NetworkError::Layer {
                index,
                error: e.into(),
            })?;
            steps.push(Step {
                spec: layer,
                input: current,
                output: output.clone(),
                conv,
            });
            current = output;
        }
        Ok(Network { first, steps })
    }

    /// The block's own convolution.
    pub fn first(&self) -> &Conv {
        &self.first
    }

    /// The layers after it, computed.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The network's result: the last layer's output (the first
    /// convolution's feature maps without layers).
    pub fn output(&self) -> Tensor {
        match self.steps.last() {
            Some(step) => step.output.clone(),
            None => Tensor::Spatial(self.first.output().clone()),
        }
    }

    /// The receptive field of every spatial layer's outputs in the input
    /// image: the first convolution's, then one per layer (`None` from the
    /// first flat layer on, where every output sees the whole image).
    pub fn receptive_fields(&self) -> Vec<Option<ReceptiveField>> {
        let g = self.first.geometry();
        let mut field = Some(
            ReceptiveField {
                size: [1, 1],
                jump: [1, 1],
                start: [0, 0],
            }
            .through(g.kernel, g.stride, g.padding, g.dilation),
        );
        let mut fields = vec![field];
        for step in &self.steps {
            field = match (&step.spec, field, step.output.shape()) {
                (_, _, Shape::Flat(_)) | (_, None, _) => None,
                (LayerSpec::Pool { size, stride, .. }, Some(f), _) => {
                    Some(f.through(*size, *stride, [0, 0], [1, 1]))
                }
                (LayerSpec::Conv { .. }, Some(f), _) => step.conv.as_ref().map(|conv| {
                    let g = conv.geometry();
                    f.through(g.kernel, g.stride, g.padding, g.dilation)
                }),
                (_, f, _) => f,
            };
            fields.push(field);
        }
        fields
    }
}

#[cfg(test)]
mod tests;
