//! One value under one verb, Go's `printArg` and `printValue`: which verbs each kind takes,
//! lists and maps with their elements, addresses, and the `%!verb(type=value)` of a verb
//! that does not fit.

use std::collections::BTreeMap;

use crate::value::{MapKey, Object, Value};

pub(super) use super::format::Printer;

/// The address `%p` and `%v` print for a list, map, func or object. Go prints where the
/// value lives, which changes from run to run; a build must not, so every value is here.
const ADDRESS: u64 = 0xc000010000;

impl Printer<'_> {
    /// Go's `printArg`: an operand of `Sprintf` and friends.
    pub(super) fn print_arg(&mut self, arg: &Value, verb: char) {
        match (arg, verb) {
            (Value::NoValue | Value::Nil, 'T' | 'v') => self.pad_str("<nil>"),
            (Value::NoValue | Value::Nil, _) => self.bad_verb(verb, arg),
            (_, 'T') => {
                let name = arg.type_name();
                self.fmt_s(&name);
            }
            (_, 'p') => self.fmt_pointer(arg, 'p'),
            _ => self.print_value(arg, verb),
        }
    }

    /// Go's `printValue`, for an operand or an element of a list or map.
    fn print_value(&mut self, v: &Value, verb: char) {
        let printed = match v {
            // Only inside a list or map: an `interface {}` holding nil.
            Value::NoValue | Value::Nil => {
                let nil = if self.spec.sharp_v {
                    "interface {}(nil)"
                } else {
                    "<nil>"
                };
                self.out.push_str(nil);
                true
            }
            Value::Bool(b) => self.print_bool(*b, verb),
            Value::Int(i) => self.print_integer(*i as u64, true, verb),
            Value::Uint(u) => self.print_integer(*u, false, verb),
            Value::Float(x) => self.print_float(*x, verb),
            Value::String(s) | Value::Safe(_, s) => self.print_string(s, verb),
            Value::List(items) => {
                self.print_list(v, items, verb);
                true
            }
            Value::Map(map) => {
                self.print_map(v, map, verb);
                true
            }
            Value::Func(_) => {
                self.fmt_pointer(v, verb);
                true
            }
            Value::Object(o) => {
                self.print_object(v, o.as_ref(), verb);
                true
            }
        };
        if !printed {
            self.bad_verb(verb, v);
        }
    }

    /// `%!verb(type=value)`, the value printed with `%v` under the same flags; a nil
    /// operand has no type: `%!verb(<nil>)`.
    pub(super) fn bad_verb(&mut self, verb: char, v: &Value) {
        self.out.push_str("%!");
        self.out.push(verb);
        self.out.push('(');
        if let Value::NoValue | Value::Nil = v {
            self.out.push_str("<nil>");
        } else {
            self.out.push_str(&v.type_name());
            self.out.push('=');
            self.print_arg(v, 'v');
        }
        self.out.push(')');
    }

    fn print_bool(&mut self, b: bool, verb: char) -> bool {
        match verb {
            't' | 'v' => self.fmt_boolean(b),
            _ => return false,
        }
        true
    }

    /// Go's `pp.fmtInteger`.
    fn print_integer(&mut self, v: u64, signed: bool, verb: char) -> bool {
        match verb {
            'v' if self.spec.sharp_v && !signed => self.fmt_0x64(v, true),
            'v' | 'd' => self.fmt_integer(v, 10, signed, verb, false),
            'b' => self.fmt_integer(v, 2, signed, verb, false),
            'o' | 'O' => self.fmt_integer(v, 8, signed, verb, false),
            'x' => self.fmt_integer(v, 16, signed, verb, false),
            'X' => self.fmt_integer(v, 16, signed, verb, true),
            'c' => self.fmt_c(v),
            'q' => self.fmt_qc(v),
            'U' => self.fmt_unicode(v),
            _ => return false,
        }
        true
    }

    /// Go's `pp.fmtFloat`: each verb with its strconv format and default precision.
    fn print_float(&mut self, x: f64, verb: char) -> bool {
        match verb {
            'v' => self.fmt_float(x, b'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt_float(x, verb as u8, -1),
            'f' | 'e' | 'E' => self.fmt_float(x, verb as u8, 6),
            'F' => self.fmt_float(x, b'f', 6),
            _ => return false,
        }
        true
    }

    /// Go's `pp.fmtString`.
    fn print_string(&mut self, s: &str, verb: char) -> bool {
        match verb {
            'v' if self.spec.sharp_v => self.fmt_q(s),
            'v' | 's' => self.fmt_s(s),
            'x' => self.fmt_sx(s, false),
            'X' => self.fmt_sx(s, true),
            'q' => self.fmt_q(s),
            _ => return false,
        }
        true
    }

    /// `[a b c]`, or `[]interface {}{a, b, c}` under `%#v`; each element under the verb.
    fn print_list(&mut self, list: &Value, items: &[Value], verb: char) {
        let sharp_v = self.spec.sharp_v;
        if sharp_v {
            self.out.push_str(&list.type_name());
        }
        self.out.push(if sharp_v { '{' } else { '[' });
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(if sharp_v { ", " } else { " " });
            }
            self.print_value(item, verb);
        }
        self.out.push(if sharp_v { '}' } else { ']' });
    }

    /// `map[k:v k2:v2]` in key order, or `map[string]interface {}{"k":v}` under `%#v`.
    fn print_map(&mut self, map: &Value, entries: &BTreeMap<MapKey, Value>, verb: char) {
        let sharp_v = self.spec.sharp_v;
        if sharp_v {
            self.out.push_str(&map.type_name());
            self.out.push('{');
        } else {
            self.out.push_str("map[");
        }
        for (i, (key, value)) in entries.iter().enumerate() {
            if i > 0 {
                self.out.push_str(if sharp_v { ", " } else { " " });
            }
            let printed = match key {
                MapKey::Bool(b) => self.print_bool(*b, verb),
                MapKey::Int(n) => self.print_integer(*n as u64, true, verb),
                MapKey::Uint(n) => self.print_integer(*n, false, verb),
                MapKey::String(s) => self.print_string(s, verb),
            };
            if !printed {
                self.bad_verb(verb, &key.to_value());
            }
            self.out.push(':');
            self.print_value(value, verb);
        }
        self.out.push(if sharp_v { '}' } else { ']' });
    }

    /// A host object stands for a pointer whose `String` method is `print`: the string
    /// verbs print that, the integer verbs the address.
    fn print_object(&mut self, v: &Value, o: &dyn Object, verb: char) {
        match verb {
            'v' if self.spec.sharp_v => self.fmt_s(&o.print()),
            'v' | 's' | 'x' | 'X' | 'q' => {
                self.print_string(&o.print(), verb);
            }
            _ => self.fmt_pointer(v, verb),
        }
    }

    /// Go's `fmtPointer`: the address of a list, map, func or object.
    fn fmt_pointer(&mut self, v: &Value, verb: char) {
        if !matches!(
            v,
            Value::List(_) | Value::Map(_) | Value::Func(_) | Value::Object(_)
        ) {
            self.bad_verb(verb, v);
            return;
        }
        match verb {
            'v' if self.spec.sharp_v => {
                self.out.push('(');
                self.out.push_str(&v.type_name());
                self.out.push_str(")(");
                self.fmt_0x64(ADDRESS, true);
                self.out.push(')');
            }
            'v' | 'p' => self.fmt_0x64(ADDRESS, !self.spec.sharp),
            'b' | 'o' | 'd' | 'x' | 'X' => {
                self.print_integer(ADDRESS, false, verb);
            }
            _ => self.bad_verb(verb, v),
        }
    }
}
