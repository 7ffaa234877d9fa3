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
