//! A synchronous client with the same operations as [`crate::Client`]. It owns a small tokio
//! runtime, created on the first call (building the client starts no threads).

use std::fmt;
use std::future::Future;
use std::sync::{Arc, OnceLock};

use url::Url;

use crate::auth::AccessToken;
use crate::client::{RawResponse, RawTarget, WaitOptions};
use crate::config::ClientBuilder;
use crate::error::{Error, Result};
use crate::headless::{SelfieOutcome, SelfieUpload};
use crate::metrics::{MetricsQuery, SummaryStats};
use crate::poa::{PoaResult, PoaVerification, PoaVerifyRequest};
use crate::result::SessionResult;
use crate::rules::{CreatedRule, RuleConfig};
use crate::secret::Secret;
use crate::session::{CreatedSession, SessionConfig, SessionView};
use crate::user_view::UserViewMethod;

/// Builds a [`Client`]; the same options as [`crate::ClientBuilder`].
pub type Builder = ClientBuilder;

/// The blocking client. Cheap to clone; clones share the runtime, pool and token cache.
/// Must not be called from inside an async runtime (that returns `Error::Config`).
#[derive(Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<RuntimeCell>,
    cancel: Option<crate::CancelToken>,
}

/// The lazily created runtime. Dropped with `shutdown_background`, so dropping the last clone
/// never blocks and never panics, even inside an async context.
#[derive(Default)]
struct RuntimeCell(OnceLock<Result<tokio::runtime::Runtime>>);

impl Drop for RuntimeCell {
    fn drop(&mut self) {
        if let Some(Ok(runtime)) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Client")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl From<crate::Client> for Client {
    fn from(inner: crate::Client) -> Self {
        Self {
            inner,
            runtime: Arc::new(RuntimeCell::default()),
            cancel: None,
        }
    }
}

impl Client {
    /// A builder; finish it with [`ClientBuilder::build_blocking`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// Builds a blocking client from a builder.
    pub fn from_builder(builder: ClientBuilder) -> Result<Self> {
        builder.build().map(Self::from)
    }

    /// A blocking client configured from `YOTI_*` variables (see [`crate::Client::from_env`]).
    pub fn from_env() -> Result<Self> {
        crate::Client::from_env().map(Self::from)
    }

    /// A client sharing this one's runtime, connections and token cache, with other timeouts.
    pub fn with_timeouts(&self, timeouts: crate::config::Timeouts) -> Self {
        Self {
            inner: self.inner.with_timeouts(timeouts),
            ..self.clone()
        }
    }

    /// A client sharing this one's runtime, connections and token cache, with other retries.
    pub fn with_retry_policy(&self, policy: crate::config::RetryPolicy) -> Self {
        Self {
            inner: self.inner.with_retry_policy(policy),
            ..self.clone()
        }
    }

    /// A client sharing this one's runtime, connections and token cache, whose calls `token`
    /// cancels from another thread (see [`crate::CancelToken`]).
    pub fn with_cancel_token(&self, token: crate::CancelToken) -> Self {
        Self {
            cancel: Some(token),
            ..self.clone()
        }
    }

    /// The async client inside.
    pub fn async_client(&self) -> &crate::Client {
        &self.inner
    }

    fn run<F: Future<Output = Result<T>>, T>(&self, future: F) -> Result<T> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::Config(
                "blocking client called inside an async runtime; use yoti_age::Client".into(),
            ));
        }
        let runtime = self
            .runtime
            .0
            .get_or_init(|| crate::runtime::build(1, "yoti-age-blocking"));
        let rt = runtime.as_ref().map_err(Clone::clone)?;
        match &self.cancel {
            None => rt.block_on(future),
            Some(token) => rt.block_on(async {
                tokio::select! {
                    // Checked first: a cancelled token sends nothing.
                    biased;
                    () = token.cancelled() => Err(Error::Cancelled),
                    result = future => result,
                }
            }),
        }
    }

    /// See [`crate::Client::create_session`].
    pub fn create_session(&self, config: &SessionConfig) -> Result<CreatedSession> {
        self.run(self.inner.create_session(config))
    }

    /// See [`crate::Client::get_session`].
    pub fn get_session(&self, session_id: &str) -> Result<SessionView> {
        self.run(self.inner.get_session(session_id))
    }

    /// See [`crate::Client::get_result`].
    pub fn get_result(&self, session_id: &str) -> Result<SessionResult> {
        self.run(self.inner.get_result(session_id))
    }

    /// See [`crate::Client::wait_for_result`].
    pub fn wait_for_result(&self, session_id: &str, options: WaitOptions) -> Result<SessionResult> {
        self.run(self.inner.wait_for_result(session_id, options))
    }

    /// See [`crate::Client::user_view_url`].
    pub fn user_view_url(&self, session_id: &str, method: Option<UserViewMethod>) -> Result<Url> {
        self.inner.user_view_url(session_id, method)
    }

    /// See [`crate::Client::upload_selfie`].
    pub fn upload_selfie(&self, session_id: &str, upload: &SelfieUpload) -> Result<SelfieOutcome> {
        self.run(self.inner.upload_selfie(session_id, upload))
    }

    /// See [`crate::Client::create_rule`].
    pub fn create_rule(&self, rule: &RuleConfig) -> Result<CreatedRule> {
        self.run(self.inner.create_rule(rule))
    }

    /// See [`crate::Client::metrics`].
    pub fn metrics(&self, query: &MetricsQuery) -> Result<SummaryStats> {
        self.run(self.inner.metrics(query))
    }

    /// See [`crate::Client::poa_verify`].
    pub fn poa_verify(&self, request: &PoaVerifyRequest) -> Result<PoaVerification> {
        self.run(self.inner.poa_verify(request))
    }

    /// See [`crate::Client::poa_get`].
    pub fn poa_get(&self, id: &str) -> Result<PoaResult> {
        self.run(self.inner.poa_get(id))
    }

    /// See [`crate::Client::poa_wait`].
    pub fn poa_wait(&self, id: &str, options: WaitOptions) -> Result<PoaResult> {
        self.run(self.inner.poa_wait(id, options))
    }

    /// See [`crate::Client::raw_request`].
    pub fn raw_request(
        &self,
        method: &str,
        target: RawTarget,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<RawResponse> {
        self.run(self.inner.raw_request(method, target, path, body))
    }

    /// A central-auth access token (see [`crate::CentralAuth::token`]).
    pub fn token(&self) -> Result<AccessToken> {
        let auth = self
            .inner
            .central_auth()
            .ok_or_else(|| Error::Config("central_auth: not configured".into()))?;
        self.run(auth.token())
    }

    /// A fresh client assertion (see [`crate::CentralAuth::client_assertion`]).
    pub fn client_assertion(&self) -> Result<Secret> {
        self.inner
            .central_auth()
            .ok_or_else(|| Error::Config("central_auth: not configured".into()))?
            .client_assertion()
    }
}
