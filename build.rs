//! Embeds the default theme (`themes/default/templates` and `static`) into the binary, so a
//! site with no theme of its own still builds into a real blog. The file list is generated
//! here rather than written by hand so that adding a template needs no code change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let theme = root.join("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut out = String::new();
    for (name, dir, macro_name, ty) in [
        ("TEMPLATES", "templates", "include_str", "str"),
        ("STATIC", "static", "include_bytes", "[u8]"),
    ] {
        let mut files = Vec::new();
        collect(&theme.join(dir), &theme.join(dir), &mut files);
        files.sort();
        writeln!(out, "pub static {name}: &[(&str, &{ty})] = &[").unwrap();
        for (rel, abs) in files {
            println!("cargo:rerun-if-changed={}", abs.display());
            writeln!(
                out,
                "    ({rel:?}, {macro_name}!({:?})),",
                abs.display().to_string()
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    writeln!(
        out,
        "pub const HIGHLIGHT_FINGERPRINT: &str = {:?};",
        highlight_fingerprint(&root)
    )
    .unwrap();
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("default_theme.rs");
    std::fs::write(dest, out).unwrap();
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(base, &path, files);
        } else {
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, path));
        }
    }
}

/// A fingerprint of what shapes highlighted HTML: the highlighter's source and the locked
/// grammar crate versions. The code cache mixes it into its keys, so changing either can
/// never serve stale blocks, even between two builds of the same version number.
fn highlight_fingerprint(root: &Path) -> String {
    let mut files = Vec::new();
    collect(
        &root.join("src/markdown/highlight"),
        &root.join("src/markdown/highlight"),
        &mut files,
    );
    files.sort();
    println!("cargo:rerun-if-changed=src/markdown/highlight");
    println!("cargo:rerun-if-changed=Cargo.lock");
    // FNV-1a: stable across Rust releases, unlike DefaultHasher.
    let mut hash: u64 = 0xcbf29ce484222325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= *b as u64;
            hash = hash.wrapping_mul(0x100000001b3);
        }
    };
    for (rel, abs) in files {
        println!("cargo:rerun-if-changed={}", abs.display());
        feed(rel.as_bytes());
        feed(&std::fs::read(abs).unwrap_or_default());
    }
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    for block in lock.split("[[package]]").filter(|b| {
        ["syntect", "two-face", "onig"]
            .iter()
            .any(|n| b.contains(&format!("name = \"{n}\"")))
    }) {
        feed(block.as_bytes());
    }
    format!("{hash:016x}")
}
