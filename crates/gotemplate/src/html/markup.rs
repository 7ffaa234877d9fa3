//! The escapers for HTML text, attribute values and names, RCDATA and comments (Go's
//! `html.go`), and text/template's own `html` and `urlquery`, which html/template merges
//! with them.

use super::attr::{attr_type, ContentType};
use super::content::{stringify, Content};
use super::context::{Context, Delim, Element, State};
use super::transition::{find_any, go_to_lower, t_special_tag_end, transition};
use super::FILTER_FAILSAFE;
use crate::fmt::sprint;
use crate::value::{SafeKind, Value};

/// For text and quoted attribute values. NUL becomes U+FFFD, as an HTML parser would read it.
fn html_replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\0' => "\u{FFFD}",
        '"' => "&#34;",
        '&' => "&amp;",
        '\'' => "&#39;",
        '+' => "&#43;",
        '<' => "&lt;",
        '>' => "&gt;",
        _ => return None,
    })
}

/// As [`html_replacement`], but `&` stays, so the entities of `template.HTML` are not
/// encoded twice.
fn html_norm_replacement(c: char) -> Option<&'static str> {
    match c {
        '&' => None,
        _ => html_replacement(c),
    }
}

/// For unquoted attribute values: the HTML specials and what ends or breaks an unquoted value
/// in browsers (spaces, `=`, and the back quote IE takes for a quote).
fn html_nospace_replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\0' => "&#xfffd;",
        '\t' => "&#9;",
        '\n' => "&#10;",
        '\x0b' => "&#11;",
        '\x0c' => "&#12;",
        '\r' => "&#13;",
        ' ' => "&#32;",
        '"' => "&#34;",
        '&' => "&amp;",
        '\'' => "&#39;",
        '+' => "&#43;",
        '<' => "&lt;",
        '=' => "&#61;",
        '>' => "&gt;",
        '`' => "&#96;",
        _ => return None,
    })
}

fn html_nospace_norm_replacement(c: char) -> Option<&'static str> {
    match c {
        '&' => None,
        _ => html_nospace_replacement(c),
    }
}

