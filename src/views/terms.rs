//! Every output's terms as equation data: what the equations, compact and
//! matrix views write. Read from the engine's terms, never recomputed.

use crate::engine::{Convolution, Source};
use crate::render::latex::{Equation, Product, factor, weight_color};
use crate::render::number;
use crate::resolve::Example;
use crate::views::grid;

/// The equation of every output, in row-major order; at most `limit`.
pub fn equations(example: &Example, conv: &Convolution, limit: usize) -> Vec<Equation> {
    let filter_cols = example.spec.filter.ncols();
    conv.outputs()
        .take(limit)
        .map(|out| Equation {
            output: example.labels.output[out].latex.clone(),
            products: conv
                .terms(out)
                .iter()
                .map(|term| {
                    let (input, input_value, padding) = match term.source {
                        Source::Pixel(pixel) => (
                            example.labels.image[pixel].latex.clone(),
                            factor(example.spec.image[pixel]),
                            false,
                        ),
                        Source::Padding(_) => ("0".to_string(), "0".to_string(), true),
                    };
                    Product {
                        weight: example.labels.filter[term.weight].latex.clone(),
                        weight_value: factor(example.spec.filter[term.weight]),
                        color: weight_color(grid::weight_index(filter_cols, term.weight)),
                        input,
                        input_value,
                        padding,
                    }
                })
                .collect(),
            result: number::plain(conv.output()[out]),
        })
        .collect()
}
