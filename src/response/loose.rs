//! Tolerant reading of response objects through serde_json: each value is
//! first taken as its raw JSON text ([`RawValue`], borrowed from the body),
//! then a known key whose value has the expected type goes to its field and
//! anything else (unknown keys, known keys with another type, `null`s) is
//! kept as that text in `extra`, so that re-encoding loses nothing, numbers
//! included, byte for byte. And the helpers that write such objects back.
//!
//! Reading a value's raw text scans it, and reading a nested object from
//! that text scans it again; so a body of up to [`DIRECT_LIMIT`] is first
//! read in one pass that reads every documented key's value in place
//! ([`Entries::put_direct`]: strings, booleans, the nested objects `juspay`,
//! `error_info` and `error_info.fields`), capturing only the others. That
//! pass fails wherever a documented key holds another type (and on any
//! malformed body), and the body is read again with every value captured:
//! the same entries, the same result, one scan fewer per level for the
//! documented shapes.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

/// One JSON value as the body held it: its text, whitespace and number
/// digits included, never converted. `Debug` shows its length only, since a
/// value the docs do not list may hold personal data.
///
/// ```
/// use juspay_customer::parse_response;
/// let c = parse_response(200, br#"{"id":"cst_1","score":1.50000000000000000001}"#).unwrap();
/// assert_eq!(c.extra["score"].get(), "1.50000000000000000001");
/// let v: serde_json::Value = serde_json::from_str(c.extra["score"].get()).unwrap();
/// assert!(v.is_number());
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// The value's JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }
}

impl From<&RawValue> for RawJson {
    fn from(raw: &RawValue) -> Self {
        RawJson(raw.to_owned())
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for RawJson {}

impl Hash for RawJson {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.get().hash(h);
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson(<{} bytes>)", self.get().len())
    }
}

impl Serialize for RawJson {
    /// The text itself, with serde_json (other serializers see a string).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    /// Any value, with serde_json only.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(d).map(RawJson)
    }
}

/// The keys of a response object that the docs do not list (and listed keys
/// whose value had another type), with their values as sent.
pub(crate) type Extra = BTreeMap<String, RawJson>;

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

/// The largest body read first in one direct pass (see the module): 16
/// KiB, so that the pass's growing vectors stay within the bound
/// `parse_response` documents for small bodies.
pub(crate) const DIRECT_LIMIT: usize = 16 * 1024;

/// A response object built from its entries, one by one.
pub(crate) trait Entries: Default {
    /// Takes one entry: a known key's value of the expected type into its
    /// field, anything else into `extra`.
    fn put(&mut self, key: Cow<'_, str>, value: &RawValue);

    /// In the direct pass, reads the value of a documented `key` in place:
    /// `Ok(true)`. `Ok(false)` for every other key (its value is then
    /// captured and [`Entries::put`]). An error when the value has another
    /// type than the documented one: the pass is abandoned.
    fn put_direct<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        let _ = (key, map);
        Ok(false)
    }
}

/// The direct pass's reading of an object: nested objects in place, other
/// values captured.
struct DirectOf<T>(PhantomData<T>);

impl<'de, T: Entries> Visitor<'de> for DirectOf<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if !out.put_direct(&key, &mut map)? {
                out.put(key, map.next_value::<&'de RawValue>()?);
            }
        }
        Ok(out)
    }
}

impl<'de, T: Entries> DeserializeSeed<'de> for DirectOf<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_map(self)
    }
}

/// The direct pass's reading of an array of objects.
struct DirectSeq<T>(PhantomData<T>);

impl<'de, T: Entries> Visitor<'de> for DirectSeq<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array of objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(DirectOf::<T>(PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }
}

impl<'de, T: Entries> DeserializeSeed<'de> for DirectSeq<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

/// What each field kind does in the direct pass, by the name of its
/// capture-pass function (`text`, `flag`, `object`, `objects`).
pub(crate) mod direct {
    use super::*;

    /// A string is read in place into `slot` (a lone surrogate escape, which
    /// no Rust string holds, fails the pass, as any other type does).
    pub(crate) fn text<'de, A: MapAccess<'de>>(
        slot: &mut Option<String>,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        *slot = Some(map.next_value::<String>()?);
        Ok(true)
    }

    /// A boolean is read in place into `slot`.
    pub(crate) fn flag<'de, A: MapAccess<'de>>(
        slot: &mut Option<bool>,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        *slot = Some(map.next_value::<bool>()?);
        Ok(true)
    }

    /// An object is read in place into `slot`.
    pub(crate) fn object<'de, T: Entries, A: MapAccess<'de>>(
        slot: &mut Option<T>,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        *slot = Some(map.next_value_seed(DirectOf::<T>(PhantomData))?);
        Ok(true)
    }

    /// An array of objects is read in place into `slot`.
    pub(crate) fn objects<'de, T: Entries, A: MapAccess<'de>>(
        slot: &mut Option<Vec<T>>,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        *slot = Some(map.next_value_seed(DirectSeq::<T>(PhantomData))?);
        Ok(true)
    }
}

