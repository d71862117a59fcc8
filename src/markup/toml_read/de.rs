//! A serde `Deserializer` over toml's spanned parse tree.
//!
//! toml parses a file into values that each carry their byte range
//! (`DeTable`, `DeValue`); this reader hands them to the target struct and
//! places every error it sees come back: a key's span for an unknown key, a
//! table's span (its `[header]`, or the start of the text for the top level)
//! for a missing one, a value's span for a value of the wrong kind. Each
//! `deserialize_*` method knows the kind of value the struct asked for, so a
//! mismatch is reported with that kind, not with serde's English wording.
//!
//! It speaks the two protocols of toml's own types: `toml::Spanned<T>`, which
//! receives the value's range shifted into the file (`offset`: front matter
//! starts after its `+++` line), and `toml::value::Datetime`.

use std::borrow::Cow;
use std::ops::Range;

use serde::Deserializer as _;
use serde::de::value::CowStrDeserializer;
use serde::de::{DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde_spanned::de::SpannedDeserializer;
use toml::Spanned;
use toml::de::{DeArray, DeInteger, DeString, DeTable, DeValue};
use toml_datetime::de::DatetimeDeserializer;

use super::error::{Error, Expect};

/// One value of the parse tree, to be read as whatever the target asks for.
pub struct ValueReader<'i> {
    value: DeValue<'i>,
    span: Range<usize>,
    /// Where the parsed text starts in its file.
    offset: usize,
}

impl<'i> ValueReader<'i> {
    pub fn new(value: Spanned<DeValue<'i>>, offset: usize) -> Self {
        let span = value.span();
        Self { value: value.into_inner(), span, offset }
    }

    fn is(&self, expect: Expect) -> bool {
        matches!(
            (&self.value, expect),
            (DeValue::String(_), Expect::String)
                | (DeValue::Integer(_), Expect::Integer | Expect::Number)
                | (DeValue::Float(_), Expect::Number)
                | (DeValue::Boolean(_), Expect::Bool)
                | (DeValue::Datetime(_), Expect::Date)
                | (DeValue::Array(_), Expect::Array)
                | (DeValue::Table(_), Expect::Table)
        )
    }

    /// Reads the value as `expect` asks: a value of another kind is an error
    /// at its span, and so is one the visitor refuses (`pages = -1` for a
    /// `u32`), reported as expecting that kind.
    fn read<V: Visitor<'i>>(self, expect: Expect, visitor: V) -> Result<V::Value, Error> {
        if !self.is(expect) {
            return Err(Error::wrong(expect).at(&self.span));
        }
        self.deserialize_any(visitor).map_err(|e| e.expecting(expect))
    }
}

/// Methods that read the value as one kind, each `fn deserialize_x(self,
/// visitor)` calling [`ValueReader::read`].
macro_rules! read_as {
    ($($method:ident => $expect:ident),* $(,)?) => {
        $(fn $method<V: Visitor<'i>>(self, visitor: V) -> Result<V::Value, Error> {
            self.read(Expect::$expect, visitor)
        })*
    };
}

