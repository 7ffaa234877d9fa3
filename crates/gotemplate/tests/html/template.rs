//! Go's template_test.go: the cases that do not test Go's refusal to redefine a template
//! after it ran (a set here escapes afresh instead; see `redefinition_escapes_afresh`).

use gotemplate::{Funcs, ParseOptions, Set, Value};

fn html_set(name: &str, text: &str) -> Set {
    let mut set = Set::new_html(Funcs::new());
    set.parse(name, text).expect("the template parses");
    set
}

/// TestTemplateClone: a clone of an empty set is empty and takes a template.
#[test]
fn template_clone() {
    let orig = Set::new_html(Funcs::new());
    let mut clone = orig.clone();
    assert_eq!(clone.len(), orig.len());
    clone.parse("name", "stuff").unwrap();
    assert_eq!(
        clone.execute_to_string("name", &Value::Nil).unwrap(),
        "stuff"
    );
    assert!(clone.is_html());
}

/// TestNumbers.
#[test]
fn numbers() {
    let set = html_set("root", "{{print 1_2.3_4}} {{print 0x0_1.e_0p+02}}");
    assert_eq!(
        set.execute_to_string("root", &Value::Nil).unwrap(),
        "12.34 7.5"
    );
}

/// TestStringsInScriptsWithJsonContentTypeAreCorrectlyEscaped: a JS string in a JSON script
/// is a valid JSON string of the same text. Go's test decodes it; the table holds what Go
/// 1.19 writes. (Go's `string(rune(-1))` is U+FFFD.)
#[test]
fn strings_in_json_scripts() {
    let cases = [
        ("", ""),
        ("\u{FFFD}", "\u{FFFD}"),
        ("\u{0}", r"\u0000"),
        ("\u{1F}", r"\u001f"),
        ("\t", r"\t"),
        ("<>", r"\u003c\u003e"),
        ("'\"", r"\u0027\u0022"),
        ("ASCII letters", "ASCII letters"),
        ("ʕ⊙ϖ⊙ʔ", "ʕ⊙ϖ⊙ʔ"),
        ("🍕", "🍕"),
    ];
    let prefix = r#"<script type="application/ld+json">"#;
    let set = html_set("t", &format!("{prefix}\"{{{{.}}}}\"</script>"));
    for (input, want) in cases {
        let got = set.execute_to_string("t", &Value::str(input)).unwrap();
        assert_eq!(got, format!("{prefix}\"{want}\"</script>"), "{input:?}");
    }
}

/// TestSkipEscapeComments: comments kept in the tree are not actions to escape.
#[test]
fn skip_escape_comments() {
    let text = "{{/* A comment */}}{{ 1 }}{{/* Another comment */}}";
    let options = ParseOptions {
        comments: true,
        ..ParseOptions::new("root")
    };
    let trees = gotemplate::parse::parse(text, &options, &Funcs::new()).unwrap();
    let mut set = Set::new_html(Funcs::new());
    for tree in trees {
        set.add_tree("root", tree);
    }
    assert_eq!(set.execute_to_string("root", &Value::Nil).unwrap(), "1");
}

/// Go's TestRedefine* tests: Go refuses to parse into a set after it executed, so that a
/// redefinition cannot be run unescaped or escaped for the wrong context. A set here takes
/// the redefinition and escapes afresh, which gives the same safety: each case runs Go's
/// template, executes, redefines, and checks that the new definition is escaped for where
/// it is called (where Go would have kept the old one).
#[test]
fn redefinition_escapes_afresh() {
    // (first text, data, output, redefinition, output after)
    let cases: &[(&str, Value, &str, &str, &str)] = &[
        // TestRedefineNonEmptyAfterExecution
        ("foo", Value::Nil, "foo", "bar", "bar"),
        // TestRedefineAfterNonExecution
        (
            r#"{{if .}}<{{template "X"}}>{{end}}{{define "X"}}foo{{end}}"#,
            Value::Int(1),
            "&lt;foo>",
            r#"{{define "X"}}bar{{end}}"#,
            "&lt;bar>",
        ),
        // TestRedefineSafety: "X" now leaves the href and adds an attribute, and is escaped
        // as such; the template still ends where it should.
        (
            r#"<html><a href="{{template "X"}}">{{define "X"}}{{end}}"#,
            Value::Nil,
            r#"<html><a href="">"#,
            r#"{{define "X"}}{{"<x>"}}{{end}}"#,
            r#"<html><a href="%3cx%3e">"#,
        ),
        // TestRedefineTopUse: "X" now opens a script, so `{{.}}` is JS.
        (
            r#"{{template "X"}}{{.}}{{define "X"}}{{end}}"#,
            Value::Int(42),
            "42",
            r#"{{define "X"}}<script>{{end}}"#,
            "",
        ),
    ];
    for (text, data, want, redefinition, after) in cases {
        let mut set = html_set("root", text);
        assert_eq!(
            set.execute_to_string("root", data).unwrap(),
            *want,
            "{text}"
        );
        set.parse("root", redefinition).unwrap();
        match set.execute_to_string("root", data) {
            Ok(got) => assert_eq!(got, *after, "{text} then {redefinition}"),
            // A template that ends inside a script does not escape.
            Err(e) => assert!(after.is_empty() && e.escape.is_some(), "{text}: {e}"),
        }
    }
}
