//! A POST whose connection is refused never reached the server, so it is retried. Attempts
//! are counted from TRACE output, so this test has its own binary (a thread-local subscriber
//! must not race with other tests' callsite registration).

mod common;

use common::*;
use yoti_age::{Client, Environment, SessionConfig, TransportKind};

/// A port on 127.0.0.1 with nothing listening.
async fn closed_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}

fn session() -> SessionConfig {
    SessionConfig::over().with_ttl(900).with_age_estimation(21)
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

#[tokio::test]
async fn connect_refused_post_is_retried() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let port = closed_port().await;
    let err = client_for(&format!("http://127.0.0.1:{port}"))
        .create_session(&session())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            yoti_age::Error::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert_eq!(logs.matches("attempt failed").count(), 3, "{logs}");
    assert_eq!(logs.matches("retrying").count(), 2, "{logs}");
}
