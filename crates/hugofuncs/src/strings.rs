//! `strings`: Hugo's string functions. Arguments are read with spf13/cast's `ToString` rules
//! (numbers and typed strings are strings too); functions that return the same kind of text
//! they were given keep a typed string (`chomp` of `template.HTML` stays HTML).
//!
//! Regular expressions are Go's RE2 syntax, compiled with the `regex` crate, which accepts the
//! same syntax but for a few corners: Go's `\C` (any byte) and `\Q..\E` inside classes are
//! refused, and Rust's `regex` has Unicode-aware `\w`/`\d`/`\b` where Go's are ASCII (we turn
//! Unicode off for those classes to match Go).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use gotemplate::{CallError, SafeKind, Value};
use regex::Regex;

use crate::cast::{arity, err, list, string, to_int, to_string, Res};
use crate::env::{Env, TitleCaseStyle};
use crate::transform::html_escape_str;

fn s(v: &Value) -> Res<String> {
    to_string(v)
}

/// The same kind of text as `like`: a typed string stays typed.
fn same_kind(like: &Value, text: String) -> Value {
    match like {
        Value::Safe(k, _) => Value::Safe(*k, text.into()),
        _ => string(text),
    }
}

/// A compiled regular expression from a small cache: templates call `findRE` with the same
/// pattern on every page.
pub fn regex(pattern: &str) -> Res<Regex> {
    static CACHE: OnceLock<Mutex<HashMap<String, Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(r) = c.get(pattern) {
        return Ok(r.clone());
    }
    // Go's \d, \w, \s and \b are ASCII-only; so are they here, inside `(?-u:...)`.
    let translated = pattern
        .replace(r"\d", r"(?-u:\d)")
        .replace(r"\w", r"(?-u:\w)")
        .replace(r"\b", r"(?-u:\b)");
    let re = Regex::new(&translated)
        .or_else(|_| Regex::new(pattern))
        .map_err(|e| CallError::Message(format!("error parsing regexp: {e}")))?;
    if c.len() > 1000 {
        c.clear();
    }
    c.insert(pattern.to_string(), re.clone());
    Ok(re)
}

pub fn chomp(args: &[Value]) -> Res<Value> {
    arity("chomp", args, 1, 1)?;
    let t = s(&args[0])?;
    Ok(same_kind(
        &args[0],
        t.trim_end_matches(['\r', '\n']).to_string(),
    ))
}

pub fn contains(args: &[Value]) -> Res<Value> {
    arity("strings.Contains", args, 2, 2)?;
    Ok(Value::Bool(s(&args[0])?.contains(&s(&args[1])?)))
}

pub fn contains_any(args: &[Value]) -> Res<Value> {
    arity("strings.ContainsAny", args, 2, 2)?;
    let chars = s(&args[1])?;
    Ok(Value::Bool(s(&args[0])?.chars().any(|c| chars.contains(c))))
}

pub fn contains_non_space(args: &[Value]) -> Res<Value> {
    arity("strings.ContainsNonSpace", args, 1, 1)?;
    Ok(Value::Bool(
        s(&args[0])?.chars().any(|c| !c.is_whitespace()),
    ))
}

/// `strings.Count SUBSTR S`: non-overlapping occurrences; an empty SUBSTR counts the runes
/// plus one, as Go's `strings.Count`.
pub fn count(args: &[Value]) -> Res<Value> {
    arity("strings.Count", args, 2, 2)?;
    let sub = s(&args[0])?;
    let text = s(&args[1])?;
    let n = if sub.is_empty() {
        text.chars().count() + 1
    } else {
        text.matches(sub.as_str()).count()
    };
    Ok(Value::Int(n as i64))
}

/// Removes HTML tags as Hugo's `StripHTML` does: a newline becomes a space, `</p>` and
/// `<br>` a newline, tags go, and white space right after white space is dropped.
pub fn strip_html(s: &str) -> String {
    if !s.contains(['<', '>']) {
        return s.to_string();
    }
    let pre = s
        .replace('\n', " ")
        .replace("</p>", "\n")
        .replace("<br>", "\n")
        .replace("<br />", "\n");
    let mut out = String::with_capacity(pre.len());
    let (mut in_tag, mut is_space, mut was_space) = (false, false, false);
    for r in pre.chars() {
        if !in_tag {
            is_space = false;
        }
        match r {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {
                if r.is_whitespace() {
                    is_space = true;
                }
                if !in_tag && (!is_space || !was_space) {
                    out.push(r);
                }
            }
        }
        was_space = is_space;
    }
    out
}

