//! Request models checked or read without a client: session configs and rules by the core's
//! rules, as `create_session` and `create_rule` would.

use pyo3::prelude::*;

use crate::convert::from_mapping;
use crate::errors::to_pyerr;

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
