//! `where COLLECTION KEY [OPERATOR] VALUE`: the elements whose KEY (a dotted path through
//! maps, fields and methods) compares to VALUE.
//!
//! Hugo's rules, as 0.168 applies them: a missing key is nil, and nil equals only nil
//! (`where $pages "Params.x" nil` finds the pages without `x`; `"!=" nil` those with it); any
//! ordering with nil is false. Numbers compare by value across integer and float, strings
//! with typed strings; a string never equals a number. Times compare by instant, and only with
//! times. A map is filtered too: its values that are lists are kept when one element matches.

use gotemplate::{CallError, Value};

use crate::cast::{err, get_path, is_nil, items, list, to_string, Res};
use crate::compare::{deep_equal, equal};
use crate::time::Time;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Eq,
    Ne,
    Ge,
    Gt,
    Le,
    Lt,
    In,
    NotIn,
    Intersect,
    Like,
}

fn parse_op(op: &str) -> Res<Op> {
    Ok(match op {
        "" | "=" | "==" | "eq" => Op::Eq,
        "!=" | "<>" | "ne" => Op::Ne,
        ">=" | "ge" => Op::Ge,
        ">" | "gt" => Op::Gt,
        "<=" | "le" => Op::Le,
        "<" | "lt" => Op::Lt,
        "in" => Op::In,
        "not in" => Op::NotIn,
        "intersect" => Op::Intersect,
        "like" => Op::Like,
        _ => return err("no such operator"),
    })
}

/// What an ordering compares: a number, a string or a time; other kinds do not order.
enum Key<'a> {
    Num(f64),
    Str(&'a str),
    Time(i128),
}

fn key(v: &Value) -> Option<Key<'_>> {
    match v {
        Value::Int(i) => Some(Key::Num(*i as f64)),
        Value::Uint(u) => Some(Key::Num(*u as f64)),
        Value::Float(f) => Some(Key::Num(*f)),
        Value::String(s) | Value::Safe(_, s) => Some(Key::Str(s)),
        _ => Time::from_value(v).map(|t| Key::Time(t.unix_nano())),
    }
}

fn ordering(v: &Value, m: &Value) -> Option<std::cmp::Ordering> {
    match (key(v)?, key(m)?) {
        (Key::Num(a), Key::Num(b)) => a.partial_cmp(&b),
        (Key::Str(a), Key::Str(b)) => Some(a.cmp(b)),
        (Key::Time(a), Key::Time(b)) => Some(a.cmp(&b)),
        _ => None,
    }
}

/// Equality as `where` sees it: like `eq`, but a time equals only a time and lists compare
/// element by element.
fn same(v: &Value, m: &Value) -> bool {
    if matches!(v, Value::List(_)) || matches!(m, Value::List(_)) {
        return deep_equal(v, m);
    }
    equal(v, m)
}

fn contains(haystack: &Value, needle: &Value) -> bool {
    match haystack {
        Value::String(h) | Value::Safe(_, h) => match needle {
            Value::String(n) | Value::Safe(_, n) => h.contains(n.as_ref()),
            _ => false,
        },
        _ => items(haystack).is_some_and(|l| l.iter().any(|x| equal(x, needle))),
    }
}

/// Hugo's `checkCondition`: whether a value compares to the match.
fn check(v: &Value, op: Op, m: &Value) -> Res<bool> {
    if is_nil(v) || is_nil(m) {
        let both = is_nil(v) && is_nil(m);
        return Ok(match op {
            Op::Eq => both,
            Op::Ne => !both,
            _ => false,
        });
    }
    Ok(match op {
        Op::Eq => same(v, m),
        Op::Ne => !same(v, m),
        Op::Ge => ordering(v, m).is_some_and(|o| o.is_ge()),
        Op::Gt => ordering(v, m).is_some_and(|o| o.is_gt()),
        Op::Le => ordering(v, m).is_some_and(|o| o.is_le()),
        Op::Lt => ordering(v, m).is_some_and(|o| o.is_lt()),
        Op::In => contains(m, v),
        Op::NotIn => {
            if items(m).is_none() && m.as_str().is_none() {
                false
            } else {
                !contains(m, v)
            }
        }
        Op::Intersect => match (items(v), items(m)) {
            (Some(a), Some(b)) => a.iter().any(|x| b.iter().any(|y| equal(x, y))),
            _ => false,
        },
        Op::Like => match (v.as_str(), m.as_str()) {
            (Some(s), Some(pattern)) => crate::strings::regex(pattern)?.is_match(s),
            _ => false,
        },
    })
}

fn matches(elem: &Value, path: &str, op: Op, m: &Value) -> Res<bool> {
    // A path through something that has no such field is no match, not an error.
    let v = match get_path(elem, path) {
        Ok(v) => v,
        Err(_) => return Ok(false),
    };
    check(&v, op, m)
}

/// `where COLLECTION KEY [OPERATOR] VALUE` (`collections.Where`).
pub fn where_fn(args: &[Value]) -> Res<Value> {
    let (seq, path, op, m) = match args {
        [seq, key, m] => (seq, key, "".to_string(), m),
        [seq, key, op, m] => {
            let op = match op {
                Value::String(s) => s.to_string(),
                _ => return err("operator argument must be string type"),
            };
            (seq, key, op, m)
        }
        [_, _] | [_] | [] => return err(
            "can't evaluate the array by no match argument or more than or equal to two arguments",
        ),
        _ => return err("too many arguments"),
    };
    let path = to_string(path)?;
    let op = parse_op(&op)?;
    match seq {
        Value::Map(mp) => {
            // A map's entries whose values (lists of maps) have a matching element.
            let mut out = std::collections::BTreeMap::new();
            for (k, v) in mp.iter() {
                if let Some(l) = items(v) {
                    let mut hit = false;
                    for e in &l {
                        if matches(e, &path, op, m)? {
                            hit = true;
                            break;
                        }
                    }
                    if hit {
                        out.insert(k.clone(), v.clone());
                    }
                }
            }
            Ok(crate::cast::map(out))
        }
        _ => {
            let Some(elems) = items(seq) else {
                return Err(CallError::Message(format!(
                    "can't iterate over {}",
                    seq.type_name()
                )));
            };
            let mut out = Vec::new();
            for e in elems {
                if matches(&e, &path, op, m)? {
                    out.push(e);
                }
            }
            Ok(list(out))
        }
    }
}
