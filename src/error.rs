//! Typed errors. Every message says what is wrong and how to fix it; the
//! location (`book/x.md:LINE`) is added by [`LocatedError`] at the edge.

use std::fmt;

use crate::engine::ShapeError;

/// What is wrong with a block or a named example, independent of where it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The body is not valid TOML.
    #[error("the block is not valid TOML: {0}")]
    Toml(String),
    /// A key the block does not know.
    #[error(
        "unknown key `{key}`{}; valid keys are {}",
        did_you_mean(suggestion),
        list(valid)
    )]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The closest valid key, if one is close.
        suggestion: Option<String>,
        /// Every valid key.
        valid: Vec<String>,
    },
    /// A view name that does not exist.
    #[error(
        "unknown view `{name}`{}; views are {}",
        did_you_mean(suggestion),
        list(valid)
    )]
    UnknownView {
        /// The name as written.
        name: String,
        /// The closest view name.
        suggestion: Option<String>,
        /// Every view name.
        valid: Vec<String>,
    },
    /// A setting whose value is not one of its choices.
    #[error(
        "`{key}` is \"{value}\"{}; choose one of {}",
        did_you_mean(suggestion),
        list(valid)
    )]
    UnknownChoice {
        /// The setting.
        key: &'static str,
        /// The value as written.
        value: String,
        /// The closest choice.
        suggestion: Option<String>,
        /// Every choice.
        valid: Vec<String>,
    },
    /// A filter named by a string that is no built-in filter.
    #[error(
        "`{key}` is \"{name}\", which is no built-in filter{}; built-in filters are {}, or give the numbers, e.g. `filter = [[1, 0], [0, -1]]`",
        did_you_mean(suggestion),
        list(valid)
    )]
    UnknownFilter {
        /// Where (`filter`, `filters[1]`).
        key: String,
        /// The name as written.
        name: String,
        /// The closest built-in name.
        suggestion: Option<String>,
        /// Every built-in name.
        valid: Vec<String>,
    },
    /// `image-file` names a path outside the book's folder.
    #[error(
        "`image-file` \"{path}\" leaves the book's folder: give a path inside it, relative to the folder of book.toml, e.g. `images/picture.png`"
    )]
    ImageOutsideBook {
        /// The path as written.
        path: String,
    },
    /// `image-file` names a file that cannot be read.
    #[error(
        "`image-file` \"{path}\" cannot be read: {reason}; the path is relative to the book's folder (the folder of book.toml)"
    )]
    ImageUnreadable {
        /// The path as written.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// `image-file` names a file that is not a PNG this crate reads.
    #[error("`image-file` \"{path}\" is not a PNG it can read ({reason}): save the picture as PNG")]
    NotPng {
        /// The path as written.
        path: String,
        /// What the decoder said.
        reason: String,
    },
    /// `image-file` names a picture past the image size limit.
    #[error(
        "`image-file` \"{path}\" is {width}x{height} pixels, larger than the limit of {limit}x{limit}: crop or shrink it to at most {limit}x{limit} pixels first, e.g. `magick {path} -crop {limit}x{limit}+0+0 +repage small.png` keeps its top-left corner (ImageMagick)"
    )]
    ImageTooLarge {
        /// The path as written.
        path: String,
        /// Columns.
        width: u32,
        /// Rows.
        height: u32,
        /// The largest side allowed.
        limit: usize,
    },
    /// An example name that is neither built in nor in `book.toml`.
    #[error(
        "unknown example `{name}`{}; known examples are {} (define more under [preprocessor.cnn-views.examples.NAME] in book.toml)",
        did_you_mean(suggestion),
        list(valid)
    )]
    UnknownExample {
        /// The name as written.
        name: String,
        /// The closest known name.
        suggestion: Option<String>,
        /// Every known example.
        valid: Vec<String>,
    },
    /// A key holds a value of the wrong kind.
    #[error("`{key}` must be {expected}, not {found}")]
    WrongType {
        /// The key (with an index, e.g. `image[1][2]`).
        key: String,
        /// What it should hold, e.g. "a number".
        expected: &'static str,
        /// What it holds, e.g. "a string".
        found: &'static str,
    },
    /// A required key is missing.
    #[error("no `{key}` given: {hint}")]
    Missing {
        /// The missing key.
        key: &'static str,
        /// How to give it.
        hint: &'static str,
    },
    /// Rows of a 2-D array have different lengths.
    #[error(
        "`{key}` has rows of different lengths: row 1 has {expected} entries but row {row} has {found}; every row needs the same number"
    )]
    Ragged {
        /// The array's key.
        key: String,
        /// The 1-based row that differs.
        row: usize,
        /// Entries in the first row.
        expected: usize,
        /// Entries in the differing row.
        found: usize,
    },
    /// Channels, filters or lists of one array that differ in shape.
    #[error(
        "`{key}` is {found} but the first one is {expected}: every channel, filter and row of one array needs the same shape"
    )]
    SliceShape {
        /// Where the differing part is, e.g. `image[1]`.
        key: String,
        /// The first part's shape.
        expected: String,
        /// This part's shape.
        found: String,
    },
    /// Two keys that say the same thing in two ways.
    #[error("give either `{one}` or `{other}`, not both: {hint}")]
    Exclusive {
        /// The key written first.
        one: &'static str,
        /// The key written second.
        other: &'static str,
        /// Which to use when.
        hint: &'static str,
    },
    /// A 2-D array without entries.
    #[error("`{key}` is empty: give at least one row with one number, e.g. `{key} = [[1]]`")]
    Empty {
        /// The array's key.
        key: String,
    },
    /// NaN or an infinity.
    #[error("`{key}` is {value}: only finite numbers can be drawn")]
    NotFinite {
        /// Where the number is.
        key: String,
        /// How TOML spells it (`nan`, `inf`, `-inf`).
        value: &'static str,
    },
    /// An integer setting out of its range.
    #[error("`{key}` is {value} but must be {range}")]
    OutOfRange {
        /// The setting (`padding`, `stride`, `dilation`).
        key: String,
        /// The value as written.
        value: String,
        /// The allowed range, in words.
        range: String,
    },
    /// Past a documented size limit.
    #[error("{what} is {size}, larger than the limit of {limit}: use a smaller example")]
    TooLarge {
        /// What is too large.
        what: &'static str,
        /// Its size.
        size: String,
        /// The limit.
        limit: String,
    },
    /// The shapes do not make a convolution.
    #[error("{0}")]
    Shape(#[from] ShapeError),
    /// A label array whose shape differs from its numbers.
    #[error("`{key}` is {found} but the {what} is {expected}: give one label per entry")]
    LabelShape {
        /// The label key.
        key: String,
        /// What the labels label (`image`, `filter`, `output`).
        what: &'static str,
        /// The numbers' shape.
        expected: String,
        /// The labels' shape.
        found: String,
    },
    /// A label that is empty or only white space.
    #[error("`{key}` has an empty label: every entry needs some text")]
    EmptyLabel {
        /// Where.
        key: String,
    },
    /// The same label twice in one array.
    #[error("`{key}` uses the label `{label}` twice: labels must tell entries apart")]
    DuplicateLabel {
        /// Where.
        key: String,
        /// The repeated label.
        label: String,
    },
    /// A label too long to draw.
    #[error("`{key}` has a label of {len} characters; labels can be at most {limit}")]
    LongLabel {
        /// Where.
        key: String,
        /// Its length in characters.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// Both `view` and `views`, or neither.
    #[error("{0}")]
    Views(&'static str),
    /// One of the article's views asked to draw more than one plane.
    #[error(
        "the `{view}` view draws one gray image under one filter, but this example has {channels} channel(s) and {filters} filter(s): use `view = \"channels\"` (how the channels add up), `view = \"filters\"` (one feature map per filter) or `view = \"layers\"`"
    )]
    NeedsPlane {
        /// The view asked for.
        view: &'static str,
        /// Input channels.
        channels: usize,
        /// Filters.
        filters: usize,
    },
    /// A view asked to draw an example that lacks what it shows.
    #[error("the `{view}` view cannot draw this example: {why}; {instead}")]
    CannotDraw {
        /// The view asked for.
        view: &'static str,
        /// What the example lacks, or has too much of.
        why: String,
        /// Which view or key to use instead.
        instead: &'static str,
    },
    /// A `[[layers]]` entry that does not fit what comes into it.
    #[error("`[[layers]]` entry {index}: {error}")]
    Layer {
        /// 1-based, in the order written.
        index: usize,
        /// What is wrong.
        error: crate::engine::LayerError,
    },
    /// A target, label or training that does not fit the network.
    #[error("{0}")]
    Learning(crate::engine::grad::ObjectiveError),
    /// A view that cannot be produced in the requested format.
    #[error("the `{view}` view has no {format} form; use {instead}")]
    NoFormat {
        /// The view.
        view: String,
        /// The requested format.
        format: &'static str,
        /// What to use instead.
        instead: &'static str,
    },
    /// Equations that could not be typeset (a bug in this crate: its
    /// templates escape every label).
    #[error("{0}; this is a bug in mdbook-cnn-views, please report it with the block")]
    Math(String),
    /// A fence that never closes.
    #[error("the ```cnn block is never closed: add a line with ``` after its body")]
    Unclosed,
    /// A `{{#cnn EXAMPLE.PATH}}` in chapter text that names no value.
    #[error("`{reference}`: {problem}")]
    Prose {
        /// The reference as written.
        reference: String,
        /// What is wrong, and how to fix it.
        problem: String,
    },
    /// A named example in `book.toml` is itself invalid.
    #[error(
        "example `{name}` in book.toml ([preprocessor.cnn-views.examples.{name}]) is invalid: {inner}"
    )]
    InExample {
        /// The example's name.
        name: String,
        /// What is wrong with it.
        inner: Box<ErrorKind>,
    },
}

