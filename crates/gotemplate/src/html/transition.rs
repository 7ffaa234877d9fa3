//! The context transition functions (Go's `transition.go`): given a context and template
//! text, the context after the first token of the text and how many bytes it took.
//!
//! They work on bytes, as Go's do: every index they return falls on an ASCII byte or the end,
//! so a caller slicing valid UTF-8 text at them never splits a character.

use super::attr::{attr_type, ContentType};
use super::context::{attr_start_state, Attr, Context, Delim, Element, JsCtx, State, UrlPart};
use super::css::{decode_css, ends_with_css_keyword};
use super::error::{go_quote, go_quote_prefix, ErrorCode};
use super::js::next_js_ctx;

/// The transition for `c.state` over `s` (not empty): the new context and the bytes read.
pub(crate) fn transition(c: Context, s: &[u8]) -> (Context, usize) {
    match c.state {
        State::Text => t_text(c, s),
        State::Tag => t_tag(c, s),
        State::AttrName => t_attr_name(c, s),
        State::AfterName => t_after_name(c, s),
        State::BeforeValue => t_before_value(c, s),
        State::HtmlCmt => t_html_cmt(c, s),
        State::Rcdata => t_special_tag_end(c, s),
        State::Url | State::Srcset => t_url(c, s),
        State::Js => t_js(c, s),
        State::JsDqStr | State::JsSqStr | State::JsRegexp => t_js_delimited(c, s),
        State::JsTmplLit => t_js_tmpl(c, s),
        State::JsBlockCmt | State::CssBlockCmt => t_block_cmt(c, s),
        State::JsLineCmt | State::JsHtmlOpenCmt | State::JsHtmlCloseCmt | State::CssLineCmt => {
            t_line_cmt(c, s)
        }
        State::Css => t_css(c, s),
        State::CssDqStr | State::CssSqStr | State::CssDqUrl | State::CssSqUrl | State::CssUrl => {
            t_css_str(c, s)
        }
        // An attribute's text value has no inner syntax; the error and dead states absorb
        // everything.
        State::Attr | State::Error | State::Dead => (c, s.len()),
    }
}

pub(crate) fn find(s: &[u8], needle: &[u8]) -> Option<usize> {
    s.windows(needle.len()).position(|w| w == needle)
}

pub(crate) fn find_any(s: &[u8], set: &[u8]) -> Option<usize> {
    s.iter().position(|b| set.contains(b))
}

/// Go's `bytes.IndexAny` with a set that has non-ASCII characters: the index of the first
/// character of `s` in `set` (invalid bytes never match).
pub(crate) fn find_any_char(s: &[u8], set: &str) -> Option<usize> {
    let mut i = 0;
    for chunk in s.utf8_chunks() {
        for (j, c) in chunk.valid().char_indices() {
            if set.contains(c) {
                return Some(i + j);
            }
        }
        i += chunk.valid().len() + chunk.invalid().len();
    }
    None
}

fn error(code: ErrorCode, description: String, s: &[u8]) -> (Context, usize) {
    (Context::error_with(code, description), s.len())
}

fn t_text(c: Context, s: &[u8]) -> (Context, usize) {
    let mut k = 0;
    loop {
        let Some(off) = s[k..].iter().position(|&b| b == b'<') else {
            return (c, s.len());
        };
        let mut i = k + off;
        if i + 1 == s.len() {
            return (c, s.len());
        }
        if s[i..].starts_with(b"<!--") {
            return (Context::in_state(State::HtmlCmt), i + 4);
        }
        i += 1;
        let mut end = false;
        if s[i] == b'/' {
            if i + 1 == s.len() {
                return (c, s.len());
            }
            end = true;
            i += 1;
        }
        let (j, element) = eat_tag_name(s, i);
        if j != i {
            // An end tag starts no special body.
            let element = if end { Element::None } else { element };
            return (
                Context {
                    state: State::Tag,
                    element,
                    ..Context::default()
                },
                j,
            );
        }
        k = j;
    }
}

/// The state of the body of an element once its start tag ends.
fn element_content_state(element: Element) -> State {
    match element {
        Element::None => State::Text,
        Element::Script => State::Js,
        Element::Style => State::Css,
        Element::Textarea | Element::Title => State::Rcdata,
    }
}

