//! The render steps of a site with Hugo templates (see `crate::hugo`): every node in each of
//! its output formats, pagers, aliases and the 404 page, into the same [`Output`] the tera
//! steps fill, so the one writer writes them.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{settle, Output, Rendered, Site};
use crate::config::Kind;
use crate::content::urls::{first_pager_alias, normalize_url, output_file, pager_path};
use crate::error::Error;
use crate::hugo::view::{NodeKind, View};
use crate::hugo::{template_error, Engine};
use crate::{Result, Warning};

/// One output a node makes: `index.html`, `index.xml`, `index.json`.
fn output_of(url_path: &str, format: &str) -> Option<PathBuf> {
    let dir = |name: &str| {
        let base = if url_path.ends_with('/') {
            url_path.to_string()
        } else {
            format!("{url_path}/")
        };
        output_file(&format!("{base}{name}"))
    };
    match format {
        "html" => Some(output_file(url_path)),
        "rss" => Some(dir("index.xml")),
        "json" => Some(dir("index.json")),
        _ => None,
    }
}

/// Hugo adds its generator tag to the home page when the theme has none
/// (`disableHugoGeneratorInject`); blog names itself the same way.
fn with_generator(text: String) -> String {
    if text.contains("name=\"generator\"") {
        return text;
    }
    match text.find("</head>") {
        Some(at) => {
            let tag = format!(
                "\t<meta name=\"generator\" content=\"Hugo {}\">\n",
                crate::hugo::host::HUGO_VERSION
            );
            let mut t = text;
            t.insert_str(at, &tag);
            t
        }
        None => text,
    }
}

impl Site {
    /// Whether a node of this kind is rendered, by `disableKinds`.
    fn hugo_renders(&self, kind: NodeKind) -> bool {
        let k = match kind {
            NodeKind::Home => Kind::Home,
            NodeKind::Page => Kind::Page,
            NodeKind::Section => Kind::Section,
            NodeKind::Taxonomy => Kind::Taxonomy,
            NodeKind::Term => Kind::Term,
            NodeKind::NotFound => Kind::NotFound,
        };
        !self.config.disabled(k)
    }

    /// Every node of the site in each of its formats, with the theme's templates.
    pub(super) fn render_hugo(&self, out: &mut Output) {
        let Some(engine) = &self.hugo else {
            return;
        };
        let view = Arc::new(View::build(self));
        let mut jobs: Vec<(usize, String)> = Vec::new();
        for (i, n) in view.nodes.iter().enumerate() {
            let Some(kind) = n.kind else { continue };
            if !self.hugo_renders(kind) {
                continue;
            }
            jobs.push((i, "html".into()));
            for f in &n.formats {
                if f == "rss" && self.config.disabled(Kind::Rss) {
                    continue;
                }
                jobs.push((i, f.clone()));
            }
        }
        let on_disk = out.on_disk.as_ref();
        let only = out.only.clone();
        let wants = |p: &PathBuf| only.as_ref().is_none_or(|o| o.contains(p));
        let results: Vec<Vec<(PathBuf, Result<Rendered>)>> = jobs
            .par_iter()
            .map(|(i, format)| self.render_hugo_node(engine, &view, *i, format, &wants, on_disk))
            .collect();
        // The report counts what is not a regular page as a list.
        let pages: std::collections::HashSet<PathBuf> = view
            .nodes
            .iter()
            .filter(|n| n.kind == Some(NodeKind::Page))
            .map(|n| output_file(&n.url_path))
            .collect();
        for (path, r) in results.into_iter().flatten() {
            if path.file_name().is_some_and(|f| f == "index.html") && !pages.contains(&path) {
                out.list_pages += 1;
            }
            out.add_settled(path, r);
        }
        self.render_hugo_aliases(engine, &view, out);
        for message in engine.warnings(&view) {
            out.warnings.push(Warning {
                path: PathBuf::from("layouts"),
                line: None,
                message,
            });
        }
    }

    fn render_hugo_node(
        &self,
        engine: &Engine,
        view: &Arc<View>,
        i: usize,
        format: &str,
        wants: &(dyn Fn(&PathBuf) -> bool + Sync),
        on_disk: Option<&crate::output::OnDisk>,
    ) -> Vec<(PathBuf, Result<Rendered>)> {
        let n = view.node(i);
        let mut out = Vec::new();
        let Some(path) = output_of(&n.url_path, format) else {
            return out;
        };
        let while_rendering = |e: hugotheme::Error| {
            let mut err = template_error(&e);
            if let Error::Template { message, .. } = &mut err {
                let page = if n.file_rel.is_empty() {
                    n.url_path.clone()
                } else {
                    format!("content/{}", n.file_rel)
                };
                message.push_str(&format!(" (while rendering {page})"));
            }
            err
        };
        let first = match engine.render(view, i, format, 1) {
            Ok(Some(r)) => r,
            Ok(None) => {
                view.warn(&format!(
                    "no {format} template for a page of kind {:?} ({}): it is not rendered",
                    n.kind.map_or("page", |k| k.name()),
                    n.hugo_path
                ));
                return out;
            }
            Err(e) => {
                out.push((path, Err(while_rendering(e))));
                return out;
            }
        };
        let pagers = first.pagers;
        let text = if n.kind == Some(NodeKind::Home) && format == "html" {
            with_generator(first.text)
        } else {
            first.text
        };
        if wants(&path) {
            out.push((path.clone(), settle(on_disk, &path, Ok(text))));
        }
        if format != "html" {
            return out;
        }
        for pager in 2..=pagers.unwrap_or(1) {
            let p = output_file(&pager_path(&n.url_path, pager));
            if !wants(&p) {
                continue;
            }
            let r = match engine.render(view, i, format, pager) {
                Ok(Some(r)) if n.kind == Some(NodeKind::Home) => Ok(with_generator(r.text)),
                Ok(Some(r)) => Ok(r.text),
                Ok(None) => continue,
                Err(e) => Err(while_rendering(e)),
            };
            out.push((p.clone(), settle(on_disk, &p, r)));
        }
        if pagers.is_some() {
            let alias = output_file(&first_pager_alias(&n.url_path));
            if wants(&alias) {
                let r = engine
                    .render_alias(view, i)
                    .map(Option::unwrap_or_default)
                    .map_err(|e| template_error(&e));
                out.push((alias.clone(), settle(on_disk, &alias, r)));
            }
        }
        out
    }

    /// The redirect pages of every node's `aliases`.
    fn render_hugo_aliases(&self, engine: &Engine, view: &Arc<View>, out: &mut Output) {
        for (i, n) in view.nodes.iter().enumerate() {
            if n.kind != Some(NodeKind::Page) || !self.hugo_renders(NodeKind::Page) {
                continue;
            }
            for alias in &n.aliases {
                let path = output_file(&normalize_url(alias));
                if !out.wants(&path) {
                    continue;
                }
                let r = engine
                    .render_alias(view, i)
                    .map(Option::unwrap_or_default)
                    .map_err(|e| template_error(&e));
                out.aliases += 1;
                out.add(path, r);
            }
        }
    }
}
