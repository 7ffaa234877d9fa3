//! Hugo 0.146+'s template lookup (as 0.168 does it): every template sits in a tree keyed by
//! its folder, with a descriptor (kind, layout, output format, media type, language, variants);
//! a page walks its path from the root down and takes the best-weighted template, nearer
//! folders winning ties. Classic file names reach the tree through Hugo's legacy mappings.

use crate::path::{Category, LayoutPath};

/// What a template is for, from its file name (or what a lookup asks for).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Desc {
    pub kind: String,
    pub layout: String,
    pub output_format: String,
    pub media_type: String,
    pub lang: String,
    pub variant1: String,
    pub variant2: String,
    pub plain: bool,
}

/// What a lookup asks for.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub kind: String,
    /// The standard layout of the kind: `single` for pages, `list` for the others.
    pub layout_from_template: String,
    /// `layout` from front matter.
    pub layout_from_user: String,
    pub output_format: String,
    pub media_type: String,
    pub lang: String,
    pub variant1: String,
    pub variant2: String,
    pub plain: bool,
    /// A `{{% %}}` shortcode may use a plain-text template in HTML.
    pub always_allow_plain: bool,
}

impl Query {
    /// A template's descriptor asked for as a query (to find its possible base templates).
    pub fn from_desc(d: &Desc) -> Query {
        Query {
            kind: d.kind.clone(),
            layout_from_template: d.layout.clone(),
            output_format: d.output_format.clone(),
            media_type: d.media_type.clone(),
            lang: d.lang.clone(),
            plain: d.plain,
            ..Query::default()
        }
    }
}

/// A template in the tree.
#[derive(Debug, Clone)]
pub struct Entry {
    pub category: Category,
    /// The folder the template applies to and below (`""`, `/posts`); for shortcodes the
    /// folder above `_shortcodes`.
    pub key: String,
    /// The shortcode's name (shortcodes only).
    pub name: String,
    pub desc: Desc,
    /// Index of the template file.
    pub file: usize,
    /// 0 for the project, 1.. for themes in order, `usize::MAX` for Hugo's own.
    pub ordinal: usize,
    pub embedded: bool,
    /// The converted path, for the last tie-break.
    pub path: String,
    pub identifiers: usize,
}

/// How well a template fits a query.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Weight {
    pub w1: i32,
    pub w2: i32,
    pub w3: i32,
    pub distance: usize,
}

impl Weight {
    fn equal(&self, o: &Weight) -> bool {
        (self.w1, self.w2, self.w3) == (o.w1, o.w2, o.w3)
    }
}

/// The site settings the weighting reads.
#[derive(Debug, Clone)]
pub struct Site {
    pub default_lang: String,
    pub default_output_format: String,
}

/// Hugo's descriptor comparison: no match is a weight of 0.
pub fn compare(cat: Category, q: &Query, t: &Desc, site: &Site) -> Weight {
    let mut w = do_compare(cat, q, t, site);
    if w.w1 <= 0 {
        match cat {
            // A hook of another output format serves too; one of another language does not
            // (tests/lookup/hooks-formats.txt).
            Category::Markup
                if q.variant1 == t.variant1
                    && (q.variant2 == t.variant2
                        || (!q.variant2.is_empty() && t.variant2.is_empty()))
                    && (t.lang.is_empty() || t.lang == q.lang) =>
            {
                let of_differs = q.output_format != t.output_format;
                if !(of_differs && q.output_format == site.default_output_format) {
                    w.w1 = 1;
                }
            }
            // Hugo 0.168 takes its own shortcode of the name (or none) over one of another
            // language; 0.111 took it.
            Category::Shortcode
                if (q.plain == t.plain || !t.plain || q.always_allow_plain)
                    && (t.lang.is_empty() || t.lang == q.lang) =>
            {
                w.w1 = 1;
            }
            _ => {}
        }
    }
    w
}

