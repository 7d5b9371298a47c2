//! Proof of Age (docs/yoti-api.md §10): verify a QR presentation at a till, poll for pending
//! results, and authenticate the PoA webhook by the caller's own header secret (Project decision
//! 11).

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::decode::{lenient, response_with_raw};
use crate::error::{rule, Error, FieldError, WebhookErrorKind};
use crate::open_enum::open_enum;

/// How long a PoA QR code stays valid after it is shown.
pub const QR_VALIDITY_SECONDS: i64 = 30;

/// The scanned QR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Qr {
    /// The raw string read from the QR code (`mdoc:…`).
    pub value: String,
    /// When it was scanned.
    pub scanned_at: DateTime<Utc>,
}

/// The till or device that scanned the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Terminal {
    /// Terminal id (required).
    pub id: String,
    /// Store id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub store_id: Option<String>,
}

open_enum! {
    /// HTTP method of the PoA notification.
    pub enum NotificationMethod {
        /// POST (default).
        Post = "POST",
        /// GET.
        Get = "GET",
    }
}

/// Where to send the result of a pending verification. The `headers` are sent with it and are
/// how your receiver authenticates it: treat their values as secrets.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PoaNotification {
    /// Target URL.
    pub url: String,
    /// `POST` (default) or `GET`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub method: Option<NotificationMethod>,
    /// Whether Yoti verifies the receiver's TLS certificate (default true). The API spells it
    /// `verifyTls`; `verify_tls` is read too.
    #[serde(
        rename = "verifyTls",
        alias = "verify_tls",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-aliases" = ["verify_tls"]))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub verify_tls: Option<bool>,
    /// Headers sent with the notification (values are secrets).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
}

impl fmt::Debug for PoaNotification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let masked: BTreeMap<&str, &str> =
            self.headers.keys().map(|k| (k.as_str(), "***")).collect();
        f.debug_struct("PoaNotification")
            .field("url", &self.url)
            .field("method", &self.method)
            .field("verify_tls", &self.verify_tls)
            .field("headers", &masked)
            .finish()
    }
}

/// A PoA verification as every binding takes it: the scanned code, the terminal, and
/// optionally when it was scanned (default now) and where to notify. Read from JSON under the
/// rule of [`crate::request_json`] (unknown keys refused), then turned into the request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
pub struct PoaVerifyInput {
    /// The raw string read from the QR code.
    pub qr: String,
    /// The scanning terminal's id.
    pub terminal_id: String,
    /// The store's id.
    #[serde(default)]
    pub store_id: Option<String>,
    /// When the code was scanned (RFC 3339); now when absent.
    #[serde(default)]
    pub scanned_at: Option<DateTime<Utc>>,
    /// Where to send the result of a pending verification.
    #[serde(default)]
    pub notification: Option<PoaNotification>,
}

impl PoaVerifyInput {
    /// The request body, `scanned_at` defaulting to now.
    pub fn into_request(self) -> PoaVerifyRequest {
        let mut request = PoaVerifyRequest::new(self.qr, self.terminal_id);
        request.terminal.store_id = self.store_id;
        if let Some(scanned_at) = self.scanned_at {
            request.qr.scanned_at = scanned_at;
        }
        request.notification = self.notification;
        request
    }
}

/// The body of `POST /poa/v1/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PoaVerifyRequest {
    /// The scanned code.
    pub qr: Qr,
    /// The scanning terminal.
    pub terminal: Terminal,
    /// Optional notification for a pending (202) answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub notification: Option<PoaNotification>,
}

impl PoaVerifyRequest {
    /// A request for a code scanned now at this terminal.
    pub fn new(qr_value: impl Into<String>, terminal_id: impl Into<String>) -> Self {
        Self {
            qr: Qr {
                value: qr_value.into(),
                scanned_at: Utc::now(),
            },
            terminal: Terminal {
                id: terminal_id.into(),
                store_id: None,
            },
            notification: None,
        }
    }

