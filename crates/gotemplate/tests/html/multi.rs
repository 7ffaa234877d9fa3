//! Go's multi_test.go for html/template: sets built from several texts. ParseFiles, ParseGlob,
//! ParseFS and zip files are left out (the host reads files; see `html_pending.md`).

use std::sync::Arc;

use gotemplate::{CallError, Funcs, MapKey, Set, Value};

fn map(entries: &[(&str, Value)]) -> Value {
    let map = entries.iter().map(|(k, v)| (MapKey::from(*k), v.clone()));
    Value::Map(Arc::new(map.collect()))
}

/// The fields of exec_test's `tVal` that multiExecTests read.
fn t_val() -> Value {
    let si = Value::List(Arc::new(vec![Value::Int(3), Value::Int(4), Value::Int(5)]));
    map(&[
        ("SI", si),
        ("I", Value::Int(17)),
        ("U", map(&[("V", Value::str("v"))])),
    ])
}

/// TestMultiExecute: multiExecTests on a set parsed from two texts of definitions.
#[test]
fn multi_execute() {
    let mut funcs = Funcs::new();
    funcs
        .insert("oneArg", |_, args| match args {
            [Value::String(s)] => Ok(Value::String(format!("oneArg={s}").into())),
            _ => Err(CallError::Message("oneArg wants a string".into())),
        })
        .unwrap();
    let mut base = Set::new_html(funcs);
    base.parse(
        "root",
        "\n\t{{define \"x\"}}TEXT{{end}}\n\t{{define \"dotV\"}}{{.V}}{{end}}\n",
    )
    .unwrap();
    base.parse(
        "root",
        "\n\t{{define \"dot\"}}{{.}}{{end}}\n\t{{define \"nested\"}}{{template \"dot\" .}}{{end}}\n",
    )
    .unwrap();
    let cases: &[(&str, &str, &str, Value)] = &[
        ("empty", "", "", Value::Nil),
        ("text", "some text", "some text", Value::Nil),
        ("invoke x", r#"{{template "x" .SI}}"#, "TEXT", t_val()),
        ("invoke x no args", r#"{{template "x"}}"#, "TEXT", t_val()),
        ("invoke dot int", r#"{{template "dot" .I}}"#, "17", t_val()),
        (
            "invoke dot []int",
            r#"{{template "dot" .SI}}"#,
            "[3 4 5]",
            t_val(),
        ),
        ("invoke dotV", r#"{{template "dotV" .U}}"#, "v", t_val()),
        (
            "invoke nested int",
            r#"{{template "nested" .I}}"#,
            "17",
            t_val(),
        ),
        (
            "variable declared by template",
            r#"{{template "nested" $x:=.SI}},{{index $x 1}}"#,
            "[3 4 5],4",
            t_val(),
        ),
        (
            "testFunc literal",
            r#"{{oneArg "joe"}}"#,
            "oneArg=joe",
            t_val(),
        ),
        (
            "testFunc .",
            "{{oneArg .}}",
            "oneArg=joe",
            Value::str("joe"),
        ),
    ];
    for (name, input, want, data) in cases {
        // Go's testExecute parses each case into the set as a new template.
        let mut set = base.clone();
        set.parse(name, input).unwrap();
        let got = set.execute_to_string(name, data);
        assert_eq!(got.unwrap(), *want, "{name}");
    }
}

/// TestRedefinition and TestParse: a definition may be replaced, and an empty one kept.
#[test]
fn redefinition() {
    let mut set = Set::new_html(Funcs::new());
    set.parse("tmpl1", r#"{{define "test"}}foo{{end}}"#)
        .unwrap();
    set.parse("tmpl1", r#"{{define "test"}}bar{{end}}"#)
        .unwrap();
    set.parse("tmpl2", r#"{{define "test"}}bar{{end}}"#)
        .unwrap();
    assert_eq!(set.execute_to_string("test", &Value::Nil).unwrap(), "bar");

    let mut set = Set::new_html(Funcs::new());
    set.parse("test", r#"{{define "test"}}{{end}}"#).unwrap();
    set.parse(
        "test",
        r#"{{define "test"}}{{/* this is a comment */}}{{end}}"#,
    )
    .unwrap();
    set.parse("test", r#"{{define "test"}}foo{{end}}"#).unwrap();
    assert_eq!(set.execute_to_string("test", &Value::Nil).unwrap(), "foo");
}

/// TestEmptyTemplate: texts parsed one after another under one name; an empty one does not
/// replace a body (Go's last case keeps its TODO: "twice", not "").
#[test]
fn empty_template() {
    let cases: &[(&[&str], &str, &str)] = &[
        (&["x", "y"], "", "y"),
        (&[""], "once", ""),
        (&["", ""], "twice", ""),
        (&["{{.}}", "{{.}}"], "twice", "twice"),
        (
            &["{{/* a comment */}}", "{{/* a comment */}}"],
            "comment",
            "",
        ),
        (&["{{.}}", ""], "twice", "twice"),
    ];
    for (defs, name, want) in cases {
        let mut set = Set::new_html(Funcs::new());
        for d in *defs {
            set.parse(name, d).unwrap();
        }
        let got = set.execute_to_string(name, &Value::str(name)).unwrap();
        assert_eq!(got, *want, "{defs:?}");
    }
}

/// TestIssue19294: an empty block is replaced by the definition of its name, whichever
/// order the texts come in.
#[test]
fn issue_19294() {
    let inlined = [
        ("stylesheet", r#"{{define "stylesheet"}}stylesheet{{end}}"#),
        ("xhtml", r#"{{block "stylesheet" .}}{{end}}"#),
    ];
    for order in [[0, 1], [1, 0]] {
        let mut set = Set::new_html(Funcs::new());
        set.parse("title.xhtml", r#"{{template "xhtml" .}}"#)
            .unwrap();
        for i in order {
            let (name, text) = inlined[i];
            set.parse(name, text).unwrap();
        }
        let got = set
            .execute_to_string("title.xhtml", &Value::Int(0))
            .unwrap();
        assert_eq!(got, "stylesheet", "{order:?}");
    }
}

/// TestAddParseTreeToUnparsedTemplate and TestEmptyTemplateCloneCrash: no panics.
#[test]
fn add_tree_to_empty_set() {
    let trees = gotemplate::parse::parse(
        r#"{{define "master"}}{{end}}"#,
        &gotemplate::ParseOptions::new("master"),
        &Funcs::new(),
    )
    .unwrap();
    let mut set = Set::new_html(Funcs::new());
    for tree in trees {
        let name = tree.name.clone();
        set.add_tree(&name, tree);
    }
    assert_eq!(set.execute_to_string("master", &Value::Nil).unwrap(), "");
    let empty = Set::new_html(Funcs::new());
    assert!(empty.clone().is_empty());
}
