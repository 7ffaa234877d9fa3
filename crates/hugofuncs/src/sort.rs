//! `sort COLLECTION [KEY] [ORDER]`: a list sorted by its elements or by a key path of each
//! (`"Params.weight"`, `"value"` for the element itself); a map's values, by key unless a key
//! is given. Strings sort as Hugo's collation does (case folded first, lower case before upper
//! on a tie); a missing key sorts first; mixed kinds compare as `lt` does.

use std::cmp::Ordering;

use gotemplate::Value;

use crate::cast::{arity, err, get_path, is_nil, items, list, to_string, Res};
use crate::compare::order;

fn collate(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        // Lower case first on a tie, as the collator's tertiary level does.
        .then_with(|| b.cmp(a))
}

/// The order `sort` uses for two values.
pub fn sort_order(a: &Value, b: &Value) -> Ordering {
    match (is_nil(a), is_nil(b)) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        _ => {}
    }
    if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
        return collate(x, y);
    }
    order(a, b).unwrap_or(Ordering::Equal)
}

pub fn sort_fn(args: &[Value]) -> Res<Value> {
    arity("sort", args, 1, 3)?;
    let seq = &args[0];
    if is_nil(seq) {
        return err("sequence must be provided");
    }
    let key = match args.get(1) {
        Some(k) => to_string(k)?,
        None => String::new(),
    };
    let desc = match args.get(2) {
        Some(o) => to_string(o)?.eq_ignore_ascii_case("desc"),
        None => false,
    };
    // Each element with what it is sorted by.
    let mut keyed: Vec<(Value, Value)> = match seq {
        Value::Map(m) => m
            .iter()
            .map(|(k, v)| {
                let by = if key.is_empty() {
                    k.to_value()
                } else if key == "value" {
                    v.clone()
                } else {
                    get_path(v, &key).unwrap_or(Value::NoValue)
                };
                (by, v.clone())
            })
            .collect(),
        _ => {
            let Some(elems) = items(seq) else {
                return err(format!("can't sort {}", seq.type_name()));
            };
            let mut out = Vec::with_capacity(elems.len());
            for e in elems {
                let by = if key.is_empty() || key == "value" {
                    e.clone()
                } else {
                    get_path(&e, &key)?
                };
                out.push((by, e));
            }
            out
        }
    };
    keyed.sort_by(|a, b| {
        let o = sort_order(&a.0, &b.0);
        if desc {
            o.reverse()
        } else {
            o
        }
    });
    Ok(list(keyed.into_iter().map(|(_, v)| v).collect()))
}
