//! Kotlin and Swift binding of the yoti-age client, through uniffi (library mode).
//!
//! The models are the core's own types (`uniffi::Record` / `uniffi::Enum` derives behind the
//! core's `uniffi` feature, component `yoti_age`); this crate (component `yoti_age_uniffi`)
//! exports the client, its builder, the webhook verifier, the error type, and functions over the models (`models`).
//! Every async operation runs on one lazily started tokio runtime ([`runtime`]); dropping the
//! uniffi future (Kotlin coroutine cancellation, Swift task cancellation) aborts it.

// uniffi lowers an error by value (it cannot carry `Box<YotiAgeError>`), and errors are the
// cold path: the size of `Result<_, YotiAgeError>` does not matter here.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use yoti_age::headless::{SelfieOutcome, SelfieUpload};
use yoti_age::metrics::{MetricsQuery, SummaryStats};
use yoti_age::poa::{PoaResult, PoaVerification, PoaVerifyRequest};
use yoti_age::rules::{CreatedRule, RuleConfig};
use yoti_age::user_view::UserViewMethod;
use yoti_age::webhook::AvsNotification;
use yoti_age::{
    CentralAuthCredentials, CreatedSession, Environment, RawTarget, RetryPolicy, SessionConfig,
    SessionResult, SessionView, Timeouts, WaitOptions,
};

mod error;
mod models;
mod runtime;

pub use error::YotiAgeError;

uniffi::setup_scaffolding!("yoti_age_uniffi");

/// Result alias of the exported functions.
pub type Result<T, E = YotiAgeError> = std::result::Result<T, E>;

/// Builds a [`Client`]: credentials, environment, timeouts, retries. `toString()` /
/// `description` never shows a secret.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct ClientBuilder {
    inner: Mutex<yoti_age::ClientBuilder>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        fmt::Debug::fmt(&*inner, f)
    }
}

impl ClientBuilder {
    fn update(
        self: Arc<Self>,
        f: impl FnOnce(yoti_age::ClientBuilder) -> yoti_age::ClientBuilder,
    ) -> Arc<Self> {
        {
            let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
            let current = std::mem::take(&mut *inner);
            *inner = f(current);
        }
        self
    }
}

#[uniffi::export]
impl ClientBuilder {
    /// A builder with the defaults: production, default timeouts and retries.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            inner: Mutex::new(yoti_age::ClientBuilder::new()),
        })
    }

    /// The Hub service's SDK id, sent as `Yoti-SDK-Id`.
    pub fn sdk_id(self: Arc<Self>, sdk_id: String) -> Arc<Self> {
        self.update(|b| b.sdk_id(sdk_id))
    }

    /// A static Hub API key (kept as a secret: it never prints).
    pub fn api_key(self: Arc<Self>, api_key: String) -> Arc<Self> {
        self.update(|b| b.api_key(api_key))
    }

    /// A static PoA bearer token (kept as a secret).
    pub fn poa_token(self: Arc<Self>, token: String) -> Arc<Self> {
        self.update(|b| b.poa_token(token))
    }

    /// Central authentication: the service's RSA private key (PEM, kept as a secret), the
    /// space-separated scopes, and the SDK id of the service when it differs from the client's.
    #[uniffi::method(default(sdk_id = None))]
    pub fn central_auth(
        self: Arc<Self>,
        private_key_pem: String,
        scope: String,
        sdk_id: Option<String>,
    ) -> Arc<Self> {
        let mut credentials = CentralAuthCredentials::new(private_key_pem, scope);
        credentials.sdk_id = sdk_id;
        self.update(|b| b.central_auth(credentials))
    }

    /// Which hosts to talk to (default production); `Environment.Custom` for the sandbox.
    pub fn environment(self: Arc<Self>, environment: Environment) -> Arc<Self> {
        self.update(|b| b.environment(environment))
    }

    /// Connect, per-attempt and total timeouts.
    pub fn timeouts(self: Arc<Self>, timeouts: Timeouts) -> Arc<Self> {
        self.update(|b| b.timeouts(timeouts))
    }

    /// Retry policy for idempotent requests and connect failures.
    pub fn retry_policy(self: Arc<Self>, policy: RetryPolicy) -> Arc<Self> {
        self.update(|b| b.retry_policy(policy))
    }

    /// An extra trusted CA (PEM bytes), added to the system roots.
    pub fn extra_ca_pem(self: Arc<Self>, pem: Vec<u8>) -> Arc<Self> {
        self.update(|b| b.extra_ca_pem(pem))
    }

    /// An explicit proxy URL for all requests (else `HTTPS_PROXY`/`NO_PROXY` are honoured).
    pub fn proxy(self: Arc<Self>, url: String) -> Arc<Self> {
        self.update(|b| b.proxy(url))
    }

    /// Text appended to the `User-Agent`.
    pub fn user_agent_suffix(self: Arc<Self>, suffix: String) -> Arc<Self> {
        self.update(|b| b.user_agent_suffix(suffix))
    }

    /// Validates the configuration (in the core) and builds the client; `config` errors name
    /// the offending field.
    pub fn build(&self) -> Result<Arc<Client>> {
        let builder = self.inner.lock().unwrap_or_else(|p| p.into_inner()).clone();
        Ok(Arc::new(Client {
            inner: builder.build()?,
        }))
    }
}

