//! The result of a session (`yoti_session_result`, `GET /sessions/{id}/result`).

use std::ffi::{c_char, CString};

use yoti_core::result::Method;
use yoti_core::SessionResult;

use crate::error::{yoti_error, yoti_status};
use crate::ffi::{
    borrowed, c_string, call, handle, opt_c_string, opt_handle, opt_str, read, str_arg,
    write_scalar, Out, OutString,
};
use crate::session_status::{session_status, to_json, yoti_session_status, RawText};

/// The result of a session. Immutable: safe to read from several threads. Free with
/// `yoti_session_result_free`.
pub struct yoti_session_result {
    inner: SessionResult,
    id: CString,
    status: CString,
    session_type: CString,
    method: Option<CString>,
    evidence_id: Option<CString>,
    reference_id: Option<CString>,
    terminal_id: Option<CString>,
    raw: RawText,
}

impl yoti_session_result {
    pub(crate) fn new(inner: SessionResult) -> Self {
        Self {
            id: c_string(&inner.id),
            status: c_string(inner.status.as_str()),
            session_type: c_string(inner.session_type.as_str()),
            method: opt_c_string(inner.method.as_ref().map(|m| m.as_str())),
            evidence_id: opt_c_string(inner.evidence_id.as_deref()),
            reference_id: opt_c_string(inner.reference_id.as_deref()),
            terminal_id: opt_c_string(inner.terminal_id.as_deref()),
            raw: RawText::default(),
            inner,
        }
    }
}

/// Parses a `GET /sessions/{id}/result` body as the client does (unknown values kept;
/// `decode` on bad JSON).
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_from_json(
    json: *const c_char,
    out_result: *mut *mut yoti_session_result,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_result, "out_result")?;
        out.set(yoti_session_result::new(yoti_core::decode_response(
            str_arg(json, "json")?.as_bytes(),
        )?));
        Ok(())
    })
}

/// The session id. Borrowed; NULL for NULL.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_id(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| Some(&r.id))
}

/// The status as an enum; branch on `YOTI_SESSION_STATUS_COMPLETE` to let the user in.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_status(
    result: *const yoti_session_result,
) -> yoti_session_status {
    read(yoti_session_status::YOTI_SESSION_STATUS_OTHER, || {
        opt_handle(result).map(|r| session_status(&r.inner.status))
    })
}

/// The status as the API wrote it, normalised (`IN PROGRESS` reads `IN_PROGRESS`); unknown
/// values are kept as received. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_status_text(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| Some(&r.status))
}

/// Whether waiting longer cannot change the outcome: `COMPLETE`, `FAIL`, `ERROR`,
/// `CANCELLED`, `EXPIRED`, `INSUFFICIENT_DATA`. False for NULL.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_is_terminal(
    result: *const yoti_session_result,
) -> bool {
    read(false, || {
        opt_handle(result).map(|r| r.inner.status.is_terminal())
    })
}

/// Writes `age` to `*out_age` and returns true, or returns false when absent (pending). For
/// `AGE` sessions it is the age found; for `OVER`/`UNDER` the threshold, not the real age.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_age(
    result: *const yoti_session_result,
    out_age: *mut u32,
) -> bool {
    read(false, || {
        let age = opt_handle(result)?.inner.age?;
        Some(write_scalar(out_age, age))
    })
}

/// The method that completed the session (`AGE_ESTIMATION`, `DIGITAL_ID`, …; unknown values
/// kept as received), or NULL while pending. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_method(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| r.method.as_ref())
}

/// The id of the attempt that set the outcome, or NULL while pending. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_evidence_id(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| r.evidence_id.as_ref())
}

/// The session type: `OVER`, `UNDER`, `AGE` (unknown values kept). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_type(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| Some(&r.session_type))
}

/// The reference id given at creation, or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_reference_id(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| r.reference_id.as_ref())
}

/// The `Yoti-Terminal-Id` given at creation, or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_terminal_id(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| r.terminal_id.as_ref())
}

/// The attempt counters of one method, named as in results (`AGE_ESTIMATION`, `DOC_SCAN`,
/// `ELECTRONIC_ID`, …): writes `*out_attempts` (made) and `*out_remaining` (left; either
/// pointer may be NULL) and returns true, or returns false when the result has no entry for
/// that method.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_attempts(
    result: *const yoti_session_result,
    method: *const c_char,
    out_attempts: *mut u32,
    out_remaining: *mut u32,
) -> bool {
    read(false, || {
        let result = opt_handle(result)?;
        let method = Method::parse(opt_str(method, "method").ok()??);
        let attempts = result.inner.attempts(&method)?;
        write_scalar(out_attempts, attempts.attempts);
        write_scalar(out_remaining, attempts.remaining);
        Some(true)
    })
}

/// Every field as JSON, in the API's shape (the typed result re-serialised: unknown fields
/// dropped; see `yoti_session_result_raw_json` for the body as received). Free `*out_json`
/// with `yoti_string_free`.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_to_json(
    result: *const yoti_session_result,
    out_json: *mut *mut c_char,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = OutString::new(out_json, "out_json")?;
        out.set(&to_json(&handle(result, "result")?.inner)?);
        Ok(())
    })
}

/// The response JSON exactly as received. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_raw_json(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| Some(r.raw.get(&r.inner.raw)))
}

/// Frees a session result. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_free(result: *mut yoti_session_result) {
    crate::ffi::free(result);
}
