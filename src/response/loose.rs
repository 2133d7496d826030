//! Tolerant, single-pass reading of response objects: known keys go to typed
//! fields, everything else (unknown keys, known keys with an unexpected type,
//! `null`s) is kept verbatim so that re-encoding loses nothing; and the
//! helpers that write such objects back.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A response object read key by key.
pub(crate) trait Object: Sized + serde::Serialize {
    /// Reads the entries of a map.
    fn read_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
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

/// A known key's value: the type it should have, or whatever it was instead.
pub(crate) enum Loose<T> {
    /// The expected type.
    Typed(T),
    /// Anything else, `null` included, kept as it was.
    Other(Value),
}

impl<T> Loose<T> {
    /// Stores a typed value in `slot`, anything else under `key` in `extra`.
    pub(crate) fn place(self, slot: &mut Option<T>, key: Key<'_>, extra: &mut Map<String, Value>) {
        match self {
            Loose::Typed(t) => *slot = Some(t),
            Loose::Other(v) => {
                extra.insert(key.0.into_owned(), v);
            }
        }
    }
}

/// Reads a value expected to be a string.
pub(crate) struct Str;
/// Reads a value expected to be a boolean.
pub(crate) struct Bool;
/// Reads a value expected to be an object of type `T`.
pub(crate) struct Obj<T>(PhantomData<T>);
/// Reads a value expected to be an array of objects of type `T`.
pub(crate) struct Arr<T>(PhantomData<T>);

impl<T> Obj<T> {
    pub(crate) fn new() -> Self {
        Obj(PhantomData)
    }
}

impl<T> Arr<T> {
    pub(crate) fn new() -> Self {
        Arr(PhantomData)
    }
}

macro_rules! other_scalars {
    () => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Loose::Other(Value::Bool(v)))
        }
        other_numbers!();
    };
}

/// Numbers and `null`, kept as they were.
macro_rules! other_numbers {
    () => {
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Loose::Other(Value::from(v)))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Loose::Other(Value::from(v)))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Loose::Other(Value::from(v)))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Loose::Other(Value::Null))
        }
    };
}

macro_rules! other_str {
    () => {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Loose::Other(Value::String(v.to_owned())))
        }
    };
}

macro_rules! other_seq {
    () => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            Value::deserialize(SeqAccessDeserializer::new(seq)).map(Loose::Other)
        }
    };
}

macro_rules! other_map {
    () => {
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            Value::deserialize(MapAccessDeserializer::new(map)).map(Loose::Other)
        }
    };
}

macro_rules! seed {
    ($ty:ty, $out:ty) => {
        impl<'de> DeserializeSeed<'de> for $ty {
            type Value = Loose<$out>;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
        }
    };
}

seed!(Str, String);
seed!(Bool, bool);

impl<'de> Visitor<'de> for Str {
    type Value = Loose<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    other_scalars!();
    other_seq!();
    other_map!();
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Loose::Typed(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Loose::Typed(v))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Loose::Typed(v.to_owned()))
    }
}

impl<'de> Visitor<'de> for Bool {
    type Value = Loose<bool>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Loose::Typed(v))
    }
    other_numbers!();
    other_str!();
    other_seq!();
    other_map!();
}

impl<'de, T: Object> DeserializeSeed<'de> for Obj<T> {
    type Value = Loose<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Object> Visitor<'de> for Obj<T> {
    type Value = Loose<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    other_scalars!();
    other_str!();
    other_seq!();
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::read_map(map).map(Loose::Typed)
    }
}

impl<'de, T: Object> DeserializeSeed<'de> for Arr<T> {
    type Value = Loose<Vec<T>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Object> Visitor<'de> for Arr<T> {
    type Value = Loose<Vec<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    other_scalars!();
    other_str!();
    other_map!();
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut typed: Vec<T> = Vec::new();
        let mut other: Option<Vec<Value>> = None;
        while let Some(item) = seq.next_element_seed(Obj::<T>::new())? {
            match (item, &mut other) {
                (Loose::Typed(t), None) => typed.push(t),
                (Loose::Typed(t), Some(o)) => o.push(serde_json::to_value(t).unwrap_or(Value::Null)),
                (Loose::Other(v), o @ None) => {
                    let mut all: Vec<Value> = typed
                        .drain(..)
                        .map(|t| serde_json::to_value(t).unwrap_or(Value::Null))
                        .collect();
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

/// Reads a top-level object of type `T` from `body`: `None` when the body is
/// not a JSON object (or is nested deeper than serde_json's limit of 128).
pub(crate) fn read_object<T: Object>(body: &[u8]) -> Option<T> {
    // Invalid UTF-8 anywhere makes the body invalid JSON; one check of the
    // whole body is cheaper than serde_json's check of every string.
    let text = std::str::from_utf8(body).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Obj::<T>::new().deserialize(&mut de).ok()?;
    de.end().ok()?;
    match value {
        Loose::Typed(t) => Some(t),
        Loose::Other(_) => None,
    }
}
