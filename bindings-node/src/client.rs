//! `NativeClient`: every operation of the core's async client, each returning a Promise of a
//! [`NativeReply`](crate::runtime::NativeReply). The JS layer (`index.js`) wraps it.

use napi::bindgen_prelude::Buffer;
use napi::Env;
use napi_derive::napi;
use serde::Deserialize;
use serde_json::{json, Value};

use yoti_age::config::{
    CentralAuthCredentials, Environment, EnvironmentOptionNames, RetryOverrides, RetryPolicy,
    TimeoutOverrides, Timeouts,
};
use yoti_age::headless::SelfieUpload;
use yoti_age::metrics::MetricsQuery;
use yoti_age::poa::{PoaVerifyInput, PoaVerifyRequest};
use yoti_age::rules::RuleConfig;
use yoti_age::user_view::UserViewMethod;
use yoti_age::{Client, Error, RawTarget, SessionConfig, WaitOptions, WaitOverrides};

use crate::javascript::{input, snake_keys, time};
use crate::models::ToJs;
use crate::runtime::{guarded, spawn, NativeReply, Reply};

/// Client options as the JS layer passes them (camelCase JSON); an unknown key is a `config`
/// error naming it, never dropped.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
struct ClientOptions {
    sdk_id: Option<String>,
    api_key: Option<String>,
    poa_token: Option<String>,
    central_auth: Option<CentralAuthOptions>,
    environment: Option<Value>,
    timeouts: Option<TimeoutOverrides>,
    retry: Option<RetryOverrides>,
    extra_ca_pem: Option<String>,
    proxy: Option<String>,
    user_agent_suffix: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CentralAuthOptions {
    private_key_pem: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    sdk_id: Option<String>,
}

/// A name (`"production"`, `"yoti_sandbox"`) or `{ avsUrl, poaUrl, authUrl }`, resolved by the
/// core's one rule.
fn environment(value: &Value) -> Result<Environment, Error> {
    let names = &EnvironmentOptionNames::CAMEL;
    match value {
        Value::String(name) => Environment::resolve(names, Some(name), None, None, None),
        Value::Object(map) => {
            let get = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_owned);
            Environment::resolve(names, None, get("avsUrl"), get("poaUrl"), get("authUrl"))
        }
        _ => Err(Error::Config(
            "environment: must be a name or { avsUrl, poaUrl, authUrl }".into(),
        )),
    }
}

fn build_client(options_json: &str) -> Result<Client, Error> {
    let o: ClientOptions = serde_json::from_str(options_json)
        .map_err(|e| Error::Config(format!("client options: {e}")))?;
    let mut b = Client::builder();
    if let Some(v) = o.sdk_id {
        b = b.sdk_id(v);
    }
    if let Some(v) = o.api_key {
        b = b.api_key(v);
    }
    if let Some(v) = o.poa_token {
        b = b.poa_token(v);
    }
    if let Some(c) = o.central_auth {
        let mut creds = CentralAuthCredentials::new(c.private_key_pem, c.scope);
        creds.sdk_id = c.sdk_id;
        b = b.central_auth(creds);
    }
    if let Some(e) = &o.environment {
        b = b.environment(environment(e)?);
    }
    if let Some(t) = &o.timeouts {
        b = b.timeouts(t.apply(Timeouts::default()));
    }
    if let Some(r) = &o.retry {
        b = b.retry_policy(r.apply(RetryPolicy::default()));
    }
    if let Some(pem) = o.extra_ca_pem {
        b = b.extra_ca_pem(pem.into_bytes());
    }
    if let Some(p) = o.proxy {
        b = b.proxy(p);
    }
    if let Some(s) = o.user_agent_suffix {
        b = b.user_agent_suffix(s);
    }
    b.build()
}

/// Wait options JSON (`{ timeoutMs, initialIntervalMs, maxIntervalMs }`) over the core's
/// defaults.
fn wait_options(json: Option<String>) -> Result<WaitOptions, Error> {
    let overrides: WaitOverrides = match json {
        Some(j) => {
            serde_json::from_str(&j).map_err(|e| Error::Config(format!("wait options: {e}")))?
        }
        None => WaitOverrides::default(),
    };
    Ok(overrides.apply(WaitOptions::default()))
}

