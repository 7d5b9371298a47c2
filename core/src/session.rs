//! Session creation (`POST /sessions`), its response, and the configuration view
//! (`GET /sessions/{id}`).

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::decode::{lenient, response_with_raw};
use crate::open_enum::open_enum;
use crate::result::{Method, SessionStatus, SessionType};

open_enum! {
    /// Anti-spoofing (liveness) level of a method (Project decision 7).
    pub enum Level {
        /// No liveness check.
        None = "NONE",
        /// Passive liveness.
        Passive = "PASSIVE",
        /// Legacy active liveness.
        Active = "ACTIVE",
        /// Legacy passive liveness for age estimation.
        MyFace = "MY_FACE",
    }
}

open_enum! {
    /// Electronic ID sub-methods.
    pub enum ElectronicIdSubMethod {
        /// Danish MitID.
        MitId = "MIT_ID",
        /// Swedish BankID.
        SwedishBankId = "SWEDISH_BANK_ID",
        /// Finnish Trust Network.
        Ftn = "FTN",
    }
}

/// Where the user goes when done: `sessionId` is appended as a query parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
// `Callback` is also JNA's callback interface, which the generated Kotlin imports.
#[cfg_attr(feature = "uniffi", uniffi(name = "SessionCallback"))]
pub struct Callback {
    /// Redirect target (absolute http(s) URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub url: Option<String>,
    /// `true` redirects at once; `false` shows a continue step.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub auto: bool,
}

/// The settings every method object shares.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MethodConfig {
    /// Whether the method is offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub allowed: Option<bool>,
    /// Threshold age (1..120).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub threshold: Option<u32>,
    /// Liveness level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub level: Option<Level>,
    /// Per-method retry flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub retry_enabled: Option<bool>,
    /// Total attempts allowed for this method (1..10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub retry_limit: Option<u32>,
}

impl MethodConfig {
    /// An allowed method with a threshold.
    pub fn threshold(threshold: u32) -> Self {
        Self {
            allowed: Some(true),
            threshold: Some(threshold),
            ..Self::default()
        }
    }

    /// Sets the liveness level.
    pub fn with_level(mut self, level: Level) -> Self {
        self.level = Some(level);
        self
    }

    /// Sets the total attempts allowed.
    pub fn with_retry_limit(mut self, retry_limit: u32) -> Self {
        self.retry_limit = Some(retry_limit);
        self
    }
}

/// `digital_id`: the Yoti app, optionally sharing an age estimated in the app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DigitalIdConfig {
    /// Common settings.
    #[serde(flatten)]
    pub common: MethodConfig,
    /// Whether an in-app age estimate may be shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub age_estimation_allowed: Option<bool>,
    /// Threshold for the in-app estimate; differs from `threshold` by 1..20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub age_estimation_threshold: Option<u32>,
}

/// `doc_scan`: identity document scan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DocScanConfig {
    /// Common settings.
    #[serde(flatten)]
    pub common: MethodConfig,
    /// Authenticity check: `OFF`, `AUTO` or `MANUAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub authenticity: Option<crate::result::Authenticity>,
    /// Preselected issuing country, ISO 3166-1 alpha-3 uppercase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub preset_issuing_country: Option<String>,
}

/// `yoti_key`: reusable age token; needs `rule_id`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct YotiKeyConfig {
    /// Common settings.
    #[serde(flatten)]
    pub common: MethodConfig,
    /// `true` offers creating a key; `false` looks for one at launch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub authentication: Option<bool>,
}

/// `electronic_id`: Nordic eIDs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ElectronicIdConfig {
    /// Common settings.
    #[serde(flatten)]
    pub common: MethodConfig,
    /// Sub-methods offered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub sub_methods: Vec<ElectronicIdSubMethod>,
}

/// The data of an `email` check, run at creation time.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EmailData {
    /// An email address the integrator has already verified.
    pub verified_email: String,
    /// ISO 3166-1 alpha-2 country code, uppercase.
    pub country_code: String,
    /// The user's IP address, for risk assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub ip_address: Option<String>,
}

