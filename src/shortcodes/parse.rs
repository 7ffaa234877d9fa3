//! Hugo's shortcode syntax, read from a markdown body into a tree: text, calls (with their
//! arguments and, for paired ones, the nodes between the tags) and `{{</* */>}}` literals.
//! Pure: text in, tree out, every node keeping its byte range for file:line messages.

use std::ops::Range;

/// The longest shortcode call (from `{{<` to `>}}`) read; a real figure caption or raw-string
/// argument is far shorter, and an unterminated call must not make us scan megabytes each time.
pub const MAX_CALL_LEN: usize = 64 * 1024;
/// The deepest nesting of paired shortcodes; real notes nest two or three.
pub const MAX_DEPTH: usize = 32;

/// `{{< >}}` (output kept out of markdown) or `{{% %}}` (output read as markdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delim {
    Html,
    Markdown,
}

impl Delim {
    fn open(self) -> &'static str {
        match self {
            Delim::Html => "{{<",
            Delim::Markdown => "{{%",
        }
    }

    fn close(self) -> &'static str {
        match self {
            Delim::Html => ">}}",
            Delim::Markdown => "%}}",
        }
    }
}

/// An argument's value as written: quoted and raw strings stay strings, bare words that
/// read as a boolean or a number become one (Hugo's typed parameters).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Bool(bool),
    Int(i64),
    Float(f64),
}

