//! Immutable Python views of the core's response models. Each wraps the decoded Rust value;
//! attributes are converted when read, `to_dict()` gives the API's JSON shape and `.raw` the
//! JSON as received (parsed on demand).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use serde_json::Value;

use crate::convert::{value_to_py, ToPy};
use yoti_age::headless::SelfieOutcome;
use yoti_age::metrics::{MethodStats, SummaryStats, TimePeriod};
use yoti_age::poa::{PoaAgeResult, PoaFailure, PoaResult};
use yoti_age::result::{ElectronicIdResult, MethodResult};
use yoti_age::rules::CreatedRule;
use yoti_age::session::Callback;
use yoti_age::{AvsNotification, CreatedSession, RawJson, SessionResult, SessionView};

/// The API JSON shape of a model, for `to_dict()`.
pub trait ApiDict {
    /// The value as the API writes it.
    fn api_dict(&self) -> Value;
}

macro_rules! api_dict_by_serde {
    ($($t:ty),*) => {$(
        impl ApiDict for $t {
            fn api_dict(&self) -> Value {
                serde_json::to_value(self).unwrap_or(Value::Null)
            }
        }
    )*};
}

api_dict_by_serde!(
    SessionResult,
    MethodResult,
    ElectronicIdResult,
    Callback,
    CreatedSession,
    SessionView,
    SelfieOutcome,
    CreatedRule,
    MethodStats,
    TimePeriod,
    PoaResult,
    PoaAgeResult,
    PoaFailure,
    AvsNotification
);

impl ApiDict for SummaryStats {
    fn api_dict(&self) -> Value {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            for (key, stats) in &self.methods {
                map.insert(
                    key.clone(),
                    serde_json::to_value(stats).unwrap_or(Value::Null),
                );
            }
        }
        value
    }
}

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The raw response JSON as Python objects (`None` for values built in code).
pub fn raw_to_py<'py>(py: Python<'py>, raw: &RawJson) -> PyResult<Bound<'py, PyAny>> {
    if raw.as_str().is_empty() {
        return Ok(py.None().into_bound(py));
    }
    JSON_LOADS
        .import(py, "json", "loads")?
        .call1((raw.as_str(),))
}

/// Declares a frozen pyclass wrapping a core model, with one getter per listed field, `repr`
/// from the listed fields, equality on the Rust value, `to_dict()`, and extra methods.
macro_rules! model {
    (
        $(#[$meta:meta])*
        $py:ident($inner:ty) as $name:literal {
            fields: [$($field:ident),* $(,)?],
            repr: [$($r:ident),* $(,)?],
            $($extra:tt)*
        }
    ) => {
        $(#[$meta])*
        #[pyclass(frozen, module = "yoti_age", name = $name)]
        pub struct $py(pub $inner);

        impl ToPy for $inner {
            fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                Ok(Bound::new(py, $py(self.clone()))?.into_any())
            }
        }

        #[pymethods]
        impl $py {
            $(
                #[getter]
                fn $field<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    self.0.$field.to_py(py)
                }
            )*

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let parts: Vec<String> = vec![$(
                    format!("{}={}", stringify!($r), self.0.$r.to_py(py)?.repr()?),
                )*];
                Ok(format!("{}({})", $name, parts.join(", ")))
            }

            fn __eq__<'py>(&self, py: Python<'py>, other: &Bound<'py, PyAny>) -> Py<PyAny> {
                match other.cast::<$py>() {
                    Ok(o) => (o.get().0 == self.0).into_pyobject(py).map(|b| b.to_owned().into_any().unbind()).unwrap_or_else(|_| py.None()),
                    Err(_) => py.NotImplemented(),
                }
            }

            /// The value in the API's JSON shape, as plain Python objects.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                value_to_py(py, &ApiDict::api_dict(&self.0))
            }

            $($extra)*
        }
    };
}

model! {
    /// Callback configuration of a session.
    PyCallback(Callback) as "Callback" {
        fields: [url, auto],
        repr: [url, auto],
    }
}

model! {
    /// One method's configuration and attempt counters inside a result.
    PyMethodResult(MethodResult) as "MethodResult" {
        fields: [threshold, allowed, level, authenticity, attempts, attempts_remaining],
        repr: [allowed, threshold, attempts, attempts_remaining],
    }
}

model! {
    /// The `electronic_id` entry of a result.
    PyElectronicIdResult(ElectronicIdResult) as "ElectronicIdResult" {
        fields: [threshold, allowed, sub_methods, attempts, attempts_remaining],
        repr: [allowed, threshold, attempts, attempts_remaining],
    }
}

