//! Math delimiters that markdown would otherwise eat: `\(...\)` and `\[...\]` (a markdown
//! escape makes `\(` a plain `(`), and whatever Hugo's passthrough extension is configured
//! with (`[markup.goldmark.extensions.passthrough.delimiters]`). pulldown-cmark knows only
//! `$` and `$$`, so before the page is parsed the formulas are found as Goldmark's passthrough
//! parser finds them and each is swapped for a placeholder that markdown leaves alone; the
//! render then turns the placeholders back into math events.
//!
//! The rules follow the extension: a formula runs from an opener to the first closer within
//! the same paragraph (or heading, table cell, list item); an opener with no closer is text;
//! block delimiters are tried before inline ones and make display math when the formula sits
//! in a paragraph; nothing in code, raw HTML or `$` math is looked at; `\\(` is an escaped
//! backslash followed by `(`.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Tag, TagEnd};

/// Opens a placeholder: the formula's index follows, then [`PLACEHOLDER_END`]. Both are
/// private-use characters, which markdown treats as ordinary letters.
pub const PLACEHOLDER: char = '\u{E000}';
const PLACEHOLDER_END: char = '\u{E001}';

/// Pairs of (opener, closer), as Hugo's config writes them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MathDelimiters {
    pub inline: Vec<(String, String)>,
    pub block: Vec<(String, String)>,
}

impl MathDelimiters {
    /// The delimiters of a math page on a site without passthrough configured: the ones
    /// Hugo's math documentation configures (`$` and `$$` are pulldown-cmark's own math).
    pub fn backslash() -> MathDelimiters {
        let pair = |o: &str, c: &str| (o.to_string(), c.to_string());
        MathDelimiters {
            inline: vec![pair(r"\(", r"\)")],
            block: vec![pair(r"\[", r"\]")],
        }
    }

    /// Block pairs first, then inline ones: Goldmark tries them in that order.
    fn pairs(&self) -> impl Iterator<Item = (&str, &str, bool)> {
        let block = self
            .block
            .iter()
            .map(|(o, c)| (o.as_str(), c.as_str(), true));
        let inline = self
            .inline
            .iter()
            .map(|(o, c)| (o.as_str(), c.as_str(), false));
        block.chain(inline)
    }

    fn opener_at(&self, text: &str) -> Option<(&str, &str, bool)> {
        self.pairs()
            .find(|(o, c, _)| !o.is_empty() && !c.is_empty() && text.starts_with(o))
    }
}

/// One formula taken out of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    pub latex: String,
    pub display: bool,
}

/// The source with its formulas replaced by placeholders.
pub struct Prepared<'s> {
    pub source: Cow<'s, str>,
    pub formulas: Vec<Formula>,
    /// For each placeholder, its end in `source` and how many newlines the formulas up to
    /// and including it took out: what keeps warnings on the right line.
    pub shifts: Vec<(usize, usize)>,
}

impl<'s> Prepared<'s> {
    pub const EMPTY: Prepared<'static> = Prepared {
        source: Cow::Borrowed(""),
        formulas: Vec::new(),
        shifts: Vec::new(),
    };

    /// A page whose math is not looked for.
    pub fn unchanged(markdown: &'s str) -> Prepared<'s> {
        Prepared {
            source: Cow::Borrowed(markdown),
            formulas: Vec::new(),
            shifts: Vec::new(),
        }
    }

    /// Lines taken out of the source before `offset` (in the prepared source).
    pub fn lines_removed_before(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|&(end, _)| end <= offset);
        if i == 0 {
            0
        } else {
            self.shifts[i - 1].1
        }
    }

    /// Splits a text holding placeholders into its text and its formulas, in order.
    pub fn split(&self, text: &str) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut at = 0;
        while let Some(start) = text[at..].find(PLACEHOLDER).map(|i| at + i) {
            let digits = start + PLACEHOLDER.len_utf8();
            let Some(end) = text[digits..].find(PLACEHOLDER_END).map(|i| digits + i) else {
                break;
            };
            let Some(index) = text[digits..end]
                .parse::<usize>()
                .ok()
                .filter(|&i| i < self.formulas.len())
            else {
                break;
            };
            if start > at {
                pieces.push(Piece::Text(at..start));
            }
            pieces.push(Piece::Formula(index));
            at = end + PLACEHOLDER_END.len_utf8();
        }
        if at < text.len() {
            pieces.push(Piece::Text(at..text.len()));
        }
        pieces
    }
}

/// A part of a text event: a byte range of its text, or the index of a formula.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece {
    Text(Range<usize>),
    Formula(usize),
}

