//! What a batch of file events means for the build: a pure function from changed paths to a
//! [`ChangeKind`], so the decision "how much to rebuild" is tested without a file system.
//! Content lives in every language's `contentDir` (`content/`, `content-zh/`), which the
//! loaded configuration names: [`Sources`] carries them.

use std::path::{Component, Path, PathBuf};

use crate::site::BuildOptions;

/// The kinds of change, ordered by how much of the site they can affect: a batch of
/// changes is as big as its biggest member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Only stylesheets among static files: open pages swap their stylesheets, no reload.
    Css,
    /// Other static files (images, scripts, fonts, ...).
    Static,
    /// Markdown and bundle files under content/.
    Content,
    /// Templates of the site or of a theme (or anything else in a theme), and the
    /// translation tables templates read (`i18n/`).
    Template,
    /// config.toml and friends: everything is rebuilt.
    Config,
}

pub use crate::config::CONFIG_FILES;

/// The folders under the site root that are watched recursively, besides the content
/// folders of [`Sources`].
pub const WATCHED_DIRS: [&str; 6] = [
    "templates",
    "themes",
    "static",
    "archetypes",
    "config",
    "i18n",
];

/// Where a site's sources are: its root, and the content folder of each language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    /// The site root, canonical.
    pub root: PathBuf,
    /// Absolute, canonical where they exist: `ROOT/content`, `ROOT/content-zh`.
    pub content_dirs: Vec<PathBuf>,
}

impl Sources {
    /// A site whose only content folder is `content/`.
    pub fn new(root: &Path) -> Sources {
        Sources::with_content_dirs(root, ["content"])
    }

    /// The sources as the site's configuration names them (every language's `contentDir`);
    /// `content/` alone when the configuration cannot be read (the build reports why).
    pub fn read(build: &BuildOptions) -> Sources {
        let root = &build.source;
        match crate::config::Config::from_site_dir(root, &build.environment) {
            Ok(config) => {
                Sources::with_content_dirs(root, config.languages.iter().map(|l| &l.content_dir))
            }
            Err(_) => Sources::new(root),
        }
    }

    fn with_content_dirs(root: &Path, dirs: impl IntoIterator<Item = impl AsRef<Path>>) -> Sources {
        let mut content_dirs: Vec<PathBuf> = Vec::new();
        for dir in dirs {
            let dir = root.join(dir);
            let dir = dir.canonicalize().unwrap_or(dir);
            if !content_dirs.contains(&dir) {
                content_dirs.push(dir);
            }
        }
        Sources {
            root: root.to_path_buf(),
            content_dirs,
        }
    }

    /// Every folder to watch recursively: the content folders, then [`WATCHED_DIRS`].
    pub fn watched_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = self.content_dirs.clone();
        dirs.extend(WATCHED_DIRS.iter().map(|d| self.root.join(d)));
        dirs
    }
}

/// The kind of one changed path, or None when the change cannot affect the built site
/// (archetypes, editor swap files, anything outside the watched folders).
pub fn classify(sources: &Sources, path: &Path) -> Option<ChangeKind> {
    let name = path.file_name()?.to_str().unwrap_or("");
    if is_editor_noise(name) {
        return None;
    }
    let in_content = |dir: &PathBuf| path.starts_with(dir) && path != dir.as_path();
    if sources.content_dirs.iter().any(in_content) {
        return Some(ChangeKind::Content);
    }
    let rel = path.strip_prefix(&sources.root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str().unwrap_or(""),
            _ => "",
        })
        .collect();
    match parts.as_slice() {
        [file] if CONFIG_FILES.contains(file) => Some(ChangeKind::Config),
        ["config", _, ..] => Some(ChangeKind::Config),
        ["templates", _, ..] | ["i18n", _, ..] => Some(ChangeKind::Template),
        ["static", rest @ ..] if !rest.is_empty() => Some(static_kind(path)),
        ["themes", _theme, "static", _, ..] => Some(static_kind(path)),
        ["themes", _, ..] => Some(ChangeKind::Template),
        _ => None,
    }
}

/// The kind of a whole batch: its biggest member; None when nothing in it matters.
pub fn classify_all(sources: &Sources, paths: &[PathBuf]) -> Option<ChangeKind> {
    paths.iter().filter_map(|p| classify(sources, p)).max()
}

fn static_kind(path: &Path) -> ChangeKind {
    let is_css = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("css"));
    if is_css {
        ChangeKind::Css
    } else {
        ChangeKind::Static
    }
}