impl<'i> serde::Deserializer<'i> for ValueReader<'i> {
    type Error = Error;

    read_as! {
        deserialize_bool => Bool,
        deserialize_i8 => Integer,
        deserialize_i16 => Integer,
        deserialize_i32 => Integer,
        deserialize_i64 => Integer,
        deserialize_i128 => Integer,
        deserialize_u8 => Integer,
        deserialize_u16 => Integer,
        deserialize_u32 => Integer,
        deserialize_u64 => Integer,
        deserialize_u128 => Integer,
        deserialize_f32 => Number,
        deserialize_f64 => Number,
        deserialize_char => String,
        deserialize_str => String,
        deserialize_string => String,
        deserialize_seq => Array,
        deserialize_map => Table,
    }

    // TOML has no bytes or unit; whatever the value is, the visitor judges.
    serde::forward_to_deserialize_any! {
        <W: Visitor<'i>> bytes byte_buf unit unit_struct identifier
    }

    fn deserialize_any<V: Visitor<'i>>(self, visitor: V) -> Result<V::Value, Error> {
        let (span, offset) = (self.span, self.offset);
        match self.value {
            DeValue::String(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            DeValue::String(Cow::Owned(text)) => visitor.visit_string(text),
            DeValue::Integer(integer) => visit_integer(&integer, visitor),
            DeValue::Float(float) => match float.as_str().parse::<f64>() {
                Ok(number) => visitor.visit_f64(number),
                Err(_) => Err(Error::wrong(Expect::Number)),
            },
            DeValue::Boolean(value) => visitor.visit_bool(value),
            DeValue::Datetime(datetime) => visitor.visit_map(DatetimeDeserializer::new(datetime)),
            DeValue::Array(array) => visitor.visit_seq(ArrayReader::new(array, offset)),
            DeValue::Table(table) => visitor.visit_map(TableReader::new(table, offset)),
        }
        .map_err(|e| e.at(&span))
    }

    /// TOML has no null: a key that is there is `Some`; a missing one is
    /// `None` through `#[serde(default)]`.
    fn deserialize_option<V: Visitor<'i>>(self, visitor: V) -> Result<V::Value, Error> {
        let span = self.span.clone();
        visitor.visit_some(self).map_err(|e| e.at(&span))
    }

    fn deserialize_newtype_struct<V: Visitor<'i>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        let span = self.span.clone();
        visitor.visit_newtype_struct(self).map_err(|e| e.at(&span))
    }

    fn deserialize_tuple<V: Visitor<'i>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.read(Expect::Array, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'i>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.read(Expect::Array, visitor)
    }

    fn deserialize_struct<V: Visitor<'i>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if serde_spanned::de::is_spanned(name) {
            // The value's range in the file, for the model to point at.
            let span = self.span.clone();
            let in_file = span.start + self.offset..span.end + self.offset;
            return visitor.visit_map(SpannedDeserializer::new(self, in_file)).map_err(|e| e.at(&span));
        }
        let expect = if toml_datetime::de::is_datetime(name) { Expect::Date } else { Expect::Table };
        self.read(expect, visitor)
    }

    /// A fixed set of words (`layout = "default"` as an enum) is written as a
    /// string.
    fn deserialize_enum<V: Visitor<'i>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let span = self.span.clone();
        match self.value {
            DeValue::String(word) => visitor.visit_enum(CowStrDeserializer::new(word)),
            _ => Err(Error::wrong(Expect::String)),
        }
        .map_err(|e| e.at(&span))
    }

    fn deserialize_ignored_any<V: Visitor<'i>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

// `Spanned<T>` reads its value through this.
impl<'i> IntoDeserializer<'i, Error> for ValueReader<'i> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

fn visit_integer<'i, V: Visitor<'i>>(integer: &DeInteger, visitor: V) -> Result<V::Value, Error> {
    match i128::from_str_radix(integer.as_str(), integer.radix()) {
        Ok(n) => match (i64::try_from(n), u64::try_from(n)) {
            (Ok(n), _) => visitor.visit_i64(n),
            (_, Ok(n)) => visitor.visit_u64(n),
            _ => visitor.visit_i128(n),
        },
        Err(_) => Err(Error::wrong(Expect::Integer)),
    }
}

/// A table's entries, in the order they were written (toml keeps them sorted
/// by name), so that the first problem reported is the first in the file.
struct TableReader<'i> {
    entries: std::vec::IntoIter<(Spanned<DeString<'i>>, Spanned<DeValue<'i>>)>,
    /// The value of the key just read, with that key.
    value: Option<(DeString<'i>, Spanned<DeValue<'i>>)>,
    offset: usize,
}

impl<'i> TableReader<'i> {
    fn new(table: DeTable<'i>, offset: usize) -> Self {
        let mut entries: Vec<_> = table.into_iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        Self { entries: entries.into_iter(), value: None, offset }
    }
}

impl<'i> MapAccess<'i> for TableReader<'i> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'i>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        let span = key.span();
        let key = key.into_inner();
        let read = seed.deserialize(CowStrDeserializer::<Error>::new(key.clone())).map_err(|e| e.at(&span))?;
        self.value = Some((key, value));
        Ok(Some(read))
    }

    fn next_value_seed<V: DeserializeSeed<'i>>(&mut self, seed: V) -> Result<V::Value, Error> {
        // serde asks for a value only after its key.
        let (key, value) = self.value.take().ok_or_else(|| <Error as serde::de::Error>::custom("value before key"))?;
        seed.deserialize(ValueReader::new(value, self.offset)).map_err(|e| e.in_key(&key))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct ArrayReader<'i> {
    items: std::vec::IntoIter<Spanned<DeValue<'i>>>,
    next: usize,
    offset: usize,
}

impl<'i> ArrayReader<'i> {
    fn new(array: DeArray<'i>, offset: usize) -> Self {
        Self { items: array.into_iter(), next: 0, offset }
    }
}

impl<'i> SeqAccess<'i> for ArrayReader<'i> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'i>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(item) = self.items.next() else { return Ok(None) };
        let index = self.next;
        self.next += 1;
        seed.deserialize(ValueReader::new(item, self.offset)).map(Some).map_err(|e| e.in_element(index))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}
