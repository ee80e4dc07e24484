//! The command line: `supports`, the stdin/stdout preprocessor protocol, and
//! `render` for single figures. Thin: all logic lives in the library.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand, ValueEnum};
use mdbook_cnn_views::{
    At, BlockError, CnnViews, Config, Directive, ErrorKind, Examples, Numbers, View, drawings,
    latex, prepare, svg,
};
use mdbook_preprocessor::{MDBOOK_VERSION, Preprocessor};
use semver::Version;
use serde::Deserialize;
use serde::de::IgnoredAny;

/// An mdBook preprocessor that draws a convolution from every viewpoint.
///
/// Without a subcommand it runs as mdBook's preprocessor: a book and its
/// context as JSON on stdin, the book with figures as JSON on stdout.
#[derive(Parser)]
#[command(name = "mdbook-cnn-views", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Tells mdBook whether RENDERER is supported (exit status 0: yes).
    Supports {
        /// The renderer's name, e.g. `html`.
        renderer: String,
    },
    /// Draws one block's view as SVG, or prints its numbers as JSON.
    Render {
        /// A file with a block body (TOML), or `-` for stdin; none for an
        /// empty body (then give --example).
        file: Option<PathBuf>,
        /// Start from this named example (overrides the body's `example`).
        #[arg(long)]
        example: Option<String>,
        /// Read named examples from this book's `book.toml`.
        #[arg(long)]
        book: Option<PathBuf>,
        /// The view to draw (overrides the body's `view`).
        #[arg(long)]
        view: Option<String>,
        /// Output format.
        #[arg(long, value_enum)]
        format: Format,
        /// Write to this file instead of stdout (for slides or papers).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Prefix of the ids inside the SVG. The book uses
        /// `cnn-<chapter>-<block number>`; give the same to get the very
        /// bytes a chapter embeds (styled by the book's stylesheet). Without
        /// it the SVG stands alone: ids start with `cnn` and a `<style>`
        /// gives it the light theme's colors.
        #[arg(long)]
        id: Option<String>,
    },
    /// Sets up a book: adds [preprocessor.cnn-views], the stylesheet and
    /// the script to its book.toml and copies the CSS, the script and the
    /// math font. Safe to run twice.
    Install {
        /// The book's folder (where book.toml is).
        #[arg(default_value = ".")]
        book: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Svg,
    Latex,
    Json,
}

