//! The data of Go's exec tests as host values: Go's struct `T` (and `U`, `V`, `W`, ...) become
//! [`Object`]s that answer fields and methods by name, Go's typed maps and slices become objects
//! that know their Go type, and the test functions become host functions.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::Arc;

use gotemplate::{fmt::print_value, CallError, CallResult, Funcs, MapKey, Object, Value};

pub type Method = Arc<dyn Fn(&[Value]) -> CallResult + Send + Sync>;

/// A Go struct (or pointer to one): fields, methods, and how `%v` prints it.
#[derive(Clone, Default)]
pub struct Struct {
    pub type_name: &'static str,
    pub fields: Vec<(&'static str, Value)>,
    pub methods: Vec<(&'static str, Method)>,
    /// What its `String` or `Error` method returns.
    pub stringer: Option<String>,
    /// A nil pointer (or nil interface): its fields fail, its methods still run.
    pub nil: bool,
    /// A nil interface: its methods fail too.
    pub nil_interface: bool,
}

impl Struct {
    pub fn new(type_name: &'static str) -> Self {
        Struct {
            type_name,
            ..Default::default()
        }
    }

    pub fn field(mut self, name: &'static str, value: impl Into<Value>) -> Self {
        self.fields.push((name, value.into()));
        self
    }

    pub fn method(
        mut self,
        name: &'static str,
        f: impl Fn(&[Value]) -> CallResult + Send + Sync + 'static,
    ) -> Self {
        self.methods.push((name, Arc::new(f)));
        self
    }

    pub fn stringer(mut self, s: &str) -> Self {
        self.stringer = Some(s.to_string());
        self
    }

    pub fn nil(mut self) -> Self {
        self.nil = true;
        self
    }

    pub fn value(self) -> Value {
        Value::Object(Arc::new(self))
    }
}

impl Object for Struct {
    fn type_name(&self) -> &str {
        self.type_name
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        if let Some((_, m)) = self.methods.iter().find(|(n, _)| *n == name) {
            return Some(m(args));
        }
        let (_, value) = self.fields.iter().find(|(n, _)| *n == name)?;
        if name.starts_with(|c: char| c.is_lowercase()) {
            return Some(Err(format!(
                "{name} is an unexported field of struct type {}",
                self.type_name
            )
            .into()));
        }
        if !args.is_empty() {
            return Some(Err(format!(
                "{name} has arguments but cannot be invoked as function"
            )
            .into()));
        }
        Some(Ok(value.clone()))
    }

    fn is_nil(&self) -> bool {
        self.nil
    }

    fn derefs_nil(&self, name: &str) -> bool {
        self.fields.iter().any(|(n, _)| *n == name)
            || (self.nil_interface && self.methods.iter().any(|(n, _)| *n == name))
    }

    fn equals(&self, other: &dyn Object) -> bool {
        other.type_name() == self.type_name && other.print() == self.print()
    }

    fn print(&self) -> String {
        if let Some(s) = &self.stringer {
            return s.clone();
        }
        if self.nil {
            return "<nil>".into();
        }
        let fields: Vec<String> = self.fields.iter().map(|(_, v)| print_value(v)).collect();
        format!("{{{}}}", fields.join(" "))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A Go map of a given type: string keys make `.key` a lookup; `index` checks the key's type.
pub struct TypedMap {
    pub type_name: &'static str,
    pub entries: BTreeMap<MapKey, Value>,
    pub zero: Value,
    pub string_keys: bool,
    pub nil: bool,
}

impl TypedMap {
    pub fn strings(type_name: &'static str, zero: Value, entries: &[(&str, Value)]) -> Value {
        let entries = entries
            .iter()
            .map(|(k, v)| (MapKey::from(*k), v.clone()))
            .collect();
        Value::Object(Arc::new(TypedMap {
            type_name,
            entries,
            zero,
            string_keys: true,
            nil: false,
        }))
    }

    pub fn ints(type_name: &'static str, zero: Value, entries: &[(i64, Value)]) -> Value {
        let entries = entries
            .iter()
            .map(|(k, v)| (MapKey::Int(*k), v.clone()))
            .collect();
        Value::Object(Arc::new(TypedMap {
            type_name,
            entries,
            zero,
            string_keys: false,
            nil: false,
        }))
    }

    pub fn nil(type_name: &'static str) -> Value {
        let entries = BTreeMap::new();
        Value::Object(Arc::new(TypedMap {
            type_name,
            entries,
            zero: Value::Int(0),
            string_keys: false,
            nil: true,
        }))
    }
}

impl Object for TypedMap {
    fn type_name(&self) -> &str {
        self.type_name
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        if !self.string_keys || !args.is_empty() {
            return None;
        }
        self.entries.get(&MapKey::from(name)).map(|v| Ok(v.clone()))
    }

    fn map_zero(&self) -> Option<Value> {
        self.string_keys.then(|| self.zero.clone())
    }

    fn is_nil(&self) -> bool {
        self.nil
    }

    fn len(&self) -> Option<usize> {
        Some(self.entries.len())
    }

    fn truth(&self) -> bool {
        !self.entries.is_empty()
    }

    fn range(&self) -> Option<Vec<(Value, Value)>> {
        Some(
            self.entries
                .iter()
                .map(|(k, v)| (k.to_value(), v.clone()))
                .collect(),
        )
    }

    fn index(&self, key: &Value) -> Option<CallResult> {
        let key = match (key, self.string_keys) {
            (Value::String(s), true) => MapKey::String(s.clone()),
            (Value::Int(i), false) => MapKey::Int(*i),
            (Value::Uint(u), false) => MapKey::Int(*u as i64),
            (Value::NoValue, _) => {
                let want = if self.string_keys { "string" } else { "int" };
                return Some(Err(format!("value is nil; should be of type {want}").into()));
            }
            (other, _) => {
                let want = if self.string_keys { "string" } else { "int" };
                return Some(Err(format!(
                    "value has type {}; should be {want}",
                    other.type_name()
                )
                .into()));
            }
        };
        Some(Ok(self
            .entries
            .get(&key)
            .cloned()
            .unwrap_or_else(|| self.zero.clone())))
    }

    fn print(&self) -> String {
        let items: Vec<String> = self
            .entries
            .iter()
            .map(|(k, v)| format!("{}:{}", print_value(&k.to_value()), print_value(v)))
            .collect();
        format!("map[{}]", items.join(" "))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A Go slice of a named type with methods (the test's `S []string`), behind an interface.
pub struct Slice {
    pub type_name: &'static str,
    pub items: Vec<Value>,
    pub methods: Vec<(&'static str, Method)>,
}

impl Object for Slice {
    fn type_name(&self) -> &str {
        self.type_name
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        self.methods
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| m(args))
    }

    fn len(&self) -> Option<usize> {
        Some(self.items.len())
    }

    fn truth(&self) -> bool {
        !self.items.is_empty()
    }

    fn range(&self) -> Option<Vec<(Value, Value)>> {
        Some(
            self.items
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::Int(i as i64), v.clone()))
                .collect(),
        )
    }

    fn index(&self, key: &Value) -> Option<CallResult> {
        let i = match key {
            Value::Int(i) => *i,
            other => {
                return Some(Err(format!(
                    "cannot index slice/array with type {}",
                    other.type_name()
                )
                .into()))
            }
        };
        Some(
            self.items
                .get(i as usize)
                .cloned()
                .ok_or_else(|| format!("index out of range: {i}").into()),
        )
    }

    fn print(&self) -> String {
        let items: Vec<String> = self.items.iter().map(print_value).collect();
        format!("[{}]", items.join(" "))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A Go value shown only through its `String` method (`*bytes.Buffer`, `errors.New(...)`).
pub fn stringer(type_name: &'static str, text: &str) -> Value {
    Struct::new(type_name).stringer(text).value()
}

pub fn list(items: &[i64]) -> Value {
    Value::from(items.iter().map(|&i| Value::Int(i)).collect::<Vec<_>>())
}

pub fn func(f: impl Fn(&[Value]) -> CallResult + Send + Sync + 'static) -> Value {
    Value::Func(Arc::new(f))
}

fn err<T>(message: impl Into<String>) -> Result<T, CallError> {
    Err(CallError::Message(message.into()))
}

/// The argument as a string, or Go's assignment error.
pub fn string_arg(v: &Value) -> Result<String, CallError> {
    match v {
        Value::String(s) => Ok(s.to_string()),
        other => err(format!(
            "wrong type for value; expected string; got {}",
            other.type_name()
        )),
    }
}

pub fn int_arg(v: &Value) -> Result<i64, CallError> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Uint(u) => Ok(*u as i64),
        other => err(format!(
            "wrong type for value; expected int; got {}",
            other.type_name()
        )),
    }
}

fn arity(args: &[Value], n: usize) -> Result<(), CallError> {
    if args.len() != n {
        return err(format!("wrong number of args: got {} want {n}", args.len()));
    }
    Ok(())
}

pub fn u() -> Value {
    u_with("v")
}

pub fn u_with(v: &str) -> Value {
    Struct::new("*template.U")
        .field("V", v)
        .method("TrueFalse", |args| {
            arity(args, 1)?;
            Ok(Value::from(if args[0].truth() { "true" } else { "" }))
        })
        .value()
}

fn t_methods(s: Struct) -> Struct {
    s.method("Method0", |_| Ok("M0".into()))
        .method("Method1", |args| {
            arity(args, 1)?;
            Ok(Value::Int(int_arg(&args[0])?))
        })
        .method("Method2", |args| {
            arity(args, 2)?;
            Ok(format!("Method2: {} {}", int_arg(&args[0])?, string_arg(&args[1])?).into())
        })
        .method("Method3", |args| {
            arity(args, 1)?;
            let shown = match &args[0] {
                Value::NoValue => "<nil>".to_string(),
                v => print_value(v),
            };
            Ok(format!("Method3: {shown}").into())
        })
        .method("Copy", |_| Ok(t_val()))
        .method("MAdd", |args| {
            arity(args, 2)?;
            let a = int_arg(&args[0])?;
            let Value::List(b) = &args[1] else {
                return err("wrong type for value; expected []int");
            };
            let sum: Result<Vec<Value>, CallError> =
                b.iter().map(|x| Ok(Value::Int(int_arg(x)? + a))).collect();
            Ok(Value::from(sum?))
        })
        .method("MyError", |args| {
            arity(args, 1)?;
            if args[0].truth() {
                err("my error")
            } else {
                Ok(Value::Bool(false))
            }
        })
        .method("GetU", |_| Ok(u()))
}

/// Go's `(*T)(nil)`: methods that ignore the receiver run; the others dereference nil.
pub fn nil_t() -> Value {
    let mut s = t_methods(Struct::new("*template.T")).nil();
    s.fields = t_fields_zero();
    s.methods.retain(|(n, _)| *n != "GetU" && *n != "Copy");
    s.method("GetU", |_| {
        err("runtime error: invalid memory address or nil pointer dereference")
    })
    .value()
}

fn t_fields_zero() -> Vec<(&'static str, Value)> {
    vec![
        ("True", Value::Bool(false)),
        ("I", Value::Int(0)),
        ("X", "".into()),
        ("PS", Value::Nil),
        ("U", Value::Nil),
        ("unexported", Value::Int(0)),
    ]
}

/// Go's zero `T{}`.
pub fn t_zero() -> Value {
    let mut s = t_methods(Struct::new("template.T"));
    s.fields = t_fields_zero();
    s.value()
}

fn v(j: i64) -> Value {
    Struct::new("template.V")
        .field("j", j)
        .stringer(&format!("<{j}>"))
        .value()
}

fn w(k: i64) -> Value {
    Struct::new("template.W")
        .field("k", k)
        .stringer(&format!("[{k}]"))
        .value()
}

/// Go's `tVal`.
pub fn t_val() -> Value {
    let s_slice = Value::Object(Arc::new(Slice {
        type_name: "template.S",
        items: vec!["a".into(), "b".into()],
        methods: vec![("Method0", Arc::new(|_: &[Value]| Ok(Value::from("M0"))))],
    }));
    let s = Struct::new("*template.T")
        .field("True", true)
        .field("I", 17i64)
        .field("U16", Value::Uint(16))
        .field("X", "x")
        .field("S", "xyz")
        .field("FloatZero", 0.0)
        .field("U", u())
        .field("V0", v(6666))
        .field("V1", v(7777))
        .field(
            "V2",
            Struct::new("*template.V").stringer("nilV").nil().value(),
        )
        .field("W0", w(888))
        .field("W1", w(999))
        .field(
            "W2",
            Struct::new("*template.W").stringer("nilW").nil().value(),
        )
        .field("SI", list(&[3, 4, 5]))
        .field("SIEmpty", list(&[]))
        .field(
            "SB",
            Value::from(vec![Value::Bool(true), Value::Bool(false)]),
        )
        .field("AI", list(&[3, 4, 5]))
        .field(
            "MSI",
            TypedMap::strings(
                "map[string]int",
                Value::Int(0),
                &[("one", 1.into()), ("two", 2.into()), ("three", 3.into())],
            ),
        )
        .field(
            "MSIone",
            TypedMap::strings("map[string]int", Value::Int(0), &[("one", 1.into())]),
        )
        .field(
            "MSIEmpty",
            TypedMap::strings("map[string]int", Value::Int(0), &[]),
        )
        .field(
            "MXI",
            TypedMap::strings("map[interface {}]int", Value::Int(0), &[("one", 1.into())]),
        )
        .field(
            "MII",
            TypedMap::ints("map[int]int", Value::Int(0), &[(1, 1.into())]),
        )
        .field(
            "MI32S",
            TypedMap::ints(
                "map[int32]string",
                "".into(),
                &[(1, "one".into()), (2, "two".into())],
            ),
        )
        .field(
            "MI64S",
            TypedMap::ints(
                "map[int64]string",
                "".into(),
                &[(2, "i642".into()), (3, "i643".into())],
            ),
        )
        .field(
            "MUI32S",
            TypedMap::ints(
                "map[uint32]string",
                "".into(),
                &[(2, "u322".into()), (3, "u323".into())],
            ),
        )
        .field(
            "MUI64S",
            TypedMap::ints(
                "map[uint64]string",
                "".into(),
                &[(2, "ui642".into()), (3, "ui643".into())],
            ),
        )
        .field(
            "MI8S",
            TypedMap::ints(
                "map[int8]string",
                "".into(),
                &[(2, "i82".into()), (3, "i83".into())],
            ),
        )
        .field(
            "MUI8S",
            TypedMap::ints(
                "map[uint8]string",
                "".into(),
                &[(2, "u82".into()), (3, "u83".into())],
            ),
        )
        .field(
            "SMSI",
            Value::from(vec![
                TypedMap::strings(
                    "map[string]int",
                    Value::Int(0),
                    &[("one", 1.into()), ("two", 2.into())],
                ),
                TypedMap::strings(
                    "map[string]int",
                    Value::Int(0),
                    &[("eleven", 11.into()), ("twelve", 12.into())],
                ),
            ]),
        )
        .field("Empty0", Value::NoValue)
        .field("Empty1", 3i64)
        .field("Empty2", "empty2")
        .field("Empty3", list(&[7, 8]))
        .field("Empty4", u_with("UinEmpty"))
        .field(
            "NonEmptyInterface",
            t_methods(Struct::new("*template.T").field("X", "x")).value(),
        )
        .field("NonEmptyInterfacePtS", s_slice)
        .field("NonEmptyInterfaceNil", {
            let mut nil_i = Struct::new("template.I")
                .method("Method0", |_| Ok("M0".into()))
                .nil();
            nil_i.nil_interface = true;
            nil_i.value()
        })
        .field("NonEmptyInterfaceTypedNil", nil_t())
        .field("Str", stringer("*bytes.Buffer", "foozle"))
        .field("Err", stringer("*errors.errorString", "erroozle"))
        .field("PI", 23i64)
        .field("PS", "a string")
        .field("PSI", list(&[21, 22, 23]))
        .field("NIL", Value::Nil)
        .field(
            "BinaryFunc",
            func(|args| {
                arity(args, 2)?;
                Ok(format!("[{}={}]", string_arg(&args[0])?, string_arg(&args[1])?).into())
            }),
        )
        .field(
            "VariadicFunc",
            func(|args| {
                let parts: Result<Vec<String>, CallError> = args.iter().map(string_arg).collect();
                Ok(format!("<{}>", parts?.join("+")).into())
            }),
        )
        .field(
            "VariadicFuncInt",
            func(|args| {
                let Some((a, rest)) = args.split_first() else {
                    return err("wrong number of args: got 0 want at least 1");
                };
                let parts: Result<Vec<String>, CallError> = rest.iter().map(string_arg).collect();
                Ok(format!("{}=<{}>", int_arg(a)?, parts?.join("+")).into())
            }),
        )
        .field(
            "NilOKFunc",
            func(|args| {
                arity(args, 1)?;
                Ok(Value::Bool(matches!(args[0], Value::NoValue | Value::Nil)))
            }),
        )
        .field("ErrFunc", func(|_| Ok("bla".into())))
        .field("PanicFunc", func(|_| err("test panic")))
        .field("unexported", 0i64);
    t_methods(s).value()
}

/// The functions Go's exec tests register.
pub fn test_funcs() -> Funcs {
    let mut f = Funcs::new();
    let mut add =
        |name: &str, g: fn(&[Value]) -> CallResult| f.insert(name, move |_, args| g(args)).unwrap();
    add("add", |args| {
        let ints: Result<Vec<i64>, CallError> = args.iter().map(int_arg).collect();
        Ok(Value::Int(ints?.iter().sum()))
    });
    add("dddArg", |args| {
        let Some((a, rest)) = args.split_first() else {
            return err("wrong number of args");
        };
        let strings: Result<Vec<String>, CallError> = rest.iter().map(string_arg).collect();
        Ok(format!("{} [{}]\n", int_arg(a)?, strings?.join(" ")).into())
    });
    add("die", |_| err("die"));
    add("echo", |args| {
        arity(args, 1)?;
        Ok(args[0].clone())
    });
    add("makemap", |args| {
        if args.len() % 2 != 0 {
            return err("bad makemap");
        }
        let mut map = BTreeMap::new();
        for pair in args.chunks(2) {
            map.insert(
                MapKey::from(string_arg(&pair[0])?.as_str()),
                Value::from(string_arg(&pair[1])?),
            );
        }
        Ok(Value::Map(Arc::new(map)))
    });
    add("mapOfThree", |_| {
        Ok(TypedMap::strings(
            "map[string]int",
            Value::Int(0),
            &[("three", 3.into())],
        ))
    });
    add("oneArg", |args| {
        arity(args, 1)?;
        Ok(format!("oneArg={}", string_arg(&args[0])?).into())
    });
    add("returnInt", |_| Ok(Value::Int(7)));
    add("stringer", |args| {
        arity(args, 1)?;
        match &args[0] {
            Value::Object(o) => Ok(o.print().into()),
            other => err(format!(
                "wrong type for value; expected fmt.Stringer; got {}",
                other.type_name()
            )),
        }
    });
    add("twoArgs", |args| {
        arity(args, 2)?;
        Ok(format!("twoArgs={}{}", string_arg(&args[0])?, string_arg(&args[1])?).into())
    });
    add("typeOf", |args| {
        arity(args, 1)?;
        Ok(args[0].type_name().into())
    });
    add("valueString", |args| {
        arity(args, 1)?;
        string_arg(&args[0])?;
        Ok("value is ignored".into())
    });
    add("vfunc", |_| Ok("vfunc".into()));
    add("zeroArgs", |_| Ok("zeroArgs".into()));
    f
}
