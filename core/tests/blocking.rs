//! The blocking client does what the async one does, with the same errors.

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use yoti_age::poa::{PoaVerification, PoaVerifyRequest};
use yoti_age::{blocking, RawTarget, SessionConfig, SessionStatus, WaitOptions};

/// Starts wiremock on its own runtime; the test thread then has no runtime, as a sync user.
fn start_server() -> (tokio::runtime::Runtime, MockServer) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/v1/sessions"))
            .and(header("yoti-sdk-id", SDK_ID))
            .and(header("yoti-terminal-id", "till-1"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"id": "s-1", "status": "PENDING"})),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v1/sessions/s-1/result"))
            .respond_with(ResponseTemplate::new(200).set_body_json(result_body("PENDING")))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v1/sessions/s-1/result"))
            .respond_with(ResponseTemplate::new(200).set_body_json(result_body("COMPLETE")))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v1/sessions/missing/result"))
            .respond_with(
                ResponseTemplate::new(404).set_body_json(json!({"message": "Session not found"})),
            )
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/poa/v1/verify"))
            .and(header("authorization", "Bearer poa-tok"))
            .respond_with(
                ResponseTemplate::new(202).set_body_json(json!({"id": "v-9", "status": "PENDING"})),
            )
            .mount(&server)
            .await;
        server
    });
    (rt, server)
}

#[test]
fn blocking_client_parity() {
    let (rt, server) = start_server();
    let client = builder(&server)
        .poa_token("poa-tok")
        .build_blocking()
        .unwrap();
    let created = client
        .create_session(
            &SessionConfig::over()
                .with_ttl(900)
                .with_age_estimation(21)
                .with_terminal_id("till-1"),
        )
        .unwrap();
    assert_eq!(created.id, "s-1");
    let result = client
        .wait_for_result(
            "s-1",
            WaitOptions {
                timeout: Duration::from_secs(5),
                initial_interval: Duration::from_millis(5),
                max_interval: Duration::from_millis(10),
            },
        )
        .unwrap();
    assert_eq!(result.status, SessionStatus::Complete);
    let err = client.get_result("missing").unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert_eq!(err.message(), "Session not found");
    let pending = client
        .poa_verify(&PoaVerifyRequest::new("mdoc:x", "till-1"))
        .unwrap();
    assert!(matches!(pending, PoaVerification::Pending(ref r) if r.id == "v-9"));
    let raw = client
        .raw_request("GET", RawTarget::Avs, "/sessions/s-1/result", None)
        .unwrap();
    assert_eq!(raw.status, 200);
    let url = client.user_view_url("s-1", None).unwrap();
    assert!(url.as_str().contains("sessionId=s-1"));
    // Clones share the runtime and work from other threads.
    let clone = client.clone();
    std::thread::spawn(move || clone.get_result("s-1").unwrap())
        .join()
        .unwrap();
    drop(server);
    drop(rt);
}

#[test]
fn blocking_client_inside_a_runtime_is_an_error_not_a_panic() {
    let (rt, server) = start_server();
    let client: blocking::Client = builder(&server).build_blocking().unwrap();
    // Start the client's runtime, then misuse it from async code.
    client.get_result("missing").unwrap_err();
    let err = rt
        .block_on(async move {
            let result = client.get_result("s-1");
            drop(client);
            result
        })
        .unwrap_err();
    assert_eq!(err.code(), "config");
}

/// A loopback server that accepts connections and never answers; counts what it accepted.
fn hanging_server() -> (String, std::sync::mpsc::Receiver<std::net::TcpStream>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if tx.send(stream).is_err() {
                break;
            }
        }
    });
    (base, rx)
}

#[test]
fn a_cancel_token_stops_a_call_in_flight_from_another_thread_and_nothing_is_retried() {
    use std::io::Read as _;
    let (base, accepted) = hanging_server();
    let token = yoti_age::CancelToken::new();
    let client = blocking::Client::builder()
        .sdk_id(SDK_ID)
        .api_key("key")
        .environment(yoti_age::Environment::custom(base, "", ""))
        .timeouts(yoti_age::Timeouts {
            connect: Duration::from_secs(5),
            per_attempt: Duration::from_secs(3600),
            total: Duration::from_secs(3600),
        })
        .build_blocking()
        .unwrap()
        .with_cancel_token(token.clone());
    let call = std::thread::spawn(move || client.get_result("s-1"));
    // The request is on the wire (and will never be answered) before the token is cancelled.
    let mut connection = accepted.recv_timeout(Duration::from_secs(30)).unwrap();
    token.cancel();
    let error = call.join().unwrap().unwrap_err();
    assert_eq!(error.code(), "cancelled");
    // The dropped request closed its connection, and no retry came.
    connection
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut rest = Vec::new();
    connection.read_to_end(&mut rest).unwrap();
    assert!(
        accepted.try_recv().is_err(),
        "a cancelled call is not retried"
    );
}

#[test]
fn a_cancelled_token_sends_nothing() {
    let (base, accepted) = hanging_server();
    let token = yoti_age::CancelToken::new();
    token.cancel();
    let client = blocking::Client::builder()
        .sdk_id(SDK_ID)
        .api_key("key")
        .environment(yoti_age::Environment::custom(base, "", ""))
        .build_blocking()
        .unwrap()
        .with_cancel_token(token);
    assert_eq!(client.get_result("s-1").unwrap_err().code(), "cancelled");
    assert!(accepted.recv_timeout(Duration::from_millis(200)).is_err());
}
