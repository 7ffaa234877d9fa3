//! Hugo's automatic summary (0.134 and later): the content up to the end of the paragraph
//! in which the word limit is reached. Words are counted over the HTML between paragraph
//! ends, headings and lists included, as Hugo counts them, so the same page gets the same
//! summary in both.

/// The byte offset just past the `</p>` that ends the summary, or `None` when the whole
/// content is shorter than `limit` words (no summary cut: `.Truncated` is false).
/// With `cjk` (`hasCJKLanguage`), each CJK character of a word counts as a word.
pub fn paragraph_summary_end(html: &str, limit: usize, cjk: bool) -> Option<usize> {
    if limit == 0 {
        return None;
    }
    let mut count = 0;
    let mut from = 0;
    while let Some(close) = html[from..].find("</p>") {
        let end = from + close + "</p>".len();
        let chunk = &html[from..from + close];
        // As Hugo's scan, the last word of a chunk loses its last character (a one-letter
        // word is not counted): the same text must give the same summary in both.
        let last = chunk.char_indices().last().map_or(0, |(i, _)| i);
        for word in chunk[..last].split(char::is_whitespace) {
            count += word_weight(word, cjk);
            if count >= limit {
                return (end < html.len()).then_some(end);
            }
        }
        from = end;
    }
    None
}

/// How much one whitespace-separated token counts: nothing for what looks like a tag or
/// an attribute, the characters of a non-ASCII word in CJK mode, else one.
fn word_weight(word: &str, cjk: bool) -> usize {
    let word = word.trim();
    if word.is_empty() || looks_like_markup(word) {
        return 0;
    }
    if cjk && !word.is_ascii() {
        return strip_tags(word).chars().count();
    }
    1
}

/// `<p>`, `</em>`, `<code`, `>` or `class="x"`: parts of tags, not words.
fn looks_like_markup(word: &str) -> bool {
    if word == ">" {
        return true;
    }
    let tag = word
        .strip_prefix("</")
        .or_else(|| word.strip_prefix('<'))
        .map(|rest| rest.strip_suffix('>').unwrap_or(rest));
    if let Some(name) = tag {
        return !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic());
    }
    let name_len = word.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    name_len > 0 && (word[name_len..].starts_with("=\"") || word[name_len..].starts_with("='"))
}

fn strip_tags(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut in_tag = false;
    for c in word.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_at_the_paragraph() {
        let html = "<p>one two three four.</p>\n<p>five six</p>";
        assert_eq!(
            paragraph_summary_end(html, 2, false),
            Some("<p>one two three four.</p>".len())
        );
        assert_eq!(paragraph_summary_end(html, 5, false), None);
        assert_eq!(paragraph_summary_end(html, 50, false), None);
    }

    #[test]
    fn counts_headings_and_skips_tags() {
        let html = "<h2 id=\"x\">Title here</h2>\n<p>a <em>b</em></p>\n<p>c</p>";
        // "Title", "here", "a", "<em>b</em>"... tags do not count.
        assert_eq!(
            paragraph_summary_end(html, 3, false),
            Some(html.find("\n<p>c").unwrap())
        );
    }

    #[test]
    fn cjk_counts_characters_only_when_asked() {
        let html = "<p>第一段有七个字</p>\n<p>第二段</p>";
        assert_eq!(paragraph_summary_end(html, 5, false), None);
        assert_eq!(
            paragraph_summary_end(html, 5, true),
            Some(html.find('\n').unwrap())
        );
    }
}
