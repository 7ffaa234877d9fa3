//! Go's clone_test.go: html sets that are cloned, added to and executed. Go refuses to clone
//! or parse into a template after it executed; a set takes both and escapes afresh, so the
//! checks of those refusals become checks that the clone escapes for its own definitions.

use std::sync::Arc;

use gotemplate::{CallError, Funcs, MapKey, ParseOptions, Set, Value};

fn html_set(name: &str, text: &str) -> Set {
    let mut set = Set::new_html(Funcs::new());
    set.parse(name, text).expect("the template parses");
    set
}

/// TestAddParseTreeHTML: a tree parsed apart and added by name is escaped for where it is
/// called.
#[test]
fn add_parse_tree_html() {
    let mut set = html_set(
        "root",
        r#"{{define "a"}} {{.}} {{template "b"}} {{.}} "></a>{{end}}"#,
    );
    let trees = gotemplate::parse::parse(
        r#"{{define "b"}}<a href="{{end}}"#,
        &ParseOptions::new("t"),
        &Funcs::new(),
    )
    .unwrap();
    let b = trees.into_iter().find(|t| &*t.name == "b").unwrap();
    set.add_tree("b", b);
    let got = set.execute_to_string("a", &Value::str("1>0")).unwrap();
    assert_eq!(got, r#" 1&gt;0 <a href=" 1%3e0 "></a>"#);
}

/// TestClone: one template "a" whose `{{.}}` lands in text, a URL, JS or CSS depending on
/// what each clone defines around it.
#[test]
fn clone() {
    let t0 = html_set(
        "t0",
        r#"{{define "a"}}{{template "lhs"}}{{.}}{{template "rhs"}}{{end}}"#,
    );
    let data = Value::str("<i>*/");
    let cases = [
        (
            r#" <a href=" "#,
            r#" "></a> "#,
            r#" <a href=" %3ci%3e*/ "></a> "#,
        ),
        (
            r#" <p onclick="javascript: "#,
            r#" "></p> "#,
            r#" <p onclick="javascript: &#34;\u003ci\u003e*/&#34; "></p> "#,
        ),
        (" <style> ", " </style> ", " <style> ZgotmplZ </style> "),
        (" ( ", " ) ", " ( &lt;i&gt;*/ ) "),
    ];
    for (lhs, rhs, want) in cases {
        let mut clone = t0.clone();
        let defs =
            format!(r#"{{{{define "lhs"}}}}{lhs}{{{{end}}}}{{{{define "rhs"}}}}{rhs}{{{{end}}}}"#);
        clone.parse("t0", &defs).unwrap();
        assert_eq!(clone.execute_to_string("a", &data).unwrap(), want);
        // Go refuses this clone once the original ran; here it escapes its own "lhs".
        let mut again = clone.clone();
        again.parse("t0", r#"{{define "lhs"}} OK {{end}}"#).unwrap();
        let got = again.execute_to_string("a", &data).unwrap();
        assert!(got.starts_with(" OK "), "{got}");
    }
    // The original never got "lhs".
    assert!(t0.execute_to_string("a", &data).is_err());
}

/// TestTemplates: the set holds the text's own template and its definitions.
#[test]
fn templates() {
    let set = html_set(
        "t0",
        r#"
		{{define "a"}}{{template "lhs"}}{{.}}{{template "rhs"}}{{end}}
		{{define "lhs"}} <a href=" {{end}}
		{{define "rhs"}} "></a> {{end}}"#,
    );
    assert_eq!(set.names(), ["a", "lhs", "rhs", "t0"]);
}

/// TestCloneCrash and TestCloneThenParse: a clone takes definitions the original does not see.
#[test]
fn clone_then_parse() {
    let mut all = Set::new_html(Funcs::new());
    all.parse("t1", r#"{{define "foo"}}foo{{end}}"#).unwrap();
    let _ = all.clone();

    let t0 = html_set("t0", r#"{{define "a"}}{{template "embedded"}}{{end}}"#);
    let mut t1 = t0.clone();
    t1.parse("t0", r#"{{define "embedded"}}t1{{end}}"#).unwrap();
    assert_eq!(t0.len() + 1, t1.len());
    assert!(t0.execute_to_string("a", &Value::Nil).is_err());
    assert_eq!(t1.execute_to_string("a", &Value::Nil).unwrap(), "t1");
}

/// TestFuncMapWorksAfterClone: a clone calls the same functions, failing the same way.
#[test]
fn func_map_works_after_clone() {
    let mut funcs = Funcs::new();
    funcs
        .insert("customFunc", |_, _| {
            Err(CallError::Message("issue5980".into()))
        })
        .unwrap();
    let mut set = Set::new_html(funcs);
    set.parse("", "{{customFunc}}").unwrap();
    let cloned = set.clone();
    let want = set.execute_to_string("", &Value::Nil).unwrap_err();
    let got = cloned.execute_to_string("", &Value::Nil).unwrap_err();
    assert_eq!(got.to_string(), want.to_string());
    assert!(got.to_string().contains("issue5980"), "{got}");
}

/// TestTemplateCloneExecuteRace: a clone with an overlay, executed from ten threads at once.
#[test]
fn clone_execute_race() {
    let outer = html_set(
        "outer",
        r#"<title>{{block "a" .}}a{{end}}</title><body>{{block "b" .}}b{{end}}<body>"#,
    );
    let mut set = outer.clone();
    set.parse("outer", r#"{{define "b"}}A{{end}}"#).unwrap();
    let set = Arc::new(set);
    let threads: Vec<_> = (0..10)
        .map(|_| {
            let set = set.clone();
            std::thread::spawn(move || {
                for _ in 0..100 {
                    let got = set.execute_to_string("outer", &Value::str("data")).unwrap();
                    assert_eq!(got, "<title>a</title><body>A<body>");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

/// TestCloneGrowth: executing a clone again and again does not add templates.
#[test]
fn clone_growth() {
    let set = html_set("root", r#"<title>{{block "B". }}Arg{{end}}</title>"#);
    let mut set = set.clone();
    set.parse("root", r#"{{define "B"}}Text{{end}}"#).unwrap();
    for _ in 0..10 {
        assert_eq!(
            set.execute_to_string("root", &Value::Nil).unwrap(),
            "<title>Text</title>"
        );
    }
    assert_eq!(set.len(), 2);
}

/// TestCloneRedefinedName: clones of a base, each with a page of another name calling it.
#[test]
fn clone_redefined_name() {
    let base = r#"
{{ define "a" -}}<title>{{ template "b" . -}}</title>{{ end -}}
{{ define "b" }}{{ end -}}
"#;
    let t1 = html_set("a", base);
    for i in 0..2 {
        let mut t2 = t1.clone();
        let name = i.to_string();
        t2.parse(&name, r#"{{ template "a" . }}"#).unwrap();
        assert_eq!(
            t2.execute_to_string(&name, &Value::Nil).unwrap(),
            "<title></title>"
        );
    }
}

/// TestClonePipe: a range with a declared variable survives cloning and escaping.
#[test]
fn clone_pipe() {
    let a = html_set(
        "a",
        r#"{{define "a"}}{{range $v := .A}}{{$v}}{{end}}{{end}}"#,
    );
    let b = a.clone();
    let list = Value::List(Arc::new(vec![Value::str("hi")]));
    let data = Value::Map(Arc::new([(MapKey::from("A"), list)].into_iter().collect()));
    assert_eq!(b.execute_to_string("a", &data).unwrap(), "hi");
}
