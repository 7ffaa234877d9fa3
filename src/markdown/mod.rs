//! Markdown to HTML in one pass over pulldown-cmark's events: heading ids (Hugo's GitHub
//! style, CJK kept), the table of contents, highlighted code blocks, word counts and the
//! summary all come out of the same walk, so nothing is parsed or rendered twice.

pub mod cache;
pub mod highlight;

use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::markdown::cache::CodeCache;
use crate::markdown::highlight::{CodeContext, Highlighter, SourcePin};
use crate::Warning;

/// What the markdown stage needs to know about the page it renders.
pub struct MarkdownOptions<'a> {
    /// The content file, for warnings.
    pub path: &'a Path,
    /// The file line where the markdown body starts (after the front matter).
    pub first_line: usize,
    /// Words (a CJK character counts as one) in an automatic summary; 0 for none.
    pub summary_length: usize,
    pub highlighter: &'a Highlighter,
    /// Highlighted blocks from earlier builds.
    pub cache: &'a CodeCache,
    pub source: Option<&'a SourcePin>,
    /// Heading levels listed in the table of contents.
    pub toc_levels: (u8, u8),
}

/// How the summary was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryKind {
    /// Cut at `<!--more-->`.
    Manual,
    /// The first `summary_length` words, to the end of that sentence.
    Auto,
    /// The whole content was shorter than the summary length.
    Whole,
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    pub summary: String,
    pub summary_kind: SummaryKind,
    pub toc: Vec<TocEntry>,
    pub words: WordCount,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Words of prose, code left out: CJK characters and Latin words counted apart, since a
/// reader gets through them at different speeds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordCount {
    pub cjk: usize,
    pub latin: usize,
}

impl WordCount {
    pub fn total(&self) -> usize {
        self.cjk + self.latin
    }

    /// Minutes to read: about 500 CJK characters or 213 English words a minute (Hugo's
    /// figures), at least one.
    pub fn reading_minutes(&self) -> usize {
        let minutes = self.cjk as f64 / 500.0 + self.latin as f64 / 213.0;
        (minutes.ceil() as usize).max(1)
    }

    pub fn add_text(&mut self, text: &str) {
        let mut in_word = false;
        for c in text.chars() {
            if is_cjk(c) {
                self.cjk += 1;
                in_word = false;
            } else if c.is_alphanumeric() || c == '\'' || c == '_' {
                if !in_word {
                    self.latin += 1;
                    in_word = true;
                }
            } else {
                in_word = false;
            }
        }
    }
}

/// CJK ideographs, kana and Hangul: each counts as a word.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF |
        0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

/// The markdown extensions every page is parsed with (the check parses bodies again with them).
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a page's markdown body.
pub fn render(markdown: &str, options: &MarkdownOptions) -> Rendered {
    // CommonMark: U+0000 is replaced by U+FFFD (pulldown-cmark passes it through).
    let markdown: std::borrow::Cow<str> = if markdown.contains('\0') {
        markdown.replace('\0', "\u{fffd}").into()
    } else {
        markdown.into()
    };
    let markdown = markdown.as_ref();
    let mut walk = Walk::new(markdown, options);
    let mut iter = Parser::new_ext(markdown, parser_options()).into_offset_iter();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.into_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let line = walk.line_of(range.start);
                walk.code_block(&info, &code, line);
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let mut inner = Vec::new();
                for (e, _) in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(e);
                }
                walk.heading(level, id, classes, attrs, inner);
            }
            event => walk.event(event),
        }
    }
    walk.finish()
}

/// The state of one render: output so far, the open top-level block and what was learnt.
struct Walk<'a, 'o> {
    options: &'o MarkdownOptions<'o>,
    line_starts: Vec<usize>,
    html: String,
    /// Events of the top-level block being read; flushed to `html` when it closes.
    block: Vec<Event<'a>>,
    depth: usize,
    words: WordCount,
    toc_flat: Vec<(u8, String, String)>,
    used_ids: std::collections::HashMap<String, usize>,
    warnings: Vec<Warning>,
    code_blocks: usize,
    summary: Option<(String, SummaryKind)>,
    /// `<!--more-->` was seen inside a block: cut when that block closes.
    more_pending: bool,
    /// The word limit was reached with no sentence end after it: the summary is this block.
    pending_auto: bool,
}