impl fmt::Debug for EmailData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Personal data: keep it out of logs.
        f.debug_struct("EmailData")
            .field("verified_email", &"<redacted>")
            .field("country_code", &self.country_code)
            .field(
                "ip_address",
                &self.ip_address.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// `email`: the email address check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EmailConfig {
    /// The data checked.
    pub data: EmailData,
}

/// Every method object a session (or rule) can carry. Absent methods are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Methods {
    /// Facial age estimation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub age_estimation: Option<MethodConfig>,
    /// Yoti Digital ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub digital_id: Option<DigitalIdConfig>,
    /// Document scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub doc_scan: Option<DocScanConfig>,
    /// Credit card (over 18 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub credit_card: Option<MethodConfig>,
    /// Mobile network check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub mobile: Option<MethodConfig>,
    /// Yoti key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub yoti_key: Option<YotiKeyConfig>,
    /// Age key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub age_key: Option<MethodConfig>,
    /// Legacy age account login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub login: Option<MethodConfig>,
    /// Nordic electronic ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub electronic_id: Option<ElectronicIdConfig>,
    /// Louisiana LA Wallet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub la_wallet: Option<MethodConfig>,
    /// US social security number (threshold 18 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub social_security_number: Option<MethodConfig>,
    /// Florida HB3 US partner check (threshold 18 or 21).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub us_florida_hb3: Option<MethodConfig>,
    /// Double anonymity (threshold 6..100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub double_anonymity: Option<MethodConfig>,
    /// Email address check, run at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub email: Option<EmailConfig>,
    /// Singapore Singpass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub singpass: Option<MethodConfig>,
    /// Brazil CPF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cpf: Option<MethodConfig>,
}

/// One method a session allows, as the sandbox and user view need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodSummary {
    /// The method.
    pub method: Method,
    /// Its JSON key (`age_estimation`).
    pub key: &'static str,
    /// Threshold age (0 when unset).
    pub threshold: u32,
    /// Total attempts allowed, when set.
    pub retry_limit: Option<u32>,
    /// Liveness level, when set.
    pub level: Option<Level>,
}

impl Methods {
    /// The JSON key of every method object, in declaration order (a test keeps it equal to
    /// the fields of [`Methods`]).
    pub const KEYS: [&'static str; 16] = [
        "age_estimation",
        "digital_id",
        "doc_scan",
        "credit_card",
        "mobile",
        "yoti_key",
        "age_key",
        "login",
        "electronic_id",
        "la_wallet",
        "social_security_number",
        "us_florida_hb3",
        "double_anonymity",
        "email",
        "singpass",
        "cpf",
    ];

