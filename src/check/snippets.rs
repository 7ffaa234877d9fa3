//! Code against its upstream: a block titled `path:LINE` on a page pinned to `{repo, ref}`
//! must quote that file at that ref from that line on.
//!
//! The upstream is read from a local clone with `git cat-file --batch` only (object lookup:
//! never a checkout, so the clone's work tree and index are never touched, whatever branch
//! it is on). Lines are compared trimmed, so re-indenting a snippet is fine; a line that is
//! only `...` or `// ...` stands for any number of skipped lines.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rayon::prelude::*;

use super::source::SourceFile;
use super::{Kind, Place, Problem};
use crate::content::document::Document;
use crate::markdown::highlight::{source_title, SourcePin};
use crate::site::Site;

/// What the snippet pass found.
#[derive(Debug, Default)]
pub struct Snippets {
    pub problems: Vec<Problem>,
    /// Blocks compared with their upstream.
    pub checked: usize,
    /// Titled blocks of pinned pages whose repository has no known local clone, by repo.
    pub unchecked: BTreeMap<String, usize>,
    /// Title lines rewritten by `--fix`.
    pub fixed: usize,
}

/// A titled block of a pinned page.
struct Titled {
    file: usize,
    pin: SourcePin,
    path: String,
    line: usize,
    /// Byte offset of LINE's digits in the content file (what `--fix` rewrites).
    digits: usize,
    code: String,
}

/// Compares every titled block with its upstream; rewrites moved titles when `fix`.
pub fn check(site: &Site, upstreams: &[(String, PathBuf)], fix: bool) -> Snippets {
    let pages = site.content.pages.iter().map(|p| &p.doc);
    let pinned: Vec<(&Document, SourcePin)> = pages
        .chain(site.content.sections.values().map(|s| &s.doc))
        .filter_map(|p| {
            let pin = p.meta.source.as_ref().or(site.config.source.as_ref())?;
            Some((p, pin.clone()))
        })
        .collect();
    let sources: Vec<SourceFile> = pinned
        .par_iter()
        .map(|(p, _)| {
            SourceFile::read(&site.root, &p.file)
                .unwrap_or_else(|_| SourceFile::parse(p.file.clone(), String::new()))
        })
        .collect();
    let titled: Vec<Titled> = sources
        .iter()
        .zip(&pinned)
        .enumerate()
        .flat_map(|(i, (s, (_, pin)))| titled_blocks(site, i, s, pin))
        .collect();
    let mut found = Snippets::default();
    let mut by_clone: BTreeMap<PathBuf, Vec<&Titled>> = BTreeMap::new();
    for block in &titled {
        match clone_of(site, upstreams, &block.pin.repo) {
            Some(clone) => by_clone.entry(clone).or_default().push(block),
            None => *found.unchecked.entry(block.pin.repo.clone()).or_default() += 1,
        }
    }
    let mut fixes: BTreeMap<usize, Vec<(usize, usize, usize)>> = BTreeMap::new();
    for (clone, blocks) in by_clone {
        compare_clone(&clone, &blocks, &sources, &mut found, &mut fixes);
    }
    if fix {
        for (file, edits) in fixes {
            if rewrite_titles(&site.root, &sources[file], &edits).is_ok() {
                found.fixed += edits.len();
            }
        }
    }
    found
}

fn titled_blocks(site: &Site, file: usize, source: &SourceFile, pin: &SourcePin) -> Vec<Titled> {
    source
        .code_blocks
        .iter()
        .filter_map(|block| {
            let (reference, code) = source_title(&site.config.highlight, &block.info, &block.code)?;
            let needle = format!("{}:{}", reference.path, reference.line);
            let at = source.text[block.range.clone()].find(&needle)? + block.range.start;
            Some(Titled {
                file,
                pin: pin.clone(),
                digits: at + reference.path.len() + 1,
                path: reference.path,
                line: reference.line,
                code: code.to_string(),
            })
        })
        .collect()
}

/// The local clone of `repo`: from `--upstream`, else `[params.source] path` when `repo` is
/// the site's default upstream.
fn clone_of(site: &Site, upstreams: &[(String, PathBuf)], repo: &str) -> Option<PathBuf> {
    let wanted = repo_key(repo);
    if let Some((_, path)) = upstreams.iter().find(|(url, _)| repo_key(url) == wanted) {
        return Some(expand_home(path));
    }
    let default = site.config.source.as_ref()?;
    if repo_key(&default.repo) != wanted {
        return None;
    }
    let path = site.config.params.get("source")?.get("path")?.as_str()?;
    Some(site.root.join(expand_home(Path::new(path))))
}

fn repo_key(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    url.strip_suffix(".git").unwrap_or(url).to_ascii_lowercase()
}

fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path.to_path_buf(),
    }
}

