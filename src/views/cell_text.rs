//! What the cells of the grid panels say (`sections`, `padding`,
//! `familiar`): a symbol above a value where both fit, one of them, or a
//! shorter form. Planned once per grid from its longest texts, so that all
//! its cells look alike.

use crate::engine::{Convolution, Pair, Source, Term};
use crate::render::number;
use crate::resolve::Example;
use crate::text::{SYMBOL_PX, VALUE_PX, legible};
use crate::view::Show;

/// Smallest cell that holds one line of text.
pub(super) const ONE_LINE: f64 = 20.0;
/// Smallest cell that holds a symbol above a value.
pub(super) const TWO_LINES: f64 = 36.0;

/// One cell's text: its symbol line and its value line, each optional.
pub(super) type CellText = (Option<String>, Option<String>);

/// Which lines the cells of one grid show: the index of the symbol form and
/// of the value form (`None` for no such line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Lines {
    symbol: Option<usize>,
    value: Option<usize>,
}

impl Lines {
    /// For cells of side `cell` under `show`, where the `k`-th symbol form
    /// is at most `symbol_lens[k]` characters long and likewise for values:
    /// the first legible form of each line, a symbol above a value only
    /// where both fit.
    pub(super) fn plan(
        show: Show,
        cell: f64,
        symbol_lens: &[usize],
        value_lens: &[usize],
    ) -> Lines {
        if cell < ONE_LINE {
            return Lines {
                symbol: None,
                value: None,
            };
        }
        let symbol = if show.symbols() {
            symbol_lens
                .iter()
                .position(|&n| legible(n, SYMBOL_PX, cell))
        } else {
            None
        };
        let two = symbol.is_some() && show == Show::Both && cell >= TWO_LINES;
        let value = if show.values() && (two || symbol.is_none()) {
            // A value under a symbol is set smaller than a value alone.
            let px = if two { VALUE_PX } else { SYMBOL_PX };
            value_lens.iter().position(|&n| legible(n, px, cell))
        } else {
            None
        };
        Lines { symbol, value }
    }

    /// Whether the cells show a symbol line.
    pub(super) fn has_symbol(self) -> bool {
        self.symbol.is_some()
    }

    /// Whether the cells show a value line.
    pub(super) fn has_value(self) -> bool {
        self.value.is_some()
    }

    /// One cell's text: the chosen form of each line.
    pub(super) fn pick(self, symbols: &[String], values: &[String]) -> CellText {
        (
            self.symbol.and_then(|k| symbols.get(k).cloned()),
            self.value.and_then(|k| values.get(k).cloned()),
        )
    }
}

/// Characters in the longest of `texts`.
pub(super) fn longest<'a>(texts: impl Iterator<Item = &'a str>) -> usize {
    texts.map(|t| t.chars().count()).max().unwrap_or(0)
}

/// Characters in the longest of `values` as the figures write them.
fn longest_value<'a>(values: impl Iterator<Item = &'a f64>) -> usize {
    values
        .map(|&v| number::display(v).chars().count())
        .max()
        .unwrap_or(0)
}

/// The text of an image's cells, planned once for the whole grid: pixels
/// (`A` above `2`) and window cells (`α·A` above `1·2`, shortened to `α`
/// and `2` where the longest of them would not be legible).
pub(super) struct CellTexts<'a> {
    example: &'a Example,
    pixels: Lines,
    taps: Lines,
}

impl<'a> CellTexts<'a> {
    /// Plans the text of cells of side `cell`; `padding` says whether some
    /// window cells may lie on padding (and say `0`).
    pub(super) fn new(example: &'a Example, cell: f64, padding: bool) -> Self {
        let spec = &example.spec;
        let labels = &example.labels;
        let show = example.show;
        let pixel_symbol = longest(labels.image.iter().map(|l| l.text.as_str()));
        let pixel_value = longest_value(spec.image.iter());
        let weight_symbol = longest(labels.filter.iter().map(|l| l.text.as_str()));
        let weight_value = longest_value(spec.filter.iter());
        let input_symbol = pixel_symbol.max(usize::from(padding));
        let input_value = pixel_value.max(usize::from(padding));
        let product = weight_value + 1 + input_value;
        let mut taps = Lines::plan(
            show,
            cell,
            &[weight_symbol + 1 + input_symbol, weight_symbol],
            &[product, input_value],
        );
        // Too small for a name above a number: the window's cells give the
        // products in numbers, which its sum needs, where they are legible;
        // the other cells keep their names.
        if show == Show::Both && !taps.has_value() {
            let numbers = Lines::plan(Show::Values, cell, &[], &[product]);
            if numbers.has_value() {
                taps = numbers;
            }
        }
        CellTexts {
            example,
            pixels: Lines::plan(show, cell, &[pixel_symbol], &[pixel_value]),
            taps,
        }
    }

