//! Webhook verification (AVS: RSA-PSS over the raw body; PoA: your header secrets) and the
//! parsers the shared test vectors exercise.

use std::collections::BTreeMap;
use std::time::Duration;

use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use serde_json::Value;

use yoti_age::poa::{verify_poa_webhook, PoaResult};
use yoti_age::{CreatedSession, Error, SessionResult, WebhookVerifier};

use crate::client::to_napi;
use crate::models::ToJs;
use crate::runtime::{guarded, NativeReply, Reply};

/// Verifies AVS webhooks against one public key.
#[napi]
pub struct NativeWebhookVerifier {
    verifier: WebhookVerifier,
}

#[napi]
impl NativeWebhookVerifier {
    /// A verifier for an SPKI PEM key, or Yoti's production key when `None`; with
    /// `tolerance_seconds`, notifications whose timestamp is further from now are `webhook.stale`.
    #[napi(constructor)]
    pub fn new(
        public_key_pem: Option<String>,
        tolerance_seconds: Option<u32>,
    ) -> napi::Result<Self> {
        let verifier = match public_key_pem {
            Some(pem) => WebhookVerifier::from_public_key_pem(&pem).map_err(to_napi)?,
            None => WebhookVerifier::yoti_production(),
        };
        let verifier = match tolerance_seconds {
            Some(s) => verifier.with_tolerance(Duration::from_secs(u64::from(s))),
            None => verifier,
        };
        Ok(Self { verifier })
    }

    /// Verifies the raw body and parses it.
    #[napi]
    pub fn verify(&self, body: Buffer) -> NativeReply {
        guarded(|| self.verifier.verify(&body)?.reply())
    }
}

/// Checks a PoA webhook: every expected header present with the same value, then parses the body.
#[napi]
pub fn native_verify_poa_webhook(
    expected_headers_json: String,
    received_headers_json: String,
    body: Buffer,
) -> NativeReply {
    guarded(|| {
        let expected: BTreeMap<String, String> = serde_json::from_str(&expected_headers_json)
            .map_err(|e| Error::Config(format!("expected headers: {e}")))?;
        let received: Vec<(String, String)> = serde_json::from_str(&received_headers_json)
            .map_err(|e| Error::Config(format!("received headers: {e}")))?;
        let result = verify_poa_webhook(
            &expected,
            received.iter().map(|(k, v)| (k.as_str(), v.as_bytes())),
            &body,
        )?;
        result.reply()
    })
}

/// Parses a session result body (`GET /sessions/{id}/result`) as the client would.
#[napi]
pub fn native_parse_session_result(body: Buffer) -> NativeReply {
    guarded(|| yoti_age::decode_response::<SessionResult>(&body)?.reply())
}

/// Parses a session creation body (`POST /sessions`) as the client would.
#[napi]
pub fn native_parse_created_session(body: Buffer) -> NativeReply {
    guarded(|| yoti_age::decode_response::<CreatedSession>(&body)?.reply())
}

/// Parses a PoA result body as the client would.
#[napi]
pub fn native_parse_poa_result(body: Buffer) -> NativeReply {
    guarded(|| yoti_age::decode_response::<PoaResult>(&body)?.reply())
}

/// Validates a session configuration without sending it (every error, with JSON paths).
#[napi]
pub fn native_validate_session_config(config_json: String) -> NativeReply {
    guarded(|| {
        crate::client::session_config(&config_json)?.validate()?;
        Ok(Reply::json("null".into()))
    })
}

/// The error an HTTP error response maps to (status, body, request id, Retry-After seconds).
#[napi]
pub fn native_error_from_response(
    status: u16,
    body: String,
    request_id: Option<String>,
    retry_after_seconds: Option<f64>,
) -> NativeReply {
    guarded(|| {
        let api = yoti_age::ApiError::from_response(
            status,
            request_id,
            retry_after_seconds.map(Duration::from_secs_f64),
            body,
        );
        Err(Error::from_status(api))
    })
}

/// Every known value of each open enum, as JSON (`{"SessionStatus": [...], ...}`), from the
/// core's list.
#[napi]
pub fn native_known_values() -> String {
    let all: serde_json::Map<String, Value> = yoti_age::known_values()
        .into_iter()
        .map(|(name, values)| (name.to_owned(), Value::from(values)))
        .collect();
    Value::Object(all).to_string()
}

/// Panics on purpose, to prove a Rust panic becomes a rejected Promise or a thrown error
/// (tests only): synchronously (returns the reply), or inside an async task when
/// `asynchronous` (the reply reaches the completion handler under `call_id`).
#[napi]
pub fn native_debug_panic(
    env: &napi::Env,
    asynchronous: bool,
    call_id: u32,
) -> napi::Result<Option<NativeReply>> {
    if asynchronous {
        crate::runtime::spawn(env, call_id, async {
            if std::hint::black_box(true) {
                panic!("deliberate panic (test, async)");
            }
            Ok(Reply::json("null".into()))
        })?;
        return Ok(None);
    }
    Ok(Some(guarded(|| panic!("deliberate panic (test)"))))
}
