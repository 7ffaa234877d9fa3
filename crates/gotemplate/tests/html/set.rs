//! The tests of Go's escape_test.go after TestEscapeText that escape whole sets: templates
//! calling templates in several contexts, recursion, errors that stop all output, and
//! escaping that must happen exactly once.

use std::any::Any;
use std::sync::Arc;

use gotemplate::{CallError, CallResult, ExecErrorKind, Funcs, MapKey, Object, Set, Value};

/// TestEscapeSet's `dataItem`: a struct with `Children` and `X`.
fn item(x: &str, children: Vec<Value>) -> Value {
    let map = [
        (MapKey::from("Children"), Value::List(Arc::new(children))),
        (MapKey::from("X"), Value::str(x)),
    ];
    Value::Map(Arc::new(map.into_iter().collect()))
}

/// TestEscapeSet: (templates as name and body, output of "main").
const ESCAPE_SET: &[(&[(&str, &str)], &str)] = &[
    // The trivial set.
    (&[("main", "")], ""),
    // A template called in the start context; "helper" alone would not be valid HTML.
    (
        &[
            ("main", r#"Hello, {{template "helper"}}!"#),
            ("helper", r#"{{"<World>"}}"#),
        ],
        "Hello, &lt;World&gt;!",
    ),
    // A template called in a context other than the start.
    (
        &[
            ("main", r#"<a onclick='a = {{template "helper"}};'>"#),
            ("helper", r#"{{"<a>"}}<b"#),
        ],
        r#"<a onclick='a = &#34;\u003ca\u003e&#34;<b;'>"#,
    ),
    // A recursive template that ends in its start context.
    (
        &[(
            "main",
            r#"{{range .Children}}{{template "main" .}}{{else}}{{.X}} {{end}}"#,
        )],
        "foo &lt;bar&gt; baz ",
    ),
    // A recursive helper template that ends in its start context.
    (
        &[
            ("main", r#"{{template "helper" .}}"#),
            (
                "helper",
                r#"{{if .Children}}<ul>{{range .Children}}<li>{{template "main" .}}</li>{{end}}</ul>{{else}}{{.X}}{{end}}"#,
            ),
        ],
        "<ul><li>foo</li><li>&lt;bar&gt;</li><li><ul><li>baz</li></ul></li></ul>",
    ),
    // Co-recursive templates that end in their start context.
    (
        &[
            (
                "main",
                r#"<blockquote>{{range .Children}}{{template "helper" .}}{{end}}</blockquote>"#,
            ),
            (
                "helper",
                r#"{{if .Children}}{{template "main" .}}{{else}}{{.X}}<br>{{end}}"#,
            ),
        ],
        "<blockquote>foo<br>&lt;bar&gt;<br><blockquote>baz<br></blockquote></blockquote>",
    ),
    // A template called in two different contexts.
    (
        &[
            (
                "main",
                r#"<button onclick="title='{{template "helper"}}'; ...">{{template "helper"}}</button>"#,
            ),
            ("helper", r#"{{11}} of {{"<100>"}}"#),
        ],
        r#"<button onclick="title='11 of \u003c100\u003e'; ...">11 of &lt;100&gt;</button>"#,
    ),
    // A non-recursive template that ends in a different context: "helper" starts in
    // jsCtxRegexp and ends in jsCtxDivOp.
    (
        &[
            (
                "main",
                r#"<script>var x={{template "helper"}}/{{"42"}};</script>"#,
            ),
            ("helper", "{{126}}"),
        ],
        r#"<script>var x= 126 /"42";</script>"#,
    ),
    // A recursive template that ends in a similar context.
    (
        &[
            (
                "main",
                r#"<script>var x=[{{template "countdown" 4}}];</script>"#,
            ),
            (
                "countdown",
                r#"{{.}}{{if .}},{{template "countdown" . | pred}}{{end}}"#,
            ),
        ],
        "<script>var x=[ 4 , 3 , 2 , 1 , 0 ];</script>",
    ),
];

/// TestEscapeSet's `pred`: the predecessor of a positive integer.
fn pred_funcs() -> Funcs {
    let mut funcs = Funcs::new();
    funcs
        .insert("pred", |_, args| match args {
            [Value::Int(i)] if *i > 0 => Ok(Value::Int(i - 1)),
            _ => Err(CallError::Message(format!("undefined pred({args:?})"))),
        })
        .expect("a valid name");
    funcs
}

#[test]
fn escape_set() {
    let data = item(
        "",
        vec![
            item("foo", vec![]),
            item("<bar>", vec![]),
            item("", vec![item("baz", vec![])]),
        ],
    );
    for (templates, want) in ESCAPE_SET {
        // As Go's test does: every template a `define` in one text parsed as "root".
        let source: String = templates
            .iter()
            .map(|(name, body)| {
                format!(
                    "{{{{define {}}}}}{body}{{{{end}}}} ",
                    gotemplate::quote(name)
                )
            })
            .collect();
        let mut set = Set::new_html(pred_funcs());
        set.parse("root", &source).expect("the set parses");
        match set.execute_to_string("main", &data) {
            Ok(got) => assert_eq!(got, *want, "{source}"),
            Err(e) => panic!("{source}: {e}"),
        }
    }
}

fn html_set(name: &str, text: &str) -> Set {
    let mut set = Set::new_html(Funcs::new());
    set.parse(name, text).expect("the template parses");
    set
}

/// TestEscapeMalformedPipelines: they parse, and fail when executed.
#[test]
fn escape_malformed_pipelines() {
    for input in [
        "{{ 0 | $ }}",
        "{{ 0 | $ | urlquery }}",
        "{{ 0 | (nil) }}",
        "{{ 0 | (nil) | html }}",
    ] {
        let set = html_set("test", input);
        let mut out = String::new();
        let err = set.execute("test", &Value::Nil, &mut out);
        assert!(err.is_err(), "{input:?} executes");
    }
}

/// TestEscapeErrorsNotIgnorable and TestEscapeSetErrorsNotIgnorable: a template that does not
/// escape writes nothing.
#[test]
fn escape_errors_not_ignorable() {
    let cases = [
        ("dangerous", "dangerous", "<a"),
        ("root", "t", r#"{{define "t"}}<a{{end}}"#),
    ];
    for (name, entry, text) in cases {
        let set = html_set(name, text);
        let mut out = String::new();
        let err = set.execute(entry, &Value::Nil, &mut out).expect_err(text);
        assert_eq!(err.kind, ExecErrorKind::Escape, "{text:?}");
        assert_eq!(out, "", "{text:?}");
    }
}

/// TestEmptyTemplateHTML: a set holding only an empty file's template ("null", as Go names
/// os.DevNull's) cannot execute "page"; TestErrorOnUndefined: nor a name never defined.
/// Go says `"page" is an incomplete or empty template` for a `*Template` made but never
/// parsed; a set has no such handles, so the name is simply undefined.
#[test]
fn empty_and_undefined_templates() {
    let set = html_set("null", "");
    for name in ["page", "undefined"] {
        let err = set
            .execute_to_string(name, &Value::str("nothing"))
            .expect_err(name);
        let escape = err.escape.expect("html/template's error");
        assert_eq!(escape.code, gotemplate::html::ErrorCode::NoSuchTemplate);
        assert_eq!(err.kind, ExecErrorKind::Escape);
    }
    assert_eq!(set.execute_to_string("null", &Value::Nil).unwrap(), "");
}

/// TestOrphanedTemplate: redefining "foo" replaces the escaped template too; the old body
/// (a URL attribute) never runs again.
#[test]
fn orphaned_template() {
    let mut set = html_set("foo", r#"<a href="{{.}}">link1</a>"#);
    let first = set.execute_to_string("foo", &Value::str("javascript:alert(1)"));
    assert_eq!(first.unwrap(), r##"<a href="#ZgotmplZ">link1</a>"##);
    set.parse("foo", "bar").unwrap();
    assert_eq!(set.execute_to_string("foo", &Value::Nil).unwrap(), "bar");
}

/// Go's `Issue7379` with its `SomeMethod(x int) string` returning `<x>`.
struct Issue7379;

impl Object for Issue7379 {
    fn type_name(&self) -> &str {
        "template.Issue7379"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        match (name, args) {
            ("SomeMethod", [Value::Int(x)]) => Some(Ok(Value::String(format!("<{x}>").into()))),
            ("SomeMethod", _) => Some(Err(CallError::Message("wrong arguments".into()))),
            _ => None,
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// TestPipeToMethodIsEscaped: a method at the end of a pipeline is escaped, every time.
#[test]
fn pipe_to_method_is_escaped() {
    let set = html_set("x", "<html>{{0 | .SomeMethod}}</html>\n");
    let data = Value::Object(Arc::new(Issue7379));
    for _ in 0..3 {
        let got = set.execute_to_string("x", &data).unwrap();
        assert_eq!(got, "<html>&lt;0&gt;</html>\n");
    }
}

/// TestIdempotentExecute: executing "hello" on its own and then through "main" escapes its
/// action once.
#[test]
fn idempotent_execute() {
    let mut set = Set::new_html(Funcs::new());
    set.parse(
        "",
        r#"{{define "main"}}<body>{{template "hello"}}</body>{{end}}"#,
    )
    .unwrap();
    set.parse(
        "",
        r#"{{define "hello"}}Hello, {{"Ladies & Gentlemen!"}}{{end}}"#,
    )
    .unwrap();
    for _ in 0..2 {
        let got = set.execute_to_string("hello", &Value::Nil).unwrap();
        assert_eq!(got, "Hello, Ladies &amp; Gentlemen!");
    }
    let got = set.execute_to_string("main", &Value::Nil).unwrap();
    assert_eq!(got, "<body>Hello, Ladies &amp; Gentlemen!</body>");
}

/// TestAliasedParseTreeDoesNotOverescape: one tree under two names is escaped once for each.
#[test]
fn aliased_parse_tree_does_not_overescape() {
    let mut set = html_set("foo", "{{.}}");
    let tree = set.lookup("foo").unwrap().clone();
    set.add_shared_tree("bar", tree);
    let data = Value::str("<baz>");
    let foo = set.execute_to_string("foo", &data).unwrap();
    let bar = set.execute_to_string("bar", &data).unwrap();
    assert_eq!(foo, "&lt;baz&gt;");
    assert_eq!(bar, foo);
}

/// The example of the crate's README, whose html output is Go 1.19's.
#[test]
fn readme_example() -> Result<(), Box<dyn std::error::Error>> {
    let mut set = Set::new(Funcs::new());
    set.parse(
        "page",
        r#"{{ define "b" }}<b>{{ . }}</b>{{ end }}{{ template "b" . }}"#,
    )?;
    assert_eq!(
        set.execute_to_string("page", &Value::from("Tom & Jerry's"))?,
        "<b>Tom & Jerry's</b>"
    );
    let mut set = Set::new_html(Funcs::new());
    set.parse(
        "page",
        r#"<a href="/search?q={{ . }}" title={{ . }}>{{ . }}</a>"#,
    )?;
    assert_eq!(
        set.execute_to_string("page", &Value::from("Tom & Jerry's"))?,
        r#"<a href="/search?q=Tom%20%26%20Jerry%27s" title=Tom&#32;&amp;&#32;Jerry&#39;s>Tom &amp; Jerry&#39;s</a>"#
    );
    Ok(())
}
