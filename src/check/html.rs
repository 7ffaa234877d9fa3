//! Just enough of HTML to check links: the `href`, `src` and `srcset` values a page points
//! at, and the ids it can be pointed at, each with its byte offset. A full parser would
//! build a tree of every page for nothing; this walks the tags once, skipping comments and
//! the bodies of `<script>` and `<style>`, where a `<` is not a tag.

use memchr::memchr;

/// What one page offers and asks for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scan {
    /// Every link: the attribute's value (entities decoded) and its byte offset.
    pub links: Vec<Link>,
    /// Every `id` (and `<a name>`), as written.
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    /// Byte offset of the value in the scanned text.
    pub offset: usize,
    /// The element, lowercase (`a`, `img`, `link`): a missing `img` is a missing image.
    pub tag: String,
}

/// Scans `html` for links and ids.
pub fn scan(html: &str) -> Scan {
    let mut out = Scan::default();
    let bytes = html.as_bytes();
    let mut pos = 0;
    while let Some(found) = memchr(b'<', &bytes[pos..]) {
        let start = pos + found;
        pos = start + 1;
        let rest = &html[pos..];
        if rest.starts_with("!--") {
            pos = rest.find("-->").map_or(html.len(), |end| pos + end + 3);
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        let tag = &rest[..name_len];
        pos = scan_attributes(html, pos + name_len, tag, &mut out);
        if tag.eq_ignore_ascii_case("script") || tag.eq_ignore_ascii_case("style") {
            pos = skip_raw_text(html, pos, tag);
        }
    }
    out
}

/// Reads the attributes of the tag `tag` from `pos`; returns the offset after its `>`.
fn scan_attributes(html: &str, mut pos: usize, tag: &str, out: &mut Scan) -> usize {
    let bytes = html.as_bytes();
    loop {
        while pos < bytes.len() && (bytes[pos].is_ascii_whitespace() || bytes[pos] == b'/') {
            pos += 1;
        }
        if pos >= bytes.len() {
            return pos;
        }
        if bytes[pos] == b'>' {
            return pos + 1;
        }
        let name_start = pos;
        while pos < bytes.len() && !matches!(bytes[pos], b'=' | b'>' | b'/') {
            if bytes[pos].is_ascii_whitespace() {
                break;
            }
            pos += 1;
        }
        let name = &html[name_start..pos];
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= bytes.len() || bytes[pos] != b'=' {
            continue;
        }
        pos += 1;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let (value_start, value_end, next) = attribute_value(html, pos);
        pos = next;
        record(tag, name, &html[value_start..value_end], value_start, out);
    }
}

/// The bounds of a quoted or bare attribute value starting at `pos`, and where to go on.
fn attribute_value(html: &str, pos: usize) -> (usize, usize, usize) {
    let bytes = html.as_bytes();
    match bytes.get(pos) {
        Some(&q @ (b'"' | b'\'')) => {
            let end = memchr(q, &bytes[pos + 1..]).map_or(html.len(), |e| pos + 1 + e);
            (pos + 1, end, (end + 1).min(html.len()))
        }
        _ => {
            let end = bytes[pos..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>')
                .map_or(html.len(), |e| pos + e);
            (pos, end, end)
        }
    }
}

fn record(tag: &str, name: &str, value: &str, offset: usize, out: &mut Scan) {
    let is = |s: &str| name.eq_ignore_ascii_case(s);
    let mut push = |url: &str| {
        out.links.push(Link {
            url: decode_entities(url),
            offset,
            tag: tag.to_ascii_lowercase(),
        })
    };
    if is("href") && !tag.eq_ignore_ascii_case("base") || is("src") {
        push(value);
    } else if is("srcset") {
        value
            .split(',')
            .filter_map(|candidate| candidate.split_whitespace().next())
            .for_each(push);
    } else if is("id") || (is("name") && tag.eq_ignore_ascii_case("a")) {
        out.ids.push(decode_entities(value));
    }
}

/// Skips the body of a `<script>` or `<style>` up to its end tag.
fn skip_raw_text(html: &str, pos: usize, tag: &str) -> usize {
    let close = format!("</{}", tag.to_ascii_lowercase());
    let rest = &html[pos..];
    match rest.find(&close).or_else(|| {
        rest.to_ascii_lowercase().find(&close) // rare: an upper-case end tag
    }) {
        Some(end) => pos + end,
        None => html.len(),
    }
}

/// Decodes the entities that appear in URLs and ids: `&amp;`, `&quot;`, `&#39;`, `&lt;`,
/// `&gt;` and numeric references (search's decoder, with no extra names).
pub fn decode_entities(s: &str) -> String {
    search::decode_entities(s, &[]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_ids_and_offsets() {
        let html = r#"<h2 id="续约">x</h2><a class=x href="/post/a/?q=1&amp;b=2#top">a</a>
<img src='/img/a.png' srcset="/img/a-2x.png 2x, /img/a-3x.png 3x"><a name=old>"#;
        let s = scan(html);
        assert_eq!(s.ids, vec!["续约", "old"]);
        let urls: Vec<&str> = s.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/post/a/?q=1&b=2#top",
                "/img/a.png",
                "/img/a-2x.png",
                "/img/a-3x.png"
            ]
        );
        assert_eq!(&html[s.links[0].offset..s.links[0].offset + 8], "/post/a/");
        assert_eq!(
            (s.links[0].tag.as_str(), s.links[1].tag.as_str()),
            ("a", "img")
        );
    }

    #[test]
    fn skips_comments_scripts_and_text() {
        let html =
            "<!-- <a href=\"/no/\"> --><script>if (a<b) { x = '<a href=\"/no/\">' }</script>\
                    <p>1 < 2 and <code>&lt;a href=\"/no/\"&gt;</code></p><a href=/yes/>y</a>";
        let s = scan(html);
        let urls: Vec<&str> = s.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["/yes/"]);
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode_entities("a&amp;b&#39;c&#x4e2d;&nbsp;&"),
            "a&b'c中&nbsp;&"
        );
    }
}
