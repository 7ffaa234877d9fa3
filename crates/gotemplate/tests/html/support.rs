//! Runs html/template's test cases through an html [`Set`]: parse the template as Go's tests
//! do (`New("z").Parse(input)`), execute it on the data, and hand back the output or the
//! escaping error.

#![allow(dead_code)]

use std::sync::Arc;

use gotemplate::html::Error;
use gotemplate::{Funcs, MapKey, Set, Value};

/// The data of a test: `.` itself, or a struct whose fields are a map's keys.
pub struct Data {
    pub dot: Value,
}

impl Data {
    /// A struct with these fields.
    pub fn new(fields: Vec<(&'static str, Value)>) -> Data {
        let map = fields
            .into_iter()
            .map(|(k, v)| (MapKey::from(k), v))
            .collect();
        Data {
            dot: Value::Map(Arc::new(map)),
        }
    }

    /// Data that is `.` itself.
    pub fn dot(dot: Value) -> Data {
        Data { dot }
    }
}

/// An html set holding `template` as "z".
pub fn html_set(template: &str) -> Set {
    let mut set = Set::new_html(Funcs::new());
    set.parse("z", template)
        .unwrap_or_else(|e| panic!("{template:?} parses: {e}"));
    set
}

/// Escapes and runs `template` on `data`, as html/template's `Execute` does; the escaping
/// error instead. An execution error is a failure of the test.
pub fn render(template: &str, data: &Data) -> Result<String, Error> {
    let set = html_set(template);
    match set.execute_to_string("z", &data.dot) {
        Ok(out) => Ok(out),
        Err(e) => match e.escape {
            Some(err) => Err((*err).clone()),
            None => panic!("{template:?} fails to execute: {e}"),
        },
    }
}
