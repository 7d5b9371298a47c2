//! Conversion between the API's JSON shapes (snake_case, as the core serializes them) and the
//! JavaScript shapes (camelCase keys, `null` for absent values, ISO 8601 strings for times).

use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};
use serde_json::Value;

use yoti_age::Error;

/// `ageEstimation` → `age_estimation` (snake_case keys are left as they are).
fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Renames the keys of every object in `value` to snake_case, except the keys under `extra`
/// (fields Yoti added) and `headers` (HTTP header names), which are data sent as given.
pub fn snake_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| match k.as_str() {
                    "extra" | "headers" => (k, v),
                    _ => (snake(&k), snake_keys(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(snake_keys).collect()),
        other => other,
    }
}

/// Parses JSON text from JavaScript (a `JSON.stringify`d options object) into API-shaped JSON
/// with snake_case keys.
pub fn input(json: &str, what: &str) -> Result<Value, Error> {
    let value: Value = serde_json::from_str(json)
        .map_err(|e| Error::Config(format!("{what}: not a JSON-serialisable object ({e})")))?;
    Ok(snake_keys(value))
}

/// A model in the API's shape (snake_case keys), to add fields to before [`output`].
pub fn value<T: Serialize>(model: &T) -> Result<Value, Error> {
    serde_json::to_value(model)
        .map_err(|e| Error::Internal(format!("cannot serialise a model: {e}")))
}

/// The JavaScript shape of a model as JSON text, written in one pass: object keys in camelCase
/// (except the keys of an object held under a key in `opaque`: a map whose keys are data, such
/// as HTTP headers or method names; objects below it are renamed again) and `""` as `null` (the API writes `""` for absent strings and times; the core reads them as absent).
pub fn output<T: Serialize + ?Sized>(model: &T, opaque: &[&str]) -> Result<String, Error> {
    let mut out = Vec::with_capacity(1024);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, JsFormatter::new(opaque));
    model
        .serialize(&mut serializer)
        .map_err(|e| Error::Internal(format!("cannot serialise a model: {e}")))?;
    String::from_utf8(out).map_err(|e| Error::Internal(format!("model JSON is not UTF-8: {e}")))
}

/// A `serde_json` formatter that writes the JavaScript shape while serialising: it camelCases
/// object keys and writes `""` as `null`, so no intermediate `Value` tree is built and walked.
struct JsFormatter<'a> {
    opaque: &'a [&'a str],
    /// Per open object or array: whether it is an array, and whether its keys are renamed.
    open: Vec<(bool, bool)>,
    /// The key being written (as received), to recognise `opaque` keys.
    key: String,
    in_key: bool,
    upper_next: bool,
    /// A string value is open and nothing of it was written yet (it may turn out `""`).
    pending_string: bool,
}

impl<'a> JsFormatter<'a> {
    fn new(opaque: &'a [&'a str]) -> Self {
        Self {
            opaque,
            open: Vec::with_capacity(8),
            key: String::with_capacity(32),
            in_key: false,
            upper_next: false,
            pending_string: false,
        }
    }

    /// Whether the keys of the container opening now are renamed: not when it is the value of
    /// an `opaque` key (an array passes its own decision on to its elements).
    fn renames_next(&self) -> bool {
        match self.open.last() {
            None => true,
            Some(&(true, renames)) => renames,
            Some(&(false, _)) => !self.opaque.contains(&self.key.as_str()),
        }
    }

    fn renames_keys(&self) -> bool {
        self.open.last().is_none_or(|&(_, renames)| renames)
    }

    fn flush_pending<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if std::mem::take(&mut self.pending_string) {
            writer.write_all(b"\"")?;
        }
        Ok(())
    }
}

impl Formatter for JsFormatter<'_> {
    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open.push((false, self.renames_next()));
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open.pop();
        writer.write_all(b"}")
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open.push((true, self.renames_next()));
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open.pop();
        writer.write_all(b"]")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.in_key = true;
        self.upper_next = false;
        self.key.clear();
        if first {
            Ok(())
        } else {
            writer.write_all(b",")
        }
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.in_key = false;
        Ok(())
    }

    fn begin_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if self.in_key {
            writer.write_all(b"\"")
        } else {
            self.pending_string = true;
            Ok(())
        }
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if !self.in_key && std::mem::take(&mut self.pending_string) {
            writer.write_all(b"null")
        } else {
            writer.write_all(b"\"")
        }
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if !self.in_key {
            self.flush_pending(writer)?;
            return writer.write_all(fragment.as_bytes());
        }
        self.key.push_str(fragment);
        if !self.renames_keys() || !(self.upper_next || fragment.contains('_')) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if c == '_' {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                start = i + 1;
                self.upper_next = true;
            } else if std::mem::take(&mut self.upper_next) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                let mut upper = [0; 4];
                for u in c.to_uppercase() {
                    writer.write_all(u.encode_utf8(&mut upper).as_bytes())?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        self.flush_pending(writer)?;
        CompactFormatter.write_char_escape(writer, char_escape)
    }
}

/// Sets each of `keys` that `value` lacks to `null` (the JavaScript shape lists optional fields
/// the core leaves out of its serialisation).
pub fn null_if_absent(value: &mut Value, keys: &[&str]) {
    if let Value::Object(map) = value {
        for key in keys {
            map.entry(*key).or_insert(Value::Null);
        }
    }
}

/// Sets `key` on an object value.
pub fn set(value: &mut Value, key: &str, v: Value) {
    if let Value::Object(map) = value {
        map.insert(key.to_owned(), v);
    }
}

/// An ISO 8601 / RFC 3339 time from JavaScript (`Date#toISOString()` or any offset).
pub fn time(text: &str, field: &str) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| {
            Error::Validation(vec![yoti_age::FieldError::new(
                field,
                yoti_age::error::rule::FORMAT,
                format!("must be an ISO 8601 time, got {text:?}"),
            )])
        })
}
