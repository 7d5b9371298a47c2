//! Client configuration: credentials, environment, timeouts, retries and transport options
//! (Project decisions 1, 12 and 13 in docs/yoti-api.md). Built with [`crate::Client::builder`] or
//! read from `YOTI_*` environment variables.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// Production AVS base URL.
pub const PRODUCTION_AVS_BASE: &str = "https://age.yoti.com/api/v1";
/// Yoti's AVS sandbox base URL.
pub const YOTI_SANDBOX_AVS_BASE: &str = "https://age.yoti.com/sandbox/api/v1";
/// Production PoA base URL (paths `/poa/v1/...`).
pub const PRODUCTION_POA_BASE: &str = "https://api.yoti.com";
/// Central-auth token URL.
pub const PRODUCTION_AUTH_URL: &str = "https://auth.api.yoti.com/v1/oauth/token";

/// Where the client sends requests (Project decision 1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Environment {
    /// `https://age.yoti.com/api/v1`, `https://api.yoti.com`, `https://auth.api.yoti.com`.
    #[default]
    Production,
    /// Yoti's AVS sandbox (`/sandbox/api/v1`); it has no PoA base URL.
    YotiSandbox,
    /// Any base URLs, e.g. the local sandbox. An empty string means "not configured".
    Custom {
        /// AVS base URL, including `/api/v1` (e.g. `http://127.0.0.1:8080/api/v1`).
        avs_base: String,
        /// PoA base URL (e.g. `http://127.0.0.1:8080`); empty when PoA is not used.
        poa_base: String,
        /// Central-auth token URL; empty when central auth is not used.
        auth_url: String,
    },
}

impl Environment {
    /// A custom environment from three URLs.
    pub fn custom(
        avs_base: impl Into<String>,
        poa_base: impl Into<String>,
        auth_url: impl Into<String>,
    ) -> Self {
        Environment::Custom {
            avs_base: avs_base.into(),
            poa_base: poa_base.into(),
            auth_url: auth_url.into(),
        }
    }

    /// The names [`Environment::from_name`] knows (`custom` needs URLs, see
    /// [`Environment::resolve`]).
    pub const NAMES: &'static [&'static str] = &["production", "yoti_sandbox", "custom"];

    /// A named environment: `production` or `yoti_sandbox`, compared ignoring ASCII case,
    /// `_` and `-` (so `yotiSandbox` and `YOTI-SANDBOX` work too). `custom` is refused here:
    /// it needs URLs.
    pub fn from_name(name: &str) -> Result<Self> {
        Self::resolve(&EnvironmentOptionNames::SNAKE, Some(name), None, None, None)
    }

    /// The one rule every binding and `YOTI_ENV` follow: URLs mean a custom environment (the
    /// name may then only be absent or `custom`, and the AVS URL is required); without URLs
    /// the name picks production (the default) or Yoti's sandbox. Errors are
    /// [`Error::Config`] naming the option as `names` spells it.
    pub fn resolve(
        names: &EnvironmentOptionNames,
        name: Option<&str>,
        avs_url: Option<String>,
        poa_url: Option<String>,
        auth_url: Option<String>,
    ) -> Result<Self> {
        let key = name.map(|n| {
            n.trim()
                .chars()
                .filter(|c| *c != '_' && *c != '-')
                .collect::<String>()
                .to_ascii_lowercase()
        });
        let any_url = avs_url.is_some() || poa_url.is_some() || auth_url.is_some();
        match (key.as_deref(), any_url) {
            (None | Some("production"), false) => Ok(Environment::Production),
            (Some("yotisandbox"), false) => Ok(Environment::YotiSandbox),
            (None | Some("custom"), _) => {
                let avs = avs_url.ok_or_else(|| {
                    Error::Config(format!(
                        "{}: required for a custom environment",
                        names.avs_url
                    ))
                })?;
                Ok(Environment::custom(
                    avs,
                    poa_url.unwrap_or_default(),
                    auth_url.unwrap_or_default(),
                ))
            }
            (Some("production" | "yotisandbox"), true) => Err(Error::Config(format!(
                "{}: URLs ({}, {}, {}) require {} to be custom or unset",
                names.environment, names.avs_url, names.poa_url, names.auth_url, names.environment
            ))),
            (Some(_), _) => Err(Error::Config(format!(
                "{}: {:?} is not one of {}",
                names.environment,
                name.unwrap_or_default(),
                Self::NAMES.join(", ")
            ))),
        }
    }

    /// Resolves and checks the URLs of this environment.
    pub(crate) fn endpoints(&self) -> Result<Endpoints> {
        let (avs, poa, auth) = match self {
            Environment::Production => (
                PRODUCTION_AVS_BASE,
                PRODUCTION_POA_BASE,
                PRODUCTION_AUTH_URL,
            ),
            Environment::YotiSandbox => (YOTI_SANDBOX_AVS_BASE, "", PRODUCTION_AUTH_URL),
            Environment::Custom {
                avs_base,
                poa_base,
                auth_url,
            } => (avs_base.as_str(), poa_base.as_str(), auth_url.as_str()),
        };
        Ok(Endpoints {
            avs_base: optional_url("avs_base", avs)?
                .ok_or_else(|| Error::Config("avs_base: is required".into()))?,
            poa_base: optional_url("poa_base", poa)?,
            auth_url: optional_url("auth_url", auth)?,
        })
    }
}

