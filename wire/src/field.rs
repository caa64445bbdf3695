//! Per-field tolerant decoding: one odd value costs that field, never the row or the page.
//!
//! Servers send what they send: a progress of `null` or `"half"`, an `attemptCount` of `-1`
//! or `1e12`, a row without `createdAt`. Each field is a [`Field`]: not set (absent or
//! `null`), a value, or [`Field::Invalid`], a value of the wrong type or out of the documented
//! range, kept as sent and shown as "unknown". A page's rows are read one by one ([`Rows`]):
//! only a row without a usable id (missing, not a string, empty) is left out, and counted.

use serde::de::{self, DeserializeOwned, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::Timestamp;

/// One field of a job as the API sent it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Field<T> {
    /// Absent or `null`: not set.
    #[default]
    Absent,
    /// A value of the documented type and range.
    Value(T),
    /// A value of another type or out of range, kept exactly as sent; shown as "unknown".
    /// Boxed: rare, and a row of many fields stays small.
    Invalid(Box<Value>),
}

impl<T> Field<T> {
    /// The value, if it is one (not for absent or invalid).
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, taken out.
    pub fn into_value(self) -> Option<T> {
        match self {
            Self::Value(value) => Some(value),
            _ => None,
        }
    }

    /// Absent or `null` (also what `skip_serializing_if` asks).
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Sent, but not readable as its type.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Self::Invalid(_))
    }

    /// The value as sent when it could not be read.
    pub fn invalid(&self) -> Option<&Value> {
        match self {
            Self::Invalid(raw) => Some(raw),
            _ => None,
        }
    }

    /// A mutable reference to the value, if it is one.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Self::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value changed by `f`; absent and invalid stay as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Self::Absent => Field::Absent,
            Self::Value(value) => Field::Value(f(value)),
            Self::Invalid(raw) => Field::Invalid(raw),
        }
    }

    /// Reads a JSON value: `null` is absent, a value that [`FieldValue::from_json`] refuses is
    /// invalid.
    pub fn read(value: Value) -> Self
    where
        T: FieldValue,
    {
        if value.is_null() {
            return Self::Absent;
        }
        match T::from_json(value) {
            Ok(value) => Self::Value(value),
            Err(raw) => Self::Invalid(Box::new(raw)),
        }
    }
}

impl Field<String> {
    /// The text, if it is one.
    pub fn as_deref(&self) -> Option<&str> {
        self.value().map(String::as_str)
    }
}

impl<T: PartialEq> PartialEq<T> for Field<T> {
    /// A field equals a value when it holds that value.
    fn eq(&self, other: &T) -> bool {
        self.value() == Some(other)
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T> From<Option<T>> for Field<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Absent, Self::Value)
    }
}

impl<T: Serialize> Serialize for Field<T> {
    /// Exactly as an `Option` of the value: absent is `null` (or skipped where the field says
    /// so), invalid is the value as it was sent.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Absent => serializer.serialize_none(),
            Self::Value(value) => serializer.serialize_some(value),
            Self::Invalid(raw) => serializer.serialize_some(raw),
        }
    }
}

impl<'de, T: FieldValue> Deserialize<'de> for Field<T> {
    /// Never fails on the value itself: whatever was sent becomes absent, a value or invalid.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Self::read)
    }
}

/// A type a [`Field`] can hold: how to read it from the JSON value sent.
pub trait FieldValue: Sized {
    /// The value read from `value` (never `null`), or `value` back when it is not one.
    fn from_json(value: Value) -> Result<Self, Value>;
}

impl FieldValue for String {
    fn from_json(value: Value) -> Result<Self, Value> {
        match value {
            Value::String(text) => Ok(text),
            other => Err(other),
        }
    }
}

impl FieldValue for Timestamp {
    /// Any text: a timestamp is kept as sent and parsed when used (see [`Timestamp`]).
    fn from_json(value: Value) -> Result<Self, Value> {
        String::from_json(value).map(Timestamp::raw)
    }
}

impl FieldValue for bool {
    fn from_json(value: Value) -> Result<Self, Value> {
        value.as_bool().ok_or(value)
    }
}

/// A whole number of `value`: an integer, or a float without a fraction (`3.0`; the browser's
/// `JSON.parse` makes no difference between the two).
fn whole(value: &Value) -> Option<i128> {
    match value {
        Value::Number(n) => n.as_i64().map(i128::from).or_else(|| {
            n.as_u64().map(i128::from).or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 1e19)
                    .map(|f| f as i128)
            })
        }),
        _ => None,
    }
}

macro_rules! integer_field {
    ($($int:ty),+) => {$(
        impl FieldValue for $int {
            /// A whole number in the type's range (`-1` is no count, `1e12` no `u32`).
            fn from_json(value: Value) -> Result<Self, Value> {
                whole(&value)
                    .and_then(|n| <$int>::try_from(n).ok())
                    .ok_or(value)
            }
        }
    )+};
}

integer_field!(u32, u64, i64);

impl FieldValue for Value {
    /// Free-form JSON (a result, a body): anything but `null`.
    fn from_json(value: Value) -> Result<Self, Value> {
        Ok(value)
    }
}

