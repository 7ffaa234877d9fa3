//! Go's `multi_test.go`: several templates in one set, parsed from several texts, cloned,
//! added tree by tree.

use gotemplate::parse::{self, ParseOptions};
use gotemplate::{Funcs, Set, Value};

use super::exec::{run, Case};
use super::host::{t_val, test_funcs};

#[test]
fn multi_parse() {
    type Case<'a> = (&'a str, &'a str, bool, &'a [(&'a str, &'a str)]);
    let cases: [Case; 5] = [
        ("empty", "", true, &[]),
        (
            "one",
            r#"{{define "foo"}} FOO {{end}}"#,
            true,
            &[("foo", " FOO ")],
        ),
        (
            "two",
            r#"{{define "foo"}} FOO {{end}}{{define "bar"}} BAR {{end}}"#,
            true,
            &[("foo", " FOO "), ("bar", " BAR ")],
        ),
        ("missing end", r#"{{define "foo"}} FOO "#, false, &[]),
        ("malformed name", r#"{{define "foo}} FOO "#, false, &[]),
    ];
    for (name, input, ok, templates) in cases {
        let mut set = Set::default();
        let result = set.parse("root", input);
        assert_eq!(result.is_ok(), ok, "{name}: {result:?}");
        if !ok {
            continue;
        }
        assert_eq!(
            set.len(),
            templates.len() + 1,
            "{name}: templates {:?}",
            set.names()
        );
        for (template, body) in templates {
            assert_eq!(
                set.lookup(template).unwrap().root.to_string(),
                *body,
                "{name}: {template}"
            );
        }
    }
}

const MULTI_TEXT1: &str = "\n\t{{define \"x\"}}TEXT{{end}}\n\t{{define \"dotV\"}}{{.V}}{{end}}\n";
const MULTI_TEXT2: &str =
    "\n\t{{define \"dot\"}}{{.}}{{end}}\n\t{{define \"nested\"}}{{template \"dot\" .}}{{end}}\n";

fn multi_exec_tests() -> Vec<Case> {
    let t = t_val();
    let c = |name, input: &str, output: &str, data: &Value| Case {
        name,
        input: input.into(),
        output: output.into(),
        data: data.clone(),
        ok: true,
    };
    vec![
        c("empty", "", "", &Value::NoValue),
        c("text", "some text", "some text", &Value::NoValue),
        c("invoke x", r#"{{template "x" .SI}}"#, "TEXT", &t),
        c("invoke x no args", r#"{{template "x"}}"#, "TEXT", &t),
        c("invoke dot int", r#"{{template "dot" .I}}"#, "17", &t),
        c(
            "invoke dot []int",
            r#"{{template "dot" .SI}}"#,
            "[3 4 5]",
            &t,
        ),
        c("invoke dotV", r#"{{template "dotV" .U}}"#, "v", &t),
        c("invoke nested int", r#"{{template "nested" .I}}"#, "17", &t),
        c(
            "variable declared by template",
            r#"{{template "nested" $x:=.SI}},{{index $x 1}}"#,
            "[3 4 5],4",
            &t,
        ),
        c("testFunc literal", r#"{{oneArg "joe"}}"#, "oneArg=joe", &t),
        c("testFunc .", "{{oneArg .}}", "oneArg=joe", &"joe".into()),
    ]
}

#[test]
fn multi_execute() {
    let make = || {
        let mut set = Set::new(test_funcs());
        set.parse("root", MULTI_TEXT1).unwrap();
        set.parse("root", MULTI_TEXT2).unwrap();
        set
    };
    let cases = multi_exec_tests();
    assert_eq!(run(&cases, make, &[]), cases.len());
    // The same templates from Go's testdata files, each parsed under its base name as
    // `ParseFiles` names it.
    let files = || {
        let mut set = Set::new(test_funcs());
        let file1 = "{{define \"x\"}}TEXT{{end}}\n{{define \"dotV\"}}{{.V}}{{end}}\n";
        let file2 =
            "{{define \"dot\"}}{{.}}{{end}}\n{{define \"nested\"}}{{template \"dot\" .}}{{end}}\n";
        set.parse_with(
            file1,
            &ParseOptions::new("file1.tmpl").with_error_name("testdata/file1.tmpl"),
        )
        .unwrap();
        set.parse_with(
            file2,
            &ParseOptions::new("file2.tmpl").with_error_name("testdata/file2.tmpl"),
        )
        .unwrap();
        set
    };
    assert_eq!(run(&cases, files, &[]), cases.len());
}

#[test]
fn parse_files_with_data() {
    let mut set = Set::new(test_funcs());
    set.parse(
        "tmpl1.tmpl",
        "template1\n{{define \"x\"}}x{{end}}\n{{template \"y\"}}\n",
    )
    .unwrap();
    set.parse(
        "tmpl2.tmpl",
        "template2\n{{define \"y\"}}y{{end}}\n{{template \"x\"}}\n",
    )
    .unwrap();
    set.parse(
        "test",
        r#"{{template "tmpl1.tmpl"}}{{template "tmpl2.tmpl"}}"#,
    )
    .unwrap();
    assert_eq!(
        set.execute_to_string("test", &Value::Int(0)).unwrap(),
        "template1\n\ny\ntemplate2\n\nx\n"
    );
}

const CLONE_TEXT1: &str = r#"{{define "a"}}{{template "b"}}{{template "c"}}{{end}}"#;
const CLONE_TEXT2: &str = r#"{{define "b"}}b{{end}}"#;
const CLONE_TEXT3: &str = r#"{{define "c"}}root{{end}}"#;
const CLONE_TEXT4: &str = r#"{{define "c"}}clone{{end}}"#;

#[test]
fn clone() {
    let mut root = Set::default();
    root.parse("root", CLONE_TEXT1).unwrap();
    root.parse("root", CLONE_TEXT2).unwrap();
    let mut clone = root.clone();
    root.parse("root", CLONE_TEXT3).unwrap();
    clone.parse("root", CLONE_TEXT4).unwrap();
    assert_eq!(
        root.execute_to_string("a", &Value::Int(0)).unwrap(),
        "broot"
    );
    assert_eq!(
        clone.execute_to_string("a", &Value::Int(0)).unwrap(),
        "bclone"
    );
}

#[test]
fn add_parse_tree() {
    let mut root = Set::default();
    root.parse("root", CLONE_TEXT1).unwrap();
    root.parse("root", CLONE_TEXT2).unwrap();
    let trees = parse::parse(CLONE_TEXT3, &ParseOptions::new("cloneText3"), &Funcs::new()).unwrap();
    let c = trees.into_iter().find(|t| &*t.name == "c").unwrap();
    root.add_tree("c", c);
    assert_eq!(
        root.execute_to_string("a", &Value::Int(0)).unwrap(),
        "broot"
    );
}

#[test]
fn add_parse_tree_to_unparsed_template() {
    let trees = parse::parse(
        r#"{{define "master"}}{{end}}"#,
        &ParseOptions::new("master"),
        &Funcs::new(),
    )
    .unwrap();
    let mut set = Set::default();
    for tree in trees {
        set.add_tree("master", tree);
    }
    assert_eq!(
        set.execute_to_string("master", &Value::NoValue).unwrap(),
        ""
    );
}

#[test]
fn redefinition() {
    let mut set = Set::default();
    set.parse("tmpl1", r#"{{define "test"}}foo{{end}}"#)
        .unwrap();
    set.parse("tmpl1", r#"{{define "test"}}bar{{end}}"#)
        .unwrap();
    set.parse("tmpl2", r#"{{define "test"}}bar{{end}}"#)
        .unwrap();
    assert_eq!(
        set.execute_to_string("test", &Value::NoValue).unwrap(),
        "bar"
    );
}

#[test]
fn empty_set_clone() {
    let set = Set::default();
    assert!(set.clone().is_empty());
}

#[test]
fn template_lookup() {
    let mut set = Set::default();
    assert!(set.lookup("foo").is_none());
    set.parse("foo", r#"{{define "foo"}}test{{end}}"#).unwrap();
    assert!(set.lookup("foo").is_some());
}

#[test]
fn repeated_parse_of_one_name() {
    let mut set = Set::default();
    set.parse("test", r#"{{define "test"}}{{end}}"#).unwrap();
    set.parse(
        "test",
        r#"{{define "test"}}{{/* this is a comment */}}{{end}}"#,
    )
    .unwrap();
    set.parse("test", r#"{{define "test"}}foo{{end}}"#).unwrap();
    assert_eq!(
        set.execute_to_string("test", &Value::NoValue).unwrap(),
        "foo"
    );
}

/// Go's `TestEmptyTemplate`, less its last case, which depends on a Go `*Template` holding a
/// tree its set does not ({"{{.}}", ""} executes "" through the template object; a set
/// keeps the non-empty definition of the name).
#[test]
fn empty_template() {
    let cases: [(&[&str], &str, &str); 5] = [
        (&["x", "y"], "", "y"),
        (&[""], "once", ""),
        (&["", ""], "twice", ""),
        (&["{{.}}", "{{.}}"], "twice", "twice"),
        (
            &["{{/* a comment */}}", "{{/* a comment */}}"],
            "comment",
            "",
        ),
    ];
    for (definitions, name, want) in cases {
        let mut set = Set::default();
        for d in definitions {
            set.parse(name, d).unwrap();
        }
        assert_eq!(
            set.execute_to_string(name, &Value::from(name)).unwrap(),
            want,
            "{definitions:?}"
        );
    }
}

#[test]
fn issue_19294_empty_block_replaced() {
    for _ in 0..100 {
        let mut set = Set::default();
        set.parse("title.xhtml", r#"{{template "xhtml" .}}"#)
            .unwrap();
        set.parse("stylesheet", r#"{{define "stylesheet"}}stylesheet{{end}}"#)
            .unwrap();
        set.parse("xhtml", r#"{{block "stylesheet" .}}{{end}}"#)
            .unwrap();
        assert_eq!(
            set.execute_to_string("title.xhtml", &Value::Int(0))
                .unwrap(),
            "stylesheet"
        );
    }
}

#[test]
fn add_to_empty_set() {
    let trees = parse::parse(CLONE_TEXT3, &ParseOptions::new("c"), &Funcs::new()).unwrap();
    let mut set = Set::default();
    set.add_tree("x", trees.into_iter().find(|t| &*t.name == "c").unwrap());
    assert_eq!(set.execute_to_string("x", &Value::NoValue).unwrap(), "root");
}
