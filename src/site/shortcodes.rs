//! The step that expands shortcodes: once every page is loaded (so `ref` can find any of
//! them) and the templates are read (so the writer's shortcodes can run), the bodies that
//! hold a shortcode are expanded and rendered, on all cores.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::Site;
use crate::content::page::{Page, ParseContext};
use crate::error::Error;
use crate::shortcodes::{self, Env, RefIndex};
use crate::Result;

impl Site {
    /// Every page and section, for `ref`, `relref` and menus' `pageRef`.
    pub(super) fn ref_index(&self) -> RefIndex {
        let mut index = RefIndex::default();
        for page in self
            .content
            .pages
            .iter()
            .chain(self.content.sections.values())
        {
            index.add(&page.rel, self.url(&page.path), self.permalink(&page.path));
        }
        index
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

    /// Expands and renders every body that holds a shortcode; all failures are reported.
    pub(super) fn expand_shortcodes(&mut self) -> Result<()> {
        let waiting = |p: &Page| p.shortcode_body.is_some();
        let any =
            self.content.pages.iter().any(waiting) || self.content.sections.values().any(waiting);
        if !any {
            return Ok(());
        }
        let refs = self.ref_index();
        let hugo = self.hugo_shortcodes();
        let mut pages = std::mem::take(&mut self.content.pages);
        let mut sections = std::mem::take(&mut self.content.sections);
        let errors: Vec<Error> = pages
            .par_iter_mut()
            .chain(sections.par_iter_mut().map(|(_, s)| s))
            .filter(|p| waiting(p))
            .filter_map(|p| self.expand_page(p, &refs, &hugo).err())
            .collect();
        self.content.pages = pages;
        self.content.sections = sections;
        Error::collect(errors)
    }

    /// Expands and renders one page's waiting body (for `serve`'s edits, too).
    pub(super) fn expand_page(
        &self,
        page: &mut Page,
        refs: &RefIndex,
        hugo: &BTreeMap<String, PathBuf>,
    ) -> Result<()> {
        let Some((body, line)) = page.shortcode_body.take() else {
            return Ok(());
        };
        let rel = page.rel.clone();
        let env = Env {
            templates: &self.templates,
            hugo_shortcodes: hugo,
            refs,
            site: &self.site_value,
            page: self.page_value(page),
            rel: &rel,
        };
        let ctx = ParseContext {
            config: &self.config,
            highlighter: &self.highlighter,
            cache: &self.cache,
            filter: None,
            facts: Some(&self.facts),
            site_root: Some(&self.root),
        };
        page.render_body(&body, line, &ctx, |body, options| {
            shortcodes::render(body, options, &env)
        })
    }

    /// Expands the waiting bodies of pages an edit re-parsed.
    pub(super) fn expand_edited(&self, pages: &mut [&mut Page]) -> Result<()> {
        if !pages.iter().any(|p| p.shortcode_body.is_some()) {
            return Ok(());
        }
        let refs = self.ref_index();
        let hugo = self.hugo_shortcodes();
        for page in pages {
            self.expand_page(page, &refs, &hugo)?;
        }
        Ok(())
    }
}
