//! Symbols for pixels, weights and outputs: the article's letters by
//! default (A–I, α β γ δ, P Q R S, b), indexed symbols where letters run out,
//! or the author's own labels.

use ndarray::{Array2, Array3, Array4};

/// A symbol in the two forms the views need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Plain Unicode, for SVG text and HTML (`α`, `x₁,₂`).
    pub text: String,
    /// LaTeX source (`\alpha`, `x_{1,2}`, `\text{Ω}`).
    pub latex: String,
}

/// Most pixels that still get letter labels (A … Z, AA …): an 8x8 image.
pub const MAX_LETTER_PIXELS: usize = 64;

/// Greek letters for weights, in order; omicron is left out since it looks
/// like an `o`.
const GREEK: [(&str, &str); 23] = [
    ("α", "\\alpha"),
    ("β", "\\beta"),
    ("γ", "\\gamma"),
    ("δ", "\\delta"),
    ("ε", "\\varepsilon"),
    ("ζ", "\\zeta"),
    ("η", "\\eta"),
    ("θ", "\\theta"),
    ("ι", "\\iota"),
    ("κ", "\\kappa"),
    ("λ", "\\lambda"),
    ("μ", "\\mu"),
    ("ν", "\\nu"),
    ("ξ", "\\xi"),
    ("π", "\\pi"),
    ("ρ", "\\rho"),
    ("σ", "\\sigma"),
    ("τ", "\\tau"),
    ("υ", "\\upsilon"),
    ("φ", "\\varphi"),
    ("χ", "\\chi"),
    ("ψ", "\\psi"),
    ("ω", "\\omega"),
];

/// Output letters: the article's P Q R S and on to Z.
const OUTPUT_LETTERS: &str = "PQRSTUVWXYZ";

impl Label {
    /// A label from the author's text, drawn literally.
    pub fn custom(text: &str) -> Label {
        Label {
            text: text.to_string(),
            latex: format!("\\text{{{}}}", escape_latex_text(text)),
        }
    }

    fn symbol(text: String) -> Label {
        Label {
            latex: text.clone(),
            text,
        }
    }

    /// `base` with a 1-based `[row, col]` index, e.g. `x₁,₂`.
    fn indexed(base: &str, [row, col]: [usize; 2]) -> Label {
        Label {
            text: format!("{base}{},{}", subscript(row + 1), subscript(col + 1)),
            latex: format!("{base}_{{{},{}}}", row + 1, col + 1),
        }
    }

    /// `base` of filter `k` (0-based) at a 1-based `[row, col]`, e.g.
    /// `y₂[1,3]`: the filter's subscript on the letter, as in `α₂` and
    /// `P₂`, and the position in brackets, so the two never run together
    /// (`y₁,₃₂` could be filter 2 or column 32).
    fn indexed_in_filter(base: &str, [row, col]: [usize; 2], k: usize) -> Label {
        Label {
            text: format!("{base}{}[{},{}]", subscript(k + 1), row + 1, col + 1),
            latex: format!("{base}_{{{}}}[{},{}]", k + 1, row + 1, col + 1),
        }
    }
}

/// Default pixel labels: A, B, C … row-major (then AA, AB …), or `x₁,₁` …
/// past [`MAX_LETTER_PIXELS`].
pub fn pixels(shape: (usize, usize)) -> Array2<Label> {
    let letters = shape.0 * shape.1 <= MAX_LETTER_PIXELS;
    Array2::from_shape_fn(shape, |(r, c)| {
        if letters {
            Label::symbol(column_letters(r * shape.1 + c))
        } else {
            Label::indexed("x", [r, c])
        }
    })
}

/// Whether a filter of `shape` gets Greek letters (else `w₁,₁` …).
fn weight_letters(shape: (usize, usize)) -> bool {
    shape.0 * shape.1 <= GREEK.len()
}

/// Default weight labels: α, β, γ, δ … row-major, or `w₁,₁` … past 23.
pub fn weights(shape: (usize, usize)) -> Array2<Label> {
    let letters = weight_letters(shape);
    Array2::from_shape_fn(shape, |(r, c)| {
        if letters {
            let (text, latex) = GREEK[r * shape.1 + c];
            Label {
                text: text.to_string(),
                latex: latex.to_string(),
            }
        } else {
            Label::indexed("w", [r, c])
        }
    })
}

/// Most pixels whose letters stay before P, so that output letters never
/// repeat a pixel's.
pub const MAX_PIXELS_FOR_OUTPUT_LETTERS: usize = 15;

