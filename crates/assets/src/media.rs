//! Media types as Hugo names them: `main/sub` with the suffixes that map to each.
//!
//! Hugo decides a resource's type from its file suffix (`resources.Get "x.scss"` is
//! `text/x-scss`), and `Concat` refuses to join two types. The table follows Hugo's
//! built-in list; the first suffix of a type is the one Hugo writes.

use std::fmt;

/// A media type such as `text/css`, with the suffixes (without dots) that name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MediaType {
    /// `text` in `text/css`.
    pub main: &'static str,
    /// `css` in `text/css`; may hold a `+` suffix (`svg+xml`).
    pub sub: &'static str,
    /// File suffixes without the dot, the preferred one first.
    pub suffixes: &'static [&'static str],
}

impl MediaType {
    /// `text/css`.
    pub fn type_string(&self) -> String {
        format!("{}/{}", self.main, self.sub)
    }

    /// The preferred suffix with its dot, as Hugo writes it (`.css`).
    pub fn first_suffix(&self) -> &'static str {
        self.suffixes.first().copied().unwrap_or("")
    }

    /// The type for a file suffix (`css`, `.CSS`), if Hugo knows it.
    pub fn from_suffix(suffix: &str) -> Option<MediaType> {
        let s = suffix.trim_start_matches('.').to_ascii_lowercase();
        BUILTIN
            .iter()
            .copied()
            .find(|t| t.suffixes.contains(&s.as_str()))
    }

    /// The type for a path or name by its last suffix; `application/octet-stream` when unknown,
    /// which is what Hugo does for a file it cannot classify.
    pub fn from_path(path: &str) -> MediaType {
        let base = path.rsplit('/').next().unwrap_or(path);
        match base.rsplit_once('.') {
            Some((_, ext)) => MediaType::from_suffix(ext).unwrap_or(OCTET_STREAM),
            None => OCTET_STREAM,
        }
    }

    /// The type for `text/css`-style strings.
    pub fn from_type_string(s: &str) -> Option<MediaType> {
        let (main, sub) = s.split_once('/')?;
        BUILTIN
            .iter()
            .copied()
            .find(|t| t.main == main && t.sub == sub)
    }

    /// True for types whose bytes are text that templates may read as a string.
    pub fn is_text(&self) -> bool {
        self.main == "text"
            || matches!(
                self.sub,
                "json" | "xml" | "svg+xml" | "rss+xml" | "toml" | "yaml" | "manifest+json"
            )
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.main, self.sub)
    }
}

const fn t(main: &'static str, sub: &'static str, suffixes: &'static [&'static str]) -> MediaType {
    MediaType {
        main,
        sub,
        suffixes,
    }
}

pub const CSS: MediaType = t("text", "css", &["css"]);
pub const SCSS: MediaType = t("text", "x-scss", &["scss"]);
pub const SASS: MediaType = t("text", "x-sass", &["sass"]);
pub const JAVASCRIPT: MediaType = t("text", "javascript", &["js", "jsm", "mjs"]);
pub const TYPESCRIPT: MediaType = t("text", "typescript", &["ts"]);
pub const TSX: MediaType = t("text", "tsx", &["tsx"]);
pub const JSX: MediaType = t("text", "jsx", &["jsx"]);
pub const HTML: MediaType = t("text", "html", &["html", "htm"]);
pub const CSV: MediaType = t("text", "csv", &["csv"]);
pub const CALENDAR: MediaType = t("text", "calendar", &["ics"]);
pub const PLAIN: MediaType = t("text", "plain", &["txt"]);
pub const MARKDOWN: MediaType = t("text", "markdown", &["md", "mdown", "markdown"]);
pub const JSON: MediaType = t("application", "json", &["json"]);
pub const WEB_APP_MANIFEST: MediaType = t("application", "manifest+json", &["webmanifest"]);
pub const XML: MediaType = t("application", "xml", &["xml"]);
pub const RSS: MediaType = t("application", "rss+xml", &["rss"]);
pub const TOML: MediaType = t("application", "toml", &["toml"]);
pub const YAML: MediaType = t("application", "yaml", &["yaml", "yml"]);
pub const PDF: MediaType = t("application", "pdf", &["pdf"]);
pub const WASM: MediaType = t("application", "wasm", &["wasm"]);
pub const OCTET_STREAM: MediaType = t("application", "octet-stream", &[]);
pub const SVG: MediaType = t("image", "svg+xml", &["svg"]);
pub const JPEG: MediaType = t("image", "jpeg", &["jpg", "jpeg", "jpe", "jif", "jfif"]);
pub const PNG: MediaType = t("image", "png", &["png"]);
pub const GIF: MediaType = t("image", "gif", &["gif"]);
pub const TIFF: MediaType = t("image", "tiff", &["tif", "tiff"]);
pub const BMP: MediaType = t("image", "bmp", &["bmp"]);
pub const WEBP: MediaType = t("image", "webp", &["webp"]);
pub const AVIF: MediaType = t("image", "avif", &["avif"]);
pub const ICO: MediaType = t("image", "x-icon", &["ico"]);
pub const OTF: MediaType = t("font", "otf", &["otf"]);
pub const TTF: MediaType = t("font", "ttf", &["ttf"]);
pub const WOFF: MediaType = t("font", "woff", &["woff"]);
pub const WOFF2: MediaType = t("font", "woff2", &["woff2"]);
pub const MP4: MediaType = t("video", "mp4", &["mp4"]);
pub const WEBM: MediaType = t("video", "webm", &["webm"]);
pub const OGG_VIDEO: MediaType = t("video", "ogg", &["ogv"]);
pub const MP3: MediaType = t("audio", "mpeg", &["mp3"]);
pub const OGG_AUDIO: MediaType = t("audio", "ogg", &["ogg", "oga"]);
pub const WAV: MediaType = t("audio", "wav", &["wav"]);

/// Every type this crate knows, in lookup order (the first match of a suffix wins).
pub const BUILTIN: &[MediaType] = &[
    CSS,
    SCSS,
    SASS,
    JAVASCRIPT,
    TYPESCRIPT,
    TSX,
    JSX,
    HTML,
    CSV,
    CALENDAR,
    PLAIN,
    MARKDOWN,
    JSON,
    WEB_APP_MANIFEST,
    XML,
    RSS,
    TOML,
    YAML,
    PDF,
    WASM,
    SVG,
    JPEG,
    PNG,
    GIF,
    TIFF,
    BMP,
    WEBP,
    AVIF,
    ICO,
    OTF,
    TTF,
    WOFF,
    WOFF2,
    MP4,
    WEBM,
    OGG_VIDEO,
    MP3,
    OGG_AUDIO,
    WAV,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_map_to_hugo_types() {
        let cases = [
            ("css/main.css", "text/css"),
            ("a.SCSS", "text/x-scss"),
            ("js/app.mjs", "text/javascript"),
            ("logo.svg", "image/svg+xml"),
            ("p.JPEG", "image/jpeg"),
            ("d.yml", "application/yaml"),
            ("noext", "application/octet-stream"),
            ("x.unknown", "application/octet-stream"),
        ];
        for (path, want) in cases {
            assert_eq!(MediaType::from_path(path).type_string(), want, "{path}");
        }
        assert_eq!(MediaType::from_type_string("text/css"), Some(CSS));
        assert!(SVG.is_text() && !PNG.is_text());
    }
}
