//! One content file, parsed: its metadata, its rendered markdown and where it goes.
//! `Page::parse` is pure (text in, page out) so it is tested on inline strings; the loader
//! in `content/mod.rs` is the only part that reads the disk.

use std::path::{Path, PathBuf};

use crate::config::{Config, DateSources};
use crate::content::dates;
use crate::content::meta::{self, read_meta, Meta};
use crate::content::urls::{expand_permalink, normalize_url, urlize, PermalinkParts};
use crate::error::{Error, Location};
use crate::markdown::cache::CodeCache;
use crate::markdown::highlight::Highlighter;
use crate::markdown::{self, MarkdownOptions, Rendered};
use crate::shortcodes;
use crate::{Result, Warning};
use data::{self as front_matter, Format};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A regular page (`post/x.md`, or a bundle's `index.md`).
    Page,
    /// A section's `_index.md` (the home page's is `content/_index.md`).
    Section,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    /// Path relative to `content/`, with `/` separators: `post/x.md`, `post/b/index.md`.
    pub rel: String,
    /// The path shown in messages: `content/post/x.md`.
    pub file: PathBuf,
    /// The top-level section (`post`), empty for pages at the content root.
    pub section: String,
    /// The folder whose section lists this page: `post` or `post/sub` (a nested section).
    pub parent: String,
    /// The file name without extension, or a bundle's folder name.
    pub base_name: String,
    pub meta: Meta,
    /// Root-relative URL path without the base path: `/post/x/`.
    pub path: String,
    pub rendered: Rendered,
    /// Pages with `summary` in front matter: that, rendered.
    pub summary_html: String,
    pub truncated: bool,
    pub warnings: Vec<Warning>,
    /// A body with shortcodes and the file line it starts on, waiting for the site to
    /// expand and render it; `None` once rendered.
    pub shortcode_body: Option<(String, usize)>,
}

/// What parsing needs besides the text.
pub struct ParseContext<'a> {
    pub config: &'a Config,
    pub highlighter: &'a Highlighter,
    pub cache: &'a CodeCache,
    /// When set, pages this build leaves out (drafts, future, expired) are not rendered:
    /// their code would be highlighted for nothing.
    pub filter: Option<crate::content::Filter>,
    /// File dates and git history for `[frontmatter]` date sources; `None` leaves them out.
    pub facts: Option<&'a crate::content::dates::FileFacts>,
    /// The site folder, where local images are measured; `None` skips measuring.
    pub site_root: Option<&'a Path>,
}

/// Front matter `math: true` (or `false`, overriding the site's `params.math`).
fn page_has_math(meta: &Meta, markup: &crate::markdown::markup::MarkupConfig) -> bool {
    match meta
        .params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("math"))
    {
        Some((_, v)) => crate::markdown::markup::truthy(v),
        None => markup.math,
    }
}

/// Hugo's `enableAutoIDPrefix` form, `h` and 16 hex digits of a hash of the page's path:
/// footnote ids then never collide when list pages show several notes' summaries.
fn footnote_id_prefix(rel: &str) -> String {
    format!("h{}", &blake3::hash(rel.as_bytes()).to_hex()[..16])
}

impl Page {
    /// Parses a content file. `rel` is its path under `content/` with `/` separators.
    pub fn parse(rel: &str, text: &str, ctx: &ParseContext) -> Result<Page> {
        Page::parse_file(rel, &Path::new("content").join(rel), text, ctx)
    }

