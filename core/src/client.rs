//! The async client: every AVS and PoA operation, with validation before sending, auth,
//! retries, timeouts and typed decoding.
//!
//! ```no_run
//! use yoti_age::{Client, SessionConfig, WaitOptions};
//!
//! # async fn run() -> yoti_age::Result<()> {
//! let client = Client::builder()
//!     .sdk_id("5d3add31-3a3a-4d3b-a6b4-347edb35264c")
//!     .api_key(std::env::var("YOTI_API_KEY").unwrap_or_default())
//!     .build()?;
//! let session = client
//!     .create_session(&SessionConfig::over().with_ttl(900).with_age_estimation(21))
//!     .await?;
//! println!("send the user to {}", client.user_view_url(&session.id, None)?);
//! let result = client.wait_for_result(&session.id, WaitOptions::default()).await?;
//! println!("status {:?}", result.status);
//! # Ok(())
//! # }
//! ```
//!
//! Auth per API: AVS calls carry `Yoti-SDK-Id` and `Authorization: Bearer` with the API key,
//! else a central-auth token. PoA calls carry `Authorization: Bearer` with the static PoA token,
//! else a central-auth token (no SDK id header). With central auth, a 401 leads to one token
//! refresh and one retry.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use chrono::{SecondsFormat, Utc};
use reqwest::header::HeaderName;
use reqwest::Method;
use tokio::time::Instant;
use url::Url;

use crate::auth::CentralAuth;
use crate::config::{is_loopback, ClientBuilder, ClientConfig, Endpoints};
use crate::error::{Error, Result};
use crate::headless::{SelfieOutcome, SelfieUpload};
use crate::metrics::{MetricsQuery, SummaryStats};
use crate::poa::{PoaResult, PoaVerification, PoaVerifyRequest};
use crate::result::SessionResult;
use crate::rules::{CreatedRule, RuleConfig};
use crate::secret::Secret;
use crate::session::{CreatedSession, SessionConfig, SessionView};
use crate::transport::{Body, MultipartField, Outgoing, Response, Transport};
use crate::user_view::UserViewMethod;

/// The header carrying the SDK id (sent to AVS).
pub const SDK_ID_HEADER: &str = "Yoti-SDK-Id";
/// The header that tags a session with the relying party's terminal.
pub const TERMINAL_ID_HEADER: &str = "Yoti-Terminal-Id";

/// How long and how often [`Client::wait_for_result`] and [`Client::poa_wait`] poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct WaitOptions {
    /// Stop polling after this long and return the last result (default 120 s).
    pub timeout: Duration,
    /// Delay before the second poll (default 1 s); it doubles after each poll.
    pub initial_interval: Duration,
    /// Largest delay between polls (default 5 s, Yoti's polling guidance).
    pub max_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(120),
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(5),
        }
    }
}

/// [`WaitOptions`] where every field may be left out: what is given replaces the base (the
/// defaults), the rest is kept. Serde form in milliseconds,
/// `{"timeout_ms": 120000, "initial_interval_ms": 1000, "max_interval_ms": 5000}` (camelCase
/// accepted); unknown keys are refused.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct WaitOverrides {
    /// Stop polling after this long.
    #[serde(
        default,
        with = "crate::config::millis",
        rename = "timeout_ms",
        alias = "timeoutMs"
    )]
    #[schemars(with = "Option<u64>")]
    pub timeout: Option<Duration>,
    /// Delay before the second poll.
    #[serde(
        default,
        with = "crate::config::millis",
        rename = "initial_interval_ms",
        alias = "initialIntervalMs"
    )]
    #[schemars(with = "Option<u64>")]
    pub initial_interval: Option<Duration>,
    /// Largest delay between polls.
    #[serde(
        default,
        with = "crate::config::millis",
        rename = "max_interval_ms",
        alias = "maxIntervalMs"
    )]
    #[schemars(with = "Option<u64>")]
    pub max_interval: Option<Duration>,
}

impl WaitOverrides {
    /// `base` with the given fields replaced.
    pub fn apply(&self, base: WaitOptions) -> WaitOptions {
        WaitOptions {
            timeout: self.timeout.unwrap_or(base.timeout),
            initial_interval: self.initial_interval.unwrap_or(base.initial_interval),
            max_interval: self.max_interval.unwrap_or(base.max_interval),
        }
    }
}

