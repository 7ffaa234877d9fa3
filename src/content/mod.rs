//! Pages, sections and front matter: everything read from `content/`, and nothing rendered.
//!
//! `load` is the only function here that touches the disk: it walks `content/`, sorts files
//! into pages, section indexes, bundle resources and plain files, then parses the pages in
//! parallel: front matter, dates and URLs, the markdown body kept as text for the render
//! stage. Every page that fails is reported, not just the first.

pub mod dates;
pub mod document;
pub mod languages;
pub mod meta;
pub mod page;
pub mod urls;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::page::{Page, ParseContext, Parsed, Section};
use crate::error::Error;
use crate::{Result, Warning};

/// What `content/` holds, parsed and filtered for this build.
#[derive(Debug, Default)]
pub struct Content {
    /// Regular pages that are in this build.
    pub pages: Vec<Page>,
    /// Section indexes by folder (`""` is the home page, `post`, `post/sub`); a top-level
    /// folder without `_index.md` still gets one, as in Hugo.
    pub sections: BTreeMap<String, Section>,
    /// Files copied as they are: output path -> source path.
    pub copies: BTreeMap<PathBuf, PathBuf>,
    /// The warnings of the pages in the build, sorted; the site fills it (`Site::derive`).
    pub warnings: Vec<Warning>,
    /// The front matter warnings of pages left out of the build: `draft: yes` is why a page
    /// is missing, so it is said even though the page is not built.
    pub left_out_warnings: Vec<Warning>,
}

