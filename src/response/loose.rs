//! Tolerant, single-pass reading of response objects: known keys go to typed
//! fields, everything else (unknown keys, known keys with an unexpected type,
//! `null`s) is kept verbatim so that re-encoding loses nothing; and the
//! helpers that write such objects back.
//!
//! What is kept draws on one [`Budget`] per body (see
//! [`super::KEEP_LIMIT`]): a value that does not fit is skipped without
//! being built, and counted.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What one JSON value costs besides its text: a `serde_json::Value`.
const NODE: usize = 32;
/// What an object costs before its entries: the first map node (a B-tree
/// leaf of eleven `String`/`Value` slots).
const OBJECT: usize = 640;
/// What one object entry costs besides its key's text and its value: its
/// share of the map's nodes, with room for either map kind serde_json uses.
const ENTRY: usize = 128;
/// What an array costs before its elements: a `Vec` of four values.
const ARRAY: usize = 128;
/// What one array element costs besides its value: the room a `Vec` keeps
/// when it doubles.
const SLACK: usize = NODE;

/// The bytes a body's kept values may still take, and how many values were
/// not kept because they did not fit.
pub(crate) struct Budget {
    left: Cell<usize>,
    dropped: Cell<usize>,
}

impl Budget {
    pub(crate) fn new(limit: usize) -> Self {
        Budget {
            left: Cell::new(limit),
            dropped: Cell::new(0),
        }
    }

    /// Takes `n` bytes when they are left.
    fn take(&self, n: usize) -> bool {
        let left = self.left.get();
        if n <= left {
            self.left.set(left - n);
            true
        } else {
            false
        }
    }

    /// Gives back everything taken since `left` was what remained.
    fn restore(&self, left: usize) {
        self.left.set(left);
    }

    /// Counts one value not kept.
    fn drop_one(&self) {
        self.dropped.set(self.dropped.get().saturating_add(1));
    }

    /// How many values were not kept.
    pub(crate) fn dropped(&self) -> usize {
        self.dropped.get()
    }
}

/// A response object read key by key.
pub(crate) trait Object: Sized + serde::Serialize {
    /// Reads the entries of a map, keeping what `budget` allows.
    fn read_map<'de, A: MapAccess<'de>>(map: A, budget: &Budget) -> Result<Self, A::Error>;
}

/// A key, borrowed where the input allows.
pub(crate) struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A known key's value: the type it should have, whatever it was instead, or
/// nothing when it did not fit the budget.
pub(crate) enum Loose<T> {
    /// The expected type.
    Typed(T),
    /// Anything else, `null` included, kept as it was.
    Other(Value),
    /// Not kept: it did not fit the budget.
    Dropped,
}

impl<T> From<Option<Value>> for Loose<T> {
    fn from(v: Option<Value>) -> Self {
        v.map_or(Loose::Dropped, Loose::Other)
    }
}

impl<T> Loose<T> {
    /// Stores a typed value in `slot`, anything else under `key` in `extra`;
    /// counts a dropped value.
    pub(crate) fn place(
        self,
        slot: &mut Option<T>,
        key: Key<'_>,
        extra: &mut Map<String, Value>,
        budget: &Budget,
    ) {
        match self {
            Loose::Typed(t) => *slot = Some(t),
            Loose::Other(v) => keep_extra(Some(v), key, extra, budget),
            Loose::Dropped => budget.drop_one(),
        }
    }
}

/// Keeps `value` under `key` in `extra` when it and the entry fit; counts it
/// otherwise.
fn keep_extra(value: Option<Value>, key: Key<'_>, extra: &mut Map<String, Value>, budget: &Budget) {
    let first = if extra.is_empty() { OBJECT } else { 0 };
    match value {
        Some(v) if budget.take(first + ENTRY + key.0.len()) => {
            extra.insert(key.0.into_owned(), v);
        }
        _ => budget.drop_one(),
    }
}

/// Reads the value of an unknown `key` into `extra`, as far as the budget allows.
pub(crate) fn read_extra<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut Map<String, Value>,
    budget: &Budget,
) -> Result<(), A::Error> {
    let value = map.next_value_seed(Kept(budget))?;
    keep_extra(value, key, extra, budget);
    Ok(())
}

/// Reads any value as a `serde_json::Value` within the budget: `None`, with
/// the value skipped to its end and the budget as before, when it does not fit.
pub(crate) struct Kept<'b>(pub &'b Budget);
/// Reads a value expected to be a string.
pub(crate) struct Str<'b>(&'b Budget);
/// Reads a value expected to be a boolean.
pub(crate) struct Bool<'b>(&'b Budget);
/// Reads a value expected to be an object of type `T`.
pub(crate) struct Obj<'b, T>(&'b Budget, PhantomData<T>);
/// Reads a value expected to be an array of objects of type `T`.
pub(crate) struct Arr<'b, T>(&'b Budget, PhantomData<T>);

