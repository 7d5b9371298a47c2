//! Conversion between the API's JSON shapes (snake_case, as the core serializes them) and the
//! JavaScript shapes (camelCase keys, `null` for absent values, ISO 8601 strings for times).

use serde::Serialize;
use serde_json::{Map, Value};

use yoti_age::Error;

/// `age_estimation` → `ageEstimation`.
pub fn camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `ageEstimation` → `age_estimation` (snake_case keys are left as they are).
pub fn snake(key: &str) -> String {
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

/// Renames the keys of every object in `value` with `rename`, except the keys of objects held
/// under a key in `opaque` (maps whose keys are data, such as HTTP headers).
pub fn rename_keys(value: Value, rename: &dyn Fn(&str) -> String, opaque: &[&str]) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = if opaque.contains(&k.as_str()) {
                        v
                    } else {
                        rename_keys(v, rename, opaque)
                    };
                    (rename(&k), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|v| rename_keys(v, rename, opaque))
                .collect(),
        ),
        other => other,
    }
}

/// Parses JSON text from JavaScript (a `JSON.stringify`d options object) into API-shaped JSON
/// with snake_case keys. `opaque` keys keep their children's keys.
pub fn input(json: &str, what: &str, opaque: &[&str]) -> Result<Value, Error> {
    let value: Value = serde_json::from_str(json)
        .map_err(|e| Error::Config(format!("{what}: not a JSON-serialisable object ({e})")))?;
    Ok(rename_keys(value, &snake, opaque))
}

/// The JavaScript shape of a core model: its serde JSON with camelCase keys, and `""` turned
/// into `null` (the API writes `""` for absent strings and times; the core reads them as
/// absent).
pub fn output<T: Serialize>(model: &T, opaque: &[&str]) -> Result<Value, Error> {
    let value = serde_json::to_value(model)
        .map_err(|e| Error::Internal(format!("cannot serialise a model: {e}")))?;
    Ok(empty_to_null(rename_keys(value, &camel, opaque)))
}

fn empty_to_null(value: Value) -> Value {
    match value {
        Value::String(s) if s.is_empty() => Value::Null,
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, empty_to_null(v)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(empty_to_null).collect()),
        other => other,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversion_round_trips() {
        for (s, c) in [
            ("age_estimation", "ageEstimation"),
            ("us_florida_hb3", "usFloridaHb3"),
            ("id", "id"),
            ("attempts_remaining", "attemptsRemaining"),
        ] {
            assert_eq!(camel(s), c);
            assert_eq!(snake(c), s);
            assert_eq!(snake(s), s);
        }
    }
}
