//! Literal template text: the context after it, and the text as html/template rewrites it
//! (Go's `escapeText` and `contextAfterText`).

use std::borrow::Cow;

use super::context::{Context, Delim, Element, State};
use super::entity::unescape_string;
use super::error::{go_quote, ErrorCode};
use super::js::is_js_type;
use super::transition::{end_tag_name, find_any, find_any_char, index_tag_end, transition};

/// Follows the template text `text` from context `ctx`, and returns the context at its end
/// and the text as html/template emits it:
///
/// - a `<` in text or RCDATA that starts no tag, comment or doctype becomes `&lt;`;
/// - HTML comments are removed, and JS and CSS comments outside attributes: a block
///   comment becomes a space (a newline in JS when it held one, as a line terminator);
/// - in a script's strings and regexps, `<!--`, `<script` and `</script` become
///   `\x3C!--`, `\x3Cscript`, `\x3C/script`.
///
/// Errors (malformed HTML, an ambiguous `/`, an unfinished escape...) come back as a context
/// in the error state, carrying the error; the text is then returned unchanged.
pub fn context_after_text<'a>(ctx: &Context, text: &'a str) -> (Context, Cow<'a, str>) {
    let s = text.as_bytes();
    let mut c = ctx.clone();
    let mut out: Vec<u8> = Vec::new();
    let mut written = 0;
    let mut i = 0;
    let mut end_tags = EndTagCache::default();
    while i != s.len() {
        let (c1, nread) = step(c.clone(), s, i, &mut end_tags);
        let i1 = i + nread;
        if c.state == State::Text || c.state == State::Rcdata {
            let mut end = i1;
            if c1.state != c.state {
                // The `<` that opened the tag or comment stays.
                if let Some(k) = s[i..end].iter().rposition(|&b| b == b'<') {
                    end = i + k;
                }
            }
            for j in i..end {
                if s[j] == b'<' && !starts_with_ignore_ascii_case(&s[j..], b"<!DOCTYPE") {
                    out.extend_from_slice(&s[written..j]);
                    out.extend_from_slice(b"&lt;");
                    written = j + 1;
                }
            }
        } else if c.state.is_comment() && c.delim == Delim::None {
            match c.state {
                // A block comment that holds a line terminator is one (ES5 7.4).
                State::JsBlockCmt => {
                    let newline = find_any_char(&s[written..i1], "\n\r\u{2028}\u{2029}").is_some();
                    out.push(if newline { b'\n' } else { b' ' });
                }
                State::CssBlockCmt => out.push(b' '),
                _ => {}
            }
            written = i1;
        }
        if c.state != c1.state && c1.state.is_comment() && c1.delim == Delim::None {
            // Keep what precedes the comment's opener.
            let opener = match c1.state {
                State::HtmlCmt | State::JsHtmlOpenCmt => 4,
                State::JsHtmlCloseCmt => 3,
                _ => 2,
            };
            let cs = i1.saturating_sub(opener).max(written);
            out.extend_from_slice(&s[written..cs]);
            written = i1;
        }
        if c.state.is_in_script_literal() && contains_special_script_tag(&s[i..i1]) {
            out.extend_from_slice(&s[written.min(i)..i]);
            escape_special_script_tags(&s[i..i1], &mut out);
            written = i1;
        }
        if i == i1 && c.state == c1.state {
            // Go panics here ("infinite loop"); only a context no text can reach gets here.
            let description = format!("no progress from {c} on {}", go_quote(&s[i..]));
            return (
                Context::error_with(ErrorCode::BadHtml, description),
                Cow::Borrowed(text),
            );
        }
        c = c1;
        i = i1;
    }
    if written == 0 || c.state == State::Error {
        return (c, Cow::Borrowed(text));
    }
    if !c.state.is_comment() || c.delim != Delim::None {
        out.extend_from_slice(&s[written..]);
    }
    // Every cut falls on an ASCII byte, so the output is valid UTF-8.
    let rewritten = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (c, Cow::Owned(rewritten))
}

