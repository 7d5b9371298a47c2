//! Session configs (builder and JSON), and the session objects the API returns: created
//! session, configuration view, result, selfie outcome.

use std::ffi::{c_char, CString};
use std::sync::OnceLock;

use chrono::{DateTime, SecondsFormat, Utc};
use yoti_core::headless::SelfieOutcome;
use yoti_core::result::{Method, SessionStatus};
use yoti_core::session::{
    Callback, DigitalIdConfig, DocScanConfig, ElectronicIdConfig, ElectronicIdSubMethod,
    EmailConfig, EmailData, Level, MethodConfig, YotiKeyConfig,
};
use yoti_core::{CreatedSession, SessionConfig, SessionResult, SessionView};

use crate::error::{yoti_error, yoti_status};
use crate::ffi::{
    borrowed, c_string, call, handle, handle_mut, invalid, opt_c_string, opt_handle, opt_str, read,
    str_arg, write_scalar, FfiResult, Out, OutString,
};

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

fn rfc3339(time: Option<&DateTime<Utc>>) -> Option<CString> {
    time.map(|t| c_string(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true)))
}

fn to_json<T: serde::Serialize>(value: &T) -> FfiResult<String> {
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

// ---------------------------------------------------------------------------------------------
// Session config builder

/// The body of `POST /sessions`, built with the setters below or parsed from JSON. A builder:
/// use it from one thread at a time. Setters only store values; every check happens in the
/// core when the session is created or `yoti_session_config_validate` is called. Setters
/// fail only with `YOTI_STATUS_INVALID_ARGUMENT` (NULL handle, invalid UTF-8, unknown
/// method key). Free with `yoti_session_config_free`.
pub struct yoti_session_config {
    config: SessionConfig,
}

impl yoti_session_config {
    pub(crate) fn config(&self) -> &SessionConfig {
        &self.config
    }
}

fn edit(
    config: *mut yoti_session_config,
    change: impl FnOnce(&mut SessionConfig) -> FfiResult<()>,
) -> yoti_status {
    call(std::ptr::null_mut(), || {
        change(&mut handle_mut(config, "config")?.config)
    })
}

fn opt_string(ptr: *const c_char, name: &str) -> FfiResult<Option<String>> {
    Ok(opt_str(ptr, name)?.map(str::to_owned))
}

/// The common settings of the method with this JSON key, created when absent.
fn method_entry<'a>(config: &'a mut SessionConfig, key: &str) -> FfiResult<&'a mut MethodConfig> {
    let m = &mut config.methods;
    Ok(match key {
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
        _ => {
            return Err(invalid(
                "method",
                "is not a method key (e.g. \"age_estimation\")",
            ))
        }
    })
}

fn edit_method(
    config: *mut yoti_session_config,
    method: *const c_char,
    change: impl FnOnce(&mut MethodConfig) -> FfiResult<()>,
) -> yoti_status {
    edit(config, |c| {
        let key = str_arg(method, "method")?;
        change(method_entry(c, key)?)
    })
}

/// A new, empty session config (type `OVER` by default on the server; no method yet).
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_new(
    out_config: *mut *mut yoti_session_config,
) -> yoti_status {
    call(std::ptr::null_mut(), || {
        Out::new(out_config, "out_config")?.set(yoti_session_config {
            config: SessionConfig::default(),
        });
        Ok(())
    })
}

/// Parses a session config from the JSON body of `POST /sessions` (every field and method of
/// the API). Only the JSON shape is checked here (`validation` with path `$`); the values are
/// checked by `yoti_session_config_validate` and on create.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_from_json(
    json: *const c_char,
    out_config: *mut *mut yoti_session_config,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_config, "out_config")?;
        let config = SessionConfig::from_json(str_arg(json, "json")?)?;
        out.set(yoti_session_config { config });
        Ok(())
    })
}

/// The config as the JSON body that would be sent. Free `*out_json` with `yoti_string_free`.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_to_json(
    config: *const yoti_session_config,
    out_json: *mut *mut c_char,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = OutString::new(out_json, "out_json")?;
        out.set(&to_json(&handle(config, "config")?.config)?);
        Ok(())
    })
}

