//! The in-process sandbox for `yoti-age/testing`: starts on loopback, plays the user, signs
//! test webhooks with the sandbox's key.

use std::sync::{Arc, Mutex};

use napi::Env;
use napi_derive::napi;
use serde::Deserialize;
use serde_json::json;

use yoti_age::Error;
use yoti_age_sandbox::sessions::Outcome;
use yoti_age_sandbox::{Sandbox, SandboxConfig, SandboxHandle};

use crate::client::to_napi;
use crate::javascript::input;
use crate::models::ToJs;
use crate::runtime::{guarded, runtime, spawn, NativeReply, Reply};

/// A local sandbox. `start` it, then use its URLs and credentials; dropped or `stop`ped, it
/// stops serving.
#[napi]
pub struct NativeSandbox {
    handle: Arc<Mutex<Option<SandboxHandle>>>,
}

impl NativeSandbox {
    fn with<T>(&self, f: impl FnOnce(&SandboxHandle) -> Result<T, Error>) -> Result<T, Error> {
        let slot = self.handle.lock().unwrap_or_else(|p| p.into_inner());
        match slot.as_ref() {
            Some(h) => f(h),
            None => Err(Error::Config("sandbox: not started, or stopped".into())),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct StartOptions {
    sdk_id: Option<String>,
    api_key: Option<String>,
    webhook_private_key_pem: Option<String>,
}

#[napi]
impl NativeSandbox {
    /// An unstarted sandbox.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            handle: Arc::new(Mutex::new(None)),
        }
    }

    /// Starts it on 127.0.0.1 and a free port; resolves with its URLs and credentials.
    #[napi]
    pub fn start(&self, env: &Env, options_json: String, call_id: u32) -> napi::Result<()> {
        let slot = Arc::clone(&self.handle);
        spawn(env, call_id, async move {
            let o: StartOptions = serde_json::from_str(&options_json)
                .map_err(|e| Error::Config(format!("sandbox options: {e}")))?;
            let webhook_key = match o.webhook_private_key_pem {
                Some(pem) => {
                    use rsa::pkcs8::DecodePrivateKey;
                    Some(rsa::RsaPrivateKey::from_pkcs8_pem(&pem).map_err(|_| {
                        Error::Config("webhookPrivateKeyPem: not a PKCS#8 RSA key".into())
                    })?)
                }
                None => None,
            };
            let config = SandboxConfig {
                sdk_id: o.sdk_id,
                api_key: o.api_key,
                webhook_key,
                ..SandboxConfig::default()
            };
            let handle = Sandbox::start(config)
                .await
                .map_err(|e| Error::Config(format!("sandbox: {e}")))?;
            let info = json!({
                "baseUrl": handle.base_url(),
                "avsUrl": handle.avs_url(),
                "poaUrl": handle.poa_url(),
                "authUrl": handle.auth_url(),
                "sdkId": handle.sdk_id(),
                "apiKey": handle.api_key(),
                "webhookPublicKeyPem": handle.webhook_public_key_pem(),
            });
            *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle);
            Ok(Reply::json(info.to_string()))
        })
    }

    /// Plays the user: records an attempt (`{ status?, age?, method? }`) and sends its webhook;
    /// returns the session result.
    #[napi]
    pub fn complete(&self, session_id: String, outcome_json: String) -> NativeReply {
        guarded(|| {
            let outcome: Outcome = serde_json::from_value(input(&outcome_json, "outcome")?)
                .map_err(|e| Error::Config(format!("outcome: {e}")))?;
            // Webhook delivery is spawned onto the runtime.
            let _guard = runtime()?.enter();
            self.with(|h| h.complete(&session_id, &outcome))?.reply()
        })
    }

    /// Signs a notification (API or camelCase keys) with the sandbox's webhook key, as Yoti
    /// does; returns the body to POST.
    #[napi]
    pub fn sign_webhook(&self, notification_json: String) -> NativeReply {
        guarded(|| {
            let value = input(&notification_json, "notification")?;
            let notification: yoti_age::AvsNotification = serde_json::from_value(value)
                .map_err(|e| Error::Config(format!("notification: {e}")))?;
            let body = self.with(|h| {
                yoti_age::webhook::sign_notification(&notification, h.webhook_private_key())
            })?;
            Ok(Reply {
                json: "null".into(),
                raw: None,
                body: Some(body),
            })
        })
    }

    /// Accepts central-auth assertions signed by this key (SPKI PEM) for this SDK id.
    #[napi]
    pub fn register_client_key(&self, sdk_id: String, public_key_pem: String) -> napi::Result<()> {
        self.with(|h| {
            h.register_client_key(&sdk_id, &public_key_pem)
                .map_err(|e| Error::Config(format!("sandbox: {e}")))
        })
        .map_err(to_napi)
    }

    /// Stops serving (idempotent).
    #[napi]
    pub fn stop(&self) {
        let handle = self.handle.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(h) = handle {
            h.shutdown();
            // Dropped inside the runtime: its tasks end there.
            if let Ok(rt) = runtime() {
                let _guard = rt.enter();
                drop(h);
            }
        }
    }
}
