//! Hugo's translation tables: `i18n/<lang>.toml|yaml|yml|json` in the site (and in its
//! theme folder, under the site's), read for one language, and the `i18n` / `T` template
//! function that looks strings up in them.
//!
//! As in Hugo, a key is looked up in the page's language, then in the default language,
//! and is empty when neither has it. A file holds `key = "text"` or `[key]` tables of
//! plural forms (`one`, `other`, ...), or go-i18n's older list of `{id, translation}`;
//! `{{ .Count }}` in a text is replaced by the count given.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::error::{Error, Location};
use crate::Result;
use data::{parse_data, Format};

/// The plural forms CLDR names; a table with other keys is not a set of forms.
const FORMS: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// The translations of one language: key -> form -> text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Table {
    /// The language code, which decides the plural form of a count.
    lang: String,
    entries: HashMap<String, HashMap<String, String>>,
}

impl Table {
    /// Reads the tables of language `lang` from the `i18n` folders in `dirs` (the theme's
    /// first, so the site's win key by key). Files are matched by name, ignoring case.
    pub fn load(root: &Path, dirs: &[PathBuf], lang: &str) -> Result<Table> {
        let mut table = Table::empty(lang);
        let mut errors = Vec::new();
        for dir in dirs {
            for (path, format) in files_of(dir, lang) {
                let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                let text = std::fs::read_to_string(&path).map_err(|e| Error::read(&shown, e))?;
                if let Err(e) = table.add_file(shown, &text, format) {
                    errors.push(e);
                }
            }
        }
        Error::collect(errors)?;
        Ok(table)
    }

    /// Parses one file's text (for tests and the loader).
    pub fn parse(lang: &str, text: &str, format: I18nFormat) -> Result<Table> {
        let mut table = Table::empty(lang);
        table.add_file(PathBuf::from("i18n"), text, format)?;
        Ok(table)
    }

    fn empty(lang: &str) -> Table {
        Table {
            lang: lang.to_string(),
            ..Table::default()
        }
    }

    /// Adds the keys of one file (`shown` names it in an error), over those already here.
    fn add_file(&mut self, shown: PathBuf, text: &str, format: I18nFormat) -> Result<()> {
        let value = parse(text, format).map_err(|(location, message)| Error::Config {
            path: shown,
            location,
            message,
        })?;
        self.add(&value);
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn add(&mut self, value: &Value) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    if let Some(forms) = forms_of(v) {
                        self.entries.insert(key.clone(), forms);
                    }
                }
            }
            // go-i18n's older form: a list of `{id, translation}`.
            Value::Array(items) => {
                for item in items {
                    let id = item.get("id").and_then(Value::as_str);
                    let forms = item.get("translation").and_then(forms_of);
                    if let (Some(id), Some(forms)) = (id, forms) {
                        self.entries.insert(id.to_string(), forms);
                    }
                }
            }
            _ => {}
        }
    }

    /// The text of `key` for `count` (none: the `other` form), if this table has it.
    fn get(&self, key: &str, count: Option<f64>) -> Option<String> {
        let forms = self.entries.get(key)?;
        let form = count.map_or("other", |n| plural_form(&self.lang, n));
        let text = forms.get(form).or_else(|| forms.get("other"))?;
        Some(match count {
            Some(n) => with_count(text, n),
            None => text.clone(),
        })
    }
}

/// The formats a translation file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum I18nFormat {
    Data(Format),
    Json,
}

/// The translations a page sees: its language's, then the default language's.
#[derive(Debug, Default, Clone)]
pub struct I18n {
    pub own: Table,
    pub fallback: Option<Table>,
}

impl I18n {
    /// The text of `key` in this language, else in the default language.
    pub fn translate(&self, key: &str, count: Option<f64>) -> Option<String> {
        self.own
            .get(key, count)
            .or_else(|| self.fallback.as_ref()?.get(key, count))
    }

    pub fn is_empty(&self) -> bool {
        self.own.is_empty() && self.fallback.as_ref().is_none_or(Table::is_empty)
    }
}

/// `i18n(key="readMore")` and its alias `T`, as Hugo's: `count=5` picks the plural form
/// and fills `{{ .Count }}`; `default="…"` is what a key no table has gives (Hugo gives
/// an empty string, which is also ours without `default`).
pub struct I18nFunction(pub Arc<I18n>);

impl tera::Function for I18nFunction {
    fn call(&self, args: &std::collections::HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or("i18n needs the key to look up, as in i18n(key=\"readMore\")")?;
        let count = match args.get("count") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_f64()
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                    .ok_or("i18n: `count` must be a number")?,
            ),
        };
        let text = self.0.translate(key, count).or_else(|| {
            args.get("default")
                .and_then(Value::as_str)
                .map(str::to_string)
        });
        Ok(Value::String(text.unwrap_or_default()))
    }
}