/// A session configuration from JavaScript (camelCase or the API's snake_case keys).
pub fn session_config(json: &str) -> Result<SessionConfig, Error> {
    let Ok(value) = serde_json::from_str::<Value>(json) else {
        // Not JSON: the core's reader gives the answer every language gives.
        return SessionConfig::from_json(json);
    };
    SessionConfig::from_value(snake_keys(value))
}

/// A PoA verify request from JavaScript (`{ qr, terminalId, storeId?, scannedAt?,
/// notification? }`), read by the core's strict reader.
fn poa_request(json: &str) -> Result<PoaVerifyRequest, Error> {
    let value = input(json, "PoA verify request")?;
    Ok(yoti_age::request_json::from_value::<PoaVerifyInput>(value)?.into_request())
}

/// The native client. Construct it through the JS `Client` class.
#[napi]
pub struct NativeClient {
    client: Client,
}

#[napi]
impl NativeClient {
    /// Builds a client from options JSON (see `ClientOptions` in index.d.ts).
    #[napi(constructor)]
    pub fn new(options_json: String) -> napi::Result<Self> {
        build_client(&options_json)
            .map(|client| Self { client })
            .map_err(to_napi)
    }

    /// A client from the `YOTI_*` environment variables.
    #[napi(factory)]
    pub fn from_env() -> napi::Result<Self> {
        Client::from_env()
            .map(|client| Self { client })
            .map_err(to_napi)
    }

    /// A client sharing connections and tokens, with other timeouts and retries.
    #[napi]
    pub fn with_options(&self, options_json: String) -> napi::Result<NativeClient> {
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct O {
            timeouts: Option<TimeoutOverrides>,
            retry: Option<RetryOverrides>,
        }
        let o: O = serde_json::from_str(&options_json)
            .map_err(|e| to_napi(Error::Config(format!("options: {e}"))))?;
        let mut client = self.client.clone();
        if let Some(t) = &o.timeouts {
            client = client.with_timeouts(t.apply(client.timeouts()));
        }
        if let Some(r) = &o.retry {
            client = client.with_retry_policy(r.apply(client.retry_policy()));
        }
        Ok(NativeClient { client })
    }

    /// The configuration without secrets, as JSON (for `inspect` and `toJSON`).
    #[napi]
    pub fn describe(&self) -> String {
        json!({
            "sdkId": self.client.sdk_id(),
            "avsBase": self.client.avs_base().as_str(),
            "poaBase": self.client.poa_base().map(|u| u.as_str()),
            "centralAuth": self.client.central_auth().is_some(),
        })
        .to_string()
    }

    /// `POST /sessions`.
    #[napi]
    pub fn create_session(&self, env: &Env, config_json: String, call_id: u32) -> napi::Result<()> {
        let client = self.client.clone();
        spawn(env, call_id, async move {
            let config = session_config(&config_json)?;
            client.create_session(&config).await?.reply()
        })
    }

    /// `GET /sessions/{id}`.
    #[napi]
    pub fn get_session(&self, env: &Env, session_id: String, call_id: u32) -> napi::Result<()> {
        let client = self.client.clone();
        spawn(env, call_id, async move {
            client.get_session(&session_id).await?.reply()
        })
    }

    /// `GET /sessions/{id}/result`.
    #[napi]
    pub fn get_result(&self, env: &Env, session_id: String, call_id: u32) -> napi::Result<()> {
        let client = self.client.clone();
        spawn(env, call_id, async move {
            client.get_result(&session_id).await?.reply()
        })
    }

    /// Polls the result until terminal or the wait timeout.
    #[napi]
    pub fn wait_for_result(
        &self,
        env: &Env,
        session_id: String,
        wait_json: Option<String>,
        call_id: u32,
    ) -> napi::Result<()> {
        let client = self.client.clone();
        spawn(env, call_id, async move {
            let options = wait_options(wait_json)?;
            client.wait_for_result(&session_id, options).await?.reply()
        })
    }

    /// The hosted user-view URL (`method`: `age-estimation`, `doc-scan`, `yoti`, ...).
    #[napi]
    pub fn user_view_url(&self, session_id: String, method: Option<String>) -> NativeReply {
        guarded(|| {
            let method = method.as_deref().map(UserViewMethod::parse);
            let url = self.client.user_view_url(&session_id, method)?;
            Ok(Reply::json(Value::String(url.to_string()).to_string()))
        })
    }

