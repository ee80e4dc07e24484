//! Every output's terms as equation data: what the equations, compact and
//! matrix views write. Read from the engine's terms, never recomputed.

use crate::engine::{Convolution, Source};
use crate::figure::{Equation, Input, Product, Quantity, Weight};
use crate::labels::Label;
use crate::resolve::Example;
use crate::views::grid;

/// The equation of every output, in row-major order; at most `limit`.
pub fn equations(example: &Example, conv: &Convolution, limit: usize) -> Vec<Equation> {
    let spec = &example.spec;
    let labels = &example.labels;
    conv.outputs()
        .take(limit)
        .map(|out| Equation {
            output: quantity(&labels.output[out], conv.output()[out]),
            products: conv
                .terms(out)
                .iter()
                .map(|term| Product {
                    weight: weight(example, term.weight),
                    input: match term.source {
                        Source::Pixel(pixel) => {
                            Input::Pixel(quantity(&labels.image[pixel], spec.image[pixel]))
                        }
                        Source::Padding(_) => Input::Padding,
                    },
                })
                .collect(),
        })
        .collect()
}

/// A label's LaTeX symbol with its value.
pub fn quantity(label: &Label, value: f64) -> Quantity {
    Quantity {
        symbol: label.latex.clone(),
        value,
    }
}

/// Filter weight `index` with its shared-weight color, as the SVG tones it.
pub fn weight(example: &Example, index: [usize; 2]) -> Weight {
    let filter = &example.spec.filter;
    Weight {
        quantity: quantity(&example.labels.filter[index], filter[index]),
        color: grid::weight_index(filter.ncols(), index),
    }
}
