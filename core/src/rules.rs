//! Age-token rules (`POST /rules`, docs/yoti-api.md §8.1): which earlier verifications a reusable
//! token may stand for.

use serde::{Deserialize, Serialize};

use crate::decode::response_with_raw;
use crate::error::{rule, Error, FieldError};
use crate::result::SessionType;
use crate::session::Methods;

/// A rule: a token is accepted when method, threshold and level all match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RuleConfig {
    /// `OVER`, `UNDER` or `AGE`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub session_type: Option<SessionType>,
    /// How long a token stays acceptable, in seconds (e.g. 31540000 ≈ 1 year).
    pub ttl: u64,
    /// The method objects the token must come from.
    #[serde(flatten)]
    pub methods: Methods,
}

impl RuleConfig {
    /// Parses a JSON rule: malformed JSON and unknown keys are `validation` errors (see
    /// [`crate::request_json`]).
    pub fn from_json(json: &str) -> crate::Result<Self> {
        crate::request_json::from_json(json)
    }

    /// [`RuleConfig::from_json`] for a JSON value already parsed.
    pub fn from_value(value: serde_json::Value) -> crate::Result<Self> {
        crate::request_json::from_value(value)
    }

    /// Checks the rule: positive ttl, known type, at least one method, method thresholds 1..120.
    pub fn validate(&self) -> crate::Result<()> {
        let mut errors = Vec::new();
        if self.ttl == 0 {
            errors.push(FieldError::new(
                "ttl",
                rule::RANGE,
                "must be at least 1 second",
            ));
        }
        if let Some(SessionType::Other(raw)) = &self.session_type {
            errors.push(FieldError::new(
                "type",
                rule::ONE_OF,
                format!("must be one of OVER, UNDER, AGE, got {raw:?}"),
            ));
        }
        let entries = self.methods.entries();
        if entries.is_empty() {
            errors.push(FieldError::new(
                "$",
                rule::NO_METHOD,
                "a rule needs at least one method",
            ));
        }
        for (key, _, cfg) in entries {
            if let Some(t) = cfg.threshold.filter(|t| !(1..=120).contains(t)) {
                errors.push(FieldError::new(
                    format!("{key}.threshold"),
                    rule::RANGE,
                    format!("must be between 1 and 120, got {t}"),
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(errors))
        }
    }
}

/// The answer of `POST /rules`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CreatedRule {
    /// Rule id, to pass as a session's `rule_id`.
    pub id: String,
    /// The JSON as received.
    #[serde(skip)]
    pub raw: crate::decode::RawJson,
}

response_with_raw!(CreatedRule);
