//! `[languages]`, `defaultContentLanguage`, `defaultContentLanguageInSubdir` and
//! `disableLanguages`: which languages the site is built in, and the configuration table of
//! each one (the root table with the language's own keys over it, as Hugo merges them).
//! The site then builds one content set per language through the same pipeline.

use serde_json::{Map, Value};

use crate::value::Fields;

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The code as content file names and URLs use it: `en`, `zh`, `zh-cn` (lowercase).
    pub code: String,
    /// `languageName`, for a language switcher (the code when unset).
    pub name: String,
    pub weight: i64,
    /// The folder its pages are read from (`contentDir`, default `content`).
    pub content_dir: String,
    /// The URL and output folder its pages go under: empty for the default language at
    /// the root, else the code (`zh` -> `/zh/...`).
    pub prefix: String,
    /// What sitemaps call it (`hreflang`): its table's `languageCode`, else its code, as
    /// Hugo's `.Language.LanguageCode`.
    pub hreflang: String,
}

impl Language {
    /// The language of a site that configures none.
    pub fn single(code: &str) -> Language {
        Language {
            code: code.to_string(),
            name: code.to_string(),
            weight: 0,
            content_dir: "content".into(),
            prefix: String::new(),
            hreflang: code.to_string(),
        }
    }
}

/// What the root table says about languages.
#[derive(Debug, Clone)]
pub struct Languages {
    /// The enabled languages in Hugo's order: by weight (unweighted last), then code.
    pub list: Vec<Language>,
    /// `defaultContentLanguage` (lowercase, default `en`): the language at the root.
    pub default: String,
    /// Every configured code, disabled ones included: a file suffix naming one of them is a
    /// language, not part of the name.
    pub known: Vec<String>,
}

/// The keys a language table may hold besides the root keys it overrides.
const LANGUAGE_ONLY_KEYS: &[&str] = &[
    "languagename",
    "weight",
    "contentdir",
    "disabled",
    "languagedirection",
    "label",
];

/// Reads the language settings of the root table; a language key blog does not support is
/// named in a warning.
pub fn read(f: &Fields) -> Languages {
    let default = f
        .text("defaultcontentlanguage")
        .map(|c| c.to_lowercase())
        .unwrap_or_else(|| "en".into());
    let in_subdir = f.boolean("defaultcontentlanguageinsubdir").unwrap_or(false);
    let disabled_by_list: Vec<String> = f
        .strings("disablelanguages")
        .unwrap_or_default()
        .iter()
        .map(|c| c.to_lowercase())
        .collect();
    let mut list = Vec::new();
    let mut known = Vec::new();
    if let Some(table) = f.table("languages") {
        let codes: Vec<String> = table.entries().map(|(k, _)| k.to_string()).collect();
        for code in codes {
            let Some(lang) = table.table(&code) else {
                continue;
            };
            let code = code.to_lowercase();
            known.push(code.clone());
            if lang.get("baseurl").is_some() {
                lang.warn(
                    "baseurl",
                    "a baseURL per language (Hugo's multihost mode) is not supported; the \
                     language is built under the site's baseURL at /CODE/",
                );
            }
            for key in ["languagedirection", "label"] {
                if lang.get(key).is_some() {
                    lang.warn(
                        key,
                        "blog does not support this language setting; it is ignored",
                    );
                }
            }
            let disabled =
                lang.boolean("disabled").unwrap_or(false) || disabled_by_list.contains(&code);
            if disabled && code != default {
                continue;
            }
            list.push(Language {
                name: lang.text("languagename").unwrap_or_else(|| code.clone()),
                weight: lang.integer("weight").unwrap_or(0),
                content_dir: lang
                    .text("contentdir")
                    .map(|d| d.trim_end_matches('/').to_string())
                    .unwrap_or_else(|| "content".into()),
                prefix: code.clone(),
                hreflang: lang.text("languagecode").unwrap_or_else(|| code.clone()),
                code,
            });
        }
    }
    if !list.iter().any(|l| l.code == default) {
        list.push(Language {
            prefix: default.clone(),
            ..Language::single(&default)
        });
    }
    list.sort_by_key(|l| (l.weight == 0, l.weight, l.code.clone()));
    for l in list.iter_mut().filter(|l| l.code == default && !in_subdir) {
        l.prefix.clear();
    }
    Languages {
        list,
        default,
        known,
    }
}

