//! Data formats with locations: TOML and YAML read into a JSON-like value with a line and
//! column on every error, and content files' front matter (`+++` TOML or `---` YAML) found
//! in them. Config files, front matter and translation tables are all read here; nothing in
//! this crate knows what a site is.
//!
//! YAML goes through yaml-rust2's event parser rather than serde: real Hugo blogs contain
//! duplicated keys, which Hugo accepts (the last one wins); we do the same and warn with the
//! line, where serde-based YAML crates refuse the whole file.

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::Yaml;

use std::fmt;

/// A place in a source file: 1-based line and column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(line: usize, column: usize) -> Self {
        Location { line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

impl Format {
    /// YAML for `.yaml`/`.yml` files, TOML otherwise.
    pub fn of_file(name: &str) -> Format {
        if name.ends_with(".yaml") || name.ends_with(".yml") {
            Format::Yaml
        } else {
            Format::Toml
        }
    }
}

/// A page split into its front matter and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Option<Format>,
    /// The front matter text, without its delimiters.
    pub front_matter: &'a str,
    /// 1-based line of the file where the front matter text starts.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Parsed data, with the problems that did not stop the parse.
#[derive(Debug, Clone, PartialEq)]
pub struct Data {
    pub value: Value,
    pub warnings: Vec<(Location, String)>,
}

/// A parse error, located relative to the start of the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub location: Location,
    pub message: String,
}

