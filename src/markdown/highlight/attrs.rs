//! Fence info strings: the language and the attributes written after it.
//!
//! Writers bring their habits from two generators, so both forms are read:
//! Hugo's ```` ```go {linenos=table,hl_lines=[2,"4-5"],linenostart=10,title="main.go"} ```` and
//! Zola's ```` ```rust,linenos,hl_lines=3-5,linenostart=10,name=mod.rs ````. Unknown keys are
//! ignored, as both generators do, so a Hugo site with `{.class}` or `anchorlinenos` still builds.

/// What a fence's info string asks for. `None` means "not said here": the config decides.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FenceInfo<'a> {
    /// The language token as written (`go`, `golang`, `rs`), empty when absent.
    pub lang: &'a str,
    pub line_nos: Option<bool>,
    /// Inclusive ranges of lines to mark, counted from 1 at the block's first line whatever
    /// `linenostart` says (Hugo and Zola both count this way).
    pub hl_lines: Vec<(usize, usize)>,
    pub line_start: Option<usize>,
    /// `title=` (Hugo) or `name=` (Zola).
    pub title: Option<String>,
}

impl FenceInfo<'_> {
    /// Whether the 1-based block line `n` is in `hl_lines`.
    pub fn is_highlighted(&self, n: usize) -> bool {
        self.hl_lines.iter().any(|&(a, b)| a <= n && n <= b)
    }
}

/// Splits an info string into the language and its attributes.
pub fn parse(info: &str) -> FenceInfo<'_> {
    let info = info.trim();
    let lang_end = info
        .find(|c: char| c == ',' || c == '{' || c.is_whitespace())
        .unwrap_or(info.len());
    let mut fence = FenceInfo {
        lang: &info[..lang_end],
        ..FenceInfo::default()
    };
    let rest = &info[lang_end..];
    let attrs = match rest.find('{') {
        Some(open) => {
            let inner = &rest[open + 1..];
            &inner[..inner.rfind('}').unwrap_or(inner.len())]
        }
        None => rest,
    };
    for (key, value) in attributes(attrs) {
        apply(&mut fence, &key.to_ascii_lowercase(), value);
    }
    fence
}

fn apply(fence: &mut FenceInfo, key: &str, value: Option<&str>) {
    match key {
        "linenos" => match value.map(str::to_ascii_lowercase).as_deref() {
            None | Some("true" | "table" | "inline") => fence.line_nos = Some(true),
            Some("false") => fence.line_nos = Some(false),
            Some(_) => {}
        },
        "hl_lines" => fence.hl_lines = value.map(parse_line_ranges).unwrap_or_default(),
        "linenostart" => {
            fence.line_start = value
                .and_then(|v| v.parse().ok())
                .filter(|&n: &usize| n > 0)
        }
        "title" | "name" => fence.title = value.filter(|v| !v.is_empty()).map(str::to_string),
        _ => {}
    }
}

/// `key=value` pairs separated by commas or spaces; a bare `key` has no value. Values may be
/// quoted (`"main.go"`) or a list (`[2,"4-5"]`); `hl_lines=1 3-5 9` (Zola) keeps its spaces.
fn attributes(mut rest: &str) -> Vec<(&str, Option<&str>)> {
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        if rest.is_empty() {
            return out;
        }
        let key_end = rest
            .find(|c: char| c == '=' || c == ',' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = &rest[key_end..];
        let value = match rest.strip_prefix('=') {
            Some(after) => {
                let (value, after) = take_value(after, key.eq_ignore_ascii_case("hl_lines"));
                rest = after;
                Some(value)
            }
            None => None,
        };
        out.push((key, value));
    }
}

/// Takes one value off the front of `s`, returning it (unquoted) and what follows.
fn take_value(s: &str, line_list: bool) -> (&str, &str) {
    for (open, close) in [('"', '"'), ('\'', '\''), ('[', ']')] {
        if let Some(inner) = s.strip_prefix(open) {
            let end = inner.find(close).unwrap_or(inner.len());
            let after = inner.get(end + 1..).unwrap_or("");
            return (&inner[..end], after);
        }
    }
    let end = s
        .find(|c: char| c == ',' || c.is_whitespace())
        .unwrap_or(s.len());
    if !line_list {
        return (&s[..end], &s[end..]);
    }
    // Zola's `hl_lines=1 3-5 9`: swallow following tokens made only of digits and dashes.
    let mut end = end;
    loop {
        let after = &s[end..];
        let trimmed = after.trim_start_matches([' ', '\t']);
        let token_len = trimmed
            .find(|c: char| !(c.is_ascii_digit() || c == '-'))
            .unwrap_or(trimmed.len());
        let token = &trimmed[..token_len];
        let ends_token = trimmed[token_len..]
            .chars()
            .next()
            .map_or(true, |c| c == ',' || c.is_whitespace());
        if token.is_empty() || !ends_token || trimmed.len() == after.len() {
            return (&s[..end], &s[end..]);
        }
        end += (after.len() - trimmed.len()) + token_len;
    }
}

