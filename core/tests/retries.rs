//! Retry matrix, Retry-After, timeouts and transport failures (Project decision 13,
//! docs/yoti-api.md).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use common::*;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use yoti_age::{Client, Environment, SessionConfig, Timeouts, TransportKind};

fn session() -> SessionConfig {
    SessionConfig::over().with_ttl(900).with_age_estimation(21)
}

async fn attempts(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn get_503_twice_then_200_takes_three_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(result_body("COMPLETE")))
        .mount(&server)
        .await;
    let result = client(&server).get_result(SESSION_ID).await.unwrap();
    assert_eq!(result.id, SESSION_ID);
    assert_eq!(attempts(&server).await, 3);
}

#[tokio::test]
async fn get_retries_each_retryable_status_then_gives_up() {
    for status in [408u16, 429, 500, 502, 503, 504] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        let err = client(&server).get_result(SESSION_ID).await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(attempts(&server).await, 3, "status {status}");
    }
}

#[tokio::test]
async fn non_retryable_statuses_are_tried_once() {
    for status in [400u16, 401, 403, 404, 409, 422, 501] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        client(&server).get_result(SESSION_ID).await.unwrap_err();
        assert_eq!(attempts(&server).await, 1, "status {status}");
    }
}

#[tokio::test]
async fn post_503_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = client(&server)
        .create_session(&session())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "server");
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(result_body("COMPLETE")))
        .mount(&server)
        .await;
    client(&server).get_result(SESSION_ID).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_total_budget_returns_rate_limited_at_once() {
    let server = MockServer::start().await;
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", date.as_str()))
        .mount(&server)
        .await;
    let err = client(&server).get_result(SESSION_ID).await.unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    let wait = err.retry_after().unwrap();
    assert!(
        wait > Duration::from_secs(3500) && wait <= Duration::from_secs(3600),
        "{wait:?}"
    );
    assert_eq!(attempts(&server).await, 1);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "120"))
        .mount(&server)
        .await;
    let err = client(&server).get_result(SESSION_ID).await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn retry_after_http_date_in_the_past_retries_immediately() {
    let server = MockServer::start().await;
    let date = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(30));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", date.as_str()))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(result_body("COMPLETE")))
        .mount(&server)
        .await;
    client(&server).get_result(SESSION_ID).await.unwrap();
    assert_eq!(attempts(&server).await, 2);
}

#[tokio::test]
async fn per_attempt_timeout_retries_gets_but_not_posts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let c = builder(&server)
        .timeouts(Timeouts {
            connect: Duration::from_secs(2),
            per_attempt: Duration::from_millis(150),
            total: Duration::from_secs(10),
        })
        .build()
        .unwrap();
    let err = c.get_result(SESSION_ID).await.unwrap_err();
    assert_eq!(err.code(), "timeout");
    assert_eq!(attempts(&server).await, 3);
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let err = c.create_session(&session()).await.unwrap_err();
    assert_eq!(err.code(), "timeout");
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn total_timeout_bounds_the_whole_operation() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let c = builder(&server)
        .timeouts(Timeouts {
            connect: Duration::from_secs(2),
            per_attempt: Duration::from_secs(30),
            total: Duration::from_millis(200),
        })
        .build()
        .unwrap();
    let err = c.get_result(SESSION_ID).await.unwrap_err();
    assert_eq!(err.code(), "timeout");
    assert!(err.to_string().contains("total"), "{err}");
    assert_eq!(attempts(&server).await, 1);
}

fn client_for(base: &str) -> Client {
    Client::builder()
        .sdk_id(SDK_ID)
        .api_key(API_KEY)
        .environment(Environment::custom(format!("{base}/api/v1"), base, ""))
        .retry_policy(fast_retries())
        .build()
        .unwrap()
}

/// Serves every connection with the given raw bytes, then closes it.
async fn raw_server(response: &'static [u8]) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let mut buf = vec![0u8; 8192];
            let _ = socket.read(&mut buf).await;
            let _ = socket.write_all(response).await;
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://127.0.0.1:{port}"), count)
}

#[tokio::test]
async fn truncated_body_is_a_transport_io_error() {
    let (base, _) = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"id\":",
    )
    .await;
    let err = client_for(&base).get_result(SESSION_ID).await.unwrap_err();
    assert!(
        matches!(
            err,
            yoti_age::Error::Transport {
                kind: TransportKind::Io,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn connection_closed_without_answer_is_transport() {
    let (base, count) = raw_server(b"").await;
    let err = client_for(&base)
        .create_session(&session())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "transport", "{err:?}");
    // The request reached the server: a POST is not retried.
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn tls_to_a_plain_http_server_is_a_tls_error() {
    let (base, _) = raw_server(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n").await;
    let base = base.replace("http://", "https://");
    let err = client_for(&base).get_result(SESSION_ID).await.unwrap_err();
    assert!(
        matches!(
            err,
            yoti_age::Error::Transport {
                kind: TransportKind::Tls,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn success_with_invalid_json_is_decode_not_panic() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v1/sessions/{SESSION_ID}/result")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": 3})))
        .mount(&server)
        .await;
    let err = client(&server).get_result(SESSION_ID).await.unwrap_err();
    assert_eq!(err.code(), "decode");
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn dropping_the_future_stops_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = builder(&server)
        .retry_policy(yoti_age::RetryPolicy {
            max_retries: 5,
            base: Duration::from_millis(400),
            cap: Duration::from_millis(400),
        })
        .build()
        .unwrap();
    // Full jitter may pick a short delay, so cancel as soon as the first attempt is seen.
    let task = tokio::spawn(async move { client.get_result(SESSION_ID).await });
    for _ in 0..200 {
        if attempts(&server).await >= 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    task.abort();
    let seen = attempts(&server).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        attempts(&server).await,
        seen,
        "a retry started after cancellation"
    );
    assert!(seen <= 2);
}

#[tokio::test]
async fn per_call_timeouts_and_retry_policy_share_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let c = client(&server);
    c.with_retry_policy(yoti_age::RetryPolicy::none())
        .get_result(SESSION_ID)
        .await
        .unwrap_err();
    assert_eq!(attempts(&server).await, 1);
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let err = c
        .with_timeouts(Timeouts {
            connect: Duration::from_secs(1),
            per_attempt: Duration::from_secs(5),
            total: Duration::from_millis(100),
        })
        .get_result(SESSION_ID)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "timeout");
}
