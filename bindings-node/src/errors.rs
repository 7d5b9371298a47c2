//! The one mapping of core errors to what JavaScript sees: every field of `YotiAgeError`,
//! as JSON. The thin JS layer only wraps it in the class.

use serde_json::{json, Value};

/// The error as the JSON object the JS layer turns into a `YotiAgeError`: `code`, `message`,
/// `status`, `requestId`, `apiCode`, `fieldErrors`, `retryAfter` (seconds). Never contains
/// secrets: the core's messages do not carry them.
pub fn error_value(e: &yoti_age::Error) -> Value {
    json!({
        "code": e.code(),
        "message": e.to_string(),
        "status": e.status(),
        "requestId": e.request_id(),
        "apiCode": e.api_code(),
        "fieldErrors": e.field_errors().iter().map(|f| json!({
            "field": f.field, "rule": f.rule, "message": f.message,
        })).collect::<Vec<_>>(),
        "retryAfter": e.retry_after().map(|d| d.as_secs_f64()),
    })
}

/// [`error_value`] as JSON text.
pub fn error_json(e: &yoti_age::Error) -> String {
    error_value(e).to_string()
}