model! {
    /// The answer of `create_session`.
    PyCreatedSession(CreatedSession) as "CreatedSession" {
        fields: [id, status, expires_at],
        repr: [id, status, expires_at],
        /// The response JSON as received, parsed on demand (`None` for values built in code).
        #[getter]
        fn raw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            raw_to_py(py, &self.0.raw)
        }
    }
}

model! {
    /// The configuration view of a session (`get_session`).
    PySessionView(SessionView) as "SessionView" {
        fields: [
            id, sdk_id, callback, session_type, status, expires_at, biometric_consent_required,
            retry_enabled, resume_enabled, notification_url, cancel_url, reference_id, created_at,
            rule_id, blocked_locations, updated_at, biometric_consent_given_at, target_origin_url,
            synchronous_checks, double_blind,
        ],
        repr: [id, status, session_type, reference_id],
        /// The response JSON as received, parsed on demand (`None` for values built in code).
        #[getter]
        fn raw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            raw_to_py(py, &self.0.raw)
        }
    }
}

model! {
    /// The result of a session (`get_result`, `wait_for_result`).
    PySessionResult(SessionResult) as "SessionResult" {
        fields: [
            sdk_id, account_id, callback_url, callback, notification_url, cancel_url,
            session_type, age_estimation, digital_id, doc_scan, credit_card, mobile, login,
            age_key, yoti_key, la_wallet, social_security_number, us_florida_hb3,
            double_anonymity, electronic_id, age, status, method, reference_id, created_at,
            expires_at, updated_at, id, evidence_id, biometric_consent_required, rule_id,
            retry_enabled, resume_enabled, blocked_locations, biometric_consent_given_at,
            terminal_id, synchronous_checks,
        ],
        repr: [id, status, method, age],
        /// The response JSON as received, parsed on demand (`None` for values built in code).
        #[getter]
        fn raw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            raw_to_py(py, &self.0.raw)
        }

        /// Whether the session passed (`COMPLETE`).
        #[getter]
        fn is_complete(&self) -> bool {
            self.0.is_complete()
        }

        /// Whether waiting longer cannot change the status.
        #[getter]
        fn is_terminal(&self) -> bool {
            self.0.status.is_terminal()
        }
    }
}

model! {
    /// The answer to a headless selfie upload.
    PySelfieOutcome(SelfieOutcome) as "SelfieOutcome" {
        fields: [status, attempts_remaining, retries_depleted],
        repr: [status, attempts_remaining, retries_depleted],
        /// The response JSON as received, parsed on demand (`None` for values built in code).
        #[getter]
        fn raw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            raw_to_py(py, &self.0.raw)
        }
    }
}

model! {
    /// The answer of `create_rule`.
    PyCreatedRule(CreatedRule) as "CreatedRule" {
        fields: [id],
        repr: [id],
        /// The response JSON as received, parsed on demand (`None` for values built in code).
        #[getter]
        fn raw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            raw_to_py(py, &self.0.raw)
        }
    }
}

model! {
    /// Counters of one method.
    PyMethodStats(MethodStats) as "MethodStats" {
        fields: [
            total_checks, total_complete_checks, total_failed_checks, total_errored_checks,
            total_cancelled_checks, total_inprogress_checks, total_pending_checks,
        ],
        repr: [total_checks, total_complete_checks, total_failed_checks],
    }
}

model! {
    /// The reporting period of summary statistics.
    PyTimePeriod(TimePeriod) as "TimePeriod" {
        fields: [period_start, period_end],
        repr: [period_start, period_end],
    }
}

model! {
    /// Summary statistics for a time window (`metrics`).
    PySummaryStats(SummaryStats) as "SummaryStats" {
        fields: [
            time_period_of_results, total_created_sessions, total_complete_sessions,
            total_failed_sessions, total_pending_sessions, total_cancelled_sessions,
            total_inprogress_sessions, total_errored_sessions, methods,
        ],
        repr: [total_created_sessions, total_complete_sessions, total_failed_sessions],
        /// The response JSON as received, parsed on demand (`None` for values built in code).
        #[getter]
        fn raw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            raw_to_py(py, &self.0.raw)
        }
    }
}

model! {
    /// The age proven by a successful PoA presentation.
    PyPoaAgeResult(PoaAgeResult) as "PoaAgeResult" {
        fields: [age_over, checks],
        repr: [age_over, checks],
    }
}

model! {
    /// Why a PoA presentation failed.
    PyPoaFailure(PoaFailure) as "PoaFailure" {
        fields: [reason],
        repr: [reason],
    }
}

