//! The build step that makes the search index (see the `search` crate) and the `/search/`
//! page: notes only, never lists, and only those the build publishes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use rayon::prelude::*;

use super::{output_file, settle_bytes, Output, Rendered, Site};
use crate::content::page::Page;
use crate::output::OnDisk;
use search::NoteSource;

impl Site {
    pub(super) fn render_search(&self, out: &mut Output) {
        if !search::enabled(&self.config.params) {
            return;
        }
        if self.needs_search_page() && out.wants(&output_file("/search/")) {
            out.add(
                output_file("/search/"),
                self.templates
                    .render("search.html", &self.context().into_tera(), None),
            );
        }
        if out.wants(Path::new("search/index.json")) {
            let on_disk = out.on_disk.as_ref();
            // A stored file that no longer reads back as saved: index again, from the notes.
            let settled = settle_index(on_disk, self.search_files())
                .or_else(|| settle_index(on_disk, self.search_files_again()))
                .unwrap_or_default();
            for (path, settled) in settled {
                out.add_settled(path, Ok(settled));
            }
        }
    }

    /// The search index files for the notes as they are now. `serve` calls this after an
    /// edit, once the reload has gone out: only the edited notes are indexed again.
    pub fn search_files(&self) -> search::IndexFiles {
        self.search_files_from(search::index_files)
    }

    /// The search index files made again, the stored index set aside (it was damaged).
    fn search_files_again(&self) -> search::IndexFiles {
        self.search_files_from(search::index_files_again)
    }

    fn search_files_from(
        &self,
        index: fn(&[NoteSource], &search::NoteCache, Option<&Path>) -> search::IndexFiles,
    ) -> search::IndexFiles {
        if !search::enabled(&self.config.params) {
            return BTreeMap::new();
        }
        let notes: Vec<&Page> = self
            .content
            .pages
            .iter()
            .filter(|p| is_searchable(p))
            .collect();
        let urls: Vec<String> = notes.iter().map(|p| self.url(&p.path)).collect();
        let sources: Vec<NoteSource> = notes
            .iter()
            .zip(&urls)
            .map(|(p, url)| NoteSource {
                url,
                title: &p.meta.title,
                html: &super::values::rendered(p).html,
            })
            .collect();
        // Each language has its own index, so its own store.
        let store = self
            .cache
            .sibling(&format!("search{}", self.lang_prefix.replace('/', "-")));
        index(&sources, &self.search_cache, store.as_deref())
    }

    /// The search index files of every language, each under its prefix: what `serve`
    /// swaps in after an edit.
    pub fn all_search_files(&self) -> BTreeMap<PathBuf, Arc<Vec<u8>>> {
        let mut files = BTreeMap::new();
        for site in self.every_language() {
            let prefix = Path::new(&site.config.language.prefix);
            let made = search::read_all(site.search_files())
                .or_else(|| search::read_all(site.search_files_again()))
                .unwrap_or_default();
            for (path, bytes) in made {
                files
                    .entry(prefix.join(path))
                    .or_insert_with(|| Arc::new(bytes));
            }
        }
        files
    }

    /// Whether `path` in the output is a file of some language's search index.
    pub fn is_search_index_file(&self, path: &Path) -> bool {
        self.every_language().any(|site| {
            path.strip_prefix(&site.config.language.prefix)
                .is_ok_and(search::is_index_file)
        })
    }

    /// The theme's search page is made unless a page of the site already lives at
    /// `/search/` (a Hugo theme's `content/page/search/index.md`, which keeps its place and
    /// gets the search UI through `layout: search`).
    fn needs_search_page(&self) -> bool {
        self.templates.has("search.html")
            && !self.content.pages.iter().any(|p| p.path == "/search/")
    }
}

/// Each index file as the output step takes it: found in the output folder already (a
/// stored file by its hash alone, never read), else its bytes. `None` when a stored file
/// no longer reads back as saved.
fn settle_index(
    on_disk: Option<&OnDisk>,
    files: search::IndexFiles,
) -> Option<Vec<(PathBuf, Rendered)>> {
    files
        .into_par_iter()
        .map(|(path, bytes)| {
            let settled = match bytes {
                search::FileBytes::Stored(stored)
                    if on_disk
                        .is_some_and(|d| d.holds_hash(&path, stored.len(), stored.hash())) =>
                {
                    Rendered::OnDisk
                }
                bytes => settle_bytes(on_disk, &path, bytes.into_vec()?),
            };
            Some((path, settled))
        })
        .collect()
}

/// A note is searched unless it says `search: false`, or is the search page itself.
fn is_searchable(page: &Page) -> bool {
    page.meta.params.get("search") != Some(&Value::Bool(false))
        && page.meta.layout.as_deref() != Some("search")
        && page.path != "/search/"
}
