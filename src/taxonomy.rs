//! Tags, categories and any configured taxonomy: terms grouped by their URL form, as Hugo
//! does (`Go` and `go` are one term), each with its pages newest first.

use std::collections::BTreeMap;

use crate::content::page::Page;
use crate::content::urls::urlize;

#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Plural name, e.g. `tags`.
    pub name: String,
    pub singular: String,
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    /// The term as first written (pages are visited in sorted order, so this is stable).
    pub name: String,
    pub slug: String,
    /// Indexes into the site's sorted page list, in that order.
    pub pages: Vec<usize>,
}

/// Groups `pages` (already sorted for listing) into each configured taxonomy.
pub fn collect(taxonomies: &[(String, String)], pages: &[Page]) -> Vec<Taxonomy> {
    taxonomies
        .iter()
        .map(|(singular, plural)| {
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            for (i, page) in pages.iter().enumerate() {
                for name in page.meta.taxonomies.get(plural).into_iter().flatten() {
                    let slug = urlize(name);
                    if slug.is_empty() {
                        continue;
                    }
                    let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                        name: name.clone(),
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
                terms: terms.into_values().collect(),
            }
        })
        .collect()
}
