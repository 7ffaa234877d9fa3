//! What the site gives Hugo's template store: the settings of Hugo's functions and the
//! functions that need the site (`site`, `page`, `hugo`, `i18n`/`T`, `ref`/`relref`). The
//! page being rendered reaches them as the store's current user data ([`Current`]).

use std::sync::Arc;

use gotemplate::{CallError, Value};
use hugotheme::{current_user, HostFunction, SiteHost};

use super::objects::{map, PageObj, SiteObj};
use super::view::View;
use crate::config::Config;
use crate::i18n::I18n;

/// The Hugo version blog answers as (`hugo.Version`): the newest it follows.
pub const HUGO_VERSION: &str = "0.168.0";

/// The execution's data: the view and the page being rendered.
pub struct Current {
    pub view: Arc<View>,
    pub page: Value,
}

fn current() -> Option<Arc<Current>> {
    current_user()?.downcast::<Current>().ok()
}

/// `hugo`: what a template may ask of the running Hugo.
pub fn hugo_value() -> Value {
    map(vec![
        ("Version", Value::from(HUGO_VERSION)),
        ("Environment", Value::from("production")),
        ("IsProduction", Value::Bool(true)),
        ("IsDevelopment", Value::Bool(false)),
        ("IsServer", Value::Bool(false)),
        ("IsExtended", Value::Bool(true)),
        ("IsMultihost", Value::Bool(false)),
        ("IsMultilingual", Value::Bool(false)),
        (
            "Generator",
            Value::Safe(
                gotemplate::SafeKind::Html,
                format!("<meta name=\"generator\" content=\"Hugo {HUGO_VERSION}\">").into(),
            ),
        ),
        ("GoVersion", Value::from("go1.24")),
        ("CommitHash", Value::from("")),
        ("BuildDate", Value::from("")),
        ("WorkingDir", Value::from("")),
    ])
}

/// The site's side of the template store for one language.
pub struct Host {
    env: Arc<hugofuncs::Env>,
    i18n: Arc<I18n>,
    /// Functions used that blog does not implement yet, one warning each.
    pub unimplemented: Arc<std::sync::Mutex<std::collections::BTreeSet<String>>>,
}

impl Host {
    pub fn new(config: &Config, i18n: I18n) -> Host {
        let raw = &config.raw;
        let text = |key: &str| {
            raw.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| v.as_str())
                .map(str::to_string)
        };
        let mut env = hugofuncs::Env {
            base_url: format!("{}/", config.base_url.trim_end_matches('/')),
            language: config.language.code.clone(),
            language_prefix: config.language.prefix.clone(),
            ..hugofuncs::Env::default()
        };
        if let Some(loc) = text("timeZone").and_then(|z| hugofuncs::Location::load(&z).ok()) {
            env.location = loc;
        }
        if let Some(style) = text("titleCaseStyle") {
            env.title_case_style = hugofuncs::TitleCaseStyle::parse(&style);
        }
        env.read_process_environ();
        Host {
            env: Arc::new(env),
            i18n: Arc::new(i18n),
            unimplemented: Default::default(),
        }
    }

    pub fn env_handle(&self) -> Arc<hugofuncs::Env> {
        self.env.clone()
    }
}

fn f(func: impl Fn(&[Value]) -> gotemplate::CallResult + Send + Sync + 'static) -> HostFunction {
    Arc::new(func)
}

impl SiteHost for Host {
    fn env(&self) -> Arc<hugofuncs::Env> {
        self.env.clone()
    }

