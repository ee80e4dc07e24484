//! Every budget of the engine in one place. Each is checked from shapes
//! alone, before anything is allocated, for every convolution the engine
//! builds: a block's own and the ones views build to compare (the padding
//! view's centered padding, a channel's plane). So no input within the
//! documented limits can exhaust memory or time.

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

/// Most multiply-adds of all training steps of one block together.
pub const MAX_TRAINING_WORK: usize = 200_000_000;
/// Most training steps.
pub const MAX_STEPS: usize = 1000;

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
}
