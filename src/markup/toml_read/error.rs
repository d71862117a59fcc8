//! What went wrong while reading a TOML value into a struct, as data.
//!
//! serde lets a format define its own error type; this one overrides every
//! constructor serde's derived code calls (`unknown_field`, `missing_field`,
//! `invalid_type`, …) to keep the facts — the key, the keys that would have
//! been known, the kind of value expected — instead of an English sentence.
//! The reader fills in where it happened as the error travels out through
//! it, so nothing is ever recovered by reading message text.

use std::fmt;
use std::ops::Range;

/// The kind of value a place in the file takes, for the hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Date,
    String,
    Integer,
    Number,
    Bool,
    Array,
    Table,
}

#[derive(Debug, PartialEq)]
pub enum Problem {
    /// A key the struct does not have (`deny_unknown_fields`).
    UnknownKey {
        key: String,
        known: &'static [&'static str],
    },
    MissingKey(&'static str),
    DuplicateKey(&'static str),
    /// A value of the wrong kind, or out of range (`pages = -1`). The kind it
    /// should be is filled in by the reader method that handed the value out.
    WrongValue(Option<Expect>),
    /// One of a fixed set of words (an enum) that is not in the set.
    UnknownWord {
        word: String,
        known: &'static [&'static str],
    },
    /// A message of a type's own `Deserialize`; none of the types read here
    /// writes one, so this is only a fallback.
    Other(String),
}

#[derive(Debug)]
pub struct Error {
    pub problem: Problem,
    /// The byte range in the parsed text (not yet shifted into the file).
    pub span: Option<Range<usize>>,
    /// The innermost key whose value this is about.
    pub key: Option<String>,
    /// The position in the array that sits directly under `key`.
    pub element: Option<usize>,
}

impl Error {
    fn new(problem: Problem) -> Self {
        Self { problem, span: None, key: None, element: None }
    }

    pub fn wrong(expect: Expect) -> Self {
        Self::new(Problem::WrongValue(Some(expect)))
    }

    /// Places the error at `span`, unless something nearer placed it already.
    pub fn at(mut self, span: &Range<usize>) -> Self {
        self.span.get_or_insert_with(|| span.clone());
        self
    }

    /// Says what kind of value was expected, if the error is a wrong value
    /// that does not say yet (serde's visitors only know it as English).
    pub fn expecting(mut self, expect: Expect) -> Self {
        if let Problem::WrongValue(kind @ None) = &mut self.problem {
            *kind = Some(expect);
        }
        self
    }

    /// Records the key whose value the error is about, if none is yet.
    pub fn in_key(mut self, key: &str) -> Self {
        self.key.get_or_insert_with(|| key.to_owned());
        self
    }

    /// Records the array position of the value, if it sits directly in the
    /// array (not deeper, in a table of it).
    pub fn in_element(mut self, index: usize) -> Self {
        if self.key.is_none() && self.element.is_none() {
            self.element = Some(index);
        }
        self
    }
}

// serde wants errors to be displayable; people only ever see the Japanese
// diagnostic made from the fields.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} at {:?}", self.problem, self.span)
    }
}

impl std::error::Error for Error {}

impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self::new(Problem::Other(message.to_string()))
    }

    fn invalid_type(_: serde::de::Unexpected<'_>, _: &dyn serde::de::Expected) -> Self {
        Self::new(Problem::WrongValue(None))
    }

    fn invalid_value(_: serde::de::Unexpected<'_>, _: &dyn serde::de::Expected) -> Self {
        Self::new(Problem::WrongValue(None))
    }

    fn invalid_length(_: usize, _: &dyn serde::de::Expected) -> Self {
        Self::new(Problem::WrongValue(Some(Expect::Array)))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Self::new(Problem::UnknownWord { word: variant.to_owned(), known: expected })
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Self::new(Problem::UnknownKey { key: field.to_owned(), known: expected })
    }

    fn missing_field(field: &'static str) -> Self {
        Self::new(Problem::MissingKey(field))
    }

    fn duplicate_field(field: &'static str) -> Self {
        Self::new(Problem::DuplicateKey(field))
    }
}
