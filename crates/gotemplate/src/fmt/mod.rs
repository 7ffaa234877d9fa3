//! Go's `fmt` as templates meet it: how `{{ . }}` prints a value, and the `print`, `println`
//! and `printf` builtins (`fmt.Sprint`, `fmt.Sprintln`, `fmt.Sprintf`).
//!
//! The output is Go's, byte for byte: every verb (`%v %+v %#v %T %p %t %d %b %o %O %x %X %c
//! %q %U %e %E %f %F %g %G %s %%`), flags, widths and precisions (also from arguments, `%*d`),
//! argument indexes (`%[2]d`), and every error form (`%!d(string=x)`, `%!v(MISSING)`,
//! `%!(EXTRA int=1)`, `%!(BADINDEX)`, `%!(BADWIDTH)`, `%!(BADPREC)`, `%!(NOVERB)`). Floats print
//! as Go's `strconv` does: the shortest representation that reads back for `%v` and `%g`, and
//! rounding half to even on the exact binary value for a given precision.
//!
//! What a [`Value`] stands for in Go, and so how it prints: `Int` is an `int`, `Uint` a `uint`,
//! `Float` a `float64`, `String` a `string`, `Safe` one of html/template's string types (it
//! prints as its string), `List` a `[]interface {}`, `Map` a map of `interface {}` values,
//! `Nil` a nil interface, `Func` a func (an address), and an `Object` a pointer whose
//! `String` method is [`crate::Object::print`]. `NoValue` prints `<no value>` from
//! [`print_value`], as text/template prints a missing value; handed to `print` or `printf`
//! it is Go's nil, as text/template hands an invalid value to a function.
//!
//! Each function comes in two forms: one that returns a new `String`, and a `write_*` one that
//! appends to a buffer the caller keeps (the engine's output), which allocates nothing beyond
//! that buffer's growth.
//!
//! Layout: `printf` walks a format string, `print` prints one value under one verb,
//! `format` holds the flags and the padding, integers and strings, `float` is Go's
//! `strconv.AppendFloat`, `quote` is `strconv.Quote`, and `isprint` its table.

mod float;
mod format;
mod isprint;
mod print;
mod printf;
mod quote;

use std::cell::RefCell;

use crate::value::Value;
use print::Printer;

/// How `{{ . }}` prints a value: `%v`, and `<no value>` for a missing one.
pub fn print_value(v: &Value) -> String {
    if let Value::String(s) | Value::Safe(_, s) = v {
        return s.to_string();
    }
    exact(|out| write_value(out, v))
}

/// [`print_value`], appending to `out`.
pub fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::NoValue => out.push_str("<no value>"),
        Value::String(s) | Value::Safe(_, s) => out.push_str(s),
        _ => Printer::new(out).print_arg(v, 'v'),
    }
}

/// Go's `fmt.Sprint`: each operand with `%v`, and a space between two operands when neither
/// is a string.
pub fn sprint(args: &[Value]) -> String {
    exact(|out| write_sprint(out, args))
}

/// [`sprint`], appending to `out`.
pub fn write_sprint(out: &mut String, args: &[Value]) {
    let mut p = Printer::new(out);
    let mut prev_string = false;
    for (i, arg) in args.iter().enumerate() {
        let is_string = matches!(arg, Value::String(_) | Value::Safe(..));
        if i > 0 && !is_string && !prev_string {
            p.out.push(' ');
        }
        p.print_arg(arg, 'v');
        prev_string = is_string;
    }
}

/// Go's `fmt.Sprintln`: each operand with `%v`, a space between every two, and a newline.
pub fn sprintln(args: &[Value]) -> String {
    exact(|out| write_sprintln(out, args))
}

/// [`sprintln`], appending to `out`.
pub fn write_sprintln(out: &mut String, args: &[Value]) {
    let mut p = Printer::new(out);
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            p.out.push(' ');
        }
        p.print_arg(arg, 'v');
    }
    p.out.push('\n');
}

/// Go's `fmt.Sprintf`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    exact(|out| write_sprintf(out, format, args))
}

/// [`sprintf`], appending to `out`.
pub fn write_sprintf(out: &mut String, format: &str, args: &[Value]) {
    printf::do_printf(&mut Printer::new(out), format, args);
}

thread_local! {
    /// Where the `String`-returning functions print before copying the result out, so that
    /// the one allocation they make is exactly the result's size.
    static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
}

/// A scratch buffer bigger than this is dropped after use rather than kept for the thread.
const SCRATCH_KEEP: usize = 64 << 10;

/// The scratch buffer starts this big, enough for most printed values.
const SCRATCH_START: usize = 256;

/// Runs `print` on the thread's scratch buffer and returns a copy of what it printed. An
/// `Object::print` that itself formats finds the buffer taken and gets a fresh one.
fn exact(print: impl FnOnce(&mut String)) -> String {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            scratch.clear();
            scratch.reserve(SCRATCH_START);
            print(&mut scratch);
            let result = scratch.as_str().to_owned();
            if scratch.capacity() > SCRATCH_KEEP {
                *scratch = String::new();
            }
            result
        }
        Err(_) => {
            let mut out = String::new();
            print(&mut out);
            out
        }
    })
}
