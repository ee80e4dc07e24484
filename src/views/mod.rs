//! One module per viewpoint. A view reads the example and its computed
//! [`Convolution`] and lays out a [`Figure`]; it never recomputes the
//! convolution and knows nothing about SVG.

mod compact;
mod dense;
mod equations;
mod familiar;
mod filter;
mod grid;
mod im2col;
mod image;
mod matrix;
mod network;
mod output;
mod padding;
mod sections;
mod terms;

use crate::engine::Convolution;
use crate::figure::Drawing;
use crate::resolve::Example;
use crate::view::View;

/// Lays out `view` of `example` from its computed convolution.
pub fn draw(view: View, example: &Example, conv: &Convolution) -> Drawing {
    match view {
        View::Image => image::draw(example, conv),
        View::Filter => filter::draw(example, conv),
        View::Output => output::draw(example, conv),
        View::Sections => sections::draw(example, conv),
        View::Equations => equations::draw(example, conv),
        View::Compact => compact::draw(example, conv),
        View::Network => network::draw(example, conv),
        View::Matrix => matrix::draw(example, conv),
        View::Dense => dense::draw(example, conv),
        View::Familiar => familiar::draw(example, conv),
        View::Padding => padding::draw(example, conv),
        View::Im2col => im2col::draw(example, conv),
    }
}

#[cfg(test)]
mod tests;

/// Test support shared by the views' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::directive::Directive;
    use crate::engine::Convolution;
    use crate::figure::Drawing;
    use crate::pipeline::prepare;
    use crate::resolve::{Example, Examples};
    use crate::view::View;

    /// The example and convolution of a block body (built-in examples).
    pub fn example(body: &str) -> (Example, Convolution) {
        prepare(Directive::parse(body).unwrap(), &Examples::built_in()).unwrap()
    }

    /// What `view` draws for a block body.
    pub fn drawing(body: &str, view: View) -> Drawing {
        let (example, conv) = example(body);
        super::draw(view, &example, &conv)
    }
}