    /// Every method object present, with its JSON key, wire method and common settings
    /// (`email` excluded: it has none).
    pub fn entries(&self) -> Vec<(&'static str, Method, &MethodConfig)> {
        let all: [(&'static str, Method, Option<&MethodConfig>); 15] = [
            (
                "age_estimation",
                Method::AgeEstimation,
                self.age_estimation.as_ref(),
            ),
            (
                "digital_id",
                Method::DigitalId,
                self.digital_id.as_ref().map(|c| &c.common),
            ),
            (
                "doc_scan",
                Method::DocScan,
                self.doc_scan.as_ref().map(|c| &c.common),
            ),
            ("credit_card", Method::CreditCard, self.credit_card.as_ref()),
            ("mobile", Method::Mobile, self.mobile.as_ref()),
            (
                "yoti_key",
                Method::YotiKey,
                self.yoti_key.as_ref().map(|c| &c.common),
            ),
            ("age_key", Method::AgeKey, self.age_key.as_ref()),
            ("login", Method::Login, self.login.as_ref()),
            (
                "electronic_id",
                Method::ElectronicId,
                self.electronic_id.as_ref().map(|c| &c.common),
            ),
            ("la_wallet", Method::LaWallet, self.la_wallet.as_ref()),
            (
                "social_security_number",
                Method::SocialSecurityNumber,
                self.social_security_number.as_ref(),
            ),
            (
                "us_florida_hb3",
                Method::UsFloridaHb3,
                self.us_florida_hb3.as_ref(),
            ),
            (
                "double_anonymity",
                Method::DoubleAnonymity,
                self.double_anonymity.as_ref(),
            ),
            ("singpass", Method::Singpass, self.singpass.as_ref()),
            ("cpf", Method::Cpf, self.cpf.as_ref()),
        ];
        all.into_iter()
            .filter_map(|(key, method, cfg)| cfg.map(|cfg| (key, method, cfg)))
            .collect()
    }

    /// The common settings of the method object with this JSON key, created when absent;
    /// `None` for a key that is not in [`Methods::KEYS`] or has no common settings (`email`).
    pub fn common_mut(&mut self, key: &str) -> Option<&mut MethodConfig> {
        let m = self;
        Some(match key {
            "age_estimation" => m.age_estimation.get_or_insert_with(Default::default),
            "digital_id" => &mut m.digital_id.get_or_insert_with(Default::default).common,
            "doc_scan" => &mut m.doc_scan.get_or_insert_with(Default::default).common,
            "credit_card" => m.credit_card.get_or_insert_with(Default::default),
            "mobile" => m.mobile.get_or_insert_with(Default::default),
            "yoti_key" => &mut m.yoti_key.get_or_insert_with(Default::default).common,
            "age_key" => m.age_key.get_or_insert_with(Default::default),
            "login" => m.login.get_or_insert_with(Default::default),
            "electronic_id" => &mut m.electronic_id.get_or_insert_with(Default::default).common,
            "la_wallet" => m.la_wallet.get_or_insert_with(Default::default),
            "social_security_number" => m
                .social_security_number
                .get_or_insert_with(Default::default),
            "us_florida_hb3" => m.us_florida_hb3.get_or_insert_with(Default::default),
            "double_anonymity" => m.double_anonymity.get_or_insert_with(Default::default),
            "singpass" => m.singpass.get_or_insert_with(Default::default),
            "cpf" => m.cpf.get_or_insert_with(Default::default),
            _ => return None,
        })
    }

    /// The methods the user may use: present and not `allowed: false`. `us_florida_hb3`
    /// defaults to not allowed, every other method to allowed.
    pub fn allowed(&self) -> Vec<MethodSummary> {
        self.entries()
            .into_iter()
            .filter(|(key, _, cfg)| cfg.allowed.unwrap_or(*key != "us_florida_hb3"))
            .map(|(key, method, cfg)| MethodSummary {
                method,
                key,
                threshold: cfg.threshold.unwrap_or(0),
                retry_limit: cfg.retry_limit,
                level: cfg.level.clone(),
            })
            .collect()
    }
}

/// The body of `POST /sessions`: every top-level field of the API (docs/yoti-api.md §3.2).
///
/// Build one with [`SessionConfig::over`], [`SessionConfig::under`] or [`SessionConfig::age`]
/// and the `with_*` methods, or fill the fields directly. [`SessionConfig::validate`] checks
/// Project decision 9 before anything is sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SessionConfig {
    /// `OVER` (default), `UNDER` or `AGE`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub session_type: Option<SessionType>,
    /// Seconds the session stays usable (60..2592000). Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub ttl: Option<u64>,
    /// Your reference, echoed in results and webhooks (no personal data; at most 1000 chars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub reference_id: Option<String>,
    /// Redirect after the user is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub callback: Option<Callback>,
    /// Legacy callback URL (behaves like `callback.auto = false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub callback_url: Option<String>,
    /// Webhook target (https; loopback http allowed for local testing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub notification_url: Option<String>,
    /// Skip Yoti's biometric consent screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub block_biometric_consent: Option<bool>,
    /// Age-token rule (UUID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub rule_id: Option<String>,
    /// Where the user goes on cancel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cancel_url: Option<String>,
    /// Privacy policy link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub privacy_policy: Option<String>,
    /// Terms and conditions link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub terms_and_conditions: Option<String>,
    /// Let the user retry or switch method after a failed attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub retry_enabled: Option<bool>,
    /// Let the user reopen the link after FAIL or ERROR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub resume_enabled: Option<bool>,
    /// Locations denied access, ISO 3166-1 alpha-3 uppercase.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub blocked_locations: Vec<String>,
    /// Origin of the iframe parent receiving status messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub target_origin_url: Option<String>,
    /// Keep the user in the flow until asynchronous checks finish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub synchronous_checks: Option<bool>,
    /// External account id (at most 100 chars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub account_id: Option<String>,
    /// Secondary anonymisation step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub double_blind: Option<bool>,
    /// The method objects.
    #[serde(flatten)]
    pub methods: Methods,
    /// Sent as the `Yoti-Terminal-Id` header, returned as `terminal_id` in results. Read from
    /// a JSON config's `terminal_id` key in every language; never part of the body.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub terminal_id: Option<String>,
    /// Top-level fields Yoti added before this SDK models them, sent as they are and **not
    /// validated**. A JSON config gives them under an `extra` object; a key the SDK models
    /// is refused here (set the field itself).
    #[serde(flatten, default, deserialize_with = "extra_or_none")]
    #[schemars(skip)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub extra: Option<ExtraFields>,
}