/// How a surface spells the environment options, so that [`Environment::resolve`] names them
/// in its errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvironmentOptionNames {
    /// The environment name option.
    pub environment: &'static str,
    /// The AVS base URL option.
    pub avs_url: &'static str,
    /// The PoA base URL option.
    pub poa_url: &'static str,
    /// The central-auth token URL option.
    pub auth_url: &'static str,
}

impl EnvironmentOptionNames {
    /// The `YOTI_*` environment variables.
    pub const ENV_VARS: Self = Self {
        environment: "YOTI_ENV",
        avs_url: "YOTI_AVS_URL",
        poa_url: "YOTI_POA_URL",
        auth_url: "YOTI_AUTH_URL",
    };
    /// snake_case options (Rust, Python, C).
    pub const SNAKE: Self = Self {
        environment: "environment",
        avs_url: "avs_url",
        poa_url: "poa_url",
        auth_url: "auth_url",
    };
    /// camelCase options (Node.js, Kotlin, Swift).
    pub const CAMEL: Self = Self {
        environment: "environment",
        avs_url: "avsUrl",
        poa_url: "poaUrl",
        auth_url: "authUrl",
    };
}

/// The resolved base URLs of a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoints {
    pub avs_base: Url,
    pub poa_base: Option<Url>,
    pub auth_url: Option<Url>,
}

fn optional_url(field: &str, value: &str) -> Result<Option<Url>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let url =
        Url::parse(value).map_err(|e| Error::Config(format!("{field}: not a valid URL ({e})")))?;
    check_scheme(field, &url)?;
    Ok(Some(url))
}

/// Refuses anything but https, except plain http to a loopback host (Project decision 1).
pub(crate) fn check_scheme(field: &str, url: &Url) -> Result<()> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(Error::Config(format!(
            "{field}: plain http is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost); use https"
        ))),
        other => Err(Error::Config(format!(
            "{field}: scheme {other:?} is not supported; use https"
        ))),
    }
}

pub use crate::validate::is_loopback;

/// Timeouts (Project decision 13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Timeouts {
    /// Establishing a connection (default 5 s).
    pub connect: Duration,
    /// One HTTP attempt, including reading the body (default 30 s).
    pub per_attempt: Duration,
    /// A whole operation including retries and token fetches (default 60 s).
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            per_attempt: Duration::from_secs(30),
            total: Duration::from_secs(60),
        }
    }
}

/// Retry policy: full-jitter exponential backoff (Project decision 13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2, so at most 3 attempts).
    pub max_retries: u32,
    /// Base delay (default 500 ms).
    pub base: Duration,
    /// Largest delay (default 8 s).
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }
}