/// The translation files of `lang` in `dir`: `zh.toml`, `zh.yaml`, `ZH.json`, ...
fn files_of(dir: &Path, lang: &str) -> Vec<(PathBuf, I18nFormat)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, I18nFormat)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?;
            let ext = p.extension()?.to_str()?.to_lowercase();
            let format = match ext.as_str() {
                "toml" => I18nFormat::Data(Format::Toml),
                "yaml" | "yml" => I18nFormat::Data(Format::Yaml),
                "json" => I18nFormat::Json,
                _ => return None,
            };
            stem.eq_ignore_ascii_case(lang).then_some((p, format))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn parse(text: &str, format: I18nFormat) -> std::result::Result<Value, (Location, String)> {
    match format {
        I18nFormat::Data(format) => parse_data(text, format)
            .map(|d| d.value)
            .map_err(|e| (e.location, e.message)),
        I18nFormat::Json => serde_json::from_str(text).map_err(|e| {
            (
                Location::new(e.line().max(1), e.column().max(1)),
                e.to_string(),
            )
        }),
    }
}

/// A key's forms: a plain text is its `other` form; a table of forms keeps the forms.
fn forms_of(value: &Value) -> Option<HashMap<String, String>> {
    match value {
        Value::String(text) => Some(HashMap::from([("other".to_string(), text.clone())])),
        Value::Object(map) => {
            let forms: HashMap<String, String> = map
                .iter()
                .filter(|(k, _)| FORMS.contains(&k.to_lowercase().as_str()))
                .filter_map(|(k, v)| Some((k.to_lowercase(), v.as_str()?.to_string())))
                .collect();
            (!forms.is_empty()).then_some(forms)
        }
        _ => None,
    }
}

/// The CLDR plural form of `n` in `lang`, for the languages a blog is commonly written in:
/// none for Chinese, Japanese, Korean and others without plurals, `one` for 0 and 1 in
/// French and Portuguese, `one` for 1 elsewhere.
fn plural_form(lang: &str, n: f64) -> &'static str {
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    match base {
        "zh" | "ja" | "ko" | "vi" | "th" | "id" | "ms" | "lo" | "my" => "other",
        "fr" | "pt" if (0.0..2.0).contains(&n) => "one",
        _ if n == 1.0 => "one",
        _ => "other",
    }
}

/// `text` with Hugo's `{{ .Count }}` (spaced or not) replaced by `n`.
fn with_count(text: &str, n: f64) -> String {
    let shown = if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    };
    text.replace("{{ .Count }}", &shown)
        .replace("{{.Count}}", &shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml(lang: &str, text: &str) -> Table {
        Table::parse(lang, text, I18nFormat::Data(Format::Toml)).unwrap()
    }

    #[test]
    fn both_forms_of_a_file_and_plurals_are_read() {
        let en = toml(
            "en",
            "[readMore]\nother = \"Read more\"\n[words]\none = \"{{ .Count }} word\"\nother = \"{{.Count}} words\"\n",
        );
        assert_eq!(en.get("readMore", None).as_deref(), Some("Read more"));
        assert_eq!(en.get("words", Some(1.0)).as_deref(), Some("1 word"));
        assert_eq!(en.get("words", Some(5.0)).as_deref(), Some("5 words"));
        assert_eq!(en.get("readmore", None), None, "keys are exact, as Hugo's");
        let zh = toml(
            "zh",
            "readMore = \"阅读全文\"\nwords = \"{{ .Count }} 字\"\n",
        );
        assert_eq!(zh.get("readMore", None).as_deref(), Some("阅读全文"));
        assert_eq!(zh.get("words", Some(1.0)).as_deref(), Some("1 字"));
        let old = Table::parse(
            "en",
            "- id: readMore\n  translation: Read on\n",
            I18nFormat::Data(Format::Yaml),
        )
        .unwrap();
        assert_eq!(old.get("readMore", None).as_deref(), Some("Read on"));
        let json = Table::parse(
            "fr",
            r#"{"n": {"one": "{{ .Count }} mot", "other": "{{ .Count }} mots"}}"#,
            I18nFormat::Json,
        )
        .unwrap();
        assert_eq!(json.get("n", Some(0.0)).as_deref(), Some("0 mot"));
        assert_eq!(json.get("n", Some(2.5)).as_deref(), Some("2.5 mots"));
    }

    #[test]
    fn a_key_falls_back_to_the_default_language_then_to_nothing() {
        let i18n = I18n {
            own: toml("zh", "readMore = \"阅读全文\"\n"),
            fallback: Some(toml(
                "en",
                "readMore = \"Read more\"\nonlyEn = \"English\"\n",
            )),
        };
        assert_eq!(
            i18n.translate("readMore", None).as_deref(),
            Some("阅读全文")
        );
        assert_eq!(i18n.translate("onlyEn", None).as_deref(), Some("English"));
        assert_eq!(i18n.translate("missing", None), None);
    }

    #[test]
    fn a_bad_file_names_its_line() {
        let e =
            Table::parse("en", "a = \"x\"\nb = \n", I18nFormat::Data(Format::Toml)).unwrap_err();
        assert!(
            matches!(e, Error::Config { location, .. } if location.line == 2),
            "{e:?}"
        );
        let e = Table::parse("en", "{\n\"a\": }", I18nFormat::Json).unwrap_err();
        assert!(
            matches!(e, Error::Config { location, .. } if location.line == 2),
            "{e:?}"
        );
    }
}
