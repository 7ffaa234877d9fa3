//! The tests of html/template's exec_test.go that are its own (the others are
//! text/template's, in `tests/conformance/`): concurrent first executions of a set, and a
//! template whose execution executes another of its set before that one was escaped.

use std::sync::Arc;

use gotemplate::{CallError, Funcs, SafeKind, Set, Value};

/// TestEscapeRace: twenty templates calling one with a script, first executed by ten
/// threads at once.
#[test]
fn escape_race() {
    let race_text = "\n{{- define \"jstempl\" -}}\nvar v = \"v\";\n{{- end -}}\n<script type=\"application/javascript\">\n{{ template \"jstempl\" $ }}\n</script>\n";
    let mut set = Set::new_html(Funcs::new());
    set.parse("templ.html", race_text).unwrap();
    for i in 0..20 {
        set.parse(&format!("x{i}.html"), r#"{{ template "templ.html" .}}"#)
            .unwrap();
    }
    let set = Arc::new(set);
    let want = "<script type=\"application/javascript\">\nvar v = \"v\";\n</script>\n";
    let threads: Vec<_> = (0..10)
        .map(|_| {
            let set = set.clone();
            std::thread::spawn(move || {
                for j in 0..20 {
                    let got = set.execute_to_string(&format!("x{j}.html"), &Value::Nil);
                    assert_eq!(got.unwrap(), want);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

/// TestRecursiveExecute (and TestRecursiveExecuteViaMethod, whose method is a host function
/// here): a function executes "subroutine", escaped on that first call, while "x.html" runs.
#[test]
fn recursive_execute() {
    let mut funcs = Funcs::new();
    funcs
        .insert("recur", |ctx, _| {
            let executed = ctx
                .execute("subroutine", &Value::Nil)
                .map_err(|e| CallError::Message(e.to_string()))?;
            Ok(Value::Safe(SafeKind::Html, executed.output.into()))
        })
        .unwrap();
    let mut set = Set::new_html(funcs);
    set.parse("x.html", "{{recur}}").unwrap();
    set.parse("subroutine", r#"<a href="/x?p={{"'a<b'"}}">"#)
        .unwrap();
    let got = set.execute_to_string("x.html", &Value::Nil).unwrap();
    assert_eq!(got, r#"<a href="/x?p=%27a%3cb%27">"#);
}

/// TestTemplateFuncsAfterClone: a clone calls the functions of the set it was cloned from.
#[test]
fn funcs_after_clone() {
    let mut funcs = Funcs::new();
    funcs.insert("f", |_, args| Ok(args[0].clone())).unwrap();
    let orig = Set::new_html(funcs);
    let mut clone = orig.clone();
    clone.parse("child", "{{ f . }}").unwrap();
    let got = clone.execute_to_string("child", &Value::str("test"));
    assert_eq!(got.unwrap(), "test");
}