impl<'a, 'o> Walk<'a, 'o> {
    fn new(markdown: &str, options: &'o MarkdownOptions<'o>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(markdown.match_indices('\n').map(|(i, _)| i + 1));
        Walk {
            options,
            line_starts,
            html: String::with_capacity(markdown.len() * 3 / 2),
            block: Vec::new(),
            depth: 0,
            words: WordCount::default(),
            toc_flat: Vec::new(),
            used_ids: Default::default(),
            warnings: Vec::new(),
            code_blocks: 0,
            summary: None,
            more_pending: false,
            pending_auto: false,
        }
    }

    /// The file line of a byte offset in the body.
    fn line_of(&self, offset: usize) -> usize {
        let idx = self.line_starts.partition_point(|&s| s <= offset);
        idx + self.options.first_line - 1
    }

    fn event(&mut self, event: Event<'a>) {
        match &event {
            Event::Html(h) | Event::InlineHtml(h) if is_more_marker(h) => {
                if self.depth == 0 {
                    self.set_summary(self.html.clone(), SummaryKind::Manual);
                } else {
                    self.more_pending = true;
                }
                return;
            }
            Event::Text(t) => self.count_words(t),
            _ => {}
        }
        let closes = matches!(event, Event::End(_));
        let opens = matches!(event, Event::Start(_));
        if opens {
            self.depth += 1;
        }
        self.block.push(event);
        if closes {
            self.depth = self.depth.saturating_sub(1);
        }
        if self.depth == 0 {
            self.flush_block();
        }
    }

    fn count_words(&mut self, text: &str) {
        let before = self.words.total();
        self.words.add_text(text);
        let limit = self.options.summary_length;
        if self.summary.is_none() && limit > 0 && before < limit && self.words.total() >= limit {
            self.auto_summary_cut(text, limit - before);
        }
    }

    /// The word limit is reached inside `text` (the event being added), `needed` words in:
    /// the summary is the HTML so far, this block up to the end of the sentence, and the
    /// closing tags of what is open, so it never cuts a tag.
    fn auto_summary_cut(&mut self, text: &str, needed: usize) {
        let Some(cut) = sentence_end_after(text, needed) else {
            // No sentence ends in this text: cut when the block closes.
            self.more_pending = true;
            self.pending_auto = true;
            return;
        };
        let mut events: Vec<Event> = self.block.clone();
        events.push(Event::Text(CowStr::from(text[..cut].to_string())));
        close_open_tags(&mut events);
        let mut summary = self.html.clone();
        pulldown_cmark::html::push_html(&mut summary, events.into_iter());
        self.set_summary(summary, SummaryKind::Auto);
    }

    fn set_summary(&mut self, html: String, kind: SummaryKind) {
        if self.summary.is_none() || kind == SummaryKind::Manual {
            self.summary = Some((html, kind));
        }
    }

    fn flush_block(&mut self) {
        pulldown_cmark::html::push_html(&mut self.html, self.block.drain(..));
        if self.more_pending {
            self.more_pending = false;
            let kind = if std::mem::take(&mut self.pending_auto) {
                SummaryKind::Auto
            } else {
                SummaryKind::Manual
            };
            self.set_summary(self.html.clone(), kind);
        }
    }

