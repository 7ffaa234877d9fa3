//! Source titles: a snippet's first line naming the upstream file it was taken from.
//!
//! Source-analysis notes quote real files, and their writers already put the file and line
//! on the snippet's first line (`cmd/kube-controller-manager/app/apps.go:69`). We lift that
//! line out of the code into a title, start the line numbers there, and, when the page pins
//! the upstream repository, link the title to the exact line on the forge.
//!
//! Detection is deliberately narrow so that real code is never eaten: the line must be only
//! a relative path with a known source extension and `:LINE`, optionally behind one comment
//! marker (`//`, `#`, `--`). `// see foo.go:12 for details` and URLs stay code.

use std::sync::OnceLock;

use regex::Regex;

use super::SourcePin;

/// A `path:LINE` reference to an upstream file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub path: String,
    pub line: usize,
}

/// Extensions (lowercase) that mark a path as source code.
const SOURCE_EXTENSIONS: &[&str] = &[
    "asm", "bash", "c", "cc", "cjs", "clj", "cmake", "cpp", "cs", "css", "cxx", "dart", "erl",
    "ex", "exs", "fish", "go", "gradle", "h", "hcl", "hh", "hpp", "hrl", "hs", "html", "java",
    "jl", "js", "json", "jsonnet", "jsx", "kt", "kts", "lua", "m", "md", "mjs", "mk", "ml", "mli",
    "mm", "mod", "nim", "php", "pl", "proto", "ps1", "py", "pyi", "r", "rb", "rs", "s", "scala",
    "scss", "sh", "sql", "sv", "svelte", "swift", "tf", "toml", "ts", "tsx", "v", "vhd", "vue",
    "xml", "yaml", "yml", "zig", "zsh",
];

/// File names without an extension that are still source.
const SOURCE_FILE_NAMES: &[&str] = &[
    "BUILD",
    "Containerfile",
    "Dockerfile",
    "Gemfile",
    "Jenkinsfile",
    "Makefile",
    "Rakefile",
    "Vagrantfile",
    "WORKSPACE",
];

fn reference_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:\./)?((?:[\w@+-][\w.@+-]*/)*[\w@+-][\w.@+-]*):([1-9][0-9]{0,8})$")
            .expect("valid source reference regex")
    })
}

/// Parses a whole string as `path:LINE`: a relative path to a source file and a line.
pub fn parse_reference(s: &str) -> Option<SourceRef> {
    let caps = reference_regex().captures(s.trim())?;
    let path = caps.get(1)?.as_str();
    if !is_source_path(path) {
        return None;
    }
    Some(SourceRef {
        path: path.to_string(),
        line: caps[2].parse().ok()?,
    })
}

fn is_source_path(path: &str) -> bool {
    if path.split('/').any(|seg| seg == "." || seg == "..") {
        return false;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    if SOURCE_FILE_NAMES.contains(&name) {
        return true;
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => {
            SOURCE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        }
        _ => false,
    }
}

/// Looks for a source title on the first line of `code`. Returns the reference and the code
/// that remains once the title line and the blank lines after it are gone.
pub fn detect(code: &str) -> Option<(SourceRef, &str)> {
    let (first, mut rest) = code.split_once('\n').unwrap_or((code, ""));
    let first = first.trim();
    let bare = ["//", "#", "--"]
        .iter()
        .find_map(|marker| first.strip_prefix(marker))
        .unwrap_or(first);
    let reference = parse_reference(bare)?;
    while let Some((line, after)) = rest.split_once('\n') {
        if !line.trim().is_empty() {
            break;
        }
        rest = after;
    }
    if rest.trim().is_empty() {
        rest = "";
    }
    Some((reference, rest))
}

/// The forges whose file URLs we know how to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Forge {
    GitHub,
    GitLab,
    Gitea,
    Bitbucket,
    SourceHut,
}

