//! The answer to a session create (`yoti_created_session`).

use std::ffi::{c_char, CString};

use yoti_core::CreatedSession;

use crate::error::{yoti_error, yoti_status};
use crate::ffi::{borrowed, c_string, call, opt_c_string, opt_handle, read, str_arg, Out};
use crate::session_status::{rfc3339, session_status, yoti_session_status, RawText};

/// The answer to a session create. Immutable: safe to read from several threads. Free with
/// `yoti_created_session_free`.
pub struct yoti_created_session {
    inner: CreatedSession,
    id: CString,
    status: Option<CString>,
    expires_at: Option<CString>,
    raw: RawText,
}

impl yoti_created_session {
    pub(crate) fn new(inner: CreatedSession) -> Self {
        Self {
            id: c_string(&inner.id),
            status: opt_c_string(inner.status.as_ref().map(|s| s.as_str())),
            expires_at: rfc3339(inner.expires_at.as_ref()),
            raw: RawText::default(),
            inner,
        }
    }
}

/// Parses a `POST /sessions` response body (as the client does; `decode` on bad JSON).
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_from_json(
    json: *const c_char,
    out_session: *mut *mut yoti_created_session,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_session, "out_session")?;
        out.set(yoti_created_session::new(yoti_core::decode_response(
            str_arg(json, "json")?.as_bytes(),
        )?));
        Ok(())
    })
}

/// The session id: pass it to the user view and result calls. Borrowed; NULL for NULL.
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_id(
    session: *const yoti_created_session,
) -> *const c_char {
    borrowed(session, |s| Some(&s.id))
}

/// The status at creation (`PENDING`; `COMPLETE`/`INSUFFICIENT_DATA` for email checks), or
/// NULL when the server sent none. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_status_text(
    session: *const yoti_created_session,
) -> *const c_char {
    borrowed(session, |s| s.status.as_ref())
}

/// The status at creation as an enum (`YOTI_SESSION_STATUS_OTHER` when absent or unknown).
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_status(
    session: *const yoti_created_session,
) -> yoti_session_status {
    read(yoti_session_status::YOTI_SESSION_STATUS_OTHER, || {
        opt_handle(session)?
            .inner
            .status
            .as_ref()
            .map(session_status)
    })
}

/// When the session expires, RFC 3339 UTC (`2025-08-08T23:41:39Z`), or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_expires_at(
    session: *const yoti_created_session,
) -> *const c_char {
    borrowed(session, |s| s.expires_at.as_ref())
}

/// The response JSON exactly as received (empty for a session parsed from nothing). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_raw_json(
    session: *const yoti_created_session,
) -> *const c_char {
    borrowed(session, |s| Some(s.raw.get(&s.inner.raw)))
}

/// Frees a created session. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_free(session: *mut yoti_created_session) {
    crate::ffi::free(session);
}
