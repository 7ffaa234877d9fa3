//! Text-level rewrites of prose, after parsing so code, raw HTML and URLs are never touched:
//! Goldmark's typographer (smart quotes, dashes, ellipses) and emoji shortcodes.

use pulldown_cmark::{CowStr, Event};

/// What the rewrite needs to know about the text before the current piece.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextContext {
    /// The last character written, `None` at the start of a block.
    pub prev: Option<char>,
}

/// Goldmark's typographer, with one difference: a `--` that starts a word (`--client-ca-file`,
/// `--v=4`) is a command-line flag and stays as written. Quotes open after a space, an
/// opening bracket or the start of the block, and close otherwise.
pub fn smarten(text: &str, ctx: &mut TextContext) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '-' if next == Some('-') => {
                let run = chars[i..].iter().take_while(|&&d| d == '-').count();
                let after = chars.get(i + run).copied();
                let starts_word = ctx
                    .prev
                    .is_none_or(|p| p.is_whitespace() || "([{\"'".contains(p));
                if run == 2 && starts_word && after.is_some_and(|a| a.is_ascii_alphanumeric()) {
                    out.push_str("--");
                } else {
                    match run {
                        2 => out.push('\u{2013}'),
                        3 => out.push('\u{2014}'),
                        _ => out.extend(std::iter::repeat_n('-', run)),
                    }
                }
                ctx.prev = Some('-');
                i += run;
                continue;
            }
            '.' if chars.get(i..i + 3) == Some(&['.', '.', '.']) => {
                out.push('\u{2026}');
                ctx.prev = Some('.');
                i += 3;
                continue;
            }
            '<' if next == Some('<') => {
                out.push('\u{ab}');
                i += 2;
                ctx.prev = Some('\u{ab}');
                continue;
            }
            '>' if next == Some('>') => {
                out.push('\u{bb}');
                i += 2;
                ctx.prev = Some('\u{bb}');
                continue;
            }
            '"' | '\'' => {
                let opens = ctx
                    .prev
                    .is_none_or(|p| p.is_whitespace() || "([{\u{2013}\u{2014}".contains(p))
                    && next.is_some_and(|n| !n.is_whitespace());
                out.push(match (c, opens) {
                    ('"', true) => '\u{201c}',
                    ('"', false) => '\u{201d}',
                    (_, true) => '\u{2018}',
                    (_, false) => '\u{2019}',
                });
            }
            _ => out.push(c),
        }
        ctx.prev = Some(c);
        i += 1;
    }
    out
}

/// `<<word>>` reaches the typographer as `<`, the raw HTML tag `<word>` and `>`: Goldmark's
/// typographer reads `<<` first and makes it guillemets, so the three are joined back into
/// text here (only for a bare word, never a tag with attributes).
pub fn join_guillemets(events: &mut Vec<Event<'_>>) {
    let mut i = 1;
    while i + 1 < events.len() {
        let joined = match (&events[i - 1], &events[i], &events[i + 1]) {
            (Event::Text(before), Event::InlineHtml(tag), Event::Text(after))
                if before.ends_with('<') && after.starts_with('>') && is_bare_tag(tag) =>
            {
                Some(format!("{before}{tag}{after}"))
            }
            _ => None,
        };
        match joined {
            Some(text) => {
                events.splice(i - 1..i + 2, [Event::Text(CowStr::from(text))]);
            }
            None => i += 1,
        }
    }
}

fn is_bare_tag(tag: &str) -> bool {
    tag.strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .is_some_and(|w| !w.is_empty() && w.chars().all(char::is_alphanumeric))
}

/// Replaces `:shortcode:` with its emoji (GitHub's names, as Hugo's `enableEmoji`); unknown
/// names stay as written.
pub fn emojify(text: &str) -> Option<String> {
    if !text.contains(':') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || "_+-".contains(c)));
        match end {
            Some(n) if n > 0 && after[n..].starts_with(':') => {
                if let Some(emoji) = emojis::get_by_shortcode(&after[..n]) {
                    out.push_str(&rest[..start]);
                    out.push_str(emoji.as_str());
                    rest = &after[n + 1..];
                    changed = true;
                    continue;
                }
                out.push_str(&rest[..start + 1]);
                rest = after;
            }
            _ => {
                out.push_str(&rest[..start + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smart(s: &str) -> String {
        smarten(s, &mut TextContext::default())
    }

    #[test]
    fn quotes_dashes_and_ellipses() {
        assert_eq!(
            smart("Say \"hello\" and 'bye' -- or --- also..."),
            "Say \u{201c}hello\u{201d} and \u{2018}bye\u{2019} \u{2013} or \u{2014} also\u{2026}"
        );
        assert_eq!(smart("don't"), "don\u{2019}t");
        assert_eq!(smart("pages 2--3"), "pages 2\u{2013}3");
    }

    #[test]
    fn flags_stay_flags() {
        assert_eq!(
            smart("run with --client-ca-file and --v=4"),
            "run with --client-ca-file and --v=4"
        );
        assert_eq!(smart("--leader-elect"), "--leader-elect");
        assert_eq!(smart("(--kubeconfig)"), "(--kubeconfig)");
    }

    #[test]
    fn guillemets_around_a_word_are_not_a_tag() {
        let mut events = vec![
            Event::Text("a <".into()),
            Event::InlineHtml("<word>".into()),
            Event::Text("> b".into()),
            Event::InlineHtml("<span class=\"x\">".into()),
        ];
        join_guillemets(&mut events);
        assert_eq!(events.len(), 2);
        assert_eq!(events[0], Event::Text("a <<word>> b".into()));
        assert_eq!(smart("<<word>>"), "\u{ab}word\u{bb}");
    }

    #[test]
    fn emoji_shortcodes() {
        assert_eq!(
            emojify("ok :smile: :nope: 10:30").unwrap(),
            "ok \u{1f604} :nope: 10:30"
        );
        assert_eq!(emojify(":white_check_mark:").unwrap(), "\u{2705}");
        assert!(emojify("no colon").is_none());
        assert!(emojify("a:not_an_emoji:c").is_none());
    }
}