fn t_tag(c: Context, s: &[u8]) -> (Context, usize) {
    let i = eat_white_space(s, 0);
    if i == s.len() {
        return (c, s.len());
    }
    if s[i] == b'>' {
        let state = element_content_state(c.element);
        return (
            Context {
                state,
                element: c.element,
                ..Context::default()
            },
            i + 1,
        );
    }
    let j = match eat_attr_name(s, i) {
        Ok(j) => j,
        Err(description) => return error(ErrorCode::BadHtml, description, s),
    };
    if i == j {
        let description = format!(
            "expected space, attr name, or end of tag, but got {}",
            go_quote(&s[i..])
        );
        return error(ErrorCode::BadHtml, description, s);
    }
    let name = go_to_lower(&String::from_utf8_lossy(&s[i..j]));
    let attr = if c.element == Element::Script && name == "type" {
        Attr::ScriptType
    } else {
        match attr_type(&name) {
            ContentType::Url => Attr::Url,
            ContentType::Css => Attr::Style,
            ContentType::Js => Attr::Script,
            ContentType::Srcset => Attr::Srcset,
            _ => Attr::None,
        }
    };
    let state = if j == s.len() {
        State::AttrName
    } else {
        State::AfterName
    };
    (
        Context {
            state,
            element: c.element,
            attr,
            ..Context::default()
        },
        j,
    )
}

fn t_attr_name(mut c: Context, s: &[u8]) -> (Context, usize) {
    match eat_attr_name(s, 0) {
        Err(description) => error(ErrorCode::BadHtml, description, s),
        Ok(i) => {
            if i != s.len() {
                c.state = State::AfterName;
            }
            (c, i)
        }
    }
}

fn t_after_name(mut c: Context, s: &[u8]) -> (Context, usize) {
    let i = eat_white_space(s, 0);
    if i == s.len() {
        return (c, s.len());
    }
    if s[i] != b'=' {
        // The tag ends, or the attribute had no value.
        c.state = State::Tag;
        return (c, i);
    }
    c.state = State::BeforeValue;
    (c, i + 1)
}

fn t_before_value(mut c: Context, s: &[u8]) -> (Context, usize) {
    let mut i = eat_white_space(s, 0);
    if i == s.len() {
        return (c, s.len());
    }
    let delim = match s[i] {
        b'\'' => Delim::SingleQuote,
        b'"' => Delim::DoubleQuote,
        _ => Delim::SpaceOrTagEnd,
    };
    if delim != Delim::SpaceOrTagEnd {
        i += 1;
    }
    c.state = attr_start_state(c.attr);
    c.delim = delim;
    (c, i)
}

fn t_html_cmt(c: Context, s: &[u8]) -> (Context, usize) {
    match find(s, b"-->") {
        Some(i) => (Context::default(), i + 3),
        None => (c, s.len()),
    }
}

/// The tag name that ends the body of a special element.
pub(crate) fn end_tag_name(element: Element) -> &'static [u8] {
    match element {
        Element::None => b"",
        Element::Script => b"script",
        Element::Style => b"style",
        Element::Textarea => b"textarea",
        Element::Title => b"title",
    }
}

/// The transition for raw text and RCDATA bodies: up to the end tag. In a script's strings,
/// regexps and comments, `</script` is not an end tag: the escaper rewrites it instead.
pub(crate) fn t_special_tag_end(c: Context, s: &[u8]) -> (Context, usize) {
    if c.element != Element::None {
        if c.element == Element::Script && (c.state.is_in_script_literal() || c.state.is_comment())
        {
            return (c, s.len());
        }
        if let Some(i) = index_tag_end(s, end_tag_name(c.element)) {
            return (Context::default(), i);
        }
    }
    (c, s.len())
}

/// Where the end tag `</tag` (any case, followed by `>`, a space or `/`) starts in `s`.
pub fn index_tag_end(s: &[u8], tag: &[u8]) -> Option<usize> {
    let mut res = 0;
    let mut s = s;
    while !s.is_empty() {
        let i = find(s, b"</")?;
        s = &s[i + 2..];
        if tag.len() <= s.len() && s[..tag.len()].eq_ignore_ascii_case(tag) {
            s = &s[tag.len()..];
            if s.first().is_some_and(|b| b"> \t\n\x0c/".contains(b)) {
                return Some(res + i);
            }
            res += tag.len();
        }
        res += i + 2;
    }
    None
}

