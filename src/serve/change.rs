//! What a batch of file events means for the build: a pure function from changed paths to a
//! [`ChangeKind`], so the decision "how much to rebuild" is tested without a file system.

use std::path::{Component, Path, PathBuf};

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
    /// Templates of the site or of a theme (or anything else in a theme).
    Template,
    /// config.toml and friends: everything is rebuilt.
    Config,
}

pub use crate::config::CONFIG_FILES;

/// The folders under the site root that are watched recursively.
pub const WATCHED_DIRS: [&str; 6] = [
    "content",
    "templates",
    "themes",
    "static",
    "archetypes",
    "config",
];

/// The kind of one changed path, or None when the change cannot affect the built site
/// (archetypes, editor swap files, anything outside the watched folders).
pub fn classify(root: &Path, path: &Path) -> Option<ChangeKind> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_str().unwrap_or("");
    if is_editor_noise(name) {
        return None;
    }
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
        ["content", _, ..] => Some(ChangeKind::Content),
        ["templates", _, ..] => Some(ChangeKind::Template),
        ["static", rest @ ..] if !rest.is_empty() => Some(static_kind(path)),
        ["themes", _theme, "static", _, ..] => Some(static_kind(path)),
        ["themes", _, ..] => Some(ChangeKind::Template),
        _ => None,
    }
}

/// The kind of a whole batch: its biggest member; None when nothing in it matters.
pub fn classify_all(root: &Path, paths: &[PathBuf]) -> Option<ChangeKind> {
    paths.iter().filter_map(|p| classify(root, p)).max()
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
        classify(Path::new("/site"), &Path::new("/site").join(rel))
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
            classify(Path::new("/site"), Path::new("/elsewhere/config.toml")),
            None
        );
    }

    #[test]
    fn a_batch_is_as_big_as_its_biggest_change() {
        let root = Path::new("/site");
        let paths = |rels: &[&str]| rels.iter().map(|r| root.join(r)).collect::<Vec<_>>();
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