/// Milliseconds as a [`Duration`] in the option overrides' serde form.
pub(crate) mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(d) => s.serialize_some(&(d.as_millis() as u64)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        Ok(Option::<u64>::deserialize(d)?.map(Duration::from_millis))
    }
}

/// Timeouts where every field may be left out: what is given replaces the base (the
/// defaults, or a client's own), the rest is kept. The serde form is milliseconds,
/// `{"connect_ms": 5000, "per_attempt_ms": 30000, "total_ms": 60000}` (camelCase accepted);
/// unknown keys are refused.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct TimeoutOverrides {
    /// Establishing a connection.
    #[serde(default, with = "millis", rename = "connect_ms", alias = "connectMs")]
    #[schemars(with = "Option<u64>")]
    pub connect: Option<Duration>,
    /// One HTTP attempt.
    #[serde(
        default,
        with = "millis",
        rename = "per_attempt_ms",
        alias = "perAttemptMs",
        alias = "attemptMs"
    )]
    #[schemars(with = "Option<u64>")]
    pub per_attempt: Option<Duration>,
    /// A whole operation.
    #[serde(default, with = "millis", rename = "total_ms", alias = "totalMs")]
    #[schemars(with = "Option<u64>")]
    pub total: Option<Duration>,
}

impl TimeoutOverrides {
    /// `base` with the given fields replaced.
    pub fn apply(&self, base: Timeouts) -> Timeouts {
        Timeouts {
            connect: self.connect.unwrap_or(base.connect),
            per_attempt: self.per_attempt.unwrap_or(base.per_attempt),
            total: self.total.unwrap_or(base.total),
        }
    }
}

/// A retry policy where every field may be left out (see [`TimeoutOverrides`]); serde form
/// `{"max_retries": 2, "base_ms": 500, "cap_ms": 8000}` (camelCase accepted).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct RetryOverrides {
    /// Retries after the first attempt.
    #[serde(default, alias = "maxRetries")]
    pub max_retries: Option<u32>,
    /// Base delay.
    #[serde(default, with = "millis", rename = "base_ms", alias = "baseMs")]
    #[schemars(with = "Option<u64>")]
    pub base: Option<Duration>,
    /// Largest delay.
    #[serde(default, with = "millis", rename = "cap_ms", alias = "capMs")]
    #[schemars(with = "Option<u64>")]
    pub cap: Option<Duration>,
}

impl RetryOverrides {
    /// `base` with the given fields replaced.
    pub fn apply(&self, base: RetryPolicy) -> RetryPolicy {
        RetryPolicy {
            max_retries: self.max_retries.unwrap_or(base.max_retries),
            base: self.base.unwrap_or(base.base),
            cap: self.cap.unwrap_or(base.cap),
        }
    }
}

/// Credentials for Yoti central authentication (OAuth client credentials, docs/yoti-api.md §11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CentralAuthCredentials {
    /// SDK id of the service; defaults to the client's SDK id.
    pub sdk_id: Option<String>,
    /// The service's RSA private key, PEM (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`).
    pub private_key_pem: Secret,
    /// Space-separated scopes, e.g. `avs:sessions:create`.
    pub scope: String,
}

impl CentralAuthCredentials {
    /// Credentials from a PEM private key and a scope.
    pub fn new(private_key_pem: impl Into<Secret>, scope: impl Into<String>) -> Self {
        Self {
            sdk_id: None,
            private_key_pem: private_key_pem.into(),
            scope: scope.into(),
        }
    }
}

