//! Summary statistics (`GET /report/fetch-summary-stats`, docs/yoti-api.md §9).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::decode::ResponseBody;
use crate::error::{rule, Error, FieldError};

/// The longest window the API reports on (about six months).
pub const MAX_WINDOW_DAYS: i64 = 184;

/// The time window to report on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MetricsQuery {
    /// Sessions created after this time.
    pub created_after: DateTime<Utc>,
    /// Sessions created before this time.
    pub created_before: DateTime<Utc>,
}

impl MetricsQuery {
    /// Checks that the window is ordered and at most about six months long.
    pub fn validate(&self) -> crate::Result<()> {
        if self.created_after >= self.created_before {
            return Err(Error::Validation(vec![FieldError::new(
                "created_before",
                rule::RANGE,
                "must be later than created_after",
            )]));
        }
        if self.created_before - self.created_after > Duration::days(MAX_WINDOW_DAYS) {
            return Err(Error::Validation(vec![FieldError::new(
                "created_after",
                rule::RANGE,
                format!("the window may be at most {MAX_WINDOW_DAYS} days"),
            )]));
        }
        Ok(())
    }
}

/// Counters of one method (keys absent in the response are 0).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MethodStats {
    /// All checks.
    #[serde(default)]
    pub total_checks: u64,
    /// Completed checks.
    #[serde(default)]
    pub total_complete_checks: u64,
    /// Failed checks.
    #[serde(default)]
    pub total_failed_checks: u64,
    /// Errored checks.
    #[serde(default)]
    pub total_errored_checks: u64,
    /// Cancelled checks.
    #[serde(default)]
    pub total_cancelled_checks: u64,
    /// Checks in progress.
    #[serde(default)]
    pub total_inprogress_checks: u64,
    /// Pending checks.
    #[serde(default)]
    pub total_pending_checks: u64,
}

/// The reporting period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TimePeriod {
    /// Start of the period.
    #[serde(default)]
    pub period_start: Option<String>,
    /// End of the period.
    #[serde(default)]
    pub period_end: Option<String>,
}

/// Session counters and per-method counters for a window.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SummaryStats {
    /// The period reported on.
    #[serde(default)]
    pub time_period_of_results: TimePeriod,
    /// Sessions created.
    #[serde(default)]
    pub total_created_sessions: u64,
    /// Sessions completed.
    #[serde(default)]
    pub total_complete_sessions: u64,
    /// Sessions failed.
    #[serde(default)]
    pub total_failed_sessions: u64,
    /// Sessions pending.
    #[serde(default)]
    pub total_pending_sessions: u64,
    /// Sessions cancelled.
    #[serde(default)]
    pub total_cancelled_sessions: u64,
    /// Sessions in progress.
    #[serde(default)]
    pub total_inprogress_sessions: u64,
    /// Sessions errored.
    #[serde(default)]
    pub total_errored_sessions: u64,
    /// Per-method counters by key (`age_estimation`, `mit_id`, `address_direct_check`, …).
    #[serde(skip)]
    pub methods: BTreeMap<String, MethodStats>,
    /// The JSON as received.
    #[serde(skip)]
    pub raw: crate::decode::RawJson,
}

impl ResponseBody for SummaryStats {
    fn from_body(body: &[u8]) -> Result<Self, serde_json::Error> {
        let raw: serde_json::Value = serde_json::from_slice(body)?;
        let mut stats: SummaryStats = serde_json::from_value(raw.clone())?;
        if let Some(object) = raw.as_object() {
            for (key, value) in object {
                if key == "time_period_of_results" || !value.is_object() {
                    continue;
                }
                if let Ok(m) = serde_json::from_value::<MethodStats>(value.clone()) {
                    stats.methods.insert(key.clone(), m);
                }
            }
        }
        stats.raw = crate::decode::RawJson::new(body);
        Ok(stats)
    }
}
