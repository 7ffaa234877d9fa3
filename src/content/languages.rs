//! Which content files belong to which language, as Hugo decides it: a file named
//! `about.zh.md` is the `zh` page `about.md` (when `zh` is a configured language; any
//! other suffix is part of the name), and a file without such a suffix belongs to the
//! language whose `contentDir` holds it (the default language for a folder several share).

use crate::config::Config;

/// A content folder to read for one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentDir {
    /// Relative to the site's root: `content`, `content-zh`.
    pub dir: String,
    /// Whether files without a language suffix there are this language's.
    pub owned: bool,
}

/// The folders to read for `config`'s language: every language's `contentDir` (a page of
/// this language may sit in another one's folder under a suffixed name), each once.
pub fn content_dirs(config: &Config) -> Vec<ContentDir> {
    let default = config.default_language.as_str();
    let mut dirs: Vec<ContentDir> = Vec::new();
    for language in &config.languages {
        if dirs.iter().any(|d| d.dir == language.content_dir) {
            continue;
        }
        let holders: Vec<&str> = config
            .languages
            .iter()
            .filter(|l| l.content_dir == language.content_dir)
            .map(|l| l.code.as_str())
            .collect();
        // A folder several languages share holds the default language's unsuffixed files
        // when it is among them, else the first one's.
        let owner = if holders.contains(&default) {
            default
        } else {
            holders[0]
        };
        dirs.push(ContentDir {
            dir: language.content_dir.clone(),
            owned: owner == config.language.code,
        });
    }
    dirs
}

/// Splits a content path into the page's path without its language suffix and that
/// language: `post/a.zh.md` -> (`post/a.md`, `zh`). Only markdown files carry one, and only
/// a configured code counts (`only-en.fr.md` stays as it is when `fr` is not a language).
pub fn split_language<'c>(rel: &str, codes: &'c [String]) -> (String, Option<&'c str>) {
    if codes.is_empty() {
        return (rel.to_string(), None);
    }
    let (stem, ext) = match rel.rsplit_once('.') {
        Some((stem, ext)) if ext == "md" || ext == "markdown" => (stem, ext),
        _ => return (rel.to_string(), None),
    };
    let (dir_and_name, code) = match stem.rsplit_once('.') {
        Some((name, code)) if !code.contains('/') => (name, code),
        _ => return (rel.to_string(), None),
    };
    match codes.iter().find(|c| c.eq_ignore_ascii_case(code)) {
        Some(c) => (format!("{dir_and_name}.{ext}"), Some(c.as_str())),
        None => (rel.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_configured_codes_are_languages() {
        let codes = vec!["en".to_string(), "zh".to_string()];
        assert_eq!(
            split_language("about.zh.md", &codes),
            ("about.md".into(), Some("zh"))
        );
        assert_eq!(
            split_language("post/b/index.EN.md", &codes),
            ("post/b/index.md".into(), Some("en"))
        );
        assert_eq!(
            split_language("post/only-en.fr.md", &codes),
            ("post/only-en.fr.md".into(), None)
        );
        assert_eq!(
            split_language("post/x.md", &codes),
            ("post/x.md".into(), None)
        );
        assert_eq!(
            split_language("img/a.zh.png", &codes),
            ("img/a.zh.png".into(), None)
        );
        assert_eq!(
            split_language("v1.2/x.md", &codes),
            ("v1.2/x.md".into(), None)
        );
        assert_eq!(
            split_language("about.zh.md", &[]),
            ("about.zh.md".into(), None)
        );
    }
}
