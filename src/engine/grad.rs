//! Learning: the loss, the backward pass through every layer kind, and
//! plain gradient descent. The convolution's backward pass reads the same
//! terms as the forward one: ∂L/∂W sums, per shared weight, the products of
//! every section it touched; ∂L/∂X is Cᵀδ.

use ndarray::{Array1, Array2, Array3, Array4};

use super::conv::Conv;
use super::layers::{LayerSpec, Pooling, Shape, Tensor, max_position, pool_window};
use super::limits;
use super::network::{Network, NetworkError, NetworkSpec};
use super::plane::Source;

/// What the network should give, and how far off it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Objective {
    /// L = ½ Σ (y − t)².
    Squared {
        /// The wanted final output, in its shape.
        target: Tensor,
    },
    /// L = −log p_label, after a final softmax.
    CrossEntropy {
        /// The right class, 0-based.
        label: usize,
    },
}

/// Why an objective does not fit the network.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ObjectiveError {
    /// A target of another shape than the final output.
    #[error("`target` is {found} but the final output is {expected}: give one number per output")]
    TargetShape {
        /// The final output's shape, as the JSON writes it (`2x2`).
        expected: String,
        /// The target's shape.
        found: String,
    },
    /// A label past the last class.
    #[error("`label = {label}` but there are only {classes} classes (0 to {}): use a class index", classes.saturating_sub(1))]
    Label {
        /// The label given.
        label: usize,
        /// How many classes.
        classes: usize,
    },
    /// Cross-entropy without probabilities.
    #[error(
        "`loss = \"cross-entropy\"` needs probabilities: end `[[layers]]` with `kind = \"softmax\"` (or use `loss = \"squared\"` with a `target`)"
    )]
    NoSoftmax,
    /// Training that blew up.
    #[error(
        "{what} became {value} at step {step}: use a smaller `learning-rate` (or fewer `steps`)"
    )]
    Diverged {
        /// `the loss`, `a gradient` or `a weight`.
        what: &'static str,
        /// The step (0 = before the first update).
        step: usize,
        /// `NaN` or `inf`.
        value: String,
    },
    /// More work than the engine does per block.
    #[error(transparent)]
    Limit(#[from] limits::LimitError),
    /// A gradient past the largest number, from finite inputs.
    #[error(transparent)]
    Overflow(#[from] limits::OverflowError),
    /// The network itself does not compute.
    #[error(transparent)]
    Network(#[from] NetworkError),
}

/// Gradients of one layer's parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamGrad {
    /// A layer without parameters.
    None,
    /// `∂L/∂filters` `[K][C][kh][kw]` and `∂L/∂biases` `[K]`.
    Conv {
        /// Per weight.
        filters: Array4<f64>,
        /// Per filter.
        biases: Array1<f64>,
    },
    /// `∂L/∂weights` `[outputs][inputs]` and `∂L/∂biases`.
    Dense {
        /// Per weight.
        weights: Array2<f64>,
        /// Per output.
        biases: Array1<f64>,
    },
}

/// Every gradient of one backward pass.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    /// The loss.
    pub loss: f64,
    /// ∂L/∂image, `[C][H][W]`.
    pub image: Array3<f64>,
    /// The first convolution's parameters (a [`ParamGrad::Conv`]).
    pub first: ParamGrad,
    /// One per layer, in order.
    pub layers: Vec<ParamGrad>,
    /// δ: ∂L/∂(output) of the first convolution, then of every layer.
    pub deltas: Vec<Tensor>,
}

impl ParamGrad {
    /// Every number: the weights' gradients, then the biases'.
    fn values(&self) -> Vec<&f64> {
        match self {
            ParamGrad::None => Vec::new(),
            ParamGrad::Conv { filters, biases } => filters.iter().chain(biases).collect(),
            ParamGrad::Dense { weights, biases } => weights.iter().chain(biases).collect(),
        }
    }
}

