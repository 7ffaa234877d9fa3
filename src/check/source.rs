//! A content file read again for the check: where each link and each fenced code block sits
//! in the file, by byte offset. The build's markdown pass keeps no positions (it does not
//! need them, and the hot path stays lean); the check parses the body once more with the
//! same pulldown-cmark options, which costs little next to rendering.

use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::html;
use crate::error::Location;
use data as front_matter;

/// A content file with the places the check reports against.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As shown in reports: `content/post/x.md`.
    pub file: PathBuf,
    pub text: String,
    /// Markdown links and images and the links of raw HTML: (URL as written, byte offset).
    pub links: Vec<(String, usize)>,
    pub code_blocks: Vec<CodeBlock>,
    line_starts: Vec<usize>,
}

/// A fenced code block: its info string, its text, and where it starts.
#[derive(Debug, Clone)]
pub struct CodeBlock {
    pub info: String,
    pub code: String,
    /// Byte range of the whole block (fences included) in the file.
    pub range: std::ops::Range<usize>,
}

impl SourceFile {
    /// Reads `root/file` and finds its links and code blocks.
    pub fn read(root: &Path, file: &Path) -> std::io::Result<SourceFile> {
        let text = std::fs::read_to_string(root.join(file))?;
        Ok(SourceFile::parse(file.to_path_buf(), text))
    }

    /// Finds the links and code blocks of a content file's text (front matter skipped).
    pub fn parse(file: PathBuf, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let (links, code_blocks) = match front_matter::split(&text) {
            Ok(split) => {
                let body_offset = split.body.as_ptr() as usize - text.as_ptr() as usize;
                walk_body(split.body, body_offset)
            }
            Err(_) => (Vec::new(), Vec::new()),
        };
        SourceFile {
            file,
            text,
            links,
            code_blocks,
            line_starts,
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn location(&self, offset: usize) -> Location {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset.min(self.text.len())]
            .chars()
            .count()
            + 1;
        Location::new(line, column)
    }
}

type Links = Vec<(String, usize)>;

fn walk_body(body: &str, body_offset: usize) -> (Links, Vec<CodeBlock>) {
    let mut links = Vec::new();
    let mut blocks = Vec::new();
    let mut iter = Parser::new_ext(
        body,
        crate::markdown::parser_options_for(
            &crate::markdown::markup::MarkupConfig::default(),
            false,
        ),
    )
    .into_offset_iter();
    while let Some((event, range)) = iter.next() {
        let at = body_offset + range.start;
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let offset = body[range.clone()]
                    .find(dest_url.as_ref())
                    .map_or(at, |i| at + i);
                links.push((dest_url.to_string(), offset));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let in_source = body[range.clone()].find(h.as_ref()).unwrap_or(0);
                links.extend(
                    html::scan(&h)
                        .links
                        .into_iter()
                        .map(|l| (l.url, at + in_source + l.offset)),
                );
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let mut code = String::new();
                let mut end = range.end;
                for (e, r) in iter.by_ref() {
                    match e {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => {
                            end = r.end;
                            break;
                        }
                        _ => {}
                    }
                }
                blocks.push(CodeBlock {
                    info: info.to_string(),
                    code,
                    range: at..body_offset + end,
                });
            }
            _ => {}
        }
    }
    (links, blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_blocks_keep_their_file_positions() {
        let text = "---\ntitle: x\n---\n\n中文 [a](/post/b/#续约) and ![i](img.png)\n\n\
                    <a href=\"/raw/\">r</a>\n\n```go\n// a.go:3\nx\n```\n";
        let s = SourceFile::parse("content/p.md".into(), text.to_string());
        let found: Vec<(String, Location)> = s
            .links
            .iter()
            .map(|(u, o)| (u.clone(), s.location(*o)))
            .collect();
        assert_eq!(
            found,
            [
                ("/post/b/#续约".to_string(), Location::new(5, 8)),
                ("img.png".to_string(), Location::new(5, 30)),
                ("/raw/".to_string(), Location::new(7, 10)),
            ]
        );
        assert_eq!(s.code_blocks.len(), 1);
        assert_eq!(s.code_blocks[0].info, "go");
        assert_eq!(s.code_blocks[0].code, "// a.go:3\nx\n");
        assert!(text[s.code_blocks[0].range.clone()].starts_with("```go"));
    }
}
