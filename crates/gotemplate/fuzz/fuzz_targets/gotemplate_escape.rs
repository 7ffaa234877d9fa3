//! Any text through html/template's contexts, from every starting state, and any string
//! through every escaper as every kind of value: nothing panics, and each escaper keeps its
//! promise (`htmlEscaper` output has no `<`, a JS string escaper's no quote, ...).
#![no_main]
use std::sync::OnceLock;

use gotemplate::html::{
    context_after_text, escape, escapers_for, join, strip_tags, unescape_string, Context, Element,
    Escaper, State,
};
use gotemplate::{SafeKind, Value};
use libfuzzer_sys::fuzz_target;

/// Texts that lead to the contexts templates meet: attribute values of each kind and quote,
/// script strings, template literal substitutions, style strings and URLs.
const PREFIXES: &[&str] = &[
    "<a title=\"",
    "<a title='",
    "<a title=",
    "<a href=\"",
    "<a href='x?",
    "<a href=",
    "<a onclick=\"",
    "<a onclick='x",
    "<a onclick=\"`${",
    "<a style=\"",
    "<a style=",
    "<img srcset=\"",
    "<script>",
    "<script>var a = `${",
    "<script>var a = `${ {",
    "<script>\"",
    "<script>x = /a",
    "<script>//",
    "<script>/*",
    "<script type=\"",
    "<style>",
    "<style>a{b:url(",
    "<style>a{b:url('x?",
    "<style>'",
    "<textarea>",
    "<title>",
    "<!--",
];

/// Every state with every element, and the contexts the prefixes reach.
fn starts() -> &'static [Context] {
    static STARTS: OnceLock<Vec<Context>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut starts = Vec::new();
        for &state in State::ALL {
            for &element in Element::ALL {
                starts.push(Context {
                    state,
                    element,
                    ..Context::default()
                });
            }
        }
        for prefix in PREFIXES {
            let (c, _) = context_after_text(&Context::default(), prefix);
            assert!(c.err.is_none(), "{prefix:?} escapes");
            starts.push(c);
        }
        starts
    })
}

fn values(text: &str) -> Vec<(Option<SafeKind>, Value)> {
    let kinds = [
        SafeKind::Css,
        SafeKind::Html,
        SafeKind::HtmlAttr,
        SafeKind::Js,
        SafeKind::JsStr,
        SafeKind::Url,
        SafeKind::Srcset,
    ];
    let mut values = vec![(None, Value::str(text))];
    values.extend(
        kinds
            .iter()
            .map(|&k| (Some(k), Value::Safe(k, text.into()))),
    );
    values
}

/// What `escaper`'s output may never hold, for a value of kind `kind`.
fn forbidden(escaper: Escaper, kind: Option<SafeKind>) -> &'static [char] {
    let not = |k: SafeKind| kind != Some(k);
    match escaper {
        Escaper::HtmlEscaper if not(SafeKind::Html) => &['<', '>', '"', '\''],
        Escaper::AttrEscaper => &['<', '>', '"', '\''],
        Escaper::RcdataEscaper | Escaper::Html => &['<', '>', '"', '\''],
        Escaper::NospaceEscaper => &['<', '>', '"', '\'', ' ', '\t', '\n', '\r', '\x0c', '=', '`'],
        Escaper::JsStrEscaper | Escaper::JsRegexpEscaper => {
            &['<', '>', '"', '\'', '\n', '\r', '\u{2028}', '\u{2029}']
        }
        Escaper::JsTmplLitEscaper => &['<', '>', '"', '\'', '`', '$', '{', '}', '\n', '\u{2028}'],
        Escaper::JsValEscaper if kind.is_none() => &['<', '>', '\n', '\u{2028}', '\u{2029}'],
        Escaper::CssEscaper => &['<', '>', '"', '\'', '(', ')', ';', '{', '}'],
        Escaper::CssValueFilter if not(SafeKind::Css) => {
            &['<', '>', '"', '\'', '(', ')', ';', '{', '}', '\\']
        }
        Escaper::UrlNormalizer => &['<', '>', '"', '\'', ' ', '\n'],
        Escaper::UrlEscaper if not(SafeKind::Url) => {
            &['<', '>', '"', '\'', ' ', '#', '?', '&', '/', ':']
        }
        Escaper::SrcsetEscaper if not(SafeKind::Srcset) => &['<', '>', '"', '\''],
        Escaper::UrlQuery => &['<', '>', '"', '\'', ' ', '&'],
        _ => &[],
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for start in starts() {
        let (end, rewritten) = context_after_text(start, &text);
        assert!(std::str::from_utf8(rewritten.as_bytes()).is_ok());
        // The context after text takes an action and a join without panicking.
        let (_, after) = escapers_for(&end, "{{.}}");
        let _ = join(&after, start, "if");
    }
    let _ = strip_tags(&text);
    let _ = unescape_string(&text);
    for (kind, value) in values(&text) {
        for &escaper in Escaper::ALL {
            let out = escape(escaper, std::slice::from_ref(&value));
            let bad = forbidden(escaper, kind);
            assert!(
                !out.contains(bad),
                "{escaper} of {kind:?} {text:?} gave {out:?}"
            );
            if escaper == Escaper::HtmlNameFilter && kind != Some(SafeKind::HtmlAttr) {
                assert!(
                    out == "ZgotmplZ"
                        || out
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                    "{out:?}"
                );
            }
        }
    }
    // Values in a script: a list of the text and numbers made from it, as JSON.
    let n = data.len() as i64;
    let list = Value::from(vec![
        Value::str(&text),
        Value::Int(-n),
        Value::Float(n as f64 / 7.0),
        Value::NoValue,
    ]);
    let js = escape(Escaper::JsValEscaper, &[list]);
    assert!(!js.contains(['<', '>', '\u{2028}']), "{js:?}");
});
