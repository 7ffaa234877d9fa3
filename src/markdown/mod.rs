//! Markdown to HTML in one pass over pulldown-cmark's events: heading ids (Hugo's GitHub
//! style, CJK kept), the table of contents, highlighted code blocks, math, diagrams,
//! footnotes, alerts, word counts and the summary all come out of the same walk, so nothing
//! is parsed or rendered twice. What a page does not use (math, diagrams) costs it nothing.

mod blocks;
pub mod cache;
mod chunks;
pub mod diagram;
pub mod highlight;
mod inline;
pub mod markup;
pub mod math;
pub mod passthrough;
mod summary;

use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Tag, TagEnd};
use serde::Serialize;

use crate::markdown::cache::CodeCache;
use crate::markdown::highlight::{CodeContext, Highlighter, RenderedBlock, SourcePin};
use crate::markdown::markup::{MarkupConfig, SummaryCut};
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
    /// The site's markdown switches.
    pub markup: &'a MarkupConfig,
    /// `$...$` and `$$...$$` are math on this page (front matter `math`, or the site's).
    pub math: bool,
    /// Makes footnote ids unique among pages (`h1a2b...fn:1`), so two notes' summaries on
    /// one list page do not collide. Empty leaves them as Goldmark's `fn:1`.
    pub id_prefix: &'a str,
    /// The site folder, to read the size of local images; `None` skips it.
    pub site_root: Option<&'a Path>,
}

/// The delimiters that `passthrough` takes formulas out by on this page: Hugo's configured
/// ones, or on a math page of a site without them `\(...\)` and `\[...\]`.
fn math_delimiters<'o>(options: &'o MarkdownOptions) -> Option<&'o passthrough::MathDelimiters> {
    static BACKSLASH: std::sync::LazyLock<passthrough::MathDelimiters> =
        std::sync::LazyLock::new(passthrough::MathDelimiters::backslash);
    if !options.math {
        return None;
    }
    Some(options.markup.passthrough.as_ref().unwrap_or(&BACKSLASH))
}

static NO_FORMULAS: passthrough::Prepared<'static> = passthrough::Prepared::EMPTY;

static DEFAULT_MARKUP: std::sync::LazyLock<MarkupConfig> =
    std::sync::LazyLock::new(MarkupConfig::default);

impl<'a> MarkdownOptions<'a> {
    /// Options with the default switches, for short snippets and tests.
    pub fn new(
        path: &'a Path,
        highlighter: &'a Highlighter,
        cache: &'a CodeCache,
    ) -> MarkdownOptions<'a> {
        MarkdownOptions {
            path,
            first_line: 1,
            summary_length: 0,
            highlighter,
            cache,
            source: None,
            toc_levels: (2, 3),
            markup: &DEFAULT_MARKUP,
            math: false,
            id_prefix: "",
            site_root: None,
        }
    }
}

/// How the summary was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryKind {
    /// Cut at `<!--more-->`.
    Manual,
    /// The first `summary_length` words, to the end of that paragraph (or sentence, with
    /// `summaryCut = "sentence"`).
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

fn parser_options(options: &MarkdownOptions) -> Options {
    parser_options_for(options.markup, options.math)
}

