//! Parsing template text into trees: Go's `text/template/parse`. [`parse`] is pure: it turns
//! one text into the trees it defines (the top-level one and one per `define` or `block`),
//! checking function names against a [`Funcs`] as Go does. Putting trees into a set, and the
//! rules for redefinitions, belong to [`crate::Set`].

mod lex;
mod node;
mod parser;

use std::fmt;
use std::sync::Arc;

pub use lex::{Item, ItemType, LexOptions, Lexer};
pub use node::*;

use crate::funcs::Funcs;
use crate::strconv::{parse_float, parse_int, parse_uint, quote, unquote_char};

/// How deep `if`/`range`/`with`/`define`/`block` bodies may nest in a template, and, apart,
/// how deep parenthesized pipelines may nest (Go's `maxStackDepth`, 10,000 there; Go does
/// not bound control nesting).
///
/// The parser recurses once per level, so the limit is what keeps a hostile template from
/// overflowing the stack. Measured by `tests/engine/limits.rs` (which bisects for the
/// smallest thread stack that parses a template 40 and 240 levels deep): a level of controls
/// takes 1.2 KiB of stack in a release build and 2.9 KiB in a debug build, a level of
/// parentheses 0.8 and 2.3 KiB. A template at this limit in both at once needs under 0.25 MiB
/// (release) or 0.65 MiB (debug), well within the 2 MiB of a spawned thread; the test fails if
/// that stops being true. Real themes nest fewer than 20 levels.
pub const DEFAULT_MAX_DEPTH: usize = 100;

/// How many `{{else if}}`/`{{else with}}` links may enclose a point of a template. They do not
/// count as nesting ([`DEFAULT_MAX_DEPTH`]): Go has no limit on them, real themes chain over a
/// hundred (PaperMod's `svg.html`, 147), and the parser, the escaper and execution walk a
/// chain in a loop. But the tree nests each link in the one before, as Go's does, so cloning,
/// printing and dropping a tree recurse once per link: this bound keeps them within a 2 MiB
/// thread, as `tests/engine/limits.rs` checks.
pub const MAX_ELSE_LINKS: usize = 1_000;

/// What to parse and how.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// The template's name: the top-level tree gets it; `{{template "name"}}` finds it.
    pub name: String,
    /// The name errors give, usually the file's path; the template name when `None`. Every
    /// tree of the text keeps it (Go's `ParseName`).
    pub error_name: Option<String>,
    /// Action delimiters; empty means `{{` and `}}`.
    pub left_delim: String,
    pub right_delim: String,
    /// Keep comments in the tree (Go's `parse.ParseComments`).
    pub comments: bool,
    /// Accept calls of unknown functions, to resolve them when executing (Go's
    /// `parse.SkipFuncCheck`).
    pub skip_func_check: bool,
    /// See [`DEFAULT_MAX_DEPTH`].
    pub max_depth: usize,
}

impl ParseOptions {
    pub fn new(name: &str) -> Self {
        ParseOptions {
            name: name.to_string(),
            error_name: None,
            left_delim: String::new(),
            right_delim: String::new(),
            comments: false,
            skip_func_check: false,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }

    /// Errors name `path` instead of the template name.
    pub fn with_error_name(mut self, path: &str) -> Self {
        self.error_name = Some(path.to_string());
        self
    }

    pub fn with_delims(mut self, left: &str, right: &str) -> Self {
        self.left_delim = left.to_string();
        self.right_delim = right.to_string();
        self
    }

    /// The name errors give.
    pub fn error_name(&self) -> &str {
        self.error_name.as_deref().unwrap_or(&self.name)
    }
}

/// One parsed template: a name, the name its errors give, its nodes, and the text it was
/// parsed from (shared by every tree of that text), from which errors compute lines.
#[derive(Debug, Clone)]
pub struct Tree {
    pub name: Arc<str>,
    pub parse_name: Arc<str>,
    pub root: ListNode,
    pub source: Arc<str>,
}

impl Tree {
    /// Go's error location of a byte position: the line (from 1) and the byte offset in that
    /// line (from 0 on every line, as Go prints it).
    pub fn location(&self, pos: Pos) -> (usize, usize) {
        location(&self.source, pos)
    }

