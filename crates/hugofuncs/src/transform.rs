//! `transform`, the functions that need no site: `htmlEscape`, `htmlUnescape`, `plainify`,
//! `emojify`, `transform.XMLEscape` and `transform.Unmarshal` of a string (JSON, YAML, TOML,
//! CSV). `markdownify`, `highlight`, `transform.ToMath` and `Unmarshal` of a resource belong to
//! the host.

use std::collections::BTreeMap;

use gotemplate::{CallError, MapKey, SafeKind, Value};

use crate::cast::{arity, err, list, map, string, to_string, Res};
use crate::strings::strip_html;

/// Go's `html.EscapeString`: `< > & ' "`.
pub fn html_escape_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            '"' => out.push_str("&#34;"),
            c => out.push(c),
        }
    }
    out
}

pub fn html_escape(args: &[Value]) -> Res<Value> {
    arity("htmlEscape", args, 1, 1)?;
    Ok(string(html_escape_str(&to_string(&args[0])?)))
}

/// The named character references templates meet; Go knows all of HTML5's, these are the
/// ones in use (an unknown one is left as it is, as Go does).
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("hellip", "…"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("middot", "·"),
    ("bull", "•"),
    ("deg", "°"),
    ("times", "×"),
    ("divide", "÷"),
    ("euro", "€"),
    ("pound", "£"),
    ("yen", "¥"),
    ("cent", "¢"),
    ("sect", "§"),
    ("para", "¶"),
    ("shy", "\u{ad}"),
    ("larr", "←"),
    ("rarr", "→"),
    ("uarr", "↑"),
    ("darr", "↓"),
    ("harr", "↔"),
    ("plusmn", "±"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("iexcl", "¡"),
    ("iquest", "¿"),
    ("szlig", "ß"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("aacute", "á"),
    ("agrave", "à"),
    ("uuml", "ü"),
    ("ouml", "ö"),
    ("auml", "ä"),
    ("Uuml", "Ü"),
    ("Ouml", "Ö"),
    ("Auml", "Ä"),
    ("ccedil", "ç"),
    ("ntilde", "ñ"),
    ("zwj", "\u{200d}"),
    ("zwnj", "\u{200c}"),
    ("ensp", "\u{2002}"),
    ("emsp", "\u{2003}"),
    ("thinsp", "\u{2009}"),
];

/// Go's `html.UnescapeString`: named and numeric character references.
pub fn html_unescape_str(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let after = &rest[1..];
        if let Some(num) = after.strip_prefix('#') {
            let (hex, digits) = match num.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, num),
            };
            let n = digits
                .bytes()
                .take_while(|b| {
                    if hex {
                        b.is_ascii_hexdigit()
                    } else {
                        b.is_ascii_digit()
                    }
                })
                .count();
            if n > 0 {
                let code =
                    u32::from_str_radix(&digits[..n], if hex { 16 } else { 10 }).unwrap_or(0xFFFD);
                out.push(
                    char::from_u32(code)
                        .filter(|&c| c != '\0')
                        .unwrap_or('\u{FFFD}'),
                );
                let consumed = 2 + hex as usize + n;
                rest = &rest[consumed..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        } else if let Some((name, value)) = ENTITIES.iter().find(|(n, _)| after.starts_with(n)) {
            out.push_str(value);
            rest = &rest[1 + name.len()..];
            rest = rest.strip_prefix(';').unwrap_or(rest);
            continue;
        }
        out.push('&');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

pub fn html_unescape(args: &[Value]) -> Res<Value> {
    arity("htmlUnescape", args, 1, 1)?;
    Ok(string(html_unescape_str(&to_string(&args[0])?)))
}

/// `plainify`: the text without its HTML tags, as `template.HTML`.
pub fn plainify(args: &[Value]) -> Res<Value> {
    arity("plainify", args, 1, 1)?;
    Ok(Value::Safe(
        SafeKind::Html,
        strip_html(&to_string(&args[0])?).into(),
    ))
}

/// `emojify`: `:shortcode:`s replaced by their emoji; unknown ones stay as they are.
pub fn emojify(args: &[Value]) -> Res<Value> {
    arity("emojify", args, 1, 1)?;
    let s = to_string(&args[0])?;
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end =
            after.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')));
        if let Some(e) = end {
            if after[e..].starts_with(':') && e > 0 {
                if let Some(emoji) = emojis::get_by_shortcode(&after[..e]) {
                    out.push_str(emoji.as_str());
                    rest = &after[e + 1..];
                    continue;
                }
            }
        }
        out.push(':');
        rest = after;
    }
    out.push_str(rest);
    Ok(Value::Safe(SafeKind::Html, out.into()))
}

/// `transform.XMLEscape`: Go's `xml.EscapeText`, which also escapes tab, newline and carriage
/// return.
pub fn xml_escape(args: &[Value]) -> Res<Value> {
    arity("transform.XMLEscape", args, 1, 1)?;
    let s = to_string(&args[0])?;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            '"' => out.push_str("&#34;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
    Ok(string(out))
}

/// The format Hugo guesses for a string: whichever marker comes first, `,` for CSV (so
/// `[1, 2]` is CSV), `{` for JSON, `=` for TOML, `:` for YAML.
fn guess_format(data: &str) -> Option<&'static str> {
    let idx = |m: char| data.find(m);
    [
        (idx(','), "csv"),
        (idx('{'), "json"),
        (idx('='), "toml"),
        (idx(':'), "yaml"),
    ]
    .into_iter()
    .filter_map(|(i, f)| i.map(|i| (i, f)))
    .min_by_key(|(i, _)| *i)
    .map(|(_, f)| f)
}

/// `transform.Unmarshal [OPTIONS] STRING`: data from JSON, YAML, TOML or CSV text (OPTIONS:
/// `delimiter`, `comment` for CSV). JSON numbers are floats, YAML and TOML integers
/// integers, as Go's decoders give them. XML is left to the host.
pub fn unmarshal(args: &[Value]) -> Res<Value> {
    arity("transform.Unmarshal", args, 1, 2)?;
    let (opts, data) = match args {
        [o, d] => (Some(o), d),
        [d] => (None, d),
        _ => unreachable!(),
    };
    let text = to_string(data)?;
    if text.trim().is_empty() {
        return Ok(Value::NoValue);
    }
    let opt = |k: &str| -> Option<String> {
        match opts {
            Some(Value::Map(m)) => {
                crate::cast::map_get(m, &Value::str(k)).and_then(|v| to_string(v).ok())
            }
            _ => None,
        }
    };
    let format = match opt("format") {
        Some(f) => f.to_ascii_lowercase(),
        None => match (opt("delimiter"), guess_format(&text)) {
            (Some(_), _) => "csv".into(),
            (None, Some(f)) => f.to_string(),
            (None, None) => return err("failed to detect format from content"),
        },
    };
    match format.as_str() {
        "json" => serde_json::from_str::<serde_json::Value>(&text)
            .map(|v| from_json(&v))
            .map_err(|e| CallError::Message(format!("failed to unmarshal JSON: {e}"))),
        "toml" => text
            .parse::<toml::Table>()
            .map(|t| from_toml(&toml::Value::Table(t)))
            .map_err(|e| CallError::Message(format!("failed to unmarshal TOML: {e}"))),
        "yaml" | "yml" => {
            let docs = yaml_rust2::YamlLoader::load_from_str(&text)
                .map_err(|e| CallError::Message(format!("failed to unmarshal YAML: {e}")))?;
            Ok(docs.first().map(from_yaml).unwrap_or(Value::Nil))
        }
        "csv" => {
            let delim = opt("delimiter")
                .and_then(|d| d.bytes().next())
                .unwrap_or(b',');
            let comment = opt("comment").and_then(|d| d.bytes().next());
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .delimiter(delim)
                .comment(comment)
                .flexible(false)
                .from_reader(text.as_bytes());
            let mut rows = Vec::new();
            for rec in r.records() {
                let rec =
                    rec.map_err(|e| CallError::Message(format!("failed to unmarshal CSV: {e}")))?;
                rows.push(list(rec.iter().map(string).collect()));
            }
            Ok(list(rows))
        }
        other => err(format!("format {other:?} not supported")),
    }
}

pub fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => string(s.as_str()),
        serde_json::Value::Array(a) => list(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => map(o
            .iter()
            .map(|(k, v)| (MapKey::String(k.as_str().into()), from_json(v)))
            .collect()),
    }
}

fn from_toml(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => string(s.as_str()),
        toml::Value::Integer(i) => Value::Int(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => {
            let s = d.to_string();
            match crate::time::parse_time(&s, &crate::time::Location::Utc) {
                Ok(t) => t.value(),
                Err(_) => string(s),
            }
        }
        toml::Value::Array(a) => list(a.iter().map(from_toml).collect()),
        toml::Value::Table(t) => map(t
            .iter()
            .map(|(k, v)| (MapKey::String(k.as_str().into()), from_toml(v)))
            .collect()),
    }
}

fn from_yaml(v: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match v {
        Yaml::Real(r) => r
            .parse::<f64>()
            .map(Value::Float)
            .unwrap_or_else(|_| string(r.as_str())),
        Yaml::Integer(i) => Value::Int(*i),
        Yaml::String(s) => string(s.as_str()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(a) => list(a.iter().map(from_yaml).collect()),
        Yaml::Hash(h) => {
            let mut m = BTreeMap::new();
            for (k, v) in h {
                let key = match k {
                    Yaml::String(s) => MapKey::String(s.as_str().into()),
                    Yaml::Integer(i) => MapKey::String(i.to_string().into()),
                    Yaml::Boolean(b) => MapKey::String(b.to_string().into()),
                    Yaml::Real(r) => MapKey::String(r.as_str().into()),
                    _ => continue,
                };
                m.insert(key, from_yaml(v));
            }
            map(m)
        }
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Nil,
    }
}
