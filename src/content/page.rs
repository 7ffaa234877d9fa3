//! One content file, parsed: its front matter, its dates and the URL it is at; its markdown
//! body is kept as text for the render stage. `Page::parse` is pure (text in, page out) so
//! it is tested on inline strings; the loader in `content/mod.rs` is the only part that
//! reads the disk.

use std::ops::{Deref, DerefMut};
use std::path::Path;

use crate::config::{Config, DateSources};
use crate::content::dates;
use crate::content::document::{Body, Document};
use crate::content::meta::{self, read_meta, Meta};
use crate::content::urls::{expand_permalink, normalize_url, urlize, PermalinkParts};
use crate::error::{Error, Location};
use crate::{Result, Warning};
use data::{self as front_matter, Format};

/// A regular page: `post/x.md`, or a bundle's `post/x/index.md`.
#[derive(Debug)]
pub struct Page {
    pub doc: Document,
    /// The top-level section (`post`), empty for pages at the content root.
    pub section: String,
    /// The folder whose section lists this page: `post` or `post/sub` (a nested section).
    pub parent: String,
    /// The file name without extension, or a bundle's folder name.
    pub base_name: String,
}

/// A section: the folder of an `_index.md` (the home page's is `content/_index.md`), or a
/// top-level folder with pages and no `_index.md`.
#[derive(Debug)]
pub struct Section {
    pub doc: Document,
    /// The section's folder under `content/`: `""` for the home page, `post`, `post/sub`.
    pub dir: String,
}

/// Pages and sections are documents with a place: their file, front matter, URL and body
/// are read through them as their own.
impl Deref for Page {
    type Target = Document;
    fn deref(&self) -> &Document {
        &self.doc
    }
}

impl DerefMut for Page {
    fn deref_mut(&mut self) -> &mut Document {
        &mut self.doc
    }
}

impl Deref for Section {
    type Target = Document;
    fn deref(&self) -> &Document {
        &self.doc
    }
}

impl DerefMut for Section {
    fn deref_mut(&mut self) -> &mut Document {
        &mut self.doc
    }
}

/// A content file parsed: a page or a section's `_index.md`.
#[derive(Debug)]
pub enum Parsed {
    Page(Page),
    Section(Section),
}

/// What parsing needs besides the text.
pub struct ParseContext<'a> {
    pub config: &'a Config,
    /// When set, the body of a page this build leaves out (a draft, a future or expired
    /// page) is not kept: it will not be rendered.
    pub filter: Option<crate::content::Filter>,
    /// File dates and git history for `[frontmatter]` date sources; `None` leaves them out.
    pub facts: Option<&'a crate::content::dates::FileFacts>,
}

impl Parsed {
    /// Parses the content file `file` (as messages show it) whose page is at `rel` (its path
    /// under `content/` with `/` separators): the two differ for a translation
    /// (`content/about.zh.md` is the `zh` site's `about.md`) and for a language's own
    /// `contentDir`.
    pub fn parse_file(rel: &str, file: &Path, text: &str, ctx: &ParseContext) -> Result<Parsed> {
        let is_section = rel == "_index.md" || rel.ends_with("/_index.md");
        let (split, mut meta, warnings) = read_front_matter(file, text, &ctx.config.taxonomies)?;
        let (parent, base_name) = names(rel, is_section);
        if ctx.config.enable_git_info || ctx.config.dates != DateSources::default() {
            let file = dates::PageFile {
                rel,
                base_name: &base_name,
                facts: ctx.facts,
            };
            dates::apply(&mut meta, &ctx.config.dates, &file);
        }
        let left_out = ctx.filter.is_some_and(|f| {
            !is_section && !meta.is_published(f.drafts, f.future, f.expired, f.now)
        });
        let body = if left_out { "" } else { split.body };
        let doc = Document {
            rel: rel.to_string(),
            file: file.to_path_buf(),
            meta,
            path: String::new(),
            body: Body::new(body.to_string(), split.body_line),
            warnings,
        };
        Ok(if is_section {
            let mut section = Section { doc, dir: parent };
            if section.meta.title.is_empty() {
                section.meta.title = title_from_name(section.dir.rsplit('/').next().unwrap_or(""));
            }
            section.doc.path = section.url_path(ctx.config);
            Parsed::Section(section)
        } else {
            let section = parent.split('/').next().unwrap_or("").to_string();
            let mut page = Page {
                doc,
                section,
                parent,
                base_name,
            };
            page.doc.path = page.url_path(ctx.config);
            Parsed::Page(page)
        })
    }