    /// Parses the content file `file` (as messages show it) whose page is at `rel`: the two
    /// differ for a translation (`content/about.zh.md` is the `zh` site's `about.md`) and
    /// for a language's own `contentDir`.
    pub fn parse_file(rel: &str, file: &Path, text: &str, ctx: &ParseContext) -> Result<Page> {
        let file = file.to_path_buf();
        let kind = if rel == "_index.md" || rel.ends_with("/_index.md") {
            PageKind::Section
        } else {
            PageKind::Page
        };
        let (split, mut meta, warnings) = read_front_matter(&file, text, &ctx.config.taxonomies)?;

        let (parent, base_name) = names(rel, kind);
        if ctx.config.enable_git_info || ctx.config.dates != DateSources::default() {
            let file = dates::PageFile {
                rel,
                base_name: &base_name,
                facts: ctx.facts,
            };
            dates::apply(&mut meta, &ctx.config.dates, &file);
        }
        let section = parent.split('/').next().unwrap_or("").to_string();
        let left_out = ctx.filter.is_some_and(|f| {
            kind == PageKind::Page && !meta.is_published(f.drafts, f.future, f.expired, f.now)
        });
        let body = if left_out { "" } else { split.body };
        let mut page = Page {
            kind,
            rel: rel.to_string(),
            file,
            section,
            parent,
            base_name,
            meta,
            path: String::new(),
            rendered: nothing_rendered(ctx),
            summary_html: String::new(),
            truncated: false,
            warnings,
            shortcode_body: None,
        };
        if shortcodes::has_calls(body) {
            // Shortcodes need the whole site (other pages for `ref`, templates): the site
            // renders this body once everything is loaded (`Site::expand_shortcodes`).
            page.shortcode_body = Some((body.to_string(), split.body_line));
        } else {
            page.render_body(body, split.body_line, ctx, |body, options| {
                Ok(markdown::render(body, options))
            })?;
        }
        if page.meta.title.is_empty() && kind == PageKind::Section {
            page.meta.title = title_from_name(page.parent.rsplit('/').next().unwrap_or(""));
        }
        page.path = page.url_path(ctx.config);
        Ok(page)
    }

    /// Renders `body` (starting on file line `body_line`) with `render` (plain markdown, or
    /// markdown with shortcodes expanded) and takes the summary it gives, or front matter's.
    pub fn render_body(
        &mut self,
        body: &str,
        body_line: usize,
        ctx: &ParseContext,
        render: impl FnOnce(&str, &MarkdownOptions) -> Result<Rendered>,
    ) -> Result<()> {
        let file = self.file.clone();
        let source = self
            .meta
            .source
            .as_ref()
            .or(ctx.config.source.as_ref())
            .cloned();
        let markup = &ctx.config.markup;
        let id_prefix = footnote_id_prefix(&self.rel);
        let options = MarkdownOptions {
            path: &file,
            first_line: body_line,
            summary_length: self
                .meta
                .summary_length
                .unwrap_or(ctx.config.summary_length),
            highlighter: ctx.highlighter,
            cache: ctx.cache,
            source: source.as_ref(),
            toc_levels: (markup.toc_start, markup.toc_end),
            markup,
            math: page_has_math(&self.meta, markup),
            id_prefix: &id_prefix,
            site_root: ctx.site_root,
        };
        let rendered = render(body, &options)?;
        let (summary_html, truncated) = match (&self.meta.summary, rendered.summary_kind) {
            (_, markdown::SummaryKind::Manual) => (rendered.summary.clone(), true),
            (Some(s), _) => (render_inline_summary(s, &options), true),
            (None, kind) => (
                rendered.summary.clone(),
                kind == markdown::SummaryKind::Auto,
            ),
        };
        self.warnings.extend(rendered.warnings.iter().cloned());
        self.rendered = rendered;
        self.summary_html = summary_html;
        self.truncated = truncated;
        Ok(())
    }