/// The root table with language `code`'s own keys over it: `params` merged key by key, a
/// language's menus replacing the root ones, and the language-only keys taken out.
pub fn overlay(root: &Map<String, Value>, code: &str) -> Map<String, Value> {
    let mut out = root.clone();
    let Some(own) = language_table(root, code) else {
        return out;
    };
    let is_menus = |k: &str| k.eq_ignore_ascii_case("menu") || k.eq_ignore_ascii_case("menus");
    if own.keys().any(|k| is_menus(k)) {
        out.retain(|k, _| !is_menus(k));
    }
    for (key, value) in own {
        let lower = key.to_lowercase();
        if LANGUAGE_ONLY_KEYS.contains(&lower.as_str()) || lower == "baseurl" {
            continue;
        }
        let existing = out.keys().find(|k| k.eq_ignore_ascii_case(key)).cloned();
        match (existing, value) {
            (Some(k), Value::Object(over)) if lower == "params" => {
                if let Some(Value::Object(base)) = out.get_mut(&k) {
                    merge_params(base, over);
                } else {
                    out.insert(k, value.clone());
                }
            }
            (Some(k), _) => {
                out.insert(k, value.clone());
            }
            (None, _) => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out
}

/// Whether `keys` (a path in the overlaid table) is set by language `code` itself, so a
/// problem there is reported at `languages.CODE.…`.
pub fn sets(root: &Map<String, Value>, code: &str, keys: &[&str]) -> bool {
    let mut table = language_table(root, code);
    for key in keys {
        let Some(t) = table else {
            return false;
        };
        match t.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
            Some((_, Value::Object(inner))) => table = Some(inner),
            Some(_) => table = None,
            None => return false,
        }
    }
    true
}

fn language_table<'a>(root: &'a Map<String, Value>, code: &str) -> Option<&'a Map<String, Value>> {
    let languages = root
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("languages"))?
        .1
        .as_object()?;
    languages
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(code))?
        .1
        .as_object()
}

/// Hugo merges a language's params over the site's, nested tables key by key.
fn merge_params(base: &mut Map<String, Value>, over: &Map<String, Value>) {
    for (key, value) in over {
        let existing = base.keys().find(|k| k.eq_ignore_ascii_case(key)).cloned();
        match (existing.and_then(|k| base.get_mut(&k)), value) {
            (Some(Value::Object(b)), Value::Object(o)) => merge_params(b, o),
            (Some(slot), _) => *slot = value.clone(),
            (None, _) => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn a_language_overrides_root_keys_and_merges_params() {
        let root = table(json!({
            "title": "Notes",
            "params": {"description": "root", "author": {"name": "Ada", "email": "a@x"}},
            "menu": {"main": [{"name": "About"}]},
            "languages": {"zh": {"title": "笔记", "weight": 2, "params": {"author": {"name": "艾达"}},
                                  "menus": {"main": [{"name": "关于"}]}}}
        }));
        let zh = overlay(&root, "zh");
        assert_eq!(zh["title"], "笔记");
        assert_eq!(zh["params"]["description"], "root");
        assert_eq!(
            zh["params"]["author"],
            json!({"name": "艾达", "email": "a@x"})
        );
        assert!(zh.get("menu").is_none());
        assert_eq!(zh["menus"]["main"][0]["name"], "关于");
        assert!(zh.get("weight").is_none());
        assert_eq!(overlay(&root, "en")["title"], "Notes");
        assert!(sets(&root, "zh", &["params", "author"]));
        assert!(!sets(&root, "zh", &["params", "description"]));
    }
}