fn main() -> ExitCode {
    // Only fails if a subscriber is already set, which then prints instead.
    let _ = tracing::subscriber::set_global_default(Stderr);
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Supports { renderer }) => {
            return if matches!(CnnViews.supports_renderer(&renderer), Ok(true)) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
        Some(Command::Render {
            file,
            example,
            book,
            view,
            format,
            output,
            id,
        }) => render(
            file.as_deref(),
            example,
            book.as_deref(),
            view,
            format,
            id.as_deref(),
        )
        .and_then(|text| write_output(&text, output.as_deref())),
        Some(Command::Install { book }) => install(&book),
        None => run_protocol(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the library's warnings on stderr as `warning: …` lines, the way
/// `error: …` is printed, with no logging framework behind it: mdBook shows
/// a preprocessor's stderr as it is.
struct Stderr;

impl tracing::Subscriber for Stderr {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        *metadata.level() <= tracing::Level::WARN
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::WARN)
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = Line(String::new());
        event.record(&mut line);
        let level = if *event.metadata().level() == tracing::Level::ERROR {
            "error"
        } else {
            "warning"
        };
        // One write per line, so lines from several threads do not mix.
        let _ = writeln!(std::io::stderr().lock(), "{level}: {}", line.0);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// An event's message, then any other fields as ` name=value`.
struct Line(String);

impl tracing::field::Visit for Line {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write as _;
        let _ = if field.name() == "message" {
            write!(self.0, "{value:?}")
        } else {
            write!(self.0, " {}={value:?}", field.name())
        };
    }
}

/// mdBook's preprocessor protocol: `[context, book]` in, book out. The
/// input is parsed once; only when it does not parse is it looked at again,
/// to say why (not JSON, or another mdBook's format).
fn run_protocol() -> Result<()> {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .context("could not read mdBook's input from stdin")?;
    let (ctx, book) = mdbook_preprocessor::parse_input(input.as_slice())
        .map_err(|err| explain_bad_input(&input, err))?;
    check_version(&ctx.mdbook_version)?;
    let book = CnnViews.run(&ctx, book)?;
    // Buffered: stdout is line-buffered, and the book is megabytes of JSON.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    serde_json::to_writer(&mut stdout, &book).context("could not write the book to stdout")?;
    stdout
        .flush()
        .context("could not write the book to stdout")?;
    Ok(())
}

/// Says which versions clash when another mdBook calls this preprocessor:
/// the protocol's JSON is only promised to stay the same within one
/// major.minor release.
fn check_version(theirs: &str) -> Result<()> {
    let ours = Version::parse(MDBOOK_VERSION)
        .with_context(|| format!("mdbook-preprocessor's version `{MDBOOK_VERSION}`"))?;
    let caller = Version::parse(theirs).map_err(|e| {
        anyhow!(
            "mdBook called this preprocessor with the version `{theirs}`, which is not a version number ({e}); this preprocessor is built for mdBook {MDBOOK_VERSION}"
        )
    })?;
    if (caller.major, caller.minor) != (ours.major, ours.minor) {
        bail!(
            "this preprocessor is built for mdBook {MDBOOK_VERSION} but was called by mdBook {theirs}: install mdBook {}.{}.x (cargo install mdbook --version {MDBOOK_VERSION} --locked) or rebuild mdbook-cnn-views against mdBook {theirs}",
            ours.major,
            ours.minor
        );
    }
    Ok(())
}

/// The context's one field that every mdBook sends.
#[derive(Deserialize)]
struct Caller {
    mdbook_version: String,
}

/// Why stdin is not a request this preprocessor can read: not JSON at all,
/// an mdBook of another version (whose book has another shape), or JSON
/// of some other kind.
fn explain_bad_input(input: &[u8], err: anyhow::Error) -> anyhow::Error {
    if let Err(e) = serde_json::from_slice::<IgnoredAny>(input) {
        return anyhow!(
            "the input on stdin is not JSON from mdBook ({e}); mdbook-cnn-views runs as a preprocessor of mdBook {MDBOOK_VERSION}: add [preprocessor.cnn-views] to book.toml and run `mdbook build`, or use `mdbook-cnn-views render`"
        );
    }
    match serde_json::from_slice::<(Caller, IgnoredAny)>(input) {
        Ok((caller, _)) => match check_version(&caller.mdbook_version) {
            Err(mismatch) => mismatch,
            Ok(()) => err.context(format!(
                "mdBook {} sent a book this preprocessor cannot read",
                caller.mdbook_version
            )),
        },
        Err(_) => anyhow!(
            "the input on stdin is not an mdBook preprocessor request (expected `[context, book]` with `mdbook_version`); this preprocessor is built for mdBook {MDBOOK_VERSION}"
        ),
    }
}

/// `render`: one body, one view, one format.
fn render(
    file: Option<&Path>,
    example: Option<String>,
    book: Option<&Path>,
    view: Option<String>,
    format: Format,
    id: Option<&str>,
) -> Result<String> {
    let (name, body) = match file {
        None => ("<empty body>".to_string(), String::new()),
        Some(path) if path == Path::new("-") => {
            let mut body = String::new();
            std::io::stdin()
                .read_to_string(&mut body)
                .context("could not read the block body from stdin")?;
            ("<stdin>".to_string(), body)
        }
        Some(path) => (
            path.to_string_lossy().replace('\\', "/"),
            std::fs::read_to_string(path)
                .with_context(|| format!("could not read {}", path.display()))?,
        ),
    };
    let examples = match book {
        Some(dir) => {
            let path = dir.join("book.toml");
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("could not read {}", path.display()))?;
            Config::from_book_toml(&text)?.in_book(dir).examples()?
        }
        None => Examples::built_in(),
    };
    // Lines in the body count from 1, like a file's; an error about the
    // whole body (a block's fence, line 0) points at the file's first line.
    let located = |err: BlockError| {
        let mut located = err.locate(name.as_str(), 0);
        located.line = located.line.max(1);
        located.to_string()
    };
    let mut directive = Directive::parse(&body).map_err(|e| anyhow!(located(e)))?;
    if let Some(example) = example {
        directive.example = Some(At {
            value: example,
            line: 0,
        });
    }
    if let Some(view) = view {
        directive.views = Some(At {
            value: vec![parse_view(&view)?],
            line: 0,
        });
    }
    let (example, model) = prepare(directive, &examples).map_err(|e| anyhow!(located(e)))?;
    let out = match format {
        Format::Json => Numbers::new(&model)
            .map_err(|kind| anyhow!("{name}: {kind}"))?
            .to_json(),
        Format::Svg | Format::Latex => {
            let drawings = drawings(&example, &model).map_err(|e| anyhow!(located(e)))?;
            let [drawing] = drawings.as_slice() else {
                bail!(
                    "{name}: the body names {} views; pick one with --view",
                    drawings.len()
                );
            };
            let view = drawing.view;
            if drawing.figure.is_none() && drawing.math.is_none() {
                bail!(
                    "{name}: the `{view}` view draws nothing here: {}",
                    drawing.summary
                );
            }
            match format {
                Format::Latex => match &drawing.math {
                    Some(math) => latex::render(math).map_err(|e| anyhow!("{name}: {e}"))?,
                    None => bail!(
                        "{name}: {}",
                        ErrorKind::NoFormat {
                            view: view.to_string(),
                            format: "LaTeX",
                            instead: "--format svg",
                        }
                    ),
                },
                _ => match &drawing.figure {
                    Some(figure) => match id {
                        Some(id) => svg::inline(figure, &format!("{id}-{view}")),
                        None => svg::render(figure, &format!("cnn-{view}")),
                    },
                    None => bail!(
                        "{name}: {}",
                        ErrorKind::NoFormat {
                            view: view.to_string(),
                            format: "SVG",
                            instead: "--format latex",
                        }
                    ),
                },
            }
        }
    };
    Ok(out)
}

