//! `yoti_age.Client` (blocking, GIL released) and `yoti_age.AsyncClient` (asyncio
//! awaitables). Both drive one core client on the process runtime; every operation is built
//! once as a core future and either blocked on or handed to the event loop.

use std::future::Future;

use chrono::Utc;
use pyo3::prelude::*;
use std::time::Duration;

use yoti_age::client::{RawTarget, WaitOptions, WaitOverrides};
use yoti_age::config::{
    CentralAuthCredentials, ClientBuilder, Environment, EnvironmentOptionNames, RetryOverrides,
    RetryPolicy, TimeoutOverrides, Timeouts,
};
use yoti_age::headless::SelfieUpload;
use yoti_age::metrics::MetricsQuery;
use yoti_age::poa::PoaVerifyInput;
use yoti_age::rules::RuleConfig;
use yoti_age::user_view::UserViewMethod;
use yoti_age::SessionConfig;

use crate::convert::{from_mapping, mapping_value, py_to_value, seconds, utc_datetime, ToPy};
use crate::errors::{config_error, to_pyerr};

/// A core client and the process it was created in (fork detection).
#[derive(Clone)]
pub struct Shared {
    client: yoti_age::Client,
    pid: u32,
}

/// An optional attribute in seconds (`None`: keep the base value).
fn attr_seconds(obj: &Bound<'_, PyAny>, name: &str, what: &str) -> PyResult<Option<Duration>> {
    let value: Option<f64> = obj.getattr(name)?.extract()?;
    value.map(|v| seconds(v, what)).transpose()
}

fn timeouts_from(obj: &Bound<'_, PyAny>) -> PyResult<TimeoutOverrides> {
    Ok(TimeoutOverrides {
        connect: attr_seconds(obj, "connect", "timeouts.connect")?,
        per_attempt: attr_seconds(obj, "per_attempt", "timeouts.per_attempt")?,
        total: attr_seconds(obj, "total", "timeouts.total")?,
    })
}

fn retry_from(obj: &Bound<'_, PyAny>) -> PyResult<RetryOverrides> {
    Ok(RetryOverrides {
        max_retries: obj.getattr("max_retries")?.extract()?,
        base: attr_seconds(obj, "base", "retry.base")?,
        cap: attr_seconds(obj, "cap", "retry.cap")?,
    })
}

/// Wait keyword arguments in seconds over the core's defaults.
fn wait_options(
    timeout: Option<f64>,
    initial_interval: Option<f64>,
    max_interval: Option<f64>,
) -> PyResult<WaitOptions> {
    let secs = |v: Option<f64>, what| v.map(|v| seconds(v, what)).transpose();
    let overrides = WaitOverrides {
        timeout: secs(timeout, "timeout")?,
        initial_interval: secs(initial_interval, "initial_interval")?,
        max_interval: secs(max_interval, "max_interval")?,
    };
    Ok(overrides.apply(WaitOptions::default()))
}

/// Keyword arguments of the client constructors.
pub struct Options<'py> {
    pub sdk_id: Option<String>,
    pub api_key: Option<String>,
    pub central_auth: Option<Bound<'py, PyAny>>,
    pub poa_token: Option<String>,
    pub environment: Option<String>,
    pub avs_url: Option<String>,
    pub poa_url: Option<String>,
    pub auth_url: Option<String>,
    pub timeouts: Option<Bound<'py, PyAny>>,
    pub retry: Option<Bound<'py, PyAny>>,
    pub extra_ca_pem: Option<Vec<u8>>,
    pub proxy: Option<String>,
    pub user_agent_suffix: Option<String>,
}