/// Default output labels: P, Q, R, S … Z, or `y₁,₁` … past 11 outputs or
/// when the image has so many pixels that their letters reach P.
pub fn outputs(shape: (usize, usize), pixels: usize) -> Array2<Label> {
    let letters = output_letters(shape, pixels);
    Array2::from_shape_fn(shape, |(r, c)| {
        if letters {
            let i = r * shape.1 + c;
            Label::symbol(OUTPUT_LETTERS[i..=i].to_string())
        } else {
            Label::indexed("y", [r, c])
        }
    })
}

/// Whether outputs of `shape` from an image of `pixels` get letters.
fn output_letters(shape: (usize, usize), pixels: usize) -> bool {
    shape.0 * shape.1 <= OUTPUT_LETTERS.len() && pixels <= MAX_PIXELS_FOR_OUTPUT_LETTERS
}

/// The default bias label.
pub fn bias() -> Label {
    Label::symbol("b".to_string())
}

/// The symbols of a layer with channels and filters. With one channel and
/// one filter they are exactly the part-1 labels (A–I, α–δ, b, P–S).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerLabels {
    /// `[channel][row][col]`.
    pub image: Array3<Label>,
    /// `[filter][channel][row][col]`.
    pub filters: Array4<Label>,
    /// One per filter.
    pub biases: Vec<Label>,
    /// `[filter][row][col]`.
    pub outputs: Array3<Label>,
}

/// A channel's name: R, G, B for a three-channel image, else 1, 2, …
pub fn channel_name(channel: usize, channels: usize) -> String {
    if channels == 3 {
        ["R", "G", "B"][channel].to_string()
    } else {
        (channel + 1).to_string()
    }
}

/// A channel's mark as it follows a symbol: `ᴿ`, `ᴳ`, `ᴮ`, or `¹`, `²` …
/// (what `Aᴿ` carries), for symbols a view derives, such as a partial sum.
pub fn channel_mark(channel: usize, channels: usize) -> String {
    superscript(&channel_name(channel, channels))
}

/// Default labels of a layer: the part-1 symbols, marked with the channel
/// (a superscript R, G, B or number: `Aᴿ`, `αᴳ`) when there are several
/// channels, and with the filter (a subscript: `α₁`, `b₂`, `P₂`) when there
/// are several filters. Indexed symbols of several filters put the
/// position in brackets after the filter's subscript (`y₂[1,1]`).
pub fn layer(
    image: [usize; 3],
    kernel: [usize; 2],
    filters: usize,
    output: [usize; 2],
) -> LayerLabels {
    let [channels, rows, cols] = image;
    let plane_pixels = pixels((rows, cols));
    let plane_weights = weights((kernel[0], kernel[1]));
    let plane_outputs = outputs((output[0], output[1]), rows * cols);
    let channel = |label: &Label, c: usize| {
        if channels == 1 {
            label.clone()
        } else {
            let name = channel_name(c, channels);
            Label {
                text: format!("{}{}", label.text, superscript(&name)),
                latex: format!("{}^{{{name}}}", label.latex),
            }
        }
    };
    let filter = |label: &Label, k: usize| {
        if filters == 1 {
            label.clone()
        } else {
            Label {
                text: format!("{}{}", label.text, subscript(k + 1)),
                latex: format!("{{{}}}_{{{}}}", label.latex, k + 1),
            }
        }
    };
    let indexed_weights = filters > 1 && !weight_letters((kernel[0], kernel[1]));
    let indexed_outputs = filters > 1 && !output_letters((output[0], output[1]), rows * cols);
    let weight = |u: usize, v: usize, k: usize| {
        if indexed_weights {
            Label::indexed_in_filter("w", [u, v], k)
        } else {
            filter(&plane_weights[[u, v]], k)
        }
    };
    LayerLabels {
        image: Array3::from_shape_fn((channels, rows, cols), |(c, r, q)| {
            channel(&plane_pixels[[r, q]], c)
        }),
        filters: Array4::from_shape_fn(
            (filters, channels, kernel[0], kernel[1]),
            |(k, c, u, v)| channel(&weight(u, v, k), c),
        ),
        biases: (0..filters).map(|k| filter(&bias(), k)).collect(),
        outputs: Array3::from_shape_fn((filters, output[0], output[1]), |(k, i, j)| {
            if indexed_outputs {
                Label::indexed_in_filter("y", [i, j], k)
            } else {
                filter(&plane_outputs[[i, j]], k)
            }
        }),
    }
}