/// Unmodelled top-level fields of a request: key to JSON value (see [`SessionConfig::extra`]).
pub type ExtraFields = std::collections::BTreeMap<String, serde_json::Value>;

/// The keys left over after the modelled ones, `None` when there are none.
fn extra_or_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<ExtraFields>, D::Error> {
    let extra = ExtraFields::deserialize(d)?;
    Ok((!extra.is_empty()).then_some(extra))
}

impl SessionConfig {
    fn of_type(session_type: SessionType) -> Self {
        Self {
            session_type: Some(session_type),
            ..Self::default()
        }
    }

    /// A session checking that the user is at least the thresholds of its methods.
    pub fn over() -> Self {
        Self::of_type(SessionType::Over)
    }

    /// A session checking that the user is under the thresholds of its methods.
    pub fn under() -> Self {
        Self::of_type(SessionType::Under)
    }

    /// A session returning the user's age.
    pub fn age() -> Self {
        Self::of_type(SessionType::Age)
    }

    /// Sets the ttl in seconds.
    pub fn with_ttl(mut self, ttl: u64) -> Self {
        self.ttl = Some(ttl);
        self
    }

    /// Allows age estimation with this threshold.
    pub fn with_age_estimation(mut self, threshold: u32) -> Self {
        self.methods.age_estimation = Some(MethodConfig::threshold(threshold));
        self
    }

    /// Allows Digital ID with this threshold.
    pub fn with_digital_id(mut self, threshold: u32) -> Self {
        self.methods.digital_id = Some(DigitalIdConfig {
            common: MethodConfig::threshold(threshold),
            ..DigitalIdConfig::default()
        });
        self
    }

    /// Allows document scan with this threshold.
    pub fn with_doc_scan(mut self, threshold: u32) -> Self {
        self.methods.doc_scan = Some(DocScanConfig {
            common: MethodConfig::threshold(threshold),
            ..DocScanConfig::default()
        });
        self
    }

    /// Allows credit card with this threshold (18 in practice).
    pub fn with_credit_card(mut self, threshold: u32) -> Self {
        self.methods.credit_card = Some(MethodConfig::threshold(threshold));
        self
    }

    /// Allows mobile with this threshold (18 in practice).
    pub fn with_mobile(mut self, threshold: u32) -> Self {
        self.methods.mobile = Some(MethodConfig::threshold(threshold));
        self
    }

    /// Sets the callback: `auto` redirects at once, otherwise a continue step is shown.
    pub fn with_callback(mut self, url: impl Into<String>, auto: bool) -> Self {
        self.callback = Some(Callback {
            url: Some(url.into()),
            auto,
        });
        self
    }