impl<'b> Str<'b> {
    pub(crate) fn new(budget: &'b Budget) -> Self {
        Str(budget)
    }
}

impl<'b> Bool<'b> {
    pub(crate) fn new(budget: &'b Budget) -> Self {
        Bool(budget)
    }
}

impl<'b, T> Obj<'b, T> {
    pub(crate) fn new(budget: &'b Budget) -> Self {
        Obj(budget, PhantomData)
    }
}

impl<'b, T> Arr<'b, T> {
    pub(crate) fn new(budget: &'b Budget) -> Self {
        Arr(budget, PhantomData)
    }
}

macro_rules! seed {
    ($($ty:ty => $out:ty),*) => {$(
        impl<'de> DeserializeSeed<'de> for $ty {
            type Value = $out;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
        }
    )*};
}

seed!(Kept<'_> => Option<Value>, Str<'_> => Loose<String>, Bool<'_> => Loose<bool>);

impl<'de> Visitor<'de> for Kept<'_> {
    type Value = Option<Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(self.0.take(NODE).then_some(Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(self.0.take(NODE).then(|| Value::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(self.0.take(NODE).then(|| Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(self.0.take(NODE).then(|| Value::from(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.0.take(NODE).then_some(Value::Null))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.take(NODE + v.len()).then(|| Value::String(v.to_owned())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mark = self.0.left.get();
        let mut items = Vec::new();
        let mut fits = self.0.take(NODE + ARRAY);
        while fits && self.0.take(SLACK) {
            match seq.next_element_seed(Kept(self.0))? {
                Some(Some(v)) => items.push(v),
                Some(None) => fits = false,
                None => return Ok(Some(Value::Array(items))),
            }
        }
        drop(items);
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.0.restore(mark);
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mark = self.0.left.get();
        let mut out = Map::new();
        let mut fits = self.0.take(NODE + OBJECT);
        while fits {
            let Some(key) = map.next_key::<Key<'de>>()? else {
                return Ok(Some(Value::Object(out)));
            };
            fits = self.0.take(ENTRY + key.0.len());
            if !fits {
                map.next_value::<IgnoredAny>()?;
                break;
            }
            match map.next_value_seed(Kept(self.0))? {
                Some(v) => {
                    out.insert(key.0.into_owned(), v);
                }
                None => fits = false,
            }
        }
        drop(out);
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.0.restore(mark);
        Ok(None)
    }
}

/// The visit methods of a seed whose other values are kept as [`Kept`] keeps them.
macro_rules! other {
    (bool) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Kept(self.0).visit_bool(v).map(Loose::from)
        }
    };
    (numbers) => {
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Kept(self.0).visit_i64(v).map(Loose::from)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Kept(self.0).visit_u64(v).map(Loose::from)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Kept(self.0).visit_f64(v).map(Loose::from)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Kept(self.0).visit_unit().map(Loose::from)
        }
    };
    (str) => {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Kept(self.0).visit_str(v).map(Loose::from)
        }
    };
    (seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            Kept(self.0).visit_seq(seq).map(Loose::from)
        }
    };
    (map) => {
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            Kept(self.0).visit_map(map).map(Loose::from)
        }
    };
    ($($what:ident),*) => {$(other!($what);)*};
}

impl<'de> Visitor<'de> for Str<'_> {
    type Value = Loose<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    other!(bool, numbers, seq, map);
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(if self.0.take(NODE + v.len()) {
            Loose::Typed(v.to_owned())
        } else {
            Loose::Dropped
        })
    }
}

impl<'de> Visitor<'de> for Bool<'_> {
    type Value = Loose<bool>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Loose::Typed(v))
    }
    other!(numbers, str, seq, map);
}

impl<'de, T: Object> DeserializeSeed<'de> for Obj<'_, T> {
    type Value = Loose<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Object> Visitor<'de> for Obj<'_, T> {
    type Value = Loose<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    other!(bool, numbers, str, seq);
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if self.0.take(std::mem::size_of::<T>()) {
            T::read_map(map, self.0).map(Loose::Typed)
        } else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Loose::Dropped)
        }
    }
}