/// The AVS and PoA client: every operation is a `suspend` function in Kotlin and an `async`
/// one in Swift, run on the binding's tokio runtime; cancelling the caller aborts the request.
/// Cheap to share between coroutines/tasks. `toString()` never shows a secret.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Client {
    inner: yoti_age::Client,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

/// A response header (name in lower case).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    /// Header name.
    pub name: String,
    /// Header value.
    pub value: String,
}

/// The answer to [`Client::raw_request`] (mirror of the core's `RawResponse`, whose header
/// list is a `Vec` of tuples, which uniffi cannot carry).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RawResponse {
    /// HTTP status (2xx; other statuses are errors).
    pub status: u16,
    /// Response headers in order.
    pub headers: Vec<HttpHeader>,
    /// The body bytes.
    pub body: Vec<u8>,
}

#[uniffi::export]
impl Client {
    /// A client configured from `YOTI_*` environment variables (see the core's `from_env`).
    #[uniffi::constructor]
    pub fn from_env() -> Result<Arc<Self>> {
        Ok(Arc::new(Self {
            inner: yoti_age::Client::from_env()?,
        }))
    }

    /// A client sharing this one's connections and token cache, with other timeouts.
    pub fn with_timeouts(&self, timeouts: Timeouts) -> Arc<Client> {
        Arc::new(Self {
            inner: self.inner.with_timeouts(timeouts),
        })
    }

    /// A client sharing this one's connections and token cache, with another retry policy.
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> Arc<Client> {
        Arc::new(Self {
            inner: self.inner.with_retry_policy(policy),
        })
    }

    /// The timeouts this client's calls use.
    pub fn timeouts(&self) -> Timeouts {
        self.inner.timeouts()
    }

