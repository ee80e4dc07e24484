//! The interactive view in a real browser: this repository's book built
//! in-process, opened from disk in headless Chromium driven through
//! WebDriver (`chromedriver`), and really used: weights typed, outputs and
//! pixels hovered and focused, the keyboard alone, a word and a huge number
//! typed, the print page with every figure at once, all five themes, and
//! JavaScript turned off. Every number is checked against the engine.
//!
//! Needs `chromium` and `chromedriver` (Debian: `chromium-driver`), so it is
//! ignored by default: run it with `cargo test -- --include-ignored`. Set
//! `CNN_VIEWS_SHOTS` to a folder to keep a screenshot per theme.

mod webdriver;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mdbook_cnn_views::{
    CnnViews, Config, Convolution, Directive, Examples, MathMode, Source, markdown, number,
    prepare, render_block,
};
use mdbook_driver::MDBook;
use serde_json::{Value, json};
use webdriver::{Browser, keys};

/// Texts by position (`"I,J"`): outputs or equations.
type Texts = BTreeMap<String, String>;

/// The built book and what the checks compare it with.
struct Book {
    _dir: tempfile::TempDir,
    out: PathBuf,
    examples: Examples,
    /// The bodies of the interactive blocks of `book/play.md`, in order:
    /// figure `k` of the page is block `k`.
    bodies: Vec<String>,
}

fn book() -> Book {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("book");
    let mut book = MDBook::load(&root).expect("the book loads");
    book.config.build.build_dir = out.clone();
    book.with_preprocessor(CnnViews);
    book.build().expect("the book builds");
    let config =
        Config::from_book_toml(&std::fs::read_to_string(root.join("book.toml")).unwrap()).unwrap();
    let chapter = std::fs::read_to_string(root.join("book/play.md")).unwrap();
    let bodies: Vec<String> = markdown::blocks(&chapter)
        .into_iter()
        .map(|b| b.body.clone())
        .collect();
    assert!(bodies.len() >= 3, "the chapter plays with several figures");
    assert!(
        bodies.iter().all(|b| b.contains("view = \"interactive\"")),
        "every block of the chapter is interactive, so figure k is block k + 1"
    );
    Book {
        _dir: dir,
        out,
        examples: config.examples().unwrap(),
        bodies,
    }
}

impl Book {
    /// The engine's convolution of a block body.
    fn conv(&self, body: &str) -> Convolution {
        let (_, model) = prepare(Directive::parse(body).unwrap(), &self.examples).unwrap();
        model.plane().expect("one plane").clone()
    }

    /// What the engine's own page says for `body`: outputs and equations.
    fn expected(&self, body: &str) -> (Texts, Texts) {
        let html = render_block(body, &self.examples, "x", MathMode::Mathml).unwrap();
        (
            attribute_texts(&html, "data-output", "<"),
            attribute_texts(&html, "data-equation", "</li>"),
        )
    }
}

/// `body` with each change made: its filter's entry `[u, v]` (or the bias,
/// for `None`) set to a value. The block the page should now agree with.
fn edited(book: &Book, body: &str, changes: &[(Option<[usize; 2]>, f64)]) -> String {
    let spec = book.conv(body).spec().clone();
    let mut filter = spec.filter.clone();
    let mut bias = spec.bias;
    for &(at, value) in changes {
        match at {
            Some(at) => filter[at] = value,
            None => bias = value,
        }
    }
    let rows: Vec<String> = filter
        .rows()
        .into_iter()
        .map(|row| {
            let cells: Vec<String> = row.iter().map(|x| format!("{x:?}")).collect();
            format!("[{}]", cells.join(", "))
        })
        .collect();
    format!("{body}\nfilter = [{}]\nbias = {bias:?}", rows.join(", "))
}

/// The text of every element with `attribute`, up to `end`, tags dropped.
fn attribute_texts(html: &str, attribute: &str, end: &str) -> Texts {
    let mut texts = Texts::new();
    let marker = format!("{attribute}=\"");
    for piece in html.split(&marker).skip(1) {
        let (key, rest) = piece.split_once('"').unwrap();
        let rest = &rest[rest.find('>').unwrap() + 1..];
        let inner = &rest[..rest.find(end).unwrap()];
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        texts.insert(key.to_string(), text);
    }
    texts
}

