//! A resource (Hugo's `resource.Resource` as Hugo Pipes sees it) and the transformations that
//! only rename, join or hash it: `Copy`, `FromString`, `Concat`, `Fingerprint`.
//!
//! A resource is immutable; every transformation returns a new one that shares what it did not
//! change (the bytes are an `Arc<[u8]>`, so a copy or a rename costs nothing). Where the result
//! is published is its *target path*, always with a leading slash (`/css/main.css`); the site
//! layer turns it into `.RelPermalink` with [`Resource::rel_permalink`] and decides whether to
//! write it at all.

use std::sync::Arc;

use serde_json::{Map, Value};
use sha2::Digest;

use crate::error::{Error, Result};
use crate::media::{self, MediaType};

/// One resource: bytes, a media type, a logical name and where it would be published.
#[derive(Clone, Debug)]
pub struct Resource {
    name: String,
    target_path: String,
    media_type: MediaType,
    content: Arc<[u8]>,
    /// `.Title`: the name unless a page's front matter says otherwise.
    pub title: String,
    /// `.Params`, as the page's front matter gave them.
    pub params: Map<String, Value>,
    /// `.Data`: `Integrity` after a fingerprint, and whatever a transformation records.
    pub data: Map<String, Value>,
}

impl Resource {
    /// A resource published at `target_path` (`css/main.css` or `/css/main.css`), named after
    /// it, typed by its suffix.
    pub fn new(target_path: &str, content: impl Into<Arc<[u8]>>) -> Resource {
        let target_path = normalize_target(target_path);
        let name = target_path.clone();
        Resource {
            media_type: MediaType::from_path(&target_path),
            title: name.clone(),
            name,
            target_path,
            content: content.into(),
            params: Map::new(),
            data: Map::new(),
        }
    }

    /// `resources.FromString`: a resource made from a template's string.
    pub fn from_string(target_path: &str, content: &str) -> Resource {
        Resource::new(target_path, content.as_bytes())
    }

    /// `.Name`: the logical name (the path under `assets/`, with a leading slash, as Hugo
    /// shows it); transformations keep it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `.MediaType`.
    pub fn media_type(&self) -> MediaType {
        self.media_type
    }

    /// `.Content` as bytes.
    pub fn content(&self) -> &[u8] {
        &self.content
    }

    /// The shared bytes, for handing to another owner without a copy.
    pub fn content_arc(&self) -> Arc<[u8]> {
        Arc::clone(&self.content)
    }

    /// `.Content` as text, if it is UTF-8.
    pub fn content_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.content).ok()
    }

    /// Where the resource is published, with a leading slash: `/css/main.abc….css`.
    pub fn target_path(&self) -> &str {
        &self.target_path
    }

    /// `.RelPermalink` for a site whose `baseURL` is `base_url`: its path part
    /// (`https://example.org/blog/` gives `/blog/`) joined with the target path.
    pub fn rel_permalink(&self, base_url: &str) -> String {
        let prefix = base_path(base_url);
        format!("{}{}", prefix.trim_end_matches('/'), self.target_path)
    }

    /// `.Permalink`: the base URL joined with the target path.
    pub fn permalink(&self, base_url: &str) -> String {
        format!("{}{}", base_url.trim_end_matches('/'), self.target_path)
    }

    /// A hash of the bytes, stable across runs and machines, for caches keyed by content.
    pub fn content_hash(&self) -> String {
        blake3::hash(&self.content).to_hex().to_string()
    }

    /// The same resource with other bytes, as a transformation makes it; the media type stays.
    pub fn with_content(&self, content: impl Into<Arc<[u8]>>) -> Resource {
        Resource {
            content: content.into(),
            ..self.clone()
        }
    }

    /// The same resource published elsewhere; the media type follows the new suffix, as after
    /// `toCSS` (`.scss` to `.css`).
    pub fn with_target_path(&self, target_path: &str) -> Resource {
        let target_path = normalize_target(target_path);
        Resource {
            media_type: MediaType::from_path(&target_path),
            target_path,
            ..self.clone()
        }
    }

    /// The same resource with another media type, keeping its target path.
    pub fn with_media_type(&self, media_type: MediaType) -> Resource {
        Resource {
            media_type,
            ..self.clone()
        }
    }

    /// `resources.Copy`: the same bytes and name, published at `target_path`.
    pub fn copy(&self, target_path: &str) -> Resource {
        self.with_target_path(target_path)
    }

    /// The target path with `.min` before the suffix, where Hugo's `minify` publishes.
    pub(crate) fn minified_target(&self) -> String {
        insert_before_suffix(&self.target_path, "min")
    }

    /// `fingerprint`: the digest of the bytes goes into the file name (`main.<hex>.css`) and
    /// `.Data.Integrity` gets the SRI string (`sha256-<base64>`).
    pub fn fingerprint(&self, algorithm: &str) -> Result<Resource> {
        let algorithm = if algorithm.is_empty() {
            Algorithm::Sha256
        } else {
            Algorithm::parse(algorithm)?
        };
        let digest = algorithm.digest(&self.content);
        let mut out =
            self.with_target_path(&insert_before_suffix(&self.target_path, &hex(&digest)));
        out.media_type = self.media_type;
        out.data.insert(
            "Integrity".to_string(),
            Value::String(format!("{}-{}", algorithm.name(), base64(&digest))),
        );
        Ok(out)
    }
}

