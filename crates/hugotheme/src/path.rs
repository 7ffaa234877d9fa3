//! Layout file paths as Hugo 0.146+ reads them: the classic folders mapped onto the new ones
//! (`_default/` dropped, `partials/` to `_partials/`, `list-baseof.html` to `baseof.list.html`),
//! then the identifiers of the file name read from the right (extension, language, output
//! format, kind, `baseof`, layout).

use crate::formats::Formats;

/// The five page kinds a layout file name can carry.
pub const KINDS: [&str; 5] = ["home", "page", "section", "taxonomy", "term"];

/// What a layout file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Layout,
    Baseof,
    Markup,
    Shortcode,
    Partial,
}

/// A layout path read into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutPath {
    /// The path as found, lower-cased, from the layouts folder: `/_default/list-baseof.html`.
    pub original: String,
    /// After the classic-to-new mapping: `/baseof.list.html`.
    pub path: String,
    /// The original path up to its first language, output format or extension identifier:
    /// the key of Hugo's legacy mappings (`/_default/taxonomy`).
    pub legacy_key: String,
    /// The folder of [`LayoutPath::path`], `""` for the root.
    pub dir: String,
    /// The file name's first element: `list` in `list.rss.xml`.
    pub name: String,
    pub ext: String,
    pub lang: String,
    pub output_format: String,
    pub kind: String,
    pub layout: String,
    pub is_baseof: bool,
    /// How many identifiers the name has (extension included).
    pub identifiers: usize,
    pub category: Category,
}

/// Lower-cases a path, turns spaces into dashes and gives it one leading slash.
pub fn normalize(path: &str) -> String {
    let p = path.replace('\\', "/").to_lowercase().replace(' ', "-");
    let p = p.trim_matches('/');
    format!("/{p}")
}

/// Maps a classic layout path onto the 0.146+ folders.
pub fn from_legacy(path: &str) -> String {
    let first = path.split('/').nth(1).unwrap_or("");
    if matches!(first, "_partials" | "_shortcodes" | "_markup") {
        return path.to_string();
    }
    let mut p = path.strip_prefix("/_default").unwrap_or(path).to_string();
    if p.is_empty() {
        p = "/".into();
    }
    for (old, new) in [("/shortcodes", "/_shortcodes"), ("/partials", "/_partials")] {
        if p == old || p.starts_with(&format!("{old}/")) {
            p = format!("{new}{}", &p[old.len()..]);
        }
    }
    let (dir, file) = p.rsplit_once('/').unwrap_or(("", &p));
    if let Some((stem, ext)) = file.split_once('.') {
        if let Some(x) = stem.strip_suffix("-baseof") {
            return format!("{dir}/baseof.{x}.{ext}");
        }
    }
    p
}

impl LayoutPath {
    /// Reads a path relative to a layouts folder (`_default/single.html`). `languages` are the
    /// site's language codes.
    pub fn parse(relative: &str, formats: &Formats, languages: &[String]) -> LayoutPath {
        let original = normalize(relative);
        let path = from_legacy(&original);
        let (dir, file) = path.rsplit_once('/').unwrap_or(("", &path));
        let is_shortcode = path.contains("/_shortcodes/");
        let mut lp = LayoutPath {
            legacy_key: legacy_key(&original, formats, languages),
            original: original.clone(),
            dir: dir.to_string(),
            name: String::new(),
            ext: String::new(),
            lang: String::new(),
            output_format: String::new(),
            kind: String::new(),
            layout: String::new(),
            is_baseof: false,
            identifiers: 0,
            category: Category::Layout,
            path: path.clone(),
        };
        let parts: Vec<&str> = file.split('.').collect();
        lp.name = parts[0].to_string();
        if parts.len() > 1 {
            lp.read_identifiers(&parts, is_shortcode, formats, languages);
        } else if !is_shortcode {
            lp.layout = lp.name.clone();
        }
        lp.category = category(&path, lp.is_baseof);
        lp
    }

    fn read_identifiers(
        &mut self,
        parts: &[&str],
        is_shortcode: bool,
        formats: &Formats,
        languages: &[String],
    ) {
        let ext = parts[parts.len() - 1];
        self.ext = ext.to_string();
        self.identifiers = 1;
        let mut of_from_ext = String::new();
        if formats.by_name(ext).is_some() {
            of_from_ext = ext.to_string();
        }
        let dots = parts.len() - 1;
        for i in (0..parts.len() - 1).rev() {
            let seg = parts[i];
            let is_name = i == 0;
            if !is_name {
                self.identifiers += 1;
            }
            if !is_name && dots > 1 && self.lang.is_empty() && languages.iter().any(|l| l == seg) {
                self.lang = seg.to_string();
            } else if self.output_format.is_empty() && formats.is_output_format(seg, ext) {
                self.output_format = seg.to_string();
            } else if is_shortcode && is_name {
                // A shortcode's name is its name, not a layout.
            } else if self.kind.is_empty() && KINDS.contains(&seg) {
                self.kind = seg.to_string();
            } else if seg == "baseof" {
                self.is_baseof = true;
            } else {
                self.layout = seg.to_string();
            }
        }
        if self.output_format.is_empty() {
            self.output_format = of_from_ext;
        }
    }

