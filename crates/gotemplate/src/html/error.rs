//! html/template's escaping errors: Go's `ErrorCode`s and the messages its escaper writes.
//!
//! An error found while escaping travels inside a [`Context`](super::Context) in the error
//! state, as Go's does, so that `join` and the tree pass can carry it to the end of the
//! template; the tree pass adds the template name and the position of the node.

use std::fmt;
use std::sync::Arc;

/// Go's `html/template.ErrorCode`, with Go's numbering (`OK` is 0 and never stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// An action in a URL where it may be before or after the `?`.
    AmbigContext = 1,
    /// Malformed HTML: a quote in an unquoted attribute value or an attribute name.
    BadHtml,
    /// The branches of `if`, `with` or `range` end in different contexts.
    BranchEnd,
    /// A template ends outside text (inside a tag, a script, a comment...).
    EndContext,
    /// `{{template}}` names a template that does not exist or is empty.
    NoSuchTemplate,
    /// The output context of a recursive template could not be computed.
    OutputContext,
    /// A JS regexp ends inside a `[...]` character set.
    PartialCharset,
    /// A JS or CSS string ends inside a `\` escape.
    PartialEscape,
    /// A `range` body ends in a context other than the one it started in.
    RangeLoopReentry,
    /// A `/` in JS that may start a regexp or be a division.
    SlashAmbig,
    /// `html` or `urlquery` in a pipeline where html/template forbids them.
    PredefinedEscaper,
    /// An action in a JS template literal: Go no longer reports it since 1.22 (the action is
    /// escaped), and neither does this crate; kept for the numbering.
    JsTemplate,
}

impl ErrorCode {
    /// The constant's name in Go, as `ErrAmbigContext`.
    pub fn go_name(self) -> &'static str {
        match self {
            ErrorCode::AmbigContext => "ErrAmbigContext",
            ErrorCode::BadHtml => "ErrBadHTML",
            ErrorCode::BranchEnd => "ErrBranchEnd",
            ErrorCode::EndContext => "ErrEndContext",
            ErrorCode::NoSuchTemplate => "ErrNoSuchTemplate",
            ErrorCode::OutputContext => "ErrOutputContext",
            ErrorCode::PartialCharset => "ErrPartialCharset",
            ErrorCode::PartialEscape => "ErrPartialEscape",
            ErrorCode::RangeLoopReentry => "ErrRangeLoopReentry",
            ErrorCode::SlashAmbig => "ErrSlashAmbig",
            ErrorCode::PredefinedEscaper => "ErrPredefinedEscaper",
            ErrorCode::JsTemplate => "ErrJSTemplate",
        }
    }
}

/// Where in a template file something is: the file (the tree's parse name, which a host sets
/// to the file's path), the line from 1 and the byte offset in the line from 0, as Go counts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: Arc<str>,
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// An escaping error: Go's `html/template.Error`. Its code and Go's description, and where
/// Go places it, which decides how it prints:
///
/// - at a node (an action, a branch, a template call): `html/template:FILE:LINE:COL: ...`;
/// - else at a line of the template (a `range` body that breaks HTML on its second run):
///   `html/template:NAME:LINE: ...`;
/// - else in the template being escaped (text that breaks HTML, a template that ends inside
///   a tag): `html/template:NAME: ...`.
///
/// Where Go gives no node, [`Error::hint`] still says which text node broke, for tools that
/// point into the file ([`Error::location`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub description: String,
    /// The node Go names (Go's `Error.Node`).
    pub node: Option<Location>,
    /// The template being escaped when the error was found (Go's `Error.Name`), set by the
    /// tree pass; empty from the string-level functions.
    pub name: Arc<str>,
    /// Go's `Error.Line`: printed only when there is no node.
    pub line: usize,
    /// Where the text that broke the HTML begins, when Go names no node. Not printed.
    pub hint: Option<Location>,
}

impl Error {
    pub fn new(code: ErrorCode, description: impl Into<String>) -> Error {
        Error {
            code,
            description: description.into(),
            node: None,
            name: Arc::from(""),
            line: 0,
            hint: None,
        }
    }

    /// The best place to point at in the file: the node Go names, else the text that broke.
    pub fn location(&self) -> Option<&Location> {
        self.node.as_ref().or(self.hint.as_ref())
    }

