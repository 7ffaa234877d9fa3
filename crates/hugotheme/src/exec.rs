//! Executing templates: base templates composed with the layouts that fill them, partials
//! (cached or not, with `return`), the store's own functions, and the per-thread state a
//! host's functions read.

use std::any::Any;
use std::collections::BTreeSet;
use std::sync::{Arc, Weak};

use gotemplate::{Set, Value};

use crate::error::{Error, Warning};
use crate::funcs::HostFunction;
use crate::store::{Inner, Resolved};

impl Inner {
    pub(crate) fn set_for(&self, r: Resolved) -> Arc<Set> {
        let mut composed = self.composed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = composed.get(&r) {
            return s.clone();
        }
        let mut set = self.base.clone();
        for f in r.base.iter().chain(std::iter::once(&r.template)) {
            for t in self.apart.get(f).into_iter().flatten() {
                set.add_shared_tree(&t.name.clone(), t.clone());
            }
        }
        let set = Arc::new(set);
        composed.insert(r, set.clone());
        set
    }

    pub(crate) fn execute_inline_shortcode(
        &self,
        key: &str,
        text: Option<&str>,
        data: &Value,
    ) -> Result<String, Error> {
        let set = match text {
            Some(text) => {
                let mut set = self.base.clone();
                let opts = gotemplate::ParseOptions::new(key);
                set.parse_with(text, &opts).map_err(Error::from_parse)?;
                let set = Arc::new(set);
                let mut inline = self
                    .inline_shortcodes
                    .lock()
                    .unwrap_or_else(|e| e.into_inner());
                inline.insert(key.to_string(), set.clone());
                set
            }
            None => {
                let inline = self
                    .inline_shortcodes
                    .lock()
                    .unwrap_or_else(|e| e.into_inner());
                inline.get(key).cloned().ok_or_else(|| Error::NotFound {
                    what: format!("no inline shortcode {key:?} defined before"),
                })?
            }
        };
        let mut out = String::new();
        set.execute(key, data, &mut out).map_err(Error::from_exec)?;
        Ok(out)
    }

    pub(crate) fn execute(&self, r: Resolved, data: &Value) -> Result<String, Error> {
        let name = match r.base {
            Some(b) => self.files[b].name.clone(),
            None => self.files[r.template].name.clone(),
        };
        let apart = r.base.is_some() || self.apart.contains_key(&r.template);
        let mut out = String::new();
        let result = if apart {
            self.set_for(r).execute(&name, data, &mut out)
        } else {
            self.base.execute(&name, data, &mut out)
        };
        result.map_err(Error::from_exec)?;
        Ok(out)
    }

    pub(crate) fn partial(&self, name: &str, data: &Value) -> Result<Value, Error> {
        let Some(i) = self.lookup_partial(name) else {
            return Err(Error::NotFound {
                what: format!("partial {name:?} not found"),
            });
        };
        let _guard = DepthGuard::enter(name)?;
        let f = &self.files[i];
        let mut out = String::new();
        let outcome = self
            .base
            .execute(&f.name, data, &mut out)
            .map_err(Error::from_exec)?;
        Ok(match outcome {
            gotemplate::Outcome::Returned(v) => v,
            gotemplate::Outcome::Done if f.path.ext == "html" || f.path.ext.is_empty() => {
                Value::Safe(gotemplate::SafeKind::Html, out.into())
            }
            gotemplate::Outcome::Done => Value::String(out.into()),
        })
    }

    pub(crate) fn partial_cached(
        &self,
        name: &str,
        data: &Value,
        variants: &[Value],
    ) -> Result<Value, Error> {
        let mut key = name.to_string();
        for v in variants {
            key.push('\u{1}');
            key.push_str(&gotemplate::fmt::sprint(std::slice::from_ref(v)));
        }
        if let Some(v) = self
            .partial_cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(v.clone());
        }
        let v = self.partial(name, data)?;
        self.partial_cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, v.clone());
        Ok(v)
    }

    pub(crate) fn warn(&self, message: String) {
        self.warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(Warning {
                file: String::new(),
                line: 0,
                col: 0,
                message,
            });
    }

    /// Turns the unknown names met while executing (methods of a namespace, which only
    /// execution reaches) into warnings; where they were is not known there.
    pub(crate) fn note_unknown_at_run_time(&self) {
        let names: BTreeSet<String> =
            std::mem::take(&mut *self.unknown.lock().unwrap_or_else(|e| e.into_inner()));
        let mut w = self.warnings.lock().unwrap_or_else(|e| e.into_inner());
        for name in names {
            w.insert(Warning {
                file: String::new(),
                line: 0,
                col: 0,
                message: format!("function {name:?} is not implemented: it yields nothing"),
            });
        }
    }
}

