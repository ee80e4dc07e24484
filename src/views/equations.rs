//! The equation view: one equation per output, P = αA + βB + γD + δE + b,
//! with the numbers substituted and the result.

use crate::engine::{Convolution, Source};
use crate::figure::{Drawing, Equations, Math};
use crate::render::number;
use crate::resolve::Example;
use crate::view::View;
use crate::views::terms;

/// Most equations written out; past that the summary says how many more.
pub const MAX_EQUATIONS: usize = 16;

/// One aligned block of equations.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let math = Equations {
        equations: terms::equations(example, conv, MAX_EQUATIONS),
        bias: terms::quantity(&example.labels.bias, example.spec.bias),
        symbols: example.show.symbols(),
        values: example.show.values(),
    };
    let total = conv.output().len();
    let per_output = example.spec.filter.len();
    let mut summary = format!(
        "{} equations, one per output. Each adds {} products of a weight and an input, then the bias {}, which is the same {} in every equation.",
        total,
        per_output,
        example.labels.bias.text,
        number::display(example.spec.bias),
    );
    let padding_terms = conv
        .outputs()
        .flat_map(|out| conv.terms(out))
        .filter(|t| matches!(t.source, Source::Padding(_)))
        .count();
    if padding_terms > 0 {
        summary.push_str(&format!(
            " {} where the filter lies on padding is written with a gray 0: it adds nothing.",
            if padding_terms == 1 {
                "The one product".to_string()
            } else {
                format!("Each of the {padding_terms} products")
            }
        ));
    }
    summary.push_str(&terms::elided_note(per_output));
    if total > MAX_EQUATIONS {
        summary.push_str(&format!(
            " The first {MAX_EQUATIONS} are written out; the other {} follow the same pattern (see the compact view).",
            total - MAX_EQUATIONS
        ));
    }
    Drawing {
        view: View::Equations.name(),
        summary,
        figure: None,
        math: Some(Math::Equations(math)),
        controls: None,
        code: None,
    }
}