/// Files editors write beside the real one while saving: vim's swap files and its `4913`
/// probe, emacs lock and autosave files, backup files ending in `~`, JetBrains' temp files.
fn is_editor_noise(name: &str) -> bool {
    name == "4913"
        || name == ".DS_Store"
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(rel: &str) -> Option<ChangeKind> {
        classify(
            &Sources::new(Path::new("/site")),
            &Path::new("/site").join(rel),
        )
    }

    #[test]
    fn paths_are_classified_by_folder() {
        assert_eq!(kind("config.toml"), Some(ChangeKind::Config));
        assert_eq!(kind("hugo.toml"), Some(ChangeKind::Config));
        assert_eq!(kind("config.yaml"), Some(ChangeKind::Config));
        assert_eq!(kind("content/post/x.md"), Some(ChangeKind::Content));
        assert_eq!(
            kind("content/post/x/diagram.png"),
            Some(ChangeKind::Content)
        );
        assert_eq!(kind("templates/page.html"), Some(ChangeKind::Template));
        assert_eq!(kind("i18n/zh.toml"), Some(ChangeKind::Template));
        assert_eq!(
            kind("themes/t/templates/page.html"),
            Some(ChangeKind::Template)
        );
        assert_eq!(kind("themes/t/theme.toml"), Some(ChangeKind::Template));
        assert_eq!(kind("static/img/a.png"), Some(ChangeKind::Static));
        assert_eq!(kind("static/css/site.css"), Some(ChangeKind::Css));
        assert_eq!(kind("static/css/SITE.CSS"), Some(ChangeKind::Css));
        assert_eq!(kind("themes/t/static/css/main.css"), Some(ChangeKind::Css));
        assert_eq!(kind("themes/t/static/js/main.js"), Some(ChangeKind::Static));
    }

    #[test]
    fn changes_that_cannot_affect_the_site_are_ignored() {
        assert_eq!(kind("archetypes/default.md"), None);
        assert_eq!(kind("public/index.html"), None);
        assert_eq!(kind("README.md"), None);
        assert_eq!(kind("content/post/.x.md.swp"), None);
        assert_eq!(kind("content/post/4913"), None);
        assert_eq!(kind("content/post/x.md~"), None);
        assert_eq!(kind("content/post/.#x.md"), None);
        assert_eq!(kind("content/post/#x.md#"), None);
        assert_eq!(kind("content"), None, "the folder itself");
        assert_eq!(kind("nested/config.toml"), None);
        assert_eq!(
            classify(
                &Sources::new(Path::new("/site")),
                Path::new("/elsewhere/config.toml")
            ),
            None
        );
    }

    #[test]
    fn every_language_content_folder_holds_content() {
        let sources =
            Sources::with_content_dirs(Path::new("/site"), ["content", "content.zh", "content/fr"]);
        let at = |p: &str| classify(&sources, Path::new(p));
        assert_eq!(at("/site/content.zh/post/x.md"), Some(ChangeKind::Content));
        assert_eq!(at("/site/content/fr/x.md"), Some(ChangeKind::Content));
        assert_eq!(at("/site/content/x.md"), Some(ChangeKind::Content));
        assert_eq!(at("/site/content.zh/.x.md.swp"), None);
        assert_eq!(at("/site/content.zh"), None, "the folder itself");
        assert_eq!(at("/site/content-zh/x.md"), None, "not a content folder");
        assert_eq!(
            Sources::new(Path::new("/site")).watched_dirs()[0],
            Path::new("/site/content")
        );
    }

    #[test]
    fn a_batch_is_as_big_as_its_biggest_change() {
        let root = &Sources::new(Path::new("/site"));
        let paths = |rels: &[&str]| rels.iter().map(|r| root.root.join(r)).collect::<Vec<_>>();
        assert_eq!(
            classify_all(root, &paths(&["static/a.css", "static/b.css"])),
            Some(ChangeKind::Css)
        );
        assert_eq!(
            classify_all(root, &paths(&["static/a.css", "static/a.png"])),
            Some(ChangeKind::Static)
        );
        assert_eq!(
            classify_all(
                root,
                &paths(&["static/a.css", "content/x.md", "templates/a.html"])
            ),
            Some(ChangeKind::Template)
        );
        assert_eq!(
            classify_all(root, &paths(&["content/x.md", "config.toml"])),
            Some(ChangeKind::Config)
        );
        assert_eq!(classify_all(root, &paths(&["archetypes/a.md"])), None);
        assert_eq!(classify_all(root, &[]), None);
    }
}
