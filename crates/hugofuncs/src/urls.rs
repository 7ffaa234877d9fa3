//! `urls`: `absURL`, `relURL`, `absLangURL`, `relLangURL` with Hugo's rules for a base URL
//! with a path; `urlize` as Hugo makes paths; `anchorize` as Goldmark's `github` heading ids;
//! `urls.Parse` (a Go `*url.URL`) and `urls.JoinPath`. `ref`/`relref` need the site.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::Arc;

use gotemplate::{MapKey, Object, Value};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use crate::cast::{arity, list, map, string, to_string, Res};
use crate::env::Env;
use crate::path::clean;

/// A URL split as Go's `net/url` splits it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Url {
    pub scheme: String,
    pub opaque: String,
    pub user: Option<String>,
    pub host: String,
    pub path: String,
    pub raw_query: String,
    pub fragment: String,
}

fn unescape(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// What Go's `url.PathEscape`-style path escaping leaves alone, plus `/`.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'%')
    .add(b'^')
    .add(b'|')
    .add(b'\\')
    .add(b'[')
    .add(b']');

const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'%')
    .add(b'^')
    .add(b'|')
    .add(b'\\');

const QUERY: &AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

impl Url {
    /// Go's `url.Parse`, for the URLs templates handle.
    pub fn parse(s: &str) -> Url {
        let mut u = Url::default();
        let mut rest = s;
        if let Some(i) = rest.find('#') {
            u.fragment = unescape(&rest[i + 1..]);
            rest = &rest[..i];
        }
        if let Some(i) = rest.find('?') {
            u.raw_query = rest[i + 1..].to_string();
            rest = &rest[..i];
        }
        if let Some(i) = rest.find(':') {
            let scheme = &rest[..i];
            if !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            {
                u.scheme = scheme.to_ascii_lowercase();
                rest = &rest[i + 1..];
                if !rest.starts_with('/') && !rest.is_empty() {
                    u.opaque = rest.to_string();
                    return u;
                }
            }
        }
        if let Some(auth) = rest.strip_prefix("//") {
            let end = auth.find('/').unwrap_or(auth.len());
            let mut authority = &auth[..end];
            if let Some(at) = authority.rfind('@') {
                u.user = Some(unescape(&authority[..at]));
                authority = &authority[at + 1..];
            }
            u.host = authority.to_string();
            rest = &auth[end..];
        }
        u.path = unescape(rest);
        u
    }

    pub fn escaped_path(&self) -> String {
        utf8_percent_encode(&self.path, PATH).to_string()
    }

    /// Go's `URL.String()`.
    pub fn go_string(&self) -> String {
        let mut out = String::new();
        if !self.scheme.is_empty() {
            out.push_str(&self.scheme);
            out.push(':');
        }
        if !self.opaque.is_empty() {
            out.push_str(&self.opaque);
        } else {
            if !self.scheme.is_empty() || !self.host.is_empty() || self.user.is_some() {
                if !self.host.is_empty() || !self.path.is_empty() || self.user.is_some() {
                    out.push_str("//");
                }
                if let Some(user) = &self.user {
                    out.push_str(user);
                    out.push('@');
                }
                out.push_str(&self.host);
            }
            let p = self.escaped_path();
            if !p.is_empty() && !p.starts_with('/') && !self.host.is_empty() {
                out.push('/');
            }
            out.push_str(&p);
        }
        if !self.raw_query.is_empty() {
            out.push('?');
            out.push_str(&self.raw_query);
        }
        if !self.fragment.is_empty() {
            out.push('#');
            out.push_str(&utf8_percent_encode(&self.fragment, FRAGMENT).to_string());
        }
        out
    }

    pub fn is_abs(&self) -> bool {
        !self.scheme.is_empty()
    }

    fn hostname_port(&self) -> (&str, &str) {
        let h = &self.host;
        if h.starts_with('[') {
            if let Some(end) = h.find(']') {
                let port = h[end + 1..].strip_prefix(':').unwrap_or("");
                return (&h[1..end], port);
            }
        }
        match h.rfind(':') {
            Some(i) => (&h[..i], &h[i + 1..]),
            None => (h, ""),
        }
    }

    /// Go's `url.ParseQuery`: keys to their values, in order.
    pub fn query(&self) -> BTreeMap<String, Vec<String>> {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for pair in self.raw_query.split(['&']) {
            if pair.is_empty() {
                continue;
            }
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let dec = |s: &str| unescape(&s.replace('+', " "));
            m.entry(dec(k)).or_default().push(dec(v));
        }
        m
    }
}