/// Builds a [`crate::Client`]. `Debug` never shows secrets.
#[derive(Clone, Default)]
pub struct ClientBuilder {
    pub(crate) sdk_id: Option<String>,
    pub(crate) api_key: Option<Secret>,
    pub(crate) central_auth: Option<CentralAuthCredentials>,
    pub(crate) poa_token: Option<Secret>,
    pub(crate) environment: Environment,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) extra_ca_pem: Vec<Vec<u8>>,
    pub(crate) proxy: Option<String>,
    pub(crate) user_agent_suffix: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("sdk_id", &self.sdk_id)
            .field("api_key", &self.api_key)
            .field("central_auth", &self.central_auth)
            .field("poa_token", &self.poa_token)
            .field("environment", &self.environment)
            .field("timeouts", &self.timeouts)
            .field("retry_policy", &self.retry_policy)
            .field("extra_ca_certificates", &self.extra_ca_pem.len())
            .field("proxy", &self.proxy.as_ref().map(|_| "***"))
            .field("user_agent_suffix", &self.user_agent_suffix)
            .finish()
    }
}

impl ClientBuilder {
    /// A builder with the defaults: production, default timeouts and retries.
    pub fn new() -> Self {
        Self::default()
    }

    /// The Hub service's SDK id, sent as `Yoti-SDK-Id`.
    pub fn sdk_id(mut self, sdk_id: impl Into<String>) -> Self {
        self.sdk_id = Some(sdk_id.into());
        self
    }

    /// A static Hub API key, sent as `Authorization: Bearer <key>` to AVS.
    pub fn api_key(mut self, api_key: impl Into<Secret>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Central authentication: OAuth tokens from a PS384 client assertion. Used for AVS when
    /// no API key is set, and for PoA when no static PoA token is set.
    pub fn central_auth(mut self, credentials: CentralAuthCredentials) -> Self {
        self.central_auth = Some(credentials);
        self
    }

    /// A static PoA bearer token (provisioned in Hub), instead of central auth for PoA.
    pub fn poa_token(mut self, token: impl Into<Secret>) -> Self {
        self.poa_token = Some(token.into());
        self
    }

    /// Which hosts to talk to (default production).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Connect, per-attempt and total timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Retry policy for idempotent requests and connect failures.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// An extra trusted CA (PEM, may hold several certificates), added to the system roots.
    pub fn extra_ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.extra_ca_pem.push(pem.into());
        self
    }

    /// An explicit proxy for all requests. Without it, `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`
    /// from the environment are honoured.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Text appended to the `User-Agent` (`yoti-age-rust/<version> <suffix>`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Validates the configuration and builds the client. Errors are `Error::Config` naming the
    /// offending field.
    pub fn build(self) -> Result<crate::Client> {
        crate::Client::from_builder(self)
    }

    /// Validates the configuration and builds a [`crate::blocking::Client`].
    pub fn build_blocking(self) -> Result<crate::blocking::Client> {
        self.build().map(crate::blocking::Client::from)
    }

    /// Applies `YOTI_*` variables read through `lookup` (see [`crate::Client::from_env`]).
    pub fn with_env_lookup<F>(mut self, lookup: F) -> Result<Self>
    where
        F: Fn(&str) -> Option<String>,
    {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        if let Some(sdk_id) = get("YOTI_SDK_ID") {
            self.sdk_id = Some(sdk_id);
        }
        if let Some(key) = get("YOTI_API_KEY") {
            self.api_key = Some(Secret::new(key));
        }
        if let Some(token) = get("YOTI_POA_TOKEN") {
            self.poa_token = Some(Secret::new(token));
        }
        if let Some(key) = get("YOTI_PRIVATE_KEY") {
            let pem = read_private_key(&key)?;
            let scope = get("YOTI_SCOPE").unwrap_or_default();
            self.central_auth = Some(CentralAuthCredentials::new(pem, scope));
        } else if get("YOTI_SCOPE").is_some() {
            return Err(Error::Config(
                "YOTI_SCOPE: set without YOTI_PRIVATE_KEY".into(),
            ));
        }
        let (name, urls) = (
            get("YOTI_ENV"),
            [
                get("YOTI_AVS_URL"),
                get("YOTI_POA_URL"),
                get("YOTI_AUTH_URL"),
            ],
        );
        // Nothing set keeps the builder's environment.
        if name.is_some() || urls.iter().any(Option::is_some) {
            let [avs, poa, auth] = urls;
            self.environment = Environment::resolve(
                &EnvironmentOptionNames::ENV_VARS,
                name.as_deref(),
                avs,
                poa,
                auth,
            )?;
        }
        Ok(self)
    }
}