/// pulldown-cmark's events with each placeholder turned back into its formula, as
/// `InlineMath` or `DisplayMath`, so the render sees `\(x\)` as it sees `$x$`.
pub struct Expand<'a, I> {
    inner: I,
    prepared: &'a Prepared<'a>,
    queue: VecDeque<(Event<'a>, Range<usize>)>,
}

impl<'a, I> Expand<'a, I> {
    pub fn new(inner: I, prepared: &'a Prepared<'a>) -> Self {
        Expand {
            inner,
            prepared,
            queue: VecDeque::new(),
        }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Expand<'a, I> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(queued) = self.queue.pop_front() {
            return Some(queued);
        }
        let (event, range) = self.inner.next()?;
        let text = match event {
            Event::Text(text)
                if !self.prepared.formulas.is_empty() && text.contains(PLACEHOLDER) =>
            {
                text
            }
            event => return Some((event, range)),
        };
        // A text event never spans a line break (that is a break event), so every piece is
        // on the line where the text starts.
        let prepared: &'a Prepared<'a> = self.prepared;
        for piece in prepared.split(&text) {
            let event = match piece {
                Piece::Text(r) => Event::Text(CowStr::from(text[r].to_string())),
                Piece::Formula(i) => {
                    let f = &prepared.formulas[i];
                    let latex = CowStr::Borrowed(f.latex.as_str());
                    if f.display {
                        Event::DisplayMath(latex)
                    } else {
                        Event::InlineMath(latex)
                    }
                }
            };
            self.queue.push_back((event, range.clone()));
        }
        self.queue.pop_front()
    }
}

/// Finds the formulas of `markdown` written with `delimiters` and replaces them by
/// placeholders. `options` are the options the page is parsed with. A page without any
/// opener is returned as it is, without a parse.
pub fn prepare<'s>(
    markdown: &'s str,
    delimiters: &MathDelimiters,
    options: Options,
) -> Prepared<'s> {
    let unchanged = || Prepared::unchanged(markdown);
    if !delimiters
        .pairs()
        .any(|(o, _, _)| !o.is_empty() && markdown.contains(o))
    {
        return unchanged();
    }
    let layout = Layout::of(markdown, options);
    let found = find_formulas(markdown, delimiters, &layout);
    if found.is_empty() {
        return unchanged();
    }
    let mut source = String::with_capacity(markdown.len());
    let mut formulas = Vec::with_capacity(found.len());
    let mut shifts = Vec::with_capacity(found.len());
    let mut last = 0;
    let mut removed = 0;
    for (i, (span, formula)) in found.into_iter().enumerate() {
        source.push_str(&markdown[last..span.start]);
        source.push(PLACEHOLDER);
        source.push_str(&i.to_string());
        source.push(PLACEHOLDER_END);
        removed += markdown[span.clone()].matches('\n').count();
        shifts.push((source.len(), removed));
        formulas.push(formula);
        last = span.end;
    }
    source.push_str(&markdown[last..]);
    Prepared {
        source: Cow::Owned(source),
        formulas,
        shifts,
    }
}

/// What a first parse tells about the page: where formulas may not be looked for, and the
/// blocks a formula must stay inside.
struct Layout {
    /// Code, raw HTML and `$` math, in source order.
    skip: Vec<Range<usize>>,
    /// Paragraphs, headings, table cells, list items and definition parts, with whether
    /// each is a paragraph (where block delimiters make display math) and whether it sits in
    /// a blockquote (whose `>` markers continue its lines).
    containers: Vec<Container>,
}

struct Container {
    range: Range<usize>,
    paragraph: bool,
    quoted: bool,
}

impl Layout {
    fn of(markdown: &str, options: Options) -> Layout {
        let mut skip = Vec::new();
        let mut containers = Vec::new();
        let mut quotes = 0usize;
        // Parsed a piece at a time, as the render parses it, so a long note's whole tree
        // is never built here either.
        for (event, range) in super::chunks::events(markdown, options, super::chunks::PIECE_BYTES) {
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => skip.push(range),
                Event::Code(_)
                | Event::Html(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_) => skip.push(range),
                Event::Start(Tag::BlockQuote(_)) => quotes += 1,
                Event::End(TagEnd::BlockQuote(_)) => quotes = quotes.saturating_sub(1),
                Event::Start(
                    tag @ (Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::TableCell
                    | Tag::Item
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition),
                ) => containers.push(Container {
                    range,
                    paragraph: matches!(tag, Tag::Paragraph),
                    quoted: quotes > 0,
                }),
                _ => {}
            }
        }
        Layout {
            skip: merge_ranges(skip),
            containers,
        }
    }

    /// The end of what is skipped at `at`, if `at` is in code or HTML.
    fn skipped(&self, at: usize) -> Option<usize> {
        let i = self.skip.partition_point(|r| r.start <= at);
        let last = self.skip[..i].last()?;
        (last.end > at).then_some(last.end)
    }

    /// The innermost block holding `at`.
    fn container(&self, at: usize) -> Option<&Container> {
        self.containers
            .iter()
            .filter(|c| c.range.contains(&at))
            .min_by_key(|c| c.range.len())
    }
}