    /// Whether the window's cells give only numbers while the other cells
    /// give names (the cells are too small for both).
    pub(super) fn taps_in_numbers(&self) -> bool {
        self.example.show == Show::Both && !self.taps.has_symbol() && self.taps.has_value()
    }

    /// A pixel's cell text.
    pub(super) fn pixel(&self, p: Pair) -> CellText {
        self.pixels.pick(
            &[self.example.labels.image[p].text.clone()],
            &[number::display(self.example.spec.image[p])],
        )
    }

    /// What one window cell says: the weight times what lies under it,
    /// `α·A` and `1·2` (`α·0` on padding), or the short forms.
    pub(super) fn tap(&self, term: &Term) -> CellText {
        let spec = &self.example.spec;
        let labels = &self.example.labels;
        let weight = &labels.filter[term.weight].text;
        let weight_value = number::display(spec.filter[term.weight]);
        let (input, input_value) = match term.source {
            Source::Pixel(p) => (labels.image[p].text.clone(), number::display(spec.image[p])),
            Source::Padding(_) => ("0".to_string(), "0".to_string()),
        };
        self.taps.pick(
            &[format!("{weight}·{input}"), weight.clone()],
            &[format!("{weight_value}·{input_value}"), input_value],
        )
    }
}

/// The lines output cells of side `cell` show, planned once for all
/// outputs of `conv` (with the example's labels).
pub(super) fn output_lines(example: &Example, conv: &Convolution, cell: f64) -> Lines {
    let symbol = longest(example.labels.output.iter().map(|l| l.text.as_str()));
    let value = longest_value(conv.output().iter());
    Lines::plan(example.show, cell, &[symbol], &[value])
}

/// The lines output cells of side `cell` show when they give only their
/// numbers, e.g. outputs that have no symbol.
pub(super) fn value_lines(conv: &Convolution, cell: f64) -> Lines {
    Lines::plan(
        Show::Values,
        cell,
        &[],
        &[longest_value(conv.output().iter())],
    )
}

/// Output `out`'s cell text under `lines`.
pub(super) fn output_text(
    lines: Lines,
    example: &Example,
    conv: &Convolution,
    out: Pair,
) -> CellText {
    lines.pick(
        &[example.labels.output[out].text.clone()],
        &[number::display(conv.output()[out])],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(show: Show, cell: f64, symbols: &[usize], values: &[usize]) -> CellText {
        let lines = Lines::plan(show, cell, symbols, values);
        let forms = |n: usize| (0..n).map(|k| k.to_string()).collect::<Vec<_>>();
        lines.pick(&forms(symbols.len()), &forms(values.len()))
    }

    fn form(k: usize) -> Option<String> {
        Some(k.to_string())
    }

    #[test]
    fn text_shortens_where_cells_are_small() {
        // "α·A" above "1·2" in a large cell; the symbol alone in a small one.
        assert_eq!(plan(Show::Both, 48.0, &[3], &[3]), (form(0), form(0)));
        assert_eq!(plan(Show::Both, 30.0, &[3], &[3]), (form(0), None));
        assert_eq!(plan(Show::Values, 30.0, &[3], &[3]), (None, form(0)));
        // "w₁,₁·x₁,₂" is too long for 40 pixels; "w₁,₁" fits.
        assert_eq!(plan(Show::Symbols, 40.0, &[9, 4], &[]), (form(1), None));
        assert_eq!(plan(Show::Both, 12.0, &[1], &[1]), (None, None));
    }

    #[test]
    fn longest_counts_characters_not_bytes() {
        assert_eq!(longest(["α·A", "B"].into_iter()), 3);
        assert_eq!(longest_value([1.0, -0.25].iter()), 5);
    }
}