/// The markdown extensions a page is parsed with, from the site's markup switches and whether
/// the page has math on (`blog check` parses bodies again with the same ones).
pub fn parser_options_for(markup: &MarkupConfig, math: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if markup.footnotes {
        o |= Options::ENABLE_FOOTNOTES;
    }
    if markup.definition_lists {
        o |= Options::ENABLE_DEFINITION_LIST;
    }
    // Off unless asked: on a page without math, `$5 and $10` is prose. With Hugo's
    // passthrough configured, `$` is math only as a listed delimiter.
    if math && markup.passthrough.is_none() {
        o |= Options::ENABLE_MATH;
    }
    o
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
    let prepared = match math_delimiters(options) {
        Some(delimiters) => passthrough::prepare(markdown, delimiters, parser_options(options)),
        None => passthrough::Prepared::unchanged(markdown),
    };
    let source = prepared.source.as_ref();
    let mut walk = Walk::new(source, options);
    walk.line_shifts = &prepared;
    let parser = chunks::events(source, parser_options(options), chunks::PIECE_BYTES);
    let mut iter = passthrough::Expand::new(parser, &prepared);
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
                for (e, r) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::InlineMath(latex) | Event::DisplayMath(latex) => {
                            inner.push(walk.math_event(&latex, false, r.start));
                        }
                        e => inner.push(e),
                    }
                }
                walk.heading(level, id, classes, attrs, inner);
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let mut alt = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::Image) => break,
                        Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                        _ => {}
                    }
                }
                let html = walk.image(&dest_url, &title, &alt);
                walk.event(Event::InlineHtml(CowStr::from(html)));
            }
            Event::InlineMath(latex) => {
                let line = walk.line_of(range.start);
                walk.math(&latex, false, line);
            }
            Event::DisplayMath(latex) => {
                let line = walk.line_of(range.start);
                walk.math(&latex, true, line);
            }
            Event::FootnoteReference(label) => {
                let html = walk.footnotes.reference(&label, options.id_prefix);
                walk.event(Event::InlineHtml(CowStr::from(html)));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let mut inner = Vec::new();
                for (e, r) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::FootnoteDefinition) => break,
                        Event::InlineMath(latex) | Event::DisplayMath(latex) => {
                            inner.push(walk.math_event(&latex, false, r.start));
                        }
                        e => inner.push(e),
                    }
                }
                walk.footnotes.define(&label, inner);
            }
            Event::Html(h) | Event::InlineHtml(h)
                if !options.markup.unsafe_html && !is_more_marker(&h) =>
            {
                walk.event(Event::InlineHtml(CowStr::Borrowed(
                    "<!-- raw HTML omitted -->",
                )));
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
    /// Text that follows a text event at the end of `block`, joined as it arrives (see
    /// [`Walk::push`]).
    run: Option<String>,
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
    footnotes: blocks::Footnotes<'a>,
    /// Formulas and diagrams so far, to give each a place in the cache key.
    rich_blocks: usize,
    /// The lines that passthrough formulas took out of the source, for `line_of`.
    line_shifts: &'o passthrough::Prepared<'o>,
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
            run: None,
            depth: 0,
            words: WordCount::default(),
            toc_flat: Vec::new(),
            used_ids: Default::default(),
            warnings: Vec::new(),
            code_blocks: 0,
            summary: None,
            more_pending: false,
            pending_auto: false,
            footnotes: Default::default(),
            rich_blocks: 0,
            line_shifts: &NO_FORMULAS,
        }
    }

    /// The file line of a byte offset in the body.
    fn line_of(&self, offset: usize) -> usize {
        let idx = self.line_starts.partition_point(|&s| s <= offset);
        idx + self.options.first_line - 1 + self.line_shifts.lines_removed_before(offset)
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
        self.push(event);
        if closes {
            self.depth = self.depth.saturating_sub(1);
        }
        if self.depth == 0 {
            self.flush_block();
        }
    }

    /// Adds an event to the block. pulldown-cmark splits text at every character that
    /// might have been markup, and the rewrites read whole runs: a text that follows a
    /// text is joined to it here, as it arrives. Holding each piece until the block ends
    /// cost a paragraph of `*a **b ` repeated about 40 bytes of events per byte of text.
    fn push(&mut self, event: Event<'a>) {
        let Event::Text(text) = event else {
            self.settle_run();
            self.block.push(event);
            return;
        };
        if let Some(run) = &mut self.run {
            run.push_str(&text);
        } else if let Some(Event::Text(last)) = self.block.last() {
            let mut run = String::with_capacity(2 * (last.len() + text.len()));
            run.push_str(last);
            run.push_str(&text);
            self.block.pop();
            self.run = Some(run);
        } else {
            self.block.push(Event::Text(text));
        }
    }

    /// Puts the text being joined into the block.
    fn settle_run(&mut self) {
        if let Some(run) = self.run.take() {
            self.block.push(Event::Text(CowStr::from(run)));
        }
    }

    fn count_words(&mut self, text: &str) {
        let before = self.words.total();
        self.words.add_text(text);
        let limit = self.options.summary_length;
        if self.options.markup.summary_cut == SummaryCut::Sentence
            && self.summary.is_none()
            && limit > 0
            && before < limit
            && self.words.total() >= limit
        {
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
        self.settle_run();
        let mut events: Vec<Event> = self.block.clone();
        events.push(Event::Text(CowStr::from(text[..cut].to_string())));
        close_open_tags(&mut events);
        let mut summary = self.html.clone();
        self.push_block(&mut summary, events);
        self.set_summary(summary, SummaryKind::Auto);
    }

    fn set_summary(&mut self, html: String, kind: SummaryKind) {
        if self.summary.is_none() || kind == SummaryKind::Manual {
            self.summary = Some((html, kind));
        }
    }

    fn flush_block(&mut self) {
        self.settle_run();
        let events = std::mem::take(&mut self.block);
        let mut html = std::mem::take(&mut self.html);
        self.push_block(&mut html, events);
        self.html = html;
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

    /// Writes one top-level block: alerts and attribute lines recognised, prose smartened,
    /// then pulldown-cmark's HTML.
    fn push_block(&self, out: &mut String, events: Vec<Event<'a>>) {
        let markup = self.options.markup;
        let mut events = blocks::merge_text(events);
        if events
            .iter()
            .any(|e| matches!(e, Event::Start(Tag::BlockQuote(_))))
        {
            blocks::rewrite_alerts(&mut events, markup.chinese);
        }
        let attrs = if markup.attribute_blocks {
            blocks::take_attributes(&mut events)
        } else {
            None
        };
        if markup.typographer && events.iter().any(|e| matches!(e, Event::InlineHtml(_))) {
            inline::join_guillemets(&mut events);
        }
        if markup.typographer || markup.emoji {
            self.rewrite_prose(&mut events);
        }
        let start = out.len();
        pulldown_cmark::html::push_html(out, events.into_iter());
        if let Some(attrs) = attrs {
            let mut block = out.split_off(start);
            blocks::add_to_first_tag(&mut block, &attrs);
            out.push_str(&block);
        }
    }

    /// Typographer and emoji over the text of a block; code and HTML are other events and
    /// stay as written.
    fn rewrite_prose(&self, events: &mut [Event<'a>]) {
        let markup = self.options.markup;
        let mut ctx = inline::TextContext::default();
        for e in events.iter_mut() {
            match e {
                Event::Text(t) if !needs_rewrite(t, markup) => {
                    ctx.prev = t.chars().next_back().or(ctx.prev);
                }
                Event::Text(t) => {
                    let mut text = if markup.emoji {
                        inline::emojify(t).map(CowStr::from)
                    } else {
                        None
                    }
                    .unwrap_or_else(|| std::mem::replace(t, CowStr::Borrowed("")));
                    if markup.typographer {
                        text = CowStr::from(inline::smarten(&text, &mut ctx));
                    }
                    *t = text;
                }
                Event::Code(_) | Event::InlineHtml(_) => ctx.prev = Some('x'),
                Event::SoftBreak | Event::HardBreak => ctx.prev = Some(' '),
                Event::Start(
                    Tag::Paragraph
                    | Tag::Item
                    | Tag::TableCell
                    | Tag::Heading { .. }
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition,
                ) => ctx.prev = None,
                _ => {}
            }
        }
    }

    /// A formula inside a heading or a footnote, as an inline HTML event.
    fn math_event(&mut self, latex: &str, display: bool, offset: usize) -> Event<'a> {
        let line = self.line_of(offset);
        Event::InlineHtml(CowStr::from(self.math_html(latex, display, line)))
    }

    /// A formula: MathML, or on a LaTeX error a warning and the source as code.
    fn math(&mut self, latex: &str, display: bool, line: usize) {
        let html = self.math_html(latex, display, line);
        self.event(Event::InlineHtml(CowStr::from(html)));
    }

    fn math_html(&mut self, latex: &str, display: bool, line: usize) -> String {
        let info = if display {
            "\0math-display"
        } else {
            "\0math-inline"
        };
        let rendered = self.cached(info, latex, line, |latex, ctx| {
            match math::render_math(latex, display) {
                Ok(html) => RenderedBlock {
                    html,
                    warnings: Vec::new(),
                },
                Err(message) => RenderedBlock {
                    html: format!("<code class=\"math-error\">{}</code>", escape_html(latex)),
                    warnings: vec![Warning {
                        path: ctx.path.to_path_buf(),
                        line: Some(ctx.line),
                        message: format!("math: {message}; the LaTeX is shown as code"),
                    }],
                },
            }
        });
        self.warnings.extend(rendered.warnings);
        rendered.html
    }

    /// A block rendered by `render` once and then kept in the code cache, keyed like a
    /// highlighted block by what shapes it and by its place among the page's formulas and
    /// diagrams (a diagram's SVG ids carry that place).
    fn cached(
        &mut self,
        info: &str,
        source: &str,
        line: usize,
        render: impl FnOnce(&str, &CodeContext) -> RenderedBlock,
    ) -> RenderedBlock {
        self.rich_blocks += 1;
        let ctx = CodeContext {
            path: self.options.path,
            line,
            source: None,
            index: self.rich_blocks - 1,
        };
        let cache = self.options.cache;
        cache.get(info, source, &ctx).unwrap_or_else(|| {
            let block = render(source, &ctx);
            cache.put(info, source, &ctx, &block);
            block
        })
    }

    /// An `<img>` that loads lazily and, for a local file, states its size so the page does
    /// not jump while it loads.
    fn image(&self, src: &str, title: &str, alt: &str) -> String {
        let mut html = format!(
            "<img src=\"{}\" alt=\"{}\"",
            escape_html(src),
            escape_html(alt)
        );
        if !title.is_empty() {
            html.push_str(&format!(" title=\"{}\"", escape_html(title)));
        }
        html.push_str(" loading=\"lazy\"");
        if let Some((w, h)) = self.local_image_size(src) {
            html.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        html.push('>');
        html
    }

    /// The size of an image in the page's bundle (`x.png`) or in `static/` (`/img/x.png`).
    fn local_image_size(&self, src: &str) -> Option<(usize, usize)> {
        let root = self.options.site_root?;
        if src.contains("://") || src.starts_with("//") || src.starts_with("data:") {
            return None;
        }
        let src = src.split(['?', '#']).next().unwrap_or(src);
        let file = match src.strip_prefix('/') {
            Some(abs) => root.join("static").join(abs),
            None => root.join(self.options.path.parent()?).join(src),
        };
        let size = imagesize::size(file).ok()?;
        Some((size.width, size.height))
    }

    fn code_block(&mut self, info: &str, code: &str, line: usize) {
        if let Some(kind) = diagram::Kind::of_info(info) {
            let rendered = self.cached(kind.cache_info(), code, line, |code, ctx| {
                diagram::render_block(kind, code, ctx)
            });
            self.warnings.extend(rendered.warnings);
            self.event(Event::Html(CowStr::from(rendered.html)));
            return;
        }
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
        self.settle_run();
        if !self.block.is_empty() {
            close_open_tags(&mut self.block);
            self.flush_block();
        }
        let notes = std::mem::take(&mut self.footnotes).render(self.options.id_prefix);
        self.html.push_str(&notes);
        if self.options.markup.summary_cut == SummaryCut::Paragraph && self.summary.is_none() {
            let cjk = self.options.markup.cjk;
            if let Some(end) =
                summary::paragraph_summary_end(&self.html, self.options.summary_length, cjk)
            {
                self.summary = Some((self.html[..end].to_string(), SummaryKind::Auto));
            }
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

/// Most text has nothing the typographer or emoji would change: it is left as it is,
/// without a copy (this runs over every paragraph of every page).
fn needs_rewrite(text: &str, markup: &MarkupConfig) -> bool {
    let typographic =
        || text.contains(['"', '\'']) || ["--", "...", "<<", ">>"].iter().any(|p| text.contains(p));
    (markup.emoji && text.contains(':')) || (markup.typographer && typographic())
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
        render_cut(md, summary_length, SummaryCut::Paragraph)
    }

    fn render_cut(md: &str, summary_length: usize, cut: SummaryCut) -> Rendered {
        let hl = Highlighter::new(&HighlightConfig::default()).unwrap();
        let cache = CodeCache::disabled();
        let markup = MarkupConfig {
            summary_cut: cut,
            ..MarkupConfig::default()
        };
        let options = MarkdownOptions {
            first_line: 5,
            summary_length,
            markup: &markup,
            ..MarkdownOptions::new(Path::new("content/p.md"), &hl, &cache)
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
        let r = render_cut(md, 12, SummaryCut::Sentence);
        assert_eq!(r.summary_kind, SummaryKind::Auto);
        assert_eq!(
            r.summary,
            "<p>第一句话有十个汉字啊。第二句话也有很多字呢！</p>\n"
        );
    }

    #[test]
    fn auto_summary_never_cuts_a_tag() {
        let md = "Some **bold words here and more. After** that.\n\nNext para.\n";
        let r = render_cut(md, 3, SummaryCut::Sentence);
        assert_eq!(
            r.summary,
            "<p>Some <strong>bold words here and more.</strong></p>\n"
        );
    }

    #[test]
    fn auto_summary_does_not_split_versions() {
        let r = render_cut(
            "Kubernetes v1.16.0 ships it. Later text here.\n",
            2,
            SummaryCut::Sentence,
        );
        assert_eq!(r.summary, "<p>Kubernetes v1.16.0 ships it.</p>\n");
    }

    #[test]
    fn auto_summary_ends_with_the_paragraph_as_hugo() {
        let md = "One two three. Four five.\n\nSix seven.\n";
        let r = render_with(md, 2);
        assert_eq!(r.summary_kind, SummaryKind::Auto);
        assert_eq!(r.summary, "<p>One two three. Four five.</p>");
    }

    #[test]
    fn footnotes_are_numbered_per_page() {
        let r = render_with(
            "A[^a].\n\nB[^b] and A again[^a].\n\n[^a]: Note a.\n[^b]: Note b.\n",
            0,
        );
        assert!(
            r.html.contains("<sup id=\"fnref:1\"><a href=\"#fn:1\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("<sup id=\"fnref:2\">"), "{}", r.html);
        assert!(r.html.contains("<sup id=\"fnref1:1\">"), "{}", r.html);
        assert!(r.html.ends_with("</ol>\n</div>\n"), "{}", r.html);
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
