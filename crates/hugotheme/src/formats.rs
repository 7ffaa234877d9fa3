//! Output formats and media types as far as the template lookup needs them: a name, a media
//! type with its suffixes, and whether the format is plain text (text/template instead of
//! html/template).

/// One output format (`html`, `rss`, `json`, or a site's own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFormat {
    /// Lower-case name, as templates name it in file names (`list.rss.xml`).
    pub name: String,
    /// `type/subtype`, e.g. `text/html`.
    pub media_type: String,
    /// The file suffix of its media type, without the dot.
    pub suffix: String,
    pub is_plain_text: bool,
}

impl OutputFormat {
    pub fn new(name: &str, media_type: &str, suffix: &str, is_plain_text: bool) -> OutputFormat {
        OutputFormat {
            name: name.to_ascii_lowercase(),
            media_type: media_type.to_string(),
            suffix: suffix.to_string(),
            is_plain_text,
        }
    }

    /// Hugo's built-in formats, with the media types Hugo gives them.
    pub fn builtin() -> Vec<OutputFormat> {
        vec![
            OutputFormat::new("html", "text/html", "html", false),
            OutputFormat::new("amp", "text/html", "html", false),
            OutputFormat::new("rss", "application/rss+xml", "xml", false),
            OutputFormat::new("json", "application/json", "json", true),
            OutputFormat::new("calendar", "text/calendar", "ics", true),
            OutputFormat::new("css", "text/css", "css", true),
            OutputFormat::new("csv", "text/csv", "csv", true),
            OutputFormat::new("robots", "text/plain", "txt", true),
            OutputFormat::new("sitemap", "application/xml", "xml", false),
            OutputFormat::new("sitemapindex", "application/xml", "xml", false),
            OutputFormat::new(
                "webappmanifest",
                "application/manifest+json",
                "webmanifest",
                true,
            ),
        ]
    }
}

/// Media types by suffix, for template files whose name carries no output format
/// (`index.xml` is RSS by its media type's sub type).
const MEDIA_BY_SUFFIX: &[(&str, &str)] = &[
    ("html", "text/html"),
    ("htm", "text/html"),
    ("xml", "application/xml"),
    ("rss", "application/rss+xml"),
    ("json", "application/json"),
    ("txt", "text/plain"),
    ("css", "text/css"),
    ("csv", "text/csv"),
    ("ics", "text/calendar"),
    ("js", "text/javascript"),
    ("svg", "image/svg+xml"),
    ("webmanifest", "application/manifest+json"),
];

/// The configured output formats of a site.
#[derive(Debug, Clone)]
pub struct Formats {
    pub list: Vec<OutputFormat>,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            list: OutputFormat::builtin(),
        }
    }
}

impl Formats {
    /// Adds a site's format, or replaces the built-in one of the same name.
    pub fn add(&mut self, format: OutputFormat) {
        match self.list.iter_mut().find(|f| f.name == format.name) {
            Some(f) => *f = format,
            None => self.list.push(format),
        }
    }

    pub fn by_name(&self, name: &str) -> Option<&OutputFormat> {
        self.list.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// Hugo's `IsOutputFormat(name, ext)`: a format of that name whose suffix is `ext`.
    pub fn is_output_format(&self, name: &str, ext: &str) -> bool {
        self.by_name(name).is_some_and(|f| f.suffix == ext)
    }

    /// The output format and media type of a template file: by the format its name gives,
    /// else by its suffix (the first format with that suffix whose media sub type is a
    /// format's name, as `index.xml` is `rss`).
    pub fn resolve(&self, of: &str, ext: &str) -> (String, String) {
        if let Some(f) = (!of.is_empty()).then(|| self.by_name(of)).flatten() {
            return (f.name.clone(), f.media_type.clone());
        }
        if let Some(f) = self.list.iter().find(|f| f.suffix == ext) {
            return (f.name.clone(), f.media_type.clone());
        }
        let media = MEDIA_BY_SUFFIX
            .iter()
            .find(|(s, _)| *s == ext)
            .map(|(_, m)| m.to_string())
            .unwrap_or_default();
        let sub = media.rsplit('/').next().unwrap_or("");
        let of = self
            .by_name(sub)
            .map(|f| f.name.clone())
            .unwrap_or_default();
        (of, media)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_by_name_then_suffix() {
        let f = Formats::default();
        assert_eq!(
            f.resolve("", "xml"),
            ("rss".to_string(), "application/rss+xml".to_string())
        );
        assert_eq!(f.resolve("html", "html").1, "text/html");
        assert_eq!(f.resolve("amp", "html").0, "amp");
        assert!(f.is_output_format("rss", "xml"));
        assert!(!f.is_output_format("rss", "html"));
    }
}
