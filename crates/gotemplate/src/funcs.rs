//! Functions a template can call: Go's builtins and the host's own, in one table that the
//! parser checks names against (as Go does, a call of an unknown function is a parse error)
//! and resolves each call site to, so execution never looks a name up.
//!
//! A host may replace any builtin but the short-circuit `and` and `or` (Hugo replaces `eq`,
//! `index`, `len`, `print`, ...), and may give a fallback that supplies a function for an
//! unknown name, to warn instead of failing.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::exec::Context;
use crate::value::{CallResult, MapKey, Value};

/// A host function: called with the execution's [`Context`] (the current data, and a way to
/// execute another template of the set, as a `partial` does) and the evaluated arguments,
/// the value of the previous pipeline command last.
pub type HostFn = dyn Fn(&mut Context<'_>, &[Value]) -> CallResult + Send + Sync;

/// A function a call site resolves to: cheap to clone, shared by every tree that calls it.
#[derive(Clone)]
pub struct Function(Arc<FunctionInner>);

struct FunctionInner {
    name: Arc<str>,
    kind: FunctionKind,
}

pub(crate) enum FunctionKind {
    Builtin(Builtin),
    Host(Box<HostFn>),
    /// One of the functions html/template adds to pipelines (`_html_template_htmlescaper`).
    Escaper(crate::html::Escaper),
}

/// Go's builtin functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    And,
    Or,
    Not,
    Len,
    Index,
    Slice,
    Print,
    Printf,
    Println,
    Html,
    Js,
    Urlquery,
    Call,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

const BUILTINS: [(&str, Builtin); 19] = [
    ("and", Builtin::And),
    ("call", Builtin::Call),
    ("html", Builtin::Html),
    ("index", Builtin::Index),
    ("slice", Builtin::Slice),
    ("js", Builtin::Js),
    ("len", Builtin::Len),
    ("not", Builtin::Not),
    ("or", Builtin::Or),
    ("print", Builtin::Print),
    ("printf", Builtin::Printf),
    ("println", Builtin::Println),
    ("urlquery", Builtin::Urlquery),
    ("eq", Builtin::Eq),
    ("ge", Builtin::Ge),
    ("gt", Builtin::Gt),
    ("le", Builtin::Le),
    ("lt", Builtin::Lt),
    ("ne", Builtin::Ne),
];

impl Function {
    /// A host function under `name`.
    pub fn host<F>(name: &str, f: F) -> Function
    where
        F: Fn(&mut Context<'_>, &[Value]) -> CallResult + Send + Sync + 'static,
    {
        Function(Arc::new(FunctionInner {
            name: name.into(),
            kind: FunctionKind::Host(Box::new(f)),
        }))
    }

    fn builtin(name: &str, b: Builtin) -> Function {
        Function(Arc::new(FunctionInner {
            name: name.into(),
            kind: FunctionKind::Builtin(b),
        }))
    }

    /// The function html/template calls `escaper.name()`, which its escaping pass puts into
    /// pipelines; one shared value per escaper.
    pub fn escaper(escaper: crate::html::Escaper) -> Function {
        static ESCAPERS: std::sync::OnceLock<Vec<Function>> = std::sync::OnceLock::new();
        let all = ESCAPERS.get_or_init(|| {
            crate::html::Escaper::ALL
                .iter()
                .map(|&e| {
                    Function(Arc::new(FunctionInner {
                        name: e.name().into(),
                        kind: FunctionKind::Escaper(e),
                    }))
                })
                .collect()
        });
        let i = crate::html::Escaper::ALL
            .iter()
            .position(|&e| e == escaper)
            .expect("every escaper is in ALL");
        all[i].clone()
    }

    pub fn name(&self) -> &str {
        &self.0.name
    }

    pub(crate) fn kind(&self) -> &FunctionKind {
        &self.0.kind
    }
}

impl fmt::Debug for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Function({})", self.0.name)
    }
}

