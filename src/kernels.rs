//! The built-in named filters (`filter = "sobel-x"`), defined once, as
//! cross-correlation kernels: the weight at row u, column v multiplies the
//! pixel u rows below and v columns right of the window's corner, as in
//! every other filter of a block. A leaf: it uses nothing of the crate.

use ndarray::Array2;

/// A filter a block may name instead of writing its numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kernel {
    /// The name a block uses.
    pub name: &'static str,
    /// Its weights, row by row, before `scale`.
    pub rows: [[f64; 3]; 3],
    /// What every weight is multiplied by (1/9 for the box blur), so the
    /// table stays readable and the weights exact.
    pub scale: f64,
    /// What it does, for the docs and messages.
    pub what: &'static str,
}

/// Every named filter, in the order the docs list them.
pub const KERNELS: [Kernel; 7] = [
    Kernel {
        name: "sobel-x",
        rows: [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]],
        scale: 1.0,
        what: "vertical edges: positive where brightness rises to the right",
    },
    Kernel {
        name: "sobel-y",
        rows: [[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]],
        scale: 1.0,
        what: "horizontal edges: positive where brightness rises downward",
    },
    Kernel {
        name: "laplacian",
        rows: [[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]],
        scale: 1.0,
        what: "the neighbours minus four times the center: 0 on flat and evenly sloped regions",
    },
    Kernel {
        name: "box-blur",
        rows: [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]],
        scale: 1.0 / 9.0,
        what: "the mean of the 3×3 window",
    },
    Kernel {
        name: "gaussian-blur",
        rows: [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]],
        scale: 1.0 / 16.0,
        what: "a weighted mean, the center counting most",
    },
    Kernel {
        name: "sharpen",
        rows: [[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], [0.0, -1.0, 0.0]],
        scale: 1.0,
        what: "the image minus its Laplacian: edges stand out",
    },
    Kernel {
        name: "identity",
        rows: [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]],
        scale: 1.0,
        what: "the center pixel: the image unchanged (cropped by a pixel without padding)",
    },
];

/// The weights of the filter called `name`, if it is built in.
pub fn named(name: &str) -> Option<Array2<f64>> {
    let kernel = KERNELS.iter().find(|k| k.name == name)?;
    Some(Array2::from_shape_fn((3, 3), |(u, v)| {
        kernel.rows[u][v] * kernel.scale
    }))
}

/// The name of the built-in filter whose weights are `weights`, if one
/// is: how a drawing titles `filter = "sobel-x"` without the name being
/// carried along.
pub fn which(weights: ndarray::ArrayView2<'_, f64>) -> Option<&'static str> {
    KERNELS
        .iter()
        .map(|k| k.name)
        .find(|name| named(name).is_some_and(|k| k.view() == weights))
}

/// Every name, in order.
pub fn names() -> impl Iterator<Item = &'static str> + Clone {
    KERNELS.iter().map(|k| k.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sharpen_is_identity_minus_laplacian() {
        let [sharpen, identity, laplacian] =
            ["sharpen", "identity", "laplacian"].map(|n| named(n).unwrap());
        assert_eq!(sharpen, identity - laplacian);
    }

    #[test]
    fn edge_kernels_sum_to_zero_and_blurs_to_one() {
        for name in ["sobel-x", "sobel-y", "laplacian"] {
            assert_eq!(named(name).unwrap().sum(), 0.0, "{name}");
        }
        for name in ["box-blur", "gaussian-blur", "sharpen", "identity"] {
            assert!((named(name).unwrap().sum() - 1.0).abs() < 1e-12, "{name}");
        }
        assert!(named("sobel").is_none());
    }
}
