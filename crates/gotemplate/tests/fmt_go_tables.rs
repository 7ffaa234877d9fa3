//! Go's own `fmt` tests, ported: `fmtTests` (run through `Sprintf` with one operand, as
//! Go's `TestSprintf` does), `reorderTests` (argument indexes) and `startests` (widths and
//! precisions from operands), from Go 1.19's `src/fmt/fmt_test.go`.
//!
//! `fmt_port/gen.sh` ports them mechanically into `fmt_port/table.rs`: a case is ported when
//! each operand maps to a `Value` and Go itself prints the modelled operands exactly as the
//! table expects; the others are listed in `LEFT_OUT` with the reason.
//!
//! | table          | cases | ported | passing | left out |
//! |----------------|------:|-------:|--------:|---------:|
//! | `fmtTests`     |   767 |    449 |     449 |      318 |
//! | `reorderTests` |    32 |     32 |      32 |        0 |
//! | `startests`    |    23 |     23 |      23 |        0 |
//! | all            |   822 |    504 |     504 |      318 |
//!
//! Left out, by reason: complex numbers 91; `[]byte` and byte arrays, which Go prints as
//! text under `%s %q %x` 88; pointers 34; Go types with `Format`, `String` or `GoString`
//! methods 29; invalid UTF-8 in a string 26; structs 12; `reflect.Value` operands 11;
//! `float32`, printed with 32-bit precision 9; channels 3; maps with float keys 2; and 13
//! whose output names a Go type other than the one `Value` stands for (`%#v` of a `[]int`,
//! `%T` of a `uint8`, `%!d(main.renamedBool=true)`).
//!
//! Go's `TestBlank`, `TestBlankln`, `TestSlicePrinter`, `TestMapPrinter` and `TestEmptyMap`
//! are ported by hand below.

use std::sync::Arc;

use gotemplate::fmt::{sprint, sprintf, sprintln};
use gotemplate::{MapKey, Value};

#[path = "fmt_port/table.rs"]
#[rustfmt::skip] // generated
mod table;

pub struct Case {
    format: &'static str,
    args: Vec<Value>,
    want: &'static str,
}

fn case(format: &'static str, args: Vec<Value>, want: &'static str) -> Case {
    Case { format, args, want }
}

fn s(text: &str) -> Value {
    Value::String(text.into())
}

fn l(items: Vec<Value>) -> Value {
    Value::List(Arc::new(items))
}

fn m(entries: Vec<(MapKey, Value)>) -> Value {
    Value::Map(Arc::new(entries.into_iter().collect()))
}

fn mk(key: &str) -> MapKey {
    MapKey::String(key.into())
}

fn func() -> Value {
    Value::Func(Arc::new(|_: &[Value]| Ok(Value::Nil)))
}

/// Compares as Go's `TestSprintf`: `PTR` in the expected output stands for an address's
/// digits (`PTR_b`, `PTR_d`, ... for other bases).
fn matches_ptr(got: &str, want: &str) -> bool {
    let Some(i) = want.find("PTR") else {
        return got == want;
    };
    if i >= got.len() || !got.is_char_boundary(i) {
        return got == want;
    }
    let (pattern, chars) = [
        ("PTR_b", "01"),
        ("PTR_o", "01234567"),
        ("PTR_d", "0123456789"),
        ("PTR_x", "0123456789abcdef"),
        ("PTR_X", "0123456789ABCDEF"),
    ]
    .into_iter()
    .find(|(p, _)| want[i..].starts_with(p))
    .unwrap_or(("PTR", "0123456789abcdefABCDEF"));
    let rest = got[i..].trim_start_matches(|c| chars.contains(c));
    format!("{}{pattern}{rest}", &got[..i]) == want
}

fn run(table: &str, cases: Vec<Case>) -> usize {
    let mut failures = Vec::new();
    for c in &cases {
        let got = sprintf(c.format, &c.args);
        if !matches_ptr(&got, c.want) {
            failures.push(format!(
                "{table}: sprintf({:?}, {:?}) = {got:?}, want {:?}",
                c.format, c.args, c.want
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    cases.len()
}

#[test]
fn fmt_tests() {
    assert_eq!(run("fmtTests", table::fmt_tests()), 449);
}

#[test]
fn reorder_tests() {
    assert_eq!(run("reorderTests", table::reorder_tests()), 32);
}

#[test]
fn star_tests() {
    assert_eq!(run("startests", table::star_tests()), 23);
}

#[test]
fn left_out_cases_are_counted() {
    let count = |table: &str| table::LEFT_OUT.iter().filter(|(t, ..)| *t == table).count();
    assert_eq!(count("fmtTests"), 318);
    assert_eq!(count("reorderTests"), 0);
    assert_eq!(count("startests"), 0);
    assert!(table::LEFT_OUT
        .iter()
        .all(|(.., reason)| !reason.is_empty()));
}

/// Go's `TestBlank`: a space between operands when neither is a string.
#[test]
fn sprint_spaces_between_non_strings() {
    let args = [
        s("<"),
        Value::Int(1),
        s(">:"),
        Value::Int(1),
        Value::Int(2),
        Value::Int(3),
        s("!"),
    ];
    assert_eq!(sprint(&args), "<1>:1 2 3!");
    // Go's TestBlankln: always a space, and a newline.
    assert_eq!(sprintln(&args), "< 1 >: 1 2 3 !\n");
}

/// Go's `TestSlicePrinter`, `TestMapPrinter` and `TestEmptyMap`.
#[test]
fn lists_and_maps() {
    assert_eq!(sprint(&[l(vec![])]), "[]");
    assert_eq!(
        sprint(&[l(vec![Value::Int(1), Value::Int(2), Value::Int(3)])]),
        "[1 2 3]"
    );
    assert_eq!(sprint(&[m(vec![])]), "map[]");
    let m1 = m(vec![
        (MapKey::Int(1), s("one")),
        (MapKey::Int(2), s("two")),
        (MapKey::Int(3), s("three")),
    ]);
    assert_eq!(
        sprint(std::slice::from_ref(&m1)),
        "map[1:one 2:two 3:three]"
    );
    assert_eq!(sprintf("%v", &[m1]), "map[1:one 2:two 3:three]");
    let m2 = m(vec![(mk("b"), Value::Int(2)), (mk("a"), Value::Int(1))]);
    assert_eq!(sprint(&[m2]), "map[a:1 b:2]");
}
