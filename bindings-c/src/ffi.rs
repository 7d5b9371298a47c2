//! The boundary: every raw pointer the C caller hands in is turned into a Rust reference, string
//! or slice here, and every exported function runs inside `call` (or `read` for accessors),
//! the one `catch_unwind` landing pad. All `unsafe` of the crate lives in this module.
//!
//! The contract these helpers rely on is the header's: a pointer argument is either NULL or
//! points to a live object of the documented kind (a handle this library returned and that has
//! not been freed, a NUL-terminated string, or a buffer of the given length) for the duration
//! of the call. NULL is detected and reported; dangling pointers cannot be, in C.

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{yoti_error, yoti_status};

/// Why an export failed before or while calling the core.
pub(crate) enum Failure {
    /// A NULL pointer, invalid UTF-8, or an unknown name (method key, enum value).
    InvalidArgument(String),
    /// The core reported an error.
    Core(yoti_core::Error),
}

impl From<yoti_core::Error> for Failure {
    fn from(error: yoti_core::Error) -> Self {
        Failure::Core(error)
    }
}

pub(crate) type FfiResult<T> = Result<T, Failure>;

/// An invalid-argument failure naming the argument (never its value: it may be a secret).
pub(crate) fn invalid(name: &str, problem: &str) -> Failure {
    Failure::InvalidArgument(format!("{name}: {problem}"))
}

/// Runs an export: catches panics, maps failures to a status, writes `*out_error` (NULL on
/// success, a new error on failure) when `out_error` is not NULL.
pub(crate) fn call(
    out_error: *mut *mut yoti_error,
    body: impl FnOnce() -> FfiResult<()>,
) -> yoti_status {
    if !out_error.is_null() {
        // SAFETY: non-NULL `out_error` points to a writable `yoti_error*` (header contract).
        unsafe { out_error.write(std::ptr::null_mut()) };
    }
    let (status, error) = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return yoti_status::YOTI_STATUS_OK,
        Ok(Err(Failure::InvalidArgument(message))) => (
            yoti_status::YOTI_STATUS_INVALID_ARGUMENT,
            yoti_error::invalid_argument(message),
        ),
        Ok(Err(Failure::Core(error))) => (yoti_status::YOTI_STATUS_ERROR, yoti_error::core(&error)),
        Err(payload) => (yoti_status::YOTI_STATUS_PANIC, yoti_error::panic(payload)),
    };
    if !out_error.is_null() {
        // SAFETY: as above; ownership of the box passes to the caller (`yoti_error_free`).
        unsafe { out_error.write(Box::into_raw(Box::new(error))) };
    }
    status
}

/// Runs an accessor that cannot fail: NULL handles and panics give `default`.
pub(crate) fn read<T>(default: T, body: impl FnOnce() -> Option<T>) -> T {
    catch_unwind(AssertUnwindSafe(body))
        .ok()
        .flatten()
        .unwrap_or(default)
}

/// A handle argument, borrowed for the call; `None` when NULL.
pub(crate) fn opt_handle<'a, T>(ptr: *const T) -> Option<&'a T> {
    // SAFETY: non-NULL handles point to a live object this library allocated (header contract).
    unsafe { ptr.as_ref() }
}

/// A required handle argument.
pub(crate) fn handle<'a, T>(ptr: *const T, name: &str) -> FfiResult<&'a T> {
    opt_handle(ptr).ok_or_else(|| invalid(name, "must not be NULL"))
}

/// A required handle argument, mutably (builders; the header says they are single-threaded).
pub(crate) fn handle_mut<'a, T>(ptr: *mut T, name: &str) -> FfiResult<&'a mut T> {
    // SAFETY: non-NULL handles point to a live object this library allocated, used by one
    // thread at a time (header contract for builder handles).
    unsafe { ptr.as_mut() }.ok_or_else(|| invalid(name, "must not be NULL"))
}

/// A nullable string argument: `None` for NULL, an error for invalid UTF-8.
pub(crate) fn opt_str<'a>(ptr: *const c_char, name: &str) -> FfiResult<Option<&'a str>> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL string arguments are NUL-terminated and live for the call.
    let text = unsafe { CStr::from_ptr(ptr) };
    text.to_str()
        .map(Some)
        .map_err(|_| invalid(name, "is not valid UTF-8"))
}

/// A required string argument.
pub(crate) fn str_arg<'a>(ptr: *const c_char, name: &str) -> FfiResult<&'a str> {
    opt_str(ptr, name)?.ok_or_else(|| invalid(name, "must not be NULL"))
}