fn do_compare(cat: Category, q: &Query, t: &Desc, site: &Site) -> Weight {
    let none = Weight::default();
    if !q.always_allow_plain && t.plain && !q.plain {
        return none;
    }
    if !t.kind.is_empty() && t.kind != q.kind {
        return none;
    }
    if !t.layout.is_empty()
        && t.layout != "all"
        && (q.layout_from_user.is_empty() || q.layout_from_user != t.layout)
        && t.layout != q.layout_from_template
    {
        return none;
    }
    if !t.lang.is_empty() && t.lang != q.lang {
        return none;
    }
    if !t.output_format.is_empty() && t.output_format != q.output_format {
        if t.media_type != q.media_type {
            return none;
        }
        let mut skip = cat != Category::Baseof
            && (q.kind.is_empty()
                || (q.kind != t.kind && q.layout_from_template != t.layout && t.layout != "all"));
        if !q.layout_from_user.is_empty() {
            skip = skip && q.layout_from_user != t.layout;
        }
        if skip {
            return none;
        }
    }
    if !t.media_type.is_empty() && t.media_type != q.media_type {
        return none;
    }
    if !t.variant1.is_empty() && t.variant1 != q.variant1 {
        return none;
    }
    if !t.variant2.is_empty() && t.variant2 != q.variant2 {
        return none;
    }
    let mut w = Weight {
        w1: 1,
        ..Weight::default()
    };
    if !t.kind.is_empty() && t.kind == q.kind {
        w.w1 += 5;
        w.w2 = 1;
    }
    if !t.layout.is_empty() && t.layout == q.layout_from_template {
        w.w1 += 4;
        w.w2 = 1;
    } else if t.layout == "all" {
        w.w1 += 2;
        w.w2 = 1;
    }
    if !t.layout.is_empty() && t.layout == q.layout_from_user {
        w.w1 += 6;
        w.w2 = 2;
    }
    if t.lang == q.lang || (t.lang.is_empty() && q.lang == site.default_lang) {
        w.w1 += 1;
        w.w3 += 1;
    }
    if t.output_format == q.output_format {
        w.w1 += 4;
        w.w3 += 1;
    }
    if !t.media_type.is_empty() && t.media_type == q.media_type {
        w.w1 += 1;
        w.w3 += 1;
    }
    if !t.variant1.is_empty() && t.variant1 == q.variant1 {
        w.w1 += 6;
        if t.variant2 == q.variant2 {
            w.w1 += 4;
        }
    }
    w
}

/// Hugo's `isBetter`: whether `e` weighted `w` beats the best so far.
fn is_better(w: &Weight, e: &Entry, best: Option<(&Weight, &Entry)>) -> bool {
    let Some((bw, be)) = best else {
        return true;
    };
    if w.w1 <= 0 {
        return bw.w1 <= 0 && e.path < be.path;
    }
    if bw.w1 <= 0 {
        return true;
    }
    if e.category != Category::Markup {
        if be.embedded && !e.embedded {
            return true;
        }
        if e.embedded && !be.embedded {
            return false;
        }
    }
    if w.distance < bw.distance {
        if w.w2 < bw.w2 || w.w3 < bw.w3 {
            return false;
        }
    } else if w.w1 < bw.w1 {
        return false;
    }
    if w.equal(bw) {
        if w.distance != bw.distance {
            return w.distance < bw.distance;
        }
        return e.path < be.path;
    }
    true
}

/// The folders from the root down to `key`: `""`, `/docs`, `/docs/sub`.
pub fn walk(key: &str) -> Vec<&str> {
    let mut out = vec![""];
    for (i, c) in key.char_indices() {
        if c == '/' && i > 0 {
            out.push(&key[..i]);
        }
    }
    if !key.is_empty() {
        out.push(key);
    }
    out
}

fn depth(key: &str) -> usize {
    key.matches('/').count()
}

/// The template tree.
#[derive(Debug, Default)]
pub struct Tree {
    pub entries: Vec<Entry>,
    pub site: Option<Site>,
    /// Entries by category and folder, once [`Tree::finish`] has run.
    by_key: std::collections::HashMap<(Category, String), Vec<usize>>,
}

impl Tree {
    fn site(&self) -> Site {
        self.site.clone().unwrap_or(Site {
            default_lang: "en".into(),
            default_output_format: "html".into(),
        })
    }

    /// Inserts by Hugo's rules for a template of the same category and descriptor in the same
    /// folder: a higher module (the project over its themes) replaces; otherwise the one with
    /// fewer identifiers stays. `replace` (legacy mappings) always replaces.
    pub fn insert(&mut self, e: Entry, replace: bool) {
        let same = self.entries.iter().position(|x| {
            x.category == e.category && x.key == e.key && x.name == e.name && x.desc == e.desc
        });
        match same {
            None => self.entries.push(e),
            Some(i) => {
                let old = &self.entries[i];
                let keep_old = !replace
                    && (old.ordinal < e.ordinal
                        || (old.ordinal == e.ordinal && e.identifiers >= old.identifiers));
                if !keep_old {
                    self.entries[i] = e;
                }
            }
        }
    }

