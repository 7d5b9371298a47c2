//! Request models checked without a client, by the core's rules as `createSession` would.

use napi_derive::napi;

use crate::runtime::{guarded, NativeReply, Reply};

/// Validates a session configuration without sending it (every error, with JSON paths).
#[napi]
pub fn native_validate_session_config(config_json: String) -> NativeReply {
    guarded(|| {
        crate::client::session_config(&config_json)?.validate()?;
        Ok(Reply::json("null".into()))
    })
}
