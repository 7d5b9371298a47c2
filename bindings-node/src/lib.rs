//! Node.js binding of the `yoti-age` core (napi-rs). The native layer exposes the core's
//! operations with JSON text in and out; `index.js` turns that into the public Promise API,
//! plain objects and `YotiAgeError`s.
//!
//! `unsafe_code` is allowed for the crate only because the `#[napi]` attribute macros expand to
//! `unsafe` FFI glue; no hand-written code here uses `unsafe`.
#![allow(unsafe_code)]

pub mod client;
pub mod errors;
pub mod javascript;
pub mod models;
pub mod requests;
pub mod responses;
pub mod runtime;
pub mod sandbox;
pub mod webhook;

use napi_derive::napi;

/// Prefix of napi error messages that carry a `YotiAgeError` as JSON.
pub const ERROR_PREFIX: &str = "\u{1}yoti-age-error:";

/// Every stable error code, in the core's order (`ERROR_CODES` in JavaScript).
#[napi]
pub fn native_error_codes() -> Vec<&'static str> {
    yoti_age::Error::CODES.to_vec()
}

/// The version of the binding.
#[napi]
pub fn native_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The prefix of thrown errors that carry a `YotiAgeError` as JSON.
#[napi]
pub fn native_error_prefix() -> String {
    ERROR_PREFIX.to_owned()
}

/// Every known value of each open enum, as JSON (`{"SessionStatus": [...], ...}`), from the
/// core's list.
#[napi]
pub fn native_known_values() -> String {
    let all: serde_json::Map<String, serde_json::Value> = yoti_age::known_values()
        .into_iter()
        .map(|(name, values)| (name.to_owned(), serde_json::Value::from(values)))
        .collect();
    serde_json::Value::Object(all).to_string()
}
