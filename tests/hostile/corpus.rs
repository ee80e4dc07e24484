//! The hostile corpus and a capped runner of the real binary, shared by the
//! test (`tests/hostile.rs`) and the benchmark (`benches/hostile.rs`).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address-space cap for the preprocessor, in KiB (about 2.9 GiB), so a
/// runaway allocation fails here instead of swapping the machine.
pub const MEMORY_KIB: u64 = 3_000_000;

/// The chapter file the cases are written to, as errors name it.
pub const CHAPTER: &str = "src/hostile.md";

/// Where a case's image comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    /// `image = [[…]]`, varied small digits.
    Numbers,
    /// `image-file = "hostile.png"`: a gray 8-bit PNG of the image's size,
    /// written into a book folder of the case's own for each run.
    Png,
}

/// The picture an `image-file` case reads, relative to its book folder.
pub const PNG: &str = "hostile.png";

/// One example: an image and a filter of the given shapes, filled with
/// varied small digits, and the other keys of the block body verbatim.
pub struct Case {
    /// What the case pushes, as the test and benchmark print it.
    pub name: &'static str,
    /// Image rows and columns.
    pub image: [usize; 2],
    /// Where the image's numbers come from.
    pub picture: Picture,
    /// Filter rows and columns, or `None` when `keys` give the filters.
    pub filter: Option<[usize; 2]>,
    /// More lines of the body (padding, stride, …), verbatim.
    pub keys: &'static str,
    /// Whether every pixel, weight and output gets a 24-character label
    /// (then `keys` must leave the output at image − filter + 1).
    pub labels: bool,
    /// Steps of gradient descent towards a target of zeros, if any (then
    /// `keys` must leave the output at image − filter + 1): the case also
    /// runs the `gradient` and `training` views.
    pub steps: Option<usize>,
}

const fn case(
    name: &'static str,
    image: [usize; 2],
    filter: [usize; 2],
    keys: &'static str,
) -> Case {
    Case {
        name,
        image,
        picture: Picture::Numbers,
        filter: Some(filter),
        keys,
        labels: false,
        steps: None,
    }
}

/// A case whose image is a PNG of `image`'s size (`image-file`), under a
/// filter of `filter`'s size or, for `None`, the filters `keys` give.
const fn png(
    name: &'static str,
    image: [usize; 2],
    filter: Option<[usize; 2]>,
    keys: &'static str,
) -> Case {
    Case {
        name,
        image,
        picture: Picture::Png,
        filter,
        keys,
        labels: false,
        steps: None,
    }
}

/// A case with the longest labels allowed on everything.
const fn labeled(name: &'static str, image: [usize; 2], filter: [usize; 2]) -> Case {
    Case {
        name,
        image,
        picture: Picture::Numbers,
        filter: Some(filter),
        keys: "show = \"both\"",
        labels: true,
        steps: None,
    }
}

/// A case that learns: `steps` of gradient descent on the image under a
/// filter, towards a target of zeros.
const fn learning(name: &'static str, image: [usize; 2], filter: [usize; 2], steps: usize) -> Case {
    Case {
        name,
        image,
        picture: Picture::Numbers,
        filter: Some(filter),
        keys: "learning-rate = 1e-9",
        labels: false,
        steps: Some(steps),
    }
}

