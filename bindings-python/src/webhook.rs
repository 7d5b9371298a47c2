//! Webhook verification from raw bytes, and session-config validation without a client.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use yoti_age::WebhookVerifier;

use crate::convert::{from_mapping, seconds, ToPy};
use crate::errors::to_pyerr;

/// Verifies AVS webhooks (RSA-PSS over the raw body) against a public key.
#[pyclass(frozen, module = "yoti_age", name = "WebhookVerifier")]
pub struct PyWebhookVerifier(WebhookVerifier);

#[pymethods]
impl PyWebhookVerifier {
    /// A verifier for an SPKI PEM key (the sandbox's), or Yoti's production key when omitted.
    /// `tolerance` (seconds) rejects older notifications; off by default.
    #[new]
    #[pyo3(signature = (public_key_pem=None, *, tolerance=None))]
    fn new(py: Python<'_>, public_key_pem: Option<&str>, tolerance: Option<f64>) -> PyResult<Self> {
        let mut verifier = match public_key_pem {
            Some(pem) => WebhookVerifier::from_public_key_pem(pem).map_err(|e| to_pyerr(py, e))?,
            None => WebhookVerifier::yoti_production(),
        };
        if let Some(t) = tolerance {
            verifier = verifier.with_tolerance(seconds(t, "tolerance")?);
        }
        Ok(Self(verifier))
    }

    /// Verifies the raw request body and returns the typed notification; raises
    /// `WebhookVerificationError` (code `webhook.*`) otherwise.
    fn verify<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyBytes>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let bytes = body.as_bytes();
        let notification = self.0.verify(bytes).map_err(|e| to_pyerr(py, e))?;
        notification.to_py(py)
    }

    fn __repr__(&self) -> String {
        format!("WebhookVerifier({:?})", self.0)
    }
}

/// Authenticates a PoA webhook by the headers you configured (constant-time comparison) and
/// parses its body into a `PoaResult`.
#[pyfunction]
pub fn verify_poa_webhook<'py>(
    py: Python<'py>,
    expected_headers: std::collections::BTreeMap<String, String>,
    received_headers: &Bound<'py, PyAny>,
    body: &Bound<'py, PyBytes>,
) -> PyResult<Bound<'py, PyAny>> {
    let pairs = if received_headers.hasattr("items")? {
        received_headers.call_method0("items")?
    } else {
        received_headers.clone()
    };
    let received_headers = pairs
        .try_iter()?
        .map(|item| item?.extract::<(String, String)>())
        .collect::<PyResult<Vec<_>>>()?;
    let received = received_headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_bytes()));
    let result = yoti_age::poa::verify_poa_webhook(&expected_headers, received, body.as_bytes())
        .map_err(|e| to_pyerr(py, e))?;
    result.to_py(py)
}

/// Validates a session config (a mapping in the API's JSON shape) with the core's rules;
/// raises `ValidationError` listing every failure.
#[pyfunction]
pub fn validate_session_config(py: Python<'_>, config: &Bound<'_, PyAny>) -> PyResult<()> {
    let config: yoti_age::SessionConfig = from_mapping(config)?;
    config.validate().map_err(|e| to_pyerr(py, e))
}

/// Reads a session config from JSON text as every language does (unknown keys and bad JSON
/// are `ValidationError`s) and returns it as a mapping that `create_session` takes.
#[pyfunction]
pub fn session_config_from_json<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    let config = yoti_age::SessionConfig::from_json(json).map_err(|e| to_pyerr(py, e))?;
    crate::convert::serialize_to_py(py, &config.to_input_value())
}

/// Validates an age-token rule (a mapping in the API's JSON shape).
#[pyfunction]
pub fn validate_rule(py: Python<'_>, rule: &Bound<'_, PyAny>) -> PyResult<()> {
    let rule: yoti_age::rules::RuleConfig = from_mapping(rule)?;
    rule.validate().map_err(|e| to_pyerr(py, e))
}

/// Parses a session-result body (bytes or str) with the core decoder, as the client does.
#[pyfunction]
pub fn parse_session_result<'py>(py: Python<'py>, body: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let result: yoti_age::SessionResult =
        yoti_age::decode_response(body).map_err(|e| to_pyerr(py, e))?;
    result.to_py(py)
}

/// Parses a PoA result body with the core decoder, as the client does.
#[pyfunction]
pub fn parse_poa_result<'py>(py: Python<'py>, body: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let result: yoti_age::poa::PoaResult =
        yoti_age::decode_response(body).map_err(|e| to_pyerr(py, e))?;
    result.to_py(py)
}

/// Parses a session-create answer body with the core decoder, as the client does.
#[pyfunction]
pub fn parse_created_session<'py>(py: Python<'py>, body: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let created: yoti_age::CreatedSession =
        yoti_age::decode_response(body).map_err(|e| to_pyerr(py, e))?;
    created.to_py(py)
}
