//! The code view: the example as short programs a reader can copy and run
//! (NumPy, PyTorch, Rust with ndarray), each printing the final output.
//! The view hands over the typed [`Program`] (numbers and layers in order);
//! `render::code` writes it in each language from templates.

use crate::engine::{Activation, LayerSpec, Model, Pooling, Tensor};
use crate::error::ErrorKind;
use crate::figure::Drawing;
use crate::figure::{Conv, Layer, Pool, Program};
use crate::render::number;
use crate::resolve::Example;
use crate::view::View;
use crate::views::{feature_maps, grid};
use crate::words;

/// Most numbers (image and parameters) a program spells out: past it the
/// programs would be pages of numbers.
pub const MAX_NUMBERS: usize = 8192;

/// Most output values the summary names one by one.
const NAMED_OUTPUTS: usize = 4;

/// The programs of `example`, from the model's network.
pub fn draw(_example: &Example, model: &Model) -> Result<Drawing, ErrorKind> {
    let program = program(model);
    let numbers = program.image.len()
        + program
            .layers
            .iter()
            .map(|layer| match layer {
                Layer::Conv(conv) => conv.filters.len() + conv.biases.len(),
                Layer::Dense {
                    weights, biases, ..
                } => weights.len() + biases.len(),
                _ => 0,
            })
            .sum::<usize>();
    if numbers > MAX_NUMBERS {
        return Err(ErrorKind::CannotDraw {
            view: View::Code.name(),
            why: format!(
                "its programs would spell out {} numbers, more than the {} that stay readable",
                words::count(numbers),
                words::count(MAX_NUMBERS)
            ),
            instead: "crop the image (a smaller `image` or `image-file`), or use `view = \"compact\"` for the formula",
        });
    }
    let (figure, left_out) = feature_maps::figure(model, View::Code.name());
    Ok(Drawing {
        view: View::Code.name(),
        summary: summary(model) + &left_out,
        figure: Some(figure),
        math: None,
        controls: None,
        code: Some(program),
    })
}

/// The network as a program: the first convolution, then every layer.
fn program(model: &Model) -> Program {
    let network = model.network();
    let first = network.first().spec();
    let mut layers = vec![Layer::Conv(Conv {
        filters: first.filters.clone(),
        biases: first.biases.clone(),
        padding: first.padding,
        stride: first.stride,
        dilation: first.dilation,
    })];
    for step in network.steps() {
        layers.push(match &step.spec {
            LayerSpec::Activation(Activation::Relu) => Layer::Relu,
            LayerSpec::Activation(Activation::LeakyRelu { slope }) => {
                Layer::LeakyRelu { slope: *slope }
            }
            LayerSpec::Activation(Activation::Sigmoid) => Layer::Sigmoid,
            LayerSpec::Activation(Activation::Tanh) => Layer::Tanh,
            LayerSpec::Pool { kind, size, stride } => Layer::Pool {
                kind: match kind {
                    Pooling::Max => Pool::Max,
                    Pooling::Average => Pool::Average,
                },
                size: *size,
                stride: *stride,
            },
            LayerSpec::Conv {
                filters,
                biases,
                padding,
                stride,
                dilation,
            } => Layer::Conv(Conv {
                filters: filters.clone(),
                biases: biases.clone(),
                padding: *padding,
                stride: *stride,
                dilation: *dilation,
            }),
            LayerSpec::Dense { weights, biases } => Layer::Dense {
                weights: weights.clone(),
                biases: biases.clone(),
                flatten: matches!(step.input, Tensor::Spatial(_)),
            },
            LayerSpec::Softmax => Layer::Softmax,
        });
    }
    Program {
        image: first.image.clone(),
        layers,
        squeeze: model.plane().is_some() && network.steps().is_empty(),
    }
}

/// "The same computation in NumPy, PyTorch and Rust with ndarray: a 3×3
/// image, one 2×2 filter; each program prints the 2×2 output: 9, 6, 10
/// and 16."
fn summary(model: &Model) -> String {
    let network = model.network();
    let spec = network.first().spec();
    let (c, h, w) = spec.image.dim();
    let (k, _, kh, kw) = spec.filters.dim();
    let image = if c == 1 {
        format!("a {} image", grid::size((h, w)))
    } else {
        format!("a {} image of {c} channels", grid::size((h, w)))
    };
    let filters = match k {
        1 => format!("one {} filter", grid::size((kh, kw))),
        _ => format!("{k} filters of {}", grid::size((kh, kw))),
    };
    let layers = match network.steps().len() {
        0 => String::new(),
        n => format!(" and {} after it", words::plural(n, "layer")),
    };
    let output = network.output();
    let (shape, values) = match &output {
        Tensor::Spatial(maps) if model.plane().is_some() && network.steps().is_empty() => {
            let (_, oh, ow) = maps.dim();
            (
                format!("the {} output", grid::size((oh, ow))),
                maps.iter().copied().collect::<Vec<_>>(),
            )
        }
        Tensor::Spatial(maps) => {
            let (mc, oh, ow) = maps.dim();
            (
                format!("the {mc}×{oh}×{ow} output"),
                maps.iter().copied().collect::<Vec<_>>(),
            )
        }
        Tensor::Flat(v) => (
            format!("the output, {}", words::plural(v.len(), "number")),
            v.to_vec(),
        ),
    };
    let named = if values.len() <= NAMED_OUTPUTS {
        let texts: Vec<String> = values.iter().map(|&v| number::display(v)).collect();
        format!(": {}", words::join_and(&texts))
    } else {
        String::new()
    };
    format!(
        "The image and the first convolution's feature maps, shaded, then the same computation in NumPy, PyTorch and Rust with ndarray, with this example's numbers ({image}, {filters}{layers}); each program prints {shape}{named}."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    #[test]
    fn the_program_is_the_network_in_order() {
        let (example, model) = model(
            "example = \"seed\"\nview = \"code\"\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"dense\"\nweights = [[1, 1, 1, 1]]",
        );
        let drawing = draw(&example, &model).unwrap();
        let program = drawing.code.unwrap();
        assert_eq!(program.layers.len(), 3);
        assert!(matches!(program.layers[1], Layer::Relu));
        assert!(matches!(
            program.layers[2],
            Layer::Dense { flatten: true, .. }
        ));
        assert!(!program.squeeze);
        assert!(
            drawing.summary.contains("2 layers after it"),
            "{}",
            drawing.summary
        );
    }

    #[test]
    fn one_plane_prints_its_map_and_names_the_outputs() {
        let (example, model) = model("example = \"seed\"\nview = \"code\"");
        let drawing = draw(&example, &model).unwrap();
        assert!(drawing.code.unwrap().squeeze);
        let outputs: Vec<String> = model
            .plane()
            .unwrap()
            .output()
            .iter()
            .map(|&v| number::display(v))
            .collect();
        assert!(
            drawing
                .summary
                .ends_with(&format!("{}.", words::join_and(&outputs))),
            "{}",
            drawing.summary
        );
    }
}
