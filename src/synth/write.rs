//! Streaming writers for the two document formats, one record at a time.
//!
//! A record is a short list of fields; values are ids made of a prefix and a number (`p17`),
//! lists of such ids, or a `when` window. Ids are written as they are (they use only ASCII letters
//! and digits by construction); any other text goes through serde_json's string escaping, whose
//! output is also a valid TOML basic string for the printable ASCII text written here.

use std::io::{self, Write};

/// An id written as a prefix and a number, `p17`.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) struct Ref {
    pub(crate) prefix: &'static str,
    pub(crate) number: u64,
}

/// A negated or plain reference to a position, `p17` or `!p17`.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) struct LiteralRef {
    pub(crate) position: Ref,
    pub(crate) negated: bool,
}

/// The value of one field of a record.
#[derive(Copy, Clone, Debug)]
pub(crate) enum Value<'a> {
    /// Free text, escaped.
    Text(&'a str),
    /// One id.
    Id(Ref),
    /// A list of ids.
    Ids(&'a [Ref]),
    /// One literal.
    Literal(LiteralRef),
    /// A list of literals.
    Literals(&'a [LiteralRef]),
    /// A `when` window with both ends given, as `YYYY-MM-DD`.
    Window { from: &'a str, to: &'a str },
}

/// Writes a document one list and one record at a time.
pub(crate) trait RecordWriter {
    /// Opens the document.
    fn begin_document(&mut self) -> io::Result<()>;
    /// Opens the list of records of one kind (`actors`, `rules`, ...).
    fn begin_list(&mut self, name: &'static str) -> io::Result<()>;
    /// Writes one record of the open list.
    fn record(&mut self, fields: &[(&'static str, Value<'_>)]) -> io::Result<()>;
    /// Closes the open list.
    fn end_list(&mut self) -> io::Result<()>;
    /// Closes the document.
    fn end_document(&mut self) -> io::Result<()>;
}

fn write_ref(out: &mut (impl Write + ?Sized), reference: Ref) -> io::Result<()> {
    write!(out, "\"{}{}\"", reference.prefix, reference.number)
}

fn write_literal(out: &mut (impl Write + ?Sized), literal: LiteralRef) -> io::Result<()> {
    let bang = if literal.negated { "!" } else { "" };
    write!(out, "\"{bang}{}{}\"", literal.position.prefix, literal.position.number)
}

fn write_text(out: &mut impl Write, text: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *out, text).map_err(io::Error::other)
}

fn write_list<T: Copy>(
    out: &mut impl Write,
    items: &[T],
    mut write_item: impl FnMut(&mut dyn Write, T) -> io::Result<()>,
) -> io::Result<()> {
    out.write_all(b"[")?;
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.write_all(b", ")?;
        }
        write_item(out, *item)?;
    }
    out.write_all(b"]")
}

/// Writes the scalar or list part of a value, the same in JSON and TOML.
fn write_plain_value(out: &mut impl Write, value: Value<'_>) -> io::Result<()> {
    match value {
        Value::Text(text) => write_text(out, text),
        Value::Id(reference) => write_ref(out, reference),
        Value::Ids(references) => write_list(out, references, |out, reference| write_ref(out, reference)),
        Value::Literal(literal) => write_literal(out, literal),
        Value::Literals(literals) => write_list(out, literals, |out, literal| write_literal(out, literal)),
        Value::Window { from, to } => {
            // Callers pass windows through the format-specific writers; this keeps the match
            // total with a JSON rendering, which is also what the JSON writer wants.
            write!(out, "{{\"from\": \"{from}\", \"to\": \"{to}\"}}")
        }
    }
}

/// JSON: one object with five arrays, one record per line.
pub(crate) struct JsonWriter<W> {
    out: W,
    n_lists: usize,
    n_records: usize,
}

impl<W: Write> JsonWriter<W> {
    pub(crate) fn new(out: W) -> JsonWriter<W> {
        JsonWriter { out, n_lists: 0, n_records: 0 }
    }
}

impl<W: Write> RecordWriter for JsonWriter<W> {
    fn begin_document(&mut self) -> io::Result<()> {
        self.out.write_all(b"{")
    }

    fn begin_list(&mut self, name: &'static str) -> io::Result<()> {
        if self.n_lists > 0 {
            self.out.write_all(b",")?;
        }
        self.n_lists += 1;
        self.n_records = 0;
        write!(self.out, "\n\"{name}\": [")
    }

    fn record(&mut self, fields: &[(&'static str, Value<'_>)]) -> io::Result<()> {
        let separator: &[u8] = if self.n_records > 0 { b",\n  {" } else { b"\n  {" };
        self.out.write_all(separator)?;
        self.n_records += 1;
        for (index, (key, value)) in fields.iter().enumerate() {
            if index > 0 {
                self.out.write_all(b", ")?;
            }
            write!(self.out, "\"{key}\": ")?;
            write_plain_value(&mut self.out, *value)?;
        }
        self.out.write_all(b"}")
    }

    fn end_list(&mut self) -> io::Result<()> {
        self.out.write_all(if self.n_records > 0 { b"\n]" } else { b"]" })
    }

    fn end_document(&mut self) -> io::Result<()> {
        self.out.write_all(b"\n}\n")?;
        self.out.flush()
    }
}

/// TOML: one array of tables per list (`[[assertions]]`), the window as an inline table.
pub(crate) struct TomlWriter<W> {
    out: W,
    list: &'static str,
}

impl<W: Write> TomlWriter<W> {
    pub(crate) fn new(out: W) -> TomlWriter<W> {
        TomlWriter { out, list: "" }
    }
}

impl<W: Write> RecordWriter for TomlWriter<W> {
    fn begin_document(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn begin_list(&mut self, name: &'static str) -> io::Result<()> {
        self.list = name;
        Ok(())
    }

    fn record(&mut self, fields: &[(&'static str, Value<'_>)]) -> io::Result<()> {
        writeln!(self.out, "[[{}]]", self.list)?;
        for (key, value) in fields {
            write!(self.out, "{key} = ")?;
            match value {
                Value::Window { from, to } => write!(self.out, "{{ from = \"{from}\", to = \"{to}\" }}")?,
                other => write_plain_value(&mut self.out, *other)?,
            }
            self.out.write_all(b"\n")?;
        }
        self.out.write_all(b"\n")
    }

    fn end_list(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn end_document(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
