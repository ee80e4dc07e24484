//! Valid-looking examples, built from the fuzzer's bytes: odd shapes,
//! padding, stride and dilation (up to the limits), awkward numbers,
//! labels, channels, several filters and layers, then every view (or one).
//! Raw TOML (the `block` target) mostly stops in the parser; this reaches
//! the engine and the views with geometry nobody thought of.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use mdbook_cnn_views::{Config, Examples, process_chapter};

/// Numbers that stress formatting and layout: zeros, signs, tiny, huge,
/// long decimals.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "0.5",
    "-0.25",
    "3",
    "-7",
    "0.1",
    "1e-9",
    "-0.000001",
    "123456.789",
    "1e15",
    "-1e15",
    "1e300",
    "0.3333333333",
    "-0.0",
    "99",
];
/// Every view name, the ones beyond the article too (a name the library
/// does not know yet is just an error).
const VIEWS: &[&str] = &[
    "all",
    "image",
    "filter",
    "output",
    "sections",
    "equations",
    "compact",
    "network",
    "matrix",
    "dense",
    "familiar",
    "padding",
    "im2col",
    "channels",
    "filters",
    "activation",
    "pooling",
    "layers",
    "receptive-field",
    "softmax",
    "gradient",
    "training",
    "code",
    "interactive",
];
const STEPS: &[usize] = &[1, 1, 1, 2, 3, 5, 64];

/// True one time in `n`; false once the bytes run out (unlike
/// `Unstructured::ratio`), so short inputs stay plain.
fn chance(u: &mut Unstructured, n: u8) -> Result<bool> {
    Ok(u.int_in_range(1..=n)? == n)
}

fn side(u: &mut Unstructured) -> Result<usize> {
    Ok(match u.int_in_range(0..=9)? {
        0..=6 => u.int_in_range(1..=5)?,
        7 | 8 => u.int_in_range(6..=24)?,
        _ => u.int_in_range(25..=256)?,
    })
}

fn pair(u: &mut Unstructured, choices: &[usize]) -> Result<[usize; 2]> {
    let a = *u.choose(choices)?;
    Ok(if chance(u, 4)? {
        [a, *u.choose(choices)?]
    } else {
        [a, a]
    })
}

fn key(name: &str, [a, b]: [usize; 2]) -> String {
    if a == b {
        format!("{name} = {a}\n")
    } else {
        format!("{name} = [{a}, {b}]\n")
    }
}

/// A `rows` × `cols` array of numbers, or of labels when `labels` is set.
fn grid(u: &mut Unstructured, rows: usize, cols: usize, labels: Option<&str>) -> Result<String> {
    let uniform = chance(u, 3)?;
    let first = *u.choose(NUMBERS)?;
    let mut out = String::from("[");
    for r in 0..rows {
        out.push_str(if r == 0 { "[" } else { ", [" });
        for c in 0..cols {
            if c > 0 {
                out.push_str(", ");
            }
            match labels {
                Some(prefix) => out.push_str(&format!("\"{prefix}{r}_{c}\"")),
                None if uniform || u.is_empty() => out.push_str(first),
                None => out.push_str(u.choose(NUMBERS)?),
            }
        }
        out.push(']');
    }
    out.push(']');
    Ok(out)
}

/// Output size along one axis, if the filter fits.
fn out_side(n: usize, k: usize, p: usize, s: usize, d: usize) -> Option<usize> {
    let reach = d * (k - 1) + 1;
    (n + 2 * p).checked_sub(reach).map(|room| room / s + 1)
}

/// The pictures in `fuzz/fixtures` (`image-file`), with their sizes:
/// one gray channel each.
const PICTURES: &[(&str, [usize; 2])] = &[("gray.png", [8, 8])];

/// The folder `image-file` paths are read from.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

