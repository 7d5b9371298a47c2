//! Webhook delivery: one ordered queue per session (or PoA verification), retried with backoff
//! until the receiver acknowledges it (200 for AVS, any 2xx for PoA). Only loopback targets
//! unless remote delivery is allowed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;
use url::Url;

use crate::clock::Clock;
use crate::request_log::{Entry, RequestLog};

/// How deliveries are retried.
#[derive(Debug, Clone, Copy)]
pub struct DeliveryPolicy {
    /// Tries per notification before giving up.
    pub max_attempts: u32,
    /// Delay after the first failure; it doubles up to `max_delay`.
    pub initial_delay: Duration,
    /// Largest delay between tries.
    pub max_delay: Duration,
    /// Timeout of one try.
    pub timeout: Duration,
}

impl Default for DeliveryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 8,
            initial_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            timeout: Duration::from_secs(10),
        }
    }
}

/// One notification to deliver.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// Target URL.
    pub url: String,
    /// `POST` or `GET` (PoA notifications may ask for GET).
    pub method: reqwest::Method,
    /// Extra headers (PoA: the caller's secret headers).
    pub headers: Vec<(String, String)>,
    /// Body bytes (empty for GET).
    pub body: Vec<u8>,
    /// Session or verification id: deliveries with the same subject keep their order.
    pub subject: String,
    /// Which answers count as received: AVS webhooks need exactly 200 (Yoti re-sends on
    /// anything else), PoA notifications take any 2xx.
    pub accept: Acknowledgement,
}

/// What a receiver must answer for a delivery to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acknowledgement {
    /// Exactly 200 (AVS).
    Ok200,
    /// Any 2xx (PoA).
    Any2xx,
}

/// The delivery queues.
#[derive(Clone)]
pub struct Webhooks {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    queues: Mutex<HashMap<String, mpsc::UnboundedSender<Delivery>>>,
    log: Arc<RequestLog>,
    clock: Arc<Clock>,
    policy: DeliveryPolicy,
    allow_remote: bool,
}

/// Whether the sandbox may send to this URL.
pub fn deliverable(url: &str, allow_remote: bool) -> bool {
    match Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => {
            allow_remote || yoti_age::validate::is_loopback(&u)
        }
        _ => false,
    }
}

impl Webhooks {
    /// Creates the queues.
    pub fn new(
        log: Arc<RequestLog>,
        clock: Arc<Clock>,
        policy: DeliveryPolicy,
        allow_remote: bool,
    ) -> Self {
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(policy.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Self {
            inner: Arc::new(Inner {
                http,
                queues: Mutex::new(HashMap::new()),
                log,
                clock,
                policy,
                allow_remote,
            }),
        }
    }

    /// Queues a notification. Targets that are not loopback (without the opt-in) are logged as
    /// undeliverable and never contacted, not even resolved.
    pub fn send(&self, delivery: Delivery) {
        let inner = &self.inner;
        if !deliverable(&delivery.url, inner.allow_remote) {
            inner.log.push(Entry::Webhook {
                at: inner.clock.now(),
                url: delivery.url,
                subject: delivery.subject,
                attempt: 0,
                outcome: "undeliverable".into(),
                status: None,
            });
            return;
        }
        let mut queues = inner.queues.lock().unwrap_or_else(|e| e.into_inner());
        let sender = queues.entry(delivery.subject.clone()).or_insert_with(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(worker(Arc::clone(&self.inner), rx));
            tx
        });
        if let Err(mpsc::error::SendError(d)) = sender.send(delivery) {
            // The worker ended (runtime shutting down): start a fresh one.
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(worker(Arc::clone(&self.inner), rx));
            let _ = tx.send(d);
            *sender = tx;
        }
    }
}

async fn worker(inner: Arc<Inner>, mut rx: mpsc::UnboundedReceiver<Delivery>) {
    while let Some(d) = rx.recv().await {
        let mut delay = inner.policy.initial_delay;
        for attempt in 1..=inner.policy.max_attempts {
            let mut request = inner.http.request(d.method.clone(), &d.url);
            for (name, value) in &d.headers {
                request = request.header(name, value);
            }
            if d.method == reqwest::Method::POST {
                request = request
                    .header("content-type", "application/json")
                    .body(d.body.clone());
            }
            let status = request.send().await.ok().map(|r| r.status().as_u16());
            let delivered = status.is_some_and(|s| match d.accept {
                Acknowledgement::Ok200 => s == 200,
                Acknowledgement::Any2xx => (200..300).contains(&s),
            });
            let last = attempt == inner.policy.max_attempts;
            let outcome = match (delivered, last) {
                (true, _) => "delivered",
                (false, false) => "failed",
                (false, true) => "gave_up",
            };
            inner.log.push(Entry::Webhook {
                at: inner.clock.now(),
                url: d.url.clone(),
                subject: d.subject.clone(),
                attempt,
                outcome: outcome.into(),
                status,
            });
            if delivered || last {
                break;
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(inner.policy.max_delay);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_without_the_opt_in() {
        assert!(deliverable("http://127.0.0.1:9/hook", false));
        assert!(deliverable("https://localhost/hook", false));
        assert!(deliverable("http://[::1]:8080/", false));
        assert!(!deliverable("https://example.com/hook", false));
        assert!(!deliverable("http://10.0.0.1/hook", false));
        assert!(!deliverable("ftp://127.0.0.1/hook", false));
        assert!(deliverable("https://example.com/hook", true));
    }
}