/// Why a function could not be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FuncError {
    /// Not a Go identifier (Go's `Funcs` panics on these).
    BadName(String),
    /// `and` and `or` short-circuit inside the engine; a host cannot replace them.
    ShortCircuit(String),
}

impl fmt::Display for FuncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FuncError::BadName(name) => {
                write!(
                    f,
                    "function name {} is not a valid identifier",
                    crate::strconv::quote(name)
                )
            }
            FuncError::ShortCircuit(name) => write!(f, "the builtin {name} cannot be replaced"),
        }
    }
}

impl std::error::Error for FuncError {}

type Fallback = dyn Fn(&str) -> Option<Function> + Send + Sync;

/// The functions of a template set: Go's builtins, then the host's.
#[derive(Clone)]
pub struct Funcs {
    map: HashMap<Arc<str>, Function>,
    fallback: Option<Arc<Fallback>>,
}

impl Default for Funcs {
    fn default() -> Self {
        Funcs::new()
    }
}

impl fmt::Debug for Funcs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&str> = self.map.keys().map(|k| &**k).collect();
        names.sort_unstable();
        f.debug_struct("Funcs")
            .field("names", &names)
            .field("fallback", &self.fallback.is_some())
            .finish()
    }
}

/// Go's `goodName`: a letter or underscore, then letters, digits and underscores.
fn good_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c == '_' || crate::strconv::is_letter(c) => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || crate::strconv::is_letter(c) || crate::strconv::is_digit(c))
}

impl Funcs {
    /// Go's builtins only.
    pub fn new() -> Funcs {
        let map = BUILTINS
            .iter()
            .map(|&(name, b)| (Arc::from(name), Function::builtin(name, b)))
            .collect();
        Funcs {
            map,
            fallback: None,
        }
    }

