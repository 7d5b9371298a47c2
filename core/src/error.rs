//! The one error type of the crate, with stable machine codes shared by every language.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One field that failed validation, named by its JSON path (`age_estimation.retry_limit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FieldError {
    /// JSON path of the field, e.g. `age_estimation.threshold` or `blocked_locations[1]`.
    pub field: String,
    /// Stable rule code, e.g. `range`, `required`, `format` (see [`rule`]).
    pub rule: String,
    /// Human-readable explanation naming the field and the rule.
    pub message: String,
}

impl FieldError {
    /// Creates a field error.
    pub fn new(field: impl Into<String>, rule: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule: rule.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.field, self.message, self.rule)
    }
}

/// Stable rule codes carried by [`FieldError::rule`].
pub mod rule {
    /// A required value is missing.
    pub const REQUIRED: &str = "required";
    /// A number is outside its allowed range.
    pub const RANGE: &str = "range";
    /// A string is longer than allowed.
    pub const MAX_LENGTH: &str = "max_length";
    /// A string does not have the required shape (UUID, country code...).
    pub const FORMAT: &str = "format";
    /// A URL is not absolute http(s), or not https where https is required.
    pub const URL: &str = "url";
    /// A value is not one of the allowed values.
    pub const ONE_OF: &str = "one_of";
    /// A field requires another field or method to be present.
    pub const DEPENDENCY: &str = "dependency";
    /// The session allows no method at all.
    pub const NO_METHOD: &str = "no_method";
    /// A key the model does not have (a misspelt or unsupported field); use `extra` to send
    /// fields Yoti added before this SDK models them.
    pub const UNKNOWN_FIELD: &str = "unknown_field";
}

/// Details of an HTTP error response from the API (or the token endpoint).
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// The API's own error code (`error_code` in the body), when present.
    pub api_code: Option<String>,
    /// Message from the body (`message`, else `error_message`, else `context`) or the status text.
    pub message: String,
    /// The `X-Request-ID` response header, when present.
    pub request_id: Option<String>,
    /// The `Retry-After` delay, when the response carried one.
    pub retry_after: Option<Duration>,
    /// Field errors reported by the server (`errors[]`).
    pub field_errors: Vec<FieldError>,
    /// The raw response body, kept for forward compatibility.
    pub body: String,
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("api_code", &self.api_code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("retry_after", &self.retry_after)
            .field("field_errors", &self.field_errors)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl ApiError {
    /// Builds the details from a response status, headers already extracted, and body text.
    ///
    /// The body is parsed leniently (Project decision 3, docs/yoti-api.md): message from `message`,
    /// else `error_message`, else `context`; code from `error_code`; `errors[]` as field errors.
    pub fn from_response(
        status: u16,
        request_id: Option<String>,
        retry_after: Option<Duration>,
        body: String,
    ) -> Self {
        let parsed: Option<serde_json::Value> = serde_json::from_str(&body).ok();
        let text = |key: &str| {
            parsed
                .as_ref()
                .and_then(|v| v.get(key))
                .and_then(|v| v.as_str())
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let message = text("message")
            .or_else(|| text("error_message"))
            .or_else(|| text("context"))
            .unwrap_or_else(|| format!("HTTP {status}"));
        let field_errors = parsed
            .as_ref()
            .and_then(|v| v.get("errors"))
            .and_then(|v| v.as_array())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| {
                        let field = item.get("field")?.as_str()?;
                        let message = item.get("message").and_then(|m| m.as_str()).unwrap_or("");
                        let rule = item
                            .get("rule")
                            .and_then(|m| m.as_str())
                            .unwrap_or("invalid");
                        Some(FieldError::new(field, rule, message))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            status,
            api_code: text("error_code"),
            message,
            request_id,
            retry_after,
            field_errors,
            body,
        }
    }
}

/// Kind of a transport failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// The connection could not be established (refused, DNS, unreachable).
    Connect,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// The connection broke while sending or receiving.
    Io,
}

/// Why a webhook was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookErrorKind {
    /// The signature does not match the body and key.
    InvalidSignature,
    /// The body is not a JSON object.
    Malformed,
    /// A required member is missing or has the wrong type.
    MissingField,
    /// The timestamp is outside the configured tolerance.
    Stale,
    /// The PoA webhook's header secret does not match.
    InvalidSecret,
}

