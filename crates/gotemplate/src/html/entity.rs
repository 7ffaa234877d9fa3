//! HTML character references, decoded as Go's `html.UnescapeString` does: named references
//! from the HTML5 list (the legacy ones also without `;`, and as the longest prefix of a
//! longer word), decimal and hex references with the HTML5 replacements.
//!
//! html/template decodes attribute values before it follows JS, CSS and URL syntax in them,
//! so that `onclick="alert(&quot;Hi&quot;)"` is read as a call with a string; Hugo's
//! `htmlUnescape` is this same function.

use std::borrow::Cow;

use super::entity_table::ENTITIES;

/// The longest name of a reference that may stand without its `;` (`&curren`).
const LONGEST_WITHOUT_SEMICOLON: usize = 6;

/// What the numeric references `&#128;` to `&#159;` mean (Windows-1252), as HTML5 says.
const C1_REPLACEMENTS: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

fn lookup(name: &[u8]) -> Option<&'static str> {
    ENTITIES
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name))
        .ok()
        .map(|i| ENTITIES[i].1)
}

/// Go's `html.UnescapeString`.
pub fn unescape_string(s: &str) -> Cow<'_, str> {
    let Some(first) = s.find('&') else {
        return Cow::Borrowed(s);
    };
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut i = first;
    while i < b.len() {
        if b[i] == b'&' {
            i += unescape_entity(&b[i..], &mut out);
        } else {
            let next = s[i..].find('&').map_or(s.len(), |j| i + j);
            out.push_str(&s[i..next]);
            i = next;
        }
    }
    Cow::Owned(out)
}

/// Decodes the reference at the start of `s` (which starts with `&`) onto `out`, and returns
/// how many bytes it read. Text that is not a reference is copied, one byte (the `&`) or
/// the letters read, so the caller never splits a character.
fn unescape_entity(s: &[u8], out: &mut String) -> usize {
    if s.len() <= 1 {
        out.push('&');
        return 1;
    }
    if s[1] == b'#' {
        return unescape_numeric(s, out);
    }
    // The longest run of letters and digits, with its `;` if one follows.
    let mut i = 1;
    while i < s.len() && s[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i < s.len() && s[i] == b';' {
        i += 1;
    }
    let name = &s[1..i];
    if name.is_empty() {
        out.push('&');
        return 1;
    }
    if let Some(text) = lookup(name) {
        out.push_str(text);
        return i;
    }
    // A legacy reference without `;` at the start of a longer word: `&ampfoo`.
    let max = (name.len() - 1).min(LONGEST_WITHOUT_SEMICOLON);
    for j in (2..=max).rev() {
        if let Some(text) = lookup(&name[..j]) {
            out.push_str(text);
            return j + 1;
        }
    }
    // Not a reference: copy what was read, all ASCII.
    out.extend(s[..i].iter().map(|&b| b as char));
    i
}

fn unescape_numeric(s: &[u8], out: &mut String) -> usize {
    if s.len() <= 3 {
        // At least `&#.` is needed.
        out.push('&');
        return 1;
    }
    let mut i = 2;
    let hex = matches!(s[i], b'x' | b'X');
    if hex {
        i += 1;
    }
    // Go accumulates in an int32 and lets it wrap; a wrapped value is no character.
    let mut x: i32 = 0;
    while i < s.len() {
        let c = s[i];
        i += 1;
        let digit = match c {
            b'0'..=b'9' => Some((c - b'0') as i32),
            b'a'..=b'f' if hex => Some((c - b'a' + 10) as i32),
            b'A'..=b'F' if hex => Some((c - b'A' + 10) as i32),
            _ => None,
        };
        match digit {
            Some(d) => x = x.wrapping_mul(if hex { 16 } else { 10 }).wrapping_add(d),
            None => {
                if c != b';' {
                    i -= 1;
                }
                break;
            }
        }
    }
    if i <= 3 {
        // No digits.
        out.push('&');
        return 1;
    }
    let c = match x {
        0x80..=0x9f => C1_REPLACEMENTS[(x - 0x80) as usize],
        _ => u32::try_from(x)
            .ok()
            .filter(|&x| x != 0)
            .and_then(char::from_u32)
            .unwrap_or('\u{FFFD}'),
    };
    out.push(c);
    i
}
