//! Values as JSON, the way Go's `encoding/json.Marshal` writes them for html/template's
//! `jsValEscaper`: HTML-safe (`<`, `>`, `&` as `\u003c`...), U+2028 and U+2029 escaped,
//! map keys sorted as strings, floats in Go's short form.

use crate::fmt::print_value;
use crate::value::{MapKey, Value};

/// The JSON text of `v`, or Go's error message for a value JSON cannot hold.
pub(crate) fn marshal(v: &Value) -> Result<String, String> {
    let mut out = String::new();
    encode(v, &mut out)?;
    Ok(out)
}

fn encode(v: &Value, out: &mut String) -> Result<(), String> {
    match v {
        Value::NoValue | Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Uint(u) => out.push_str(&u.to_string()),
        Value::Float(f) => out.push_str(&float(*f)?),
        Value::String(s) | Value::Safe(_, s) => string(s, out),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                encode(item, out)?;
            }
            out.push(']');
        }
        Value::Map(map) => {
            // Go sorts the keys by their text, so integer keys sort as strings.
            let mut entries = Vec::with_capacity(map.len());
            for (k, v) in map.iter() {
                let key = match k {
                    MapKey::String(s) => s.to_string(),
                    MapKey::Int(i) => i.to_string(),
                    MapKey::Uint(u) => u.to_string(),
                    MapKey::Bool(_) => {
                        return Err("json: unsupported type: map[bool]interface {}".into())
                    }
                };
                entries.push((key, v));
            }
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            out.push('{');
            for (i, (key, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(key, out);
                out.push(':');
                encode(v, out)?;
            }
            out.push('}');
        }
        Value::Func(_) => return Err(format!("json: unsupported type: {}", v.type_name())),
        // A host object has no fields JSON could list here; it is written as the text it
        // prints as, as Go writes a `fmt.Stringer`.
        Value::Object(_) => string(&print_value(v), out),
    }
    Ok(())
}

/// Go's float encoding: the shortest text that reads back the same, in exponent form below
/// 1e-6 and from 1e21 on (`1e+21`, `1e-7`); NaN and the infinities are errors.
fn float(f: f64) -> Result<String, String> {
    if f.is_nan() {
        return Err("json: unsupported value: NaN".into());
    }
    if f.is_infinite() {
        return Err(format!(
            "json: unsupported value: {}Inf",
            if f > 0.0 { "+" } else { "-" }
        ));
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let s = format!("{f:e}");
        return Ok(match s.split_once('e') {
            Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
            _ => s,
        });
    }
    Ok(format!("{f}"))
}

fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0'..='\x1f' | '<' | '>' | '&' => out.push_str(&format!("\\u{:04x}", c as u32)),
            // Valid JSON but not valid JS in a string before ES2019.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
}
