//! Live controls → what the HTML template reads: the grids of pixels,
//! weight inputs and outputs, each output's equation, and the engine's
//! structure as JSON for the page's script (`assets/cnn-views.js`).
//!
//! The equation's numbers are written here exactly as the script rewrites
//! them ([`numbers`] and the script's `numbers` are one format), so a page
//! reads the same before and after the reader types.

use serde::Serialize;

use crate::figure::{self, Controls, Entry, Tap};
use crate::render::number;

/// Colors of the shared-weight palette: a weight's color class is its
/// row-major index modulo this, the same count as the SVG's.
const PALETTE: usize = crate::render::svg::DISTINCT_WEIGHTS;

/// What `interactive.html` reads.
#[derive(Serialize)]
pub struct ControlsContext {
    /// Prefix of every id inside, unique on the page; markup (escaped, or
    /// the stand-in of a figure drawn once for many places), so the
    /// template writes it as it is.
    id: String,
    /// The engine's structure for the script, JSON with `<` escaped so it
    /// can never close its `<script>` early.
    data: String,
    image: Grid<ImageCell>,
    weights: Grid<WeightCell>,
    bias: Knob,
    outputs: Grid<OutputCell>,
    equations: Vec<EquationLine>,
    /// How many windows the step control moves through.
    positions: usize,
    /// The sentence the live region starts with: the first equation.
    now: String,
}

/// Rows of cells and the column count (for the CSS grid).
#[derive(Serialize)]
struct Grid<T> {
    cols: usize,
    rows: Vec<Vec<T>>,
}

/// A cell of the padded image: a pixel, or a padding zero.
#[derive(Serialize)]
struct ImageCell {
    /// `r,c` in the padded image (what a tap highlights).
    at: String,
    /// `r,c` in the unpadded image, for a pixel.
    pixel: Option<String>,
    label: String,
    value: String,
}

/// A filter weight's input.
#[derive(Serialize)]
struct WeightCell {
    /// `u,v`, 0-based (pinned: `data-weight="U,V"`).
    at: String,
    label: String,
    /// The value attribute: Rust's shortest round-trip form, so the script
    /// reads back exactly the engine's number.
    value: String,
    color: usize,
}

/// The bias's input.
#[derive(Serialize)]
struct Knob {
    label: String,
    value: String,
}

/// An output: its label and its value as the page writes numbers.
#[derive(Serialize)]
struct OutputCell {
    /// `i,j`, 0-based (pinned: `data-output="I,J"`).
    at: String,
    label: String,
    value: String,
}

/// One output's equation: symbols (weights colored) and numbers.
#[derive(Serialize)]
struct EquationLine {
    at: String,
    output: String,
    products: Vec<SymbolProduct>,
    bias: String,
    /// `1·2 + (−1)·0 + … + 1 = 5`: rewritten by the script.
    numbers: String,
}

#[derive(Serialize)]
struct SymbolProduct {
    weight: String,
    color: usize,
    input: String,
}

/// The script's data: numbers raw, as JSON gives them.
#[derive(Serialize)]
struct Data<'a> {
    /// Pixel values `[row][col]`, unpadded.
    pixels: Vec<Vec<f64>>,
    #[serde(rename = "pixelLabels")]
    pixel_labels: Vec<Vec<&'a str>>,
    /// Weight labels `[u][v]`.
    weights: Vec<Vec<&'a str>>,
    /// Each weight's color `[u][v]`, the one its inputs and equations
    /// wear, so the script's highlights never disagree with them.
    colors: Vec<Vec<usize>>,
    bias: &'a str,
    /// Zero rows and columns around the image.
    padding: [usize; 2],
    outputs: Vec<DataOutput<'a>>,
    /// For every pixel, row-major: `[output, u, v]` for each output that
    /// uses it.
    users: Vec<Vec<[usize; 3]>>,
}

#[derive(Serialize)]
struct DataOutput<'a> {
    at: [usize; 2],
    label: &'a str,
    /// Each term: `w` the weight `[u, v]`, `x` the pixel `[row, col]` or
    /// `null` for padding, `at` its padded cell.
    terms: Vec<DataTerm>,
}

#[derive(Serialize)]
struct DataTerm {
    w: [usize; 2],
    x: Option<[usize; 2]>,
    at: [usize; 2],
}