/// Checks the config as the core does before sending: `YOTI_STATUS_OK`, or
/// `YOTI_STATUS_ERROR` with code `validation` and every problem as a field error (JSON path
/// and rule code).
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_validate(
    config: *const yoti_session_config,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        handle(config, "config")?.config.validate()?;
        Ok(())
    })
}

/// Frees a session config. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_free(config: *mut yoti_session_config) {
    crate::ffi::free(config);
}

/// Sets `type`: `"OVER"`, `"UNDER"` or `"AGE"` (other text is kept and rejected by validation).
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_type(
    config: *mut yoti_session_config,
    session_type: *const c_char,
) -> yoti_status {
    edit(config, |c| {
        c.session_type = Some(str_arg(session_type, "session_type")?.into());
        Ok(())
    })
}

/// Sets `ttl`, in seconds (60..2592000; required).
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_ttl(
    config: *mut yoti_session_config,
    ttl_seconds: u64,
) -> yoti_status {
    edit(config, |c| {
        c.ttl = Some(ttl_seconds);
        Ok(())
    })
}

fn set_text(
    config: *mut yoti_session_config,
    value: *const c_char,
    field: impl FnOnce(&mut SessionConfig) -> &mut Option<String>,
) -> yoti_status {
    edit(config, |c| {
        *field(c) = opt_string(value, "value")?;
        Ok(())
    })
}

fn set_flag(
    config: *mut yoti_session_config,
    value: bool,
    field: impl FnOnce(&mut SessionConfig) -> &mut Option<bool>,
) -> yoti_status {
    edit(config, |c| {
        *field(c) = Some(value);
        Ok(())
    })
}

/// Sets `reference_id`: your reference, echoed in results and webhooks (no personal data).
/// NULL clears the field.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_reference_id(
    config: *mut yoti_session_config,
    value: *const c_char,
) -> yoti_status {
    set_text(config, value, |c| &mut c.reference_id)
}

/// Sets the legacy `callback_url` (behaves like a callback without auto redirect).
/// NULL clears the field.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_callback_url(
    config: *mut yoti_session_config,
    value: *const c_char,
) -> yoti_status {
    set_text(config, value, |c| &mut c.callback_url)
}

/// Sets `notification_url`, the webhook target (https; loopback http for local tests).
/// NULL clears the field.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_notification_url(
    config: *mut yoti_session_config,
    value: *const c_char,
) -> yoti_status {
    set_text(config, value, |c| &mut c.notification_url)
}

/// Sets `rule_id` (an age-token rule UUID).
/// NULL clears the field.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_rule_id(
    config: *mut yoti_session_config,
    value: *const c_char,
) -> yoti_status {
    set_text(config, value, |c| &mut c.rule_id)
}

/// Sets `cancel_url`, where the user goes on cancel.
/// NULL clears the field.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_cancel_url(
    config: *mut yoti_session_config,
    value: *const c_char,
) -> yoti_status {
    set_text(config, value, |c| &mut c.cancel_url)
}

/// Sets `privacy_policy`, a link shown to the user.
/// NULL clears the field.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_privacy_policy(
    config: *mut yoti_session_config,
    value: *const c_char,
) -> yoti_status {
    set_text(config, value, |c| &mut c.privacy_policy)
}

/// Sets `terms_and_conditions`, a link shown to the user.
/// NULL clears the field.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_terms_and_conditions(
    config: *mut yoti_session_config,
    value: *const c_char,
) -> yoti_status {
    set_text(config, value, |c| &mut c.terms_and_conditions)
}

/// Sets `target_origin_url`, the origin of an iframe parent receiving status messages.
/// NULL clears the field.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_target_origin_url(
    config: *mut yoti_session_config,
    value: *const c_char,
) -> yoti_status {
    set_text(config, value, |c| &mut c.target_origin_url)
}

