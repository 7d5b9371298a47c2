//! Webhook verification (AVS: RSA-PSS over the raw body; PoA: your header secrets).

use std::collections::BTreeMap;
use std::time::Duration;

use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

use yoti_age::poa::verify_poa_webhook;
use yoti_age::{Error, WebhookVerifier};

use crate::client::to_napi;
use crate::models::ToJs;
use crate::runtime::{guarded, NativeReply};

/// Verifies AVS webhooks against one public key.
#[napi]
pub struct NativeWebhookVerifier {
    verifier: WebhookVerifier,
}

#[napi]
impl NativeWebhookVerifier {
    /// A verifier for an SPKI PEM key, or Yoti's production key when `None`; with
    /// `tolerance_seconds`, notifications whose timestamp is further from now are `webhook.stale`.
    #[napi(constructor)]
    pub fn new(
        public_key_pem: Option<String>,
        tolerance_seconds: Option<u32>,
    ) -> napi::Result<Self> {
        let verifier = match public_key_pem {
            Some(pem) => WebhookVerifier::from_public_key_pem(&pem).map_err(to_napi)?,
            None => WebhookVerifier::yoti_production(),
        };
        let verifier = match tolerance_seconds {
            Some(s) => verifier.with_tolerance(Duration::from_secs(u64::from(s))),
            None => verifier,
        };
        Ok(Self { verifier })
    }

    /// Verifies the raw body and parses it.
    #[napi]
    pub fn verify(&self, body: Buffer) -> NativeReply {
        guarded(|| self.verifier.verify(&body)?.reply())
    }
}

/// Checks a PoA webhook: every expected header present with the same value, then parses the body.
#[napi]
pub fn native_verify_poa_webhook(
    expected_headers_json: String,
    received_headers_json: String,
    body: Buffer,
) -> NativeReply {
    guarded(|| {
        let expected: BTreeMap<String, String> = serde_json::from_str(&expected_headers_json)
            .map_err(|e| Error::Config(format!("expected headers: {e}")))?;
        let received: Vec<(String, String)> = serde_json::from_str(&received_headers_json)
            .map_err(|e| Error::Config(format!("received headers: {e}")))?;
        let result = verify_poa_webhook(
            &expected,
            received.iter().map(|(k, v)| (k.as_str(), v.as_bytes())),
            &body,
        )?;
        result.reply()
    })
}