    fn functions(&self) -> Vec<(String, HostFunction)> {
        let mut out: Vec<(String, HostFunction)> = page_list_functions(self.env.clone());
        out.extend(unbound_resource_functions(
            self.unimplemented.clone(),
            self.env.clone(),
        ));
        out.push((
            "site".into(),
            f(|_| Ok(current().map_or(Value::Nil, |c| SiteObj::value(&c.view)))),
        ));
        out.push((
            "page".into(),
            f(|_| Ok(current().map_or(Value::Nil, |c| c.page.clone()))),
        ));
        out.push(("hugo".into(), f(|_| Ok(hugo_value()))));
        let markdownify = f(|args: &[Value]| {
            let text = args
                .first()
                .map(|v| gotemplate::fmt::sprint(std::slice::from_ref(v)))
                .unwrap_or_default();
            Ok(Value::Safe(
                gotemplate::SafeKind::Html,
                super::objects::render_string(&text).into(),
            ))
        });
        for name in ["markdownify", "transform.Markdownify"] {
            out.push((name.into(), markdownify.clone()));
        }
        let i18n = self.i18n.clone();
        let translate = f(move |args: &[Value]| {
            let key = args.first().and_then(Value::as_str).unwrap_or("");
            let count = args.get(1).and_then(|v| match v {
                Value::Int(i) => Some(*i as f64),
                Value::Uint(u) => Some(*u as f64),
                Value::Float(x) => Some(*x),
                Value::Map(m) => m
                    .iter()
                    .find(|(k, _)| matches!(k, gotemplate::MapKey::String(s) if s.eq_ignore_ascii_case("count")))
                    .and_then(|(_, v)| match v {
                        Value::Int(i) => Some(*i as f64),
                        Value::Float(x) => Some(*x),
                        _ => None,
                    }),
                _ => None,
            });
            Ok(Value::from(i18n.translate(key, count).unwrap_or_default()))
        });
        for name in ["i18n", "T", "lang.Translate"] {
            out.push((name.into(), translate.clone()));
        }
        for (name, absolute) in [
            ("ref", true),
            ("urls.Ref", true),
            ("relref", false),
            ("urls.RelRef", false),
        ] {
            out.push((
                name.into(),
                f(move |args: &[Value]| reference(args, absolute)),
            ));
        }
        out
    }
}

/// `ref`/`relref PAGE PATH`: the URL of the page `PATH` names (a content path, with an
/// optional `#fragment`), an error naming it when there is none, as in Hugo.
fn reference(args: &[Value], absolute: bool) -> gotemplate::CallResult {
    let Some(c) = current() else {
        return Err(CallError::Message("ref: no site".into()));
    };
    let target = match args.get(1) {
        Some(Value::Map(m)) => m
            .get(&gotemplate::MapKey::String("path".into()))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        Some(v) => v.as_str().unwrap_or("").to_string(),
        None => String::new(),
    };
    let (path, fragment) = match target.split_once('#') {
        Some((p, f)) => (p.to_string(), format!("#{f}")),
        None => (target.clone(), String::new()),
    };
    if path.is_empty() {
        return Ok(Value::from(fragment));
    }
    let from_page = args.first().and_then(|v| match v {
        Value::Object(o) => o.as_any().downcast_ref::<PageObj>().map(|p| p.i),
        _ => None,
    });
    let relative = from_page.and_then(|i| {
        let rel = &c.view.nodes[i].file_rel;
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        c.view.find(&format!("{dir}/{path}"))
    });
    let found = relative
        .or_else(|| c.view.find(&path))
        .or_else(|| c.view.find(&format!("{}.md", path.trim_end_matches('/'))));
    match found {
        Some(i) => {
            let n = &c.view.nodes[i];
            let url = if absolute {
                &n.permalink
            } else {
                &n.rel_permalink
            };
            Ok(Value::from(format!("{url}{fragment}")))
        }
        None => Err(CallError::Message(format!(
            "ref {target:?}: page not found"
        ))),
    }
}

/// Hugo's collection functions return `page.Pages` when given pages, so that `.ByDate`,
/// `.Len` and `.Paginate` work on what `where` and `first` give back; hugofuncs returns
/// plain lists, which these wrappers turn back into pages.
const PAGE_LIST_FUNCTIONS: &[&str] = &[
    "where",
    "collections.Where",
    "first",
    "collections.First",
    "last",
    "collections.Last",
    "after",
    "collections.After",
    "sort",
    "collections.Sort",
    "union",
    "collections.Union",
    "intersect",
    "collections.Intersect",
    "complement",
    "collections.Complement",
    "symdiff",
    "collections.SymDiff",
    "uniq",
    "collections.Uniq",
    "shuffle",
    "collections.Shuffle",
    "append",
    "collections.Append",
];

