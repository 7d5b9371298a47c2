//! The sandbox driven through the core client, as users' tests would.

mod common;

use std::time::Duration;

use common::{control, sandbox, sandbox_with, Receiver};
use yoti_age::poa::{PoaFailureReason, PoaStatus, PoaVerification, PoaVerifyRequest};
use yoti_age::webhook::AttemptState;
use yoti_age::{Method, SessionConfig, SessionStatus, WaitOptions, WebhookVerifier};
use yoti_age_sandbox::request_log::Entry;
use yoti_age_sandbox::sessions::Outcome;
use yoti_age_sandbox::SandboxConfig;

fn outcome(method: &str, age: u32) -> Outcome {
    Outcome {
        status: None,
        age: Some(age),
        method: Some(method.into()),
    }
}

#[tokio::test]
async fn whole_flow_with_a_verified_webhook() {
    let sb = sandbox().await;
    let mut hook = Receiver::start(vec![]).await;
    let client = sb.client().unwrap();
    let config = SessionConfig::over()
        .with_age_estimation(21)
        .with_digital_id(18)
        .with_ttl(900)
        .with_reference_id("order 42")
        .with_notification_url(&hook.url)
        .with_terminal_id("till-9");
    let created = client.create_session(&config).await.unwrap();
    assert_eq!(created.status, Some(SessionStatus::Pending));
    let pending = client.get_result(&created.id).await.unwrap();
    assert_eq!(
        (pending.status.clone(), pending.age, pending.method.clone()),
        (SessionStatus::Pending, None, None)
    );
    assert_eq!(pending.terminal_id.as_deref(), Some("till-9"));
    assert_eq!(
        client.get_session(&created.id).await.unwrap().status,
        SessionStatus::Pending
    );

    sb.complete(&created.id, &outcome("DIGITAL_ID", 30))
        .unwrap();
    let result = client
        .wait_for_result(&created.id, WaitOptions::default())
        .await
        .unwrap();
    assert_eq!(result.status, SessionStatus::Complete);
    assert_eq!(
        (result.age, result.method.clone()),
        (Some(18), Some(Method::DigitalId))
    );
    assert_eq!(
        result
            .attempts(&Method::DigitalId)
            .map(|a| (a.attempts, a.remaining)),
        Some((1, 0))
    );

    let (_, body) = hook.next().await;
    let verifier = WebhookVerifier::from_public_key_pem(sb.webhook_public_key_pem()).unwrap();
    let n = verifier.verify(&body).unwrap();
    assert_eq!(
        (n.session_key.as_str(), n.state, n.sequence_number),
        (created.id.as_str(), AttemptState::Complete, Some(1))
    );
    assert_eq!(n.reference_id.as_deref(), Some("order 42"));
    assert_eq!(n.evidence_id, result.evidence_id);
}

#[tokio::test]
async fn wrong_credentials_are_refused() {
    let sb = sandbox().await;
    let wrong_key = sb.client_builder().api_key("nope").build().unwrap();
    let e = wrong_key.get_result("x").await.unwrap_err();
    assert_eq!((e.code(), e.status()), ("auth.forbidden", Some(403)));
    let wrong_sdk = sb.client_builder().sdk_id("other").build().unwrap();
    assert_eq!(
        wrong_sdk.get_result("x").await.unwrap_err().code(),
        "auth.unauthenticated"
    );
    let e = sb
        .client()
        .unwrap()
        .get_result("missing")
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    assert!(
        e.request_id().is_some(),
        "every answer carries X-Request-ID"
    );
}

#[tokio::test]
async fn server_side_validation_uses_the_core_rules_and_envelope() {
    let sb = sandbox().await;
    let client = sb.client().unwrap();
    let body =
        serde_json::json!({"ttl": 10, "age_estimation": {"allowed": true, "threshold": 200}});
    let e = client
        .raw_request("POST", yoti_age::RawTarget::Avs, "/sessions", Some(body))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.api_code()),
        ("bad_request", Some("VALIDATION_ERROR"))
    );
    let mut fields: Vec<&str> = e.field_errors().iter().map(|f| f.field.as_str()).collect();
    fields.sort();
    assert_eq!(fields, ["age_estimation.threshold", "ttl"]);
}

#[tokio::test]
async fn sessions_expire_on_the_sandbox_clock() {
    let sb = sandbox().await;
    let client = sb.client().unwrap();
    let created = client
        .create_session(&SessionConfig::over().with_age_estimation(18).with_ttl(60))
        .await
        .unwrap();
    let resp = control(&sb, "/clock", serde_json::json!({"advance_seconds": 61})).await;
    assert!(resp.status().is_success());
    assert_eq!(
        client.get_result(&created.id).await.unwrap().status,
        SessionStatus::Expired
    );
    assert_eq!(
        client.get_session(&created.id).await.unwrap_err().code(),
        "conflict"
    );
    assert!(sb
        .complete(&created.id, &outcome("AGE_ESTIMATION", 30))
        .is_err());
}

