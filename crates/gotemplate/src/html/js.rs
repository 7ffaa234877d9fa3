//! JavaScript: whether a `/` starts a regexp or divides, which `<script type>`s hold JS, and
//! the escapers for values in JS code, strings, template literals and regexps (Go's `js.go`).

use super::content::{stringify, Content};
use super::context::JsCtx;
use super::json::marshal;
use crate::value::{SafeKind, Value};

/// The characters JS's `\s` matches, which may stand between a token and a `/`.
const JS_WHITESPACE: &str = "\x0c\n\r\t\x0b\u{20}\u{a0}\u{1680}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}";

/// Go's `nextJSCtx`: after the run of tokens `s` (no strings, comments or regexps), does a
/// `/` start a regexp or a division? Based on one token of look-behind, which fails only on
/// programs like `x = ++/foo/i` that no one writes.
pub fn next_js_ctx(s: &[u8], preceding: JsCtx) -> JsCtx {
    let s = trim_end_js_whitespace(s);
    let Some(&c) = s.last() else {
        return preceding;
    };
    let n = s.len();
    match c {
        b'+' | b'-' => {
            // `++` and `--` end an operand, `+` and `-` start one; `---` is `-- -`.
            let run = s.iter().rev().take_while(|&&b| b == c).count();
            if run % 2 == 1 {
                JsCtx::Regexp
            } else {
                JsCtx::DivOp
            }
        }
        // `42.` is a number.
        b'.' if n != 1 && s[n - 2].is_ascii_digit() => JsCtx::DivOp,
        b'.' => JsCtx::Regexp,
        // The ends of binary and prefix operators, open brackets, and what precedes an
        // expression. `}` may end an object literal (`{...} / 2`), but a block followed by a
        // regexp statement is far more common.
        b',' | b'<' | b'>' | b'=' | b'*' | b'%' | b'&' | b'|' | b'^' | b'?' | b'!' | b'~'
        | b'(' | b'[' | b':' | b';' | b'{' | b'}' => JsCtx::Regexp,
        _ => {
            // A keyword that may precede a regexp, or else an identifier, number, `)` or `]`.
            let start = s
                .iter()
                .rposition(|&b| !is_js_ident_part(b as char))
                .map_or(0, |i| i + 1);
            if is_regexp_preceder_keyword(&s[start..]) {
                JsCtx::Regexp
            } else {
                JsCtx::DivOp
            }
        }
    }
}

fn trim_end_js_whitespace(s: &[u8]) -> &[u8] {
    let mut end = s.len();
    while end > 0 {
        // The last character of s[..end]: back over continuation bytes.
        let mut start = end - 1;
        while start > 0 && end - start < 4 && s[start] & 0xc0 == 0x80 {
            start -= 1;
        }
        match std::str::from_utf8(&s[start..end]) {
            Ok(last) if last.chars().count() == 1 && JS_WHITESPACE.contains(last) => end = start,
            _ => break,
        }
    }
    &s[..end]
}

fn is_regexp_preceder_keyword(word: &[u8]) -> bool {
    matches!(
        word,
        b"break"
            | b"case"
            | b"continue"
            | b"delete"
            | b"do"
            | b"else"
            | b"finally"
            | b"in"
            | b"instanceof"
            | b"return"
            | b"throw"
            | b"try"
            | b"typeof"
            | b"void"
    )
}

/// Whether `c` can be part of a JS identifier: only the ASCII ones, which covers every
/// character of numbers and keywords.
pub(crate) fn is_js_ident_part(c: char) -> bool {
    c == '$' || c == '_' || c.is_ascii_alphanumeric()
}

/// Whether a `<script type="...">` holds JS (or JSON): the MIME type without parameters,
/// in any case.
pub fn is_js_type(mime_type: &str) -> bool {
    let mime = super::transition::go_to_lower(mime_type.split(';').next().unwrap_or(""));
    matches!(
        mime.trim(),
        "application/ecmascript"
            | "application/javascript"
            | "application/json"
            | "application/ld+json"
            | "application/x-ecmascript"
            | "application/x-javascript"
            | "module"
            | "text/ecmascript"
            | "text/javascript"
            | "text/javascript1.0"
            | "text/javascript1.1"
            | "text/javascript1.2"
            | "text/javascript1.3"
            | "text/javascript1.4"
            | "text/javascript1.5"
            | "text/jscript"
            | "text/livescript"
            | "text/x-ecmascript"
            | "text/x-javascript"
    )
}