/// `text` in superscript where Unicode has the characters (digits, minus,
/// R, G, B): channel marks and powers of ten.
pub fn superscript(text: &str) -> String {
    text.chars()
        .map(|ch| match ch {
            '-' => '⁻',
            'R' => 'ᴿ',
            'G' => 'ᴳ',
            'B' => 'ᴮ',
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            other => other,
        })
        .collect()
}

/// 0 → A, 25 → Z, 26 → AA, like spreadsheet columns.
fn column_letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|d| match d {
            '0' => '₀',
            '1' => '₁',
            '2' => '₂',
            '3' => '₃',
            '4' => '₄',
            '5' => '₅',
            '6' => '₆',
            '7' => '₇',
            '8' => '₈',
            _ => '₉',
        })
        .collect()
}

/// Escapes text for LaTeX's `\text{…}` so that any label prints literally.
pub fn escape_latex_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '$' | '&' | '#' | '_' | '%' => {
                out.push('\\');
                out.push(ch);
            }
            '^' => out.push_str("\\textasciicircum{}"),
            // Spelled out, so the LaTeX never holds markup (it is kept in a
            // `<script>` element in the page).
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            // `~` is a non-breaking space in TeX; the tilde operator looks
            // the same and prints.
            '~' => out.push('∼'),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(labels: &Array2<Label>) -> String {
        labels
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn seed_uses_the_articles_letters() {
        assert_eq!(texts(&pixels((3, 3))), "A B C D E F G H I");
        assert_eq!(texts(&weights((2, 2))), "α β γ δ");
        assert_eq!(texts(&outputs((2, 2), 9)), "P Q R S");
        assert_eq!(weights((2, 2))[[1, 1]].latex, "\\delta");
    }

    #[test]
    fn runs_out_of_letters_gracefully() {
        assert_eq!(pixels((8, 8))[[7, 7]].text, "BL");
        assert_eq!(column_letters(26), "AA");
        let big = pixels((9, 9));
        assert_eq!(big[[0, 1]].text, "x₁,₂");
        assert_eq!(big[[0, 1]].latex, "x_{1,2}");
        assert_eq!(weights((5, 5))[[0, 0]].text, "w₁,₁");
        assert_eq!(outputs((3, 4), 9)[[2, 3]].text, "y₃,₄");
        assert_eq!(outputs((3, 3), 9)[[2, 2]].text, "X");
        // A 4×5 image has a pixel P, so its outputs are indexed.
        assert_eq!(outputs((2, 2), 20)[[0, 0]].text, "y₁,₁");
    }

    #[test]
    fn channels_and_filters_get_marks() {
        let one = layer([1, 3, 3], [2, 2], 1, [2, 2]);
        assert_eq!(one.image[[0, 0, 0]].text, "A");
        assert_eq!(one.filters[[0, 0, 1, 1]].text, "δ");
        assert_eq!(one.outputs[[0, 1, 1]].text, "S");
        let rgb = layer([3, 3, 3], [2, 2], 2, [2, 2]);
        assert_eq!(rgb.image[[1, 0, 0]].text, "Aᴳ");
        assert_eq!(rgb.filters[[1, 2, 0, 0]].text, "α₂ᴮ");
        assert_eq!(rgb.filters[[1, 2, 0, 0]].latex, "{\\alpha}_{2}^{B}");
        assert_eq!(rgb.biases[1].text, "b₂");
        assert_eq!(rgb.outputs[[0, 0, 0]].text, "P₁");
        assert_eq!(
            layer([2, 3, 3], [1, 1], 1, [3, 3]).image[[1, 2, 2]].text,
            "I²"
        );
        // Indexed symbols of several filters keep the filter apart from
        // the position: not `y₁,₁₂`.
        let many = layer([1, 4, 4], [5, 5], 2, [3, 3]);
        assert_eq!(many.outputs[[1, 0, 2]].text, "y₂[1,3]");
        assert_eq!(many.outputs[[1, 0, 2]].latex, "y_{2}[1,3]");
        assert_eq!(many.filters[[0, 0, 4, 1]].text, "w₁[5,2]");
        assert_eq!(many.biases[1].text, "b₂");
        // One filter keeps the plain index.
        assert_eq!(
            layer([1, 4, 4], [2, 2], 1, [3, 3]).outputs[[0, 0, 2]].text,
            "y₁,₃"
        );
    }

    #[test]
    fn custom_labels_escape_latex() {
        assert_eq!(Label::custom("50%_x").latex, "\\text{50\\%\\_x}");
    }
}
