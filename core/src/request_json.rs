//! Request models read from JSON: what every binding hands the core (session configs, rules,
//! PoA verify requests and notifications).
//!
//! One rule for every language: text that is not JSON, or JSON of the wrong shape, is a
//! `validation` error at `$` (rule `format`); a key the model does not have is a `validation`
//! error with rule `unknown_field` at its JSON path (`age_estimaton`,
//! `age_estimation.treshold`), every one of them reported together. The keys a model has come
//! from its JSON Schema, derived from the same serde attributes that decode it.

use std::sync::OnceLock;

use schemars::{JsonSchema, Schema};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{rule, Error, FieldError, Result};
use crate::poa::{PoaNotification, PoaVerifyInput};
use crate::rules::RuleConfig;
use crate::session::{ExtraFields, SessionConfig};

/// A request model that can be read from JSON under the rule of this module.
pub trait RequestJson: DeserializeOwned + JsonSchema {
    /// What the model is called in error messages (`session config`).
    const WHAT: &'static str;

    /// The model's JSON Schema, derived once.
    fn schema() -> &'static Schema;

    /// Takes out the members that are not model fields but are read anyway (a config's
    /// `extra` object), before unknown keys are looked for.
    fn take_extra(
        _object: &mut Map<String, Value>,
        _errors: &mut Vec<FieldError>,
    ) -> Option<ExtraFields> {
        None
    }

    /// Puts back what [`RequestJson::take_extra`] took out (`None`: nothing was given).
    fn set_extra(&mut self, _extra: Option<ExtraFields>) {}
}

macro_rules! request_json {
    ($($ty:ident => $what:literal),+ $(,)?) => {
        $(
            impl RequestJson for $ty {
                const WHAT: &'static str = $what;

                fn schema() -> &'static Schema {
                    static SCHEMA: OnceLock<Schema> = OnceLock::new();
                    SCHEMA.get_or_init(|| schemars::schema_for!($ty))
                }

                request_json!(@extra $ty);
            }
        )+
    };
    (@extra SessionConfig) => {
        fn take_extra(object: &mut Map<String, Value>, errors: &mut Vec<FieldError>) -> Option<ExtraFields> {
            match object.remove("extra")? {
                Value::Object(extra) => Some(extra.into_iter().collect()),
                Value::Null => None,
                _ => {
                    errors.push(FieldError::new("extra", rule::FORMAT, "must be an object of field names to values"));
                    None
                }
            }
        }

        fn set_extra(&mut self, extra: Option<ExtraFields>) {
            self.extra = extra.filter(|e| !e.is_empty());
        }
    };
    (@extra $ty:ident) => {};
}

request_json!(
    SessionConfig => "session config",
    RuleConfig => "rule",
    PoaVerifyInput => "PoA verify request",
    PoaNotification => "PoA notification",
);

/// Parses `json` into `T`: see the module documentation for the errors.
pub fn from_json<T: RequestJson>(json: &str) -> Result<T> {
    let value: Value = serde_json::from_str(json).map_err(|e| {
        Error::Validation(vec![FieldError::new(
            "$",
            rule::FORMAT,
            format!("not a valid {}: {e}", T::WHAT),
        )])
    })?;
    from_value(value)
}

/// [`from_json`] for a JSON value already parsed (from a Python dict, a JavaScript object).
pub fn from_value<T: RequestJson>(mut value: Value) -> Result<T> {
    let mut errors = Vec::new();
    let extra = match &mut value {
        Value::Object(object) => T::take_extra(object, &mut errors),
        _ => {
            return Err(Error::Validation(vec![FieldError::new(
                "$",
                rule::FORMAT,
                format!("a {} must be a JSON object", T::WHAT),
            )]))
        }
    };
    let root = T::schema().as_value();
    unknown_keys(&value, root, root, "", &mut errors);
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let mut typed: T = serde_json::from_value(value).map_err(|e| {
        Error::Validation(vec![FieldError::new(
            "$",
            rule::FORMAT,
            format!("not a valid {}: {e}", T::WHAT),
        )])
    })?;
    typed.set_extra(extra);
    Ok(typed)
}

/// The JSON keys the model `T` has at its top level, from its schema.
pub fn top_level_keys<T: RequestJson>() -> Vec<&'static str> {
    let root = T::schema().as_value();
    properties(root, root).unwrap_or_default()
}

