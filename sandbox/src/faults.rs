//! Fault injection: the next N matching requests get a status, a delay, a reset connection, or
//! a malformed or truncated body instead of (or before) the real answer.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// What to do to a matching request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with `status` (and `Retry-After`, `body` when given).
    Status,
    /// Wait `delay_ms`, then answer normally.
    Delay,
    /// Close the connection without answering.
    Reset,
    /// Answer 200 with a body that is not JSON.
    Malformed,
    /// Answer 200 declaring more bytes than are sent, then close.
    Truncated,
}

/// A fault as posted to `POST /__sandbox/faults`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// Kind; defaults to `status` when `status` is set, else `delay` when `delay_ms` is set.
    #[serde(default)]
    pub kind: Option<FaultKind>,
    /// HTTP method to match (any when absent).
    #[serde(default)]
    pub method: Option<String>,
    /// Path prefix to match, e.g. `/api/v1/sessions` (any API path when absent).
    #[serde(default)]
    pub path: Option<String>,
    /// How many matching requests it applies to (default 1).
    #[serde(default = "one")]
    pub times: u32,
    /// Status for `status` faults.
    #[serde(default)]
    pub status: Option<u16>,
    /// `Retry-After` seconds for `status` faults.
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// Body for `status` faults.
    #[serde(default)]
    pub body: Option<String>,
    /// Delay for `delay` faults.
    #[serde(default)]
    pub delay_ms: Option<u64>,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// The effective kind, or an error naming what is missing.
    pub fn effective_kind(&self) -> Result<FaultKind, String> {
        match (&self.kind, self.status, self.delay_ms) {
            (Some(FaultKind::Status), None, _) => Err("status: required for a status fault".into()),
            (Some(FaultKind::Delay), _, None) => Err("delay_ms: required for a delay fault".into()),
            (Some(kind), _, _) => Ok(kind.clone()),
            (None, Some(_), _) => Ok(FaultKind::Status),
            (None, None, Some(_)) => Ok(FaultKind::Delay),
            (None, None, None) => {
                Err("kind: give status, delay_ms, or kind reset|malformed|truncated".into())
            }
        }
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.times > 0
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|p| path.starts_with(p))
    }
}

/// The armed faults.
#[derive(Debug, Default)]
pub struct Faults {
    armed: Mutex<Vec<Fault>>,
}

impl Faults {
    /// Arms a fault after checking it.
    pub fn add(&self, fault: Fault) -> Result<(), String> {
        fault.effective_kind()?;
        if let Some(s) = fault.status {
            if !(100..=599).contains(&s) {
                return Err(format!("status: {s} is not an HTTP status"));
            }
        }
        self.armed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(fault);
        Ok(())
    }

    /// Takes one use of the first fault matching this request.
    pub fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut armed = self.armed.lock().unwrap_or_else(|e| e.into_inner());
        let index = armed.iter().position(|f| f.matches(method, path))?;
        armed[index].times -= 1;
        let fault = armed[index].clone();
        if armed[index].times == 0 {
            armed.remove(index);
        }
        Some(fault)
    }

    /// Disarms everything.
    pub fn clear(&self) {
        self.armed.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_to_the_next_n_matching_requests() {
        let faults = Faults::default();
        let f: Fault = serde_json::from_value(serde_json::json!({"status": 503, "times": 2, "method": "GET", "path": "/api/v1/sessions"})).unwrap();
        faults.add(f).unwrap();
        assert!(faults.take("POST", "/api/v1/sessions").is_none());
        assert!(faults.take("GET", "/poa/v1/verify/x").is_none());
        assert_eq!(
            faults
                .take("GET", "/api/v1/sessions/1/result")
                .unwrap()
                .status,
            Some(503)
        );
        assert!(faults.take("get", "/api/v1/sessions/1").is_some());
        assert!(faults.take("GET", "/api/v1/sessions/1").is_none());
    }

    #[test]
    fn incomplete_faults_are_refused() {
        let faults = Faults::default();
        let f: Fault = serde_json::from_value(serde_json::json!({"kind": "status"})).unwrap();
        assert!(faults.add(f).unwrap_err().contains("status"));
        let f: Fault = serde_json::from_value(serde_json::json!({})).unwrap();
        assert!(faults.add(f).is_err());
    }
}
