//! A serde serializer that writes data as a Typst literal, recording the
//! [`SourceMap`] on the way.
//!
//! Structs become dictionaries, sequences arrays, `Option::None` `none`,
//! strings escaped string literals, integers integers. Three wrappers carry
//! what a plain value cannot say:
//!
//! - [`Content`]: rich text, already escaped markup, written as a content
//!   block `[…]`; its text pieces are recorded as a region of the map;
//! - [`FromFile`]: the strings and rich text inside were written by the
//!   coordinator in this section file (recorded for every value inside);
//! - [`Mm`]: a length in millimetres;
//! - [`Text`]: a plain string the coordinator wrote (a title, a caption),
//!   written as a string literal, or as a content block calling `ruby` when
//!   it holds furigana (its pieces recorded as a region, like rich text).
//!
//! They reach the serializer as tuple and newtype structs under reserved
//! names, the way `serde_json`'s `RawValue` does, so the data types only
//! derive `Serialize`. Only what the issue data needs is supported: floats,
//! maps and enums are refused, so nothing can slip into the literal in a form
//! Typst would read differently (a float `1.0` prints as the integer `1`).

use std::fmt;
use std::sync::Arc;

use serde::ser::{self, Impossible, Serialize, SerializeStruct, SerializeTupleStruct, Serializer};

/// Serializer methods of one shape each: a scalar handed on to a method of
/// the serializer (`fn serialize_u8(u8) => plain`), or any method refused
/// with a reason (`refuse "why": fn serialize_map(Option<usize>) -> …;`).
macro_rules! methods {
    ($(fn $method:ident($ty:ty) => $write:ident;)*) => {
        $(fn $method(self, value: $ty) -> Result<Self::Ok, Error> {
            self.$write(value)
        })*
    };
    (refuse $why:literal: $(fn $method:ident $(<$g:ident>)? ($($arg:ty),*) -> $ret:ty;)*) => {
        $(fn $method $(<$g: Serialize + ?Sized>)? (self, $(_: $arg),*) -> Result<$ret, Error> {
            refused($why)
        })*
    };
}

mod capture;

use self::capture::Scalar;
use super::source_map::SourceMap;
use crate::diag::SourceFile;
use crate::markup::markdown::TextSpan;
use crate::markup::{escape, ruby};
use crate::model::issue::Rich;
use crate::model::written::WrittenText;

const CONTENT: &str = "$tsushin::Content";
const FROM_FILE: &str = "$tsushin::FromFile";
const MM: &str = "$tsushin::Mm";
const TEXT: &str = "$tsushin::Text";

/// Rich text: markup converted from the coordinator's Markdown, placed as a
/// content block.
pub struct Content<'a>(pub &'a Rich);

impl Serialize for Content<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The markup, then each text piece as four numbers.
        let mut t = serializer.serialize_tuple_struct(CONTENT, 1 + 4 * self.0.spans.len())?;
        t.serialize_field(self.0.markup.as_str())?;
        for span in &self.0.spans {
            for n in [span.out.start, span.out.end, span.src.start, span.src.end] {
                t.serialize_field(&n)?;
            }
        }
        t.end()
    }
}

/// A value written by the coordinator in `file` (`None`: in no one file).
pub struct FromFile<'a, T> {
    pub file: Option<&'a Arc<SourceFile>>,
    pub value: T,
}

impl<T: Serialize> Serialize for FromFile<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(file) = self.file else { return self.value.serialize(serializer) };
        // The file goes by its name; the writer knows the issue's files.
        let mut t = serializer.serialize_tuple_struct(FROM_FILE, 2)?;
        t.serialize_field(file.display.as_str())?;
        t.serialize_field(&self.value)?;
        t.end()
    }
}

/// A plain string the coordinator wrote, which may hold furigana
/// (`{八幡|やわた}だより`): layouts/README.md calls its type `text`.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a>(pub &'a str);

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(TEXT, self.0)
    }
}

/// Each string as a [`Text`].
pub fn texts(strings: &[String]) -> Vec<Text<'_>> {
    strings.iter().map(|s| Text(s)).collect()
}

/// A length in millimetres.
#[derive(Debug, Clone, Copy)]
pub struct Mm(pub f64);

impl Serialize for Mm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(MM, &self.0)
    }
}

