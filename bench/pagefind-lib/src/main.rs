//! The pagefind crate as a library, on the notes `blog build` wrote to PUBLIC (`post/*/`):
//! each note's HTML handed over in memory (`html`), or its text already taken out of the
//! HTML (`records`: what blog could feed it), then the whole index built in memory, as a
//! build would before handing the files to its writer. Prints each phase's time; run it
//! under `/usr/bin/time` for the peak memory.

use std::collections::BTreeMap;
use std::time::Instant;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// The text of a note's `<article>`, tags left out: a rough stand-in for blog's extractor.
fn text_of(html: &str) -> String {
    let body = html.split("<article").nth(1).unwrap_or(html);
    let mut out = String::with_capacity(body.len() / 2);
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn title_of(html: &str) -> String {
    let title = html.split("<title>").nth(1).unwrap_or("");
    title.split("</title>").next().unwrap_or("").to_string()
}

/// Every note page under `public/post/` (not the list pages), by URL.
fn notes(public: &str) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    for entry in walkdir::WalkDir::new(format!("{public}/post")).sort_by_file_name() {
        let entry = entry.expect("a readable output folder");
        let path = entry.path();
        if entry.depth() == 2 && entry.file_name() == "index.html" {
            let folder = path.parent().unwrap().strip_prefix(public).unwrap();
            let html = std::fs::read_to_string(path).expect("a readable page");
            notes.push((format!("/{}/", folder.display()), html));
        }
    }
    notes
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(public), Some(mode)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: pagefind-lib PUBLIC html|records");
        std::process::exit(2);
    };
    let notes = notes(public);
    let started = Instant::now();
    let config = PagefindServiceConfig::builder()
        .force_language("zh".to_string())
        .build();
    let mut index = PagefindIndex::new(Some(config)).expect("valid options");
    for (url, html) in notes.iter().cloned() {
        let added = match mode.as_str() {
            "html" => index.add_html_file(None, Some(url), html).await,
            _ => {
                let meta = BTreeMap::from([("title".to_string(), title_of(&html))]);
                let text = text_of(&html);
                let language = "zh".to_string();
                index
                    .add_custom_record(url, text, language, Some(meta), None, None)
                    .await
            }
        };
        added.expect("pagefind takes the note");
    }
    let added = started.elapsed();
    let files = index.get_files().await.expect("pagefind builds its index");
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    eprintln!(
        "{mode}: {} notes added in {added:.2?}, index built in {:.2?}: {} files, {bytes} bytes",
        notes.len(),
        started.elapsed() - added,
        files.len(),
    );
}
