//! Tags, categories and any configured taxonomy: terms grouped by their URL form, as Hugo
//! does (`Go` and `go` are one term), each with its pages newest first.
//!
//! This is the one place that makes taxonomy and term URLs: the lists, the feeds, the
//! sitemap, incremental updates and the pages' own term links all read them from here.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::content::page::Page;
use crate::content::urls::{expand_permalink, normalize_url, urlize, PermalinkParts};

#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Plural name, e.g. `tags`.
    pub name: String,
    pub singular: String,
    /// The URL path of the list of terms: `/tags/` (or its `[permalinks.taxonomy]`).
    pub path: String,
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    /// The term as first written (pages are visited in sorted order, so this is stable).
    pub name: String,
    pub slug: String,
    /// The URL path of the term's page: `/tags/go/` (or its `[permalinks.term]`).
    pub path: String,
    /// Indexes into the site's sorted page list, in that order.
    pub pages: Vec<usize>,
}

/// The URL form of a term; `None` when nothing of it is left (`???`): such a term has no
/// page, so it is neither listed nor linked.
pub fn term_slug(name: &str) -> Option<String> {
    Some(urlize(name)).filter(|s| !s.is_empty())
}

/// The URL path of the list of terms of taxonomy `plural`.
pub fn taxonomy_path(config: &Config, plural: &str) -> String {
    match config.permalinks.taxonomy.get(plural) {
        Some(pattern) => expand_permalink(pattern, &parts(plural, plural, None)),
        None => normalize_url(&urlize(plural)),
    }
}

/// The URL path of term `name` of taxonomy `plural`; `None` for a term without a slug.
pub fn term_path(config: &Config, plural: &str, name: &str) -> Option<String> {
    let slug = term_slug(name)?;
    Some(match config.permalinks.term.get(plural) {
        Some(pattern) => expand_permalink(pattern, &parts(plural, name, Some(&slug))),
        None => normalize_url(&format!("{}/{slug}", urlize(plural))),
    })
}

fn parts<'a>(plural: &'a str, title: &'a str, slug: Option<&'a str>) -> PermalinkParts<'a> {
    PermalinkParts {
        section: plural,
        sections: plural,
        slug,
        title,
        filename: slug.unwrap_or(plural),
        date: None,
    }
}

/// Groups `pages` (already sorted for listing) into each configured taxonomy.
pub fn collect(config: &Config, pages: &[Page]) -> Vec<Taxonomy> {
    config
        .taxonomies
        .iter()
        .map(|(singular, plural)| {
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            for (i, page) in pages.iter().enumerate() {
                for name in page.meta.taxonomies.get(plural).into_iter().flatten() {
                    let Some(slug) = term_slug(name) else {
                        continue;
                    };
                    let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                        name: name.clone(),
                        path: term_path(config, plural, name).expect("a term with a slug"),
                        slug,
                        pages: Vec::new(),
                    });
                    if term.pages.last() != Some(&i) {
                        term.pages.push(i);
                    }
                }
            }
            Taxonomy {
                name: plural.clone(),
                singular: singular.clone(),
                path: taxonomy_path(config, plural),
                terms: terms.into_values().collect(),
            }
        })
        .collect()
}