impl Options<'_> {
    fn builder(self, py: Python<'_>) -> PyResult<ClientBuilder> {
        let mut b = ClientBuilder::new();
        if let Some(v) = self.sdk_id {
            b = b.sdk_id(v);
        }
        if let Some(v) = self.api_key {
            b = b.api_key(v);
        }
        if let Some(c) = self.central_auth {
            let pem: String = c.getattr("private_key_pem")?.extract()?;
            let scope: String = c.getattr("scope")?.extract()?;
            let mut creds = CentralAuthCredentials::new(pem, scope);
            creds.sdk_id = c.getattr("sdk_id")?.extract()?;
            b = b.central_auth(creds);
        }
        if let Some(v) = self.poa_token {
            b = b.poa_token(v);
        }
        let env = Environment::resolve(
            &EnvironmentOptionNames::SNAKE,
            self.environment.as_deref(),
            self.avs_url,
            self.poa_url,
            self.auth_url,
        )
        .map_err(|e| to_pyerr(py, e))?;
        b = b.environment(env);
        if let Some(t) = self.timeouts {
            b = b.timeouts(timeouts_from(&t)?.apply(Timeouts::default()));
        }
        if let Some(r) = self.retry {
            b = b.retry_policy(retry_from(&r)?.apply(RetryPolicy::default()));
        }
        if let Some(pem) = self.extra_ca_pem {
            b = b.extra_ca_pem(pem);
        }
        if let Some(p) = self.proxy {
            b = b.proxy(p);
        }
        if let Some(s) = self.user_agent_suffix {
            b = b.user_agent_suffix(s);
        }
        Ok(b)
    }
}

impl Shared {
    fn build(py: Python<'_>, builder: ClientBuilder) -> PyResult<Self> {
        let rt = crate::runtime::runtime()?;
        let _guard = rt.enter();
        let client = builder.build().map_err(|e| to_pyerr(py, e))?;
        Ok(Self {
            client,
            pid: std::process::id(),
        })
    }

    /// Builds from the constructor's keyword arguments.
    pub fn new(py: Python<'_>, options: Options<'_>) -> PyResult<Self> {
        Self::build(py, options.builder(py)?)
    }

    /// Builds from `YOTI_*` environment variables.
    pub fn from_env(py: Python<'_>) -> PyResult<Self> {
        let builder = ClientBuilder::new()
            .with_env_lookup(|name| std::env::var(name).ok())
            .map_err(|e| to_pyerr(py, e))?;
        Self::build(py, builder)
    }

    /// Wraps a core client (the sandbox's).
    pub fn from_client(client: yoti_age::Client) -> Self {
        Self {
            client,
            pid: std::process::id(),
        }
    }

    /// The core client, refused in a process forked after it was created.
    fn live(&self) -> PyResult<yoti_age::Client> {
        if self.pid != std::process::id() {
            return Err(config_error(format!(
                "this client was created in process {} and cannot be used after fork(); create a new client in the child process",
                self.pid
            )));
        }
        Ok(self.client.clone())
    }

    fn with_options(
        &self,
        timeouts: Option<&Bound<'_, PyAny>>,
        retry: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut client = self.live()?;
        if let Some(t) = timeouts {
            client = client.with_timeouts(timeouts_from(t)?.apply(client.timeouts()));
        }
        if let Some(r) = retry {
            client = client.with_retry_policy(retry_from(r)?.apply(client.retry_policy()));
        }
        Ok(Self {
            client,
            pid: self.pid,
        })
    }

    fn repr(&self, class: &str) -> String {
        format!(
            "{class}(sdk_id={:?}, avs_url={:?}, credentials=***)",
            self.client.sdk_id(),
            self.client.avs_base().as_str()
        )
    }

    fn create_session(
        &self,
        config: &Bound<'_, PyAny>,
        terminal_id: Option<String>,
    ) -> PyResult<impl Future<Output = yoti_age::Result<yoti_age::CreatedSession>> + Send + 'static>
    {
        let client = self.live()?;
        let mut config: SessionConfig = from_mapping(config)?;
        if terminal_id.is_some() {
            config.terminal_id = terminal_id;
        }
        Ok(async move { client.create_session(&config).await })
    }

    fn get_session(
        &self,
        id: String,
    ) -> PyResult<impl Future<Output = yoti_age::Result<yoti_age::SessionView>> + Send + 'static>
    {
        let client = self.live()?;
        Ok(async move { client.get_session(&id).await })
    }

    fn get_result(
        &self,
        id: String,
    ) -> PyResult<impl Future<Output = yoti_age::Result<yoti_age::SessionResult>> + Send + 'static>
    {
        let client = self.live()?;
        Ok(async move { client.get_result(&id).await })
    }

