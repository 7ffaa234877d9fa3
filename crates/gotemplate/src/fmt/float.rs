//! Floats as Go prints them: `strconv.AppendFloat` for the verbs `e E f g G x X b`, and what
//! `fmt` adds (signs, the space and `#` flags, zero padding, `Inf` and `NaN`).
//!
//! The decimal digits come from Rust's own float formatting, which is exact: `{:.N}` and
//! `{:.Ne}` round the exact binary value half to even, as Go does. For the shortest digits
//! that read back (`%v`, `%g`), Rust and Go agree on the length but not always on the last
//! digit when two candidates are equally near the exact value: Go takes the even one, so
//! [`shortest`] checks the correctly rounded candidate of the same length.

use std::fmt::{self, Write as _};

use super::format::{digits, Printer};

/// Significant digits worth asking for: an f64's exact decimal expansion has at most 767.
const MAX_SIG_DIGITS: usize = 780;
/// Digits after the point worth asking for: the smallest f64, 2^-1074, has 1074.
const MAX_FRAC_DIGITS: usize = 1100;
/// Room for `{:.Ne}` of `MAX_SIG_DIGITS` digits: the digits, the point, and `e-324`.
const SCI_BUF: usize = MAX_SIG_DIGITS + 8;

impl Printer<'_> {
    /// Go's `fmt.fmtFloat`: `v` under the strconv format `verb` (`e E f g G x X b`), with the
    /// verb's precision, else `default_prec` (-1: the shortest that reads back).
    pub(super) fn fmt_float(&mut self, v: f64, verb: u8, default_prec: i64) {
        let prec = self.spec.prec.map_or(default_prec, |p| p as i64);
        let mut body = NumBuf::new();
        let mut sign = if v.is_sign_negative() && !v.is_nan() {
            '-'
        } else {
            '+'
        };
        if self.spec.space && sign == '+' && !self.spec.plus {
            sign = ' ';
        }
        if !v.is_finite() {
            body.push_str(if v.is_nan() { "NaN" } else { "Inf" });
            // Not numbers, so never zero padded; NaN has no sign unless asked for one.
            let sign = (!v.is_nan() || self.spec.space || self.spec.plus).then_some(sign);
            self.without_zero(|p| p.pad_signed(sign, body.as_str()));
            return;
        }
        append_float(&mut body, v.abs(), verb, prec);
        let sharpened;
        let body = if self.spec.sharp && verb != b'b' {
            sharpened = sharpen(body.as_str(), verb, prec);
            sharpened.as_str()
        } else {
            body.as_str()
        };
        if !self.spec.plus && sign == '+' {
            self.pad_signed(None, body);
            return;
        }
        // Zero padding goes between the sign and the digits.
        let len = 1 + body.len();
        match self.spec.wid {
            Some(wid) if self.spec.zero && wid > len => {
                self.out.push(sign);
                self.write_padding(wid - len);
                self.out.push_str(body);
            }
            _ => self.pad_signed(Some(sign), body),
        }
    }

    /// `body` (ASCII) after an optional sign, padded to the width.
    fn pad_signed(&mut self, sign: Option<char>, body: &str) {
        let n = self.padding_for(|| body.len() + usize::from(sign.is_some()));
        self.padded(n, |out| {
            out.extend(sign);
            out.push_str(body);
        });
    }
}

/// The `#` flag on a float: always a decimal point, and for `%g` (and `%x`) the trailing
/// zeros up to the precision (6 by default) that strconv dropped. As in Go, the digits
/// counted start at the first nonzero character, so the `x` of `0x` counts.
fn sharpen(body: &str, verb: u8, prec: i64) -> NumBuf {
    let mut wanted = match verb {
        b'v' | b'g' | b'G' | b'x' if prec == -1 => 6,
        b'v' | b'g' | b'G' | b'x' => prec,
        _ => 0,
    };
    let hex = matches!(verb, b'x' | b'X');
    let tail_at = body
        .bytes()
        .position(|c| matches!(c, b'p' | b'P') || (!hex && matches!(c, b'e' | b'E')))
        .unwrap_or(body.len());
    let (head, tail) = body.split_at(tail_at);
    let mut has_point = false;
    let mut nonzero_seen = false;
    for c in head.bytes() {
        if c == b'.' {
            has_point = true;
            continue;
        }
        nonzero_seen |= c != b'0';
        if nonzero_seen {
            wanted -= 1;
        }
    }
    let mut out = NumBuf::new();
    out.push_str(head);
    if !has_point {
        if head == "0" {
            wanted -= 1;
        }
        out.push_str(".");
    }
    for _ in 0..wanted.max(0) {
        out.push_str("0");
    }
    out.push_str(tail);
    out
}

