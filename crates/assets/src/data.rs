//! Data files and `transform.Unmarshal`: YAML, TOML, JSON, CSV and XML read into one ordered
//! value type, [`serde_json::Value`] with `preserve_order`: YAML, JSON and XML keep the order
//! the file wrote their keys in, TOML's come sorted (templates that `range` a map see Hugo's
//! sorted order anyway).
//!
//! Errors name the file and the 1-based line and column of the mistake.

use serde_json::{Map, Number, Value};

use crate::error::{Error, Result};

/// A data format Hugo reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
    Csv,
    Xml,
}

impl Format {
    /// The format of a data file by its suffix (`yaml`, `yml`, `toml`, `json`, `csv`, `xml`).
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.trim_start_matches('.').to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "xml" => Some(Format::Xml),
            _ => None,
        }
    }

    /// Guesses the format of a string as `transform.Unmarshal` does when it is given text
    /// rather than a resource: JSON if it opens with `{` or `[`, XML with `<`, else whichever
    /// of `=` (TOML), `:` (YAML) or the CSV delimiter comes first.
    pub fn detect(text: &str, csv_delimiter: u8) -> Option<Format> {
        let trimmed = text.trim_start();
        match trimmed.as_bytes().first() {
            Some(b'{') | Some(b'[') => return Some(Format::Json),
            Some(b'<') => return Some(Format::Xml),
            _ => {}
        }
        let first = trimmed
            .bytes()
            .find(|&b| b == b'=' || b == b':' || b == csv_delimiter)?;
        Some(match first {
            b'=' => Format::Toml,
            b':' => Format::Yaml,
            _ => Format::Csv,
        })
    }
}

/// `transform.Unmarshal`'s CSV options (`delimiter`, `comment`).
#[derive(Clone, Debug)]
pub struct CsvOptions {
    /// The field separator; `,` by default.
    pub delimiter: u8,
    /// Lines that start with this byte are skipped; none by default.
    pub comment: Option<u8>,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: b',',
            comment: None,
        }
    }
}

/// Reads `text` in `format`; `file` names it in errors.
pub fn unmarshal(format: Format, text: &str, file: &str, csv: &CsvOptions) -> Result<Value> {
    match format {
        Format::Json => parse_json(text, file),
        Format::Toml => parse_toml(text, file),
        Format::Yaml => parse_yaml(text, file),
        Format::Csv => parse_csv(text, file, csv),
        Format::Xml => parse_xml(text, file),
    }
}

fn data_error(file: &str, line: usize, column: usize, message: impl ToString) -> Error {
    Error::Data {
        file: file.to_string(),
        line,
        column,
        message: message.to_string(),
    }
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |nl| {
        before[nl + 1..].chars().count()
    }) + 1;
    (line, column)
}

fn parse_json(text: &str, file: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| data_error(file, e.line(), e.column(), e))
}

fn parse_toml(text: &str, file: &str) -> Result<Value> {
    // toml sorts a table's keys (its order-keeping feature would change the order for every
    // user of toml in the build); Hugo's maps have no order either, and templates range
    // them sorted, so nothing a template sees depends on it.
    let value: Value = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
        data_error(file, line, column, e.message())
    })?;
    Ok(unwrap_toml_dates(value))
}

/// toml hands dates to a foreign `Value` as a one-key map; Hugo's templates see the RFC
/// 3339 text.
fn unwrap_toml_dates(v: Value) -> Value {
    const DATE_KEY: &str = "$__toml_private_datetime";
    match v {
        Value::Object(m) if m.len() == 1 && m.contains_key(DATE_KEY) => {
            m.into_iter().next().map_or(Value::Null, |(_, d)| d)
        }
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (k, unwrap_toml_dates(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(unwrap_toml_dates).collect()),
        other => other,
    }
}

fn parse_yaml(text: &str, file: &str) -> Result<Value> {
    use yaml_rust2::YamlLoader;
    let docs = YamlLoader::load_from_str(text).map_err(|e| {
        let m = e.marker();
        data_error(file, m.line(), m.col() + 1, e.info())
    })?;
    Ok(docs.into_iter().next().map_or(Value::Null, yaml_to_json))
}

fn yaml_to_json(y: yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match y {
        Yaml::Real(s) => s
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or(Value::String(s), Value::Number),
        Yaml::Integer(i) => Value::from(i),
        Yaml::String(s) => Value::String(s),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(a) => Value::Array(a.into_iter().map(yaml_to_json).collect()),
        // Hugo turns every map key into a string (`1: x` is key "1").
        Yaml::Hash(h) => Value::Object(
            h.into_iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        Yaml::Null | Yaml::BadValue | Yaml::Alias(_) => Value::Null,
    }
}

fn yaml_key(k: yaml_rust2::Yaml) -> String {
    use yaml_rust2::Yaml;
    match k {
        Yaml::String(s) | Yaml::Real(s) => s,
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Null => "null".to_string(),
        other => format!("{other:?}"),
    }
}

/// CSV as Hugo returns it: a list of records, each a list of strings. Every record must have
/// as many fields as the first, as Go's `encoding/csv` requires.
fn parse_csv(text: &str, file: &str, opts: &CsvOptions) -> Result<Value> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(opts.delimiter)
        .comment(opts.comment)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            data_error(file, line, 1, e)
        })?;
        rows.push(Value::Array(
            record
                .iter()
                .map(|f| Value::String(f.to_string()))
                .collect(),
        ));
    }
    Ok(Value::Array(rows))
}

