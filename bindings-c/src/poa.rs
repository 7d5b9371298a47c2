//! Proof of Age: the verify request builder and the result.

use std::collections::BTreeMap;
use std::ffi::{c_char, CString};

use yoti_core::poa::{
    NotificationMethod, PoaNotification, PoaResult, PoaStatus, PoaVerification, PoaVerifyRequest,
};

use crate::error::{yoti_error, yoti_status};
use crate::ffi::{
    borrowed, c_string, call, handle, handle_mut, invalid, opt_c_string, opt_handle, opt_str, read,
    str_arg, write_scalar, FfiResult, Out, OutString,
};
use crate::session_status::RawText;

/// A PoA verification status. `YOTI_POA_STATUS_OTHER` is a value this version does not know
/// (see `yoti_poa_result_status_text`), also returned for NULL.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum yoti_poa_status {
    /// A value this version does not know, or no result.
    YOTI_POA_STATUS_OTHER = 0,
    /// `SUCCESS`: the presentation was verified; see `age_over`.
    YOTI_POA_STATUS_SUCCESS = 1,
    /// `FAILURE`: rejected; see the failure reason. A result, not an error.
    YOTI_POA_STATUS_FAILURE = 2,
    /// `PENDING`: waiting (e.g. for the user's consent).
    YOTI_POA_STATUS_PENDING = 3,
}

/// A PoA verify request: the scanned QR value, when it was scanned, the terminal, and an
/// optional notification for pending answers. A builder: use it from one thread at a time.
/// Free with `yoti_poa_request_free`.
pub struct yoti_poa_request {
    request: PoaVerifyRequest,
}

impl yoti_poa_request {
    pub(crate) fn request(&self) -> &PoaVerifyRequest {
        &self.request
    }
}

fn edit(
    request: *mut yoti_poa_request,
    change: impl FnOnce(&mut PoaVerifyRequest) -> FfiResult<()>,
) -> yoti_status {
    call(std::ptr::null_mut(), || {
        change(&mut handle_mut(request, "request")?.request)
    })
}

/// A request for the code `qr_value` (the raw text read from the QR code) scanned now at
/// terminal `terminal_id`.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_request_new(
    qr_value: *const c_char,
    terminal_id: *const c_char,
    out_request: *mut *mut yoti_poa_request,
) -> yoti_status {
    call(std::ptr::null_mut(), || {
        let out = Out::new(out_request, "out_request")?;
        out.set(yoti_poa_request {
            request: PoaVerifyRequest::new(
                str_arg(qr_value, "qr_value")?,
                str_arg(terminal_id, "terminal_id")?,
            ),
        });
        Ok(())
    })
}

/// Sets when the code was scanned (Unix milliseconds). Codes scanned over 30 s before the
/// verify call are refused with `poa.qr_stale` without sending anything.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_request_set_scanned_at_unix_ms(
    request: *mut yoti_poa_request,
    scanned_at_unix_ms: i64,
) -> yoti_status {
    edit(request, |r| {
        r.qr.scanned_at = chrono::DateTime::from_timestamp_millis(scanned_at_unix_ms)
            .ok_or_else(|| invalid("scanned_at_unix_ms", "is out of the representable range"))?;
        Ok(())
    })
}

/// Sets the store id of the terminal; NULL clears it.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_request_set_store_id(
    request: *mut yoti_poa_request,
    store_id: *const c_char,
) -> yoti_status {
    edit(request, |r| {
        r.terminal.store_id = opt_str(store_id, "store_id")?.map(str::to_owned);
        Ok(())
    })
}

/// Asks for a notification when a pending verification completes: `url` (absolute http(s))
/// and `method` (`"POST"` default, or `"GET"`; NULL for the default). Replaces any earlier
/// notification, including its headers.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_request_set_notification(
    request: *mut yoti_poa_request,
    url: *const c_char,
    method: *const c_char,
) -> yoti_status {
    edit(request, |r| {
        r.notification = Some(PoaNotification {
            url: str_arg(url, "url")?.to_owned(),
            method: opt_str(method, "method")?.map(NotificationMethod::parse),
            verify_tls: None,
            headers: BTreeMap::new(),
        });
        Ok(())
    })
}

/// Adds a header sent with the notification: this is how your receiver authenticates it
/// (`yoti_poa_webhook_verify`), so treat the value as a secret. Needs
/// `yoti_poa_request_set_notification` first (`YOTI_STATUS_INVALID_ARGUMENT` otherwise).
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_request_add_notification_header(
    request: *mut yoti_poa_request,
    name: *const c_char,
    value: *const c_char,
) -> yoti_status {
    edit(request, |r| {
        let name = str_arg(name, "name")?;
        let value = str_arg(value, "value")?;
        let notification = r
            .notification
            .as_mut()
            .ok_or_else(|| invalid("request", "has no notification; set one first"))?;
        notification
            .headers
            .insert(name.to_owned(), value.to_owned());
        Ok(())
    })
}

/// Whether Yoti verifies the notification receiver's TLS certificate (default true).
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_request_set_notification_verify_tls(
    request: *mut yoti_poa_request,
    verify_tls: bool,
) -> yoti_status {
    edit(request, |r| {
        r.notification
            .as_mut()
            .ok_or_else(|| invalid("request", "has no notification; set one first"))?
            .verify_tls = Some(verify_tls);
        Ok(())
    })
}

/// Frees a PoA request. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_request_free(request: *mut yoti_poa_request) {
    crate::ffi::free(request);
}

