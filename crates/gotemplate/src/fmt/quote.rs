//! Go string and character literals, as `strconv.Quote`, `QuoteToASCII`, `QuoteRune`,
//! `QuoteRuneToASCII` and `CanBackquote` write and judge them, for `%q`.

use super::isprint::PRINTABLE;

/// Where quoted text goes: the output, or a counter that measures it for padding.
pub(super) trait Sink {
    fn put(&mut self, s: &str);
    fn put_char(&mut self, c: char);
}

/// Counts the characters it is given.
pub(super) struct CharCount(pub(super) usize);

impl Sink for CharCount {
    fn put(&mut self, s: &str) {
        self.0 += s.chars().count();
    }

    fn put_char(&mut self, _: char) {
        self.0 += 1;
    }
}

/// `strconv.Quote(s)`, or `QuoteToASCII(s)` when `ascii`.
pub(super) fn quote(sink: &mut impl Sink, s: &str, ascii: bool) {
    sink.put_char('"');
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        if needs_escape(c, '"', ascii) {
            sink.put(&s[plain..i]);
            escape(sink, c, '"');
            plain = i + c.len_utf8();
        }
    }
    sink.put(&s[plain..]);
    sink.put_char('"');
}

/// `strconv.QuoteRune(r)`, or `QuoteRuneToASCII(r)` when `ascii`.
pub(super) fn quote_rune(sink: &mut impl Sink, r: char, ascii: bool) {
    sink.put_char('\'');
    if needs_escape(r, '\'', ascii) {
        escape(sink, r, '\'');
    } else {
        sink.put_char(r);
    }
    sink.put_char('\'');
}

/// Whether `strconv.CanBackquote(s)`: no control character but tab, no backquote, no BOM.
pub(super) fn can_backquote(s: &str) -> bool {
    s.chars().all(|c| {
        if c.len_utf8() > 1 {
            c != '\u{feff}'
        } else {
            (c >= ' ' || c == '\t') && c != '`' && c != '\u{7f}'
        }
    })
}

/// Whether Go's `strconv.IsPrint(c)`: a letter, mark, number, punctuation, symbol or the
/// ASCII space.
pub(super) fn is_print(c: char) -> bool {
    let c = u32::from(c);
    if c < 0x80 {
        return (0x20..0x7f).contains(&c);
    }
    let i = PRINTABLE.partition_point(|&(_, last)| last < c);
    PRINTABLE.get(i).is_some_and(|&(first, _)| first <= c)
}

fn needs_escape(c: char, quote: char, ascii: bool) -> bool {
    if c == quote || c == '\\' {
        return true;
    }
    if ascii {
        !(c.is_ascii() && is_print(c))
    } else {
        !is_print(c)
    }
}

fn escape(sink: &mut impl Sink, c: char, quote: char) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let simple = match c {
        _ if c == quote || c == '\\' => {
            sink.put_char('\\');
            sink.put_char(c);
            return;
        }
        '\u{7}' => "\\a",
        '\u{8}' => "\\b",
        '\u{c}' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\u{b}' => "\\v",
        _ => "",
    };
    if !simple.is_empty() {
        sink.put(simple);
        return;
    }
    let c = u32::from(c);
    let (prefix, digits) = match c {
        0..0x20 | 0x7f => ("\\x", 2),
        0..0x10000 => ("\\u", 4),
        _ => ("\\U", 8),
    };
    sink.put(prefix);
    for k in (0..digits).rev() {
        sink.put_char(char::from(HEX[((c >> (4 * k)) & 0xF) as usize]));
    }
}