impl FieldValue for Map<String, Value> {
    fn from_json(value: Value) -> Result<Self, Value> {
        match value {
            Value::Object(map) => Ok(map),
            other => Err(other),
        }
    }
}

/// A nested object (progress, the Oban row, the HTTP request): an object whose fields are
/// read one by one, so only a value that is not an object at all is invalid.
pub(crate) fn object<T: DeserializeOwned>(value: Value) -> Result<T, Value> {
    if !value.is_object() {
        return Err(value);
    }
    // Every field of these objects is a `Field` with a default; what still fails (a
    // duplicate key) makes the object unreadable ("unknown"), kept as sent.
    T::deserialize(&value).map_err(|_| value)
}

/// A share of the work done: a number in `0..=1` (the API's documented range).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Fraction(f64);

impl Fraction {
    /// `fraction` when it is a finite number in `0..=1`.
    pub fn new(fraction: f64) -> Option<Self> {
        (fraction.is_finite() && (0.0..=1.0).contains(&fraction)).then_some(Self(fraction))
    }

    /// The share, `0.0..=1.0`.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl FieldValue for Fraction {
    fn from_json(value: Value) -> Result<Self, Value> {
        value.as_f64().and_then(Self::new).ok_or(value)
    }
}

/// A row's id: a non-empty string, or the row cannot be told apart and is left out.
pub fn usable_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(id) if !id.is_empty() => Ok(id),
        Value::String(_) => Err(de::Error::custom("the id is empty")),
        other => Err(de::Error::custom(format_args!(
            "the id is not a string: {}",
            kind(&other)
        ))),
    }
}

/// The kind of a JSON value, in words ("a number"), for messages and titles.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A page's rows, each read on its own: rows that cannot be read (no usable id, not an
/// object) are left out and counted in `dropped`. Serializes as the plain list of rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows<T> {
    pub rows: Vec<T>,
    /// Rows of the page that could not be read and are not in `rows`.
    pub dropped: usize,
}

impl<T> Default for Rows<T> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            dropped: 0,
        }
    }
}

impl<T: Serialize> Serialize for Rows<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.rows.serialize(serializer)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Rows<T> {
    /// Fails only when the rows are not a list at all.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RowsVisitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: DeserializeOwned> Visitor<'de> for RowsVisitor<T> {
            type Value = Rows<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of rows")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Rows<T>, A::Error> {
                let mut rows = Rows::default();
                // One row at a time, through a value of its own: a row that does not read
                // costs only itself, and only one row's copy is alive at once.
                while let Some(value) = seq.next_element::<Value>()? {
                    match T::deserialize(value) {
                        Ok(row) => rows.rows.push(row),
                        Err(_) => rows.dropped += 1,
                    }
                }
                Ok(rows)
            }
        }

        deserializer.deserialize_seq(RowsVisitor(std::marker::PhantomData))
    }
}

/// How long a text of a list row may be ([`shorten`]): more than a row or its popover
/// shows; the drawer and exports read the job again for all of it.
pub const LIST_TEXT_CHARS: usize = 500;

/// Cuts `text` to `max` characters, with an ellipsis. True when it was cut. The text is
/// copied into an allocation of its new size: truncating in place would keep the whole
/// buffer (50 kB kept for 500 bytes shown).
pub fn shorten(text: &mut String, max: usize) -> bool {
    match text.char_indices().nth(max) {
        None => false,
        Some((cut, _)) => {
            let mut short = String::with_capacity(cut + '…'.len_utf8());
            short.push_str(&text[..cut]);
            short.push('…');
            *text = short;
            true
        }
    }
}

/// Shortens a text field to `max` characters (see [`shorten`]); an invalid value too big to
/// keep is replaced by its kind. True when anything was cut.
pub fn shorten_text(field: &mut Field<String>, max: usize) -> bool {
    match field {
        Field::Absent => false,
        Field::Value(text) => shorten(text, max),
        Field::Invalid(raw) => shorten_value(raw, max),
    }
}

/// Replaces an invalid value too big to keep with its kind. True when it was replaced.
pub fn shorten_invalid<T>(field: &mut Field<T>, max: usize) -> bool {
    match field {
        Field::Invalid(raw) => shorten_value(raw, max),
        _ => false,
    }
}

/// Replaces a JSON value bigger than about `max` characters with a short text saying what
/// it was. True when it was replaced.
pub fn shorten_value(value: &mut Value, max: usize) -> bool {
    if approx_len(value, max) <= max {
        return false;
    }
    *value = Value::String(format!("({} too long for the list)", kind(value)));
    true
}

/// About how many characters `value` takes as JSON, counted up to just past `limit`.
fn approx_len(value: &Value, limit: usize) -> usize {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => 8,
        Value::String(text) => text.len() + 2,
        Value::Array(items) => {
            let mut total = 2;
            for item in items {
                total += approx_len(item, limit) + 1;
                if total > limit {
                    break;
                }
            }
            total
        }
        Value::Object(map) => {
            let mut total = 2;
            for (key, item) in map {
                total += key.len() + 4 + approx_len(item, limit);
                if total > limit {
                    break;
                }
            }
            total
        }
    }
}