/// Reads what the blocks quote from one clone and compares each block.
fn compare_clone(
    clone: &Path,
    blocks: &[&Titled],
    sources: &[SourceFile],
    found: &mut Snippets,
    fixes: &mut BTreeMap<usize, Vec<(usize, usize, usize)>>,
) {
    let place = |b: &Titled| {
        let s = &sources[b.file];
        Place::new(s.file.clone(), s.location(b.digits - b.path.len() - 1))
    };
    let blobs = match read_objects(clone, blocks) {
        Ok(blobs) => blobs,
        Err(e) => {
            let message = format!("cannot read the upstream clone {}: {e}", clone.display());
            found
                .problems
                .push(Problem::new(place(blocks[0]), Kind::Snippet, message));
            return;
        }
    };
    let lines: HashMap<&String, Vec<&str>> = blobs
        .iter()
        .filter_map(|(name, blob)| Some((name, blob.as_deref()?)))
        .map(|(name, blob)| (name, blob.lines().map(str::trim).collect()))
        .collect();
    for block in blocks {
        let shown = format!("{}:{}", block.path, block.line);
        let git_ref = &block.pin.git_ref;
        let message = if blobs[&format!("{git_ref}^{{commit}}")].is_none() {
            format!(
                "snippet of {shown}: ref {git_ref} not found in {}",
                clone.display()
            )
        } else {
            match lines.get(&object_name(block)) {
                None => format!(
                    "snippet of {shown}: {} does not exist at {git_ref}",
                    block.path
                ),
                Some(upstream) => {
                    found.checked += 1;
                    match best_match(upstream, &block.code, block.line) {
                        Match::Exact | Match::Empty => continue,
                        Match::At(line) => {
                            fixes.entry(block.file).or_default().push((
                                block.digits,
                                block.line.to_string().len(),
                                line,
                            ));
                            format!("snippet of {shown} matches {git_ref} at line {line}")
                        }
                        Match::Nowhere => format!(
                            "snippet of {shown} matches nowhere in {} at {git_ref}",
                            block.path
                        ),
                    }
                }
            }
        };
        found
            .problems
            .push(Problem::new(place(block), Kind::Snippet, message));
    }
}

fn object_name(block: &Titled) -> String {
    format!("{}:{}", block.pin.git_ref, block.path)
}

/// What the blocks quote, by `REF:PATH` (the file's text, `None` when it is not there) and
/// `REF^{commit}` (`None` when the ref is unknown). Each ref's tree is listed once
/// (`git ls-tree -r`) and the blobs read by id in one `git cat-file --batch`: looking up
/// `REF:PATH` one by one walks the tree again for every file, which is slow in big folders.
fn read_objects(
    clone: &Path,
    blocks: &[&Titled],
) -> std::io::Result<HashMap<String, Option<String>>> {
    let repo = git(clone, &["rev-parse", "--git-dir"])?;
    if !repo.status.success() {
        return Err(std::io::Error::other(
            String::from_utf8_lossy(&repo.stderr).trim().to_string(),
        ));
    }
    let mut result = HashMap::new();
    let mut wanted: Vec<(String, String)> = Vec::new();
    let mut refs: Vec<&str> = blocks.iter().map(|b| b.pin.git_ref.as_str()).collect();
    refs.sort_unstable();
    refs.dedup();
    for git_ref in refs {
        let listing = git(clone, &["ls-tree", "-r", "-z", "--full-tree", git_ref])?;
        let found = listing.status.success();
        result.insert(format!("{git_ref}^{{commit}}"), found.then(String::new));
        let listing = String::from_utf8_lossy(&listing.stdout);
        let ids: HashMap<&str, &str> = listing
            .split('\0')
            .filter_map(|entry| {
                let (meta, path) = entry.split_once('\t')?;
                let mut fields = meta.split(' ');
                let (_, kind, id) = (fields.next()?, fields.next()?, fields.next()?);
                (kind == "blob").then_some((path, id))
            })
            .collect();
        for block in blocks.iter().filter(|b| b.pin.git_ref == git_ref) {
            match ids.get(block.path.as_str()) {
                Some(id) => wanted.push((object_name(block), id.to_string())),
                None => {
                    result.insert(object_name(block), None);
                }
            }
        }
    }
    let mut ids: Vec<String> = wanted.iter().map(|(_, id)| id.clone()).collect();
    ids.sort_unstable();
    ids.dedup();
    let texts = cat_files(clone, &ids)?;
    for (name, id) in wanted {
        result.insert(name, texts.get(&id).cloned().flatten());
    }
    Ok(result)
}

fn git(clone: &Path, args: &[&str]) -> std::io::Result<std::process::Output> {
    Command::new("git").arg("-C").arg(clone).args(args).output()
}