/// Inside every documented limit, and each ends in figures or a located
/// error within the time bound.
pub const CORPUS: &[Case] = &[
    // The issue's reproduction: 4 outputs of 16,384 terms; the padding
    // view's own "same" convolution would ask for a billion.
    case("issue 11", [256, 256], [128, 128], "dilation = 2"),
    case("1x1 filter", [256, 256], [1, 1], ""),
    case("padding 64", [256, 256], [3, 3], "padding = 64"),
    case(
        "stride 64, dilation 64",
        [256, 256],
        [3, 3],
        "stride = 64\ndilation = 64",
    ),
    case("1x256 strip", [1, 256], [1, 3], ""),
    case("256x1 strip", [256, 1], [3, 1], ""),
    case("1x256 strip, 1x256 filter", [1, 256], [1, 256], ""),
    case("most outputs", [256, 256], [1, 1], "padding = 64"),
    case("most terms", [256, 256], [5, 5], "padding = 2"),
    case(
        "dilation 64, padding 64",
        [256, 256],
        [3, 3],
        "dilation = 64\npadding = 64",
    ),
    case(
        "uneven steps",
        [256, 200],
        [7, 2],
        "stride = [3, 64]\ndilation = [5, 1]\npadding = [0, 64]",
    ),
    case("1x256 filter", [256, 256], [1, 256], ""),
    // Found by fuzzing: 3,570 rows of 21 labeled cells in the matrix view.
    case(
        "tall labeled matrix",
        [1, 21],
        [3, 3],
        "padding = 64\nstride = [1, 5]\ndilation = [5, 1]",
    ),
    labeled("24-character labels", [256, 256], [3, 3]),
    labeled("24-character labels, 16x16 filter", [16, 16], [16, 16]),
    case(
        "long numbers",
        [64, 64],
        [3, 3],
        "show = \"values\"\nbias = -12345.678",
    ),
    // The most training the engine does for the largest image: 154 steps
    // (each counted as 3 passes of 580,644 multiply-adds, and the updates),
    // measured in the release build; the unoptimized test build, some 60
    // times slower at this arithmetic, checks 3 of them.
    learning(
        "training, most steps",
        [256, 256],
        [3, 3],
        if cfg!(debug_assertions) { 3 } else { 154 },
    ),
    // A real picture (`image-file`): the issue's filter, and the built-in
    // filters, four feature maps of the largest image.
    png(
        "PNG, issue 11",
        [256, 256],
        Some([128, 128]),
        "dilation = 2",
    ),
    png(
        "PNG, four named filters",
        [256, 256],
        None,
        "filters = [\"sobel-x\", \"sobel-y\", \"gaussian-blur\", \"sharpen\"]",
    ),
];

/// Filters as large as the image, or half of it and dilated: every view
/// of them is a reduced figure (a heat map of the weights, windows shaded
/// as a whole, equations cut to their first products and the last).
pub const HUGE_FILTERS: &[Case] = &[
    case("filter as large as the image", [256, 256], [256, 256], ""),
    case(
        "9 outputs of a 256x256 filter",
        [256, 256],
        [256, 256],
        "padding = 64\nstride = 64",
    ),
    case(
        "25 outputs of a 256x256 filter",
        [256, 256],
        [256, 256],
        "padding = 64\nstride = 32",
    ),
    case(
        "issue 11, padded and strided",
        [256, 256],
        [128, 128],
        "dilation = 2\npadding = 64\nstride = 64",
    ),
];

/// `rows` × `cols` labels of 24 characters each, all different.
fn labels(rows: usize, cols: usize, prefix: char) -> String {
    let row = |r: usize| {
        let cells: Vec<String> = (0..cols)
            .map(|c| format!("\"{prefix}{:0>23}\"", r * cols + c))
            .collect();
        format!("[{}]", cells.join(", "))
    };
    let rows: Vec<String> = (0..rows).map(row).collect();
    format!("[{}]", rows.join(", "))
}

/// `rows` × `cols` zeros as a TOML array.
fn zeros(rows: usize, cols: usize) -> String {
    let row = format!("[{}]", vec!["0"; cols].join(", "));
    format!("[{}]", vec![row; rows].join(", "))
}

/// `rows` × `cols` digits as a TOML array, varied so no two neighbors match.
fn numbers(rows: usize, cols: usize, seed: usize) -> String {
    let row = |r: usize| {
        let cells: Vec<String> = (0..cols)
            .map(|c| ((r * 7 + c * 3 + seed) % 10).to_string())
            .collect();
        format!("[{}]", cells.join(", "))
    };
    let rows: Vec<String> = (0..rows).map(row).collect();
    format!("[{}]", rows.join(", "))
}