impl Gradients {
    /// Checks that the loss and every gradient are finite, naming the
    /// first that is not.
    pub fn check_finite(&self) -> Result<(), limits::OverflowError> {
        const HINT: &str = "scale the target, the image or the weights down";
        let named = |what: String| move |_| what;
        limits::check_finite([&self.loss], named("the loss".into()), HINT)?;
        limits::check_finite(&self.image, named("the gradient of the image".into()), HINT)?;
        limits::check_finite(
            self.first.values(),
            named("a gradient of the first convolution's weights".into()),
            HINT,
        )?;
        for (index, (layer, delta)) in self.layers.iter().zip(&self.deltas[1..]).enumerate() {
            let what = format!("a gradient of `[[layers]]` entry {}", index + 1);
            limits::check_finite(layer.values(), named(what.clone()), HINT)?;
            delta
                .check_finite()
                .map_err(|e| limits::OverflowError { what, ..e })?;
        }
        if let Some(first) = self.deltas.first() {
            first.check_finite().map_err(|e| limits::OverflowError {
                what: "a gradient of the first convolution's output".into(),
                ..e
            })?;
        }
        Ok(())
    }
}

impl Objective {
    /// Checks the objective against the network's final output shape.
    pub fn check(&self, spec: &NetworkSpec) -> Result<(), ObjectiveError> {
        let shapes = spec.shapes()?;
        let last = shapes.last().copied().unwrap_or(Shape::Flat(0));
        match self {
            Objective::Squared { target } if target.shape() != last => {
                Err(ObjectiveError::TargetShape {
                    expected: last.to_string(),
                    found: target.shape().to_string(),
                })
            }
            Objective::Squared { .. } => Ok(()),
            Objective::CrossEntropy { label } => {
                if !matches!(spec.layers.last(), Some(LayerSpec::Softmax)) {
                    return Err(ObjectiveError::NoSoftmax);
                }
                if *label >= last.len() {
                    return Err(ObjectiveError::Label {
                        label: *label,
                        classes: last.len(),
                    });
                }
                Ok(())
            }
        }
    }

    /// The loss of a computed network.
    pub fn loss(&self, net: &Network) -> f64 {
        match self {
            Objective::Squared { target } => {
                let diff = net.output().flat() - target.flat();
                0.5 * diff.mapv(|d| d * d).sum()
            }
            Objective::CrossEntropy { label } => {
                // From the logits, so a probability that rounds to 0 still
                // gives a finite loss.
                let logits = net
                    .steps()
                    .last()
                    .map(|s| s.input.flat())
                    .unwrap_or_default();
                let max = logits.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
                let log_sum = logits.mapv(|x| (x - max).exp()).sum().ln() + max;
                log_sum - logits.get(*label).copied().unwrap_or(0.0)
            }
        }
    }
}

/// The backward pass: the loss and every gradient.
pub fn backward(net: &Network, objective: &Objective) -> Gradients {
    let steps = net.steps();
    let n = steps.len();
    let mut layers = vec![ParamGrad::None; n];
    let mut deltas = vec![Tensor::Flat(Array1::zeros(0)); n + 1];
    let output = net.output();
    let (mut delta, mut i) = match objective {
        Objective::Squared { target } => {
            let d = Tensor::reshaped(output.flat() - target.flat(), output.shape());
            deltas[n] = d.clone();
            (d, n)
        }
        Objective::CrossEntropy { label } => {
            // ∂L/∂p is −1/p at the label; through the softmax that becomes
            // p − onehot, computed directly so it stays finite.
            let p = output.flat();
            let mut dp = Array1::zeros(p.len());
            let mut d = p.clone();
            if let (Some(x), Some(&pl)) = (dp.get_mut(*label), p.get(*label)) {
                *x = -1.0 / pl;
            }
            if let Some(x) = d.get_mut(*label) {
                *x -= 1.0;
            }
            deltas[n] = Tensor::Flat(dp);
            let d = Tensor::Flat(d);
            deltas[n - 1] = d.clone();
            (d, n - 1)
        }
    };
    while i > 0 {
        let step = &steps[i - 1];
        let (before, grad) = layer_backward(&step.spec, &step.input, step.conv.as_ref(), &delta);
        layers[i - 1] = grad;
        delta = before;
        deltas[i - 1] = delta.clone();
        i -= 1;
    }
    let maps = match delta {
        Tensor::Spatial(a) => a,
        Tensor::Flat(v) => match Tensor::reshaped(v, Shape::Spatial(dims(net.first().output()))) {
            Tensor::Spatial(a) => a,
            Tensor::Flat(_) => Array3::zeros(net.first().output().dim()),
        },
    };
    let (image, first) = conv_backward(net.first(), &maps);
    Gradients {
        loss: objective.loss(net),
        image,
        first,
        layers,
        deltas,
    }
}