/// Splits a content file. A file with no front matter is all body; an opening delimiter with
/// no closing one is an error (pointing at the opening line), not silently body text.
pub fn split(text: &str) -> Result<Split<'_>, DataError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (format, delim) = if starts_with_delim(text, "+++") {
        (Format::Toml, "+++")
    } else if starts_with_delim(text, "---") {
        (Format::Yaml, "---")
    } else {
        return Ok(Split {
            format: None,
            front_matter: "",
            front_matter_line: 1,
            body: text,
            body_line: 1,
        });
    };
    let start = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let mut offset = start;
    for (line, raw) in (2..).zip(text[start..].split_inclusive('\n')) {
        if raw.trim_end() == delim {
            return Ok(Split {
                format: Some(format),
                front_matter: &text[start..offset],
                front_matter_line: 2,
                body: &text[offset + raw.len()..],
                body_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err(DataError {
        location: Location::new(1, 1),
        message: format!(
            "front matter opened with `{delim}` is never closed; add a line `{delim}` after it"
        ),
    })
}

fn starts_with_delim(text: &str, delim: &str) -> bool {
    text.strip_prefix(delim)
        .map(|rest| rest.starts_with('\n') || rest.starts_with("\r\n"))
        .unwrap_or(false)
}

/// Parses TOML or YAML text into a value (an object for any real front matter).
pub fn parse_data(text: &str, format: Format) -> Result<Data, DataError> {
    match format {
        Format::Toml => parse_toml(text),
        Format::Yaml => parse_yaml(text),
    }
}

fn parse_toml(text: &str) -> Result<Data, DataError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| DataError {
        location: e
            .span()
            .map(|s| location_of(text, s.start))
            .unwrap_or(Location::new(1, 1)),
        message: toml_message(e.message()),
    })?;
    Ok(Data {
        value: toml_to_json(toml::Value::Table(table)),
        warnings: Vec::new(),
    })
}

/// toml's message, with its nesting bound (80 levels of arrays, inline tables or dotted
/// keys) said as the limit it is.
fn toml_message(message: &str) -> String {
    if message.contains("recurs") {
        format!("nested deeper than {MAX_NESTING} levels, the limit for one document")
    } else {
        message.trim().to_string()
    }
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// The 1-based line and column of a byte offset.
pub fn location_of(text: &str, offset: usize) -> Location {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    Location::new(line, before[line_start..].chars().count() + 1)
}

/// Where the key at `keys` is set (case-insensitive; list items by their index), or the
/// nearest enclosing key that is found, for errors and warnings about its value. Only called
/// when there is something to report, so it parses the text again rather than keeping
/// positions for every value of every page.
pub fn locate(text: &str, format: Format, keys: &[&str]) -> Location {
    (1..=keys.len())
        .rev()
        .find_map(|n| locate_exact(text, format, &keys[..n]))
        .unwrap_or(Location::new(1, 1))
}

/// Where exactly the key at `keys` is set, if it is.
pub fn locate_exact(text: &str, format: Format, keys: &[&str]) -> Option<Location> {
    match format {
        Format::Toml => locate_toml(text, keys),
        // Lines stay where they are in the relaxed text, so the forms only Hugo's YAML
        // library accepts are located too.
        Format::Yaml => locate_yaml(&go_yaml_compatible(text).0, keys),
    }
}

fn locate_toml(text: &str, keys: &[&str]) -> Option<Location> {
    use toml::de::{DeTable, DeValue};
    let doc = DeTable::parse(text).ok()?;
    let mut value: Option<&DeValue> = None;
    let mut table = Some(doc.get_ref());
    let mut span = 0..0;
    for key in keys {
        match (table, value) {
            (Some(t), _) => {
                let (k, v) = t
                    .iter()
                    .find(|(k, _)| k.get_ref().eq_ignore_ascii_case(key))?;
                span = k.span();
                value = Some(v.get_ref());
            }
            (None, Some(DeValue::Array(items))) => {
                let item = items.get(key.parse::<usize>().ok()?)?;
                span = item.span();
                value = Some(item.get_ref());
            }
            _ => return None,
        }
        table = match value {
            Some(DeValue::Table(t)) => Some(t),
            _ => None,
        };
    }
    Some(location_of(text, span.start))
}

/// A YAML collection being walked by [`locate_yaml`]: the key or index of the value in it
/// that is being read.
enum Step {
    Map(Option<String>),
    Seq(usize),
}

fn locate_yaml(text: &str, keys: &[&str]) -> Option<Location> {
    let mut parser = Parser::new_from_str(text);
    let mut steps: Vec<Step> = Vec::new();
    let path_is = |steps: &[Step], last: &str| {
        let path = steps.iter().map(|s| match s {
            Step::Map(k) => k.clone().unwrap_or_default(),
            Step::Seq(i) => i.to_string(),
        });
        steps.len() + 1 == keys.len()
            && path
                .chain(std::iter::once(last.to_string()))
                .zip(keys)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    };
    let value_done = |steps: &mut Vec<Step>| match steps.last_mut() {
        Some(Step::Map(k)) => *k = None,
        Some(Step::Seq(i)) => *i += 1,
        None => {}
    };
    while let Ok((event, mark)) = parser.next_token() {
        let here = Location::new(mark.line(), mark.col() + 1);
        if let Some(Step::Seq(i)) = steps.last() {
            let starts_value = !matches!(event, Event::SequenceEnd);
            if starts_value && path_is(&steps[..steps.len() - 1], &i.to_string()) {
                return Some(here);
            }
        }
        match event {
            Event::Scalar(s, ..) => {
                if matches!(steps.last(), Some(Step::Map(None))) {
                    if path_is(&steps[..steps.len() - 1], &s) {
                        return Some(here);
                    }
                    *steps.last_mut().unwrap() = Step::Map(Some(s));
                } else {
                    value_done(&mut steps);
                }
            }
            Event::MappingStart(..) => steps.push(Step::Map(None)),
            Event::SequenceStart(..) => steps.push(Step::Seq(0)),
            Event::MappingEnd | Event::SequenceEnd => {
                steps.pop();
                value_done(&mut steps);
            }
            Event::Alias(_) => value_done(&mut steps),
            Event::StreamEnd => return None,
            _ => {}
        }
    }
    None
}

/// Bounds on what one YAML or TOML document may make us build. A real site never meets
/// them; the "billion laughs" document (aliases of aliases) always does, and is refused at
/// once instead of expanding into gigabytes. TOML's parser has the same nesting limit.
pub const MAX_NESTING: usize = 80;
/// Values copied by YAML aliases in one document.
pub const MAX_ALIAS_VALUES: usize = 10_000;
/// Aliases of values that themselves hold aliases, and so on.
pub const MAX_ALIAS_DEPTH: usize = 8;

fn parse_yaml(text: &str) -> Result<Data, DataError> {
    match build_yaml(text) {
        Ok(data) => Ok(data),
        Err(strict) if !strict.limit => {
            // Hugo's YAML library takes a few forms strict YAML refuses: read them as it does,
            // with a warning, so the file is fixed once rather than failing the build.
            let (relaxed, changed) = go_yaml_compatible(text);
            let Some(first) = changed.first() else {
                return Err(strict.error);
            };
            let mut data = build_yaml(&relaxed).map_err(|_| strict.error)?;
            data.warnings.push((
                Location::new(*first, 1),
                "YAML that only Hugo's YAML library accepts (a tab after `key:`, or a \
                 `[ ]` list whose lines are at column 0 or tab-indented); read as Hugo reads \
                 it. Use spaces to make it plain YAML"
                    .into(),
            ));
            Ok(data)
        }
        Err(limited) => Err(limited.error),
    }
}

/// A YAML failure, and whether it was one of our limits (which no rewrite may get round).
struct YamlFailure {
    error: DataError,
    limit: bool,
}

fn build_yaml(text: &str) -> Result<Data, YamlFailure> {
    let mut builder = YamlBuilder::default();
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser.next_token().map_err(|e| {
            // The scanner's own bound on `[`/`{` nesting (a u8): a limit like ours.
            let limit = e.info().contains("recursion limit");
            let message = match limit {
                true => "`[`/`{` nested more than 255 deep, the limit for one document".into(),
                false => e.info().to_string(),
            };
            YamlFailure {
                error: DataError {
                    location: Location::new(e.marker().line(), e.marker().col() + 1),
                    message,
                },
                limit,
            }
        })?;
        if event == Event::StreamEnd {
            break;
        }
        builder
            .on_event(event, mark)
            .map_err(|message| YamlFailure {
                error: DataError {
                    location: Location::new(mark.line(), mark.col() + 1),
                    message,
                },
                limit: true,
            })?;
    }
    let value = match builder.stack.pop() {
        Some(Node::Done(v)) if !v.is_null() => v,
        _ => Value::Object(Map::new()),
    };
    Ok(Data {
        value,
        warnings: builder.warnings,
    })
}

/// Rewrites, line for line, the forms go-yaml accepts and strict YAML does not: tabs after
/// `key:`, and inside a `[ ]` or `{ }` spanning lines, tab indentation and lines at column 0.
/// Returns the text and the (1-based) lines it changed.
fn go_yaml_compatible(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len() + 16);
    let mut changed = Vec::new();
    let mut depth = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let mut fixed = line.to_string();
        if depth > 0 {
            let body = fixed.trim_start_matches([' ', '\t']);
            let indent = fixed.len() - body.len();
            let spaces = match fixed[..indent].replace('\t', "  ") {
                none if none.is_empty() => " ".to_string(),
                spaces => spaces,
            };
            fixed = format!("{spaces}{body}");
        } else if let Some(colon) = key_colon_before_tab(&fixed) {
            let rest = &fixed[colon + 1..];
            let value = rest.trim_start_matches('\t');
            fixed = format!("{} {value}", &fixed[..=colon]);
        }
        depth = flow_depth_after(&fixed, depth);
        if fixed != line {
            changed.push(i + 1);
        }
        out.push_str(&fixed);
    }
    (out, changed)
}

