//! Status codes and the error object. Core errors are mapped to C in one place,
//! `yoti_error::core`, with an exhaustive match: a new core variant fails to compile here.

use std::any::Any;
use std::ffi::{c_char, CString};

use yoti_core::{Error, WebhookErrorKind};

use crate::ffi::{borrowed, c_string, opt_c_string, opt_handle, read, write_scalar};

/// What a fallible function did. The numeric values are fixed and never reused.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum yoti_status {
    /// Success: the out-parameters hold the results.
    YOTI_STATUS_OK = 0,
    /// The operation failed: `*out_error` (when asked for) says why, with a stable code.
    YOTI_STATUS_ERROR = 1,
    /// A NULL pointer where one is required, a string that is not UTF-8, or an unknown name
    /// (method key, enum value). Nothing was sent. `*out_error` has kind
    /// `YOTI_ERROR_INVALID_ARGUMENT` and a message naming the argument.
    YOTI_STATUS_INVALID_ARGUMENT = 2,
    /// A bug: Rust panicked inside the library. The panic was caught (it never unwinds into C);
    /// `*out_error` has kind `YOTI_ERROR_INTERNAL`. The handles passed in may be left in an
    /// unspecified but valid state: free them.
    YOTI_STATUS_PANIC = 3,
}

/// The kind of an error: one value per stable code of `yoti_error_code`. The numeric values
/// are fixed and never reused.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum yoti_error_kind {
    /// `invalid_argument`: C only, the status `YOTI_STATUS_INVALID_ARGUMENT` (where other
    /// languages raise their own type errors).
    YOTI_ERROR_INVALID_ARGUMENT = 1,
    /// `validation`: the request failed client-side validation; see the field errors.
    YOTI_ERROR_VALIDATION = 2,
    /// `config`: the client configuration is invalid.
    YOTI_ERROR_CONFIG = 3,
    /// `bad_request`: HTTP 400.
    YOTI_ERROR_BAD_REQUEST = 4,
    /// `auth.unauthenticated`: HTTP 401.
    YOTI_ERROR_AUTH_UNAUTHENTICATED = 5,
    /// `auth.forbidden`: HTTP 403.
    YOTI_ERROR_AUTH_FORBIDDEN = 6,
    /// `not_found`: HTTP 404.
    YOTI_ERROR_NOT_FOUND = 7,
    /// `conflict`: HTTP 409 (e.g. the session expired).
    YOTI_ERROR_CONFLICT = 8,
    /// `unprocessable`: HTTP 422.
    YOTI_ERROR_UNPROCESSABLE = 9,
    /// `rate_limited`: HTTP 429; see `yoti_error_retry_after_ms`.
    YOTI_ERROR_RATE_LIMITED = 10,
    /// `server`: HTTP 5xx.
    YOTI_ERROR_SERVER = 11,
    /// `api`: any other non-success HTTP status.
    YOTI_ERROR_API = 12,
    /// `token`: the central-auth token endpoint refused to issue a token.
    YOTI_ERROR_TOKEN = 13,
    /// `timeout`: a connect, per-attempt or total timeout elapsed.
    YOTI_ERROR_TIMEOUT = 14,
    /// `transport`: the connection failed.
    YOTI_ERROR_TRANSPORT = 15,
    /// `decode`: a success response (or JSON given to a `_from_json`) could not be decoded.
    YOTI_ERROR_DECODE = 16,
    /// `webhook.invalid_signature`.
    YOTI_ERROR_WEBHOOK_INVALID_SIGNATURE = 17,
    /// `webhook.malformed`.
    YOTI_ERROR_WEBHOOK_MALFORMED = 18,
    /// `webhook.missing_field`.
    YOTI_ERROR_WEBHOOK_MISSING_FIELD = 19,
    /// `webhook.stale`.
    YOTI_ERROR_WEBHOOK_STALE = 20,
    /// `webhook.invalid_secret`.
    YOTI_ERROR_WEBHOOK_INVALID_SECRET = 21,
    /// `poa.qr_stale`: the QR code was scanned more than 30 s ago; nothing was sent.
    YOTI_ERROR_POA_QR_STALE = 22,
    /// `cancelled`.
    YOTI_ERROR_CANCELLED = 23,
    /// `internal`: a bug inside the library (caught panics are reported here).
    YOTI_ERROR_INTERNAL = 24,
}

