//! # yoti-age-c
//!
//! The C binding of the yoti-age core: `libyoti_age.so` / `libyoti_age.a` and the header
//! `include/yoti_age.h`, generated from this crate by cbindgen (committed, drift-checked in
//! CI). See `bindings-c/README.md` for the conventions; the header repeats them.
//!
//! Layout: `ffi` holds every raw-pointer conversion and the one panic landing pad; the other
//! modules are the exported functions, grouped by API concept. Validation, decoding and HTTP
//! stay in the core: exports only convert arguments, call the core, and convert results.

// An FFI crate cannot avoid `unsafe`: `#[no_mangle]` exports and reading C pointers. The
// workspace forbids it; this crate denies it in Cargo.toml and allows it here, once. Every
// pointer read or write is a small `unsafe` block with a `// SAFETY:` comment in `ffi.rs`.
#![allow(unsafe_code)]
// The exported items keep their C names (`yoti_client`, `YOTI_STATUS_OK`), which the header
// shows unchanged.
#![allow(non_camel_case_types)]
// Exports are `unsafe extern "C"` because they read raw pointers; their one safety contract is
// written once at the top of the header (pointers are NULL or valid for the call) instead of
// in a `# Safety` section on each of them.
#![allow(clippy::missing_safety_doc)]

use std::ffi::c_char;

pub mod cancel;
pub mod client;
pub mod created_session;
pub mod error;
mod ffi;
pub mod poa;
pub mod selfie_outcome;
pub mod session_config;
pub mod session_result;
pub mod session_status;
pub mod session_view;
pub mod webhook;

/// Major version of the header (`YOTI_AGE_VERSION_MAJOR`); a unit test keeps it equal to the
/// crate version.
pub const YOTI_AGE_VERSION_MAJOR: u32 = 0;
/// Minor version of the header.
pub const YOTI_AGE_VERSION_MINOR: u32 = 1;
/// Patch version of the header.
pub const YOTI_AGE_VERSION_PATCH: u32 = 0;

/// The library's version, e.g. `"0.1.0"` (static; do not free). Compare it with the header's
/// `YOTI_AGE_VERSION` to check that the library loaded at run time is the one compiled against.
#[no_mangle]
pub extern "C" fn yoti_version() -> *const c_char {
    c"0.1.0".as_ptr()
}

/// Frees a string this library returned through a `char **` out-parameter (JSON, URLs).
/// NULL is a no-op. Never pass borrowed `const char *` accessor results here.
#[no_mangle]
pub unsafe extern "C" fn yoti_string_free(string: *mut c_char) {
    ffi::free_string(string);
}

/// Panics inside Rust on purpose and returns what every export returns then:
/// `YOTI_STATUS_PANIC`, with an error of kind `YOTI_ERROR_INTERNAL`. For tests of your error
/// handling (and of this library's landing pad); never needed in production code.
#[no_mangle]
pub unsafe extern "C" fn yoti_selftest_panic(
    out_error: *mut *mut error::yoti_error,
) -> error::yoti_status {
    ffi::call(out_error, || panic!("yoti_selftest_panic was called"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_version_matches_the_crate() {
        let version =
            format!("{YOTI_AGE_VERSION_MAJOR}.{YOTI_AGE_VERSION_MINOR}.{YOTI_AGE_VERSION_PATCH}");
        assert_eq!(version, env!("CARGO_PKG_VERSION"));
        // SAFETY: `yoti_version` returns a static NUL-terminated literal.
        let runtime = unsafe { std::ffi::CStr::from_ptr(yoti_version()) };
        assert_eq!(runtime.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn panics_become_a_status_and_an_internal_error() {
        let mut error = std::ptr::null_mut();
        // SAFETY: `error` is a valid out-parameter; the error is read, then freed once.
        let status = unsafe { yoti_selftest_panic(&mut error) };
        assert_eq!(status, error::yoti_status::YOTI_STATUS_PANIC);
        let code = unsafe { std::ffi::CStr::from_ptr(error::yoti_error_code(error)) };
        assert_eq!(code.to_str().unwrap(), "internal");
        unsafe { error::yoti_error_free(error) };
    }

    #[test]
    fn interior_nul_is_replaced_not_truncated() {
        assert_eq!(ffi_c_string("a\0b").to_str().unwrap(), "a\u{FFFD}b");
    }

    fn ffi_c_string(text: &str) -> std::ffi::CString {
        ffi::c_string(text)
    }
}
