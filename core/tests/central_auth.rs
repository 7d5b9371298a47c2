//! Central auth (Project decision 12, docs/yoti-api.md): assertion claims, token caching, single
//! flight, refresh on expiry and after a 401.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use chrono::Utc;
use common::*;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use rsa::pkcs1::EncodeRsaPublicKey;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use yoti_age::{AssertionClaims, AssertionKey, CentralAuthCredentials, Client, Secret};

const SCOPE: &str = "avs:sessions:create poa:verify";

fn token_url(server: &MockServer) -> String {
    format!("{}/v1/oauth/token", server.uri())
}

fn central_client(server: &MockServer, pem: String) -> Client {
    Client::builder()
        .sdk_id(SDK_ID)
        .central_auth(CentralAuthCredentials::new(pem, SCOPE))
        .environment(environment(server))
        .retry_policy(fast_retries())
        .build()
        .unwrap()
}

fn token_response(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token, "token_type": "Bearer", "expires_in": expires_in, "scope": SCOPE
    }))
}

async fn mount_token(server: &MockServer, token: &str, expires_in: u64, times: Option<u64>) {
    let mut mock = Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .respond_with(token_response(token, expires_in));
    if let Some(n) = times {
        mock = mock.up_to_n_times(n);
    }
    mock.mount(server).await;
}

async fn mount_result(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(format!("/api/v1/sessions/{SESSION_ID}/result")))
        .respond_with(ResponseTemplate::new(200).set_body_json(result_body("COMPLETE")))
        .mount(server)
        .await;
}

async fn requests_to(server: &MockServer, p: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == p)
        .collect()
}

fn form(request: &Request) -> HashMap<String, String> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

fn verify_assertion(assertion: &str, aud: &str) -> AssertionClaims {
    let header = jsonwebtoken::decode_header(assertion).unwrap();
    assert_eq!(header.alg, Algorithm::PS384);
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    let public = rsa_key().to_public_key().to_pkcs1_der().unwrap();
    let mut validation = Validation::new(Algorithm::PS384);
    validation.set_audience(&[aud]);
    validation.set_issuer(&[format!("sdk:{SDK_ID}")]);
    validation.leeway = 0;
    jsonwebtoken::decode::<AssertionClaims>(
        assertion,
        &DecodingKey::from_rsa_der(public.as_bytes()),
        &validation,
    )
    .unwrap()
    .claims
}

fn check_claims(claims: &AssertionClaims, aud: &str) {
    let now = Utc::now().timestamp();
    assert_eq!(claims.iss, format!("sdk:{SDK_ID}"));
    assert_eq!(claims.sub, claims.iss);
    assert_eq!(claims.aud, aud);
    assert_eq!(
        uuid::Uuid::parse_str(&claims.jti)
            .unwrap()
            .get_version_num(),
        4
    );
    assert!(
        (now - 65..=now - 55).contains(&claims.iat),
        "iat {}",
        claims.iat
    );
    assert_eq!(claims.exp, claims.iat + 300);
}

#[tokio::test]
async fn token_request_is_a_signed_client_credentials_form() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-1", 2700, None).await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-1"))
        .and(header("yoti-sdk-id", SDK_ID))
        .respond_with(ResponseTemplate::new(200).set_body_json(result_body("COMPLETE")))
        .expect(1)
        .mount(&server)
        .await;
    let client = central_client(&server, pkcs8_pem());
    client.get_result(SESSION_ID).await.unwrap();

    let token_requests = requests_to(&server, "/v1/oauth/token").await;
    assert_eq!(token_requests.len(), 1);
    let req = &token_requests[0];
    assert_eq!(
        req.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    let fields = form(req);
    assert_eq!(fields["grant_type"], "client_credentials");
    assert_eq!(
        fields["client_assertion_type"],
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    assert_eq!(fields["scope"], SCOPE);
    let aud = token_url(&server);
    let claims = verify_assertion(&fields["client_assertion"], &aud);
    check_claims(&claims, &aud);
}

#[tokio::test]
async fn pkcs1_keys_work_and_public_helpers_sign() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-1", 2700, None).await;
    let client = central_client(&server, pkcs1_pem());
    let auth = client.central_auth().unwrap();
    let token = auth.token().await.unwrap();
    assert_eq!(token.token.expose(), "tok-1");
    assert_eq!(token.expires_in, 2700);
    assert_eq!(token.scope, SCOPE);
    let aud = token_url(&server);
    check_claims(
        &verify_assertion(auth.client_assertion().unwrap().expose(), &aud),
        &aud,
    );

    let key = AssertionKey::from_pem(&Secret::new(pkcs8_pem())).unwrap();
    let assertion = yoti_age::client_assertion(SDK_ID, &key, &aud, Utc::now()).unwrap();
    check_claims(&verify_assertion(assertion.expose(), &aud), &aud);
    // Each assertion has its own jti.
    let other = yoti_age::client_assertion(SDK_ID, &key, &aud, Utc::now()).unwrap();
    assert_ne!(
        verify_assertion(assertion.expose(), &aud).jti,
        verify_assertion(other.expose(), &aud).jti
    );
}

