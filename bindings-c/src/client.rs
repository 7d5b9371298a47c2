//! Client options, the client handle and its operations (a blocking `yoti_core::blocking::Client`).

use std::ffi::c_char;
use std::time::Duration;

use yoti_core::blocking::Client;
use yoti_core::config::{
    CentralAuthCredentials, Environment, RetryOverrides, RetryPolicy, TimeoutOverrides, Timeouts,
};
use yoti_core::headless::SelfieUpload;
use yoti_core::user_view::UserViewMethod;
use yoti_core::{Secret, WaitOptions, WaitOverrides};

use crate::cancel::yoti_cancel_token;
use crate::created_session::yoti_created_session;
use crate::error::{yoti_error, yoti_status};
use crate::ffi::{
    bytes, call, handle, handle_mut, invalid, opt_handle, opt_str, str_arg, FfiResult, Out,
    OutString,
};
use crate::poa::{yoti_poa_request, yoti_poa_result};
use crate::selfie_outcome::yoti_selfie_outcome;
use crate::session_config::yoti_session_config;
use crate::session_result::yoti_session_result;
use crate::session_view::yoti_session_view;

/// Options for `yoti_client_new`: credentials, environment, timeouts, retries, transport.
/// A builder: use it from one thread at a time. Free with `yoti_client_options_free`.
pub struct yoti_client_options {
    builder: yoti_core::ClientBuilder,
}

/// A client for AVS and PoA. Thread-safe: one handle may be used from many threads at once
/// (calls block the calling thread; they share one connection pool, token cache and a small
/// runtime started on the first call). Free with `yoti_client_free` once no call is running.
pub struct yoti_client {
    inner: Client,
}

/// How `yoti_client_wait_for_result` and `yoti_client_poa_wait` poll. A zero field means
/// its default. Pass NULL for all defaults.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct yoti_wait_options {
    /// Stop polling after this long and return the last result (0: the core's default). Reaching
    /// it is not an error: check the status of the result.
    pub timeout_ms: u64,
    /// Delay before the second poll (0: the core's default); it doubles after each poll.
    pub initial_interval_ms: u64,
    /// Largest delay between polls (0: the core's default).
    pub max_interval_ms: u64,
}

/// A C duration field: 0 keeps the base value.
fn millis(ms: u64) -> Option<Duration> {
    (ms != 0).then(|| Duration::from_millis(ms))
}

fn wait_options(options: *const yoti_wait_options) -> WaitOptions {
    let overrides = opt_handle(options).map_or_else(WaitOverrides::default, |o| WaitOverrides {
        timeout: millis(o.timeout_ms),
        initial_interval: millis(o.initial_interval_ms),
        max_interval: millis(o.max_interval_ms),
    });
    overrides.apply(WaitOptions::default())
}

fn timeouts(connect_ms: u64, per_attempt_ms: u64, total_ms: u64) -> Timeouts {
    TimeoutOverrides {
        connect: millis(connect_ms),
        per_attempt: millis(per_attempt_ms),
        total: millis(total_ms),
    }
    .apply(Timeouts::default())
}

fn retry_policy(max_retries: u32, base_ms: u64, cap_ms: u64) -> RetryPolicy {
    RetryOverrides {
        max_retries: Some(max_retries),
        base: millis(base_ms),
        cap: millis(cap_ms),
    }
    .apply(RetryPolicy::default())
}

/// Edits the builder of an options handle.
fn edit_options(
    options: *mut yoti_client_options,
    edit: impl FnOnce(yoti_core::ClientBuilder) -> FfiResult<yoti_core::ClientBuilder>,
) -> yoti_status {
    call(std::ptr::null_mut(), || {
        let options = handle_mut(options, "options")?;
        let builder = std::mem::take(&mut options.builder);
        options.builder = edit(builder)?;
        Ok(())
    })
}

/// New options with the defaults: production, no credentials, connect 5 s, per attempt 30 s,
/// total 60 s, 2 retries (base 500 ms, cap 8 s). Writes the handle to `*out_options`.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_new(
    out_options: *mut *mut yoti_client_options,
) -> yoti_status {
    call(std::ptr::null_mut(), || {
        Out::new(out_options, "out_options")?.set(yoti_client_options {
            builder: yoti_core::ClientBuilder::new(),
        });
        Ok(())
    })
}

/// Frees options. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_free(options: *mut yoti_client_options) {
    crate::ffi::free(options);
}

/// Sets the Hub service's SDK id (sent as `Yoti-SDK-Id`).
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_set_sdk_id(
    options: *mut yoti_client_options,
    sdk_id: *const c_char,
) -> yoti_status {
    edit_options(options, |b| Ok(b.sdk_id(str_arg(sdk_id, "sdk_id")?)))
}

