//! Proof of Age `POST /poa/v1/verify` and `GET /poa/v1/verify/{id}`, with outcomes chosen by
//! magic QR values:
//!
//! | `qr.value` | answer |
//! |---|---|
//! | `sandbox:success:<age_over>` | 200 SUCCESS with that `age_over` |
//! | `sandbox:failure:<REASON>` | 200 FAILURE with that reason |
//! | `sandbox:pending:<n>` | 202 PENDING; SUCCESS (`age_over` 18) from the n-th GET on |
//! | `sandbox:pending:never` | 202 PENDING forever (`waiting_on: USER_CONSENT`) |
//! | anything else | 200 FAILURE `UNSUPPORTED_PAYLOAD` |
//!
//! Every value can be presented once (`PRESENTATION_ALREADY_USED` after that; suffix it with
//! anything, e.g. `sandbox:success:18:1`, to get fresh ones), and `scanned_at` older than 30 s
//! gives `PRESENTATION_EXPIRED`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use yoti_age::poa::{
    PoaAgeResult, PoaCheck, PoaFailure, PoaFailureReason, PoaProvider, PoaResult, PoaStatus,
    PoaVerifyRequest, PoaWaitingOn, QR_VALIDITY_SECONDS,
};

use crate::api::{check_bearer, ApiError};
use crate::state::Shared;
use crate::webhooks::Delivery;

/// A stored verification.
#[derive(Debug, Clone)]
pub struct Verification {
    /// The result so far.
    pub result: PoaResult,
    /// GET polls left before a pending verification completes (`None`: never).
    pub polls_left: Option<u32>,
    /// Where to send the final result.
    pub notification: Option<yoti_age::poa::PoaNotification>,
}

fn result(status: PoaStatus, now: DateTime<Utc>) -> PoaResult {
    PoaResult {
        id: uuid::Uuid::new_v4().to_string(),
        status,
        timestamp: Some(now),
        provider: Some(PoaProvider::Yoti),
        result: None,
        failure: None,
        waiting_on: None,
        raw: Default::default(),
    }
}

fn success(mut r: PoaResult, age_over: u32) -> PoaResult {
    r.status = PoaStatus::Success;
    r.waiting_on = None;
    r.result = Some(PoaAgeResult {
        age_over,
        checks: vec![PoaCheck::SignatureVerified, PoaCheck::ProviderOnDvsRegister],
    });
    r
}

fn failure(mut r: PoaResult, reason: PoaFailureReason) -> PoaResult {
    r.status = PoaStatus::Failure;
    r.failure = Some(PoaFailure { reason });
    r
}

/// Decides the outcome of a presentation.
fn decide(
    request: &PoaVerifyRequest,
    used_before: bool,
    now: DateTime<Utc>,
) -> (PoaResult, Option<Option<u32>>) {
    let base = result(PoaStatus::Pending, now);
    if used_before {
        return (
            failure(base, PoaFailureReason::PresentationAlreadyUsed),
            None,
        );
    }
    if (now - request.qr.scanned_at).num_seconds() > QR_VALIDITY_SECONDS {
        return (failure(base, PoaFailureReason::PresentationExpired), None);
    }
    let parts: Vec<&str> = request.qr.value.split(':').collect();
    match parts.as_slice() {
        ["sandbox", "success", age, ..] => match age.parse() {
            Ok(age) => (success(base, age), None),
            Err(_) => (failure(base, PoaFailureReason::UnsupportedPayload), None),
        },
        ["sandbox", "failure", reason, ..] => {
            (failure(base, PoaFailureReason::parse(reason)), None)
        }
        ["sandbox", "pending", "never", ..] => {
            let mut r = base;
            r.waiting_on = Some(PoaWaitingOn::UserConsent);
            (r, Some(None))
        }
        ["sandbox", "pending", n, ..] => match n.parse::<u32>() {
            Ok(n) => {
                let mut r = base;
                r.waiting_on = Some(PoaWaitingOn::UserConsent);
                (r, Some(Some(n)))
            }
            Err(_) => (failure(base, PoaFailureReason::UnsupportedPayload), None),
        },
        _ => (failure(base, PoaFailureReason::UnsupportedPayload), None),
    }
}

