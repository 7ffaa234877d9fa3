//! Hugo's classic template lookup (up to 0.145; Debian's 0.111 runs it): an ordered list of
//! candidate file names built from the page's type, section, kind and layout, the output
//! format and the language; the first file that exists wins. Base templates are found by
//! the same list with `-baseof` names.

/// What the classic lookup reads of a page.
#[derive(Debug, Clone, Default)]
pub struct Descriptor {
    pub kind: String,
    /// `type` from front matter, else the section, else `page`.
    pub typ: String,
    /// The first section of a section page; the singular taxonomy name of a taxonomy or term.
    pub section: String,
    pub layout: String,
    pub lang: String,
    pub output_format: String,
    pub suffix: String,
    pub baseof: bool,
    /// A render hook (`render-link`): then `kind` is the hook and `variants` its languages.
    pub hook: bool,
    pub variants: Vec<String>,
    /// Only `layout` will do (`.Render "summary"`): the standard layouts are not tried.
    pub layout_override: bool,
}

struct Builder<'a> {
    d: &'a Descriptor,
    layouts: Vec<String>,
    types: Vec<String>,
}

impl Builder<'_> {
    fn layout(&mut self, vars: &[&str]) {
        for v in vars {
            if self.d.baseof && *v != "baseof" {
                self.layouts.push(format!("{v}-baseof"));
            } else if !self.d.hook
                && !self.d.baseof
                && self.d.layout_override
                && *v != self.d.layout
            {
                continue;
            } else {
                self.layouts.push(v.to_string());
            }
        }
    }

    fn typ(&mut self, vars: &[&str]) {
        for v in vars {
            if *v == "shortcodes" || *v == "partials" {
                continue;
            }
            if self.d.hook {
                self.types.push(format!("{v}/_markup"));
            } else {
                self.types.push(v.to_string());
            }
        }
    }

    fn section(&mut self) {
        if !self.d.section.is_empty() {
            let s = self.d.section.clone();
            self.typ(&[&s]);
        }
    }

    fn kind(&mut self) {
        let k = self.d.kind.clone();
        self.layout(&[&k]);
        self.typ(&[&k]);
    }
}

/// The candidate template names, most specific first.
pub fn candidates(d: &Descriptor) -> Vec<String> {
    let mut b = Builder {
        d,
        layouts: Vec::new(),
        types: Vec::new(),
    };
    if !d.hook && !d.layout.is_empty() {
        b.layout(&[&d.layout]);
    }
    if !d.typ.is_empty() {
        b.typ(&[&d.typ]);
    }
    if d.hook {
        for v in &d.variants {
            b.layout(&[&format!("{}-{v}", d.kind)]);
        }
        b.layout(&[&d.kind]);
        b.section();
    }
    kind_variations(&mut b, d);
    let rss = d.output_format == "rss";
    if !d.hook && !d.baseof && rss {
        b.layout(&[""]);
    }
    if d.baseof || d.kind != "404" {
        b.typ(&["_default"]);
    }
    if !d.hook && d.kind != "page" && d.kind != "404" {
        b.layout(&["list"]);
    }
    if d.baseof {
        b.layout(&["baseof"]);
    }
    let mut out = variations(&b);
    if !d.hook && !d.baseof && rss {
        out.push("_internal/_default/rss.xml".into());
    }
    match d.kind.as_str() {
        "robotstxt" => out.push("_internal/_default/robots.txt".into()),
        "sitemap" => out.push("_internal/_default/sitemap.xml".into()),
        _ => {}
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

fn kind_variations(b: &mut Builder, d: &Descriptor) {
    match d.kind.as_str() {
        "page" => {
            b.layout(&["single"]);
            b.section();
        }
        "home" => {
            b.layout(&["index", "home"]);
            b.typ(&[""]);
        }
        "section" => {
            if !d.section.is_empty() {
                b.layout(&[&d.section]);
            }
            b.section();
            b.kind();
        }
        "term" => {
            b.kind();
            if !d.section.is_empty() {
                b.layout(&[&d.section]);
            }
            b.layout(&["taxonomy"]);
            b.typ(&["taxonomy"]);
            b.section();
        }
        "taxonomy" => {
            if !d.section.is_empty() {
                b.layout(&[&format!("{}.terms", d.section)]);
            }
            b.section();
            b.layout(&["terms"]);
            b.kind();
        }
        "404" | "robotstxt" | "sitemap" => {
            let name = match d.kind.as_str() {
                "robotstxt" => "robots",
                k => k,
            };
            b.layout(&[name]);
            b.typ(&[""]);
        }
        _ => {}
    }
}

fn variations(b: &Builder) -> Vec<String> {
    let name = b.d.output_format.to_ascii_lowercase();
    let vars: Vec<String> = if b.d.lang.is_empty() {
        vec![name, String::new()]
    } else {
        vec![
            format!("{}.{name}", b.d.lang),
            name,
            b.d.lang.clone(),
            String::new(),
        ]
    };
    let mut out = Vec::new();
    for t in &b.types {
        for v in &vars {
            for l in &b.layouts {
                if v.is_empty() && l.is_empty() {
                    continue;
                }
                if let Some(p) = layout_path(t, l, v, &b.d.suffix) {
                    out.push(p);
                }
            }
        }
    }
    out
}

fn layout_path(typ: &str, layout: &str, variation: &str, ext: &str) -> Option<String> {
    if ext.is_empty() && (layout.is_empty() || variation.is_empty()) {
        return None;
    }
    let name: Vec<&str> = [layout, variation, ext]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let name = name.join(".");
    Some(if typ.is_empty() {
        name
    } else {
        format!("{typ}/{name}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_page_looks_in_its_section_then_default() {
        let d = Descriptor {
            kind: "section".into(),
            typ: "docs".into(),
            section: "docs".into(),
            lang: "en".into(),
            output_format: "html".into(),
            suffix: "html".into(),
            ..Descriptor::default()
        };
        let c = candidates(&d);
        let at = |s: &str| c.iter().position(|x| x == s).unwrap();
        assert!(at("docs/docs.html") < at("docs/list.html"));
        assert!(at("docs/list.html") < at("section/docs.html"));
        assert!(at("section/docs.html") < at("_default/list.html"));
        let base = candidates(&Descriptor { baseof: true, ..d });
        assert!(
            base.iter().position(|x| x == "docs/list-baseof.html")
                < base.iter().position(|x| x == "_default/baseof.html")
        );
    }
}