fn t_url(mut c: Context, s: &[u8]) -> (Context, usize) {
    if find_any(s, b"#?").is_some() {
        c.url_part = UrlPart::QueryOrFrag;
    } else if s.len() != eat_white_space(s, 0) && c.url_part == UrlPart::None {
        // HTML5 allows spaces around a URL attribute's value.
        c.url_part = UrlPart::PreQuery;
    }
    (c, s.len())
}

fn t_js(mut c: Context, s: &[u8]) -> (Context, usize) {
    let Some(mut i) = find_any(s, b"\"`'/{}<-#") else {
        // No string, comment, regexp or brace.
        c.js_ctx = next_js_ctx(s, c.js_ctx);
        return (c, s.len());
    };
    c.js_ctx = next_js_ctx(&s[..i], c.js_ctx);
    let next = |n: usize| s.get(i + n).copied();
    match s[i] {
        b'"' => (c.state, c.js_ctx) = (State::JsDqStr, JsCtx::Regexp),
        b'\'' => (c.state, c.js_ctx) = (State::JsSqStr, JsCtx::Regexp),
        b'`' => (c.state, c.js_ctx) = (State::JsTmplLit, JsCtx::Regexp),
        b'/' => match (next(1), c.js_ctx) {
            (Some(b'/'), _) => (c.state, i) = (State::JsLineCmt, i + 1),
            (Some(b'*'), _) => (c.state, i) = (State::JsBlockCmt, i + 1),
            (_, JsCtx::Regexp) => c.state = State::JsRegexp,
            (_, JsCtx::DivOp) => c.js_ctx = JsCtx::Regexp,
            (_, JsCtx::Unknown) => {
                let description = format!(
                    "'/' could start a division or regexp: {}",
                    go_quote_prefix(&s[i..], 32)
                );
                return error(ErrorCode::SlashAmbig, description, s);
            }
        },
        // HTML-like comments (ECMAScript B.1.1): the rest of a line after `<!--` or `-->`
        // is a comment; treat them as `//`.
        b'<' => {
            if s[i..].starts_with(b"<!--") {
                (c.state, i) = (State::JsHtmlOpenCmt, i + 3);
            }
        }
        b'-' => {
            if s[i..].starts_with(b"-->") {
                (c.state, i) = (State::JsHtmlCloseCmt, i + 2);
            }
        }
        // A hashbang comment line.
        b'#' => {
            if next(1) == Some(b'!') {
                (c.state, i) = (State::JsLineCmt, i + 1);
            }
        }
        // Braces count only inside a template literal's `${...}`.
        b'{' => {
            if let Some(depth) = c.js_brace_depth.last_mut() {
                *depth += 1;
            }
        }
        _ => {
            // `}`: it closes the substitution when no brace of its own is open. An escaped
            // `\}` cannot occur in valid JS outside strings, so it counts too.
            match c.js_brace_depth.last_mut() {
                None => {}
                Some(depth) if *depth > 0 => *depth -= 1,
                Some(_) => {
                    c.js_brace_depth.pop();
                    c.state = State::JsTmplLit;
                }
            }
        }
    }
    (c, i + 1)
}

fn t_js_tmpl(mut c: Context, s: &[u8]) -> (Context, usize) {
    let mut k = 0;
    while let Some(off) = find_any(&s[k..], b"`\\$") {
        let mut i = k + off;
        match s[i] {
            b'\\' => {
                i += 1;
                if i == s.len() {
                    let description =
                        format!("unfinished escape sequence in JS string: {}", go_quote(s));
                    return error(ErrorCode::PartialEscape, description, s);
                }
            }
            b'$' => {
                if s.get(i + 1) == Some(&b'{') {
                    c.js_brace_depth.push(0);
                    c.state = State::Js;
                    return (c, i + 2);
                }
            }
            _ => {
                // The closing back quote.
                c.state = State::Js;
                return (c, i + 1);
            }
        }
        k = i + 1;
    }
    (c, s.len())
}

