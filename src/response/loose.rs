//! Tolerant, single-pass reading of response objects, in two steps. First
//! the body's object is read into JSON values, as far as one [`Budget`] per
//! body allows ([`Top`] and [`Kept`], the only serde visitors here, so a
//! deserializer instantiates little). Then each response type takes its
//! known keys from those values ([`Entries`]): a value of the expected type
//! goes to its field; anything else (unknown keys, known keys with another
//! type, `null`s) is kept verbatim in `extra`, so that re-encoding loses
//! nothing. And the helpers that write such objects back.
//!
//! A value that does not fit the budget is skipped without being built, and
//! counted; an object or array keeps the entries that fit.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

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

    /// Gives back `n` bytes taken for something not kept after all.
    fn give(&self, n: usize) {
        self.left.set(self.left.get() + n);
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

/// A key, borrowed where the input allows.
struct Key<'de>(Cow<'de, str>);

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

/// Reads the entries of a map within the budget, handing each kept one to
/// `keep`; entries that do not fit are skipped and counted.
fn read_entries<'de, A: MapAccess<'de>>(
    mut map: A,
    budget: &Budget,
    mut keep: impl FnMut(Cow<'de, str>, Value),
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<Key<'de>>()? {
        let cost = ENTRY + key.0.len();
        if !budget.take(cost) {
            map.next_value::<IgnoredAny>()?;
            budget.drop_one();
            continue;
        }
        match map.next_value_seed(Kept(budget))? {
            Some(v) => keep(key.0, v),
            None => {
                budget.give(cost);
                budget.drop_one();
            }
        }
    }
    Ok(())
}

/// Reads any value as a `serde_json::Value` within the budget: `None`, with
/// the value skipped to its end, when it does not fit at all (the caller
/// counts it). An array or object that fits keeps the elements and entries
/// that fit, counting the others.
pub(crate) struct Kept<'b>(pub &'b Budget);

impl<'de> DeserializeSeed<'de> for Kept<'_> {
    type Value = Option<Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

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
        if !self.0.take(NODE + ARRAY) {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(None);
        }
        let mut items = Vec::new();
        loop {
            if !self.0.take(SLACK) {
                match seq.next_element::<IgnoredAny>()? {
                    Some(_) => self.0.drop_one(),
                    None => break,
                }
                continue;
            }
            match seq.next_element_seed(Kept(self.0))? {
                Some(Some(v)) => items.push(v),
                Some(None) => {
                    self.0.give(SLACK);
                    self.0.drop_one();
                }
                None => {
                    self.0.give(SLACK);
                    break;
                }
            }
        }
        Ok(Some(Value::Array(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        if !self.0.take(NODE + OBJECT) {
            let mut map = map;
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(None);
        }
        let mut out = Map::new();
        read_entries(map, self.0, |k, v| {
            out.insert(k.into_owned(), v);
        })?;
        Ok(Some(Value::Object(out)))
    }
}

/// A top-level object's entries, in order.
pub(crate) type TopEntries<'de> = Vec<(Cow<'de, str>, Value)>;

/// Reads the top-level value: its entries in order, a key given twice kept
/// twice, keys borrowed from the input where they have no escapes, when it
/// is an object; `None` otherwise.
pub(crate) struct Top<'b>(pub &'b Budget);

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = Option<TopEntries<'de>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = Option<TopEntries<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        // The budget is full here: the object always fits.
        self.0.take(NODE + OBJECT);
        // Room for every documented body's keys at once.
        let mut entries = Vec::with_capacity(16);
        read_entries(map, self.0, |k, v| entries.push((k, v)))?;
        Ok(Some(entries))
    }
}

/// A response object built from its entries, one by one.
pub(crate) trait Entries: Default {
    /// Takes one entry: a known key's value of the expected type into its
    /// field, anything else into `extra`.
    fn put(&mut self, key: Cow<'_, str>, value: Value);

    /// The object built from a JSON object's entries.
    fn from_map(map: Map<String, Value>) -> Self {
        let mut out = Self::default();
        for (key, value) in map {
            out.put(Cow::Owned(key), value);
        }
        out
    }
}

/// A string value into `slot`; anything else into `extra` under `key`.
pub(crate) fn text(
    slot: &mut Option<String>,
    key: Cow<'_, str>,
    value: Value,
    extra: &mut Map<String, Value>,
) {
    match value {
        Value::String(s) => *slot = Some(s),
        other => {
            extra.insert(key.into_owned(), other);
        }
    }
}

/// A boolean value into `slot`; anything else into `extra` under `key`.
pub(crate) fn flag(slot: &mut Option<bool>, key: Cow<'_, str>, value: Value, extra: &mut Map<String, Value>) {
    match value {
        Value::Bool(b) => *slot = Some(b),
        other => {
            extra.insert(key.into_owned(), other);
        }
    }
}

/// An object value into `slot` as a `T`; anything else into `extra`.
pub(crate) fn object<T: Entries>(
    slot: &mut Option<T>,
    key: Cow<'_, str>,
    value: Value,
    extra: &mut Map<String, Value>,
) {
    match value {
        Value::Object(map) => *slot = Some(T::from_map(map)),
        other => {
            extra.insert(key.into_owned(), other);
        }
    }
}

/// An array of objects into `slot` as `T`s; anything else (an array holding
/// anything but objects included) into `extra`.
pub(crate) fn objects<T: Entries>(
    slot: &mut Option<Vec<T>>,
    key: Cow<'_, str>,
    value: Value,
    extra: &mut Map<String, Value>,
) {
    match value {
        Value::Array(items) if items.iter().all(Value::is_object) => {
            let mut typed = Vec::with_capacity(items.len());
            for item in items {
                if let Value::Object(map) = item {
                    typed.push(T::from_map(map));
                }
            }
            *slot = Some(typed);
        }
        other => {
            extra.insert(key.into_owned(), other);
        }
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

/// Reads the top-level object of `body` (a leading UTF-8 BOM is skipped),
/// keeping at most `limit` bytes of values: its entries in order, and how
/// many values were dropped for want of room. `None` when the body is not a
/// JSON object, is nested deeper than 127, or holds a string longer than
/// `limit` (which could never be kept, and would be copied whole to
/// unescape it).
pub(crate) fn read_object(body: &[u8], limit: usize) -> Option<(TopEntries<'_>, usize)> {
    let body = crate::codec::strip_bom(body);
    // Invalid UTF-8 anywhere makes the body invalid JSON; one check of the
    // whole body is cheaper than a check of every string.
    let text = std::str::from_utf8(body).ok()?;
    let budget = Budget::new(limit);
    let mut reader = crate::json_text::Reader::with_string_limit(text, limit);
    let entries = Top(&budget).deserialize(&mut reader).ok()??;
    reader.end().ok()?;
    Some((entries, budget.dropped()))
}