model! {
    /// A PoA verification result (also the PoA webhook body).
    PyPoaResult(PoaResult) as "PoaResult" {
        fields: [id, status, timestamp, provider, result, failure, waiting_on],
        repr: [id, status, provider],
        /// The response JSON as received, parsed on demand (`None` for values built in code).
        #[getter]
        fn raw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            raw_to_py(py, &self.0.raw)
        }

        /// The proven `age_over`, when successful.
        #[getter]
        fn age_over(&self) -> Option<u32> {
            self.0.age_over()
        }

        /// The failure reason, when failed.
        #[getter]
        fn failure_reason<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            self.0.failure_reason().cloned().to_py(py)
        }
    }
}

model! {
    /// A verified AVS webhook notification.
    PyAvsNotification(AvsNotification) as "AvsNotification" {
        fields: [
            method, result, age, session_key, reference_id, id, timestamp, notification_url,
            evidence_id, state, check_type, error_code, sequence_number, signature,
        ],
        repr: [id, session_key, state, method, age],
        /// The response JSON as received, parsed on demand (`None` for values built in code).
        #[getter]
        fn raw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            raw_to_py(py, &self.0.raw)
        }

        /// When the notification was sent (timezone-aware UTC).
        #[getter]
        fn sent_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            self.0.sent_at().to_py(py)
        }
    }
}

/// The answer of `poa_verify`: a completed result (HTTP 200) or a pending one (202) to wait for.
#[pyclass(frozen, module = "yoti_age", name = "PoaVerification")]
pub struct PyPoaVerification(pub yoti_age::poa::PoaVerification);

#[pymethods]
impl PyPoaVerification {
    /// Whether the answer was pending (poll with `poa_wait(result.id)`).
    #[getter]
    fn is_pending(&self) -> bool {
        matches!(self.0, yoti_age::poa::PoaVerification::Pending(_))
    }

    /// Whether the answer was completed (SUCCESS or FAILURE).
    #[getter]
    fn is_completed(&self) -> bool {
        !self.is_pending()
    }

    /// The result either way.
    #[getter]
    fn result<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.0.result().to_py(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let kind = if self.is_pending() {
            "pending"
        } else {
            "completed"
        };
        Ok(format!(
            "PoaVerification({kind}, {})",
            self.result(py)?.repr()?
        ))
    }

    fn __eq__<'py>(&self, py: Python<'py>, other: &Bound<'py, PyAny>) -> Py<PyAny> {
        match other.cast::<PyPoaVerification>() {
            Ok(o) => pyo3::types::PyBool::new(py, o.get().0 == self.0)
                .to_owned()
                .into_any()
                .unbind(),
            Err(_) => py.NotImplemented(),
        }
    }
}

/// The answer to `raw_request`: status, headers and body bytes.
#[pyclass(frozen, module = "yoti_age", name = "RawResponse")]
pub struct PyRawResponse(pub yoti_age::RawResponse);

#[pymethods]
impl PyRawResponse {
    /// HTTP status.
    #[getter]
    fn status(&self) -> u16 {
        self.0.status
    }

    /// Response headers as (lower-case name, value) pairs, in order.
    #[getter]
    fn headers(&self) -> Vec<(String, String)> {
        self.0.headers.clone()
    }

    /// The body bytes.
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyBytes> {
        pyo3::types::PyBytes::new(py, &self.0.body)
    }

    /// The first value of a header (name case-insensitive).
    fn header(&self, name: &str) -> Option<String> {
        self.0.header(name).map(str::to_owned)
    }

    /// The body decoded as JSON (by serde, in Rust); `DecodeError` when it is not JSON.
    fn json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = self.0.json().map_err(|e| crate::errors::to_pyerr(py, e))?;
        value_to_py(py, &value)
    }

    fn __repr__(&self) -> String {
        format!(
            "RawResponse(status={}, body_bytes={})",
            self.0.status,
            self.0.body.len()
        )
    }
}

/// Registers the model classes on the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCallback>()?;
    m.add_class::<PyMethodResult>()?;
    m.add_class::<PyElectronicIdResult>()?;
    m.add_class::<PyCreatedSession>()?;
    m.add_class::<PySessionView>()?;
    m.add_class::<PySessionResult>()?;
    m.add_class::<PySelfieOutcome>()?;
    m.add_class::<PyCreatedRule>()?;
    m.add_class::<PyMethodStats>()?;
    m.add_class::<PyTimePeriod>()?;
    m.add_class::<PySummaryStats>()?;
    m.add_class::<PyPoaAgeResult>()?;
    m.add_class::<PyPoaFailure>()?;
    m.add_class::<PyPoaResult>()?;
    m.add_class::<PyAvsNotification>()?;
    m.add_class::<PyPoaVerification>()?;
    m.add_class::<PyRawResponse>()?;
    Ok(())
}
