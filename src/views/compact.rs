//! The compact equation view: the whole layer in one line of index notation,
//! with this example's sizes, above the equations set so that each weight
//! stands in one column.

use tera::Context;

use crate::engine::Convolution;
use crate::figure::{Drawing, Math};
use crate::render::latex;
use crate::resolve::Example;
use crate::view::View;
use crate::views::terms;

/// Most rows in the aligned table.
pub const MAX_ROWS: usize = 16;

/// The index formula and the column-aligned equations.
pub fn draw(example: &Example, conv: &Convolution) -> Drawing {
    let spec = &example.spec;
    let (k_rows, k_cols) = spec.filter.dim();
    let [out_rows, out_cols] = conv.output_shape();
    let equations = terms::equations(example, conv, MAX_ROWS);
    let mut context = Context::new();
    context.insert("output_symbol", "Y");
    context.insert("input_symbol", "X");
    context.insert("weight_symbol", "W");
    context.insert("bias", &example.labels.bias.latex);
    context.insert("last_u", &(k_rows - 1));
    context.insert("last_v", &(k_cols - 1));
    context.insert("last_i", &(out_rows - 1));
    context.insert("last_j", &(out_cols - 1));
    context.insert(
        "row_index",
        &index("i", "u", spec.stride[0], spec.dilation[0], spec.padding[0]),
    );
    context.insert(
        "col_index",
        &index("j", "v", spec.stride[1], spec.dilation[1], spec.padding[1]),
    );
    context.insert("weights", &vec![(); spec.filter.len()]);
    context.insert("equations", &equations);
    let mut summary = format!(
        "One formula covers all {} outputs: output (i, j) adds the {}×{} weights W times the inputs X they lie on, plus the bias. Below, each column holds one weight, so you can see that every output uses the same weights in the same order; only the inputs shift",
        conv.output().len(),
        k_rows,
        k_cols,
    );
    summary.push_str(&shift_clause(spec.stride, spec.dilation));
    if spec.padding != [0, 0] {
        summary.push_str(&format!(
            " Indices outside the image (below 0 or past the edge) read the padding's zeros, shown in gray; the −{} in the index undoes the padding's offset.",
            spec.padding[0].max(spec.padding[1])
        ));
    }
    let total = conv.output().len();
    if total > MAX_ROWS {
        summary.push_str(&format!(
            " The table shows the first {MAX_ROWS} of {total} outputs."
        ));
    }
    Drawing {
        view: View::Compact.name(),
        summary,
        figure: None,
        math: Some(Math {
            latex: latex::render("compact.tex", &context),
        }),
    }
}

/// `2i + u - 1`: the input index of output index `out` and filter index
/// `tap`, for this stride, dilation and padding.
fn index(out: &str, tap: &str, stride: usize, dilation: usize, padding: usize) -> String {
    let mut text = match stride {
        1 => out.to_string(),
        s => format!("{s}{out}"),
    };
    match dilation {
        1 => text.push_str(&format!(" + {tap}")),
        d => text.push_str(&format!(" + {d}{tap}")),
    }
    if padding > 0 {
        text.push_str(&format!(" - {padding}"));
    }
    text
}

fn shift_clause(stride: [usize; 2], dilation: [usize; 2]) -> String {
    let mut clause = if stride == [1, 1] {
        ", one pixel per step.".to_string()
    } else {
        format!(
            ", {} down and {} across per step (stride).",
            stride[0], stride[1]
        )
    };
    if dilation != [1, 1] {
        clause.push_str(&format!(
            " The taps are {} apart down and {} apart across (dilation).",
            dilation[0], dilation[1]
        ));
    }
    clause
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_spells_out_the_hyper_parameters() {
        assert_eq!(index("i", "u", 1, 1, 0), "i + u");
        assert_eq!(index("j", "v", 2, 3, 1), "2j + 3v - 1");
    }
}
