//! The step that renders markdown bodies, once the site's structure is known: every page,
//! section and list text, on all cores, through one path. A body with shortcodes has them
//! expanded first: they may `ref` any page and run the writer's templates, which is why no
//! body is rendered while loading.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use rayon::prelude::*;

use super::Site;
use crate::content::document::{Document, RenderedBody};
use crate::content::page::{Page, Section};
use crate::error::Error;
use crate::markdown::{self, MarkdownOptions, SummaryKind};
use crate::shortcodes::{self, Env, RefIndex};
use crate::Result;

/// What rendering a body may need from the site beyond the body itself, made at most once
/// per render step and only when a body asks for it (most bodies have no shortcode).
#[derive(Default)]
pub(super) struct BodyEnv {
    refs: OnceLock<RefIndex>,
    hugo_shortcodes: OnceLock<BTreeMap<String, PathBuf>>,
}

/// A document with what its value for shortcodes says of its place: its top-level
/// section and its base name (a section has none).
#[derive(Clone, Copy)]
pub(super) struct Place<'d> {
    pub doc: &'d Document,
    pub section: &'d str,
    pub base_name: &'d str,
}

impl<'d> Place<'d> {
    pub fn of_page(page: &'d Page) -> Place<'d> {
        Place {
            doc: &page.doc,
            section: &page.section,
            base_name: &page.base_name,
        }
    }

    pub fn of_section(section: &'d Section) -> Place<'d> {
        Place {
            doc: &section.doc,
            section: section.dir.split('/').next().unwrap_or(""),
            base_name: "",
        }
    }
}

impl Site {
    /// Every page and section, for `ref`, `relref` and menus' `pageRef`.
    pub(super) fn ref_index(&self) -> RefIndex {
        let mut index = RefIndex::default();
        for doc in self.documents() {
            index.add(&doc.rel, self.url(&doc.path), self.permalink(&doc.path));
        }
        index
    }

    /// The pages, then the sections: everything a `ref` may name.
    fn documents(&self) -> impl Iterator<Item = &Document> {
        let pages = self.content.pages.iter().map(|p| &p.doc);
        pages.chain(self.content.sections.values().map(|s| &s.doc))
    }

    /// Names of Hugo's Go-template shortcodes in the site's and the theme's `layouts/`.
    fn hugo_shortcodes(&self) -> BTreeMap<String, PathBuf> {
        // A Hugo theme is not used (see `Theme::resolve`), but its shortcodes are named.
        let theme = self
            .config
            .theme
            .as_ref()
            .map(|t| self.root.join("themes").join(t));
        let mut dirs = vec![self.root.as_path()];
        dirs.extend(theme.as_deref());
        shortcodes::hugo_shortcode_files(&self.root, &dirs)
    }

    /// Renders the body of every page, section and list text; every failure is reported.
    pub(super) fn render_bodies(&self) -> Result<()> {
        let env = BodyEnv::default();
        let pages = self.content.pages.par_iter().map(Place::of_page);
        let sections = self
            .content
            .sections
            .par_iter()
            .chain(self.list_texts.par_iter())
            .map(|(_, s)| Place::of_section(s));
        let errors: Vec<Error> = pages
            .chain(sections)
            .filter_map(|place| self.render_body(place, &env).err())
            .collect();
        Error::collect(errors)
    }

    /// Renders one body (the first time only). Its shortcodes see the page as it is before
    /// its body is rendered.
    pub(super) fn render_body<'d>(
        &self,
        place: Place<'d>,
        env: &BodyEnv,
    ) -> Result<&'d RenderedBody> {
        let doc = place.doc;
        doc.body.render_with(|text, line| {
            let source = doc.meta.source.as_ref().or(self.config.source.as_ref());
            let markup = &self.config.markup;
            let id_prefix = footnote_id_prefix(&doc.rel);
            let options = MarkdownOptions {
                path: &doc.file,
                first_line: line,
                summary_length: doc
                    .meta
                    .summary_length
                    .unwrap_or(self.config.summary_length),
                highlighter: &self.highlighter,
                cache: &self.cache,
                source,
                toc_levels: (markup.toc_start, markup.toc_end),
                markup,
                math: page_has_math(doc, markup),
                id_prefix: &id_prefix,
                site_root: Some(&self.root),
            };
            let rendered = if shortcodes::has_calls(text) {
                let env = Env {
                    templates: &self.templates,
                    hugo_shortcodes: env.hugo_shortcodes.get_or_init(|| self.hugo_shortcodes()),
                    refs: env.refs.get_or_init(|| self.ref_index()),
                    site: &self.site_value,
                    page: self.doc_value(doc, place.section, place.base_name),
                    rel: &doc.rel,
                };
                shortcodes::render(text, &options, &env)?
            } else {
                markdown::render(text, &options)
            };
            Ok(body_of(rendered, doc.meta.summary.as_deref(), &options))
        })
    }
}

/// The rendered body with its summary: front matter's `summary` (markdown too, rendered),
/// unless `<!--more-->` cuts the body, else the automatic one.
fn body_of(
    rendered: markdown::Rendered,
    summary: Option<&str>,
    options: &MarkdownOptions,
) -> RenderedBody {
    let (summary, truncated) = match (summary, rendered.summary_kind) {
        (_, SummaryKind::Manual) => (rendered.summary, true),
        (Some(s), _) => (render_inline_summary(s, options), true),
        (None, kind) => (rendered.summary, kind == SummaryKind::Auto),
    };
    RenderedBody {
        html: rendered.html,
        summary,
        truncated,
        toc: rendered.toc,
        words: rendered.words,
        warnings: rendered.warnings,
    }
}

/// A front matter `summary` is markdown too; it is short, so rendering it costs nothing.
fn render_inline_summary(summary: &str, options: &MarkdownOptions) -> String {
    let short = MarkdownOptions {
        summary_length: 0,
        ..*options
    };
    markdown::render(summary, &short).html
}

/// Front matter `math: true` (or `false`, overriding the site's `params.math`).
fn page_has_math(doc: &Document, markup: &crate::markdown::markup::MarkupConfig) -> bool {
    match doc
        .meta
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::cache::CodeCache;
    use crate::markdown::highlight::Highlighter;

    fn body(summary: Option<&str>, text: &str) -> RenderedBody {
        let config = crate::config::Config::default();
        let hl = Highlighter::new(&config.highlight).unwrap();
        let cache = CodeCache::disabled();
        let mut options = MarkdownOptions::new(std::path::Path::new("x.md"), &hl, &cache);
        options.summary_length = config.summary_length;
        body_of(markdown::render(text, &options), summary, &options)
    }

    #[test]
    fn summary_sources_in_order() {
        let b = body(Some("Given *here*."), "Body.\n\n<!--more-->\n\nMore.\n");
        assert_eq!(b.summary, "<p>Body.</p>\n");
        let b = body(Some("Given *here*."), "Body.\n");
        assert_eq!(b.summary, "<p>Given <em>here</em>.</p>\n");
        assert!(b.truncated);
        assert!(!body(None, "Body.\n").truncated);
    }
}