/// Every failure the SDK reports. Match on the variant in Rust, or use [`Error::code`], which is
/// stable and identical in every language.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// The request failed client-side validation; nothing was sent.
    #[error("invalid request: {}", join_fields(.0))]
    Validation(Vec<FieldError>),
    /// The client configuration is invalid (missing SDK id, bad URL, unreadable key...).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// 400 from the server.
    #[error("bad request: {}", .0.message)]
    BadRequest(Box<ApiError>),
    /// 401: missing or unknown SDK id, or missing or invalid token.
    #[error("unauthenticated: {}", .0.message)]
    Unauthenticated(Box<ApiError>),
    /// 403: wrong API key, or not allowed.
    #[error("forbidden: {}", .0.message)]
    Forbidden(Box<ApiError>),
    /// 404: unknown session or resource.
    #[error("not found: {}", .0.message)]
    NotFound(Box<ApiError>),
    /// 409: the session has expired or is not in a state that allows the operation.
    #[error("conflict: {}", .0.message)]
    Conflict(Box<ApiError>),
    /// 422: the payload could not be processed (PoA).
    #[error("unprocessable: {}", .0.message)]
    Unprocessable(Box<ApiError>),
    /// 429: rate limited; see `retry_after`.
    #[error("rate limited: {}", .0.message)]
    RateLimited(Box<ApiError>),
    /// 5xx from the server.
    #[error("server error: {}", .0.message)]
    Server(Box<ApiError>),
    /// Any other non-success HTTP status.
    #[error("unexpected HTTP status {}: {}", .0.status, .0.message)]
    Api(Box<ApiError>),
    /// The central-auth token endpoint refused to issue a token.
    #[error("token request failed: {}", .0.message)]
    Token(Box<ApiError>),
    /// A connect, per-attempt or total timeout elapsed.
    #[error("timed out: {0}")]
    Timeout(String),
    /// The connection failed (connect, TLS, or broken while in flight).
    #[error("transport error ({kind:?}): {message}")]
    Transport {
        /// What part of the transport failed.
        kind: TransportKind,
        /// Description of the failure.
        message: String,
    },
    /// A success response whose body could not be decoded.
    #[error("could not decode response: {message}")]
    Decode {
        /// What was wrong with the body.
        message: String,
        /// HTTP status of the response.
        status: Option<u16>,
        /// The `X-Request-ID` response header, when present.
        request_id: Option<String>,
    },
    /// A webhook failed verification or parsing.
    #[error("webhook rejected: {message}")]
    Webhook {
        /// Why it was rejected.
        kind: WebhookErrorKind,
        /// Description naming the member or check that failed.
        message: String,
    },
    /// The PoA QR code was scanned longer ago than its 30 s validity window; nothing was sent.
    #[error("QR code scanned {age_seconds} s ago, past its 30 s validity window")]
    PoaQrStale {
        /// Seconds between `scanned_at` and now.
        age_seconds: i64,
    },
    /// The operation was cancelled by the caller.
    #[error("cancelled")]
    Cancelled,
    /// A bug inside the SDK (bindings report caught panics here).
    #[error("internal error: {0}")]
    Internal(String),
}

