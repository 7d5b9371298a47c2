//! HTTP transport: one `reqwest` client per core client, auth headers, timeouts, retries with
//! full-jitter backoff and error mapping (Project decisions 3, 4 and 13 in docs/yoti-api.md).

use std::error::Error as StdError;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, RETRY_AFTER};
use reqwest::Method;
use tokio::time::Instant;
use tracing::Instrument;
use url::Url;

use crate::config::{RetryPolicy, Timeouts};
use crate::decode::ResponseBody;
use crate::error::{ApiError, Error, Result, TransportKind};
use crate::secret::Secret;

/// Statuses after which an idempotent request is retried.
pub const RETRYABLE_STATUSES: [u16; 6] = [408, 429, 500, 502, 503, 504];

/// The full-jitter backoff delay before retry number `retry` (0 for the first retry):
/// `unit × min(cap, base × 2^retry)`, where `unit` in `[0, 1)` comes from the caller's RNG.
pub fn backoff_delay(policy: &RetryPolicy, retry: u32, unit: f64) -> Duration {
    let unit = if unit.is_finite() {
        unit.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let exp = policy
        .base
        .checked_mul(2u32.saturating_pow(retry.min(31)))
        .unwrap_or(policy.cap);
    exp.min(policy.cap).mul_f64(unit)
}

/// Reads `Retry-After` as delta seconds or an HTTP date (relative to `now`).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A request body, rebuilt for every attempt.
#[derive(Clone)]
pub(crate) enum Body {
    Empty,
    Bytes {
        content_type: &'static str,
        bytes: Vec<u8>,
    },
    Multipart(Vec<MultipartField>),
}

/// One text part of a multipart body.
#[derive(Clone)]
pub(crate) struct MultipartField {
    pub name: &'static str,
    pub content_type: &'static str,
    pub value: String,
}

/// A request as the client operations describe it.
#[derive(Clone)]
pub(crate) struct Outgoing {
    pub op: &'static str,
    pub method: Method,
    pub url: Url,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Body,
    /// Timeouts and retries for this call; the transport's defaults when `None`.
    pub policy: Option<(Timeouts, RetryPolicy)>,
}

impl Outgoing {
    pub fn new(op: &'static str, method: Method, url: Url, body: Body) -> Self {
        Self {
            op,
            method,
            url,
            headers: Vec::new(),
            body,
            policy: None,
        }
    }

    /// Adds a header; a value that cannot be sent is a `config` error naming `option`, never
    /// dropped.
    pub fn header(mut self, name: HeaderName, value: &str, option: &str) -> Result<Self> {
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::Config(format!("{option}: {}", crate::config::HEADER_TEXT_RULE)))?;
        self.headers.push((name, value));
        Ok(self)
    }

    fn idempotent(&self) -> bool {
        matches!(self.method, Method::GET | Method::HEAD)
    }
}

/// A successful (2xx) response.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl Response {
    pub fn request_id(&self) -> Option<String> {
        request_id(&self.headers)
    }

    /// Decodes the body into a model; failures are `Error::Decode`, never a panic.
    pub fn decode<T: ResponseBody>(&self) -> Result<T> {
        T::from_body(&self.body).map_err(|e| Error::Decode {
            message: e.to_string(),
            status: Some(self.status),
            request_id: self.request_id(),
        })
    }
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// What one attempt produced, and whether it may be retried.
struct Failure {
    error: Error,
    retryable: bool,
    retry_after: Option<Duration>,
}

/// Sends requests with timeouts and retries.
#[derive(Debug)]
pub(crate) struct Transport {
    http: reqwest::Client,
    pub timeouts: Timeouts,
    pub retry: RetryPolicy,
}

