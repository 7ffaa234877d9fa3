//! The values a template works on. Go's templates walk arbitrary Go values by reflection; here
//! the host hands over a [`Value`]: the basic kinds Go templates compare and print (booleans,
//! signed and unsigned integers, floats, strings), lists and maps, html/template's typed safe
//! strings, functions for `call`, and [`Object`]s: the host's own types (a page, a site), whose
//! fields and methods are looked up by name when a template says `.Title` or `.Param "x"`.
//!
//! Every variant is cheap to clone (shared behind `Arc`), so a value can be passed through
//! pipelines, variables and `range` without copying what it holds.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A value inside a template.
#[derive(Clone, Default)]
pub enum Value {
    /// What Go calls an invalid value: a map key that is not there, a field of nothing.
    /// It prints as `<no value>` in text/template.
    #[default]
    NoValue,
    /// Go's `nil`: a nil pointer, interface, slice or map. Prints as `<nil>`.
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    String(Arc<str>),
    /// A string of one of html/template's typed content kinds (`template.HTML`, ...), which
    /// the escaper passes through unescaped where Go would.
    Safe(SafeKind, Arc<str>),
    List(Arc<Vec<Value>>),
    /// A map. Go sorts a map's keys when it ranges over or prints it; a `BTreeMap` keeps them
    /// in that order.
    Map(Arc<BTreeMap<MapKey, Value>>),
    /// A function value, for the `call` builtin.
    Func(Arc<dyn Callable>),
    /// A value of the host: fields and methods by name, and how it ranges, prints, compares.
    Object(Arc<dyn Object>),
}

/// html/template's typed strings: content known to be safe in one context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SafeKind {
    Css,
    Html,
    HtmlAttr,
    Js,
    JsStr,
    Url,
    Srcset,
}

impl SafeKind {
    /// The Go type name, as `%T` prints it.
    pub fn go_type(self) -> &'static str {
        match self {
            SafeKind::Css => "template.CSS",
            SafeKind::Html => "template.HTML",
            SafeKind::HtmlAttr => "template.HTMLAttr",
            SafeKind::Js => "template.JS",
            SafeKind::JsStr => "template.JSStr",
            SafeKind::Url => "template.URL",
            SafeKind::Srcset => "template.Srcset",
        }
    }
}

/// A map key. A Go map has one key type; these are the ones templates meet, ordered as Go's
/// `fmt` and `range` order them (numbers by value, strings by bytes).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MapKey {
    Bool(bool),
    Int(i64),
    Uint(u64),
    String(Arc<str>),
}

impl MapKey {
    pub fn to_value(&self) -> Value {
        match self {
            MapKey::Bool(b) => Value::Bool(*b),
            MapKey::Int(i) => Value::Int(*i),
            MapKey::Uint(u) => Value::Uint(*u),
            MapKey::String(s) => Value::String(s.clone()),
        }
    }
}

impl From<&str> for MapKey {
    fn from(s: &str) -> Self {
        MapKey::String(s.into())
    }
}

/// An error a host function or method reports. The engine adds where it happened
/// (`template: file:line:col: executing "name" at <...>: error calling f: ...`).
#[derive(Debug, Clone)]
pub enum CallError {
    /// A failure, with its message.
    Message(String),
    /// Stops the template being executed and makes this value its result: how Hugo's
    /// `return` in a partial is carried out by a host.
    Return(Value),
}

impl From<String> for CallError {
    fn from(message: String) -> Self {
        CallError::Message(message)
    }
}

impl From<&str> for CallError {
    fn from(message: &str) -> Self {
        CallError::Message(message.to_string())
    }
}

pub type CallResult = Result<Value, CallError>;

/// A function value, for `call` (a func-valued field or map entry).
pub trait Callable: Send + Sync {
    fn call(&self, args: &[Value]) -> CallResult;
}

impl<F: Fn(&[Value]) -> CallResult + Send + Sync> Callable for F {
    fn call(&self, args: &[Value]) -> CallResult {
        self(args)
    }
}

/// A value of the host's own type. Only [`Object::type_name`] and [`Object::get`] are required;
/// the rest say how the value behaves in `if`, `range`, `len`, `index`, `eq` and printing, and
/// default to what Go does with a struct.
#[allow(clippy::len_without_is_empty)] // `len` mirrors Go's builtin, which has no `is_empty`
pub trait Object: Send + Sync + Any {
    /// The type's name as Go prints it for `%T` and in errors ("can't evaluate field X in type
    /// T"), for example `*hugolib.pageState`.
    fn type_name(&self) -> &str;

