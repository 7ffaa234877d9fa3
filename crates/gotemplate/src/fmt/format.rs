//! The raw formatter under the verbs, Go's `fmt/format.go`: the flags, width and precision of
//! one verb, padding, and the printing of integers, code points, booleans and strings.

use super::quote::{self, CharCount, Sink};

/// What a format string said about one verb: Go's `fmtFlags` with its width and precision.
#[derive(Clone, Copy, Default, Debug)]
pub(super) struct Spec {
    pub(super) wid: Option<usize>,
    pub(super) prec: Option<usize>,
    pub(super) minus: bool,
    pub(super) plus: bool,
    pub(super) sharp: bool,
    pub(super) space: bool,
    pub(super) zero: bool,
    /// `%+v` and `%#v` are formats of their own rather than `%v` with a flag, so the verb
    /// parser moves `+` and `#` here for `v`.
    pub(super) plus_v: bool,
    pub(super) sharp_v: bool,
}

/// Prints into a caller's buffer under the current [`Spec`].
pub(super) struct Printer<'a> {
    pub(super) out: &'a mut String,
    pub(super) spec: Spec,
}

const LOWER: &[u8; 17] = b"0123456789abcdefx";
const UPPER: &[u8; 17] = b"0123456789ABCDEFX";

/// Go's `fmt` digit sets: the hex digits and the letter after `0` in the prefix.
pub(super) fn digits(upper: bool) -> &'static [u8; 17] {
    if upper {
        UPPER
    } else {
        LOWER
    }
}

impl<'a> Printer<'a> {
    pub(super) fn new(out: &'a mut String) -> Self {
        Printer {
            out,
            spec: Spec::default(),
        }
    }

    /// Appends `n` padding characters: zeros under the `0` flag, else spaces.
    pub(super) fn write_padding(&mut self, n: usize) {
        let c = if self.spec.zero { '0' } else { ' ' };
        self.out.extend(std::iter::repeat_n(c, n));
    }

    /// How much padding a text of `chars` characters needs; `chars` is only counted when
    /// a width asks for it.
    pub(super) fn padding_for(&self, chars: impl FnOnce() -> usize) -> usize {
        match self.spec.wid {
            Some(wid) if wid > 0 => wid.saturating_sub(chars()),
            _ => 0,
        }
    }

    /// Writes what `body` writes, with `n` characters of padding on the left, or on the
    /// right under `-`.
    pub(super) fn padded(&mut self, n: usize, body: impl FnOnce(&mut String)) {
        if !self.spec.minus {
            self.write_padding(n);
        }
        body(self.out);
        if self.spec.minus {
            self.write_padding(n);
        }
    }

    /// Go's `padString`: `s` padded to the width, counted in characters.
    pub(super) fn pad_str(&mut self, s: &str) {
        let n = self.padding_for(|| s.chars().count());
        self.padded(n, |out| out.push_str(s));
    }

    /// Runs `f` with the `0` flag off: Go pads these with spaces whatever the flags say.
    pub(super) fn without_zero(&mut self, f: impl FnOnce(&mut Self)) {
        let zero = std::mem::replace(&mut self.spec.zero, false);
        f(self);
        self.spec.zero = zero;
    }

    pub(super) fn fmt_boolean(&mut self, b: bool) {
        self.pad_str(if b { "true" } else { "false" });
    }

    /// `%U`: `U+0078`, and with `#` `U+0078 'x'` when the code point is printable.
    pub(super) fn fmt_unicode(&mut self, u: u64) {
        let mut hex = [0u8; 16];
        let hex = to_base(u, 16, UPPER, &mut hex);
        let min_digits = self.spec.prec.filter(|&p| p > 4).unwrap_or(4);
        let zeros = min_digits.saturating_sub(hex.len());
        let quoted = u32::try_from(u)
            .ok()
            .and_then(char::from_u32)
            .filter(|&c| self.spec.sharp && quote::is_print(c));
        let chars = 2 + zeros + hex.len() + if quoted.is_some() { 4 } else { 0 };
        self.without_zero(|p| {
            let n = p.padding_for(|| chars);
            p.padded(n, |out| {
                out.push_str("U+");
                out.extend(std::iter::repeat_n('0', zeros));
                push_ascii(out, hex);
                if let Some(c) = quoted {
                    out.push_str(" '");
                    out.push(c);
                    out.push('\'');
                }
            });
        });
    }

    /// Go's `fmtInteger`: `v` in `base` (2, 8, 10 or 16), as a signed number when `signed`.
    /// The precision, or the `0` flag with a width, asks for leading zeros; `#` adds `0b`,
    /// `0` or `0x`, and the verb `O` adds `0o`.
    pub(super) fn fmt_integer(&mut self, v: u64, base: u64, signed: bool, verb: char, upper: bool) {
        let negative = signed && (v as i64) < 0;
        let u = if negative {
            (v as i64).unsigned_abs()
        } else {
            v
        };
        let spec = self.spec;
        let mut min_digits = 0;
        if let Some(prec) = spec.prec {
            if prec == 0 && u == 0 {
                // Precision 0 and the value 0 print nothing but the padding.
                let wid = spec.wid.unwrap_or(0);
                self.without_zero(|p| p.write_padding(wid));
                return;
            }
            min_digits = prec;
        } else if let (true, Some(wid)) = (spec.zero, spec.wid) {
            let sign = usize::from(negative || spec.plus || spec.space);
            min_digits = wid.saturating_sub(sign);
        }
        let mut buf = [0u8; 64];
        let digits = to_base(u, base, self::digits(upper), &mut buf);
        let zeros = min_digits.saturating_sub(digits.len());

        let mut prefix = Prefix::default();
        if negative {
            prefix.put(b"-");
        } else if spec.plus {
            prefix.put(b"+");
        } else if spec.space {
            prefix.put(b" ");
        }
        if verb == 'O' {
            prefix.put(b"0o");
        }
        if spec.sharp {
            match base {
                2 => prefix.put(b"0b"),
                8 if zeros == 0 && digits[0] != b'0' => prefix.put(b"0"),
                16 => prefix.put(&[b'0', self::digits(upper)[16]]),
                _ => {}
            }
        }
        let prefix = prefix.as_bytes();
        let chars = prefix.len() + zeros + digits.len();
        self.without_zero(|p| {
            let n = p.padding_for(|| chars);
            p.padded(n, |out| {
                push_ascii(out, prefix);
                out.extend(std::iter::repeat_n('0', zeros));
                push_ascii(out, digits);
            });
        });
    }