    /// Sets the webhook URL.
    pub fn with_notification_url(mut self, url: impl Into<String>) -> Self {
        self.notification_url = Some(url.into());
        self
    }

    /// Sets the cancel URL.
    pub fn with_cancel_url(mut self, url: impl Into<String>) -> Self {
        self.cancel_url = Some(url.into());
        self
    }

    /// Sets your reference id.
    pub fn with_reference_id(mut self, reference_id: impl Into<String>) -> Self {
        self.reference_id = Some(reference_id.into());
        self
    }

    /// Lets the user retry or switch method after a failure.
    pub fn with_retry_enabled(mut self, enabled: bool) -> Self {
        self.retry_enabled = Some(enabled);
        self
    }

    /// Sends a top-level field this SDK does not model yet, unvalidated (see
    /// [`SessionConfig::extra`]).
    pub fn with_extra(mut self, key: impl Into<String>, value: serde_json::Value) -> Self {
        self.extra
            .get_or_insert_with(ExtraFields::new)
            .insert(key.into(), value);
        self
    }

    /// Sets the `Yoti-Terminal-Id` header value.
    pub fn with_terminal_id(mut self, terminal_id: impl Into<String>) -> Self {
        self.terminal_id = Some(terminal_id.into());
        self
    }

    /// Every validation failure (Project decision 9, docs/yoti-api.md), each with its JSON path;
    /// empty when valid.
    pub fn validation_errors(&self) -> Vec<crate::FieldError> {
        crate::validate::session(self)
    }

    /// Checks Project decision 9; all failures are reported together in
    /// [`crate::Error::Validation`].
    pub fn validate(&self) -> crate::Result<()> {
        let errors = self.validation_errors();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(crate::Error::Validation(errors))
        }
    }

    /// Parses a JSON session config (e.g. from a file or another language): malformed JSON
    /// and unknown keys are `validation` errors (see [`crate::request_json`]); `terminal_id`
    /// and an `extra` object are read too.
    pub fn from_json(json: &str) -> crate::Result<Self> {
        crate::request_json::from_json(json)
    }

    /// [`SessionConfig::from_json`] for a JSON value already parsed.
    pub fn from_value(value: serde_json::Value) -> crate::Result<Self> {
        crate::request_json::from_value(value)
    }

    /// The JSON [`SessionConfig::from_json`] reads back: the body's fields, plus `terminal_id`
    /// and the `extra` object (the body itself is the plain serde form).
    pub fn to_input_value(&self) -> serde_json::Value {
        let mut plain = self.clone();
        let extra = plain.extra.take();
        let mut value = serde_json::to_value(&plain).unwrap_or_default();
        if let serde_json::Value::Object(object) = &mut value {
            if let Some(terminal) = &self.terminal_id {
                object.insert("terminal_id".into(), terminal.clone().into());
            }
            if let Some(extra) = extra {
                object.insert("extra".into(), extra.into_iter().collect());
            }
        }
        value
    }
}

/// The response of `POST /sessions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CreatedSession {
    /// Session id; pass it to the user view and result calls.
    pub id: String,
    /// Status at creation (`PENDING`; `COMPLETE`/`INSUFFICIENT_DATA` for email checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SessionStatus>,
    /// When the session expires.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub expires_at: Option<DateTime<Utc>>,
    /// The JSON as received.
    #[serde(skip)]
    pub raw: crate::decode::RawJson,
}

