//! The conversions every namespace leans on, with the rules of spf13/cast (which Hugo uses
//! for every argument it coerces) and the error messages it words.

use std::collections::BTreeMap;
use std::sync::Arc;

use gotemplate::{CallError, MapKey, Value};

pub type Res<T> = Result<T, CallError>;

pub fn err<T>(msg: impl Into<String>) -> Res<T> {
    Err(CallError::Message(msg.into()))
}

/// Checks the argument count the way Go's template engine words it for a fixed-arity function.
pub fn arity(name: &str, args: &[Value], min: usize, max: usize) -> Res<()> {
    let n = args.len();
    if n < min || n > max {
        let want = if min == max {
            format!("{min}")
        } else if max == usize::MAX {
            format!("at least {min}")
        } else {
            format!("{min} to {max}")
        };
        return err(format!(
            "wrong number of args for {name}: want {want} got {n}"
        ));
    }
    Ok(())
}

/// Go's `%#v` of a value, as spf13/cast puts it in its errors.
pub fn go_syntax(v: &Value) -> String {
    match v {
        Value::NoValue | Value::Nil => "<nil>".into(),
        Value::String(s) => format!("{s:?}"),
        Value::Safe(_, s) => format!("{s:?}"),
        Value::List(l) => {
            let items: Vec<String> = l.iter().map(go_syntax_elem).collect();
            format!("[]interface {{}}{{{}}}", items.join(", "))
        }
        Value::Map(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", go_syntax(&k.to_value()), go_syntax_elem(v)))
                .collect();
            format!("map[string]interface {{}}{{{}}}", items.join(", "))
        }
        other => gotemplate::fmt::print_value(other),
    }
}

fn go_syntax_elem(v: &Value) -> String {
    match v {
        Value::NoValue | Value::Nil => "interface {}(nil)".into(),
        other => go_syntax(other),
    }
}

/// Go's `strconv.FormatFloat(f, 'f', -1, 64)`: the shortest decimal, never an exponent.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else {
        format!("{f}")
    }
}

/// spf13/cast's `ToStringE`.
pub fn to_string(v: &Value) -> Res<String> {
    Ok(match v {
        Value::NoValue | Value::Nil => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Uint(u) => u.to_string(),
        Value::Float(f) => format_float(*f),
        Value::String(s) | Value::Safe(_, s) => s.to_string(),
        // A host value that prints itself is what Go calls a fmt.Stringer.
        Value::Object(o) => o.print(),
        _ => {
            return err(format!(
                "unable to cast {} of type {} to string",
                go_syntax(v),
                v.type_name()
            ))
        }
    })
}

/// Trims a decimal point followed only by zeros ("1.00" -> "1"), as spf13/cast does before
/// parsing an integer.
fn trim_zero_decimal(s: &str) -> &str {
    if let Some(dot) = s.rfind('.') {
        let (head, tail) = s.split_at(dot);
        if tail.len() > 1 && tail[1..].bytes().all(|b| b == b'0') {
            return head;
        }
    }
    s
}