/// Sets the static Hub API key (a secret: it is never printed or put in errors).
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_set_api_key(
    options: *mut yoti_client_options,
    api_key: *const c_char,
) -> yoti_status {
    edit_options(options, |b| {
        Ok(b.api_key(Secret::new(str_arg(api_key, "api_key")?)))
    })
}

/// Sets a static PoA bearer token (a secret), instead of central auth for PoA.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_set_poa_token(
    options: *mut yoti_client_options,
    token: *const c_char,
) -> yoti_status {
    edit_options(options, |b| {
        Ok(b.poa_token(Secret::new(str_arg(token, "token")?)))
    })
}

/// Selects a named environment: `"production"` (default) or `"yoti_sandbox"` (Yoti's hosted
/// sandbox, AVS only), compared ignoring ASCII case, `_` and `-`. Anything else is
/// `YOTI_STATUS_INVALID_ARGUMENT` (the `config` failure of the other languages); for the local
/// sandbox use `yoti_client_options_set_urls`.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_set_environment(
    options: *mut yoti_client_options,
    environment: *const c_char,
) -> yoti_status {
    edit_options(options, |b| {
        let name = str_arg(environment, "environment")?;
        // A setter has no error out-parameter: the core's `config` failure is this status.
        let environment =
            Environment::from_name(name).map_err(|e| invalid("environment", &e.to_string()))?;
        Ok(b.environment(environment))
    })
}

/// Custom base URLs, e.g. the local sandbox's: `avs_url` including `/api/v1` (required),
/// `poa_url` and `auth_url` (NULL or "" when not used). https only, except plain http to
/// loopback; checked by `yoti_client_new`.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_set_urls(
    options: *mut yoti_client_options,
    avs_url: *const c_char,
    poa_url: *const c_char,
    auth_url: *const c_char,
) -> yoti_status {
    edit_options(options, |b| {
        Ok(b.environment(Environment::custom(
            str_arg(avs_url, "avs_url")?,
            opt_str(poa_url, "poa_url")?.unwrap_or(""),
            opt_str(auth_url, "auth_url")?.unwrap_or(""),
        )))
    })
}

fn central_auth(
    b: yoti_core::ClientBuilder,
    pem: String,
    scope: *const c_char,
    sdk_id: *const c_char,
) -> FfiResult<yoti_core::ClientBuilder> {
    let mut credentials = CentralAuthCredentials::new(Secret::new(pem), str_arg(scope, "scope")?);
    credentials.sdk_id = opt_str(sdk_id, "sdk_id")?.map(str::to_owned);
    Ok(b.central_auth(credentials))
}

/// Central authentication (OAuth tokens from a PS384 client assertion) with the service's RSA
/// private key as PEM text (PKCS#1 or PKCS#8; a secret, never printed), space-separated
/// `scope`s, and the service SDK id (NULL: the client's). The key is parsed by
/// `yoti_client_new`.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_set_central_auth_pem(
    options: *mut yoti_client_options,
    private_key_pem: *const c_char,
    scope: *const c_char,
    sdk_id: *const c_char,
) -> yoti_status {
    edit_options(options, |b| {
        let pem = str_arg(private_key_pem, "private_key_pem")?.to_owned();
        central_auth(b, pem, scope, sdk_id)
    })
}

/// As `yoti_client_options_set_central_auth_pem`, reading the PEM from the file at `path`.
/// An unreadable file is `YOTI_STATUS_ERROR` with code `config`.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_set_central_auth_file(
    options: *mut yoti_client_options,
    path: *const c_char,
    scope: *const c_char,
    sdk_id: *const c_char,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let options = handle_mut(options, "options")?;
        let path = str_arg(path, "path")?;
        let pem = std::fs::read_to_string(path).map_err(|e| {
            yoti_core::Error::Config(format!("central_auth: cannot read key file: {e}"))
        })?;
        let builder = std::mem::take(&mut options.builder);
        options.builder = central_auth(builder, pem, scope, sdk_id)?;
        Ok(())
    })
}

/// Sets the timeouts in milliseconds; 0 keeps a value's default (connect 5000, per attempt
/// 30000, total 60000 including retries).
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_set_timeouts(
    options: *mut yoti_client_options,
    connect_ms: u64,
    per_attempt_ms: u64,
    total_ms: u64,
) -> yoti_status {
    edit_options(options, |b| {
        Ok(b.timeouts(timeouts(connect_ms, per_attempt_ms, total_ms)))
    })
}

