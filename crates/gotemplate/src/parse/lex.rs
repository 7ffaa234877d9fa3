//! The lexer: turns template text into items, one at a time, on demand. It follows Go's
//! `text/template/parse` lexer (the pull-based one of Go 1.20 and later) item for item, with
//! the same positions, lines and error texts, since parse errors and the lexer tests depend on
//! them.

use std::borrow::Cow;

use crate::strconv::{is_digit, is_letter, is_print, unicode_format};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemType {
    Error,
    Bool,
    /// A printable ASCII character inside an action: the grab bag for `,` and the like.
    Char,
    CharConstant,
    Comment,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords come after everything else, as in Go: `item.String()` prints them as `<word>`.
    Keyword,
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

fn keyword(word: &str) -> Option<ItemType> {
    Some(match word {
        "." => ItemType::Dot,
        "block" => ItemType::Block,
        "break" => ItemType::Break,
        "continue" => ItemType::Continue,
        "define" => ItemType::Define,
        "else" => ItemType::Else,
        "end" => ItemType::End,
        "if" => ItemType::If,
        "range" => ItemType::Range,
        "nil" => ItemType::Nil,
        "template" => ItemType::Template,
        "with" => ItemType::With,
        _ => return None,
    })
}

/// A token: its type, byte position in the input, text (for an error, the message) and the line
/// it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Item<'a> {
    pub typ: ItemType,
    pub pos: usize,
    pub val: Cow<'a, str>,
    pub line: usize,
}

impl std::fmt::Display for Item<'_> {
    /// How Go's parser names a token in "unexpected X in Y".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.typ {
            ItemType::Eof => f.write_str("EOF"),
            ItemType::Error => f.write_str(&self.val),
            t if t > ItemType::Keyword => write!(f, "<{}>", self.val),
            _ if self.val.chars().count() > 10 => {
                write!(f, "{}...", crate::strconv::quote_prefix(&self.val, 10))
            }
            _ => f.write_str(&crate::strconv::quote(&self.val)),
        }
    }
}

/// What the lexer may treat as keywords and whether it hands comments to the parser.
#[derive(Debug, Clone, Copy, Default)]
pub struct LexOptions {
    pub emit_comment: bool,
    /// `break` is a keyword (false when the function map defines a function called `break`).
    pub break_ok: bool,
    pub continue_ok: bool,
}

const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";
const TRIM_MARKER_LEN: usize = 2;

#[derive(Clone, Copy)]
enum State {
    Text,
    LeftDelim,
    Comment,
    RightDelim,
    InsideAction,
    Space,
    Identifier,
    Field,
    Variable,
    Char,
    Number,
    Quote,
    RawQuote,
}

enum Step {
    Next(State),
    Emit,
}

pub struct Lexer<'a> {
    input: &'a str,
    left_delim: &'a str,
    right_delim: &'a str,
    pos: usize,
    start: usize,
    at_eof: bool,
    paren_depth: usize,
    line: usize,
    start_line: usize,
    item: Option<Item<'a>>,
    inside_action: bool,
    /// After an error the lexer reads nothing more, as Go's does by emptying its input.
    stopped: bool,
    pub options: LexOptions,
}

fn is_space(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t' | '\r' | '\n'))
}

fn is_alphanumeric(c: char) -> bool {
    c == '_' || is_letter(c) || is_digit(c)
}

fn has_left_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(Some(b[1] as char))
}

fn has_right_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(Some(b[0] as char)) && b[1] == b'-'
}

fn right_trim_length(s: &str) -> usize {
    s.len() - s.trim_end_matches([' ', '\t', '\r', '\n']).len()
}

fn left_trim_length(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t', '\r', '\n']).len()
}