/// Sets `account_id`, an external account id (at most 100 characters).
/// NULL clears the field.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_account_id(
    config: *mut yoti_session_config,
    value: *const c_char,
) -> yoti_status {
    set_text(config, value, |c| &mut c.account_id)
}

/// Sets the `Yoti-Terminal-Id` header sent on create (returned as `terminal_id`).
/// NULL clears the field.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_terminal_id(
    config: *mut yoti_session_config,
    value: *const c_char,
) -> yoti_status {
    set_text(config, value, |c| &mut c.terminal_id)
}

/// Sets `block_biometric_consent` (skip Yoti's biometric consent screen).
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_block_biometric_consent(
    config: *mut yoti_session_config,
    value: bool,
) -> yoti_status {
    set_flag(config, value, |c| &mut c.block_biometric_consent)
}

/// Sets `retry_enabled`: let the user retry or switch method after a failed attempt.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_retry_enabled(
    config: *mut yoti_session_config,
    value: bool,
) -> yoti_status {
    set_flag(config, value, |c| &mut c.retry_enabled)
}

/// Sets `resume_enabled`: let the user reopen the link after FAIL or ERROR.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_resume_enabled(
    config: *mut yoti_session_config,
    value: bool,
) -> yoti_status {
    set_flag(config, value, |c| &mut c.resume_enabled)
}

/// Sets `synchronous_checks`: keep the user in the flow until asynchronous checks finish.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_synchronous_checks(
    config: *mut yoti_session_config,
    value: bool,
) -> yoti_status {
    set_flag(config, value, |c| &mut c.synchronous_checks)
}

/// Sets `double_blind`, the secondary anonymisation step.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_double_blind(
    config: *mut yoti_session_config,
    value: bool,
) -> yoti_status {
    set_flag(config, value, |c| &mut c.double_blind)
}

/// Sets `callback`: where the user goes when done (`sessionId` is appended); `auto_redirect`
/// redirects at once, otherwise a continue step is shown.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_callback(
    config: *mut yoti_session_config,
    url: *const c_char,
    auto_redirect: bool,
) -> yoti_status {
    edit(config, |c| {
        c.callback = Some(Callback {
            url: Some(str_arg(url, "url")?.to_owned()),
            auto: auto_redirect,
        });
        Ok(())
    })
}

/// Appends a location to `blocked_locations` (ISO 3166-1 alpha-3, e.g. `"USA"`).
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_add_blocked_location(
    config: *mut yoti_session_config,
    location: *const c_char,
) -> yoti_status {
    edit(config, |c| {
        c.blocked_locations
            .push(str_arg(location, "location")?.to_owned());
        Ok(())
    })
}

/// Allows a method with a threshold age: sets `allowed: true` and `threshold` on the method
/// object named by its JSON key: `age_estimation`, `digital_id`, `doc_scan`, `credit_card`,
/// `mobile`, `yoti_key`, `age_key`, `login`, `electronic_id`, `la_wallet`,
/// `social_security_number`, `us_florida_hb3`, `double_anonymity`, `singpass`, `cpf` (for
/// `email` see `yoti_session_config_set_email`). An unknown key is
/// `YOTI_STATUS_INVALID_ARGUMENT`. The `yoti_session_config_set_method_*` setters below also
/// add the method object when it is absent.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_allow_method(
    config: *mut yoti_session_config,
    method: *const c_char,
    threshold: u32,
) -> yoti_status {
    edit_method(config, method, |m| {
        m.allowed = Some(true);
        m.threshold = Some(threshold);
        Ok(())
    })
}

/// Sets `allowed` on a method object (e.g. `false` to list it but not offer it).
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_method_allowed(
    config: *mut yoti_session_config,
    method: *const c_char,
    allowed: bool,
) -> yoti_status {
    edit_method(config, method, |m| {
        m.allowed = Some(allowed);
        Ok(())
    })
}

/// Sets `threshold` on a method object without changing `allowed`.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_method_threshold(
    config: *mut yoti_session_config,
    method: *const c_char,
    threshold: u32,
) -> yoti_status {
    edit_method(config, method, |m| {
        m.threshold = Some(threshold);
        Ok(())
    })
}