/// What interactive figure `k` of the page shows now.
fn page(browser: &Browser, k: usize) -> Value {
    browser.run(
        r#"
        const fig = document.getElementById(arguments[0]);
        const texts = (a) => Object.fromEntries([...fig.querySelectorAll('[' + a + ']')]
          .map((e) => [e.getAttribute(a), e.textContent]));
        const marks = (s) => Object.fromEntries([...fig.querySelectorAll(s)]
          .map((e) => [e.dataset.at, e.dataset.tap ?? null]));
        return {
          outputs: texts('data-output'),
          equations: texts('data-equation'),
          taps: marks('.cnn-play-image .cnn-on'),
          users: marks('.cnn-play-out.cnn-on'),
          now: fig.querySelector('[data-now]').textContent,
          invalid: [...fig.querySelectorAll('[aria-invalid="true"]')]
            .map((e) => e.dataset.weight ?? 'bias'),
          text: fig.innerText,
          live: fig.classList.contains('cnn-live') && !fig.querySelector('.cnn-play').hidden,
        };
        "#,
        json!([figure_id(k)]),
    )
}

fn texts(value: &Value) -> Texts {
    serde_json::from_value(value.clone()).unwrap()
}

fn pair([a, b]: [usize; 2]) -> String {
    format!("{a},{b}")
}

/// A weight's color class: its row-major index modulo the palette's nine
/// colors, the SVG's (so a 3×3 filter's θ and ι are not α's and β's).
fn color(k_cols: usize, [u, v]: [usize; 2]) -> String {
    ((u * k_cols + v) % 9).to_string()
}

/// The cells the engine's terms of `out` cover in the padded image, each
/// with its weight's color (padding zeros have none).
fn window(conv: &Convolution, out: [usize; 2]) -> Value {
    let spec = conv.spec();
    let [pr, pc] = spec.padding;
    let k_cols = spec.filter.ncols();
    let mut cells = serde_json::Map::new();
    for term in conv.terms(out) {
        let (at, tap) = match term.source {
            Source::Pixel([r, c]) => ([r + pr, c + pc], json!(color(k_cols, term.weight))),
            Source::Padding([r, c]) => (
                [(r + pr as isize) as usize, (c + pc as isize) as usize],
                Value::Null,
            ),
        };
        cells.insert(pair(at), tap);
    }
    Value::Object(cells)
}

/// The outputs the engine's weight matrix says use pixel `pixel`, each
/// with the color of the weight that meets it.
fn users(conv: &Convolution, pixel: [usize; 2]) -> Value {
    let positions = conv.weight_positions();
    let spec = conv.spec();
    let column = pixel[0] * spec.image.ncols() + pixel[1];
    let out_cols = conv.output_shape()[1];
    let mut cells = serde_json::Map::new();
    for (row, weight) in positions.column(column).iter().enumerate() {
        if let Some(w) = weight {
            let at = [row / out_cols, row % out_cols];
            cells.insert(pair(at), json!(color(spec.filter.ncols(), *w)));
        }
    }
    Value::Object(cells)
}

/// `selector` inside interactive figure `k`, for WebDriver.
fn inside(k: usize, selector: &str) -> String {
    format!("#{} {selector}", figure_id(k))
}

/// The id of interactive figure `k`: block `k + 1` of the chapter.
fn figure_id(k: usize) -> String {
    format!("cnn-book-play-{}-interactive", k + 1)
}

/// No console error and no request beyond the book's own files.
fn assert_clean(browser: &Browser, what: &str) {
    let errors: Vec<_> = browser
        .log()
        .into_iter()
        .filter(|(level, _)| level == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "{what}: console errors {errors:?}");
    let remote = browser.run(
        "return performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
           .map((e) => e.name).filter((n) => !n.startsWith('file:'));",
        json!([]),
    );
    assert_eq!(remote, json!([]), "{what}: requests beyond the disk");
}

