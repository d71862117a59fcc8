//! The single values the wrappers of [`super::typst_literal`] hand to the
//! writer (a content block's markup and the offsets of its text pieces, a
//! file name, a length), caught by a serializer that accepts nothing else.

use serde::Serialize;
use serde::ser::{Impossible, Serializer};

use super::typst_literal::{Error, refused};

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

/// Methods of [`Scalar`] for values no wrapper hands over.
macro_rules! refuse {
    ($($method:ident: $arg:ty),*) => {
        $(fn $method(self, _: $arg) -> Result<Self::Ok, Error> {
            refused("a wrapper field of this kind")
        })*
    };
}

/// Captures the single value a wrapper hands over.
pub(super) struct Scalar;

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

    fn serialize_str(self, v: &str) -> Result<Captured, Error> {
        Ok(Captured::Text(v.to_owned()))
    }
    fn serialize_u64(self, v: u64) -> Result<Captured, Error> {
        Ok(Captured::Number(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Captured, Error> {
        Ok(Captured::Float(v))
    }

    refuse! {
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_f32: f32, serialize_char: char,
        serialize_bytes: &[u8], serialize_unit_struct: &'static str
    }
    fn serialize_none(self) -> Result<Captured, Error> {
        refused("a wrapper field of this kind")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Captured, Error> {
        refused("a wrapper field of this kind")
    }
    fn serialize_unit(self) -> Result<Captured, Error> {
        refused("a wrapper field of this kind")
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<Captured, Error> {
        refused("a wrapper field of this kind")
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, _: &T) -> Result<Captured, Error> {
        refused("a wrapper field of this kind")
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Captured, Error> {
        refused("a wrapper field of this kind")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        refused("a wrapper field of this kind")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        refused("a wrapper field of this kind")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        refused("a wrapper field of this kind")
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
        refused("a wrapper field of this kind")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        refused("a wrapper field of this kind")
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        refused("a wrapper field of this kind")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        refused("a wrapper field of this kind")
    }
}
