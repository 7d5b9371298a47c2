//! Webhooks: AVS verification on the raw body (RSA-PSS), and PoA header-secret checks.

use std::collections::BTreeMap;
use std::ffi::{c_char, CString};
use std::time::Duration;

use yoti_core::{AvsNotification, WebhookVerifier};

use crate::error::{yoti_error, yoti_status};
use crate::ffi::{
    array, borrowed, bytes, c_string, call, handle, handle_mut, opt_c_string, opt_handle, read,
    str_arg, write_scalar, Out, OutString,
};
use crate::poa::yoti_poa_result;
use crate::session_status::RawText;

/// Verifies AVS webhooks against a public key. Immutable after
/// `yoti_webhook_verifier_set_tolerance`: verifying from several threads at once is safe;
/// setting the tolerance is not. Free with `yoti_webhook_verifier_free`.
pub struct yoti_webhook_verifier {
    inner: WebhookVerifier,
}

/// One HTTP header: a name and a value, both NUL-terminated UTF-8.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct yoti_header {
    /// Header name (compared case-insensitively).
    pub name: *const c_char,
    /// Header value.
    pub value: *const c_char,
}

/// A verifier for Yoti's production webhook key.
#[no_mangle]
pub unsafe extern "C" fn yoti_webhook_verifier_new_production(
    out_verifier: *mut *mut yoti_webhook_verifier,
) -> yoti_status {
    call(std::ptr::null_mut(), || {
        Out::new(out_verifier, "out_verifier")?.set(yoti_webhook_verifier {
            inner: WebhookVerifier::yoti_production(),
        });
        Ok(())
    })
}

/// A verifier for an RSA public key in SPKI PEM (e.g. the local sandbox's, served at
/// `/api/v1/webhook-public-key`). A bad key is `config`.
#[no_mangle]
pub unsafe extern "C" fn yoti_webhook_verifier_new_pem(
    public_key_pem: *const c_char,
    out_verifier: *mut *mut yoti_webhook_verifier,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_verifier, "out_verifier")?;
        out.set(yoti_webhook_verifier {
            inner: WebhookVerifier::from_public_key_pem(str_arg(
                public_key_pem,
                "public_key_pem",
            )?)?,
        });
        Ok(())
    })
}

/// Rejects notifications whose `timestamp` is more than `tolerance_seconds` from now
/// (`webhook.stale`). Off by default: Yoti legitimately re-sends old notifications.
#[no_mangle]
pub unsafe extern "C" fn yoti_webhook_verifier_set_tolerance(
    verifier: *mut yoti_webhook_verifier,
    tolerance_seconds: u64,
) -> yoti_status {
    call(std::ptr::null_mut(), || {
        let verifier = handle_mut(verifier, "verifier")?;
        verifier.inner = verifier
            .inner
            .clone()
            .with_tolerance(Duration::from_secs(tolerance_seconds));
        Ok(())
    })
}

/// Frees a verifier. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_webhook_verifier_free(verifier: *mut yoti_webhook_verifier) {
    crate::ffi::free(verifier);
}

fn verify_at(
    verifier: *const yoti_webhook_verifier,
    body: *const u8,
    body_len: usize,
    now: Option<i64>,
    out_notification: *mut *mut yoti_avs_notification,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_notification, "out_notification")?;
        let verifier = handle(verifier, "verifier")?;
        let body = bytes(body, body_len, "body")?;
        let notification = match now {
            None => verifier.inner.verify(body)?,
            Some(seconds) => {
                let now = chrono::DateTime::from_timestamp(seconds, 0).ok_or_else(|| {
                    crate::ffi::invalid("now_unix", "is out of the representable range")
                })?;
                verifier.inner.verify_at(body, now)?
            }
        };
        out.set(yoti_avs_notification::new(notification));
        Ok(())
    })
}

/// Verifies an AVS webhook from the raw request body exactly as received (`body_len` bytes,
/// not necessarily NUL-terminated; do not re-serialise it) and parses it. Errors:
/// `webhook.malformed`, `webhook.missing_field`, `webhook.invalid_signature`, `webhook.stale`.
#[no_mangle]
pub unsafe extern "C" fn yoti_webhook_verify(
    verifier: *const yoti_webhook_verifier,
    body: *const u8,
    body_len: usize,
    out_notification: *mut *mut yoti_avs_notification,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    verify_at(verifier, body, body_len, None, out_notification, out_error)
}

/// `yoti_webhook_verify` with an explicit current time (Unix seconds), for the tolerance.
#[no_mangle]
pub unsafe extern "C" fn yoti_webhook_verify_at(
    verifier: *const yoti_webhook_verifier,
    body: *const u8,
    body_len: usize,
    now_unix: i64,
    out_notification: *mut *mut yoti_avs_notification,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    verify_at(
        verifier,
        body,
        body_len,
        Some(now_unix),
        out_notification,
        out_error,
    )
}

