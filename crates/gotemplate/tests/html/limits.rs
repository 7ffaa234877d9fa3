//! Escaping errors name the host's file, and hostile sets escape in bounded time and stack:
//! deep chains of calls, ranges nested so deep that Go's escaper (which escapes every range
//! body twice) would run for ever, templates that call themselves from changing contexts.

use std::time::{Duration, Instant};

use gotemplate::html::ErrorCode;
use gotemplate::{ExecErrorKind, Funcs, ParseOptions, Set, Value};

/// The escaping error of executing `name`, with how long it took.
fn escape_error(set: &Set, name: &str) -> (gotemplate::html::Error, Duration) {
    let start = Instant::now();
    let err = set
        .execute_to_string(name, &Value::Nil)
        .expect_err("escaping fails");
    assert_eq!(err.kind, ExecErrorKind::Escape);
    (
        (*err.escape.expect("html/template's error")).clone(),
        start.elapsed(),
    )
}

#[test]
fn errors_name_the_file() {
    let mut set = Set::new_html(Funcs::new());
    let options = ParseOptions::new("page").with_error_name("layouts/_default/page.html");
    set.parse_with("line 1\n{{if .}}<a{{end}}", &options)
        .unwrap();
    let (err, _) = escape_error(&set, "page");
    assert_eq!(err.code, ErrorCode::BranchEnd);
    let at = err.location().expect("a location");
    assert_eq!(
        (&*at.file, at.line, at.col),
        ("layouts/_default/page.html", 2, 5)
    );
    assert!(
        err.to_string()
            .starts_with("html/template:layouts/_default/page.html:2:5: {{if}} branches"),
        "{err}"
    );
    // Text that breaks the HTML is pointed at too, though Go's message names no node.
    set.parse_with("ok\n<a b=\"c\"=d>", &options).unwrap();
    let (err, _) = escape_error(&set, "page");
    assert_eq!(err.code, ErrorCode::BadHtml);
    assert_eq!(
        err.location().map(|l| &*l.file),
        Some("layouts/_default/page.html")
    );
}

/// Ranges nested 40 deep: Go would escape the innermost body 2^40 times.
#[test]
fn deeply_nested_ranges_are_bounded() {
    let text = format!("{}x{}", "{{range .}}".repeat(40), "{{end}}".repeat(40));
    let mut set = Set::new_html(Funcs::new());
    set.parse("t", &text).unwrap();
    let (err, took) = escape_error(&set, "t");
    assert_eq!(err.code, ErrorCode::OutputContext);
    assert!(took < Duration::from_secs(60), "{took:?}");
    // Nested a few levels, as real templates are, they escape.
    let text = format!(
        "{}<b>{{{{.}}}}</b>{}",
        "{{range .}}".repeat(8),
        "{{end}}".repeat(8)
    );
    set.parse("t", &text).unwrap();
    assert_eq!(set.execute_to_string("t", &Value::Nil).unwrap(), "");
}

/// Chains of templates, each calling the next: 5,000 long, which nests past the depth limit,
/// and 300 long, ending in a call of a missing template. Either fails on a 2 MiB stack, at
/// once (Go retries each template's body when it ends in an error, which doubled the time
/// at every call).
#[test]
fn call_chains_are_bounded() {
    let chain = |n: usize| -> String {
        (0..n)
            .map(|i| {
                format!(
                    "{{{{define \"t{i}\"}}}}<i>{{{{template \"t{}\"}}}}</i>{{{{end}}}}",
                    i + 1
                )
            })
            .collect()
    };
    let cases = [
        (chain(5000), ErrorCode::OutputContext),
        (chain(300), ErrorCode::NoSuchTemplate),
    ];
    for (text, code) in cases {
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let mut set = Set::new_html(Funcs::new());
                set.parse("root", &text).unwrap();
                let (err, took) = escape_error(&set, "t0");
                (err.code, took)
            })
            .unwrap();
        let (got, took) = handle.join().unwrap();
        assert_eq!(got, code);
        assert!(took < Duration::from_secs(5), "{took:?}");
    }
}

/// A template that calls itself inside an attribute value, where its own text is not
/// valid: Go's error, found without looping.
#[test]
fn recursion_through_changing_contexts_fails() {
    let mut set = Set::new_html(Funcs::new());
    set.parse("root", r#"<a title="{{template "root"}}">"#)
        .unwrap();
    let (err, took) = escape_error(&set, "root");
    assert_eq!(err.code, ErrorCode::BadHtml);
    assert_eq!(
        err.to_string(),
        r#"html/template:root: "<" in attribute name: "<a title=\"""#
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
}
