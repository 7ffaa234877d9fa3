//! `ref` and `relref`: finding the page a path names, as Hugo's `GetPage` does: relative to
//! the page that refers (`b.md`, `../x/b.md`), from `content/` (`/post/b.md`, `post/b`),
//! and by a file or bundle name that only one page has (`b`).

use std::collections::HashMap;

/// Every page and section of the build, by path under `content/`.
#[derive(Debug, Default)]
pub struct RefIndex {
    /// `post/b.md` (also `post/b`, and `post/b` for `post/b/index.md`) -> (url, permalink).
    by_path: HashMap<String, (String, String)>,
    /// `b` -> the paths of the pages with that base name.
    by_name: HashMap<String, Vec<String>>,
}

impl RefIndex {
    /// Adds a page: its path under `content/`, its URL and its permalink.
    pub fn add(&mut self, rel: &str, url: String, permalink: String) {
        let stem = rel
            .strip_suffix("/index.md")
            .or_else(|| rel.strip_suffix("/_index.md"))
            .or_else(|| rel.strip_suffix(".md"))
            .or_else(|| rel.strip_suffix(".markdown"))
            .unwrap_or(rel);
        let stem = if rel == "_index.md" { "" } else { stem };
        let name = stem.rsplit('/').next().unwrap_or(stem).to_string();
        self.by_name.entry(name).or_default().push(rel.to_string());
        self.by_path
            .insert(stem.to_string(), (url.clone(), permalink.clone()));
        self.by_path.insert(rel.to_string(), (url, permalink));
    }

    /// The (url, permalink) of `target` as written in page `from`, without its `#anchor`.
    pub fn find(&self, from: &str, target: &str) -> Result<&(String, String), String> {
        let target = target.trim();
        if target.is_empty() {
            return self.by_path.get(from).ok_or_else(|| "no page".into());
        }
        let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let mut candidates = Vec::new();
        if let Some(abs) = target.strip_prefix('/') {
            candidates.push(normalize(abs));
        } else {
            candidates.push(normalize(&format!("{dir}/{target}")));
            candidates.push(normalize(target));
        }
        for c in &candidates {
            let c = c.trim_end_matches('/');
            if let Some(found) = self.by_path.get(c) {
                return Ok(found);
            }
        }
        let name = target
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("");
        let name = name
            .strip_suffix(".md")
            .or_else(|| name.strip_suffix(".markdown"))
            .unwrap_or(name);
        match self.by_name.get(name).map(Vec::as_slice) {
            Some([one]) if !target.contains('/') => Ok(&self.by_path[one]),
            Some(many) if many.len() > 1 && !target.contains('/') => Err(format!(
                "\"{target}\" is ambiguous ({}); write the path from content/, e.g. \"/{}\"",
                many.join(", "),
                many[0]
            )),
            _ => Err(format!(
                "page \"{target}\" not found; give its path from content/ (\"/post/note.md\") or from this page (\"note.md\")"
            )),
        }
    }
}

/// `a/./b/../c` -> `a/c`, with no leading slash.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> RefIndex {
        let mut i = RefIndex::default();
        for (rel, url) in [
            ("post/a.md", "/post/a/"),
            ("post/b.md", "/post/b/"),
            ("post/bundle/index.md", "/post/bundle/"),
            ("k8s/b.md", "/k8s/b/"),
            ("k8s/unique.md", "/k8s/unique/"),
            ("post/_index.md", "/post/"),
        ] {
            i.add(rel, url.into(), format!("https://x.org{url}"));
        }
        i
    }

    #[test]
    fn finds_pages_as_hugo_does() {
        let i = index();
        let url = |from: &str, t: &str| i.find(from, t).map(|(u, _)| u.clone());
        assert_eq!(url("post/a.md", "b.md").unwrap(), "/post/b/");
        assert_eq!(url("post/a.md", "/k8s/b.md").unwrap(), "/k8s/b/");
        assert_eq!(url("post/a.md", "k8s/b").unwrap(), "/k8s/b/");
        assert_eq!(url("post/a.md", "../k8s/b.md").unwrap(), "/k8s/b/");
        assert_eq!(url("post/a.md", "bundle").unwrap(), "/post/bundle/");
        assert_eq!(
            url("post/a.md", "/post/bundle/index.md").unwrap(),
            "/post/bundle/"
        );
        assert_eq!(url("post/a.md", "unique").unwrap(), "/k8s/unique/");
        assert_eq!(url("post/a.md", "/post/").unwrap(), "/post/");
        assert_eq!(url("post/a.md", "").unwrap(), "/post/a/");
        assert!(url("k8s/unique.md", "a").is_ok());
        assert!(url("post/a.md", "missing.md").is_err());
        assert!(url("about.md", "b").unwrap_err().contains("ambiguous"));
    }
}
