//! Walking a `printf` format string, Go's `doPrintf`: flags, argument indexes, widths and
//! precisions (from the format or from arguments), the verb, and the error forms for what
//! does not add up.

use super::format::Spec;
use super::print::Printer;
use crate::value::Value;

/// Go refuses widths, precisions and argument indexes beyond this, so that a format cannot
/// ask for gigabytes of padding.
const TOO_LARGE: i64 = 1_000_000;

/// Where the walk is between verbs: the next operand, and whether indexes were used.
struct Cursor<'f> {
    format: &'f [u8],
    i: usize,
    arg_num: usize,
    num_args: usize,
    /// Some verb used `[n]`: operands are then not checked for being all used.
    reordered: bool,
    /// The current verb's indexes are all in range.
    good_arg_num: bool,
}

pub(super) fn do_printf(p: &mut Printer, format: &str, args: &[Value]) {
    let mut c = Cursor {
        format: format.as_bytes(),
        i: 0,
        arg_num: 0,
        num_args: args.len(),
        reordered: false,
        good_arg_num: true,
    };
    let end = format.len();
    while c.i < end {
        c.good_arg_num = true;
        let literal = c.i;
        c.i += c.format[c.i..]
            .iter()
            .position(|&b| b == b'%')
            .unwrap_or(end - c.i);
        p.out.push_str(&format[literal..c.i]);
        if c.i >= end {
            break;
        }
        c.i += 1;
        p.spec = parse_flags(&mut c);
        let after_index = parse_width(p, &mut c, args);
        let after_index = parse_precision(p, &mut c, args, after_index);
        if !after_index {
            c.arg_index();
        }
        let Some(verb) = format.get(c.i..).and_then(|rest| rest.chars().next()) else {
            p.out.push_str("%!(NOVERB)");
            break;
        };
        c.i += verb.len_utf8();
        print_verb(p, &mut c, verb, args);
    }
    // Operands left over are reported, unless indexes made it hard to know which were used.
    if !c.reordered && c.arg_num < args.len() {
        print_extra(p, &args[c.arg_num..]);
    }
}

/// An argument index, then a width: digits, or `*` for the next operand (negative: `-`).
/// Returns whether the format's last item was an index.
fn parse_width(p: &mut Printer, c: &mut Cursor, args: &[Value]) -> bool {
    let after_index = c.arg_index();
    if c.peek() == Some(b'*') {
        c.i += 1;
        match int_from_arg(args, &mut c.arg_num) {
            Some(wid) => {
                p.spec.wid = Some(wid.unsigned_abs() as usize);
                if wid < 0 {
                    p.spec.minus = true;
                    p.spec.zero = false;
                }
            }
            None => p.out.push_str("%!(BADWIDTH)"),
        }
        return false;
    }
    p.spec.wid = c.number();
    if after_index && p.spec.wid.is_some() {
        c.good_arg_num = false; // "%[3]2d"
    }
    after_index
}

/// A precision: `.`, an optional index, then digits (none: 0) or `*` for an operand.
/// Returns whether the format's last item was an index.
fn parse_precision(p: &mut Printer, c: &mut Cursor, args: &[Value], after_index: bool) -> bool {
    if c.i + 1 >= c.format.len() || c.format[c.i] != b'.' {
        return after_index;
    }
    c.i += 1;
    if after_index {
        c.good_arg_num = false; // "%[3].2d"
    }
    let after_index = c.arg_index();
    if c.peek() == Some(b'*') {
        c.i += 1;
        p.spec.prec = int_from_arg(args, &mut c.arg_num)
            .filter(|&prec| prec >= 0)
            .map(|prec| prec as usize);
        if p.spec.prec.is_none() {
            p.out.push_str("%!(BADPREC)");
        }
        return false;
    }
    p.spec.prec = Some(c.number().unwrap_or(0));
    after_index
}

/// `%!(EXTRA type=value, ...)` for operands no verb used, printed without flags.
fn print_extra(p: &mut Printer, extra: &[Value]) {
    p.spec = Spec::default();
    p.out.push_str("%!(EXTRA ");
    for (k, arg) in extra.iter().enumerate() {
        if k > 0 {
            p.out.push_str(", ");
        }
        if let Value::NoValue | Value::Nil = arg {
            p.out.push_str("<nil>");
        } else {
            p.out.push_str(&arg.type_name());
            p.out.push('=');
            p.print_arg(arg, 'v');
        }
    }
    p.out.push(')');
}

