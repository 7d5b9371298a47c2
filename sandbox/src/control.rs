//! The control API under `/__sandbox/` (loopback peers only): faults, clock, request log,
//! reset, client keys, and a shortcut to finish a session.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::api::{apply_outcome, ApiError};
use crate::faults::Fault;
use crate::sessions::Outcome;
use crate::state::Shared;

/// The control routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/faults", post(add_fault).delete(clear_faults))
        .route("/clock", post(clock))
        .route("/requests", get(requests))
        .route("/reset", post(reset))
        .route("/client-keys", post(register_key))
        .route("/sessions/{id}/complete", post(complete))
}

async fn add_fault(State(state): State<Shared>, Json(fault): Json<Fault>) -> Response {
    match state.faults.add(fault) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(message) => {
            ApiError::new(StatusCode::BAD_REQUEST, "INVALID_FAULT", message).into_response()
        }
    }
}

async fn clear_faults(State(state): State<Shared>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct ClockChange {
    advance_seconds: Option<i64>,
    freeze: Option<bool>,
}

async fn clock(
    State(state): State<Shared>,
    Json(change): Json<ClockChange>,
) -> Json<serde_json::Value> {
    if let Some(frozen) = change.freeze {
        state.clock.freeze(frozen);
    }
    if let Some(seconds) = change.advance_seconds {
        state.clock.advance(seconds);
    }
    state.sweep();
    Json(json!({"now": state.clock.now()}))
}

async fn requests(State(state): State<Shared>) -> impl IntoResponse {
    Json(state.log.entries())
}

async fn reset(State(state): State<Shared>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct ClientKey {
    sdk_id: String,
    public_key_pem: String,
}

async fn register_key(State(state): State<Shared>, Json(key): Json<ClientKey>) -> Response {
    if jsonwebtoken::DecodingKey::from_rsa_pem(key.public_key_pem.as_bytes()).is_err() {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_KEY",
            "public_key_pem is not an RSA public key PEM",
        )
        .into_response();
    }
    state
        .data()
        .client_keys
        .entry(key.sdk_id)
        .or_default()
        .push(key.public_key_pem);
    StatusCode::NO_CONTENT.into_response()
}

async fn complete(
    State(state): State<Shared>,
    Path(id): Path<String>,
    Json(outcome): Json<Outcome>,
) -> Result<Json<yoti_age::SessionResult>, ApiError> {
    Ok(Json(apply_outcome(&state, &id, &outcome)?.result()))
}