/// `POST /poa/v1/verify`.
pub async fn verify(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    check_bearer(&state, &headers)?;
    let value: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "UNPROCESSABLE",
            format!("body is not JSON: {e}"),
        )
    })?;
    for (pointer, field) in [
        ("/qr/value", "qr.value"),
        ("/qr/scanned_at", "qr.scanned_at"),
        ("/terminal/id", "terminal.id"),
    ] {
        if value
            .pointer(pointer)
            .and_then(|v| v.as_str())
            .is_none_or(str::is_empty)
        {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "MISSING_FIELD",
                format!("{field} is required"),
            ));
        }
    }
    let request: PoaVerifyRequest = serde_json::from_value(value).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "UNPROCESSABLE",
            e.to_string(),
        )
    })?;
    let now = state.clock.now();
    let used_before = !state.data().used_qr.insert(request.qr.value.clone());
    let (result, pending) = decide(&request, used_before, now);
    let status = if pending.is_some() {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    state.data().verifications.insert(
        result.id.clone(),
        Verification {
            result: result.clone(),
            polls_left: pending.flatten(),
            notification: request.notification.clone(),
        },
    );
    Ok((status, Json(result)).into_response())
}

/// `GET /poa/v1/verify/{id}`: a pending verification completes after its polls.
pub async fn get(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<PoaResult>, ApiError> {
    check_bearer(&state, &headers)?;
    let now = state.clock.now();
    let (result, notify) = {
        let mut data = state.data();
        let v = data.verifications.get_mut(&id).ok_or_else(|| {
            ApiError::new(StatusCode::NOT_FOUND, "NOT_FOUND", "verification not found")
        })?;
        let mut notify = None;
        if v.result.status == PoaStatus::Pending {
            if let Some(left) = v.polls_left.as_mut() {
                *left = left.saturating_sub(1);
                if *left == 0 {
                    let mut done = success(v.result.clone(), 18);
                    done.timestamp = Some(now);
                    v.result = done;
                    notify = v.notification.clone();
                }
            }
        }
        (v.result.clone(), notify)
    };
    if let Some(n) = notify {
        let method = match n.method {
            Some(yoti_age::poa::NotificationMethod::Get) => reqwest::Method::GET,
            _ => reqwest::Method::POST,
        };
        state.webhooks.send(Delivery {
            url: n.url.clone(),
            method,
            headers: n.headers.clone().into_iter().collect(),
            body: serde_json::to_vec(&result).unwrap_or_default(),
            subject: result.id.clone(),
            accept: crate::webhooks::Acknowledgement::Any2xx,
        });
    }
    Ok(Json(result))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(value: &str, age_s: i64, now: DateTime<Utc>) -> PoaVerifyRequest {
        let mut r = PoaVerifyRequest::new(value, "till-1");
        r.qr.scanned_at = now - chrono::Duration::seconds(age_s);
        r
    }

    #[test]
    fn magic_values() {
        let now = Utc::now();
        let (r, p) = decide(&request("sandbox:success:21", 1, now), false, now);
        assert_eq!(
            (r.status.clone(), r.age_over(), p),
            (PoaStatus::Success, Some(21), None)
        );
        let (r, _) = decide(
            &request("sandbox:failure:USER_DID_NOT_CONSENT", 1, now),
            false,
            now,
        );
        assert_eq!(
            r.failure_reason(),
            Some(&PoaFailureReason::UserDidNotConsent)
        );
        let (r, p) = decide(&request("sandbox:pending:3", 1, now), false, now);
        assert_eq!((r.status.clone(), p), (PoaStatus::Pending, Some(Some(3))));
        let (_, p) = decide(&request("sandbox:pending:never", 1, now), false, now);
        assert_eq!(p, Some(None));
        let (r, _) = decide(&request("mdoc:abc", 1, now), false, now);
        assert_eq!(
            r.failure_reason(),
            Some(&PoaFailureReason::UnsupportedPayload)
        );
        let (r, _) = decide(&request("sandbox:success:21", 31, now), false, now);
        assert_eq!(
            r.failure_reason(),
            Some(&PoaFailureReason::PresentationExpired)
        );
        let (r, _) = decide(&request("sandbox:success:21", 1, now), true, now);
        assert_eq!(
            r.failure_reason(),
            Some(&PoaFailureReason::PresentationAlreadyUsed)
        );
    }
}