/// Which API a raw request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RawTarget {
    /// The AVS base URL (`…/api/v1`), with the AVS credentials and `Yoti-SDK-Id`.
    Avs,
    /// The PoA base URL, with the PoA bearer token.
    Poa,
}

impl RawTarget {
    /// The names [`RawTarget::from_str`](std::str::FromStr) reads, compared ignoring ASCII case.
    pub const NAMES: &'static [&'static str] = &["avs", "poa"];
}

impl std::str::FromStr for RawTarget {
    type Err = Error;

    /// `avs` or `poa`, ignoring ASCII case; anything else is a `validation` error at `target`.
    fn from_str(name: &str) -> Result<Self> {
        if name.eq_ignore_ascii_case("avs") {
            Ok(RawTarget::Avs)
        } else if name.eq_ignore_ascii_case("poa") {
            Ok(RawTarget::Poa)
        } else {
            Err(Error::Validation(vec![crate::FieldError::new(
                "target",
                crate::error::rule::ONE_OF,
                format!("must be one of {}, got {name:?}", Self::NAMES.join(", ")),
            )]))
        }
    }
}

/// The answer to [`Client::raw_request`] (any 2xx; other statuses are errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers, names in lower case, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The body as JSON (`Error::Decode` when it is not JSON).
    pub fn json(&self) -> Result<serde_json::Value> {
        serde_json::from_slice(&self.body).map_err(|e| Error::Decode {
            message: e.to_string(),
            status: Some(self.status),
            request_id: self.header("x-request-id").map(str::to_owned),
        })
    }

    /// The first value of a header (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Which credential a request carries.
enum Credential {
    None,
    Static(Secret),
    Central(Arc<CentralAuth>),
}

struct Inner {
    config: ClientConfig,
    transport: Arc<Transport>,
    central_auth: Option<Arc<CentralAuth>>,
}

/// The async client for AVS and PoA. Cheap to clone (shared connection pool and token cache).
/// `Debug` never shows secrets.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("central_auth", &self.inner.central_auth)
            .finish()
    }
}

