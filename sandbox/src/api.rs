//! The AVS API under `/api/v1`: sessions, results, headless age estimation, rules, metrics and
//! the `response-config` mock (Project decisions 2–4, 9, 14 in docs/yoti-api.md).

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use base64::Engine as _;
use serde::Deserialize;
use serde_json::json;
use yoti_age::rules::RuleConfig;
use yoti_age::{FieldError, SessionConfig, SessionResult, SessionStatus};

use crate::sessions::{Outcome, Refusal, Session};
use crate::state::Shared;
use crate::webhooks::Delivery;

/// An error answer in the envelope of Project decision 3.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    errors: Vec<FieldError>,
}

impl ApiError {
    /// An error with a status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            errors: Vec::new(),
        }
    }

    fn validation(errors: Vec<FieldError>) -> Self {
        let message = format!("{} invalid field(s)", errors.len());
        Self {
            status: StatusCode::BAD_REQUEST,
            code: "VALIDATION_ERROR",
            message,
            errors,
        }
    }

    fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            format!("{what} not found"),
        )
    }
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::NotOpen(m) => Self::new(StatusCode::CONFLICT, "SESSION_NOT_OPEN", m),
            Refusal::Invalid(m) => Self::new(StatusCode::BAD_REQUEST, "INVALID_OUTCOME", m),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"error_code": self.code, "message": self.message});
        if !self.errors.is_empty() {
            body["errors"] = self
                .errors
                .iter()
                .map(|e| json!({"field": e.field, "rule": e.rule, "message": e.message}))
                .collect();
        }
        (self.status, Json(body)).into_response()
    }
}

/// The routes under `/api/v1`.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/sessions", post(create_session))
        .route("/sessions/{id}", get(get_session))
        .route("/sessions/{id}/result", get(get_result))
        .route("/sessions/{id}/age-estimation", post(upload_selfie))
        .route("/sessions/{id}/response-config", put(response_config))
        .route("/rules", post(create_rule))
        .route("/report/fetch-summary-stats", get(metrics))
        .route("/webhook-public-key", get(webhook_public_key))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Checks `Yoti-SDK-Id` (401 when missing or unknown).
pub fn check_sdk_id(state: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    match header(headers, "yoti-sdk-id") {
        Some(id) if id == state.sdk_id => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "UNKNOWN_SDK_ID",
            "unknown Yoti-SDK-Id",
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "MISSING_SDK_ID",
            "missing Yoti-SDK-Id header",
        )),
    }
}

/// Checks the bearer credential: the API key or a token this sandbox issued and that has not
/// expired (401 when missing or expired, 403 when wrong).
pub fn check_bearer(state: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(value) = header(headers, "authorization") else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "MISSING_TOKEN",
            "missing Authorization header",
        ));
    };
    let Some(credential) = value.strip_prefix("Bearer ").map(str::trim) else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "INVALID_TOKEN",
            "Authorization must be a Bearer credential",
        ));
    };
    if bool::from(subtle::ConstantTimeEq::ct_eq(
        credential.as_bytes(),
        state.api_key.as_bytes(),
    )) {
        return Ok(());
    }
    let now = state.clock.now();
    match state.data().tokens.get(credential) {
        Some(t) if t.expires_at > now => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "TOKEN_EXPIRED",
            "the access token has expired",
        )),
        None => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "INCORRECT_API_KEY",
            "incorrect API key or token",
        )),
    }
}

fn authorize(state: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    check_sdk_id(state, headers)?;
    check_bearer(state, headers)
}

async fn create_session(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    authorize(&state, &headers)?;
    let config: SessionConfig = serde_json::from_slice(&body).map_err(|e| {
        ApiError::validation(vec![FieldError::new(
            "$",
            yoti_age::error::rule::FORMAT,
            format!("body is not a valid session: {e}"),
        )])
    })?;
    let errors = config.validation_errors();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let terminal = header(&headers, "yoti-terminal-id").map(str::to_owned);
    let session = Session::new(&state.sdk_id, config, terminal, state.clock.now());
    let answer =
        json!({"id": session.id, "status": session.status, "expires_at": session.expires_at});
    state.persist(&session);
    state.data().sessions.insert(session.id.clone(), session);
    Ok(Json(answer))
}

