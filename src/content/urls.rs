//! URLs as Hugo makes them: paths from file names, `slug`, `url` and `[permalinks]` patterns.

use chrono::{DateTime, Datelike, FixedOffset};

/// Hugo's `urlize` (`UnicodeSanitize`, then lowercased) for path segments and taxonomy
/// terms: letters of any script, digits, marks and `./\\_#+~-@` are kept, a run of spaces
/// between kept characters becomes one `-`, anything else is dropped.
pub fn urlize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_hyphen = false;
    let mut was_hyphen = false;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let escape = c == '%'
            && chars.get(i + 1).is_some_and(char::is_ascii_hexdigit)
            && chars.get(i + 2).is_some_and(char::is_ascii_hexdigit);
        let allowed = matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
            || c.is_alphanumeric()
            || is_mark(c)
            || escape;
        if allowed {
            was_hyphen = c == '-';
            if pending_hyphen && !was_hyphen {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            pending_hyphen = true;
        }
    }
    out
}

/// Combining marks (Unicode category M), which Hugo keeps in URLs: enough of the common
/// blocks to cover accents and the marks of Indic and Southeast Asian scripts.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0E31 | 0x0E34..=0x0E3A
        | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0x3099..=0x309A
        | 0xFE20..=0xFE2F)
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
    /// The top-level section (`:section`).
    pub section: &'a str,
    /// The folders of the page's section, `/`-separated (`:sections`).
    pub sections: &'a str,
    pub slug: Option<&'a str>,
    pub title: &'a str,
    /// The file name without extension, a bundle's folder name (`:filename`).
    pub filename: &'a str,
    pub date: Option<DateTime<FixedOffset>>,
}

/// Expands a `[permalinks]` pattern with Hugo's tokens: `:year :month :monthname :day
/// :weekday :weekdayname :yearday :section :sections :title :slug :slugorfilename :filename
/// :contentbasename`. `:slug` falls back to the title, `:slugorfilename` to the file name;
/// the result is lowercased as Hugo's paths are. An unknown token stays as written.
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
        match permalink_token(token, p) {
            Some(v) => out.push_str(&v),
            None => {
                out.push(':');
                out.push_str(token);
            }
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    normalize_url(&out.to_lowercase())
}

/// One token's value; `None` for a name Hugo does not know. A date token of an undated
/// page is empty, as Hugo's zero date would not be useful either.
fn permalink_token(token: &str, p: &PermalinkParts) -> Option<String> {
    let date =
        |f: fn(&DateTime<FixedOffset>) -> String| Some(p.date.as_ref().map(f).unwrap_or_default());
    let slug = p.slug.map(str::trim).filter(|s| !s.is_empty());
    match token {
        "year" => date(|d| d.year().to_string()),
        "month" => date(|d| format!("{:02}", d.month())),
        "monthname" => date(|d| d.format("%B").to_string()),
        "day" => date(|d| format!("{:02}", d.day())),
        "weekday" => date(|d| d.weekday().num_days_from_sunday().to_string()),
        "weekdayname" => date(|d| d.format("%A").to_string()),
        "yearday" => date(|d| d.ordinal().to_string()),
        "section" => Some(urlize(p.section)),
        "sections" => Some(urlize(p.sections)),
        "title" => Some(urlize(p.title)),
        "slug" => Some(urlize(slug.unwrap_or(p.title))),
        "slugorfilename" => Some(urlize(slug.unwrap_or(p.filename))),
        "filename" | "contentbasename" => Some(urlize(p.filename)),
        "" => Some(String::new()),
        _ => None,
    }
}

/// The path of page `n` of a paginated list at `list` (`/post/` -> `/post/page/2/`).
pub fn pager_path(list: &str, n: usize) -> String {
    if n <= 1 {
        list.to_string()
    } else {
        format!("{list}page/{n}/")
    }
}

/// The redirect Hugo writes from page 1 of every paginated list back to the list.
pub fn first_pager_alias(list: &str) -> String {
    format!("{list}page/1/")
}

/// The path of a list's feed (`/post/` -> `/post/index.xml`).
pub fn feed_path(list: &str) -> String {
    format!("{list}index.xml")
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
        assert_eq!(urlize("  a  -  b  "), "a-b");
        assert_eq!(urlize("Go 语言 入门"), "go-语言-入门");
        assert_eq!(urlize("???"), "");
        assert_eq!(urlize("a@b%2Fc%zz"), "a@b%2fczz");
    }

    #[test]
    fn permalink_patterns() {
        let date = chrono::DateTime::parse_from_rfc3339("2024-03-05T10:00:00+08:00").ok();
        let p = PermalinkParts {
            section: "post",
            sections: "post",
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
        assert_eq!(
            expand_permalink("/:monthname/:weekday/:weekdayname/:yearday/:title", &p),
            "/march/2/tuesday/65/hello-world/"
        );
        let slugged = PermalinkParts {
            slug: Some("Given Slug"),
            ..p
        };
        assert_eq!(
            expand_permalink("/:slugorfilename/", &slugged),
            "/given-slug/"
        );
        assert_eq!(
            expand_permalink("/:unknown/:slug/", &slugged),
            "/:unknown/given-slug/"
        );
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
