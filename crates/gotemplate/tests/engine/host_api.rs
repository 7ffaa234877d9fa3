//! The host's side: functions, the context they get, errors named after files.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use gotemplate::{
    CallError, ExecErrorKind, ExecOptions, FuncError, Funcs, Function, Outcome, ParseOptions, Set,
    Value,
};

fn set_with(funcs: Funcs, templates: &[(&str, &str)]) -> Set {
    let mut set = Set::new(funcs);
    for (name, text) in templates {
        set.parse(name, text)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    set
}

#[test]
fn host_overrides_builtins_but_not_and_or() {
    let mut funcs = Funcs::new();
    // Hugo's eq compares across types; here any two values are "equal" to show whose eq runs.
    funcs.insert("eq", |_, _| Ok(Value::Bool(true))).unwrap();
    funcs
        .insert("len", |_, args| Ok(Value::Int(args.len() as i64 * 100)))
        .unwrap();
    assert_eq!(
        funcs.insert("and", |_, _| Ok(Value::Nil)),
        Err(FuncError::ShortCircuit("and".into()))
    );
    assert_eq!(
        funcs.insert("or", |_, _| Ok(Value::Nil)),
        Err(FuncError::ShortCircuit("or".into()))
    );
    let set = set_with(
        funcs,
        &[("t", r#"{{eq 1 "a"}} {{len 1 2}} {{and 1 0}} {{or 0 "x"}}"#)],
    );
    assert_eq!(
        set.execute_to_string("t", &Value::NoValue).unwrap(),
        "true 200 0 x"
    );
}

#[test]
fn fallback_supplies_unknown_functions() {
    let warned = Arc::new(AtomicUsize::new(0));
    let mut funcs = Funcs::new();
    let counter = warned.clone();
    funcs.set_fallback(move |name| {
        counter.fetch_add(1, Ordering::SeqCst);
        (name != "reallyUnknown").then(|| Function::host(name, |_, _| Ok(Value::from(""))))
    });
    let mut set = Set::new(funcs);
    set.parse("t", "a{{ oldThemeFunc .X }}b").unwrap();
    assert_eq!(
        warned.load(Ordering::SeqCst),
        1,
        "asked once, at parse time"
    );
    assert_eq!(set.execute_to_string("t", &Value::NoValue).unwrap(), "ab");
    let err = set.parse("u", "{{ reallyUnknown }}").unwrap_err();
    assert_eq!(err.message, r#"function "reallyUnknown" not defined"#);
}

/// A `partial` as a host writes one: execute another template of the set with the given data,
/// into a string, and hand back what it returned if it used `return`.
fn partial_funcs() -> Funcs {
    let mut funcs = Funcs::new();
    funcs
        .insert("partial", |ctx, args| {
            let [Value::String(name), data] = args else {
                return Err("partial: want a name and data".into());
            };
            let executed = ctx
                .execute(name, data)
                .map_err(|e| CallError::Message(e.to_string()))?;
            Ok(executed
                .returned
                .unwrap_or_else(|| Value::from(executed.output)))
        })
        .unwrap();
    funcs
        .insert("return", |_, args| {
            Err(CallError::Return(args.first().cloned().unwrap_or_default()))
        })
        .unwrap();
    funcs.insert("dot", |ctx, _| Ok(ctx.dot().clone())).unwrap();
    funcs
        .insert("whoami", |ctx, _| Ok(Value::from(ctx.template_name())))
        .unwrap();
    funcs
}

#[test]
fn partials_execute_other_templates_with_their_data() {
    let set = set_with(
        partial_funcs(),
        &[
            (
                "page",
                r#"<{{ partial "item" .Name }}|{{ with .Name }}{{ dot }}{{ end }}|{{ whoami }}>"#,
            ),
            ("item", "[{{ . }} in {{ whoami }}]"),
        ],
    );
    let data = Value::Map(Arc::new(
        [("Name".into(), Value::from("A"))].into_iter().collect(),
    ));
    assert_eq!(
        set.execute_to_string("page", &data).unwrap(),
        "<[A in item]|A|page>"
    );
}

#[test]
fn return_ends_the_execution_and_hands_back_a_value() {
    let set = set_with(
        partial_funcs(),
        &[
            (
                "double",
                r#"ignored {{ template "inner" . }} never printed"#,
            ),
            ("inner", "{{ return (printf \"%v%v\" . .) }}not reached"),
            ("page", r#"{{ $v := partial "double" "ab" }}got {{ $v }}"#),
        ],
    );
    assert_eq!(
        set.execute_to_string("page", &Value::NoValue).unwrap(),
        "got abab"
    );
    let mut out = String::new();
    match set.execute("double", &Value::from("x"), &mut out).unwrap() {
        Outcome::Returned(v) => assert_eq!(v.as_str(), Some("xx")),
        Outcome::Done => panic!("no return"),
    }
    assert_eq!(out, "ignored ", "the output up to the return stays");
}

#[test]
fn user_data_reaches_functions() {
    let mut funcs = Funcs::new();
    funcs
        .insert("lang", |ctx, _| {
            let lang = ctx
                .user()
                .and_then(|u| u.downcast_ref::<String>())
                .cloned()
                .unwrap_or_default();
            Ok(Value::from(lang))
        })
        .unwrap();
    let set = set_with(funcs, &[("t", "{{ lang }}")]);
    let options = ExecOptions {
        user: Some(Arc::new("zh".to_string())),
        ..ExecOptions::default()
    };
    let mut out = String::new();
    set.execute_with("t", &Value::NoValue, &mut out, &options)
        .unwrap();
    assert_eq!(out, "zh");
}

#[test]
fn errors_name_the_file_and_the_template() {
    let mut set = Set::default();
    let options = ParseOptions::new("_default/single.html")
        .with_error_name("themes/x/layouts/_default/single.html");
    set.parse_with(
        "<h1>\n  {{ .Title.Missing }}</h1>\n{{ define \"inner\" }}\n{{ .Nope.Field }}{{ end }}",
        &options,
    )
    .unwrap();
    let err = set
        .execute_to_string("_default/single.html", &Value::from("t"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"template: themes/x/layouts/_default/single.html:2:11: executing "_default/single.html" at <.Title.Missing>: can't evaluate field Title in type string"#
    );
    let err = set
        .execute_to_string("inner", &Value::from("t"))
        .unwrap_err();
    // Go places a field chain at its second field.
    let location = err.location.as_ref().unwrap();
    assert_eq!(
        (&*err.name, &*location.file, location.line, location.col),
        ("inner", "themes/x/layouts/_default/single.html", 4, 8)
    );

    let err = Set::default()
        .parse_with("ok\n {{ if }}", &options)
        .unwrap_err();
    assert_eq!(
        (&*err.name, err.line, err.col),
        ("themes/x/layouts/_default/single.html", 2, 7)
    );
    assert_eq!(err.message, "missing value for if");
    assert_eq!(
        err.to_string(),
        "template: themes/x/layouts/_default/single.html:2:7: missing value for if"
    );
}

#[test]
fn a_set_is_shared_by_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Set>();
    assert_send_sync::<Value>();
    let set = Arc::new(set_with(
        Funcs::new(),
        &[
            ("page", r#"{{ range . }}{{ template "item" . }}{{ end }}"#),
            ("item", "<{{ . }}>"),
        ],
    ));
    std::thread::scope(|scope| {
        for t in 0..4i64 {
            let set = set.clone();
            scope.spawn(move || {
                for i in 0..200 {
                    let data = Value::from(vec![Value::Int(t), Value::Int(i)]);
                    assert_eq!(
                        set.execute_to_string("page", &data).unwrap(),
                        format!("<{t}><{i}>")
                    );
                }
            });
        }
    });
}

#[test]
fn clone_base_then_add_a_layout() {
    let mut base = Set::default();
    base.parse(
        "baseof.html",
        r#"<main>{{ block "main" . }}default{{ end }}</main>"#,
    )
    .unwrap();
    let mut single = base.clone();
    single
        .parse(
            "single.html",
            r#"{{ define "main" }}single {{ . }}{{ end }}"#,
        )
        .unwrap();
    let mut list = base.clone();
    list.parse("list.html", r#"{{ define "main" }}list {{ . }}{{ end }}"#)
        .unwrap();
    let data = Value::from("p");
    assert_eq!(
        base.execute_to_string("baseof.html", &data).unwrap(),
        "<main>default</main>"
    );
    assert_eq!(
        single.execute_to_string("baseof.html", &data).unwrap(),
        "<main>single p</main>"
    );
    assert_eq!(
        list.execute_to_string("baseof.html", &data).unwrap(),
        "<main>list p</main>"
    );
    assert!(
        Arc::ptr_eq(
            base.lookup("baseof.html").unwrap(),
            single.lookup("baseof.html").unwrap()
        ),
        "trees are shared"
    );
}

#[test]
fn undefined_template_is_an_error_at_the_call() {
    let set = set_with(Funcs::new(), &[("t", "a\n {{ template \"nope\" . }}")]);
    let err = set.execute_to_string("t", &Value::NoValue).unwrap_err();
    assert_eq!(err.kind, ExecErrorKind::NoTemplate);
    assert_eq!(
        err.to_string(),
        r#"template: t:2:13: executing "t" at <{{template "nope" .}}>: template "nope" not defined"#
    );
}

#[test]
fn range_over_integers_and_errors_for_two_variables() {
    let set = set_with(
        Funcs::new(),
        &[
            (
                "t",
                "{{ range 3 }}[{{ . }}]{{ end }}{{ range $i := -1 }}x{{ else }}none{{ end }}",
            ),
            ("two", "{{ range $i, $e := 3 }}{{ end }}"),
        ],
    );
    assert_eq!(
        set.execute_to_string("t", &Value::NoValue).unwrap(),
        "[0][1][2]none"
    );
    let err = set.execute_to_string("two", &Value::NoValue).unwrap_err();
    assert_eq!(err.kind, ExecErrorKind::Range);
    assert!(
        err.message
            .contains("can't use 3 to iterate over more than one variable"),
        "{err}"
    );
}

#[test]
fn variables_follow_go_scoping() {
    let set = set_with(
        Funcs::new(),
        &[(
            "t",
            "{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}\
             {{ range $i, $e := . }}{{ $x = $e }}{{ end }}{{ $x }}\
             {{ if false }}{{ $y := 5 }}{{ else }}{{ $x }}{{ end }}",
        )],
    );
    let data = Value::from(vec![Value::from("a"), Value::from("b")]);
    assert_eq!(set.execute_to_string("t", &data).unwrap(), "21bb");
}
