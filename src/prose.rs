//! Computed values in prose: `{{#cnn EXAMPLE.PATH}}` in chapter text becomes
//! one number of the named example's JSON (the object `render --format json`
//! prints), written the way the figures write numbers. A sentence that
//! states a value then follows `book.toml` like the figures do.
//!
//! PATH is keys and `[index]`es: `{{#cnn seed.output[1][0]}}`; a final
//! `.len` gives a list's length instead, so sizes follow too
//! (`{{#cnn seed.output.len}}` is the output's rows). Code (fenced,
//! indented or inline) is left alone, so an author can show the syntax in
//! backticks; so is `\{{#cnn …}}` outside code, the escape mdBook uses for its
//! own `{{#include …}}` (its `links` preprocessor runs after this one by
//! default and drops the backslash, and Markdown would drop it too).

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde_json::Value;

use crate::config::{Config, OnFailure};
use crate::directive::{At, Directive};
use crate::engine::Model;
use crate::error::{ErrorKind, LocatedError, closest};
use crate::markdown;
use crate::render::json::Numbers;
use crate::render::{escape_into, number};
use crate::resolve::{Examples, resolve};
use crate::words;

/// What starts a reference after `{{` (and optional spaces).
const HELPER: &str = "#cnn";
/// The last step that asks for a list's length (no JSON key is named so).
const LEN: &str = "len";
/// A path given as an example in error messages.
const EXAMPLE: &str = "seed.output[1][0]";

/// Replaces every `{{#cnn …}}` in a chapter's prose. `Ok(None)` means the
/// chapter has none and is left as it was. A bad reference fails with its
/// file and line, or, with `on-failure = "continue"`, becomes a visible
/// inline error (and a warning) like a bad block does.
pub fn expand(
    text: &str,
    file: &str,
    examples: &Examples,
    config: &Config,
    warnings: &mut Vec<String>,
) -> Result<Option<String>, LocatedError> {
    if !text.contains(HELPER) {
        return Ok(None);
    }
    let references = references(text);
    if references.is_empty() {
        return Ok(None);
    }
    let mut values = Values::default();
    let mut replacements = Vec::with_capacity(references.len());
    for reference in references {
        let result = match &reference.path {
            Some(path) => values.get(path, examples),
            None => Err(format!(
                "is never closed: end it with `}}}}` on the same line, e.g. `{{{{#cnn {EXAMPLE}}}}}`"
            )),
        };
        let text = match result {
            Ok(text) => text,
            Err(problem) => {
                let located = LocatedError {
                    file: file.to_string(),
                    line: reference.line,
                    kind: Box::new(ErrorKind::Prose {
                        reference: reference.written,
                        problem,
                    }),
                };
                match config.on_failure {
                    OnFailure::Bail => return Err(located),
                    OnFailure::Continue => {
                        let message = located.to_string();
                        warnings.push(message.clone());
                        inline_error(&message)
                    }
                }
            }
        };
        replacements.push((reference.span, text));
    }
    Ok(Some(markdown::splice(text, replacements)))
}

/// One `{{#cnn …}}` found in prose.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reference {
    /// Bytes to replace: the braces and all between them (only the opening
    /// `{{#cnn` when it is never closed).
    span: Range<usize>,
    /// 1-based line of the opening braces.
    line: usize,
    /// The reference as written (to the end of its line when unclosed).
    written: String,
    /// What stands between `#cnn` and `}}`, trimmed; `None` if unclosed.
    path: Option<String>,
}

/// Every reference outside code, in order.
fn references(text: &str) -> Vec<Reference> {
    let code = code_spans(text);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find("{{") {
        let start = from + offset;
        from = start + 2;
        let after = text[from..].trim_start_matches([' ', '\t']);
        let Some(rest) = after.strip_prefix(HELPER) else {
            continue;
        };
        // `{{#cnnfoo …}}` is some other preprocessor's helper.
        if !(rest.starts_with([' ', '\t']) || rest.starts_with("}}")) {
            continue;
        }
        if escaped(text, start) || code.iter().any(|span| span.contains(&start)) {
            continue;
        }
        let body = text.len() - rest.len();
        let line_end = text[body..].find('\n').map_or(text.len(), |n| body + n);
        let (span, written, path) = match text[body..line_end].find("}}") {
            Some(n) => (
                start..body + n + 2,
                &text[start..body + n + 2],
                Some(text[body..body + n].trim().to_string()),
            ),
            None => (start..body, text[start..line_end].trim_end(), None),
        };
        from = span.end;
        found.push(Reference {
            line: line_of(text, start),
            written: written.to_string(),
            span,
            path,
        });
    }
    found
}

