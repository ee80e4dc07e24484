//! The command line: `supports`, the stdin/stdout preprocessor protocol, and
//! `render` for single figures. Thin: all logic lives in the library.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand, ValueEnum};
use mdbook_cnn_views::CnnViews;
use mdbook_cnn_views::config::Config;
use mdbook_cnn_views::directive::{At, Directive};
use mdbook_cnn_views::error::{BlockError, ErrorKind, closest};
use mdbook_cnn_views::pipeline::{self, prepare};
use mdbook_cnn_views::preprocessor;
use mdbook_cnn_views::render::{json::Numbers, latex, svg};
use mdbook_cnn_views::resolve::Examples;
use mdbook_cnn_views::view::View;
use mdbook_preprocessor::{MDBOOK_VERSION, Preprocessor};

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
        /// Prefix of the ids inside the SVG (default `cnn`). The book uses
        /// `cnn-<chapter>-<block number>`; give the same to get the very
        /// bytes a chapter embeds.
        #[arg(long, default_value = "cnn")]
        id: String,
    },
    /// Sets up a book: adds [preprocessor.cnn-views] and the stylesheet to
    /// its book.toml and copies the CSS and math font. Safe to run twice.
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
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Supports { renderer }) => {
            return if preprocessor::supports(&renderer) {
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
        }) => render(file.as_deref(), example, book.as_deref(), view, format, &id)
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

/// mdBook's preprocessor protocol: `[context, book]` in, book out.
fn run_protocol() -> Result<()> {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .context("could not read mdBook's input from stdin")?;
    check_version(&input)?;
    let (ctx, book) = mdbook_preprocessor::parse_input(input.as_slice())?;
    let book = CnnViews.run(&ctx, book)?;
    // Buffered: stdout is line-buffered, and the book is megabytes of JSON.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    serde_json::to_writer(&mut stdout, &book).context("could not write the book to stdout")?;
    stdout
        .flush()
        .context("could not write the book to stdout")?;
    Ok(())
}

/// Says which versions clash, instead of a JSON parse error, when another
/// mdBook calls this preprocessor.
fn check_version(input: &[u8]) -> Result<()> {
    let value: serde_json::Value = serde_json::from_slice(input).map_err(|e| {
        anyhow!(
            "the input on stdin is not JSON from mdBook ({e}); mdbook-cnn-views runs as a preprocessor of mdBook {MDBOOK_VERSION}: add [preprocessor.cnn-views] to book.toml and run `mdbook build`, or use `mdbook-cnn-views render`"
        )
    })?;
    let theirs = value
        .get(0)
        .and_then(|ctx| ctx.get("mdbook_version"))
        .and_then(|v| v.as_str())
        .ok_or_else(|| {
            anyhow!(
                "the input on stdin is not an mdBook preprocessor request (expected `[context, book]` with `mdbook_version`); this preprocessor is built for mdBook {MDBOOK_VERSION}"
            )
        })?;
    if major_minor(theirs) != major_minor(MDBOOK_VERSION) {
        bail!(
            "this preprocessor is built for mdBook {MDBOOK_VERSION} but was called by mdBook {theirs}: install mdBook {}.x (cargo install mdbook --version {MDBOOK_VERSION} --locked) or rebuild mdbook-cnn-views against mdBook {theirs}",
            major_minor(MDBOOK_VERSION)
        );
    }
    Ok(())
}

fn major_minor(version: &str) -> &str {
    match version.match_indices('.').nth(1) {
        Some((i, _)) => &version[..i],
        None => version,
    }
}

/// `render`: one body, one view, one format.
fn render(
    file: Option<&Path>,
    example: Option<String>,
    book: Option<&Path>,
    view: Option<String>,
    format: Format,
    id: &str,
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
            Config::from_book_toml(&text)?.examples()?
        }
        None => Examples::built_in(),
    };
    // Lines in the body count from 1, like a file's.
    let located = |err: BlockError| err.locate(name.as_str(), 0).to_string();
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
            let drawings = pipeline::drawings(&example, &model).map_err(|e| anyhow!(located(e)))?;
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
                    Some(figure) => svg::render(figure, &format!("{id}-{view}")),
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
            println!("{text}");
            Ok(())
        }
    }
}

/// `install`: set a book up, and say what changed.
fn install(book: &Path) -> Result<()> {
    let report = mdbook_cnn_views::install::install(book)?;
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
        let names: Vec<&str> = View::ALL.iter().map(|v| v.name()).collect();
        let err = ErrorKind::UnknownView {
            suggestion: closest(name, names.iter().copied()),
            name: name.to_string(),
            valid: names.iter().map(|s| s.to_string()).collect(),
        };
        anyhow!("--view: {err}")
    })
}