    /// Checks the request before sending: required fields present, notification URL absolute
    /// http(s), and `scanned_at` within the 30 s validity window (`poa.qr_stale` otherwise).
    pub fn validate_at(&self, now: DateTime<Utc>) -> crate::Result<()> {
        let mut errors = Vec::new();
        if self.qr.value.trim().is_empty() {
            errors.push(FieldError::new("qr.value", rule::REQUIRED, "is required"));
        }
        if self.terminal.id.trim().is_empty() {
            errors.push(FieldError::new(
                "terminal.id",
                rule::REQUIRED,
                "is required",
            ));
        }
        if let Some(n) = &self.notification {
            match url::Url::parse(&n.url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.has_host() => {}
                _ => errors.push(FieldError::new(
                    "notification.url",
                    rule::URL,
                    "must be an absolute http(s) URL",
                )),
            }
            if let Some(NotificationMethod::Other(raw)) = &n.method {
                errors.push(FieldError::new(
                    "notification.method",
                    rule::ONE_OF,
                    format!("must be GET or POST, got {raw:?}"),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        let age_seconds = (now - self.qr.scanned_at).num_seconds();
        if age_seconds > QR_VALIDITY_SECONDS {
            return Err(Error::PoaQrStale { age_seconds });
        }
        Ok(())
    }
}

open_enum! {
    /// Status of a PoA verification.
    pub enum PoaStatus {
        /// The presentation was verified.
        Success = "SUCCESS",
        /// The presentation was rejected; see the failure reason.
        Failure = "FAILURE",
        /// Waiting (e.g. for the user's consent).
        Pending = "PENDING",
    }
}

impl PoaStatus {
    /// `SUCCESS` or `FAILURE`.
    pub fn is_terminal(&self) -> bool {
        matches!(self, PoaStatus::Success | PoaStatus::Failure)
    }
}

open_enum! {
    /// Who issued the credential.
    pub enum PoaProvider {
        /// Yoti Digital ID.
        Yoti = "YOTI",
        /// GOV.UK.
        GovUk = "GOV_UK",
    }
}

open_enum! {
    /// Checks performed on a successful presentation.
    pub enum PoaCheck {
        /// The provider is on the DVS register.
        ProviderOnDvsRegister = "PROVIDER_ON_DVS_REGISTER",
        /// The signature was verified.
        SignatureVerified = "SIGNATURE_VERIFIED",
    }
}

open_enum! {
    /// Why a presentation was rejected.
    pub enum PoaFailureReason {
        /// The signature could not be verified.
        UnableToVerifySignature = "UNABLE_TO_VERIFY_SIGNATURE",
        /// The QR code is older than its validity window.
        PresentationExpired = "PRESENTATION_EXPIRED",
        /// The QR code was already used.
        PresentationAlreadyUsed = "PRESENTATION_ALREADY_USED",
        /// The payload is not supported.
        UnsupportedPayload = "UNSUPPORTED_PAYLOAD",
        /// The provider is excluded for this account.
        ExcludedProvider = "EXCLUDED_PROVIDER",
        /// The provider is unknown.
        UnknownProvider = "UNKNOWN_PROVIDER",
        /// The user did not consent.
        UserDidNotConsent = "USER_DID_NOT_CONSENT",
    }
}

open_enum! {
    /// What a pending verification waits for.
    pub enum PoaWaitingOn {
        /// The user's consent.
        UserConsent = "USER_CONSENT",
    }
}

/// The age proven by a successful presentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PoaAgeResult {
    /// The highest age boundary below the user's age (21 means 21+).
    pub age_over: u32,
    /// Checks performed.
    #[serde(default, deserialize_with = "lenient::list")]
    pub checks: Vec<PoaCheck>,
}

/// Why a presentation failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PoaFailure {
    /// The reason.
    pub reason: PoaFailureReason,
}

/// A PoA verification result (also the PoA webhook body). A `FAILURE` is a result with a
/// reason, not an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PoaResult {
    /// Verification id (poll it with `GET /poa/v1/verify/{id}`).
    pub id: String,
    /// Status.
    pub status: PoaStatus,
    /// When the result was produced.
    #[serde(
        default,
        deserialize_with = "lenient::timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub timestamp: Option<DateTime<Utc>>,
    /// Credential provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<PoaProvider>,
    /// The age proven, on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<PoaAgeResult>,
    /// Why it failed, on failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<PoaFailure>,
    /// What a pending verification waits for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_on: Option<PoaWaitingOn>,
    /// The JSON as received.
    #[serde(skip)]
    pub raw: crate::decode::RawJson,
}

response_with_raw!(PoaResult);

impl PoaResult {
    /// The proven `age_over`, when successful.
    pub fn age_over(&self) -> Option<u32> {
        self.result.as_ref().map(|r| r.age_over)
    }

    /// The failure reason, when failed.
    pub fn failure_reason(&self) -> Option<&PoaFailureReason> {
        self.failure.as_ref().map(|f| &f.reason)
    }
}

/// The answer of `POST /poa/v1/verify`: a completed result (200) or a pending handle (202).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PoaVerification {
    /// SUCCESS or FAILURE, answered synchronously.
    Completed(PoaResult),
    /// Pending: poll with its `id`, or wait for the notification.
    Pending(PoaResult),
}

impl PoaVerification {
    /// The result either way.
    pub fn result(&self) -> &PoaResult {
        match self {
            PoaVerification::Completed(r) | PoaVerification::Pending(r) => r,
        }
    }
}

/// Checks a PoA webhook: every header you configured in [`PoaNotification::headers`] must be
/// present with the same value (names compared case-insensitively, values in constant time),
/// then parses the body. Errors: `webhook.invalid_secret`, `webhook.malformed`,
/// `webhook.missing_field`.
pub fn verify_poa_webhook<'a>(
    expected_headers: &BTreeMap<String, String>,
    received_headers: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    body: &[u8],
) -> crate::Result<PoaResult> {
    let received: Vec<(&str, &[u8])> = received_headers.into_iter().collect();
    if expected_headers.is_empty() {
        return Err(Error::Webhook {
            kind: WebhookErrorKind::InvalidSecret,
            message: "no expected headers configured: a PoA webhook cannot be authenticated".into(),
        });
    }
    for (name, value) in expected_headers {
        let matches = received
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .any(|(_, v)| bool::from(v.ct_eq(value.as_bytes())));
        if !matches {
            return Err(Error::Webhook {
                kind: WebhookErrorKind::InvalidSecret,
                message: format!("header {name}: missing or wrong value"),
            });
        }
    }
    let raw: serde_json::Value = serde_json::from_slice(body).map_err(|e| Error::Webhook {
        kind: WebhookErrorKind::Malformed,
        message: format!("body is not valid JSON: {e}"),
    })?;
    let mut result: PoaResult =
        serde_json::from_value(raw.clone()).map_err(|e| Error::Webhook {
            kind: WebhookErrorKind::MissingField,
            message: e.to_string(),
        })?;
    result.raw = crate::decode::RawJson::new(body);
    Ok(result)
}
