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

    /// The search index files for the notes as they are now, made in full (from the
    /// notes' parts kept in memory, or the store when no note changed).
    fn search_files(&self) -> search::IndexFiles {
        self.search_files_from(search::index_files)
    }

    /// The search index files made again, the stored index set aside (it was damaged).
    fn search_files_again(&self) -> search::IndexFiles {
        self.search_files_from(search::index_files_again)
    }

    fn search_files_from(
        &self,
        index: fn(&[NoteSource], &search::NoteCache, Option<&Path>) -> search::Built,
    ) -> search::IndexFiles {
        if !search::enabled(&self.config.params) {
            return BTreeMap::new();
        }
        let store = self.search_store();
        let built =
            self.with_search_notes(|notes| index(notes, &self.search_cache, store.as_deref()));
        *self.search_state.lock().unwrap() = built.state;
        built.files
    }

    /// Where the index is stored beside the code cache: each language has its own index,
    /// so its own store.
    fn search_store(&self) -> Option<PathBuf> {
        self.cache
            .sibling(&format!("search{}", self.lang_prefix.replace('/', "-")))
    }

    /// Calls `f` with the notes the index holds.
    fn with_search_notes<R>(&self, f: impl FnOnce(&[NoteSource]) -> R) -> R {
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
        f(&sources)
    }

    /// The search index of every language, each under its prefix, brought up to date
    /// after an edit from the files `read` gives (the served ones): only the edited
    /// notes are indexed again and only the chunks of their changed terms are read. When a
    /// language's index cannot be updated (its state is not the one served, or every note
    /// id moved), every index is made whole again.
    pub fn refresh_search(&self, read: &dyn Fn(&Path) -> Option<Arc<Vec<u8>>>) -> SearchRefresh {
        let mut changed = BTreeMap::new();
        let mut removed = Vec::new();
        for site in self.every_language() {
            let prefix = Path::new(&site.config.language.prefix);
            let here = |path: &Path| read(&prefix.join(path)).map(|b| b.to_vec());
            let Some(delta) = site.update_search(&here) else {
                return SearchRefresh::Whole(self.all_search_files());
            };
            for (path, bytes) in delta.changed {
                changed.insert(prefix.join(path), Arc::new(bytes));
            }
            removed.extend(delta.removed.into_iter().map(|p| prefix.join(p)));
        }
        SearchRefresh::Delta { changed, removed }
    }

    fn update_search(&self, read: &dyn Fn(&Path) -> Option<Vec<u8>>) -> Option<search::Delta> {
        if !search::enabled(&self.config.params) {
            return Some(search::Delta::default());
        }
        let mut state = self.search_state.lock().unwrap();
        let prev = state.as_ref()?;
        if !prev.made(&read(Path::new(search::INDEX_PATH))?) {
            return None;
        }
        let (next, delta) = self.with_search_notes(|notes| {
            let store = self.search_store();
            search::update_files(prev, read, notes, &self.search_cache, store.as_deref())
        })?;
        *state = Some(next);
        Some(delta)
    }

    /// The search index files of every language, each under its prefix.
    fn all_search_files(&self) -> BTreeMap<PathBuf, Arc<Vec<u8>>> {
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

/// What an edit did to the served search index.
pub enum SearchRefresh {
    /// The files whose bytes changed, and those removed, under their language's prefix.
    Delta {
        changed: BTreeMap<PathBuf, Arc<Vec<u8>>>,
        removed: Vec<PathBuf>,
    },
    /// Every index file, made whole: they replace all the served ones.
    Whole(BTreeMap<PathBuf, Arc<Vec<u8>>>),
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