/// Sets the retry policy: `max_retries` after the first attempt (0 disables retries), with
/// full-jitter backoff from `base_ms` (0: 500) up to `cap_ms` (0: 8000). GETs retry on connect
/// errors, 408, 429, 500, 502, 503, 504; POSTs only when the request never reached the server.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_set_retry_policy(
    options: *mut yoti_client_options,
    max_retries: u32,
    base_ms: u64,
    cap_ms: u64,
) -> yoti_status {
    edit_options(options, |b| {
        Ok(b.retry_policy(retry_policy(max_retries, base_ms, cap_ms)))
    })
}

/// Adds a trusted CA (PEM text, may hold several certificates) to the system roots.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_add_ca_pem(
    options: *mut yoti_client_options,
    pem: *const c_char,
) -> yoti_status {
    edit_options(options, |b| {
        Ok(b.extra_ca_pem(str_arg(pem, "pem")?.as_bytes().to_vec()))
    })
}

/// Sets an explicit proxy URL for every request. Without it, `HTTPS_PROXY`, `HTTP_PROXY` and
/// `NO_PROXY` from the environment are honoured.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_set_proxy(
    options: *mut yoti_client_options,
    proxy_url: *const c_char,
) -> yoti_status {
    edit_options(options, |b| Ok(b.proxy(str_arg(proxy_url, "proxy_url")?)))
}

/// Appends text to the `User-Agent` header.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_options_set_user_agent_suffix(
    options: *mut yoti_client_options,
    suffix: *const c_char,
) -> yoti_status {
    edit_options(options, |b| {
        Ok(b.user_agent_suffix(str_arg(suffix, "suffix")?))
    })
}

/// Builds a client from `options` (which stay owned by the caller and may be freed at once).
/// Invalid configuration is `YOTI_STATUS_ERROR` with code `config`, naming the field.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_new(
    options: *const yoti_client_options,
    out_client: *mut *mut yoti_client,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_client, "out_client")?;
        let options = handle(options, "options")?;
        let inner = Client::from_builder(options.builder.clone())?;
        out.set(yoti_client { inner });
        Ok(())
    })
}

/// Builds a client from the `YOTI_*` environment variables: `YOTI_SDK_ID`, `YOTI_API_KEY`,
/// `YOTI_POA_TOKEN`, `YOTI_PRIVATE_KEY` (PEM or a path) with `YOTI_SCOPE`, `YOTI_ENV`
/// (`production`, `yoti_sandbox`, `custom`), `YOTI_AVS_URL`, `YOTI_POA_URL`, `YOTI_AUTH_URL`.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_from_env(
    out_client: *mut *mut yoti_client,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_client, "out_client")?;
        out.set(yoti_client {
            inner: Client::from_env()?,
        });
        Ok(())
    })
}

/// A new client sharing `client`'s connections, token cache and runtime, with other timeouts
/// (milliseconds, 0 = default): use it for per-call timeouts. Free both independently.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_with_timeouts(
    client: *const yoti_client,
    connect_ms: u64,
    per_attempt_ms: u64,
    total_ms: u64,
    out_client: *mut *mut yoti_client,
) -> yoti_status {
    call(std::ptr::null_mut(), || {
        let out = Out::new(out_client, "out_client")?;
        let client = handle(client, "client")?;
        out.set(yoti_client {
            inner: client
                .inner
                .with_timeouts(timeouts(connect_ms, per_attempt_ms, total_ms)),
        });
        Ok(())
    })
}

/// A new client sharing `client`'s connections, token cache, runtime, timeouts and retries,
/// whose calls `token` cancels from another thread (see `yoti_cancel_token`): e.g. one client
/// per till interaction, cancelled when the customer walks away. Free both independently.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_with_cancel_token(
    client: *const yoti_client,
    token: *const yoti_cancel_token,
    out_client: *mut *mut yoti_client,
) -> yoti_status {
    call(std::ptr::null_mut(), || {
        let out = Out::new(out_client, "out_client")?;
        let client = handle(client, "client")?;
        let token = handle(token, "token")?;
        out.set(yoti_client {
            inner: client.inner.with_cancel_token(token.token().clone()),
        });
        Ok(())
    })
}

/// A new client sharing `client`'s connections, token cache and runtime, with another retry
/// policy (see `yoti_client_options_set_retry_policy`). Free both independently.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_with_retry_policy(
    client: *const yoti_client,
    max_retries: u32,
    base_ms: u64,
    cap_ms: u64,
    out_client: *mut *mut yoti_client,
) -> yoti_status {
    call(std::ptr::null_mut(), || {
        let out = Out::new(out_client, "out_client")?;
        let client = handle(client, "client")?;
        out.set(yoti_client {
            inner: client
                .inner
                .with_retry_policy(retry_policy(max_retries, base_ms, cap_ms)),
        });
        Ok(())
    })
}

