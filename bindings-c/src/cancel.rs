//! Cancelling a call from another thread: a `yoti_cancel_token` and the clients made with it.

use crate::error::yoti_status;
use crate::ffi::{call, free, handle, Out};

/// Cancels, from any thread, every call of the clients made with it by
/// `yoti_client_with_cancel_token`: a call in flight returns `YOTI_STATUS_ERROR` with code
/// `cancelled` at once (its request is dropped, never retried), and later calls return it
/// without sending anything. Once cancelled it stays cancelled: make a new token for the next
/// interaction. Thread-safe. Free with `yoti_cancel_token_free` once no client made with it
/// is in use (the clients keep their own reference, so freeing the token early is safe too).
pub struct yoti_cancel_token {
    inner: yoti_core::CancelToken,
}

impl yoti_cancel_token {
    pub(crate) fn token(&self) -> &yoti_core::CancelToken {
        &self.inner
    }
}

/// A new token, not yet cancelled.
#[no_mangle]
pub unsafe extern "C" fn yoti_cancel_token_new(
    out_token: *mut *mut yoti_cancel_token,
) -> yoti_status {
    call(std::ptr::null_mut(), || {
        Out::new(out_token, "out_token")?.set(yoti_cancel_token {
            inner: yoti_core::CancelToken::new(),
        });
        Ok(())
    })
}

/// Cancels the calls of every client made with `token` (from any thread; idempotent).
#[no_mangle]
pub unsafe extern "C" fn yoti_cancel_token_cancel(token: *const yoti_cancel_token) -> yoti_status {
    call(std::ptr::null_mut(), || {
        handle(token, "token")?.inner.cancel();
        Ok(())
    })
}

/// Whether `yoti_cancel_token_cancel` has been called (false for NULL).
#[no_mangle]
pub unsafe extern "C" fn yoti_cancel_token_is_cancelled(token: *const yoti_cancel_token) -> bool {
    crate::ffi::read(false, || {
        crate::ffi::opt_handle(token).map(|t| t.inner.is_cancelled())
    })
}

/// Frees a token. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_cancel_token_free(token: *mut yoti_cancel_token) {
    free(token);
}