/// Reads an object entry by entry into a `T`; `None` for any other value.
pub(crate) struct ObjectOf<T>(pub PhantomData<T>);

impl<'de, T: Entries> Visitor<'de> for ObjectOf<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = T::default();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            out.put(key, map.next_value::<&'de RawValue>()?);
        }
        Ok(Some(out))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
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
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// The object that `text` holds, as a `T`: `None` when it is not JSON or not
/// an object (a top-level number out of `f64`'s range included). A text of
/// up to [`DIRECT_LIMIT`] is tried in the direct pass first.
pub(crate) fn read_object<T: Entries>(text: &str) -> Option<T> {
    if text.len() <= DIRECT_LIMIT {
        if let Some(out) = read_direct(text) {
            return Some(out);
        }
    }
    read_captured(text)
}

/// The direct pass (see the module): `None` wherever it gives up.
pub(crate) fn read_direct<T: Entries>(text: &str) -> Option<T> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let out = reader.deserialize_map(DirectOf::<T>(PhantomData)).ok()?;
    reader.end().ok()?;
    Some(out)
}

/// The capture pass: every value taken as its raw text first.
pub(crate) fn read_captured<T: Entries>(text: &str) -> Option<T> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let out = reader.deserialize_any(ObjectOf(PhantomData)).ok()?;
    reader.end().ok()?;
    out
}

/// The string a raw value holds: `None` for any other value, or for a string
/// with a lone surrogate escape (no Rust string can hold it).
pub(crate) fn string(raw: &RawValue) -> Option<String> {
    crate::codec::json_string(raw.get()).map(Cow::into_owned)
}

/// Keeps `value` in `extra` under `key`; the last of a key given twice wins.
pub(crate) fn keep(extra: &mut Extra, key: Cow<'_, str>, value: &RawValue) -> bool {
    extra.insert(key.into_owned(), RawJson::from(value)).is_some()
}

/// A string value into `slot`; anything else into `extra` under `key`.
pub(crate) fn text(slot: &mut Option<String>, key: Cow<'_, str>, value: &RawValue, extra: &mut Extra) {
    match string(value) {
        Some(s) => *slot = Some(s),
        None => {
            keep(extra, key, value);
        }
    }
}

/// A boolean value into `slot`; anything else into `extra` under `key`.
pub(crate) fn flag(slot: &mut Option<bool>, key: Cow<'_, str>, value: &RawValue, extra: &mut Extra) {
    match value.get() {
        "true" => *slot = Some(true),
        "false" => *slot = Some(false),
        _ => {
            keep(extra, key, value);
        }
    }
}

/// An object value into `slot` as a `T`; anything else into `extra`.
pub(crate) fn object<T: Entries>(
    slot: &mut Option<T>,
    key: Cow<'_, str>,
    value: &RawValue,
    extra: &mut Extra,
) {
    match value
        .get()
        .starts_with('{')
        .then(|| read_object(value.get()))
        .flatten()
    {
        Some(t) => *slot = Some(t),
        None => {
            keep(extra, key, value);
        }
    }
}

/// Calls `f` on each element of an array, as raw text, while it returns
/// `true`: whether it did for every element.
struct Each<F>(F);

impl<'de, F: FnMut(&'de RawValue) -> bool> Visitor<'de> for Each<F> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array")
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<bool, A::Error> {
        while let Some(item) = seq.next_element::<&'de RawValue>()? {
            if !(self.0)(item) {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// Whether `f` returned `true` for every element of the array `text`.
fn each<'de>(text: &'de str, f: impl FnMut(&'de RawValue) -> bool) -> bool {
    serde_json::Deserializer::from_str(text)
        .deserialize_seq(Each(f))
        .unwrap_or(false)
}

/// An array of objects into `slot` as `T`s; anything else (an array holding
/// anything but objects included) into `extra`. The array is read twice,
/// first to count its objects, so that the `Vec` is allocated once at its
/// size: that keeps the memory an array of `{}`s costs to a known multiple.
pub(crate) fn objects<T: Entries>(
    slot: &mut Option<Vec<T>>,
    key: Cow<'_, str>,
    value: &RawValue,
    extra: &mut Extra,
) {
    let text = value.get();
    let mut count = 0;
    let objects = text.starts_with('[')
        && each(text, |item| {
            count += 1;
            item.get().starts_with('{')
        });
    if objects {
        let mut items = Vec::with_capacity(count);
        if each(text, |item| {
            read_object(item.get()).map(|t| items.push(t)).is_some()
        }) {
            *slot = Some(items);
            return;
        }
    }
    keep(extra, key, value);
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
pub(crate) fn extras<M: SerializeMap>(map: &mut M, extra: &Extra) -> Result<(), M::Error> {
    extra.iter().try_for_each(|(k, v)| map.serialize_entry(k, v))
}