/// Prints one verb's operand, or what is wrong with it.
fn print_verb(p: &mut Printer, c: &mut Cursor, verb: char, args: &[Value]) {
    if verb == '%' {
        // `%%` takes no operand and ignores width and precision.
        p.out.push('%');
        return;
    }
    let problem = if !c.good_arg_num {
        "(BADINDEX)"
    } else if c.arg_num >= args.len() {
        "(MISSING)"
    } else {
        if verb == 'v' {
            // `%#v` is Go syntax and `%+v` names struct fields: formats of their own.
            p.spec.sharp_v = std::mem::take(&mut p.spec.sharp);
            p.spec.plus_v = std::mem::take(&mut p.spec.plus);
        }
        p.print_arg(&args[c.arg_num], verb);
        c.arg_num += 1;
        return;
    };
    p.out.push_str("%!");
    p.out.push(verb);
    p.out.push_str(problem);
}

fn parse_flags(c: &mut Cursor) -> Spec {
    let mut spec = Spec::default();
    while let Some(b) = c.peek() {
        match b {
            b'#' => spec.sharp = true,
            b'0' => spec.zero = !spec.minus, // only pad with zeros on the left
            b'+' => spec.plus = true,
            b'-' => {
                spec.minus = true;
                spec.zero = false;
            }
            b' ' => spec.space = true,
            _ => break,
        }
        c.i += 1;
    }
    spec
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.format.get(self.i).copied()
    }

    /// Go's `parsenum`: a decimal number at the cursor. A number too large to be a width
    /// takes the rest of the format with it.
    fn number(&mut self) -> Option<usize> {
        let (num, next) = parse_number(self.format, self.i, self.format.len());
        self.i = next;
        num.map(|n| n as usize)
    }

    /// Go's `argNumber`: an argument index `[n]` at the cursor, which makes operand n-1 the
    /// next. Returns whether there was one (even a bad one, which spoils the verb).
    fn arg_index(&mut self) -> bool {
        if self.peek() != Some(b'[') {
            return false;
        }
        self.reordered = true;
        let (index, len) = parse_arg_index(&self.format[self.i..]);
        self.i += len;
        match index {
            Some(Some(n)) if n < self.num_args => {
                self.arg_num = n;
                true
            }
            found => {
                self.good_arg_num = false;
                found.is_some()
            }
        }
    }
}

/// Go's `parseArgNumber` on a format starting at `[`: the zero-based index (`None` inside
/// for `[0]`), or `None` when the brackets hold no number; and how many bytes to skip.
fn parse_arg_index(format: &[u8]) -> (Option<Option<usize>>, usize) {
    if format.len() < 3 {
        return (None, 1);
    }
    let Some(close) = format
        .iter()
        .skip(1)
        .position(|&b| b == b']')
        .map(|k| k + 1)
    else {
        return (None, 1);
    };
    match parse_number(format, 1, close) {
        (Some(n), next) if next == close => (Some((n as usize).checked_sub(1)), close + 1),
        _ => (None, close + 1),
    }
}

/// Go's `parsenum` over `s[start..end]`: the number and where it ends; a number that grows
/// too large gives nothing and ends at `end`.
fn parse_number(s: &[u8], start: usize, end: usize) -> (Option<i64>, usize) {
    let mut num: i64 = 0;
    let mut found = false;
    let mut i = start;
    while i < end && s[i].is_ascii_digit() {
        if num > TOO_LARGE {
            return (None, end);
        }
        num = num * 10 + i64::from(s[i] - b'0');
        found = true;
        i += 1;
    }
    (found.then_some(num), i)
}

/// Go's `intFromArg`: the operand at `arg_num` as a width or precision, when it is an
/// integer of a sane size; the operand is used up either way.
fn int_from_arg(args: &[Value], arg_num: &mut usize) -> Option<i64> {
    let arg = args.get(*arg_num)?;
    *arg_num += 1;
    let n = match arg {
        Value::Int(n) => *n,
        Value::Uint(n) => i64::try_from(*n).ok()?,
        _ => return None,
    };
    (-TOO_LARGE..=TOO_LARGE).contains(&n).then_some(n)
}