impl Forge {
    /// Guesses the forge from the host name. Unknown hosts get GitHub's form, since GitHub
    /// Enterprise runs on any host.
    fn of_host(host: &str) -> Forge {
        let host = host.to_ascii_lowercase();
        if host.contains("gitlab") {
            Forge::GitLab
        } else if host == "codeberg.org" || host.contains("gitea") || host.contains("forgejo") {
            Forge::Gitea
        } else if host == "bitbucket.org" {
            Forge::Bitbucket
        } else if host.ends_with("sr.ht") {
            Forge::SourceHut
        } else {
            Forge::GitHub
        }
    }
}

/// The URL of `reference` in the pinned repository, anchored at its line.
///
/// GitHub `REPO/blob/REF/PATH#L69`, GitLab `REPO/-/blob/REF/PATH#L69`, Gitea and Codeberg
/// `REPO/src/{commit|tag|branch}/REF/PATH#L69` (a 7–40 digit hex ref is a commit, `v1.2`-like
/// refs are tags, anything else a branch), Bitbucket `REPO/src/REF/PATH#lines-69`, SourceHut
/// `REPO/tree/REF/item/PATH#L69`.
pub fn upstream_url(pin: &SourcePin, reference: &SourceRef) -> String {
    let repo = pin.repo.trim().trim_end_matches('/');
    let repo = repo.strip_suffix(".git").unwrap_or(repo);
    let host = repo
        .split_once("://")
        .map_or(repo, |(_, rest)| rest)
        .split('/')
        .next()
        .unwrap_or("");
    let (git_ref, path, line) = (pin.git_ref.trim(), &reference.path, reference.line);
    match Forge::of_host(host) {
        Forge::GitHub => format!("{repo}/blob/{git_ref}/{path}#L{line}"),
        Forge::GitLab => format!("{repo}/-/blob/{git_ref}/{path}#L{line}"),
        Forge::Gitea => {
            let kind = gitea_ref_kind(git_ref);
            format!("{repo}/src/{kind}/{git_ref}/{path}#L{line}")
        }
        Forge::Bitbucket => format!("{repo}/src/{git_ref}/{path}#lines-{line}"),
        Forge::SourceHut => format!("{repo}/tree/{git_ref}/item/{path}#L{line}"),
    }
}

