//! The `matrix` view: the matrix multiplication view. Not built yet.

use crate::engine::Convolution;
use crate::figure::Drawing;
use crate::resolve::Example;

/// Not built yet: `None` makes the block report that this view is not
/// available, instead of drawing something wrong.
pub fn draw(_example: &Example, _conv: &Convolution) -> Option<Drawing> {
    None
}
