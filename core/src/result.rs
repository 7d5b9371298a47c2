//! Session results (`GET /sessions/{id}/result`) and the enums they carry.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::decode::{api_shape, lenient, response_with_raw};
use crate::open_enum::open_enum;
use crate::session::Callback;

open_enum! {
    /// What a session checks: a threshold (`OVER`, `UNDER`) or the age itself (`AGE`).
    pub enum SessionType {
        /// The user must be at least the method's threshold.
        Over = "OVER",
        /// The user must be under the method's threshold.
        Under = "UNDER",
        /// Return the age found, with no comparison.
        Age = "AGE",
    }
}

open_enum! {
    /// Session status (docs/yoti-api.md §5.4). `IN PROGRESS` and `INSUFFICENT_DATA` are read as
    /// their correctly spelt forms.
    pub enum SessionStatus {
        /// The user has not started any check.
        Pending = "PENDING",
        /// Checks have started; no result yet.
        InProgress = "IN_PROGRESS" | "IN PROGRESS",
        /// Passed the threshold, or an age was returned.
        Complete = "COMPLETE",
        /// Did not meet the threshold.
        Fail = "FAIL",
        /// No age could be determined.
        Error = "ERROR",
        /// The user gave up.
        Cancelled = "CANCELLED",
        /// The ttl ran out.
        Expired = "EXPIRED",
        /// Email check without enough data (create response only).
        InsufficientData = "INSUFFICIENT_DATA" | "INSUFFICENT_DATA",
    }
}

impl SessionStatus {
    /// Whether waiting longer cannot change the outcome without the user acting again:
    /// `COMPLETE`, `FAIL`, `ERROR`, `CANCELLED`, `EXPIRED` and `INSUFFICIENT_DATA`.
    ///
    /// With `retry_enabled` or `resume_enabled`, a `FAIL` or `ERROR` may later become `COMPLETE`.
    pub fn is_terminal(&self) -> bool {
        !matches!(
            self,
            SessionStatus::Pending | SessionStatus::InProgress | SessionStatus::Other(_)
        )
    }
}

open_enum! {
    /// The method that produced an outcome (docs/yoti-api.md §5.3). Undocumented names follow the
    /// method object names in upper case.
    pub enum Method {
        /// Facial age estimation.
        AgeEstimation = "AGE_ESTIMATION",
        /// Yoti Digital ID app.
        DigitalId = "DIGITAL_ID",
        /// Identity document scan.
        DocScan = "DOC_SCAN",
        /// Credit card check.
        CreditCard = "CREDIT_CARD",
        /// Mobile network check.
        Mobile = "MOBILE",
        /// Reusable Yoti key.
        YotiKey = "YOTI_KEY",
        /// Age key (double anonymity).
        AgeKey = "AGE_KEY",
        /// Legacy age account login.
        Login = "LOGIN",
        /// Nordic electronic ID.
        ElectronicId = "ELECTRONIC_ID",
        /// Louisiana LA Wallet.
        LaWallet = "LA_WALLET",
        /// US social security number.
        SocialSecurityNumber = "SOCIAL_SECURITY_NUMBER",
        /// Florida HB3 US partner check.
        UsFloridaHb3 = "US_FLORIDA_HB3",
        /// Double anonymity method.
        DoubleAnonymity = "DOUBLE_ANONYMITY",
        /// Email address check.
        Email = "EMAIL",
        /// Singapore Singpass.
        Singpass = "SINGPASS",
        /// Brazil CPF.
        Cpf = "CPF",
        /// Database (address) check.
        Address = "ADDRESS",
    }
}

open_enum! {
    /// Document authenticity check setting of a method.
    pub enum Authenticity {
        /// No authenticity check.
        Off = "OFF",
        /// Automatic check.
        Auto = "AUTO",
        /// Manual review.
        Manual = "MANUAL",
        /// The method has no authenticity check.
        NotApplicable = "NOT_APPLICABLE",
    }
}

/// One method's configuration and attempt counters inside a result.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MethodResult {
    /// Threshold age (0 when unset).
    #[serde(default, deserialize_with = "lenient::count")]
    pub threshold: u32,
    /// Whether the method was allowed.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub allowed: bool,
    /// Liveness level (`None` for `""`).
    #[serde(
        default,
        deserialize_with = "lenient::string",
        serialize_with = "api_shape::string"
    )]
    pub level: Option<String>,
    /// Authenticity setting (`None` for `""`).
    #[serde(
        default,
        deserialize_with = "lenient_authenticity",
        serialize_with = "authenticity_or_empty"
    )]
    pub authenticity: Option<Authenticity>,
    /// Attempts made with this method.
    #[serde(default, deserialize_with = "lenient::count")]
    pub attempts: u32,
    /// Attempts left for this method.
    #[serde(default, deserialize_with = "lenient::count")]
    pub attempts_remaining: u32,
}