/// For `#[serde(serialize_with)]`: an optional length in millimetres.
pub fn optional_mm<S: Serializer>(mm: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match mm {
        Some(mm) => serializer.serialize_some(&Mm(*mm)),
        None => serializer.serialize_none(),
    }
}

/// Something the issue data should never contain; a bug, not a user error.
#[derive(Debug)]
pub struct Error(pub(super) String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

pub(super) fn refused<T>(what: &str) -> Result<T, Error> {
    Err(Error(format!("{what} has no place in the issue data")))
}

/// Appends `value` as a Typst literal to `out` (indented as at the top
/// level) and returns the source map of what was written, with offsets into
/// `out`. `files` are the files a [`FromFile`] may name; `strings` where the
/// string values were written (to lead the pieces of a [`Text`] with
/// furigana back to their bytes).
pub fn write<T: Serialize>(
    value: &T,
    out: &mut String,
    files: &[Arc<SourceFile>],
    strings: &[WrittenText],
) -> Result<SourceMap, Error> {
    let mut writer =
        Writer { out: std::mem::take(out), indent: 0, file: None, files, strings, map: SourceMap::default() };
    let result = value.serialize(&mut writer);
    *out = writer.out;
    result.map(|()| writer.map)
}

struct Writer<'f> {
    out: String,
    /// Nesting depth of the value being written.
    indent: usize,
    /// The file the values being written came from.
    file: Option<Arc<SourceFile>>,
    files: &'f [Arc<SourceFile>],
    strings: &'f [WrittenText],
    map: SourceMap,
}

impl Writer<'_> {
    /// A number or boolean, written as Rust displays it (as Typst reads it).
    fn plain(&mut self, v: impl fmt::Display) -> Result<(), Error> {
        self.out.push_str(&v.to_string());
        Ok(())
    }

    /// A [`Text`]: a string literal of what it prints (escapes read), or,
    /// when it holds furigana, a content block whose pieces lead back to the
    /// bytes of the file they were written as.
    fn text(&mut self, value: &str) -> Result<(), Error> {
        let Some((markup, spans)) = ruby::string_markup(value) else {
            return self.serialize_str(&ruby::base_text(value));
        };
        self.out.push('[');
        let start = self.out.len();
        self.out.push_str(&markup);
        if let Some(file) = self.file.clone() {
            let written = self.strings.iter().find(|w| Arc::ptr_eq(&w.file, &file) && w.text == value);
            let spans: Vec<TextSpan> = match written {
                Some(w) => spans.into_iter().map(|s| TextSpan { out: s.out, src: w.placement.map(s.src) }).collect(),
                None => Vec::new(),
            };
            self.map.add_region(start..self.out.len(), file.clone(), &spans, &markup);
        }
        self.out.push(']');
        Ok(())
    }

    fn pad(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }
}

/// An array or dictionary being written: `(`, one entry per line, `)`.
struct Compound<'a, 'f> {
    writer: &'a mut Writer<'f>,
    entries: usize,
    /// How an empty one is written: `()` for an array, `(:)` for a dictionary.
    empty: &'static str,
}

impl Compound<'_, '_> {
    fn entry(&mut self, key: Option<&str>, value: &(impl Serialize + ?Sized)) -> Result<(), Error> {
        let w = &mut *self.writer;
        if self.entries == 0 {
            w.out.push_str("(\n");
        }
        self.entries += 1;
        let outer = w.indent;
        w.pad(outer + 1);
        if let Some(key) = key {
            w.out.push_str(key);
            w.out.push_str(": ");
        }
        w.indent = outer + 1;
        let result = value.serialize(&mut *w);
        w.indent = outer;
        w.out.push_str(",\n");
        result
    }

    fn close(self) -> Result<(), Error> {
        if self.entries == 0 {
            self.writer.out.push_str(self.empty);
        } else {
            let depth = self.writer.indent;
            self.writer.pad(depth);
            self.writer.out.push(')');
        }
        Ok(())
    }
}

/// Arrays: sequences and tuples alike.
macro_rules! array_of_elements {
    ($($trait:ident),*) => {
        $(impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;

            fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.entry(None, value)
            }

            fn end(self) -> Result<(), Error> {
                self.close()
            }
        })*
    };
}

array_of_elements!(SerializeSeq, SerializeTuple);

impl SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.entry(Some(key), value)
    }

    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// A [`Content`] or [`FromFile`] being written.