    /// The URL path this page is served at, before the base path is added: `url` from
    /// front matter, else the `[permalinks]` pattern of its kind and section, else its folder
    /// and its `slug` or file name.
    fn url_path(&self, config: &Config) -> String {
        if let Some(url) = &self.meta.url {
            return normalize_url(url);
        }
        let patterns = match self.kind {
            PageKind::Section if self.parent == self.section => &config.permalinks.section,
            PageKind::Section => return normalize_url(&urlize(&self.parent)),
            PageKind::Page => &config.permalinks.page,
        };
        if let Some(pattern) = patterns.get(&self.section) {
            return expand_permalink(
                pattern,
                &PermalinkParts {
                    section: &self.section,
                    sections: &self.parent,
                    slug: self.meta.slug.as_deref(),
                    title: &self.meta.title,
                    filename: &self.base_name,
                    date: self.meta.date,
                },
            );
        }
        if self.kind == PageKind::Section {
            return normalize_url(&urlize(&self.parent));
        }
        let leaf = self.meta.slug.as_deref().unwrap_or(&self.base_name);
        normalize_url(&format!("{}/{}", urlize(&self.parent), urlize(leaf)))
    }

    pub fn is_section(&self) -> bool {
        self.kind == PageKind::Section
    }

    /// Whether the page is in a build with these switches at this moment.
    pub fn is_published(
        &self,
        drafts: bool,
        future: bool,
        expired: bool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> bool {
        self.meta.is_published(drafts, future, expired, now)
    }
}

/// Splits a content file and reads its front matter: everything about a page that needs no
/// markdown. `blog` uses it alone to report front matter errors beside config errors.
pub fn read_front_matter<'t>(
    file: &Path,
    text: &'t str,
    taxonomies: &[(String, String)],
) -> Result<(front_matter::Split<'t>, Meta, Vec<Warning>)> {
    let split = front_matter::split(text).map_err(|e| Error::FrontMatter {
        path: file.to_path_buf(),
        location: e.location,
        message: e.message,
    })?;
    let mut warnings = Vec::new();
    let data = match split.format {
        None => front_matter::Data {
            value: serde_json::Value::Null,
            warnings: Vec::new(),
        },
        Some(format) => front_matter::parse_data(split.front_matter, format).map_err(|e| {
            Error::FrontMatter {
                path: file.to_path_buf(),
                location: Location::new(
                    e.location.line + split.front_matter_line - 1,
                    e.location.column,
                ),
                message: format!("{}: {}", format_name(format), e.message),
            }
        })?,
    };
    for (loc, message) in data.warnings {
        warnings.push(Warning {
            path: file.to_path_buf(),
            line: Some(loc.line + split.front_matter_line - 1),
            message,
        });
    }
    let source = meta::Source {
        text: split.front_matter,
        format: split.format.unwrap_or(front_matter::Format::Yaml),
        first_line: split.front_matter_line,
    };
    let (meta, meta_warnings) = read_meta(file, data.value, source, taxonomies)?;
    warnings.extend(meta_warnings);

    Ok((split, meta, warnings))
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Toml => "TOML",
        Format::Yaml => "YAML",
    }
}

/// (the folder whose section lists the page, the page's base name).
fn names(rel: &str, kind: PageKind) -> (String, String) {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    match (kind, stem) {
        (PageKind::Section, _) => (dir.to_string(), String::new()),
        (PageKind::Page, "index") if !dir.is_empty() => {
            let (parent, name) = dir.rsplit_once('/').unwrap_or(("", dir));
            (parent.to_string(), name.to_string())
        }
        _ => (dir.to_string(), stem.to_string()),
    }
}

