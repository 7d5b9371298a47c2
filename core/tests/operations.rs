//! Every client operation against a wiremock server on 127.0.0.1: method, path, headers, body.

mod common;

use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::*;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use yoti_age::headless::SelfieUpload;
use yoti_age::metrics::MetricsQuery;
use yoti_age::poa::{PoaStatus, PoaVerification, PoaVerifyRequest};
use yoti_age::rules::RuleConfig;
use yoti_age::user_view::UserViewMethod;
use yoti_age::{RawTarget, SessionConfig, SessionStatus, WaitOptions};

fn auth_header() -> String {
    format!("Bearer {API_KEY}")
}

#[tokio::test]
async fn create_session_posts_validated_json_with_headers() {
    let server = MockServer::start().await;
    let config = SessionConfig::over()
        .with_ttl(900)
        .with_age_estimation(21)
        .with_reference_id("ref-1")
        .with_terminal_id("till-7");
    let expected_body = serde_json::to_value(&config).unwrap();
    Mock::given(method("POST"))
        .and(path("/api/v1/sessions"))
        .and(header("authorization", auth_header().as_str()))
        .and(header("yoti-sdk-id", SDK_ID))
        .and(header("yoti-terminal-id", "till-7"))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": SESSION_ID, "status": "PENDING", "expires_at": "2025-08-08T23:41:39Z"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server).create_session(&config).await.unwrap();
    assert_eq!(created.id, SESSION_ID);
    assert_eq!(created.status, Some(SessionStatus::Pending));
    assert_eq!(created.raw.to_value()["expires_at"], "2025-08-08T23:41:39Z");
    let ua = server.received_requests().await.unwrap()[0]
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(ua.starts_with("yoti-age-rust/"), "{ua}");
}

#[tokio::test]
async fn create_session_accepts_201_and_omits_terminal_header_when_unset() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/sessions"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "s-1", "expires_at": "2020-10-19T16:06:25.080Z"})),
        )
        .mount(&server)
        .await;
    let created = client(&server)
        .create_session(&SessionConfig::over().with_ttl(900).with_age_estimation(18))
        .await
        .unwrap();
    assert_eq!(created.id, "s-1");
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("yoti-terminal-id").is_none());
}

#[tokio::test]
async fn invalid_session_config_sends_nothing() {
    let server = MockServer::start().await;
    let config = SessionConfig::over().with_ttl(1).with_age_estimation(500);
    let err = client(&server).create_session(&config).await.unwrap_err();
    assert_eq!(err.code(), "validation");
    let fields: Vec<_> = err.field_errors().iter().map(|f| f.field.clone()).collect();
    assert!(fields.contains(&"ttl".to_string()), "{fields:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_session_and_result() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v1/sessions/{SESSION_ID}")))
        .and(header("authorization", auth_header().as_str()))
        .and(header("yoti-sdk-id", SDK_ID))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": SESSION_ID, "sdk_id": SDK_ID, "callback": {"auto": true}, "type": "OVER",
            "status": "PENDING", "expires_at": "2026-05-02T11:53:33Z", "retry_enabled": false,
            "resume_enabled": false, "blocked_locations": ["GBR"], "synchronous_checks": false,
            "double_blind": false, "future_field": 1
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v1/sessions/{SESSION_ID}/result")))
        .and(header("authorization", auth_header().as_str()))
        .and(header("yoti-sdk-id", SDK_ID))
        .respond_with(ResponseTemplate::new(200).set_body_json(result_body("COMPLETE")))
        .mount(&server)
        .await;
    let c = client(&server);
    let view = c.get_session(SESSION_ID).await.unwrap();
    assert_eq!(view.status, SessionStatus::Pending);
    assert_eq!(view.raw.to_value()["future_field"], 1);
    let result = c.get_result(SESSION_ID).await.unwrap();
    assert_eq!(result.status, SessionStatus::Complete);
    assert_eq!(result.age, Some(18));
    assert_eq!(
        result.raw.to_value()["evidence_id"],
        "4786ecb7-c10c-4037-9947-aaa6507e7414"
    );
}