/// Sets the liveness `level` of a method: `NONE`, `PASSIVE`, `ACTIVE` or `MY_FACE`.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_method_level(
    config: *mut yoti_session_config,
    method: *const c_char,
    level: *const c_char,
) -> yoti_status {
    edit_method(config, method, |m| {
        m.level = Some(Level::parse(str_arg(level, "level")?));
        Ok(())
    })
}

/// Sets the per-method `retry_enabled` flag.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_method_retry_enabled(
    config: *mut yoti_session_config,
    method: *const c_char,
    retry_enabled: bool,
) -> yoti_status {
    edit_method(config, method, |m| {
        m.retry_enabled = Some(retry_enabled);
        Ok(())
    })
}

/// Sets `retry_limit`, the total attempts allowed for a method (1..10).
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_method_retry_limit(
    config: *mut yoti_session_config,
    method: *const c_char,
    retry_limit: u32,
) -> yoti_status {
    edit_method(config, method, |m| {
        m.retry_limit = Some(retry_limit);
        Ok(())
    })
}

/// `digital_id`: lets the Yoti app share an in-app age estimate, with its own threshold
/// (which must differ from the Digital ID threshold by 1..20). Adds `digital_id` when absent.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_digital_id_age_estimation(
    config: *mut yoti_session_config,
    allowed: bool,
    threshold: u32,
) -> yoti_status {
    edit(config, |c| {
        let d = c
            .methods
            .digital_id
            .get_or_insert_with(DigitalIdConfig::default);
        d.age_estimation_allowed = Some(allowed);
        d.age_estimation_threshold = Some(threshold);
        Ok(())
    })
}

/// `doc_scan`: the authenticity check, `OFF`, `AUTO` or `MANUAL`. Adds `doc_scan` when absent.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_doc_scan_authenticity(
    config: *mut yoti_session_config,
    authenticity: *const c_char,
) -> yoti_status {
    edit(config, |c| {
        let value = str_arg(authenticity, "authenticity")?;
        c.methods
            .doc_scan
            .get_or_insert_with(DocScanConfig::default)
            .authenticity = Some(value.into());
        Ok(())
    })
}

/// `doc_scan`: the preselected issuing country (ISO 3166-1 alpha-3). Adds `doc_scan` when
/// absent; NULL clears it.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_doc_scan_preset_issuing_country(
    config: *mut yoti_session_config,
    country: *const c_char,
) -> yoti_status {
    edit(config, |c| {
        let value = opt_string(country, "country")?;
        c.methods
            .doc_scan
            .get_or_insert_with(DocScanConfig::default)
            .preset_issuing_country = value;
        Ok(())
    })
}

/// `yoti_key`: `true` offers creating a key, `false` looks for one at launch. Adds `yoti_key`
/// when absent.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_yoti_key_authentication(
    config: *mut yoti_session_config,
    authentication: bool,
) -> yoti_status {
    edit(config, |c| {
        c.methods
            .yoti_key
            .get_or_insert_with(YotiKeyConfig::default)
            .authentication = Some(authentication);
        Ok(())
    })
}

/// `electronic_id`: appends a sub-method (`MIT_ID`, `SWEDISH_BANK_ID`, `FTN`). Adds
/// `electronic_id` when absent.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_add_electronic_id_sub_method(
    config: *mut yoti_session_config,
    sub_method: *const c_char,
) -> yoti_status {
    edit(config, |c| {
        let value = ElectronicIdSubMethod::parse(str_arg(sub_method, "sub_method")?);
        c.methods
            .electronic_id
            .get_or_insert_with(ElectronicIdConfig::default)
            .sub_methods
            .push(value);
        Ok(())
    })
}