fn gitea_ref_kind(git_ref: &str) -> &'static str {
    let is_hex = git_ref.chars().all(|c| c.is_ascii_hexdigit());
    let mut chars = git_ref.chars();
    let first = chars.next();
    let looks_versioned = first.is_some_and(|c| c.is_ascii_digit())
        || (matches!(first, Some('v' | 'V')) && chars.next().is_some_and(|c| c.is_ascii_digit()));
    if is_hex && (7..=40).contains(&git_ref.len()) {
        "commit"
    } else if looks_versioned {
        "tag"
    } else {
        "branch"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin(repo: &str, git_ref: &str) -> SourcePin {
        SourcePin {
            repo: repo.into(),
            git_ref: git_ref.into(),
        }
    }

    fn reference(path: &str, line: usize) -> SourceRef {
        SourceRef {
            path: path.into(),
            line,
        }
    }

    #[test]
    fn detects_a_bare_path_and_line() {
        let code = "cmd/kube-controller-manager/app/apps.go:69\n\n\nfunc start() {}\n";
        let (r, rest) = detect(code).unwrap();
        assert_eq!(r, reference("cmd/kube-controller-manager/app/apps.go", 69));
        assert_eq!(rest, "func start() {}\n");
    }

    #[test]
    fn detects_behind_comment_markers() {
        for first in [
            "// pkg/dns/server.go:12",
            "# scripts/run.sh:3",
            "-- db/schema.sql:40",
        ] {
            let code = format!("{first}\nbody\n");
            let (r, rest) = detect(&code).unwrap_or_else(|| panic!("{first}"));
            assert_eq!(rest, "body\n", "{first}");
            assert!(r.line > 0);
        }
        let (r, _) = detect("//src/main.rs:7\nfn main() {}\n").unwrap();
        assert_eq!(r, reference("src/main.rs", 7));
    }

    #[test]
    fn known_file_names_without_extension() {
        assert_eq!(
            detect("# build/Dockerfile:3\nFROM x\n").unwrap().0,
            reference("build/Dockerfile", 3)
        );
    }

    #[test]
    fn prose_comments_and_urls_are_not_titles() {
        for first in [
            "// see foo.go:12 for details",
            "// foo.go:12 is where it starts",
            "https://github.com/a/b/blob/main/x.go:12",
            "/usr/src/app/main.go:12",
            "../up/main.go:12",
            "main.go",
            "main.go:0",
            "main.go:12:5",
            "notes.txt:3",
            "package main",
            "foo.go: 12",
            "/// docs.rs:3",
        ] {
            assert!(detect(&format!("{first}\nbody\n")).is_none(), "{first}");
        }
    }

    #[test]
    fn title_only_block_leaves_no_code() {
        let (_, rest) = detect("main.go:1\n\n").unwrap();
        assert_eq!(rest, "");
    }

    #[test]
    fn parses_title_attribute_reference() {
        assert_eq!(
            parse_reference("main.go:10"),
            Some(reference("main.go", 10))
        );
        assert_eq!(
            parse_reference("./pkg/a.rs:2"),
            Some(reference("pkg/a.rs", 2))
        );
        assert_eq!(parse_reference("main.go"), None);
    }

    #[test]
    fn github_url() {
        let url = upstream_url(
            &pin("https://github.com/kubernetes/kubernetes", "v1.16.0"),
            &reference("cmd/kube-controller-manager/app/apps.go", 69),
        );
        assert_eq!(
            url,
            "https://github.com/kubernetes/kubernetes/blob/v1.16.0/cmd/kube-controller-manager/app/apps.go#L69"
        );
        let trailing = upstream_url(
            &pin("https://github.com/a/b.git/", "main"),
            &reference("x.go", 1),
        );
        assert_eq!(trailing, "https://github.com/a/b/blob/main/x.go#L1");
    }

    #[test]
    fn gitlab_url() {
        let url = upstream_url(
            &pin("https://gitlab.com/g/p", "main"),
            &reference("a/b.rs", 3),
        );
        assert_eq!(url, "https://gitlab.com/g/p/-/blob/main/a/b.rs#L3");
    }

    #[test]
    fn gitea_urls_name_the_ref_kind() {
        let r = reference("x.go", 5);
        let codeberg = |git_ref| upstream_url(&pin("https://codeberg.org/o/r", git_ref), &r);
        assert_eq!(
            codeberg("main"),
            "https://codeberg.org/o/r/src/branch/main/x.go#L5"
        );
        assert_eq!(
            codeberg("v1.2.0"),
            "https://codeberg.org/o/r/src/tag/v1.2.0/x.go#L5"
        );
        assert_eq!(
            codeberg("3f2a9c1"),
            "https://codeberg.org/o/r/src/commit/3f2a9c1/x.go#L5"
        );
        let gitea = upstream_url(&pin("https://gitea.example.org/o/r", "dev"), &r);
        assert_eq!(
            gitea,
            "https://gitea.example.org/o/r/src/branch/dev/x.go#L5"
        );
    }

    #[test]
    fn other_forges() {
        let r = reference("x.go", 5);
        assert_eq!(
            upstream_url(&pin("https://bitbucket.org/o/r", "main"), &r),
            "https://bitbucket.org/o/r/src/main/x.go#lines-5"
        );
        assert_eq!(
            upstream_url(&pin("https://git.sr.ht/~o/r", "main"), &r),
            "https://git.sr.ht/~o/r/tree/main/item/x.go#L5"
        );
        assert_eq!(
            upstream_url(&pin("https://git.corp.example/o/r", "main"), &r),
            "https://git.corp.example/o/r/blob/main/x.go#L5"
        );
    }
}
