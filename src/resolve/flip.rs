//! `flip = true`: a true convolution. The first convolution's filters and
//! their labels turn half a turn (180°) here, once, so the engine, every
//! view and the JSON see the turned filter: nothing downstream computes
//! the convolution any other way.

use ndarray::{Array2, Array4, s};

use crate::labels::Label;

/// The sentence a figure of a `flip = true` block ends with: which weight
/// now sits where (`filter` is one turned kernel's labels), and so why its
/// numbers differ from the unturned filter's. `filters` and `channels`
/// choose the wording; with `later_conv` it says that only the first
/// convolution turned.
pub fn note(filter: &Array2<Label>, filters: usize, channels: usize, later_conv: bool) -> String {
    let (rows, cols) = filter.dim();
    let (first, last) = (&filter[[0, 0]], &filter[[rows - 1, cols - 1]]);
    let (turned, each) = match (filters, channels) {
        (1, 1) => ("The filter was", ""),
        (1, _) => ("The filter was", ", each channel's kernel"),
        _ => ("The filters were", ", every kernel"),
    };
    let which = if later_conv {
        "so the first convolution is a true one (the later ones are not turned)"
    } else {
        "so this is a true convolution"
    };
    format!(
        " {turned} turned half a turn (180°){each} before sliding: {} now sits top-left and {} bottom-right, {which}. Each weight keeps its color.",
        first.text, last.text
    )
}