/// `resources.Concat`: the bytes of `parts` in order, published at `target_path`. All parts
/// must have one media type. JavaScript parts are joined with `\n;\n`, which Hugo inserts so a
/// file that omits its last semicolon cannot run into the next.
pub fn concat(target_path: &str, parts: &[Resource]) -> Result<Resource> {
    let target = normalize_target(target_path);
    let media_type = parts
        .first()
        .map_or_else(|| MediaType::from_path(&target), |p| p.media_type);
    if let Some(other) = parts.iter().find(|p| p.media_type != media_type) {
        return Err(Error::ConcatMediaTypes {
            target,
            first: media_type.type_string(),
            other: other.media_type.type_string(),
        });
    }
    let separator: &[u8] = if media_type == media::JAVASCRIPT {
        b"\n;\n"
    } else {
        b""
    };
    let mut bytes = Vec::with_capacity(parts.iter().map(|p| p.content.len() + 3).sum());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            bytes.extend_from_slice(separator);
        }
        bytes.extend_from_slice(&part.content);
    }
    let mut out = Resource::new(&target, bytes);
    out.media_type = media_type;
    Ok(out)
}

/// The digests `fingerprint` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Sha256,
    Sha384,
    Sha512,
    Md5,
}

impl Algorithm {
    /// `sha256`, `sha384`, `sha512` or `md5`, as templates spell them.
    pub fn parse(s: &str) -> Result<Algorithm> {
        match s {
            "sha256" => Ok(Algorithm::Sha256),
            "sha384" => Ok(Algorithm::Sha384),
            "sha512" => Ok(Algorithm::Sha512),
            "md5" => Ok(Algorithm::Md5),
            _ => Err(Error::FingerprintAlgorithm(s.to_string())),
        }
    }

    /// The prefix of the SRI string.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512 => "sha512",
            Algorithm::Md5 => "md5",
        }
    }

    /// The raw digest of `bytes`.
    pub fn digest(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Algorithm::Sha256 => sha2::Sha256::digest(bytes).to_vec(),
            Algorithm::Sha384 => sha2::Sha384::digest(bytes).to_vec(),
            Algorithm::Sha512 => sha2::Sha512::digest(bytes).to_vec(),
            Algorithm::Md5 => md5::Md5::digest(bytes).to_vec(),
        }
    }
}

fn normalize_target(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    format!("/{}", trimmed.replace('\\', "/"))
}

/// The path part of a base URL: `https://example.org/blog/` gives `/blog/`.
fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) if base_url.contains("://") => &after_scheme[i..],
        _ if base_url.contains("://") => "/",
        _ => base_url,
    }
}

/// `dir/name.ext` with `.tag` before the last suffix of the base name: `dir/name.tag.ext`.
/// A name without a suffix gets `.tag` at its end.
pub(crate) fn insert_before_suffix(path: &str, tag: &str) -> String {
    let base_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[base_start..].rfind('.') {
        Some(dot) if dot > 0 => {
            let at = base_start + dot;
            format!("{}.{}{}", &path[..at], tag, &path[at..])
        }
        _ => format!("{path}.{tag}"),
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Standard base64 with padding, as SRI strings use.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, want) in cases {
            assert_eq!(base64(input.as_bytes()), want);
        }
    }

    #[test]
    fn suffix_insertion_follows_hugo_names() {
        assert_eq!(
            insert_before_suffix("/css/main.css", "min"),
            "/css/main.min.css"
        );
        assert_eq!(
            insert_before_suffix("/css/main.min.css", "ab"),
            "/css/main.min.ab.css"
        );
        assert_eq!(insert_before_suffix("/a.b/noext", "x"), "/a.b/noext.x");
        assert_eq!(insert_before_suffix("/.hidden", "x"), "/.hidden.x");
    }

    #[test]
    fn permalinks_use_the_base_url_path() {
        let r = Resource::new("css/a.css", &b"x"[..]);
        assert_eq!(r.rel_permalink("https://example.org/"), "/css/a.css");
        assert_eq!(
            r.rel_permalink("https://example.org/blog/"),
            "/blog/css/a.css"
        );
        assert_eq!(r.rel_permalink("https://example.org"), "/css/a.css");
        assert_eq!(
            r.permalink("https://example.org/blog/"),
            "https://example.org/blog/css/a.css"
        );
    }

    #[test]
    fn concat_refuses_mixed_types_and_joins_js_safely() {
        let js = Resource::new("a.js", &b"a()"[..]);
        let css = Resource::new("b.css", &b"b{}"[..]);
        let err = concat("all.js", &[js.clone(), css]).unwrap_err();
        assert!(matches!(err, Error::ConcatMediaTypes { .. }));
        let joined = concat("all.js", &[js.clone(), js]).unwrap();
        assert_eq!(joined.content(), b"a()\n;\na()");
        assert_eq!(joined.target_path(), "/all.js");
    }

    #[test]
    fn unknown_fingerprint_algorithm_is_an_error() {
        let r = Resource::new("a.css", &b""[..]);
        assert!(matches!(
            r.fingerprint("sha1"),
            Err(Error::FingerprintAlgorithm(_))
        ));
    }
}