/// The configuration view of `GET /sessions/{id}` (docs/yoti-api.md §5.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SessionView {
    /// Session id.
    pub id: String,
    /// SDK id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub sdk_id: Option<String>,
    /// Callback configuration.
    #[serde(default)]
    pub callback: Option<Callback>,
    /// Session type.
    #[serde(rename = "type", default)]
    pub session_type: Option<SessionType>,
    /// Status.
    pub status: SessionStatus,
    /// Expiry time.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether biometric consent is required.
    #[serde(default)]
    pub biometric_consent_required: Option<bool>,
    /// Retry flag.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub retry_enabled: bool,
    /// Resume flag.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub resume_enabled: bool,
    /// Webhook URL.
    #[serde(default, deserialize_with = "lenient::string")]
    pub notification_url: Option<String>,
    /// Cancel URL.
    #[serde(default, deserialize_with = "lenient::string")]
    pub cancel_url: Option<String>,
    /// Reference id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub reference_id: Option<String>,
    /// Creation time.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub created_at: Option<DateTime<Utc>>,
    /// Rule id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub rule_id: Option<String>,
    /// Blocked locations.
    #[serde(default, deserialize_with = "lenient::list")]
    pub blocked_locations: Vec<String>,
    /// Last update time.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub updated_at: Option<DateTime<Utc>>,
    /// When biometric consent was given.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub biometric_consent_given_at: Option<DateTime<Utc>>,
    /// iframe parent origin.
    #[serde(default, deserialize_with = "lenient::string")]
    pub target_origin_url: Option<String>,
    /// Synchronous checks flag.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub synchronous_checks: bool,
    /// Double blind flag.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub double_blind: bool,
    /// The JSON as received.
    #[serde(skip)]
    pub raw: crate::decode::RawJson,
}

response_with_raw!(CreatedSession, SessionView);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_builder_serializes_to_the_api_body() {
        let config = SessionConfig::over()
            .with_age_estimation(18)
            .with_digital_id(18)
            .with_ttl(900)
            .with_terminal_id("till-1");
        assert_eq!(
            serde_json::to_value(&config).unwrap(),
            serde_json::json!({
                "type": "OVER", "ttl": 900,
                "age_estimation": {"allowed": true, "threshold": 18},
                "digital_id": {"allowed": true, "threshold": 18}
            })
        );
        config.validate().unwrap();
    }

    #[test]
    fn allowed_lists_methods_and_respects_defaults() {
        let mut config = SessionConfig::over()
            .with_age_estimation(21)
            .with_doc_scan(18);
        config.methods.us_florida_hb3 = Some(MethodConfig {
            threshold: Some(21),
            ..MethodConfig::default()
        });
        config.methods.credit_card = Some(MethodConfig {
            allowed: Some(false),
            threshold: Some(18),
            ..MethodConfig::default()
        });
        let keys: Vec<_> = config
            .methods
            .allowed()
            .into_iter()
            .map(|s| (s.key, s.threshold))
            .collect();
        assert_eq!(keys, [("age_estimation", 21), ("doc_scan", 18)]);
    }

    #[test]
    fn the_input_form_reads_back_to_the_same_config() {
        let config = SessionConfig::over()
            .with_ttl(900)
            .with_age_estimation(18)
            .with_terminal_id("till-1")
            .with_extra("new_flag", serde_json::json!(true));
        let back = SessionConfig::from_value(config.to_input_value()).unwrap();
        assert_eq!(back, config);
    }

    #[test]
    fn every_method_key_but_email_has_common_settings() {
        let mut methods = Methods::default();
        for key in Methods::KEYS {
            let found = methods.common_mut(key).is_some();
            assert_eq!(found, key != "email", "{key}");
        }
        assert_eq!(methods.entries().len(), Methods::KEYS.len() - 1);
        assert!(methods.common_mut("age_estimaton").is_none());
    }

    #[test]
    fn method_keys_are_the_fields_of_methods() {
        let schema = serde_json::to_value(schemars::schema_for!(Methods)).unwrap();
        let fields: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut keys = Methods::KEYS.to_vec();
        keys.sort_unstable();
        let mut fields = fields;
        fields.sort_unstable();
        assert_eq!(keys, fields);
    }

    #[test]
    fn email_data_is_redacted_in_debug() {
        let d = EmailData {
            verified_email: "person@example.com".into(),
            country_code: "GB".into(),
            ip_address: Some("10.1.2.3".into()),
        };
        let text = format!("{d:?}");
        assert!(
            !text.contains("person@") && !text.contains("10.1.2.3"),
            "{text}"
        );
    }
}
