//! One module per viewpoint. A view reads the example and its computed
//! [`Convolution`] and lays out a [`Figure`]; it never recomputes the
//! convolution and knows nothing about SVG.

mod activation;
mod backprop;
mod cell_text;
mod channels;
mod code;
mod compact;
mod dense;
mod dense_matrix;
mod edges;
mod equations;
mod familiar;
mod feature_maps;
mod filter;
mod filters;
mod grad_matrix;
mod grad_network;
mod grad_panels;
mod grad_sums;
mod gradient;
mod grid;
mod im2col;
mod image;
mod interactive;
mod layers;
mod matrix;
mod network;
mod neurons;
mod output;
mod padding;
mod panels;
mod planes;
mod plot;
mod pooling;
mod receptive_field;
mod sections;
mod softmax;
mod stack;
mod stages;
mod terms;
mod training;
mod wiring;

use crate::engine::Model;
use crate::error::ErrorKind;
use crate::figure::Drawing;
use crate::resolve::Example;
use crate::view::View;

/// Lays out `view` of `example` from its computed model. The article's
/// views draw one plane (one channel, one filter); for a layer with more,
/// they refuse with an error that names a view that draws it.
pub fn draw(view: View, example: &Example, model: &Model) -> Result<Drawing, ErrorKind> {
    let plane = || {
        model.plane().ok_or_else(|| {
            let spec = model.network().first().spec();
            ErrorKind::NeedsPlane {
                view: view.name(),
                channels: spec.channels(),
                filters: spec.filter_count(),
            }
        })
    };
    Ok(match view {
        View::Image => image::draw(example, plane()?),
        View::Filter => filter::draw(example, plane()?),
        View::Output => output::draw(example, plane()?),
        View::Sections => sections::draw(example, plane()?),
        View::Equations => equations::draw(example, plane()?),
        View::Compact => compact::draw(example, plane()?),
        View::Network => network::draw(example, plane()?),
        View::Matrix => matrix::draw(example, plane()?),
        View::Dense => dense::draw(example, plane()?),
        View::Familiar => familiar::draw(example, plane()?),
        View::Padding => padding::draw(example, plane()?),
        View::Im2col => im2col::draw(example, plane()?),
        View::Channels => channels::draw(example, model)?,
        View::Filters => filters::draw(example, model)?,
        View::Interactive => interactive::draw(example, plane()?)?,
        View::Gradient => gradient::draw(example, model)?,
        View::Training => training::draw(example, model)?,
        View::Activation => activation::draw(example, model)?,
        View::Pooling => pooling::draw(example, model)?,
        View::Layers => layers::draw(example, model)?,
        View::ReceptiveField => receptive_field::draw(example, model)?,
        View::Softmax => softmax::draw(example, model)?,
        View::Code => code::draw(example, model)?,
    })
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
        let (example, model) =
            prepare(Directive::parse(body).unwrap(), &Examples::built_in()).unwrap();
        (example, model.plane().unwrap().clone())
    }

    /// The example and computed model of a block body (built-in
    /// examples): what the views beyond one plane draw from.
    pub fn model(body: &str) -> (Example, crate::engine::Model) {
        prepare(Directive::parse(body).unwrap(), &Examples::built_in()).unwrap()
    }

    /// A `rows` × `cols` TOML array of varied digits: large examples for
    /// the tests of reduced figures.
    pub fn digits(rows: usize, cols: usize) -> String {
        let row = |r: usize| {
            let cells: Vec<String> = (0..cols)
                .map(|c| ((r * 7 + c * 3) % 10).to_string())
                .collect();
            format!("[{}]", cells.join(", "))
        };
        format!("[{}]", (0..rows).map(row).collect::<Vec<_>>().join(", "))
    }

    /// What `view` draws for a block body.
    pub fn drawing(body: &str, view: View) -> Drawing {
        let (example, model) =
            prepare(Directive::parse(body).unwrap(), &Examples::built_in()).unwrap();
        super::draw(view, &example, &model).unwrap()
    }

    /// How many cells a figure paints in a weight's color: the taps it
    /// draws one by one, for tests of what a budget leaves out.
    pub fn weight_cells(items: &[crate::figure::Item]) -> usize {
        use crate::figure::{Item, Tone};
        items
            .iter()
            .filter(|i| {
                matches!(
                    i,
                    Item::Cell {
                        tone: Tone::Weight(_),
                        ..
                    }
                )
            })
            .count()
    }

    /// Every text a drawing writes, in order: what a reader can read off
    /// the figure, for tests that look for a number or a label.
    pub fn texts(drawing: &Drawing) -> Vec<String> {
        let figure = drawing.figure.as_ref().expect("the drawing has a figure");
        figure
            .items
            .iter()
            .filter_map(|item| match item {
                crate::figure::Item::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }
}