/// Pushes an `unknown_field` error for every key of `value` (and of the objects inside it)
/// that `schema` does not list.
fn unknown_keys(
    value: &Value,
    schema: &Value,
    root: &Value,
    path: &str,
    errors: &mut Vec<FieldError>,
) {
    match value {
        Value::Object(object) => {
            let Some(known) = properties(schema, root) else {
                return;
            };
            for (key, member) in object {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match property(schema, root, key) {
                    Some(member_schema) => unknown_keys(member, member_schema, root, &at, errors),
                    None => errors.push(FieldError::new(
                        at,
                        rule::UNKNOWN_FIELD,
                        unknown_message(key, &known),
                    )),
                }
            }
        }
        Value::Array(items) => {
            for branch in branches(schema, root) {
                if let Some(item_schema) = branch.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        unknown_keys(item, item_schema, root, &format!("{path}[{i}]"), errors);
                    }
                }
            }
        }
        _ => {}
    }
}

fn unknown_message(key: &str, known: &[&str]) -> String {
    let nearest = known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min();
    match nearest {
        Some((_, k)) => format!("is not a field here; did you mean {k:?}?"),
        None => "is not a field here (fields Yoti added since this SDK: put them in the top-level extra object)".into(),
    }
}

/// The schema and every schema it stands for: `$ref` resolved, `anyOf`/`oneOf`/`allOf` expanded.
fn branches<'a>(schema: &'a Value, root: &'a Value) -> Vec<&'a Value> {
    let mut out = Vec::new();
    let mut todo = vec![schema];
    while let Some(s) = todo.pop() {
        if out.len() > 64 {
            break;
        }
        if let Some(target) = s
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| resolve(r, root))
        {
            todo.push(target);
        }
        for combinator in ["anyOf", "oneOf", "allOf"] {
            if let Some(Value::Array(list)) = s.get(combinator) {
                todo.extend(list.iter());
            }
        }
        out.push(s);
    }
    out
}

fn resolve<'a>(reference: &str, root: &'a Value) -> Option<&'a Value> {
    root.pointer(reference.strip_prefix('#')?)
}

/// The property names of an object schema, or `None` when it describes no object with named
/// properties (a string, or a free map whose keys are not checked).
fn properties<'a>(schema: &'a Value, root: &'a Value) -> Option<Vec<&'a str>> {
    let mut names = Vec::new();
    let mut any = false;
    for branch in branches(schema, root) {
        if let Some(Value::Object(props)) = branch.get("properties") {
            any = true;
            names.extend(props.keys().map(String::as_str));
        }
    }
    any.then_some(names)
}

/// The schema of property `key`, also found by one of its serde aliases (listed in the
/// property's `x-aliases`, which the model declares beside `#[serde(alias)]`).
fn property<'a>(schema: &'a Value, root: &'a Value, key: &str) -> Option<&'a Value> {
    let aliased = |p: &&Value| {
        p.get("x-aliases")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|n| n == key))
    };
    branches(schema, root).into_iter().find_map(|b| {
        let props = b.get("properties")?.as_object()?;
        props.get(key).or_else(|| props.values().find(aliased))
    })
}

