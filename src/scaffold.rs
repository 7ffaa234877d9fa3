//! `blog new`: a new site, or a new content file from an archetype.
//!
//! A new site is a handful of small files (a commented `config.toml`, an about page, the
//! default archetype) that build with the embedded theme, so `blog new site x && cd x &&
//! blog serve` shows a blog at once. A new content file is rendered from an archetype: a
//! tera template found at `archetypes/<section>.md`, else `archetypes/default.md`, else the
//! built-in one, given `title` (from the file name), `date` (now, local zone, RFC 3339),
//! `draft` (true), `section` and `name`. Hugo's most common archetype expressions
//! (`{{ .Date }}`, `{{ replace .Name "-" " " | title }}`) are read too, so a Hugo site's
//! archetypes keep working. Neither command ever overwrites a file, or writes through a
//! link.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context as _};
use chrono::SecondsFormat;

use crate::beneath::{Dir, Links};

const CONFIG_TOML: &str = include_str!("scaffold/config.toml");
const ABOUT_MD: &str = include_str!("scaffold/about.md");
const DEFAULT_ARCHETYPE: &str = include_str!("scaffold/archetype.md");

/// `blog new site DIR [--force]`: creates the folders and starter files of a site. A
/// non-empty `dir` is refused unless `force`; even then, existing files are kept as they are.
pub fn new_site(dir: &Path, force: bool) -> anyhow::Result<()> {
    if !force && is_non_empty_dir(dir)? {
        bail!(
            "{} already exists and is not empty; use --force to create the site in it anyway",
            dir.display()
        );
    }
    fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    // Everything beneath `dir` is made without following a link: with --force, a link
    // already there (`archetypes/default.md -> /elsewhere`) is kept, never written through.
    let root = Dir::open(dir).with_context(|| format!("{}: cannot open", dir.display()))?;
    for folder in [
        "content/post",
        "static",
        "archetypes",
        "templates",
        "themes",
    ] {
        if let Err(e) = root.make_dirs(Path::new(folder)) {
            let path = dir.join(folder);
            if is_link_error(&e) {
                eprintln!("{}: a link on the way, kept as it is", path.display());
                continue;
            }
            return Err(e).with_context(|| format!("{}: cannot create", path.display()));
        }
    }
    let files = [
        ("config.toml", CONFIG_TOML),
        ("content/about.md", ABOUT_MD),
        ("archetypes/default.md", DEFAULT_ARCHETYPE),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        let rel = Path::new(rel);
        let created = root
            .dir(rel.parent().unwrap_or(Path::new("")), Links::Never)
            .and_then(|folder| folder.create_new(rel.file_name().unwrap_or_default(), 0o666));
        match created {
            Ok(mut file) => file
                .write_all(text.as_bytes())
                .with_context(|| format!("{}: cannot write", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists || is_link_error(&e) => {
                eprintln!("{}: exists, kept as it is", path.display());
            }
            Err(e) => return Err(e).with_context(|| format!("{}: cannot write", path.display())),
        }
    }
    Ok(())
}

/// A link met where a folder was to be made or opened.
fn is_link_error(e: &std::io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::ELOOP) | Some(libc::ENOTDIR))
}

/// `blog new [content] post/x.md`: `site` is the site root, `path` is relative to `content/`
/// (a leading `content/` is accepted too). Returns the path of the new file.
pub fn new_content(site: &Path, path: &Path) -> anyhow::Result<PathBuf> {
    let rel = content_relative(path)?;
    let target = site.join("content").join(&rel);
    let archetype = find_archetype(site, &section_of(&rel))?;
    let text = render_archetype(&archetype, &ArchetypeContext::for_path(&rel))?;
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot create", parent.display()))?;
    }
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!("{}: already exists; not overwritten", target.display())
        }
        Err(e) => return Err(e).with_context(|| format!("{}: cannot create", target.display())),
    };
    file.write_all(text.as_bytes())
        .with_context(|| format!("{}: cannot write", target.display()))?;
    Ok(target)
}