/// Checks that `value` can be sent as an HTTP header value (visible ASCII, spaces and tabs);
/// the error names `option` and never shows the value.
pub(crate) fn header_text(option: &str, value: &str) -> Result<()> {
    if !is_header_text(value) {
        return Err(Error::Config(format!("{option}: {HEADER_TEXT_RULE}")));
    }
    Ok(())
}

/// What a header value may hold, as error messages say it.
pub(crate) const HEADER_TEXT_RULE: &str = "cannot be sent as an HTTP header: only visible ASCII \
     characters and spaces are allowed (a newline, another control character or a non-ASCII \
     character is not)";

/// Whether `value` can be sent as an HTTP header value.
pub(crate) fn is_header_text(value: &str) -> bool {
    reqwest::header::HeaderValue::from_str(value).is_ok()
}

/// `YOTI_PRIVATE_KEY` holds either inline PEM or a path to a PEM file.
fn read_private_key(value: &str) -> Result<Secret> {
    if value.contains("-----BEGIN") {
        return Ok(Secret::new(value.replace("\\n", "\n")));
    }
    std::fs::read_to_string(value)
        .map(Secret::new)
        .map_err(|e| Error::Config(format!("YOTI_PRIVATE_KEY: cannot read key file: {e}")))
}

/// A validated configuration, as held by a client.
#[derive(Clone)]
pub(crate) struct ClientConfig {
    pub sdk_id: String,
    pub api_key: Option<Secret>,
    pub poa_token: Option<Secret>,
    pub endpoints: Endpoints,
    pub timeouts: Timeouts,
    pub retry_policy: RetryPolicy,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("sdk_id", &self.sdk_id)
            .field("api_key", &self.api_key)
            .field("poa_token", &self.poa_token)
            .field("endpoints", &self.endpoints)
            .field("timeouts", &self.timeouts)
            .field("retry_policy", &self.retry_policy)
            .finish()
    }
}