    /// Parses a content file at `content/REL`.
    pub fn parse(rel: &str, text: &str, ctx: &ParseContext) -> Result<Parsed> {
        Parsed::parse_file(rel, &Path::new("content").join(rel), text, ctx)
    }
}

impl Page {
    /// The URL path this page is served at, before the base path is added: `url` from
    /// front matter, else the `[permalinks]` pattern of its section, else its folder and its
    /// `slug` or file name.
    fn url_path(&self, config: &Config) -> String {
        if let Some(url) = &self.meta.url {
            return normalize_url(url);
        }
        if let Some(pattern) = config.permalinks.page.get(&self.section) {
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
        let leaf = self.meta.slug.as_deref().unwrap_or(&self.base_name);
        normalize_url(&format!("{}/{}", urlize(&self.parent), urlize(leaf)))
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

impl Section {
    /// An empty section at `dir`: the home page without `content/_index.md`, a top-level
    /// folder with pages and no `_index.md`.
    pub fn implied(dir: &str, ctx: &ParseContext) -> Section {
        let rel = if dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{dir}/_index.md")
        };
        match Parsed::parse(&rel, "", ctx) {
            Ok(Parsed::Section(section)) => section,
            _ => unreachable!("an empty _index.md is a section"),
        }
    }

    /// The URL path of the section's list: `url` from front matter, else a top-level
    /// section's `[permalinks.section]` pattern, else its folder.
    fn url_path(&self, config: &Config) -> String {
        if let Some(url) = &self.meta.url {
            return normalize_url(url);
        }
        let top = self.dir.split('/').next().unwrap_or("");
        let pattern = config
            .permalinks
            .section
            .get(top)
            .filter(|_| top == self.dir);
        match pattern {
            Some(pattern) => expand_permalink(
                pattern,
                &PermalinkParts {
                    section: top,
                    sections: &self.dir,
                    slug: self.meta.slug.as_deref(),
                    title: &self.meta.title,
                    filename: "",
                    date: self.meta.date,
                },
            ),
            None => normalize_url(&urlize(&self.dir)),
        }
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

/// (the folder whose section lists the page, or a section's own folder; the page's base
/// name).
fn names(rel: &str, is_section: bool) -> (String, String) {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    match (is_section, stem) {
        (true, _) => (dir.to_string(), String::new()),
        (false, "index") if !dir.is_empty() => {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_any(rel: &str, text: &str) -> Result<Parsed> {
        let config = Config::default();
        let ctx = ParseContext {
            config: &config,
            filter: None,
            facts: None,
        };
        Parsed::parse(rel, text, &ctx)
    }

    fn parse(rel: &str, text: &str) -> Result<Page> {
        match parse_any(rel, text)? {
            Parsed::Page(page) => Ok(page),
            Parsed::Section(s) => panic!("{} is a section", s.rel),
        }
    }

    fn section(rel: &str) -> Section {
        match parse_any(rel, "").unwrap() {
            Parsed::Section(section) => section,
            Parsed::Page(p) => panic!("{} is a page", p.rel),
        }
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
        let s = section("post/_index.md");
        assert_eq!((s.path.as_str(), s.meta.title.as_str()), ("/post/", "Post"));
        assert_eq!(section("_index.md").path, "/");
        assert_eq!(section("post/sub/_index.md").dir, "post/sub");
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