impl ErrorKind {
    /// `name` is none of the `valid` view names: the error, with the closest
    /// name as a hint. One constructor, so a block's `view` and the
    /// command line's `--view` word it alike.
    pub fn unknown_view<'a>(name: &str, valid: impl IntoIterator<Item = &'a str>) -> ErrorKind {
        let valid: Vec<String> = valid.into_iter().map(str::to_string).collect();
        ErrorKind::UnknownView {
            suggestion: closest(name, valid.iter().map(String::as_str)),
            name: name.to_string(),
            valid,
        }
    }
}

/// An [`ErrorKind`] at a line of a block body: 0 is the opening fence, 1 the
/// body's first line.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockError {
    /// Line relative to the opening fence.
    pub line: usize,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl BlockError {
    /// An error about the block as a whole, reported at its fence.
    pub fn at_fence(kind: impl Into<ErrorKind>) -> Self {
        BlockError {
            line: 0,
            kind: kind.into(),
        }
    }

    /// Places the error in a file whose block fence is on `fence_line`.
    pub fn locate(self, file: impl Into<String>, fence_line: usize) -> LocatedError {
        LocatedError {
            file: file.into(),
            line: fence_line + self.line,
            kind: Box::new(self.kind),
        }
    }
}

/// An error with its place: displays as `book/x.md:LINE: what, how to fix`.
#[derive(Debug, Clone, PartialEq)]
pub struct LocatedError {
    /// The file, relative to the book root, with `/` separators.
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// What is wrong (boxed: errors travel up through many `Result`s).
    pub kind: Box<ErrorKind>,
}