impl Object for Url {
    fn type_name(&self) -> &str {
        "*url.URL"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<Res<Value>> {
        let s = |v: &str| Some(Ok(string(v)));
        match name {
            "Scheme" => s(&self.scheme),
            "Opaque" => s(&self.opaque),
            "Host" => s(&self.host),
            "Path" => s(&self.path),
            "RawPath" => s(""),
            "RawQuery" => s(&self.raw_query),
            "Fragment" => s(&self.fragment),
            "User" => Some(Ok(match &self.user {
                Some(u) => Value::Object(Arc::new(UserInfo(u.clone()))),
                None => Value::Nil,
            })),
            "Hostname" => s(self.hostname_port().0),
            "Port" => s(self.hostname_port().1),
            "EscapedPath" => s(&self.escaped_path()),
            "String" => s(&self.go_string()),
            "IsAbs" => Some(Ok(Value::Bool(self.is_abs()))),
            "RequestURI" => {
                let mut r = if self.opaque.is_empty() {
                    self.escaped_path()
                } else {
                    self.opaque.clone()
                };
                if r.is_empty() {
                    r = "/".into();
                }
                if !self.raw_query.is_empty() {
                    r = format!("{r}?{}", self.raw_query);
                }
                s(&r)
            }
            "Query" => {
                let m = self
                    .query()
                    .into_iter()
                    .map(|(k, v)| {
                        (
                            MapKey::String(k.into()),
                            list(v.into_iter().map(string).collect()),
                        )
                    })
                    .collect();
                Some(Ok(map(m)))
            }
            _ => None,
        }
    }

    fn print(&self) -> String {
        self.go_string()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Go's `*url.Userinfo`: `.Username`, `.Password`, prints as `user:password`.
#[derive(Debug)]
pub struct UserInfo(String);

impl Object for UserInfo {
    fn type_name(&self) -> &str {
        "*url.Userinfo"
    }
    fn get(&self, name: &str, _: &[Value]) -> Option<Res<Value>> {
        let (user, pw) = self.0.split_once(':').unwrap_or((&self.0, ""));
        match name {
            "Username" => Some(Ok(string(user))),
            "Password" => Some(Ok(string(pw))),
            "String" => Some(Ok(string(self.0.as_str()))),
            _ => None,
        }
    }
    fn print(&self) -> String {
        self.0.clone()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The scheme and host of a base URL (`https://example.org/`) and its full form with a
/// trailing slash kept as configured.
fn base_root(base: &str) -> String {
    let u = Url::parse(base);
    if u.scheme.is_empty() && u.host.is_empty() {
        return "/".into();
    }
    format!("{}://{}/", u.scheme, u.host)
}

/// Go's `path.Join` of two parts, keeping a leading slash.
fn join(a: &str, b: &str) -> String {
    let j = format!("{a}/{b}");
    if a.is_empty() && b.is_empty() {
        return String::new();
    }
    clean(&j)
}

/// Hugo's language prefix rule: add `prefix/` unless the path already starts with it.
fn add_language(input: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return input.to_string();
    }
    let in2 = input.strip_prefix('/').unwrap_or(input);
    if in2 == prefix || in2.starts_with(&format!("{prefix}/")) {
        return input.to_string();
    }
    let add_slash = input.is_empty() || input.ends_with('/');
    let mut out = join(prefix, input);
    if add_slash {
        out.push('/');
    }
    out
}

/// Hugo's `MakePermalink`: the base's path joined with the link's, the link's query and
/// fragment, a trailing slash kept.
fn make_permalink(host: &str, link: &str) -> String {
    let mut base = Url::parse(host);
    let p = Url::parse(link);
    let had_slash = (link.is_empty() && host.ends_with('/')) || p.path.ends_with('/');
    base.path = join(&base.path, &p.path);
    if base.path == "." {
        base.path = String::new();
    }
    if had_slash && !base.path.ends_with('/') {
        base.path.push('/');
    }
    base.raw_query = p.raw_query;
    base.fragment = p.fragment;
    base.go_string()
}

pub fn abs_url_str(env: &Env, input: &str, add_lang: bool) -> String {
    let u = Url::parse(input);
    if u.is_abs() || input.starts_with("//") {
        return input.to_string();
    }
    let base = if input.starts_with('/') {
        base_root(&env.base_url)
    } else {
        env.base_url.clone()
    };
    let input = if add_lang {
        add_language(input, &env.language_prefix)
    } else {
        input.to_string()
    };
    make_permalink(&base, &input)
}

pub fn rel_url_str(env: &Env, input: &str, add_lang: bool) -> String {
    let base = if input.starts_with('/') {
        base_root(&env.base_url)
    } else {
        env.base_url.clone()
    };
    if (!input.starts_with(&base) && input.starts_with("http")) || input.starts_with("//") {
        return input.to_string();
    }
    let mut u = input
        .strip_prefix(base.as_str())
        .unwrap_or(input)
        .to_string();
    if add_lang {
        u = add_language(&u, &env.language_prefix);
    }
    // The base URL's path is the site's context root.
    let root = Url::parse(&base).path;
    let mut joined = join(&root, &u);
    if joined != "/" && u.ends_with('/') {
        joined.push('/');
    }
    if joined == "." {
        joined.clear();
    }
    let mut out = joined;
    if input.is_empty() && !out.ends_with('/') && base.ends_with('/') {
        out.push('/');
    }
    if !out.starts_with('/') {
        out.insert(0, '/');
    }
    out
}

fn one_string(name: &str, args: &[Value]) -> Res<String> {
    arity(name, args, 1, 1)?;
    to_string(&args[0])
}

pub fn abs_url(env: &Env, args: &[Value]) -> Res<Value> {
    Ok(string(abs_url_str(
        env,
        &one_string("absURL", args)?,
        false,
    )))
}

pub fn rel_url(env: &Env, args: &[Value]) -> Res<Value> {
    Ok(string(rel_url_str(
        env,
        &one_string("relURL", args)?,
        false,
    )))
}

pub fn abs_lang_url(env: &Env, args: &[Value]) -> Res<Value> {
    Ok(string(abs_url_str(
        env,
        &one_string("absLangURL", args)?,
        true,
    )))
}

pub fn rel_lang_url(env: &Env, args: &[Value]) -> Res<Value> {
    Ok(string(rel_url_str(
        env,
        &one_string("relLangURL", args)?,
        true,
    )))
}

/// Hugo's `UnicodeSanitize`: letters, digits, marks and `./\_#+~-@` (and `%XX` escapes) are
/// kept, a run of white space becomes one hyphen, everything else goes.
pub fn unicode_sanitize(s: &str) -> String {
    let src: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let (mut prepend_hyphen, mut was_hyphen) = (false, false);
    for (i, &r) in src.iter().enumerate() {
        let allowed = matches!(r, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
            || r.is_alphanumeric()
            || is_mark(r)
            || (r == '%'
                && i + 2 < src.len()
                && src[i + 1].is_ascii_hexdigit()
                && src[i + 2].is_ascii_hexdigit());
        if allowed {
            was_hyphen = r == '-';
            if prepend_hyphen {
                if !was_hyphen {
                    out.push('-');
                }
                prepend_hyphen = false;
            }
            out.push(r);
        } else if !out.is_empty() && !was_hyphen && r.is_whitespace() {
            prepend_hyphen = true;
        }
    }
    out
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// `urlize`: a string made into a URL path as Hugo makes page paths: sanitized, lower case,
/// escaped.
pub fn urlize_str(s: &str) -> String {
    let p = unicode_sanitize(s).to_lowercase();
    Url::parse(&p).go_string()
}

pub fn urlize(args: &[Value]) -> Res<Value> {
    Ok(string(urlize_str(&one_string("urlize", args)?)))
}

/// Goldmark's `github` heading id of the trimmed text: letters, digits and `_` lower-cased, spaces and hyphens as
/// hyphens, everything else dropped.
pub fn anchorize_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for r in s.trim().chars() {
        if r == '-' || r == ' ' {
            out.push('-');
        } else if r == '_' || r.is_alphanumeric() {
            out.extend(r.to_lowercase());
        }
    }
    out
}

pub fn anchorize(args: &[Value]) -> Res<Value> {
    Ok(string(anchorize_str(&one_string("anchorize", args)?)))
}

/// `urls.Parse`: a Go `*url.URL` with `.Scheme .Host .Hostname .Port .Path .RawQuery .Query
/// .Fragment .User .IsAbs .String .EscapedPath .RequestURI`.
pub fn parse(args: &[Value]) -> Res<Value> {
    let s = one_string("urls.Parse", args)?;
    Ok(Value::Object(Arc::new(Url::parse(&s))))
}

/// `urls.JoinPath ELEMENT...`: elements (lists flattened) joined to the first, which may be a
/// full URL, and the path cleaned.
pub fn join_path(args: &[Value]) -> Res<Value> {
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
    if parts.is_empty() {
        return Ok(string(""));
    }
    let mut u = Url::parse(&parts[0]);
    let mut elems = vec![u.path.clone()];
    elems.extend(parts[1..].iter().cloned());
    let trailing = elems.last().is_some_and(|e| e.ends_with('/'));
    let mut p = clean(&elems.join("/"));
    if trailing && !p.ends_with('/') {
        p.push('/');
    }
    if !u.host.is_empty() && !p.starts_with('/') {
        p.insert(0, '/');
    }
    u.path = p;
    Ok(string(u.go_string()))
}

/// Query-string escaping, as Go's `url.QueryEscape` (for `querify`).
pub fn query_escape(s: &str) -> String {
    utf8_percent_encode(s, QUERY)
        .to_string()
        .replace("%20", "+")
}