/// The `:` of `key:<TAB>value` on a plain block-mapping line.
fn key_colon_before_tab(line: &str) -> Option<usize> {
    let colon = line.find(":\t")?;
    let key = line[..colon].trim_start_matches([' ', '-']);
    let plain = !key.is_empty() && !key.contains(['"', '\'', '#', '[', '{', ':']);
    plain.then_some(colon)
}

/// The `[`/`{` nesting after `line`, starting from `depth`; quotes and comments skipped.
fn flow_depth_after(line: &str, mut depth: usize) -> usize {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if depth > 0 || prev.is_whitespace() || prev == ':' => {
                quote = Some(c)
            }
            (None, '#') if prev.is_whitespace() => break,
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    depth
}

/// Builds a value from YAML events, keeping the last of duplicated keys, within the limits.
#[derive(Default)]
struct YamlBuilder {
    stack: Vec<Node>,
    /// Anchored values with what copying them costs.
    anchors: std::collections::HashMap<usize, (Value, Cost)>,
    /// Values copied by aliases so far.
    alias_values: usize,
    warnings: Vec<(Location, String)>,
}

/// What a value costs to copy: how many values it holds, and how deep its aliases go.
#[derive(Debug, Clone, Copy, Default)]
struct Cost {
    values: usize,
    alias_depth: usize,
}

impl Cost {
    fn add(&mut self, other: Cost) {
        self.values += other.values;
        self.alias_depth = self.alias_depth.max(other.alias_depth);
    }
}

enum Node {
    Seq(usize, Vec<Value>, Cost),
    /// A mapping under construction: anchor, entries, the pending key and where it was.
    Map(usize, Map<String, Value>, Option<(String, Marker)>, Cost),
    Done(Value),
}