impl Transport {
    pub fn new(
        timeouts: Timeouts,
        retry: RetryPolicy,
        extra_ca_pem: &[Vec<u8>],
        proxy: Option<&str>,
        user_agent_suffix: Option<&str>,
        loopback_only: bool,
    ) -> Result<Self> {
        let mut user_agent = format!("yoti-age-rust/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = user_agent_suffix.map(str::trim).filter(|s| !s.is_empty()) {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::Config("user_agent_suffix: must be visible ASCII characters".into())
        })?;
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(timeouts.connect)
            .user_agent(user_agent);
        for pem in extra_ca_pem {
            let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
                Error::Config(format!("extra_ca_pem: not a PEM certificate bundle ({e})"))
            })?;
            if certs.is_empty() {
                return Err(Error::Config(
                    "extra_ca_pem: no certificate found in the PEM".into(),
                ));
            }
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        if let Some(proxy) = proxy {
            let url =
                Url::parse(proxy).map_err(|_| Error::Config("proxy: not a valid URL".into()))?;
            let proxy = reqwest::Proxy::all(url)
                .map_err(|_| Error::Config("proxy: not a usable proxy URL".into()))?;
            builder = builder.proxy(proxy);
        } else if loopback_only {
            // Every endpoint is on this machine (the local sandbox): system proxies from
            // HTTPS_PROXY/HTTP_PROXY would only get in the way.
            builder = builder.no_proxy();
        }
        let http = builder
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        Ok(Self {
            http,
            timeouts,
            retry,
        })
    }

    /// Sends `request` with the bearer token (if any), retrying per the policy, within the
    /// total timeout. Non-2xx answers become the error of their status.
    pub async fn execute(&self, request: &Outgoing, bearer: Option<&Secret>) -> Result<Response> {
        // Credentials are checked when the client is built and tokens when they arrive, so
        // this cannot fail; if it did, the request is not sent with a wrong header.
        let bearer = bearer
            .map(|token| {
                let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                    .map_err(|_| {
                        Error::Internal("a credential is not a valid header value".into())
                    })?;
                value.set_sensitive(true);
                Ok::<_, Error>(value)
            })
            .transpose()?;
        let bearer = bearer.as_ref();
        let span = tracing::info_span!(
            "yoti_age.op",
            op = request.op,
            method = %request.method,
            path = request.url.path(),
        );
        let (timeouts, retry) = request.policy.unwrap_or((self.timeouts, self.retry));
        let deadline = Instant::now() + timeouts.total;
        let total = timeouts.total;
        match tokio::time::timeout_at(
            deadline,
            self.attempts(request, bearer, deadline, timeouts.per_attempt, retry),
        )
        .instrument(span)
        .await
        {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout(format!(
                "{} did not finish within the total timeout of {total:?}",
                request.op
            ))),
        }
    }

    async fn attempts(
        &self,
        request: &Outgoing,
        bearer: Option<&HeaderValue>,
        deadline: Instant,
        per_attempt: Duration,
        retry: RetryPolicy,
    ) -> Result<Response> {
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let span = tracing::debug_span!(
                "yoti_age.attempt",
                attempt,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let outcome = self
                .attempt(request, bearer, per_attempt)
                .instrument(span.clone())
                .await;
            let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            span.record("duration_ms", elapsed_ms);
            match &outcome {
                Ok(response) => span.record("status", response.status),
                Err(failure) => span.record("status", failure.error.status().unwrap_or(0)),
            };
            let failure = match outcome {
                Ok(response) => {
                    tracing::debug!(
                        attempt,
                        status = response.status,
                        duration_ms = elapsed_ms,
                        "attempt succeeded"
                    );
                    return Ok(response);
                }
                Err(failure) => failure,
            };
            tracing::debug!(
                attempt,
                status = failure.error.status(),
                error = failure.error.code(),
                duration_ms = elapsed_ms,
                "attempt failed"
            );
            let retries_done = attempt - 1;
            if !failure.retryable || retries_done >= retry.max_retries {
                return Err(failure.error);
            }
            let delay = match failure.retry_after {
                Some(delay) => delay,
                None => backoff_delay(&retry, retries_done, rand::random::<f64>()),
            };
            if Instant::now() + delay >= deadline {
                // Waiting would only end in a total timeout; report what the server said.
                return Err(failure.error);
            }
            tracing::debug!(
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                "retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    async fn attempt(
        &self,
        request: &Outgoing,
        bearer: Option<&HeaderValue>,
        per_attempt: Duration,
    ) -> std::result::Result<Response, Failure> {
        let idempotent = request.idempotent();
        match tokio::time::timeout(per_attempt, self.send_once(request, bearer)).await {
            Ok(Ok(response)) => {
                if (200..300).contains(&response.status) {
                    return Ok(response);
                }
                let retry_after = response
                    .headers
                    .get(RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| parse_retry_after(v, SystemTime::now()));
                let api = ApiError::from_response(
                    response.status,
                    response.request_id(),
                    retry_after,
                    String::from_utf8_lossy(&response.body).into_owned(),
                );
                Err(Failure {
                    retryable: idempotent && RETRYABLE_STATUSES.contains(&response.status),
                    retry_after,
                    error: Error::from_status(api),
                })
            }
            Ok(Err(e)) => {
                let (error, connect) = map_reqwest_error(&e);
                let tls = matches!(
                    error,
                    Error::Transport {
                        kind: TransportKind::Tls,
                        ..
                    }
                );
                Err(Failure {
                    // A connect failure never reached the server: safe to retry any method.
                    retryable: connect && !tls,
                    retry_after: None,
                    error,
                })
            }
            Err(_) => Err(Failure {
                error: Error::Timeout(format!(
                    "{} attempt timed out after {per_attempt:?}",
                    request.op
                )),
                // The server may have acted on a POST; only idempotent requests are retried.
                retryable: idempotent,
                retry_after: None,
            }),
        }
    }

    async fn send_once(
        &self,
        request: &Outgoing,
        bearer: Option<&HeaderValue>,
    ) -> std::result::Result<Response, reqwest::Error> {
        let mut builder = self
            .http
            .request(request.method.clone(), request.url.clone());
        if let Some(value) = bearer {
            builder = builder.header(AUTHORIZATION, value.clone());
        }
        for (name, value) in &request.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        builder = match &request.body {
            Body::Empty => builder,
            Body::Bytes {
                content_type,
                bytes,
            } => builder
                .header(reqwest::header::CONTENT_TYPE, *content_type)
                .body(bytes.clone()),
            Body::Multipart(fields) => {
                let mut form = reqwest::multipart::Form::new();
                for field in fields {
                    let part = reqwest::multipart::Part::text(field.value.clone())
                        .mime_str(field.content_type)?;
                    form = form.part(field.name, part);
                }
                builder.multipart(form)
            }
        };
        let response = builder.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// Maps a reqwest failure to the crate error; the flag says whether it was a connect failure.
fn map_reqwest_error(e: &reqwest::Error) -> (Error, bool) {
    let connect = e.is_connect();
    let message = error_chain(e);
    if e.is_timeout() {
        return (Error::Timeout(message), connect);
    }
    let kind = if is_tls_failure(e) {
        TransportKind::Tls
    } else if connect {
        TransportKind::Connect
    } else {
        TransportKind::Io
    };
    (Error::Transport { kind, message }, connect)
}

/// Whether a source of the error comes from the TLS layer. rustls errors reach us as
/// `io::Error`s of kind `InvalidData` (plain TCP never produces that while connecting), or
/// carry rustls' variant names and certificate wording.
fn is_tls_failure(e: &reqwest::Error) -> bool {
    const MARKERS: [&str; 8] = [
        "InvalidCertificate",
        "InvalidMessage",
        "AlertReceived",
        "PeerIncompatible",
        "PeerMisbehaved",
        "NoCertificatesPresented",
        "certificate",
        "handshake",
    ];
    let mut source = e.source();
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::InvalidData {
                return true;
            }
        }
        let text = format!("{s} {s:?}");
        if MARKERS.iter().any(|m| text.contains(m)) {
            return true;
        }
        source = s.source();
    }
    false
}

/// The error and its sources, joined with `: `.
fn error_chain(e: &reqwest::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_full_jitter_within_bounds() {
        let p = RetryPolicy::default();
        assert_eq!(backoff_delay(&p, 0, 0.0), Duration::ZERO);
        assert_eq!(backoff_delay(&p, 0, 1.0), Duration::from_millis(500));
        assert_eq!(backoff_delay(&p, 1, 1.0), Duration::from_secs(1));
        assert_eq!(backoff_delay(&p, 3, 1.0), Duration::from_secs(4));
        assert_eq!(backoff_delay(&p, 4, 1.0), Duration::from_secs(8));
        assert_eq!(backoff_delay(&p, 10, 1.0), Duration::from_secs(8));
        assert_eq!(backoff_delay(&p, u32::MAX, 1.0), Duration::from_secs(8));
        assert_eq!(backoff_delay(&p, 2, f64::NAN), Duration::ZERO);
        let mut seed: u64 = 42;
        for retry in 0..12 {
            for _ in 0..200 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let unit = (seed >> 11) as f64 / (1u64 << 53) as f64;
                let d = backoff_delay(&p, retry, unit);
                let ceiling = (p.base * 2u32.pow(retry.min(20))).min(p.cap);
                assert!(d <= ceiling, "retry {retry}: {d:?} > {ceiling:?}");
            }
        }
    }

    #[test]
    fn retry_after_seconds_and_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(7)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