/// Whether the byte at `at` follows an odd number of backslashes.
fn escaped(text: &str, at: usize) -> bool {
    text[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// Byte ranges of code: fenced and indented blocks, and inline code spans.
fn code_spans(text: &str) -> Vec<Range<usize>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    Parser::new_ext(text, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect()
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// `.key`
    Key(String),
    /// `[index]`
    Index(usize),
}

/// `seed.output[1][0]` → the example's name and the steps after it.
fn parse(path: &str) -> Result<(&str, Vec<Step>), String> {
    let end = path.find(['.', '[']).unwrap_or(path.len());
    let name = &path[..end];
    let valid_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    if name.is_empty() || !name.chars().all(valid_char) {
        return Err(format!(
            "does not start with an example's name: write EXAMPLE.PATH, e.g. `{EXAMPLE}`"
        ));
    }
    let mut steps = Vec::new();
    let mut rest = &path[end..];
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let len = after.find(|c| !valid_char(c)).unwrap_or(after.len());
            if len == 0 {
                return Err(format!(
                    "has no key after a `.`: keys are words like `output` or `bias`, e.g. `{EXAMPLE}`"
                ));
            }
            steps.push(Step::Key(after[..len].to_string()));
            rest = &after[len..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']');
            let index = close.and_then(|n| after[..n].trim().parse::<usize>().ok());
            match (close, index) {
                (Some(n), Some(index)) => {
                    steps.push(Step::Index(index));
                    rest = &after[n + 1..];
                }
                _ => {
                    return Err(format!(
                        "has a bad index after `{}`: an index is a whole number from 0 in brackets, e.g. `[0]`",
                        &path[..path.len() - rest.len()]
                    ));
                }
            }
        } else {
            return Err(format!(
                "has `{rest}` where a `.key` or an `[index]` should be, e.g. `{EXAMPLE}`"
            ));
        }
    }
    if steps.is_empty() {
        return Err(format!(
            "names the whole example `{name}`, not one value: add a path, e.g. `{name}.bias` or `{name}.output[0][0]`"
        ));
    }
    Ok((name, steps))
}

/// The examples' JSON, computed once per chapter and example.
#[derive(Default)]
struct Values {
    computed: HashMap<String, Result<Value, String>>,
}