impl<'de, T: Object> DeserializeSeed<'de> for Arr<'_, T> {
    type Value = Loose<Vec<T>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Object> Visitor<'de> for Arr<'_, T> {
    type Value = Loose<Vec<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    other!(bool, numbers, str, map);
    /// Objects are kept typed; an array holding anything else is kept as a
    /// `Value`. Elements that do not fit are dropped one by one and counted.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut typed: Vec<T> = Vec::new();
        let mut other: Option<Vec<Value>> = None;
        let to_value = |t: T| serde_json::to_value(t).unwrap_or(Value::Null);
        if !self.0.take(ARRAY) {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Loose::Dropped);
        }
        while let Some(item) = seq.next_element_seed(Obj::<T>::new(self.0))? {
            // Room for the vector's doubling, as `SLACK` for values.
            let item = match item {
                Loose::Typed(_) if !self.0.take(std::mem::size_of::<T>()) => Loose::Dropped,
                item => item,
            };
            match (item, &mut other) {
                (Loose::Dropped, _) => self.0.drop_one(),
                (Loose::Typed(t), None) => typed.push(t),
                (Loose::Typed(t), Some(o)) => o.push(to_value(t)),
                (Loose::Other(v), o @ None) => {
                    let mut all: Vec<Value> = typed.drain(..).map(to_value).collect();
                    all.push(v);
                    *o = Some(all);
                }
                (Loose::Other(v), Some(o)) => o.push(v),
            }
        }
        Ok(match other {
            None => Loose::Typed(typed),
            Some(all) => Loose::Other(Value::Array(all)),
        })
    }
}

/// Writes `key: value` when the value is set.
pub(crate) fn entry<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    key: &str,
    value: Option<&T>,
) -> Result<(), M::Error> {
    match value {
        Some(v) => map.serialize_entry(key, v),
        None => Ok(()),
    }
}

/// Writes the `extra` entries.
pub(crate) fn extras<M: SerializeMap>(map: &mut M, extra: &Map<String, Value>) -> Result<(), M::Error> {
    extra.iter().try_for_each(|(k, v)| map.serialize_entry(k, v))
}

/// Whether `body` holds a JSON string (key or value) longer than `limit`
/// bytes. Exact for valid JSON; any answer will do for invalid JSON, which
/// is not read anyway.
fn has_string_longer_than(body: &[u8], limit: usize) -> bool {
    if body.len() <= limit {
        return false;
    }
    let mut i = 0;
    while let Some(q) = body[i..].iter().position(|&c| c == b'"') {
        let start = i + q + 1;
        let mut j = start;
        loop {
            match body[j..].iter().position(|&c| c == b'"' || c == b'\\') {
                None => return body.len() - start > limit,
                Some(k) if body[j + k] == b'\\' => j = (j + k + 2).min(body.len()),
                Some(k) => {
                    j += k;
                    break;
                }
            }
        }
        if j - start > limit {
            return true;
        }
        i = j + 1;
    }
    false
}

/// Reads a top-level object of type `T` from `body` (a leading UTF-8 BOM is
/// skipped), keeping at most `limit` bytes of values, and how many values
/// were dropped for want of room. `None` when the body is not a JSON object,
/// is nested deeper than serde_json's limit of 128, or holds a string longer
/// than `limit` (which could never be kept, and would make serde_json copy
/// it whole when it has escapes).
pub(crate) fn read_object<T: Object>(body: &[u8], limit: usize) -> Option<(T, usize)> {
    let body = crate::codec::strip_bom(body);
    // Invalid UTF-8 anywhere makes the body invalid JSON; one check of the
    // whole body is cheaper than serde_json's check of every string.
    let text = std::str::from_utf8(body).ok()?;
    if has_string_longer_than(body, limit) {
        return None;
    }
    let budget = Budget::new(limit);
    let mut reader = crate::json_text::Reader::new(text);
    let value = Obj::<T>::new(&budget).deserialize(&mut reader).ok()?;
    reader.end().ok()?;
    match value {
        Loose::Typed(t) => Some((t, budget.dropped())),
        Loose::Other(_) | Loose::Dropped => None,
    }
}

#[cfg(test)]
mod tests {
    use super::has_string_longer_than;

    #[test]
    fn long_strings_are_found() {
        let cases: &[(&str, usize, bool)] = &[
            (r#"{"abcd":1}"#, 3, true),
            (r#"{"abc":1}"#, 3, false),
            (r#"{"a":"b\"cd"}"#, 4, true),
            (r#"{"a":"b\"c"}"#, 4, false),
            (r#"{"a":"\\"}"#, 2, false),
            (r#"{"a":"\\\\\\"}"#, 5, true),
            (r#"{"a":"unterminated"#, 5, true),
            (r#"{"a":"x\"#, 2, false),
            (r#"{"a":"x\"#, 1, true),
        ];
        for &(body, limit, want) in cases {
            assert_eq!(
                has_string_longer_than(body.as_bytes(), limit),
                want,
                "{body} {limit}"
            );
        }
    }
}