    fn code_block(&mut self, info: &str, code: &str, line: usize) {
        self.code_blocks += 1;
        let ctx = CodeContext {
            path: self.options.path,
            line,
            source: self.options.source,
            index: self.code_blocks - 1,
        };
        let info = info.trim();
        let cache = self.options.cache;
        let rendered = cache.get(info, code, &ctx).unwrap_or_else(|| {
            let block = self.options.highlighter.render_block(info, code, &ctx);
            cache.put(info, code, &ctx, &block);
            block
        });
        self.warnings.extend(rendered.warnings);
        self.event(Event::Html(CowStr::from(rendered.html)));
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        inner: Vec<Event<'a>>,
    ) {
        let text: String = inner
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let id = match id {
            Some(id) => id.to_string(),
            None => self.unique_id(heading_id(text.trim())),
        };
        let level_num = level as u8;
        let (lo, hi) = self.options.toc_levels;
        if (lo..=hi).contains(&level_num) {
            self.toc_flat
                .push((level_num, id.clone(), text.trim().to_string()));
        }
        self.event(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes,
            attrs,
        }));
        for e in inner {
            self.event(e);
        }
        self.event(Event::End(TagEnd::Heading(level)));
    }

    fn unique_id(&mut self, base: String) -> String {
        let n = self.used_ids.entry(base.clone()).or_insert(0);
        let id = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        id
    }

    fn finish(mut self) -> Rendered {
        if !self.block.is_empty() {
            close_open_tags(&mut self.block);
            self.flush_block();
        }
        let (summary, summary_kind) = match self.summary.take() {
            Some((s, kind)) if kind == SummaryKind::Manual || s.len() < self.html.len() => {
                (s, kind)
            }
            _ => (self.html.clone(), SummaryKind::Whole),
        };
        Rendered {
            toc: nest_toc(&self.toc_flat),
            html: self.html,
            summary,
            summary_kind,
            words: self.words,
            warnings: self.warnings,
        }
    }
}

fn is_more_marker(html: &str) -> bool {
    html.trim().eq_ignore_ascii_case("<!--more-->")
}

/// Appends the end tags of every tag still open in `events`, innermost first.
fn close_open_tags(events: &mut Vec<Event>) {
    let mut open: Vec<TagEnd> = Vec::new();
    for e in events.iter() {
        match e {
            Event::Start(tag) => open.push(tag.to_end()),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
    }
    events.extend(open.into_iter().rev().map(Event::End));
}

/// The byte offset just past the first sentence end in `text` at or after the `needed`-th
/// word. A `.`, `!` or `?` ends a sentence only before a space or the end (so `v1.16` and
/// `pkg.go` do not); `。！？` always do.
fn sentence_end_after(text: &str, needed: usize) -> Option<usize> {
    let mut words = WordCount::default();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        words.add_text(c.encode_utf8(&mut [0; 4]));
        if words.total() < needed {
            continue;
        }
        let end = i + c.len_utf8();
        match c {
            '。' | '！' | '？' => {
                // Keep a closing quote or bracket that belongs to the sentence.
                let mut end = end;
                while let Some(&(j, q)) = chars.peek() {
                    if matches!(q, '」' | '』' | '”' | '）' | ')') {
                        end = j + q.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                return Some(end);
            }
            '.' | '!' | '?' if chars.peek().is_none_or(|&(_, n)| n.is_whitespace()) => {
                return Some(end)
            }
            _ => {}
        }
    }
    None
}

/// Hugo's default ("github") heading ids: letters and digits lowercased (CJK kept as is),
/// spaces and `-` become `-`, `_` kept, everything else dropped.
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.chars() {
        if c == ' ' || c == '-' {
            id.push('-');
        } else if c == '_' || c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        }
    }
    if id.is_empty() {
        id.push_str("heading");
    }
    id
}

/// Turns the flat list of headings into a tree: each heading goes under the last one of a
/// smaller level.
fn nest_toc(flat: &[(u8, String, String)]) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for (level, id, title) in flat {
        let mut list = &mut root;
        while list.last().is_some_and(|last| last.level < *level) {
            list = &mut list.last_mut().unwrap().children;
        }
        list.push(TocEntry {
            level: *level,
            id: id.clone(),
            title: title.clone(),
            children: Vec::new(),
        });
    }
    root
}

/// Escapes `&`, `<`, `>` and `"` for HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    escape_bytes(s, false)
}

/// Escapes like [`escape_html`], plus `'` (for template output, which may sit in either
/// kind of quotes).
pub fn escape_markup(s: &str) -> String {
    escape_bytes(s, true)
}

fn escape_bytes(s: &str, apostrophe: bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    push_escaped_with(&mut out, s, apostrophe);
    out
}

/// Appends `s` escaped like [`escape_html`], without a new allocation.
pub fn push_escaped(out: &mut String, s: &str) {
    push_escaped_with(out, s, false);
}

