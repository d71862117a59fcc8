//! The single values the wrappers of [`super`] hand to the
//! writer (a content block's markup and the offsets of its text pieces, a
//! file name, a length), caught by a serializer that accepts nothing else.

use serde::Serialize;
use serde::ser::{Impossible, Serializer};

use super::{Error, refused};

/// A single value handed to a wrapper: the markup, a number of a text piece,
/// a file name or a length.
pub(super) enum Captured {
    Text(String),
    Number(u64),
    Float(f64),
}

impl Captured {
    pub(super) fn text(self) -> Result<String, Error> {
        match self {
            Self::Text(t) => Ok(t),
            _ => refused("a wrapper field that is not text"),
        }
    }

    pub(super) fn number(self) -> Result<usize, Error> {
        match self {
            Self::Number(n) => usize::try_from(n).map_err(|_| Error(format!("offset {n} out of range"))),
            _ => refused("a wrapper field that is not a number"),
        }
    }

    pub(super) fn float(self) -> Result<f64, Error> {
        match self {
            Self::Float(v) => Ok(v),
            _ => refused("a length that is not a number"),
        }
    }
}

/// Captures the single value a wrapper hands over.
pub(super) struct Scalar;

impl Scalar {
    fn text(self, v: &str) -> Result<Captured, Error> {
        Ok(Captured::Text(v.to_owned()))
    }

    fn number(self, v: u64) -> Result<Captured, Error> {
        Ok(Captured::Number(v))
    }

    fn float(self, v: f64) -> Result<Captured, Error> {
        Ok(Captured::Float(v))
    }
}

impl Serializer for Scalar {
    type Ok = Captured;
    type Error = Error;
    type SerializeSeq = Impossible<Captured, Error>;
    type SerializeTuple = Impossible<Captured, Error>;
    type SerializeTupleStruct = Impossible<Captured, Error>;
    type SerializeTupleVariant = Impossible<Captured, Error>;
    type SerializeMap = Impossible<Captured, Error>;
    type SerializeStruct = Impossible<Captured, Error>;
    type SerializeStructVariant = Impossible<Captured, Error>;

    methods! { fn serialize_str(&str) => text; fn serialize_u64(u64) => number; fn serialize_f64(f64) => float; }
    methods! {
        refuse "a wrapper field of this kind":
        fn serialize_bool(bool) -> Captured;
        fn serialize_i8(i8) -> Captured;
        fn serialize_i16(i16) -> Captured;
        fn serialize_i32(i32) -> Captured;
        fn serialize_i64(i64) -> Captured;
        fn serialize_u8(u8) -> Captured;
        fn serialize_u16(u16) -> Captured;
        fn serialize_u32(u32) -> Captured;
        fn serialize_f32(f32) -> Captured;
        fn serialize_char(char) -> Captured;
        fn serialize_bytes(&[u8]) -> Captured;
        fn serialize_none() -> Captured;
        fn serialize_some<T>(&T) -> Captured;
        fn serialize_unit() -> Captured;
        fn serialize_unit_struct(&'static str) -> Captured;
        fn serialize_unit_variant(&'static str, u32, &'static str) -> Captured;
        fn serialize_newtype_struct<T>(&'static str, &T) -> Captured;
        fn serialize_newtype_variant<T>(&'static str, u32, &'static str, &T) -> Captured;
        fn serialize_seq(Option<usize>) -> Self::SerializeSeq;
        fn serialize_tuple(usize) -> Self::SerializeTuple;
        fn serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        fn serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        fn serialize_map(Option<usize>) -> Self::SerializeMap;
        fn serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        fn serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}
