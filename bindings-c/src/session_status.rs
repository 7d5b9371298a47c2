//! The session status as a C enum, and what the session objects share: RFC 3339 times, JSON
//! output, raw JSON kept NUL-terminated.

use std::ffi::CString;
use std::sync::OnceLock;

use chrono::{DateTime, SecondsFormat, Utc};
use yoti_core::result::SessionStatus;

use crate::ffi::{c_string, FfiResult};

/// A session status. `YOTI_SESSION_STATUS_OTHER` is a value this version does not know (read
/// the text with the `_status_text` accessor); it is also returned for a NULL handle.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum yoti_session_status {
    /// A value this version does not know, or no status.
    YOTI_SESSION_STATUS_OTHER = 0,
    /// `PENDING`: the user has not started.
    YOTI_SESSION_STATUS_PENDING = 1,
    /// `IN_PROGRESS`: checks have started.
    YOTI_SESSION_STATUS_IN_PROGRESS = 2,
    /// `COMPLETE`: passed the threshold, or an age was returned.
    YOTI_SESSION_STATUS_COMPLETE = 3,
    /// `FAIL`: did not meet the threshold.
    YOTI_SESSION_STATUS_FAIL = 4,
    /// `ERROR`: no age could be determined.
    YOTI_SESSION_STATUS_ERROR = 5,
    /// `CANCELLED`: the user gave up.
    YOTI_SESSION_STATUS_CANCELLED = 6,
    /// `EXPIRED`: the ttl ran out.
    YOTI_SESSION_STATUS_EXPIRED = 7,
    /// `INSUFFICIENT_DATA`: email check without enough data.
    YOTI_SESSION_STATUS_INSUFFICIENT_DATA = 8,
}

pub(crate) fn session_status(status: &SessionStatus) -> yoti_session_status {
    use yoti_session_status::*;
    match status {
        SessionStatus::Pending => YOTI_SESSION_STATUS_PENDING,
        SessionStatus::InProgress => YOTI_SESSION_STATUS_IN_PROGRESS,
        SessionStatus::Complete => YOTI_SESSION_STATUS_COMPLETE,
        SessionStatus::Fail => YOTI_SESSION_STATUS_FAIL,
        SessionStatus::Error => YOTI_SESSION_STATUS_ERROR,
        SessionStatus::Cancelled => YOTI_SESSION_STATUS_CANCELLED,
        SessionStatus::Expired => YOTI_SESSION_STATUS_EXPIRED,
        SessionStatus::InsufficientData => YOTI_SESSION_STATUS_INSUFFICIENT_DATA,
        SessionStatus::Other(_) => YOTI_SESSION_STATUS_OTHER,
    }
}

pub(crate) fn rfc3339(time: Option<&DateTime<Utc>>) -> Option<CString> {
    time.map(|t| c_string(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true)))
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> FfiResult<String> {
    serde_json::to_string(value)
        .map_err(|e| yoti_core::Error::Internal(format!("cannot serialise: {e}")).into())
}

/// The raw JSON of a response, NUL-terminated on first use.
#[derive(Default)]
pub(crate) struct RawText(OnceLock<CString>);

impl RawText {
    pub(crate) fn get(&self, raw: &yoti_core::RawJson) -> &CString {
        self.0.get_or_init(|| c_string(raw.as_str()))
    }
}
