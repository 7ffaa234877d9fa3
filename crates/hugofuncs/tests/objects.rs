//! What the oracle tables cannot show: functions over the host's own objects (a page with
//! fields and methods, `maps.Params`), the registry itself, and the `Env`'s clock and sink.
//! Cases ported from Hugo's `where_test.go` (TstX with `TstRv`, `.Params.COLOR`, nested
//! `foo.Tst.B`) and `collections_test.go`.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::Arc;

use gotemplate::{MapKey, Object};
use hugofuncs::collections::Params;
use hugofuncs::{bind, functions, Env, Location, MessageLevel, Time, Value, HOST_FUNCTIONS};

/// Hugo's test type `TstX`: fields A and B, and a method `TstRv` giving "r" + B.
struct TstX {
    a: &'static str,
    b: &'static str,
}

impl Object for TstX {
    fn type_name(&self) -> &str {
        "collections.TstX"
    }
    fn get(&self, name: &str, _: &[Value]) -> Option<hugofuncs::CallResult> {
        match name {
            "A" => Some(Ok(Value::str(self.a))),
            "B" => Some(Ok(Value::str(self.b))),
            "TstRv" => Some(Ok(Value::from(format!("r{}", self.b)))),
            _ => None,
        }
    }
    fn print(&self) -> String {
        format!("A: {}, B: {}", self.a, self.b)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn x(a: &'static str, b: &'static str) -> Value {
    Value::Object(Arc::new(TstX { a, b }))
}

fn l(v: Vec<Value>) -> Value {
    Value::from(v)
}

fn m(pairs: &[(&str, Value)]) -> Value {
    Value::Map(Arc::new(
        pairs
            .iter()
            .map(|(k, v)| (MapKey::from(*k), v.clone()))
            .collect(),
    ))
}

fn call(name: &str, args: &[Value]) -> Value {
    let env = Env::default();
    functions()[name]
        .call(&env, args)
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

fn printed(v: &Value) -> String {
    gotemplate::fmt::print_value(v)
}

#[test]
fn where_reads_fields_and_methods_of_objects() {
    let seq = l(vec![x("a", "b"), x("c", "d"), x("e", "f")]);
    let r = call("where", &[seq.clone(), Value::str("B"), Value::str("f")]);
    assert_eq!(printed(&r), "[A: e, B: f]");
    let r = call(
        "where",
        &[
            seq.clone(),
            Value::str("B"),
            Value::str("!="),
            Value::str("f"),
        ],
    );
    assert_eq!(printed(&r), "[A: a, B: b A: c, B: d]");
    let r = call(
        "where",
        &[seq.clone(), Value::str("TstRv"), Value::str("rd")],
    );
    assert_eq!(printed(&r), "[A: c, B: d]");
    let r = call(
        "where",
        &[
            seq,
            Value::str("B"),
            Value::str("not in"),
            l(vec![Value::str("c"), Value::str("d")]),
        ],
    );
    assert_eq!(printed(&r), "[A: a, B: b A: e, B: f]");
}

#[test]
fn where_follows_paths_through_maps_into_objects() {
    let seq = l(vec![
        m(&[("foo", x("a", "b"))]),
        m(&[("foo", x("c", "d"))]),
        m(&[("baz", x("e", "f"))]),
    ]);
    for path in ["foo.B", ".foo.B"] {
        let r = call("where", &[seq.clone(), Value::str(path), Value::str("d")]);
        assert_eq!(printed(&r), "[map[foo:A: c, B: d]]", "{path}");
    }
    let r = call("where", &[seq, Value::str("foo.TstRv"), Value::str("rd")]);
    assert_eq!(printed(&r), "[map[foo:A: c, B: d]]");
}

#[test]
fn params_match_without_regard_to_case() {
    let params = |i: i64, color: &str| {
        let mut p = BTreeMap::new();
        p.insert(MapKey::from("i"), Value::Int(i));
        p.insert(MapKey::from("Color"), Value::str(color));
        m(&[("Params", Params::value(&p))])
    };
    let seq = l(vec![
        params(0, "indigo"),
        params(1, "blue"),
        params(2, "green"),
        params(3, "blue"),
    ]);
    let r = call(
        "where",
        &[seq.clone(), Value::str(".Params.COLOR"), Value::str("blue")],
    );
    let Value::List(found) = r else { panic!() };
    assert_eq!(found.len(), 2);
    // A plain map's keys are exact, as a Go map's.
    let plain = l(vec![m(&[("a", Value::Int(1))])]);
    let r = call("where", &[plain, Value::str("A"), Value::Int(1)]);
    assert_eq!(printed(&r), "[]");
    // Sorting by a parameter and jsonify of params.
    let sorted = call("sort", &[seq, Value::str("Params.i"), Value::str("desc")]);
    let Value::List(s) = sorted else { panic!() };
    let first = hugofuncs::Value::clone(&s[0]);
    let json = call("jsonify", &[call("index", &[first, Value::str("Params")])]);
    assert_eq!(json.as_str(), Some(r#"{"color":"blue","i":3}"#));
}

#[test]
fn intersect_union_and_in_compare_objects_by_identity() {
    let (p1, p2, p3) = (x("A", ""), x("B", ""), x("C", ""));
    let r = call(
        "intersect",
        &[
            l(vec![p1.clone(), p2.clone(), p3.clone()]),
            l(vec![p2.clone()]),
        ],
    );
    assert_eq!(printed(&r), "[A: B, B: ]");
    let r = call(
        "union",
        &[l(vec![p1.clone()]), l(vec![p1.clone(), p3.clone()])],
    );
    assert_eq!(printed(&r), "[A: A, B:  A: C, B: ]");
    assert!(call("in", &[l(vec![p1.clone()]), p1]).truth());
    assert!(!call("in", &[l(vec![p2]), p3]).truth());
}

#[test]
fn every_registered_name_is_callable_and_none_is_left_to_the_host() {
    let funcs = functions();
    for name in [
        "where",
        "collections.Where",
        "dict",
        "slice",
        "first",
        "isset",
        "isSet",
        "sort",
        "default",
        "cond",
        "truncate",
        "replaceRE",
        "add",
        "math.Round",
        "time",
        "now",
        "dateFormat",
        "absURL",
        "relLangURL",
        "urlize",
        "anchorize",
        "jsonify",
        "md5",
        "hash.XxHash",
        "printf",
        "errorf",
        "humanize",
        "path.Join",
        "reflect.IsMap",
        "int",
        "getenv",
        "debug.Dump",
        "lang.FormatNumber",
        "emojify",
        "safeHTML",
        "base64Decode",
    ] {
        assert!(funcs.contains_key(name), "{name} is not registered");
    }
    for name in HOST_FUNCTIONS {
        assert!(
            !funcs.contains_key(name),
            "{name} is both ours and the host's"
        );
    }
    let bound = bind(Arc::new(Env::default()));
    assert_eq!(bound.len(), funcs.len());
    let r = bound["add"].call(&[Value::Int(1), Value::Int(2)]).unwrap();
    assert!(matches!(r, Value::Int(3)));
}

#[test]
fn errorf_and_warnf_report_to_the_sink_and_print_nothing() {
    let env = Env {
        ignore_logs: vec!["skip-me".into()],
        ..Env::default()
    };
    let f = functions();
    let out = f["errorf"]
        .call(&env, &[Value::str("bad %v"), Value::Int(3)])
        .unwrap();
    assert_eq!(out.as_str(), Some(""));
    f["warnf"].call(&env, &[Value::str("careful")]).unwrap();
    f["warnidf"]
        .call(&env, &[Value::str("skip-me"), Value::str("hidden")])
        .unwrap();
    f["erroridf"]
        .call(&env, &[Value::str("keep"), Value::str("shown")])
        .unwrap();
    let msgs = env.take_messages();
    let summary: Vec<(MessageLevel, Option<&str>, &str)> = msgs
        .iter()
        .map(|m| (m.level, m.id.as_deref(), m.text.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (MessageLevel::Error, None, "bad 3"),
            (MessageLevel::Warning, None, "careful"),
            (MessageLevel::Error, Some("keep"), "shown"),
        ]
    );
}

#[test]
fn now_reads_the_env_clock() {
    let env = Env {
        clock: Some(Time::from_unix(1_600_000_000, 0, Location::Utc)),
        ..Env::default()
    };
    let t = functions()["now"].call(&env, &[]).unwrap();
    assert_eq!(printed(&t), "2020-09-13 12:26:40 +0000 UTC");
    let year = match &t {
        Value::Object(o) => o.get("Year", &[]).unwrap().unwrap(),
        _ => panic!(),
    };
    assert!(matches!(year, Value::Int(2020)));
}

#[test]
fn shuffle_is_a_permutation_and_rand_is_in_range() {
    let seq = l((0..50).map(Value::Int).collect());
    let Value::List(out) = call("shuffle", &[seq]) else {
        panic!()
    };
    let mut got: Vec<i64> = out
        .iter()
        .map(|v| if let Value::Int(i) = v { *i } else { -1 })
        .collect();
    assert_ne!(
        got,
        (0..50).collect::<Vec<_>>(),
        "50 elements left in order"
    );
    got.sort();
    assert_eq!(got, (0..50).collect::<Vec<_>>());
    for _ in 0..100 {
        let Value::Float(r) = call("math.Rand", &[]) else {
            panic!()
        };
        assert!((0.0..1.0).contains(&r));
    }
}

#[test]
fn scratch_sets_adds_and_reads() {
    let s = call("newScratch", &[]);
    let Value::Object(o) = &s else { panic!() };
    let get = |name: &str, args: &[Value]| o.get(name, args).unwrap().unwrap();
    get("Set", &[Value::str("n"), Value::Int(1)]);
    get("Add", &[Value::str("n"), Value::Int(2)]);
    get("Add", &[Value::str("l"), l(vec![Value::str("a")])]);
    get("Add", &[Value::str("l"), Value::str("b")]);
    get(
        "SetInMap",
        &[Value::str("m"), Value::str("k"), Value::str("v")],
    );
    assert!(matches!(get("Get", &[Value::str("n")]), Value::Int(3)));
    assert_eq!(printed(&get("Get", &[Value::str("l")])), "[a b]");
    assert_eq!(printed(&get("Get", &[Value::str("m")])), "map[k:v]");
    assert!(matches!(get("Get", &[Value::str("none")]), Value::Nil));
}

#[test]
fn getenv_only_reads_hugo_variables() {
    let mut env = Env::default();
    env.environ.insert("HUGO_PARAMS_X".into(), "1".into());
    env.environ.insert("HOME".into(), "/root".into());
    let f = functions();
    let ok = f["getenv"]
        .call(&env, &[Value::str("HUGO_PARAMS_X")])
        .unwrap();
    assert_eq!(ok.as_str(), Some("1"));
    assert!(f["getenv"].call(&env, &[Value::str("HOME")]).is_err());
}

#[test]
fn title_follows_the_configured_style() {
    use hugofuncs::TitleCaseStyle;
    let f = functions();
    let text = [Value::str("the lord of the rings")];
    let with = |style| {
        let env = Env {
            title_case_style: style,
            ..Env::default()
        };
        f["title"]
            .call(&env, &text)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(with(TitleCaseStyle::Ap), "The Lord of the Rings");
    assert_eq!(with(TitleCaseStyle::Go), "The Lord Of The Rings");
    assert_eq!(with(TitleCaseStyle::FirstUpper), "The lord of the rings");
    assert_eq!(with(TitleCaseStyle::None), "the lord of the rings");
    assert_eq!(TitleCaseStyle::parse("Chicago"), TitleCaseStyle::Chicago);
}

/// A stand-in for Hugo's `Pages`: `Group KEY PAGES` makes a `PageGroup`, here a map with
/// `Key` and `Pages`, as the host's would.
struct Pages(Vec<Value>);

impl Object for Pages {
    fn type_name(&self) -> &str {
        "page.Pages"
    }
    fn get(&self, name: &str, args: &[Value]) -> Option<hugofuncs::CallResult> {
        match (name, args) {
            ("Group", [key, pages]) => {
                Some(Ok(m(&[("Key", key.clone()), ("Pages", pages.clone())])))
            }
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[test]
fn group_asks_the_pages_to_group_themselves() {
    // Hugo's docs: `{{ $new := .Site.RegularPages | first 10 | group "New" }}`.
    let pages = Value::Object(Arc::new(Pages(vec![x("a", "b")])));
    for name in ["group", "collections.Group"] {
        let grouped = call(name, &[Value::str("New"), pages.clone()]);
        assert_eq!(
            printed(&call("index", &[grouped.clone(), Value::str("Key")])),
            "New"
        );
        let Value::Object(o) = call("index", &[grouped, Value::str("Pages")]) else {
            panic!("the pages themselves");
        };
        assert_eq!(o.as_any().downcast_ref::<Pages>().unwrap().0.len(), 1);
    }
    let env = Env::default();
    let e = functions()["group"]
        .call(&env, &[Value::Nil, pages])
        .unwrap_err();
    assert!(
        matches!(&e, gotemplate::CallError::Message(m) if m == "nil is not a valid key to group by"),
        "{e:?}"
    );
}