/// Which pages are in the build.
#[derive(Debug, Clone, Copy)]
pub struct Filter {
    pub drafts: bool,
    pub future: bool,
    pub expired: bool,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// The files under `content/`, sorted into kinds before anything is parsed.
#[derive(Debug, Default)]
struct Inventory {
    /// Pages of this language: (path as the page knows it, path of the file), both under
    /// the content folder; they differ by a language suffix (`about.md`, `about.zh.md`).
    markdown: Vec<(String, String)>,
    /// Bundle folder (relative, `/`-separated) -> its resources (relative to content/).
    bundle_resources: BTreeMap<String, Vec<String>>,
    plain_files: Vec<String>,
}

pub fn load(root: &Path, ctx: &ParseContext, filter: Filter) -> Result<Content> {
    let mut content = Content::default();
    let mut errors = Vec::new();
    let dirs = languages::content_dirs(ctx.config);
    let mut roots = publishable_roots(root);
    roots.extend(
        dirs.iter()
            .filter_map(|d| root.join(&d.dir).canonicalize().ok()),
    );
    for dir in dirs {
        let content_dir = root.join(&dir.dir);
        if !content_dir.is_dir() {
            continue;
        }
        let inventory = take_inventory(&content_dir, &roots, &dir, ctx.config)?;
        let parsed: Vec<Result<Parsed>> = inventory
            .markdown
            .par_iter()
            .map(|(rel, file)| {
                let text = read_page_text(&content_dir, file, ctx.config.limits.max_file_size)?;
                Parsed::parse_file(rel, &Path::new(&dir.dir).join(file), &text, ctx)
            })
            .collect();
        for result in parsed {
            match result {
                Ok(Parsed::Section(section)) => {
                    content
                        .sections
                        .entry(section.dir.clone())
                        .or_insert(section);
                }
                Ok(Parsed::Page(page)) => {
                    if page.is_published(filter.drafts, filter.future, filter.expired, filter.now) {
                        content.pages.push(page);
                    } else {
                        content.left_out_warnings.extend(page.doc.warnings);
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        add_copies(&mut content, &inventory, &content_dir);
    }
    Error::collect(errors)?;
    let mut content = with_home_section(content, ctx);
    add_implied_sections(&mut content, ctx);
    assign_parents(&mut content);
    Ok(content)
}

/// The front matter errors of every page, found without rendering anything: what a build
/// whose config failed reports beside the config's errors, so one run shows them all.
pub fn front_matter_errors(root: &Path, config: &crate::config::Config) -> Vec<Error> {
    let roots = publishable_roots(root);
    let mut errors = Vec::new();
    for dir in languages::content_dirs(config) {
        let content_dir = root.join(&dir.dir);
        let inventory = match take_inventory(&content_dir, &roots, &dir, config) {
            Ok(inventory) => inventory,
            Err(e) => {
                errors.extend(e.into_list());
                continue;
            }
        };
        let found: Vec<Error> = inventory
            .markdown
            .par_iter()
            .filter_map(|(_, file)| {
                let text = read_page_text(&content_dir, file, config.limits.max_file_size).ok()?;
                let path = Path::new(&dir.dir).join(file);
                page::read_front_matter(&path, &text, &config.taxonomies).err()
            })
            .flat_map(Error::into_list)
            .collect();
        errors.extend(found);
    }
    errors
}

/// The folders whose files a site may publish or serve. A link inside the site must resolve
/// into one of them: `content/x -> /etc/passwd` or `static/c -> ../config.toml` would
/// otherwise publish a file from outside (a secret, the site's `.git/config`).
pub fn publishable_roots(root: &Path) -> Vec<PathBuf> {
    ["content", "static", "themes"]
        .iter()
        .filter_map(|dir| root.join(dir).canonicalize().ok())
        .collect()
}

/// Whether `path`, links resolved, lies inside one of `roots`.
pub fn is_publishable(roots: &[PathBuf], path: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|real| roots.iter().any(|r| real.starts_with(r)))
}

/// The files of one content folder for `config`'s language, sorted into kinds.
fn take_inventory(
    content_dir: &Path,
    roots: &[PathBuf],
    dir: &languages::ContentDir,
    config: &crate::config::Config,
) -> Result<Inventory> {
    let mut files = Vec::new();
    // Folders reached through a link: what is under them is checked like a linked file.
    let mut linked: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        // A dangling link or an unreadable folder is reported, not skipped.
        let entry = entry.map_err(|e| walk_error(content_dir, e))?;
        let through_link =
            entry.path_is_symlink() || linked.iter().any(|d| entry.path().starts_with(d));
        if through_link {
            check_link(content_dir, entry.path(), roots)?;
            if entry.file_type().is_dir() {
                linked.push(entry.path().to_path_buf());
            }
        }
        if !entry.file_type().is_file() || is_ignored(entry.file_name().to_string_lossy().as_ref())
        {
            continue;
        }
        let rel = entry.path().strip_prefix(content_dir).unwrap();
        files.push(rel.to_string_lossy().replace('\\', "/"));
    }
    // Each file under the name its page has in every language (`index.zh.md` is a bundle's
    // `index.md`), with the language its suffix names, if any.
    let named: Vec<(String, Option<&str>, String)> = files
        .into_iter()
        .map(|file| {
            let (rel, code) = languages::split_language(&file, &config.language_codes);
            (rel, code, file)
        })
        .collect();
    let bundles: BTreeSet<&str> = named
        .iter()
        .filter_map(|(rel, _, _)| rel.strip_suffix("/index.md"))
        .collect();
    let mine = |code: Option<&str>| code.map_or(dir.owned, |c| c == config.language.code);
    let mut inv = Inventory::default();
    for (rel, code, file) in &named {
        let bundle = bundles
            .iter()
            .rev()
            .find(|b| rel.starts_with(&format!("{b}/")) && *rel != format!("{b}/index.md"));
        let is_md = rel.ends_with(".md") || rel.ends_with(".markdown");
        match bundle {
            Some(b) if !is_md => inv
                .bundle_resources
                .entry(b.to_string())
                .or_default()
                .push(file.clone()),
            Some(_) => {} // other markdown in a leaf bundle is a resource, not a page
            None if is_md && mine(*code) => inv.markdown.push((rel.clone(), file.clone())),
            None if is_md => {}
            None if dir.owned => inv.plain_files.push(file.clone()),
            None => {}
        }
    }
    Ok(inv)
}

/// The text of the page at `rel` under `content_dir`; a file larger than `[limits]
/// maxFileSize` is refused before it is read.
pub fn read_page_text(content_dir: &Path, rel: &str, max: u64) -> Result<String> {
    let path = content_dir.join(rel);
    let shown = Path::new(content_dir.file_name().unwrap_or("content".as_ref())).join(rel);
    let size = std::fs::metadata(&path)
        .map_err(|e| Error::read(&shown, e))?
        .len();
    if size <= max {
        let bytes = std::fs::read(&path).map_err(|e| Error::read(&shown, e))?;
        return Ok(String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()));
    }
    Err(Error::Limit {
        path: shown,
        location: crate::error::Location::new(1, 1),
        message: format!(
            "the file is {size} bytes, over the limit for one content file ({max} bytes); split it, or raise `maxFileSize` under [limits] in the config"
        ),
    })
}

/// Refuses a file or folder reached through a link that leads out of the site's content,
/// static files and themes.
fn check_link(content_dir: &Path, path: &Path, roots: &[PathBuf]) -> Result<()> {
    if is_publishable(roots, path) {
        return Ok(());
    }
    let shown = Path::new("content").join(path.strip_prefix(content_dir).unwrap_or(path));
    let target = path
        .canonicalize()
        .map_or_else(|_| "?".into(), |t| t.display().to_string());
    Err(Error::Content {
        path: shown,
        message: format!(
            "a link to {target}, outside content/, static/ and themes/; blog never publishes files from outside the site. Copy the file into the site instead"
        ),
    })
}

/// A file or folder that cannot be walked, named as the writer knows it, with its cause said
/// once (walkdir's own message repeats the path and the OS error).
fn walk_error(content_dir: &Path, e: walkdir::Error) -> Error {
    let path = e.path().unwrap_or(content_dir);
    let shown = Path::new("content").join(path.strip_prefix(content_dir).unwrap_or(path));
    let cause = match (e.io_error(), e.loop_ancestor()) {
        (Some(io), _) if io.kind() == std::io::ErrorKind::NotFound => std::io::Error::new(
            io.kind(),
            "it does not exist (a symbolic link to nothing? fix or remove it)",
        ),
        (Some(io), _) => std::io::Error::new(io.kind(), io.to_string()),
        (None, Some(ancestor)) => std::io::Error::other(format!(
            "a symbolic link loop back to {}; remove the link",
            ancestor.display()
        )),
        (None, None) => std::io::Error::other(e.to_string()),
    };
    Error::read(&shown, cause)
}

/// Editor droppings and hidden files are never content.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// Bundle resources go beside their page (wherever its URL puts it); other files keep their
/// path. Resources of a page not in the build are not copied.
fn add_copies(content: &mut Content, inv: &Inventory, content_dir: &Path) {
    for rel in &inv.plain_files {
        content
            .copies
            .insert(PathBuf::from(rel), content_dir.join(rel));
    }
    for page in &content.pages {
        let Some(bundle) = page.rel.strip_suffix("/index.md") else {
            continue;
        };
        let Some(resources) = inv.bundle_resources.get(bundle) else {
            continue;
        };
        let out_dir = urls::output_file(&page.path);
        let out_dir = out_dir.parent().unwrap_or(Path::new(""));
        for rel in resources {
            let inside = &rel[bundle.len() + 1..];
            content
                .copies
                .insert(out_dir.join(inside), content_dir.join(rel));
        }
    }
}

fn with_home_section(mut content: Content, ctx: &ParseContext) -> Content {
    if !content.sections.contains_key("") {
        let mut home = Section::implied("", ctx);
        home.meta.title = ctx.config.title.clone();
        content.sections.insert(String::new(), home);
    }
    content
}

/// Every top-level folder with pages is a section, `_index.md` or not.
fn add_implied_sections(content: &mut Content, ctx: &ParseContext) {
    let tops: BTreeSet<String> = content
        .pages
        .iter()
        .filter(|p| !p.section.is_empty())
        .map(|p| p.section.clone())
        .collect();
    for top in tops {
        content
            .sections
            .entry(top)
            .or_insert_with_key(|top| Section::implied(top, ctx));
    }
}

/// Gives every page its parent section.
fn assign_parents(content: &mut Content) {
    let sections = std::mem::take(&mut content.sections);
    for page in &mut content.pages {
        place(page, &sections);
    }
    content.sections = sections;
}

/// Sets a freshly parsed page's `parent` to the section that lists it: the nearest folder
/// at or above its own that is a section (`post/sub/b.md` belongs to `post` when
/// `post/sub/` has no `_index.md`). The full load and incremental updates both place pages
/// with this function, so the two cannot disagree on prev/next or on lists.
pub fn place(page: &mut Page, sections: &BTreeMap<String, Section>) {
    let mut dir = page.parent.as_str();
    while !dir.is_empty() && !sections.contains_key(dir) {
        dir = dir.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    }
    page.parent = dir.to_string();
}

/// Which sections the home page lists: `params.mainSections` when it names any (Hugo's
/// key), otherwise every section, so that notes in `k8s/`, `golang/` and `post/` all show.
pub fn main_sections(
    params: &serde_json::Map<String, serde_json::Value>,
) -> Option<BTreeSet<String>> {
    let configured: BTreeSet<String> = params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("mainSections"))
        .map(|(_, v)| match v {
            serde_json::Value::String(s) => vec![s.clone()],
            v => v
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect(),
        })
        .unwrap_or_default()
        .into_iter()
        .collect();
    (!configured.is_empty()).then_some(configured)
}

/// Whether the list of section `dir` (`""`: the home page) shows `page`. A section shows
/// every page under its folder, nested ones included; the home page shows the pages of the
/// main sections (all sections unless `main` names some), never standalone root pages.
/// Lists, feeds, the archive and incremental updates all ask this one function.
pub fn lists(dir: &str, page: &Page, main: Option<&BTreeSet<String>>) -> bool {
    if dir.is_empty() {
        !page.section.is_empty() && main.is_none_or(|m| m.contains(&page.section))
    } else {
        page.parent == dir
            || page
                .parent
                .strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
    }
}
