//! Webhook verification from raw bytes: the AVS verifier and the PoA header check.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use yoti_age::WebhookVerifier;

use crate::convert::{seconds, ToPy};
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