fn starts_with_ignore_ascii_case(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Where the next end tag of a special element is, once found: Go looks for it again from
/// each token of a script, which makes a long script quadratic.
#[derive(Default)]
struct EndTagCache {
    element: Element,
    /// Where the search started, and what it found (absolute indices).
    from: usize,
    found: Option<usize>,
}

impl EndTagCache {
    /// The index of the first end tag of `element` at or after `i` in `s`.
    fn next(&mut self, element: Element, s: &[u8], i: usize) -> Option<usize> {
        let valid = self.element == element && self.from <= i && self.found.is_none_or(|p| p >= i);
        if !valid {
            let found = index_tag_end(&s[i..], end_tag_name(element)).map(|p| p + i);
            *self = EndTagCache {
                element,
                from: i,
                found,
            };
        }
        self.found
    }
}

/// Consumes some tokens from the front of `text[at..]` in context `c` (Go's
/// `contextAfterText`): in element bodies up to an end tag, in attribute values up to the
/// closing delimiter.
fn step(c: Context, text: &[u8], at: usize, end_tags: &mut EndTagCache) -> (Context, usize) {
    let s = &text[at..];
    if c.delim == Delim::None {
        // Go's `tSpecialTagEnd`: an end tag, unless in a script's strings or comments.
        let literal = c.element == Element::Script
            && (c.state.is_in_script_literal() || c.state.is_comment());
        let end = if c.element == Element::None || literal {
            None
        } else {
            end_tags.next(c.element, text, at)
        };
        return match end.map(|p| p - at) {
            // An end tag (`</script>`), and everything before it consumed.
            Some(0) => (Context::default(), 0),
            // Consider all content up to the end tag.
            Some(n) => transition(c, &s[..n]),
            None => transition(c, s),
        };
    }
    // In an attribute value.
    let ends: &[u8] = match c.delim {
        Delim::DoubleQuote => b"\"",
        Delim::SingleQuote => b"'",
        _ => b" \t\n\x0c\r>",
    };
    let i = find_any(s, ends).unwrap_or(s.len());
    if c.delim == Delim::SpaceOrTagEnd {
        // HTML5 calls these errors in unquoted values, and parsers differ on them:
        // `<a id= onclick=f(` , `<a class=`foo `, `<a style=font:'Arial'`.
        if let Some(j) = find_any(&s[..i], b"\"'<=`") {
            let description = format!(
                "{} in unquoted attr: {}",
                go_quote(&s[j..j + 1]),
                go_quote(&s[..i])
            );
            return (
                Context::error_with(ErrorCode::BadHtml, description),
                s.len(),
            );
        }
    }
    if i == s.len() {
        // The value goes on: decode it, so `onclick="alert(&quot;Hi!&quot;)"` is JS with
        // a string, and follow it.
        let decoded = String::from_utf8_lossy(s);
        let decoded = unescape_string(&decoded);
        let mut u = decoded.as_bytes();
        let mut c = c;
        while !u.is_empty() {
            let before = c.state;
            let (c1, i1) = transition(c, u);
            let stuck = i1 == 0 && c1.state == before;
            c = c1;
            if stuck {
                break;
            }
            u = &u[i1..];
        }
        return (c, s.len());
    }
    let mut element = c.element;
    // A `<script type>` that is not JS makes the body plain text.
    if c.state == State::Attr
        && c.element == Element::Script
        && c.attr == super::context::Attr::ScriptType
        && !is_js_type(&String::from_utf8_lossy(&s[..i]))
    {
        element = Element::None;
    }
    // Consume the closing quote; leaving the attribute keeps only the element.
    let end = if c.delim == Delim::SpaceOrTagEnd {
        i
    } else {
        i + 1
    };
    (
        Context {
            state: State::Tag,
            element,
            ..Context::default()
        },
        end,
    )
}

/// Whether `s` has `<script`, `</script` or `<!--` (any case).
fn contains_special_script_tag(s: &[u8]) -> bool {
    (0..s.len()).any(|i| special_script_tag_at(s, i))
}

fn special_script_tag_at(s: &[u8], i: usize) -> bool {
    if s[i] != b'<' {
        return false;
    }
    let rest = &s[i + 1..];
    rest.starts_with(b"!--")
        || script_word_at(rest)
        || (rest.first() == Some(&b'/') && script_word_at(&rest[1..]))
}

/// `script` in any case, as Go's case-insensitive regexp matches it: its `s` may also be
/// the long s `ſ`, which folds to `s`.
fn script_word_at(s: &[u8]) -> bool {
    let rest = if s.first().is_some_and(|b| b.eq_ignore_ascii_case(&b's')) {
        &s[1..]
    } else if s.starts_with("\u{17f}".as_bytes()) {
        &s[2..]
    } else {
        return false;
    };
    rest.len() >= 5 && rest[..5].eq_ignore_ascii_case(b"cript")
}

/// Writes `s` with the `<` of each `<!--`, `<script`, `</script` as `\x3C`.
fn escape_special_script_tags(s: &[u8], out: &mut Vec<u8>) {
    for i in 0..s.len() {
        if special_script_tag_at(s, i) {
            out.extend_from_slice(b"\\x3C");
        } else {
            out.push(s[i]);
        }
    }
}