    /// Go's `fmt0x64`: `v` in hex, with or without `0x` whatever the `#` flag says.
    pub(super) fn fmt_0x64(&mut self, v: u64, leading_0x: bool) {
        let sharp = std::mem::replace(&mut self.spec.sharp, leading_0x);
        self.fmt_integer(v, 16, false, 'v', false);
        self.spec.sharp = sharp;
    }

    /// `s` cut to the precision, counted in characters.
    pub(super) fn truncate<'s>(&self, s: &'s str) -> &'s str {
        match self.spec.prec {
            Some(prec) => match s.char_indices().nth(prec) {
                Some((i, _)) => &s[..i],
                None => s,
            },
            None => s,
        }
    }

    /// `%s`.
    pub(super) fn fmt_s(&mut self, s: &str) {
        let s = self.truncate(s);
        self.pad_str(s);
    }

    /// `%x` and `%X` of a string: two hex digits a byte (up to the precision, in bytes),
    /// `#` for `0x`, and a space flag to put a space (and a `0x` each) between bytes.
    pub(super) fn fmt_sx(&mut self, s: &str, upper: bool) {
        let digits = self::digits(upper);
        let spec = self.spec;
        let bytes = match spec.prec {
            Some(prec) if prec < s.len() => &s.as_bytes()[..prec],
            _ => s.as_bytes(),
        };
        let wid = spec.wid.unwrap_or(0);
        if bytes.is_empty() {
            self.write_padding(wid);
            return;
        }
        let width = match (spec.space, spec.sharp) {
            (true, true) => 4 * bytes.len() + bytes.len() - 1,
            (true, false) => 2 * bytes.len() + bytes.len() - 1,
            (false, true) => 2 * bytes.len() + 2,
            (false, false) => 2 * bytes.len(),
        };
        let n = wid.saturating_sub(width);
        if !spec.minus {
            self.write_padding(n);
        }
        for (i, &b) in bytes.iter().enumerate() {
            if spec.sharp && (i == 0 || spec.space) {
                if i > 0 {
                    self.out.push(' ');
                }
                self.out.push('0');
                self.out.push(digits[16] as char);
            } else if spec.space && i > 0 {
                self.out.push(' ');
            }
            self.out.push(digits[usize::from(b >> 4)] as char);
            self.out.push(digits[usize::from(b & 0xF)] as char);
        }
        if spec.minus {
            self.write_padding(n);
        }
    }

    /// `%q` of a string: a Go string literal (`+` keeps it ASCII), or with `#` a raw
    /// backquoted one when the string allows.
    pub(super) fn fmt_q(&mut self, s: &str) {
        let s = self.truncate(s);
        if self.spec.sharp && quote::can_backquote(s) {
            let n = self.padding_for(|| s.chars().count() + 2);
            self.padded(n, |out| {
                out.push('`');
                out.push_str(s);
                out.push('`');
            });
            return;
        }
        let ascii = self.spec.plus;
        let n = self.padding_for(|| {
            let mut count = CharCount(0);
            quote::quote(&mut count, s, ascii);
            count.0
        });
        self.padded(n, |out| quote::quote(out, s, ascii));
    }

    /// `%c`: the code point, U+FFFD when it is not one.
    pub(super) fn fmt_c(&mut self, c: u64) {
        let r = to_char(c);
        let n = self.padding_for(|| 1);
        self.padded(n, |out| out.push(r));
    }

    /// `%q` of an integer: a Go character literal.
    pub(super) fn fmt_qc(&mut self, c: u64) {
        let r = to_char(c);
        let ascii = self.spec.plus;
        let n = self.padding_for(|| {
            let mut count = CharCount(0);
            quote::quote_rune(&mut count, r, ascii);
            count.0
        });
        self.padded(n, |out| quote::quote_rune(out, r, ascii));
    }
}

/// What goes before an integer's digits: a sign, `0o`, `0b`, `0` or `0x`.
#[derive(Default)]
struct Prefix {
    bytes: [u8; 5],
    len: usize,
}

impl Prefix {
    fn put(&mut self, b: &[u8]) {
        self.bytes[self.len..self.len + b.len()].copy_from_slice(b);
        self.len += b.len();
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// The code point `c`, or U+FFFD for a number that is not one (negative numbers arrive here
/// as huge unsigned ones, as in Go).
fn to_char(c: u64) -> char {
    u32::try_from(c)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Writes `u` in `base` at the end of `buf` and returns the digits.
fn to_base<'b>(mut u: u64, base: u64, digits: &[u8; 17], buf: &'b mut [u8]) -> &'b [u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = digits[(u % base) as usize];
        u /= base;
        if u == 0 {
            break;
        }
    }
    &buf[i..]
}

/// Appends ASCII bytes (digits, signs, prefixes) to a string.
pub(super) fn push_ascii(out: &mut String, bytes: &[u8]) {
    out.extend(bytes.iter().map(|&b| char::from(b)));
}

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }

    fn put_char(&mut self, c: char) {
        self.push(c);
    }
}
