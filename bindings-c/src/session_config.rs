//! The session config builder (`yoti_session_config`): setters and JSON, read and checked by
//! the core.

use std::ffi::c_char;

use yoti_core::session::{
    Callback, DigitalIdConfig, DocScanConfig, ElectronicIdConfig, ElectronicIdSubMethod,
    EmailConfig, EmailData, Level, MethodConfig, YotiKeyConfig,
};
use yoti_core::SessionConfig;

use crate::error::{yoti_error, yoti_status};
use crate::ffi::{call, handle, handle_mut, invalid, opt_str, str_arg, FfiResult, Out, OutString};
use crate::session_status::to_json;

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
    config
        .methods
        .common_mut(key)
        .ok_or_else(|| invalid("method", "is not a method key (e.g. \"age_estimation\")"))
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