impl<'a> Lexer<'a> {
    /// A lexer for `input`; empty delimiters stand for `{{` and `}}`.
    pub fn new(input: &'a str, left: &'a str, right: &'a str) -> Self {
        Lexer {
            input,
            left_delim: if left.is_empty() { "{{" } else { left },
            right_delim: if right.is_empty() { "}}" } else { right },
            pos: 0,
            start: 0,
            at_eof: false,
            paren_depth: 0,
            line: 1,
            start_line: 1,
            item: None,
            inside_action: false,
            stopped: false,
            options: LexOptions::default(),
        }
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn next(&mut self) -> Option<char> {
        match self.rest().chars().next() {
            None => {
                self.at_eof = true;
                None
            }
            Some(c) => {
                self.pos += c.len_utf8();
                if c == '\n' {
                    self.line += 1;
                }
                Some(c)
            }
        }
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn backup(&mut self) {
        if !self.at_eof && self.pos > 0 {
            if let Some(c) = self.input[..self.pos].chars().next_back() {
                self.pos -= c.len_utf8();
                if c == '\n' {
                    self.line -= 1;
                }
            }
        }
    }

    fn this_item(&mut self, typ: ItemType) -> Item<'a> {
        let item = Item {
            typ,
            pos: self.start,
            val: Cow::Borrowed(&self.input[self.start..self.pos]),
            line: self.start_line,
        };
        self.start = self.pos;
        self.start_line = self.line;
        item
    }

    fn emit(&mut self, typ: ItemType) -> Step {
        let item = self.this_item(typ);
        self.emit_item(item)
    }

    fn emit_item(&mut self, item: Item<'a>) -> Step {
        self.item = Some(item);
        Step::Emit
    }

    /// Skips the pending input, counting its newlines (for text skipped without `next`).
    fn ignore(&mut self) {
        self.line += self.input[self.start..self.pos].matches('\n').count();
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.next() {
            Some(c) if valid.contains(c) => true,
            _ => {
                self.backup();
                false
            }
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while let Some(c) = self.next() {
            if !valid.contains(c) {
                break;
            }
        }
        self.backup();
    }

    fn errorf(&mut self, message: String) -> Step {
        self.item = Some(Item {
            typ: ItemType::Error,
            pos: self.start,
            val: Cow::Owned(message),
            line: self.start_line,
        });
        self.stopped = true;
        Step::Emit
    }

    /// The next item. After the end or an error, every further call returns EOF.
    pub fn next_item(&mut self) -> Item<'a> {
        if self.stopped {
            return Item {
                typ: ItemType::Eof,
                pos: self.pos,
                val: Cow::Borrowed(""),
                line: self.start_line,
            };
        }
        let mut state = if self.inside_action {
            State::InsideAction
        } else {
            State::Text
        };
        loop {
            let step = match state {
                State::Text => self.lex_text(),
                State::LeftDelim => self.lex_left_delim(),
                State::Comment => self.lex_comment(),
                State::RightDelim => self.lex_right_delim(),
                State::InsideAction => self.lex_inside_action(),
                State::Space => self.lex_space(),
                State::Identifier => self.lex_identifier(),
                State::Field => self.lex_field_or_variable(ItemType::Field),
                State::Variable => self.lex_variable(),
                State::Char => self.lex_quoted(
                    '\'',
                    "unterminated character constant",
                    ItemType::CharConstant,
                ),
                State::Number => self.lex_number(),
                State::Quote => {
                    self.lex_quoted('"', "unterminated quoted string", ItemType::String)
                }
                State::RawQuote => self.lex_raw_quote(),
            };
            match step {
                Step::Next(next) => state = next,
                Step::Emit => {
                    let item = self.item.take().expect("an emitting state sets the item");
                    if item.typ == ItemType::Eof {
                        self.stopped = true;
                    }
                    return item;
                }
            }
        }
    }

    fn lex_text(&mut self) -> Step {
        if let Some(x) = self.rest().find(self.left_delim) {
            if x > 0 {
                self.pos += x;
                let delim_end = self.pos + self.left_delim.len();
                let trim = if has_left_trim_marker(&self.input[delim_end..]) {
                    right_trim_length(&self.input[self.start..self.pos])
                } else {
                    0
                };
                self.pos -= trim;
                self.line += self.input[self.start..self.pos].matches('\n').count();
                let item = self.this_item(ItemType::Text);
                self.pos += trim;
                self.ignore();
                if !item.val.is_empty() {
                    return self.emit_item(item);
                }
            }
            return Step::Next(State::LeftDelim);
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            self.line += self.input[self.start..self.pos].matches('\n').count();
            return self.emit(ItemType::Text);
        }
        self.emit(ItemType::Eof)
    }

    /// Whether the input is at a right delimiter, and whether a trim marker precedes it.
    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest();
        if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(self.right_delim) {
            return (true, true);
        }
        (rest.starts_with(self.right_delim), false)
    }

