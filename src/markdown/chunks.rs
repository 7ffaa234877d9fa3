//! A long body parsed a piece at a time. pulldown-cmark builds the tree of the whole text
//! before it gives the first event, and that tree was most of a long note's peak memory: on
//! a 1.4 MB note of plain paragraphs, 16 MB of the build's 27 MB of heap (issue 25 asks for a
//! note's peak to stay near ten times its size). Parsed in pieces of [`PIECE_BYTES`], only
//! one piece's tree is alive at a time.
//!
//! A piece may only start where no markdown construct can reach across the cut: after a
//! blank line, at a line that starts a paragraph or an ATX heading in the first column
//! (which closes every open list, block quote and indented code block), outside a fenced
//! code block. Constructs that do reach across blank lines rule cutting out for the whole
//! body: link reference definitions and footnotes (their labels are resolved document-wide),
//! raw HTML blocks (some run past blank lines, and a fence inside one is not a fence),
//! indented fences (a list item's fence ends with the item, which a scan cannot see) and
//! definition lists (a list goes on after a blank line). Such bodies are parsed whole, as
//! before. The events are the same either way; `tests` and the markdown fuzz target check it.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

/// A body is cut only past this size; each piece is at least about this long.
pub const PIECE_BYTES: usize = 64 * 1024;

/// The body's pieces, as byte ranges that cover it in order: one when it is short or
/// cannot be cut safely.
pub fn pieces(text: &str, piece_bytes: usize) -> Vec<Range<usize>> {
    if text.len() <= piece_bytes {
        return std::iter::once(0..text.len()).collect();
    }
    let Some(cuts) = safe_cuts(text) else {
        return std::iter::once(0..text.len()).collect();
    };
    let mut pieces = Vec::new();
    let mut start = 0;
    for cut in cuts {
        if cut - start >= piece_bytes {
            pieces.push(start..cut);
            start = cut;
        }
    }
    pieces.push(start..text.len());
    pieces
}

/// The events of `text` with their byte ranges in it, parsed a piece at a time. Each
/// piece's parser is made when the one before it is used up, so only one tree is alive.
pub fn events<'a>(
    text: &'a str,
    options: Options,
    piece_bytes: usize,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + 'a {
    pieces(text, piece_bytes)
        .into_iter()
        .flat_map(move |piece| {
            let base = piece.start;
            Parser::new_ext(&text[piece], options)
                .into_offset_iter()
                .map(move |(event, r)| (event, r.start + base..r.end + base))
        })
}

/// The byte offsets where a piece may start, or `None` when the body holds a construct
/// that rules cutting out (see the module's comment).
fn safe_cuts(text: &str) -> Option<Vec<usize>> {
    let mut cuts = Vec::new();
    let mut fence: Option<Fence> = None;
    let mut after_blank = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if let Some(open) = &fence {
            if open.is_closed_by(content) {
                fence = None;
            }
            after_blank = false;
            continue;
        }
        if rules_cutting_out(content) {
            return None;
        }
        if content.trim().is_empty() {
            after_blank = true;
            continue;
        }
        if after_blank && starts_a_top_level_paragraph_or_heading(content) {
            cuts.push(start);
        }
        fence = Fence::opened_by(content);
        after_blank = false;
    }
    Some(cuts)
}

/// A line outside fenced code that makes the body unsafe to cut anywhere.
fn rules_cutting_out(line: &str) -> bool {
    let trimmed = line.trim_start_matches([' ', '\t']);
    let indented = trimmed.len() < line.len();
    let single_line_comment = trimmed.starts_with("<!--") && trimmed[4..].contains("-->");
    (trimmed.starts_with('<') && !single_line_comment)
        || (indented && (trimmed.starts_with("```") || trimmed.starts_with("~~~")))
        || trimmed.contains("[^")
        || (trimmed.starts_with('[') && trimmed.contains("]:"))
        || trimmed.starts_with(':')
}