impl Arg {
    /// The value as Hugo's `.Get` prints it.
    pub fn as_text(&self) -> String {
        match self {
            Arg::Str(s) => s.clone(),
            Arg::Bool(b) => b.to_string(),
            Arg::Int(i) => i.to_string(),
            Arg::Float(f) => f.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Args {
    pub positional: Vec<Arg>,
    pub named: Vec<(String, Arg)>,
}

impl Args {
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.named.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// A named argument, or else the positional one at `index`, as text.
    pub fn text(&self, name: &str, index: Option<usize>) -> Option<String> {
        self.get(name)
            .or_else(|| index.and_then(|i| self.positional.get(i)))
            .map(Arg::as_text)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Args,
    pub delim: Delim,
    /// The whole call, from `{{<` to the end of its closing tag (or its own `>}}`).
    pub range: Range<usize>,
    /// The text between the tags of a paired call, with its nodes.
    pub inner: Option<(Range<usize>, Vec<Node>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(Range<usize>),
    /// `{{</* x */>}}`: printed as `{{< x >}}`.
    Literal(String),
    Call(Call),
}

/// A call that cannot be read; the offset is where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

/// Whether `text` may hold a shortcode: the test that keeps pages without one free.
pub fn has_calls(text: &str) -> bool {
    text.match_indices("{{")
        .any(|(i, _)| matches!(text.as_bytes().get(i + 2), Some(b'<' | b'%')))
}

/// One tag as found in the text.
enum Tag {
    Open { call: Call, self_closed: bool },
    Close { name: String, end: usize },
    Literal(String, Range<usize>),
}

/// Reads `text` into nodes. Paired tags nest; an opening tag with no closing tag is a call
/// on its own (Hugo decides that from the template; the closing tag is what we have).
pub fn parse(text: &str) -> Result<Vec<Node>, ParseError> {
    // Frames of open paired calls: the call and the nodes read since it opened.
    let mut stack: Vec<(Call, Vec<Node>)> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    let mut pos = 0;
    let mut text_start = 0;
    while let Some(found) = text[pos..].find("{{") {
        let at = pos + found;
        let Some(delim) = delim_at(text, at) else {
            pos = at + 2;
            continue;
        };
        let Some(tag) = read_tag(text, at, delim)? else {
            pos = at + 3;
            continue;
        };
        let current = stack.last_mut().map(|(_, n)| n).unwrap_or(&mut top);
        if text_start < at {
            current.push(Node::Text(text_start..at));
        }
        pos = match tag {
            Tag::Literal(s, range) => {
                current.push(Node::Literal(s));
                range.end
            }
            Tag::Open { call, self_closed } => {
                let end = call.range.end;
                if self_closed {
                    current.push(Node::Call(call));
                } else {
                    if stack.len() >= MAX_DEPTH {
                        return Err(ParseError {
                            offset: at,
                            message: format!(
                                "shortcode {}: nested deeper than {MAX_DEPTH} shortcodes (the nesting limit); close the shortcodes above it",
                                call.name
                            ),
                        });
                    }
                    stack.push((call, Vec::new()));
                }
                end
            }
            Tag::Close { name, end } => {
                close(&mut stack, &mut top, &name, at, end).map_err(|message| ParseError {
                    offset: at,
                    message,
                })?;
                end
            }
        };
        text_start = pos;
    }
    let current = stack.last_mut().map(|(_, n)| n).unwrap_or(&mut top);
    if text_start < text.len() {
        current.push(Node::Text(text_start..text.len()));
    }
    while let Some(frame) = stack.pop() {
        let parent = stack.last_mut().map(|(_, n)| n).unwrap_or(&mut top);
        unwrap_frame(frame, parent);
    }
    Ok(top)
}

fn delim_at(text: &str, at: usize) -> Option<Delim> {
    match text.as_bytes().get(at + 2) {
        Some(b'<') => Some(Delim::Html),
        Some(b'%') => Some(Delim::Markdown),
        _ => None,
    }
}

/// A closing tag ends the nearest open call of that name; calls opened after it were not
/// paired after all and become calls on their own, their content text of the closed one.
fn close(
    stack: &mut Vec<(Call, Vec<Node>)>,
    top: &mut Vec<Node>,
    name: &str,
    at: usize,
    end: usize,
) -> Result<(), String> {
    let Some(k) = stack.iter().rposition(|(c, _)| c.name == name) else {
        return Err(format!(
            "shortcode {name}: closing tag `{{{{< /{name} >}}}}` with no opening tag; remove it or add the opening tag"
        ));
    };
    while stack.len() > k + 1 {
        let frame = stack.pop().unwrap();
        unwrap_frame(frame, &mut stack.last_mut().unwrap().1);
    }
    let (mut call, nodes) = stack.pop().unwrap();
    call.inner = Some((call.range.end..at, nodes));
    call.range.end = end;
    let parent = stack.last_mut().map(|(_, n)| n).unwrap_or(top);
    parent.push(Node::Call(call));
    Ok(())
}

/// An open call that was never closed: the call alone, then what followed it.
fn unwrap_frame((call, nodes): (Call, Vec<Node>), parent: &mut Vec<Node>) {
    parent.push(Node::Call(call));
    parent.extend(nodes);
}

/// Reads the tag starting at `at` (`{{<` or `{{%`). `None` when this is not a shortcode
/// after all (`{{<` followed by something that is not a name), so it stays text.
fn read_tag(text: &str, at: usize, delim: Delim) -> Result<Option<Tag>, ParseError> {
    let body_start = at + 3;
    let rest = &text[body_start..];
    let trimmed = rest.trim_start();
    if trimmed.starts_with("/*") {
        return read_literal(text, at, delim).map(Some);
    }
    let closing = trimmed.starts_with('/');
    let name_at = body_start + (rest.len() - trimmed.len()) + usize::from(closing);
    let name_len = text[name_at..]
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/')))
        .unwrap_or(text.len() - name_at);
    let name = &text[name_at..name_at + name_len];
    if name.is_empty() || !name.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        return Ok(None);
    }
    let mut lexer = Lexer {
        text,
        pos: name_at + name_len,
        start: at,
        self_closed: false,
    };
    let args = lexer.args(delim, name)?;
    let self_closed = lexer.self_closed;
    let end = lexer.pos;
    if closing {
        return Ok(Some(Tag::Close {
            name: name.to_string(),
            end,
        }));
    }
    Ok(Some(Tag::Open {
        call: Call {
            name: name.to_string(),
            args,
            delim,
            range: at..end,
            inner: None,
        },
        self_closed,
    }))
}

/// `{{</* name args */>}}`: the call as text, without the comment marks.
fn read_literal(text: &str, at: usize, delim: Delim) -> Result<Tag, ParseError> {
    let end_mark = format!("*/{}", delim.close());
    let window = &text[at..text.len().min(at + MAX_CALL_LEN)];
    let Some(end) = window.find(&end_mark) else {
        return Err(unterminated(at, "", delim));
    };
    let open = window.find("/*").unwrap();
    let inside = &window[open + 2..end];
    let shown = format!("{}{inside}{}", delim.open(), delim.close());
    Ok(Tag::Literal(shown, at..at + end + end_mark.len()))
}

fn unterminated(at: usize, name: &str, delim: Delim) -> ParseError {
    ParseError {
        offset: at,
        message: format!(
            "shortcode {name}: no `{}` within {MAX_CALL_LEN} bytes (the longest call read); close the call, or write `{{{{</* ... */>}}}}` to show it as text",
            delim.close()
        ),
    }
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    /// Where the call starts, for messages and the length limit.
    start: usize,
    /// The call ended with `/>}}`.
    self_closed: bool,
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn limit_check(&self, name: &str, delim: Delim) -> Result<(), ParseError> {
        if self.pos - self.start > MAX_CALL_LEN || self.pos >= self.text.len() {
            return Err(unterminated(self.start, name, delim));
        }
        Ok(())
    }

    /// The arguments up to and including the closing delimiter.
    fn args(&mut self, delim: Delim, name: &str) -> Result<Args, ParseError> {
        let mut args = Args::default();
        loop {
            self.skip_space();
            self.limit_check(name, delim)?;
            let rest = self.rest();
            if let Some(after) = rest.strip_prefix('/') {
                if after.trim_start().starts_with(delim.close()) {
                    self.self_closed = true;
                    self.pos += 1;
                    self.skip_space();
                    continue;
                }
            }
            if rest.starts_with(delim.close()) {
                self.pos += 3;
                return Ok(args);
            }
            let first = self.value(delim, name)?;
            self.skip_space();
            let bare_key = matches!(&first, (Arg::Str(s), true) if !s.is_empty());
            if bare_key && self.rest().starts_with('=') {
                self.pos += 1;
                self.skip_space();
                let (value, _) = self.value(delim, name)?;
                args.named.push((first.0.as_text(), value));
            } else {
                args.positional.push(first.0);
            }
        }
    }

    /// One value: `"quoted"` (with `\"`), `` `raw` `` or a bare word. The flag says whether
    /// it was bare (only a bare word can be a key).
    fn value(&mut self, delim: Delim, name: &str) -> Result<(Arg, bool), ParseError> {
        let rest = self.rest();
        // `key=` then only spaces to the end of the text: no value, and no closing delimiter.
        if rest.is_empty() {
            return Err(unterminated(self.start, name, delim));
        }
        if let Some(after) = rest.strip_prefix('"') {
            let mut out = String::new();
            let mut chars = after.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, n)) = chars.next() {
                            if n != '"' && n != '\\' {
                                out.push('\\');
                            }
                            out.push(n);
                        }
                    }
                    '"' => {
                        self.pos += 1 + i + 1;
                        return Ok((Arg::Str(out), false));
                    }
                    _ => out.push(c),
                }
                if i > MAX_CALL_LEN {
                    break;
                }
            }
            return Err(unterminated(self.start, name, delim));
        }
        if let Some(after) = rest.strip_prefix('`') {
            let Some(end) = after.find('`') else {
                return Err(unterminated(self.start, name, delim));
            };
            self.pos += end + 2;
            return Ok((Arg::Str(after[..end].to_string()), false));
        }
        let len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '"')
            .unwrap_or(rest.len());
        let mut word = &rest[..len];
        // `>}}` may follow a bare word with no space.
        if let Some(i) = word.find(delim.close()) {
            word = &word[..i];
        }
        if let Some(stripped) = word.strip_suffix('/') {
            if rest[stripped.len() + 1..]
                .trim_start()
                .starts_with(delim.close())
            {
                word = stripped;
            }
        }
        if word.is_empty() {
            // A stray `=` or quote: take one character so the loop moves on.
            let c = rest.chars().next().map(char::len_utf8).unwrap_or(1);
            self.pos += c;
            return Ok((Arg::Str(rest[..c].to_string()), false));
        }
        self.pos += word.len();
        Ok((typed(word), true))
    }
}

/// Hugo types bare values: `true`, `false`, integers and floats.
fn typed(word: &str) -> Arg {
    match word {
        "true" => Arg::Bool(true),
        "false" => Arg::Bool(false),
        _ => {
            if let Ok(i) = word.parse::<i64>() {
                Arg::Int(i)
            } else if let Some(f) = word.parse::<f64>().ok().filter(|_| word.contains('.')) {
                Arg::Float(f)
            } else {
                Arg::Str(word.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A call cut off after `key=` (with or without spaces, a newline, or a value's first
    /// quote) is an unterminated call, never a slice past the end of the text (a fuzz find).
    #[test]
    fn a_call_cut_off_after_a_key_is_unterminated() {
        for text in [
            "{{< figure src=\"/img/a.png\" title=\n",
            "{{< figure title=",
            "{{< figure title=   ",
            "{{% figure title=\n\n",
            "{{< figure title=\"",
            "{{< figure title=`",
            "{{< figure title",
        ] {
            let err = parse(text).expect_err(text);
            assert!(err.message.contains("figure"), "{text:?}: {}", err.message);
            assert_eq!(err.offset, 0, "{text:?}");
        }
    }
}