fn write_output(text: &str, output: Option<&Path>) -> Result<()> {
    match output {
        Some(path) => std::fs::write(path, format!("{text}\n"))
            .with_context(|| format!("could not write {}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
                // The reader stopped early (`render … | head`): not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("could not write to stdout"),
            }
        }
    }
}

/// `install`: set a book up, and say what changed.
fn install(book: &Path) -> Result<()> {
    let report = mdbook_cnn_views::install(book)?;
    if report.changed.is_empty() {
        println!("{} is already set up for mdbook-cnn-views", book.display());
    } else {
        for path in &report.changed {
            println!("wrote {}", book.join(path).display());
        }
        println!("done: write a ```cnn block in a chapter and run `mdbook serve`");
    }
    Ok(())
}

fn parse_view(name: &str) -> Result<View> {
    View::from_name(name).ok_or_else(|| {
        let err = ErrorKind::unknown_view(name, View::every().map(|v| v.name()));
        anyhow!("--view: {err}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_match_on_major_and_minor() {
        let ours = Version::parse(MDBOOK_VERSION).unwrap();
        let same = format!("{}.{}.99", ours.major, ours.minor);
        assert!(check_version(&same).is_ok());
        let err = check_version("0.4.52").unwrap_err().to_string();
        assert!(err.contains("but was called by mdBook 0.4.52"), "{err}");
        let err = check_version("banana").unwrap_err().to_string();
        assert!(
            err.contains("`banana`, which is not a version number"),
            "{err}"
        );
    }

    #[test]
    fn an_older_mdbooks_book_is_named_by_its_version() {
        // mdBook 0.4 sends `sections`, not `items`: the book does not parse,
        // yet the message is about the version, not about JSON.
        let input = br#"[{"root": "", "config": {}, "renderer": "html", "mdbook_version": "0.4.52"}, {"sections": []}]"#;
        let parsed = mdbook_preprocessor::parse_input(input.as_slice());
        let err = explain_bad_input(input, parsed.unwrap_err()).to_string();
        assert!(
            err.starts_with("this preprocessor is built for mdBook"),
            "{err}"
        );
        let err = explain_bad_input(b"{not json", anyhow!("x")).to_string();
        assert!(
            err.starts_with("the input on stdin is not JSON from mdBook"),
            "{err}"
        );
        let err = explain_bad_input(b"[1, 2]", anyhow!("x")).to_string();
        assert!(err.contains("not an mdBook preprocessor request"), "{err}");
    }
}
