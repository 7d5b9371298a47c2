//! Runs the shared retry matrix (`tests/vectors/retry_matrix.json`) against wiremock. Status
//! and malformed-body faults run here; `truncated` and `reset` need a raw socket and are
//! covered in `retries.rs`. Attempt counts are asserted, never elapsed times.

mod common;

use common::*;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use yoti_age::poa::PoaVerifyRequest;
use yoti_age::SessionConfig;

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/retry_matrix.json"
    ))
    .expect("retry matrix vector");
    let doc: Value = serde_json::from_str(&text).expect("json");
    doc["cases"].as_array().expect("cases").clone()
}

/// (method, path, success body) of an operation.
fn operation(name: &str) -> (&'static str, String, Value) {
    match name {
        "get_result" => (
            "GET",
            format!("/api/v1/sessions/{SESSION_ID}/result"),
            result_body("COMPLETE"),
        ),
        "get_session" => (
            "GET",
            format!("/api/v1/sessions/{SESSION_ID}"),
            json!({"id": SESSION_ID, "status": "PENDING"}),
        ),
        "create_session" => (
            "POST",
            "/api/v1/sessions".into(),
            json!({"id": SESSION_ID, "status": "PENDING"}),
        ),
        "poa_verify" => (
            "POST",
            "/poa/v1/verify".into(),
            json!({"id": "v-1", "status": "SUCCESS"}),
        ),
        other => panic!("unknown operation {other}"),
    }
}

#[tokio::test]
async fn shared_retry_matrix() {
    let mut ran = 0;
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let fault = &case["fault"];
        let kind = fault["kind"].as_str();
        if matches!(kind, Some("truncated" | "reset")) {
            continue;
        }
        let op = case["operation"].as_str().unwrap();
        let (http_method, op_path, ok_body) = operation(op);
        let server = MockServer::start().await;
        let fault_response = match kind {
            Some("malformed") => ResponseTemplate::new(200).set_body_string("{\"id\": "),
            _ => {
                let status = u16::try_from(fault["status"].as_u64().unwrap()).unwrap();
                let mut r = ResponseTemplate::new(status)
                    .set_body_json(json!({"error_code": "FAULT", "message": "injected"}));
                if let Some(after) = fault["retry_after"].as_u64() {
                    r = r.insert_header("retry-after", after.to_string().as_str());
                }
                r
            }
        };
        Mock::given(method(http_method))
            .and(path(op_path.as_str()))
            .respond_with(fault_response)
            .up_to_n_times(case["times"].as_u64().unwrap())
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method(http_method))
            .and(path(op_path.as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(ok_body))
            .with_priority(2)
            .mount(&server)
            .await;
        let client = builder(&server).poa_token("poa-tok").build().unwrap();
        let outcome = match op {
            "get_result" => client.get_result(SESSION_ID).await.map(|_| ()),
            "get_session" => client.get_session(SESSION_ID).await.map(|_| ()),
            "create_session" => client
                .create_session(&SessionConfig::over().with_ttl(900).with_age_estimation(21))
                .await
                .map(|_| ()),
            "poa_verify" => client
                .poa_verify(&PoaVerifyRequest::new("mdoc:x", "till-1"))
                .await
                .map(|_| ()),
            _ => unreachable!(),
        };
        let code = match &outcome {
            Ok(()) => "ok",
            Err(e) => e.code(),
        };
        assert_eq!(
            code,
            case["outcome"].as_str().unwrap(),
            "{name}: {outcome:?}"
        );
        let attempts = server.received_requests().await.unwrap().len() as u64;
        assert_eq!(attempts, case["attempts"].as_u64().unwrap(), "{name}");
        ran += 1;
    }
    assert!(ran >= 15, "only {ran} cases ran");
}
