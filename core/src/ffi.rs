//! uniffi support for the public models (feature `uniffi`, used by `bindings-uniffi` only).
//!
//! The models derive `uniffi::Record` / `uniffi::Enum` where they are declared; this module
//! declares how the field types uniffi does not know cross the boundary. Nothing here is used
//! by Rust callers.

use std::collections::{BTreeMap, HashMap};
use std::time::SystemTime;

use chrono::{DateTime, Utc};

use crate::decode::RawJson;
use crate::metrics::MethodStats;
use crate::session::ExtraFields;

/// A UTC instant: `java.time.Instant` in Kotlin, `Date` in Swift.
pub type Timestamp = DateTime<Utc>;

uniffi::custom_type!(Timestamp, SystemTime, {
    remote,
    lower: |t| SystemTime::from(t),
    try_lift: |t| Ok(DateTime::<Utc>::from(t)),
});

/// Header names to values (PoA notification headers): a `Map` in Kotlin, a `Dictionary` in Swift.
pub type HeaderMap = BTreeMap<String, String>;

uniffi::custom_type!(HeaderMap, HashMap<String, String>, {
    remote,
    lower: |m| m.into_iter().collect(),
    try_lift: |m| Ok(m.into_iter().collect()),
});

/// Per-method statistics keyed by method (`SummaryStats.methods`).
pub type MethodStatsMap = BTreeMap<String, MethodStats>;

uniffi::custom_type!(MethodStatsMap, HashMap<String, MethodStats>, {
    remote,
    lower: |m| m.into_iter().collect(),
    try_lift: |m| Ok(m.into_iter().collect()),
});

// Unmodelled request fields cross as a map of field name to JSON text.
uniffi::custom_type!(ExtraFields, HashMap<String, String>, {
    remote,
    lower: |m| m.into_iter().map(|(k, v)| (k, v.to_string())).collect(),
    try_lift: |m| m
        .into_iter()
        .map(|(k, v)| {
            let value = serde_json::from_str(&v)
                .map_err(|e| uniffi::deps::anyhow::anyhow!("extra.{k}: not JSON text ({e})"))?;
            Ok((k, value))
        })
        .collect(),
});

// The raw JSON of a response crosses as its text.
uniffi::custom_type!(RawJson, String, {
    lower: |r| r.as_str().to_owned(),
    try_lift: |s| Ok(RawJson::new(s.as_bytes())),
});