/// `email`: the email address check, run at creation, with an address you have verified, an
/// ISO 3166-1 alpha-2 country code and optionally the user's IP address (NULL when unknown).
#[no_mangle]
pub unsafe extern "C" fn yoti_session_config_set_email(
    config: *mut yoti_session_config,
    verified_email: *const c_char,
    country_code: *const c_char,
    ip_address: *const c_char,
) -> yoti_status {
    edit(config, |c| {
        c.methods.email = Some(EmailConfig {
            data: EmailData {
                verified_email: str_arg(verified_email, "verified_email")?.to_owned(),
                country_code: str_arg(country_code, "country_code")?.to_owned(),
                ip_address: opt_string(ip_address, "ip_address")?,
            },
        });
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Created session

/// The answer to a session create. Immutable: safe to read from several threads. Free with
/// `yoti_created_session_free`.
pub struct yoti_created_session {
    inner: CreatedSession,
    id: CString,
    status: Option<CString>,
    expires_at: Option<CString>,
    raw: RawText,
}

impl yoti_created_session {
    pub(crate) fn new(inner: CreatedSession) -> Self {
        Self {
            id: c_string(&inner.id),
            status: opt_c_string(inner.status.as_ref().map(|s| s.as_str())),
            expires_at: rfc3339(inner.expires_at.as_ref()),
            raw: RawText::default(),
            inner,
        }
    }
}

/// Parses a `POST /sessions` response body (as the client does; `decode` on bad JSON).
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_from_json(
    json: *const c_char,
    out_session: *mut *mut yoti_created_session,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_session, "out_session")?;
        out.set(yoti_created_session::new(yoti_core::decode_response(
            str_arg(json, "json")?.as_bytes(),
        )?));
        Ok(())
    })
}

/// The session id: pass it to the user view and result calls. Borrowed; NULL for NULL.
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_id(
    session: *const yoti_created_session,
) -> *const c_char {
    borrowed(session, |s| Some(&s.id))
}

/// The status at creation (`PENDING`; `COMPLETE`/`INSUFFICIENT_DATA` for email checks), or
/// NULL when the server sent none. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_status_text(
    session: *const yoti_created_session,
) -> *const c_char {
    borrowed(session, |s| s.status.as_ref())
}

/// The status at creation as an enum (`YOTI_SESSION_STATUS_OTHER` when absent or unknown).
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_status(
    session: *const yoti_created_session,
) -> yoti_session_status {
    read(yoti_session_status::YOTI_SESSION_STATUS_OTHER, || {
        opt_handle(session)?
            .inner
            .status
            .as_ref()
            .map(session_status)
    })
}

/// When the session expires, RFC 3339 UTC (`2025-08-08T23:41:39Z`), or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_expires_at(
    session: *const yoti_created_session,
) -> *const c_char {
    borrowed(session, |s| s.expires_at.as_ref())
}

/// The response JSON exactly as received (empty for a session parsed from nothing). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_raw_json(
    session: *const yoti_created_session,
) -> *const c_char {
    borrowed(session, |s| Some(s.raw.get(&s.inner.raw)))
}

/// Frees a created session. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_created_session_free(session: *mut yoti_created_session) {
    crate::ffi::free(session);
}

// ---------------------------------------------------------------------------------------------
// Session view

/// The configuration view of a session (`GET /sessions/{id}`). Immutable: safe to read from
/// several threads. Free with `yoti_session_view_free`.
pub struct yoti_session_view {
    inner: SessionView,
    id: CString,
    status: CString,
    raw: RawText,
}

impl yoti_session_view {
    pub(crate) fn new(inner: SessionView) -> Self {
        Self {
            id: c_string(&inner.id),
            status: c_string(inner.status.as_str()),
            raw: RawText::default(),
            inner,
        }
    }
}

/// The session id. Borrowed; NULL for NULL.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_view_id(view: *const yoti_session_view) -> *const c_char {
    borrowed(view, |v| Some(&v.id))
}

/// The status as an enum.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_view_status(
    view: *const yoti_session_view,
) -> yoti_session_status {
    read(yoti_session_status::YOTI_SESSION_STATUS_OTHER, || {
        opt_handle(view).map(|v| session_status(&v.inner.status))
    })
}