#[test]
#[ignore = "needs chromium-driver"]
fn interactive_figures_in_a_real_browser() {
    let book = book();
    let browser = Browser::start(1100, 1400, true);
    let play = book.out.join("play.html");
    browser.open(&play);
    for k in 0..book.bodies.len() {
        let now = page(&browser, k);
        assert_eq!(now["live"], json!(true), "figure {k} went live");
        // Before anything is typed, the page is the engine's.
        let (outputs, equations) = book.expected(&book.bodies[k]);
        assert_eq!(texts(&now["outputs"]), outputs, "figure {k}");
        assert_eq!(texts(&now["equations"]), equations, "figure {k}");
    }
    numbers_agree(&browser);
    typing_a_weight(&browser, &book);
    hovering(&browser, &book);
    bad_and_huge_numbers(&browser, &book);
    assert_clean(&browser, "play page");

    browser.open(&play);
    keyboard_only(&browser, &book, &play);
    assert_clean(&browser, "keyboard");

    themes(&browser);
    assert_clean(&browser, "themes");

    print_page(&browser, &book);
    assert_clean(&browser, "print page");
    drop(browser);

    without_javascript(&play);
}

/// The script's number format is the page's: `number::display`, ported,
/// checked on awkward values and thousands of pseudo-random ones.
fn numbers_agree(browser: &Browser) {
    let mut values = vec![
        0.0,
        -0.0,
        2.0,
        -0.5,
        1.0 / 3.0,
        -2.0 / 3.0,
        0.00005,
        -0.00005,
        0.000049999,
        1e-5,
        12.25,
        -12.25,
        0.1 + 0.2,
        1e15,
        1e15 + 0.5,
        999_999_999_999_999.9,
        9_007_199_254_740_993.0,
        1e20,
        1e21,
        1.5e21,
        1e23,
        -1e23,
        1e300,
        1e305,
        -1e305,
        123_456.789_05,
        // Rounds to a tie at the fourth decimal: Rust's `{:.4}` rounds it
        // to even.
        1e12 + 0.03125,
        1e12 + 0.09375,
        f64::MAX,
        f64::MIN_POSITIVE,
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..4000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mantissa = (seed >> 11) as f64 / (1u64 << 53) as f64;
        let exponent = (seed % 40) as i32 - 8;
        let sign = if seed & 1 == 0 { 1.0 } else { -1.0 };
        values.push(sign * mantissa * 10f64.powi(exponent));
        // Short decimals, as a reader types them.
        values.push(sign * (seed % 2_000_001) as f64 / 10f64.powi((seed % 7) as i32));
    }
    let shown = browser.run(
        "return arguments[0].map((x) => window.cnnViews.display(x));",
        json!([values]),
    );
    for (x, text) in values.iter().zip(shown.as_array().unwrap()) {
        assert_eq!(
            text.as_str().unwrap(),
            number::display(*x),
            "the script writes {x:?} differently"
        );
    }
}

/// A weight typed into the first figure: every output and equation is the
/// engine's for the new filter.
fn typing_a_weight(browser: &Browser, book: &Book) {
    let body = &book.bodies[0];
    let input = browser.find(&inside(0, "input[data-weight=\"0,1\"]"));
    browser.clear(&input);
    browser.type_into(&input, "3");
    let now = page(browser, 0);
    let (outputs, equations) = book.expected(&edited(book, body, &[(Some([0, 1]), 3.0)]));
    assert_eq!(texts(&now["outputs"]), outputs);
    assert_eq!(texts(&now["equations"]), equations);
    assert_eq!(now["invalid"], json!([]));
    // The bias as well, with a decimal and a minus.
    let bias = browser.find(&inside(0, "input[data-bias]"));
    browser.clear(&bias);
    browser.type_into(&bias, "-2.5");
    let now = page(browser, 0);
    let twice = edited(book, body, &[(Some([0, 1]), 3.0), (None, -2.5)]);
    assert_eq!(texts(&now["outputs"]), book.expected(&twice).0);
}

