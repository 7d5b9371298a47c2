//! Helpers shared by the sandbox integration tests.
#![allow(dead_code)]

use std::sync::OnceLock;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::any;
use rsa::RsaPrivateKey;
use tokio::sync::mpsc;
use yoti_age_sandbox::{Sandbox, SandboxConfig, SandboxHandle};

/// One RSA key per test binary: generating keys is the slow part of starting a sandbox.
pub fn key() -> RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("key"))
        .clone()
}

/// A sandbox with fast webhook retries.
pub async fn sandbox() -> SandboxHandle {
    sandbox_with(SandboxConfig::default()).await
}

/// A sandbox with this configuration plus the shared key and fast retries.
pub async fn sandbox_with(mut config: SandboxConfig) -> SandboxHandle {
    config.webhook_key.get_or_insert_with(key);
    config.delivery.initial_delay = Duration::from_millis(20);
    config.delivery.max_delay = Duration::from_millis(100);
    Sandbox::start(config).await.expect("sandbox starts")
}

/// A webhook receiver on 127.0.0.1 that answers `statuses` in turn (then 200) and forwards
/// every body it gets with its headers.
pub struct Receiver {
    /// Its URL.
    pub url: String,
    /// Bodies received, in order.
    pub rx: mpsc::UnboundedReceiver<(HeaderMap, Bytes)>,
}

impl Receiver {
    /// Starts a receiver.
    pub async fn start(statuses: Vec<u16>) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let statuses = std::sync::Arc::new(std::sync::Mutex::new(statuses.into_iter()));
        let app = axum::Router::new().route(
            "/hook",
            any(move |headers: HeaderMap, body: Bytes| {
                let tx = tx.clone();
                let statuses = statuses.clone();
                async move {
                    let status = statuses.lock().unwrap().next().unwrap_or(200);
                    if status == 200 {
                        let _ = tx.send((headers, body));
                    }
                    StatusCode::from_u16(status).unwrap()
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, rx }
    }

    /// The next delivered body, within 10 s.
    pub async fn next(&mut self) -> (HeaderMap, Bytes) {
        tokio::time::timeout(Duration::from_secs(10), self.rx.recv())
            .await
            .expect("a webhook within 10 s")
            .expect("receiver open")
    }
}

/// POSTs JSON to the control API.
pub async fn control(
    sandbox: &SandboxHandle,
    path: &str,
    body: serde_json::Value,
) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/__sandbox{path}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .expect("control API answers")
}