/// The template context of `controls`; `id` is the figure's id as markup.
pub fn context(controls: &Controls, id: &str) -> ControlsContext {
    let [pr, pc] = controls.padding;
    let rows = controls.pixels.len();
    let cols = controls.pixels.first().map_or(0, Vec::len);
    let padded = [rows + 2 * pr, cols + 2 * pc];
    let k_cols = controls.weights.first().map_or(1, Vec::len);
    let out_cols = controls.outputs.first().map_or(0, Vec::len);
    let color = |at: [usize; 2]| weight_color(controls, at);
    let image = Grid {
        cols: padded[1],
        rows: (0..padded[0])
            .map(|r| {
                (0..padded[1])
                    .map(|c| image_cell(controls, [r, c]))
                    .collect()
            })
            .collect(),
    };
    let weights = Grid {
        cols: k_cols,
        rows: cells(&controls.weights, |at, e| WeightCell {
            at: pair(at),
            label: e.label.clone(),
            value: e.value.to_string(),
            color: color(at),
        }),
    };
    let outputs = Grid {
        cols: out_cols,
        rows: cells(&controls.outputs, |at, e| OutputCell {
            at: pair(at),
            label: e.label.clone(),
            value: number::display(e.value),
        }),
    };
    let equations: Vec<EquationLine> = controls
        .terms
        .iter()
        .enumerate()
        .map(|(index, taps)| {
            let at = [index / out_cols.max(1), index % out_cols.max(1)];
            let output = &controls.outputs[at[0]][at[1]];
            EquationLine {
                at: pair(at),
                output: output.label.clone(),
                products: taps
                    .iter()
                    .map(|t| SymbolProduct {
                        weight: weight(controls, t).label.clone(),
                        color: color(t.weight),
                        input: t.pixel.map_or("0".to_string(), |[r, c]| {
                            controls.pixels[r][c].label.clone()
                        }),
                    })
                    .collect(),
                bias: controls.bias.label.clone(),
                numbers: numbers(controls, taps, output.value),
            }
        })
        .collect();
    let now = equations
        .first()
        .map_or(String::new(), |e| sentence(e, equations.len()));
    ControlsContext {
        id: id.to_string(),
        data: data(controls),
        image,
        weights,
        bias: Knob {
            label: controls.bias.label.clone(),
            value: controls.bias.value.to_string(),
        },
        outputs,
        positions: equations.len(),
        now,
        equations,
    }
}

/// "Position 1 of 4: P = α·A + … + b = 1·2 + … = 5." (the script writes
/// the same sentence as the filter moves).
fn sentence(line: &EquationLine, positions: usize) -> String {
    let products: Vec<String> = line
        .products
        .iter()
        .map(|p| format!("{}·{}", p.weight, p.input))
        .collect();
    format!(
        "Position 1 of {positions}: {} = {} + {} = {}.",
        line.output,
        products.join(" + "),
        line.bias,
        line.numbers
    )
}

fn image_cell(controls: &Controls, [r, c]: [usize; 2]) -> ImageCell {
    let [pr, pc] = controls.padding;
    let pixel = r
        .checked_sub(pr)
        .zip(c.checked_sub(pc))
        .and_then(|(r, c)| controls.pixels.get(r)?.get(c).map(|e| ([r, c], e)));
    match pixel {
        Some((at, entry)) => ImageCell {
            at: pair([r, c]),
            pixel: Some(pair(at)),
            label: entry.label.clone(),
            value: number::display(entry.value),
        },
        None => ImageCell {
            at: pair([r, c]),
            pixel: None,
            label: String::new(),
            value: "0".into(),
        },
    }
}

fn cells<T>(grid: &[Vec<Entry>], mut each: impl FnMut([usize; 2], &Entry) -> T) -> Vec<Vec<T>> {
    grid.iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, e)| each([r, c], e))
                .collect()
        })
        .collect()
}

fn weight<'a>(controls: &'a Controls, tap: &Tap) -> &'a Entry {
    &controls.weights[tap.weight[0]][tap.weight[1]]
}

/// `1·2 + (−1)·0 + 2·1 + 0·3 + 1 = 5`: every product, the bias and the
/// result, negative factors in parentheses. The script's `numbers` writes
/// the same text from the same terms.
pub fn numbers(controls: &Controls, taps: &[Tap], result: f64) -> String {
    let mut parts: Vec<String> = taps
        .iter()
        .map(|t| {
            let input = t.pixel.map_or(0.0, |[r, c]| controls.pixels[r][c].value);
            format!("{}·{}", factor(weight(controls, t).value), factor(input))
        })
        .collect();
    parts.push(factor(controls.bias.value));
    format!("{} = {}", parts.join(" + "), number::display(result))
}

/// A number as a factor: in parentheses when negative.
fn factor(x: f64) -> String {
    let text = number::display(x);
    if text.starts_with('\u{2212}') {
        format!("({text})")
    } else {
        text
    }
}

fn pair([a, b]: [usize; 2]) -> String {
    format!("{a},{b}")
}

fn labels(grid: &[Vec<Entry>]) -> Vec<Vec<&str>> {
    grid.iter()
        .map(|row| row.iter().map(|e| e.label.as_str()).collect())
        .collect()
}

