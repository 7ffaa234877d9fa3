//! The host both template targets execute against: a page-like value (fields, a list, a
//! map, a host object with methods, a function value) and functions, among them a partial
//! that executes another template of the set, and a `return`.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use gotemplate::{
    CallError, CallResult, ExecOptions, Funcs, MapKey, Object, ParseOptions, Set, Value,
};

/// A page as a host hands it over: fields and methods by name.
struct Page;

impl Object for Page {
    fn type_name(&self) -> &str {
        "*hugolib.pageState"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        Some(Ok(match name {
            "Title" => Value::from("标题 <b>&</b>"),
            "Weight" => Value::Int(-3),
            "Draft" => Value::Bool(false),
            "Param" => match args.first() {
                Some(Value::String(k)) if &**k == "author" => Value::from("me"),
                Some(_) => Value::NoValue,
                None => return Some(Err(CallError::Message("Param needs a key".into()))),
            },
            _ => return None,
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub fn data() -> &'static Value {
    static DATA: OnceLock<Value> = OnceLock::new();
    DATA.get_or_init(|| {
        let map: BTreeMap<MapKey, Value> = [
            ("Title", Value::from("Hello")),
            ("N", Value::Int(3)),
            ("F", Value::Float(2.5)),
            (
                "List",
                Value::from(vec![Value::Int(1), Value::from("two"), Value::Nil]),
            ),
            ("Empty", Value::from(Vec::new())),
            ("Page", Value::Object(Arc::new(Page))),
            (
                "Fn",
                Value::Func(Arc::new(|args: &[Value]| Ok(Value::Int(args.len() as i64)))),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (MapKey::from(k), v))
        .collect();
        Value::Map(Arc::new(map))
    })
}

pub fn funcs() -> &'static Arc<Funcs> {
    static FUNCS: OnceLock<Arc<Funcs>> = OnceLock::new();
    FUNCS.get_or_init(|| {
        let mut f = Funcs::new();
        f.insert("partial", |ctx, args| {
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
        f.insert("return", |_, args| {
            Err(CallError::Return(args.first().cloned().unwrap_or_default()))
        })
        .unwrap();
        f.insert("upper", |_, args| {
            Ok(Value::from(gotemplate::fmt::sprint(args).to_uppercase()))
        })
        .unwrap();
        Arc::new(f)
    })
}

/// Budgets that bound loops the template writes itself (`{{range 1000000000}}`) and output.
pub fn exec_options() -> ExecOptions {
    ExecOptions {
        max_steps: Some(20_000),
        max_output: Some(1 << 20),
        ..ExecOptions::default()
    }
}

/// The fuzz input parsed into `set` as the template "page" (errors named `fuzz/page.html`);
/// `None` when it does not parse, which is fine.
pub fn parse_page(mut set: Set, text: &str) -> Option<Set> {
    let options = ParseOptions::new("page").with_error_name("fuzz/page.html");
    set.parse_with(text, &options).ok()?;
    Some(set)
}