/// `_html_template_jsvalescaper`: the value as a JS expression with no side effects and no
/// free variables: JSON (Go's `encoding/json`, which escapes `<`, `>`, `&`, U+2028 and
/// U+2029), padded with spaces where a number or keyword could run into its neighbours;
/// `template.JS` as it is, `template.JSStr` in quotes. A value JSON cannot hold becomes
/// a comment saying why, and `null`.
pub fn js_val_escaper(args: &[Value]) -> String {
    let joined;
    let value = match args {
        [Value::Safe(SafeKind::Js, s)] => return s.to_string(),
        [Value::Safe(SafeKind::JsStr, s)] => return format!("\"{s}\""),
        [one] => one,
        _ => {
            // Several operands print as one string, as Go's `fmt.Sprint` does.
            joined = Value::from(super::content::sprint_untyped_nil(args));
            &joined
        }
    };
    match marshal(value) {
        Err(message) => {
            // Go writes the error into a comment; keep it from closing the comment or the
            // script, and from turning `x/{{.}}` into a line comment.
            let message = message
                .replace("*/", "* /")
                .replace("</script", "\\x3C/script")
                .replace("<!--", "\\x3C!--");
            format!(" /* {message} */null ")
        }
        Ok(json) if json.is_empty() => " null ".to_string(),
        Ok(json) => {
            let first = json.chars().next().is_some_and(is_js_ident_part);
            let last = json.chars().next_back().is_some_and(is_js_ident_part);
            // Keep identifiers and numbers from running into `in`, `instanceof`, ...
            if first || last {
                format!(" {json} ")
            } else {
                json
            }
        }
    }
}

/// `_html_template_jsstrescaper`: for the inside of a quoted JS string, in a script or an
/// event handler; HTML specials are `\u` escaped so no HTML escaping is needed after it.
/// A `template.JSStr` keeps its own escapes.
pub fn js_str_escaper(args: &[Value]) -> String {
    let (s, content) = stringify(args);
    if content == Content::Safe(SafeKind::JsStr) {
        return replace(&s, js_str_norm_replacement);
    }
    replace(&s, js_str_replacement)
}

/// `_html_template_jstmpllitescaper`: for the inside of a JS template literal: as a string,
/// and `$`, `{`, `}` too.
pub fn js_tmpl_lit_escaper(args: &[Value]) -> String {
    let (s, _) = stringify(args);
    replace(&s, js_bq_str_replacement)
}

/// `_html_template_jsregexpescaper`: for the inside of a regexp literal, so the value
/// matches itself; an empty value becomes `(?:)` rather than turning `/{{.}}/` into a
/// line comment.
pub fn js_regexp_escaper(args: &[Value]) -> String {
    let (s, _) = stringify(args);
    let s = replace(&s, js_regexp_replacement);
    if s.is_empty() {
        return "(?:)".to_string();
    }
    s
}

/// Replaces each character `r` of `s` by its escape: controls always by the shared low
/// table, the others by `table`, and U+2028, U+2029 always.
fn replace(s: &str, table: fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let repl = match c {
            '\0'..='\x1f' => Some(low_unicode_replacement(c)),
            _ => table(c).or(match c {
                '\u{2028}' => Some("\\u2028"),
                '\u{2029}' => Some("\\u2029"),
                _ => None,
            }),
        };
        match repl {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    out
}

fn low_unicode_replacement(c: char) -> &'static str {
    const LOW: [&str; 32] = [
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\u0008", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010",
        "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018",
        "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ];
    // "\v" is "v" on IE 6, hence `\u000b`.
    LOW[c as usize]
}

/// The HTML specials become hex escapes so the output needs no HTML escaping in an
/// attribute.
fn js_str_norm_replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '"' => "\\u0022",
        '`' => "\\u0060",
        '&' => "\\u0026",
        '\'' => "\\u0027",
        '+' => "\\u002b",
        '/' => "\\/",
        '<' => "\\u003c",
        '>' => "\\u003e",
        _ => return None,
    })
}

fn js_str_replacement(c: char) -> Option<&'static str> {
    match c {
        '\\' => Some("\\\\"),
        _ => js_str_norm_replacement(c),
    }
}

fn js_bq_str_replacement(c: char) -> Option<&'static str> {
    match c {
        '$' => Some("\\u0024"),
        '{' => Some("\\u007b"),
        '}' => Some("\\u007d"),
        _ => js_str_replacement(c),
    }
}

fn js_regexp_replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '"' => "\\u0022",
        '$' => "\\$",
        '&' => "\\u0026",
        '\'' => "\\u0027",
        '(' => "\\(",
        ')' => "\\)",
        '*' => "\\*",
        '+' => "\\u002b",
        '-' => "\\-",
        '.' => "\\.",
        '/' => "\\/",
        '<' => "\\u003c",
        '>' => "\\u003e",
        '?' => "\\?",
        '[' => "\\[",
        '\\' => "\\\\",
        ']' => "\\]",
        '^' => "\\^",
        '{' => "\\{",
        '|' => "\\|",
        '}' => "\\}",
        _ => return None,
    })
}
