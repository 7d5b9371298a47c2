//! `yoti_age._native`: the Python extension module behind the `yoti_age` package.
//!
//! Importing it starts no thread; the tokio runtime starts on the first request.

mod client;
mod convert;
mod errors;
mod logging;
mod models;
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

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<client::PyClient>()?;
    m.add_class::<client::PyAsyncClient>()?;
    m.add_class::<errors::PyFieldError>()?;
    m.add_class::<webhook::PyWebhookVerifier>()?;
    m.add_class::<sandbox::PySandbox>()?;
    m.add_class::<runtime::AbortOnCancel>()?;
    m.add_class::<runtime::Completions>()?;
    models::register(m)?;
    m.add_function(wrap_pyfunction!(webhook::verify_poa_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::validate_session_config, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::validate_rule, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::parse_session_result, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::parse_poa_result, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::parse_created_session, m)?)?;
    m.add_function(wrap_pyfunction!(logging::set_log_level, m)?)?;
    m.add_function(wrap_pyfunction!(sandbox::generate_rsa_key, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(_runtime_started, m)?)?;
    Ok(())
}