#[tokio::test]
async fn background_sweep_expires_without_a_read() {
    let sb = sandbox_with(SandboxConfig {
        sweep_interval: Duration::from_millis(20),
        ..SandboxConfig::default()
    })
    .await;
    let client = sb.client().unwrap();
    let created = client
        .create_session(&SessionConfig::over().with_age_estimation(18).with_ttl(60))
        .await
        .unwrap();
    sb.clock().advance(120);
    tokio::time::sleep(Duration::from_millis(200)).await;
    // A metrics read counts stored statuses without expiring anything itself.
    let now = chrono::Utc::now();
    let stats = client
        .metrics(&yoti_age::metrics::MetricsQuery {
            created_after: now - chrono::Duration::hours(1),
            created_before: now + chrono::Duration::hours(1),
        })
        .await
        .unwrap();
    assert_eq!(stats.total_created_sessions, 1);
    assert_eq!(
        stats.total_pending_sessions, 0,
        "the sweep expired {}",
        created.id
    );
}

#[tokio::test]
async fn retries_deliver_every_webhook_to_a_flaky_receiver_in_order() {
    let sb = sandbox().await;
    // 204 is not an acknowledgement for AVS webhooks: Yoti re-sends until it gets 200.
    let mut hook = Receiver::start(vec![500, 204, 503]).await;
    let client = sb.client().unwrap();
    let mut config = SessionConfig::over()
        .with_age_estimation(18)
        .with_digital_id(18)
        .with_ttl(900)
        .with_retry_enabled(true);
    config.methods.age_estimation.as_mut().unwrap().retry_limit = Some(2);
    config.notification_url = Some(hook.url.clone());
    let created = client.create_session(&config).await.unwrap();
    sb.complete(&created.id, &outcome("AGE_ESTIMATION", 15))
        .unwrap();
    sb.complete(&created.id, &outcome("AGE_ESTIMATION", 16))
        .unwrap();
    sb.complete(&created.id, &outcome("DIGITAL_ID", 40))
        .unwrap();
    let verifier = WebhookVerifier::from_public_key_pem(sb.webhook_public_key_pem()).unwrap();
    let mut seen = Vec::new();
    for _ in 0..3 {
        let n = verifier.verify(&hook.next().await.1).unwrap();
        seen.push((n.sequence_number.unwrap(), n.state));
    }
    assert_eq!(
        seen,
        [
            (1, AttemptState::Fail),
            (2, AttemptState::Fail),
            (3, AttemptState::Complete)
        ]
    );
    let failures = sb
        .requests()
        .iter()
        .filter(|e| matches!(e, Entry::Webhook { outcome, .. } if outcome == "failed"))
        .count();
    assert_eq!(failures, 3);
}