    /// Indexes the entries by category and folder; call after the last insert.
    pub fn finish(&mut self) {
        self.by_key.clear();
        for (i, e) in self.entries.iter().enumerate() {
            self.by_key
                .entry((e.category, e.key.clone()))
                .or_default()
                .push(i);
        }
    }

    /// The best entry of `cat` (named `name`, for shortcodes) for `q` along the folders down to
    /// `key`, with its weight.
    pub fn best(
        &self,
        cat: Category,
        name: &str,
        key: &str,
        q: &Query,
        filter: &dyn Fn(&Entry) -> bool,
    ) -> Option<(usize, Weight)> {
        let site = self.site();
        let d = depth(key);
        let mut best: Option<(usize, Weight)> = None;
        for k in walk(key) {
            let Some(here) = self.by_key.get(&(cat, k.to_string())) else {
                continue;
            };
            for &i in here {
                let e = &self.entries[i];
                if e.name != name || !filter(e) {
                    continue;
                }
                let mut w = compare(cat, q, &e.desc, &site);
                w.distance = d - depth(k);
                let b = best.as_ref().map(|(j, bw)| (bw, &self.entries[*j]));
                if is_better(&w, e, b) {
                    best = Some((i, w));
                }
            }
        }
        best.filter(|(_, w)| w.w1 > 0)
    }

    /// The best base template for the layout `winner`, along the same folders.
    pub fn best_base(&self, winner: usize, key: &str, q: &Query) -> Option<usize> {
        let site = self.site();
        let wd = self.entries[winner].desc.clone();
        let as_query = Query::from_desc(&wd);
        // A template for any language may take a base for the page's language.
        let variant = |b: &Entry| {
            let mut q = as_query.clone();
            if q.lang.is_empty() {
                q.lang = b.desc.lang.clone();
            }
            kind_in_layout(&b.desc.kind, &wd.layout)
                && compare(Category::Baseof, &q, &b.desc, &site).w1 > 0
        };
        self.best(Category::Baseof, "", key, q, &variant)
            .map(|(i, _)| i)
    }
}

/// Hugo's `isKindInLayout`: a base template for a kind fits a layout of that kind.
fn kind_in_layout(base_kind: &str, layout: &str) -> bool {
    match base_kind {
        "" => true,
        "page" => layout != "list",
        _ => layout != "single",
    }
}

/// The descriptor of a layout file.
pub fn desc_of(p: &LayoutPath, media_type: &str, plain: bool) -> Desc {
    let mut d = Desc {
        kind: p.kind.clone(),
        layout: p.layout.clone(),
        output_format: p.output_format.clone(),
        media_type: media_type.to_string(),
        lang: p.lang.clone(),
        plain,
        ..Desc::default()
    };
    if d.layout == d.output_format || d.layout == d.kind {
        d.layout.clear();
    }
    if p.category == Category::Layout && d.layout == "index" && d.kind.is_empty() {
        d.kind = "home".into();
        d.layout.clear();
    }
    if p.category == Category::Markup {
        let hook = p.name.strip_prefix("render-").unwrap_or("");
        let (v1, v2) = hook.split_once('-').unwrap_or((hook, ""));
        d.variant1 = v1.to_string();
        d.variant2 = v2.to_string();
        d.layout.clear();
        d.kind.clear();
    }
    d
}

/// The tree key of a layout file: its folder; `_markup` and `_shortcodes` folders belong to
/// the folder above them.
pub fn key_of(p: &LayoutPath) -> (String, String) {
    match p.category {
        Category::Partial => (p.path_no_identifiers(), String::new()),
        Category::Shortcode => {
            let (k, rest) = p.path.split_once("/_shortcodes/").unwrap_or(("", ""));
            let name = match rest.rsplit_once('/') {
                Some((d, _)) => format!("{d}/{}", p.name),
                None => p.name.clone(),
            };
            (k.to_string(), name)
        }
        Category::Markup => (
            p.dir.strip_suffix("/_markup").unwrap_or("").to_string(),
            String::new(),
        ),
        _ => (p.dir.clone(), String::new()),
    }
}