    /// `{{template "name"}}` where `name` was never defined.
    pub fn no_such_template(name: &str) -> Error {
        Error::new(
            ErrorCode::NoSuchTemplate,
            format!("no such template {}", go_quote(name.as_bytes())),
        )
    }

    /// `{{template "name"}}` where `name` was mentioned but has no body.
    pub fn incomplete_template(name: &str) -> Error {
        Error::new(
            ErrorCode::NoSuchTemplate,
            format!(
                "{} is an incomplete or empty template",
                go_quote(name.as_bytes())
            ),
        )
    }

    /// A recursive template whose output context has no fixed point; `mangled` is the
    /// derived name (`t$htmltemplate_stateJS_elementScript`).
    pub fn cannot_compute_output(mangled: &str) -> Error {
        Error::new(
            ErrorCode::OutputContext,
            format!("cannot compute output context for template {mangled}"),
        )
    }

    /// The error Go reports for a `range` body that does not come back to its start
    /// context: the join's error with a prefix (Go keeps the join's code).
    pub fn on_range_reentry(mut self) -> Error {
        self.description = format!("on range loop re-entry: {}", self.description);
        self
    }

    /// The same for the context at a `{{break}}` (`kind` "break") or `{{continue}}`.
    pub fn at_range_loop(mut self, kind: &str) -> Error {
        self.description = format!("at range loop {kind}: {}", self.description);
        self
    }
}

impl fmt::Display for Error {
    /// Go's `Error()`: the node's location, else the template's name and line, else its name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.node, self.line, self.name.is_empty()) {
            (Some(at), _, _) => write!(f, "html/template:{at}: {}", self.description),
            (None, line, false) if line != 0 => {
                write!(
                    f,
                    "html/template:{}:{line}: {}",
                    self.name, self.description
                )
            }
            (None, _, false) => write!(f, "html/template:{}: {}", self.name, self.description),
            (None, _, true) => write!(f, "html/template: {}", self.description),
        }
    }
}

impl std::error::Error for Error {}

/// Go's `%q` of a byte string: `strconv.Quote`. Printable characters stay, the usual
/// backslash escapes are used, other bytes below 0x80 and invalid UTF-8 become `\xNN`, and
/// the non-printing Unicode characters a template meets (spaces other than U+0020, format
/// and line-separator characters, private use) become `\uNNNN`.
pub(crate) fn go_quote(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for chunk in s.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\x07' => out.push_str("\\a"),
                '\x08' => out.push_str("\\b"),
                '\x0c' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\x0b' => out.push_str("\\v"),
                c if (c as u32) < 0x20 || c == '\x7f' => {
                    out.push_str(&format!("\\x{:02x}", c as u32))
                }
                c if is_printable(c) => out.push(c),
                c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push_str(&format!("\\U{:08x}", c as u32)),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push('"');
    out
}

/// Go's `%.Nq`: the first `n` characters (invalid bytes count as one each), quoted.
pub(crate) fn go_quote_prefix(s: &[u8], n: usize) -> String {
    let mut end = 0;
    let mut count = 0;
    while end < s.len() && count < n {
        end += utf8_len_at(s, end);
        count += 1;
    }
    go_quote(&s[..end])
}

/// The length of the character starting at `s[i]`, or 1 for an invalid byte, as Go's
/// `utf8.DecodeRune` steps.
pub(crate) fn utf8_len_at(s: &[u8], i: usize) -> usize {
    let width = match s[i] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return 1,
    };
    match s.get(i..i + width).map(std::str::from_utf8) {
        Some(Ok(_)) => width,
        _ => 1,
    }
}

/// Go's `unicode.IsPrint` outside ASCII, for the characters a template can hold: the Unicode
/// spaces, line and paragraph separators, format characters, private use, and the C1
/// controls do not print.
fn is_printable(c: char) -> bool {
    !matches!(c as u32,
        0x80..=0xa0
        | 0xad
        | 0x600..=0x605
        | 0x61c
        | 0x6dd
        | 0x70f
        | 0x1680
        | 0x180e
        | 0x2000..=0x200f
        | 0x2028..=0x202f
        | 0x205f..=0x206f
        | 0x3000
        | 0xd800..=0xf8ff
        | 0xfeff
        | 0xfff9..=0xfffb
        | 0xfffe..=0xffff
        | 0xe0000..=0x10ffff)
}