impl Case {
    /// The block body, without a view.
    pub fn body(&self) -> String {
        let [h, w] = self.image;
        let mut body = match self.picture {
            Picture::Numbers => format!("image = {}\n", numbers(h, w, 0)),
            Picture::Png => format!("image-file = \"{PNG}\"\n"),
        };
        if let Some([kh, kw]) = self.filter {
            body.push_str(&format!("filter = {}\n", numbers(kh, kw, 1)));
        }
        body.push_str(self.keys);
        body.push('\n');
        if let (Some(steps), Some([kh, kw])) = (self.steps, self.filter) {
            body.push_str(&format!(
                "target = {}\nsteps = {steps}\n",
                zeros(h + 1 - kh, w + 1 - kw)
            ));
        }
        if let (true, Some([kh, kw])) = (self.labels, self.filter) {
            let [oh, ow] = [h + 1 - kh, w + 1 - kw];
            body.push_str(&format!(
                "image-labels = {}\nfilter-labels = {}\noutput-labels = {}\nbias-label = \"b{:0>23}\"\n",
                labels(h, w, 'x'),
                labels(kh, kw, 'w'),
                labels(oh, ow, 'y'),
                0
            ));
        }
        body
    }

    /// What this case asks for, as the `views` list holds it: every view
    /// (`"all"`), and the learning views when it learns.
    pub fn views_key(&self) -> String {
        match self.steps {
            Some(_) => "\"all\", \"gradient\", \"training\"".to_string(),
            None => "\"all\"".to_string(),
        }
    }

    /// The views [`Case::views_key`] names, given what `"all"` expands to.
    pub fn views(&self, all: &[String]) -> Vec<String> {
        let mut views = all.to_vec();
        if self.steps.is_some() {
            views.extend(["gradient".to_string(), "training".to_string()]);
        }
        views
    }

    /// Runs the binary on this case with `views` (as in
    /// [`protocol_input`]), in a book folder of its own that holds its
    /// picture, if it has one.
    pub fn run(&self, bin: &str, views: &str, cpu_seconds: u64) -> Run {
        let book = tempfile::tempdir().expect("a temporary folder");
        if self.picture == Picture::Png {
            write_png(&book.path().join(PNG), self.image);
        }
        let root = book.path().to_string_lossy().into_owned();
        run_capped(
            bin,
            &[],
            protocol_input_at(&root, &self.body(), views),
            cpu_seconds,
        )
    }
}

/// A gray 8-bit PNG of `[rows, cols]` at `path`, varied like [`numbers`].
pub fn write_png(path: &Path, [rows, cols]: [usize; 2]) {
    let file = std::fs::File::create(path).expect("the picture is written");
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), cols as u32, rows as u32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let pixels: Vec<u8> = (0..rows * cols)
        .map(|i| ((i / cols * 7 + i % cols * 3) % 256) as u8)
        .collect();
    encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&pixels))
        .expect("the picture is encoded");
}

/// mdBook's `[context, book]` for a one-chapter book whose chapter holds
/// `body` and `views`; the fence is on line 3 of [`CHAPTER`].
pub fn protocol_input(body: &str, views: &str) -> String {
    protocol_input_at(".", body, views)
}

/// [`protocol_input`] for the book in the folder `root`.
pub fn protocol_input_at(root: &str, body: &str, views: &str) -> String {
    let content = format!("# Hostile\n\n```cnn\n{body}\nviews = [{views}]\n```\n");
    serde_json::json!([
        {
            "root": root,
            "config": {
                "book": {"title": "Hostile", "authors": [], "language": "en", "src": "src"},
                "preprocessor": {"cnn-views": {}}
            },
            "renderer": "html",
            "mdbook_version": "0.5.4"
        },
        {
            "items": [{"Chapter": {
                "name": "Hostile",
                "content": content,
                "number": [1],
                "sub_items": [],
                "path": "hostile.md",
                "source_path": "hostile.md",
                "parent_names": []
            }}]
        }
    ])
    .to_string()
}

/// The chapter text the preprocessor gave back, if its stdout is a book.
pub fn chapter_out(stdout: &[u8]) -> Option<String> {
    let book: serde_json::Value = serde_json::from_slice(stdout).ok()?;
    book["items"][0]["Chapter"]["content"]
        .as_str()
        .map(str::to_string)
}

