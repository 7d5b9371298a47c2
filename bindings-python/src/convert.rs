//! Conversions between core values and Python objects. Response JSON is decoded by serde in
//! the core; this module only turns the typed Rust values into Python objects.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyModule, PyString, PyTuple};
use serde_json::Value;

/// A Rust value that becomes a Python object (on attribute access of a model).
pub trait ToPy {
    /// Builds the Python object.
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>>;
}

impl ToPy for String {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyString::new(py, self).into_any())
    }
}

macro_rules! to_py_via_into {
    ($($t:ty),*) => {$(
        impl ToPy for $t {
            fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                Ok(self.into_pyobject(py)?.to_owned().into_any())
            }
        }
    )*};
}
to_py_via_into!(u16, u32, u64, i64, bool);

impl ToPy for DateTime<Utc> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.into_pyobject(py)?.into_any())
    }
}

impl<T: ToPy> ToPy for Option<T> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Some(v) => v.to_py(py),
            None => Ok(py.None().into_bound(py)),
        }
    }
}

impl<T: ToPy> ToPy for Vec<T> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let items = self
            .iter()
            .map(|v| v.to_py(py))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyTuple::new(py, items)?.into_any())
    }
}

impl<T: ToPy> ToPy for BTreeMap<String, T> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let dict = PyDict::new(py);
        for (k, v) in self {
            dict.set_item(k, v.to_py(py)?)?;
        }
        Ok(dict.into_any())
    }
}

static ENUMS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// `yoti_age._enums.<class>(value)`: a `str` enum member, or a pseudo-member keeping an
/// unknown value.
pub fn py_enum<'py>(py: Python<'py>, class: &str, value: &str) -> PyResult<Bound<'py, PyAny>> {
    let module = ENUMS.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("yoti_age._enums")?.unbind())
    })?;
    module.bind(py).getattr(class)?.call1((value,))
}

/// Implements [`ToPy`] for core open enums through their Python `str` enum class.
macro_rules! open_enums {
    ($($t:ty => $class:literal),* $(,)?) => {$(
        impl ToPy for $t {
            fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                py_enum(py, $class, self.as_str())
            }
        }
    )*};
}

open_enums!(
    yoti_age::SessionType => "SessionType",
    yoti_age::SessionStatus => "SessionStatus",
    yoti_age::Method => "Method",
    yoti_age::result::Authenticity => "Authenticity",
    yoti_age::poa::PoaStatus => "PoaStatus",
    yoti_age::poa::PoaProvider => "PoaProvider",
    yoti_age::poa::PoaCheck => "PoaCheck",
    yoti_age::poa::PoaFailureReason => "PoaFailureReason",
    yoti_age::poa::PoaWaitingOn => "PoaWaitingOn",
    yoti_age::webhook::AttemptState => "AttemptState",
    yoti_age::webhook::CheckType => "CheckType",
);

/// A JSON value as plain Python objects (dict, list, str, int, float, bool, None).
pub fn value_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, value_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A serializable core value in its API JSON shape, as plain Python objects.
pub fn serialize_to_py<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value)
        .map_err(|e| crate::errors::internal_error(format!("could not serialize: {e}")))?;
    value_to_py(py, &json)
}

/// A Python value (mapping, sequence, str, int, float, bool, None, str enum, datetime) as JSON.
pub fn py_to_value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        return Ok(Value::from(obj.extract::<u64>()?));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(serde_json::Number::from_f64(f.value())
            .map(Value::Number)
            .unwrap_or(Value::Null));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| PyTypeError::new_err("mapping keys must be str"))?
                .to_cow()?
                .into_owned();
            map.insert(key, py_to_value(&v)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return list
            .iter()
            .map(|v| py_to_value(&v))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array);
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return tuple
            .iter()
            .map(|v| py_to_value(&v))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array);
    }
    if obj.hasattr("isoformat")? {
        let text: String = obj.call_method0("isoformat")?.extract()?;
        return Ok(Value::String(text));
    }
    if obj.hasattr("items")? {
        let dict = PyDict::new(obj.py());
        dict.call_method1("update", (obj,))?;
        return py_to_value(dict.as_any());
    }
    Err(PyTypeError::new_err(format!(
        "cannot send a {} as JSON",
        obj.get_type().name()?
    )))
}

/// A Python mapping as JSON (anything else is a `TypeError` naming `what`).
pub fn mapping_value(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Value> {
    let value = py_to_value(obj)?;
    if !value.is_object() {
        return Err(PyTypeError::new_err(format!("{what}: expected a mapping")));
    }
    Ok(value)
}

/// Reads a Python mapping into a core request model under the core's rule (unknown keys and
/// wrong shapes are `ValidationError`s with their paths: `yoti_age::request_json`).
pub fn from_mapping<T: yoti_age::request_json::RequestJson>(obj: &Bound<'_, PyAny>) -> PyResult<T> {
    let value = mapping_value(obj, T::WHAT)?;
    yoti_age::request_json::from_value(value).map_err(|e| crate::errors::to_pyerr(obj.py(), e))
}

/// A timezone-aware Python datetime as UTC (naive datetimes are refused).
pub fn utc_datetime(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<DateTime<Utc>> {
    if obj.getattr("tzinfo")?.is_none() {
        return Err(crate::errors::config_error(format!(
            "{what}: datetime must be timezone-aware"
        )));
    }
    let fixed: DateTime<chrono::FixedOffset> = obj.extract()?;
    Ok(fixed.with_timezone(&Utc))
}

/// Seconds as a float (`float` or `int`) into a duration.
pub fn seconds(value: f64, what: &str) -> PyResult<std::time::Duration> {
    std::time::Duration::try_from_secs_f64(value).map_err(|_| {
        crate::errors::config_error(format!("{what}: must be a non-negative number of seconds"))
    })
}