/// The `electronic_id` entry of a result, which carries `sub_methods` instead of level and
/// authenticity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ElectronicIdResult {
    /// Threshold age (0 when unset).
    #[serde(default, deserialize_with = "lenient::count")]
    pub threshold: u32,
    /// Whether the method was allowed.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub allowed: bool,
    /// Sub-methods offered (`MIT_ID`, `SWEDISH_BANK_ID`, `FTN`); `null` in the API when unset.
    #[serde(default)]
    pub sub_methods: Option<Vec<String>>,
    /// Attempts made with this method.
    #[serde(default, deserialize_with = "lenient::count")]
    pub attempts: u32,
    /// Attempts left for this method.
    #[serde(default, deserialize_with = "lenient::count")]
    pub attempts_remaining: u32,
}

/// Attempt counters of one method, whatever its result shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Attempts {
    /// Attempts made.
    pub attempts: u32,
    /// Attempts left.
    pub remaining: u32,
}

fn lenient_authenticity<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Authenticity>, D::Error> {
    Ok(lenient::string(d)?.map(|s| Authenticity::parse(&s)))
}

fn authenticity_or_empty<S: serde::Serializer>(
    value: &Option<Authenticity>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(value.as_ref().map_or("", Authenticity::as_str))
}

/// The result of a session (docs/yoti-api.md §5.2). Serializes in the API's key order; fields the
/// API writes as `""` when unset are `None` here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SessionResult {
    /// SDK id of the Hub service.
    #[serde(
        default,
        deserialize_with = "lenient::string",
        serialize_with = "api_shape::string"
    )]
    pub sdk_id: Option<String>,
    /// External account id (`None` for `""`).
    #[serde(
        default,
        deserialize_with = "lenient::string",
        serialize_with = "api_shape::string"
    )]
    pub account_id: Option<String>,
    /// Legacy callback URL.
    #[serde(
        default,
        deserialize_with = "lenient::string",
        serialize_with = "api_shape::string"
    )]
    pub callback_url: Option<String>,
    /// Callback configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<Callback>,
    /// Webhook URL.
    #[serde(
        default,
        deserialize_with = "lenient::string",
        serialize_with = "api_shape::string"
    )]
    pub notification_url: Option<String>,
    /// Cancel URL.
    #[serde(
        default,
        deserialize_with = "lenient::string",
        serialize_with = "api_shape::string"
    )]
    pub cancel_url: Option<String>,
    /// Session type.
    #[serde(rename = "type", default = "default_type")]
    pub session_type: SessionType,
    /// Age estimation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_estimation: Option<MethodResult>,
    /// Digital ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digital_id: Option<MethodResult>,
    /// Document scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_scan: Option<MethodResult>,
    /// Credit card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_card: Option<MethodResult>,
    /// Mobile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<MethodResult>,
    /// Legacy login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<MethodResult>,
    /// Age key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_key: Option<MethodResult>,
    /// Yoti key (present in some payloads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yoti_key: Option<MethodResult>,
    /// LA Wallet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub la_wallet: Option<MethodResult>,
    /// Social security number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_security_number: Option<MethodResult>,
    /// Florida HB3 US partner check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub us_florida_hb3: Option<MethodResult>,
    /// Double anonymity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub double_anonymity: Option<MethodResult>,
    /// Electronic ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electronic_id: Option<ElectronicIdResult>,
    /// AGE: the age found; OVER/UNDER: the threshold (not the real age). Absent while pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    /// Session status.
    pub status: SessionStatus,
    /// The method that completed the session. Absent while pending.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_method"
    )]
    pub method: Option<Method>,
    /// Reference id given at creation.
    #[serde(
        default,
        deserialize_with = "lenient::string",
        serialize_with = "api_shape::string"
    )]
    pub reference_id: Option<String>,
    /// Creation time.
    #[serde(
        default,
        deserialize_with = "lenient::timestamp",
        serialize_with = "api_shape::timestamp"
    )]
    pub created_at: Option<DateTime<Utc>>,
    /// Expiry time.
    #[serde(
        default,
        deserialize_with = "lenient::timestamp",
        serialize_with = "api_shape::timestamp"
    )]
    pub expires_at: Option<DateTime<Utc>>,
    /// Last update time.
    #[serde(
        default,
        deserialize_with = "lenient::timestamp",
        serialize_with = "api_shape::timestamp"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    /// Session id.
    pub id: String,
    /// Id of the attempt that set the outcome. Absent while pending.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::string"
    )]
    pub evidence_id: Option<String>,
    /// Whether biometric consent was required.
    #[serde(default = "yes")]
    pub biometric_consent_required: bool,
    /// Age-token rule id.
    #[serde(
        default,
        deserialize_with = "lenient::string",
        serialize_with = "api_shape::string"
    )]
    pub rule_id: Option<String>,
    /// Whether the user may retry or switch method after a failure.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub retry_enabled: bool,
    /// Whether the user may resume after FAIL or ERROR.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub resume_enabled: bool,
    /// Blocked locations (ISO 3166-1 alpha-3).
    #[serde(default, deserialize_with = "lenient::list")]
    pub blocked_locations: Vec<String>,
    /// When biometric consent was given.
    #[serde(
        default,
        deserialize_with = "lenient::timestamp",
        serialize_with = "api_shape::timestamp"
    )]
    pub biometric_consent_given_at: Option<DateTime<Utc>>,
    /// Value of the `Yoti-Terminal-Id` header at creation.
    #[serde(
        default,
        deserialize_with = "lenient::string",
        serialize_with = "api_shape::string"
    )]
    pub terminal_id: Option<String>,
    /// Whether the user waited for asynchronous checks.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub synchronous_checks: bool,
    /// The JSON as received (`Null` for values built in code).
    #[serde(skip)]
    pub raw: crate::decode::RawJson,
}