    fn lex_left_delim(&mut self) -> Step {
        self.pos += self.left_delim.len();
        let trim = has_left_trim_marker(self.rest());
        let after_marker = if trim { TRIM_MARKER_LEN } else { 0 };
        if self.input[self.pos + after_marker..].starts_with(LEFT_COMMENT) {
            self.pos += after_marker;
            self.ignore();
            return Step::Next(State::Comment);
        }
        let item = self.this_item(ItemType::LeftDelim);
        self.inside_action = true;
        self.pos += after_marker;
        self.ignore();
        self.paren_depth = 0;
        self.emit_item(item)
    }

    fn lex_comment(&mut self) -> Step {
        self.pos += LEFT_COMMENT.len();
        let Some(x) = self.rest().find(RIGHT_COMMENT) else {
            return self.errorf("unclosed comment".into());
        };
        self.pos += x + RIGHT_COMMENT.len();
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.errorf("comment ends before closing delimiter".into());
        }
        self.line += self.input[self.start..self.pos].matches('\n').count();
        let item = self.this_item(ItemType::Comment);
        if trim {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += self.right_delim.len();
        if trim {
            self.pos += left_trim_length(self.rest());
        }
        self.ignore();
        if self.options.emit_comment {
            return self.emit_item(item);
        }
        Step::Next(State::Text)
    }

