//! AVS webhooks: verification of the raw body (Project decision 10, docs/yoti-api.md), typed
//! parsing, and signing (for tests and the sandbox).

use std::time::Duration;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use rsa::pkcs8::{DecodePublicKey, EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::{Pss, RsaPrivateKey, RsaPublicKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, WebhookErrorKind};
use crate::open_enum::open_enum;
use crate::result::Method;

/// Yoti's published production key for AVS webhooks and age-token claims (RSA 3072, SPKI PEM).
pub const YOTI_PRODUCTION_PUBLIC_KEY_PEM: &str = "-----BEGIN PUBLIC KEY-----
MIIBojANBgkqhkiG9w0BAQEFAAOCAY8AMIIBigKCAYEAune8+8vPz/pQD6IzdWvX
Q66nh/RcywopCI01Wjo6i7vlH2iVOP1oCkgbObe12iMmVXKRiXgMNT6aXIGe6Ggw
dodzAmt3vT1fmrgub7Of6MgJ56ri2uH1O54DTjbnEbEcLXX13teOusZavntrkNpp
x1c8L0Ol41mRvImJeMHM6I16rLhqB/w1m7USMvof/K6GaP+VmmciZTPyZ6IsXxvB
k0ZoqWqrt2xENlg4O6LXMo7eHEiG+edm9uDpbZK1RhiCd6hyDZ/t4bBQNg4misFF
WezQSiUlPwBLRg1AJ3CNrtBzs49BZ30U7WSPUS0Gsq1lhhDtUtJUt4CdkDAfkVY6
2C6aaqKV940GcPFN7MjOeFus3VNJE3zyHVLT8DStuLMXHY+gQBGFOyxN6heZbm7a
Sl9fi7VXlDTlv1jpk4DFMQYF2fpAyomm95GavhllJnDxC2t8ebu0O23B88hPGI3K
kyLtPA8ie6UNmwNqLYpOEN/pwayYw75FcENBDxnWhoe9AgMBAAE=
-----END PUBLIC KEY-----
";

open_enum! {
    /// Outcome of one attempt, as carried by a webhook.
    pub enum AttemptState {
        /// The user met the criterion, or an age was found.
        Complete = "COMPLETE",
        /// The user did not meet the criterion.
        Fail = "FAIL",
        /// No age could be determined.
        Error = "ERROR",
    }
}

open_enum! {
    /// The liveness level used by an attempt (`SESSION` is seen from Yoti's sandbox).
    pub enum CheckType {
        /// No liveness check.
        None = "NONE",
        /// Passive liveness.
        Passive = "PASSIVE",
        /// Legacy active liveness.
        Active = "ACTIVE",
        /// Legacy passive liveness.
        MyFace = "MY_FACE",
        /// Yoti's sandbox value.
        Session = "SESSION",
    }
}

/// An AVS webhook notification (docs/yoti-api.md §6.2). Fields serialize in the order Yoti signs
/// them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AvsNotification {
    /// Method of the attempt.
    #[serde(default, deserialize_with = "crate::result::lenient_method")]
    pub method: Option<Method>,
    /// Deprecated: whether the criterion was met. Use `state`.
    #[serde(default)]
    pub result: Option<bool>,
    /// Actual age for AGE sessions, otherwise the threshold.
    #[serde(default)]
    pub age: Option<u32>,
    /// The session id.
    pub session_key: String,
    /// Your reference id.
    #[serde(default)]
    pub reference_id: Option<String>,
    /// Notification id: deduplicate on it, resends are legitimate.
    pub id: String,
    /// Time of sending, epoch seconds.
    pub timestamp: i64,
    /// The webhook URL, echoed.
    #[serde(default)]
    pub notification_url: Option<String>,
    /// Attempt id.
    #[serde(default)]
    pub evidence_id: Option<String>,
    /// Outcome of the attempt: base business logic on `COMPLETE`.
    pub state: AttemptState,
    /// Liveness level used.
    #[serde(default)]
    pub check_type: Option<CheckType>,
    /// Error code, when the attempt errored (seen only in a Yoti sample).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Attempt number, from 1 (not covered by the signature).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u32>,
    /// Base64 RSA-PSS signature (not covered by itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// The JSON as received.
    #[serde(skip)]
    pub raw: crate::decode::RawJson,
}