/// Hovering every output shows the engine's window; hovering every pixel
/// shows every output of its weight-matrix column.
fn hovering(browser: &Browser, book: &Book) {
    for k in 0..book.bodies.len() {
        let conv = book.conv(&book.bodies[k]);
        for out in conv.outputs() {
            browser.hover(&browser.find(&inside(
                k,
                &format!(".cnn-play-out[data-at=\"{}\"]", pair(out)),
            )));
            let now = page(browser, k);
            assert_eq!(
                now["taps"],
                window(&conv, out),
                "figure {k}, output {out:?}"
            );
            let equation = &texts(&now["equations"])[&pair(out)];
            assert!(
                now["now"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("{equation}.")),
                "figure {k}: the sentence says the equation: {}",
                now["now"]
            );
        }
        let [rows, cols] = [conv.spec().image.nrows(), conv.spec().image.ncols()];
        for pixel in (0..rows).flat_map(|r| (0..cols).map(move |c| [r, c])) {
            browser.hover(&browser.find(&inside(k, &format!("[data-pixel=\"{}\"]", pair(pixel)))));
            let now = page(browser, k);
            assert_eq!(
                now["users"],
                users(&conv, pixel),
                "figure {k}, pixel {pixel:?}"
            );
        }
    }
}

/// A word keeps the last good outputs and is marked; a huge number is
/// written as the page writes numbers; an overflow is refused.
fn bad_and_huge_numbers(browser: &Browser, book: &Book) {
    let k = 1;
    let body = &book.bodies[k];
    let input = browser.find(&inside(k, "input[data-weight=\"0,0\"]"));
    browser.clear(&input);
    browser.type_into(&input, "2");
    let good = page(browser, k);
    // No prefix of these is a number, so the last good outputs are `good`.
    for word in ["x", "-", "--", "e", "-e", "."] {
        browser.clear(&input);
        browser.type_into(&input, word);
        let now = page(browser, k);
        assert_eq!(now["invalid"], json!(["0,0"]), "{word:?} is marked");
        assert_eq!(
            now["outputs"], good["outputs"],
            "{word:?} keeps the outputs"
        );
        assert_eq!(now["equations"], good["equations"], "{word:?}");
        assert!(!now["text"].as_str().unwrap().contains("NaN"), "{word:?}");
        assert!(
            now["now"].as_str().unwrap().contains("not a number"),
            "{}",
            now["now"]
        );
    }
    browser.clear(&input);
    browser.type_into(&input, "1e300");
    let now = page(browser, k);
    assert_eq!(now["invalid"], json!([]));
    let (outputs, equations) = book.expected(&edited(book, body, &[(Some([0, 0]), 1e300)]));
    assert_eq!(texts(&now["outputs"]), outputs);
    assert_eq!(texts(&now["equations"]), equations);
    let huge = page(browser, k);
    browser.clear(&input);
    browser.type_into(&input, "1.7e308");
    let conv = book.conv(&edited(book, body, &[(Some([0, 0]), 1.7e308)]));
    let now = page(browser, k);
    if conv.output().iter().all(|x| x.is_finite()) {
        assert_eq!(
            texts(&now["outputs"]),
            book.expected(&edited(book, body, &[(Some([0, 0]), 1.7e308)]))
                .0
        );
    } else {
        assert_eq!(now["invalid"], json!(["0,0"]));
        assert_eq!(
            now["outputs"], huge["outputs"],
            "an overflow keeps the outputs"
        );
        assert!(
            now["now"].as_str().unwrap().contains("too large"),
            "{}",
            now["now"]
        );
    }
    assert!(!now["text"].as_str().unwrap().contains("NaN"));
}

