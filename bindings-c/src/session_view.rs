//! The configuration view of a session (`yoti_session_view`, `GET /sessions/{id}`).

use std::ffi::{c_char, CString};

use yoti_core::SessionView;

use crate::error::{yoti_error, yoti_status};
use crate::ffi::{borrowed, c_string, call, handle, opt_handle, read, OutString};
use crate::session_status::{session_status, to_json, yoti_session_status, RawText};

/// The configuration view of a session (`GET /sessions/{id}`). Immutable: safe to read from
/// several threads. Free with `yoti_session_view_free`.
pub struct yoti_session_view {
    inner: SessionView,
    id: CString,
    status: CString,
    raw: RawText,
}

impl yoti_session_view {
    pub(crate) fn new(inner: SessionView) -> Self {
        Self {
            id: c_string(&inner.id),
            status: c_string(inner.status.as_str()),
            raw: RawText::default(),
            inner,
        }
    }
}

/// The session id. Borrowed; NULL for NULL.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_view_id(view: *const yoti_session_view) -> *const c_char {
    borrowed(view, |v| Some(&v.id))
}

/// The status as an enum.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_view_status(
    view: *const yoti_session_view,
) -> yoti_session_status {
    read(yoti_session_status::YOTI_SESSION_STATUS_OTHER, || {
        opt_handle(view).map(|v| session_status(&v.inner.status))
    })
}

/// The status as the API wrote it (kept even when unknown). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_view_status_text(
    view: *const yoti_session_view,
) -> *const c_char {
    borrowed(view, |v| Some(&v.status))
}

/// Every field as JSON (the typed view re-serialised). Free `*out_json` with
/// `yoti_string_free`.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_view_to_json(
    view: *const yoti_session_view,
    out_json: *mut *mut c_char,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = OutString::new(out_json, "out_json")?;
        out.set(&to_json(&handle(view, "view")?.inner)?);
        Ok(())
    })
}

/// The response JSON exactly as received. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_view_raw_json(
    view: *const yoti_session_view,
) -> *const c_char {
    borrowed(view, |v| Some(v.raw.get(&v.inner.raw)))
}

/// Frees a session view. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_view_free(view: *mut yoti_session_view) {
    crate::ffi::free(view);
}
