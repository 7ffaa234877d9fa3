//! Hugo's shortcodes, expanded in a page's markdown body before it is rendered.
//!
//! The body is read into a tree of calls (`parse`), each call is run (the writer's tera
//! template `shortcodes/NAME.html` first, then Hugo's built-ins, `builtin`), and the result
//! goes back into the markdown as Hugo puts it: `{{% %}}` output is markdown and is read with
//! the rest; `{{< >}}` output is HTML, kept away from the markdown parser behind a
//! placeholder that is swapped for it in the rendered HTML, summary and TOC. A body without
//! `{{<` or `{{%` never comes here ([`has_calls`]).

pub mod builtin;
pub mod parse;
pub mod refs;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::error::Error;
use crate::markdown::{self, MarkdownOptions, Rendered, WordCount};
use crate::templates::Templates;
use crate::{Result, Warning};

pub use parse::has_calls;
use parse::{Call, Delim, Node};
pub use refs::RefIndex;

/// What running a page's shortcodes needs from the site.
pub struct Env<'a> {
    pub templates: &'a Templates,
    /// Hugo shortcodes found in `layouts/shortcodes/` (site or theme), by name, with the
    /// file shown in the warning: Go templates we cannot run.
    pub hugo_shortcodes: &'a BTreeMap<String, PathBuf>,
    pub refs: &'a RefIndex,
    /// `site` as templates see it.
    pub site: &'a Value,
    /// This page as templates see it (its list form).
    pub page: Value,
    /// The page's path under `content/`, for relative `ref`s.
    pub rel: &'a str,
}

/// The text between the placeholder's prefix and its number; letters only, so the
/// placeholder is one word that markdown, the highlighter and URLs leave alone.
const PLACEHOLDER: &str = "BLOGSHORTCODE";

/// Expands the shortcodes of `body` and renders it as markdown.
pub fn render(body: &str, options: &MarkdownOptions, env: &Env) -> Result<Rendered> {
    let nodes = parse::parse(body).map_err(|e| Error::Shortcode {
        path: options.path.to_path_buf(),
        line: line_at(body, e.offset) + options.first_line,
        message: e.message,
    })?;
    let mut ex = Expander {
        body,
        env,
        options,
        out: String::with_capacity(body.len() + body.len() / 4),
        blocks: Vec::new(),
        map: Vec::new(),
        warnings: Vec::new(),
    };
    ex.expand_top(&nodes)?;
    let mut rendered = markdown::render(&ex.out, options);
    for w in &mut rendered.warnings {
        if let Some(line) = &mut w.line {
            *line = ex.original_line(*line);
        }
    }
    rendered.warnings.append(&mut ex.warnings);
    if !ex.blocks.is_empty() {
        put_back(&mut rendered, &ex.blocks);
    }
    Ok(rendered)
}

/// The 0-based line of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

struct Expander<'a, 'e> {
    body: &'a str,
    env: &'e Env<'e>,
    options: &'e MarkdownOptions<'e>,
    /// The markdown with every call replaced.
    out: String,
    /// The HTML of each `{{< >}}` call at the top level, by placeholder number.
    blocks: Vec<String>,
    /// (offset in `out`, offset in the body, whether text was copied from there): to turn a
    /// line of `out` back into a line of the file.
    map: Vec<(usize, usize, bool)>,
    warnings: Vec<Warning>,
}

/// What a call gives: HTML (kept out of markdown) or markdown (read with the page).
pub enum Output {
    Html(String),
    Markdown(String),
}

impl Expander<'_, '_> {
    fn expand_top(&mut self, nodes: &[Node]) -> Result<()> {
        let mut ordinal = 0;
        for node in nodes {
            match node {
                Node::Text(r) => {
                    self.map.push((self.out.len(), r.start, true));
                    self.out.push_str(&self.body[r.clone()]);
                }
                Node::Literal(s) => self.out.push_str(s),
                Node::Call(call) => {
                    self.map.push((self.out.len(), call.range.start, false));
                    match self.run(call, ordinal)? {
                        Output::Markdown(m) => {
                            let indent = self.indent_of(call);
                            self.out.push_str(&indent_lines(&m, indent));
                        }
                        Output::Html(h) if call.delim == Delim::Markdown => self.out.push_str(&h),
                        Output::Html(h) => {
                            // A block on a line of its own gets a paragraph of its own, so
                            // it takes that paragraph's place rather than sitting inside one.
                            let own_block = self.alone_on_line(call) && is_block_html(&h);
                            let gap = if own_block { "\n\n" } else { "" };
                            self.out.push_str(&format!(
                                "{gap}{PLACEHOLDER}{}X{gap}",
                                self.blocks.len()
                            ));
                            self.blocks.push(h);
                        }
                    }
                    ordinal += 1;
                }
            }
        }
        Ok(())
    }

