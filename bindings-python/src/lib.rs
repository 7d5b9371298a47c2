//! `yoti_age._native`: the Python extension module behind the `yoti_age` package.
//!
//! Importing it starts no thread; the tokio runtime starts on the first request.

mod client;
mod convert;
mod errors;
mod logging;
mod models;
mod requests;
mod responses;
mod runtime;
mod sandbox;
mod webhook;

use pyo3::prelude::*;

/// Panics inside the guarded call path, to prove a panic surfaces as `YotiAgeError(internal)`.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    runtime::block_on(py, async {
        if std::hint::black_box(true) {
            panic!("deliberate panic for tests");
        }
        Ok(())
    })
}

/// Whether this process has started the runtime yet (for the "import starts no thread" test).
#[pyfunction]
fn _runtime_started() -> bool {
    runtime::started()
}

/// Seconds of a duration, for the defaults Python shows.
fn secs(d: std::time::Duration) -> f64 {
    d.as_secs_f64()
}

/// What the core decides and Python shows: error codes, method keys, option defaults.
fn add_contract(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add(
        "ERROR_CODES",
        pyo3::types::PyTuple::new(py, yoti_age::Error::CODES)?,
    )?;
    m.add(
        "METHOD_KEYS",
        pyo3::types::PyTuple::new(py, yoti_age::session::Methods::KEYS)?,
    )?;
    let t = yoti_age::Timeouts::default();
    m.add(
        "DEFAULT_TIMEOUTS",
        (secs(t.connect), secs(t.per_attempt), secs(t.total)),
    )?;
    let r = yoti_age::RetryPolicy::default();
    m.add("DEFAULT_RETRY", (r.max_retries, secs(r.base), secs(r.cap)))?;
    let w = yoti_age::WaitOptions::default();
    m.add(
        "DEFAULT_WAIT",
        (
            secs(w.timeout),
            secs(w.initial_interval),
            secs(w.max_interval),
        ),
    )?;
    Ok(())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    add_contract(m)?;
    m.add_class::<client::PyClient>()?;
    m.add_class::<client::PyAsyncClient>()?;
    m.add_class::<errors::PyFieldError>()?;
    m.add_class::<webhook::PyWebhookVerifier>()?;
    m.add_class::<sandbox::PySandbox>()?;
    m.add_class::<runtime::AbortOnCancel>()?;
    m.add_class::<runtime::Completions>()?;
    models::register(m)?;
    m.add_function(wrap_pyfunction!(webhook::verify_poa_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(requests::validate_session_config, m)?)?;
    m.add_function(wrap_pyfunction!(requests::validate_rule, m)?)?;
    m.add_function(wrap_pyfunction!(requests::session_config_from_json, m)?)?;
    m.add_function(wrap_pyfunction!(responses::parse_session_result, m)?)?;
    m.add_function(wrap_pyfunction!(responses::parse_poa_result, m)?)?;
    m.add_function(wrap_pyfunction!(responses::parse_created_session, m)?)?;
    m.add_function(wrap_pyfunction!(logging::set_log_level, m)?)?;
    m.add_function(wrap_pyfunction!(sandbox::generate_rsa_key, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(_runtime_started, m)?)?;
    Ok(())
}
