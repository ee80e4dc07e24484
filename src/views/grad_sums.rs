//! Each shared weight's gradient written out, for the gradient view: one
//! sum over every section the weight touched, δ of that section times the
//! pixel under the weight there (`∂L/∂α = δP·A + δQ·B + … = 21`), in the
//! weight's color; then the bias's, the sum of every δ.

use crate::engine::{Pair, Source};
use crate::figure::{Anchor, Item, TextStyle, Tone};
use crate::render::number;
use crate::text::{self, LABEL_PX};
use crate::views::backprop::{Backprop, Part, factor, grad_name, wrap};
use crate::views::grid;
use crate::views::panels::WIDTH;
use crate::words;

/// Most weights whose sums are written; the others are counted.
pub(super) const MAX_WEIGHTS: usize = 12;
/// Most products a sum spells out; longer sums are counted.
pub(super) const MAX_SPELLED: usize = 12;
/// Distance between the baselines of two lines.
const LINE: f64 = 22.0;
/// The heading of this part.
pub(super) const HEADING: &str = "One gradient per shared weight: a sum over every section";

/// One product of a weight's sum: δ of a section times the pixel under the
/// weight there.
struct Product {
    delta: String,
    input: String,
    delta_value: f64,
    input_value: f64,
}

/// Every product weight `w` of filter 1 makes with a pixel, section by
/// section in reading order.
fn products(bp: &Backprop, w: Pair) -> Vec<Product> {
    let labels = &bp.example.labels;
    let spec = bp.conv.spec();
    let mut found = Vec::new();
    for out in bp.conv.outputs() {
        for term in bp.conv.terms(out) {
            if let (true, Source::Pixel(p)) = (term.weight == w, term.source) {
                found.push(Product {
                    delta: bp.delta_name(out),
                    input: labels.image[p].text.clone(),
                    delta_value: bp.delta[out],
                    input_value: spec.image[p],
                });
            }
        }
    }
    found
}

/// How many sections weight `w` meets a pixel in.
pub(super) fn touched(bp: &Backprop, w: Pair) -> usize {
    products(bp, w).len()
}

/// A sum as lines, each with its indent: the symbols, then the numbers and
/// the result, the `=` signs lined up after `name`.
pub(super) fn sum_lines(
    name: &str,
    symbols: &[String],
    numbers: &[String],
    result: f64,
) -> Vec<(f64, String)> {
    let room = WIDTH - 2.0 * grid::MARGIN;
    let head = format!("{name} = ");
    let shift = text::width(&format!("{name} "), LABEL_PX);
    let mut lines: Vec<(f64, String)> = wrap(&head, symbols, " + ", "", room, LABEL_PX)
        .into_iter()
        .enumerate()
        .map(|(i, l)| (if i == 0 { 0.0 } else { shift }, l))
        .collect();
    if numbers.is_empty() {
        return lines;
    }
    let mut numbers = numbers.to_vec();
    if let Some(last) = numbers.last_mut() {
        last.push_str(&format!(" = {}", number::display(result)));
    }
    lines.extend(
        wrap("= ", &numbers, " + ", "", room - shift, LABEL_PX)
            .into_iter()
            .map(|l| (shift, l)),
    );
    lines
}

/// The sum of weight `w`, as lines.
fn weight_lines(bp: &Backprop, w: Pair) -> Vec<(f64, String)> {
    let label = &bp.example.labels.filter[w].text;
    let name = grad_name(label);
    let result = bp.weights[w];
    let found = products(bp, w);
    if found.is_empty() {
        return vec![(
            0.0,
            format!("{name} = 0: {label} only ever lies on padding"),
        )];
    }
    let Some((shown, left_out)) = spelled(&found, |p| p.delta_value) else {
        return vec![(
            0.0,
            format!(
                "{name} = the sum of {} products δ·pixel = {}",
                found.len(),
                number::display(result)
            ),
        )];
    };
    let symbols: Vec<String> = shown
        .iter()
        .map(|p| format!("{}·{}", p.delta, p.input))
        .collect();
    let numbers: Vec<String> = shown
        .iter()
        .map(|p| format!("{}·{}", factor(p.delta_value), factor(p.input_value)))
        .collect();
    with_zeros(sum_lines(&name, &symbols, &numbers, result), left_out)
}

/// The terms a sum spells out: all of them, or, past [`MAX_SPELLED`],
/// those whose δ is not zero (they alone add something) and how many were
/// left out; `None` when even those are too many.
fn spelled<T>(all: &[T], delta: impl Fn(&T) -> f64) -> Option<(Vec<&T>, usize)> {
    if all.len() <= MAX_SPELLED {
        return Some((all.iter().collect(), 0));
    }
    let shown: Vec<&T> = all.iter().filter(|t| delta(t) != 0.0).collect();
    (shown.len() <= MAX_SPELLED).then(|| {
        let left_out = all.len() - shown.len();
        (shown, left_out)
    })
}

/// `lines` with a last line that counts the sections left out for a δ of
/// zero, if any.
fn with_zeros(mut lines: Vec<(f64, String)>, left_out: usize) -> Vec<(f64, String)> {
    if left_out > 0 {
        let shift = lines.last().map_or(0.0, |l| l.0);
        lines.push((
            shift,
            format!(
                "(the other {} have δ = 0)",
                words::plural(left_out, "section")
            ),
        ));
    }
    lines
}