/// One field error: client-side validation or reported by the server.
struct FieldError {
    path: CString,
    rule: CString,
    message: CString,
}

/// Why a call failed. Created by the library, owned by the caller, freed with
/// `yoti_error_free`. Immutable: safe to read from several threads at once.
pub struct yoti_error {
    kind: yoti_error_kind,
    code: CString,
    message: CString,
    http_status: u16,
    api_code: Option<CString>,
    request_id: Option<CString>,
    retry_after_ms: Option<u64>,
    body: Option<CString>,
    fields: Vec<FieldError>,
}

impl yoti_error {
    fn simple(kind: yoti_error_kind, code: &str, message: String) -> Self {
        Self {
            kind,
            code: c_string(code),
            message: c_string(&message),
            http_status: 0,
            api_code: None,
            request_id: None,
            retry_after_ms: None,
            body: None,
            fields: Vec::new(),
        }
    }

    pub(crate) fn invalid_argument(message: String) -> Self {
        Self::simple(
            yoti_error_kind::YOTI_ERROR_INVALID_ARGUMENT,
            "invalid_argument",
            message,
        )
    }

    pub(crate) fn panic(payload: Box<dyn Any + Send>) -> Self {
        let error = yoti_core::runtime::panic_error(payload.as_ref());
        drop(payload);
        Self::core(&error)
    }

    /// The one mapping of core errors to C (design rule 4, docs/design.md §3: exhaustive, no
    /// wildcard).
    pub(crate) fn core(error: &Error) -> Self {
        use yoti_error_kind::*;
        let kind = match error {
            Error::Validation(_) => YOTI_ERROR_VALIDATION,
            Error::Config(_) => YOTI_ERROR_CONFIG,
            Error::BadRequest(_) => YOTI_ERROR_BAD_REQUEST,
            Error::Unauthenticated(_) => YOTI_ERROR_AUTH_UNAUTHENTICATED,
            Error::Forbidden(_) => YOTI_ERROR_AUTH_FORBIDDEN,
            Error::NotFound(_) => YOTI_ERROR_NOT_FOUND,
            Error::Conflict(_) => YOTI_ERROR_CONFLICT,
            Error::Unprocessable(_) => YOTI_ERROR_UNPROCESSABLE,
            Error::RateLimited(_) => YOTI_ERROR_RATE_LIMITED,
            Error::Server(_) => YOTI_ERROR_SERVER,
            Error::Api(_) => YOTI_ERROR_API,
            Error::Token(_) => YOTI_ERROR_TOKEN,
            Error::Timeout(_) => YOTI_ERROR_TIMEOUT,
            Error::Transport { .. } => YOTI_ERROR_TRANSPORT,
            Error::Decode { .. } => YOTI_ERROR_DECODE,
            Error::Webhook { kind, .. } => match kind {
                WebhookErrorKind::InvalidSignature => YOTI_ERROR_WEBHOOK_INVALID_SIGNATURE,
                WebhookErrorKind::Malformed => YOTI_ERROR_WEBHOOK_MALFORMED,
                WebhookErrorKind::MissingField => YOTI_ERROR_WEBHOOK_MISSING_FIELD,
                WebhookErrorKind::Stale => YOTI_ERROR_WEBHOOK_STALE,
                WebhookErrorKind::InvalidSecret => YOTI_ERROR_WEBHOOK_INVALID_SECRET,
            },
            Error::PoaQrStale { .. } => YOTI_ERROR_POA_QR_STALE,
            Error::Cancelled => YOTI_ERROR_CANCELLED,
            Error::Internal(_) => YOTI_ERROR_INTERNAL,
        };
        Self {
            kind,
            code: c_string(error.code()),
            message: c_string(&error.message()),
            http_status: error.status().unwrap_or(0),
            api_code: opt_c_string(error.api_code()),
            request_id: opt_c_string(error.request_id()),
            retry_after_ms: error
                .retry_after()
                .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            body: opt_c_string(error.api_error().map(|a| a.body.as_str())),
            fields: error
                .field_errors()
                .iter()
                .map(|f| FieldError {
                    path: c_string(&f.field),
                    rule: c_string(&f.rule),
                    message: c_string(&f.message),
                })
                .collect(),
        }
    }
}