    /// Looks up a field or method called `name` and, for a method, calls it with `args`
    /// (a field is looked up with no arguments). `None`: there is no such field or method,
    /// which the engine reports as Go does.
    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult>;

    /// The truth value in `if`, `with`, `and`, `or`, `not`: a struct is always true, a nil
    /// pointer false.
    fn truth(&self) -> bool {
        !self.is_nil()
    }

    /// `len`; `None` for a value that has no length.
    fn len(&self) -> Option<usize> {
        None
    }

    /// `range`: the key (or index) and element pairs, in order; `None` if it cannot be ranged.
    fn range(&self) -> Option<Vec<(Value, Value)>> {
        None
    }

    /// `index X key`; `None` if the value cannot be indexed.
    fn index(&self, key: &Value) -> Option<CallResult> {
        let _ = key;
        None
    }

    /// For a host map with string keys (Go's `map[string]T`): the zero value of `T`. Then
    /// `.key` is a map lookup: [`Object::get`] answering `None` is a missing key, which prints
    /// `<no value>` (or, by the set's `missingkey` option, this zero value or an error) instead
    /// of failing as an unknown field does; and a key given arguments is an error.
    fn map_zero(&self) -> Option<Value> {
        None
    }

    /// A typed nil pointer (Go's `(*T)(nil)`): false in `if`, equal to `nil`, empty in
    /// `range`. Its methods are still called through [`Object::get`] (Go calls methods on nil
    /// receivers); see [`Object::derefs_nil`] for its fields.
    fn is_nil(&self) -> bool {
        false
    }

    /// For a nil pointer: whether `.name` must read through it (a field of the struct it
    /// points to, or any method of a nil interface), which fails with Go's "nil pointer
    /// evaluating T.name" instead of calling [`Object::get`].
    fn derefs_nil(&self, name: &str) -> bool {
        let _ = name;
        false
    }

    /// `eq` with another object; by default, identity.
    fn equals(&self, other: &dyn Object) -> bool {
        std::ptr::addr_eq(self as *const Self, other as *const dyn Object)
    }

    /// How `{{ . }}` and `%v` print it; by default `{}` with the type name, as a stand-in for
    /// Go's printing of a struct's fields.
    fn print(&self) -> String {
        format!("{{{}}}", self.type_name())
    }

    /// For hosts that need their own type back.
    fn as_any(&self) -> &dyn Any;
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::String(s.into())
    }

    /// The truth value Go's templates give: false, 0, nil, and empty strings, lists and maps
    /// are false; everything else is true.
    pub fn truth(&self) -> bool {
        match self {
            Value::NoValue | Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Uint(u) => *u != 0,
            Value::Float(f) => *f != 0.0,
            Value::String(s) | Value::Safe(_, s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Func(_) => true,
            Value::Object(o) => o.truth(),
        }
    }

    /// The Go type name `%T` prints, for the kinds this crate knows.
    pub fn type_name(&self) -> String {
        match self {
            Value::NoValue | Value::Nil => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Uint(_) => "uint".into(),
            Value::Float(_) => "float64".into(),
            Value::String(_) => "string".into(),
            Value::Safe(kind, _) => kind.go_type().into(),
            Value::List(_) => "[]interface {}".into(),
            Value::Map(_) => "map[string]interface {}".into(),
            Value::Func(_) => "func(...interface {}) (interface {}, error)".into(),
            Value::Object(o) => o.type_name().into(),
        }
    }

    /// The string held by a string or typed string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) | Value::Safe(_, s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::NoValue => write!(f, "NoValue"),
            Value::Nil => write!(f, "Nil"),
            Value::Bool(b) => write!(f, "Bool({b})"),
            Value::Int(i) => write!(f, "Int({i})"),
            Value::Uint(u) => write!(f, "Uint({u})"),
            Value::Float(x) => write!(f, "Float({x})"),
            Value::String(s) => write!(f, "String({s:?})"),
            Value::Safe(k, s) => write!(f, "Safe({k:?}, {s:?})"),
            Value::List(l) => f.debug_list().entries(l.iter()).finish(),
            Value::Map(m) => f.debug_map().entries(m.iter()).finish(),
            Value::Func(_) => write!(f, "Func"),
            Value::Object(o) => write!(f, "Object({})", o.type_name()),
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Self {
        Value::Float(x)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s.into())
    }
}

impl From<Vec<Value>> for Value {
    fn from(l: Vec<Value>) -> Self {
        Value::List(Arc::new(l))
    }
}