impl AvsNotification {
    /// When the notification was sent.
    pub fn sent_at(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.timestamp, 0)
    }
}

fn webhook_error(kind: WebhookErrorKind, message: impl Into<String>) -> Error {
    Error::Webhook {
        kind,
        message: message.into(),
    }
}

/// Whitespace as JavaScript's `\s` matches it, which is what Yoti's reference sample strips.
fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// Byte ranges of the members of the top-level JSON object in `text`, with their raw keys.
struct Members<'a> {
    text: &'a str,
    spans: Vec<(&'a str, std::ops::Range<usize>)>,
}

fn malformed(message: &str) -> Error {
    webhook_error(WebhookErrorKind::Malformed, message)
}

impl<'a> Members<'a> {
    fn scan(text: &'a str) -> Result<Self, Error> {
        let bytes = text.as_bytes();
        let mut i = skip_ws(bytes, 0);
        if bytes.get(i) != Some(&b'{') {
            return Err(malformed("body is not a JSON object"));
        }
        i += 1;
        let mut spans = Vec::new();
        loop {
            i = skip_ws(bytes, i);
            match bytes.get(i) {
                Some(b'}') if spans.is_empty() => break,
                Some(b'"') => {}
                _ => return Err(malformed("expected a member name")),
            }
            let start = i;
            let key_end = end_of_string(bytes, i)?;
            let key = &text[start + 1..key_end - 1];
            i = skip_ws(bytes, key_end);
            if bytes.get(i) != Some(&b':') {
                return Err(malformed("expected ':' after a member name"));
            }
            i = end_of_value(bytes, skip_ws(bytes, i + 1))?;
            spans.push((key, start..i));
            i = skip_ws(bytes, i);
            match bytes.get(i) {
                Some(b',') => i += 1,
                Some(b'}') => break,
                _ => return Err(malformed("expected ',' or '}' after a member")),
            }
        }
        if skip_ws(bytes, i + 1) != bytes.len() {
            return Err(malformed("trailing data after the JSON object"));
        }
        Ok(Self { text, spans })
    }
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// Index just past the string starting at `i` (which is a `"`).
fn end_of_string(bytes: &[u8], mut i: usize) -> Result<usize, Error> {
    i += 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    Err(malformed("unterminated string"))
}

/// Index just past the JSON value starting at `i`.
fn end_of_value(bytes: &[u8], mut i: usize) -> Result<usize, Error> {
    match bytes.get(i) {
        Some(b'"') => end_of_string(bytes, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            while let Some(&b) = bytes.get(i) {
                match b {
                    b'"' => {
                        i = end_of_string(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            Err(malformed("unterminated object or array"))
        }
        Some(_) => {
            let start = i;
            while matches!(bytes.get(i), Some(b) if !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
            {
                i += 1;
            }
            if i == start {
                Err(malformed("expected a value"))
            } else {
                Ok(i)
            }
        }
        None => Err(malformed("expected a value")),
    }
}

/// The bytes Yoti signs: the raw body without the `sequence_number` and `signature` members,
/// with every whitespace character removed. Works on the text as received (key order and
/// escaping untouched), never on a re-serialised object.
pub fn canonical_bytes(body: &[u8]) -> crate::Result<Vec<u8>> {
    let text = std::str::from_utf8(body).map_err(|_| malformed("body is not UTF-8"))?;
    let members = Members::scan(text)?;
    let mut out = String::with_capacity(text.len());
    out.push('{');
    let kept = members
        .spans
        .iter()
        .filter(|(key, _)| *key != "sequence_number" && *key != "signature");
    for (n, (_, span)) in kept.enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&members.text[span.clone()]);
    }
    out.push('}');
    out.retain(|c| !is_js_whitespace(c));
    Ok(out.into_bytes())
}

fn max_salt_len(key: &RsaPublicKey) -> usize {
    let em_len = (key.n().bits() + 6) / 8;
    em_len.saturating_sub(Sha256::output_size() + 2)
}

/// Verifies AVS webhooks against a public key, optionally checking the timestamp.
#[derive(Clone)]
pub struct WebhookVerifier {
    key: RsaPublicKey,
    tolerance: Option<Duration>,
}

impl std::fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("key_bits", &self.key.n().bits())
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl WebhookVerifier {
    /// A verifier for Yoti's production key.
    pub fn yoti_production() -> Self {
        // The embedded key is a constant checked by a unit test.
        Self::from_public_key_pem(YOTI_PRODUCTION_PUBLIC_KEY_PEM)
            .unwrap_or_else(|_| unreachable!("the embedded production key is valid"))
    }

    /// A verifier for an SPKI PEM public key (e.g. the local sandbox's).
    pub fn from_public_key_pem(pem: &str) -> crate::Result<Self> {
        let key = RsaPublicKey::from_public_key_pem(pem.trim()).map_err(|e| {
            Error::Config(format!("webhook public key: not an RSA SPKI PEM key ({e})"))
        })?;
        Ok(Self {
            key,
            tolerance: None,
        })
    }

    /// Rejects notifications whose `timestamp` is further than `tolerance` from now (off by
    /// default: resends are legitimate).
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = Some(tolerance);
        self
    }

    /// Verifies the raw body and parses it. Errors: `webhook.malformed` (not a JSON object),
    /// `webhook.missing_field`, `webhook.invalid_signature`, `webhook.stale`.
    pub fn verify(&self, body: &[u8]) -> crate::Result<AvsNotification> {
        self.verify_at(body, Utc::now())
    }

    /// [`verify`](Self::verify) with an explicit current time.
    pub fn verify_at(&self, body: &[u8], now: DateTime<Utc>) -> crate::Result<AvsNotification> {
        let canonical = canonical_bytes(body)?;
        let raw: serde_json::Value = serde_json::from_slice(body)
            .map_err(|e| malformed(&format!("body is not valid JSON: {e}")))?;
        let signature = raw
            .get("signature")
            .and_then(|s| s.as_str())
            .ok_or_else(|| {
                webhook_error(
                    WebhookErrorKind::MissingField,
                    "signature: missing or not a string",
                )
            })?;
        let signature = BASE64.decode(signature.trim()).map_err(|_| {
            webhook_error(WebhookErrorKind::InvalidSignature, "signature: not base64")
        })?;
        let digest = Sha256::digest(&canonical);
        self.key
            .verify(
                Pss::new_with_salt::<Sha256>(max_salt_len(&self.key)),
                &digest,
                &signature,
            )
            .map_err(|_| {
                webhook_error(
                    WebhookErrorKind::InvalidSignature,
                    "signature does not match the body and key",
                )
            })?;
        let notification = parse_notification(raw, body)?;
        if let Some(tolerance) = self.tolerance {
            let skew = (now.timestamp() - notification.timestamp).unsigned_abs();
            if skew > tolerance.as_secs() {
                return Err(webhook_error(
                    WebhookErrorKind::Stale,
                    format!(
                        "timestamp is {skew} s from now, beyond the {} s tolerance",
                        tolerance.as_secs()
                    ),
                ));
            }
        }
        Ok(notification)
    }
}

/// Parses a notification without verifying it (use [`WebhookVerifier::verify`] for anything
/// received over the network).
pub fn parse_notification_unverified(body: &[u8]) -> crate::Result<AvsNotification> {
    let raw: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| malformed(&format!("body is not valid JSON: {e}")))?;
    parse_notification(raw, body)
}

fn parse_notification(raw: serde_json::Value, body: &[u8]) -> crate::Result<AvsNotification> {
    if !raw.is_object() {
        return Err(malformed("body is not a JSON object"));
    }
    for (field, ok) in [
        (
            "session_key",
            raw.get("session_key").is_some_and(|v| v.is_string()),
        ),
        ("id", raw.get("id").is_some_and(|v| v.is_string())),
        (
            "timestamp",
            raw.get("timestamp").is_some_and(|v| v.is_i64()),
        ),
        ("state", raw.get("state").is_some_and(|v| v.is_string())),
    ] {
        if !ok {
            return Err(webhook_error(
                WebhookErrorKind::MissingField,
                format!("{field}: missing or of the wrong type"),
            ));
        }
    }
    let mut n: AvsNotification = serde_json::from_value(raw)
        .map_err(|e| webhook_error(WebhookErrorKind::MissingField, e.to_string()))?;
    n.raw = crate::decode::RawJson::new(body);
    Ok(n)
}

/// Signs a notification as Yoti does and returns the body to POST: the fields in order with
/// `sequence_number` and a fresh `signature` (RSA-PSS, SHA-256, maximum salt).
pub fn sign_notification(
    notification: &AvsNotification,
    key: &RsaPrivateKey,
) -> crate::Result<Vec<u8>> {
    let mut unsigned = notification.clone();
    let sequence_number = unsigned.sequence_number.take();
    unsigned.signature = None;
    // Serialize the struct itself (not a `Value`, whose map would sort the keys).
    let unsigned_text =
        serde_json::to_string(&unsigned).map_err(|e| Error::Internal(e.to_string()))?;
    let signature = sign_canonical(&canonical_bytes(unsigned_text.as_bytes())?, key)?;
    let mut signed = unsigned;
    signed.sequence_number = sequence_number;
    signed.signature = Some(signature);
    serde_json::to_vec(&signed).map_err(|e| Error::Internal(e.to_string()))
}

/// Signs canonical bytes (see [`canonical_bytes`]) and returns the base64 signature.
pub fn sign_canonical(canonical: &[u8], key: &RsaPrivateKey) -> crate::Result<String> {
    let public = key.to_public_key();
    let digest = Sha256::digest(canonical);
    let signature = key
        .sign_with_rng(
            &mut rand::thread_rng(),
            Pss::new_with_salt::<Sha256>(max_salt_len(&public)),
            &digest,
        )
        .map_err(|e| Error::Internal(format!("signing failed: {e}")))?;
    Ok(BASE64.encode(signature))
}

/// The SPKI PEM of a private key's public half, as the sandbox publishes it.
pub fn public_key_pem(key: &RsaPrivateKey) -> crate::Result<String> {
    key.to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| Error::Internal(format!("could not encode public key: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_key_is_rsa_3072() {
        let v = WebhookVerifier::yoti_production();
        assert_eq!(v.key.n().bits(), 3072);
        assert_eq!(max_salt_len(&v.key), 350);
    }

    #[test]
    fn canonical_drops_excluded_members_and_whitespace_keeping_order() {
        let body =
            br#"{ "b": "x y", "sequence_number": 3, "a": {"n": [1, 2]}, "signature": "s=" }"#;
        assert_eq!(
            canonical_bytes(body).unwrap(),
            br#"{"b":"xy","a":{"n":[1,2]}}"#
        );
        let escaped = br#"{"k":"a\"b}","signature":"z"}"#;
        assert_eq!(canonical_bytes(escaped).unwrap(), br#"{"k":"a\"b}"}"#);
    }

    #[test]
    fn canonical_rejects_non_objects() {
        for bad in [
            &b"[1]"[..],
            b"",
            b"{\"a\":1",
            b"{\"a\" 1}",
            b"{\"a\":1} x",
            b"\xff",
        ] {
            let e = canonical_bytes(bad).unwrap_err();
            assert_eq!(e.code(), "webhook.malformed", "{bad:?}");
        }
    }
}
