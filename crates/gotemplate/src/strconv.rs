//! The pieces of Go's `strconv` and `unicode` packages that the template parser follows to the
//! letter: how string and character literals are unquoted, how numbers are read (bases,
//! underscores, hex floats), how `strconv.Quote` writes a string back (parse trees print their
//! string constants and template names that way), and which characters Go calls letters, digits
//! and printable.

use unicode_general_category::{get_general_category, GeneralCategory as G};

/// Go's `unicode.IsLetter`: general category L.
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
    )
}

/// Go's `unicode.IsDigit`: general category Nd.
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    get_general_category(c) == G::DecimalNumber
}

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
/// Other spaces (U+00A0, U+3000) are not printable, so `strconv.Quote` escapes them.
pub fn is_print(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    !matches!(
        get_general_category(c),
        G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
            | G::SpaceSeparator
            | G::LineSeparator
            | G::ParagraphSeparator
    )
}

/// Go's `%#U`: `U+0023 '#'`, the quoted character only when it is printable.
pub(crate) fn unicode_format(c: char) -> String {
    if is_print(c) {
        format!("U+{:04X} '{c}'", c as u32)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

/// Go's `strconv.Quote`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    out.push('"');
    out
}

/// Go's `%.Nq`: the first `n` characters of `s`, quoted.
pub(crate) fn quote_prefix(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((end, _)) => quote(&s[..end]),
        None => quote(s),
    }
}

fn push_escaped(out: &mut String, c: char) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    if c == '"' || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_print(c) {
        out.push(c);
        return;
    }
    let simple = match c {
        '\x07' => "\\a",
        '\x08' => "\\b",
        '\x0c' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\x0b' => "\\v",
        _ => "",
    };
    if !simple.is_empty() {
        out.push_str(simple);
        return;
    }
    let code = c as u32;
    let (prefix, digits) = match code {
        0..=0x1f | 0x7f => ("\\x", 2),
        0..=0xffff => ("\\u", 4),
        _ => ("\\U", 8),
    };
    out.push_str(prefix);
    for shift in (0..digits).rev() {
        out.push(HEX[((code >> (4 * shift)) & 0xf) as usize] as char);
    }
}

/// One character of a quoted literal, as Go's `strconv.UnquoteChar` reads it.
pub(crate) struct UnquotedChar<'a> {
    /// The value: a code point, or for `\x` and octal escapes the byte value.
    pub value: u32,
    /// True when `value` is a code point to encode in UTF-8; false when it is one byte.
    pub multibyte: bool,
    pub tail: &'a str,
}

/// Go's `strconv.UnquoteChar`. `Err(())` is Go's `strconv.ErrSyntax` ("invalid syntax").
pub(crate) fn unquote_char(s: &str, quote: u8) -> Result<UnquotedChar<'_>, ()> {
    let first = *s.as_bytes().first().ok_or(())?;
    if first == quote && (quote == b'\'' || quote == b'"') {
        return Err(());
    }
    if first >= 0x80 {
        let c = s.chars().next().ok_or(())?;
        return Ok(UnquotedChar {
            value: c as u32,
            multibyte: true,
            tail: &s[c.len_utf8()..],
        });
    }
    if first != b'\\' {
        return Ok(UnquotedChar {
            value: first as u32,
            multibyte: false,
            tail: &s[1..],
        });
    }
    let escape = *s.as_bytes().get(1).ok_or(())?;
    if !escape.is_ascii() {
        // A backslash before a non-ASCII character escapes nothing Go knows.
        return Err(());
    }
    let rest = &s[2..];
    let simple = |value: u8| {
        Ok(UnquotedChar {
            value: value as u32,
            multibyte: false,
            tail: rest,
        })
    };
    match escape {
        b'a' => simple(0x07),
        b'b' => simple(0x08),
        b'f' => simple(0x0c),
        b'n' => simple(b'\n'),
        b'r' => simple(b'\r'),
        b't' => simple(b'\t'),
        b'v' => simple(0x0b),
        b'\\' => simple(b'\\'),
        b'\'' | b'"' if escape == quote => simple(escape),
        b'x' | b'u' | b'U' => {
            let n = match escape {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let digits = rest.get(..n).ok_or(())?;
            let mut value = 0u32;
            for d in digits.bytes() {
                value = value * 16 + (d as char).to_digit(16).ok_or(())?;
            }
            let tail = &rest[n..];
            if escape == b'x' {
                return Ok(UnquotedChar {
                    value,
                    multibyte: false,
                    tail,
                });
            }
            if char::from_u32(value).is_none() {
                return Err(());
            }
            Ok(UnquotedChar {
                value,
                multibyte: true,
                tail,
            })
        }
        b'0'..=b'7' => {
            let digits = rest.get(..2).ok_or(())?;
            let mut value = (escape - b'0') as u32;
            for d in digits.bytes() {
                if !(b'0'..=b'7').contains(&d) {
                    return Err(());
                }
                value = value * 8 + (d - b'0') as u32;
            }
            if value > 255 {
                return Err(());
            }
            Ok(UnquotedChar {
                value,
                multibyte: false,
                tail: &rest[2..],
            })
        }
        _ => Err(()),
    }
}