/// Runs `f` on a session after expiring it if due; persists the change.
pub fn with_session<T>(
    state: &Shared,
    id: &str,
    f: impl FnOnce(&mut Session) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let now = state.clock.now();
    let mut data = state.data();
    let session = data
        .sessions
        .get_mut(id)
        .ok_or_else(|| ApiError::not_found("session"))?;
    let before = (session.updated_at, session.response_config.clone());
    session.expire_if_due(now);
    let out = f(session);
    let changed = before != (session.updated_at, session.response_config.clone());
    let snapshot = (changed && state.store.is_some()).then(|| session.clone());
    drop(data);
    if let Some(snapshot) = snapshot {
        state.persist(&snapshot);
    }
    out
}

async fn get_session(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    authorize(&state, &headers)?;
    with_session(&state, &id, |s| {
        if s.status == SessionStatus::Expired {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "SESSION_EXPIRED",
                "session has expired",
            ));
        }
        Ok(Json(s.view()))
    })
}

async fn get_result(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    let json = with_session(&state, &id, |s| Ok(s.result_json()))?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        json,
    )
        .into_response())
}

/// Records an attempt with this outcome, sends its signed webhook, and returns the session.
pub fn apply_outcome(state: &Shared, id: &str, outcome: &Outcome) -> Result<Session, ApiError> {
    let now = state.clock.now();
    let (notification, session) = with_session(state, id, |s| {
        let n = s.attempt(outcome, now)?;
        Ok((n, s.clone()))
    })?;
    if let Some(url) = &session.config.notification_url {
        match yoti_age::webhook::sign_notification(&notification, &state.webhook_key) {
            Ok(body) => state.webhooks.send(Delivery {
                url: url.clone(),
                method: reqwest::Method::POST,
                headers: Vec::new(),
                body,
                subject: session.id.clone(),
                accept: crate::webhooks::Acknowledgement::Ok200,
            }),
            Err(e) => tracing::error!("could not sign a webhook: {e}"),
        }
    }
    Ok(session)
}

async fn response_config(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(outcome): Json<Outcome>,
) -> Result<Json<SessionResult>, ApiError> {
    authorize(&state, &headers)?;
    with_session(&state, &id, |s| {
        s.response_config = Some(outcome.clone());
        Ok(())
    })?;
    Ok(Json(apply_outcome(&state, &id, &outcome)?.result()))
}

fn selfie_error(code: &'static str, message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
}

async fn upload_selfie(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Json<serde_json::Value>, ApiError> {
    check_sdk_id(&state, &headers)?;
    let (mut image, mut consent, mut token) = (None, None, None);
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let Ok(bytes) = field.bytes().await else {
            return Err(selfie_error(
                "INVALID_REQUEST_BODY",
                "could not read the multipart body",
            ));
        };
        match name.as_str() {
            "image" => image = Some(bytes),
            "biometric_consent" => consent = Some(bytes),
            "secure_token" => token = Some(bytes),
            _ => {}
        }
    }
    let image = image
        .filter(|i| !i.is_empty())
        .ok_or_else(|| selfie_error("IMAGE_NOT_PROVIDED", "part image is missing"))?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(image.trim_ascii())
        .map_err(|_| selfie_error("INVALID_B64_IMAGE", "part image is not base64"))?;
    if !(decoded.starts_with(&[0xFF, 0xD8]) || decoded.starts_with(b"\x89PNG")) {
        return Err(selfie_error(
            "UNSUPPORTED_IMAGE_FORMAT",
            "the image must be JPEG or PNG",
        ));
    }
    if consent.is_none_or(|c| c.is_empty()) || token.is_none_or(|t| t.is_empty()) {
        return Err(selfie_error(
            "INVALID_REQUEST_BODY",
            "parts biometric_consent and secure_token are required",
        ));
    }
    let outcome = with_session(&state, &id, |s| {
        let mut o = s.response_config.clone().unwrap_or(Outcome {
            status: None,
            age: None,
            method: None,
        });
        o.method = Some("AGE_ESTIMATION".into());
        Ok(o)
    })?;
    let session = apply_outcome(&state, &id, &outcome)?;
    let key = "age_estimation";
    let limit = session
        .config
        .methods
        .age_estimation
        .as_ref()
        .and_then(|m| m.retry_limit);
    let remaining = session.remaining(key, limit);
    Ok(Json(match session.status {
        SessionStatus::Complete => json!({"status": "COMPLETE"}),
        status => {
            json!({"status": status, "attempts_remaining": remaining, "retries_depleted": remaining == 0})
        }
    }))
}

