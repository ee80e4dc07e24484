//! Bad input: every mistake an author can make gets one located message,
//! never a panic or a wrong figure. The table's messages are pinned in a
//! snapshot (`tests/snapshots/errors__every_mistake_has_a_located_message.snap`).

use mdbook_cnn_views::{Config, Examples, OnFailure, process_chapter};
use proptest::prelude::*;

/// A chapter whose block body is `body`; the fence is on line 5.
fn chapter(body: &str) -> String {
    format!("# Chapter\n\nSome text.\n\n```cnn\n{body}\n```\n\nMore text.\n")
}

fn config(on_failure: &str) -> Config {
    Config::from_book_toml(&format!(
        "[preprocessor.cnn-views]\non-failure = \"{on_failure}\"\n"
    ))
    .unwrap()
}

fn message(body: &str) -> String {
    message_in(body, &Examples::built_in())
}

fn message_in(body: &str, examples: &Examples) -> String {
    match process_chapter(&chapter(body), "book/x.md", examples, &config("bail")) {
        Ok(_) => "(no error)".to_string(),
        Err(err) => err.to_string(),
    }
}

#[test]
fn every_mistake_has_a_located_message() {
    let tall_image = format!(
        "image = [{}]\nfilter = [[1]]\nview = \"image\"",
        vec!["[1]"; 257].join(", ")
    );
    let wide = format!("[{}]", vec!["1"; 200].join(", "));
    let many_terms = format!(
        "image = [{}]\nfilter = [{}]\npadding = 64\nview = \"image\"",
        vec![wide.as_str(); 200].join(", "),
        vec![format!("[{}]", vec!["1"; 100].join(", ")); 100].join(", ")
    );
    let cases: Vec<(&str, String)> = vec![
        ("TOML syntax", "view = \"image\"\nimage = [[1, 2]".into()),
        ("unknown key", "example = \"seed\"\nveiw = \"image\"".into()),
        ("unknown view", "example = \"seed\"\nview = \"imgae\"".into()),
        ("unknown view in views", "example = \"seed\"\nviews = [\"image\", \"matrx\"]".into()),
        ("unknown example", "example = \"sede\"\nview = \"image\"".into()),
        ("missing image", "filter = [[1]]\nview = \"image\"".into()),
        ("missing filter", "image = [[1]]\nview = \"image\"".into()),
        ("no view", "example = \"seed\"".into()),
        ("view and views", "example = \"seed\"\nview = \"image\"\nviews = [\"filter\"]".into()),
        ("empty views", "example = \"seed\"\nviews = []".into()),
        ("views not a list", "example = \"seed\"\nviews = \"image\"".into()),
        ("ragged rows", "example = \"seed\"\nview = \"image\"\nimage = [[1, 2], [3]]".into()),
        ("empty array", "example = \"seed\"\nview = \"image\"\nimage = []".into()),
        ("empty row", "example = \"seed\"\nview = \"image\"\nfilter = [[]]".into()),
        ("not a 2-D array", "example = \"seed\"\nview = \"image\"\nimage = [1, 2, 3]".into()),
        ("string in image", "example = \"seed\"\nview = \"image\"\nimage = [[1, \"2\"]]".into()),
        ("boolean bias", "example = \"seed\"\nview = \"image\"\nbias = true".into()),
        ("string bias", "example = \"seed\"\nview = \"image\"\nbias = \"1\"".into()),
        ("NaN", "example = \"seed\"\nview = \"image\"\nbias = nan".into()),
        ("infinity", "example = \"seed\"\nview = \"image\"\nfilter = [[1, -inf]]".into()),
        ("filter larger than the image", "example = \"seed\"\nview = \"image\"\nfilter = [[1, 1, 1, 1]]".into()),
        ("dilated filter too large", "example = \"seed\"\nview = \"image\"\ndilation = 3".into()),
        ("stride 0", "example = \"seed\"\nview = \"image\"\nstride = 0".into()),
        ("negative stride", "example = \"seed\"\nview = \"image\"\nstride = -1".into()),
        ("dilation 0", "example = \"seed\"\nview = \"image\"\ndilation = [1, 0]".into()),
        ("negative padding", "example = \"seed\"\nview = \"image\"\npadding = -1".into()),
        ("padding too large", "example = \"seed\"\nview = \"image\"\npadding = 65".into()),
        ("non-integer stride", "example = \"seed\"\nview = \"image\"\nstride = 1.5".into()),
        ("three-number padding", "example = \"seed\"\nview = \"image\"\npadding = [1, 1, 1]".into()),
        ("label shape", "example = \"seed\"\nview = \"image\"\nimage-labels = [[\"A\", \"B\"]]".into()),
        ("duplicate label", "example = \"seed\"\nview = \"filter\"\nfilter-labels = [[\"w\", \"w\"], [\"x\", \"y\"]]".into()),
        ("empty label", "example = \"seed\"\nview = \"output\"\noutput-labels = [[\"P\", \" \"], [\"R\", \"S\"]]".into()),
        ("long label", "example = \"seed\"\nview = \"image\"\nbias-label = \"a label that is much too long\"".into()),
        ("label not a string", "example = \"seed\"\nview = \"image\"\nbias-label = 3".into()),
        ("unknown show", "example = \"seed\"\nview = \"image\"\nshow = \"numbers\"".into()),
        ("caption not a string", "example = \"seed\"\nview = \"image\"\ncaption = 1".into()),
        ("flip not a boolean", "example = \"seed\"\nview = \"filter\"\nflip = \"yes\"".into()),
        ("flip misspelt", "example = \"seed\"\nview = \"filter\"\nflipp = true".into()),
        ("image past the size limit", tall_image),
        ("too many terms", many_terms),
        // Channels and filters.
        ("channels differ", "image = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]\nfilter = [[1]]\nview = \"channels\"".into()),
        ("ragged 3-D image", "image = [[[1, 2], [3, 4]], [[5, 6]]]\nfilter = [[[1]], [[1]]]\nview = \"channels\"".into()),
        ("filter and filters", "example = \"seed\"\nview = \"filters\"\nfilter = [[1]]\nfilters = [[[1]]]".into()),
        ("bias and biases", "example = \"seed\"\nview = \"filters\"\nbias = 1\nbiases = [1]".into()),
        ("biases of the wrong length", "example = \"seed\"\nview = \"filters\"\nfilters = [[[1]], [[2]]]\nbiases = [1, 2, 3]".into()),
        ("3-D labels of the wrong shape", "image = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]\nfilter = [[[1]], [[1]]]\nview = \"channels\"\nimage-labels = [[[\"a\", \"b\"], [\"c\", \"d\"]]]".into()),
        ("a part-1 view of several filters", "example = \"seed\"\nview = \"matrix\"\nfilters = [[[1]], [[2]]]".into()),
        // Layers.
        ("unknown layer kind", "example = \"seed\"\nview = \"layers\"\n[[layers]]\nkind = \"rellu\"".into()),
        ("pool larger than its input", "example = \"seed\"\nview = \"layers\"\n[[layers]]\nkind = \"max-pool\"\nsize = 3".into()),
        ("dense weights of the wrong size", "example = \"seed\"\nview = \"layers\"\n[[layers]]\nkind = \"dense\"\nweights = [[1, 2, 3]]".into()),
        ("softmax after feature maps", "example = \"seed\"\nview = \"layers\"\n[[layers]]\nkind = \"softmax\"".into()),
        ("conv after a flat vector", "example = \"seed\"\nview = \"layers\"\n[[layers]]\nkind = \"dense\"\nweights = [[1, 1, 1, 1]]\n[[layers]]\nkind = \"conv\"\nfilter = [[1]]".into()),
        ("dense without weights", "example = \"seed\"\nview = \"layers\"\n[[layers]]\nkind = \"dense\"".into()),
        ("unknown key in a layer", "example = \"seed\"\nview = \"layers\"\n[[layers]]\nkind = \"relu\"\nslope = 0.1".into()),
        // Learning.
        ("target of the wrong shape", "example = \"seed\"\nview = \"gradient\"\ntarget = [[0, 0, 0]]".into()),
        ("label out of range", "example = \"seed\"\nview = \"softmax\"\nlabel = 5\n[[layers]]\nkind = \"dense\"\nweights = [[1, 1, 1, 1], [1, 0, 0, 1]]\n[[layers]]\nkind = \"softmax\"".into()),
        ("cross-entropy without softmax", "example = \"seed\"\nview = \"gradient\"\nlabel = 0\nloss = \"cross-entropy\"".into()),
        ("steps over 1000", "example = \"seed\"\nview = \"training\"\ntarget = [[0, 0], [0, 0]]\nsteps = 1001".into()),
        ("learning rate not positive", "example = \"seed\"\nview = \"training\"\ntarget = [[0, 0], [0, 0]]\nsteps = 5\nlearning-rate = 0".into()),
        ("training that diverges", "example = \"seed\"\nview = \"training\"\ntarget = [[0, 0], [0, 0]]\nsteps = 400\nlearning-rate = 100".into()),
        ("steps without a target", "example = \"seed\"\nview = \"training\"\nsteps = 5".into()),
        ("gradient without a target", "example = \"seed\"\nview = \"gradient\"".into()),
        ("training without steps", "example = \"seed\"\nview = \"training\"\ntarget = [[0, 0], [0, 0]]".into()),
    ];
    let mut table = String::new();
    for (name, body) in &cases {
        let message = message(body);
        assert!(message.starts_with("book/x.md:"), "{name}: {message}");
        table.push_str(&format!("{name}\n    {message}\n"));
    }
    // Real images and named filters, in a book folder of their own.
    let book = tempfile::tempdir().unwrap();
    std::fs::write(book.path().join("notes.png"), "not a picture").unwrap();
    std::fs::write(book.path().join("wide.png"), wide_png()).unwrap();
    let in_book = Examples::built_in().in_book(book.path());
    let image_cases = [
        (
            "image-file: no such file",
            "view = \"code\"\nfilter = [[1]]\nimage-file = \"images/nope.png\"",
        ),
        (
            "image-file: not a PNG",
            "view = \"code\"\nfilter = [[1]]\nimage-file = \"notes.png\"",
        ),
        (
            "image-file: past the size limit",
            "view = \"code\"\nfilter = [[1]]\nimage-file = \"wide.png\"",
        ),
        (
            "image-file: leaves the book",
            "view = \"code\"\nfilter = [[1]]\nimage-file = \"../../secret.png\"",
        ),
        (
            "image-file: absolute path",
            "view = \"code\"\nfilter = [[1]]\nimage-file = \"/etc/passwd\"",
        ),
        (
            "image and image-file",
            "view = \"code\"\nfilter = [[1]]\nimage = [[1]]\nimage-file = \"wide.png\"",
        ),
        (
            "unknown named filter",
            "example = \"seed\"\nview = \"code\"\nfilter = \"sobel\"",
        ),
        (
            "unknown named filter in filters",
            "example = \"seed\"\nview = \"code\"\nfilters = [\"laplacian\", \"blur\"]",
        ),
    ];
    for (name, body) in image_cases {
        let message = message_in(body, &in_book);
        assert!(message.starts_with("book/x.md:"), "{name}: {message}");
        table.push_str(&format!("{name}\n    {message}\n"));
    }
    // A block that is never closed.
    let unclosed = "# Chapter\n\n```cnn\nexample = \"seed\"\nview = \"image\"\n";
    let err = process_chapter(
        unclosed,
        "book/x.md",
        &Examples::built_in(),
        &config("bail"),
    )
    .unwrap_err();
    table.push_str(&format!("block never closed\n    {err}\n"));
    // Computed values in prose: `{{#cnn EXAMPLE.PATH}}` on line 3.
    let prose = [
        ("prose: unknown example", "sede.bias"),
        ("prose: unknown key", "seed.outptu[0][0]"),
        ("prose: index out of range", "seed.output[2][0]"),
        ("prose: a list, not one value", "seed.output[1]"),
        ("prose: no path", "seed"),
        ("prose: bad index", "seed.output[one]"),
    ];
    for (name, path) in prose {
        let text = format!("# Chapter\n\nP is {{{{#cnn {path}}}}}.\n");
        let err = process_chapter(&text, "book/x.md", &Examples::built_in(), &config("bail"))
            .unwrap_err();
        table.push_str(&format!("{name}\n    {err}\n"));
    }
    let unclosed = "# Chapter\n\nP is {{#cnn seed.output[0][0].\n";
    let err = process_chapter(
        unclosed,
        "book/x.md",
        &Examples::built_in(),
        &config("bail"),
    )
    .unwrap_err();
    table.push_str(&format!("prose: never closed\n    {err}\n"));
    insta::assert_snapshot!(table);
}