/// The page-list functions, wrapped.
pub(crate) fn page_list_functions(env: Arc<hugofuncs::Env>) -> Vec<(String, HostFunction)> {
    let bound = hugofuncs::bind(env);
    PAGE_LIST_FUNCTIONS
        .iter()
        .filter_map(|name| {
            let inner = bound.get(name)?.clone();
            let wrapped = f(move |args: &[Value]| {
                let out = inner.call(args)?;
                Ok(as_pages(out, args))
            });
            Some((name.to_string(), wrapped))
        })
        .collect()
}

/// A list of pages (or an empty list made from pages) as `page.Pages`.
fn as_pages(out: Value, args: &[Value]) -> Value {
    let Value::List(items) = &out else {
        return out;
    };
    let view_of = |v: &Value| match v {
        Value::Object(o) => o
            .as_any()
            .downcast_ref::<PageObj>()
            .map(|p| p.view.clone())
            .or_else(|| {
                o.as_any()
                    .downcast_ref::<super::objects::PagesObj>()
                    .map(|p| p.view.clone())
            }),
        _ => None,
    };
    let view = items
        .first()
        .and_then(view_of)
        .or_else(|| args.iter().find_map(view_of));
    let Some(view) = view else {
        return out;
    };
    match super::objects::page_indexes(&out) {
        Some(list) => super::objects::PagesObj::value(&view, list),
        None => out,
    }
}

pub(crate) fn unbound_resource_functions(
    warned: Arc<std::sync::Mutex<std::collections::BTreeSet<String>>>,
    env: Arc<hugofuncs::Env>,
) -> Vec<(String, HostFunction)> {
    // `transform.Unmarshal` of an empty resource is an empty map.
    let bound = hugofuncs::bind(env);
    let unmarshal: Vec<(String, HostFunction)> = ["transform.Unmarshal", "unmarshal"]
        .iter()
        .filter_map(|name| {
            let inner = bound.get(name)?.clone();
            let wrapped = f(move |args: &[Value]| {
                let empty = args.last().is_some_and(|v| match v {
                    Value::Object(o) => o.as_any().is::<EmptyResource>(),
                    _ => false,
                });
                if empty {
                    return Ok(map(vec![]));
                }
                inner.call(args)
            });
            Some((name.to_string(), wrapped))
        })
        .collect();
    // Hugo Pipes is not bound yet: each of its functions gives an empty resource (false in
    // `with`, empty URLs) with one warning naming it, so that pages still render.
    hugofuncs::HOST_FUNCTIONS
        .iter()
        .filter(|name| hugofuncs::is_pipes_function(name))
        .map(|name| {
            let warned = warned.clone();
            let name_owned = name.to_string();
            let func = f(move |_args: &[Value]| {
                warned
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(format!(
                        "{name_owned} is not implemented yet: it gives an empty resource"
                    ));
                Ok(Value::Object(Arc::new(EmptyResource)))
            });
            (name.to_string(), func)
        })
        .chain(unmarshal)
        .collect()
}

/// What an unbound Hugo Pipes function gives: a resource with no content and no URL.
struct EmptyResource;

impl gotemplate::Object for EmptyResource {
    fn type_name(&self) -> &str {
        "*resources.resourceAdapter"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<gotemplate::CallResult> {
        let v = match name {
            "Data" => map(vec![("Integrity", Value::from(""))]),
            "Width" | "Height" => Value::Int(0),
            "Params" => map(vec![]),
            _ => Value::from(""),
        };
        Some(Ok(v))
    }

    fn truth(&self) -> bool {
        false
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
