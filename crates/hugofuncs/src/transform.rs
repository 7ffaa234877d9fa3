//! `transform`, the functions that need no site: `htmlEscape`, `htmlUnescape`, `plainify`,
//! `emojify`, `transform.XMLEscape` and `transform.Unmarshal` of a string (JSON, YAML, TOML,
//! XML, CSV). `markdownify`, `highlight`, `transform.ToMath` and `Unmarshal` of a resource
//! belong to the host.

use std::collections::BTreeMap;
use std::sync::Arc;

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
/// `[1, 2]` is CSV), `{` for JSON, `<` for XML, `=` for TOML, `:` for YAML.
fn guess_format(data: &str) -> Option<&'static str> {
    let idx = |m: char| data.find(m);
    [
        (idx(','), "csv"),
        (idx('{'), "json"),
        (idx('<'), "xml"),
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
/// integers, as Go's decoders give them; XML as Hugo maps it (see [`from_xml`]).
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
        "xml" => from_xml(&text),
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

/// XML as Hugo reads it (with the `mxj` package): the root element's content as a map, in
/// which an attribute is `-name`, an element's text is `#text` beside its attributes or
/// children (or the element's whole value when it has neither), a repeated element is a list,
/// names lose their namespace prefix, `xmlns:p` declarations are attributes `-p`, and every
/// value is a string. A root that holds only text is an error, as in Hugo.
pub fn from_xml(text: &str) -> Res<Value> {
    const AT: &str = "\"_stream.xml:1:1\"";
    let doc = match roxmltree::Document::parse(text) {
        Ok(doc) => doc,
        // Hugo reads up to the end of the first root element and ignores what follows: if the
        // error is past it, the text before the error is the document.
        Err(e) => match roxmltree::Document::parse(&text[..byte_offset(text, e.pos())]) {
            Ok(doc) => doc,
            Err(_) => {
                return err(format!(
                "{AT}: unmarshal failed: xml.Decoder.Token() - XML syntax error on line {}: {e}",
                e.pos().row
            ))
            }
        },
    };
    let root = doc.root_element();
    match xml_element(root) {
        v @ Value::Map(_) => Ok(v),
        _ => err(format!(
            "{AT}: XML root element '{}' must be a map/object, got string",
            root.tag_name().name()
        )),
    }
}

fn xml_element(node: roxmltree::Node<'_, '_>) -> Value {
    let mut m: BTreeMap<MapKey, Value> = BTreeMap::new();
    let key = |k: String| MapKey::String(k.into());
    let inherited: Vec<_> = node
        .parent_element()
        .map(|p| p.namespaces().map(|ns| (ns.name(), ns.uri())).collect())
        .unwrap_or_default();
    for ns in node.namespaces() {
        let declared_here = !inherited.contains(&(ns.name(), ns.uri()));
        if declared_here && ns.name() != Some("xml") {
            let name = ns.name().unwrap_or("xmlns");
            m.insert(key(format!("-{name}")), string(ns.uri()));
        }
    }
    for a in node.attributes() {
        m.insert(key(format!("-{}", a.name())), string(a.value()));
    }
    // mxj keeps the last text seen while the element had no attributes or children (its
    // value, or its `#text` once children come) over the last text seen after.
    let (mut early, mut late) = (None, None);
    for child in node.children() {
        if child.is_element() {
            let value = xml_element(child);
            match m.entry(key(child.tag_name().name().to_string())) {
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(value);
                }
                std::collections::btree_map::Entry::Occupied(mut e) => match e.get_mut() {
                    Value::List(l) => Arc::make_mut(l).push(value),
                    first => *first = list(vec![first.clone(), value]),
                },
            }
        } else if let Some(t) = child
            .is_text()
            .then(|| child.text())
            .flatten()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            if m.is_empty() {
                early = Some(t);
            } else {
                late = Some(t);
            }
        }
    }
    if m.is_empty() {
        return string(early.unwrap_or(""));
    }
    if let Some(t) = early.or(late) {
        m.insert(key("#text".to_string()), string(t));
    }
    map(m)
}

/// The byte offset of a row and column (from 1, in characters) of `text`.
fn byte_offset(text: &str, pos: roxmltree::TextPos) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(pos.row.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let line = &text[line_start.min(text.len())..];
    let col = line
        .char_indices()
        .nth(pos.col.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    line_start.min(text.len()) + col
}