/// Every spatial kernel of `[filter][channel][row][col]` turned half a
/// turn: the entry at `(u, v)` moves to `(kh−1−u, kw−1−v)`, in every filter
/// and every channel alike.
pub fn half_turn<T: Clone>(filters: &Array4<T>) -> Array4<T> {
    filters.slice(s![.., .., ..;-1, ..;-1]).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directive::Directive;
    use crate::engine::Model;
    use crate::resolve::{Examples, resolve};
    use ndarray::Array3;
    use proptest::prelude::*;

    use crate::view::View;

    fn note_of(body: &str, view: View) -> Option<String> {
        let ex = resolve(Directive::parse(body).unwrap(), &Examples::built_in()).unwrap();
        ex.flip_note(view)
    }

    #[test]
    fn the_note_names_what_turned_and_only_where_a_filter_acts() {
        let seed = "example = \"seed\"\nflip = true";
        let output = note_of(seed, View::Output).unwrap();
        assert!(
            output
                .contains("δ now sits top-left and α bottom-right, so this is a true convolution"),
            "{output}"
        );
        assert_eq!(note_of(seed, View::Image), None);
        assert_eq!(note_of("example = \"seed\"", View::Output), None);
        let two = "image = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]\nflip = true\nfilters = [[[1, 2], [3, 4]], [[0, 1], [1, 0]]]";
        assert!(
            note_of(two, View::Filters)
                .unwrap()
                .contains("The filters were turned half a turn (180°), every kernel")
        );
        let stacked = format!("{seed}\n[[layers]]\nkind = \"conv\"\nfilter = [[1]]");
        let layers = note_of(&stacked, View::Layers).unwrap();
        assert!(
            layers.contains("the first convolution is a true one (the later ones are not turned)"),
            "{layers}"
        );
    }

    #[test]
    fn the_seed_turns_to_delta_gamma_beta_alpha() {
        let body = "example = \"seed\"\nview = \"filter\"\nflip = true";
        let ex = resolve(Directive::parse(body).unwrap(), &Examples::built_in()).unwrap();
        let texts: Vec<&str> = ex.labels.filter.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["δ", "γ", "β", "α"]);
        assert_eq!(
            ex.spec.filter.iter().copied().collect::<Vec<_>>(),
            [0.0, 2.0, -1.0, 1.0]
        );
        assert!(ex.flipped);
        // The labels of the channels-and-filters views turn with them.
        assert_eq!(ex.layer_labels.filters[[0, 0, 0, 0]].text, "δ");
        let plain = resolve(
            Directive::parse("example = \"seed\"\nview = \"filter\"\nflip = false").unwrap(),
            &Examples::built_in(),
        )
        .unwrap();
        assert!(!plain.flipped);
        assert_eq!(plain.labels.filter[[0, 0]].text, "α");
    }

    #[test]
    fn author_labels_turn_with_their_weights() {
        let body = "image = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]\nfilter = [[1, 2], [3, 4]]\nfilter-labels = [[\"a\", \"b\"], [\"c\", \"d\"]]\nflip = true\nview = \"filter\"";
        let ex = resolve(Directive::parse(body).unwrap(), &Examples::built_in()).unwrap();
        assert_eq!(ex.labels.filter[[0, 0]].text, "d");
        assert_eq!(ex.spec.filter[[0, 0]], 4.0);
        assert_eq!(ex.labels.filter[[1, 1]].text, "a");
        assert_eq!(ex.spec.filter[[1, 1]], 1.0);
    }

    #[test]
    fn every_weight_keeps_its_color_and_figures_say_the_filter_turned() {
        use crate::figure::{Item, Math, Tone};
        let body =
            "example = \"seed\"\nviews = [\"filter\", \"equations\", \"interactive\"]\nflip = true";
        let (ex, model) =
            crate::pipeline::prepare(Directive::parse(body).unwrap(), &Examples::built_in())
                .unwrap();
        let drawings = crate::pipeline::drawings(&ex, &model).unwrap();
        let figure = drawings[0].figure.as_ref().unwrap();
        let tones: Vec<(String, Tone)> = figure
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Cell {
                    symbol: Some(s),
                    tone: tone @ Tone::Weight(_),
                    ..
                } => Some((s.clone(), *tone)),
                _ => None,
            })
            .collect();
        // δ (weight 4 of the unturned filter) keeps color 3 in the corner
        // where α was.
        assert_eq!(tones[0], ("δ".to_string(), Tone::Weight(3)));
        assert_eq!(tones[3], ("α".to_string(), Tone::Weight(0)));
        assert!(
            drawings[0].summary.contains(
                "turned half a turn (180°) before sliding: δ now sits top-left and α bottom-right"
            ),
            "{}",
            drawings[0].summary
        );
        let Some(Math::Equations(eq)) = &drawings[1].math else {
            panic!("the equations view writes equations")
        };
        let first = &eq.equations[0].products[0].weight;
        // The live figure's inputs are colored by weight too.
        assert!(drawings[2].controls.as_ref().is_some_and(|c| c.turned));
        assert_eq!(
            (first.quantity.symbol.as_str(), first.color),
            ("\\delta", 3)
        );
    }

    /// A plain true convolution: the filter read backwards, with four
    /// loops over a zero-padded copy. Shares no code with the engine or
    /// with [`half_turn`].
    fn true_convolution(
        image: &Array3<f64>,
        filters: &Array4<f64>,
        biases: &[f64],
        p: usize,
        s: usize,
        d: usize,
    ) -> Array3<f64> {
        let (c, h, w) = image.dim();
        let (k, _, kh, kw) = filters.dim();
        let (ph, pw) = (h + 2 * p, w + 2 * p);
        let mut padded = Array3::<f64>::zeros((c, ph, pw));
        for ((ch, r, col), x) in image.indexed_iter() {
            padded[[ch, r + p, col + p]] = *x;
        }
        let (oh, ow) = (
            (ph - d * (kh - 1) - 1) / s + 1,
            (pw - d * (kw - 1) - 1) / s + 1,
        );
        Array3::from_shape_fn((k, oh, ow), |(f, i, j)| {
            let mut sum = biases[f];
            for ch in 0..c {
                for u in 0..kh {
                    for v in 0..kw {
                        sum += filters[[f, ch, kh - 1 - u, kw - 1 - v]]
                            * padded[[ch, i * s + u * d, j * s + v * d]];
                    }
                }
            }
            sum
        })
    }

    /// `[[..]]` or `[[[..]]]` as TOML.
    fn toml_list(values: &[f64], shape: &[usize]) -> String {
        if shape.is_empty() {
            return format!("{}", values[0]);
        }
        let step = values.len() / shape[0];
        let parts: Vec<String> = values
            .chunks(step)
            .map(|chunk| toml_list(chunk, &shape[1..]))
            .collect();
        format!("[{}]", parts.join(", "))
    }

    /// Channels, filters, sizes, padding and stride, with small integers.
    fn any_case() -> impl Strategy<Value = (Array3<f64>, Array4<f64>, Vec<f64>, usize, usize, usize)>
    {
        (
            1usize..=2,
            1usize..=3,
            2usize..=5,
            2usize..=5,
            1usize..=3,
            1usize..=3,
            0usize..=1,
            1usize..=2,
            1usize..=2,
        )
            .prop_flat_map(|(c, k, h, w, kh, kw, p, s, d)| {
                // The dilated kernel, d·(k − 1) + 1, fits the padded image.
                let fit = |k: usize, n: usize| k.min((n + 2 * p - 1) / d + 1);
                let (kh, kw) = (fit(kh, h), fit(kw, w));
                (
                    proptest::collection::vec(-9i32..10, c * h * w),
                    proptest::collection::vec(-9i32..10, k * c * kh * kw),
                    proptest::collection::vec(-3i32..4, k),
                )
                    .prop_map(move |(image, filters, biases)| {
                        let f = |v: Vec<i32>| v.into_iter().map(f64::from).collect::<Vec<_>>();
                        (
                            Array3::from_shape_vec((c, h, w), f(image)).unwrap(),
                            Array4::from_shape_vec((k, c, kh, kw), f(filters)).unwrap(),
                            f(biases),
                            p,
                            s,
                            d,
                        )
                    })
            })
    }

    proptest! {
        #[test]
        fn turning_twice_changes_nothing(case in any_case()) {
            let (_, filters, ..) = case;
            prop_assert_eq!(half_turn(&half_turn(&filters)), filters);
        }

        #[test]
        fn flip_computes_a_true_convolution(case in any_case()) {
            let (image, filters, biases, p, s, d) = case;
            let body = format!(
                "image = {}\nfilters = {}\nbiases = {}\npadding = {p}\nstride = {s}\ndilation = {d}\nflip = true\nview = \"filters\"",
                toml_list(image.as_slice().unwrap(), image.shape()),
                toml_list(filters.as_slice().unwrap(), filters.shape()),
                toml_list(&biases, &[biases.len()]),
            );
            let ex = resolve(Directive::parse(&body).unwrap(), &Examples::built_in()).unwrap();
            let model = Model::new(ex.model.clone()).unwrap();
            let expected = true_convolution(&image, &filters, &biases, p, s, d);
            prop_assert_eq!(model.network().first().output(), &expected);
        }
    }
}