/// Where an archetype comes from: its text and, for messages, its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archetype {
    pub text: String,
    /// None for the built-in archetype.
    pub path: Option<PathBuf>,
}

/// `archetypes/<section>.md`, else `archetypes/default.md`, else the built-in archetype.
pub fn find_archetype(site: &Path, section: &str) -> anyhow::Result<Archetype> {
    let dir = site.join("archetypes");
    let mut candidates = Vec::new();
    if !section.is_empty() {
        candidates.push(dir.join(format!("{section}.md")));
    }
    candidates.push(dir.join("default.md"));
    for path in candidates {
        if path.is_file() {
            let text = fs::read_to_string(&path)
                .with_context(|| format!("{}: cannot read", path.display()))?;
            return Ok(Archetype {
                text,
                path: Some(path),
            });
        }
    }
    Ok(Archetype {
        text: DEFAULT_ARCHETYPE.to_string(),
        path: None,
    })
}

/// The values an archetype sees.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ArchetypeContext {
    /// "My First Post" for `my-first-post.md` (or `my-first-post/index.md`).
    pub title: String,
    /// Now, in the local zone, RFC 3339 (`2024-05-01T09:30:00+08:00`).
    pub date: String,
    pub draft: bool,
    /// The first folder under content/ (`post`), empty for a page at the root.
    pub section: String,
    /// The file's base name without extension (`my-first-post`).
    pub name: String,
}

impl ArchetypeContext {
    pub fn for_path(rel: &Path) -> Self {
        let name = page_name(rel);
        ArchetypeContext {
            title: title_from_name(&name),
            date: chrono::Local::now().to_rfc3339_opts(SecondsFormat::Secs, false),
            draft: true,
            section: section_of(rel),
            name,
        }
    }
}

/// Renders an archetype with tera, after turning Hugo's usual expressions into ours.
pub fn render_archetype(
    archetype: &Archetype,
    context: &ArchetypeContext,
) -> anyhow::Result<String> {
    let source = translate_hugo(&archetype.text);
    let context = tera::Context::from_serialize(context)?;
    tera::Tera::one_off(&source, &context, false).map_err(|e| {
        let origin = archetype.path.as_ref().map_or_else(
            || "built-in archetype".to_string(),
            |p| p.display().to_string(),
        );
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(inner) = source {
            message = format!("{message}: {inner}");
            source = inner.source();
        }
        anyhow::anyhow!("{origin}: {message}")
    })
}

/// Rewrites the Hugo archetype expressions people actually use into tera ones.
fn translate_hugo(text: &str) -> String {
    let title = regex::Regex::new(
        r#"\{\{-?\s*replace\s+\.(?:Name|File\.ContentBaseName|File\.BaseFileName)\s+"-"\s+" "\s*\|\s*title\s*-?\}\}"#,
    )
    .expect("title regex");
    let simple =
        regex::Regex::new(r"\{\{-?\s*\.(Date|Name|Section|Draft)\s*-?\}\}").expect("regex");
    let text = title.replace_all(text, "{{ title }}");
    simple
        .replace_all(&text, |caps: &regex::Captures| {
            format!("{{{{ {} }}}}", caps[1].to_ascii_lowercase())
        })
        .into_owned()
}

/// Checks that `path` is a relative markdown path that stays inside content/ and returns it
/// without a leading `content/`.
fn content_relative(path: &Path) -> anyhow::Result<PathBuf> {
    let path = path.strip_prefix("content").unwrap_or(path);
    let safe = path.components().all(|c| matches!(c, Component::Normal(_)));
    if !safe || path.as_os_str().is_empty() {
        bail!(
            "{}: give a path under content/, like post/my-first-post.md",
            path.display()
        );
    }
    let is_markdown = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    if !is_markdown {
        bail!("{}: a content file ends in .md", path.display());
    }
    Ok(path.to_path_buf())
}