#[tokio::test]
async fn wait_for_result_polls_until_terminal() {
    let server = MockServer::start().await;
    let result_path = format!("/api/v1/sessions/{SESSION_ID}/result");
    Mock::given(method("GET"))
        .and(path(result_path.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(result_body("PENDING")))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(result_path.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(result_body("COMPLETE")))
        .mount(&server)
        .await;
    let options = WaitOptions {
        timeout: Duration::from_secs(10),
        initial_interval: Duration::from_millis(5),
        max_interval: Duration::from_millis(20),
    };
    let result = client(&server)
        .wait_for_result(SESSION_ID, options)
        .await
        .unwrap();
    assert_eq!(result.status, SessionStatus::Complete);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn wait_for_result_returns_last_result_at_deadline() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v1/sessions/{SESSION_ID}/result")))
        .respond_with(ResponseTemplate::new(200).set_body_json(result_body("IN_PROGRESS")))
        .mount(&server)
        .await;
    let options = WaitOptions {
        timeout: Duration::from_millis(100),
        initial_interval: Duration::from_millis(10),
        max_interval: Duration::from_millis(20),
    };
    let result = client(&server)
        .wait_for_result(SESSION_ID, options)
        .await
        .unwrap();
    assert_eq!(result.status, SessionStatus::InProgress);
    assert!(server.received_requests().await.unwrap().len() >= 2);
}

#[tokio::test]
async fn user_view_url_uses_avs_root() {
    let server = MockServer::start().await;
    let c = client(&server);
    let url = c.user_view_url(SESSION_ID, None).unwrap();
    assert_eq!(
        url.as_str(),
        format!("{}/?sessionId={SESSION_ID}&sdkId={SDK_ID}", server.uri())
    );
    let url = c
        .user_view_url(SESSION_ID, Some(UserViewMethod::AgeEstimation))
        .unwrap();
    assert_eq!(url.path(), "/age-estimation");
}

#[tokio::test]
async fn upload_selfie_sends_three_multipart_parts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/api/v1/sessions/{SESSION_ID}/age-estimation"
        )))
        .and(header("yoti-sdk-id", SDK_ID))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": "FAIL", "attempts_remaining": 2, "retries_depleted": false}),
        ))
        .mount(&server)
        .await;
    let upload = SelfieUpload {
        image: vec![0xff, 0xd8, 0xff, 0x00, 0x01],
        biometric_consent: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
        secure_token: r#"{"version":1,"token":"t"}"#.into(),
    };
    let outcome = client(&server)
        .upload_selfie(SESSION_ID, &upload)
        .await
        .unwrap();
    assert_eq!(outcome.status, SessionStatus::Fail);
    assert_eq!(outcome.attempts_remaining, Some(2));
    let requests = server.received_requests().await.unwrap();
    let req: &Request = &requests[0];
    let content_type = req.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&req.body);
    assert!(body.contains("name=\"image\""), "{body}");
    assert!(
        body.contains("Content-Type: application/octet-stream\r\n\r\n/9j/AAE=\r\n"),
        "{body}"
    );
    assert!(body.contains("name=\"biometric_consent\""));
    assert!(
        body.contains("Content-Type: text/plain\r\n\r\n2026-01-02T03:04:05.000Z\r\n"),
        "{body}"
    );
    assert!(body.contains("name=\"secure_token\""));
    assert!(body.contains(r#"{"version":1,"token":"t"}"#));
}

#[tokio::test]
async fn create_rule_and_metrics() {
    let server = MockServer::start().await;
    let mut rule = RuleConfig {
        ttl: 31_540_000,
        ..RuleConfig::default()
    };
    rule.methods.age_estimation = Some(yoti_age::session::MethodConfig::threshold(18));
    Mock::given(method("POST"))
        .and(path("/api/v1/rules"))
        .and(header("authorization", auth_header().as_str()))
        .and(header("yoti-sdk-id", SDK_ID))
        .and(body_json(serde_json::to_value(&rule).unwrap()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "rule-1"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/report/fetch-summary-stats"))
        .and(query_param("createdAfter", "2026-01-01T00:00:00Z"))
        .and(query_param("createdBefore", "2026-02-01T00:00:00Z"))
        .and(header("yoti-sdk-id", SDK_ID))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "time_period_of_results": {"period_start": "2026-01-01", "period_end": "2026-02-01"},
            "total_created_sessions": 10, "total_complete_sessions": 7,
            "age_estimation": {"total_checks": 9, "total_complete_checks": 7}
        })))
        .mount(&server)
        .await;
    let c = client(&server);
    assert_eq!(c.create_rule(&rule).await.unwrap().id, "rule-1");
    let stats = c
        .metrics(&MetricsQuery {
            created_after: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            created_before: Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap(),
        })
        .await
        .unwrap();
    assert_eq!(stats.total_created_sessions, 10);
    assert_eq!(stats.methods["age_estimation"].total_checks, 9);
    let bad = c
        .metrics(&MetricsQuery {
            created_after: Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap(),
            created_before: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        })
        .await
        .unwrap_err();
    assert_eq!(bad.code(), "validation");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

fn poa_client(server: &MockServer) -> yoti_age::Client {
    builder(server)
        .poa_token("canary-poa-token")
        .build()
        .unwrap()
}