    /// The text of nested nodes with every call's output in place: a paired call's `inner`.
    fn expand_inner(&mut self, nodes: &[Node]) -> Result<String> {
        let mut s = String::new();
        for (ordinal, node) in nodes.iter().enumerate() {
            match node {
                Node::Text(r) => s.push_str(&self.body[r.clone()]),
                Node::Literal(l) => s.push_str(l),
                Node::Call(call) => match self.run(call, ordinal)? {
                    Output::Html(h) | Output::Markdown(h) => s.push_str(&h),
                },
            }
        }
        Ok(s)
    }

    /// The spaces before the call when only spaces precede it on its line: markdown it
    /// gives (a code block, `details`) must keep that indentation to stay in its list item.
    fn indent_of(&self, call: &Call) -> &str {
        let before = &self.body[..call.range.start];
        let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
        if line.chars().all(|c| c == ' ' || c == '\t') {
            line
        } else {
            ""
        }
    }

    /// Whether the call starts a line and nothing but spaces follow it on its last line.
    fn alone_on_line(&self, call: &Call) -> bool {
        let before = &self.body[..call.range.start];
        let after = &self.body[call.range.end..];
        (before.is_empty() || before.ends_with('\n'))
            && after
                .split('\n')
                .next()
                .is_some_and(|rest| rest.trim().is_empty())
    }

    fn line_of(&self, call: &Call) -> usize {
        line_at(self.body, call.range.start) + self.options.first_line
    }

    fn warn(&mut self, call: &Call, message: String) {
        self.warnings.push(Warning {
            path: self.options.path.to_path_buf(),
            line: Some(self.line_of(call)),
            message: format!("shortcode {}: {message}", call.name),
        });
    }

    /// Runs one call: the writer's template, else a built-in, else a warning and the inner
    /// text, so the page still shows what was written and never the shortcode itself.
    fn run(&mut self, call: &Call, ordinal: usize) -> Result<Output> {
        let inner = match &call.inner {
            Some((_, nodes)) => Some(self.expand_inner(nodes)?),
            None => None,
        };
        let template = format!("shortcodes/{}.html", call.name);
        if self.env.templates.has(&template) {
            return self.run_template(call, &template, inner, ordinal);
        }
        let ctx = builtin::Ctx {
            call,
            inner: inner.as_deref(),
            env: self.env,
            page_params: self.env.page.get("params"),
        };
        match builtin::run(&ctx) {
            Some(Ok(out)) => return Ok(out),
            Some(Err(builtin::Failure::Warn(message, out))) => {
                self.warn(call, message);
                return Ok(out);
            }
            Some(Err(builtin::Failure::Fatal(message))) => {
                return Err(Error::Shortcode {
                    path: self.options.path.to_path_buf(),
                    line: self.line_of(call),
                    message: format!("shortcode {}: {message}", call.name),
                })
            }
            None => {}
        }
        let message = if let Some(file) = self.env.hugo_shortcodes.get(&call.name) {
            format!(
                "{} is a Hugo (Go template) shortcode, which blog does not run; port it to templates/shortcodes/{}.html (see \"Moving from Hugo\" in the README). Its inner text is shown as is",
                file.display(),
                call.name
            )
        } else {
            format!(
                "unknown shortcode; write templates/shortcodes/{}.html (a tera template, see \"Shortcodes\" in the README) or remove the call. Its inner text is shown as is",
                call.name
            )
        };
        self.warn(call, message);
        Ok(Output::Markdown(inner.unwrap_or_default()))
    }

    /// The writer's own shortcode: a tera template seeing `args`, `inner`, `inner_html`,
    /// `page`, `site`, `ordinal` and `name`.
    fn run_template(
        &mut self,
        call: &Call,
        template: &str,
        inner: Option<String>,
        ordinal: usize,
    ) -> Result<Output> {
        let mut args = Map::new();
        for (i, a) in call.args.positional.iter().enumerate() {
            args.insert(i.to_string(), arg_value(a));
        }
        for (k, a) in &call.args.named {
            args.insert(k.clone(), arg_value(a));
        }
        let inner_html = match &inner {
            Some(text) if template_mentions(self.env.templates, template, "inner_html") => {
                markdown::render(text, self.options).html
            }
            _ => String::new(),
        };
        let value = json!({
            "name": call.name,
            "args": args,
            "inner": inner.unwrap_or_default(),
            "inner_html": inner_html,
            "page": self.env.page,
            "site": self.env.site,
            "ordinal": ordinal,
        });
        let ctx = tera::Context::from_value(value).expect("an object is a context");
        let html = self
            .env
            .templates
            .render(template, &ctx, Some(self.options.path))?;
        Ok(Output::Html(html))
    }

