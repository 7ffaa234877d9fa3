//! Menus as Hugo builds them: `[[menu.NAME]]` entries from the config, plus every page and
//! section whose front matter puts it in a menu (`menu: main`, `menu: [main, footer]`,
//! `menu: {main: {weight: 2, name: Posts}}`, or the same under `menus`).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::Site;
use crate::config::MenuEntry;
use crate::content::document::Document;
use crate::shortcodes::RefIndex;
use crate::Warning;

impl Site {
    /// `site.menu`: menu name -> entries `{name, url, weight, identifier}` in Hugo's order.
    pub(crate) fn menus_value(&self) -> Value {
        // URLs written in the config are taken as written (from the site's root, as
        // Hugo does); a page's own entry links to its URL in its language.
        let site_path = |url: &mut String, to_url: &dyn Fn(&str) -> String| {
            if url.starts_with('/') && !url.starts_with("//") {
                *url = to_url(url);
            }
        };
        let mut menus: BTreeMap<String, Vec<MenuEntry>> = self.config.menus.clone();
        let refs = self.menu_ref_index();
        for entry in menus.values_mut().flatten() {
            match refs.as_ref().and_then(|r| page_ref_url(r, entry)) {
                Some(url) => entry.url = url,
                None => site_path(&mut entry.url, &|u| self.root_url(u)),
            }
        }
        let pages = self.content.pages.iter().map(|p| &p.doc);
        for page in pages.chain(self.content.sections.values().map(|s| &s.doc)) {
            for (menu, mut entry) in page_menu_entries(page) {
                site_path(&mut entry.url, &|u| self.url(u));
                menus.entry(menu).or_default().push(entry);
            }
        }
        let mut out = serde_json::Map::new();
        out.insert("main".into(), json!([]));
        for (name, mut entries) in menus {
            entries.sort_by(hugo_menu_order);
            let list: Vec<Value> = entries
                .iter()
                .map(|m| {
                    json!({"name": m.name, "url": m.url, "weight": m.weight, "identifier": m.identifier})
                })
                .collect();
            out.insert(name, Value::Array(list));
        }
        Value::Object(out)
    }
}

impl Site {
    /// The pages a config menu entry's `pageRef` may name, in this language; `None` when
    /// no entry has one.
    fn menu_ref_index(&self) -> Option<RefIndex> {
        let any = self
            .config
            .menus
            .values()
            .flatten()
            .any(|e| !e.page_ref.is_empty());
        any.then(|| self.ref_index())
    }

    /// A warning for each config menu entry whose `pageRef` names no page of this
    /// language: it links to its `url`, else to the `pageRef` as written.
    pub(super) fn page_ref_warnings(&self) -> Vec<Warning> {
        let Some(refs) = self.menu_ref_index() else {
            return Vec::new();
        };
        let mut warnings = Vec::new();
        for (menu, entries) in &self.config.menus {
            for e in entries {
                if !e.page_ref.is_empty() && page_ref_url(&refs, e).is_none() {
                    warnings.push(Warning {
                        path: self.config.path.clone(),
                        line: None,
                        message: format!(
                            "menu `{menu}`, entry \"{}\": pageRef \"{}\" names no page in language `{}`; it links to \"{}\"",
                            e.name, e.page_ref, self.config.language.code, e.url
                        ),
                    });
                }
            }
        }
        warnings
    }
}

/// The URL of the page a menu entry's `pageRef` names (in the entry's language, as Hugo's
/// `.Page.RelPermalink`, which wins over `url`).
fn page_ref_url(refs: &RefIndex, entry: &MenuEntry) -> Option<String> {
    if entry.page_ref.is_empty() {
        return None;
    }
    refs.find("", &entry.page_ref)
        .ok()
        .map(|(url, _)| url.clone())
}

/// Hugo's menu order: by weight, an unweighted (0) entry after weighted ones, then by name
/// and identifier.
fn hugo_menu_order(a: &MenuEntry, b: &MenuEntry) -> std::cmp::Ordering {
    let w = |m: &MenuEntry| (m.weight == 0, m.weight);
    w(a).cmp(&w(b))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.identifier.cmp(&b.identifier))
}

/// The menu entries a page's front matter asks for, with the page's title and URL filled in.
/// `Site::update` compares them: the menus are in every page, so a change needs a full render.
pub(super) fn page_menu_entries(page: &Document) -> Vec<(String, MenuEntry)> {
    let Some(spec) = page
        .meta
        .params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("menu") || k.eq_ignore_ascii_case("menus"))
        .map(|(_, v)| v)
    else {
        return Vec::new();
    };
    let link_title = page
        .meta
        .params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("linkTitle"))
        .and_then(|(_, v)| v.as_str())
        .unwrap_or(&page.meta.title);
    let entry = |settings: Option<&Value>| {
        let get = |key: &str| {
            settings
                .and_then(Value::as_object)
                .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
                .map(|(_, v)| v)
        };
        let name = get("name")
            .and_then(Value::as_str)
            .unwrap_or(link_title)
            .to_string();
        MenuEntry {
            identifier: get("identifier")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| name.to_lowercase()),
            name,
            url: page.path.clone(),
            weight: get("weight")
                .and_then(|w| w.as_i64().or_else(|| w.as_f64().map(|f| f as i64)))
                .or_else(|| (page.meta.weight != 0).then_some(page.meta.weight))
                .unwrap_or(0),
            page_ref: String::new(),
        }
    };
    match spec {
        Value::String(menu) => vec![(menu.clone(), entry(None))],
        Value::Array(menus) => menus
            .iter()
            .filter_map(Value::as_str)
            .map(|m| (m.to_string(), entry(None)))
            .collect(),
        Value::Object(menus) => menus
            .iter()
            .map(|(m, settings)| (m.clone(), entry(Some(settings))))
            .collect(),
        _ => Vec::new(),
    }
}