/// Authenticates a PoA webhook: every `expected` header (those you set with
/// `yoti_poa_request_add_notification_header`) must be among the `received` ones with the
/// same value (names case-insensitive, values compared in constant time); then the body is
/// parsed. Errors: `webhook.invalid_secret`, `webhook.malformed`, `webhook.missing_field`.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_webhook_verify(
    expected: *const yoti_header,
    expected_count: usize,
    received: *const yoti_header,
    received_count: usize,
    body: *const u8,
    body_len: usize,
    out_result: *mut *mut yoti_poa_result,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_result, "out_result")?;
        let mut expected_map = BTreeMap::new();
        for header in array(expected, expected_count, "expected")? {
            expected_map.insert(
                str_arg(header.name, "expected[].name")?.to_owned(),
                str_arg(header.value, "expected[].value")?.to_owned(),
            );
        }
        let mut received_list = Vec::new();
        for header in array(received, received_count, "received")? {
            received_list.push((
                str_arg(header.name, "received[].name")?,
                str_arg(header.value, "received[].value")?.as_bytes(),
            ));
        }
        let body = bytes(body, body_len, "body")?;
        let result = yoti_core::poa::verify_poa_webhook(&expected_map, received_list, body)?;
        out.set(yoti_poa_result::new(result, false));
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Notification

/// A verified AVS webhook notification. Immutable: safe to read from several threads. Free
/// with `yoti_avs_notification_free`.
pub struct yoti_avs_notification {
    inner: AvsNotification,
    id: CString,
    session_key: CString,
    state: CString,
    method: Option<CString>,
    evidence_id: Option<CString>,
    reference_id: Option<CString>,
    raw: RawText,
}

impl yoti_avs_notification {
    fn new(inner: AvsNotification) -> Self {
        Self {
            id: c_string(&inner.id),
            session_key: c_string(&inner.session_key),
            state: c_string(inner.state.as_str()),
            method: opt_c_string(inner.method.as_ref().map(|m| m.as_str())),
            evidence_id: opt_c_string(inner.evidence_id.as_deref()),
            reference_id: opt_c_string(inner.reference_id.as_deref()),
            raw: RawText::default(),
            inner,
        }
    }
}

/// The notification id: deduplicate on it (re-sends are legitimate). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_avs_notification_id(
    notification: *const yoti_avs_notification,
) -> *const c_char {
    borrowed(notification, |n| Some(&n.id))
}

/// The session id (`session_key`). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_avs_notification_session_key(
    notification: *const yoti_avs_notification,
) -> *const c_char {
    borrowed(notification, |n| Some(&n.session_key))
}

/// The outcome of the attempt: `COMPLETE` (let the user in), `FAIL`, `ERROR`, or a value this
/// version does not know, kept as received. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_avs_notification_state(
    notification: *const yoti_avs_notification,
) -> *const c_char {
    borrowed(notification, |n| Some(&n.state))
}

/// The method of the attempt, or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_avs_notification_method(
    notification: *const yoti_avs_notification,
) -> *const c_char {
    borrowed(notification, |n| n.method.as_ref())
}

/// The attempt id, or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_avs_notification_evidence_id(
    notification: *const yoti_avs_notification,
) -> *const c_char {
    borrowed(notification, |n| n.evidence_id.as_ref())
}

/// Your reference id, or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_avs_notification_reference_id(
    notification: *const yoti_avs_notification,
) -> *const c_char {
    borrowed(notification, |n| n.reference_id.as_ref())
}

/// Writes `age` (the age for AGE sessions, else the threshold) and returns true, or false.
#[no_mangle]
pub unsafe extern "C" fn yoti_avs_notification_age(
    notification: *const yoti_avs_notification,
    out_age: *mut u32,
) -> bool {
    read(false, || {
        let age = opt_handle(notification)?.inner.age?;
        Some(write_scalar(out_age, age))
    })
}

/// Writes the attempt number (from 1) and returns true, or false when absent.
#[no_mangle]
pub unsafe extern "C" fn yoti_avs_notification_sequence_number(
    notification: *const yoti_avs_notification,
    out_sequence_number: *mut u32,
) -> bool {
    read(false, || {
        let n = opt_handle(notification)?.inner.sequence_number?;
        Some(write_scalar(out_sequence_number, n))
    })
}

/// The time of sending, Unix seconds (0 for NULL).
#[no_mangle]
pub unsafe extern "C" fn yoti_avs_notification_timestamp(
    notification: *const yoti_avs_notification,
) -> i64 {
    read(0, || opt_handle(notification).map(|n| n.inner.timestamp))
}

/// Every field as JSON (the typed notification re-serialised). Free `*out_json` with
/// `yoti_string_free`.
#[no_mangle]
pub unsafe extern "C" fn yoti_avs_notification_to_json(
    notification: *const yoti_avs_notification,
    out_json: *mut *mut c_char,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = OutString::new(out_json, "out_json")?;
        let json = serde_json::to_string(&handle(notification, "notification")?.inner)
            .map_err(|e| yoti_core::Error::Internal(format!("cannot serialise: {e}")))?;
        out.set(&json);
        Ok(())
    })
}

/// The body exactly as received. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_avs_notification_raw_json(
    notification: *const yoti_avs_notification,
) -> *const c_char {
    borrowed(notification, |n| Some(n.raw.get(&n.inner.raw)))
}

/// Frees a notification. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_avs_notification_free(notification: *mut yoti_avs_notification) {
    crate::ffi::free(notification);
}