/// The color of the weight at `[u, v]`: its row-major index in the
/// palette, or, for a turned filter, the index of the weight now there, so
/// a weight keeps its color turned or not.
fn weight_color(controls: &Controls, [u, v]: [usize; 2]) -> usize {
    let k_rows = controls.weights.len();
    let k_cols = controls.weights.first().map_or(1, Vec::len);
    let i = u * k_cols + v;
    let i = if controls.turned {
        figure::turned_color(k_rows * k_cols, i)
    } else {
        i
    };
    i % PALETTE
}

/// The script's JSON, with `<` escaped for the `<script>` element.
fn data(controls: &Controls) -> String {
    let out_cols = controls.outputs.first().map_or(1, Vec::len).max(1);
    let data = Data {
        pixels: controls
            .pixels
            .iter()
            .map(|row| row.iter().map(|e| e.value).collect())
            .collect(),
        pixel_labels: labels(&controls.pixels),
        weights: labels(&controls.weights),
        colors: controls
            .weights
            .iter()
            .enumerate()
            .map(|(u, row)| {
                (0..row.len())
                    .map(|v| weight_color(controls, [u, v]))
                    .collect()
            })
            .collect(),
        bias: &controls.bias.label,
        padding: controls.padding,
        outputs: controls
            .terms
            .iter()
            .enumerate()
            .map(|(index, taps)| {
                let at = [index / out_cols, index % out_cols];
                DataOutput {
                    at,
                    label: &controls.outputs[at[0]][at[1]].label,
                    terms: taps
                        .iter()
                        .map(|t| DataTerm {
                            w: t.weight,
                            x: t.pixel,
                            at: t.padded,
                        })
                        .collect(),
                }
            })
            .collect(),
        users: controls
            .users
            .iter()
            .map(|uses| {
                uses.iter()
                    .map(|u| [u.output, u.weight[0], u.weight[1]])
                    .collect()
            })
            .collect(),
    };
    // Serializing plain numbers, strings and arrays cannot fail.
    serde_json::to_string(&data)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turned_filter_keeps_each_weights_color() {
        let body = "example = \"seed\"\nview = \"interactive\"\nflip = true";
        let (example, model) = crate::pipeline::prepare(
            crate::directive::Directive::parse(body).unwrap(),
            &crate::resolve::Examples::built_in(),
        )
        .unwrap();
        let drawings = crate::pipeline::drawings(&example, &model).unwrap();
        let context = context(drawings[0].controls.as_ref().unwrap(), "x");
        let cells: Vec<(&str, usize)> = context
            .weights
            .rows
            .iter()
            .flatten()
            .map(|w| (w.label.as_str(), w.color))
            .collect();
        // δ sits top-left with δ's color, α bottom-right with α's.
        assert_eq!(cells, [("δ", 3), ("γ", 2), ("β", 1), ("α", 0)]);
        let first = &context.equations[0].products[0];
        assert_eq!((first.weight.as_str(), first.color), ("δ", 3));
    }

    /// The script's `colors` and the inputs' classes, for a block body.
    fn colors(body: &str) -> (Vec<Vec<usize>>, Vec<usize>) {
        let (example, model) = crate::pipeline::prepare(
            crate::directive::Directive::parse(body).unwrap(),
            &crate::resolve::Examples::built_in(),
        )
        .unwrap();
        let drawings = crate::pipeline::drawings(&example, &model).unwrap();
        let controls = drawings[0].controls.as_ref().unwrap();
        let json: serde_json::Value = serde_json::from_str(&data(controls)).unwrap();
        let script = serde_json::from_value(json["colors"].clone()).unwrap();
        let inputs = context(controls, "x")
            .weights
            .rows
            .iter()
            .flatten()
            .map(|w| w.color)
            .collect();
        (script, inputs)
    }

    #[test]
    fn the_script_colors_each_weight_as_its_input_does() {
        // Turned: the script's highlights use δ's color top-left, like the
        // input there (it once worked the color out from the position).
        let (script, inputs) = colors("example = \"seed\"\nview = \"interactive\"\nflip = true");
        assert_eq!(script, [[3, 2], [1, 0]]);
        assert_eq!(script.concat(), inputs);
        // A 3×3 filter: nine colors, as in the SVG, none repeated.
        let (script, inputs) = colors("example = \"seed-padded\"\nview = \"interactive\"");
        assert_eq!(script.concat(), (0..9).collect::<Vec<_>>());
        assert_eq!(script.concat(), inputs);
    }

    #[test]
    fn negative_factors_get_parentheses() {
        assert_eq!(factor(-1.0), "(\u{2212}1)");
        assert_eq!(factor(2.5), "2.5");
        assert_eq!(factor(-0.00001), "0");
    }
}