    /// Adds (or replaces) the function `name`.
    pub fn insert<F>(&mut self, name: &str, f: F) -> Result<(), FuncError>
    where
        F: Fn(&mut Context<'_>, &[Value]) -> CallResult + Send + Sync + 'static,
    {
        self.insert_function(Function::host(name, f))
    }

    /// Adds (or replaces) a function made with [`Function::host`].
    pub fn insert_function(&mut self, f: Function) -> Result<(), FuncError> {
        let name = f.name();
        if !good_name(name) {
            return Err(FuncError::BadName(name.to_string()));
        }
        if name == "and" || name == "or" {
            return Err(FuncError::ShortCircuit(name.to_string()));
        }
        self.map.insert(name.into(), f);
        Ok(())
    }

    /// A function for names nobody defined: called once per call site, at parse time. It may
    /// return a function that warns and yields nothing; `None` keeps Go's parse error
    /// (`function "x" not defined`).
    pub fn set_fallback<F>(&mut self, fallback: F)
    where
        F: Fn(&str) -> Option<Function> + Send + Sync + 'static,
    {
        self.fallback = Some(Arc::new(fallback));
    }

    /// The function called `name`: defined, or supplied by the fallback.
    pub fn get(&self, name: &str) -> Option<Function> {
        if let Some(f) = self.map.get(name) {
            return Some(f.clone());
        }
        self.fallback.as_ref().and_then(|fallback| fallback(name))
    }

    /// Whether `name` is defined (without asking the fallback): decides whether `break` and
    /// `continue` are keywords.
    pub fn defines(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }
}

/// How a builtin failed: Go reports some failures as the call's (`error calling index: ...`)
/// and some as the engine's own (`wrong number of args for len: want 1 got 2`).
pub(crate) enum BuiltinError {
    Call(String),
    Plain(String),
}

type BuiltinResult = Result<Value, BuiltinError>;

fn call_err<T>(message: impl Into<String>) -> Result<T, BuiltinError> {
    Err(BuiltinError::Call(message.into()))
}

/// Runs a builtin other than `and`, `or` and `call`, which the executor handles itself.
pub(crate) fn call_builtin(b: Builtin, args: &[Value]) -> BuiltinResult {
    match b {
        Builtin::Not => Ok(Value::Bool(!args[0].truth())),
        Builtin::Len => length(&args[0]).map(|n| Value::Int(n as i64)),
        Builtin::Index => index(&args[0], &args[1..]),
        Builtin::Slice => slice(&args[0], &args[1..]),
        Builtin::Print => Ok(Value::from(crate::fmt::sprint(args))),
        Builtin::Println => Ok(Value::from(crate::fmt::sprintln(args))),
        Builtin::Printf => {
            let format = match &args[0] {
                Value::String(format) => format,
                Value::NoValue => {
                    return Err(BuiltinError::Plain("invalid value; expected string".into()))
                }
                other => {
                    let message = format!(
                        "wrong type for value; expected string; got {}",
                        other.type_name()
                    );
                    return Err(BuiltinError::Plain(message));
                }
            };
            Ok(Value::from(crate::fmt::sprintf(format, &args[1..])))
        }
        Builtin::Html => Ok(Value::from(html_escape(&eval_args(args)))),
        Builtin::Js => Ok(Value::from(js_escape(&eval_args(args)))),
        Builtin::Urlquery => Ok(Value::from(query_escape(&eval_args(args)))),
        Builtin::Eq => {
            for other in &args[1..] {
                if equal(&args[0], other)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        Builtin::Ne => Ok(Value::Bool(!equal(&args[0], &args[1])?)),
        Builtin::Lt => Ok(Value::Bool(less(&args[0], &args[1])?)),
        Builtin::Le => Ok(Value::Bool(
            less(&args[0], &args[1])? || equal(&args[0], &args[1])?,
        )),
        Builtin::Gt => Ok(Value::Bool(
            !(less(&args[0], &args[1])? || equal(&args[0], &args[1])?),
        )),
        Builtin::Ge => Ok(Value::Bool(!less(&args[0], &args[1])?)),
        Builtin::And | Builtin::Or | Builtin::Call => unreachable!("handled by the executor"),
    }
}

/// The argument counts of Go's builtins, checked before the arguments are evaluated, as Go's
/// reflection does. `has_last` counts the previous command's value: Go counts it in
/// "want N got M" but not in "want at least N got M".
pub(crate) fn check_arity(
    b: Builtin,
    name: &str,
    params: usize,
    has_last: bool,
) -> Result<(), String> {
    let (fixed, variadic) = match b {
        Builtin::Not | Builtin::Len => (1, false),
        Builtin::Ne | Builtin::Lt | Builtin::Le | Builtin::Gt | Builtin::Ge => (2, false),
        Builtin::And
        | Builtin::Or
        | Builtin::Call
        | Builtin::Index
        | Builtin::Slice
        | Builtin::Printf
        | Builtin::Eq => (1, true),
        Builtin::Print | Builtin::Println | Builtin::Html | Builtin::Js | Builtin::Urlquery => {
            (0, true)
        }
    };
    let got = params + usize::from(has_last);
    if variadic && got < fixed {
        return Err(format!(
            "wrong number of args for {name}: want at least {fixed} got {params}"
        ));
    }
    if !variadic && got != fixed {
        return Err(format!(
            "wrong number of args for {name}: want {fixed} got {got}"
        ));
    }
    Ok(())
}

/// Go's `evalArgs` for `html`, `js` and `urlquery`: one string as it is, otherwise
/// `fmt.Sprint` of the arguments, a missing value printed as `<no value>`.
fn eval_args(args: &[Value]) -> String {
    if let [Value::String(s)] = args {
        return s.to_string();
    }
    let printable: Vec<Value> = args
        .iter()
        .map(|a| {
            if let Value::NoValue = a {
                Value::str("<no value>")
            } else {
                a.clone()
            }
        })
        .collect();
    crate::fmt::sprint(&printable)
}

fn length(item: &Value) -> Result<usize, BuiltinError> {
    match item {
        Value::String(s) | Value::Safe(_, s) => Ok(s.len()),
        Value::List(l) => Ok(l.len()),
        Value::Map(m) => Ok(m.len()),
        Value::Nil => call_err("len of nil pointer"),
        Value::NoValue => call_err("len of untyped nil"),
        Value::Object(o) => match o.len() {
            Some(n) => Ok(n),
            None if o.is_nil() => call_err("len of nil pointer"),
            None => call_err(format!("len of type {}", o.type_name())),
        },
        other => call_err(format!("len of type {}", other.type_name())),
    }
}

/// Go's `indexArg`: an integer within `0..=cap`.
fn index_arg(index: &Value, cap: usize) -> Result<usize, BuiltinError> {
    let x: i128 = match index {
        Value::Int(i) => *i as i128,
        Value::Uint(u) => *u as i128,
        Value::NoValue | Value::Nil => return call_err("cannot index slice/array with nil"),
        other => {
            return call_err(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            ))
        }
    };
    if x < 0 || x > cap as i128 {
        return call_err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

fn map_key(index: &Value) -> Result<MapKey, BuiltinError> {
    Ok(match index {
        Value::String(s) | Value::Safe(_, s) => MapKey::String(s.clone()),
        Value::Int(i) => MapKey::Int(*i),
        Value::Uint(u) => MapKey::Uint(*u),
        Value::Bool(b) => MapKey::Bool(*b),
        Value::NoValue | Value::Nil => return call_err("value is nil; should be of type string"),
        other => {
            return call_err(format!(
                "value has type {}; should be string",
                other.type_name()
            ))
        }
    })
}

fn index(item: &Value, indexes: &[Value]) -> BuiltinResult {
    if let Value::NoValue = item {
        return call_err("index of untyped nil");
    }
    let mut item = item.clone();
    for index in indexes {
        item = match &item {
            Value::Nil => return call_err("index of nil pointer"),
            Value::NoValue => return call_err("index of untyped nil"),
            Value::List(l) => {
                let x = index_arg(index, l.len())?;
                match l.get(x) {
                    Some(v) => v.clone(),
                    None => return call_err(format!("index out of range: {x}")),
                }
            }
            Value::String(s) | Value::Safe(_, s) => {
                let x = index_arg(index, s.len())?;
                match s.as_bytes().get(x) {
                    Some(&b) => Value::Uint(b as u64),
                    None => return call_err(format!("index out of range: {x}")),
                }
            }
            Value::Map(m) => {
                let key = map_key(index)?;
                check_key_type(m.keys().next(), &key)?;
                match m
                    .get(&key)
                    .or_else(|| other_signedness(&key).and_then(|k| m.get(&k)))
                {
                    Some(v) => v.clone(),
                    None => Value::Nil,
                }
            }
            Value::Object(o) => match o.index(index) {
                Some(r) => r.map_err(|e| BuiltinError::Call(call_error_message(e)))?,
                None if o.is_nil() => return call_err("index of nil pointer"),
                None => return call_err(format!("can't index item of type {}", o.type_name())),
            },
            other => return call_err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(item)
}

/// A map holds one type of key: a key of another type is Go's "value has type int; should
/// be string".
fn check_key_type(sample: Option<&MapKey>, key: &MapKey) -> Result<(), BuiltinError> {
    let kind = |k: &MapKey| match k {
        MapKey::Bool(_) => "bool",
        MapKey::Int(_) | MapKey::Uint(_) => "int",
        MapKey::String(_) => "string",
    };
    match sample {
        Some(s) if kind(s) != kind(key) => call_err(format!(
            "value has type {}; should be {}",
            kind(key),
            kind(s)
        )),
        _ => Ok(()),
    }
}

fn other_signedness(key: &MapKey) -> Option<MapKey> {
    match key {
        MapKey::Int(i) if *i >= 0 => Some(MapKey::Uint(*i as u64)),
        MapKey::Uint(u) => i64::try_from(*u).ok().map(MapKey::Int),
        _ => None,
    }
}

pub(crate) fn call_error_message(e: crate::value::CallError) -> String {
    match e {
        crate::value::CallError::Message(m) => m,
        crate::value::CallError::Return(v) => {
            format!("unexpected return of {}", crate::fmt::print_value(&v))
        }
    }
}

fn slice(item: &Value, indexes: &[Value]) -> BuiltinResult {
    if let Value::NoValue = item {
        return call_err("slice of untyped nil");
    }
    if indexes.len() > 3 {
        return call_err(format!("too many slice indexes: {}", indexes.len()));
    }
    let len = match item {
        Value::String(s) | Value::Safe(_, s) => {
            if indexes.len() == 3 {
                return call_err("cannot 3-index slice a string");
            }
            s.len()
        }
        Value::List(l) => l.len(),
        other => return call_err(format!("can't slice item of type {}", other.type_name())),
    };
    let mut idx = [0, len, len];
    for (i, index) in indexes.iter().enumerate() {
        idx[i] = index_arg(index, len)?;
    }
    if idx[0] > idx[1] {
        return call_err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return call_err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    Ok(match item {
        Value::String(s) => Value::String(byte_slice(s, idx[0], idx[1])),
        Value::Safe(kind, s) => Value::Safe(*kind, byte_slice(s, idx[0], idx[1])),
        Value::List(l) => Value::List(Arc::new(l[idx[0]..idx[1]].to_vec())),
        _ => unreachable!("checked above"),
    })
}

/// Go slices strings by bytes; a cut inside a character keeps what is valid.
fn byte_slice(s: &str, from: usize, to: usize) -> Arc<str> {
    match s.get(from..to) {
        Some(sub) => sub.into(),
        None => String::from_utf8_lossy(&s.as_bytes()[from..to]).into(),
    }
}

/// A value of one of Go's basic kinds, the only ones `lt` orders.
enum Basic<'a> {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(&'a str),
}

fn basic(v: &Value) -> Option<Basic<'_>> {
    Some(match v {
        Value::Bool(b) => Basic::Bool(*b),
        Value::Int(i) => Basic::Int(*i),
        Value::Uint(u) => Basic::Uint(*u),
        Value::Float(f) => Basic::Float(*f),
        Value::String(s) | Value::Safe(_, s) => Basic::Str(s),
        _ => return None,
    })
}

fn incompatible(a: &Value, b: &Value) -> BuiltinError {
    BuiltinError::Call(format!(
        "incompatible types for comparison: {} and {}",
        a.type_name(),
        b.type_name()
    ))
}

fn is_nil(v: &Value) -> bool {
    match v {
        Value::NoValue | Value::Nil => true,
        Value::Object(o) => o.is_nil(),
        _ => false,
    }
}

/// Go's `eq` for one pair: basic kinds by value (signed and unsigned integers compare across
/// signedness), nil against anything nillable, host objects by [`Object::equals`]; lists,
/// maps and functions are not comparable unless one side is nil.
///
/// [`Object::equals`]: crate::Object::equals
pub(crate) fn equal(a: &Value, b: &Value) -> Result<bool, BuiltinError> {
    match (basic(a), basic(b)) {
        (Some(x), Some(y)) => match (x, y) {
            (Basic::Bool(x), Basic::Bool(y)) => Ok(x == y),
            (Basic::Int(x), Basic::Int(y)) => Ok(x == y),
            (Basic::Uint(x), Basic::Uint(y)) => Ok(x == y),
            (Basic::Float(x), Basic::Float(y)) => Ok(x == y),
            (Basic::Str(x), Basic::Str(y)) => Ok(x == y),
            (Basic::Int(x), Basic::Uint(y)) => Ok(x >= 0 && x as u64 == y),
            (Basic::Uint(x), Basic::Int(y)) => Ok(y >= 0 && x == y as u64),
            _ => Err(incompatible(a, b)),
        },
        (Some(_), None) | (None, Some(_)) => {
            if matches!(a, Value::NoValue) || matches!(b, Value::NoValue) {
                Ok(false)
            } else {
                Err(incompatible(a, b))
            }
        }
        (None, None) => {
            let (ka, kb) = (kind(a), kind(b));
            if ka != kb && ka != Kind::Nil && kb != Kind::Nil {
                return call_err(format!(
                    "non-comparable types {}: {}, {}: {}",
                    crate::fmt::print_value(a),
                    a.type_name(),
                    b.type_name(),
                    crate::fmt::print_value(b)
                ));
            }
            if is_nil(a) || is_nil(b) {
                return Ok(is_nil(a) == is_nil(b));
            }
            match (a, b) {
                (Value::Object(x), Value::Object(y))
                    if !matches!(kb, Kind::Map | Kind::Slice | Kind::Func) =>
                {
                    Ok(x.equals(y.as_ref()))
                }
                _ => call_err(format!(
                    "non-comparable type {}: {}",
                    crate::fmt::print_value(b),
                    b.type_name()
                )),
            }
        }
    }
}

/// The kind of a value that is not of a basic kind, as Go's reflection tells them apart for
/// `eq`: values of different kinds are not comparable; maps, slices and functions are not
/// comparable at all (but to nil). A host object's kind is read from its Go type name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Nil of any (or no) type: comparable with anything nillable.
    Nil,
    Map,
    Slice,
    Func,
    Pointer,
    Struct,
}

fn kind(v: &Value) -> Kind {
    match v {
        Value::NoValue | Value::Nil => Kind::Nil,
        Value::Map(_) => Kind::Map,
        Value::List(_) => Kind::Slice,
        Value::Func(_) => Kind::Func,
        Value::Object(o) => {
            let t = o.type_name();
            if t.starts_with("map[") {
                Kind::Map
            } else if t.starts_with("[]") {
                Kind::Slice
            } else if t.starts_with("func") {
                Kind::Func
            } else if t.starts_with('*') {
                Kind::Pointer
            } else {
                Kind::Struct
            }
        }
        _ => Kind::Struct,
    }
}

/// Go's `lt`: basic kinds only, and of the same kind (but for integers of either sign).
pub(crate) fn less(a: &Value, b: &Value) -> Result<bool, BuiltinError> {
    let (Some(x), Some(y)) = (basic(a), basic(b)) else {
        return call_err("invalid type for comparison");
    };
    match (x, y) {
        (Basic::Bool(_), Basic::Bool(_)) => call_err("invalid type for comparison"),
        (Basic::Int(x), Basic::Int(y)) => Ok(x < y),
        (Basic::Uint(x), Basic::Uint(y)) => Ok(x < y),
        (Basic::Float(x), Basic::Float(y)) => Ok(x < y),
        (Basic::Str(x), Basic::Str(y)) => Ok(x < y),
        (Basic::Int(x), Basic::Uint(y)) => Ok(x < 0 || (x as u64) < y),
        (Basic::Uint(x), Basic::Int(y)) => Ok(y >= 0 && x < y as u64),
        _ => Err(incompatible(a, b)),
    }
}

/// Go's `template.HTMLEscapeString`.
pub fn html_escape(s: &str) -> String {
    if !s.contains(['\'', '"', '&', '<', '>', '\0']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Go's `template.JSEscapeString`.
pub fn js_escape(s: &str) -> String {
    let special = |c: char| {
        matches!(c, '\\' | '\'' | '"' | '<' | '>' | '&' | '=') || c < ' ' || !c.is_ascii()
    };
    if !s.contains(special) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if !special(c) {
            out.push(c);
            continue;
        }
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if c.is_ascii() => out.push_str(&format!("\\u00{:02X}", c as u32)),
            c if crate::strconv::is_print(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out
}

/// Go's `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
