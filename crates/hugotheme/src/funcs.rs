//! The function table of a Hugo template set: Go's builtins, Hugo's site-independent functions
//! (hugofuncs), the site's own (from a [`crate::SiteHost`]) and the store's (`partial`, ...).
//! Hugo's dotted names (`strings.Contains`) are a function returning a namespace value whose
//! methods are the functions; a name nobody defines becomes a warning and an empty value
//! instead of Go's parse error.

use std::any::Any;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use gotemplate::{CallResult, Funcs, Object, Value};

/// A function a host gives templates: its arguments in, a value or an error out.
pub type HostFunction = Arc<dyn Fn(&[Value]) -> CallResult + Send + Sync>;

/// Functions by Hugo name, dotted or not, before they become a [`Funcs`].
#[derive(Default, Clone)]
pub struct FunctionTable {
    map: BTreeMap<String, HostFunction>,
}

impl FunctionTable {
    pub fn insert(&mut self, name: &str, f: HostFunction) {
        self.map.insert(name.to_string(), f);
    }

    pub fn contains(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// Builds the engine's table: plain names as functions, `ns.Name` as methods of the
    /// function `ns`; `unknown` records names nobody defined (called at parse time).
    pub fn into_funcs(self, unknown: Arc<Mutex<BTreeSet<String>>>) -> Funcs {
        let mut funcs = Funcs::new();
        let mut plain: BTreeMap<String, HostFunction> = BTreeMap::new();
        let mut spaces: BTreeMap<String, BTreeMap<String, HostFunction>> = BTreeMap::new();
        for (name, f) in self.map {
            match name.split_once('.') {
                Some((ns, method)) => {
                    spaces
                        .entry(ns.to_string())
                        .or_default()
                        .insert(method.to_string(), f);
                }
                None => {
                    plain.insert(name, f);
                }
            }
        }
        for (ns, methods) in spaces {
            let space = Value::Object(Arc::new(Namespace {
                type_name: format!("*{ns}.Namespace"),
                methods,
                unknown: unknown.clone(),
            }));
            let same = plain.remove(&ns);
            // `time` is both a namespace and a function (`time "2024-01-02"`).
            let r = funcs.insert(&ns, move |_, args| match (&same, args.is_empty()) {
                (Some(f), false) => f(args),
                _ => Ok(space.clone()),
            });
            debug_assert!(r.is_ok(), "namespace {ns}");
        }
        for (name, f) in plain {
            if name == "and" || name == "or" {
                continue;
            }
            let _ = funcs.insert(&name, move |_, args| f(args));
        }
        funcs.set_fallback(move |name| {
            unknown
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(name.to_string());
            Some(gotemplate::Function::host(name, |_, _| Ok(unknown_value())))
        });
        funcs
    }
}

/// What an unknown function or method yields: prints nothing, false, any field of it is
/// itself.
pub fn unknown_value() -> Value {
    Value::Object(Arc::new(Unknown))
}

struct Unknown;

impl Object for Unknown {
    fn type_name(&self) -> &str {
        "<unknown>"
    }

    fn get(&self, _name: &str, _args: &[Value]) -> Option<CallResult> {
        Some(Ok(unknown_value()))
    }

    fn truth(&self) -> bool {
        false
    }

    fn len(&self) -> Option<usize> {
        Some(0)
    }

    fn range(&self) -> Option<Vec<(Value, Value)>> {
        Some(Vec::new())
    }

    fn print(&self) -> String {
        String::new()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A Hugo namespace (`strings`, `partials`, ...): its functions are its methods.
struct Namespace {
    type_name: String,
    methods: BTreeMap<String, HostFunction>,
    unknown: Arc<Mutex<BTreeSet<String>>>,
}

impl Object for Namespace {
    fn type_name(&self) -> &str {
        &self.type_name
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        match self.methods.get(name) {
            Some(f) => Some(f(args)),
            None => {
                let ns = self.type_name.trim_start_matches('*');
                let ns = ns.strip_suffix(".Namespace").unwrap_or(ns);
                self.unknown
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(format!("{ns}.{name}"));
                Some(Ok(unknown_value()))
            }
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// hugofuncs' functions bound to the site's environment.
pub fn hugo_functions(env: Arc<hugofuncs::Env>) -> FunctionTable {
    let mut t = FunctionTable::default();
    for (name, c) in hugofuncs::bind(env) {
        t.insert(name, Arc::new(move |args: &[Value]| c.call(args)));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use gotemplate::Set;

    #[test]
    fn namespaces_and_unknown_names() {
        let unknown = Arc::new(Mutex::new(BTreeSet::new()));
        let t = hugo_functions(Arc::new(hugofuncs::Env::default()));
        let mut set = Set::new(t.into_funcs(unknown.clone()));
        set.parse(
            "t",
            r#"{{ strings.ToUpper "a" }}{{ upper "b" }}{{ nosuch 1 }}{{ strings.Nope }}[{{ (nosuch).X }}]"#,
        )
        .unwrap();
        assert_eq!(set.execute_to_string("t", &Value::Nil).unwrap(), "AB[]");
        let names: Vec<String> = unknown.lock().unwrap().iter().cloned().collect();
        assert_eq!(names, vec!["nosuch", "strings.Nope"]);
    }
}