/// Go's `strconv.ParseInt(s, 0, 64)`: an optional sign, a `0x`, `0o`, `0b` or `0` prefix,
/// underscores between digits only with a prefix or in base 10 as Go allows.
pub fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = parse_go_uint(body)?;
    if neg {
        if magnitude <= i64::MAX as u64 + 1 {
            Some((magnitude as i64).wrapping_neg())
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)`.
pub fn parse_go_uint(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let (base, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d, true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d, true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d, true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..], true)
    } else {
        (10, lower.as_str(), false)
    };
    // Underscores: only between digits (or right after a prefix), never doubled or trailing.
    if digits.contains('_') {
        let bytes = digits.as_bytes();
        let mut prev_us = !prefixed;
        for &b in bytes {
            if b == b'_' {
                if prev_us {
                    return None;
                }
                prev_us = true;
            } else {
                prev_us = false;
            }
        }
        if prev_us {
            return None;
        }
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if clean.is_empty() {
        return None;
    }
    u64::from_str_radix(&clean, base).ok()
}

/// spf13/cast's `ToInt64E`, which Hugo's `int` and every integer argument use.
pub fn to_int(v: &Value) -> Res<i64> {
    match v {
        Value::NoValue | Value::Nil => Ok(0),
        Value::Bool(b) => Ok(*b as i64),
        Value::Int(i) => Ok(*i),
        Value::Uint(u) => Ok(*u as i64),
        Value::Float(f) => Ok(f.trunc() as i64),
        Value::String(s) | Value::Safe(_, s) => {
            if s.is_empty() {
                return Ok(0);
            }
            parse_go_int(trim_zero_decimal(s)).ok_or_else(|| {
                CallError::Message(format!(
                    "unable to cast {:?} of type string to int: strconv.ParseInt: parsing {:?}: invalid syntax",
                    s.as_ref(),
                    s.as_ref()
                ))
            })
        }
        _ => err(format!(
            "unable to cast {} of type {} to int",
            go_syntax(v),
            v.type_name()
        )),
    }
}

/// Go's `strconv.ParseFloat(s, 64)`: decimal or hex floats, `inf`, `infinity`, `nan` in any
/// case, underscores only where Go allows them (with a base prefix).
pub fn parse_go_float(s: &str) -> Option<f64> {
    let t = s.trim_start_matches(['+', '-']);
    let lower = t.to_ascii_lowercase();
    let neg = s.starts_with('-');
    let sign = if neg { -1.0 } else { 1.0 };
    if s.len() - t.len() > 1 {
        return None;
    }
    match lower.as_str() {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" if s.len() == t.len() => return Some(f64::NAN),
        _ => {}
    }
    if let Some(hex) = lower.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(|i| sign * i as f64);
    }
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    s.parse::<f64>().ok()
}

/// spf13/cast's `ToFloat64E`.
pub fn to_float(v: &Value) -> Res<f64> {
    match v {
        Value::NoValue | Value::Nil => Ok(0.0),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::Int(i) => Ok(*i as f64),
        Value::Uint(u) => Ok(*u as f64),
        Value::Float(f) => Ok(*f),
        Value::String(s) | Value::Safe(_, s) => {
            if s.is_empty() {
                return Ok(0.0);
            }
            parse_go_float(s).ok_or_else(|| {
                CallError::Message(format!(
                    "unable to cast {:?} of type string to float64: strconv.ParseFloat: parsing {:?}: invalid syntax",
                    s.as_ref(),
                    s.as_ref()
                ))
            })
        }
        _ => err(format!(
            "unable to cast {} of type {} to float64",
            go_syntax(v),
            v.type_name()
        )),
    }
}

/// spf13/cast's `ToBoolE`.
pub fn to_bool(v: &Value) -> Res<bool> {
    match v {
        Value::NoValue | Value::Nil => Ok(false),
        Value::Bool(b) => Ok(*b),
        Value::Int(i) => Ok(*i != 0),
        Value::Uint(u) => Ok(*u != 0),
        Value::Float(f) => Ok(*f != 0.0),
        Value::String(s) | Value::Safe(_, s) => match s.as_ref() {
            "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
            "0" | "f" | "F" | "false" | "FALSE" | "False" | "" => Ok(false),
            _ => err(format!(
                "unable to cast {:?} of type string to bool",
                s.as_ref()
            )),
        },
        _ => err(format!(
            "unable to cast {} of type {} to bool",
            go_syntax(v),
            v.type_name()
        )),
    }
}

/// A number as Hugo's arithmetic sees it: Go's three kinds of numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    I(i64),
    U(u64),
    F(f64),
}

impl Num {
    pub fn of(v: &Value) -> Option<Num> {
        match v {
            Value::Int(i) => Some(Num::I(*i)),
            Value::Uint(u) => Some(Num::U(*u)),
            Value::Float(f) => Some(Num::F(*f)),
            _ => None,
        }
    }

    pub fn as_f64(self) -> f64 {
        match self {
            Num::I(i) => i as f64,
            Num::U(u) => u as f64,
            Num::F(f) => f,
        }
    }
}

/// True for Go's nil and the template's missing value.
pub fn is_nil(v: &Value) -> bool {
    matches!(v, Value::NoValue | Value::Nil)
}

/// The elements of something Go's `range` walks in order: a list, a host object that ranges
/// (Hugo's `Pages`), or `None`.
pub fn items(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::List(l) => Some(l.as_ref().clone()),
        Value::Object(o) => o.range().map(|r| r.into_iter().map(|(_, v)| v).collect()),
        _ => None,
    }
}

/// The string key a map lookup uses for `v`, if `v` can be one.
pub fn map_key(v: &Value) -> Option<MapKey> {
    match v {
        Value::String(s) | Value::Safe(_, s) => Some(MapKey::String(s.clone())),
        Value::Int(i) => Some(MapKey::Int(*i)),
        Value::Uint(u) => Some(MapKey::Uint(*u)),
        Value::Bool(b) => Some(MapKey::Bool(*b)),
        _ => None,
    }
}

/// A map's entry by key: the exact key, an integer key of the other signedness, or (for
/// [`map_get_fold`]) any case.
fn map_get_exact<'a>(m: &'a BTreeMap<MapKey, Value>, key: &Value) -> Option<&'a Value> {
    let k = map_key(key)?;
    if let Some(v) = m.get(&k) {
        return Some(v);
    }
    // Integer keys (from YAML) match an integer of the other signedness.
    match &k {
        MapKey::Int(i) if *i >= 0 => {
            if let Some(v) = m.get(&MapKey::Uint(*i as u64)) {
                return Some(v);
            }
        }
        MapKey::Uint(u) => {
            if let Ok(i) = i64::try_from(*u) {
                if let Some(v) = m.get(&MapKey::Int(i)) {
                    return Some(v);
                }
            }
        }
        _ => {}
    }
    None
}

/// A map's entry by key, exactly as a Go map looks it up.
pub fn map_get<'a>(m: &'a BTreeMap<MapKey, Value>, key: &Value) -> Option<&'a Value> {
    map_get_exact(m, key)
}

/// A map's entry without regard to case, as Hugo's `maps.Params` finds one.
pub fn map_get_fold<'a>(m: &'a BTreeMap<MapKey, Value>, key: &str) -> Option<&'a Value> {
    if let Some(v) = m.get(&MapKey::String(key.into())) {
        return Some(v);
    }
    m.iter()
        .find(|(mk, _)| matches!(mk, MapKey::String(ms) if ms.eq_ignore_ascii_case(key)))
        .map(|(_, v)| v)
}

pub fn list(items: Vec<Value>) -> Value {
    Value::List(Arc::new(items))
}

pub fn map(m: BTreeMap<MapKey, Value>) -> Value {
    Value::Map(Arc::new(m))
}

pub fn string(s: impl Into<String>) -> Value {
    Value::String(s.into().into())
}

/// Looks up one step of a dotted path (`Params`, `foo`, `TstRv`) in a map or host object, as
/// `where`, `sort`, `group` and `index` do: a map by key (any case, like Hugo's params), an
/// object by field or method.
pub fn get_field(v: &Value, name: &str) -> Res<Value> {
    match v {
        Value::Map(m) => Ok(map_get(m, &Value::str(name))
            .cloned()
            .unwrap_or(Value::NoValue)),
        Value::Object(o) => match o.get(name, &[]) {
            Some(r) => r,
            None => {
                // A page's own parameters are reachable by their lower-cased key too.
                err(format!(
                    "can't evaluate field {name} in type {}",
                    o.type_name()
                ))
            }
        },
        Value::NoValue | Value::Nil => Ok(Value::NoValue),
        other => err(format!(
            "can't evaluate field {name} in type {}",
            other.type_name()
        )),
    }
}

/// Follows a dotted path (`.Params.foo`, `foo.Tst.B`) from `v`; a leading dot is optional.
/// A missing step yields `NoValue`.
pub fn get_path(v: &Value, path: &str) -> Res<Value> {
    let mut cur = v.clone();
    for part in path.trim_start_matches('.').split('.') {
        if part.is_empty() {
            continue;
        }
        if is_nil(&cur) {
            return Ok(Value::NoValue);
        }
        cur = get_field(&cur, part)?;
    }
    Ok(cur)
}