enum Wrapper<'a, 'f> {
    Content {
        writer: &'a mut Writer<'f>,
        markup: Option<String>,
        numbers: Vec<usize>,
    },
    /// `entered` once the file is known; `outer` is the file of the values
    /// around, restored at the end.
    FromFile {
        writer: &'a mut Writer<'f>,
        entered: bool,
        outer: Option<Arc<SourceFile>>,
    },
}

impl SerializeTupleStruct for Wrapper<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        match self {
            Self::Content { markup: markup @ None, .. } => *markup = Some(value.serialize(Scalar)?.text()?),
            Self::Content { numbers, .. } => numbers.push(value.serialize(Scalar)?.number()?),
            Self::FromFile { writer, entered: entered @ false, outer } => {
                let name = value.serialize(Scalar)?.text()?;
                let file = writer.files.iter().find(|f| f.display == name).cloned();
                let file = file.ok_or_else(|| Error(format!("{name} is not one of the issue's files")))?;
                writer.map.add_file(file.clone());
                *outer = writer.file.replace(file);
                *entered = true;
            }
            Self::FromFile { writer, .. } => value.serialize(&mut **writer)?,
        }
        Ok(())
    }

    fn end(self) -> Result<(), Error> {
        match self {
            Self::Content { writer, markup, numbers } => {
                let markup = markup.unwrap_or_default();
                let spans: Vec<TextSpan> =
                    numbers.chunks_exact(4).map(|n| TextSpan { out: n[0]..n[1], src: n[2]..n[3] }).collect();
                writer.out.push('[');
                let start = writer.out.len();
                writer.out.push_str(&markup);
                if let Some(file) = writer.file.clone() {
                    writer.map.add_region(start..writer.out.len(), file, &spans, &markup);
                }
                writer.out.push(']');
            }
            Self::FromFile { writer, outer, .. } => writer.file = outer,
        }
        Ok(())
    }
}

impl<'a, 'f> Serializer for &'a mut Writer<'f> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'f>;
    type SerializeTuple = Compound<'a, 'f>;
    type SerializeTupleStruct = Wrapper<'a, 'f>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Compound<'a, 'f>;
    type SerializeStructVariant = Impossible<(), Error>;

    methods! {
        fn serialize_bool(bool) => plain; fn serialize_i8(i8) => plain; fn serialize_i16(i16) => plain;
        fn serialize_i32(i32) => plain; fn serialize_i64(i64) => plain; fn serialize_u8(u8) => plain;
        fn serialize_u16(u16) => plain; fn serialize_u32(u32) => plain; fn serialize_u64(u64) => plain;
    }
    methods! { refuse "a float": fn serialize_f32(f32) -> (); fn serialize_f64(f64) -> (); }
    methods! { refuse "bytes": fn serialize_bytes(&[u8]) -> (); }
    methods! {
        refuse "an enum":
        fn serialize_unit_variant(&'static str, u32, &'static str) -> ();
        fn serialize_newtype_variant<T>(&'static str, u32, &'static str, &T) -> ();
        fn serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        fn serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
    methods! { refuse "a map (keys must be known: use a struct)": fn serialize_map(Option<usize>) -> Self::SerializeMap; }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        if let Some(file) = &self.file {
            self.map.add_string(v, file.clone());
        }
        self.out.push_str(&escape::string(v));
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.push_str("none");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<(), Error> {
        if name == TEXT {
            return self.text(&value.serialize(Scalar)?.text()?);
        }
        if name != MM {
            return value.serialize(self);
        }
        let mm = value.serialize(Scalar)?.float()?;
        self.out.push_str(&format!("{mm}mm"));
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a, 'f>, Error> {
        Ok(Compound { writer: self, entries: 0, empty: "()" })
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a, 'f>, Error> {
        Ok(Compound { writer: self, entries: 0, empty: "()" })
    }
    fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Wrapper<'a, 'f>, Error> {
        match name {
            CONTENT => Ok(Wrapper::Content { writer: self, markup: None, numbers: Vec::new() }),
            FROM_FILE => Ok(Wrapper::FromFile { writer: self, entered: false, outer: None }),
            _ => refused("a tuple struct"),
        }
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a, 'f>, Error> {
        Ok(Compound { writer: self, entries: 0, empty: "(:)" })
    }
}

#[cfg(test)]
mod tests;
