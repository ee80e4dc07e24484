//! Finds ```` ```cnn ```` blocks in a chapter with pulldown-cmark (so blocks
//! inside lists and block quotes count, and code that only looks like one
//! does not) and splices replacements in, leaving every other byte alone.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The info string that marks a block.
pub const INFO: &str = "cnn";

/// One ```` ```cnn ```` block of a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Bytes of the whole block, fences included.
    pub span: Range<usize>,
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The TOML body, without fences or container prefixes (`> `).
    pub body: String,
    /// Whether the closing fence is there.
    pub closed: bool,
    /// What starts the fence's line before the fence (indentation, `> `,
    /// list markers), turned into the prefix that continuation lines need.
    pub prefix: String,
}

/// Every cnn block in `text`, in order.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut current: Option<Block> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some(INFO) =>
            {
                let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                current = Some(Block {
                    line: text[..range.start].matches('\n').count() + 1,
                    closed: is_closed(&text[range.clone()]),
                    prefix: continuation_prefix(&text[line_start..range.start]),
                    span: range,
                    body: String::new(),
                });
            }
            Event::Text(body) => {
                if let Some(block) = current.as_mut() {
                    block.body.push_str(&body);
                }
            }
            Event::End(TagEnd::CodeBlock) => found.extend(current.take()),
            _ => {}
        }
    }
    found
}

/// Whether a fenced block's source ends with a closing fence.
fn is_closed(source: &str) -> bool {
    let mut lines = source
        .lines()
        .map(|l| l.trim_start_matches(|c: char| c == '>' || c.is_whitespace()));
    let Some(open) = lines.next() else {
        return false;
    };
    let fence_char = open.chars().next().unwrap_or('`');
    let fence_len = open.chars().take_while(|&c| c == fence_char).count();
    let closing = source.lines().skip(1).last().map(|l| {
        l.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
            .trim_end()
    });
    closing.is_some_and(|l| l.chars().count() >= fence_len && l.chars().all(|c| c == fence_char))
}

/// Keeps `>` (block quotes) and turns everything else (list markers,
/// indentation) into spaces, so following lines stay in the same container.
fn continuation_prefix(before_fence: &str) -> String {
    before_fence
        .chars()
        .map(|c| if c == '>' { '>' } else { ' ' })
        .collect()
}

/// Replaces each span with its text. `replacements` must not overlap; any
/// order is fine. Everything outside the spans is copied byte for byte.
pub fn splice(text: &str, mut replacements: Vec<(Range<usize>, String)>) -> String {
    replacements.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, replacement) in replacements {
        out.push_str(&text[at..span.start]);
        out.push_str(&replacement);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Fits multi-line HTML into the block's place: continuation lines get the
/// container prefix, and a blank (prefix-only) line follows so the HTML block
/// ends where the code block did.
pub fn fit_html(block: &Block, html: &str, source: &str) -> String {
    let mut out = String::with_capacity(html.len() + block.prefix.len() + 2);
    if block.prefix.is_empty() && !html.contains('\r') {
        // Nothing to put before a line: the lines as they are, at once.
        out.push_str(html.strip_suffix('\n').unwrap_or(html));
    } else {
        for (i, line) in html.lines().enumerate() {
            if i > 0 {
                out.push('\n');
                out.push_str(&block.prefix);
            }
            out.push_str(line);
        }
    }
    out.push('\n');
    out.push_str(block.prefix.trim_end());
    // The code block's span usually ends with its newline; keep one.
    if source[block.span.clone()].ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_everywhere_but_only_cnn() {
        let text = "# T\n\n```cnn\nview = \"image\"\n```\n\n```rust\nfn main() {}\n```\n\n- item\n\n  ```cnn\n  view = \"filter\"\n  ```\n\n> ```cnn\n> view = \"output\"\n> ```\n";
        let found = blocks(text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].line, 3);
        assert_eq!(found[0].body, "view = \"image\"\n");
        assert_eq!(found[1].body, "view = \"filter\"\n");
        assert_eq!(found[1].prefix, "  ");
        assert_eq!(found[2].body, "view = \"output\"\n");
        assert_eq!(found[2].prefix, "> ");
        assert!(found.iter().all(|b| b.closed));
    }

    #[test]
    fn notices_an_unclosed_fence() {
        let found = blocks("text\n\n```cnn\nview = \"image\"\n");
        assert_eq!(found.len(), 1);
        assert!(!found[0].closed);
        let closed = blocks("~~~~cnn\nview = \"image\"\n~~~~\n");
        assert!(closed[0].closed);
    }

    #[test]
    fn splice_keeps_everything_else() {
        let text = "a\n```cnn\nx\n```\nb ```cnn``` c\n";
        let found = blocks(text);
        assert_eq!(found.len(), 1);
        let html = fit_html(&found[0], "<div>\n<p>hi</p>\n</div>", text);
        let out = splice(text, vec![(found[0].span.clone(), html)]);
        assert_eq!(out, "a\n<div>\n<p>hi</p>\n</div>\n\nb ```cnn``` c\n");
    }

    #[test]
    fn splice_in_a_block_quote_keeps_the_quote() {
        let text = "> ```cnn\n> x\n> ```\n> after\n";
        let found = blocks(text);
        let html = fit_html(&found[0], "<div>\n</div>", text);
        let out = splice(text, vec![(found[0].span.clone(), html)]);
        assert_eq!(out, "> <div>\n> </div>\n>\n> after\n");
    }
}