/// The section is the first folder: `post` for `post/x.md`, empty for `about.md`.
fn section_of(rel: &Path) -> String {
    let mut parts = rel.components();
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(first)), Some(_)) => first.to_string_lossy().into_owned(),
        _ => String::new(),
    }
}

/// `my-note` for `post/my-note.md`, and for the bundle `post/my-note/index.md`.
fn page_name(rel: &Path) -> String {
    let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
    if stem == "index" || stem == "_index" {
        if let Some(parent) = rel.parent().and_then(Path::file_name) {
            return parent.to_string_lossy().into_owned();
        }
    }
    stem.into_owned()
}

/// "My First Post" from "my-first-post": dashes and underscores become spaces, and each
/// word starts with a capital (words in scripts without case are left as they are).
pub fn title_from_name(name: &str) -> String {
    name.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn is_non_empty_dir(dir: &Path) -> anyhow::Result<bool> {
    match fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", dir.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_file_names() {
        assert_eq!(title_from_name("my-first-post"), "My First Post");
        assert_eq!(
            title_from_name("coredns_plugin-chain"),
            "Coredns Plugin Chain"
        );
        assert_eq!(
            title_from_name("kube-proxy-源码分析"),
            "Kube Proxy 源码分析"
        );
        assert_eq!(page_name(Path::new("post/x-y/index.md")), "x-y");
        assert_eq!(page_name(Path::new("post/x-y.md")), "x-y");
    }

    #[test]
    fn sections_are_the_first_folder() {
        assert_eq!(section_of(Path::new("post/x.md")), "post");
        assert_eq!(section_of(Path::new("notes/k8s/x.md")), "notes");
        assert_eq!(section_of(Path::new("about.md")), "");
    }

    #[test]
    fn content_paths_stay_inside_content() {
        assert_eq!(
            content_relative(Path::new("content/post/x.md")).unwrap(),
            Path::new("post/x.md")
        );
        assert!(content_relative(Path::new("../x.md")).is_err());
        assert!(content_relative(Path::new("/tmp/x.md")).is_err());
        assert!(content_relative(Path::new("post/./x.md")).is_ok()); // `.` is dropped by components()
        assert!(content_relative(Path::new("post/x.txt")).is_err());
    }

    #[test]
    fn built_in_archetype_renders_front_matter() {
        let context = ArchetypeContext::for_path(Path::new("post/my-first-post.md"));
        let archetype = Archetype {
            text: DEFAULT_ARCHETYPE.to_string(),
            path: None,
        };
        let text = render_archetype(&archetype, &context).unwrap();
        assert!(text.contains("title: \"My First Post\""), "{text}");
        assert!(text.contains("draft: true"), "{text}");
        assert!(text.contains(&format!("date: {}", context.date)), "{text}");
        assert!(chrono::DateTime::parse_from_rfc3339(&context.date).is_ok());
    }

    #[test]
    fn hugo_archetype_expressions_are_translated() {
        let hugo = "+++\ntitle = '{{ replace .File.ContentBaseName \"-\" \" \" | title }}'\ndate = {{ .Date }}\ndraft = true\n+++\n";
        let archetype = Archetype {
            text: hugo.to_string(),
            path: None,
        };
        let mut context = ArchetypeContext::for_path(Path::new("post/a-b.md"));
        context.date = "2024-01-02T03:04:05+08:00".to_string();
        let text = render_archetype(&archetype, &context).unwrap();
        assert_eq!(
            text,
            "+++\ntitle = 'A B'\ndate = 2024-01-02T03:04:05+08:00\ndraft = true\n+++\n"
        );
    }

    #[test]
    fn a_broken_archetype_names_its_file() {
        let archetype = Archetype {
            text: "{{ title".to_string(),
            path: Some(PathBuf::from("archetypes/post.md")),
        };
        let context = ArchetypeContext::for_path(Path::new("post/a.md"));
        let e = render_archetype(&archetype, &context).unwrap_err();
        assert!(e.to_string().starts_with("archetypes/post.md: "), "{e}");
    }
}