fn default_type() -> SessionType {
    SessionType::Over
}

fn yes() -> bool {
    true
}

pub(crate) fn lenient_method<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Method>, D::Error> {
    Ok(lenient::string(d)?.map(|s| Method::parse(&s)))
}

response_with_raw!(SessionResult);

impl SessionResult {
    /// A result with no method data, as a session has right after creation.
    pub fn new(id: impl Into<String>, status: SessionStatus) -> Self {
        Self {
            sdk_id: None,
            account_id: None,
            callback_url: None,
            callback: None,
            notification_url: None,
            cancel_url: None,
            session_type: SessionType::Over,
            age_estimation: None,
            digital_id: None,
            doc_scan: None,
            credit_card: None,
            mobile: None,
            login: None,
            age_key: None,
            yoti_key: None,
            la_wallet: None,
            social_security_number: None,
            us_florida_hb3: None,
            double_anonymity: None,
            electronic_id: None,
            age: None,
            status,
            method: None,
            reference_id: None,
            created_at: None,
            expires_at: None,
            updated_at: None,
            id: id.into(),
            evidence_id: None,
            biometric_consent_required: true,
            rule_id: None,
            retry_enabled: false,
            resume_enabled: false,
            blocked_locations: Vec::new(),
            biometric_consent_given_at: None,
            terminal_id: None,
            synchronous_checks: false,
            raw: crate::decode::RawJson::default(),
        }
    }

    /// The result entry of one method, for every method with the common shape.
    pub fn method_result(&self, method: &Method) -> Option<&MethodResult> {
        match method {
            Method::AgeEstimation => self.age_estimation.as_ref(),
            Method::DigitalId => self.digital_id.as_ref(),
            Method::DocScan => self.doc_scan.as_ref(),
            Method::CreditCard => self.credit_card.as_ref(),
            Method::Mobile => self.mobile.as_ref(),
            Method::Login => self.login.as_ref(),
            Method::AgeKey => self.age_key.as_ref(),
            Method::YotiKey => self.yoti_key.as_ref(),
            Method::LaWallet => self.la_wallet.as_ref(),
            Method::SocialSecurityNumber => self.social_security_number.as_ref(),
            Method::UsFloridaHb3 => self.us_florida_hb3.as_ref(),
            Method::DoubleAnonymity => self.double_anonymity.as_ref(),
            _ => None,
        }
    }

    /// Attempts made and remaining for a method, including `electronic_id`.
    pub fn attempts(&self, method: &Method) -> Option<Attempts> {
        if *method == Method::ElectronicId {
            return self.electronic_id.as_ref().map(|e| Attempts {
                attempts: e.attempts,
                remaining: e.attempts_remaining,
            });
        }
        self.method_result(method).map(|m| Attempts {
            attempts: m.attempts,
            remaining: m.attempts_remaining,
        })
    }

    /// Whether the session passed (`COMPLETE`).
    pub fn is_complete(&self) -> bool {
        self.status == SessionStatus::Complete
    }
}