/// XML as Hugo's `transform.Unmarshal` reads it: the root element's content as a map, its
/// attributes under `-name`, its text under `#text` when it also has attributes or children,
/// a child that repeats as a list, a child with text only as that string, all values strings.
fn parse_xml(text: &str, file: &str) -> Result<Value> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, opts).map_err(|e| {
        let pos = e.pos();
        data_error(file, pos.row as usize, pos.col as usize, e)
    })?;
    match xml_element(doc.root_element()) {
        Value::Object(m) => Ok(Value::Object(m)),
        Value::String(s) if s.is_empty() => Ok(Value::Object(Map::new())),
        other => Ok(Value::Object(Map::from_iter([(
            "#text".to_string(),
            other,
        )]))),
    }
}

fn xml_element(node: roxmltree::Node) -> Value {
    let mut map = Map::new();
    for attr in node.attributes() {
        map.insert(
            format!("-{}", attr.name()),
            Value::String(attr.value().to_string()),
        );
    }
    let mut text = String::new();
    for child in node.children() {
        if child.is_element() {
            let value = xml_element(child);
            let name = child.tag_name().name().to_string();
            match map.get_mut(&name) {
                Some(Value::Array(list)) => list.push(value),
                Some(existing) => {
                    let first = existing.take();
                    *existing = Value::Array(vec![first, value]);
                }
                None => {
                    map.insert(name, value);
                }
            }
        } else if child.is_text() {
            text.push_str(child.text().unwrap_or(""));
        }
    }
    let text = text.trim();
    if map.is_empty() {
        return Value::String(text.to_string());
    }
    if !text.is_empty() {
        map.insert("#text".to_string(), Value::String(text.to_string()));
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(format: Format, text: &str) -> Result<Value> {
        unmarshal(format, text, "d", &CsvOptions::default())
    }

    #[test]
    fn formats_keep_key_order() {
        let v = read(Format::Yaml, "b: 1\na: [x, 2.5]\n3: null\n").unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"b":1,"a":["x",2.5],"3":null}"#
        );
        let v = read(
            Format::Toml,
            "z = 1\nd = 2021-01-02T03:04:05Z\n[a]\nb = \"c\"\n",
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"a":{"b":"c"},"d":"2021-01-02T03:04:05Z","z":1}"#
        );
    }

    #[test]
    fn errors_carry_line_and_column() {
        let cases = [
            (Format::Json, "{\n  \"a\": 1,\n  oops\n}", 3),
            (Format::Toml, "a = 1\nb = = 2\n", 2),
            (Format::Yaml, "a: 1\nb: [1, 2\n", 3),
            (Format::Xml, "<a>\n<b></c>\n</a>", 2),
            (Format::Csv, "a,b\nc,d,e\n", 2),
        ];
        for (format, text, want_line) in cases {
            match read(format, text) {
                Err(Error::Data { line, column, .. }) => {
                    assert_eq!(line, want_line, "{format:?}");
                    assert!(column >= 1, "{format:?}");
                }
                other => panic!("{format:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn csv_options_and_shape() {
        let opts = CsvOptions {
            delimiter: b';',
            comment: Some(b'#'),
        };
        let v = unmarshal(Format::Csv, "# skip\na;\"b;c\"\n1;2\n", "d", &opts).unwrap();
        assert_eq!(v, json!([["a", "b;c"], ["1", "2"]]));
    }

    #[test]
    fn xml_follows_hugo_map_shape() {
        let v = read(
            Format::Xml,
            r#"<rss v="2"><item id="1">a</item><item>b</item><t>x</t><e/></rss>"#,
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"-v": "2", "item": [{"-id": "1", "#text": "a"}, "b"], "t": "x", "e": ""})
        );
    }

    #[test]
    fn detection_picks_the_first_marker() {
        assert_eq!(Format::detect(" {\"a\":1}", b','), Some(Format::Json));
        assert_eq!(Format::detect("<a/>", b','), Some(Format::Xml));
        assert_eq!(Format::detect("a = \"b:c\"", b','), Some(Format::Toml));
        assert_eq!(Format::detect("a: b = c", b','), Some(Format::Yaml));
        assert_eq!(Format::detect("a,b\n1,2", b','), Some(Format::Csv));
    }
}