fn t_js_delimited(mut c: Context, s: &[u8]) -> (Context, usize) {
    let specials: &[u8] = match c.state {
        State::JsSqStr => b"\\'",
        State::JsRegexp => b"\\/[]",
        _ => b"\\\"",
    };
    let mut k = 0;
    let mut in_charset = false;
    while let Some(off) = find_any(&s[k..], specials) {
        let mut i = k + off;
        match s[i] {
            b'\\' => {
                i += 1;
                if i == s.len() {
                    let description =
                        format!("unfinished escape sequence in JS string: {}", go_quote(s));
                    return error(ErrorCode::PartialEscape, description, s);
                }
            }
            b'[' => in_charset = true,
            b']' => in_charset = false,
            b'/' => {
                // `</script` in a regexp does not end it: the escaper rewrites it to
                // `\x3C/script`.
                if i > 0 && i + 7 <= s.len() && s[i - 1..i + 7].eq_ignore_ascii_case(b"</script") {
                    i += 1;
                } else if !in_charset {
                    (c.state, c.js_ctx) = (State::Js, JsCtx::DivOp);
                    return (c, i + 1);
                }
            }
            _ => {
                // The closing quote.
                if !in_charset {
                    (c.state, c.js_ctx) = (State::Js, JsCtx::DivOp);
                    return (c, i + 1);
                }
            }
        }
        k = i + 1;
    }
    if in_charset {
        // Actions inside a regexp charset would need a richer context.
        let description = format!("unfinished JS regexp charset: {}", go_quote(s));
        return error(ErrorCode::PartialCharset, description, s);
    }
    (c, s.len())
}

fn t_block_cmt(mut c: Context, s: &[u8]) -> (Context, usize) {
    let Some(i) = find(s, b"*/") else {
        return (c, s.len());
    };
    c.state = if c.state == State::JsBlockCmt {
        State::Js
    } else {
        State::Css
    };
    (c, i + 2)
}

fn t_line_cmt(mut c: Context, s: &[u8]) -> (Context, usize) {
    // CSS has no line comments in any standard, but the browsers accept them, ended by a
    // CSS newline.
    let (terminators, end) = match c.state {
        State::CssLineCmt => ("\n\x0c\r", State::Css),
        _ => ("\n\r\u{2028}\u{2029}", State::Js),
    };
    match find_any_char(s, terminators) {
        // The line terminator is not part of the comment (ES5 7.4).
        Some(i) => {
            c.state = end;
            (c, i)
        }
        None => (c, s.len()),
    }
}

const CSS_SPACE: &[u8] = b"\t\n\x0c\r ";

fn t_css(mut c: Context, s: &[u8]) -> (Context, usize) {
    // Strings in CSS are mostly URLs, font names, `content` values and attribute selectors;
    // treating every string as a URL is conservative and harmless for the others.
    let mut k = 0;
    while let Some(off) = find_any(&s[k..], b"(\"'/") {
        let i = k + off;
        match s[i] {
            b'(' => {
                let before = trim_end(&s[..i], CSS_SPACE);
                if ends_with_css_keyword(before, "url") {
                    let mut j = s.len() - trim_start(&s[i + 1..], CSS_SPACE).len();
                    match s.get(j) {
                        Some(b'"') => (c.state, j) = (State::CssDqUrl, j + 1),
                        Some(b'\'') => (c.state, j) = (State::CssSqUrl, j + 1),
                        _ => c.state = State::CssUrl,
                    }
                    return (c, j);
                }
            }
            b'/' => match s.get(i + 1) {
                Some(b'/') => {
                    c.state = State::CssLineCmt;
                    return (c, i + 2);
                }
                Some(b'*') => {
                    c.state = State::CssBlockCmt;
                    return (c, i + 2);
                }
                _ => {}
            },
            b'"' => {
                c.state = State::CssDqStr;
                return (c, i + 1);
            }
            _ => {
                c.state = State::CssSqStr;
                return (c, i + 1);
            }
        }
        k = i + 1;
    }
    (c, s.len())
}

