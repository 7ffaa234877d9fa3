//! `collections`: lists and maps. `where` and `sort` have modules of their own. `group` asks
//! the host's `Pages` to group itself; `collections.D` draws from Go's PCG, as Hugo does, so a
//! seed gives Hugo's sample.
//!
//! Hugo 0.168 returns an empty `[]interface {}` for `slice` with no arguments (0.111 returned
//! nil), an empty list for `after` past the end, and nothing (not an error) for `index` past
//! the end of a list or a missing key.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use gotemplate::{CallError, MapKey, Object, Value};

use crate::cast::{
    arity, err, get_path, is_nil, items, list, map, map_get, map_key, string, to_int, to_string,
    Res,
};
use crate::compare::{deep_equal, equal};

fn seq_items(v: &Value, what: &str) -> Res<Vec<Value>> {
    match v {
        Value::String(s) | Value::Safe(_, s) => {
            Ok(s.chars().map(|c| string(c.to_string())).collect())
        }
        _ => items(v).ok_or_else(|| {
            CallError::Message(format!("{what}: can't iterate over {}", v.type_name()))
        }),
    }
}

fn limited(args: &[Value], name: &str) -> Res<(usize, Value)> {
    arity(name, args, 2, 2)?;
    if is_nil(&args[0]) || is_nil(&args[1]) {
        return err("both limit and seq must be provided");
    }
    let n = to_int(&args[0])?;
    if n < 0 {
        return err(if name == "after" {
            format!("sequence bounds out of range [{n}:]")
        } else {
            "sequence length must be non-negative".to_string()
        });
    }
    Ok((n as usize, args[1].clone()))
}

/// `first N COLLECTION`: the first N elements (or runes of a string).
pub fn first(args: &[Value]) -> Res<Value> {
    let (n, seq) = limited(args, "first")?;
    if let Some(s) = seq.as_str() {
        return Ok(string(s.chars().take(n).collect::<String>()));
    }
    let l = seq_items(&seq, "first")?;
    Ok(list(l.into_iter().take(n).collect()))
}

/// `last N COLLECTION`.
pub fn last(args: &[Value]) -> Res<Value> {
    let (n, seq) = limited(args, "last")?;
    if let Some(s) = seq.as_str() {
        let c: Vec<char> = s.chars().collect();
        return Ok(string(
            c[c.len().saturating_sub(n)..].iter().collect::<String>(),
        ));
    }
    let l = seq_items(&seq, "last")?;
    let start = l.len().saturating_sub(n);
    Ok(list(l[start..].to_vec()))
}

/// `after N COLLECTION`: the elements after the first N; empty past the end.
pub fn after(args: &[Value]) -> Res<Value> {
    let (n, seq) = limited(args, "after")?;
    let l = seq_items(&seq, "after")?;
    Ok(list(l.into_iter().skip(n).collect()))
}

/// `append ELEMENT... COLLECTION`, or `append COLLECTION2 COLLECTION` to join two lists.
pub fn append(args: &[Value]) -> Res<Value> {
    if args.len() < 2 {
        return err("expected at least 2 arguments to append");
    }
    let (seq, extra) = args.split_last().unwrap_or((&args[0], &[]));
    let mut out = if is_nil(seq) {
        Vec::new()
    } else {
        seq_items(seq, "append")?
    };
    // `append LIST SEQ` joins two lists.
    if let [Value::List(l)] = extra {
        out.extend(l.iter().cloned());
        return Ok(list(out));
    }
    out.extend(extra.iter().cloned());
    Ok(list(out))
}

/// `complement COLLECTION... COLLECTION`: the elements of the last collection in none of
/// the others.
pub fn complement(args: &[Value]) -> Res<Value> {
    if args.len() < 2 {
        return err("complement needs at least two arguments");
    }
    let (last, others) = args.split_last().unwrap_or((&args[0], &[]));
    let universe = seq_items(last, "complement")?;
    let mut exclude = Vec::new();
    for o in others {
        match items(o) {
            Some(l) => exclude.extend(l),
            None => return err("arguments must be slices or arrays"),
        }
    }
    Ok(list(
        universe
            .into_iter()
            .filter(|u| !exclude.iter().any(|e| equal(e, u)))
            .collect(),
    ))
}