/// A line in the first column that starts a paragraph or an ATX heading: a letter, digit or
/// ideograph (not an ordered list's marker) or `#`.
fn starts_a_top_level_paragraph_or_heading(line: &str) -> bool {
    let Some(first) = line.chars().next() else {
        return false;
    };
    if first == '#' {
        return true;
    }
    if !first.is_alphanumeric() {
        return false;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let after = line.as_bytes().get(digits).copied();
    !(digits > 0 && matches!(after, Some(b'.' | b')')))
}

/// A fenced code block opened in the first column: its character and length.
struct Fence {
    mark: u8,
    len: usize,
}

impl Fence {
    /// CommonMark's opening fence, unindented (an indented one rules cutting out): three or
    /// more backticks or tildes; a backtick fence's info string has no backtick.
    fn opened_by(line: &str) -> Option<Fence> {
        let mark = *line.as_bytes().first()?;
        if mark != b'`' && mark != b'~' {
            return None;
        }
        let len = line.bytes().take_while(|&b| b == mark).count();
        let info = &line[len..];
        (len >= 3 && !(mark == b'`' && info.contains('`'))).then_some(Fence { mark, len })
    }

    /// CommonMark's closing fence: up to three spaces, at least as many of the same
    /// character, then only spaces or tabs.
    fn is_closed_by(&self, line: &str) -> bool {
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        if indent > 3 {
            return false;
        }
        let rest = &line[indent..];
        let len = rest.bytes().take_while(|&b| b == self.mark).count();
        len >= self.len && rest[len..].trim_matches([' ', '\t']).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Events as a comparable text: pieces must give exactly the whole parse's events.
    fn rendered(text: &str, piece_bytes: usize) -> String {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_DEFINITION_LIST
            | Options::ENABLE_MATH;
        events(text, options, piece_bytes)
            .map(|(e, r)| format!("{e:?} {r:?}\n"))
            .collect()
    }

    fn whole(text: &str) -> String {
        rendered(text, usize::MAX)
    }

    /// Bodies whose every safe cut is tried (pieces of one byte cut at each).
    const BODIES: &[&str] = &[
        "# Title\n\nA paragraph *with\nemphasis*.\n\nAnother one.\n\n## Second\n\nText.\n",
        "- a list\n- tight\n\nafter the list\n\n1. one\n2. two\n\n3 items, not a list\n",
        "- loose\n\n- list\n\nends here\n\n> quote\n\nlazy? no\n",
        "```go\nfunc main() {\n\nfmt.Println(1)\n\n}\n```\n\ntext\n\n````\n```\n\nstill code\n````\n\nout\n",
        "~~~\n\n# not a heading\n\n~~~\n\n# a heading\n\n    indented code\n\nparagraph\n",
        "``` a`b\n\nnot a fence, a paragraph\n\n```\n\ncode\n\n```\n\nout\n",
        "Setext\n===\n\nTitle\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nnext\n",
        "$$\nx^2\n$$\n\nand $y$ inline\n\n中文段落\n\n第二段\n",
        "<!--more-->\n\nsummary cut\n\nmore text\n\n#hashtag line\n\nend\n",
    ];

    #[test]
    fn every_cut_gives_the_events_of_the_whole_parse() {
        for body in BODIES {
            assert!(pieces(body, 1).len() > 2, "no cut in {body:?}");
            assert_eq!(rendered(body, 1), whole(body), "{body:?}");
        }
    }

    #[test]
    fn constructs_that_reach_across_blank_lines_keep_the_body_whole() {
        for body in [
            "[a]\n\ntext\n\n[a]: https://example.com\n",
            "a note[^1]\n\ntext\n\n[^1]: the note\n",
            "<div>\n```\n\n</div>\n\ntext\n\n```\n\nmore\n",
            "- item\n\n  ```\n  code\n\nnot code\n\n```\n\ncode\n",
            "Term\n: definition\n\nTerm 2\n: definition 2\n",
        ] {
            assert_eq!(
                pieces(body, 1),
                std::slice::from_ref(&(0..body.len())),
                "{body:?}"
            );
        }
    }

    #[test]
    fn a_short_body_is_one_piece_and_pieces_cover_the_text() {
        let body = "para\n\n".repeat(1000);
        assert_eq!(
            pieces(&body, body.len()),
            std::slice::from_ref(&(0..body.len()))
        );
        let cut = pieces(&body, 600);
        assert!(cut.len() > 5);
        assert_eq!(cut.first().unwrap().start, 0);
        assert_eq!(cut.last().unwrap().end, body.len());
        assert!(cut.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(rendered(&body, 600), whole(&body));
    }

    /// Lines of the kinds that meet at cuts, drawn at random (a fixed seed): thousands of
    /// bodies, each parsed cut at every safe place and whole.
    #[test]
    fn random_bodies_cut_everywhere_parse_as_whole() {
        const LINES: &[&str] = &[
            "",
            "",
            "",
            "# heading",
            "## heading {#id}",
            "paragraph text",
            "more *emph",
            "text**",
            "- item",
            "* item",
            "1. item",
            "2) item",
            "  continued",
            "    indented code",
            "> quote",
            ">",
            "```",
            "```rust",
            "````",
            "~~~",
            "| a | b |",
            "|---|---|",
            "===",
            "---",
            "***",
            "$$",
            "x $y$ z",
            "<!--more-->",
            "7 not a list",
            "中文",
            "`code`",
            "\\",
            "``` a`b",
            "[link](url)",
            "- [ ] task",
            "   ```",
            "Term",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut tried = 0;
        for _ in 0..20_000 {
            let body: String = (0..next(40))
                .map(|_| format!("{}\n", LINES[next(LINES.len())]))
                .collect();
            if pieces(&body, 1).len() > 1 {
                tried += 1;
                assert_eq!(rendered(&body, 1), whole(&body), "{body:?}");
            }
        }
        assert!(tried > 2_000, "only {tried} bodies had a cut");
    }
}