/// Go's `strconv.AppendFloat(x, fmt, prec, 64)` for a finite `x` ≥ 0; `prec` < 0 asks for
/// the shortest digits that read back.
fn append_float(out: &mut NumBuf, x: f64, fmt: u8, prec: i64) {
    match fmt {
        b'b' => fmt_b(out, x),
        b'x' | b'X' => fmt_x(out, x, prec, fmt == b'X'),
        b'f' if prec >= 0 => {
            // Past MAX_FRAC_DIGITS every digit is 0, and Rust refuses precisions that large.
            let asked = prec as usize;
            let _ = write!(out, "{:.*}", asked.min(MAX_FRAC_DIGITS), x);
            out.push_zeros(asked.saturating_sub(MAX_FRAC_DIGITS));
        }
        b'e' | b'E' if prec >= 0 => {
            let mut buf = [0u8; SCI_BUF];
            let d = rounded(x, (prec as usize + 1).min(MAX_SIG_DIGITS), &mut buf);
            fmt_e(out, &d, prec as usize, fmt);
        }
        b'g' | b'G' if prec >= 0 => {
            let prec = prec.max(1);
            let mut buf = [0u8; SCI_BUF];
            let d = rounded(x, (prec as usize).min(MAX_SIG_DIGITS), &mut buf);
            fmt_g(out, &d, prec, false, fmt);
        }
        _ => {
            let mut buf = [0u8; SHORTEST_BUF];
            let d = shortest(x, &mut buf);
            let nd = d.digits.len() as i64;
            match fmt {
                b'e' | b'E' => fmt_e(out, &d, (nd - 1).max(0) as usize, fmt),
                b'f' => fmt_f(out, &d, (nd - d.dp).max(0) as usize),
                _ => fmt_g(out, &d, nd, true, fmt),
            }
        }
    }
}

/// Decimal digits of a float's magnitude, Go's `decimalSlice`: the value is
/// 0.`digits` × 10^`dp`, with no trailing zeros (zero has no digits).
struct Decimal<'a> {
    digits: &'a [u8],
    dp: i64,
}

/// `%g`: `%e` for large and small exponents, else `%f`, with trailing zeros dropped.
fn fmt_g(out: &mut NumBuf, d: &Decimal, prec: i64, shortest: bool, fmt: u8) {
    let nd = d.digits.len() as i64;
    let mut eprec = prec;
    if eprec > nd && nd >= d.dp {
        eprec = nd;
    }
    // The shortest form decides as if the precision were 6.
    if shortest {
        eprec = 6;
    }
    let exp = d.dp - 1;
    if exp < -4 || exp >= eprec {
        let prec = prec.min(nd);
        let e = if fmt == b'G' { b'E' } else { b'e' };
        fmt_e(out, d, (prec - 1).max(0) as usize, e);
    } else {
        let prec = if prec > d.dp { nd } else { prec };
        fmt_f(out, d, (prec - d.dp).max(0) as usize);
    }
}

/// `%e`: `d.dddde±dd`, `prec` digits after the point.
fn fmt_e(out: &mut NumBuf, d: &Decimal, prec: usize, e: u8) {
    out.push_byte(d.digits.first().copied().unwrap_or(b'0'));
    if prec > 0 {
        out.push_byte(b'.');
        let more = d.digits.get(1..).unwrap_or_default();
        let shown = more.len().min(prec);
        out.push_bytes(&more[..shown]);
        out.push_zeros(prec - shown);
    }
    out.push_byte(e);
    let exp = if d.digits.is_empty() { 0 } else { d.dp - 1 };
    out.push_byte(if exp < 0 { b'-' } else { b'+' });
    let exp = exp.unsigned_abs();
    if exp < 10 {
        out.push_byte(b'0');
    }
    let _ = write!(out, "{exp}");
}

