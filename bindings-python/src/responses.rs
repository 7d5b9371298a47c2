//! Response bodies decoded without a client (stored earlier, or received some other way), by the
//! core's decoder as the client does.

use pyo3::prelude::*;

use crate::convert::ToPy;
use crate::errors::to_pyerr;

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