impl Values {
    /// The value at `path`, written for the page; or what is wrong.
    fn get(&mut self, path: &str, examples: &Examples) -> Result<String, String> {
        let (name, steps) = parse(path)?;
        let json = self
            .computed
            .entry(name.to_string())
            .or_insert_with(|| numbers(name, examples))
            .as_ref()
            .map_err(Clone::clone)?;
        walk(json, name, &steps).map(number::display)
    }
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The JSON object of the example called `name`, as `render --format json`
/// prints it.
fn numbers(name: &str, examples: &Examples) -> Result<Value, String> {
    let directive = Directive {
        example: Some(At {
            value: name.to_string(),
            line: 0,
        }),
        ..Directive::default()
    };
    let example = resolve(directive, examples).map_err(|e| e.kind.to_string())?;
    let model = Model::new(example.model).map_err(|e| e.to_string())?;
    let numbers = Numbers::new(&model).map_err(|e| e.to_string())?;
    serde_json::to_value(&numbers).map_err(|e| e.to_string())
}

/// Follows `steps` from the example's object to one number.
fn walk(json: &Value, name: &str, steps: &[Step]) -> Result<f64, String> {
    let mut at = json;
    let mut here = name.to_string();
    for (i, step) in steps.iter().enumerate() {
        at = match (step, at) {
            (Step::Key(key), Value::Array(items)) if key == LEN => {
                if i + 1 < steps.len() {
                    return Err(format!(
                        "has steps after `{here}.{LEN}`: `.{LEN}` (how many entries a list has) ends a path"
                    ));
                }
                return Ok(items.len() as f64);
            }
            (Step::Key(key), Value::Object(map)) => match map.get(key) {
                Some(next) => next,
                None => {
                    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                    let hint = closest(key, keys.iter().copied())
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    return Err(format!(
                        "`{here}` has no key `{key}`{hint}; its keys are {}",
                        quoted(&keys)
                    ));
                }
            },
            (Step::Index(index), Value::Array(items)) => match items.get(*index) {
                Some(next) => next,
                None => {
                    return Err(format!(
                        "`{here}[{index}]` is out of range: `{here}` has {}, so use an index from 0 to {}",
                        entries(items.len()),
                        items.len().saturating_sub(1)
                    ));
                }
            },
            (Step::Key(key), Value::Array(items)) => {
                return Err(format!(
                    "`{here}` is a list of {}, not a table: pick one with an index, e.g. `{here}[0]`, instead of `.{key}` (or `.{LEN}` for how many)",
                    entries(items.len())
                ));
            }
            (Step::Index(index), Value::Object(_)) => {
                return Err(format!(
                    "`{here}` is a table, not a list: name a key, e.g. `{here}.output`, instead of `[{index}]`"
                ));
            }
            (_, _) => {
                return Err(format!("`{here}` is already one value: end the path there"));
            }
        };
        match step {
            Step::Key(key) => here = format!("{here}.{key}"),
            Step::Index(index) => here = format!("{here}[{index}]"),
        }
    }
    match at {
        Value::Number(n) => n
            .as_f64()
            .ok_or_else(|| format!("`{here}` is not a number")),
        Value::Array(items) => Err(format!(
            "`{here}` is a list of {}, not one value: add an index, e.g. `{here}[0]`",
            entries(items.len())
        )),
        _ => Err(format!(
            "`{here}` is not one value: add a key, e.g. `{here}.bias`"
        )),
    }
}

/// "1 entry", "2 entries".
fn entries(n: usize) -> String {
    match n {
        1 => "1 entry".to_string(),
        n => format!("{} entries", words::count(n)),
    }
}

fn quoted(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    words::join_and(&quoted)
}

/// The message of a bad reference, in the sentence where the value would
/// be. Characters Markdown would act on become entities, so the message
/// reads as written.
fn inline_error(message: &str) -> String {
    let mut escaped = String::with_capacity(message.len() + 16);
    escape_into(&mut escaped, message);
    let mut out = String::from(
        "<span class=\"cnn-views cnn-error\" data-view=\"error\" role=\"alert\"><code>",
    );
    for c in escaped.chars() {
        match c {
            '`' | '*' | '_' | '[' | ']' | '\\' | '|' | '~' | '{' | '}' => {
                out.push_str(&format!("&#{};", u32::from(c)));
            }
            _ => out.push(c),
        }
    }
    out.push_str("</code></span>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(on_failure: &str) -> Config {
        Config::from_book_toml(&format!(
            "[preprocessor.cnn-views]\non-failure = \"{on_failure}\"\n"
        ))
        .unwrap()
    }

    fn run(text: &str) -> Result<Option<String>, LocatedError> {
        expand(
            text,
            "book/x.md",
            &Examples::built_in(),
            &config("bail"),
            &mut Vec::new(),
        )
    }

    fn expanded(text: &str) -> String {
        run(text).unwrap().unwrap_or_else(|| text.to_string())
    }

    fn error(text: &str) -> String {
        run(text).unwrap_err().to_string()
    }

    #[test]
    fn values_are_written_as_the_page_writes_numbers() {
        assert_eq!(
            expanded("P is {{#cnn seed.output[0][0]}}, R is {{#cnn seed.output[1][0]}}."),
            "P is 5, R is \u{2212}1."
        );
        assert_eq!(expanded("b = {{#cnn seed.bias}}"), "b = 1");
        assert_eq!(expanded("p = {{#cnn seed-padded.padding[0]}}"), "p = 1");
        assert_eq!(expanded("{{#cnn seed.weight_matrix[0][4]}}"), "0");
        assert_eq!(expanded("{{ #cnn  seed.filter[1][0] }}"), "2");
    }

    #[test]
    fn len_gives_a_lists_length_so_sizes_follow_too() {
        // The seed: a 3×3 image, a 2×2 filter, a 2×2 output; the padded
        // one a 3×3 output.
        assert_eq!(
            expanded("{{#cnn seed.image.len}}×{{#cnn seed.image[0].len}}"),
            "3×3"
        );
        assert_eq!(expanded("{{#cnn seed.filter.len}}"), "2");
        assert_eq!(expanded("{{#cnn seed.output[1].len}}"), "2");
        assert_eq!(expanded("{{#cnn seed-padded.output.len}}"), "3");
        assert!(
            error("{{#cnn seed.output.len[0]}}")
                .contains("`.len` (how many entries a list has) ends a path")
        );
        assert!(error("{{#cnn seed.len}}").contains("`seed` has no key `len`"));
        assert!(error("{{#cnn seed.bias.len}}").contains("`seed.bias` is already one value"));
    }

    #[test]
    fn chapters_without_references_are_left_alone() {
        assert_eq!(run("# Title\n\nNo values here.\n").unwrap(), None);
        assert_eq!(run("{{#include file.rs}} and {{#cnnx y}}\n").unwrap(), None);
    }

    #[test]
    fn code_and_escapes_are_left_alone() {
        let text = "Write `{{#cnn seed.bias}}` to get {{#cnn seed.bias}}.\n\n```markdown\n{{#cnn seed.bias}}\n```\n\n    {{#cnn seed.bias}}\n\nOr \\{{#cnn seed.bias}} in prose.\n";
        assert_eq!(
            expanded(text),
            "Write `{{#cnn seed.bias}}` to get 1.\n\n```markdown\n{{#cnn seed.bias}}\n```\n\n    {{#cnn seed.bias}}\n\nOr \\{{#cnn seed.bias}} in prose.\n"
        );
        // Two backslashes are a backslash, then the reference.
        assert_eq!(expanded("\\\\{{#cnn seed.bias}}"), "\\\\1");
    }

    #[test]
    fn references_in_lists_quotes_and_tables_are_replaced() {
        let text = "- one {{#cnn seed.bias}}\n\n> two {{#cnn seed.bias}}\n\n| a | b |\n|---|---|\n| {{#cnn seed.bias}} | `{{#cnn x}}` |\n";
        assert_eq!(
            expanded(text),
            "- one 1\n\n> two 1\n\n| a | b |\n|---|---|\n| 1 | `{{#cnn x}}` |\n"
        );
    }

    #[test]
    fn bad_references_are_located_and_say_how_to_fix() {
        assert_eq!(
            error("# T\n\nSee {{#cnn sede.bias}}.\n"),
            "book/x.md:3: `{{#cnn sede.bias}}`: unknown example `sede` (did you mean `seed`?); known examples are `seed`, `seed-padded` (define more under [preprocessor.cnn-views.examples.NAME] in book.toml)"
        );
        assert_eq!(
            error("{{#cnn seed.outptu[0][0]}}"),
            "book/x.md:1: `{{#cnn seed.outptu[0][0]}}`: `seed` has no key `outptu` (did you mean `output`?); its keys are `bias`, `dilation`, `filter`, `image`, `output`, `padding`, `stride` and `weight_matrix`"
        );
        assert_eq!(
            error("{{#cnn seed.output[2][0]}}"),
            "book/x.md:1: `{{#cnn seed.output[2][0]}}`: `seed.output[2]` is out of range: `seed.output` has 2 entries, so use an index from 0 to 1"
        );
        assert_eq!(
            error("{{#cnn seed.output[1]}}"),
            "book/x.md:1: `{{#cnn seed.output[1]}}`: `seed.output[1]` is a list of 2 entries, not one value: add an index, e.g. `seed.output[1][0]`"
        );
        assert!(error("{{#cnn seed}}").contains("names the whole example `seed`"));
        assert!(error("{{#cnn}}").contains("does not start with an example's name"));
        assert!(error("{{#cnn seed.bias[0]}}").contains("`seed.bias` is already one value"));
        assert!(error("{{#cnn seed.output.x}}").contains("is a list of 2 entries, not a table"));
        assert!(error("{{#cnn seed[0]}}").contains("`seed` is a table, not a list"));
        assert!(error("{{#cnn seed.output[-1]}}").contains("has a bad index after `seed.output`"));
        assert!(error("{{#cnn seed.output(0)}}").contains("has `(0)` where"));
        assert_eq!(
            error("a\n{{#cnn seed.bias\n}}"),
            "book/x.md:2: `{{#cnn seed.bias`: is never closed: end it with `}}` on the same line, e.g. `{{#cnn seed.output[1][0]}}`"
        );
    }

    #[test]
    fn an_invalid_named_example_is_reported_where_it_is_used() {
        let config = Config::from_book_toml(
            "[preprocessor.cnn-views.examples.tiny]\nimage = [[1]]\nfilter = [[1, 1]]\n",
        )
        .unwrap();
        let examples = config.examples_lenient();
        let err = expand(
            "{{#cnn tiny.bias}}",
            "book/x.md",
            &examples,
            &config,
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("book/x.md:1: `{{#cnn tiny.bias}}`: example `tiny` in book.toml"),
            "{err}"
        );
    }

    #[test]
    fn continue_shows_the_message_where_the_value_would_be() {
        let mut warnings = Vec::new();
        let out = expand(
            "P is {{#cnn seed.output[9][0]}} and b is {{#cnn seed.bias}}.\n",
            "book/x.md",
            &Examples::built_in(),
            &config("continue"),
            &mut warnings,
        )
        .unwrap()
        .unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with("book/x.md:1: `{{#cnn seed.output[9][0]}}`"));
        assert!(out.starts_with("P is <span class=\"cnn-views cnn-error\""));
        assert!(out.ends_with("</code></span> and b is 1.\n"));
        // Markdown leaves the message as it is: no code spans, no emphasis.
        assert!(!out.contains('`') && !out.contains("{{"));
        assert!(out.contains("&#96;&#123;&#123;#cnn seed.output&#91;9&#93;"));
    }
}