async fn create_rule(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    authorize(&state, &headers)?;
    let rule: RuleConfig = serde_json::from_slice(&body).map_err(|e| {
        ApiError::validation(vec![FieldError::new(
            "$",
            yoti_age::error::rule::FORMAT,
            format!("body is not a valid rule: {e}"),
        )])
    })?;
    if let Err(e) = rule.validate() {
        return Err(ApiError::validation(e.field_errors().to_vec()));
    }
    let id = uuid::Uuid::new_v4().to_string();
    state.data().rules.push(id.clone());
    Ok((StatusCode::CREATED, Json(json!({"id": id}))))
}

#[derive(Deserialize)]
struct Window {
    #[serde(rename = "createdAfter")]
    created_after: Option<String>,
    #[serde(rename = "createdBefore")]
    created_before: Option<String>,
}

fn parse_time(field: &str, value: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>, ApiError> {
    let value = value.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            field,
            yoti_age::error::rule::REQUIRED,
            "is required",
        )])
    })?;
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.to_utc())
        .map_err(|_| {
            ApiError::validation(vec![FieldError::new(
                field,
                yoti_age::error::rule::FORMAT,
                "must be an RFC 3339 time",
            )])
        })
}

async fn metrics(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(window): Query<Window>,
) -> Result<Json<serde_json::Value>, ApiError> {
    authorize(&state, &headers)?;
    let after = parse_time("createdAfter", window.created_after.as_deref())?;
    let before = parse_time("createdBefore", window.created_before.as_deref())?;
    let data = state.data();
    let sessions: Vec<&Session> = data
        .sessions
        .values()
        .filter(|s| s.created_at > after && s.created_at < before)
        .collect();
    let count = |st: SessionStatus| sessions.iter().filter(|s| s.status == st).count();
    let mut body = json!({
        "time_period_of_results": {"period_start": after, "period_end": before},
        "total_created_sessions": sessions.len(),
        "total_complete_sessions": count(SessionStatus::Complete),
        "total_failed_sessions": count(SessionStatus::Fail),
        "total_pending_sessions": count(SessionStatus::Pending),
        "total_cancelled_sessions": count(SessionStatus::Cancelled),
        "total_inprogress_sessions": count(SessionStatus::InProgress),
        "total_errored_sessions": count(SessionStatus::Error),
    });
    for key in [
        "age_estimation",
        "digital_id",
        "doc_scan",
        "credit_card",
        "mobile",
        "la_wallet",
        "social_security_number",
    ] {
        let with_attempts: Vec<&&Session> = sessions
            .iter()
            .filter(|s| s.attempts.contains_key(key))
            .collect();
        let final_count = |st: SessionStatus| {
            with_attempts
                .iter()
                .filter(|s| {
                    s.status == st
                        && s.method
                            .as_ref()
                            .is_some_and(|m| m.as_str().eq_ignore_ascii_case(key))
                })
                .count()
        };
        body[key] = json!({
            "total_checks": with_attempts.iter().map(|s| s.attempts[key]).sum::<u32>(),
            "total_complete_checks": final_count(SessionStatus::Complete),
            "total_failed_checks": final_count(SessionStatus::Fail),
            "total_errored_checks": final_count(SessionStatus::Error),
            "total_cancelled_checks": 0, "total_inprogress_checks": 0, "total_pending_checks": 0,
        });
    }
    Ok(Json(body))
}

async fn webhook_public_key(State(state): State<Shared>) -> impl IntoResponse {
    (
        [("content-type", "application/x-pem-file")],
        state.webhook_public_key_pem.clone(),
    )
}