/// Levenshtein distance, for "did you mean" suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(json: &str) -> Vec<(String, String)> {
        match SessionConfig::from_json(json) {
            Err(Error::Validation(errors)) => {
                errors.into_iter().map(|e| (e.field, e.rule)).collect()
            }
            other => panic!("expected validation, got {other:?}"),
        }
    }

    #[test]
    fn every_unknown_key_is_reported_with_its_path() {
        let errors = errors_of(
            r#"{"type":"OVER","ttl":900,"notificaton_url":"https://x",
                "age_estimaton":{"threshold":18},
                "age_estimation":{"allowed":true,"treshold":18},
                "digital_id":{"threshold":18,"age_estimation_alowed":true},
                "callback":{"url":"https://x","automatic":true}}"#,
        );
        let mut fields: Vec<_> = errors.iter().map(|(f, _)| f.as_str()).collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "age_estimation.treshold",
                "age_estimaton",
                "callback.automatic",
                "digital_id.age_estimation_alowed",
                "notificaton_url",
            ]
        );
        assert!(errors.iter().all(|(_, r)| r == rule::UNKNOWN_FIELD));
    }

    #[test]
    fn a_near_miss_names_the_field_meant() {
        let Err(Error::Validation(errors)) = SessionConfig::from_json(r#"{"notificaton_url":"x"}"#)
        else {
            panic!()
        };
        assert!(
            errors[0].message.contains("\"notification_url\""),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn every_known_key_of_a_full_config_is_accepted() {
        let config = SessionConfig::from_json(
            r#"{"type":"OVER","ttl":900,"reference_id":"r","callback":{"url":"https://x","auto":true},
                "callback_url":"https://x","notification_url":"https://x","block_biometric_consent":true,
                "rule_id":"r","cancel_url":"https://x","privacy_policy":"https://x",
                "terms_and_conditions":"https://x","retry_enabled":true,"resume_enabled":true,
                "blocked_locations":["USA"],"target_origin_url":"https://x","synchronous_checks":true,
                "account_id":"a","double_blind":true,"terminal_id":"till-1",
                "digital_id":{"allowed":true,"threshold":18,"level":"NONE","retry_enabled":true,
                  "retry_limit":2,"age_estimation_allowed":true,"age_estimation_threshold":21},
                "doc_scan":{"threshold":18,"authenticity":"AUTO","preset_issuing_country":"GBR"},
                "yoti_key":{"threshold":18,"authentication":true},
                "electronic_id":{"threshold":18,"sub_methods":["MIT_ID"]},
                "email":{"data":{"verified_email":"a@b.c","country_code":"GB","ip_address":"1.2.3.4"}}}"#,
        )
        .unwrap();
        assert_eq!(config.terminal_id.as_deref(), Some("till-1"));
    }

    #[test]
    fn extra_fields_are_sent_at_the_top_level_and_may_not_shadow_modelled_ones() {
        let config = SessionConfig::from_json(
            r#"{"type":"OVER","extra":{"new_flag":true,"new_obj":{"a":1}}}"#,
        )
        .unwrap();
        let body = serde_json::to_value(&config).unwrap();
        assert_eq!(body["new_flag"], true);
        assert_eq!(body["new_obj"]["a"], 1);
        assert!(body.get("extra").is_none());
        let shadowing = SessionConfig::from_json(r#"{"ttl":900,"extra":{"ttl":5}}"#).unwrap();
        let Err(Error::Validation(errors)) = shadowing.validate() else {
            panic!("extra.ttl must be refused")
        };
        assert!(errors
            .iter()
            .any(|e| e.field == "extra.ttl" && e.rule == rule::FORMAT));
    }

    #[test]
    fn malformed_json_and_wrong_shapes_are_format_errors_at_the_root() {
        for bad in ["{", "[]", "\"x\"", r#"{"ttl":"soon"}"#] {
            assert_eq!(
                errors_of(bad),
                [("$".to_owned(), rule::FORMAT.to_owned())],
                "{bad}"
            );
        }
    }

    #[test]
    fn rules_refuse_unknown_keys_too() {
        let Err(Error::Validation(errors)) =
            RuleConfig::from_json(r#"{"ttl":10,"age_estimation":{"threshold":18,"levl":"NONE"}}"#)
        else {
            panic!()
        };
        assert_eq!(errors[0].field, "age_estimation.levl");
    }

    #[test]
    fn poa_requests_refuse_unknown_keys_in_the_notification() {
        let Err(Error::Validation(errors)) = from_json::<PoaVerifyInput>(
            r#"{"qr":"sandbox:success:18","terminal_id":"t","notification":{"url":"https://x","verifyTLS":true}}"#,
        ) else {
            panic!()
        };
        assert_eq!(errors[0].field, "notification.verifyTLS");
        let ok = from_json::<PoaVerifyInput>(
            r#"{"qr":"q","terminal_id":"t","store_id":"s","scanned_at":"2026-01-01T00:00:00Z",
                "notification":{"url":"https://x","verify_tls":false,"headers":{"X-Secret":"v"}}}"#,
        )
        .unwrap()
        .into_request();
        assert_eq!(ok.terminal.store_id.as_deref(), Some("s"));
        assert_eq!(ok.notification.unwrap().verify_tls, Some(false));
    }

    #[test]
    fn top_level_keys_include_methods_and_terminal_id() {
        let keys = top_level_keys::<SessionConfig>();
        for k in ["type", "ttl", "age_estimation", "cpf", "terminal_id"] {
            assert!(keys.contains(&k), "{k} missing from {keys:?}");
        }
        assert!(!keys.contains(&"extra"));
    }
}