/// Copies runs of safe bytes whole: every page goes through here many times.
fn push_escaped_with(out: &mut String, s: &str, apostrophe: bool) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' if apostrophe => "&#39;",
            _ => continue,
        };
        // The escaped bytes are ASCII, so `i` is always a char boundary.
        out.push_str(&s[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::highlight::HighlightConfig;

    fn render_with(md: &str, summary_length: usize) -> Rendered {
        let hl = Highlighter::new(&HighlightConfig::default()).unwrap();
        let options = MarkdownOptions {
            path: Path::new("content/p.md"),
            first_line: 5,
            summary_length,
            highlighter: &hl,
            cache: &CodeCache::disabled(),
            source: None,
            toc_levels: (2, 3),
        };
        render(md, &options)
    }

    #[test]
    fn heading_ids_follow_hugo() {
        assert_eq!(heading_id("Hello, World!"), "hello-world");
        assert_eq!(
            heading_id("控制器 Manager 启动流程"),
            "控制器-manager-启动流程"
        );
        assert_eq!(
            heading_id("`syncReplicaSet` 的实现"),
            "syncreplicaset-的实现"
        );
        assert_eq!(heading_id("a_b - c"), "a_b---c");
        let r = render_with("## Intro\n\n## Intro\n\n### 细节 {#custom}\n", 0);
        assert!(r.html.contains("<h2 id=\"intro\">Intro</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"intro-1\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"custom\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[1].children[0].id, "custom");
    }

    #[test]
    fn more_marker_cuts_the_summary() {
        let r = render_with("First *para*.\n\n<!--more-->\n\nSecond.\n", 70);
        assert_eq!(r.summary_kind, SummaryKind::Manual);
        assert_eq!(r.summary, "<p>First <em>para</em>.</p>\n");
        assert!(r.html.contains("Second"));
        assert!(!r.html.contains("more"));
    }

    #[test]
    fn auto_summary_counts_cjk_and_ends_on_a_sentence() {
        let md = "第一句话有十个汉字啊。第二句话也有很多字呢！第三句。\n\n下一段。\n";
        let r = render_with(md, 12);
        assert_eq!(r.summary_kind, SummaryKind::Auto);
        assert_eq!(
            r.summary,
            "<p>第一句话有十个汉字啊。第二句话也有很多字呢！</p>\n"
        );
    }

    #[test]
    fn auto_summary_never_cuts_a_tag() {
        let md = "Some **bold words here and more. After** that.\n\nNext para.\n";
        let r = render_with(md, 3);
        assert_eq!(
            r.summary,
            "<p>Some <strong>bold words here and more.</strong></p>\n"
        );
    }

    #[test]
    fn auto_summary_does_not_split_versions() {
        let r = render_with("Kubernetes v1.16.0 ships it. Later text here.\n", 2);
        assert_eq!(r.summary, "<p>Kubernetes v1.16.0 ships it.</p>\n");
    }

    #[test]
    fn short_content_is_its_own_summary() {
        let r = render_with("Short.\n", 70);
        assert_eq!(r.summary_kind, SummaryKind::Whole);
        assert_eq!(r.summary, r.html);
    }

    #[test]
    fn word_count_leaves_code_out() {
        let r = render_with(
            "控制器 manager runs.\n\n```go\nfunc main() {}\n```\n\nUse `code` here.\n",
            0,
        );
        assert_eq!(r.words, WordCount { cjk: 3, latin: 4 });
    }

    #[test]
    fn raw_html_and_nul_bytes_pass() {
        let r = render_with("<div class=\"x\">raw</div>\n\nnul\0byte\n", 0);
        assert!(r.html.contains("<div class=\"x\">raw</div>"));
        assert!(r.html.contains("nul\u{fffd}byte"), "{:?}", r.html);
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape_html("a<b>&\"c'd 控制器"),
            "a&lt;b&gt;&amp;&quot;c'd 控制器"
        );
        assert_eq!(escape_markup("it's <x>"), "it&#39;s &lt;x&gt;");
    }

    #[test]
    fn gfm_extensions() {
        let r = render_with(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: foot\n",
            0,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote"));
    }
}
