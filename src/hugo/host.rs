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
        let mut out: Vec<(String, HostFunction)> = Vec::new();
        out.push((
            "site".into(),
            f(|_| Ok(current().map_or(Value::Nil, |c| SiteObj::value(&c.view)))),
        ));
        out.push((
            "page".into(),
            f(|_| Ok(current().map_or(Value::Nil, |c| c.page.clone()))),
        ));
        out.push(("hugo".into(), f(|_| Ok(hugo_value()))));
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