fn body(u: &mut Unstructured) -> Result<String> {
    // Now and then the image is a real picture (`image-file`).
    let picture = if chance(u, 8)? {
        Some(*u.choose(PICTURES)?)
    } else {
        None
    };
    let [h, w] = match picture {
        Some((_, size)) => size,
        None => [side(u)?, side(u)?],
    };
    let padding = pair(u, &[0, 0, 0, 1, 2, 3, 64])?;
    let stride = pair(u, STEPS)?;
    // Mostly small filters; now and then one as large as the padded image
    // (the views then draw reduced figures).
    let most = if chance(u, 10)? { 256 } else { 6 };
    let kh = u.int_in_range(1..=(h + 2 * padding[0]).min(most))?;
    let kw = u.int_in_range(1..=(w + 2 * padding[1]).min(most))?;
    // Mostly a dilation the filter fits with; sometimes any (an error).
    let fits = |n: usize, k: usize, p: usize| -> Vec<usize> {
        let room = n + 2 * p;
        let mut ok: Vec<usize> = STEPS
            .iter()
            .copied()
            .filter(|d| d * (k - 1) < room)
            .collect();
        ok.dedup();
        ok
    };
    let dilation = if chance(u, 8)? {
        pair(u, STEPS)?
    } else {
        [
            *u.choose(&fits(h, kh, padding[0]))?,
            *u.choose(&fits(w, kw, padding[1]))?,
        ]
    };
    let channels = if picture.is_none() && chance(u, 8)? {
        u.int_in_range(2..=3)?
    } else {
        1
    };
    let filters = if chance(u, 8)? {
        u.int_in_range(2..=3)?
    } else {
        1
    };
    let mut body = String::new();
    let planes = |u: &mut Unstructured, n: usize, rows: usize, cols: usize| -> Result<String> {
        let mut all = Vec::new();
        for _ in 0..n {
            all.push(grid(u, rows, cols, None)?);
        }
        Ok(format!("[{}]", all.join(", ")))
    };
    if let Some((file, _)) = picture {
        body.push_str(&format!("image-file = \"{file}\"\n"));
    } else if channels == 1 {
        body.push_str(&format!("image = {}\n", grid(u, h, w, None)?));
    } else {
        body.push_str(&format!("image = {}\n", planes(u, channels, h, w)?));
    }
    if filters == 1 && channels == 1 {
        body.push_str(&format!("filter = {}\n", grid(u, kh, kw, None)?));
        body.push_str(&format!("bias = {}\n", u.choose(NUMBERS)?));
    } else {
        let mut all = Vec::new();
        for _ in 0..filters {
            all.push(planes(u, channels, kh, kw)?);
        }
        body.push_str(&format!("filters = [{}]\n", all.join(", ")));
    }
    body.push_str(&key("padding", padding));
    body.push_str(&key("stride", stride));
    body.push_str(&key("dilation", dilation));
    let view = *u.choose(VIEWS)?;
    body.push_str(&format!("view = \"{view}\"\n"));
    if chance(u, 3)? {
        body.push_str(&format!(
            "show = \"{}\"\n",
            u.choose(&["symbols", "values", "both"])?
        ));
    }
    let out = out_side(h, kh, padding[0], stride[0], dilation[0]).zip(out_side(
        w,
        kw,
        padding[1],
        stride[1],
        dilation[1],
    ));
    if channels == 1 && filters == 1 && chance(u, 4)? {
        body.push_str(&format!("image-labels = {}\n", grid(u, h, w, Some("x"))?));
        body.push_str(&format!(
            "filter-labels = {}\n",
            grid(u, kh, kw, Some("w"))?
        ));
        if let Some((oh, ow)) = out {
            body.push_str(&format!(
                "output-labels = {}\n",
                grid(u, oh, ow, Some("y"))?
            ));
        }
        body.push_str("bias-label = \"bias-with-a-long-name-24\"\n");
    }
    let learn = |u: &mut Unstructured, body: &mut String| -> Result<()> {
        body.push_str(&format!(
            "learning-rate = {}\nsteps = {}\n",
            u.choose(&["0.1", "0.01", "1", "1e10"])?,
            u.choose(&[0, 1, 3, 20])?
        ));
        Ok(())
    };
    let mut layers = String::new();
    if let (Some((oh, ow)), true) = (out, chance(u, 3)?) {
        let mut size = [filters, oh, ow];
        for _ in 0..u.int_in_range(1..=3)? {
            match u.int_in_range(0..=5)? {
                0 => layers.push_str("\n[[layers]]\nkind = \"relu\"\n"),
                1 => layers.push_str(&format!(
                    "\n[[layers]]\nkind = \"{}\"\n",
                    u.choose(&["leaky-relu", "sigmoid", "tanh"])?
                )),
                2 => {
                    let s = u.int_in_range(1..=3)?;
                    let kind = u.choose(&["max-pool", "avg-pool"])?;
                    layers.push_str(&format!("\n[[layers]]\nkind = \"{kind}\"\nsize = {s}\n"));
                    size = [size[0], size[1] / s, size[2] / s];
                }
                3 => {
                    let k = u.int_in_range(1..=2)?;
                    layers.push_str(&format!(
                        "\n[[layers]]\nkind = \"conv\"\nfilter = {}\n",
                        planes(u, size[0], k, k)?
                    ));
                    size = [
                        1,
                        (size[1] + 1).saturating_sub(k),
                        (size[2] + 1).saturating_sub(k),
                    ];
                }
                _ => {
                    let inputs = size.iter().product::<usize>();
                    let outputs = u.int_in_range(1..=3)?;
                    if inputs == 0 || inputs > 64 {
                        break;
                    }
                    layers.push_str(&format!(
                        "\n[[layers]]\nkind = \"dense\"\nweights = {}\n",
                        grid(u, outputs, inputs, None)?
                    ));
                    if chance(u, 2)? {
                        layers.push_str("\n[[layers]]\nkind = \"softmax\"\n");
                        if chance(u, 2)? {
                            let label = u.int_in_range(0..=outputs)?;
                            body.push_str(&format!("label = {label}\nloss = \"cross-entropy\"\n"));
                            learn(u, &mut body)?;
                        }
                    }
                    break;
                }
            }
        }
    } else if let (Some((oh, ow)), true, true) = (out, channels == 1 && filters == 1, chance(u, 4)?)
    {
        // Squared loss against a target of the output's shape.
        body.push_str(&format!("target = {}\n", grid(u, oh, ow, None)?));
        learn(u, &mut body)?;
    }
    body.push_str(&layers);
    Ok(body)
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(body) = body(&mut u) else {
        return;
    };
    let chapter = format!("# Fuzz\n\n```cnn\n{body}```\n");
    let examples = Examples::built_in().in_book(FIXTURES);
    let result = process_chapter(&chapter, "src/fuzz.md", &examples, &Config::default());
    // To see what the inputs become: SHAPES_PRINT=1 cargo fuzz run shapes DIR -- -runs=0
    if std::env::var_os("SHAPES_PRINT").is_some() {
        match result {
            Ok(_) => eprintln!("ok: {}", body.lines().last().unwrap_or_default()),
            Err(e) => eprintln!("error: {e}"),
        }
    }
});