impl fmt::Display for LocatedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.kind)
    }
}

impl std::error::Error for LocatedError {}

fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}

fn list(valid: &[String]) -> String {
    let quoted: Vec<String> = valid.iter().map(|v| format!("`{v}`")).collect();
    quoted.join(", ")
}

/// The valid name closest to `input`, if it is close enough to be a typo.
pub fn closest<'a>(input: &str, valid: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (input.chars().count() / 3).max(2);
    valid
        .into_iter()
        .map(|v| (edit_distance(input, v), v))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, v)| v.to_string())
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut row = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            row.push((prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1));
        }
        prev = row;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let views = ["image", "filter", "output", "matrix"];
        assert_eq!(closest("imgae", views), Some("image".into()));
        assert_eq!(closest("filtr", views), Some("filter".into()));
        assert_eq!(closest("banana", views), None);
    }

    #[test]
    fn located_message_names_file_and_line() {
        let err = BlockError {
            line: 2,
            kind: ErrorKind::Missing {
                key: "filter",
                hint: "add `filter = [[1, 0], [0, 1]]`",
            },
        }
        .locate("book/matrix.md", 10);
        assert_eq!(
            err.to_string(),
            "book/matrix.md:12: no `filter` given: add `filter = [[1, 0], [0, 1]]`"
        );
    }
}
