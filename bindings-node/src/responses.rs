//! Response bodies decoded without a client (stored earlier, or received some other way) by the
//! core's decoder, and the error an HTTP error response maps to.

use std::time::Duration;

use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

use yoti_age::poa::PoaResult;
use yoti_age::{CreatedSession, Error, SessionResult};

use crate::models::ToJs;
use crate::runtime::{guarded, NativeReply};

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
