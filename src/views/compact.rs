//! The compact equation view: the whole layer in one line of index notation,
//! with this example's sizes, above the equations set so that each weight
//! stands in one column.

use crate::engine::Convolution;
use crate::figure::{Compact, Drawing, Math};
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
    let math = Compact {
        output: "Y".into(),
        input: "X".into(),
        weight: "W".into(),
        bias: example.labels.bias.latex.clone(),
        filter: [k_rows, k_cols],
        outputs: [out_rows, out_cols],
        stride: spec.stride,
        dilation: spec.dilation,
        padding: spec.padding,
        equations: terms::equations(example, conv, MAX_ROWS),
    };
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
    summary.push_str(&terms::elided_note(spec.filter.len()));
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
        math: Some(Math::Compact(math)),
        controls: None,
        code: None,
    }
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