const TERM: &[(&str, &str)] = &[
    ("/PLURAL/term", "/PLURAL"),
    ("/PLURAL/SINGULAR", "/PLURAL"),
    ("/term/term", ""),
    ("/term/SINGULAR", "/PLURAL"),
    ("/term/taxonomy", "/PLURAL"),
    ("/term/list", ""),
    ("/taxonomy/term", ""),
    ("/taxonomy/SINGULAR", "/PLURAL"),
    ("/SINGULAR/term", "/PLURAL"),
    ("/SINGULAR/SINGULAR", "/PLURAL"),
    ("/_default/SINGULAR", "/PLURAL"),
    ("/_default/taxonomy", ""),
];

const TAXONOMY: &[(&str, &str)] = &[
    ("/PLURAL/SINGULAR.terms", "/PLURAL"),
    ("/PLURAL/terms", "/PLURAL"),
    ("/PLURAL/taxonomy", "/PLURAL"),
    ("/PLURAL/list", "/PLURAL"),
    ("/SINGULAR/SINGULAR.terms", "/PLURAL"),
    ("/SINGULAR/terms", "/PLURAL"),
    ("/SINGULAR/taxonomy", "/PLURAL"),
    ("/SINGULAR/list", "/PLURAL"),
    ("/taxonomy/SINGULAR.terms", "/PLURAL"),
    ("/taxonomy/terms", ""),
    ("/taxonomy/taxonomy", ""),
    ("/taxonomy/list", ""),
    ("/_default/SINGULAR.terms", "/PLURAL"),
    ("/_default/terms", ""),
    ("/_default/taxonomy", ""),
];

const SECTION: &[(&str, &str)] = &[
    ("/THESECTION/THESECTION", "/THESECTION"),
    ("/SECTIONKIND/THESECTION", "/THESECTION"),
    ("/SECTIONKIND/SECTIONKIND", ""),
    ("/SECTIONKIND/list", ""),
    ("/_default/THESECTION", "/THESECTION"),
];

/// Where a classic file also serves, by Hugo's legacy mappings: (ordinal, target folder,
/// kind, whether it is a base template), the lowest ordinal first. `taxonomies` are the
/// site's (singular, plural) pairs.
pub fn legacy_targets(
    p: &LayoutPath,
    taxonomies: &[(String, String)],
) -> Vec<(usize, String, &'static str, bool)> {
    let mut out = Vec::new();
    let key = p.legacy_key.as_str();
    let mut ordinal = 0;
    for (table, kind) in [(TERM, "term"), (TAXONOMY, "taxonomy")] {
        for (from, to) in table {
            for (singular, plural) in taxonomies {
                let f = from.replace("SINGULAR", singular).replace("PLURAL", plural);
                if f == key {
                    out.push((ordinal, to.replace("PLURAL", plural), kind, false));
                }
            }
            ordinal += 1;
        }
    }
    let mut sections: Vec<&str> = vec![p.layout.as_str()];
    if p.original.matches('/').count() >= 2 {
        sections.extend(p.original.split('/').nth(1));
    }
    let taken = |s: &str| {
        s.is_empty()
            || s == "taxonomy"
            || s.starts_with('_')
            || crate::path::KINDS.contains(&s)
            || taxonomies.iter().any(|(a, b)| a == s || b == s)
    };
    for (from, to) in SECTION {
        let names: Vec<&str> = if from.contains("THESECTION") {
            sections.iter().copied().filter(|s| !taken(s)).collect()
        } else {
            vec![""]
        };
        for s in names {
            for base in [false, true] {
                let mut f = from
                    .replace("THESECTION", s)
                    .replace("SECTIONKIND", "section");
                if base {
                    f.push_str("-baseof");
                }
                if f == key {
                    out.push((ordinal, to.replace("THESECTION", s), "section", base));
                }
            }
        }
        ordinal += 1;
    }
    out.sort_by_key(|t| t.0);
    out.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2 && a.3 == b.3);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_root_first() {
        assert_eq!(walk(""), vec![""]);
        assert_eq!(walk("/docs/sub"), vec!["", "/docs", "/docs/sub"]);
    }
}