/// `2 4-5`, `2,"4-5"`, `3-5`: inclusive ranges; malformed pieces are dropped.
pub fn parse_line_ranges(spec: &str) -> Vec<(usize, usize)> {
    spec.split(|c: char| c == ',' || c.is_whitespace() || "[]\"'".contains(c))
        .filter(|t| !t.is_empty())
        .filter_map(|t| {
            let (a, b) = t.split_once('-').unwrap_or((t, t));
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a > 0 && a <= b).then_some((a, b))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_language() {
        let f = parse("go");
        assert_eq!(f.lang, "go");
        assert_eq!(
            f,
            FenceInfo {
                lang: "go",
                ..FenceInfo::default()
            }
        );
        assert_eq!(parse("").lang, "");
    }

    #[test]
    fn hugo_attributes() {
        let f = parse(r#"go {linenos=table,hl_lines=[2,"4-5"],linenostart=10,title="main.go"}"#);
        assert_eq!(f.lang, "go");
        assert_eq!(f.line_nos, Some(true));
        assert_eq!(f.hl_lines, vec![(2, 2), (4, 5)]);
        assert_eq!(f.line_start, Some(10));
        assert_eq!(f.title.as_deref(), Some("main.go"));
    }

    #[test]
    fn hugo_linenos_values() {
        assert_eq!(parse("go {linenos=inline}").line_nos, Some(true));
        assert_eq!(parse("go {linenos=true}").line_nos, Some(true));
        assert_eq!(parse("go {linenos=false}").line_nos, Some(false));
        assert_eq!(parse("go {linenos=maybe}").line_nos, None);
        assert_eq!(parse("go").line_nos, None);
    }

    #[test]
    fn hugo_string_line_list() {
        assert_eq!(
            parse(r#"go {hl_lines="2 4-5"}"#).hl_lines,
            vec![(2, 2), (4, 5)]
        );
        assert_eq!(parse("go {hl_lines=[3, 7]}").hl_lines, vec![(3, 3), (7, 7)]);
    }

    #[test]
    fn hugo_space_separated_pairs() {
        let f = parse("go {linenos=true hl_lines=2 linenostart=5}");
        assert_eq!(f.line_nos, Some(true));
        assert_eq!(f.hl_lines, vec![(2, 2)]);
        assert_eq!(f.line_start, Some(5));
    }

    #[test]
    fn zola_attributes() {
        let f = parse("rust,linenos,hl_lines=3-5,linenostart=10,name=mod.rs");
        assert_eq!(f.lang, "rust");
        assert_eq!(f.line_nos, Some(true));
        assert_eq!(f.hl_lines, vec![(3, 5)]);
        assert_eq!(f.line_start, Some(10));
        assert_eq!(f.title.as_deref(), Some("mod.rs"));
    }

    #[test]
    fn zola_space_separated_line_list() {
        let f = parse("rust,hl_lines=1 3-5 9,linenos");
        assert_eq!(f.hl_lines, vec![(1, 1), (3, 5), (9, 9)]);
        assert_eq!(f.line_nos, Some(true));
    }

    #[test]
    fn attributes_without_language() {
        let f = parse("{linenos=true}");
        assert_eq!(f.lang, "");
        assert_eq!(f.line_nos, Some(true));
    }

    #[test]
    fn unknown_keys_and_junk_are_ignored() {
        let f = parse("go {.wide #x anchorlinenos=true linenostart=zero hl_lines=[b-a,0,5-3]}");
        assert_eq!(f.lang, "go");
        assert_eq!(f.line_start, None);
        assert!(f.hl_lines.is_empty());
    }

    #[test]
    fn highlighted_lines() {
        let f = parse("go {hl_lines=[2,\"4-5\"]}");
        let marked: Vec<usize> = (1..=6).filter(|&n| f.is_highlighted(n)).collect();
        assert_eq!(marked, vec![2, 4, 5]);
    }
}