    /// The retry policy this client's calls use.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.inner.retry_policy()
    }

    /// The SDK id sent as `Yoti-SDK-Id`.
    pub fn sdk_id(&self) -> String {
        self.inner.sdk_id().to_owned()
    }

    /// Creates a session; the configuration is validated in the core first (nothing is sent
    /// when it is invalid: `validation` with exact field paths).
    pub async fn create_session(&self, config: SessionConfig) -> Result<CreatedSession> {
        let client = self.inner.clone();
        runtime::run(async move { client.create_session(&config).await }).await
    }

    /// The configuration view of a session.
    pub async fn get_session(&self, session_id: String) -> Result<SessionView> {
        let client = self.inner.clone();
        runtime::run(async move { client.get_session(&session_id).await }).await
    }

    /// The result of a session.
    pub async fn get_result(&self, session_id: String) -> Result<SessionResult> {
        let client = self.inner.clone();
        runtime::run(async move { client.get_result(&session_id).await }).await
    }

    /// Polls the result until its status is terminal or the wait times out (then the last
    /// result is returned). Cancelling the caller stops the polling.
    #[uniffi::method(default(options = None))]
    pub async fn wait_for_result(
        &self,
        session_id: String,
        options: Option<WaitOptions>,
    ) -> Result<SessionResult> {
        let client = self.inner.clone();
        let options = options.unwrap_or_default();
        runtime::run(async move { client.wait_for_result(&session_id, options).await }).await
    }

    /// The hosted user-view URL for a session, optionally opening one method directly.
    #[uniffi::method(default(method = None))]
    pub fn user_view_url(
        &self,
        session_id: String,
        method: Option<UserViewMethod>,
    ) -> Result<String> {
        Ok(self.inner.user_view_url(&session_id, method)?.to_string())
    }

    /// Uploads a headless selfie: the image bytes, when biometric consent was given, and the
    /// Face Capture Module's `secure` payload.
    pub async fn upload_selfie(
        &self,
        session_id: String,
        image: Vec<u8>,
        biometric_consent: SystemTime,
        secure_token: String,
    ) -> Result<SelfieOutcome> {
        let client = self.inner.clone();
        let upload = SelfieUpload {
            image,
            biometric_consent: biometric_consent.into(),
            secure_token,
        };
        runtime::run(async move { client.upload_selfie(&session_id, &upload).await }).await
    }

    /// Creates an age-token rule (validated first).
    pub async fn create_rule(&self, rule: RuleConfig) -> Result<CreatedRule> {
        let client = self.inner.clone();
        runtime::run(async move { client.create_rule(&rule).await }).await
    }

    /// Summary statistics for a time window.
    pub async fn metrics(&self, query: MetricsQuery) -> Result<SummaryStats> {
        let client = self.inner.clone();
        runtime::run(async move { client.metrics(&query).await }).await
    }

    /// Verifies a PoA QR presentation: `Completed` (200) or `Pending` (202, poll its id).
    pub async fn poa_verify(&self, request: PoaVerifyRequest) -> Result<PoaVerification> {
        let client = self.inner.clone();
        runtime::run(async move { client.poa_verify(&request).await }).await
    }

    /// A PoA verification by id.
    pub async fn poa_get(&self, id: String) -> Result<PoaResult> {
        let client = self.inner.clone();
        runtime::run(async move { client.poa_get(&id).await }).await
    }

    /// Polls a PoA verification until SUCCESS/FAILURE or the deadline (then the last result).
    #[uniffi::method(default(options = None))]
    pub async fn poa_wait(&self, id: String, options: Option<WaitOptions>) -> Result<PoaResult> {
        let client = self.inner.clone();
        let options = options.unwrap_or_default();
        runtime::run(async move { client.poa_wait(&id, options).await }).await
    }

    /// Any request to AVS or PoA with this client's auth, retries and error mapping. `path` is
    /// relative to the base URL; `json_body` is JSON text (parsed in Rust), or none.
    #[uniffi::method(default(json_body = None))]
    pub async fn raw_request(
        &self,
        method: String,
        target: RawTarget,
        path: String,
        json_body: Option<String>,
    ) -> Result<RawResponse> {
        let body = json_body
            .map(|text| {
                serde_json::from_str(&text).map_err(|e| {
                    yoti_age::Error::Config(format!("json_body: not valid JSON ({e})"))
                })
            })
            .transpose()?;
        let client = self.inner.clone();
        let raw =
            runtime::run(async move { client.raw_request(&method, target, &path, body).await })
                .await?;
        Ok(RawResponse {
            status: raw.status,
            headers: raw
                .headers
                .into_iter()
                .map(|(name, value)| HttpHeader { name, value })
                .collect(),
            body: raw.body,
        })
    }

    /// Fetches (or reuses the cached) central-auth access token and answers the scope it was
    /// granted; the token itself never leaves Rust. A `config` error without central auth.
    pub async fn central_auth_scope(&self) -> Result<String> {
        let client = self.inner.clone();
        runtime::run(async move {
            let auth = client.central_auth().ok_or_else(|| {
                yoti_age::Error::Config("central_auth: not configured for this client".into())
            })?;
            Ok(auth.token().await?.scope)
        })
        .await
    }
}

/// Verifies AVS webhooks (RSA-PSS signature over the raw body) and parses them.
#[derive(uniffi::Object)]
pub struct WebhookVerifier {
    inner: yoti_age::WebhookVerifier,
}

#[uniffi::export]
impl WebhookVerifier {
    /// A verifier for a public key in PEM (the sandbox's, or a test key).
    #[uniffi::constructor]
    pub fn from_public_key_pem(pem: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Self {
            inner: yoti_age::WebhookVerifier::from_public_key_pem(&pem)?,
        }))
    }

    /// A verifier for Yoti's production webhook key.
    #[uniffi::constructor]
    pub fn yoti_production() -> Arc<Self> {
        Arc::new(Self {
            inner: yoti_age::WebhookVerifier::yoti_production(),
        })
    }

    /// The same verifier, also rejecting notifications whose timestamp is further than
    /// `tolerance` from now (`webhook.stale`).
    pub fn with_tolerance(&self, tolerance: Duration) -> Arc<Self> {
        Arc::new(Self {
            inner: self.inner.clone().with_tolerance(tolerance),
        })
    }

    /// Verifies the raw body bytes exactly as received and parses the notification.
    pub fn verify(&self, body: Vec<u8>) -> Result<AvsNotification> {
        Ok(self.inner.verify(&body)?)
    }
}

/// Checks a PoA webhook: every expected header must be among the received ones with the same
/// value (constant-time), then parses the body (`webhook.invalid_secret` otherwise).
#[uniffi::export]
pub fn verify_poa_webhook(
    expected_headers: HashMap<String, String>,
    received_headers: Vec<HttpHeader>,
    body: Vec<u8>,
) -> Result<PoaResult> {
    let expected = expected_headers.into_iter().collect();
    let received = received_headers
        .iter()
        .map(|h| (h.name.as_str(), h.value.as_bytes()));
    Ok(yoti_age::poa::verify_poa_webhook(
        &expected, received, &body,
    )?)
}

/// Whether the binding's tokio runtime has been started (it starts on the first async call).
#[uniffi::export]
pub fn runtime_started() -> bool {
    runtime::started()
}
