//! The Rust sandbox, started in this process on 127.0.0.1 (for `yoti_age.testing`).

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use yoti_age_sandbox::sessions::Outcome;
use yoti_age_sandbox::{Sandbox, SandboxConfig, SandboxHandle};

use crate::client::{PyAsyncClient, PyClient, Shared};
use crate::convert::{mapping_value, serialize_to_py, ToPy};
use crate::errors::{config_error, internal_error, to_pyerr};

/// A running local sandbox; stops on `shutdown()` or when collected.
#[pyclass(frozen, module = "yoti_age._native", name = "Sandbox")]
pub struct PySandbox(SandboxHandle);

impl PySandbox {
    /// A core client for this sandbox: its API key for AVS, and the same key as the PoA token
    /// (the sandbox accepts it there).
    fn core_client(&self, py: Python<'_>) -> PyResult<yoti_age::Client> {
        let rt = crate::runtime::runtime()?;
        let _guard = rt.enter();
        self.0
            .client_builder()
            .poa_token(self.0.api_key())
            .build()
            .map_err(|e| to_pyerr(py, e))
    }
}

#[pymethods]
impl PySandbox {
    /// Starts a sandbox on 127.0.0.1 and a free port.
    #[staticmethod]
    #[pyo3(signature = (*, sdk_id=None, api_key=None))]
    fn start(py: Python<'_>, sdk_id: Option<String>, api_key: Option<String>) -> PyResult<Self> {
        let config = SandboxConfig {
            host: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            port: 0,
            sdk_id,
            api_key,
            ..SandboxConfig::default()
        };
        let rt = crate::runtime::runtime()?;
        let handle = py
            .detach(|| rt.block_on(Sandbox::start(config)))
            .map_err(|e| config_error(format!("sandbox: {e}")))?;
        Ok(Self(handle))
    }

    /// `http://127.0.0.1:PORT` (the user view lives here).
    #[getter]
    fn base_url(&self) -> String {
        self.0.base_url().to_owned()
    }

    /// The AVS base URL.
    #[getter]
    fn avs_url(&self) -> String {
        self.0.avs_url()
    }

    /// The PoA base URL.
    #[getter]
    fn poa_url(&self) -> String {
        self.0.poa_url()
    }

    /// The central-auth token URL.
    #[getter]
    fn auth_url(&self) -> String {
        self.0.auth_url()
    }

    /// The SDK id the sandbox accepts.
    #[getter]
    fn sdk_id(&self) -> String {
        self.0.sdk_id().to_owned()
    }

    /// The API key the sandbox accepts (a test credential; never printed by `repr`).
    #[getter]
    fn api_key(&self) -> String {
        self.0.api_key().to_owned()
    }

    /// The SPKI PEM key that verifies the sandbox's webhooks.
    #[getter]
    fn webhook_public_key_pem(&self) -> String {
        self.0.webhook_public_key_pem().to_owned()
    }

    /// A blocking client for this sandbox.
    fn client(&self, py: Python<'_>) -> PyResult<PyClient> {
        Ok(PyClient(Shared::from_client(self.core_client(py)?)))
    }

    /// An asyncio client for this sandbox.
    fn async_client(&self, py: Python<'_>) -> PyResult<PyAsyncClient> {
        Ok(PyAsyncClient(Shared::from_client(self.core_client(py)?)))
    }

    /// Plays the user: records an attempt with this outcome (and sends its webhook).
    #[pyo3(signature = (session_id, *, age=None, method=None, status=None))]
    fn complete<'py>(
        &self,
        py: Python<'py>,
        session_id: &str,
        age: Option<u32>,
        method: Option<String>,
        status: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let outcome = Outcome {
            status,
            age,
            method,
        };
        crate::runtime::guard(|| {
            // Completing sends the session's webhook from a task on the runtime.
            let _runtime = crate::runtime::runtime()?.enter();
            let result = self
                .0
                .complete(session_id, &outcome)
                .map_err(|e| to_pyerr(py, e))?;
            result.to_py(py)
        })
    }

    /// Signs a notification (a mapping in the webhook's JSON shape) with the sandbox key and
    /// returns the body bytes to POST, exactly as the sandbox sends webhooks.
    fn sign_webhook<'py>(
        &self,
        py: Python<'py>,
        notification: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let notification: yoti_age::AvsNotification =
            serde_json::from_value(mapping_value(notification, "notification")?)
                .map_err(|e| crate::errors::config_error(format!("notification: {e}")))?;
        let body =
            yoti_age::webhook::sign_notification(&notification, self.0.webhook_private_key())
                .map_err(|e| to_pyerr(py, e))?;
        Ok(PyBytes::new(py, &body))
    }

    /// The request log, oldest first, as plain dicts.
    fn requests<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.0.requests())
    }

    /// Accepts central-auth assertions signed by this key for this SDK id.
    fn register_client_key(&self, sdk_id: &str, public_key_pem: &str) -> PyResult<()> {
        self.0
            .register_client_key(sdk_id, public_key_pem)
            .map_err(|e| config_error(format!("sandbox: {e}")))
    }

    /// Stops the server.
    fn shutdown(&self) {
        self.0.shutdown();
    }

    fn __repr__(&self) -> String {
        format!("Sandbox(base_url={:?}, api_key=***)", self.0.base_url())
    }
}

/// A fresh RSA key pair for central-auth tests: `(private PKCS#8 PEM, public SPKI PEM)`.
#[pyfunction]
#[pyo3(signature = (bits=2048))]
pub fn generate_rsa_key(py: Python<'_>, bits: usize) -> PyResult<(String, String)> {
    py.detach(|| {
        let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), bits)
            .map_err(|e| internal_error(format!("key generation: {e}")))?;
        let private = key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| internal_error(e.to_string()))?
            .to_string();
        let public = key
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| internal_error(e.to_string()))?;
        Ok((private, public))
    })
}