/// `countrunes`: runes that are not white space, tags removed.
pub fn count_runes(args: &[Value]) -> Res<Value> {
    arity("countrunes", args, 1, 1)?;
    let t = strip_html(&s(&args[0])?);
    Ok(Value::Int(
        t.chars().filter(|c| !c.is_whitespace()).count() as i64
    ))
}

/// `strings.RuneCount`: every rune.
pub fn rune_count(args: &[Value]) -> Res<Value> {
    arity("strings.RuneCount", args, 1, 1)?;
    Ok(Value::Int(s(&args[0])?.chars().count() as i64))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3040..=0x30FF | 0x3130..=0x318F
        | 0x31A0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// `countwords`: words split on white space, tags removed; a word with CJK characters counts
/// each of them as a word, as Hugo does for languages without spaces.
pub fn count_words(args: &[Value]) -> Res<Value> {
    arity("countwords", args, 1, 1)?;
    let t = strip_html(&s(&args[0])?);
    let mut n = 0i64;
    for w in t.split_whitespace() {
        let cjk = w.chars().filter(|&c| is_cjk(c)).count();
        n += if cjk > 0 { cjk as i64 } else { 1 };
    }
    Ok(Value::Int(n))
}

fn limit_arg(args: &[Value], i: usize) -> Res<Option<usize>> {
    match args.get(i) {
        None => Ok(None),
        Some(v) => {
            let n = to_int(v)?;
            Ok(if n < 0 { None } else { Some(n as usize) })
        }
    }
}

/// `findRE PATTERN INPUT [LIMIT]`: the matches, at most LIMIT of them.
pub fn find_re(args: &[Value]) -> Res<Value> {
    arity("findRE", args, 2, 3)?;
    let re = regex(&s(&args[0])?)?;
    let text = s(&args[1])?;
    let limit = limit_arg(args, 2)?;
    let found = re
        .find_iter(&text)
        .take(limit.unwrap_or(usize::MAX))
        .map(|m| string(m.as_str()))
        .collect();
    Ok(list(found))
}

/// `findRESubmatch PATTERN INPUT [LIMIT]`: for each match, the match and its groups (an
/// unmatched group is empty).
pub fn find_re_submatch(args: &[Value]) -> Res<Value> {
    arity("findRESubmatch", args, 2, 3)?;
    let re = regex(&s(&args[0])?)?;
    let text = s(&args[1])?;
    let limit = limit_arg(args, 2)?;
    let found = re
        .captures_iter(&text)
        .take(limit.unwrap_or(usize::MAX))
        .map(|c| {
            list(
                c.iter()
                    .map(|g| string(g.map_or("", |m| m.as_str())))
                    .collect(),
            )
        })
        .collect();
    Ok(list(found))
}

/// `strings.FirstUpper`.
pub fn first_upper(args: &[Value]) -> Res<Value> {
    arity("strings.FirstUpper", args, 1, 1)?;
    Ok(string(upper_first(&s(&args[0])?)))
}

fn upper_first(t: &str) -> String {
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn has_prefix(args: &[Value]) -> Res<Value> {
    arity("hasPrefix", args, 2, 2)?;
    Ok(Value::Bool(s(&args[0])?.starts_with(&s(&args[1])?)))
}

pub fn has_suffix(args: &[Value]) -> Res<Value> {
    arity("hasSuffix", args, 2, 2)?;
    Ok(Value::Bool(s(&args[0])?.ends_with(&s(&args[1])?)))
}

/// `replace INPUT OLD NEW [LIMIT]`.
pub fn replace(args: &[Value]) -> Res<Value> {
    arity("replace", args, 3, 4)?;
    let text = s(&args[0])?;
    let old = s(&args[1])?;
    let new = s(&args[2])?;
    Ok(string(match limit_arg(args, 3)? {
        Some(n) => text.replacen(&old, &new, n),
        None => text.replace(&old, &new),
    }))
}

/// `replaceRE PATTERN REPLACEMENT INPUT [LIMIT]`: `$1`, `${name}` expand as in Go.
pub fn replace_re(args: &[Value]) -> Res<Value> {
    arity("replaceRE", args, 3, 4)?;
    let re = regex(&s(&args[0])?)?;
    let rep = s(&args[1])?;
    let text = s(&args[2])?;
    let n = limit_arg(args, 3)?.unwrap_or(0);
    Ok(string(re.replacen(&text, n, rep.as_str()).into_owned()))
}

/// `strings.Repeat N INPUT`.
pub fn repeat(args: &[Value]) -> Res<Value> {
    arity("strings.Repeat", args, 2, 2)?;
    let n = to_int(&args[0])?;
    if n < 0 {
        return err("strings: negative Repeat count");
    }
    let t = s(&args[1])?;
    if t.len().saturating_mul(n as usize) > 1 << 28 {
        return err("strings: Repeat output too large");
    }
    Ok(string(t.repeat(n as usize)))
}

/// `slicestr INPUT [START [END]]`: runes START..END; out of range is an error.
pub fn slicestr(args: &[Value]) -> Res<Value> {
    arity("slicestr", args, 1, 3)?;
    let runes: Vec<char> = s(&args[0])?.chars().collect();
    let len = runes.len() as i64;
    let start = match args.get(1) {
        Some(v) => to_int(v)?,
        None => 0,
    };
    let end = match args.get(2) {
        Some(v) => to_int(v)?,
        None => len,
    };
    if start < 0 || start >= len.max(1) && !(start == 0 && len == 0) {
        return err("slice bounds out of range");
    }
    if end < 0 || end > len || start > end {
        return err("slice bounds out of range");
    }
    Ok(string(
        runes[start as usize..end as usize]
            .iter()
            .collect::<String>(),
    ))
}

/// `split INPUT DELIM`.
pub fn split(args: &[Value]) -> Res<Value> {
    arity("split", args, 2, 2)?;
    let text = s(&args[0])?;
    let delim = s(&args[1])?;
    let parts: Vec<Value> = if delim.is_empty() {
        text.chars().map(|c| string(c.to_string())).collect()
    } else {
        text.split(delim.as_str()).map(string).collect()
    };
    Ok(list(parts))
}

/// `substr INPUT START [LENGTH]`: runes; a negative START counts from the end, a negative
/// LENGTH leaves that many off the end. Hugo 0.168 returns "" where 0.111 gave an error for a
/// start past the end.
pub fn substr(args: &[Value]) -> Res<Value> {
    arity("substr", args, 2, 3)?;
    let runes: Vec<char> = s(&args[0])?.chars().collect();
    let n = runes.len() as i64;
    let mut start = to_int(&args[1])
        .map_err(|_| CallError::Message("start argument must be an integer".into()))?;
    let length = match args.get(2) {
        Some(v) => Some(
            to_int(v)
                .map_err(|_| CallError::Message("length argument must be an integer".into()))?,
        ),
        None => None,
    };
    if start < 0 {
        start = (n + start).max(0);
    }
    if start >= n {
        return Ok(string(""));
    }
    let end = match length {
        None => n,
        Some(l) if l < 0 => n + l,
        Some(l) => (start + l).min(n),
    };
    if end <= start {
        return Ok(string(""));
    }
    Ok(string(
        runes[start as usize..end as usize]
            .iter()
            .collect::<String>(),
    ))
}

const AP_SMALL: &[&str] = &[
    "a", "an", "and", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "so", "the", "to",
    "up", "yet",
];
const CHICAGO_SMALL: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to",
    "up", "via", "vs", "vs.",
];

/// Title case in a style: the first and last word always capitalized, the style's small words
/// lower case elsewhere, every other word's first letter (and each hyphenated part's) upper.
pub fn title_case(text: &str, style: TitleCaseStyle) -> String {
    let small = match style {
        TitleCaseStyle::Go => return go_title(text),
        TitleCaseStyle::FirstUpper => return upper_first(text),
        TitleCaseStyle::None => return text.to_string(),
        TitleCaseStyle::Ap => AP_SMALL,
        TitleCaseStyle::Chicago => CHICAGO_SMALL,
    };
    let words: Vec<&str> = text.split(' ').collect();
    let last = words.iter().rposition(|w| !w.is_empty()).unwrap_or(0);
    let mut out = Vec::with_capacity(words.len());
    let mut after_colon = true;
    for (i, w) in words.iter().enumerate() {
        let lower = w.to_lowercase();
        let word = if !after_colon && i != last && small.contains(&lower.as_str()) {
            lower
        } else {
            w.split('-').map(upper_first).collect::<Vec<_>>().join("-")
        };
        if !w.is_empty() {
            after_colon = w.ends_with([':', '?', '!', '.']);
        }
        out.push(word);
    }
    out.join(" ")
}

/// Go's deprecated `strings.Title`: the first letter after anything that is not a letter,
/// digit, underscore or apostrophe goes upper case.
fn go_title(text: &str) -> String {
    let mut prev_sep = true;
    text.chars()
        .map(|c| {
            let out: String = if prev_sep {
                c.to_uppercase().collect()
            } else {
                c.to_string()
            };
            prev_sep = !(c.is_alphanumeric() || c == '_' || c == '\'');
            out
        })
        .collect()
}

/// `title` in the site's `titleCaseStyle` (AP by default).
pub fn title(env: &Env, args: &[Value]) -> Res<Value> {
    arity("title", args, 1, 1)?;
    Ok(string(title_case(&s(&args[0])?, env.title_case_style)))
}

pub fn lower(args: &[Value]) -> Res<Value> {
    arity("lower", args, 1, 1)?;
    Ok(string(s(&args[0])?.to_lowercase()))
}

/// `upper`: Go's `strings.ToUpper` maps each rune alone (`ß` stays `ß`).
pub fn upper(args: &[Value]) -> Res<Value> {
    arity("upper", args, 1, 1)?;
    Ok(string(
        s(&args[0])?
            .chars()
            .map(|c| {
                let mut u = c.to_uppercase();
                match (u.next(), u.next()) {
                    (Some(one), None) => one,
                    _ => c,
                }
            })
            .collect::<String>(),
    ))
}

/// `trim INPUT CUTSET`.
pub fn trim(args: &[Value]) -> Res<Value> {
    arity("trim", args, 2, 2)?;
    let cut = s(&args[1])?;
    Ok(string(s(&args[0])?.trim_matches(|c| cut.contains(c))))
}

/// `strings.TrimLeft CUTSET INPUT`.
pub fn trim_left(args: &[Value]) -> Res<Value> {
    arity("strings.TrimLeft", args, 2, 2)?;
    let cut = s(&args[0])?;
    Ok(string(s(&args[1])?.trim_start_matches(|c| cut.contains(c))))
}

pub fn trim_right(args: &[Value]) -> Res<Value> {
    arity("strings.TrimRight", args, 2, 2)?;
    let cut = s(&args[0])?;
    Ok(string(s(&args[1])?.trim_end_matches(|c| cut.contains(c))))
}

/// `strings.TrimPrefix PREFIX INPUT`: one occurrence.
pub fn trim_prefix(args: &[Value]) -> Res<Value> {
    arity("strings.TrimPrefix", args, 2, 2)?;
    let p = s(&args[0])?;
    let t = s(&args[1])?;
    Ok(string(t.strip_prefix(p.as_str()).unwrap_or(&t)))
}

pub fn trim_suffix(args: &[Value]) -> Res<Value> {
    arity("strings.TrimSuffix", args, 2, 2)?;
    let p = s(&args[0])?;
    let t = s(&args[1])?;
    Ok(string(t.strip_suffix(p.as_str()).unwrap_or(&t)))
}

pub fn trim_space(args: &[Value]) -> Res<Value> {
    arity("strings.TrimSpace", args, 1, 1)?;
    Ok(string(s(&args[0])?.trim()))
}

/// Tags that have no closing tag, which `truncate` does not close.
const SINGLETS: &[&str] = &[
    "br", "col", "link", "base", "img", "param", "area", "hr", "input",
];

struct Tag {
    name: String,
    pos: usize,
    open: bool,
}

/// Reads a tag at the start of `s`: its end, name, whether it closes and whether it is
/// self-closing.
fn read_tag(s: &str) -> Option<(usize, String, bool, bool)> {
    let rest = s.strip_prefix('<')?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let end = rest.find('>')?;
    let inner = &rest[..end];
    let name_end = inner.find(' ').unwrap_or(inner.len());
    let mut name = &inner[..name_end];
    if name.is_empty() {
        return None;
    }
    let self_closing = inner.trim_end().ends_with('/');
    if name_end == inner.len() {
        name = name.trim_end_matches('/');
    }
    let consumed = 1 + closing as usize + end + 1;
    Some((consumed, name.to_string(), closing, self_closing))
}

/// `truncate SIZE [ELLIPSIS] INPUT`: at most SIZE runes of text, cut at a word boundary (or
/// anywhere in CJK text), ELLIPSIS (` …`) added. A `template.HTML` input keeps its tags and
/// gets the ones left open closed; any other input is HTML-escaped.
pub fn truncate(args: &[Value]) -> Res<Value> {
    let (size, ellipsis, input) = match args {
        [size, input] => (size, " …".to_string(), input),
        [size, ell, input] => (size, s(ell)?, input),
        _ => return err("truncate requires a length and a string"),
    };
    let length = to_int(size)
        .map_err(|_| CallError::Message("truncate requires a length and a string".into()))?;
    let text = s(input)?;
    let is_html = matches!(input, Value::Safe(SafeKind::Html, _));
    let html = |t: &str| Value::Safe(SafeKind::Html, Arc::from(t));
    let whole = || {
        if is_html {
            html(&text)
        } else {
            html(&html_escape_str(&text))
        }
    };
    if text.chars().count() as i64 <= length {
        return Ok(whole());
    }
    let mut tags: Vec<Tag> = Vec::new();
    let (mut last_word, mut last_non_space, mut current, mut next_tag) =
        (0usize, 0usize, 0i64, 0usize);
    for (i, r) in text.char_indices() {
        if i < next_tag {
            continue;
        }
        if is_html && r == '<' {
            if let Some((len, name, closing, self_closing)) = read_tag(&text[i..]) {
                next_tag = i + len;
                last_word = last_non_space;
                if !SINGLETS.contains(&name.as_str()) && !self_closing {
                    tags.push(Tag {
                        name,
                        pos: i,
                        open: !closing,
                    });
                }
                continue;
            }
        }
        current += 1;
        if r.is_whitespace() {
            last_word = last_non_space;
        } else if is_cjk(r) {
            last_word = i;
        } else {
            last_non_space = i + r.len_utf8();
        }
        if current > length {
            let end = if last_word == 0 { i } else { last_word };
            let cut = &text[..end];
            if !is_html {
                return Ok(html(&(html_escape_str(cut) + &ellipsis)));
            }
            let mut out = format!("{cut}{ellipsis}");
            let mut pending_close: Option<&str> = None;
            for tag in tags.iter().rev() {
                if tag.pos >= end || pending_close.is_some() {
                    if pending_close == Some(tag.name.as_str()) {
                        pending_close = None;
                    }
                    continue;
                }
                if tag.open {
                    out.push_str(&format!("</{}>", tag.name));
                } else {
                    pending_close = Some(&tag.name);
                }
            }
            return Ok(html(&out));
        }
    }
    Ok(whole())
}

/// `strings.Diff OLDNAME OLD NEWNAME NEW`: a unified diff of two texts, line by line, or ""
/// when they are equal.
pub fn diff(args: &[Value]) -> Res<Value> {
    arity("strings.Diff", args, 4, 4)?;
    let (on, o, nn, n) = (s(&args[0])?, s(&args[1])?, s(&args[2])?, s(&args[3])?);
    if o == n {
        return Ok(string(""));
    }
    let a: Vec<&str> = o.split_inclusive('\n').collect();
    let b: Vec<&str> = n.split_inclusive('\n').collect();
    // Longest common subsequence table, bounded to keep hostile input cheap.
    if a.len().saturating_mul(b.len()) > 4_000_000 {
        return err("strings.Diff: inputs too large");
    }
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = format!("diff {on} {nn}\n--- {on}\n+++ {nn}\n");
    let (mut i, mut j) = (0, 0);
    let mut body = String::new();
    let line = |prefix: char, l: &str| {
        let mut s = format!("{prefix}{l}");
        if !l.ends_with('\n') {
            s.push_str("\n\\ No newline at end of file\n");
        }
        s
    };
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            body.push_str(&line(' ', a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            body.push_str(&line('+', b[j]));
            j += 1;
        } else {
            body.push_str(&line('-', a[i]));
            i += 1;
        }
    }
    out.push_str(&format!("@@ -1,{} +1,{} @@\n", a.len(), b.len()));
    out.push_str(&body);
    Ok(string(out))
}