#[tokio::test]
async fn fifty_concurrent_calls_fetch_one_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .respond_with(token_response("tok-1", 2700).set_delay(Duration::from_millis(100)))
        .mount(&server)
        .await;
    mount_result(&server).await;
    let client = central_client(&server, pkcs8_pem());
    let calls = (0..50).map(|_| {
        let c = client.clone();
        tokio::spawn(async move { c.get_result(SESSION_ID).await })
    });
    for outcome in futures::future::join_all(calls).await {
        outcome.unwrap().unwrap();
    }
    assert_eq!(requests_to(&server, "/v1/oauth/token").await.len(), 1);
    assert_eq!(client.central_auth().unwrap().token_requests(), 1);
    let api = requests_to(&server, &format!("/api/v1/sessions/{SESSION_ID}/result")).await;
    assert_eq!(api.len(), 50);
    assert!(api
        .iter()
        .all(|r| r.headers.get("authorization").unwrap() == "Bearer tok-1"));
}

#[tokio::test]
async fn a_401_refreshes_once_and_retries_once() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-old", 2700, Some(1)).await;
    mount_token(&server, "tok-new", 2700, None).await;
    Mock::given(method("POST"))
        .and(path("/api/v1/sessions"))
        .and(header("authorization", "Bearer tok-old"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "token expired"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/sessions"))
        .and(header("authorization", "Bearer tok-new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "s-1"})))
        .mount(&server)
        .await;
    let client = central_client(&server, pkcs8_pem());
    let config = yoti_age::SessionConfig::over()
        .with_ttl(900)
        .with_age_estimation(21);
    assert_eq!(client.create_session(&config).await.unwrap().id, "s-1");
    assert_eq!(requests_to(&server, "/v1/oauth/token").await.len(), 2);
    assert_eq!(requests_to(&server, "/api/v1/sessions").await.len(), 2);
}

#[tokio::test]
async fn a_second_401_is_returned_without_looping() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", 2700, None).await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error_code": "INVALID_TOKEN", "message": "no"})),
        )
        .mount(&server)
        .await;
    let client = central_client(&server, pkcs8_pem());
    let err = client.get_result(SESSION_ID).await.unwrap_err();
    assert_eq!(err.code(), "auth.unauthenticated");
    assert_eq!(err.api_code(), Some("INVALID_TOKEN"));
    assert_eq!(requests_to(&server, "/v1/oauth/token").await.len(), 2);
    assert_eq!(
        requests_to(&server, &format!("/api/v1/sessions/{SESSION_ID}/result"))
            .await
            .len(),
        2
    );
}

#[tokio::test]
async fn tokens_are_refreshed_before_expiry() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-short", 1, Some(1)).await;
    mount_token(&server, "tok-long", 2700, None).await;
    mount_result(&server).await;
    let client = central_client(&server, pkcs8_pem());
    client.get_result(SESSION_ID).await.unwrap();
    client.get_result(SESSION_ID).await.unwrap();
    assert_eq!(requests_to(&server, "/v1/oauth/token").await.len(), 1);
    tokio::time::sleep(Duration::from_millis(700)).await;
    client.get_result(SESSION_ID).await.unwrap();
    client.get_result(SESSION_ID).await.unwrap();
    assert_eq!(requests_to(&server, "/v1/oauth/token").await.len(), 2);
    let api = requests_to(&server, &format!("/api/v1/sessions/{SESSION_ID}/result")).await;
    assert_eq!(
        api[3].headers.get("authorization").unwrap(),
        "Bearer tok-long"
    );
}

#[tokio::test]
async fn token_endpoint_errors_are_token_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"error_code": "invalid_client", "message": "bad assertion"})),
        )
        .mount(&server)
        .await;
    let client = central_client(&server, pkcs8_pem());
    let err = client.get_result(SESSION_ID).await.unwrap_err();
    assert_eq!(err.code(), "token");
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.api_code(), Some("invalid_client"));
    assert!(
        requests_to(&server, &format!("/api/v1/sessions/{SESSION_ID}/result"))
            .await
            .is_empty()
    );

    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .mount(&server)
        .await;
    let err = client.get_result(SESSION_ID).await.unwrap_err();
    assert_eq!(err.code(), "token");
}

#[tokio::test]
async fn poa_uses_the_central_auth_token() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-poa", 2700, None).await;
    Mock::given(method("GET"))
        .and(path("/poa/v1/verify/v-1"))
        .and(header("authorization", "Bearer tok-poa"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "v-1", "status": "SUCCESS"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = central_client(&server, pkcs8_pem());
    assert_eq!(client.poa_get("v-1").await.unwrap().id, "v-1");
}

#[tokio::test]
async fn bad_key_or_missing_scope_is_a_config_error() {
    let server = MockServer::start().await;
    let err = Client::builder()
        .sdk_id(SDK_ID)
        .central_auth(CentralAuthCredentials::new(
            "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----",
            SCOPE,
        ))
        .environment(environment(&server))
        .build()
        .unwrap_err();
    assert_eq!(err.code(), "config");
    assert!(err.to_string().contains("private_key_pem"));
    let err = Client::builder()
        .sdk_id(SDK_ID)
        .central_auth(CentralAuthCredentials::new(pkcs8_pem(), " "))
        .environment(environment(&server))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("scope"), "{err}");
}
