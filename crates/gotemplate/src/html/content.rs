//! How an escaper turns its arguments into one string and learns whether that string is one
//! of html/template's typed contents (Go's `content.go`: `stringify`, and `evalArgs`).
//!
//! `nil`s: a value that is Go's untyped `nil` ([`Value::NoValue`]: a missing map key, a nil
//! interface) is left out of an escaper's text, so `{{.Missing}}` prints nothing in HTML;
//! [`Value::Nil`] is a typed nil (a nil pointer) and prints as `<nil>`, escaped, as Go does.

use crate::fmt::sprint;
use crate::value::{SafeKind, Value};

/// What kind of content an escaper's text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Content {
    Plain,
    Safe(SafeKind),
}

/// Go's `stringify`: one string or typed string is itself; anything else, or several
/// operands, print as `fmt.Sprint` prints them (untyped nils left out) and are plain text.
pub(crate) fn stringify(args: &[Value]) -> (String, Content) {
    match args {
        [Value::String(s)] => return (s.to_string(), Content::Plain),
        [Value::Safe(kind, s)] => return (s.to_string(), Content::Safe(*kind)),
        _ => {}
    }
    let kept: Vec<Value> = args
        .iter()
        .filter(|a| !matches!(a, Value::NoValue))
        .cloned()
        .collect();
    (sprint(&kept), Content::Plain)
}

/// `fmt.Sprint` of operands where an untyped nil prints as `<nil>`, as Go's does.
pub(crate) fn sprint_untyped_nil(args: &[Value]) -> String {
    let args: Vec<Value> = args
        .iter()
        .map(|a| {
            if matches!(a, Value::NoValue) {
                Value::Nil
            } else {
                a.clone()
            }
        })
        .collect();
    sprint(&args)
}

/// `_eval_args_`: the operands of `{{html .X .Y}}` as one string, for the pipeline that
/// html/template rewrites it to (`{{_eval_args_ .X .Y | html}}`).
pub fn eval_args(args: &[Value]) -> String {
    if let [Value::String(s)] = args {
        return s.to_string();
    }
    sprint_untyped_nil(args)
}