/// A byte buffer argument; NULL is allowed only with length 0.
pub(crate) fn bytes<'a>(ptr: *const u8, len: usize, name: &str) -> FfiResult<&'a [u8]> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(invalid(name, "is NULL with a non-zero length"))
        };
    }
    // SAFETY: non-NULL buffers hold `len` readable bytes for the call (header contract).
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// An array-of-structs argument; NULL is allowed only with count 0.
pub(crate) fn array<'a, T>(ptr: *const T, count: usize, name: &str) -> FfiResult<&'a [T]> {
    if ptr.is_null() {
        return if count == 0 {
            Ok(&[])
        } else {
            Err(invalid(name, "is NULL with a non-zero count"))
        };
    }
    // SAFETY: non-NULL arrays hold `count` initialised elements for the call (header contract).
    Ok(unsafe { std::slice::from_raw_parts(ptr, count) })
}

/// An out-parameter for an object the caller will own. Checked for NULL and set to NULL at
/// once, so that every failure path leaves `*out == NULL`.
pub(crate) struct Out<T>(*mut *mut T);

impl<T> Out<T> {
    pub(crate) fn new(ptr: *mut *mut T, name: &str) -> FfiResult<Self> {
        if ptr.is_null() {
            return Err(invalid(name, "must not be NULL"));
        }
        // SAFETY: non-NULL out-parameters point to a writable pointer (header contract).
        unsafe { ptr.write(std::ptr::null_mut()) };
        Ok(Self(ptr))
    }

    /// Hands `value` to the caller, who frees it with the matching `_free`.
    pub(crate) fn set(self, value: T) {
        // SAFETY: checked non-NULL and writable in `new`.
        unsafe { self.0.write(Box::into_raw(Box::new(value))) };
    }
}

/// An out-parameter for a string the caller will own (`yoti_string_free`).
pub(crate) struct OutString(*mut *mut c_char);

impl OutString {
    pub(crate) fn new(ptr: *mut *mut c_char, name: &str) -> FfiResult<Self> {
        if ptr.is_null() {
            return Err(invalid(name, "must not be NULL"));
        }
        // SAFETY: non-NULL out-parameters point to a writable pointer (header contract).
        unsafe { ptr.write(std::ptr::null_mut()) };
        Ok(Self(ptr))
    }

    pub(crate) fn set(self, value: &str) {
        // SAFETY: checked non-NULL and writable in `new`.
        unsafe { self.0.write(c_string(value).into_raw()) };
    }
}

/// Writes a scalar out-parameter when it is not NULL; returns whether it was written.
pub(crate) fn write_scalar<T>(ptr: *mut T, value: T) -> bool {
    if ptr.is_null() {
        return false;
    }
    // SAFETY: non-NULL scalar out-parameters point to writable storage (header contract).
    unsafe { ptr.write(value) };
    true
}

/// Frees a handle this library allocated; NULL is a no-op.
pub(crate) fn free<T>(ptr: *mut T) {
    if ptr.is_null() {
        return;
    }
    // Dropping must not unwind into C either; a panicking Drop is leaked instead.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `ptr` came from `Box::into_raw` in `Out::set` and is freed once (contract).
        drop(unsafe { Box::from_raw(ptr) });
    }));
}

/// Frees a string this library allocated; NULL is a no-op.
pub(crate) fn free_string(ptr: *mut c_char) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: `ptr` came from `CString::into_raw` in `OutString::set` and is freed once.
    drop(unsafe { CString::from_raw(ptr) });
}

/// A C string from Rust text; an interior NUL (legal in JSON strings) becomes U+FFFD.
pub(crate) fn c_string(text: &str) -> CString {
    CString::new(text)
        .unwrap_or_else(|_| CString::new(text.replace('\0', "\u{FFFD}")).unwrap_or_default())
}

/// An optional C string, for borrowed accessors.
pub(crate) fn opt_c_string(text: Option<&str>) -> Option<CString> {
    text.map(c_string)
}

/// The pointer of an optional borrowed string (NULL when absent).
pub(crate) fn ptr_of(text: Option<&CString>) -> *const c_char {
    text.map_or(std::ptr::null(), |s| s.as_ptr())
}

/// A borrowed-string accessor: the string lives as long as the handle.
pub(crate) fn borrowed<H>(
    ptr: *const H,
    field: impl FnOnce(&H) -> Option<&CString>,
) -> *const c_char {
    read(std::ptr::null(), || Some(ptr_of(field(opt_handle(ptr)?))))
}
