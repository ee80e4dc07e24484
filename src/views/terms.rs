//! Every output's terms as equation data: what the equations, compact and
//! matrix views write. Read from the engine's terms, never recomputed.

use crate::engine::{Convolution, Source, Term, limits};
use crate::figure::{Equation, Input, Product, Quantity, Weight};
use crate::labels::Label;
use crate::resolve::Example;
use crate::views::grid;
use crate::words;

/// The equation of every output, in row-major order; at most `limit`. A
/// sum longer than [`limits::MAX_EQUATION_TERMS`] keeps its first
/// [`limits::EQUATION_HEAD`] products and its last (the budget is checked
/// before any product is built), so an equation stays one line whatever
/// the filter.
pub fn equations(example: &Example, conv: &Convolution, limit: usize) -> Vec<Equation> {
    let spec = &example.spec;
    let labels = &example.labels;
    let product = |term: &Term| Product {
        weight: weight(example, term.weight),
        input: match term.source {
            Source::Pixel(pixel) => Input::Pixel(quantity(&labels.image[pixel], spec.image[pixel])),
            Source::Padding(_) => Input::Padding,
        },
    };
    conv.outputs()
        .take(limit)
        .map(|out| {
            let terms = conv.terms(out);
            let written = limits::written_terms(terms.len());
            let (head, last) = terms.split_at(written.saturating_sub(1));
            let last = if written < terms.len() {
                &last[last.len() - 1..]
            } else {
                last
            };
            Equation {
                output: quantity(&labels.output[out], conv.output()[out]),
                products: head.iter().chain(last).map(product).collect(),
                elided: terms.len() - written,
            }
        })
        .collect()
}

/// The caption's sentence for shortened equations: how many products each
/// has and how many are written; empty when every product is written.
pub fn elided_note(terms: usize) -> String {
    let written = limits::written_terms(terms);
    if written == terms {
        return String::new();
    }
    format!(
        " Each equation has {} products, too many to write out: {} are written, the first {} and the last, with ⋯ for the {} in between.",
        words::count(terms),
        written,
        written - 1,
        words::count(terms - written)
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::Math;
    use crate::view::View;
    use crate::views::testing::{digits, drawing, example};

    #[test]
    fn a_long_sum_keeps_its_first_products_and_its_last() {
        let body = format!("image = {}\nfilter = {}", digits(2, 40), digits(1, 30));
        let (example, conv) = example(&body);
        let eqs = equations(&example, &conv, 16);
        // The first 16 of 2×11 outputs, of 30 products each: 5 written,
        // ⋯, the last.
        assert_eq!(eqs.len(), 16);
        for (eq, out) in eqs.iter().zip(conv.outputs()) {
            assert_eq!(eq.products.len(), limits::EQUATION_HEAD + 1);
            assert_eq!(eq.elided, 30 - (limits::EQUATION_HEAD + 1));
            let last = eq.products.last().unwrap();
            let expected = conv.terms(out).last().unwrap().weight;
            assert_eq!(last.weight.color, grid::weight_index(30, expected));
        }
        let note = elided_note(30);
        assert!(
            note.contains("has 30 products")
                && note.contains("6 are written")
                && note.contains("the 24 in between"),
            "{note}"
        );
        assert_eq!(elided_note(25), "");
    }

    #[test]
    fn equation_views_say_what_they_left_out() {
        let body = format!("image = {}\nfilter = {}", digits(40, 40), digits(40, 40));
        for view in [View::Equations, View::Compact] {
            let d = drawing(&body, view);
            assert!(d.summary.contains("Each equation has 1600 products, too many to write out: 6 are written, the first 5 and the last, with ⋯ for the 1594 in between."), "{}", d.summary);
            let latex = crate::render::latex::render(d.math.as_ref().unwrap()).unwrap();
            assert_eq!(
                latex.matches("\\cdots").count(),
                if view == View::Equations { 2 } else { 1 },
                "{latex}"
            );
            assert!(latex.len() < 4_000, "{} bytes", latex.len());
            assert!(matches!(
                d.math,
                Some(Math::Equations(_) | Math::Compact(_))
            ));
        }
    }
}