impl YamlBuilder {
    fn push_value(&mut self, value: Value, cost: Cost, mark: Marker) {
        match self.stack.last_mut() {
            Some(Node::Seq(_, items, total)) => {
                total.add(cost);
                items.push(value)
            }
            Some(Node::Map(_, map, pending, total)) => {
                total.add(cost);
                match pending.take() {
                    None => *pending = Some((scalar_key(&value), mark)),
                    Some((key, key_mark)) => {
                        if map.contains_key(&key) {
                            self.warnings.push((
                                Location::new(key_mark.line(), key_mark.col() + 1),
                                format!("duplicated key `{key}`: the last value is used"),
                            ));
                        }
                        map.insert(key, value);
                    }
                }
            }
            _ => self.stack.push(Node::Done(value)),
        }
    }

    fn anchor(&mut self, anchor: usize, value: &Value, cost: Cost) {
        if anchor > 0 {
            self.anchors.insert(anchor, (value.clone(), cost));
        }
    }

    fn on_event(&mut self, ev: Event, mark: Marker) -> Result<(), String> {
        match ev {
            Event::SequenceStart(..) | Event::MappingStart(..)
                if self.stack.len() >= MAX_NESTING =>
            {
                return Err(format!(
                    "nested deeper than {MAX_NESTING} levels, the limit for one document"
                ));
            }
            Event::SequenceStart(anchor, _) => {
                self.stack
                    .push(Node::Seq(anchor, Vec::new(), Cost::default()))
            }
            Event::MappingStart(anchor, _) => {
                self.stack
                    .push(Node::Map(anchor, Map::new(), None, Cost::default()))
            }
            Event::SequenceEnd => {
                if let Some(Node::Seq(anchor, items, mut cost)) = self.stack.pop() {
                    cost.values += 1;
                    let v = Value::Array(items);
                    self.anchor(anchor, &v, cost);
                    self.push_value(v, cost, mark);
                }
            }
            Event::MappingEnd => {
                if let Some(Node::Map(anchor, map, _, mut cost)) = self.stack.pop() {
                    cost.values += 1;
                    let v = Value::Object(map);
                    self.anchor(anchor, &v, cost);
                    self.push_value(v, cost, mark);
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let v = resolve_scalar(text, style, tag.is_some());
                let cost = Cost {
                    values: 1,
                    alias_depth: 0,
                };
                self.anchor(anchor, &v, cost);
                self.push_value(v, cost, mark);
            }
            Event::Alias(id) => {
                let (v, cost) = self.anchors.get(&id).cloned().unwrap_or_default();
                let cost = Cost {
                    values: cost.values,
                    alias_depth: cost.alias_depth + 1,
                };
                self.alias_values += cost.values;
                if cost.alias_depth > MAX_ALIAS_DEPTH {
                    return Err(format!(
                        "aliases of aliases nested more than {MAX_ALIAS_DEPTH} deep, the limit \
                         for one document"
                    ));
                }
                if self.alias_values > MAX_ALIAS_VALUES {
                    return Err(format!(
                        "aliases expand to more than {MAX_ALIAS_VALUES} values, the limit for \
                         one document (excessive aliasing)"
                    ));
                }
                self.push_value(v, cost, mark);
            }
            _ => {}
        }
        Ok(())
    }
}

fn scalar_key(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

/// Plain scalars get YAML's types (numbers, booleans, null); quoted or tagged ones stay text.
fn resolve_scalar(text: String, style: TScalarStyle, tagged: bool) -> Value {
    if style != TScalarStyle::Plain || tagged {
        return Value::String(text);
    }
    match Yaml::from_str(&text) {
        Yaml::Integer(i) => Value::Number(i.into()),
        Yaml::Real(r) => r
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::String(text)),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Null => Value::Null,
        _ => Value::String(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_and_yaml_with_body_line() {
        let s = split("+++\ntitle = \"a\"\n+++\nbody\n").unwrap();
        assert_eq!(s.format, Some(Format::Toml));
        assert_eq!(s.front_matter, "title = \"a\"\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
        let s = split("---\r\ntitle: a\r\n---\r\nbody").unwrap();
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Title\n---\n").unwrap();
        assert_eq!(s.format, None);
        assert_eq!(s.body, "# Title\n---\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split("---\ntitle: a\nbody\n").is_err());
    }

    #[test]
    fn yaml_types_and_nesting() {
        let d = parse_data(
            "title: \"1.0\"\ncount: 3\ndraft: true\ntags: [a, b]\nsource:\n  repo: r\n  ref: v1\n",
            Format::Yaml,
        )
        .unwrap();
        assert_eq!(d.value["title"], "1.0");
        assert_eq!(d.value["count"], 3);
        assert_eq!(d.value["draft"], true);
        assert_eq!(d.value["tags"][1], "b");
        assert_eq!(d.value["source"]["ref"], "v1");
    }

    #[test]
    fn yaml_duplicate_key_takes_last_with_warning() {
        let d = parse_data("title: a\ntags: [x]\ntitle: b\n", Format::Yaml).unwrap();
        assert_eq!(d.value["title"], "b");
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].0.line, 3);
    }

    #[test]
    fn yaml_error_has_line_and_column() {
        let e = parse_data("title: a\ntags: [x, y\ndate: 2020\n", Format::Yaml).unwrap_err();
        assert!(e.location.line >= 2, "{e:?}");
        let e = parse_data("title: a\n  bad: : x\n", Format::Yaml).unwrap_err();
        assert_eq!(e.location.line, 2, "{e:?}");
    }

    #[test]
    fn toml_error_has_line_and_column() {
        let e = parse_data("title = \"a\"\ndate = 2020-13-45\n", Format::Toml).unwrap_err();
        assert_eq!(e.location.line, 2, "{e:?}");
    }

    #[test]
    fn toml_dates_become_strings() {
        let d = parse_data("date = 2024-05-01T10:00:00+08:00\n", Format::Toml).unwrap();
        assert_eq!(d.value["date"], "2024-05-01T10:00:00+08:00");
    }

    #[test]
    fn locates_keys_inside_tables_and_lists() {
        let toml = "title = 1\n[markup]\n[markup.highlight]\nstyle = 42\n[[menu.main]]\nname = \"a\"\n[[menu.main]]\nweight = 1.5\n";
        let at = |keys: &[&str]| locate(toml, Format::Toml, keys);
        assert_eq!(at(&["markup", "highlight", "style"]), Location::new(4, 1));
        assert_eq!(at(&["menu", "main", "1", "weight"]), Location::new(8, 1));
        assert_eq!(at(&["Title"]), Location::new(1, 1));
        assert_eq!(at(&["markup", "highlight", "nothing"]), Location::new(3, 9));
        let yaml = "title: a\ntoc:\n  Enable: x\ntags:\n  - a\n  - [b]\nmenu:\n  main:\n    - name: x\n      weight: y\n";
        let at = |keys: &[&str]| locate(yaml, Format::Yaml, keys);
        assert_eq!(at(&["toc", "enable"]), Location::new(3, 3));
        assert_eq!(at(&["tags", "1"]), Location::new(6, 5));
        assert_eq!(at(&["menu", "main", "0", "weight"]), Location::new(10, 7));
        assert_eq!(at(&["dates"]), Location::new(1, 1));
        let tabbed = "layout:\t\tpost\ndraft: flase\n";
        assert_eq!(
            locate(tabbed, Format::Yaml, &["draft"]),
            Location::new(2, 1)
        );
    }

    #[test]
    fn go_yaml_forms_are_read_with_a_warning() {
        for text in [
            "layout:\t\tpost\n",
            "tags: [\n\t\"a\",\n\t\"b\"\n]\n",
            "tags: [\n  \"a\",\n  \"b\"\n]\n",
        ] {
            let d = parse_data(text, Format::Yaml).unwrap();
            assert_eq!(d.warnings.len(), 1, "{text:?}");
        }
        let d = parse_data("a: [\n\tx\n]\nlayout:\tpost\n", Format::Yaml).unwrap();
        assert_eq!(d.value["a"][0], "x");
        assert_eq!(d.value["layout"], "post");
        assert!(parse_data("title: a\n  bad: : x\n", Format::Yaml).is_err());
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e"]
            .iter()
            .zip(["b", "c", "d", "e", "f"])
        {
            let refs = vec![format!("*{prev}"); 9].join(",");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let e = parse_data(&bomb, Format::Yaml).unwrap_err();
        assert!(e.message.contains("aliases expand"), "{e:?}");
        let fine = "a: &a [1, 2]\nb: *a\nc: *a\n";
        assert_eq!(parse_data(fine, Format::Yaml).unwrap().value["c"][1], 2);
        let deep: String = (0..90).map(|i| format!("{}k:\n", "  ".repeat(i))).collect();
        let e = parse_data(&deep, Format::Yaml).unwrap_err();
        assert_eq!(e.location.line, 81, "{e:?}");
    }
}