/// The kind of `error`; `YOTI_ERROR_INTERNAL` for NULL.
#[no_mangle]
pub unsafe extern "C" fn yoti_error_get_kind(error: *const yoti_error) -> yoti_error_kind {
    read(yoti_error_kind::YOTI_ERROR_INTERNAL, || {
        opt_handle(error).map(|e| e.kind)
    })
}

/// The stable machine code, identical in every language: `validation`, `config`,
/// `bad_request`, `auth.unauthenticated`, `auth.forbidden`, `not_found`, `conflict`,
/// `unprocessable`, `rate_limited`, `server`, `api`, `token`, `timeout`, `transport`, `decode`,
/// `webhook.invalid_signature`, `webhook.malformed`, `webhook.missing_field`, `webhook.stale`,
/// `webhook.invalid_secret`, `poa.qr_stale`, `cancelled`, `internal`; and `invalid_argument`
/// (C only). Borrowed from `error`; NULL for NULL.
#[no_mangle]
pub unsafe extern "C" fn yoti_error_code(error: *const yoti_error) -> *const c_char {
    borrowed(error, |e| Some(&e.code))
}

/// A human-readable message (never contains API keys, private keys or tokens). Borrowed from
/// `error`; NULL for NULL.
#[no_mangle]
pub unsafe extern "C" fn yoti_error_message(error: *const yoti_error) -> *const c_char {
    borrowed(error, |e| Some(&e.message))
}

/// The HTTP status of the response that caused the error, or 0 when none (and for NULL).
#[no_mangle]
pub unsafe extern "C" fn yoti_error_http_status(error: *const yoti_error) -> u16 {
    read(0, || opt_handle(error).map(|e| e.http_status))
}

/// The API's own error code (`error_code` in the body, e.g. `SESSION_EXPIRED` or a selfie
/// code such as `FACE_NOT_FOUND`), or NULL. Borrowed from `error`.
#[no_mangle]
pub unsafe extern "C" fn yoti_error_api_code(error: *const yoti_error) -> *const c_char {
    borrowed(error, |e| e.api_code.as_ref())
}

/// The `X-Request-ID` of the failed response (quote it to Yoti support), or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_error_request_id(error: *const yoti_error) -> *const c_char {
    borrowed(error, |e| e.request_id.as_ref())
}

/// The raw body of the failed HTTP response, or NULL. Borrowed from `error`.
#[no_mangle]
pub unsafe extern "C" fn yoti_error_body(error: *const yoti_error) -> *const c_char {
    borrowed(error, |e| e.body.as_ref())
}

/// Writes the server's `Retry-After` delay in milliseconds to `*out_ms` and returns true, or
/// returns false when there was none (or an argument is NULL).
#[no_mangle]
pub unsafe extern "C" fn yoti_error_retry_after_ms(
    error: *const yoti_error,
    out_ms: *mut u64,
) -> bool {
    read(false, || {
        let ms = opt_handle(error)?.retry_after_ms?;
        Some(write_scalar(out_ms, ms))
    })
}

/// How many field errors the error carries (validation errors, or `errors[]` from the server).
#[no_mangle]
pub unsafe extern "C" fn yoti_error_field_count(error: *const yoti_error) -> usize {
    read(0, || opt_handle(error).map(|e| e.fields.len()))
}

/// The JSON path of field error `index` (`age_estimation.threshold`, `blocked_locations[1]`),
/// or NULL when out of range. Borrowed from `error`.
#[no_mangle]
pub unsafe extern "C" fn yoti_error_field_path(
    error: *const yoti_error,
    index: usize,
) -> *const c_char {
    borrowed(error, |e| e.fields.get(index).map(|f| &f.path))
}

/// The stable rule code of field error `index` (`required`, `range`, `max_length`, `format`,
/// `url`, `one_of`, `dependency`, `no_method`), or NULL when out of range. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_error_field_rule(
    error: *const yoti_error,
    index: usize,
) -> *const c_char {
    borrowed(error, |e| e.fields.get(index).map(|f| &f.rule))
}

/// The message of field error `index`, or NULL when out of range. Borrowed from `error`.
#[no_mangle]
pub unsafe extern "C" fn yoti_error_field_message(
    error: *const yoti_error,
    index: usize,
) -> *const c_char {
    borrowed(error, |e| e.fields.get(index).map(|f| &f.message))
}

/// Frees an error. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_error_free(error: *mut yoti_error) {
    crate::ffi::free(error);
}