/// "my-first-post" -> "My First Post", for sections and archetypes with no title.
pub fn title_from_name(name: &str) -> String {
    name.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The render of an empty body: what a page holds until its body is rendered.
fn nothing_rendered(ctx: &ParseContext) -> Rendered {
    markdown::render(
        "",
        &MarkdownOptions::new(Path::new(""), ctx.highlighter, ctx.cache),
    )
}

/// A front matter `summary` is markdown too; it is short, so rendering it costs nothing.
fn render_inline_summary(summary: &str, options: &MarkdownOptions) -> String {
    let short = MarkdownOptions {
        summary_length: 0,
        ..*options
    };
    markdown::render(summary, &short).html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(rel: &str, text: &str) -> Result<Page> {
        let config = Config::default();
        let hl = Highlighter::new(&config.highlight).unwrap();
        Page::parse(
            rel,
            text,
            &ParseContext {
                config: &config,
                highlighter: &hl,
                cache: &CodeCache::disabled(),
                filter: None,
                facts: None,
                site_root: None,
            },
        )
    }

    #[test]
    fn urls_from_file_names_slugs_and_bundles() {
        assert_eq!(
            parse("post/my-note.md", "---\ntitle: A\n---\n")
                .unwrap()
                .path,
            "/post/my-note/"
        );
        assert_eq!(parse("post/My Note.md", "").unwrap().path, "/post/my-note/");
        assert_eq!(
            parse("post/x.md", "---\nslug: other\n---\n").unwrap().path,
            "/post/other/"
        );
        assert_eq!(
            parse("post/x.md", "---\nurl: /custom/path\n---\n")
                .unwrap()
                .path,
            "/custom/path/"
        );
        let b = parse("post/bundle/index.md", "").unwrap();
        assert_eq!(
            (b.path.as_str(), b.parent.as_str(), b.section.as_str()),
            ("/post/bundle/", "post", "post")
        );
        assert_eq!(parse("about.md", "").unwrap().path, "/about/");
        let s = parse("post/_index.md", "").unwrap();
        assert_eq!((s.path.as_str(), s.meta.title.as_str()), ("/post/", "Post"));
        assert_eq!(parse("_index.md", "").unwrap().path, "/");
    }

    #[test]
    fn front_matter_error_is_located_in_the_file() {
        let e = parse("post/x.md", "---\ntitle: a\ntags: [x\n---\nbody\n").unwrap_err();
        match e {
            Error::FrontMatter { path, location, .. } => {
                assert_eq!(path, Path::new("content/post/x.md"));
                assert!(location.line >= 3, "{location}");
            }
            e => panic!("{e}"),
        }
        let e = parse("post/x.md", "+++\ntitle = \"a\"\ndraft = yes\n+++\n").unwrap_err();
        assert!(
            matches!(
                e,
                Error::FrontMatter {
                    location: Location { line: 3, .. },
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn summary_sources_in_order() {
        let p = parse(
            "post/x.md",
            "---\nsummary: Given *here*.\n---\nBody.\n\n<!--more-->\n\nMore.\n",
        )
        .unwrap();
        assert_eq!(p.summary_html, "<p>Body.</p>\n");
        let p = parse("post/x.md", "---\nsummary: Given *here*.\n---\nBody.\n").unwrap();
        assert_eq!(p.summary_html, "<p>Given <em>here</em>.</p>\n");
        assert!(p.truncated);
        let p = parse("post/x.md", "Body.\n").unwrap();
        assert!(!p.truncated);
    }

    #[test]
    fn publication_rules() {
        let now = chrono::Utc::now();
        let draft = parse("post/x.md", "---\ndraft: true\n---\n").unwrap();
        assert!(!draft.is_published(false, false, false, now));
        assert!(draft.is_published(true, false, false, now));
        let future = parse("post/x.md", "---\ndate: 2999-01-01\n---\n").unwrap();
        assert!(!future.is_published(false, false, false, now));
        assert!(future.is_published(false, true, false, now));
        let expired = parse("post/x.md", "---\nexpiryDate: 2000-01-01\n---\n").unwrap();
        assert!(!expired.is_published(false, false, false, now));
        assert!(expired.is_published(false, false, true, now));
    }

    #[test]
    fn duplicated_yaml_key_warns_with_file_line() {
        let p = parse("post/x.md", "---\ntitle: a\ntitle: b\n---\n").unwrap();
        assert_eq!(p.meta.title, "b");
        assert_eq!(p.warnings[0].line, Some(3));
    }

    #[test]
    fn titles_from_names() {
        assert_eq!(title_from_name("my-first-post"), "My First Post");
    }
}