fn dims(a: &Array3<f64>) -> [usize; 3] {
    let (c, h, w) = a.dim();
    [c, h, w]
}

/// One layer backwards: δ of its input and its parameters' gradients.
fn layer_backward(
    spec: &LayerSpec,
    input: &Tensor,
    conv: Option<&Conv>,
    delta: &Tensor,
) -> (Tensor, ParamGrad) {
    match spec {
        LayerSpec::Activation(f) => {
            let d = input.flat().mapv(|x| f.derivative(x)) * delta.flat();
            (Tensor::reshaped(d, input.shape()), ParamGrad::None)
        }
        LayerSpec::Softmax => {
            let p = super::layers::softmax(&input.flat());
            let g = delta.flat();
            let dot = (&p * &g).sum();
            (Tensor::Flat(&p * &(g - dot)), ParamGrad::None)
        }
        LayerSpec::Dense { weights, .. } => {
            let x = input.flat();
            let g = delta.flat();
            let dw = Array2::from_shape_fn(weights.dim(), |(o, i)| g[o] * x[i]);
            let dx = weights.t().dot(&g);
            (
                Tensor::reshaped(dx, input.shape()),
                ParamGrad::Dense {
                    weights: dw,
                    biases: g,
                },
            )
        }
        LayerSpec::Pool { kind, size, stride } => {
            let (Tensor::Spatial(x), Tensor::Spatial(d)) = (input, delta) else {
                return (input.clone(), ParamGrad::None);
            };
            let mut dx = Array3::zeros(x.dim());
            for ((c, i, j), g) in d.indexed_iter() {
                match kind {
                    Pooling::Max => {
                        // The first largest value takes the whole gradient.
                        if let Some([r, q]) = max_position(x.view(), c, [i, j], *size, *stride) {
                            dx[[c, r, q]] += g;
                        }
                    }
                    Pooling::Average => {
                        let share = g / (size[0] * size[1]) as f64;
                        for [r, q] in pool_window([i, j], *size, *stride) {
                            dx[[c, r, q]] += share;
                        }
                    }
                }
            }
            (Tensor::Spatial(dx), ParamGrad::None)
        }
        LayerSpec::Conv { .. } => match (conv, delta) {
            (Some(conv), Tensor::Spatial(d)) => {
                let (dx, grad) = conv_backward(conv, d);
                (Tensor::Spatial(dx), grad)
            }
            _ => (input.clone(), ParamGrad::None),
        },
    }
}

/// A convolution backwards, from its terms: ∂L/∂b_k = Σ δ_k;
/// ∂L/∂W[k,c,u,v] = Σ over outputs of δ · the input its term met;
/// ∂L/∂X = Cᵀδ (each pixel collects weight · δ from every output using it).
pub fn conv_backward(conv: &Conv, delta: &Array3<f64>) -> (Array3<f64>, ParamGrad) {
    let spec = conv.spec();
    let mut dx = Array3::zeros(spec.image.dim());
    let mut dw = Array4::zeros(spec.filters.dim());
    let mut db = Array1::zeros(spec.biases.len());
    for k in 0..spec.filter_count() {
        for out in conv.outputs() {
            let g = delta[[k, out[0], out[1]]];
            db[k] += g;
            for term in conv.terms(k, out) {
                if let Source::Pixel([r, q]) = term.source {
                    let w = [k, term.channel, term.weight[0], term.weight[1]];
                    dw[w] += g * spec.image[[term.channel, r, q]];
                    dx[[term.channel, r, q]] += g * spec.filters[w];
                }
            }
        }
    }
    (
        dx,
        ParamGrad::Conv {
            filters: dw,
            biases: db,
        },
    )
}

/// Gradient descent's record.
#[derive(Debug, Clone, PartialEq)]
pub struct Training {
    /// L₀ (before the first step) to L_N.
    pub losses: Vec<f64>,
    /// The first convolution's filters after each step, the start first.
    pub filters: Vec<Array4<f64>>,
    /// Its biases likewise.
    pub biases: Vec<Array1<f64>>,
    /// The network after the last step.
    pub last: NetworkSpec,
}