fn t_css_str(mut c: Context, s: &[u8]) -> (Context, usize) {
    let end_and_esc: &[u8] = match c.state {
        State::CssDqStr | State::CssDqUrl => b"\\\"",
        State::CssSqStr | State::CssSqUrl => b"\\'",
        // An unquoted URL ends at a space or `)`.
        _ => b"\\\t\n\x0c\r )",
    };
    // At each escape Go looks for a URL's `?` or `#` in the decoding of everything before it
    // and the escape's first character. Decoding restarts at each escape, so what was
    // decoded before is kept as `seen` rather than decoded again (which made Go quadratic).
    let mut seen = UrlChars::default();
    let mut piece = 0;
    let mut k = 0;
    loop {
        let Some(off) = find_any(&s[k..], end_and_esc) else {
            // No escape in s[k..], so its decoding is itself.
            let (c, _) = t_url(c, &s[k..]);
            return (c, s.len());
        };
        let mut i = k + off;
        if s[i] != b'\\' {
            c.state = State::Css;
            return (c, i + 1);
        }
        seen.add(&decode_css(&s[piece..i]));
        piece = i;
        i += 1;
        if i == s.len() {
            let description = format!("unfinished escape sequence in CSS string: {}", go_quote(s));
            return error(ErrorCode::PartialEscape, description, s);
        }
        let mut upto = seen;
        upto.add(&decode_css(&s[piece..i + 1]));
        c = upto.apply(c);
        k = i + 1;
    }
}

/// What `t_url` looks for in a URL's text.
#[derive(Clone, Copy, Default)]
struct UrlChars {
    query_or_fragment: bool,
    not_space: bool,
}

impl UrlChars {
    fn add(&mut self, s: &[u8]) {
        self.query_or_fragment |= find_any(s, b"#?").is_some();
        self.not_space |= eat_white_space(s, 0) != s.len();
    }

    /// `t_url` on a text with these characters.
    fn apply(self, mut c: Context) -> Context {
        if self.query_or_fragment {
            c.url_part = UrlPart::QueryOrFrag;
        } else if self.not_space && c.url_part == UrlPart::None {
            c.url_part = UrlPart::PreQuery;
        }
        c
    }
}

fn trim_end<'a>(s: &'a [u8], set: &[u8]) -> &'a [u8] {
    let n = s
        .iter()
        .rposition(|b| !set.contains(b))
        .map_or(0, |i| i + 1);
    &s[..n]
}

fn trim_start<'a>(s: &'a [u8], set: &[u8]) -> &'a [u8] {
    let n = s.iter().position(|b| !set.contains(b)).unwrap_or(s.len());
    &s[n..]
}

/// The end of the attribute name that starts at `s[i]`; a quote or `<` in it is malformed
/// HTML (Go's message names the character and the text).
fn eat_attr_name(s: &[u8], i: usize) -> Result<usize, String> {
    for j in i..s.len() {
        match s[j] {
            b' ' | b'\t' | b'\n' | b'\x0c' | b'\r' | b'=' | b'>' => return Ok(j),
            b'\'' | b'"' | b'<' => {
                return Err(format!(
                    "{} in attribute name: {}",
                    go_quote(&s[j..j + 1]),
                    go_quote_prefix(s, 32)
                ))
            }
            _ => {}
        }
    }
    Ok(s.len())
}

/// Go's `strings.ToLower`: each character by its simple lower-case mapping (`İ` becomes
/// `i`, and `Σ` is always `σ`).
pub(crate) fn go_to_lower(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\u{130}' {
                'i'
            } else {
                c.to_lowercase().next().unwrap_or(c)
            }
        })
        .collect()
}

fn element_by_name(name: &[u8]) -> Element {
    if name.eq_ignore_ascii_case(b"script") {
        Element::Script
    } else if name.eq_ignore_ascii_case(b"style") {
        Element::Style
    } else if name.eq_ignore_ascii_case(b"textarea") {
        Element::Textarea
    } else if name.eq_ignore_ascii_case(b"title") {
        Element::Title
    } else {
        Element::None
    }
}

/// The end of the tag name that starts at `s[i]` (letters and digits, with inner `-` or
/// `:`), and the special element it names.
fn eat_tag_name(s: &[u8], i: usize) -> (usize, Element) {
    if i == s.len() || !s[i].is_ascii_alphabetic() {
        return (i, Element::None);
    }
    let mut j = i + 1;
    while j < s.len() {
        let x = s[j];
        if x.is_ascii_alphanumeric() {
            j += 1;
            continue;
        }
        // `x-y` and `x:y`, but not `x-`, `-y` or `x--y`.
        if (x == b':' || x == b'-') && s.get(j + 1).is_some_and(u8::is_ascii_alphanumeric) {
            j += 2;
            continue;
        }
        break;
    }
    (j, element_by_name(&s[i..j]))
}

pub(crate) fn eat_white_space(s: &[u8], i: usize) -> usize {
    s[i..]
        .iter()
        .position(|b| !CSS_SPACE.contains(b))
        .map_or(s.len(), |j| i + j)
}