    fn wait_for_result(
        &self,
        id: String,
        options: WaitOptions,
    ) -> PyResult<impl Future<Output = yoti_age::Result<yoti_age::SessionResult>> + Send + 'static>
    {
        let client = self.live()?;
        Ok(async move { client.wait_for_result(&id, options).await })
    }

    fn user_view_url(&self, py: Python<'_>, id: &str, method: Option<String>) -> PyResult<String> {
        let method = method.map(|m| UserViewMethod::parse(&m));
        self.live()?
            .user_view_url(id, method)
            .map(|u| u.to_string())
            .map_err(|e| to_pyerr(py, e))
    }

    fn upload_selfie(
        &self,
        id: String,
        image: Vec<u8>,
        secure_token: String,
        biometric_consent: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<
        impl Future<Output = yoti_age::Result<yoti_age::headless::SelfieOutcome>> + Send + 'static,
    > {
        let client = self.live()?;
        let biometric_consent = match biometric_consent {
            Some(t) => utc_datetime(t, "biometric_consent")?,
            None => Utc::now(),
        };
        let upload = SelfieUpload {
            image,
            biometric_consent,
            secure_token,
        };
        Ok(async move { client.upload_selfie(&id, &upload).await })
    }

    fn create_rule(
        &self,
        rule: &Bound<'_, PyAny>,
    ) -> PyResult<
        impl Future<Output = yoti_age::Result<yoti_age::rules::CreatedRule>> + Send + 'static,
    > {
        let client = self.live()?;
        let rule: RuleConfig = from_mapping(rule)?;
        Ok(async move { client.create_rule(&rule).await })
    }

    fn metrics(
        &self,
        after: &Bound<'_, PyAny>,
        before: &Bound<'_, PyAny>,
    ) -> PyResult<
        impl Future<Output = yoti_age::Result<yoti_age::metrics::SummaryStats>> + Send + 'static,
    > {
        let client = self.live()?;
        let query = MetricsQuery {
            created_after: utc_datetime(after, "created_after")?,
            created_before: utc_datetime(before, "created_before")?,
        };
        Ok(async move { client.metrics(&query).await })
    }

    #[allow(clippy::too_many_arguments)]
    fn poa_verify(
        &self,
        qr: String,
        terminal_id: String,
        store_id: Option<String>,
        scanned_at: Option<&Bound<'_, PyAny>>,
        notification: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<
        impl Future<Output = yoti_age::Result<yoti_age::poa::PoaVerification>> + Send + 'static,
    > {
        let client = self.live()?;
        // Read by the core's strict reader, so a misspelt notification key is refused with
        // its path (`notification.verify_tsl`) as in every language.
        let notification = notification
            .map(|n| mapping_value(n, "notification"))
            .transpose()?;
        let fields = serde_json::json!({
            "qr": qr, "terminal_id": terminal_id, "store_id": store_id, "notification": notification,
        });
        let mut input: PoaVerifyInput = yoti_age::request_json::from_value(fields)
            .map_err(|e| Python::attach(|py| to_pyerr(py, e)))?;
        input.scanned_at = scanned_at
            .map(|t| utc_datetime(t, "scanned_at"))
            .transpose()?;
        let request = input.into_request();
        Ok(async move { client.poa_verify(&request).await })
    }

    fn poa_get(
        &self,
        id: String,
    ) -> PyResult<impl Future<Output = yoti_age::Result<yoti_age::poa::PoaResult>> + Send + 'static>
    {
        let client = self.live()?;
        Ok(async move { client.poa_get(&id).await })
    }

    fn poa_wait(
        &self,
        id: String,
        options: WaitOptions,
    ) -> PyResult<impl Future<Output = yoti_age::Result<yoti_age::poa::PoaResult>> + Send + 'static>
    {
        let client = self.live()?;
        Ok(async move { client.poa_wait(&id, options).await })
    }

    fn raw_request(
        &self,
        py: Python<'_>,
        method: String,
        path: String,
        target: &str,
        json: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<impl Future<Output = yoti_age::Result<yoti_age::RawResponse>> + Send + 'static>
    {
        let client = self.live()?;
        let target: RawTarget = target.parse().map_err(|e| to_pyerr(py, e))?;
        let body = json.map(py_to_value).transpose()?;
        Ok(async move { client.raw_request(&method, target, &path, body).await })
    }
}

fn convert<T: ToPy>(py: Python<'_>, value: T) -> PyResult<Bound<'_, PyAny>> {
    value.to_py(py)
}

/// Runs a prepared core future the way the client class does: `sync` blocks with the GIL
/// released; `async` returns an awaitable.
macro_rules! run {
    (sync, $py:expr, $fut:expr) => {
        crate::runtime::guard(|| {
            let value = crate::runtime::block_on($py, $fut?)?;
            convert($py, value)
        })
    };
    (async, $py:expr, $fut:expr) => {
        crate::runtime::guard(|| crate::runtime::awaitable($py, $fut?, convert))
    };
}

/// The operations, declared once for both client classes.
macro_rules! client_class {
    ($(#[$meta:meta])* $cls:ident as $name:literal, $mode:ident) => {
        $(#[$meta])*
        #[pyclass(frozen, module = "yoti_age", name = $name)]
        pub struct $cls(pub Shared);

        #[pymethods]
        impl $cls {
            #[new]
            #[pyo3(signature = (*, sdk_id=None, api_key=None, central_auth=None, poa_token=None,
                environment=None, avs_url=None, poa_url=None, auth_url=None, timeouts=None,
                retry=None, extra_ca_pem=None, proxy=None, user_agent_suffix=None))]
            #[allow(clippy::too_many_arguments)]
            fn new<'py>(
                py: Python<'py>,
                sdk_id: Option<String>,
                api_key: Option<String>,
                central_auth: Option<Bound<'py, PyAny>>,
                poa_token: Option<String>,
                environment: Option<String>,
                avs_url: Option<String>,
                poa_url: Option<String>,
                auth_url: Option<String>,
                timeouts: Option<Bound<'py, PyAny>>,
                retry: Option<Bound<'py, PyAny>>,
                extra_ca_pem: Option<Vec<u8>>,
                proxy: Option<String>,
                user_agent_suffix: Option<String>,
            ) -> PyResult<Self> {
                Shared::new(py, Options {
                    sdk_id, api_key, central_auth, poa_token, environment, avs_url, poa_url,
                    auth_url, timeouts, retry, extra_ca_pem, proxy, user_agent_suffix,
                }).map(Self)
            }

            /// A client from `YOTI_SDK_ID`, `YOTI_API_KEY`, `YOTI_PRIVATE_KEY`, `YOTI_SCOPE`,
            /// `YOTI_POA_TOKEN`, `YOTI_ENV` and `YOTI_AVS_URL` / `YOTI_POA_URL` / `YOTI_AUTH_URL`.
            #[staticmethod]
            fn from_env(py: Python<'_>) -> PyResult<Self> {
                Shared::from_env(py).map(Self)
            }

            /// A client sharing this one's connections and token cache, with other timeouts
            /// and/or retry policy.
            #[pyo3(signature = (*, timeouts=None, retry=None))]
            fn with_options(&self, timeouts: Option<Bound<'_, PyAny>>, retry: Option<Bound<'_, PyAny>>) -> PyResult<Self> {
                self.0.with_options(timeouts.as_ref(), retry.as_ref()).map(Self)
            }

            /// The SDK id sent as `Yoti-SDK-Id`.
            #[getter]
            fn sdk_id(&self) -> String {
                self.0.client.sdk_id().to_owned()
            }

            fn __repr__(&self) -> String {
                self.0.repr($name)
            }

            /// Creates a session (validated first; nothing is sent when invalid).
            #[pyo3(signature = (config, *, terminal_id=None))]
            fn create_session<'py>(&self, py: Python<'py>, config: &Bound<'py, PyAny>, terminal_id: Option<String>) -> PyResult<Bound<'py, PyAny>> {
                run!($mode, py, self.0.create_session(config, terminal_id))
            }

            /// The configuration view of a session.
            fn get_session<'py>(&self, py: Python<'py>, session_id: String) -> PyResult<Bound<'py, PyAny>> {
                run!($mode, py, self.0.get_session(session_id))
            }

            /// The result of a session.
            fn get_result<'py>(&self, py: Python<'py>, session_id: String) -> PyResult<Bound<'py, PyAny>> {
                run!($mode, py, self.0.get_result(session_id))
            }