/// `%f`: `ddd.ddd`, `prec` digits after the point.
fn fmt_f(out: &mut NumBuf, d: &Decimal, prec: usize) {
    let nd = d.digits.len();
    if d.dp > 0 {
        let dp = d.dp as usize;
        let shown = nd.min(dp);
        out.push_bytes(&d.digits[..shown]);
        out.push_zeros(dp - shown);
    } else {
        out.push_byte(b'0');
    }
    if prec > 0 {
        out.push_byte(b'.');
        for i in 0..prec as i64 {
            let j = d.dp + i;
            let c = if (0..nd as i64).contains(&j) {
                d.digits[j as usize]
            } else {
                b'0'
            };
            out.push_byte(c);
        }
    }
}

/// The mantissa and binary exponent of a finite f64 ≥ 0: `x` = `mant` × 2^`exp`.
fn binary_parts(x: f64) -> (u64, i64) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 {
        (fraction, 1 - 1023 - 52) // subnormal
    } else {
        (fraction | 1 << 52, biased - 1023 - 52)
    }
}

/// `%b`: the mantissa in decimal, `p`, and the power of two, `4503599627370496p-52`.
fn fmt_b(out: &mut NumBuf, x: f64) {
    let (mant, exp) = binary_parts(x);
    let _ = write!(out, "{mant}p");
    if exp >= 0 {
        out.push_byte(b'+');
    }
    let _ = write!(out, "{exp}");
}

/// `%x`: hexadecimal mantissa and power of two, `0x1.8p+01`, rounded half to even to
/// `prec` hex digits.
fn fmt_x(out: &mut NumBuf, x: f64, prec: i64, upper: bool) {
    const ONE: u64 = 1 << 60;
    let (mut mant, exp) = binary_parts(x);
    // The exponent of the leading 1 once it sits at bit 60, for a value 1.xxx × 2^exp.
    let mut exp = if mant == 0 { 0 } else { exp + 52 };
    mant <<= 60 - 52;
    while mant != 0 && mant & ONE == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if (0..15).contains(&prec) {
        let shift = (prec * 4) as u32;
        let extra = (mant << shift) & (ONE - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > ONE >> 1 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (ONE << 1) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let hex = digits(upper);
    out.push_byte(b'0');
    out.push_byte(if upper { b'X' } else { b'x' });
    out.push_byte(b'0' + ((mant >> 60) & 1) as u8);
    mant <<= 4;
    if prec < 0 {
        // Shortest: hex digits until the rest are zeros.
        if mant != 0 {
            out.push_byte(b'.');
        }
        while mant != 0 {
            out.push_byte(hex[((mant >> 60) & 0xF) as usize]);
            mant <<= 4;
        }
    } else if prec > 0 {
        out.push_byte(b'.');
        for _ in 0..prec {
            out.push_byte(hex[((mant >> 60) & 0xF) as usize]);
            mant <<= 4;
        }
    }
    out.push_byte(if upper { b'P' } else { b'p' });
    out.push_byte(if exp < 0 { b'-' } else { b'+' });
    let exp = exp.unsigned_abs();
    if exp < 10 {
        out.push_byte(b'0');
    }
    let _ = write!(out, "{exp}");
}

/// Room for the shortest digits: 17 digits, the point and `e-324`.
const SHORTEST_BUF: usize = 40;

/// The shortest digits that read back as `x`, and of those the nearest to `x`, half to even.
///
/// Two candidates of `nd` digits can only both read back when the gap between floats near
/// `x` (at most 2^-52 of it) exceeds a unit of the `nd`-th digit (at least 10^-nd of it):
/// so ties need 16 digits or more, and shorter results are checked no further.
fn shortest(x: f64, buf: &mut [u8; SHORTEST_BUF]) -> Decimal<'_> {
    let (nd, dp) = scientific(buf, format_args!("{x:e}"));
    if nd >= 16 {
        let mut alt = [0u8; SHORTEST_BUF];
        let (alt_nd, alt_dp) = scientific(&mut alt, format_args!("{:.*e}", nd - 1, x));
        let differs = (alt_nd, alt_dp) != (nd, dp) || alt[..alt_nd] != buf[..nd];
        if differs && reads_back(&alt[..alt_nd], alt_dp, x) {
            buf[..alt_nd].copy_from_slice(&alt[..alt_nd]);
            return Decimal {
                digits: &buf[..alt_nd],
                dp: alt_dp,
            };
        }
    }
    Decimal {
        digits: &buf[..nd],
        dp,
    }
}

/// `x` correctly rounded to `n` (≥ 1) significant digits.
fn rounded(x: f64, n: usize, buf: &mut [u8; SCI_BUF]) -> Decimal<'_> {
    let (nd, dp) = scientific(buf, format_args!("{:.*e}", n - 1, x));
    Decimal {
        digits: &buf[..nd],
        dp,
    }
}