/// Replaces characters by `table`; for unquoted values (`bad_runes` false) the
/// non-characters IE refuses there become numeric references.
fn html_replacer(s: &str, table: fn(char) -> Option<&'static str>, bad_runes: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(repl) = table(c) {
            out.push_str(repl);
        } else if !bad_runes && matches!(c as u32, 0xfdd0..=0xfdef | 0xfff0..=0xffff) {
            out.push_str(&format!("&#x{:x};", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `_html_template_htmlescaper`: for HTML text. `template.HTML` passes.
pub fn html_escaper(args: &[Value]) -> String {
    let (s, content) = stringify(args);
    if content == Content::Safe(SafeKind::Html) {
        return s;
    }
    html_replacer(&s, html_replacement, true)
}

/// `_html_template_nospaceescaper`: for unquoted attribute values. `template.HTML` loses its
/// tags and keeps its entities. An empty value is `ZgotmplZ`: `<p name={{.}}>` with nothing
/// would give `name` the next attribute as its value (Go 1.20.4's fix).
pub fn html_nospace_escaper(args: &[Value]) -> String {
    let (s, content) = stringify(args);
    if s.is_empty() {
        return FILTER_FAILSAFE.to_string();
    }
    if content == Content::Safe(SafeKind::Html) {
        return html_replacer(&strip_tags(&s), html_nospace_norm_replacement, false);
    }
    html_replacer(&s, html_nospace_replacement, false)
}

/// `_html_template_attrescaper`: for quoted attribute values. `template.HTML` loses its
/// tags and keeps its entities.
pub fn attr_escaper(args: &[Value]) -> String {
    let (s, content) = stringify(args);
    if content == Content::Safe(SafeKind::Html) {
        return html_replacer(&strip_tags(&s), html_norm_replacement, true);
    }
    html_replacer(&s, html_replacement, true)
}

/// `_html_template_rcdataescaper`: for `<textarea>` and `<title>` bodies. `template.HTML`
/// keeps its entities, its tags are escaped.
pub fn rcdata_escaper(args: &[Value]) -> String {
    let (s, content) = stringify(args);
    if content == Content::Safe(SafeKind::Html) {
        return html_replacer(&s, html_norm_replacement, true);
    }
    html_replacer(&s, html_replacement, true)
}

/// `_html_template_htmlnamefilter`: an attribute or tag name may be letters and digits,
/// and not the name of an attribute whose value is a URL, script, style or otherwise
/// unsafe; else `ZgotmplZ`. An empty name is refused too, so `<input checked {{.K}}={{.V}}>`
/// cannot give `.V` to `checked`. `template.HTMLAttr` passes.
pub fn html_name_filter(args: &[Value]) -> String {
    let (s, content) = stringify(args);
    if content == Content::Safe(SafeKind::HtmlAttr) {
        return s;
    }
    if s.is_empty() {
        return FILTER_FAILSAFE.to_string();
    }
    let s = go_to_lower(&s);
    if attr_type(&s) != ContentType::Plain {
        return FILTER_FAILSAFE.to_string();
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
    {
        return FILTER_FAILSAFE.to_string();
    }
    s
}

/// `_html_template_commentescaper`: nothing. What a template puts in a comment reaches no
/// reader, and dropping it is the safest policy.
pub fn comment_escaper(_args: &[Value]) -> String {
    String::new()
}

/// The text of a snippet of HTML, without its tags, comments and the bodies of `<script>`
/// and `<style>`: `<b>&iexcl;Hi!</b> <script>...</script>` is `&iexcl;Hi! `. It follows the
/// escaper's transitions, so `<div title="1>2">` and `I <3 Ponies!` come out right.
pub fn strip_tags(html: &str) -> String {
    let s = html.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut c = Context::default();
    let mut i = 0;
    let mut all_text = true;
    while i != s.len() {
        if c.delim == Delim::None {
            // Read special bodies as RCDATA rather than parsing JS or CSS.
            let (d, nread) = if c.element != Element::None && !c.state.is_in_tag() {
                t_special_tag_end(c.clone(), &s[i..])
            } else {
                transition(c.clone(), &s[i..])
            };
            let i1 = i + nread;
            if c.state == State::Text || c.state == State::Rcdata {
                // The text up to the start of the tag or comment.
                let mut j = i1;
                if d.state != c.state {
                    if let Some(k) = s[i..j].iter().rposition(|&b| b == b'<') {
                        j = i + k;
                    }
                }
                out.extend_from_slice(&s[i..j]);
            } else {
                all_text = false;
            }
            if i1 == i && d.state == c.state {
                // No progress: keep the rest as it is rather than loop.
                break;
            }
            c = d;
            i = i1;
            continue;
        }
        let ends: &[u8] = match c.delim {
            Delim::DoubleQuote => b"\"",
            Delim::SingleQuote => b"'",
            _ => b" \t\n\x0c\r>",
        };
        let Some(off) = find_any(&s[i..], ends) else {
            break;
        };
        let mut i1 = i + off;
        if c.delim != Delim::SpaceOrTagEnd {
            // Consume the quote.
            i1 += 1;
        }
        c = Context {
            state: State::Tag,
            element: c.element,
            ..Context::default()
        };
        i = i1;
    }
    if all_text {
        return html.to_string();
    }
    if c.state == State::Text || c.state == State::Rcdata {
        out.extend_from_slice(&s[i..]);
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// text/template's `html`: the operands' text (`<no value>` for a missing one) with
/// `<`, `>`, `&`, `'`, `"` escaped and NUL as U+FFFD.
pub fn html_predefined(args: &[Value]) -> String {
    let s = text_eval_args(args);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// text/template's `urlquery`: the operands' text as Go's `url.QueryEscape` writes it
/// (space as `+`, everything but letters, digits and `-_.~` as `%XX`).
pub fn urlquery_predefined(args: &[Value]) -> String {
    let s = text_eval_args(args);
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b' ' => out.push('+'),
            b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b if b.is_ascii_alphanumeric() => out.push(b as char),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// text/template's `evalArgs`: one string is itself, anything else prints as `fmt.Sprint`,
/// but a nil (which reaches a function as an invalid value) as the string `<no value>`.
fn text_eval_args(args: &[Value]) -> String {
    if let [Value::String(s)] = args {
        return s.to_string();
    }
    let args: Vec<Value> = args
        .iter()
        .map(|a| match a {
            Value::NoValue | Value::Nil => Value::str("<no value>"),
            a => a.clone(),
        })
        .collect();
    sprint(&args)
}