    /// The folder and name without identifiers: a partial's key (`/_partials/head/meta`).
    pub fn path_no_identifiers(&self) -> String {
        format!("{}/{}", self.dir, self.name)
    }
}

fn category(path: &str, is_baseof: bool) -> Category {
    if is_baseof {
        Category::Baseof
    } else if path.contains("/_shortcodes/") {
        Category::Shortcode
    } else if path.contains("/_markup/") {
        Category::Markup
    } else if path.starts_with("/_partials/") {
        Category::Partial
    } else {
        Category::Layout
    }
}

/// The path up to its leftmost language, output format or extension identifier.
fn legacy_key(original: &str, formats: &Formats, languages: &[String]) -> String {
    let (dir, file) = original.rsplit_once('/').unwrap_or(("", original));
    let parts: Vec<&str> = file.split('.').collect();
    if parts.len() < 2 {
        return original.to_string();
    }
    let ext = parts[parts.len() - 1];
    let mut cut = parts.len() - 1;
    for i in (1..parts.len() - 1).rev() {
        let seg = parts[i];
        if languages.iter().any(|l| l == seg) || formats.is_output_format(seg, ext) {
            cut = i;
        } else {
            break;
        }
    }
    format!("{dir}/{}", parts[..cut].join("."))
}

/// Whether a layout's text starts with a `define` (after space and comments): then it fills
/// the blocks of a `baseof` instead of standing alone.
pub fn needs_base(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        let Some(after) = rest.strip_prefix("{{") else {
            return false;
        };
        let after = after.strip_prefix('-').unwrap_or(after).trim_start();
        if let Some(comment) = after.strip_prefix("/*") {
            let Some(end) = comment.find("*/") else {
                return false;
            };
            let tail = comment[end + 2..].trim_start();
            let tail = tail.strip_prefix('-').unwrap_or(tail).trim_start();
            let Some(tail) = tail.strip_prefix("}}") else {
                return false;
            };
            rest = tail.trim_start();
            continue;
        }
        return after.starts_with("define");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> LayoutPath {
        LayoutPath::parse(s, &Formats::default(), &["en".into(), "fr".into()])
    }

    #[test]
    fn classic_paths_map_to_new_ones() {
        assert_eq!(from_legacy("/_default/single.html"), "/single.html");
        assert_eq!(from_legacy("/partials/a/b.html"), "/_partials/a/b.html");
        assert_eq!(from_legacy("/shortcodes/x.html"), "/_shortcodes/x.html");
        assert_eq!(
            from_legacy("/docs/list-baseof.html"),
            "/docs/baseof.list.html"
        );
        assert_eq!(
            from_legacy("/_default/_markup/render-link.html"),
            "/_markup/render-link.html"
        );
        assert_eq!(from_legacy("/partialsx/a.html"), "/partialsx/a.html");
    }

    #[test]
    fn identifiers_from_the_right() {
        let x = p("_default/list.rss.xml");
        assert_eq!(
            (x.layout.as_str(), x.output_format.as_str(), x.dir.as_str()),
            ("list", "rss", "")
        );
        let x = p("home.fr.html");
        assert_eq!((x.kind.as_str(), x.lang.as_str()), ("home", "fr"));
        let x = p("fr.html");
        assert_eq!((x.layout.as_str(), x.lang.as_str()), ("fr", ""));
        let x = p("docs/list-baseof.html");
        assert!(x.is_baseof && x.category == Category::Baseof);
        assert_eq!(x.layout, "list");
        let x = p("taxonomy/tag.terms.html");
        assert_eq!(x.layout, "tag");
        assert_eq!(x.legacy_key, "/taxonomy/tag.terms");
        let x = p("page.amp.html");
        assert_eq!(x.output_format, "amp");
        let x = p("shortcodes/c.fr.html");
        assert_eq!(x.category, Category::Shortcode);
        assert_eq!((x.name.as_str(), x.layout.as_str()), ("c", ""));
        assert_eq!(p("_default/rss.xml").output_format, "rss");
        assert_eq!(p("_default/single.en.html").legacy_key, "/_default/single");
    }

    #[test]
    fn a_leading_define_needs_a_base() {
        assert!(needs_base("  {{ define \"main\" }}x{{ end }}"));
        assert!(needs_base("{{/* c */}}\n{{- define \"main\" }}{{ end }}"));
        assert!(needs_base("{{- /* c */ -}}\n{{define \"main\" }}{{ end }}"));
        assert!(!needs_base("<p>{{ define \"main\" }}{{ end }}"));
        assert!(!needs_base("{{ partial \"x\" . }}"));
    }
}
