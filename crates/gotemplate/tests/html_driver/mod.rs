//! A stand-in for the tree pass, enough to run Go's html/template tests whose templates are
//! text and actions only (no `if`, `range`, `with` or `{{template}}`): it splits the
//! template at `{{...}}`, follows the text with `context_after_text`, gives each action its
//! escapers with `escape_action` and `ensure_pipeline_contains`, and runs the rewritten
//! pipeline on the data. Actions are pipelines of commands whose words are `.`, `.Field`,
//! string, number and boolean literals, and the functions `html`, `urlquery`, `print` and the
//! escapers; that is all Go's tests of this kind use.

#![allow(dead_code)]

use std::collections::BTreeMap;

use gotemplate::fmt::{print_value, sprint};
use gotemplate::html::{
    context_after_text, ensure_pipeline_contains, escape, escape_action, Action, Command, Context,
    Error, Escaper, PipeItem,
};
use gotemplate::Value;

/// The data of a test: `.` and its fields.
pub struct Data {
    pub dot: Value,
    pub fields: BTreeMap<&'static str, Value>,
}

impl Data {
    pub fn new(fields: Vec<(&'static str, Value)>) -> Data {
        Data {
            dot: Value::str("{data}"),
            fields: fields.into_iter().collect(),
        }
    }

    /// Data that is `.` itself, with no fields.
    pub fn dot(dot: Value) -> Data {
        Data {
            dot,
            fields: BTreeMap::new(),
        }
    }
}

enum Segment<'a> {
    Text(&'a str),
    Action(&'a str),
}

/// The text and the actions (without their braces) of a template.
fn split(src: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            out.push(Segment::Text(&rest[..start]));
        }
        let inner = &rest[start + 2..];
        let end = find_outside_quotes(inner, "}}").expect("an action ends");
        out.push(Segment::Action(&inner[..end]));
        rest = &inner[end + 2..];
    }
    if !rest.is_empty() {
        out.push(Segment::Text(rest));
    }
    out
}

fn find_outside_quotes(s: &str, needle: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'`' => {
                i += 1;
                while b[i] != b'`' {
                    i += 1;
                }
            }
            _ if s[i..].starts_with(needle) => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The words of an action's pipeline, command by command.
pub fn pipeline_words(action: &str) -> Vec<Vec<String>> {
    let mut commands = vec![Vec::new()];
    let b = action.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' => i += 1,
            b'|' => {
                commands.push(Vec::new());
                i += 1;
            }
            _ => {
                let start = i;
                let mut depth = 0;
                while i < b.len() && (depth > 0 || !matches!(b[i], b' ' | b'\t' | b'\n' | b'|')) {
                    match b[i] {
                        b'"' => {
                            i += 1;
                            while b[i] != b'"' {
                                i += if b[i] == b'\\' { 2 } else { 1 };
                            }
                        }
                        b'`' => {
                            i += 1;
                            while b[i] != b'`' {
                                i += 1;
                            }
                        }
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                commands
                    .last_mut()
                    .expect("a command")
                    .push(action[start..i].to_string());
            }
        }
    }
    commands
}

/// How the escaper sees a command: its first word if that is a bare function name.
pub fn command_of(words: &[String]) -> Command<'_> {
    let first = words[0].as_str();
    let bare = first
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(first, "true" | "false" | "nil");
    Command {
        ident: bare.then_some(first),
        operands: words.len() - 1,
    }
}

/// A Go string literal's value (interpreted or raw).
pub fn unquote(lit: &str) -> String {
    if let Some(raw) = lit.strip_prefix('`') {
        return raw.trim_end_matches('`').to_string();
    }
    let inner = &lit[1..lit.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |n: usize, chars: &mut std::str::Chars| {
            let digits: String = chars.take(n).collect();
            char::from_u32(u32::from_str_radix(&digits, 16).expect("hex")).expect("a char")
        };
        match chars.next().expect("an escape") {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'v' => out.push('\x0b'),
            'x' => out.push(hex(2, &mut chars)),
            'u' => out.push(hex(4, &mut chars)),
            'U' => out.push(hex(8, &mut chars)),
            c => out.push(c),
        }
    }
    out
}

fn operand(word: &str, data: &Data) -> Value {
    match word {
        "." => data.dot.clone(),
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        w if w.starts_with('.') => data.fields.get(&w[1..]).cloned().unwrap_or(Value::NoValue),
        w if w.starts_with('"') || w.starts_with('`') => Value::from(unquote(w)),
        w => Value::Int(
            w.parse()
                .unwrap_or_else(|_| panic!("unsupported operand {w}")),
        ),
    }
}

fn call(name: &str, args: &[Value]) -> Value {
    if name == "print" {
        return Value::from(sprint(args));
    }
    let escaper = Escaper::from_name(name).unwrap_or_else(|| panic!("unknown function {name}"));
    Value::from(escape(escaper, args))
}

/// Runs the escaped pipeline of one action.
fn run(words: &[Vec<String>], items: &[PipeItem], data: &Data) -> Value {
    let mut value: Option<Value> = None;
    for item in items {
        value = Some(match *item {
            PipeItem::Original(i) => {
                let command = &words[i];
                let mut args: Vec<Value> = command[1..].iter().map(|w| operand(w, data)).collect();
                match command_of(command).ident {
                    Some(f) => {
                        args.extend(value.take());
                        call(f, &args)
                    }
                    None => operand(&command[0], data),
                }
            }
            PipeItem::EvalArgs => {
                let args: Vec<Value> = words[0][1..].iter().map(|w| operand(w, data)).collect();
                call(Escaper::EvalArgs.name(), &args)
            }
            PipeItem::Call(e) => {
                Value::from(escape(e, &[value.take().expect("a value to escape")]))
            }
        });
    }
    value.unwrap_or(Value::NoValue)
}

/// Escapes and runs `template` on `data`, as html/template's `Execute` would; the first
/// escaping error instead.
pub fn render(template: &str, data: &Data) -> Result<String, Error> {
    let mut ctx = Context::default();
    let mut out = String::new();
    for segment in split(template) {
        match segment {
            Segment::Text(text) => {
                let (c, rewritten) = context_after_text(&ctx, text);
                if let Some(err) = c.err {
                    return Err(*err);
                }
                out.push_str(&rewritten);
                ctx = c;
            }
            Segment::Action(inner) => {
                let words = pipeline_words(inner);
                let commands: Vec<Command> = words.iter().map(|w| command_of(w)).collect();
                let source = format!("{{{{{inner}}}}}");
                let action = Action {
                    source: &source,
                    commands: &commands,
                    declares: false,
                };
                let (escapers, c) = escape_action(&ctx, &action);
                if let Some(err) = c.err {
                    return Err(*err);
                }
                let items = ensure_pipeline_contains(&commands, &escapers);
                out.push_str(&print_value(&run(&words, &items, data)));
                ctx = c;
            }
        }
    }
    ctx.check_end()?;
    Ok(out)
}
