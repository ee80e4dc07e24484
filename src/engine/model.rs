//! Everything one block asks the engine for, computed once: the network
//! (the first convolution and its layers), and, when the block gives a
//! target or a label, the loss, its gradients and the training run. Every
//! view and the JSON read this one value.

use super::conv::ConvSpec;
use super::grad::{self, Gradients, Objective, ObjectiveError, Training};
use super::network::{Network, NetworkError, NetworkSpec};
use super::plane::Convolution;

/// What to learn and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Learning {
    /// The loss and what it compares with.
    pub objective: Objective,
    /// Gradient descent's step size η (positive).
    pub rate: f64,
    /// How many steps of gradient descent to take, if the block asks for
    /// training (`steps = 0` records the starting loss alone).
    pub steps: Option<usize>,
}

/// The numbers of one block, ready to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSpec {
    /// The first convolution and the layers after it.
    pub network: NetworkSpec,
    /// A target or label, if the block gives one.
    pub learning: Option<Learning>,
}

/// Why a block's numbers do not compute.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// The network's shapes.
    #[error(transparent)]
    Network(#[from] NetworkError),
    /// The target, label or training.
    #[error(transparent)]
    Learning(#[from] ObjectiveError),
}

/// One block, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    network: Network,
    plane: Option<Convolution>,
    gradients: Option<Gradients>,
    training: Option<Training>,
}

impl ModelSpec {
    /// A single convolution with nothing after it.
    pub fn convolution(first: ConvSpec) -> ModelSpec {
        ModelSpec {
            network: NetworkSpec {
                first,
                layers: Vec::new(),
            },
            learning: None,
        }
    }
}

impl Model {
    /// Checks every shape and budget, then computes the network, its
    /// gradients and its training.
    pub fn new(spec: ModelSpec) -> Result<Model, ModelError> {
        if let Some(learning) = &spec.learning {
            learning.objective.check(&spec.network)?;
        }
        let network = Network::new(spec.network.clone())?;
        let plane = network.first().single();
        let (gradients, training) = match &spec.learning {
            Some(learning) => {
                let gradients = grad::backward(&network, &learning.objective);
                gradients.check_finite().map_err(ObjectiveError::from)?;
                let training = learning
                    .steps
                    .map(|steps| {
                        grad::train(&spec.network, &learning.objective, learning.rate, steps)
                    })
                    .transpose()?;
                (Some(gradients), training)
            }
            None => (None, None),
        };
        Ok(Model {
            network,
            plane,
            gradients,
            training,
        })
    }

    /// The network, every layer computed.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The first convolution as one plane, when it has one channel and one
    /// filter: what the views of the article draw.
    pub fn plane(&self) -> Option<&Convolution> {
        self.plane.as_ref()
    }

    /// The loss and every gradient, when the block gives a target or label.
    pub fn gradients(&self) -> Option<&Gradients> {
        self.gradients.as_ref()
    }

    /// The gradient-descent run, when the block asks for steps.
    pub fn training(&self) -> Option<&Training> {
        self.training.as_ref()
    }
}
