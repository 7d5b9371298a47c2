//! Central auth `POST /oauth/token`: checks the PS384 client assertion (Project decision 12,
//! docs/yoti-api.md) against registered public keys and issues short-lived opaque tokens.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use base64::Engine as _;
use chrono::Duration;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::json;

use crate::state::{IssuedToken, Shared};

/// Assertions may claim an `iat` at most this far in the future.
const MAX_IAT_SKEW_SECONDS: i64 = 300;
/// The assertion type central auth requires.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The token request form.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    grant_type: Option<String>,
    client_assertion_type: Option<String>,
    client_assertion: Option<String>,
    scope: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    exp: i64,
    iat: i64,
    jti: String,
}

fn refuse(status: StatusCode, error: &str, description: impl Into<String>) -> Response {
    (
        status,
        Json(json!({"error": error, "error_description": description.into()})),
    )
        .into_response()
}

fn unverified_issuer(assertion: &str) -> Option<String> {
    let payload = assertion.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get("iss")?.as_str().map(str::to_owned)
}

/// Issues a token for a valid assertion.
pub async fn token(State(state): State<Shared>, Form(form): Form<TokenForm>) -> Response {
    if form.grant_type.as_deref() != Some("client_credentials") {
        return refuse(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be client_credentials",
        );
    }
    if form.client_assertion_type.as_deref() != Some(JWT_BEARER) {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            format!("client_assertion_type must be {JWT_BEARER}"),
        );
    }
    let scope = form.scope.unwrap_or_default();
    if scope.trim().is_empty() {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "scope is required",
        );
    }
    let Some(assertion) = form.client_assertion else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "client_assertion is required",
        );
    };
    match verify(&state, &assertion) {
        Ok(sdk_id) => {
            let token = format!("yta_{}", uuid::Uuid::new_v4().simple());
            let expires_at = state.clock.now() + Duration::seconds(state.token_ttl);
            state
                .data()
                .tokens
                .insert(token.clone(), IssuedToken { sdk_id, expires_at });
            Json(json!({"access_token": token, "token_type": "Bearer", "expires_in": state.token_ttl, "scope": scope}))
                .into_response()
        }
        Err(reason) => refuse(StatusCode::UNAUTHORIZED, "invalid_client", reason),
    }
}

/// Checks the assertion; returns the SDK id it was issued for.
fn verify(state: &Shared, assertion: &str) -> Result<String, String> {
    let header = jsonwebtoken::decode_header(assertion).map_err(|e| format!("not a JWT: {e}"))?;
    if header.alg != Algorithm::PS384 {
        return Err(format!("alg must be PS384, got {:?}", header.alg));
    }
    let iss = unverified_issuer(assertion).ok_or("iss claim missing")?;
    let sdk_id = iss
        .strip_prefix("sdk:")
        .ok_or("iss must be sdk:<SDK_ID>")?
        .to_owned();
    let keys = state
        .data()
        .client_keys
        .get(&sdk_id)
        .cloned()
        .unwrap_or_default();
    if keys.is_empty() {
        return Err(format!("no public key registered for SDK id {sdk_id}"));
    }
    let token_url = format!("{}/oauth/token", state.base_url);
    let mut validation = Validation::new(Algorithm::PS384);
    validation.set_audience(&[token_url.as_str()]);
    validation.set_issuer(&[iss.as_str()]);
    validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
    // Expiry is checked below with leeway-free arithmetic on the real clock: assertions are
    // signed by the caller's wall clock, while the sandbox clock only ages sandbox-held state
    // (sessions, issued tokens).
    validation.validate_exp = false;
    let claims = keys
        .iter()
        .filter_map(|pem| DecodingKey::from_rsa_pem(pem.as_bytes()).ok())
        .find_map(|key| jsonwebtoken::decode::<Claims>(assertion, &key, &validation).ok())
        .ok_or("signature, aud or iss does not verify")?
        .claims;
    if claims.sub != claims.iss {
        return Err("sub must equal iss".into());
    }
    let now = chrono::Utc::now().timestamp();
    if claims.exp <= now {
        return Err("assertion has expired".into());
    }
    if claims.iat > now + MAX_IAT_SKEW_SECONDS {
        return Err("iat is too far in the future".into());
    }
    if !state.data().jtis.insert(claims.jti) {
        return Err("jti was already used (replay)".into());
    }
    Ok(sdk_id)
}