/// The elements of a collection for `delimit`: a map's values in key order.
fn values_in_order(v: &Value) -> Res<Vec<Value>> {
    match v {
        Value::Map(m) => Ok(m.values().cloned().collect()),
        _ => seq_items(v, "delimit"),
    }
}

/// `delimit COLLECTION DELIMITER [LAST]`: the elements joined, LAST before the final one.
pub fn delimit(args: &[Value]) -> Res<Value> {
    arity("delimit", args, 2, 3)?;
    let elems = values_in_order(&args[0])?;
    let d = to_string(&args[1])?;
    let last = args.get(2).map(to_string).transpose()?;
    let strs = elems.iter().map(to_string).collect::<Res<Vec<String>>>()?;
    let mut out = String::new();
    for (i, s) in strs.iter().enumerate() {
        if i > 0 {
            match &last {
                Some(l) if i == strs.len() - 1 => out.push_str(l),
                _ => out.push_str(&d),
            }
        }
        out.push_str(s);
    }
    Ok(string(out))
}

/// `dict KEY VALUE...`: a map; a key given as a list of strings makes nested maps.
pub fn dict(args: &[Value]) -> Res<Value> {
    if !args.len().is_multiple_of(2) {
        return err("invalid dictionary call");
    }
    let mut root: BTreeMap<MapKey, Value> = BTreeMap::new();
    for pair in args.chunks(2) {
        let path: Vec<String> = match &pair[0] {
            Value::String(s) | Value::Safe(_, s) => vec![s.to_string()],
            Value::List(l) => l.iter().map(to_string).collect::<Res<_>>()?,
            _ => return err("invalid dictionary key"),
        };
        insert_path(&mut root, &path, pair[1].clone());
    }
    Ok(map(root))
}

fn insert_path(m: &mut BTreeMap<MapKey, Value>, path: &[String], v: Value) {
    let Some((head, rest)) = path.split_first() else {
        return;
    };
    let k = MapKey::String(head.as_str().into());
    if rest.is_empty() {
        m.insert(k, v);
        return;
    }
    let mut inner = match m.get(&k) {
        Some(Value::Map(existing)) => existing.as_ref().clone(),
        _ => BTreeMap::new(),
    };
    insert_path(&mut inner, rest, v);
    m.insert(k, map(inner));
}

/// `in COLLECTION VALUE`: membership (numbers by value), or a substring of a string.
pub fn in_fn(args: &[Value]) -> Res<Value> {
    arity("in", args, 2, 2)?;
    let (hay, needle) = (&args[0], &args[1]);
    if is_nil(hay) || is_nil(needle) {
        return Ok(Value::Bool(false));
    }
    Ok(Value::Bool(match hay {
        Value::String(h) | Value::Safe(_, h) => h.contains(to_string(needle)?.as_str()),
        _ => items(hay).is_some_and(|l| l.iter().any(|x| equal(x, needle))),
    }))
}