#[tokio::test]
async fn poa_verify_completed_and_pending_then_wait() {
    let server = MockServer::start().await;
    let request = PoaVerifyRequest::new("mdoc:owBjMS4w", "pos-1");
    let mut expected = serde_json::to_value(&request).unwrap();
    expected["qr"]["scanned_at"] = json!(request.qr.scanned_at);
    Mock::given(method("POST"))
        .and(path("/poa/v1/verify"))
        .and(header("authorization", "Bearer canary-poa-token"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "v-1", "status": "SUCCESS", "timestamp": "2025-07-16T16:55:13Z", "provider": "YOTI",
            "result": {"age_over": 18, "checks": ["SIGNATURE_VERIFIED"]}
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/poa/v1/verify"))
        .respond_with(
            ResponseTemplate::new(202).set_body_json(
                json!({"id": "v-2", "status": "PENDING", "waiting_on": "USER_CONSENT"}),
            ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/poa/v1/verify/v-2"))
        .and(header("authorization", "Bearer canary-poa-token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "v-2", "status": "PENDING"})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/poa/v1/verify/v-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "v-2", "status": "FAILURE", "failure": {"reason": "USER_DID_NOT_CONSENT"}})))
        .mount(&server)
        .await;
    let c = poa_client(&server);
    match c.poa_verify(&request).await.unwrap() {
        PoaVerification::Completed(r) => assert_eq!(r.age_over(), Some(18)),
        other => panic!("expected completed, got {other:?}"),
    }
    let pending = c.poa_verify(&request).await.unwrap();
    let PoaVerification::Pending(p) = pending else {
        panic!("expected pending");
    };
    assert_eq!(p.id, "v-2");
    let first = c.poa_get("v-2").await.unwrap();
    assert_eq!(first.status, PoaStatus::Pending);
    let done = c
        .poa_wait(
            "v-2",
            WaitOptions {
                timeout: Duration::from_secs(5),
                initial_interval: Duration::from_millis(5),
                max_interval: Duration::from_millis(10),
            },
        )
        .await
        .unwrap();
    assert_eq!(done.status, PoaStatus::Failure);
    // PoA requests carry no SDK id header.
    for r in server.received_requests().await.unwrap() {
        assert!(r.headers.get("yoti-sdk-id").is_none());
    }
}

#[tokio::test]
async fn poa_stale_qr_is_rejected_before_sending() {
    let server = MockServer::start().await;
    let mut request = PoaVerifyRequest::new("mdoc:x", "pos-1");
    request.qr.scanned_at = Utc::now() - chrono::Duration::seconds(45);
    let err = poa_client(&server).poa_verify(&request).await.unwrap_err();
    assert_eq!(err.code(), "poa.qr_stale");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn poa_without_poa_credential_is_a_config_error() {
    let server = MockServer::start().await;
    let err = client(&server).poa_get("v-1").await.unwrap_err();
    assert_eq!(err.code(), "config");
}

#[tokio::test]
async fn raw_request_reuses_auth_and_errors() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!(
            "/api/v1/sessions/{SESSION_ID}/response-config"
        )))
        .and(header("authorization", auth_header().as_str()))
        .and(header("yoti-sdk-id", SDK_ID))
        .and(body_json(json!({"status": "COMPLETE", "age": 25})))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "rq-1")
                .set_body_json(json!({"ok": true})),
        )
        .mount(&server)
        .await;
    let c = client(&server);
    let raw = c
        .raw_request(
            "put",
            RawTarget::Avs,
            &format!("/sessions/{SESSION_ID}/response-config"),
            Some(json!({"status": "COMPLETE", "age": 25})),
        )
        .await
        .unwrap();
    assert_eq!(raw.status, 200);
    assert_eq!(raw.header("X-Request-Id"), Some("rq-1"));
    assert_eq!(raw.json().unwrap()["ok"], true);
    let err = c
        .raw_request("GET", RawTarget::Avs, "/missing", None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    let err = c
        .raw_request("GET", RawTarget::Avs, "//evil.example/x", None)
        .await;
    // Either refused locally or sent to the same host; never to another host.
    if let Ok(r) = err {
        panic!("unexpected success {r:?}");
    }
}

#[tokio::test]
async fn error_statuses_map_to_stable_codes() {
    let cases = [
        (400, "bad_request"),
        (401, "auth.unauthenticated"),
        (403, "auth.forbidden"),
        (404, "not_found"),
        (409, "conflict"),
        (418, "api"),
        (422, "unprocessable"),
        (429, "rate_limited"),
        (500, "server"),
        (503, "server"),
    ];
    let server = MockServer::start().await;
    let c = builder(&server)
        .retry_policy(yoti_age::RetryPolicy::none())
        .build()
        .unwrap();
    for (status, code) in cases {
        server.reset().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("x-request-id", "rq-9")
                    .set_body_json(json!({"error_code": "E1", "message": "nope",
                        "errors": [{"field": "ttl", "message": "too small"}]})),
            )
            .mount(&server)
            .await;
        let err = c.get_result(SESSION_ID).await.unwrap_err();
        assert_eq!(err.code(), code, "status {status}");
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.api_code(), Some("E1"));
        assert_eq!(err.request_id(), Some("rq-9"));
        assert_eq!(err.field_errors()[0].field, "ttl");
        assert_eq!(err.message(), "nope");
    }
}

#[tokio::test]
async fn malformed_and_non_json_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/sessions/bad/result"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"id\": 5,"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/sessions/html/result"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    let c = builder(&server)
        .retry_policy(yoti_age::RetryPolicy::none())
        .build()
        .unwrap();
    let err = c.get_result("bad").await.unwrap_err();
    assert_eq!(err.code(), "decode");
    assert_eq!(err.status(), Some(200));
    let err = c.get_result("html").await.unwrap_err();
    assert_eq!(err.code(), "server");
    assert_eq!(err.message(), "HTTP 502");
    assert_eq!(err.api_error().unwrap().body, "<html>bad gateway</html>");
}