    /// The file line of line `line` of the expanded markdown (as the markdown stage numbers
    /// it, from `first_line`).
    fn original_line(&self, line: usize) -> usize {
        let first = self.options.first_line;
        let Some(target) = line.checked_sub(first) else {
            return line;
        };
        let offset = if target == 0 {
            0
        } else {
            self.out
                .match_indices('\n')
                .nth(target - 1)
                .map(|(i, _)| i + 1)
                .unwrap_or(self.out.len())
        };
        let i = self.map.partition_point(|&(o, _, _)| o <= offset);
        let Some(&(out_at, body_at, copied)) = i.checked_sub(1).and_then(|i| self.map.get(i))
        else {
            return line;
        };
        let body_offset = if copied {
            body_at + (offset - out_at)
        } else {
            body_at
        };
        line_at(self.body, body_offset) + first
    }
}

/// `text` with `indent` before every line but the first that has anything on it.
fn indent_lines(text: &str, indent: &str) -> String {
    if indent.is_empty() || !text.contains('\n') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + indent.len() * 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(indent);
            }
        }
        out.push_str(line);
    }
    out
}

/// HTML that opens with a block element, which a paragraph must not wrap.
fn is_block_html(html: &str) -> bool {
    const BLOCKS: [&str; 14] = [
        "div",
        "figure",
        "p",
        "aside",
        "details",
        "section",
        "table",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "iframe",
        "h",
        "nav",
    ];
    let html = html.trim_start();
    let Some(tag) = html.strip_prefix('<') else {
        return false;
    };
    let name: String = tag
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    BLOCKS.iter().any(|b| {
        name == *b
            || (*b == "h" && name.len() == 2 && name[1..].chars().all(|c| c.is_ascii_digit()))
    })
}

fn template_mentions(templates: &Templates, name: &str, word: &str) -> bool {
    templates.source(name).is_some_and(|t| t.contains(word))
}

fn arg_value(a: &parse::Arg) -> Value {
    match a {
        parse::Arg::Str(s) => Value::String(s.clone()),
        parse::Arg::Bool(b) => Value::Bool(*b),
        parse::Arg::Int(i) => json!(i),
        parse::Arg::Float(f) => json!(f),
    }
}

/// Swaps the placeholders for their HTML: a placeholder alone in a paragraph takes the
/// paragraph's place (as Hugo does), others are replaced where they stand. Words of the
/// HTML are counted, the placeholder's own word is not.
fn put_back(rendered: &mut Rendered, blocks: &[String]) {
    let (html, in_prose) = substitute(&rendered.html, blocks);
    rendered.html = html;
    rendered.summary = substitute(&rendered.summary, blocks).0;
    for n in in_prose {
        rendered.words.latin = rendered.words.latin.saturating_sub(1);
        let mut words = WordCount::default();
        words.add_text(&strip_tags(&blocks[n]));
        rendered.words.cjk += words.cjk;
        rendered.words.latin += words.latin;
    }
    fix_toc(&mut rendered.toc, blocks);
}

fn fix_toc(toc: &mut [markdown::TocEntry], blocks: &[String]) {
    for entry in toc {
        if entry.title.contains(PLACEHOLDER) {
            let (title, _) = substitute(&entry.title, blocks);
            entry.title = strip_tags(&title);
        }
        fix_toc(&mut entry.children, blocks);
    }
}

/// The text with every placeholder replaced, and the numbers of those outside `<code>`.
fn substitute(text: &str, blocks: &[String]) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut in_prose = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(PLACEHOLDER) {
        let after = &rest[i + PLACEHOLDER.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let n: Option<usize> = after[..digits].parse().ok();
        let (Some(n), true) = (n, after[digits..].starts_with('X')) else {
            out.push_str(&rest[..i + PLACEHOLDER.len()]);
            rest = after;
            continue;
        };
        let Some(block) = blocks.get(n) else {
            out.push_str(&rest[..i + PLACEHOLDER.len()]);
            rest = after;
            continue;
        };
        let mut before = &rest[..i];
        let mut tail = &after[digits + 1..];
        if before.ends_with("<p>") && tail.starts_with("</p>") {
            before = &before[..before.len() - 3];
            tail = &tail[4..];
        }
        out.push_str(before);
        if !inside_code(&out) {
            in_prose.push(n);
        }
        out.push_str(block);
        rest = tail;
    }
    out.push_str(rest);
    (out, in_prose)
}

fn inside_code(html_before: &str) -> bool {
    html_before.rfind("<code").is_some_and(|open| {
        html_before
            .rfind("</code>")
            .is_none_or(|close| close < open)
    })
}

/// The text of an HTML fragment, tags removed, for word counts and TOC titles.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The Hugo shortcodes under `layouts/shortcodes/` of each folder (the site, a theme), by
/// name, with their path from `root`; the first folder wins, as the site wins in Hugo.
pub fn hugo_shortcode_files(root: &Path, dirs: &[&Path]) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    for dir in dirs {
        let folder = dir.join("layouts/shortcodes");
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.split('.').next().filter(|s| !s.is_empty()) {
                let path = entry.path();
                let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                found.entry(stem.to_string()).or_insert(shown);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests;