/// Go's `index` as Hugo overrides it: keys and indexes in turn (or one list of them); a
/// missing key or an index out of range is no value.
pub fn index(args: &[Value]) -> Res<Value> {
    if args.is_empty() {
        return err("wrong number of args for index: want at least 1 got 0");
    }
    let mut cur = args[0].clone();
    let keys: Vec<Value> = match &args[1..] {
        [Value::List(l)] => l.as_ref().clone(),
        ks => ks.to_vec(),
    };
    for k in keys {
        cur = match &cur {
            Value::NoValue | Value::Nil => return Ok(Value::NoValue),
            Value::Map(m) => {
                if map_key(&k).is_none() {
                    return err(format!("cannot index map with {}", k.type_name()));
                }
                m.get(&map_key(&k).unwrap_or(MapKey::Bool(false)))
                    .or_else(|| map_get(m, &k))
                    .cloned()
                    .unwrap_or(Value::NoValue)
            }
            Value::List(l) => {
                let i = to_int(&k)?;
                if i < 0 {
                    return Ok(Value::NoValue);
                }
                l.get(i as usize).cloned().unwrap_or(Value::NoValue)
            }
            Value::String(s) | Value::Safe(_, s) => {
                let i = to_int(&k)?;
                match s.as_bytes().get(i.max(0) as usize) {
                    Some(b) if i >= 0 => Value::Uint(*b as u64),
                    _ => return err(format!("index out of range: {i}")),
                }
            }
            Value::Object(o) => match o.index(&k) {
                Some(r) => r?,
                None => match k.as_str() {
                    Some(name) => get_path(&cur, name).unwrap_or(Value::NoValue),
                    None => return err(format!("can't index item of type {}", o.type_name())),
                },
            },
            other => return err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(cur)
}

fn set_op(args: &[Value], name: &str) -> Res<(Vec<Value>, Vec<Value>)> {
    arity(name, args, 2, 2)?;
    let get = |v: &Value| -> Res<Vec<Value>> {
        if is_nil(v) {
            return Ok(Vec::new());
        }
        items(v).ok_or_else(|| CallError::Message(format!("can't iterate over {}", v.type_name())))
    };
    Ok((get(&args[0])?, get(&args[1])?))
}

fn push_unique(out: &mut Vec<Value>, v: &Value) {
    if !out.iter().any(|o| deep_equal(o, v)) {
        out.push(v.clone());
    }
}

/// `intersect A B`: the elements of A also in B, each once, in A's order.
pub fn intersect(args: &[Value]) -> Res<Value> {
    let (a, b) = set_op(args, "intersect")?;
    let mut out = Vec::new();
    for x in &a {
        if b.iter().any(|y| equal(x, y)) {
            push_unique(&mut out, x);
        }
    }
    Ok(list(out))
}

/// `union A B`: A's elements then B's not in A, each once.
pub fn union(args: &[Value]) -> Res<Value> {
    let (a, b) = set_op(args, "union")?;
    let mut out = Vec::new();
    for x in a.iter().chain(b.iter()) {
        if !out.iter().any(|o| equal(o, x)) {
            out.push(x.clone());
        }
    }
    Ok(list(out))
}

/// `symdiff A B`: B's elements not in A, then A's not in B.
pub fn symdiff(args: &[Value]) -> Res<Value> {
    let (a, b) = set_op(args, "symdiff")?;
    let mut out = Vec::new();
    for x in &b {
        if !a.iter().any(|y| equal(x, y)) {
            push_unique(&mut out, x);
        }
    }
    for x in &a {
        if !b.iter().any(|y| equal(x, y)) {
            push_unique(&mut out, x);
        }
    }
    Ok(list(out))
}

/// `uniq COLLECTION`: each element once (1 and "1" differ), first occurrence kept.
pub fn uniq(args: &[Value]) -> Res<Value> {
    arity("uniq", args, 1, 1)?;
    if is_nil(&args[0]) {
        return Ok(list(Vec::new()));
    }
    let Some(l) = items(&args[0]) else {
        return err(format!("type {} not supported", args[0].type_name()));
    };
    let mut out = Vec::new();
    for x in &l {
        push_unique(&mut out, x);
    }
    Ok(list(out))
}

/// `isset COLLECTION KEY`: whether a map has the key (exactly) or a list the index.
pub fn isset(args: &[Value]) -> Res<Value> {
    arity("isset", args, 2, 2)?;
    Ok(Value::Bool(match &args[0] {
        Value::Map(m) => map_key(&args[1]).is_some_and(|k| m.contains_key(&k)),
        Value::List(l) => to_int(&args[1]).is_ok_and(|i| i >= 0 && (i as usize) < l.len()),
        // A host map (Hugo's `maps.Params`) answers a missing key with no value.
        Value::Object(o) => args[1]
            .as_str()
            .and_then(|k| o.get(k, &[]))
            .is_some_and(|r| !matches!(r, Ok(Value::NoValue))),
        _ => false,
    }))
}

fn merge_two(
    dst: &BTreeMap<MapKey, Value>,
    src: &BTreeMap<MapKey, Value>,
) -> BTreeMap<MapKey, Value> {
    let mut out = dst.clone();
    for (k, v) in src {
        let merged = match (out.get(k), v) {
            (Some(Value::Map(a)), Value::Map(b)) => map(merge_two(a, b)),
            _ => v.clone(),
        };
        out.insert(k.clone(), merged);
    }
    out
}

/// `merge MAP...`: maps merged deeply, later maps winning.
pub fn merge(args: &[Value]) -> Res<Value> {
    if args.len() < 2 {
        return err("merge requires at least two parameters");
    }
    let mut acc = BTreeMap::new();
    for a in args {
        match a {
            Value::Map(m) => acc = merge_two(&acc, m),
            v if is_nil(v) => {}
            v => return err(format!("expected a map, got {}", v.type_name())),
        }
    }
    Ok(map(acc))
}

/// `querify KEY VALUE...` (or one map, or one list of pairs): a query string, keys sorted.
pub fn querify(args: &[Value]) -> Res<Value> {
    let pairs: Vec<(String, String)> = match args {
        [Value::Map(m)] => m
            .iter()
            .map(|(k, v)| Ok((to_string(&k.to_value())?, to_string(v)?)))
            .collect::<Res<_>>()?,
        _ => {
            let flat: Vec<Value> = match args {
                [Value::List(l)] => l.as_ref().clone(),
                _ => args.to_vec(),
            };
            if !flat.len().is_multiple_of(2) {
                return err("expected a map, a slice with an even number of elements, or an even number of scalar values, and each key must be a string");
            }
            flat.chunks(2)
                .map(|c| Ok((to_string(&c[0])?, to_string(&c[1])?)))
                .collect::<Res<_>>()?
        }
    };
    let mut sorted = pairs;
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let q: Vec<String> = sorted
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                crate::urls::query_escape(k),
                crate::urls::query_escape(v)
            )
        })
        .collect();
    Ok(string(q.join("&")))
}