impl Client {
    /// A builder for a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from `YOTI_SDK_ID`, `YOTI_API_KEY`, `YOTI_PRIVATE_KEY` (path or
    /// inline PEM), `YOTI_SCOPE`, `YOTI_POA_TOKEN` (a PoA token provisioned in Hub), `YOTI_ENV`
    /// (`production` | `yoti_sandbox` | `custom`) and `YOTI_AVS_URL`, `YOTI_POA_URL`,
    /// `YOTI_AUTH_URL` (setting a URL implies `custom`).
    pub fn from_env() -> Result<Self> {
        Self::from_env_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Client::from_env`], reading variables through `lookup` (for tests and embedding).
    pub fn from_env_lookup<F: Fn(&str) -> Option<String>>(lookup: F) -> Result<Self> {
        ClientBuilder::new().with_env_lookup(lookup)?.build()
    }

    pub(crate) fn from_builder(mut b: ClientBuilder) -> Result<Self> {
        let sdk_id = b
            .sdk_id
            .clone()
            .or_else(|| b.central_auth.as_ref().and_then(|c| c.sdk_id.clone()))
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::Config("sdk_id: is required".into()))?;
        crate::config::header_text("sdk_id", &sdk_id)?;
        b.api_key = b.api_key.map(|k| credential("api_key", &k)).transpose()?;
        b.poa_token = b
            .poa_token
            .map(|k| credential("poa_token", &k))
            .transpose()?;
        if b.api_key.is_none() && b.central_auth.is_none() && b.poa_token.is_none() {
            return Err(Error::Config(
                "credentials: set api_key, central_auth or poa_token".into(),
            ));
        }
        let endpoints: Endpoints = b.environment.endpoints()?;
        let loopback_only = is_loopback(&endpoints.avs_base)
            && endpoints.poa_base.as_ref().is_none_or(is_loopback)
            && endpoints.auth_url.as_ref().is_none_or(is_loopback);
        let transport = Arc::new(Transport::new(
            b.timeouts,
            b.retry_policy,
            &b.extra_ca_pem,
            b.proxy.as_deref(),
            b.user_agent_suffix.as_deref(),
            loopback_only,
        )?);
        let central_auth = match &b.central_auth {
            Some(credentials) => {
                let token_url = endpoints
                    .auth_url
                    .clone()
                    .ok_or_else(|| Error::Config("auth_url: required for central auth".into()))?;
                Some(Arc::new(CentralAuth::new(
                    credentials,
                    &sdk_id,
                    token_url,
                    Arc::clone(&transport),
                )?))
            }
            None => None,
        };
        Ok(Self {
            inner: Arc::new(Inner {
                config: ClientConfig {
                    sdk_id,
                    api_key: b.api_key,
                    poa_token: b.poa_token,
                    endpoints,
                    timeouts: b.timeouts,
                    retry_policy: b.retry_policy,
                },
                transport,
                central_auth,
            }),
        })
    }

    /// A client sharing this one's connections and token cache, with other timeouts for its
    /// calls (per-call timeouts). The connect timeout is fixed when the client is built.
    pub fn with_timeouts(&self, timeouts: crate::config::Timeouts) -> Self {
        let mut config = self.inner.config.clone();
        config.timeouts = timeouts;
        self.with_config(config)
    }

    /// A client sharing this one's connections and token cache, with another retry policy.
    pub fn with_retry_policy(&self, policy: crate::config::RetryPolicy) -> Self {
        let mut config = self.inner.config.clone();
        config.retry_policy = policy;
        self.with_config(config)
    }

    /// The timeouts this client's calls use.
    pub fn timeouts(&self) -> crate::config::Timeouts {
        self.inner.config.timeouts
    }

    /// The retry policy this client's calls use.
    pub fn retry_policy(&self) -> crate::config::RetryPolicy {
        self.inner.config.retry_policy
    }

    fn with_config(&self, config: ClientConfig) -> Self {
        Self {
            inner: Arc::new(Inner {
                config,
                transport: Arc::clone(&self.inner.transport),
                central_auth: self.inner.central_auth.clone(),
            }),
        }
    }

    /// The SDK id sent as `Yoti-SDK-Id`.
    pub fn sdk_id(&self) -> &str {
        &self.inner.config.sdk_id
    }

    /// The AVS base URL.
    pub fn avs_base(&self) -> &Url {
        &self.inner.config.endpoints.avs_base
    }

    /// The PoA base URL, when configured.
    pub fn poa_base(&self) -> Option<&Url> {
        self.inner.config.endpoints.poa_base.as_ref()
    }

    /// Central auth, when configured (fetch a token with [`CentralAuth::token`]).
    pub fn central_auth(&self) -> Option<&CentralAuth> {
        self.inner.central_auth.as_deref()
    }

    /// Creates a session. The configuration is validated first; nothing is sent when it is
    /// invalid. `terminal_id` is sent as the `Yoti-Terminal-Id` header.
    pub async fn create_session(&self, config: &SessionConfig) -> Result<CreatedSession> {
        config.validate()?;
        let mut request = Outgoing::new(
            "session.create",
            Method::POST,
            self.avs_url(&["sessions"])?,
            json_body(config)?,
        );
        if let Some(terminal) = config.terminal_id.as_deref().filter(|t| !t.is_empty()) {
            request = request.header(
                HeaderName::from_static("yoti-terminal-id"),
                terminal,
                "terminal_id",
            )?;
        }
        self.send(RawTarget::Avs, request).await?.decode()
    }

    /// The configuration view of a session (`GET /sessions/{id}`).
    pub async fn get_session(&self, session_id: &str) -> Result<SessionView> {
        let url = self.avs_url(&["sessions", path_id("session_id", session_id)?])?;
        self.get(RawTarget::Avs, "session.get", url).await?.decode()
    }

    /// The result of a session (`GET /sessions/{id}/result`).
    pub async fn get_result(&self, session_id: &str) -> Result<SessionResult> {
        let url = self.avs_url(&["sessions", path_id("session_id", session_id)?, "result"])?;
        self.get(RawTarget::Avs, "session.result", url)
            .await?
            .decode()
    }

    /// Polls the result until its status is terminal or `options.timeout` passes; at the
    /// deadline the last result is returned (check its status), not an error.
    pub async fn wait_for_result(
        &self,
        session_id: &str,
        options: WaitOptions,
    ) -> Result<SessionResult> {
        poll_until(
            options,
            || self.get_result(session_id),
            |r: &SessionResult| r.status.is_terminal(),
        )
        .await
    }

    /// The hosted user-view URL for a session, optionally opening one method directly.
    pub fn user_view_url(&self, session_id: &str, method: Option<UserViewMethod>) -> Result<Url> {
        crate::user_view::user_view_url(self.avs_base(), self.sdk_id(), session_id, method.as_ref())
    }

    /// Uploads a headless selfie (`POST /sessions/{id}/age-estimation`, multipart).
    ///
    /// The endpoint documents only `Yoti-SDK-Id`; this server-side client also sends its
    /// `Authorization` header, which is harmless and keeps working should Yoti require it.
    pub async fn upload_selfie(
        &self,
        session_id: &str,
        upload: &SelfieUpload,
    ) -> Result<SelfieOutcome> {
        let url = self.avs_url(&[
            "sessions",
            path_id("session_id", session_id)?,
            "age-estimation",
        ])?;
        let body = Body::Multipart(vec![
            MultipartField {
                name: "image",
                content_type: "application/octet-stream",
                value: base64::engine::general_purpose::STANDARD.encode(&upload.image),
            },
            MultipartField {
                name: "biometric_consent",
                content_type: "text/plain",
                value: upload
                    .biometric_consent
                    .to_rfc3339_opts(SecondsFormat::Millis, true),
            },
            MultipartField {
                name: "secure_token",
                content_type: "text/plain",
                value: upload.secure_token.clone(),
            },
        ]);
        let request = Outgoing::new("session.upload_selfie", Method::POST, url, body);
        self.send(RawTarget::Avs, request).await?.decode()
    }

    /// Creates an age-token rule (`POST /rules`), validated first.
    pub async fn create_rule(&self, rule: &RuleConfig) -> Result<CreatedRule> {
        rule.validate()?;
        let request = Outgoing::new(
            "rule.create",
            Method::POST,
            self.avs_url(&["rules"])?,
            json_body(rule)?,
        );
        self.send(RawTarget::Avs, request).await?.decode()
    }

    /// Summary statistics for a time window (`GET /report/fetch-summary-stats`).
    pub async fn metrics(&self, query: &MetricsQuery) -> Result<SummaryStats> {
        query.validate()?;
        let mut url = self.avs_url(&["report", "fetch-summary-stats"])?;
        url.query_pairs_mut()
            .append_pair(
                "createdAfter",
                &query
                    .created_after
                    .to_rfc3339_opts(SecondsFormat::Secs, true),
            )
            .append_pair(
                "createdBefore",
                &query
                    .created_before
                    .to_rfc3339_opts(SecondsFormat::Secs, true),
            );
        self.get(RawTarget::Avs, "report.summary_stats", url)
            .await?
            .decode()
    }

    /// Verifies a PoA QR presentation (`POST /poa/v1/verify`). The request is checked first
    /// (`poa.qr_stale` when scanned more than 30 s ago). 200 gives a completed result, 202 a
    /// pending one to poll. Never retried once it may have reached the server.
    pub async fn poa_verify(&self, request: &PoaVerifyRequest) -> Result<PoaVerification> {
        request.validate_at(Utc::now())?;
        let outgoing = Outgoing::new(
            "poa.verify",
            Method::POST,
            self.poa_url(&["poa", "v1", "verify"])?,
            json_body(request)?,
        );
        let response = self.send(RawTarget::Poa, outgoing).await?;
        let result: PoaResult = response.decode()?;
        if response.status == 202 {
            if result.id.is_empty() {
                return Err(Error::Decode {
                    message: "pending PoA answer without an id".into(),
                    status: Some(response.status),
                    request_id: response.request_id(),
                });
            }
            Ok(PoaVerification::Pending(result))
        } else {
            Ok(PoaVerification::Completed(result))
        }
    }

    /// A PoA verification by id (`GET /poa/v1/verify/{id}`).
    pub async fn poa_get(&self, id: &str) -> Result<PoaResult> {
        let url = self.poa_url(&["poa", "v1", "verify", path_id("verification_id", id)?])?;
        self.get(RawTarget::Poa, "poa.get", url).await?.decode()
    }

    /// Polls a PoA verification until SUCCESS/FAILURE or the deadline (then the last result).
    pub async fn poa_wait(&self, id: &str, options: WaitOptions) -> Result<PoaResult> {
        poll_until(
            options,
            || self.poa_get(id),
            |r: &PoaResult| r.status.is_terminal(),
        )
        .await
    }

    /// Any request to AVS or PoA with this client's auth, retries and error mapping. `path`
    /// is relative to the base URL (`/sessions/…` or `/poa/v1/…`) and may carry a query.
    pub async fn raw_request(
        &self,
        method: &str,
        target: RawTarget,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<RawResponse> {
        let method = Method::from_bytes(method.trim().to_ascii_uppercase().as_bytes())
            .map_err(|_| Error::Config(format!("method: {method:?} is not an HTTP method")))?;
        let base = match target {
            RawTarget::Avs => self.avs_base(),
            RawTarget::Poa => self.poa_base_required()?,
        };
        let joined = format!(
            "{}/{}",
            base.as_str().trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        let url = Url::parse(&joined)
            .map_err(|e| Error::Config(format!("path: cannot form a URL ({e})")))?;
        if url.origin() != base.origin() {
            return Err(Error::Config(
                "path: must stay on the base URL's host".into(),
            ));
        }
        let body = match body {
            Some(value) => json_body(&value)?,
            None => Body::Empty,
        };
        let response = self
            .send(target, Outgoing::new("raw", method, url, body))
            .await?;
        Ok(RawResponse {
            status: response.status,
            headers: response
                .headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: response.body.to_vec(),
        })
    }

    async fn get(&self, target: RawTarget, op: &'static str, url: Url) -> Result<Response> {
        self.send(target, Outgoing::new(op, Method::GET, url, Body::Empty))
            .await
    }

    /// Sends with the target's credential, within the total timeout; with central auth, a
    /// 401 leads to one token refresh and one retry.
    async fn send(&self, target: RawTarget, mut request: Outgoing) -> Result<Response> {
        if target == RawTarget::Avs {
            request = request.header(
                HeaderName::from_static("yoti-sdk-id"),
                &self.inner.config.sdk_id,
                "sdk_id",
            )?;
        }
        let total = self.inner.config.timeouts.total;
        request.policy = Some((self.inner.config.timeouts, self.inner.config.retry_policy));
        let op = request.op;
        match tokio::time::timeout(total, self.send_with_auth(target, &request)).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout(format!(
                "{op} did not finish within the total timeout of {total:?}"
            ))),
        }
    }

    async fn send_with_auth(&self, target: RawTarget, request: &Outgoing) -> Result<Response> {
        let transport = &self.inner.transport;
        match self.credential(target)? {
            Credential::None => transport.execute(request, None).await,
            Credential::Static(secret) => transport.execute(request, Some(&secret)).await,
            Credential::Central(auth) => {
                let token = auth.token().await?;
                match transport.execute(request, Some(&token.token)).await {
                    Err(Error::Unauthenticated(_)) => {
                        tracing::debug!(op = request.op, "token rejected; refreshing once");
                        let fresh = auth.token_after_rejection(&token.token).await?;
                        transport.execute(request, Some(&fresh.token)).await
                    }
                    other => other,
                }
            }
        }
    }

    fn credential(&self, target: RawTarget) -> Result<Credential> {
        let config = &self.inner.config;
        let central = self.inner.central_auth.clone().map(Credential::Central);
        Ok(match target {
            RawTarget::Avs => match &config.api_key {
                Some(key) => Credential::Static(key.clone()),
                None => central.unwrap_or(Credential::None),
            },
            RawTarget::Poa => match &config.poa_token {
                Some(token) => Credential::Static(token.clone()),
                None => central.ok_or_else(|| {
                    Error::Config("poa_token: PoA needs a poa_token or central_auth".into())
                })?,
            },
        })
    }

    fn avs_url(&self, segments: &[&str]) -> Result<Url> {
        join_segments(self.avs_base(), segments)
    }

    fn poa_url(&self, segments: &[&str]) -> Result<Url> {
        join_segments(self.poa_base_required()?, segments)
    }

    fn poa_base_required(&self) -> Result<&Url> {
        self.poa_base().ok_or_else(|| {
            Error::Config("poa_base: no PoA base URL configured for this environment".into())
        })
    }
}

/// A static credential with surrounding whitespace trimmed (the newline `fgets` or a key file
/// leaves), refused when empty or when it cannot be sent as a header value.
fn credential(option: &str, secret: &Secret) -> Result<Secret> {
    let trimmed = secret.expose().trim();
    if trimmed.is_empty() {
        return Err(Error::Config(format!("{option}: is empty")));
    }
    crate::config::header_text(option, trimmed)?;
    Ok(Secret::new(trimmed))
}

/// An id that becomes a URL path segment, checked before anything is sent (ids often come from
/// a callback query string a visitor controls): empty, `.`, `..` and control characters are a
/// `validation` error at `field`. Everything else is percent-encoded as one segment.
pub fn path_id<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    let problem = if value.trim().is_empty() {
        Some("is required")
    } else if value == "." || value == ".." {
        Some("cannot be a dot segment")
    } else if value.chars().any(char::is_control) {
        Some("cannot contain control characters")
    } else {
        None
    };
    match problem {
        None => Ok(value),
        Some(problem) => Err(Error::Validation(vec![crate::FieldError::new(
            field,
            crate::error::rule::FORMAT,
            problem,
        )])),
    }
}

/// Appends percent-encoded path segments to a base URL.
fn join_segments(base: &Url, segments: &[&str]) -> Result<Url> {
    let mut url = base.clone();
    url.path_segments_mut()
        .map_err(|_| Error::Config(format!("{base}: cannot be a base URL")))?
        .pop_if_empty()
        .extend(segments);
    Ok(url)
}

fn json_body<T: serde::Serialize>(value: &T) -> Result<Body> {
    let bytes = serde_json::to_vec(value)
        .map_err(|e| Error::Internal(format!("cannot serialise the request: {e}")))?;
    Ok(Body::Bytes {
        content_type: "application/json",
        bytes,
    })
}

/// Polls `fetch` with doubling intervals until `done` or the deadline; at the deadline the
/// last value is returned.
async fn poll_until<T, F, Fut, D>(options: WaitOptions, mut fetch: F, done: D) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
    D: Fn(&T) -> bool,
{
    let deadline = Instant::now() + options.timeout;
    let max = options.max_interval.max(Duration::from_millis(1));
    let mut interval = options.initial_interval.min(max);
    let mut polls: u32 = 0;
    loop {
        let value = fetch().await?;
        polls += 1;
        let now = Instant::now();
        if done(&value) || now >= deadline {
            tracing::debug!(polls, finished = done(&value), "wait ended");
            return Ok(value);
        }
        tokio::time::sleep(interval.min(deadline - now)).await;
        interval = (interval * 2).min(max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded_and_joined() {
        let base = Url::parse("https://age.yoti.com/api/v1").unwrap();
        let url = join_segments(&base, &["sessions", "a/b c", "result"]).unwrap();
        assert_eq!(
            url.as_str(),
            "https://age.yoti.com/api/v1/sessions/a%2Fb%20c/result"
        );
        let base = Url::parse("https://age.yoti.com/api/v1/").unwrap();
        let url = join_segments(&base, &["sessions"]).unwrap();
        assert_eq!(url.as_str(), "https://age.yoti.com/api/v1/sessions");
    }

    #[tokio::test(start_paused = true)]
    async fn poll_returns_last_value_at_deadline() {
        let options = WaitOptions {
            timeout: Duration::from_secs(10),
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(4),
        };
        let mut n = 0;
        let last = poll_until(
            options,
            || {
                n += 1;
                let v = n;
                async move { Ok::<_, Error>(v) }
            },
            |_| false,
        )
        .await
        .unwrap();
        // polls at 0, 1, 3, 7, 10
        assert_eq!(last, 5);
    }
}
