//! Every budget in one place: what the directive accepts (steps, labels),
//! what the engine computes (pixels, terms, multiply-adds, matrix entries,
//! training work), what a figure draws (cells, written products), and the
//! largest number a result may reach. Each size is checked from shapes
//! alone, before anything is allocated, for every convolution the engine
//! builds: a block's own and the ones views build to compare (the padding
//! view's centered padding, a channel's plane). So no input within the
//! documented limits can exhaust memory or time. This module uses nothing
//! else of the crate, so every stage may read it.

/// The largest padding, stride or dilation accepted, per axis.
pub const MAX_STEP: usize = 64;
/// Longest label, in characters: what a cell or an equation can hold.
pub const MAX_LABEL_CHARS: usize = 24;

/// Largest image side (rows or columns), per channel.
pub const MAX_IMAGE_SIDE: usize = 256;
/// Most channels of an image or a layer's input.
pub const MAX_CHANNELS: usize = 64;
/// Most filters of one layer.
pub const MAX_FILTERS: usize = 64;
/// Most filter-times-pixel terms of one plane (outputs × filter positions):
/// what the views draw from, kept in memory once.
pub const MAX_TERMS: usize = 2_000_000;
/// Most multiply-adds of one layer (terms × channels × filters): what the
/// engine computes.
pub const MAX_MULTIPLY_ADDS: usize = 32_000_000;
/// Most entries of a weight matrix the engine writes out whole (JSON).
pub const MAX_MATRIX_ENTRIES: usize = 4_000_000;

/// Most multiply-adds of all training steps of one block together, each
/// step counted as a forward pass and a backward one (every layer's
/// convolutions and dense weights included): about a second on one core.
pub const MAX_TRAINING_WORK: usize = 300_000_000;
/// Most training steps.
pub const MAX_STEPS: usize = 1000;

/// Most cells (or other shapes of one kind) a figure draws one by one. A
/// view that would draw more draws a reduced figure instead (a heat map, a
/// lattice, a shaded window) and says so in its caption: a figure stays
/// under about half a megabyte whatever the example.
pub const MAX_DRAWN_CELLS: usize = 4_096;
/// Most products an equation writes out. A longer sum is written as its
/// first [`EQUATION_HEAD`] products, `⋯` and the last one, and the caption
/// says how many were left out.
pub const MAX_EQUATION_TERMS: usize = 25;
/// Products written before the `⋯` of a shortened equation.
pub const EQUATION_HEAD: usize = 5;

/// Whether a figure may draw `cells` cells one by one (else it draws a
/// reduced figure): checked before any item is built.
pub fn fits_figure(cells: usize) -> bool {
    cells <= MAX_DRAWN_CELLS
}

/// How many of an equation's `terms` products are written: all of them,
/// or the first [`EQUATION_HEAD`] and the last.
pub fn written_terms(terms: usize) -> usize {
    if terms <= MAX_EQUATION_TERMS {
        terms
    } else {
        EQUATION_HEAD + 1
    }
}

/// A result past the largest `f64` (or not a number at all), computed from
/// finite inputs: `1e300 × 1e300`. Checked after every step the engine
/// computes, so no view draws `inf` or `NaN`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{what} overflows: it is {value}, past the largest number there is (about 1.8e308): {hint}"
)]
pub struct OverflowError {
    /// Which value, e.g. `the output at row 1, column 2 of the convolution`.
    pub what: String,
    /// `infinite` or `not a number`.
    pub value: &'static str,
    /// How to get under it.
    pub hint: &'static str,
}

/// The first of `values` that is not finite, as an [`OverflowError`]:
/// `what` names it from its position in the iteration.
pub fn check_finite<'a>(
    values: impl IntoIterator<Item = &'a f64>,
    what: impl FnOnce(usize) -> String,
    hint: &'static str,
) -> Result<(), OverflowError> {
    match values.into_iter().enumerate().find(|(_, v)| !v.is_finite()) {
        None => Ok(()),
        Some((index, value)) => Err(OverflowError {
            what: what(index),
            value: if value.is_nan() {
                "not a number"
            } else {
                "infinite"
            },
            hint,
        }),
    }
}

/// A size past one of the budgets above.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} is {size}, more than the limit of {limit}: {hint}")]
pub struct LimitError {
    /// What is too large, e.g. `the number of filter-times-pixel terms`.
    pub what: &'static str,
    /// Its size.
    pub size: String,
    /// The budget.
    pub limit: String,
    /// How to get under it.
    pub hint: &'static str,
}

