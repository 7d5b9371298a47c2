//! Helpers shared by the client integration tests: wiremock on 127.0.0.1 only.
#![allow(dead_code)]

use std::sync::OnceLock;
use std::time::Duration;

use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use wiremock::MockServer;
use yoti_age::{Client, ClientBuilder, Environment, RetryPolicy, Timeouts};

pub const SDK_ID: &str = "5d3add31-3a3a-4d3b-a6b4-347edb35264c";
pub const API_KEY: &str = "canary-api-key-7f3a9";
pub const SESSION_ID: &str = "14010f56-3f04-4f1f-84e7-a43ff723ef86";

/// A retry policy with tiny delays so tests count attempts, not seconds.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        base: Duration::from_millis(1),
        cap: Duration::from_millis(5),
    }
}

pub fn environment(server: &MockServer) -> Environment {
    Environment::custom(
        format!("{}/api/v1", server.uri()),
        server.uri(),
        format!("{}/v1/oauth/token", server.uri()),
    )
}

pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .sdk_id(SDK_ID)
        .api_key(API_KEY)
        .environment(environment(server))
        .retry_policy(fast_retries())
        .timeouts(Timeouts {
            connect: Duration::from_secs(2),
            per_attempt: Duration::from_secs(5),
            total: Duration::from_secs(10),
        })
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("client")
}

/// One 2048-bit key per test binary, generated at run time (no key is committed).
pub fn rsa_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("rsa key"))
}

pub fn pkcs8_pem() -> String {
    rsa_key()
        .to_pkcs8_pem(LineEnding::LF)
        .expect("pem")
        .to_string()
}

pub fn pkcs1_pem() -> String {
    rsa_key()
        .to_pkcs1_pem(LineEnding::LF)
        .expect("pem")
        .to_string()
}

pub fn result_body(status: &str) -> Value {
    json!({
        "sdk_id": SDK_ID, "account_id": "",
        "callback_url": "https://www.example.com",
        "callback": { "url": "https://www.example.com", "auto": true },
        "notification_url": "https://example.com/webhook", "cancel_url": "https://example.com/cancel",
        "type": "OVER",
        "age_estimation": { "threshold": 21, "allowed": true, "level": "NONE", "authenticity": "AUTO",
                            "attempts": 0, "attempts_remaining": 1 },
        "digital_id": { "threshold": 18, "allowed": true, "level": "NONE",
                        "authenticity": "NOT_APPLICABLE", "attempts": 1, "attempts_remaining": 1 },
        "doc_scan": { "threshold": 18, "allowed": true, "level": "PASSIVE", "authenticity": "AUTO",
                      "attempts": 0, "attempts_remaining": 2 },
        "credit_card": { "threshold": 0, "allowed": false, "level": "", "authenticity": "",
                         "attempts": 0, "attempts_remaining": 0 },
        "electronic_id": { "threshold": 0, "allowed": false, "sub_methods": null,
                           "attempts": 0, "attempts_remaining": 0 },
        "age": 18, "status": status, "method": "DIGITAL_ID", "reference_id": "over_18_example",
        "created_at": "2025-04-16T08:54:34.739262Z", "expires_at": "2025-04-16T09:04:34.739262Z",
        "updated_at": "2025-04-16T08:55:45.426737Z",
        "id": SESSION_ID, "evidence_id": "4786ecb7-c10c-4037-9947-aaa6507e7414",
        "biometric_consent_required": true, "rule_id": "", "retry_enabled": true, "resume_enabled": true,
        "blocked_locations": [], "biometric_consent_given_at": "", "terminal_id": "",
        "synchronous_checks": true
    })
}

/// A `tracing` writer that captures output into memory, for secret canaries.
#[derive(Clone, Default)]
pub struct Buffer(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
