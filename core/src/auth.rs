//! Yoti central authentication (docs/yoti-api.md §11 and Project decision 12): a PS384 JWT client
//! assertion exchanged for an OAuth access token, cached and refreshed with a single flight.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use tokio::time::Instant;
use url::Url;

use crate::config::{parse_private_key, CentralAuthCredentials};
use crate::error::{ApiError, Error, Result};
use crate::secret::Secret;
use crate::transport::{Body, Outgoing, Transport};

/// `client_assertion_type` of a JWT bearer client assertion.
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// How far `iat` is backdated to absorb clock skew.
pub const IAT_BACKDATE_SECONDS: i64 = 60;
/// Lifetime of an assertion (`exp` − `iat`).
pub const ASSERTION_LIFETIME_SECONDS: i64 = 300;
/// A cached token is refreshed this long before it expires.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// Claims of the client assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssertionClaims {
    /// `sdk:<SDK_ID>`.
    pub iss: String,
    /// Same as `iss`.
    pub sub: String,
    /// The token URL.
    pub aud: String,
    /// A UUIDv4.
    pub jti: String,
    /// Issued at (now − 60 s), seconds since the epoch.
    pub iat: i64,
    /// Expiry (`iat` + 300 s), seconds since the epoch.
    pub exp: i64,
}

impl AssertionClaims {
    /// The claims for an SDK id and token URL at a given time.
    pub fn new(sdk_id: &str, token_url: &str, now: DateTime<Utc>) -> Self {
        let iss = format!("sdk:{sdk_id}");
        let iat = now.timestamp() - IAT_BACKDATE_SECONDS;
        Self {
            sub: iss.clone(),
            iss,
            aud: token_url.to_owned(),
            jti: uuid::Uuid::new_v4().to_string(),
            iat,
            exp: iat + ASSERTION_LIFETIME_SECONDS,
        }
    }
}

/// A signing key for client assertions, parsed once from PKCS#1 or PKCS#8 PEM.
#[derive(Clone)]
pub struct AssertionKey(EncodingKey);

impl fmt::Debug for AssertionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AssertionKey(***)")
    }
}

impl AssertionKey {
    /// Parses an RSA private key (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY` PEM).
    pub fn from_pem(pem: &Secret) -> Result<Self> {
        use rsa::pkcs1::EncodeRsaPrivateKey;
        let key = parse_private_key(pem)?;
        let der = key.to_pkcs1_der().map_err(|_| {
            Error::Config("central_auth.private_key_pem: cannot encode the RSA key".into())
        })?;
        Ok(Self(EncodingKey::from_rsa_der(der.as_bytes())))
    }
}

/// Signs a PS384 client assertion (header `{"alg":"PS384","typ":"JWT"}`) for `sdk_id`, with
/// `aud` = `token_url`, `iat` = `now` − 60 s and `exp` = `iat` + 300 s.
pub fn client_assertion(
    sdk_id: &str,
    key: &AssertionKey,
    token_url: &str,
    now: DateTime<Utc>,
) -> Result<Secret> {
    let mut header = Header::new(Algorithm::PS384);
    header.typ = Some("JWT".into());
    let claims = AssertionClaims::new(sdk_id, token_url, now);
    jsonwebtoken::encode(&header, &claims, &key.0)
        .map(Secret::new)
        .map_err(|e| Error::Internal(format!("cannot sign the client assertion: {e}")))
}

/// The token endpoint's answer.
#[derive(Clone, Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    scope: Option<String>,
}

/// An access token issued by central auth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken {
    /// The bearer token.
    pub token: Secret,
    /// `token_type` as answered (normally `Bearer`).
    pub token_type: String,
    /// Lifetime in seconds as answered.
    pub expires_in: u64,
    /// Granted scopes.
    pub scope: String,
}

#[derive(Clone)]
struct Cached {
    token: AccessToken,
    refresh_at: Instant,
}

/// Fetches and caches central-auth access tokens. One token request at a time (single flight).
pub struct CentralAuth {
    sdk_id: String,
    key: AssertionKey,
    scope: String,
    token_url: Url,
    transport: Arc<Transport>,
    cache: Mutex<Option<Cached>>,
    requests: AtomicU64,
}