/// Tab to the first weight, type over it, tab on to an output, move with
/// the arrow keys and step with a button: no mouse, and no chapter change.
fn keyboard_only(browser: &Browser, book: &Book, play: &Path) {
    let body = &book.bodies[0];
    let conv = book.conv(body);
    let tab_to = |selector: &str| {
        for _ in 0..200 {
            let here = browser.run(
                "return document.activeElement === document.querySelector(arguments[0]);",
                json!([selector]),
            );
            if here == json!(true) {
                return;
            }
            browser.keys(&[keys::TAB]);
        }
        panic!("Tab never reached {selector}");
    };
    tab_to(&inside(0, "[data-pixel=\"0,0\"]"));
    let now = page(browser, 0);
    assert_eq!(now["users"], users(&conv, [0, 0]), "focusing a pixel");
    tab_to(&inside(0, "input[data-weight=\"0,0\"]"));
    browser.keys(&[keys::BACKSPACE, keys::BACKSPACE, keys::BACKSPACE, "7"]);
    let seven = edited(book, body, &[(Some([0, 0]), 7.0)]);
    let (outputs, equations) = book.expected(&seven);
    assert_eq!(texts(&page(browser, 0)["outputs"]), outputs);

    tab_to(&inside(0, ".cnn-play-out[data-at=\"0,1\"]"));
    let now = page(browser, 0);
    let positions = conv.output().len();
    assert_eq!(
        now["now"],
        json!(format!("Position 2 of {positions}: {}.", equations["0,1"]))
    );
    assert_eq!(now["taps"], window(&conv, [0, 1]));
    // Arrow keys move between outputs and never turn the page.
    browser.keys(&[keys::DOWN]);
    let last = [1, 1];
    let focused = browser.run("return document.activeElement.dataset.at;", json!([]));
    assert_eq!(focused, json!(pair(last)));
    assert_eq!(page(browser, 0)["taps"], window(&conv, last));
    browser.keys(&[keys::RIGHT, keys::LEFT]);
    assert!(
        browser.url().ends_with("play.html"),
        "still on {}",
        play.display()
    );

    // The step buttons, by keyboard: ◀ from the last position.
    tab_to(&inside(0, "button[data-step=\"-1\"]"));
    browser.keys(&[keys::ENTER]);
    let now = page(browser, 0);
    let index = last[0] * conv.output_shape()[1] + last[1];
    let before = conv.outputs().nth(index - 1).unwrap();
    assert_eq!(now["taps"], window(&conv, before));
    assert!(
        now["now"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Position {index} of {positions}:")),
        "{}",
        now["now"]
    );
    // The slider, by keyboard: one step on with the arrow key.
    tab_to(&inside(0, "input[data-position]"));
    browser.keys(&[keys::RIGHT]);
    let now = page(browser, 0);
    assert_eq!(now["taps"], window(&conv, last));
    assert!(
        browser.url().ends_with("play.html"),
        "the slider keeps the page"
    );
}

/// Every theme: text in every cell, input and sentence is legible on its
/// background, while an output and then a pixel is pointed at.
fn themes(browser: &Browser) {
    let shots = std::env::var_os("CNN_VIEWS_SHOTS").map(PathBuf::from);
    for theme in ["light", "rust", "coal", "navy", "ayu"] {
        for pointed in [".cnn-play-out[data-at=\"0,0\"]", "[data-pixel=\"1,1\"]"] {
            browser.run(
                "const h = document.documentElement;
                 ['light', 'rust', 'coal', 'navy', 'ayu'].forEach((t) => h.classList.remove(t));
                 h.classList.add(arguments[0]);",
                json!([theme]),
            );
            browser.hover(&browser.find(&inside(0, pointed)));
            let low = browser.run(CONTRAST, json!([figure_id(0)]));
            assert_eq!(
                low,
                json!([]),
                "{theme}, pointing at {pointed}: low contrast"
            );
        }
        if let Some(dir) = &shots {
            std::fs::create_dir_all(dir).unwrap();
            browser.run(
                "const top = document.getElementById(arguments[0]).getBoundingClientRect().top;
                 window.scrollBy(0, top - 80);",
                json!([figure_id(0)]),
            );
            browser.screenshot(&dir.join(format!("interactive-{theme}.png")));
        }
    }
}

/// Lists every text of the figure whose contrast with what is behind it is
/// below WCAG's 4.5.
const CONTRAST: &str = r#"
const fig = document.getElementById(arguments[0]);
const parse = (c) => {
  let m = c.match(/color\(srgb ([-\d.e]+) ([-\d.e]+) ([-\d.e]+)(?: \/ ([\d.e]+))?\)/);
  if (m) return { rgb: [+m[1], +m[2], +m[3]], a: m[4] === undefined ? 1 : +m[4] };
  m = c.match(/rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/);
  if (m) return { rgb: [m[1] / 255, m[2] / 255, m[3] / 255], a: m[4] === undefined ? 1 : +m[4] };
  throw new Error('unknown color ' + c);
};
const behind = (el) => {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c.a > 0) { layers.push(c); if (c.a >= 1) break; }
  }
  let out = [1, 1, 1];
  for (const l of layers.reverse()) out = out.map((v, i) => l.rgb[i] * l.a + v * (1 - l.a));
  return out;
};
const lum = (rgb) => rgb.map((x) => x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4)
  .reduce((s, x, i) => s + x * [0.2126, 0.7152, 0.0722][i], 0);
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const low = [];
const check = (selector, least) => fig.querySelectorAll(selector).forEach((el) => {
  const r = ratio(parse(getComputedStyle(el).color).rgb, behind(el));
  if (r < least) low.push(selector + ' "' + (el.value ?? el.textContent) + '": ' + r.toFixed(2));
});
check('.cnn-play-val, .cnn-play-sym, .cnn-play-title, .cnn-play-where, .cnn-play-now', 4.5);
check('.cnn-play input[type="number"], .cnn-play-equations li, .cnn-play-step button', 4.5);
check('[class*="cnn-tw"]', 4.5);
return low;
"#;