/// `collections.Reverse`: a copy in reverse order; nil stays nil.
pub fn reverse(args: &[Value]) -> Res<Value> {
    arity("collections.Reverse", args, 1, 1)?;
    if is_nil(&args[0]) {
        return Ok(Value::NoValue);
    }
    let mut l = seq_items(&args[0], "collections.Reverse")?;
    l.reverse();
    Ok(list(l))
}

/// `seq LAST`, `seq FIRST LAST`, `seq FIRST INCREMENT LAST`, as GNU seq; at most 2000 items.
pub fn seq(args: &[Value]) -> Res<Value> {
    if args.is_empty() || args.len() > 3 {
        return err("invalid number of arguments to Seq");
    }
    let n: Vec<i64> = args.iter().map(to_int).collect::<Res<_>>()?;
    let (first, inc, last) = match n.as_slice() {
        [l] => {
            if *l == 0 {
                return Ok(list(Vec::new()));
            }
            (if *l > 0 { 1 } else { -1 }, if *l > 0 { 1 } else { -1 }, *l)
        }
        [f, l] => (*f, if f <= l { 1 } else { -1 }, *l),
        [f, i, l] => (*f, *i, *l),
        _ => unreachable!(),
    };
    if inc == 0 {
        return err("'increment' must not be 0");
    }
    if first < last && inc < 0 {
        return err("'increment' must be > 0");
    }
    if first > last && inc > 0 {
        return err("'increment' must be < 0");
    }
    let size = (last as i128 - first as i128) / inc as i128 + 1;
    // Hugo's limit: a million numbers.
    if size > 1_000_000 {
        return err("size of result exceeds limit");
    }
    Ok(list(
        (0..size as i64)
            .map(|i| Value::Int(first + i * inc))
            .collect(),
    ))
}