/// The status as the API wrote it (kept even when unknown). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_view_status_text(
    view: *const yoti_session_view,
) -> *const c_char {
    borrowed(view, |v| Some(&v.status))
}

/// Every field as JSON (the typed view re-serialised). Free `*out_json` with
/// `yoti_string_free`.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_view_to_json(
    view: *const yoti_session_view,
    out_json: *mut *mut c_char,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = OutString::new(out_json, "out_json")?;
        out.set(&to_json(&handle(view, "view")?.inner)?);
        Ok(())
    })
}

/// The response JSON exactly as received. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_view_raw_json(
    view: *const yoti_session_view,
) -> *const c_char {
    borrowed(view, |v| Some(v.raw.get(&v.inner.raw)))
}

/// Frees a session view. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_view_free(view: *mut yoti_session_view) {
    crate::ffi::free(view);
}

// ---------------------------------------------------------------------------------------------
// Session result

/// The result of a session. Immutable: safe to read from several threads. Free with
/// `yoti_session_result_free`.
pub struct yoti_session_result {
    inner: SessionResult,
    id: CString,
    status: CString,
    session_type: CString,
    method: Option<CString>,
    evidence_id: Option<CString>,
    reference_id: Option<CString>,
    terminal_id: Option<CString>,
    raw: RawText,
}

impl yoti_session_result {
    pub(crate) fn new(inner: SessionResult) -> Self {
        Self {
            id: c_string(&inner.id),
            status: c_string(inner.status.as_str()),
            session_type: c_string(inner.session_type.as_str()),
            method: opt_c_string(inner.method.as_ref().map(|m| m.as_str())),
            evidence_id: opt_c_string(inner.evidence_id.as_deref()),
            reference_id: opt_c_string(inner.reference_id.as_deref()),
            terminal_id: opt_c_string(inner.terminal_id.as_deref()),
            raw: RawText::default(),
            inner,
        }
    }
}

/// Parses a `GET /sessions/{id}/result` body as the client does (unknown values kept;
/// `decode` on bad JSON).
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_from_json(
    json: *const c_char,
    out_result: *mut *mut yoti_session_result,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_result, "out_result")?;
        out.set(yoti_session_result::new(yoti_core::decode_response(
            str_arg(json, "json")?.as_bytes(),
        )?));
        Ok(())
    })
}

/// The session id. Borrowed; NULL for NULL.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_id(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| Some(&r.id))
}

/// The status as an enum; branch on `YOTI_SESSION_STATUS_COMPLETE` to let the user in.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_status(
    result: *const yoti_session_result,
) -> yoti_session_status {
    read(yoti_session_status::YOTI_SESSION_STATUS_OTHER, || {
        opt_handle(result).map(|r| session_status(&r.inner.status))
    })
}

/// The status as the API wrote it, normalised (`IN PROGRESS` reads `IN_PROGRESS`); unknown
/// values are kept as received. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_status_text(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| Some(&r.status))
}

/// Whether waiting longer cannot change the outcome: `COMPLETE`, `FAIL`, `ERROR`,
/// `CANCELLED`, `EXPIRED`, `INSUFFICIENT_DATA`. False for NULL.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_is_terminal(
    result: *const yoti_session_result,
) -> bool {
    read(false, || {
        opt_handle(result).map(|r| r.inner.status.is_terminal())
    })
}

/// Writes `age` to `*out_age` and returns true, or returns false when absent (pending). For
/// `AGE` sessions it is the age found; for `OVER`/`UNDER` the threshold, not the real age.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_age(
    result: *const yoti_session_result,
    out_age: *mut u32,
) -> bool {
    read(false, || {
        let age = opt_handle(result)?.inner.age?;
        Some(write_scalar(out_age, age))
    })
}

/// The method that completed the session (`AGE_ESTIMATION`, `DIGITAL_ID`, …; unknown values
/// kept as received), or NULL while pending. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_method(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| r.method.as_ref())
}

/// The id of the attempt that set the outcome, or NULL while pending. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_evidence_id(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| r.evidence_id.as_ref())
}

