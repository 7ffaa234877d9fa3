//! How the kinds Go's fmt tests cannot cover print: a missing value, html/template's typed
//! strings, host objects, functions, and what `{{ . }}` shows. Expected outputs were checked
//! against Go 1.19 templates and Hugo (0.111 and 0.168) where they can be.

use std::any::Any;
use std::sync::Arc;

use gotemplate::fmt::{print_value, sprint, sprintf, sprintln, write_sprintf, write_value};
use gotemplate::{CallResult, MapKey, Object, SafeKind, Value};

fn s(text: &str) -> Value {
    Value::String(text.into())
}

fn l(items: Vec<Value>) -> Value {
    Value::List(Arc::new(items))
}

fn m(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(Arc::new(
        entries
            .into_iter()
            .map(|(k, v)| (MapKey::String(k.into()), v))
            .collect(),
    ))
}

fn html(text: &str) -> Value {
    Value::Safe(SafeKind::Html, text.into())
}

struct Page;

impl Object for Page {
    fn type_name(&self) -> &str {
        "*hugolib.pageState"
    }

    fn get(&self, _: &str, _: &[Value]) -> Option<CallResult> {
        None
    }

    fn print(&self) -> String {
        "Page(\"/about/\")".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn page() -> Value {
    Value::Object(Arc::new(Page))
}

fn func() -> Value {
    Value::Func(Arc::new(|_: &[Value]| Ok(Value::Nil)))
}

#[test]
fn print_value_is_what_a_template_shows() {
    assert_eq!(print_value(&Value::NoValue), "<no value>");
    assert_eq!(print_value(&Value::Nil), "<nil>");
    assert_eq!(print_value(&Value::Bool(true)), "true");
    assert_eq!(print_value(&Value::Int(-42)), "-42");
    assert_eq!(print_value(&Value::Uint(u64::MAX)), "18446744073709551615");
    assert_eq!(print_value(&s("日本語")), "日本語");
    assert_eq!(print_value(&html("<b>x</b>")), "<b>x</b>");
    assert_eq!(print_value(&l(vec![s("a"), s("b"), s("c")])), "[a b c]");
    let map = m(vec![("b", Value::Int(2)), ("a", l(vec![Value::Nil]))]);
    assert_eq!(print_value(&map), "map[a:[<nil>] b:2]");
    assert_eq!(print_value(&page()), "Page(\"/about/\")");
    assert_eq!(print_value(&func()), "0xc000010000");
    let mut out = String::from("> ");
    write_value(&mut out, &Value::Float(0.5));
    assert_eq!(out, "> 0.5");
}

#[test]
fn floats_print_shortest_with_go_exponents() {
    let cases: &[(f64, &str)] = &[
        (1e6, "1e+06"),
        (123456.0, "123456"),
        (1234567.0, "1.234567e+06"),
        (1.5e-7, "1.5e-07"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (1e20, "1e+20"),
        (1e21, "1e+21"),
        (0.1 + 0.2, "0.30000000000000004"),
        (-0.0, "-0"),
        (f64::INFINITY, "+Inf"),
        (f64::NEG_INFINITY, "-Inf"),
        (f64::NAN, "NaN"),
        (5e-324, "5e-324"),
        (f64::MAX, "1.7976931348623157e+308"),
        // 926082191269461.25: two shortest candidates equally near; Go takes the even one,
        // Rust's formatter the other.
        (f64::from_bits(0x430a52228058f2aa), "9.260821912694612e+14"),
    ];
    for &(x, want) in cases {
        assert_eq!(print_value(&Value::Float(x)), want, "{x:e}");
    }
}

#[test]
fn precision_rounds_half_to_even_on_the_binary_value() {
    let f = |format: &str, x: f64| sprintf(format, &[Value::Float(x)]);
    assert_eq!(f("%.0f", 0.5), "0");
    assert_eq!(f("%.0f", 1.5), "2");
    assert_eq!(f("%.0f", 2.5), "2");
    assert_eq!(f("%.2f", 0.125), "0.12");
    assert_eq!(f("%.2f", 0.375), "0.38");
    // 2.675 is 2.67499999999999982236431605997495353221893310546875 in binary.
    assert_eq!(f("%.2f", 2.675), "2.67");
    assert_eq!(f("%.1e", 0.25), "2.5e-01");
    assert_eq!(f("%.3g", 2.0005), "2");
    assert_eq!(f("%6.2f", 1.23456), "  1.23");
    assert_eq!(f("%.3f", 1e300).len(), 305);
    // Far past what Rust's formatter takes as a precision.
    let long = f("%.70000f", 1.0);
    assert_eq!(long.len(), 70002);
    assert!(long.ends_with("000"));
    let long = f("%.70000e", 1.0);
    assert!(long.starts_with("1.000") && long.ends_with("0e+00"));
    assert_eq!(f("%.70000g", 0.1).len(), 57);
}

#[test]
fn missing_values_are_nil_to_printf() {
    // As text/template hands an invalid value to printf: a nil interface.
    assert_eq!(sprintf("%v", &[Value::NoValue]), "<nil>");
    assert_eq!(sprintf("%d", &[Value::NoValue]), "%!d(<nil>)");
    assert_eq!(sprintf("%T", &[Value::NoValue]), "<nil>");
    assert_eq!(sprint(&[Value::NoValue, Value::Int(1)]), "<nil> 1");
    assert_eq!(sprintln(&[Value::NoValue]), "<nil>\n");
    assert_eq!(sprintf("", &[Value::NoValue]), "%!(EXTRA <nil>)");
    assert_eq!(sprintf("%d", &[]), "%!d(MISSING)");
}

#[test]
fn typed_strings_print_as_strings() {
    let h = || vec![html("<b>")];
    assert_eq!(
        sprintf(
            "%s|%v|%q|%x|%5.2s",
            &[
                html("<b>"),
                html("<b>"),
                html("<b>"),
                html("<b>"),
                html("<b>")
            ]
        ),
        "<b>|<b>|\"<b>\"|3c623e|   <b"
    );
    assert_eq!(sprintf("%d", &h()), "%!d(template.HTML=<b>)");
    assert_eq!(sprintf("%#v", &h()), "\"<b>\"");
    assert_eq!(sprintf("%T", &h()), "template.HTML");
    assert_eq!(
        sprintf("%T", &[Value::Safe(SafeKind::Url, "x".into())]),
        "template.URL"
    );
    // A typed string is a string to Sprint: no space beside it.
    assert_eq!(sprint(&[Value::Int(1), html("x"), Value::Int(2)]), "1x2");
}

#[test]
fn objects_print_themselves_and_have_an_address() {
    assert_eq!(
        sprintf("%v|%s|%10.4s|", &[page(), page(), page()]),
        "Page(\"/about/\")|Page(\"/about/\")|      Page|"
    );
    assert_eq!(sprintf("%q", &[page()]), r#""Page(\"/about/\")""#);
    assert_eq!(sprintf("%T", &[page()]), "*hugolib.pageState");
    assert_eq!(sprintf("%p", &[page()]), "0xc000010000");
    assert_eq!(sprintf("%d", &[page()]), "824633786368");
    assert_eq!(
        sprintf("%e", &[page()]),
        "%!e(*hugolib.pageState=Page(\"/about/\"))"
    );
    assert_eq!(
        sprint(&[l(vec![page(), Value::Int(1)])]),
        "[Page(\"/about/\") 1]"
    );
}

#[test]
fn lists_maps_and_funcs() {
    let list = l(vec![s("a"), Value::Int(1), Value::Float(2.5), Value::Nil]);
    assert_eq!(
        sprintf("%v", std::slice::from_ref(&list)),
        "[a 1 2.5 <nil>]"
    );
    assert_eq!(
        sprintf("%#v", std::slice::from_ref(&list)),
        "[]interface {}{\"a\", 1, 2.5, interface {}(nil)}"
    );
    assert_eq!(
        sprintf("%d", std::slice::from_ref(&list)),
        "[%!d(string=a) 1 %!d(float64=2.5) <nil>]"
    );
    assert_eq!(sprintf("%T", std::slice::from_ref(&list)), "[]interface {}");
    assert_eq!(sprintf("%p", &[list]), "0xc000010000");
    assert_eq!(
        sprintf(
            "%q|%x|%d",
            &[
                l(vec![s("a"), s("b")]),
                l(vec![s("hi"), s("yo")]),
                l(vec![Value::Int(1), Value::Uint(2)])
            ]
        ),
        "[\"a\" \"b\"]|[6869 796f]|[1 2]"
    );
    let map = m(vec![
        ("a", Value::Int(1)),
        ("b", l(vec![Value::Nil, s("x")])),
    ]);
    assert_eq!(
        sprintf("%#v", std::slice::from_ref(&map)),
        "map[string]interface {}{\"a\":1, \"b\":[]interface {}{interface {}(nil), \"x\"}}"
    );
    assert_eq!(sprintf("%v", &[map]), "map[a:1 b:[<nil> x]]");
    assert_eq!(
        sprintf("%v|%#v|%T", &[func(), func(), func()]),
        "0xc000010000|(func(...interface {}) (interface {}, error))(0xc000010000)|\
         func(...interface {}) (interface {}, error)"
    );
}

#[test]
fn unicode() {
    let f = |format: &str, v: Value| sprintf(format, &[v]);
    assert_eq!(f("%c", Value::Int(0x1F600)), "😀");
    assert_eq!(f("%U", Value::Int(0x1F600)), "U+1F600");
    assert_eq!(f("%#U", Value::Int(0x1F600)), "U+1F600 '😀'");
    assert_eq!(f("%q", s("a\u{a0}b\u{0}")), r#""a\u00a0b\x00""#);
    assert_eq!(f("%+q", s("é😀")), r#""\u00e9\U0001f600""#);
    assert_eq!(f("%#q", s("back`quote")), r#""back`quote""#);
    assert_eq!(f("%#q", s("日本")), "`日本`");
    assert_eq!(f("%-6s|", s("日本")), "日本    |");
    assert_eq!(f("%.1s", s("日本")), "日");
    assert_eq!(f("%q", Value::Int(0xD800)), "'�'");
    // Newer than Go 1.19's Unicode 13, printable in current Hugo's Go (checked with 0.168).
    assert_eq!(f("%q", s("\u{1FAE8}\u{1FAE9}")), "\"\u{1FAE8}\u{1FAE9}\"");
    assert_eq!(f("%+q", s("\u{1FAE8}")), r#""\U0001fae8""#);
    assert_eq!(f("%q", s("\u{378}")), r#""\u0378""#);
}

/// What Hugo 0.168 printed for the same `printf` (its `slice 1 "a"` is a `[]interface {}`).
#[test]
#[allow(clippy::approx_constant)] // the value Hugo was given
fn as_hugo_prints() {
    let got = sprintf(
        "[%05s][%08q][%v][%x][%q][%U][%#v][%06.2f]",
        &[
            s("abc"),
            s("abc"),
            Value::Float(1e6),
            s("hi"),
            s("\u{a0}x"),
            Value::Int(0x1F600),
            l(vec![Value::Int(1), s("a")]),
            Value::Float(3.14159),
        ],
    );
    assert_eq!(
        got,
        r#"[00abc][000"abc"][1e+06][6869]["\u00a0x"][U+1F600][[]interface {}{1, "a"}][003.14]"#
    );
}

#[test]
fn hostile_formats_stay_bounded() {
    // Widths and precisions past a million are refused, as in Go.
    assert_eq!(
        sprintf("%1000000000d", &[Value::Int(1)]),
        "%!(NOVERB)%!(EXTRA int=1)"
    );
    assert_eq!(
        sprintf("%*d", &[Value::Int(2_000_000), Value::Int(1)]),
        "%!(BADWIDTH)1"
    );
    assert_eq!(
        sprintf("%.*f", &[Value::Int(-1), Value::Float(1.0)]),
        "%!(BADPREC)1.000000"
    );
    assert_eq!(
        sprintf("%[99999999999999999999]d", &[Value::Int(1)]),
        "%!d(BADINDEX)"
    );
    assert_eq!(sprintf("%!%[", &[]), "%!!(MISSING)%!(NOVERB)");
}

#[test]
fn write_forms_append() {
    let mut out = String::from("a=");
    write_sprintf(&mut out, "%d;", &[Value::Int(1)]);
    write_sprintf(&mut out, "b=%s", &[s("x")]);
    assert_eq!(out, "a=1;b=x");
}
