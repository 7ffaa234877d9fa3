//! The layouts of real theme sites (`/work/shared/hugo-themes`, or `$HUGO_THEMES_DIR`): every
//! template parses, and for every HTML page whose layout Hugo 0.168 recorded
//! (`oracle/themes.py` → `tests/themes/*.txt`) the store picks the same layout and base.
//! Skipped, with a note, where the sites are not on the machine.

use std::fs;
use std::path::{Path, PathBuf};

use hugotheme::{Generation, LayoutsDir, NoSite, Options, PageQuery, Store};

fn themes_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("HUGO_THEMES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/hugo-themes"));
    dir.is_dir().then_some(dir)
}

/// Copies `from` (a layouts folder) into `to`.
fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else if e.file_type().is_file() {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// The site's layouts and its themes' (all folders under `themes/`, in the order the rows
/// name them), copied into `tmp`.
fn layouts(site: &Path, tmp: &Path, rows: &str) -> Vec<LayoutsDir> {
    let mut dirs = vec![LayoutsDir {
        dir: tmp.join("layouts"),
        label: "layouts".into(),
    }];
    if site.join("layouts").is_dir() {
        copy_tree(&site.join("layouts"), &tmp.join("layouts"));
    }
    let mut themes: Vec<String> = fs::read_dir(site.join("themes"))
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    themes.sort_by_key(|t| !rows.contains(&format!("themes/{t}/")));
    for t in themes {
        let from = site.join("themes").join(&t).join("layouts");
        let to = tmp.join("themes").join(&t).join("layouts");
        copy_tree(&from, &to);
        dirs.push(LayoutsDir {
            dir: to,
            label: format!("themes/{t}/layouts"),
        });
    }
    dirs
}

fn field<'a>(row: &'a str, key: &str) -> &'a str {
    row.split_whitespace()
        .find_map(|f| f.strip_prefix(key))
        .unwrap_or("")
}

fn options(rows: &[&str]) -> Options {
    let mut o = Options {
        generation: Generation::Current,
        ..Options::default()
    };
    for r in rows {
        let lang = field(r, "lang=").to_string();
        if !o.languages.contains(&lang) {
            o.languages.push(lang);
        }
        if field(r, "kind=") == "taxonomy" {
            let plural = field(r, "section=");
            let singular = plural
                .strip_suffix("ies")
                .map(|s| format!("{s}y"))
                .unwrap_or_else(|| plural.trim_end_matches('s').to_string());
            if !o.taxonomies.iter().any(|(_, p)| p == plural) {
                o.taxonomies.push((singular, plural.to_string()));
            }
        }
    }
    o
}

fn check(site: &str) {
    let Some(dir) = themes_dir() else {
        eprintln!("no theme sites here: skipped");
        return;
    };
    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/themes/{site}.txt"));
    let text = fs::read_to_string(table).unwrap();
    let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(!rows.is_empty());
    let tmp = tempfile::tempdir().unwrap();
    let dirs = layouts(&dir.join(site), tmp.path(), &text);
    let store = Store::load(&dirs, options(&rows), &NoSite);
    assert!(store.errors().is_empty(), "{site}: {:?}", store.errors());
    let mut bad = Vec::new();
    for r in &rows {
        let (left, want) = r.split_once(" => ").unwrap();
        let section = field(left, "section=");
        let typ = field(left, "type=");
        let q = PageQuery {
            kind: field(left, "kind=").into(),
            path: field(left, "path=").into(),
            section: section.into(),
            typ: if typ == section || typ == "page" {
                ""
            } else {
                typ
            }
            .into(),
            layout: field(left, "layout=").into(),
            output_format: "html".into(),
            lang: field(left, "lang=").into(),
        };
        let got = match store.lookup_page(&q) {
            None => "none".to_string(),
            Some(res) => {
                let base = res.base.map(|b| format!(" + {}", store.file(b).display));
                format!(
                    "{}{}",
                    store.file(res.template).display,
                    base.unwrap_or_default()
                )
            }
        };
        if got != want {
            bad.push(format!("{r}\n    got {got}"));
        }
    }
    eprintln!("{site}: {} pages, {} differ", rows.len(), bad.len());
    assert!(bad.is_empty(), "{site}:\n{}", bad.join("\n"));
}

#[test]
fn papermod() {
    check("papermod");
}

#[test]
fn even() {
    check("even");
}

#[test]
fn book() {
    check("book");
}

#[test]
fn coder() {
    check("coder");
}