thread_local! {
    static USER: std::cell::RefCell<Option<Arc<dyn Any + Send + Sync>>> =
        const { std::cell::RefCell::new(None) };
}

/// The host's data of the execution running on this thread (see
/// [`Store::execute_with_user`]): how a host function knows the page or language it serves.
pub fn current_user() -> Option<Arc<dyn Any + Send + Sync>> {
    USER.with(|u| u.borrow().clone())
}

/// Sets the current user data and restores the previous one when dropped, so nested
/// executions (a shortcode rendered from inside a page's template) keep theirs.
pub(crate) struct UserGuard(Option<Arc<dyn Any + Send + Sync>>);

impl UserGuard {
    pub(crate) fn set(user: Option<Arc<dyn Any + Send + Sync>>) -> UserGuard {
        UserGuard(USER.with(|u| u.replace(user)))
    }
}

impl Drop for UserGuard {
    fn drop(&mut self) {
        let previous = self.0.take();
        USER.with(|u| *u.borrow_mut() = previous);
    }
}

/// How deep partials nest on this thread: Hugo stops at a call stack it deems too deep, and
/// so must we, before the thread's stack runs out.
const MAX_PARTIAL_DEPTH: usize = 100;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

struct DepthGuard;

impl DepthGuard {
    pub(crate) fn enter(name: &str) -> Result<DepthGuard, Error> {
        let d = DEPTH.with(|d| d.get());
        if d >= MAX_PARTIAL_DEPTH {
            return Err(Error::NotFound {
                what: format!("maximum template call stack size exceeded in {name:?}"),
            });
        }
        DEPTH.with(|c| c.set(d + 1));
        Ok(DepthGuard)
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|c| c.set(c.get().saturating_sub(1)));
    }
}

/// The functions only the store can give: partials, `templates.*`, `return`.
pub(crate) fn store_functions(weak: Weak<Inner>) -> Vec<(&'static str, HostFunction)> {
    let mut out: Vec<(&'static str, HostFunction)> = Vec::new();
    let w = weak.clone();
    let partial: HostFunction = Arc::new(move |args: &[Value]| {
        let inner = w.upgrade().ok_or("template store dropped")?;
        let (name, data) = name_and_data(args, "partial")?;
        inner
            .partial(&name, &data)
            .map_err(|e| e.to_string().into())
    });
    let w = weak.clone();
    let cached: HostFunction = Arc::new(move |args: &[Value]| {
        let inner = w.upgrade().ok_or("template store dropped")?;
        let (name, data) = name_and_data(args, "partialCached")?;
        let variants = args.get(2..).unwrap_or(&[]);
        inner
            .partial_cached(&name, &data, variants)
            .map_err(|e| e.to_string().into())
    });
    let w = weak.clone();
    let exists: HostFunction = Arc::new(move |args: &[Value]| {
        let inner = w.upgrade().ok_or("template store dropped")?;
        let name = args.first().and_then(Value::as_str).unwrap_or("");
        Ok(Value::Bool(inner.exists(name)))
    });
    let w = weak;
    let defer: HostFunction = Arc::new(move |args: &[Value]| {
        if let Some(inner) = w.upgrade() {
            inner.warn("templates.Defer runs its block in place, not after the site".into());
        }
        let data = match args.first() {
            Some(Value::Map(m)) => m.get(&"data".into()).cloned(),
            _ => None,
        };
        Ok(data.filter(Value::truth).unwrap_or(Value::Bool(true)))
    });
    let ret: HostFunction = Arc::new(|args: &[Value]| {
        Err(gotemplate::CallError::Return(
            args.first().cloned().unwrap_or(Value::String("".into())),
        ))
    });
    for name in ["partial", "partials.Include"] {
        out.push((name, partial.clone()));
    }
    for name in ["partialCached", "partials.IncludeCached"] {
        out.push((name, cached.clone()));
    }
    out.push(("templates.Exists", exists));
    out.push(("templates.Defer", defer));
    out.push(("return", ret));
    out
}

fn name_and_data(args: &[Value], f: &str) -> Result<(String, Value), gotemplate::CallError> {
    let name = args
        .first()
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{f}: the first argument must be the partial's name"))?;
    // No context is Go's invalid value, whose fields are empty, not a nil pointer.
    Ok((
        name.to_string(),
        args.get(1).cloned().unwrap_or(Value::NoValue),
    ))
}