/// Frees a client. NULL is a no-op. No call may be running on it.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_free(client: *mut yoti_client) {
    crate::ffi::free(client);
}

/// Creates a session (`POST /sessions`) from a config built with `yoti_session_config_*`.
/// The config is validated first: every problem is reported together as `validation` with
/// its JSON path, and nothing is sent.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_create_session(
    client: *const yoti_client,
    config: *const yoti_session_config,
    out_session: *mut *mut yoti_created_session,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_session, "out_session")?;
        let client = handle(client, "client")?;
        let config = handle(config, "config")?;
        let created = client.inner.create_session(config.config())?;
        out.set(yoti_created_session::new(created));
        Ok(())
    })
}

/// Creates a session from the JSON body of `POST /sessions` (as in the API reference).
/// Unparseable JSON is `validation` with path `$`; otherwise as `yoti_client_create_session`.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_create_session_json(
    client: *const yoti_client,
    config_json: *const c_char,
    out_session: *mut *mut yoti_created_session,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_session, "out_session")?;
        let client = handle(client, "client")?;
        let config = yoti_core::SessionConfig::from_json(str_arg(config_json, "config_json")?)?;
        out.set(yoti_created_session::new(
            client.inner.create_session(&config)?,
        ));
        Ok(())
    })
}

/// The configuration view of a session (`GET /sessions/{id}`).
#[no_mangle]
pub unsafe extern "C" fn yoti_client_get_session(
    client: *const yoti_client,
    session_id: *const c_char,
    out_view: *mut *mut yoti_session_view,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_view, "out_view")?;
        let client = handle(client, "client")?;
        let view = client
            .inner
            .get_session(str_arg(session_id, "session_id")?)?;
        out.set(yoti_session_view::new(view));
        Ok(())
    })
}

/// The result of a session (`GET /sessions/{id}/result`), whatever its status.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_get_result(
    client: *const yoti_client,
    session_id: *const c_char,
    out_result: *mut *mut yoti_session_result,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_result, "out_result")?;
        let client = handle(client, "client")?;
        let result = client
            .inner
            .get_result(str_arg(session_id, "session_id")?)?;
        out.set(yoti_session_result::new(result));
        Ok(())
    })
}

/// Polls the result until its status is terminal or `options->timeout_ms` passes; at the
/// deadline the last result is returned (check its status), not an error. `options` may be
/// NULL for the defaults.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_wait_for_result(
    client: *const yoti_client,
    session_id: *const c_char,
    options: *const yoti_wait_options,
    out_result: *mut *mut yoti_session_result,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_result, "out_result")?;
        let client = handle(client, "client")?;
        let result = client
            .inner
            .wait_for_result(str_arg(session_id, "session_id")?, wait_options(options))?;
        out.set(yoti_session_result::new(result));
        Ok(())
    })
}

/// The hosted user-view URL to send the user to. `method` opens one method directly
/// (`age-estimation`, `doc-scan`, `yoti`, `credit-card`, `mobile`, `la-wallet`,
/// `social-security-number`) or is NULL for the chooser. Free `*out_url` with
/// `yoti_string_free`.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_user_view_url(
    client: *const yoti_client,
    session_id: *const c_char,
    method: *const c_char,
    out_url: *mut *mut c_char,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = OutString::new(out_url, "out_url")?;
        let client = handle(client, "client")?;
        let method = opt_str(method, "method")?.map(UserViewMethod::parse);
        let url = client
            .inner
            .user_view_url(str_arg(session_id, "session_id")?, method)?;
        out.set(url.as_str());
        Ok(())
    })
}