/// Checks a plane's term count and the multiply-adds of `planes` planes
/// (channels × filters) of that size.
pub fn check_terms(terms: usize, planes: usize) -> Result<(), LimitError> {
    if terms > MAX_TERMS {
        return Err(LimitError {
            what: "the number of filter-times-pixel terms",
            size: terms.to_string(),
            limit: MAX_TERMS.to_string(),
            hint: "use a smaller image, a smaller filter, or a larger stride",
        });
    }
    let work = terms.saturating_mul(planes);
    if work > MAX_MULTIPLY_ADDS {
        return Err(LimitError {
            what: "the number of multiply-adds",
            size: work.to_string(),
            limit: MAX_MULTIPLY_ADDS.to_string(),
            hint: "use fewer channels or filters, or a smaller image",
        });
    }
    Ok(())
}

/// Checks an image side, a channel count and a filter count.
pub fn check_shape(side: usize, channels: usize, filters: usize) -> Result<(), LimitError> {
    if side > MAX_IMAGE_SIDE {
        return Err(LimitError {
            what: "the image side",
            size: side.to_string(),
            limit: MAX_IMAGE_SIDE.to_string(),
            hint: "crop or scale the image down",
        });
    }
    if channels > MAX_CHANNELS {
        return Err(LimitError {
            what: "the number of channels",
            size: channels.to_string(),
            limit: MAX_CHANNELS.to_string(),
            hint: "use fewer channels",
        });
    }
    if filters > MAX_FILTERS {
        return Err(LimitError {
            what: "the number of filters",
            size: filters.to_string(),
            limit: MAX_FILTERS.to_string(),
            hint: "use fewer filters",
        });
    }
    Ok(())
}

/// Checks `steps` training steps of `per_step` multiply-adds each.
pub fn check_training(per_step: usize, steps: usize) -> Result<(), LimitError> {
    if steps > MAX_STEPS {
        return Err(LimitError {
            what: "`steps`",
            size: steps.to_string(),
            limit: MAX_STEPS.to_string(),
            hint: "use at most 1000 steps",
        });
    }
    let work = per_step.saturating_mul(steps.max(1));
    if work > MAX_TRAINING_WORK {
        return Err(LimitError {
            what: "the work of training",
            size: format!("{work} multiply-adds"),
            limit: MAX_TRAINING_WORK.to_string(),
            hint: "use fewer `steps`, a smaller image or fewer filters",
        });
    }
    Ok(())
}

/// Checks that a weight matrix of `rows` × `cols` may be written out.
pub fn check_matrix(rows: usize, cols: usize) -> Result<(), LimitError> {
    let entries = rows.saturating_mul(cols);
    if entries > MAX_MATRIX_ENTRIES {
        return Err(LimitError {
            what: "the weight matrix",
            size: format!("{rows}x{cols}"),
            limit: format!("{MAX_MATRIX_ENTRIES} entries"),
            hint: "use a smaller image, or the compact view",
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_refuse_before_overflow() {
        assert!(check_terms(MAX_TERMS, 1).is_ok());
        assert!(check_terms(MAX_TERMS + 1, 1).is_err());
        assert!(check_terms(usize::MAX, usize::MAX).is_err());
        assert!(check_terms(1_000_000, 64).is_err());
        assert!(check_shape(257, 1, 1).is_err());
        assert!(check_shape(256, 65, 1).is_err());
        assert!(check_matrix(usize::MAX, 2).is_err());
    }

    #[test]
    fn long_equations_keep_a_head_and_the_last_product() {
        assert_eq!(written_terms(4), 4);
        assert_eq!(written_terms(MAX_EQUATION_TERMS), MAX_EQUATION_TERMS);
        assert_eq!(written_terms(MAX_EQUATION_TERMS + 1), EQUATION_HEAD + 1);
        assert_eq!(written_terms(65_536), EQUATION_HEAD + 1);
        assert!(fits_figure(MAX_DRAWN_CELLS) && !fits_figure(MAX_DRAWN_CELLS + 1));
    }

    #[test]
    fn overflow_names_the_first_value_past_f64() {
        let hint = "scale the image down";
        assert_eq!(
            check_finite(&[1.0, f64::MAX], |i| i.to_string(), hint),
            Ok(())
        );
        let err = check_finite(
            &[1.0, f64::INFINITY, f64::NAN],
            |i| format!("value {i}"),
            hint,
        )
        .unwrap_err();
        assert_eq!(err.what, "value 1");
        assert_eq!(
            err.to_string(),
            "value 1 overflows: it is infinite, past the largest number there is (about 1.8e308): scale the image down"
        );
        let err = check_finite(&[f64::NAN], |i| format!("value {i}"), hint).unwrap_err();
        assert_eq!(err.value, "not a number");
    }
}