/// Sorted ranges with the nested and overlapping ones joined.
fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The formulas in source order, each with the span it takes (delimiters included).
fn find_formulas(
    markdown: &str,
    delimiters: &MathDelimiters,
    layout: &Layout,
) -> Vec<(Range<usize>, Formula)> {
    let bytes = markdown.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(end) = layout.skipped(i) {
            i = end.max(i + 1);
            continue;
        }
        let rest = &markdown[i..];
        let Some((open, close, block)) = delimiters.opener_at(rest) else {
            // A backslash escape: the character after it is never an opener.
            i += if bytes[i] == b'\\' && bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
                2
            } else {
                rest.chars().next().map_or(1, char::len_utf8)
            };
            continue;
        };
        let Some(container) = layout.container(i) else {
            i += open.len();
            continue;
        };
        let body_start = i + open.len();
        let limit = container.range.end.min(markdown.len());
        let closer = markdown[body_start..limit].find(close);
        match closer {
            Some(0) | None => i += open.len(),
            Some(at) => {
                let body = &markdown[body_start..body_start + at];
                let end = body_start + at + close.len();
                found.push((
                    i..end,
                    Formula {
                        latex: latex_of(body, container.quoted),
                        display: block && container.paragraph,
                    },
                ));
                i = end;
            }
        }
    }
    found
}

/// The formula's text without the `>` markers that continue a blockquote's lines.
fn latex_of(body: &str, quoted: bool) -> String {
    let body = body.trim();
    if !quoted || !body.contains('\n') {
        return body.to_string();
    }
    body.lines()
        .map(|l| l.trim_start().trim_start_matches(['>', ' ', '\t']))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hugo_docs() -> MathDelimiters {
        let pair = |o: &str, c: &str| (o.to_string(), c.to_string());
        MathDelimiters {
            inline: vec![pair(r"\(", r"\)")],
            block: vec![pair(r"\[", r"\]"), pair("$$", "$$")],
        }
    }

    fn found(md: &str) -> Vec<(String, bool)> {
        prepare(md, &hugo_docs(), Options::empty())
            .formulas
            .into_iter()
            .map(|f| (f.latex, f.display))
            .collect()
    }

    #[test]
    fn finds_inline_and_block_formulas() {
        assert_eq!(
            found("a \\(x^*=y^*\\) b\n\n\\[\n\\frac12\n\\]\n\n$$E$$\n"),
            [
                ("x^*=y^*".to_string(), false),
                ("\\frac12".to_string(), true),
                ("E".to_string(), true)
            ]
        );
    }

    #[test]
    fn leaves_code_escapes_and_unclosed_openers() {
        assert!(found("`\\(x\\)` and\n\n```\n\\[y\\]\n```\n").is_empty());
        assert!(found("an \\\\(escaped\\\\) one").is_empty());
        assert!(found("unclosed \\( here\n\nand \\) there").is_empty());
        assert!(found("empty \\(\\)").is_empty());
    }

    #[test]
    fn block_delimiters_in_a_list_item_or_heading_are_inline() {
        assert_eq!(found("- item \\[z\\]"), [("z".to_string(), false)]);
        assert_eq!(found("## Head \\[h\\]"), [("h".to_string(), false)]);
    }

    #[test]
    fn quotes_lose_their_markers() {
        assert_eq!(
            found("> \\[\n> a \\\\\n> b\n> \\]\n"),
            [("a \\\\\nb".to_string(), true)]
        );
    }

    #[test]
    fn placeholders_keep_lines_and_split_back() {
        let p = prepare(
            "x \\(a\nb\\) y\n\nz \\(c\\)\n",
            &hugo_docs(),
            Options::empty(),
        );
        assert_eq!(p.formulas.len(), 2);
        assert!(!p.source.contains('\\'), "{}", p.source);
        let second = p.source.rfind(PLACEHOLDER).unwrap();
        assert_eq!(p.lines_removed_before(0), 0);
        assert_eq!(p.lines_removed_before(second), 1);
        let first_line = p.source.lines().next().unwrap();
        let pieces = p.split(first_line);
        let n = first_line.len();
        assert_eq!(
            pieces,
            [Piece::Text(0..2), Piece::Formula(0), Piece::Text(n - 2..n)]
        );
        assert_eq!(p.formulas[0].latex, "a\nb");
    }

    #[test]
    fn pages_without_an_opener_are_not_parsed() {
        let p = prepare("plain $5 text", &hugo_docs(), Options::empty());
        assert!(matches!(p.source, Cow::Borrowed(_)));
    }
}