/// Go's `strconv.Unquote` for the two string forms templates use: `"interpreted"` and
/// `` `raw` `` (raw strings lose their carriage returns, as in Go). Go strings may hold any
/// bytes (`"\xff"`); bytes that are not UTF-8 become U+FFFD here.
pub(crate) fn unquote(s: &str) -> Result<String, ()> {
    let bytes = s.as_bytes();
    if bytes.len() < 2 {
        return Err(());
    }
    let (open, close) = (bytes[0], bytes[bytes.len() - 1]);
    if open != close {
        return Err(());
    }
    let inner = &s[1..s.len() - 1];
    match open {
        b'`' => {
            if inner.contains('`') {
                return Err(());
            }
            Ok(inner.replace('\r', ""))
        }
        b'"' => {
            if inner.contains('\n') {
                return Err(());
            }
            if !inner.contains(['\\', '"']) {
                return Ok(inner.to_string());
            }
            let mut out = Vec::with_capacity(inner.len());
            let mut rest = inner;
            while !rest.is_empty() {
                let c = unquote_char(rest, b'"')?;
                if c.multibyte {
                    let ch = char::from_u32(c.value).ok_or(())?;
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                } else {
                    out.push(c.value as u8);
                }
                rest = c.tail;
            }
            Ok(String::from_utf8(out)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
        }
        _ => Err(()),
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)`: a base prefix (`0x`, `0o`, `0b`, or a leading `0` for
/// octal) and underscores between digits.
pub(crate) fn parse_uint(s: &str) -> Option<u64> {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    let (base, digits) = if bytes[0] == b'0' {
        match bytes.get(1).map(u8::to_ascii_lowercase) {
            Some(b'b') if bytes.len() >= 3 => (2, &s[2..]),
            Some(b'o') if bytes.len() >= 3 => (8, &s[2..]),
            Some(b'x') if bytes.len() >= 3 => (16, &s[2..]),
            _ => (8, &s[1..]),
        }
    } else {
        (10, s)
    };
    let mut value: u64 = 0;
    let mut underscores = false;
    for c in digits.chars() {
        if c == '_' {
            underscores = true;
            continue;
        }
        let d = c.to_digit(16)? as u64;
        if d >= base {
            return None;
        }
        value = value.checked_mul(base)?.checked_add(d)?;
    }
    if underscores && !underscore_ok(s) {
        return None;
    }
    Some(value)
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let (negative, unsigned) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = parse_uint(unsigned)?;
    if negative {
        if magnitude > 1 << 63 {
            return None;
        }
        Some((magnitude as i64).wrapping_neg())
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go's rule for underscores in number literals: each one sits between two digits (or after
/// a base prefix).
fn underscore_ok(s: &str) -> bool {
    let mut s = s.as_bytes();
    if let Some(b'+' | b'-') = s.first() {
        s = &s[1..];
    }
    #[derive(PartialEq)]
    enum Saw {
        Start,
        Digit,
        Underscore,
        Other,
    }
    let mut saw = Saw::Start;
    let mut i = 0;
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(s[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = Saw::Digit;
        hex = s[1].eq_ignore_ascii_case(&b'x');
    }
    for &c in &s[i..] {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = Saw::Digit;
        } else if c == b'_' {
            if saw != Saw::Digit {
                return false;
            }
            saw = Saw::Underscore;
        } else {
            if saw == Saw::Underscore {
                return false;
            }
            saw = Saw::Other;
        }
    }
    saw != Saw::Underscore
}

/// Go's `strconv.ParseFloat(s, 64)` for the number syntax templates accept: decimal and
/// hexadecimal (`0x1.8p3`, which needs its exponent) with underscores. A value out of range is
/// an error, as in Go.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let negative = match bytes.first()? {
        b'+' => {
            i = 1;
            false
        }
        b'-' => {
            i = 1;
            true
        }
        _ => false,
    };
    let hex = i + 2 < bytes.len() && bytes[i] == b'0' && bytes[i + 1].eq_ignore_ascii_case(&b'x');
    if hex {
        i += 2;
    }
    let mantissa_start = i;
    let (mut saw_dot, mut saw_digits, mut underscores) = (false, false, false);
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'_' => underscores = true,
            b'.' if !saw_dot => saw_dot = true,
            b'0'..=b'9' => saw_digits = true,
            _ if hex && c.is_ascii_hexdigit() => saw_digits = true,
            _ => break,
        }
        i += 1;
    }
    if !saw_digits {
        return None;
    }
    let mantissa_end = i;
    let exp_char = if hex { b'p' } else { b'e' };
    let mut exponent: i64 = 0;
    if i < bytes.len() && bytes[i].to_ascii_lowercase() == exp_char {
        i += 1;
        let mut sign = 1;
        match bytes.get(i) {
            Some(b'+') => i += 1,
            Some(b'-') => {
                sign = -1;
                i += 1
            }
            _ => {}
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
            if bytes[i] == b'_' {
                underscores = true;
            } else if exponent < 100_000 {
                exponent = exponent * 10 + (bytes[i] - b'0') as i64;
            }
            i += 1;
        }
        exponent *= sign;
    } else if hex {
        return None;
    }
    if i != bytes.len() || (underscores && !underscore_ok(s)) {
        return None;
    }
    let mantissa: String = s[mantissa_start..mantissa_end]
        .chars()
        .filter(|&c| c != '_')
        .collect();
    let value = if hex {
        hex_float(&mantissa, exponent)?
    } else {
        let text = format!("{mantissa}e{exponent}");
        text.parse::<f64>().ok()?
    };
    if value.is_infinite() {
        return None;
    }
    Some(if negative { -value } else { value })
}

/// A hexadecimal mantissa (`1.8`: no prefix, no underscores) times two to the `exponent`,
/// rounded to nearest even once. Digits past the sixteenth only set a sticky bit, as in Go.
fn hex_float(mantissa: &str, exponent: i64) -> Option<f64> {
    let (mut bits, mut used, mut sticky) = (0u64, 0i64, false);
    // `point`: hex places before the point, not counting leading zeros (which shift it down).
    let (mut significant, mut point, mut saw_dot) = (0i64, 0i64, false);
    for c in mantissa.chars() {
        if c == '.' {
            saw_dot = true;
            point = significant;
            continue;
        }
        let d = c.to_digit(16)? as u64;
        if d == 0 && significant == 0 {
            point -= 1;
            continue;
        }
        significant += 1;
        if used < 16 {
            bits = bits * 16 + d;
            used += 1;
        } else if d != 0 {
            sticky = true;
        }
    }
    if !saw_dot {
        point = significant;
    }
    if bits == 0 {
        return Some(0.0);
    }
    Some(scale_binary(bits, sticky, 4 * (point - used) + exponent))
}

/// `bits` (with a sticky bit for digits dropped beyond it) times 2^`exp`, rounded once to the
/// nearest f64 (ties to even), subnormals included.
fn scale_binary(mut bits: u64, sticky: bool, mut exp: i64) -> f64 {
    // Normalise to 64 significant bits, keeping the sticky information in the low bit.
    let shift = bits.leading_zeros() as i64;
    bits <<= shift;
    exp -= shift;
    let mut sticky = sticky;
    // The value is bits * 2^exp with bit 63 set; f64 keeps 53 bits.
    // Exponent of the leading bit:
    let lead = exp + 63;
    // Smallest normal exponent is -1022; below it the mantissa keeps fewer bits.
    let keep: i64 = if lead >= -1022 {
        53
    } else {
        53 - (-1022 - lead)
    };
    if lead > 1023 {
        return f64::INFINITY;
    }
    if keep <= 0 {
        // Below half the smallest subnormal (or exactly it): round to zero or the smallest.
        let half = keep == 0 && (bits > 1 << 63 || sticky);
        return if half { f64::from_bits(1) } else { 0.0 };
    }
    let drop = 64 - keep;
    let mut kept = bits >> drop;
    let rest = bits & ((1u64 << drop) - 1);
    let halfway = 1u64 << (drop - 1);
    sticky |= rest & (halfway - 1) != 0;
    if rest & halfway != 0 && (sticky || kept & 1 == 1) {
        kept += 1;
    }
    // kept * 2^(exp + drop); the conversions below are exact.
    let scale = exp + drop;
    kept as f64 * pow2(scale)
}

/// 2^e as an exact f64 product, split so that no intermediate overflows or underflows early.
fn pow2(e: i64) -> f64 {
    let mut result = 1.0f64;
    let mut e = e;
    while e > 1000 {
        result *= f64::from_bits(((1000 + 1023) as u64) << 52);
        e -= 1000;
    }
    while e < -1000 {
        result *= f64::from_bits(((-1000 + 1023) as u64) << 52);
        e += 1000;
    }
    result * f64::from_bits(((e + 1023) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_as_go_does() {
        assert_eq!(quote("abc"), r#""abc""#);
        assert_eq!(quote("a\"b\\c\n\t\x01\x7f"), r#""a\"b\\c\n\t\x01\x7f""#);
        assert_eq!(quote("中文\u{3000}\u{feff}"), r#""中文\u3000\ufeff""#);
        assert_eq!(quote("\u{e0001}"), r#""\U000e0001""#);
        assert_eq!(quote_prefix("0123456789abc", 10), r#""0123456789""#);
    }

    #[test]
    fn unquotes_as_go_does() {
        assert_eq!(unquote(r#""abc \n\t\" ""#).unwrap(), "abc \n\t\" ");
        assert_eq!(unquote("`a\\n\r`").unwrap(), "a\\n");
        assert_eq!(unquote(r#""\u00e9\101""#).unwrap(), "éA");
        assert!(unquote(r#""\'""#).is_err());
        assert!(unquote("\"a\nb\"").is_err());
        assert!(unquote(r#""\ud800""#).is_err());
        assert!(
            unquote("\"\\\u{e9}\"").is_err(),
            "a backslash before a non-ASCII character"
        );
        assert!(unquote_char("\\\u{e9}'", b'\'').is_err());
    }

    #[test]
    fn reads_numbers_as_go_does() {
        assert_eq!(parse_uint("0x_1F"), Some(31));
        assert_eq!(parse_uint("0b101"), Some(5));
        assert_eq!(parse_uint("0o17"), Some(15));
        assert_eq!(parse_uint("017"), Some(15));
        assert_eq!(parse_uint("1_000"), Some(1000));
        assert_eq!(parse_uint("1__0"), None);
        assert_eq!(parse_uint("0x"), None);
        assert_eq!(parse_uint("+1"), None);
        assert_eq!(parse_int("-0x10"), Some(-16));
        assert_eq!(parse_int("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int("9223372036854775808"), None);
        assert_eq!(parse_float("1e1_9"), Some(1e19));
        assert_eq!(parse_float("0_0_1_2_3.4"), Some(123.4));
        assert_eq!(parse_float("+0x1.ep+2"), Some(7.5));
        assert_eq!(parse_float("0x_1p-4"), Some(1.0 / 16.0));
        assert_eq!(parse_float("0x0_1.e_0p+02"), Some(7.5));
        assert_eq!(parse_float("0x123."), None);
        assert_eq!(parse_float("1e."), None);
        assert_eq!(parse_float("1e400"), None);
        assert_eq!(parse_float("0x1p-1074"), Some(f64::from_bits(1)));
        assert_eq!(parse_float("0x1.fffffffffffff8p0"), Some(2.0));
        assert_eq!(parse_float("0x.8p1"), Some(1.0));
        assert_eq!(parse_float("0x0.08p4"), Some(0.5));
    }
}
