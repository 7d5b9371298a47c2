//! Secret canary: API key, private key, tokens and assertions never appear in Debug output of
//! the builder, client or errors, nor in `tracing` output at TRACE level.

mod common;

use common::*;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use yoti_age::{CentralAuthCredentials, Client, SessionConfig};

const TOKEN: &str = "canary-token-4b1d";
const POA_TOKEN: &str = "canary-poa-token-99";

/// Distinctive pieces of the PEM (its base64 lines).
fn pem_canaries(pem: &str) -> Vec<String> {
    pem.lines()
        .filter(|l| !l.starts_with("-----") && l.len() > 20)
        .take(3)
        .map(str::to_owned)
        .collect()
}

fn assert_clean(text: &str, canaries: &[String], what: &str) {
    for canary in canaries {
        assert!(
            !text.contains(canary.as_str()),
            "{what} leaked {canary:?}:\n{text}"
        );
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_or_traces() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": TOKEN, "token_type": "Bearer", "expires_in": 2700, "scope": "s"
        })))
        .mount(&server)
        .await;
    // The central-auth token is rejected, so the refresh + retry path is traced too.
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "rejected"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v1/sessions/{SESSION_ID}/result")))
        .respond_with(ResponseTemplate::new(200).set_body_json(result_body("COMPLETE")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/sessions"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"message": "wrong key"})))
        .mount(&server)
        .await;

    let pem = pkcs8_pem();
    let builder = Client::builder()
        .sdk_id(SDK_ID)
        .api_key(API_KEY)
        .poa_token(POA_TOKEN)
        .environment(environment(&server))
        .retry_policy(fast_retries());
    let central_builder = Client::builder()
        .sdk_id(SDK_ID)
        .central_auth(CentralAuthCredentials::new(pem.clone(), "s"))
        .environment(environment(&server))
        .retry_policy(fast_retries());
    let key_client = builder.clone().build().unwrap();
    let central_client = central_builder.clone().build().unwrap();

    key_client.get_result(SESSION_ID).await.unwrap();
    let forbidden = key_client
        .create_session(&SessionConfig::over().with_ttl(900).with_age_estimation(21))
        .await
        .unwrap_err();
    let unauthenticated = central_client.get_result(SESSION_ID).await.unwrap_err();
    assert_eq!(unauthenticated.code(), "auth.unauthenticated");
    let token = central_client
        .central_auth()
        .unwrap()
        .token()
        .await
        .unwrap();
    assert_eq!(token.token.expose(), TOKEN);
    let assertion = central_client
        .central_auth()
        .unwrap()
        .client_assertion()
        .unwrap();
    let sent_assertion = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.url.path() == "/v1/oauth/token")
        .map(|r| {
            url::form_urlencoded::parse(&r.body)
                .find(|(k, _)| k == "client_assertion")
                .unwrap()
                .1
                .into_owned()
        })
        .unwrap();

    let mut canaries = vec![
        API_KEY.to_owned(),
        TOKEN.to_owned(),
        POA_TOKEN.to_owned(),
        assertion.expose().to_owned(),
        sent_assertion,
    ];
    canaries.extend(pem_canaries(&pem));

    let debug = format!(
        "{builder:?} {central_builder:?} {key_client:?} {central_client:?} {forbidden:?} {unauthenticated:?} {token:?} {assertion:?} {assertion} {:?} {:?}",
        central_client.central_auth(),
        yoti_age::blocking::Client::from(central_client.clone()),
    );
    assert_clean(&debug, &canaries, "Debug");
    assert_clean(&forbidden.to_string(), &canaries, "Display");

    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("yoti_age.op"),
        "tracing was not captured:\n{logs}"
    );
    assert!(logs.contains("auth.token"), "{logs}");
    assert!(logs.contains("attempt"), "{logs}");
    assert_clean(&logs, &canaries, "tracing output");
}
