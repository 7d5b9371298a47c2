//! Functions over the core's models for Kotlin and Swift: JSON in and out (decoded in Rust,
//! design rule 10 in docs/design.md), validation without sending, and the wire names of the
//! open enums.

use yoti_age::poa::{PoaCheck, PoaFailureReason, PoaProvider, PoaResult, PoaStatus, PoaWaitingOn};
use yoti_age::result::Authenticity;
use yoti_age::session::Level;
use yoti_age::webhook::{AttemptState, CheckType};
use yoti_age::{
    CreatedSession, Error, Method, SessionConfig, SessionResult, SessionStatus, SessionType,
};

use crate::Result;

/// A session configuration from its API JSON (`{"type":"OVER","ttl":900,...}`), read as in
/// every language: malformed JSON and unknown keys are `validation` errors with their paths;
/// `terminal_id` and an `extra` object are read. The other rules are checked on create (or by
/// `validateSessionConfig`).
#[uniffi::export]
pub fn session_config_from_json(json: String) -> Result<SessionConfig> {
    Ok(SessionConfig::from_json(&json)?)
}

/// The API JSON of a session configuration, as `createSession` would send it.
#[uniffi::export]
pub fn session_config_to_json(config: SessionConfig) -> Result<String> {
    Ok(serde_json::to_string(&config).map_err(|e| Error::Internal(e.to_string()))?)
}

/// Validates a session configuration as `createSession` does, without sending anything:
/// `validation` with every failing field's exact JSON path and rule.
#[uniffi::export]
pub fn validate_session_config(config: SessionConfig) -> Result<()> {
    Ok(config.validate()?)
}

/// A session result from a response body (e.g. one stored earlier); `raw` keeps the text.
#[uniffi::export]
pub fn session_result_from_json(json: String) -> Result<SessionResult> {
    Ok(yoti_age::decode_response(json.as_bytes())?)
}

/// A created session from a `POST /sessions` response body.
#[uniffi::export]
pub fn created_session_from_json(json: String) -> Result<CreatedSession> {
    Ok(yoti_age::decode_response(json.as_bytes())?)
}

/// A PoA result from a response or webhook body.
#[uniffi::export]
pub fn poa_result_from_json(json: String) -> Result<PoaResult> {
    Ok(yoti_age::decode_response(json.as_bytes())?)
}

/// Whether a session status is final (`COMPLETE`, `FAIL`, `ERROR`, `CANCELLED`, `EXPIRED`,
/// `INSUFFICIENT_DATA`); unknown statuses are not.
#[uniffi::export]
pub fn session_status_is_terminal(status: SessionStatus) -> bool {
    status.is_terminal()
}

/// Whether a PoA status is final (`SUCCESS` or `FAILURE`).
#[uniffi::export]
pub fn poa_status_is_terminal(status: PoaStatus) -> bool {
    status.is_terminal()
}

macro_rules! wire_names {
    ($($(#[$doc:meta])* $name:ident: $ty:ty;)+) => {
        $(
            $(#[$doc])*
            #[uniffi::export]
            pub fn $name(value: $ty) -> String {
                value.as_str().to_owned()
            }
        )+
    };
}

wire_names! {
    /// The wire value of a session status (`COMPLETE`; an unknown one as received).
    session_status_wire: SessionStatus;
    /// The wire value of a session type (`OVER`, `UNDER`, `AGE`, or as received).
    session_type_wire: SessionType;
    /// The wire value of a method (`AGE_ESTIMATION`, or as received).
    method_wire: Method;
    /// The wire value of a liveness level.
    level_wire: Level;
    /// The wire value of a document authenticity setting.
    authenticity_wire: Authenticity;
    /// The wire value of a PoA status.
    poa_status_wire: PoaStatus;
    /// The wire value of a PoA provider.
    poa_provider_wire: PoaProvider;
    /// The wire value of a PoA check.
    poa_check_wire: PoaCheck;
    /// The wire value of a PoA failure reason.
    poa_failure_reason_wire: PoaFailureReason;
    /// The wire value of what a pending PoA verification waits on.
    poa_waiting_on_wire: PoaWaitingOn;
    /// The wire value of a webhook's attempt state.
    attempt_state_wire: AttemptState;
    /// The wire value of a webhook's check type.
    check_type_wire: CheckType;
}