    /// `POST /sessions/{id}/age-estimation` (headless selfie).
    #[napi]
    pub fn upload_selfie(
        &self,
        env: &Env,
        session_id: String,
        image: Buffer,
        biometric_consent: String,
        secure_token: String,
        call_id: u32,
    ) -> napi::Result<()> {
        let client = self.client.clone();
        let image = image.to_vec();
        spawn(env, call_id, async move {
            let upload = SelfieUpload {
                image,
                biometric_consent: time(&biometric_consent, "biometric_consent")?,
                secure_token,
            };
            client.upload_selfie(&session_id, &upload).await?.reply()
        })
    }

    /// `POST /rules`.
    #[napi]
    pub fn create_rule(&self, env: &Env, rule_json: String, call_id: u32) -> napi::Result<()> {
        let client = self.client.clone();
        spawn(env, call_id, async move {
            let rule = RuleConfig::from_value(input(&rule_json, "rule")?)?;
            client.create_rule(&rule).await?.reply()
        })
    }

    /// `GET /report/fetch-summary-stats`.
    #[napi]
    pub fn metrics(
        &self,
        env: &Env,
        created_after: String,
        created_before: String,
        call_id: u32,
    ) -> napi::Result<()> {
        let client = self.client.clone();
        spawn(env, call_id, async move {
            let query = MetricsQuery {
                created_after: time(&created_after, "created_after")?,
                created_before: time(&created_before, "created_before")?,
            };
            client.metrics(&query).await?.reply()
        })
    }

    /// `POST /poa/v1/verify`.
    #[napi]
    pub fn poa_verify(&self, env: &Env, request_json: String, call_id: u32) -> napi::Result<()> {
        let client = self.client.clone();
        spawn(env, call_id, async move {
            let request = poa_request(&request_json)?;
            client.poa_verify(&request).await?.reply()
        })
    }

    /// `GET /poa/v1/verify/{id}`.
    #[napi]
    pub fn poa_get(&self, env: &Env, id: String, call_id: u32) -> napi::Result<()> {
        let client = self.client.clone();
        spawn(
            env,
            call_id,
            async move { client.poa_get(&id).await?.reply() },
        )
    }

    /// Polls a PoA verification until SUCCESS/FAILURE or the wait timeout.
    #[napi]
    pub fn poa_wait(
        &self,
        env: &Env,
        id: String,
        wait_json: Option<String>,
        call_id: u32,
    ) -> napi::Result<()> {
        let client = self.client.clone();
        spawn(env, call_id, async move {
            let options = wait_options(wait_json)?;
            client.poa_wait(&id, options).await?.reply()
        })
    }

    /// A central-auth access token (`token` is a secret).
    #[napi]
    pub fn access_token(&self, env: &Env, call_id: u32) -> napi::Result<()> {
        let client = self.client.clone();
        spawn(env, call_id, async move {
            let auth = client.central_auth().ok_or_else(|| {
                Error::Config("central_auth: this client has no central-auth credentials".into())
            })?;
            let token = auth.token().await?;
            Ok(Reply::json(
                json!({
                    "token": token.token.expose(),
                    "tokenType": token.token_type,
                    "expiresIn": token.expires_in,
                    "scope": token.scope,
                })
                .to_string(),
            ))
        })
    }

    /// Any request to AVS (`target` `avs`) or PoA (`poa`) with this client's auth and retries.
    #[napi]
    pub fn raw_request(
        &self,
        env: &Env,
        method: String,
        target: String,
        path: String,
        body_json: Option<String>,
        call_id: u32,
    ) -> napi::Result<()> {
        let client = self.client.clone();
        spawn(env, call_id, async move {
            let target: RawTarget = target.parse()?;
            let body = match body_json {
                Some(j) => Some(
                    serde_json::from_str(&j)
                        .map_err(|e| Error::Config(format!("body: not JSON ({e})")))?,
                ),
                None => None,
            };
            let r = client.raw_request(&method, target, &path, body).await?;
            Ok(Reply {
                json: json!({"status": r.status, "headers": r.headers}).to_string(),
                raw: None,
                body: Some(r.body),
            })
        })
    }
}

/// A core error as a napi error whose message is the error JSON (for the few synchronous
/// calls that throw; the JS layer turns it into a `YotiAgeError`).
pub fn to_napi(e: Error) -> napi::Error {
    napi::Error::from_reason(format!(
        "{}{}",
        crate::ERROR_PREFIX,
        crate::errors::error_json(&e)
    ))
}