impl fmt::Debug for CentralAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CentralAuth")
            .field("sdk_id", &self.sdk_id)
            .field("scope", &self.scope)
            .field("token_url", &self.token_url.as_str())
            .field("token_requests", &self.requests.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl CentralAuth {
    pub(crate) fn new(
        credentials: &CentralAuthCredentials,
        client_sdk_id: &str,
        token_url: Url,
        transport: Arc<Transport>,
    ) -> Result<Self> {
        let sdk_id = credentials
            .sdk_id
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| client_sdk_id.to_owned());
        if credentials.scope.trim().is_empty() {
            return Err(Error::Config(
                "central_auth.scope: at least one scope is required".into(),
            ));
        }
        Ok(Self {
            sdk_id,
            key: AssertionKey::from_pem(&credentials.private_key_pem)?,
            scope: credentials.scope.trim().to_owned(),
            token_url,
            transport,
            cache: Mutex::new(None),
            requests: AtomicU64::new(0),
        })
    }

    /// A fresh client assertion for this client's SDK id, key and token URL.
    pub fn client_assertion(&self) -> Result<Secret> {
        client_assertion(&self.sdk_id, &self.key, self.token_url.as_str(), Utc::now())
    }

    /// The token URL.
    pub fn token_url(&self) -> &Url {
        &self.token_url
    }

    /// How many token requests this client has sent (for diagnostics and tests).
    pub fn token_requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// A valid access token: the cached one, or a new one when it is missing or about to
    /// expire. Concurrent callers share one token request.
    pub async fn token(&self) -> Result<AccessToken> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref() {
            if Instant::now() < cached.refresh_at {
                return Ok(cached.token.clone());
            }
        }
        let fresh = self.fetch().await?;
        *cache = Some(fresh.clone());
        Ok(fresh.token)
    }

    /// Called after the API rejected `rejected` with 401: drops it and returns a new token,
    /// unless another caller already replaced it.
    pub(crate) async fn token_after_rejection(&self, rejected: &Secret) -> Result<AccessToken> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref() {
            if &cached.token.token != rejected && Instant::now() < cached.refresh_at {
                return Ok(cached.token.clone());
            }
        }
        *cache = None;
        let fresh = self.fetch().await?;
        *cache = Some(fresh.clone());
        Ok(fresh.token)
    }

    /// Forgets the cached token.
    pub async fn invalidate(&self) {
        *self.cache.lock().await = None;
    }

    async fn fetch(&self) -> Result<Cached> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let assertion = self.client_assertion()?;
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "client_credentials")
            .append_pair("client_assertion_type", CLIENT_ASSERTION_TYPE)
            .append_pair("client_assertion", assertion.expose())
            .append_pair("scope", &self.scope)
            .finish();
        let request = Outgoing::new(
            "auth.token",
            reqwest::Method::POST,
            self.token_url.clone(),
            Body::Bytes {
                content_type: "application/x-www-form-urlencoded",
                bytes: form.into_bytes(),
            },
        );
        let started = Instant::now();
        let response =
            self.transport
                .execute(&request, None)
                .await
                .map_err(|e| match e.api_error() {
                    Some(api) => Error::Token(Box::new(api.clone())),
                    None => e,
                })?;
        let parsed: TokenResponse = serde_json::from_slice(&response.body).map_err(|e| {
            Error::Token(Box::new(ApiError::from_response(
                response.status,
                response.request_id(),
                None,
                format!("token response is not valid JSON with access_token: {e}"),
            )))
        })?;
        if parsed.access_token.is_empty() || !crate::config::is_header_text(&parsed.access_token) {
            return Err(Error::Token(Box::new(ApiError::from_response(
                response.status,
                response.request_id(),
                None,
                "token response has an empty access_token, or one that cannot be sent as a header"
                    .into(),
            ))));
        }
        let expires_in = parsed.expires_in.unwrap_or(45 * 60);
        let lifetime = Duration::from_secs(expires_in);
        let refresh_at = started + lifetime.saturating_sub(REFRESH_MARGIN.min(lifetime / 2));
        Ok(Cached {
            token: AccessToken {
                token: Secret::new(parsed.access_token),
                token_type: parsed.token_type.unwrap_or_else(|| "Bearer".into()),
                expires_in,
                scope: parsed.scope.unwrap_or_default(),
            },
            refresh_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_follow_project_decision_12() {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let c = AssertionClaims::new("abc", "https://auth.example/v1/oauth/token", now);
        assert_eq!(c.iss, "sdk:abc");
        assert_eq!(c.sub, "sdk:abc");
        assert_eq!(c.aud, "https://auth.example/v1/oauth/token");
        assert_eq!(c.iat, 1_700_000_000 - 60);
        assert_eq!(c.exp, c.iat + 300);
        let jti = uuid::Uuid::parse_str(&c.jti).unwrap();
        assert_eq!(jti.get_version_num(), 4);
    }

    #[test]
    fn bad_pem_is_a_config_error_without_the_key() {
        let e = AssertionKey::from_pem(&Secret::new("canary-not-a-key")).unwrap_err();
        assert_eq!(e.code(), "config");
        assert!(!e.to_string().contains("canary"));
    }
}