/// A gray PNG of 300×2 pixels: wider than any image may be.
fn wide_png() -> Vec<u8> {
    // Signature, IHDR (300×2, 8-bit gray), one IDAT of zlib-stored rows, IEND.
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let (width, height) = (300u32, 2u32);
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    let raw: Vec<u8> = (0..height)
        .flat_map(|_| std::iter::once(0).chain(std::iter::repeat_n(128, width as usize)))
        .collect();
    // zlib, one stored block, then the Adler-32 of the data.
    let mut idat = vec![0x78, 0x01, 1];
    idat.extend((raw.len() as u16).to_le_bytes());
    idat.extend((!(raw.len() as u16)).to_le_bytes());
    idat.extend(&raw);
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    idat.extend(((b << 16) | a).to_be_bytes());
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn book_toml_mistakes_name_book_toml() {
    let bad_option =
        Config::from_book_toml("[preprocessor.cnn-views]\non-failure = \"stop\"\n").unwrap_err();
    assert!(
        bad_option
            .to_string()
            .starts_with("book.toml: [preprocessor.cnn-views]:"),
        "{bad_option}"
    );
    let unknown =
        Config::from_book_toml("[preprocessor.cnn-views]\nmath = \"mathml\"\nexampels = {}\n")
            .unwrap_err();
    assert!(
        unknown.to_string().contains("unknown field `exampels`"),
        "{unknown}"
    );
    let wrong_type = Config::from_book_toml("[preprocessor.cnn-views]\nmath = 1\n").unwrap_err();
    assert!(
        wrong_type
            .to_string()
            .starts_with("book.toml: [preprocessor.cnn-views]:"),
        "{wrong_type}"
    );
    let example = Config::from_book_toml(
        "[preprocessor.cnn-views.examples.tiny]\nimage = [[1]]\nfilter = [[1]]\nstride = 0\n",
    )
    .unwrap()
    .examples()
    .unwrap_err();
    assert_eq!(
        example.to_string(),
        "book.toml: example `tiny` in book.toml ([preprocessor.cnn-views.examples.tiny]) is invalid: `stride` is 0 but must be a whole number from 1 to 64"
    );
}

#[test]
fn continue_puts_the_same_message_in_the_page() {
    let text = chapter("example = \"seed\"\nview = \"imgae\"");
    let bail =
        process_chapter(&text, "book/x.md", &Examples::built_in(), &config("bail")).unwrap_err();
    let page = process_chapter(
        &text,
        "book/x.md",
        &Examples::built_in(),
        &config("continue"),
    )
    .unwrap()
    .unwrap();
    assert_eq!(config("continue").on_failure, OnFailure::Continue);
    assert!(page.contains("class=\"cnn-views cnn-error\""), "{page}");
    assert!(
        page.contains("book/x.md:7: unknown view `imgae` (did you mean `image`?)"),
        "{page}"
    );
    assert!(bail.to_string().starts_with("book/x.md:7: unknown view"));
    assert!(page.ends_with("More text.\n"));
}

#[test]
fn labels_and_captions_cannot_inject_markup() {
    let body = "example = \"seed\"\nviews = [\"image\", \"equations\", \"matrix\"]\ncaption = \"<script>alert(1)</script> & {x} 50% $y$\"\nimage-labels = [[\"<script>\", \"x_1\", \"50%\"], [\"a&b\", \"Ω\", \"$\\\\$\"], [\"{c}\", \"d^2\", \"\\\"q\\\"\"]]\nbias-label = \"</svg>\"";
    let page = process_chapter(
        &chapter(body),
        "book/x.md",
        &Examples::built_in(),
        &config("bail"),
    )
    .unwrap()
    .unwrap();
    assert!(!page.contains("<script>"), "{page}");
    assert!(
        !page.contains("</svg>\"") && !page.contains("></svg></"),
        "{page}"
    );
    assert!(page.contains("&lt;script&gt;"));
    assert_eq!(page.matches("<svg").count(), page.matches("</svg>").count());
    // The LaTeX names the labels as text, escaped for TeX.
    assert!(page.contains(r"\text{x\_1}"), "{page}");
    assert!(page.contains(r"\text{50\%}"), "{page}");
}

/// Values a key might be given, right and wrong.
fn any_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[[1, 2], [3, 4]]".to_string()),
        Just("[[1, 2, 3], [4, 5, 6], [7, 8, 9]]".to_string()),
        Just("[[0.5]]".to_string()),
        Just("[[]]".to_string()),
        Just("[1, [2]]".to_string()),
        Just("\"seed\"".to_string()),
        Just("\"seed-padded\"".to_string()),
        Just("\"all\"".to_string()),
        Just("[\"all\"]".to_string()),
        Just("[\"image\", \"matrix\", \"equations\", \"compact\"]".to_string()),
        Just("true".to_string()),
        Just("nan".to_string()),
        Just("-inf".to_string()),
        Just("{ a = 1 }".to_string()),
        Just("[[\"a\", \"b\"], [\"c\", \"d\"]]".to_string()),
        (-3i64..70).prop_map(|n| n.to_string()),
        (-3i64..5, -3i64..5).prop_map(|(a, b)| format!("[{a}, {b}]")),
        "[a-z<>&{}$%_^\\\\ ]{0,12}".prop_map(|s| format!("{s:?}")),
    ]
}

