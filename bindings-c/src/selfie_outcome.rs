//! The outcome of a headless selfie upload (`yoti_selfie_outcome`).

use std::ffi::{c_char, CString};

use yoti_core::headless::SelfieOutcome;

use crate::ffi::{borrowed, c_string, opt_handle, read, write_scalar};
use crate::session_status::{session_status, yoti_session_status};

/// The answer to a headless selfie upload. Immutable. Free with `yoti_selfie_outcome_free`.
pub struct yoti_selfie_outcome {
    inner: SelfieOutcome,
    status: CString,
}

impl yoti_selfie_outcome {
    pub(crate) fn new(inner: SelfieOutcome) -> Self {
        Self {
            status: c_string(inner.status.as_str()),
            inner,
        }
    }
}

/// The outcome status: `YOTI_SESSION_STATUS_COMPLETE` or `YOTI_SESSION_STATUS_FAIL`.
#[no_mangle]
pub unsafe extern "C" fn yoti_selfie_outcome_status(
    outcome: *const yoti_selfie_outcome,
) -> yoti_session_status {
    read(yoti_session_status::YOTI_SESSION_STATUS_OTHER, || {
        opt_handle(outcome).map(|o| session_status(&o.inner.status))
    })
}

/// The outcome status as text. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_selfie_outcome_status_text(
    outcome: *const yoti_selfie_outcome,
) -> *const c_char {
    borrowed(outcome, |o| Some(&o.status))
}

/// Writes the attempts left and returns true, or returns false when not reported.
#[no_mangle]
pub unsafe extern "C" fn yoti_selfie_outcome_attempts_remaining(
    outcome: *const yoti_selfie_outcome,
    out_remaining: *mut u32,
) -> bool {
    read(false, || {
        let n = opt_handle(outcome)?.inner.attempts_remaining?;
        Some(write_scalar(out_remaining, n))
    })
}

/// Writes whether no retries are left and returns true, or returns false when not reported.
#[no_mangle]
pub unsafe extern "C" fn yoti_selfie_outcome_retries_depleted(
    outcome: *const yoti_selfie_outcome,
    out_depleted: *mut bool,
) -> bool {
    read(false, || {
        let depleted = opt_handle(outcome)?.inner.retries_depleted?;
        Some(write_scalar(out_depleted, depleted))
    })
}

/// Frees a selfie outcome. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_selfie_outcome_free(outcome: *mut yoti_selfie_outcome) {
    crate::ffi::free(outcome);
}