/// Headless age estimation: uploads a selfie (`image_len` bytes of JPEG or PNG, copied) with
/// the time of the user's biometric consent (Unix milliseconds; 0 means now) and the Face
/// Capture Module's `secure_token` (passed on unmodified). A rejected selfie is
/// `YOTI_STATUS_ERROR` whose `yoti_error_api_code` is the
/// selfie code (e.g. `FACE_NOT_FOUND`) and whose body has `attempts_remaining`.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_upload_selfie(
    client: *const yoti_client,
    session_id: *const c_char,
    image: *const u8,
    image_len: usize,
    biometric_consent_unix_ms: i64,
    secure_token: *const c_char,
    out_outcome: *mut *mut yoti_selfie_outcome,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_outcome, "out_outcome")?;
        let client = handle(client, "client")?;
        let session_id = str_arg(session_id, "session_id")?;
        let image = bytes(image, image_len, "image")?;
        let secure_token = str_arg(secure_token, "secure_token")?;
        let biometric_consent = if biometric_consent_unix_ms == 0 {
            chrono::Utc::now()
        } else {
            chrono::DateTime::from_timestamp_millis(biometric_consent_unix_ms).ok_or_else(|| {
                invalid(
                    "biometric_consent_unix_ms",
                    "is out of the representable range",
                )
            })?
        };
        let upload = SelfieUpload {
            image: image.to_vec(),
            biometric_consent,
            secure_token: secure_token.to_owned(),
        };
        out.set(yoti_selfie_outcome::new(
            client.inner.upload_selfie(session_id, &upload)?,
        ));
        Ok(())
    })
}

/// Verifies a Proof of Age presentation (`POST /poa/v1/verify`). The request is checked
/// first (`validation`; `poa.qr_stale` when scanned over 30 s ago). A `FAILURE` is a result,
/// not an error. A pending answer (202) gives a result with status `PENDING`; poll it with
/// `yoti_client_poa_wait` or wait for the notification.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_poa_verify(
    client: *const yoti_client,
    request: *const yoti_poa_request,
    out_result: *mut *mut yoti_poa_result,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_result, "out_result")?;
        let client = handle(client, "client")?;
        let request = handle(request, "request")?;
        let verification = client.inner.poa_verify(request.request())?;
        out.set(yoti_poa_result::from_verification(verification));
        Ok(())
    })
}

/// A PoA verification by id (`GET /poa/v1/verify/{id}`).
#[no_mangle]
pub unsafe extern "C" fn yoti_client_poa_get(
    client: *const yoti_client,
    verification_id: *const c_char,
    out_result: *mut *mut yoti_poa_result,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_result, "out_result")?;
        let client = handle(client, "client")?;
        let result = client
            .inner
            .poa_get(str_arg(verification_id, "verification_id")?)?;
        out.set(yoti_poa_result::new(result, false));
        Ok(())
    })
}

/// Polls a PoA verification until `SUCCESS`/`FAILURE` or the deadline (then the last result,
/// still `PENDING`). `options` may be NULL for the defaults.
#[no_mangle]
pub unsafe extern "C" fn yoti_client_poa_wait(
    client: *const yoti_client,
    verification_id: *const c_char,
    options: *const yoti_wait_options,
    out_result: *mut *mut yoti_poa_result,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = Out::new(out_result, "out_result")?;
        let client = handle(client, "client")?;
        let result = client.inner.poa_wait(
            str_arg(verification_id, "verification_id")?,
            wait_options(options),
        )?;
        out.set(yoti_poa_result::new(result, false));
        Ok(())
    })
}

/// The escape hatch: any request to AVS (`target` `"avs"`, path relative to `…/api/v1`) or
/// PoA (`"poa"`, path such as `/poa/v1/…`) with this client's auth, retries and error mapping.
/// `body_json` is NULL or a JSON text. Writes the HTTP status (any 2xx; others are errors)
/// and the response body (free with `yoti_string_free`).
#[no_mangle]
pub unsafe extern "C" fn yoti_client_raw_request(
    client: *const yoti_client,
    method: *const c_char,
    target: *const c_char,
    path: *const c_char,
    body_json: *const c_char,
    out_http_status: *mut u16,
    out_body: *mut *mut c_char,
    out_error: *mut *mut yoti_error,
) -> yoti_status {
    call(out_error, || {
        let out = OutString::new(out_body, "out_body")?;
        if out_http_status.is_null() {
            return Err(invalid("out_http_status", "must not be NULL"));
        }
        let client = handle(client, "client")?;
        let method = str_arg(method, "method")?;
        let target: yoti_core::RawTarget = str_arg(target, "target")?.parse()?;
        let path = str_arg(path, "path")?;
        let body = match opt_str(body_json, "body_json")? {
            None => None,
            Some(text) => Some(serde_json::from_str(text).map_err(|e| {
                yoti_core::Error::Validation(vec![yoti_core::FieldError::new(
                    "$",
                    yoti_core::error::rule::FORMAT,
                    format!("body_json is not JSON: {e}"),
                )])
            })?),
        };
        let response = client.inner.raw_request(method, target, path, body)?;
        crate::ffi::write_scalar(out_http_status, response.status);
        out.set(&String::from_utf8_lossy(&response.body));
        Ok(())
    })
}
