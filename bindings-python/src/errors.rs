//! The one place where core errors become Python exceptions (`yoti_age.errors`).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple};
use yoti_age::Error;

/// One field that failed validation, named by its JSON path.
#[pyclass(frozen, eq, module = "yoti_age", name = "FieldError")]
#[derive(Clone, PartialEq)]
pub struct PyFieldError {
    /// JSON path of the field (`age_estimation.threshold`).
    #[pyo3(get)]
    pub field: String,
    /// Stable rule code (`range`, `required`, `format`, ...).
    #[pyo3(get)]
    pub rule: String,
    /// Human-readable explanation.
    #[pyo3(get)]
    pub message: String,
}

#[pymethods]
impl PyFieldError {
    #[new]
    fn new(field: String, rule: String, message: String) -> Self {
        Self {
            field,
            rule,
            message,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "FieldError(field={:?}, rule={:?}, message={:?})",
            self.field, self.rule, self.message
        )
    }

    fn __str__(&self) -> String {
        format!("{}: {} ({})", self.field, self.message, self.rule)
    }
}

impl From<&yoti_age::FieldError> for PyFieldError {
    fn from(e: &yoti_age::FieldError) -> Self {
        Self {
            field: e.field.clone(),
            rule: e.rule.clone(),
            message: e.message.clone(),
        }
    }
}

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    ERRORS
        .get_or_try_init(py, || Ok(py.import("yoti_age.errors")?.unbind()))
        .map(|m| m.bind(py))
}

/// The exception class for each variant. Exhaustive on purpose: a new core variant does not
/// compile until it is mapped here.
fn class_name(error: &Error) -> &'static str {
    match error {
        Error::Validation(_) => "ValidationError",
        Error::Config(_) => "ConfigError",
        Error::BadRequest(_) => "BadRequestError",
        Error::Unauthenticated(_) => "AuthenticationError",
        Error::Forbidden(_) => "PermissionDeniedError",
        Error::NotFound(_) => "NotFoundError",
        Error::Conflict(_) => "ConflictError",
        Error::Unprocessable(_) => "UnprocessableError",
        Error::RateLimited(_) => "RateLimitError",
        Error::Server(_) => "ServerError",
        Error::Api(_) => "ApiError",
        Error::Token(_) => "TokenError",
        Error::Timeout(_) => "TimeoutError",
        Error::Transport { .. } => "TransportError",
        Error::Decode { .. } => "DecodeError",
        Error::Webhook { .. } => "WebhookVerificationError",
        Error::PoaQrStale { .. } => "PoaQrStaleError",
        Error::Cancelled => "CancelledError",
        Error::Internal(_) => "InternalError",
    }
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let class = errors_module(py)?.getattr(class_name(error))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", error.code())?;
    kwargs.set_item("status", error.status())?;
    kwargs.set_item("request_id", error.request_id())?;
    kwargs.set_item("api_code", error.api_code())?;
    let fields = error
        .field_errors()
        .iter()
        .map(|f| Py::new(py, PyFieldError::from(f)))
        .collect::<PyResult<Vec<_>>>()?;
    kwargs.set_item("field_errors", PyTuple::new(py, fields)?)?;
    kwargs.set_item("retry_after", error.retry_after().map(|d| d.as_secs_f64()))?;
    let instance = class.call((error.to_string(),), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// Converts a core error into its `yoti_age.errors` exception.
pub fn to_pyerr(py: Python<'_>, error: Error) -> PyErr {
    build(py, &error).unwrap_or_else(|e| e)
}

/// A `YotiAgeError` with code `internal` (caught panics, bridge failures).
pub fn internal_error(message: impl Into<String>) -> PyErr {
    Python::attach(|py| to_pyerr(py, Error::Internal(message.into())))
}

/// A `ConfigError` with code `config`.
pub fn config_error(message: impl Into<String>) -> PyErr {
    Python::attach(|py| to_pyerr(py, Error::Config(message.into())))
}
