//! What exists at which URL, decided once after loading: the `_index.md` files that give
//! generated lists their title and text, which page keeps a URL that two files claim, and
//! which lists `disableKinds` leaves out; and which outputs show a page, which serve's
//! incremental update asks instead of working out pagers and feeds itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::{Paginator, Site};
use crate::config::{Config, Kind};
use crate::content::page::{Page, Section};
use crate::content::urls::{feed_path, normalize_url, output_file};
use crate::content::Content;
use crate::taxonomy::{self, Taxonomy, Term};
use crate::Warning;

/// Takes out of the sections the `_index.md` files of generated lists: a taxonomy's folder
/// (`tags/_index.md`), a term's (`tags/go/_index.md`) and `archives/_index.md`. They give
/// those lists a title and text; as sections they would replace them with an empty page.
/// `archive` says whether the theme makes an archive page.
pub fn take_list_texts(
    config: &Config,
    archive: bool,
    content: &mut Content,
) -> BTreeMap<String, Section> {
    let generated = |dir: &str| {
        let top = dir.split('/').next().unwrap_or("");
        let depth = dir.split('/').count();
        (archive && dir == "archives") || (config.taxonomy_names().any(|t| t == top) && depth <= 2)
    };
    let dirs: Vec<String> = content
        .sections
        .keys()
        .filter(|d| generated(d))
        .cloned()
        .collect();
    let texts: BTreeMap<String, Section> = dirs
        .into_iter()
        .filter_map(|d| content.sections.remove(&d).map(|p| (d, p)))
        .collect();
    // Pages under such a folder now belong to the nearest remaining section.
    for page in &mut content.pages {
        if texts.contains_key(&page.parent) {
            page.parent = page
                .parent
                .rsplit_once('/')
                .map(|(d, _)| d)
                .unwrap_or("")
                .to_string();
            crate::content::place(page, &content.sections);
        }
    }
    texts
}

/// Two files at one URL: the one whose path under `content/` sorts last keeps it, which is
/// what Hugo usually keeps (it writes pages concurrently, so its pick is a race; ours is
/// deterministic); a page at the URL of a
/// section or a taxonomy's list gives way to that list, and an alias never replaces a page.
/// Each loser is left out of the build with a warning naming both files.
pub fn resolve_url_collisions(config: &Config, content: &mut Content) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut generated: BTreeMap<String, String> = content
        .sections
        .values()
        .map(|s| (s.path.clone(), s.file.display().to_string()))
        .collect();
    for plural in config.taxonomy_names() {
        generated.insert(
            taxonomy::taxonomy_path(config, plural),
            format!("the list of {plural}"),
        );
    }
    let mut winner: BTreeMap<String, usize> = BTreeMap::new();
    let mut order: Vec<usize> = (0..content.pages.len()).collect();
    order.sort_by(|&a, &b| content.pages[a].rel.cmp(&content.pages[b].rel));
    let mut dropped = vec![false; content.pages.len()];
    for i in order {
        let page = &content.pages[i];
        if let Some(owner) = generated.get(&page.path) {
            warnings.push(collision(
                page,
                &page.path,
                owner,
                "the list keeps it, as in Hugo",
            ));
            dropped[i] = true;
        } else if let Some(j) = winner.insert(page.path.clone(), i) {
            let loser = &content.pages[j];
            warnings.push(collision(
                loser,
                &loser.path,
                &page.file.display().to_string(),
                "the file whose path sorts last keeps it, as Hugo usually does",
            ));
            dropped[j] = true;
        }
    }
    let mut i = 0;
    content.pages.retain(|_| {
        i += 1;
        !dropped[i - 1]
    });
    let taken: BTreeMap<String, String> = content
        .pages
        .iter()
        .map(|p| (p.path.clone(), p.file.display().to_string()))
        .chain(generated)
        .collect();
    for page in &mut content.pages {
        let file = page.file.clone();
        page.meta.aliases.retain(|alias| {
            let path = normalize_url(alias);
            let Some(owner) = taken.get(&path) else {
                return true;
            };
            warnings.push(Warning {
                path: file.clone(),
                line: None,
                message: format!(
                    "alias {alias} is the URL of {owner}; the alias is left out (remove it or move that page)"
                ),
            });
            false
        });
    }
    warnings
}

fn collision(loser: &Page, url: &str, owner: &str, rule: &str) -> Warning {
    Warning {
        path: loser.file.clone(),
        line: None,
        message: format!(
            "its URL {url} is also the URL of {owner}; {rule}, and this file is not built (set a different `slug` or `url` in one of them)"
        ),
    }
}

impl Site {
    /// Whether the list of section `dir` (`""`: home) is rendered, by `disableKinds`.
    pub(crate) fn renders_list(&self, dir: &str) -> bool {
        !self.config.disabled(if dir.is_empty() {
            Kind::Home
        } else {
            Kind::Section
        })
    }

    /// The `_index.md` that gives a term's page its title and text, if any.
    pub(crate) fn term_text(&self, tax: &Taxonomy, term: &Term) -> Option<&Section> {
        self.list_texts.get(&format!("{}/{}", tax.name, term.slug))
    }

    /// The `_index.md` that gives a taxonomy's list its title and text, if any.
    pub(crate) fn taxonomy_text(&self, tax: &Taxonomy) -> Option<&Section> {
        self.list_texts.get(&tax.name)
    }

    /// The lists that show page `i`, each with its URL path and members in listing order:
    /// the home page and the sections that list it, and its terms.
    pub(super) fn lists_showing(&self, i: usize) -> Vec<(&str, &[usize])> {
        let sections = self
            .content
            .sections
            .iter()
            .filter(|(dir, _)| self.listed(dir).contains(&i))
            .map(|(dir, section)| (section.path.as_str(), self.listed(dir)));
        let terms = self
            .taxonomies
            .iter()
            .flat_map(|tax| tax.terms.iter())
            .filter(|term| term.pages.contains(&i))
            .map(|term| (term.path.as_str(), term.pages.as_slice()));
        sections.chain(terms).collect()
    }

    /// The output files that show page `i` (relative to the language's folder): its own,
    /// its neighbours' (their prev/next links), the feed of every list that shows it and the
    /// pager holding it (every pager when `reordered`: the edit moved pages between them),
    /// and the outputs that show every page: the archive, the sitemap, the taxonomies' feeds.
    pub(super) fn outputs_showing(&self, i: usize, reordered: bool) -> BTreeSet<PathBuf> {
        let mut outputs = self.neighbour_outputs(i);
        outputs.insert(output_file(&self.content.pages[i].path));
        let size = self.config.paginate;
        for (path, members) in self.lists_showing(i) {
            outputs.insert(output_file(&feed_path(path)));
            let pager = Paginator::new(path, members, size);
            let holding = pager.holding(i);
            for n in (1..=pager.count()).filter(|&n| reordered || Some(n) == holding) {
                outputs.insert(output_file(&pager.path(n)));
            }
        }
        outputs.insert(PathBuf::from("archives/index.html"));
        outputs.insert(PathBuf::from("sitemap.xml"));
        for tax in &self.taxonomies {
            outputs.insert(output_file(&feed_path(&tax.path)));
        }
        outputs
    }

    /// The output files of page `i`'s older and newer neighbours.
    pub(super) fn neighbour_outputs(&self, i: usize) -> BTreeSet<PathBuf> {
        let (prev, next) = self.neighbours[i];
        [prev, next]
            .into_iter()
            .flatten()
            .map(|j| output_file(&self.content.pages[j].path))
            .collect()
    }
}