/// `shuffle COLLECTION`: Hugo's is random; this one draws from a fixed-seed sequence so two
/// builds are byte-identical (the order still changes from call to call).
pub fn shuffle(args: &[Value]) -> Res<Value> {
    arity("shuffle", args, 1, 1)?;
    if is_nil(&args[0]) {
        return err("both count and seq must be provided");
    }
    let Some(mut l) = items(&args[0]) else {
        return err(format!("can't iterate over {}", args[0].type_name()));
    };
    for i in (1..l.len()).rev() {
        let j = (crate::math::next_random() % (i as u64 + 1)) as usize;
        l.swap(i, j);
    }
    Ok(list(l))
}

/// `slice ITEM...`: a list; with no items an empty list (0.168; 0.111 gave nil).
pub fn slice(args: &[Value]) -> Res<Value> {
    Ok(list(args.to_vec()))
}

/// Hugo's `types.KeyValues`, what `keyVals` makes: `.Key` and `.Values`.
#[derive(Debug)]
pub struct KeyValues {
    pub key: Value,
    pub values: Vec<Value>,
}

impl Object for KeyValues {
    fn type_name(&self) -> &str {
        "types.KeyValues"
    }
    fn get(&self, name: &str, _: &[Value]) -> Option<Res<Value>> {
        match name {
            "Key" => Some(Ok(self.key.clone())),
            "Values" => Some(Ok(list(self.values.clone()))),
            "KeyString" => Some(to_string(&self.key).map(string)),
            _ => None,
        }
    }
    fn print(&self) -> String {
        let v: Vec<String> = self
            .values
            .iter()
            .map(gotemplate::fmt::print_value)
            .collect();
        format!(
            "{}: [{}]",
            gotemplate::fmt::print_value(&self.key),
            v.join(" ")
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `keyVals KEY VALUE...`.
pub fn key_vals(args: &[Value]) -> Res<Value> {
    if args.is_empty() {
        return err("keyVals requires a key");
    }
    Ok(Value::Object(Arc::new(KeyValues {
        key: args[0].clone(),
        values: args[1..].to_vec(),
    })))
}

/// Hugo's `Scratch` (`newScratch`, `.Scratch`, `.Store`): a map a template writes to.
#[derive(Debug, Default)]
pub struct Scratch {
    values: Mutex<BTreeMap<String, Value>>,
}

impl Scratch {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Value>> {
        self.values.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn add(&self, key: String, v: &Value) -> Res<()> {
        let mut m = self.lock();
        let new = match m.get(&key) {
            None => v.clone(),
            Some(Value::List(l)) => {
                let mut l = l.as_ref().clone();
                match v {
                    Value::List(more) => l.extend(more.iter().cloned()),
                    other => l.push(other.clone()),
                }
                list(l)
            }
            Some(old) => crate::math::add(&[old.clone(), v.clone()])?,
        };
        m.insert(key, new);
        Ok(())
    }
}

impl Object for Scratch {
    fn type_name(&self) -> &str {
        "*hstore.Scratch"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Res<Value>> {
        let key = |i: usize| -> Res<String> {
            args.get(i)
                .ok_or_else(|| CallError::Message(format!("{name}: missing argument")))
                .and_then(to_string)
        };
        let nothing = Ok(string(""));
        Some(match name {
            "Get" => key(0).map(|k| self.lock().get(&k).cloned().unwrap_or(Value::Nil)),
            "Set" => key(0).map(|k| {
                self.lock()
                    .insert(k, args.get(1).cloned().unwrap_or(Value::Nil));
                string("")
            }),
            "Add" => key(0)
                .and_then(|k| self.add(k, args.get(1).unwrap_or(&Value::Nil)))
                .and(nothing),
            "Delete" => key(0).map(|k| {
                self.lock().remove(&k);
                string("")
            }),
            "SetInMap" => (|| {
                let k = key(0)?;
                let mk = key(1)?;
                let v = args.get(2).cloned().unwrap_or(Value::Nil);
                let mut m = self.lock();
                let mut inner = match m.get(&k) {
                    Some(Value::Map(x)) => x.as_ref().clone(),
                    _ => BTreeMap::new(),
                };
                inner.insert(MapKey::String(mk.into()), v);
                m.insert(k, map(inner));
                Ok(string(""))
            })(),
            "DeleteInMap" => (|| {
                let k = key(0)?;
                let mk = key(1)?;
                let mut m = self.lock();
                if let Some(Value::Map(x)) = m.get(&k) {
                    let mut inner = x.as_ref().clone();
                    inner.remove(&MapKey::String(mk.into()));
                    m.insert(k, map(inner));
                }
                Ok(string(""))
            })(),
            "GetSortedMapValues" => key(0).map(|k| match self.lock().get(&k) {
                Some(Value::Map(x)) => list(x.values().cloned().collect()),
                _ => Value::Nil,
            }),
            "Values" => Ok(map(self
                .lock()
                .iter()
                .map(|(k, v)| (MapKey::String(k.as_str().into()), v.clone()))
                .collect())),
            _ => return None,
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `newScratch`: an empty [`Scratch`].
pub fn new_scratch(args: &[Value]) -> Res<Value> {
    arity("newScratch", args, 0, 0)?;
    Ok(Value::Object(Arc::new(Scratch::default())))
}

/// `apply COLLECTION FUNCTION PARAM...`: FUNCTION (one of ours, by name) called for each
/// element, `"."` among the PARAMs standing for the element.
pub fn apply(env: &crate::env::Env, args: &[Value]) -> Res<Value> {
    if args.len() < 2 {
        return err("apply needs at least two arguments");
    }
    let name = to_string(&args[1])?;
    if name == "apply" {
        return err("can't apply myself (no turtles allowed)");
    }
    let funcs = crate::registry::functions();
    let Some(f) = funcs.get(name.as_str()) else {
        return err(format!("can't find function {name}"));
    };
    let elems = items(&args[0])
        .ok_or_else(|| CallError::Message(format!("can't iterate over {}", args[0].type_name())))?;
    let mut out = Vec::with_capacity(elems.len());
    for e in elems {
        let call_args: Vec<Value> = args[2..]
            .iter()
            .map(|a| {
                if a.as_str() == Some(".") {
                    e.clone()
                } else {
                    a.clone()
                }
            })
            .collect();
        out.push(f.call(env, &call_args)?);
    }
    Ok(list(out))
}

/// Hugo's `maps.Params`: front matter and site parameters, whose keys Hugo lower-cases and
/// looks up without regard to case (`.Params.COLOR`, `where $pages "Params.Color" "blue"`).
/// A host hands page and site parameters over as this, not as a plain map, so that lookups
/// through `where`, `sort` and `index` behave as in Hugo; a plain map's keys are exact.
#[derive(Debug, Default)]
pub struct Params(pub BTreeMap<MapKey, Value>);

impl Params {
    /// A value for templates, keys lower-cased as Hugo stores them; nested maps become
    /// `Params` too.
    pub fn value(m: &BTreeMap<MapKey, Value>) -> Value {
        let lowered = m
            .iter()
            .map(|(k, v)| {
                let k = match k {
                    MapKey::String(s) => MapKey::String(s.to_lowercase().into()),
                    other => other.clone(),
                };
                let v = match v {
                    Value::Map(inner) => Params::value(inner),
                    other => other.clone(),
                };
                (k, v)
            })
            .collect();
        Value::Object(Arc::new(Params(lowered)))
    }
}

impl Object for Params {
    fn type_name(&self) -> &str {
        "maps.Params"
    }
    fn get(&self, name: &str, _: &[Value]) -> Option<Res<Value>> {
        Some(Ok(crate::cast::map_get_fold(&self.0, name)
            .cloned()
            .unwrap_or(Value::NoValue)))
    }
    fn truth(&self) -> bool {
        !self.0.is_empty()
    }
    fn len(&self) -> Option<usize> {
        Some(self.0.len())
    }
    fn range(&self) -> Option<Vec<(Value, Value)>> {
        Some(
            self.0
                .iter()
                .map(|(k, v)| (k.to_value(), v.clone()))
                .collect(),
        )
    }
    fn index(&self, key: &Value) -> Option<Res<Value>> {
        let k = to_string(key).ok()?;
        Some(Ok(crate::cast::map_get_fold(&self.0, &k)
            .cloned()
            .unwrap_or(Value::NoValue)))
    }
    fn print(&self) -> String {
        gotemplate::fmt::print_value(&map(self.0.clone()))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Go's `math/rand/v2` PCG (a 128-bit LCG with the DXSM output function): `collections.D`
/// must draw Hugo's exact sequence to give Hugo's sample for a seed.
struct Pcg(u128);

impl Pcg {
    const MUL: u128 = (2549297995355413924 << 64) | 4865540595714422341;
    const INC: u128 = (6364136223846793005 << 64) | 1442695040888963407;

    fn new(seed1: u64, seed2: u64) -> Self {
        Pcg(((seed1 as u128) << 64) | seed2 as u128)
    }

    fn uint64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(Self::MUL).wrapping_add(Self::INC);
        let (mut hi, lo) = ((self.0 >> 64) as u64, self.0 as u64);
        hi ^= hi >> 32;
        hi = hi.wrapping_mul(0xda94_2042_e4dd_58b5);
        hi ^= hi >> 48;
        hi.wrapping_mul(lo | 1)
    }

    /// `Rand.Float64`: 53 random bits in [0, 1).
    fn float64(&mut self) -> f64 {
        (self.uint64() << 11 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Vitter's method D (ACM TOMS 11, 1985) as Hugo runs it: `want` sorted distinct numbers in
/// `[0, max)`, drawn from `rng` in Hugo's order, so the same seed gives Hugo's sample. Far
/// from the end it skips ahead by a rejection-sampled gap; near it, method A.
fn vitter_d(rng: &mut Pcg, mut want: i64, mut max: i64, out: &mut Vec<i64>) {
    if want <= 0 || want > max {
        return;
    }
    const NEG_ALPHA_INV: i64 = -13;
    let mut j: i64 = -1;
    let mut qu1 = max - want + 1;
    let mut threshold = -NEG_ALPHA_INV * want;
    let (mut wantf, mut maxf) = (want as f64, max as f64);
    let mut ninv = 1.0 / wantf;
    let mut vprime = (rng.float64().ln() * ninv).exp();
    let mut qu1real = maxf - wantf + 1.0;
    while want > 1 && threshold < max {
        let nmin1inv = 1.0 / (wantf - 1.0);
        let (s, x_neg_s) = loop {
            let (s, x) = loop {
                let x = maxf * (1.0 - vprime);
                let s = x.floor() as i64;
                if s < qu1 {
                    break (s, x);
                }
                vprime = (rng.float64().ln() * ninv).exp();
            };
            let u = rng.float64();
            let neg_s = -(s as f64);
            let y1 = ((u * maxf / qu1real).ln() * nmin1inv).exp();
            vprime = y1 * (1.0 - x / maxf) * (qu1real / (neg_s + qu1real));
            if vprime <= 1.0 {
                break (s, neg_s);
            }
            let mut y2 = 1.0;
            let mut top = maxf - 1.0;
            let (mut bottom, limit) = if want - 1 > s {
                (maxf - wantf, max - s)
            } else {
                (maxf + neg_s - 1.0, qu1)
            };
            let mut t = max - 1;
            while t >= limit {
                y2 = y2 * top / bottom;
                top -= 1.0;
                bottom -= 1.0;
                t -= 1;
            }
            if maxf / (maxf - x) >= y1 * (y2.ln() * nmin1inv).exp() {
                vprime = (rng.float64().ln() * nmin1inv).exp();
                break (s, neg_s);
            }
            vprime = (rng.float64().ln() * ninv).exp();
        };
        j += s + 1;
        out.push(j);
        max = max - s - 1;
        maxf = x_neg_s + maxf - 1.0;
        want -= 1;
        wantf -= 1.0;
        ninv = nmin1inv;
        qu1 -= s;
        qu1real += x_neg_s;
        threshold += NEG_ALPHA_INV;
    }
    if want > 1 {
        vitter_a(rng, want, max, j, out);
    } else {
        j += (max as f64 * vprime).floor() as i64 + 1;
        out.push(j);
    }
}

/// Method A, which method D finishes with when few numbers are left to skip over.
fn vitter_a(rng: &mut Pcg, mut want: i64, mut max: i64, mut j: i64, out: &mut Vec<i64>) {
    while want >= 2 {
        j += 1;
        let v = rng.float64();
        let mut quot = (max - want) as f64 / max as f64;
        while quot > v {
            j += 1;
            max -= 1;
            quot *= (max - want) as f64;
            quot /= max as f64;
        }
        out.push(j);
        max -= 1;
        want -= 1;
    }
    j += (max as f64 * rng.float64()).floor() as i64 + 1;
    out.push(j);
}

/// The most `collections.D` draws from and returns (Hugo's bound).
const D_MAX: i64 = 1_000_000;

/// `collections.D SEED N HIGH` (Hugo 0.139+): N sorted, distinct random integers in
/// `[0, HIGH)`, all of them when N >= HIGH; the same for the same seed, as Hugo draws them.
pub fn d(args: &[Value]) -> Res<Value> {
    arity("collections.D", args, 3, 3)?;
    let int = |v: &Value| to_int(v).ok();
    let shown = |v: &Value| to_string(v).unwrap_or_else(|_| v.type_name().to_string());
    let seed = int(&args[0]).filter(|s| *s >= 0).ok_or_else(|| {
        CallError::Message(format!(
            "the seed value ({}) must be a non-negative integer",
            shown(&args[0])
        ))
    })?;
    let n = int(&args[1])
        .filter(|n| (0..=D_MAX).contains(n))
        .ok_or_else(|| {
            CallError::Message(format!(
                "the number of requested values ({}) must be a non-negative integer <= {D_MAX}",
                shown(&args[1])
            ))
        })?;
    let high = int(&args[2])
        .filter(|h| (0..=D_MAX).contains(h))
        .ok_or_else(|| {
            CallError::Message(format!(
                "the maximum requested value ({}) must be a non-negative integer <= {D_MAX}",
                shown(&args[2])
            ))
        })?;
    let mut out = Vec::new();
    if n >= high {
        out.extend(0..high);
    } else {
        vitter_d(&mut Pcg::new(seed as u64, 0), n, high, &mut out);
    }
    Ok(list(out.into_iter().map(Value::Int).collect()))
}

/// `group KEY PAGES` (`collections.Group`): Hugo asks the collection to group itself (its
/// `Grouper` interface, which only `Pages` has, giving a `PageGroup` with `.Key` and
/// `.Pages`); a host object answers through its `Group` method, called with the key and
/// itself.
pub fn group(args: &[Value]) -> Res<Value> {
    arity("collections.Group", args, 2, 2)?;
    let (key, items) = (&args[0], &args[1]);
    if is_nil(key) {
        return err("nil is not a valid key to group by");
    }
    if let Value::Object(o) = items {
        if let Some(grouped) = o.get("Group", &[key.clone(), items.clone()]) {
            return grouped;
        }
    }
    // Go names the collection's type and a new element of it (a pointer), as Hugo's error.
    let (ty, elem) = match items {
        Value::NoValue | Value::Nil => ("<nil>".to_string(), "<nil>".to_string()),
        Value::List(l) => {
            let mut types = l.iter().map(|v| v.type_name());
            let first = types.next().unwrap_or_else(|| "interface {}".into());
            let elem = if types.all(|t| t == first) {
                first
            } else {
                "interface {}".into()
            };
            (format!("[]{elem}"), format!("*{elem}"))
        }
        other => (other.type_name().to_string(), "<nil>".to_string()),
    };
    err(format!("grouping not supported for type {ty} {elem}"))
}