#[tokio::test]
async fn webhooks_to_other_hosts_are_recorded_and_never_sent() {
    let sb = sandbox().await;
    let client = sb.client().unwrap();
    let config = SessionConfig::over()
        .with_age_estimation(18)
        .with_ttl(900)
        .with_notification_url("https://example.com/hook");
    let created = client.create_session(&config).await.unwrap();
    sb.complete(&created.id, &outcome("AGE_ESTIMATION", 30))
        .unwrap();
    let log = sb.requests();
    let undeliverable: Vec<_> = log
        .iter()
        .filter_map(|e| match e {
            Entry::Webhook { outcome, url, .. } => Some((outcome.as_str(), url.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        undeliverable,
        [("undeliverable", "https://example.com/hook")]
    );
}

#[tokio::test]
async fn request_log_masks_credentials() {
    let sb = sandbox().await;
    let client = sb.client().unwrap();
    let _ = client.get_result("nope").await;
    let log = reqwest::get(format!("{}/__sandbox/requests", sb.base_url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(log.contains("Bearer ***"), "{log}");
    assert!(!log.contains(sb.api_key()), "{log}");
}

#[tokio::test]
async fn selfie_upload_counts_attempts_and_follows_response_config() {
    let sb = sandbox().await;
    let client = sb.client().unwrap();
    let mut config = SessionConfig::over()
        .with_age_estimation(25)
        .with_ttl(900)
        .with_retry_enabled(true);
    config.methods.age_estimation.as_mut().unwrap().retry_limit = Some(3);
    let created = client.create_session(&config).await.unwrap();
    client
        .raw_request(
            "PUT",
            yoti_age::RawTarget::Avs,
            &format!("/sessions/{}/response-config", created.id),
            Some(serde_json::json!({"status": "FAIL", "age": 20, "method": "AGE_ESTIMATION"})),
        )
        .await
        .unwrap();
    let jpeg = [&[0xFF, 0xD8, 0xFF][..], &[0u8; 64]].concat();
    let upload = yoti_age::headless::SelfieUpload {
        image: jpeg,
        biometric_consent: chrono::Utc::now(),
        secure_token: "{\"version\":1}".into(),
    };
    let out = client.upload_selfie(&created.id, &upload).await.unwrap();
    assert_eq!(
        (out.status, out.attempts_remaining, out.retries_depleted),
        (SessionStatus::Fail, Some(1), Some(false))
    );
    let out = client.upload_selfie(&created.id, &upload).await.unwrap();
    assert_eq!(
        (out.attempts_remaining, out.retries_depleted),
        (Some(0), Some(true))
    );
    let e = client
        .upload_selfie(&created.id, &upload)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "conflict");
    let png_less = yoti_age::headless::SelfieUpload {
        image: b"GIF89a".to_vec(),
        ..upload
    };
    let e = client
        .upload_selfie(&created.id, &png_less)
        .await
        .unwrap_err();
    let rejection = yoti_age::headless::SelfieRejection::from_error(&e).unwrap();
    assert_eq!(
        rejection.code,
        yoti_age::headless::SelfieErrorCode::UnsupportedImageFormat
    );
}

#[tokio::test]
async fn rules_and_metrics() {
    let sb = sandbox().await;
    let client = sb.client().unwrap();
    let rule = yoti_age::rules::RuleConfig {
        session_type: None,
        ttl: 31_540_000,
        methods: SessionConfig::over().with_age_estimation(18).methods,
    };
    assert_eq!(client.create_rule(&rule).await.unwrap().id.len(), 36);
    for age in [30, 12] {
        let s = client
            .create_session(&SessionConfig::over().with_age_estimation(18).with_ttl(900))
            .await
            .unwrap();
        sb.complete(&s.id, &outcome("AGE_ESTIMATION", age)).unwrap();
    }
    let now = chrono::Utc::now();
    let q = yoti_age::metrics::MetricsQuery {
        created_after: now - chrono::Duration::days(1),
        created_before: now + chrono::Duration::days(1),
    };
    let stats = client.metrics(&q).await.unwrap();
    assert_eq!(
        (
            stats.total_created_sessions,
            stats.total_complete_sessions,
            stats.total_failed_sessions
        ),
        (2, 1, 1)
    );
    assert_eq!(stats.methods["age_estimation"].total_checks, 2);
}

#[tokio::test]
async fn poa_outcomes_by_magic_value() {
    let sb = sandbox().await;
    let client = sb.client_builder().poa_token(sb.api_key()).build().unwrap();
    let verify = |qr: &str| PoaVerifyRequest::new(qr, "till-1");
    match client
        .poa_verify(&verify("sandbox:success:21"))
        .await
        .unwrap()
    {
        PoaVerification::Completed(r) => assert_eq!(
            (r.status.clone(), r.age_over()),
            (PoaStatus::Success, Some(21))
        ),
        other => panic!("{other:?}"),
    }
    let again = client
        .poa_verify(&verify("sandbox:success:21"))
        .await
        .unwrap();
    assert_eq!(
        again.result().failure_reason(),
        Some(&PoaFailureReason::PresentationAlreadyUsed)
    );
    let failed = client
        .poa_verify(&verify("sandbox:failure:EXCLUDED_PROVIDER"))
        .await
        .unwrap();
    assert_eq!(
        failed.result().failure_reason(),
        Some(&PoaFailureReason::ExcludedProvider)
    );
    let PoaVerification::Pending(p) = client
        .poa_verify(&verify("sandbox:pending:2"))
        .await
        .unwrap()
    else {
        panic!("expected pending");
    };
    let opts = WaitOptions {
        timeout: Duration::from_secs(10),
        initial_interval: Duration::from_millis(10),
        max_interval: Duration::from_millis(20),
    };
    let done = client.poa_wait(&p.id, opts).await.unwrap();
    assert_eq!(done.status, PoaStatus::Success);
    let PoaVerification::Pending(never) = client
        .poa_verify(&verify("sandbox:pending:never"))
        .await
        .unwrap()
    else {
        panic!("expected pending");
    };
    let opts = WaitOptions {
        timeout: Duration::from_millis(200),
        ..opts
    };
    assert_eq!(
        client.poa_wait(&never.id, opts).await.unwrap().status,
        PoaStatus::Pending
    );
    let mut stale = verify("sandbox:success:18:b");
    stale.qr.scanned_at = chrono::Utc::now() - chrono::Duration::seconds(45);
    assert_eq!(
        client.poa_verify(&stale).await.unwrap_err().code(),
        "poa.qr_stale"
    );
    assert_eq!(
        client.poa_get("missing").await.unwrap_err().code(),
        "not_found"
    );
}

#[tokio::test]
async fn poa_notification_carries_the_callers_secret_headers() {
    let sb = sandbox().await;
    let mut hook = Receiver::start(vec![]).await;
    let client = sb.client_builder().poa_token(sb.api_key()).build().unwrap();
    let mut request = PoaVerifyRequest::new("sandbox:pending:1", "till-1");
    let secret: std::collections::BTreeMap<String, String> =
        [("X-Till-Secret".to_string(), "s3cret".to_string())].into();
    request.notification = Some(yoti_age::poa::PoaNotification {
        url: hook.url.clone(),
        method: None,
        verify_tls: None,
        headers: secret.clone(),
    });
    let pending = client.poa_verify(&request).await.unwrap();
    client.poa_get(&pending.result().id).await.unwrap();
    let (headers, body) = hook.next().await;
    let received: Vec<(&str, &[u8])> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_bytes()))
        .collect();
    let result = yoti_age::poa::verify_poa_webhook(&secret, received.clone(), &body).unwrap();
    assert_eq!(result.status, PoaStatus::Success);
    let wrong: std::collections::BTreeMap<String, String> =
        [("X-Till-Secret".to_string(), "other".to_string())].into();
    assert_eq!(
        yoti_age::poa::verify_poa_webhook(&wrong, received, &body)
            .unwrap_err()
            .code(),
        "webhook.invalid_secret"
    );
}

#[tokio::test]
async fn concurrent_creates_never_collide() {
    let sb = sandbox().await;
    let client = sb.client().unwrap();
    let config = SessionConfig::over().with_age_estimation(18).with_ttl(900);
    let ids = futures::future::join_all((0..50).map(|_| client.create_session(&config))).await;
    let ids: std::collections::HashSet<String> = ids.into_iter().map(|r| r.unwrap().id).collect();
    assert_eq!(ids.len(), 50);
}

#[tokio::test]
async fn sqlite_state_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.db");
    let config = || SandboxConfig {
        state_file: Some(file.clone()),
        sdk_id: Some("sdk-1".into()),
        api_key: Some("key-1".into()),
        ..SandboxConfig::default()
    };
    let first = sandbox_with(config()).await;
    let client = first.client().unwrap();
    let created = client
        .create_session(&SessionConfig::over().with_age_estimation(18).with_ttl(900))
        .await
        .unwrap();
    first
        .complete(&created.id, &outcome("AGE_ESTIMATION", 40))
        .unwrap();
    first.shutdown();
    drop(first);
    let second = sandbox_with(config()).await;
    let result = second
        .client()
        .unwrap()
        .get_result(&created.id)
        .await
        .unwrap();
    assert_eq!(
        (result.status, result.age),
        (SessionStatus::Complete, Some(18))
    );
}

#[tokio::test]
async fn user_view_redirects_to_the_callback_with_the_session_id() {
    let sb = sandbox().await;
    let client = sb.client().unwrap();
    let config = SessionConfig::over()
        .with_age_estimation(18)
        .with_doc_scan(18)
        .with_ttl(900)
        .with_callback("http://127.0.0.1:9/done", true);
    let created = client.create_session(&config).await.unwrap();
    let url = client
        .user_view_url(
            &created.id,
            Some(yoti_age::user_view::UserViewMethod::DocScan),
        )
        .unwrap();
    assert_eq!(
        client.get_result(&created.id).await.unwrap().status,
        SessionStatus::Pending
    );
    let page = reqwest::get(url.as_str())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let started = client.get_result(&created.id).await.unwrap();
    assert_eq!(
        (started.status, started.age),
        (SessionStatus::InProgress, None),
        "opening the page starts the session"
    );
    assert!(page.contains("value=\"DOC_SCAN\" checked"), "{page}");
    assert!(page.contains("<label for=\"age\">"));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = http
        .post(sb.base_url().to_string() + "/")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "sessionId={}&sdkId={}&method=DOC_SCAN&age=44&outcome=AUTO&action=finish",
            created.id,
            sb.sdk_id()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 303);
    assert_eq!(
        answer.headers()["location"],
        format!("http://127.0.0.1:9/done?sessionId={}", created.id)
    );
    let result = client.get_result(&created.id).await.unwrap();
    assert_eq!(result.method, Some(Method::DocScan));
    let wrong = reqwest::get(format!(
        "{}/?sessionId={}&sdkId=nope",
        sb.base_url(),
        created.id
    ))
    .await
    .unwrap();
    assert_eq!(wrong.status(), 403);
}