fn any_key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("example"),
        Just("view"),
        Just("views"),
        Just("image"),
        Just("filter"),
        Just("bias"),
        Just("padding"),
        Just("stride"),
        Just("dilation"),
        Just("show"),
        Just("caption"),
        Just("image-labels"),
        Just("filter-labels"),
        Just("output-labels"),
        Just("bias-label"),
        Just("imgae"),
        Just("x"),
    ]
    .prop_map(str::to_string)
}

fn any_body() -> impl Strategy<Value = String> {
    proptest::collection::vec((any_key(), any_value()), 0..7).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bodies_give_a_figure_or_a_located_error(body in any_body()) {
        let text = chapter(&body);
        let lines = text.lines().count();
        match process_chapter(&text, "book/x.md", &Examples::built_in(), &config("bail")) {
            Ok(page) => {
                let page = page.expect("the chapter has a block");
                prop_assert!(page.contains("class=\"cnn-views\""));
                prop_assert!(page.starts_with("# Chapter\n\nSome text.\n\n"));
                prop_assert!(page.ends_with("More text.\n"));
            }
            Err(err) => {
                prop_assert_eq!(err.file.as_str(), "book/x.md");
                prop_assert!(err.line >= 5 && err.line <= lines, "line {} of {}", err.line, lines);
            }
        }
    }

    #[test]
    fn mutated_bodies_never_panic(
        edits in proptest::collection::vec((0usize..200, any::<char>()), 1..6),
    ) {
        let mut body: Vec<char> = "example = \"seed\"\nviews = [\"image\", \"equations\", \"matrix\"]\nfilter = [[1, -1], [2, 0.5]]\npadding = [1, 0]\nimage-labels = [[\"a\", \"b\", \"c\"], [\"d\", \"e\", \"f\"], [\"g\", \"h\", \"i\"]]".chars().collect();
        for (at, ch) in edits {
            let at = at % (body.len() + 1);
            if at < body.len() && ch.is_ascii_digit() {
                body.remove(at);
            } else {
                body.insert(at, ch);
            }
        }
        let body: String = body.into_iter().collect();
        let text = chapter(&body);
        let bail = process_chapter(&text, "book/x.md", &Examples::built_in(), &config("bail"));
        let go_on = process_chapter(&text, "book/x.md", &Examples::built_in(), &config("continue"));
        prop_assert!(go_on.is_ok());
        if let Err(err) = bail {
            prop_assert!(err.line >= 5);
        }
    }

    #[test]
    fn random_markdown_never_panics(
        parts in proptest::collection::vec(prop_oneof![
            Just("```cnn\n".to_string()),
            Just("```\n".to_string()),
            Just("~~~cnn\n".to_string()),
            Just("> ".to_string()),
            Just("- ".to_string()),
            Just("  ".to_string()),
            Just("\n".to_string()),
            Just("example = \"seed\"\n".to_string()),
            Just("view = \"image\"\n".to_string()),
            Just("<div>\n".to_string()),
            "[a-z #*`>\\-]{0,10}",
        ], 0..30),
    ) {
        let text: String = parts.concat();
        let result = process_chapter(&text, "book/x.md", &Examples::built_in(), &config("continue"));
        prop_assert!(result.is_ok());
    }
}
