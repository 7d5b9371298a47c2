//! # yoti-age
//!
//! A validated client for Yoti's Age Verification Service (AVS) and Proof of Age (PoA) APIs.
//! See the repository README for a quickstart.

pub mod error;
mod open_enum;
pub mod secret;

pub use error::{ApiError, Error, FieldError, Result, TransportKind, WebhookErrorKind};
pub use secret::Secret;