fn join_fields(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    /// Every code [`Error::code`] can return, in a stable order. Bindings export or test
    /// against this list; a test below keeps it equal to `code()`.
    pub const CODES: &'static [&'static str] = &[
        "validation",
        "config",
        "bad_request",
        "auth.unauthenticated",
        "auth.forbidden",
        "not_found",
        "conflict",
        "unprocessable",
        "rate_limited",
        "server",
        "api",
        "token",
        "timeout",
        "transport",
        "decode",
        "webhook.invalid_signature",
        "webhook.malformed",
        "webhook.missing_field",
        "webhook.stale",
        "webhook.invalid_secret",
        "poa.qr_stale",
        "cancelled",
        "internal",
    ];

    /// Stable machine code of this error, identical in every language.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::Config(_) => "config",
            Error::BadRequest(_) => "bad_request",
            Error::Unauthenticated(_) => "auth.unauthenticated",
            Error::Forbidden(_) => "auth.forbidden",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Unprocessable(_) => "unprocessable",
            Error::RateLimited(_) => "rate_limited",
            Error::Server(_) => "server",
            Error::Api(_) => "api",
            Error::Token(_) => "token",
            Error::Timeout(_) => "timeout",
            Error::Transport { .. } => "transport",
            Error::Decode { .. } => "decode",
            Error::Webhook { kind, .. } => match kind {
                WebhookErrorKind::InvalidSignature => "webhook.invalid_signature",
                WebhookErrorKind::Malformed => "webhook.malformed",
                WebhookErrorKind::MissingField => "webhook.missing_field",
                WebhookErrorKind::Stale => "webhook.stale",
                WebhookErrorKind::InvalidSecret => "webhook.invalid_secret",
            },
            Error::PoaQrStale { .. } => "poa.qr_stale",
            Error::Cancelled => "cancelled",
            Error::Internal(_) => "internal",
        }
    }

    /// Maps an HTTP error response to the variant of its status (Project decision 4).
    pub fn from_status(api: ApiError) -> Self {
        let api = Box::new(api);
        match api.status {
            400 => Error::BadRequest(api),
            401 => Error::Unauthenticated(api),
            403 => Error::Forbidden(api),
            404 => Error::NotFound(api),
            409 => Error::Conflict(api),
            422 => Error::Unprocessable(api),
            429 => Error::RateLimited(api),
            500..=599 => Error::Server(api),
            _ => Error::Api(api),
        }
    }

    /// The HTTP error details, for errors that came from an HTTP response.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::BadRequest(a)
            | Error::Unauthenticated(a)
            | Error::Forbidden(a)
            | Error::NotFound(a)
            | Error::Conflict(a)
            | Error::Unprocessable(a)
            | Error::RateLimited(a)
            | Error::Server(a)
            | Error::Api(a)
            | Error::Token(a) => Some(a.as_ref()),
            _ => None,
        }
    }

    /// HTTP status of the response that caused the error, if any.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. } => *status,
            _ => self.api_error().map(|a| a.status),
        }
    }

    /// The API's own error code (`error_code`), if any.
    pub fn api_code(&self) -> Option<&str> {
        self.api_error().and_then(|a| a.api_code.as_deref())
    }

    /// The `X-Request-ID` of the failed response, if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => self.api_error().and_then(|a| a.request_id.as_deref()),
        }
    }

    /// The `Retry-After` delay the server asked for, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|a| a.retry_after)
    }

    /// Field errors: from client-side validation, or reported by the server.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Validation(errors) => errors,
            _ => self.api_error().map_or(&[], |a| &a.field_errors),
        }
    }

    /// The message without the code prefix, as carried by the error.
    pub fn message(&self) -> String {
        match self.api_error() {
            Some(a) => a.message.clone(),
            None => self.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One value of every variant; the match below stops compiling when a variant is added,
    /// so a new variant cannot be left out of this list (nor its code out of `CODES`).
    fn one_of_each() -> Vec<Error> {
        let api = || Box::new(ApiError::from_response(500, None, None, String::new()));
        let webhook = |kind| Error::Webhook {
            kind,
            message: String::new(),
        };
        let all = vec![
            Error::Validation(Vec::new()),
            Error::Config(String::new()),
            Error::BadRequest(api()),
            Error::Unauthenticated(api()),
            Error::Forbidden(api()),
            Error::NotFound(api()),
            Error::Conflict(api()),
            Error::Unprocessable(api()),
            Error::RateLimited(api()),
            Error::Server(api()),
            Error::Api(api()),
            Error::Token(api()),
            Error::Timeout(String::new()),
            Error::Transport {
                kind: TransportKind::Connect,
                message: String::new(),
            },
            Error::Decode {
                message: String::new(),
                status: None,
                request_id: None,
            },
            webhook(WebhookErrorKind::InvalidSignature),
            webhook(WebhookErrorKind::Malformed),
            webhook(WebhookErrorKind::MissingField),
            webhook(WebhookErrorKind::Stale),
            webhook(WebhookErrorKind::InvalidSecret),
            Error::PoaQrStale { age_seconds: 31 },
            Error::Cancelled,
            Error::Internal(String::new()),
        ];
        for e in &all {
            match e {
                Error::Validation(_)
                | Error::Config(_)
                | Error::BadRequest(_)
                | Error::Unauthenticated(_)
                | Error::Forbidden(_)
                | Error::NotFound(_)
                | Error::Conflict(_)
                | Error::Unprocessable(_)
                | Error::RateLimited(_)
                | Error::Server(_)
                | Error::Api(_)
                | Error::Token(_)
                | Error::Timeout(_)
                | Error::Transport { .. }
                | Error::Decode { .. }
                | Error::PoaQrStale { .. }
                | Error::Cancelled
                | Error::Internal(_) => {}
                Error::Webhook { kind, .. } => match kind {
                    WebhookErrorKind::InvalidSignature
                    | WebhookErrorKind::Malformed
                    | WebhookErrorKind::MissingField
                    | WebhookErrorKind::Stale
                    | WebhookErrorKind::InvalidSecret => {}
                },
            }
        }
        all
    }

    #[test]
    fn codes_lists_every_code_once_in_order() {
        let codes: Vec<&str> = one_of_each().iter().map(Error::code).collect();
        assert_eq!(codes, Error::CODES);
    }

    #[test]
    fn lenient_body_parsing_prefers_message_then_error_message_then_context() {
        let a = ApiError::from_response(
            400,
            None,
            None,
            r#"{"error_code":"E1","context":"c","error_message":"em"}"#.into(),
        );
        assert_eq!(a.message, "em");
        assert_eq!(a.api_code.as_deref(), Some("E1"));
        let b = ApiError::from_response(400, None, None, r#"{"context":"c"}"#.into());
        assert_eq!(b.message, "c");
        let c = ApiError::from_response(502, None, None, "<html>bad gateway</html>".into());
        assert_eq!(c.message, "HTTP 502");
        assert_eq!(c.body, "<html>bad gateway</html>");
    }

    #[test]
    fn server_field_errors_are_kept() {
        let a = ApiError::from_response(
            400,
            Some("req-1".into()),
            None,
            r#"{"error_code":"VALIDATION","message":"m","errors":[{"field":"ttl","message":"too small"}]}"#.into(),
        );
        let e = Error::from_status(a);
        assert_eq!(e.code(), "bad_request");
        assert_eq!(e.field_errors()[0].field, "ttl");
        assert_eq!(e.request_id(), Some("req-1"));
    }

    #[test]
    fn status_maps_to_stable_codes() {
        let codes: Vec<_> = [400, 401, 403, 404, 409, 422, 429, 500, 503, 418]
            .into_iter()
            .map(|s| {
                Error::from_status(ApiError::from_response(s, None, None, String::new())).code()
            })
            .collect();
        assert_eq!(
            codes,
            [
                "bad_request",
                "auth.unauthenticated",
                "auth.forbidden",
                "not_found",
                "conflict",
                "unprocessable",
                "rate_limited",
                "server",
                "server",
                "api"
            ]
        );
    }
}
