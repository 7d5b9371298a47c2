//! # yoti-age
//!
//! A validated client for Yoti's Age Verification Service (AVS) and Proof of Age (PoA) APIs.
//! See the repository README for a quickstart.

pub mod auth;
pub mod blocking;
pub mod cancel;
pub mod client;
pub mod config;
mod decode;
pub mod error;
#[cfg(feature = "uniffi")]
pub mod ffi;
pub mod headless;
pub mod metrics;
mod open_enum;
pub mod poa;
pub mod request_json;
pub mod result;
pub mod rules;
pub mod runtime;
pub mod secret;
pub mod session;
pub mod transport;
pub mod user_view;
pub mod validate;
pub mod webhook;

// The uniffi component of the core's models (namespace `yoti_age`); bindings-uniffi only.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("yoti_age");

pub use auth::{client_assertion, AccessToken, AssertionClaims, AssertionKey, CentralAuth};
pub use cancel::CancelToken;
pub use client::{Client, RawResponse, RawTarget, WaitOptions, WaitOverrides};
pub use config::{
    CentralAuthCredentials, ClientBuilder, Environment, EnvironmentOptionNames, RetryOverrides,
    RetryPolicy, TimeoutOverrides, Timeouts,
};
pub use decode::{decode_response, RawJson, ResponseBody};
pub use error::{ApiError, Error, FieldError, Result, TransportKind, WebhookErrorKind};
pub use open_enum::known_values;
pub use result::{Method, SessionResult, SessionStatus, SessionType};
pub use secret::Secret;
pub use session::{CreatedSession, SessionConfig, SessionView};
pub use webhook::{AvsNotification, WebhookVerifier};

/// The README's Rust snippets, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeSnippets;
