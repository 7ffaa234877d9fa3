//! The files a configuration is read from, as Hugo finds them: the config file at the site's
//! root (`hugo.toml`, `config.toml`, ...), then every file of `config/_default/`, then every
//! file of `config/<environment>/`, each merged over the ones before. In the folders a file's
//! name says where its keys go: `hugo.toml`/`config.toml` at the root, `params.toml` under
//! `params`, `menus.toml` under `menus`, and `menus.en.toml` under `languages.en.menus`.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Location};
use crate::{Result, Warning};
use data::{locate_exact, parse_data, Format};

/// The config file names looked for at the root, in Hugo's order of preference.
pub const ROOT_FILES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "config.toml",
    "config.yaml",
    "config.yml",
];

/// One file of the configuration.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// The path errors name, relative to the site (`config/_default/params.toml`).
    pub shown: PathBuf,
    pub text: String,
    pub format: Format,
    /// Where its keys go in the merged table (`["params"]` for `params.toml`).
    pub prefix: Vec<String>,
}

/// The site's config files, lowest priority first.
pub fn find(root: &Path, environment: &str) -> Result<Vec<ConfigFile>> {
    let mut files = Vec::new();
    if let Some(name) = ROOT_FILES.iter().find(|n| root.join(n).is_file()) {
        files.push(read(root, Path::new(name), Vec::new())?);
    }
    for dir in [
        Path::new("config/_default").to_path_buf(),
        Path::new("config").join(environment),
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| [".toml", ".yaml", ".yml"].iter().any(|x| n.ends_with(x)))
            .collect();
        // hugo.toml/config.toml first, so that a file named after a key merges over it.
        names.sort_by_key(|n| (prefix_of(n).len(), n.clone()));
        for name in names {
            files.push(read(root, &dir.join(&name), prefix_of(&name))?);
        }
    }
    Ok(files)
}

fn read(root: &Path, rel: &Path, prefix: Vec<String>) -> Result<ConfigFile> {
    let text = std::fs::read_to_string(root.join(rel)).map_err(|e| Error::read(rel, e))?;
    Ok(ConfigFile {
        shown: rel.to_path_buf(),
        text,
        format: Format::of_file(&rel.to_string_lossy()),
        prefix,
    })
}

/// Where a file of a config folder goes: `params.toml` -> `params`, `menus.en.toml` ->
/// `languages.en.menus`, `hugo.toml` -> the root.
fn prefix_of(name: &str) -> Vec<String> {
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    let (key, language) = match stem.split_once('.') {
        Some((key, language)) => (key, Some(language)),
        None => (stem, None),
    };
    let key = key.to_lowercase();
    let mut prefix = Vec::new();
    if let Some(language) = language {
        prefix.extend(["languages".to_string(), language.to_lowercase()]);
    }
    if key != "hugo" && key != "config" {
        prefix.push(key);
    }
    prefix
}

/// Parses every file and merges them, later over earlier. Parse errors of all files are
/// reported together.
pub fn merge(files: &[ConfigFile]) -> Result<(Value, Vec<Warning>)> {
    let mut merged = Map::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for file in files {
        match parse_data(&file.text, file.format) {
            Ok(data) => {
                warnings.extend(data.warnings.into_iter().map(|(l, message)| Warning {
                    path: file.shown.clone(),
                    line: Some(l.line),
                    message,
                }));
                let value = file.prefix.iter().rev().fold(data.value, |v, key| {
                    Value::Object(Map::from_iter([(key.clone(), v)]))
                });
                if let Value::Object(map) = value {
                    merge_into(&mut merged, map);
                }
            }
            Err(e) => errors.push(Error::Config {
                path: file.shown.clone(),
                location: e.location,
                message: e.message,
            }),
        }
    }
    Error::collect(errors)?;
    Ok((Value::Object(merged), warnings))
}

/// Deep merge: tables merge key by key (keys compared ignoring case, as Hugo's are), any
/// other value is replaced.
fn merge_into(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (key, value) in from {
        let existing = into
            .keys()
            .find(|k| k.eq_ignore_ascii_case(&key))
            .cloned()
            .unwrap_or(key);
        match (into.get_mut(&existing), value) {
            (Some(Value::Object(a)), Value::Object(b)) => merge_into(a, b),
            (_, value) => {
                into.insert(existing, value);
            }
        }
    }
}

/// The file and place where the value at `keys` comes from: the last file that sets it,
/// else the nearest enclosing key that is set.
pub fn locate(files: &[ConfigFile], keys: &[&str]) -> (PathBuf, Location) {
    for n in (1..=keys.len()).rev() {
        for file in files.iter().rev() {
            let p = file.prefix.len();
            let inside = n >= p
                && file
                    .prefix
                    .iter()
                    .zip(keys)
                    .all(|(a, b)| a.eq_ignore_ascii_case(b));
            if !inside {
                continue;
            }
            let found = if n == p {
                Some(Location::new(1, 1))
            } else {
                locate_exact(&file.text, file.format, &keys[p..n])
            };
            if let Some(location) = found {
                return (file.shown.clone(), location);
            }
        }
    }
    let last = files.last().map(|f| f.shown.clone()).unwrap_or_default();
    (last, Location::new(1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_where_keys_go() {
        assert!(prefix_of("hugo.toml").is_empty());
        assert!(prefix_of("config.yaml").is_empty());
        assert_eq!(prefix_of("params.toml"), ["params"]);
        assert_eq!(prefix_of("menus.en.toml"), ["languages", "en", "menus"]);
    }

    #[test]
    fn later_files_merge_over_earlier_ones() {
        let file = |shown: &str, text: &str, prefix: &[&str]| ConfigFile {
            shown: shown.into(),
            text: text.into(),
            format: Format::Toml,
            prefix: prefix.iter().map(|s| s.to_string()).collect(),
        };
        let files = [
            file("a.toml", "title = \"A\"\n[params]\nx = 1\ny = 2\n", &[]),
            file("params.toml", "Y = 3\nz = 4\n", &["params"]),
        ];
        let (v, _) = merge(&files).unwrap();
        assert_eq!(v["title"], "A");
        assert_eq!(v["params"], serde_json::json!({"x": 1, "y": 3, "z": 4}));
        assert_eq!(
            locate(&files, &["params", "z"]),
            ("params.toml".into(), Location::new(2, 1))
        );
        assert_eq!(
            locate(&files, &["params", "x"]),
            ("a.toml".into(), Location::new(3, 1))
        );
        assert_eq!(
            locate(&files, &["title"]),
            ("a.toml".into(), Location::new(1, 1))
        );
    }
}
