//! Go's `fmt` as templates use it: `print`, `println` and `printf`, and how `{{ . }}` prints
//! a value (`%v`).
//!
//! This first version prints the basic kinds only; the full verb set, flags, widths and
//! argument indexes of Go's `fmt` replace it.

use crate::value::Value;

/// `%v` of one value, as `{{ . }}` prints it.
pub fn print_value(v: &Value) -> String {
    match v {
        Value::NoValue => "<no value>".into(),
        Value::Nil => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Uint(u) => u.to_string(),
        Value::Float(x) => x.to_string(),
        Value::String(s) | Value::Safe(_, s) => s.to_string(),
        Value::List(l) => {
            let items: Vec<String> = l.iter().map(print_value).collect();
            format!("[{}]", items.join(" "))
        }
        Value::Map(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", print_value(&k.to_value()), print_value(v)))
                .collect();
            format!("map[{}]", items.join(" "))
        }
        Value::Func(_) => "0x0".into(),
        Value::Object(o) => o.print(),
    }
}

/// Go's `fmt.Sprint`: operands printed with `%v`, a space between two operands when neither
/// is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        let is_string = |v: &Value| matches!(v, Value::String(_) | Value::Safe(..));
        if i > 0 && !is_string(a) && !is_string(&args[i - 1]) {
            out.push(' ');
        }
        out.push_str(&print_value(a));
    }
    out
}

/// Go's `fmt.Sprintln`: operands printed with `%v`, always a space between, and a newline.
pub fn sprintln(args: &[Value]) -> String {
    let items: Vec<String> = args.iter().map(print_value).collect();
    format!("{}\n", items.join(" "))
}

/// Go's `fmt.Sprintf`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut next = 0;
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some(_) => {
                match args.get(next) {
                    Some(a) => out.push_str(&print_value(a)),
                    None => out.push_str("%!v(MISSING)"),
                }
                next += 1;
            }
            None => out.push_str("%!(NOVERB)"),
        }
    }
    out
}
