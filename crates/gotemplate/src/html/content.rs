//! How an escaper turns its arguments into one string and learns whether that string is one
//! of html/template's typed contents (Go's `content.go`: `stringify`, and `evalArgs`).
//!
//! `nil`s: [`Value::Nil`] (a nil interface) and [`Value::NoValue`] (a missing value) reach an
//! escaper as Go's untyped `nil`, which html/template leaves out of the text, so
//! `{{.Missing}}` prints nothing in HTML and `null` in JS. (A typed nil pointer, which Go
//! prints as `&lt;nil&gt;`, has no `Value`.) Passed through `print` first, a nil is `<nil>`.

use crate::fmt::sprint;
use crate::value::{SafeKind, Value};

/// What kind of content an escaper's text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Content {
    Plain,
    Safe(SafeKind),
}

/// Go's `stringify`: one string or typed string is itself; anything else, or several
/// operands, print as `fmt.Sprint` prints them (nils left out) and are plain text.
pub(crate) fn stringify(args: &[Value]) -> (String, Content) {
    match args {
        [Value::String(s)] => return (s.to_string(), Content::Plain),
        [Value::Safe(kind, s)] => return (s.to_string(), Content::Safe(*kind)),
        _ => {}
    }
    let kept: Vec<Value> = args
        .iter()
        .filter(|a| !matches!(a, Value::NoValue | Value::Nil))
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
