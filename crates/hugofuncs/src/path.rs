//! `path`: Go's `path` package on slash-separated paths, and Hugo's `path.BaseName`.

use gotemplate::{MapKey, Object, Value};
use std::any::Any;
use std::sync::Arc;

use crate::cast::{arity, err, string, to_string, Res};

/// Go's `path.Clean`.
pub fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".into(),
        (false, false) => body,
    }
}

/// Go's `path.Base`.
pub fn base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// Go's `path.Ext`.
pub fn ext(p: &str) -> String {
    let last = p.rsplit('/').next().unwrap_or(p);
    last.rfind('.')
        .map(|i| last[i..].to_string())
        .unwrap_or_default()
}

/// Go's `path.Dir`.
pub fn dir(p: &str) -> String {
    let cut = p.rfind('/').map(|i| &p[..=i]).unwrap_or("");
    clean(cut)
}

fn one(name: &str, args: &[Value]) -> Res<String> {
    arity(name, args, 1, 1)?;
    to_string(&args[0])
}

pub fn base_fn(args: &[Value]) -> Res<Value> {
    Ok(string(base(&one("path.Base", args)?)))
}

/// `path.BaseName`: the last element without its extension.
pub fn base_name_fn(args: &[Value]) -> Res<Value> {
    let b = base(&one("path.BaseName", args)?);
    let e = ext(&b);
    Ok(string(b[..b.len() - e.len()].to_string()))
}

pub fn dir_fn(args: &[Value]) -> Res<Value> {
    Ok(string(dir(&one("path.Dir", args)?)))
}

pub fn ext_fn(args: &[Value]) -> Res<Value> {
    Ok(string(ext(&one("path.Ext", args)?)))
}

/// `path.Clean` keeps backslashes (`a\b` is one element), unlike the others.
pub fn clean_fn(args: &[Value]) -> Res<Value> {
    arity("path.Clean", args, 1, 1)?;
    Ok(string(clean(&to_string(&args[0])?)))
}

/// `path.Join ELEMENT...`: lists are flattened; the result is cleaned.
pub fn join_fn(args: &[Value]) -> Res<Value> {
    let mut parts = Vec::new();
    for a in args {
        match a {
            Value::List(l) => {
                for v in l.iter() {
                    parts.push(to_string(v)?);
                }
            }
            v => parts.push(to_string(v)?),
        }
    }
    let joined: Vec<&str> = parts
        .iter()
        .map(String::as_str)
        .filter(|p| !p.is_empty())
        .collect();
    if joined.is_empty() {
        return Ok(string(""));
    }
    Ok(string(clean(&joined.join("/"))))
}

/// What `path.Split` returns: Hugo's `paths.DirFile`, with `.Dir` and `.File`.
#[derive(Debug)]
pub struct DirFile {
    pub dir: String,
    pub file: String,
}

impl Object for DirFile {
    fn type_name(&self) -> &str {
        "paths.DirFile"
    }
    fn get(&self, name: &str, _: &[Value]) -> Option<Res<Value>> {
        match name {
            "Dir" => Some(Ok(string(self.dir.as_str()))),
            "File" => Some(Ok(string(self.file.as_str()))),
            _ => None,
        }
    }
    fn print(&self) -> String {
        format!("{}|{}", self.dir, self.file)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `path.Split`: the path up to and including its last slash, and the rest.
pub fn split_fn(args: &[Value]) -> Res<Value> {
    let p = one("path.Split", args)?;
    let i = p.rfind('/').map(|i| i + 1).unwrap_or(0);
    Ok(Value::Object(Arc::new(DirFile {
        dir: p[..i].to_string(),
        file: p[i..].to_string(),
    })))
}

/// A map's key as a string, for functions that need one.
pub fn key_string(k: &MapKey) -> Res<String> {
    match k {
        MapKey::String(s) => Ok(s.to_string()),
        _ => err("map key is not a string"),
    }
}