    /// Go's `IsEmptyTree`: only space and comments.
    pub fn is_empty(&self) -> bool {
        is_empty_tree(&self.root)
    }
}

fn location(source: &str, pos: Pos) -> (usize, usize) {
    let before = &source.as_bytes()[..pos.min(source.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let col = match before.iter().rposition(|&b| b == b'\n') {
        Some(nl) => before.len() - nl - 1,
        None => before.len(),
    };
    (line, col)
}

/// A template that does not parse: where, and Go's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The error name of the text (its file).
    pub name: Arc<str>,
    pub line: usize,
    /// The byte offset in the line, from 0, as Go's execution errors count it.
    pub col: usize,
    /// Go's message, without the location.
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(
        name: Arc<str>,
        source: &str,
        pos: Pos,
        line: usize,
        message: String,
    ) -> Self {
        let (_, col) = location(source, pos);
        ParseError {
            name,
            line,
            col,
            message,
        }
    }

    /// Go's own text: `template: NAME:LINE: message` (no column).
    pub fn go_message(&self) -> String {
        format!("template: {}:{}: {}", self.name, self.line, self.message)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "template: {}:{}:{}: {}",
            self.name, self.line, self.col, self.message
        )
    }
}

impl std::error::Error for ParseError {}

/// Parses `text` into its trees: the top-level tree (named `options.name`) first, then the
/// trees its `define` and `block` actions make. Function names are checked against `funcs`.
pub fn parse(text: &str, options: &ParseOptions, funcs: &Funcs) -> Result<Vec<Tree>, ParseError> {
    let mut trees = parser::Parser::new(text, options, funcs).run()?;
    // The top-level tree is added last while parsing; hand it back first.
    if let Some(i) = trees.iter().position(|t| *t.name == *options.name) {
        let top = trees.remove(i);
        trees.insert(0, top);
    }
    Ok(trees)
}

/// Reads a number literal as the parser does (Go's `newNumber`): every kind that represents
/// it exactly, or Go's error. Complex and imaginary literals are refused: Go's complex numbers
/// have no counterpart here.
pub fn parse_number(text: &str) -> Result<NumberNode, String> {
    let typ = if text.starts_with('\'') {
        ItemType::CharConstant
    } else if text.len() > 1
        && text[1..].contains(['+', '-'])
        && text.ends_with('i')
        && !text.contains(['p', 'P'])
    {
        ItemType::Complex
    } else {
        ItemType::Number
    };
    parse_number_item(0, text, typ)
}

pub(crate) fn parse_number_item(pos: Pos, text: &str, typ: ItemType) -> Result<NumberNode, String> {
    let mut n = NumberNode {
        pos,
        is_int: false,
        is_uint: false,
        is_float: false,
        int: 0,
        uint: 0,
        float: 0.0,
        text: text.into(),
    };
    let complex = || format!("complex numbers are not supported: {text}");
    match typ {
        ItemType::CharConstant => {
            let c = unquote_char(&text[1..], text.as_bytes()[0])
                .map_err(|_| "invalid syntax".to_string())?;
            if c.tail != "'" {
                return Err(format!("malformed character constant: {text}"));
            }
            n.is_int = true;
            n.is_uint = true;
            n.is_float = true;
            n.int = c.value as i64;
            n.uint = c.value as u64;
            n.float = c.value as f64;
            return Ok(n);
        }
        ItemType::Complex => return Err(complex()),
        _ => {}
    }
    if let Some(imaginary) = text.strip_suffix('i') {
        if parse_float(imaginary).is_some() {
            return Err(complex());
        }
    }
    let unsigned = parse_uint(text);
    if let Some(u) = unsigned {
        n.is_uint = true;
        n.uint = u;
    }
    if let Some(i) = parse_int(text) {
        n.is_int = true;
        n.int = i;
        if i == 0 {
            // "-0" is an unsigned zero too.
            n.is_uint = true;
            n.uint = 0;
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float = n.int as f64;
    } else if n.is_uint {
        n.is_float = true;
        n.float = n.uint as f64;
    } else if let Some(f) = parse_float(text) {
        // A float that looks like an integer is an integer too large for 64 bits.
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", quote(text)));
        }
        n.is_float = true;
        n.float = f;
        const TWO_63: f64 = 9_223_372_036_854_775_808.0;
        if (-TWO_63..TWO_63).contains(&f) && (f as i64) as f64 == f {
            n.is_int = true;
            n.int = f as i64;
        }
        if (0.0..2.0 * TWO_63).contains(&f) && (f as u64) as f64 == f {
            n.is_uint = true;
            n.uint = f as u64;
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!("illegal number syntax: {}", quote(text)));
    }
    Ok(n)
}
