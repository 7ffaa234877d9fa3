//! Real themes' Sass against Hugo's own output. Needs `hugo-new` and the shared theme sites
//! (`../shared/hugo-themes`, or `BLOG_SHARED`), so it is ignored by default:
//!
//!     cargo test -p assets --test themes -- --ignored --nocapture
//!
//! Theme files are read in place and never copied into the repository; Hugo builds a
//! scratch site in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use assets::sass::{self, DirLookup, SassOptions};
use assets::Resource;

fn shared() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("BLOG_SHARED") {
        return Some(PathBuf::from(dir));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared"))
        .find(|p| p.join("hugo-themes").is_dir())
}

/// Whitespace gone, and libsass's spellings turned into Dart Sass's where they differ only
/// in form: single quotes become double, attribute values lose needless quotes, `.9em` is
/// `0.9em`, and a character outside ASCII is its `\hex` escape (libsass keeps the escape,
/// Dart Sass and grass write the character under `@charset "UTF-8"`).
fn squeeze(css: &str) -> String {
    let zeros = regex::Regex::new(r"([^0-9a-zA-Z_.-])\.([0-9])").unwrap();
    let css = zeros.replace_all(css, "${1}0.$2");
    let s: String = css
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\{:x}", c as u32)
            }
        })
        .collect();
    let s = s.replace(";}", "}").replace('\'', "\"");
    // grass keeps an `hsla()` literal as written (with `deg`); libsass converts it to rgba.
    let hsl = regex::Regex::new(r"hsla?\(([0-9.]+)deg,([0-9.]+)%,([0-9.]+)%(,[0-9.]+)?\)").unwrap();
    let s = hsl
        .replace_all(&s, |c: &regex::Captures| {
            let f = |i: usize| c[i].parse::<f64>().unwrap();
            let [r, g, b] = hsl_to_rgb(f(1) / 360.0, f(2) / 100.0, f(3) / 100.0);
            match c.get(4) {
                Some(a) => format!("rgba({r},{g},{b}{})", a.as_str()),
                None => format!("rgb({r},{g},{b})"),
            }
        })
        .into_owned();
    // And `rgb(66,172,243)` as written, where libsass writes `#42acf3`.
    let rgb = regex::Regex::new(r"rgb\(([0-9]+),([0-9]+),([0-9]+)\)").unwrap();
    let s = rgb
        .replace_all(&s, |c: &regex::Captures| {
            let v = |i: usize| c[i].parse::<u8>().unwrap();
            format!("#{:02x}{:02x}{:02x}", v(1), v(2), v(3))
        })
        .into_owned();
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("=\"") {
        out.push_str(&rest[..=i]);
        let tail = &rest[i + 2..];
        let end = tail.find('"').unwrap_or(0);
        let word = &tail[..end];
        let plain = !word.is_empty()
            && !word.as_bytes()[0].is_ascii_digit()
            && word
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if plain && tail[end..].starts_with("\"]") {
            out.push_str(word);
            rest = &tail[end + 1..];
        } else {
            out.push('"');
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

fn hsl_to_rgb(h: f64, s: f64, l: f64) -> [u8; 3] {
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let channel = |t: f64| {
        let t = t.rem_euclid(1.0);
        let v = if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        };
        (v * 255.0).round() as u8
    };
    [channel(h + 1.0 / 3.0), channel(h), channel(h - 1.0 / 3.0)]
}

/// Hugo's `toCSS` of `entry` under a theme's `assets/`.
fn hugo_css(theme_assets: &Path, entry: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    std::fs::create_dir_all(site.join("layouts")).unwrap();
    std::fs::write(site.join("hugo.toml"), "baseURL = \"https://example.org/\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"404\", \"section\", \"page\"]\n[[module.mounts]]\nsource = \"theme-assets\"\ntarget = \"assets\"\n").unwrap();
    std::os::unix::fs::symlink(theme_assets, site.join("theme-assets")).unwrap();
    std::fs::write(site.join("layouts/index.html"), format!("{{{{ (resources.Get \"{entry}\" | toCSS (dict \"targetPath\" \"out.css\")).RelPermalink }}}}")).unwrap();
    let status = Command::new("hugo-new")
        .args(["--quiet", "-d", "public"])
        .current_dir(site)
        .status()
        .expect("hugo-new runs");
    assert!(status.success());
    std::fs::read_to_string(site.join("public/out.css")).unwrap()
}

#[test]
#[ignore = "needs hugo-new and ../shared/hugo-themes"]
fn even_theme_sass_matches_hugo_modulo_whitespace() {
    let Some(shared) = shared() else {
        eprintln!("no shared/hugo-themes: skipped");
        return;
    };
    let assets_dir = shared.join("hugo-themes/even/themes/even/assets");
    let entry = "sass/main.scss";
    let source = Resource::new(entry, std::fs::read(assets_dir.join(entry)).unwrap());
    let files = DirLookup {
        roots: vec![assets_dir.clone()],
    };
    let ours = sass::to_css(&source, &SassOptions::default(), &files).unwrap();
    let hugo = hugo_css(&assets_dir, entry);
    let (ours, hugo) = (squeeze(ours.content_str().unwrap()), squeeze(&hugo));
    if ours != hugo {
        let at = ours
            .bytes()
            .zip(hugo.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(ours.len().min(hugo.len()));
        let from = at.saturating_sub(80);
        panic!(
            "first difference at byte {at} of {}/{}:\n ours: {}\n hugo: {}",
            ours.len(),
            hugo.len(),
            &ours[from..(at + 80).min(ours.len())],
            &hugo[from..(at + 80).min(hugo.len())]
        );
    }
}
