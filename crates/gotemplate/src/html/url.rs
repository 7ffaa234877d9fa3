//! URLs: the filter that keeps `javascript:` and other unknown schemes out, the escaper for
//! query parts, the normalizer for whole URLs, and the `srcset` filter (Go's `url.go`).

use super::content::{stringify, Content};
use super::FILTER_FAILSAFE;
use crate::value::{SafeKind, Value};

/// `_html_template_urlfilter`: a URL whose scheme is not http, https or mailto becomes
/// `#ZgotmplZ`; `template.URL` passes.
pub fn url_filter(args: &[Value]) -> String {
    let (s, content) = stringify(args);
    if content == Content::Safe(SafeKind::Url) {
        return s;
    }
    if !is_safe_url(&s) {
        return format!("#{FILTER_FAILSAFE}");
    }
    s
}

/// A URL is safe when it is relative (no `:` before the first `/`) or its scheme is
/// http, https or mailto.
fn is_safe_url(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') => ["http", "https", "mailto"]
            .iter()
            .any(|w| equal_fold(scheme, w)),
        _ => true,
    }
}

/// Go's `strings.EqualFold` against a lower-case ASCII word: besides ASCII case, the long
/// s `ſ` folds to `s`.
fn equal_fold(s: &str, word: &str) -> bool {
    let mut a = s.chars();
    for w in word.chars() {
        match a.next() {
            Some(c) if c.eq_ignore_ascii_case(&w) || (c == '\u{17f}' && w == 's') => {}
            _ => return false,
        }
    }
    a.next().is_none()
}

/// `_html_template_urlescaper`: percent-encodes everything but RFC 3986's unreserved
/// characters, for a part of a query or fragment.
pub fn url_escaper(args: &[Value]) -> String {
    url_processor(false, args)
}

/// `_html_template_urlnormalizer`: percent-encodes what cannot appear in a URL (spaces,
/// quotes, `<`...), keeping reserved characters and valid `%xx` escapes, for a whole URL
/// or its path.
pub fn url_normalizer(args: &[Value]) -> String {
    url_processor(true, args)
}

fn url_processor(norm: bool, args: &[Value]) -> String {
    let (s, content) = stringify(args);
    // A `template.URL` is normalized, never escaped.
    let norm = norm || content == Content::Safe(SafeKind::Url);
    let mut out = String::with_capacity(s.len() + 16);
    process_url_onto(&s, norm, &mut out);
    out
}

/// Writes `s` percent-encoded onto `out` (UTF-8 bytes, as `encodeURIComponent`).
/// Single quotes and parentheses are encoded too, though RFC 3986 allows them, so the
/// result fits in single-quoted attributes and unquoted CSS `url(...)`.
fn process_url_onto(s: &str, norm: bool, out: &mut String) {
    let b = s.as_bytes();
    let mut written = 0;
    for (i, &c) in b.iter().enumerate() {
        let keep = match c {
            b'!' | b'#' | b'$' | b'&' | b'*' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?'
            | b'@' | b'[' | b']' => norm,
            b'-' | b'.' | b'_' | b'~' => true,
            // A normalizer leaves valid escapes alone.
            b'%' => {
                norm && i + 2 < b.len()
                    && b[i + 1].is_ascii_hexdigit()
                    && b[i + 2].is_ascii_hexdigit()
            }
            c => c.is_ascii_alphanumeric(),
        };
        if !keep {
            push_ascii(out, &b[written..i]);
            out.push_str(&format!("%{c:02x}"));
            written = i + 1;
        }
    }
    push_ascii(out, &b[written..]);
}

/// Every byte outside ASCII is encoded, so the runs between encoded bytes are ASCII.
fn push_ascii(out: &mut String, run: &[u8]) {
    out.extend(run.iter().map(|&b| b as char));
}

/// `_html_template_srcsetescaper`: filters each URL of a `srcset` list and normalizes it;
/// a candidate with an unsafe URL or odd metadata becomes `#ZgotmplZ`. `template.Srcset`
/// passes, a `template.URL` is one URL (its commas encoded).
pub fn srcset_filter_and_escaper(args: &[Value]) -> String {
    let (s, content) = stringify(args);
    match content {
        Content::Safe(SafeKind::Srcset) => return s,
        Content::Safe(SafeKind::Url) => {
            // Normalizing encodes the spaces that would separate the URL from metadata.
            let mut out = String::with_capacity(s.len());
            process_url_onto(&s, true, &mut out);
            return out.replace(',', "%2c");
        }
        _ => {}
    }
    let mut out = String::with_capacity(s.len());
    let mut written = 0;
    for (i, _) in s.match_indices(',') {
        filter_srcset_element(&s, written, i, &mut out);
        out.push(',');
        written = i + 1;
    }
    filter_srcset_element(&s, written, s.len(), &mut out);
    out
}

fn is_html_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn filter_srcset_element(s: &str, left: usize, right: usize, out: &mut String) {
    let b = s.as_bytes();
    let mut start = left;
    while start < right && is_html_space(b[start]) {
        start += 1;
    }
    let end = (start..right)
        .find(|&i| is_html_space(b[i]))
        .unwrap_or(right);
    let url = &s[start..end];
    if is_safe_url(url) {
        // Metadata of spaces and ASCII letters and digits (`2x`, `500w`) needs nothing.
        let metadata_ok = b[end..right]
            .iter()
            .all(|&c| is_html_space(c) || c.is_ascii_alphanumeric());
        if metadata_ok {
            out.push_str(&s[left..start]);
            process_url_onto(url, true, out);
            out.push_str(&s[end..right]);
            return;
        }
    }
    out.push('#');
    out.push_str(FILTER_FAILSAFE);
}
