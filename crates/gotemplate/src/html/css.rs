//! CSS: keywords, escapes, and the escaper and filter for values in style sheets and style
//! attributes (Go's `css.go`).

use std::borrow::Cow;

use super::content::{stringify, Content};
use super::FILTER_FAILSAFE;
use crate::value::{SafeKind, Value};

/// Whether `b` ends with the keyword `kw` (lower case), in any case, as a whole word.
/// Encoded keywords (`\75\72\6c` for `url`) are not recognized: the URI production does not
/// allow them.
pub fn ends_with_css_keyword(b: &[u8], kw: &str) -> bool {
    let Some(i) = b.len().checked_sub(kw.len()) else {
        return false;
    };
    if i != 0 && is_css_nmchar(decode_last_char(&b[..i])) {
        // Too long: part of a longer word.
        return false;
    }
    b[i..].eq_ignore_ascii_case(kw.as_bytes())
}

/// The last character of `b`, or U+FFFD when it is not valid UTF-8 (as Go decodes).
fn decode_last_char(b: &[u8]) -> char {
    let start = b.len().saturating_sub(4);
    for j in start..b.len() {
        if let Ok(s) = std::str::from_utf8(&b[j..]) {
            if let Some(c) = s.chars().next().filter(|_| s.chars().count() == 1) {
                return c;
            }
        }
    }
    '\u{FFFD}'
}

/// CSS3's `nmchar`, without its multi-character escapes.
pub fn is_css_nmchar(r: char) -> bool {
    r.is_ascii_alphanumeric()
        || r == '-'
        || r == '_'
        || matches!(r as u32, 0x80..=0xd7ff | 0xe000..=0xfffd | 0x10000..=0x10ffff)
}

/// Decodes CSS3 escapes: `\` and 1 to 6 hex digits (and one optional space after them) are
/// the character with that code, `\` and any other character is that character.
pub fn decode_css(s: &[u8]) -> Cow<'_, [u8]> {
    if !s.contains(&b'\\') {
        return Cow::Borrowed(s);
    }
    let mut out = Vec::with_capacity(s.len());
    let mut s = s;
    while !s.is_empty() {
        let i = s.iter().position(|&b| b == b'\\').unwrap_or(s.len());
        out.extend_from_slice(&s[..i]);
        s = &s[i..];
        if s.len() < 2 {
            break;
        }
        if s[1].is_ascii_hexdigit() {
            let mut j = 2;
            while j < s.len() && j < 7 && s[j].is_ascii_hexdigit() {
                j += 1;
            }
            let mut r = hex_decode(&s[1..j]).unwrap_or(0);
            if r > 0x10ffff {
                r /= 16;
                j -= 1;
            }
            let c = char::from_u32(r).unwrap_or('\u{FFFD}');
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            s = skip_css_space(&s[j..]);
        } else {
            // `\\` is `\`, `\"` is `"`: the next character, whole.
            let n = super::error::utf8_len_at(s, 1);
            out.extend_from_slice(&s[1..1 + n]);
            s = &s[1 + n..];
        }
    }
    Cow::Owned(out)
}

/// The number written in hex digits; `None` if one is not a hex digit.
pub fn hex_decode(s: &[u8]) -> Option<u32> {
    s.iter().try_fold(0u32, |n, &c| {
        Some(n.wrapping_mul(16) + (c as char).to_digit(16)?)
    })
}

/// Skips the one optional white space after a hex escape (a CRLF counts as one).
pub fn skip_css_space(c: &[u8]) -> &[u8] {
    match c {
        [b'\r', b'\n', rest @ ..] => rest,
        [b'\t' | b'\n' | b'\x0c' | b'\r' | b' ', rest @ ..] => rest,
        _ => c,
    }
}

fn is_css_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn css_replacement(c: char) -> Option<&'static str> {
    // HTML specials are hex escaped so the output can sit in an attribute unescaped.
    Some(match c {
        '\0' => "\\0",
        '\t' => "\\9",
        '\n' => "\\a",
        '\x0c' => "\\c",
        '\r' => "\\d",
        '"' => "\\22",
        '&' => "\\26",
        '\'' => "\\27",
        '(' => "\\28",
        ')' => "\\29",
        '+' => "\\2b",
        '/' => "\\2f",
        ':' => "\\3a",
        ';' => "\\3b",
        '<' => "\\3c",
        '>' => "\\3e",
        '\\' => "\\\\",
        '{' => "\\7b",
        '}' => "\\7d",
        _ => return None,
    })
}

/// `_html_template_cssescaper`: escapes for a CSS string or identifier. A hex escape is
/// followed by a space where a hex digit or space comes next, so it does not run on.
pub fn css_escaper(args: &[Value]) -> String {
    let (s, _) = stringify(args);
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        let Some(repl) = css_replacement(c) else {
            out.push(c);
            continue;
        };
        out.push_str(repl);
        let next = i + c.len_utf8();
        if repl != "\\\\"
            && (next == bytes.len() || bytes[next].is_ascii_hexdigit() || is_css_space(bytes[next]))
        {
            out.push(' ');
        }
    }
    out
}

/// `_html_template_cssvaluefilter`: lets through CSS values that cannot leave the value
/// (no quotes, brackets, angle brackets, comments, `;`, `@`, `\`...), and not `expression` or
/// `-moz-binding` even when escaped; `ZgotmplZ` otherwise. `template.CSS` passes.
pub fn css_value_filter(args: &[Value]) -> String {
    let (s, content) = stringify(args);
    if content == Content::Safe(SafeKind::Css) {
        return s;
    }
    let b = decode_css(s.as_bytes());
    // CSS error recovery honours brackets and quotes, so a value with unbalanced ones could
    // restart parsing inside a string that holds script.
    let mut id = Vec::with_capacity(64);
    for (i, &c) in b.iter().enumerate() {
        match c {
            // Angle brackets too, since Go 1.20.4: they could end the style element.
            0 | b'"' | b'\'' | b'(' | b')' | b'/' | b';' | b'@' | b'[' | b'\\' | b']' | b'`'
            | b'{' | b'}' | b'<' | b'>' => return FILTER_FAILSAFE.to_string(),
            // `--` is in `<!--` and `-->` but in no identifier; a single `-` is left out of
            // the word checked below, so `-moz-binding` is `mozbinding`.
            b'-' => {
                if i != 0 && b[i - 1] == b'-' {
                    return FILTER_FAILSAFE.to_string();
                }
            }
            _ => {
                if c.is_ascii() && is_css_nmchar(c as char) {
                    id.push(c.to_ascii_lowercase());
                }
            }
        }
    }
    let contains = |needle: &[u8]| id.windows(needle.len()).any(|w| w == needle);
    if contains(b"expression") || contains(b"mozbinding") {
        return FILTER_FAILSAFE.to_string();
    }
    String::from_utf8_lossy(&b).into_owned()
}
