//! `compare`: `eq ne lt le gt ge` as Hugo overrides Go's builtins, `default`, `cond` and
//! `conditional`.
//!
//! Hugo's comparisons are looser than Go's: `eq 1 1.0` holds (numbers compare by value
//! whatever their kind), a string equals a typed string (`template.HTML`) of the same text,
//! times compare by instant. The orderings (`lt` ...) compare two strings as strings, and
//! otherwise turn each side into a number: a string is parsed (an unparsable one counts as
//! 0), nil is 0, a bool 0 or 1, a time its instant, a list or map its length.

use std::cmp::Ordering;

use gotemplate::Value;

use crate::cast::{err, parse_go_float, Res};
use crate::time::Time;

/// Go's `reflect.DeepEqual` on template values: same kind and same content, elements compared
/// strictly (in a list, 1 and 1.0 differ, as Go's `[]interface{}` holds int and float64).
pub fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::NoValue | Value::Nil, Value::NoValue | Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Uint(x), Value::Uint(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Safe(k1, x), Value::Safe(k2, y)) => k1 == k2 && x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| deep_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && deep_equal(v1, v2))
        }
        (Value::Object(x), Value::Object(y)) => {
            if let (Some(t1), Some(t2)) = (Time::from_value(a), Time::from_value(b)) {
                return t1.equal(t2);
            }
            x.equals(y.as_ref())
        }
        _ => false,
    }
}

/// Hugo's `eq` of two values after its normalization: numbers by value, strings and typed
/// strings by text, times by instant, the rest as [`deep_equal`].
pub fn equal(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Int(_) | Uint(_) | Float(_), Int(_) | Uint(_) | Float(_)) => {
            num_cmp(a, b) == Some(Ordering::Equal)
        }
        (String(x) | Safe(_, x), String(y) | Safe(_, y)) => x == y,
        _ => deep_equal(a, b),
    }
}

fn num_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => Some(x.cmp(y)),
        (Uint(x), Uint(y)) => Some(x.cmp(y)),
        (Int(x), Uint(y)) => Some((*x as i128).cmp(&(*y as i128))),
        (Uint(x), Int(y)) => Some((*x as i128).cmp(&(*y as i128))),
        _ => as_number(a).partial_cmp(&as_number(b)),
    }
}

/// What an ordering sees of a value that is not a string compared with a string.
fn as_number(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Uint(u) => *u as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => *b as i64 as f64,
        Value::String(s) | Value::Safe(_, s) => parse_go_float(s).unwrap_or(0.0),
        Value::List(l) => l.len() as f64,
        Value::Map(m) => m.len() as f64,
        Value::Object(o) => match Time::from_value(v) {
            Some(t) => t.unix_nano() as f64,
            None => o.len().unwrap_or(0) as f64,
        },
        _ => 0.0,
    }
}

/// The order of two values as Hugo's `lt`, `le`, `gt`, `ge` see it; `None` when they cannot be
/// ordered (NaN).
pub fn order(a: &Value, b: &Value) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (str_of(a), str_of(b)) {
        return Some(x.cmp(y));
    }
    if let (Some(t1), Some(t2)) = (Time::from_value(a), Time::from_value(b)) {
        return Some(t1.unix_nano().cmp(&t2.unix_nano()));
    }
    num_cmp(a, b)
}

fn str_of(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) | Value::Safe(_, s) => Some(s),
        _ => None,
    }
}

fn need_others(args: &[Value]) -> Res<()> {
    if args.len() < 2 {
        return err("missing arguments for comparison");
    }
    Ok(())
}

/// `eq A B...`: true if A equals any of the others.
pub fn eq(args: &[Value]) -> Res<Value> {
    need_others(args)?;
    Ok(Value::Bool(args[1..].iter().any(|o| equal(&args[0], o))))
}

/// `ne A B...`: true if A equals none of the others.
pub fn ne(args: &[Value]) -> Res<Value> {
    need_others(args)?;
    Ok(Value::Bool(!args[1..].iter().any(|o| equal(&args[0], o))))
}

fn ordered(args: &[Value], ok: fn(Ordering) -> bool) -> Res<Value> {
    need_others(args)?;
    Ok(Value::Bool(
        args[1..].iter().all(|o| order(&args[0], o).is_some_and(ok)),
    ))
}

pub fn lt(args: &[Value]) -> Res<Value> {
    ordered(args, |o| o == Ordering::Less)
}

pub fn le(args: &[Value]) -> Res<Value> {
    ordered(args, |o| o != Ordering::Greater)
}

pub fn gt(args: &[Value]) -> Res<Value> {
    ordered(args, |o| o == Ordering::Greater)
}

pub fn ge(args: &[Value]) -> Res<Value> {
    ordered(args, |o| o != Ordering::Less)
}

/// Whether `default` counts a value as set: everything but nil, zero numbers, empty strings,
/// lists and maps, and the zero time. A bool is always set, `false` included.
pub fn is_set(v: &Value) -> bool {
    match v {
        Value::NoValue | Value::Nil => false,
        Value::Bool(_) => true,
        Value::Int(i) => *i != 0,
        Value::Uint(u) => *u != 0,
        Value::Float(f) => *f != 0.0,
        Value::String(s) | Value::Safe(_, s) => !s.is_empty(),
        Value::List(l) => !l.is_empty(),
        Value::Map(m) => !m.is_empty(),
        Value::Func(_) => true,
        Value::Object(o) => match Time::from_value(v) {
            Some(t) => !t.is_zero(),
            None => o.truth(),
        },
    }
}

/// `default DEFAULT GIVEN`: GIVEN if it is set, else DEFAULT.
pub fn default(args: &[Value]) -> Res<Value> {
    if args.len() != 2 {
        return err(
            "wrong number of args for default: want 2 got ".to_string() + &args.len().to_string()
        );
    }
    Ok(if is_set(&args[1]) {
        args[1].clone()
    } else {
        args[0].clone()
    })
}

/// `cond CONTROL A B` (`compare.Conditional`): A if CONTROL is true as `if` sees it, else B.
pub fn conditional(args: &[Value]) -> Res<Value> {
    crate::cast::arity("cond", args, 3, 3)?;
    Ok(if args[0].truth() {
        args[1].clone()
    } else {
        args[2].clone()
    })
}