/// The `data-view` of every figure in a chapter, in order.
pub fn figure_views(chapter: &str) -> Vec<String> {
    const MARK: &str = "<figure class=\"cnn-views\" data-view=\"";
    chapter
        .split(MARK)
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(name, _)| name.to_string()))
        .collect()
}

/// The bytes of each figure in a chapter (SVG, math and caption), with its
/// `data-view`.
pub fn figure_sizes(chapter: &str) -> Vec<(String, usize)> {
    const MARK: &str = "<figure class=\"cnn-views\" data-view=\"";
    chapter
        .split(MARK)
        .skip(1)
        .filter_map(|rest| {
            let (name, _) = rest.split_once('"')?;
            let end = rest.find("</figure>").unwrap_or(rest.len());
            Some((name.to_string(), MARK.len() + end))
        })
        .collect()
}

/// What one capped run of the binary gave.
pub struct Run {
    /// `None` when a signal ended it.
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub time: Duration,
    /// Peak resident memory in KiB, where `/usr/bin/time` can tell.
    pub max_rss_kib: Option<u64>,
    /// User plus system CPU time, where `/usr/bin/time` can tell: unlike
    /// the wall clock, it hardly moves when other work shares the machine.
    pub cpu: Option<Duration>,
}

/// Runs `bin` with `args` and `stdin` under [`MEMORY_KIB`] of address
/// space and `cpu_seconds` of CPU (so a hang ends in a signal, not a stuck
/// test), through `/usr/bin/time` when there is one, for the peak memory.
pub fn run_capped(bin: &str, args: &[&str], stdin: String, cpu_seconds: u64) -> Run {
    let report_file = tempfile::NamedTempFile::new().expect("a temporary file");
    let timer = Path::new("/usr/bin/time").exists();
    let script = if timer {
        format!(
            "ulimit -v {MEMORY_KIB}; ulimit -t {cpu_seconds}; exec /usr/bin/time -q -f \"%M %U %S\" -o \"$REPORT_FILE\" \"$0\" \"$@\""
        )
    } else {
        format!("ulimit -v {MEMORY_KIB}; ulimit -t {cpu_seconds}; exec \"$0\" \"$@\"")
    };
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(bin)
        .args(args)
        .env("REPORT_FILE", report_file.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    // Written and read on other threads: the output pipes must be drained
    // while the input is still going in.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(stdin.as_bytes());
    });
    let mut err_pipe = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut stderr = String::new();
        let _ = err_pipe.read_to_string(&mut stderr);
        stderr
    });
    let mut stdout = Vec::new();
    let _ = child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_to_end(&mut stdout);
    let status = child.wait().expect("the binary finishes");
    let time = start.elapsed();
    writer.join().expect("the writer thread ends");
    let stderr = reader.join().expect("the reader thread ends");
    // `time` exits with 128 + the signal that ended the command.
    let code = match status.code() {
        Some(code) if timer && code > 128 => None,
        code => code,
    };
    let report = std::fs::read_to_string(report_file.path()).unwrap_or_default();
    let fields: Vec<&str> = report
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let seconds = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Run {
        code,
        stdout,
        stderr,
        time,
        max_rss_kib: fields.first().and_then(|f| f.parse().ok()),
        cpu: seconds(1)
            .zip(seconds(2))
            .map(|(user, sys)| Duration::from_secs_f64(user + sys)),
    }
}

/// The names `views = ["all"]` expands to, asked of the binary itself (so
/// a new view joins the corpus without a change here).
pub fn all_views(bin: &str) -> Vec<String> {
    let run = run_capped(
        bin,
        &[],
        protocol_input("example = \"seed\"", "\"all\""),
        60,
    );
    let views = chapter_out(&run.stdout)
        .map(|chapter| figure_views(&chapter))
        .unwrap_or_default();
    assert!(
        views.len() >= 11,
        "the seed with every view gave {views:?}: {}",
        run.stderr
    );
    views
}