/// Parses an RSA private key from PKCS#1 or PKCS#8 PEM. The error never contains the key.
pub(crate) fn parse_private_key(pem: &Secret) -> Result<rsa::RsaPrivateKey> {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::pkcs8::DecodePrivateKey;
    let text = pem.expose().trim();
    rsa::RsaPrivateKey::from_pkcs1_pem(text)
        .or_else(|_| rsa::RsaPrivateKey::from_pkcs8_pem(text))
        .map_err(|_| {
            Error::Config(
                "central_auth.private_key_pem: not a PKCS#1 or PKCS#8 RSA private key in PEM form"
                    .into(),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn loopback_hosts() {
        for ok in [
            "http://127.0.0.1:1/x",
            "http://127.9.9.9/",
            "http://[::1]:8080/",
            "http://localhost:3000/",
            "http://LOCALHOST/",
        ] {
            assert!(is_loopback(&Url::parse(ok).unwrap()), "{ok}");
        }
        for bad in [
            "http://10.0.0.1/",
            "http://example.com/",
            "http://128.0.0.1/",
            "http://localhost.evil.com/",
        ] {
            assert!(!is_loopback(&Url::parse(bad).unwrap()), "{bad}");
        }
    }

    #[test]
    fn http_refused_for_remote_hosts_naming_the_field() {
        let err = Environment::custom("http://example.com/api/v1", "", "")
            .endpoints()
            .unwrap_err();
        assert_eq!(err.code(), "config");
        assert!(err.to_string().contains("avs_base"), "{err}");
        let err = Environment::custom("https://a.example/api/v1", "http://10.1.1.1", "")
            .endpoints()
            .unwrap_err();
        assert!(err.to_string().contains("poa_base"), "{err}");
        let err = Environment::custom("https://a.example/api/v1", "", "ftp://x")
            .endpoints()
            .unwrap_err();
        assert!(err.to_string().contains("auth_url"), "{err}");
        assert!(Environment::custom(
            "http://127.0.0.1:9/api/v1",
            "http://[::1]:9",
            "http://localhost:9/t"
        )
        .endpoints()
        .is_ok());
    }

    #[test]
    fn production_urls() {
        let e = Environment::Production.endpoints().unwrap();
        assert_eq!(e.avs_base.as_str(), "https://age.yoti.com/api/v1");
        assert_eq!(e.poa_base.unwrap().as_str(), "https://api.yoti.com/");
        assert_eq!(
            e.auth_url.unwrap().as_str(),
            "https://auth.api.yoti.com/v1/oauth/token"
        );
        let s = Environment::YotiSandbox.endpoints().unwrap();
        assert_eq!(s.avs_base.as_str(), "https://age.yoti.com/sandbox/api/v1");
        assert!(s.poa_base.is_none());
    }

    #[test]
    fn env_lookup_sets_custom_when_urls_given() {
        let b = ClientBuilder::new()
            .with_env_lookup(lookup(&[
                ("YOTI_SDK_ID", "sdk-1"),
                ("YOTI_API_KEY", "key-1"),
                ("YOTI_AVS_URL", "http://127.0.0.1:1/api/v1"),
                ("YOTI_POA_URL", "http://127.0.0.1:1"),
            ]))
            .unwrap();
        assert_eq!(b.sdk_id.as_deref(), Some("sdk-1"));
        assert_eq!(b.api_key.as_ref().unwrap().expose(), "key-1");
        assert_eq!(
            b.environment,
            Environment::custom("http://127.0.0.1:1/api/v1", "http://127.0.0.1:1", "")
        );
    }

    #[test]
    fn env_lookup_named_environments_and_errors() {
        let b = ClientBuilder::new()
            .with_env_lookup(lookup(&[("YOTI_ENV", "yoti_sandbox")]))
            .unwrap();
        assert_eq!(b.environment, Environment::YotiSandbox);
        let b = ClientBuilder::new().with_env_lookup(lookup(&[])).unwrap();
        assert_eq!(b.environment, Environment::Production);
        let e = ClientBuilder::new()
            .with_env_lookup(lookup(&[("YOTI_ENV", "staging")]))
            .unwrap_err();
        assert!(e.to_string().contains("YOTI_ENV"));
        let e = ClientBuilder::new()
            .with_env_lookup(lookup(&[("YOTI_ENV", "custom")]))
            .unwrap_err();
        assert!(e.to_string().contains("YOTI_AVS_URL"));
        let e = ClientBuilder::new()
            .with_env_lookup(lookup(&[
                ("YOTI_ENV", "production"),
                ("YOTI_AVS_URL", "https://x"),
            ]))
            .unwrap_err();
        assert_eq!(e.code(), "config");
    }

    #[test]
    fn env_lookup_inline_private_key_and_missing_file() {
        let b = ClientBuilder::new()
            .with_env_lookup(lookup(&[
                (
                    "YOTI_PRIVATE_KEY",
                    "-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----",
                ),
                ("YOTI_SCOPE", "avs:sessions:create"),
            ]))
            .unwrap();
        let ca = b.central_auth.unwrap();
        assert!(ca.private_key_pem.expose().contains("\nabc\n"));
        assert_eq!(ca.scope, "avs:sessions:create");
        let e = ClientBuilder::new()
            .with_env_lookup(lookup(&[("YOTI_PRIVATE_KEY", "/nonexistent/key.pem")]))
            .unwrap_err();
        assert!(e.to_string().contains("YOTI_PRIVATE_KEY"));
    }

    #[test]
    fn builder_debug_hides_secrets() {
        let b = ClientBuilder::new()
            .sdk_id("sdk")
            .api_key("canary-key")
            .poa_token("canary-poa")
            .central_auth(CentralAuthCredentials::new("canary-pem", "s"))
            .proxy("http://user:canary-pass@proxy:1");
        let text = format!("{b:?}");
        assert!(!text.contains("canary"), "{text}");
    }
}
