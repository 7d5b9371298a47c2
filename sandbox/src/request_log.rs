//! The request log read through `GET /__sandbox/requests`. Secrets are masked before they are
//! recorded.

use std::collections::VecDeque;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Most entries kept; older ones are dropped first.
const CAPACITY: usize = 10_000;

/// One logged event.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// A request the sandbox answered.
    Request {
        /// When it arrived (sandbox clock).
        at: DateTime<Utc>,
        /// HTTP method.
        method: String,
        /// Path and query.
        path: String,
        /// Answered status (0 when the connection was reset by a fault).
        status: u16,
        /// `Yoti-SDK-Id` header, when sent.
        sdk_id: Option<String>,
        /// Authorization scheme with the credential masked (`Bearer ***`).
        authorization: Option<String>,
        /// The fault applied, if any.
        fault: Option<String>,
    },
    /// A webhook delivery attempt.
    Webhook {
        /// When it was attempted.
        at: DateTime<Utc>,
        /// Target URL.
        url: String,
        /// Session or verification id.
        subject: String,
        /// Try number for this notification, from 1.
        attempt: u32,
        /// `delivered`, `failed` (will retry), `gave_up` or `undeliverable` (not loopback).
        outcome: String,
        /// Status answered by the receiver, when it answered.
        status: Option<u16>,
    },
}

/// The log.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Mutex<VecDeque<Entry>>,
}

impl RequestLog {
    /// Appends an entry.
    pub fn push(&self, entry: Entry) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// A copy of every entry.
    pub fn entries(&self) -> Vec<Entry> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.iter().cloned().collect()
    }

    /// Empties the log.
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// `Bearer abc` → `Bearer ***`; anything else → `***`.
pub fn mask_authorization(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} ***"),
        None => "***".into(),
    }
}