            /// Polls the result until its status is terminal or `timeout` seconds pass (then
            /// the last result is returned).
            #[pyo3(signature = (session_id, *, timeout=None, initial_interval=None, max_interval=None))]
            fn wait_for_result<'py>(&self, py: Python<'py>, session_id: String, timeout: Option<f64>, initial_interval: Option<f64>, max_interval: Option<f64>) -> PyResult<Bound<'py, PyAny>> {
                let options = wait_options(timeout, initial_interval, max_interval)?;
                run!($mode, py, self.0.wait_for_result(session_id, options))
            }

            /// The hosted user-view URL for a session, optionally opening one method.
            #[pyo3(signature = (session_id, *, method=None))]
            fn user_view_url(&self, py: Python<'_>, session_id: &str, method: Option<String>) -> PyResult<String> {
                self.0.user_view_url(py, session_id, method)
            }

            /// Uploads a headless selfie (Face Capture Module output) for age estimation.
            #[pyo3(signature = (session_id, *, image, secure_token, biometric_consent=None))]
            fn upload_selfie<'py>(&self, py: Python<'py>, session_id: String, image: Vec<u8>, secure_token: String, biometric_consent: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
                run!($mode, py, self.0.upload_selfie(session_id, image, secure_token, biometric_consent.as_ref()))
            }

            /// Creates an age-token rule (validated first).
            fn create_rule<'py>(&self, py: Python<'py>, rule: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
                run!($mode, py, self.0.create_rule(rule))
            }

            /// Summary statistics for a window of at most 184 days.
            #[pyo3(signature = (*, created_after, created_before))]
            fn metrics<'py>(&self, py: Python<'py>, created_after: &Bound<'py, PyAny>, created_before: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
                run!($mode, py, self.0.metrics(created_after, created_before))
            }

            /// Verifies a PoA QR presentation: completed (SUCCESS/FAILURE) or pending.
            #[pyo3(signature = (qr, *, terminal_id, store_id=None, scanned_at=None, notification=None))]
            fn poa_verify<'py>(&self, py: Python<'py>, qr: String, terminal_id: String, store_id: Option<String>, scanned_at: Option<Bound<'py, PyAny>>, notification: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
                run!($mode, py, self.0.poa_verify(qr, terminal_id, store_id, scanned_at.as_ref(), notification.as_ref()))
            }

            /// A PoA verification by id.
            fn poa_get<'py>(&self, py: Python<'py>, verification_id: String) -> PyResult<Bound<'py, PyAny>> {
                run!($mode, py, self.0.poa_get(verification_id))
            }

            /// Polls a PoA verification until SUCCESS/FAILURE or `timeout` seconds pass.
            #[pyo3(signature = (verification_id, *, timeout=None, initial_interval=None, max_interval=None))]
            fn poa_wait<'py>(&self, py: Python<'py>, verification_id: String, timeout: Option<f64>, initial_interval: Option<f64>, max_interval: Option<f64>) -> PyResult<Bound<'py, PyAny>> {
                let options = wait_options(timeout, initial_interval, max_interval)?;
                run!($mode, py, self.0.poa_wait(verification_id, options))
            }

            /// Any request to AVS (`target="avs"`, path relative to `.../api/v1`) or PoA
            /// (`target="poa"`), with this client's auth, retries and error mapping.
            #[pyo3(signature = (method, path, *, target="avs", json=None))]
            fn raw_request<'py>(&self, py: Python<'py>, method: String, path: String, target: &str, json: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
                run!($mode, py, self.0.raw_request(py, method, path, target, json.as_ref()))
            }
        }
    };
}

client_class!(
    /// The blocking client: every call releases the GIL while it waits.
    PyClient as "Client", sync
);

client_class!(
    /// The asyncio client: every call returns an awaitable; cancelling it drops the request.
    PyAsyncClient as "AsyncClient", async
);

impl ToPy for yoti_age::poa::PoaVerification {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(Bound::new(py, crate::models::PyPoaVerification(self.clone()))?.into_any())
    }
}

impl ToPy for yoti_age::RawResponse {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(Bound::new(py, crate::models::PyRawResponse(self.clone()))?.into_any())
    }
}
