//! `encoding`: `jsonify` as Go's `encoding/json` writes (map keys sorted, `<`, `>`, `&`,
//! U+2028 and U+2029 escaped, floats in Go's shortest form), with Hugo's `indent`, `prefix`
//! and `noHTMLEscape` options; `base64Encode` and `base64Decode`.

use base64::Engine;
use gotemplate::{CallError, SafeKind, Value};

use crate::cast::{arity, err, map_get, string, to_bool, to_string, Res};
use crate::time::{integer_of, Time};

/// Go's JSON form of a float: `%f`-like for ordinary sizes, exponent form below 1e-6 and from
/// 1e21 up, with a two-digit exponent trimmed to what it needs (`1e-7`, `1e+21`).
pub fn json_float(f: f64) -> String {
    if f.is_nan() || f.is_infinite() {
        return "null".into();
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let s = format!("{f:e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let (sign, digits) = match e.strip_prefix('-') {
            Some(d) => ('-', d),
            None => ('+', e),
        };
        format!("{m}e{sign}{digits}")
    } else {
        format!("{f}")
    }
}

fn json_string(s: &str, html_escape: bool, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if html_escape => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

struct JsonOptions<'a> {
    prefix: &'a str,
    indent: &'a str,
    html_escape: bool,
}

fn newline(out: &mut String, o: &JsonOptions, depth: usize) {
    out.push('\n');
    out.push_str(o.prefix);
    for _ in 0..depth {
        out.push_str(o.indent);
    }
}

fn write_json(v: &Value, o: &JsonOptions, depth: usize, out: &mut String) -> Res<()> {
    let pretty = !o.indent.is_empty() || !o.prefix.is_empty();
    match v {
        Value::NoValue | Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Uint(u) => out.push_str(&u.to_string()),
        Value::Float(f) => out.push_str(&json_float(*f)),
        Value::String(s) | Value::Safe(_, s) => json_string(s, o.html_escape, out),
        Value::List(l) => {
            if l.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, item) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if pretty {
                    newline(out, o, depth + 1);
                }
                write_json(item, o, depth + 1, out)?;
            }
            if pretty {
                newline(out, o, depth);
            }
            out.push(']');
        }
        Value::Map(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            out.push('{');
            // Go sorts map keys by their string form.
            let mut entries: Vec<(String, &Value)> = m
                .iter()
                .map(|(k, v)| (gotemplate::fmt::print_value(&k.to_value()), v))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            for (i, (k, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if pretty {
                    newline(out, o, depth + 1);
                }
                json_string(&k, o.html_escape, out);
                out.push(':');
                if pretty {
                    out.push(' ');
                }
                write_json(item, o, depth + 1, out)?;
            }
            if pretty {
                newline(out, o, depth);
            }
            out.push('}');
        }
        Value::Func(_) => return err("json: unsupported type: func"),
        Value::Object(obj) => {
            if let Some(t) = Time::from_value(v) {
                json_string(
                    &t.format("2006-01-02T15:04:05.999999999Z07:00"),
                    o.html_escape,
                    out,
                );
            } else if let Some(i) = integer_of(v) {
                out.push_str(&i.to_string());
            } else if let Some(p) = obj.as_any().downcast_ref::<crate::collections::Params>() {
                write_json(&Value::Map(std::sync::Arc::new(p.0.clone())), o, depth, out)?;
            } else if let Some(items) = obj.range() {
                let l: Vec<Value> = items.into_iter().map(|(_, v)| v).collect();
                write_json(&Value::from(l), o, depth, out)?;
            } else {
                json_string(&obj.print(), o.html_escape, out);
            }
        }
    }
    Ok(())
}

/// A value as Go's `json.Marshal` writes it (compact, HTML characters escaped).
pub fn to_json(v: &Value) -> Res<String> {
    let mut out = String::new();
    write_json(
        v,
        &JsonOptions {
            prefix: "",
            indent: "",
            html_escape: true,
        },
        0,
        &mut out,
    )?;
    Ok(out)
}

/// `jsonify [OPTIONS] INPUT`: INPUT as JSON, a `template.HTML`. OPTIONS: `indent`, `prefix`
/// (either makes the output indented), `noHTMLEscape`.
pub fn jsonify(args: &[Value]) -> Res<Value> {
    arity("jsonify", args, 1, 2)?;
    let (opts, input) = match args {
        [o, i] => (Some(o), i),
        [i] => (None, i),
        _ => unreachable!(),
    };
    let get = |k: &str| -> Res<Option<Value>> {
        match opts {
            None => Ok(None),
            Some(Value::Map(m)) => Ok(map_get(m, &Value::str(k)).cloned()),
            Some(_) => err("jsonify: options must be a map"),
        }
    };
    let prefix = get("prefix")?
        .map(|v| to_string(&v))
        .transpose()?
        .unwrap_or_default();
    let indent = get("indent")?
        .map(|v| to_string(&v))
        .transpose()?
        .unwrap_or_default();
    let no_escape = get("noHTMLEscape")?
        .map(|v| to_bool(&v))
        .transpose()?
        .unwrap_or(false);
    let mut out = String::new();
    write_json(
        input,
        &JsonOptions {
            prefix: &prefix,
            indent: &indent,
            html_escape: !no_escape,
        },
        0,
        &mut out,
    )?;
    Ok(Value::Safe(SafeKind::Html, out.into()))
}

pub fn base64_encode(args: &[Value]) -> Res<Value> {
    arity("base64Encode", args, 1, 1)?;
    Ok(string(
        base64::engine::general_purpose::STANDARD.encode(to_string(&args[0])?),
    ))
}

pub fn base64_decode(args: &[Value]) -> Res<Value> {
    arity("base64Decode", args, 1, 1)?;
    let s = to_string(&args[0])?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s.as_bytes())
        .map_err(|e| {
            let at = match e {
                base64::DecodeError::InvalidByte(i, _) => i,
                _ => s.len() / 4 * 4,
            };
            CallError::Message(format!("illegal base64 data at input byte {at}"))
        })?;
    Ok(string(String::from_utf8_lossy(&bytes).into_owned()))
}