/// `steps` steps of plain gradient descent with learning rate `rate` on
/// every weight and bias (not on the image).
pub fn train(
    spec: &NetworkSpec,
    objective: &Objective,
    rate: f64,
    steps: usize,
) -> Result<Training, ObjectiveError> {
    // A step is a forward pass and a backward one, which takes about
    // twice the forward's work (∂L/∂input and ∂L/∂weights), then an
    // update of every parameter.
    let per_step = spec
        .parameter_count()
        .saturating_mul(4)
        .saturating_add(work(spec).saturating_mul(3));
    limits::check_training(per_step, steps)?;
    let mut current = spec.clone();
    let mut record = Training {
        losses: Vec::with_capacity(steps + 1),
        filters: vec![current.first.filters.clone()],
        biases: vec![current.first.biases.clone()],
        last: current.clone(),
    };
    for step in 0..=steps {
        // Past the start, a number that overflows comes from the steps
        // themselves: the learning rate is what to change.
        let diverged = |what, value: &str| ObjectiveError::Diverged {
            what,
            step,
            value: value.to_string(),
        };
        let net = Network::new(current.clone()).map_err(|e| match e {
            e if step > 0 && e.is_overflow() => diverged("an output", "infinite"),
            e => e.into(),
        })?;
        let grads = backward(&net, objective);
        if let Err(e) = grads.check_finite() {
            return Err(match (step, grads.loss) {
                (0, _) => e.into(),
                (_, loss) if loss.is_nan() => diverged("the loss", "NaN"),
                (_, loss) if loss.is_infinite() => diverged("the loss", "infinite"),
                _ => diverged("a gradient", "infinite"),
            });
        }
        record.losses.push(grads.loss);
        if step == steps {
            break;
        }
        apply(&mut current, &grads, rate);
        if !parameters_finite(&current) {
            return Err(ObjectiveError::Diverged {
                what: "a weight",
                step: step + 1,
                value: "infinite".to_string(),
            });
        }
        record.filters.push(current.first.filters.clone());
        record.biases.push(current.first.biases.clone());
    }
    record.last = current;
    Ok(record)
}

/// Multiply-adds of one forward pass, from shapes: every convolution's
/// weights times its output positions (the first one and the `conv`
/// layers alike), every dense layer's weights, and one per value for the
/// other layers.
fn work(spec: &NetworkSpec) -> usize {
    let Ok(shapes) = spec.shapes() else { return 0 };
    let per_map = |shape: &Shape, filters: usize| shape.len() / filters.max(1);
    let first = spec
        .first
        .filters
        .len()
        .saturating_mul(per_map(&shapes[0], spec.first.filter_count()));
    let layers = spec
        .layers
        .iter()
        .zip(&shapes[1..])
        .map(|(layer, out)| match layer {
            LayerSpec::Conv { filters, .. } => {
                filters.len().saturating_mul(per_map(out, filters.dim().0))
            }
            LayerSpec::Dense { weights, .. } => weights.len(),
            _ => out.len(),
        });
    layers.fold(first, usize::saturating_add)
}

/// Whether every weight and bias of the network is finite: a step may
/// overflow one that only ever meets padding, where no output shows it.
fn parameters_finite(spec: &NetworkSpec) -> bool {
    let finite = |v: &f64| v.is_finite();
    spec.first.filters.iter().all(finite)
        && spec.first.biases.iter().all(finite)
        && spec.layers.iter().all(|layer| match layer {
            LayerSpec::Conv {
                filters, biases, ..
            } => filters.iter().all(finite) && biases.iter().all(finite),
            LayerSpec::Dense { weights, biases } => {
                weights.iter().all(finite) && biases.iter().all(finite)
            }
            _ => true,
        })
}

fn apply(spec: &mut NetworkSpec, grads: &Gradients, rate: f64) {
    if let ParamGrad::Conv { filters, biases } = &grads.first {
        spec.first.filters.scaled_add(-rate, filters);
        spec.first.biases.scaled_add(-rate, biases);
    }
    for (layer, grad) in spec.layers.iter_mut().zip(&grads.layers) {
        match (layer, grad) {
            (
                LayerSpec::Conv {
                    filters, biases, ..
                },
                ParamGrad::Conv {
                    filters: df,
                    biases: db,
                },
            ) => {
                filters.scaled_add(-rate, df);
                biases.scaled_add(-rate, db);
            }
            (
                LayerSpec::Dense { weights, biases },
                ParamGrad::Dense {
                    weights: dw,
                    biases: db,
                },
            ) => {
                weights.scaled_add(-rate, dw);
                biases.scaled_add(-rate, db);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