/// The print page holds every chapter: each figure works on its own.
fn print_page(browser: &Browser, book: &Book) {
    browser.open(&book.out.join("print.html"));
    let ids = browser.run(
        "return [...document.querySelectorAll('[id]')].map((e) => e.id)
           .filter((id) => id.startsWith('cnn-'));",
        json!([]),
    );
    let ids: Vec<String> = serde_json::from_value(ids).unwrap();
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique on the print page");
    let count = browser.run(
        "return [...document.querySelectorAll('figure[data-view=\"interactive\"]')]
           .filter((f) => f.classList.contains('cnn-live')).length;",
        json!([]),
    );
    assert_eq!(count, json!(book.bodies.len()), "every figure is live");
    let before: Vec<Value> = (0..book.bodies.len()).map(|k| page(browser, k)).collect();
    let k = 1;
    let input = browser.find(&inside(k, "input[data-weight=\"0,1\"]"));
    browser.clear(&input);
    browser.type_into(&input, "-1");
    for (j, was) in before.iter().enumerate() {
        let now = page(browser, j);
        if j == k {
            let (outputs, _) =
                book.expected(&edited(book, &book.bodies[k], &[(Some([0, 1]), -1.0)]));
            assert_eq!(texts(&now["outputs"]), outputs);
        } else {
            assert_eq!(
                now["outputs"], was["outputs"],
                "figure {j} stayed as it was"
            );
        }
    }
    browser.hover(&browser.find(&inside(2, ".cnn-play-out[data-at=\"1,1\"]")));
    let conv = book.conv(&book.bodies[2]);
    assert_eq!(page(browser, 2)["taps"], window(&conv, [1, 1]));
    assert_eq!(
        page(browser, 0)["taps"],
        before[0]["taps"],
        "the others keep theirs"
    );
}

/// With JavaScript off the static figure shows and the controls do not.
fn without_javascript(play: &Path) {
    let browser = Browser::start(1100, 1400, false);
    browser.open(play);
    let figure = browser.find(&format!("#{}", figure_id(0)));
    let class = browser.attribute(&figure, "class").unwrap_or_default();
    assert!(!class.contains("cnn-live"), "no script ran: {class}");
    let svg = browser.find(&format!("#{} > svg", figure_id(0)));
    assert!(browser.displayed(&svg), "the static figure shows");
    let [w, h] = browser.size(&svg);
    assert!(
        w > 100.0 && h > 100.0,
        "the static figure is drawn: {w}x{h}"
    );
    let panel = browser.find(&format!("#{} .cnn-play", figure_id(0)));
    assert!(!browser.displayed(&panel), "the controls stay hidden");
}

/// An example too large to play with stops the build at its block, and
/// names views that draw it.
#[test]
fn a_too_large_example_is_a_located_error() {
    let row = format!("[{}]", ["1"; 12].join(", "));
    let image = vec![row; 12].join(", ");
    let chapter = format!(
        "# Big\n\n```cnn\nimage = [{image}]\nfilter = [[1, 0], [0, 1]]\nview = \"interactive\"\n```\n"
    );
    let config = Config::default();
    let err =
        mdbook_cnn_views::process_chapter(&chapter, "book/big.md", &Examples::built_in(), &config)
            .unwrap_err()
            .to_string();
    assert!(err.starts_with("book/big.md:3: "), "{err}");
    assert!(err.contains("12×12"), "{err}");
    assert!(err.contains("view = \"sections\""), "{err}");
}
