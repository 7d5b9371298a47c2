//! Fault injection driven by the shared retry matrix, and central auth end to end.

mod common;

use std::time::{Duration, Instant};

use common::{control, sandbox, sandbox_with};
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::RsaPrivateKey;
use yoti_age::poa::PoaVerifyRequest;
use yoti_age::{CentralAuthCredentials, RetryPolicy, SessionConfig};
use yoti_age_sandbox::request_log::Entry;
use yoti_age_sandbox::{SandboxConfig, SandboxHandle};

fn attempts_to(sb: &SandboxHandle, path_prefix: &str) -> usize {
    sb.requests()
        .iter()
        .filter(|e| matches!(e, Entry::Request { path, .. } if path.starts_with(path_prefix)))
        .count()
}

#[tokio::test]
async fn retry_matrix_vectors() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/retry_matrix.json");
    let matrix: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let sb = sandbox().await;
    // Default policy, but fast backoff so the suite does not sleep for seconds; Retry-After is
    // still honoured as sent.
    let policy = RetryPolicy {
        base: Duration::from_millis(5),
        cap: Duration::from_millis(20),
        ..RetryPolicy::default()
    };
    let client = sb
        .client_builder()
        .retry_policy(policy)
        .poa_token(sb.api_key())
        .build()
        .unwrap();
    let session = client
        .create_session(&SessionConfig::over().with_age_estimation(18).with_ttl(900))
        .await
        .unwrap();
    for case in matrix["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (method, path) = match case["operation"].as_str().unwrap() {
            "get_result" => ("GET", format!("/api/v1/sessions/{}/result", session.id)),
            "get_session" => ("GET", format!("/api/v1/sessions/{}", session.id)),
            "create_session" => ("POST", "/api/v1/sessions".to_string()),
            "poa_verify" => ("POST", "/poa/v1/verify".to_string()),
            other => panic!("unknown operation {other}"),
        };
        let mut fault = case["fault"].clone();
        fault["times"] = case["times"].clone();
        fault["method"] = method.into();
        fault["path"] = path.clone().into();
        let _ = control(&sb, "/faults", serde_json::json!(null)).await;
        assert!(
            control(&sb, "/faults", fault).await.status().is_success(),
            "{name}"
        );
        let before = attempts_to(&sb, &path);
        let started = Instant::now();
        let outcome = match case["operation"].as_str().unwrap() {
            "get_result" => client.get_result(&session.id).await.map(|_| ()),
            "get_session" => client.get_session(&session.id).await.map(|_| ()),
            "create_session" => client
                .create_session(&SessionConfig::over().with_age_estimation(18).with_ttl(900))
                .await
                .map(|_| ()),
            _ => client
                .poa_verify(&PoaVerifyRequest::new(
                    format!("sandbox:success:18:{name}"),
                    "t",
                ))
                .await
                .map(|_| ()),
        };
        let got = match &outcome {
            Ok(()) => "ok".to_string(),
            Err(e) => e.code().to_string(),
        };
        assert_eq!(
            got,
            case["outcome"].as_str().unwrap(),
            "{name}: {outcome:?}"
        );
        assert_eq!(
            attempts_to(&sb, &path) - before,
            case["attempts"].as_u64().unwrap() as usize,
            "{name}"
        );
        if let Some(ms) = case.get("min_elapsed_ms").and_then(|v| v.as_u64()) {
            assert!(
                started.elapsed() >= Duration::from_millis(ms),
                "{name}: Retry-After honoured"
            );
        }
        reqwest::Client::new()
            .delete(format!("{}/__sandbox/faults", sb.base_url()))
            .send()
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn delay_fault_trips_the_per_attempt_timeout() {
    let sb = sandbox().await;
    let timeouts = yoti_age::Timeouts {
        connect: Duration::from_secs(1),
        per_attempt: Duration::from_millis(100),
        total: Duration::from_millis(250),
    };
    let client = sb.client_builder().timeouts(timeouts).build().unwrap();
    control(
        &sb,
        "/faults",
        serde_json::json!({"delay_ms": 2000, "times": 5, "path": "/api/v1/sessions/x"}),
    )
    .await;
    let e = client.get_result("x").await.unwrap_err();
    assert_eq!(e.code(), "timeout");
}

#[tokio::test]
async fn control_api_rejects_bad_faults() {
    let sb = sandbox().await;
    let r = control(&sb, "/faults", serde_json::json!({"kind": "status"})).await;
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("status"));
}

