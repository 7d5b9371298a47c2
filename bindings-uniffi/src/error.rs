//! The binding's one error type, mapped from the core's in one exhaustive match.

use yoti_age::error::FieldError;
use yoti_age::Error;

/// Every failure of the SDK: `YotiAgeException.Failed` in Kotlin, `YotiAgeError.failed` in
/// Swift. `code` is the stable machine code, identical in every language
/// (`validation`, `auth.unauthenticated`, `not_found`, `rate_limited`, `webhook.invalid_signature`...).
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum YotiAgeError {
    /// The one variant: every error carries the same fields.
    #[error("{code}: {detail}")]
    Failed {
        /// Stable machine code (`Error::code()` of the core).
        code: String,
        /// Human-readable description, naming the field or check that failed. Never holds a secret.
        detail: String,
        /// HTTP status of the failed response, if any.
        status: Option<u16>,
        /// `X-Request-ID` of the failed response, if any.
        request_id: Option<String>,
        /// The API's own error code (`error_code` in the body), if any.
        api_code: Option<String>,
        /// The `Retry-After` delay in milliseconds, if the server sent one.
        retry_after_ms: Option<u64>,
        /// Field errors: from client-side validation (exact JSON paths), or from the server.
        field_errors: Vec<FieldError>,
    },
}

impl YotiAgeError {
    /// An `internal` error (a bug in the SDK, or a runtime that could not start).
    pub(crate) fn internal(message: String) -> Self {
        Error::Internal(message).into()
    }

    /// The stable machine code.
    pub fn code(&self) -> &str {
        match self {
            YotiAgeError::Failed { code, .. } => code,
        }
    }
}

impl From<Error> for YotiAgeError {
    fn from(error: Error) -> Self {
        let code = error.code().to_owned();
        let detail = error.to_string();
        // One arm per variant and no wildcard (design rule 4, docs/design.md §3): a new core
        // variant does not compile until it is mapped here.
        let (status, request_id, api_code, retry_after, field_errors) = match error {
            Error::BadRequest(api)
            | Error::Unauthenticated(api)
            | Error::Forbidden(api)
            | Error::NotFound(api)
            | Error::Conflict(api)
            | Error::Unprocessable(api)
            | Error::RateLimited(api)
            | Error::Server(api)
            | Error::Api(api)
            | Error::Token(api) => {
                let api = *api;
                (
                    Some(api.status),
                    api.request_id,
                    api.api_code,
                    api.retry_after,
                    api.field_errors,
                )
            }
            Error::Validation(fields) => (None, None, None, None, fields),
            Error::Decode {
                status, request_id, ..
            } => (status, request_id, None, None, Vec::new()),
            Error::Config(_)
            | Error::Timeout(_)
            | Error::Transport { .. }
            | Error::Webhook { .. }
            | Error::PoaQrStale { .. }
            | Error::Cancelled
            | Error::Internal(_) => (None, None, None, None, Vec::new()),
        };
        YotiAgeError::Failed {
            code,
            detail,
            status,
            request_id,
            api_code,
            retry_after_ms: retry_after.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            field_errors,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use yoti_age::ApiError;

    use super::*;

    fn fields(e: &YotiAgeError) -> &[FieldError] {
        match e {
            YotiAgeError::Failed { field_errors, .. } => field_errors,
        }
    }

    #[test]
    fn http_errors_keep_status_request_id_api_code_and_retry_after() {
        let api = ApiError::from_response(
            429,
            Some("req-9".into()),
            Some(Duration::from_millis(1500)),
            r#"{"error_code":"TOO_MANY","message":"slow down","errors":[{"field":"ttl","message":"m"}]}"#.into(),
        );
        let e = YotiAgeError::from(Error::from_status(api));
        let YotiAgeError::Failed {
            code,
            detail,
            status,
            request_id,
            api_code,
            retry_after_ms,
            ..
        } = &e;
        assert_eq!(code, "rate_limited");
        assert!(detail.contains("slow down"), "{detail}");
        assert_eq!(*status, Some(429));
        assert_eq!(request_id.as_deref(), Some("req-9"));
        assert_eq!(api_code.as_deref(), Some("TOO_MANY"));
        assert_eq!(*retry_after_ms, Some(1500));
        assert_eq!(fields(&e)[0].field, "ttl");
    }

    #[test]
    fn validation_keeps_every_field_error_and_codes_are_the_core_codes() {
        let e = YotiAgeError::from(Error::Validation(vec![
            FieldError::new("ttl", "required", "ttl is required"),
            FieldError::new("age_estimation.threshold", "range", "1..120"),
        ]));
        assert_eq!(e.code(), "validation");
        assert_eq!(fields(&e).len(), 2);
        let decode = YotiAgeError::from(Error::Decode {
            message: "bad".into(),
            status: Some(200),
            request_id: Some("r".into()),
        });
        let YotiAgeError::Failed {
            status, request_id, ..
        } = &decode;
        assert_eq!((*status, request_id.as_deref()), (Some(200), Some("r")));
        assert_eq!(YotiAgeError::from(Error::Cancelled).code(), "cancelled");
    }
}
