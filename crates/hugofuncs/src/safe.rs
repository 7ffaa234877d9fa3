//! `safe`: strings marked as safe for one context of html/template, which then passes them
//! through unescaped there.

use gotemplate::{SafeKind, Value};

use crate::cast::{arity, to_string, Res};

fn mark(name: &str, kind: SafeKind, args: &[Value]) -> Res<Value> {
    arity(name, args, 1, 1)?;
    Ok(Value::Safe(kind, to_string(&args[0])?.into()))
}

pub fn safe_html(args: &[Value]) -> Res<Value> {
    mark("safeHTML", SafeKind::Html, args)
}

pub fn safe_html_attr(args: &[Value]) -> Res<Value> {
    mark("safeHTMLAttr", SafeKind::HtmlAttr, args)
}

pub fn safe_css(args: &[Value]) -> Res<Value> {
    mark("safeCSS", SafeKind::Css, args)
}

pub fn safe_js(args: &[Value]) -> Res<Value> {
    mark("safeJS", SafeKind::Js, args)
}

pub fn safe_js_str(args: &[Value]) -> Res<Value> {
    mark("safeJSStr", SafeKind::JsStr, args)
}

pub fn safe_url(args: &[Value]) -> Res<Value> {
    mark("safeURL", SafeKind::Url, args)
}
