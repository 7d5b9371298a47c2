//! Decoding of response bodies into typed models that keep their raw JSON.

/// A response model decoded from the body bytes, keeping the raw JSON reachable.
pub trait ResponseBody: Sized {
    /// Decodes the body; unknown fields are ignored and unknown enum values kept.
    fn from_body(body: &[u8]) -> Result<Self, serde_json::Error>;
}

/// Decodes a response body (or one stored earlier) into its model, or the `decode` error
/// every language reports for a body that is not the model's JSON.
pub fn decode_response<T: ResponseBody>(body: &[u8]) -> crate::Result<T> {
    T::from_body(body).map_err(|e| crate::Error::Decode {
        message: e.to_string(),
        status: None,
        request_id: None,
    })
}

/// The JSON text of a response exactly as received, parsed only when asked for.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawJson(std::sync::Arc<str>);

impl RawJson {
    /// Keeps the body text (`body` must be the UTF-8 JSON that was decoded).
    pub fn new(body: &[u8]) -> Self {
        Self(String::from_utf8_lossy(body).into())
    }

    /// Keeps text already known to be UTF-8 (no second validation).
    pub(crate) fn from_text(text: &str) -> Self {
        Self(text.into())
    }

    /// The JSON text as received (empty for values built in code).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The JSON parsed into a generic value (`Null` for values built in code).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or(serde_json::Value::Null)
    }
}

impl std::fmt::Debug for RawJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RawJson({} bytes)", self.0.len())
    }
}

/// Implements [`ResponseBody`] for a `Deserialize` type with a `raw: RawJson` field.
macro_rules! response_with_raw {
    ($($ty:ty),+ $(,)?) => {
        $(
            impl $crate::decode::ResponseBody for $ty {
                fn from_body(body: &[u8]) -> Result<Self, serde_json::Error> {
                    // One UTF-8 check for the whole body: parsing from `&str` skips the
                    // per-string checks of `from_slice`, and the raw copy needs none.
                    let text = $crate::decode::utf8(body)?;
                    let mut typed: Self = serde_json::from_str(text)?;
                    typed.raw = $crate::decode::RawJson::from_text(text);
                    Ok(typed)
                }
            }
        )+
    };
}

pub(crate) use response_with_raw;

/// The body as text, or a decode error saying where its UTF-8 breaks.
pub(crate) fn utf8(body: &[u8]) -> Result<&str, serde_json::Error> {
    std::str::from_utf8(body).map_err(|e| {
        <serde_json::Error as serde::de::Error>::custom(format_args!("body is not UTF-8: {e}"))
    })
}

/// Serde helpers for the API's lenient shapes (`""` for absent strings and timestamps).
pub(crate) mod lenient {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer};

    /// Reads a string where `""` and `null` both mean absent.
    pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let value: Option<String> = Option::deserialize(d)?;
        Ok(value.filter(|s| !s.is_empty()))
    }

    /// Reads an RFC 3339 timestamp where `""`, `null` and unparseable text mean absent.
    pub fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        let value: Option<String> = Option::deserialize(d)?;
        Ok(value.and_then(|s| {
            DateTime::parse_from_rfc3339(&s)
                .ok()
                .map(|t| t.with_timezone(&Utc))
        }))
    }

    /// Reads a list where `null` means empty.
    pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
    }

    /// Reads a boolean where `null` means false.
    pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        Ok(Option::<bool>::deserialize(d)?.unwrap_or(false))
    }

    /// Reads a non-negative integer where `null` means 0.
    pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        Ok(Option::<u32>::deserialize(d)?.unwrap_or(0))
    }
}

/// Serde helpers that write absent values the way the API does (`""`).
pub(crate) mod api_shape {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::Serializer;

    /// Writes `None` as `""`.
    pub fn string<S: Serializer>(value: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value.as_deref().unwrap_or(""))
    }

    /// Writes a timestamp as RFC 3339 with microseconds, `None` as `""`.
    pub fn timestamp<S: Serializer>(
        value: &Option<DateTime<Utc>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(t) => s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Micros, true)),
            None => s.serialize_str(""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ResponseBody;
    use crate::SessionResult;

    #[test]
    fn keeps_the_body_text_exactly() {
        let body =
            r#"{"id":"s1","status":"COMPLETE","age":30,"note":"caf\u00e9 ☕","extra":{"n":1}}"#;
        let result = SessionResult::from_body(body.as_bytes()).expect("decodes");
        assert_eq!(result.raw.as_str(), body);
    }

    #[test]
    fn rejects_a_body_that_is_not_utf8_naming_the_position() {
        let mut body = br#"{"id":"s1","status":"COMPLETE","reference_id":"x"}"#.to_vec();
        body[47] = 0xff;
        let error = SessionResult::from_body(&body).expect_err("not UTF-8");
        let text = error.to_string();
        assert!(text.contains("body is not UTF-8"), "{text}");
        assert!(text.contains("index 47"), "{text}");
    }
}