// ---------------------------------------------------------------------------------------------
// Result

/// A PoA verification result (also the PoA webhook body). Immutable: safe to read from
/// several threads. Free with `yoti_poa_result_free`.
pub struct yoti_poa_result {
    inner: PoaResult,
    pending: bool,
    id: CString,
    status: CString,
    provider: Option<CString>,
    failure_reason: Option<CString>,
    waiting_on: Option<CString>,
    checks: Vec<CString>,
    raw: RawText,
}

impl yoti_poa_result {
    pub(crate) fn new(inner: PoaResult, accepted: bool) -> Self {
        Self {
            pending: accepted || inner.status == PoaStatus::Pending,
            id: c_string(&inner.id),
            status: c_string(inner.status.as_str()),
            provider: opt_c_string(inner.provider.as_ref().map(|p| p.as_str())),
            failure_reason: opt_c_string(inner.failure_reason().map(|r| r.as_str())),
            waiting_on: opt_c_string(inner.waiting_on.as_ref().map(|w| w.as_str())),
            checks: inner
                .result
                .as_ref()
                .map(|r| r.checks.iter().map(|c| c_string(c.as_str())).collect())
                .unwrap_or_default(),
            raw: RawText::default(),
            inner,
        }
    }

    pub(crate) fn from_verification(verification: PoaVerification) -> Self {
        match verification {
            PoaVerification::Completed(result) => Self::new(result, false),
            PoaVerification::Pending(result) => Self::new(result, true),
        }
    }
}

/// Parses a PoA result body (a verify or get answer, or a PoA webhook body that you have
/// authenticated yourself) as the client does; `decode` on bad JSON.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_from_json(
    json: *const c_char,
    out_result: *mut *mut yoti_poa_result,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_result, "out_result")?;
        let json = str_arg(json, "json")?;
        let result: PoaResult = yoti_core::decode_response(json.as_bytes())?;
        out.set(yoti_poa_result::new(result, false));
        Ok(())
    })
}

/// The verification id (poll it with `yoti_client_poa_get` / `yoti_client_poa_wait`).
/// Borrowed; NULL for NULL.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_id(result: *const yoti_poa_result) -> *const c_char {
    borrowed(result, |r| Some(&r.id))
}

/// The status as an enum.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_status(result: *const yoti_poa_result) -> yoti_poa_status {
    use yoti_poa_status::*;
    read(YOTI_POA_STATUS_OTHER, || {
        Some(match &opt_handle(result)?.inner.status {
            PoaStatus::Success => YOTI_POA_STATUS_SUCCESS,
            PoaStatus::Failure => YOTI_POA_STATUS_FAILURE,
            PoaStatus::Pending => YOTI_POA_STATUS_PENDING,
            PoaStatus::Other(_) => YOTI_POA_STATUS_OTHER,
        })
    })
}

/// The status as received (unknown values kept). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_status_text(
    result: *const yoti_poa_result,
) -> *const c_char {
    borrowed(result, |r| Some(&r.status))
}

/// Whether the verification is still pending (a 202 answer, or status `PENDING`).
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_is_pending(result: *const yoti_poa_result) -> bool {
    read(false, || opt_handle(result).map(|r| r.pending))
}

/// On success, writes the proven age boundary (21 means 21+) and returns true; otherwise
/// returns false.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_age_over(
    result: *const yoti_poa_result,
    out_age_over: *mut u32,
) -> bool {
    read(false, || {
        let age_over = opt_handle(result)?.inner.age_over()?;
        Some(write_scalar(out_age_over, age_over))
    })
}

/// On failure, the reason (`PRESENTATION_ALREADY_USED`, `USER_DID_NOT_CONSENT`, …; unknown
/// values kept), else NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_failure_reason(
    result: *const yoti_poa_result,
) -> *const c_char {
    borrowed(result, |r| r.failure_reason.as_ref())
}

/// The credential provider (`YOTI`, `GOV_UK`, …), or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_provider(result: *const yoti_poa_result) -> *const c_char {
    borrowed(result, |r| r.provider.as_ref())
}

/// What a pending verification waits for (`USER_CONSENT`), or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_waiting_on(
    result: *const yoti_poa_result,
) -> *const c_char {
    borrowed(result, |r| r.waiting_on.as_ref())
}

/// How many checks a successful presentation passed.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_check_count(result: *const yoti_poa_result) -> usize {
    read(0, || opt_handle(result).map(|r| r.checks.len()))
}

/// Check `index` (`SIGNATURE_VERIFIED`, `PROVIDER_ON_DVS_REGISTER`, …), or NULL when out of
/// range. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_check(
    result: *const yoti_poa_result,
    index: usize,
) -> *const c_char {
    borrowed(result, |r| r.checks.get(index))
}

/// Every field as JSON (the typed result re-serialised). Free `*out_json` with
/// `yoti_string_free`.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_to_json(
    result: *const yoti_poa_result,
    out_json: *mut *mut c_char,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = OutString::new(out_json, "out_json")?;
        let json = serde_json::to_string(&handle(result, "result")?.inner)
            .map_err(|e| yoti_core::Error::Internal(format!("cannot serialise: {e}")))?;
        out.set(&json);
        Ok(())
    })
}

/// The JSON exactly as received. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_raw_json(result: *const yoti_poa_result) -> *const c_char {
    borrowed(result, |r| Some(r.raw.get(&r.inner.raw)))
}

/// Frees a PoA result. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_poa_result_free(result: *mut yoti_poa_result) {
    crate::ffi::free(result);
}
