//! URLs as Hugo makes them: paths from file names, `slug`, `url` and `[permalinks]` patterns.

use chrono::{DateTime, Datelike, FixedOffset};

/// Hugo's `urlize` for path segments and taxonomy terms: lowercased, spaces to `-`, letters
/// (CJK included), digits and `._-~+#` kept, other punctuation dropped.
pub fn urlize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_whitespace() {
            out.push('-');
        } else if c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '~' | '+' | '#' | '/') {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Ensures a leading slash and, for a directory URL, a trailing one.
pub fn normalize_url(url: &str) -> String {
    let mut u = String::from("/");
    u.push_str(url.trim().trim_start_matches('/'));
    if !u.ends_with('/') && !has_file_extension(&u) {
        u.push('/');
    }
    while u.contains("//") {
        u = u.replace("//", "/");
    }
    u
}

fn has_file_extension(url: &str) -> bool {
    let last = url.rsplit('/').next().unwrap_or("");
    matches!(last.rsplit_once('.'), Some((stem, ext)) if !stem.is_empty() && matches!(ext, "html" | "htm" | "xml" | "json" | "txt"))
}

/// The output file for a URL path: `/post/x/` -> `post/x/index.html`, `/a.html` -> `a.html`.
pub fn output_file(url: &str) -> std::path::PathBuf {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        std::path::PathBuf::from(format!("{trimmed}index.html"))
    } else {
        std::path::PathBuf::from(trimmed)
    }
}

/// The values a permalink pattern can use.
pub struct PermalinkParts<'a> {
    pub section: &'a str,
    pub slug: Option<&'a str>,
    pub title: &'a str,
    pub filename: &'a str,
    pub date: Option<DateTime<FixedOffset>>,
}

/// Expands `[permalinks]` patterns: `:year :month :day :slug :title :section :filename`
/// (and Hugo's `:slugorfilename`, `:monthname`, `:yearday`).
pub fn expand_permalink(pattern: &str, p: &PermalinkParts) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let token = &after[..len];
        let date = p.date;
        let value = match token {
            "year" => date.map(|d| format!("{:04}", d.year())),
            "month" => date.map(|d| format!("{:02}", d.month())),
            "monthname" => date.map(|d| d.format("%B").to_string().to_lowercase()),
            "day" => date.map(|d| format!("{:02}", d.day())),
            "yearday" => date.map(|d| format!("{:03}", d.ordinal())),
            "section" => Some(p.section.to_string()),
            "slug" => Some(urlize(p.slug.unwrap_or(p.title))),
            "slugorfilename" => Some(p.slug.map(urlize).unwrap_or_else(|| urlize(p.filename))),
            "title" => Some(urlize(p.title)),
            "filename" | "contentbasename" => Some(urlize(p.filename)),
            _ => None,
        };
        match value {
            Some(v) => out.push_str(&v),
            None if token.is_empty() => out.push(':'),
            None => {
                out.push(':');
                out.push_str(token);
            }
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    normalize_url(&out)
}

/// Percent-encodes a URL path for use in HTML and XML: ASCII letters, digits and
/// `/-._~:+#@!$&'()*,;=%` stay, everything else (CJK, spaces) is encoded as UTF-8 bytes.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:+#@!$&'()*,;=%?".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlize_keeps_cjk_and_lowercases() {
        assert_eq!(urlize("Kubernetes"), "kubernetes");
        assert_eq!(urlize("Leader Election"), "leader-election");
        assert_eq!(urlize("服务发现"), "服务发现");
        assert_eq!(urlize("C++"), "c++");
        assert_eq!(urlize("What's new?"), "whats-new");
    }

    #[test]
    fn permalink_patterns() {
        let date = chrono::DateTime::parse_from_rfc3339("2024-03-05T10:00:00+08:00").ok();
        let p = PermalinkParts {
            section: "post",
            slug: None,
            title: "Hello World",
            filename: "hello",
            date,
        };
        assert_eq!(
            expand_permalink("/:year/:month/:day/:slug/", &p),
            "/2024/03/05/hello-world/"
        );
        assert_eq!(expand_permalink("/:section/:filename", &p), "/post/hello/");
    }

    #[test]
    fn output_files() {
        assert_eq!(
            output_file("/post/x/"),
            std::path::PathBuf::from("post/x/index.html")
        );
        assert_eq!(output_file("/"), std::path::PathBuf::from("index.html"));
        assert_eq!(
            output_file("/a/b.html"),
            std::path::PathBuf::from("a/b.html")
        );
        assert_eq!(normalize_url("about"), "/about/");
        assert_eq!(normalize_url("/x/y.html"), "/x/y.html");
    }

    #[test]
    fn encodes_cjk_paths() {
        assert_eq!(encode_path("/tags/服务/"), "/tags/%E6%9C%8D%E5%8A%A1/");
        assert_eq!(encode_path("/a b/"), "/a%20b/");
    }
}