/// The bias's sum, as lines.
fn bias_lines(bp: &Backprop) -> Vec<(f64, String)> {
    let name = grad_name(&bp.example.labels.bias.text);
    let outputs: Vec<Pair> = bp.conv.outputs().collect();
    let Some((shown, left_out)) = spelled(&outputs, |&o| bp.delta[o]) else {
        return vec![(
            0.0,
            format!(
                "{name} = the sum of all {} δ = {}",
                outputs.len(),
                number::display(bp.bias)
            ),
        )];
    };
    let symbols: Vec<String> = shown.iter().map(|&&o| bp.delta_name(o)).collect();
    let numbers: Vec<String> = shown.iter().map(|&&o| factor(bp.delta[o])).collect();
    with_zeros(sum_lines(&name, &symbols, &numbers, bp.bias), left_out)
}

/// The heading and every sum, from `top` down.
pub(super) fn draw(bp: &Backprop, top: f64) -> Part {
    let x = grid::MARGIN;
    let mut items = vec![grid::heading([x, top], HEADING)];
    let mut right = x + text::width(HEADING, text::HEADING_PX);
    let mut y = top + grid::HEADING + 4.0;
    let filter = &bp.conv.spec().filter;
    let cols = filter.ncols();
    let mut add = |lines: Vec<(f64, String)>, tone: Tone, y: &mut f64| {
        for (dx, line) in lines {
            right = right.max(x + dx + text::width(&line, LABEL_PX));
            items.push(Item::Text {
                at: [x + dx, *y + 12.0],
                text: line,
                style: TextStyle::Label,
                anchor: Anchor::Start,
                tone,
            });
            *y += LINE;
        }
        *y += 6.0;
    };
    for (k, ((u, v), _)) in filter.indexed_iter().enumerate() {
        if k == MAX_WEIGHTS {
            break;
        }
        add(
            weight_lines(bp, [u, v]),
            grid::weight_tone(cols, [u, v]),
            &mut y,
        );
    }
    add(bias_lines(bp), Tone::Ink, &mut y);
    let more = filter.len().saturating_sub(MAX_WEIGHTS);
    if more > 0 {
        items.push(grid::note(
            [x, y - 6.0],
            format!(
                "… and {} more, each the same kind of sum.",
                words::plural(more, "weight")
            ),
        ));
        y += grid::NOTE;
    }
    Part {
        items,
        right,
        bottom: y - 6.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::model;

    fn lines(body: &str) -> Vec<String> {
        let (example, model) = model(body);
        let bp = Backprop::new("gradient", &example, &model).unwrap();
        draw(&bp, 0.0)
            .items
            .into_iter()
            .filter_map(|i| match i {
                Item::Text {
                    text,
                    style: TextStyle::Label,
                    ..
                } => Some(text),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_seeds_sums_are_the_closed_forms() {
        let all = lines("example = \"seed\"\ntarget = [[0, 0], [0, 0]]").join("\n");
        assert!(all.contains("∂L/∂α = δP·A + δQ·B + δR·D + δS·E"), "{all}");
        assert!(all.contains("= 5·2 + 6·0 + (−1)·1 + 4·3 = 21"), "{all}");
        assert!(all.contains("= 42"), "{all}");
        assert!(all.contains("∂L/∂b = δP + δQ + δR + δS"), "{all}");
        assert!(all.contains("= 5 + 6 + (−1) + 4 = 14"), "{all}");
    }

    #[test]
    fn past_a_dozen_sections_only_those_with_a_gradient_are_spelled_out() {
        let all = lines(
            "image = [[1, 0, 2, 1, 0], [0, 1, 3, 0, 1], [2, 1, 0, 1, 2], [0, 0, 1, 0, 0], [1, 2, 0, 0, 1]]\nfilter = [[1, -1], [2, 0]]\nbias = -1\nlabel = 0\n[[layers]]\nkind = \"relu\"\n[[layers]]\nkind = \"max-pool\"\nsize = 2\n[[layers]]\nkind = \"dense\"\nweights = [[1, 0, 0, 1], [0, 1, 1, 0]]\n[[layers]]\nkind = \"softmax\"",
        );
        let joined = all.join("\n");
        assert!(
            joined.contains("(the other 13 sections have δ = 0)"),
            "{joined}"
        );
        assert!(!joined.contains("the sum of 16 products"), "{joined}");
    }

    #[test]
    fn padding_products_drop_out_and_long_sums_wrap() {
        let all = lines("example = \"seed-padded\"\ntarget = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]");
        // α (top-left) meets a pixel only in the four lower-right sections.
        let alpha = all.iter().find(|l| l.starts_with("∂L/∂α")).unwrap();
        assert_eq!(alpha, "∂L/∂α = δT·A + δU·B + δW·D + δX·E");
        for line in &all {
            assert!(
                text::width(line, LABEL_PX) <= WIDTH - 2.0 * grid::MARGIN,
                "{line}"
            );
        }
    }
}