    fn lex_right_delim(&mut self) -> Step {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += TRIM_MARKER_LEN;
            self.ignore();
        }
        self.pos += self.right_delim.len();
        let item = self.this_item(ItemType::RightDelim);
        if trim {
            self.pos += left_trim_length(self.rest());
            self.ignore();
        }
        self.inside_action = false;
        self.emit_item(item)
    }

    fn lex_inside_action(&mut self) -> Step {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return Step::Next(State::RightDelim);
            }
            return self.errorf("unclosed left paren".into());
        }
        let c = self.next();
        match c {
            None => self.errorf("unclosed action".into()),
            Some(' ' | '\t' | '\r' | '\n') => {
                // Put the space back: it may begin " -}}".
                self.backup();
                Step::Next(State::Space)
            }
            Some('=') => self.emit(ItemType::Assign),
            Some(':') => {
                if self.next() != Some('=') {
                    return self.errorf("expected :=".into());
                }
                self.emit(ItemType::Declare)
            }
            Some('|') => self.emit(ItemType::Pipe),
            Some('"') => Step::Next(State::Quote),
            Some('`') => Step::Next(State::RawQuote),
            Some('$') => Step::Next(State::Variable),
            Some('\'') => Step::Next(State::Char),
            Some('.')
                if !self.peek().is_some_and(|d| d.is_ascii_digit())
                    && self.pos < self.input.len() =>
            {
                Step::Next(State::Field)
            }
            Some('.' | '+' | '-' | '0'..='9') => {
                self.backup();
                Step::Next(State::Number)
            }
            Some(c) if is_alphanumeric(c) => {
                self.backup();
                Step::Next(State::Identifier)
            }
            Some('(') => {
                self.paren_depth += 1;
                self.emit(ItemType::LeftParen)
            }
            Some(')') => {
                if self.paren_depth == 0 {
                    return self.errorf("unexpected right paren".into());
                }
                self.paren_depth -= 1;
                self.emit(ItemType::RightParen)
            }
            Some(c) if c.is_ascii() && is_print(c) => self.emit(ItemType::Char),
            Some(c) => self.errorf(format!(
                "unrecognized character in action: {}",
                unicode_format(c)
            )),
        }
    }

    fn lex_space(&mut self) -> Step {
        let mut spaces = 0;
        while is_space(self.peek()) {
            self.next();
            spaces += 1;
        }
        // A trim-marked right delimiter starts with a space: leave that space to it.
        let before = &self.input[self.pos - 1..];
        if has_right_trim_marker(before) && before[TRIM_MARKER_LEN..].starts_with(self.right_delim)
        {
            self.backup();
            if spaces == 1 {
                return Step::Next(State::RightDelim);
            }
        }
        self.emit(ItemType::Space)
    }

    fn lex_identifier(&mut self) -> Step {
        loop {
            match self.next() {
                Some(c) if is_alphanumeric(c) => {}
                c => {
                    self.backup();
                    if !self.at_terminator() {
                        return self.bad_character(c);
                    }
                    let word = &self.input[self.start..self.pos];
                    let typ = match keyword(word) {
                        Some(ItemType::Break) if !self.options.break_ok => ItemType::Identifier,
                        Some(ItemType::Continue) if !self.options.continue_ok => {
                            ItemType::Identifier
                        }
                        Some(k) if k > ItemType::Keyword => k,
                        _ if word.starts_with('.') => ItemType::Field,
                        _ if word == "true" || word == "false" => ItemType::Bool,
                        _ => ItemType::Identifier,
                    };
                    return self.emit(typ);
                }
            }
        }
    }

    fn bad_character(&mut self, c: Option<char>) -> Step {
        let shown = match c {
            Some(c) => unicode_format(c),
            None => "U+FFFFFFFFFFFFFFFF".into(), // Go prints EOF (-1) this way
        };
        self.errorf(format!("bad character {shown}"))
    }

    fn lex_variable(&mut self) -> Step {
        if self.at_terminator() {
            return self.emit(ItemType::Variable);
        }
        self.lex_field_or_variable(ItemType::Variable)
    }

    fn lex_field_or_variable(&mut self, typ: ItemType) -> Step {
        if self.at_terminator() {
            return self.emit(if typ == ItemType::Variable {
                ItemType::Variable
            } else {
                ItemType::Dot
            });
        }
        let mut c;
        loop {
            c = self.next();
            if !c.is_some_and(is_alphanumeric) {
                self.backup();
                break;
            }
        }
        if !self.at_terminator() {
            return self.bad_character(c);
        }
        self.emit(typ)
    }

    /// Whether the next character may end an identifier: space, punctuation that separates
    /// operands, or the right delimiter. This is what splits `.X.Y` and rejects `$x+2`.
    fn at_terminator(&self) -> bool {
        let c = self.peek();
        if is_space(c) {
            return true;
        }
        match c {
            None | Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with(self.right_delim),
        }
    }

    /// A character constant or interpreted string; the opening quote has been read.
    fn lex_quoted(&mut self, quote: char, unterminated: &str, typ: ItemType) -> Step {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => return self.errorf(unterminated.into()),
                    Some(_) => {}
                },
                None | Some('\n') => return self.errorf(unterminated.into()),
                Some(c) if c == quote => return self.emit(typ),
                Some(_) => {}
            }
        }
    }

    fn lex_raw_quote(&mut self) -> Step {
        loop {
            match self.next() {
                None => return self.errorf("unterminated raw quoted string".into()),
                Some('`') => return self.emit(ItemType::RawString),
                Some(_) => {}
            }
        }
    }

    fn lex_number(&mut self) -> Step {
        if !self.scan_number() {
            let text = crate::strconv::quote(&self.input[self.start..self.pos]);
            return self.errorf(format!("bad number syntax: {text}"));
        }
        if let Some('+' | '-') = self.peek() {
            // Complex: 1+2i, no spaces, ending in 'i'.
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let text = crate::strconv::quote(&self.input[self.start..self.pos]);
                return self.errorf(format!("bad number syntax: {text}"));
            }
            return self.emit(ItemType::Complex);
        }
        self.emit(ItemType::Number)
    }

    /// Reads a number loosely ("089" and "0x0.2" pass); the parser's conversion rejects what
    /// is wrong.
    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek().is_some_and(is_alphanumeric) {
            self.next();
            return false;
        }
        true
    }
}