/// Reads `objects` (ids) in one `git cat-file --batch`: the text of each blob, `None` for
/// anything else.
fn cat_files(clone: &Path, objects: &[String]) -> std::io::Result<HashMap<String, Option<String>>> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(clone)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let queries: String = objects.iter().map(|o| format!("{o}\n")).collect();
    // Written from another thread: git answers while we still write, and a full pipe
    // in both directions would wait forever.
    let writer = std::thread::spawn(move || stdin.write_all(queries.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut result = HashMap::new();
    for object in objects {
        let mut header = String::new();
        if out.read_line(&mut header)? == 0 {
            let mut err = String::new();
            child.stderr.take().map(|mut e| e.read_to_string(&mut err));
            return Err(std::io::Error::other(err.trim().to_string()));
        }
        let fields: Vec<&str> = header.split_whitespace().collect();
        let value = match fields.as_slice() {
            [_, kind, size] => {
                let mut body = vec![0; size.parse().map_err(std::io::Error::other)?];
                out.read_exact(&mut body)?;
                out.read_exact(&mut [0])?;
                (*kind == "blob").then(|| String::from_utf8_lossy(&body).into_owned())
            }
            _ => None,
        };
        result.insert(object.clone(), value);
    }
    writer.join().ok();
    child.wait()?;
    Ok(result)
}

/// How a snippet relates to its upstream file.
#[derive(Debug, PartialEq, Eq)]
enum Match {
    /// It is the file's lines from its title's line on.
    Exact,
    /// It matches from this (1-based) line instead: the nearest such line to the title's.
    At(usize),
    Nowhere,
    /// Nothing to compare (a title alone).
    Empty,
}

fn best_match(upstream: &[&str], code: &str, line: usize) -> Match {
    let segments = segments(code);
    if segments.is_empty() {
        return Match::Empty;
    }
    let wanted = line - 1;
    if matches_at(upstream, wanted, &segments) {
        return Match::Exact;
    }
    (0..upstream.len())
        .filter(|&start| matches_at(upstream, start, &segments))
        .min_by_key(|&start| (start.abs_diff(wanted), start))
        .map_or(Match::Nowhere, |start| Match::At(start + 1))
}

/// The snippet's lines, trimmed, in runs split at `...` lines; trailing blanks dropped.
fn segments(code: &str) -> Vec<Vec<&str>> {
    let mut lines: Vec<&str> = code.lines().map(str::trim).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
        .split(|l| is_gap(l))
        .filter(|run| !run.is_empty())
        .map(<[&str]>::to_vec)
        .collect()
}

fn is_gap(line: &str) -> bool {
    matches!(
        line,
        "..." | "…" | "// ..." | "# ..." | "-- ..." | "/* ... */"
    )
}

/// True when the first run is at `start` and each later run follows somewhere after the
/// one before (the earliest place is always the best choice for the runs after it).
fn matches_at(upstream: &[&str], start: usize, segments: &[Vec<&str>]) -> bool {
    let run_at = |at: usize, run: &[&str]| upstream.get(at..at + run.len()) == Some(run);
    if !run_at(start, &segments[0]) {
        return false;
    }
    let mut pos = start + segments[0].len();
    for run in &segments[1..] {
        match (pos..=upstream.len().saturating_sub(run.len())).find(|&p| run_at(p, run)) {
            Some(p) => pos = p + run.len(),
            None => return false,
        }
    }
    true
}

/// Rewrites the line numbers of moved titles, and nothing else, in one content file.
fn rewrite_titles(
    root: &Path,
    source: &SourceFile,
    edits: &[(usize, usize, usize)],
) -> std::io::Result<()> {
    let mut text = source.text.clone();
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (at, len, line) in edits {
        text.replace_range(at..at + len, &line.to_string());
    }
    std::fs::write(root.join(&source.file), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &[&str] = &[
        "package x",
        "",
        "func a() {",
        "x := 1",
        "y := 2",
        "}",
        "",
        "func b() {",
        "}",
    ];

    #[test]
    fn exact_moved_and_missing_snippets() {
        assert_eq!(
            best_match(FILE, "func a() {\n\tx := 1\n\n\n", 3),
            Match::Exact
        );
        assert_eq!(
            best_match(FILE, "func a() {\n    x := 1\n", 5),
            Match::At(3)
        );
        assert_eq!(best_match(FILE, "func c() {\n", 3), Match::Nowhere);
        assert_eq!(best_match(FILE, "", 3), Match::Empty);
    }

    #[test]
    fn ellipsis_lines_skip_upstream_lines() {
        let code = "func a() {\n    // ...\n}\n\nfunc b() {\n";
        assert_eq!(best_match(FILE, code, 3), Match::Exact);
        assert_eq!(
            best_match(FILE, "func a() {\n...\nfunc c() {\n", 3),
            Match::Nowhere
        );
    }
}