/// The session type: `OVER`, `UNDER`, `AGE` (unknown values kept). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_type(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| Some(&r.session_type))
}

/// The reference id given at creation, or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_reference_id(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| r.reference_id.as_ref())
}

/// The `Yoti-Terminal-Id` given at creation, or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_terminal_id(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| r.terminal_id.as_ref())
}

/// The attempt counters of one method, named as in results (`AGE_ESTIMATION`, `DOC_SCAN`,
/// `ELECTRONIC_ID`, …): writes `*out_attempts` (made) and `*out_remaining` (left; either
/// pointer may be NULL) and returns true, or returns false when the result has no entry for
/// that method.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_attempts(
    result: *const yoti_session_result,
    method: *const c_char,
    out_attempts: *mut u32,
    out_remaining: *mut u32,
) -> bool {
    read(false, || {
        let result = opt_handle(result)?;
        let method = Method::parse(opt_str(method, "method").ok()??);
        let attempts = result.inner.attempts(&method)?;
        write_scalar(out_attempts, attempts.attempts);
        write_scalar(out_remaining, attempts.remaining);
        Some(true)
    })
}

/// Every field as JSON, in the API's shape (the typed result re-serialised: unknown fields
/// dropped; see `yoti_session_result_raw_json` for the body as received). Free `*out_json`
/// with `yoti_string_free`.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_to_json(
    result: *const yoti_session_result,
    out_json: *mut *mut c_char,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = OutString::new(out_json, "out_json")?;
        out.set(&to_json(&handle(result, "result")?.inner)?);
        Ok(())
    })
}

/// The response JSON exactly as received. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_raw_json(
    result: *const yoti_session_result,
) -> *const c_char {
    borrowed(result, |r| Some(r.raw.get(&r.inner.raw)))
}

/// Frees a session result. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_session_result_free(result: *mut yoti_session_result) {
    crate::ffi::free(result);
}

// ---------------------------------------------------------------------------------------------
// Selfie outcome

/// The answer to a headless selfie upload. Immutable. Free with `yoti_selfie_outcome_free`.
pub struct yoti_selfie_outcome {
    inner: SelfieOutcome,
    status: CString,
}

impl yoti_selfie_outcome {
    pub(crate) fn new(inner: SelfieOutcome) -> Self {
        Self {
            status: c_string(inner.status.as_str()),
            inner,
        }
    }
}

/// The outcome status: `YOTI_SESSION_STATUS_COMPLETE` or `YOTI_SESSION_STATUS_FAIL`.
#[no_mangle]
pub unsafe extern "C" fn yoti_selfie_outcome_status(
    outcome: *const yoti_selfie_outcome,
) -> yoti_session_status {
    read(yoti_session_status::YOTI_SESSION_STATUS_OTHER, || {
        opt_handle(outcome).map(|o| session_status(&o.inner.status))
    })
}

/// The outcome status as text. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn yoti_selfie_outcome_status_text(
    outcome: *const yoti_selfie_outcome,
) -> *const c_char {
    borrowed(outcome, |o| Some(&o.status))
}

/// Writes the attempts left and returns true, or returns false when not reported.
#[no_mangle]
pub unsafe extern "C" fn yoti_selfie_outcome_attempts_remaining(
    outcome: *const yoti_selfie_outcome,
    out_remaining: *mut u32,
) -> bool {
    read(false, || {
        let n = opt_handle(outcome)?.inner.attempts_remaining?;
        Some(write_scalar(out_remaining, n))
    })
}

/// Writes whether no retries are left and returns true, or returns false when not reported.
#[no_mangle]
pub unsafe extern "C" fn yoti_selfie_outcome_retries_depleted(
    outcome: *const yoti_selfie_outcome,
    out_depleted: *mut bool,
) -> bool {
    read(false, || {
        let depleted = opt_handle(outcome)?.inner.retries_depleted?;
        Some(write_scalar(out_depleted, depleted))
    })
}

/// Frees a selfie outcome. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_selfie_outcome_free(outcome: *mut yoti_selfie_outcome) {
    crate::ffi::free(outcome);
}