struct Keys {
    private_pem: String,
    public_pem: String,
}

fn client_keys() -> Keys {
    let key = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
    Keys {
        private_pem: key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string(),
        public_pem: key
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap(),
    }
}

async fn token_request(sb: &SandboxHandle, assertion: &str) -> reqwest::Response {
    let form = format!(
        "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&scope=avs&client_assertion={assertion}"
    );
    reqwest::Client::new()
        .post(sb.auth_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn central_auth_end_to_end_with_expiry_and_refresh() {
    let sb = sandbox_with(SandboxConfig {
        token_ttl: Duration::from_secs(600),
        ..SandboxConfig::default()
    })
    .await;
    let keys = client_keys();
    sb.register_client_key(sb.sdk_id(), &keys.public_pem)
        .unwrap();
    let client = yoti_age::Client::builder()
        .sdk_id(sb.sdk_id())
        .central_auth(CentralAuthCredentials::new(
            keys.private_pem.clone(),
            "avs:sessions:create",
        ))
        .environment(yoti_age::Environment::custom(
            sb.avs_url(),
            sb.poa_url(),
            sb.auth_url(),
        ))
        .build()
        .unwrap();
    let s = client
        .create_session(&SessionConfig::over().with_age_estimation(18).with_ttl(900))
        .await
        .unwrap();
    client.get_result(&s.id).await.unwrap();
    let auth = client.central_auth().unwrap();
    assert_eq!(auth.token_requests(), 1, "the token is reused");
    // The sandbox clock passes the token's expiry: the API answers 401, the client refreshes once.
    sb.clock().advance(601);
    client.get_result(&s.id).await.unwrap();
    assert_eq!(auth.token_requests(), 2);
    let token = auth.token().await.unwrap();
    assert!(token.token.expose().starts_with("yta_"));
    // PoA accepts the same token.
    client
        .poa_verify(&PoaVerifyRequest::new("sandbox:success:18", "till"))
        .await
        .unwrap();
}

#[tokio::test]
async fn token_endpoint_rejects_bad_assertions() {
    let sb = sandbox().await;
    let keys = client_keys();
    sb.register_client_key(sb.sdk_id(), &keys.public_pem)
        .unwrap();
    let key =
        yoti_age::AssertionKey::from_pem(&yoti_age::Secret::new(keys.private_pem.clone())).unwrap();
    let now = chrono::Utc::now();
    let good = yoti_age::client_assertion(sb.sdk_id(), &key, &sb.auth_url(), now).unwrap();
    let ok = token_request(&sb, good.expose()).await;
    assert_eq!(ok.status(), 200);
    let replay = token_request(&sb, good.expose()).await;
    assert_eq!(replay.status(), 401, "jti replay");
    let wrong_aud = yoti_age::client_assertion(
        sb.sdk_id(),
        &key,
        "https://auth.api.yoti.com/v1/oauth/token",
        now,
    )
    .unwrap();
    assert_eq!(token_request(&sb, wrong_aud.expose()).await.status(), 401);
    let expired = yoti_age::client_assertion(
        sb.sdk_id(),
        &key,
        &sb.auth_url(),
        now - chrono::Duration::hours(1),
    )
    .unwrap();
    assert_eq!(token_request(&sb, expired.expose()).await.status(), 401);
    let unknown_sdk =
        yoti_age::client_assertion("someone-else", &key, &sb.auth_url(), now).unwrap();
    assert_eq!(token_request(&sb, unknown_sdk.expose()).await.status(), 401);
    let other_key = client_keys();
    let other =
        yoti_age::AssertionKey::from_pem(&yoti_age::Secret::new(other_key.private_pem)).unwrap();
    let forged = yoti_age::client_assertion(sb.sdk_id(), &other, &sb.auth_url(), now).unwrap();
    assert_eq!(token_request(&sb, forged.expose()).await.status(), 401);
    // HS256 instead of PS384.
    let hs = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &serde_json::json!({"iss": format!("sdk:{}", sb.sdk_id()), "sub": format!("sdk:{}", sb.sdk_id()), "aud": sb.auth_url(), "exp": now.timestamp() + 300, "iat": now.timestamp(), "jti": "x"}),
        &jsonwebtoken::EncodingKey::from_secret(b"k"),
    )
    .unwrap();
    let r = token_request(&sb, &hs).await;
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("PS384"));
}