/// Renders `args`, a float in Rust's scientific notation (`1.2345e-7`), into `buf`, and
/// leaves there its digits without trailing zeros. Returns their number and the decimal
/// point's place (Go's `nd` and `dp`).
fn scientific(buf: &mut [u8], args: fmt::Arguments) -> (usize, i64) {
    let mut w = StackWriter { buf, len: 0 };
    let _ = w.write_fmt(args);
    let len = w.len;
    let text = &buf[..len];
    let e = text.iter().position(|&c| c == b'e').unwrap_or(len);
    let exp = std::str::from_utf8(&text[(e + 1).min(len)..])
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or(0);
    let mut nd = if e > 2 {
        buf.copy_within(2..e, 1);
        e - 1
    } else {
        e.min(1)
    };
    while nd > 0 && buf[nd - 1] == b'0' {
        nd -= 1;
    }
    if nd == 0 {
        (0, 0)
    } else {
        (nd, exp + 1)
    }
}

/// Whether the decimal 0.`digits` × 10^`dp` reads back as `x`.
fn reads_back(digits: &[u8], dp: i64, x: f64) -> bool {
    let mut buf = [0u8; SHORTEST_BUF];
    let mut w = StackWriter {
        buf: &mut buf,
        len: 0,
    };
    let text = std::str::from_utf8(digits).unwrap_or("0");
    if write!(w, "0.{text}e{dp}").is_err() {
        return false;
    }
    let len = w.len;
    std::str::from_utf8(&buf[..len])
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        == Some(x)
}

/// A writer into a fixed buffer; it fails rather than grow.
struct StackWriter<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl fmt::Write for StackWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let dst = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// An ASCII number being built: on the stack, unless it grows long (`%.500f`).
struct NumBuf {
    inline: [u8; 64],
    len: usize,
    heap: String,
}

impl NumBuf {
    fn new() -> Self {
        NumBuf {
            inline: [0; 64],
            len: 0,
            heap: String::new(),
        }
    }

    fn as_str(&self) -> &str {
        if self.len > self.inline.len() {
            &self.heap
        } else {
            // Only ASCII is ever written here.
            std::str::from_utf8(&self.inline[..self.len]).unwrap_or_default()
        }
    }

    fn push_bytes(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if end <= self.inline.len() {
            self.inline[self.len..end].copy_from_slice(bytes);
        } else {
            if self.len <= self.inline.len() {
                let inline = self.as_str().to_owned();
                self.heap = inline;
            }
            self.heap.extend(bytes.iter().map(|&b| char::from(b)));
        }
        self.len = end;
    }

    fn push_byte(&mut self, b: u8) {
        self.push_bytes(&[b]);
    }

    fn push_str(&mut self, s: &str) {
        self.push_bytes(s.as_bytes());
    }

    fn push_zeros(&mut self, n: usize) {
        for _ in 0..n {
            self.push_byte(b'0');
        }
    }
}

impl fmt::Write for NumBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}
