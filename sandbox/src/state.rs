//! Everything the sandbox holds, behind one lock for consistency.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use rsa::RsaPrivateKey;

use crate::clock::Clock;
use crate::faults::Faults;
use crate::poa::Verification;
use crate::request_log::RequestLog;
use crate::sessions::Session;
use crate::store::Store;
use crate::webhooks::Webhooks;

/// An issued central-auth token.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// SDK id it was issued to.
    pub sdk_id: String,
    /// When it stops being accepted (sandbox clock).
    pub expires_at: DateTime<Utc>,
}

/// Mutable state.
#[derive(Default)]
pub struct Data {
    /// Sessions by id.
    pub sessions: HashMap<String, Session>,
    /// PoA verifications by id.
    pub verifications: HashMap<String, Verification>,
    /// QR values already presented.
    pub used_qr: HashSet<String>,
    /// Tokens issued.
    pub tokens: HashMap<String, IssuedToken>,
    /// Assertion ids seen (replay protection).
    pub jtis: HashSet<String>,
    /// Public keys registered for central auth, by SDK id (SPKI PEM).
    pub client_keys: HashMap<String, Vec<String>>,
    /// Rules created.
    pub rules: Vec<String>,
}

/// Shared state of a running sandbox.
pub struct AppState {
    /// SDK id accepted on AVS calls.
    pub sdk_id: String,
    /// API key accepted on AVS and PoA calls.
    pub api_key: String,
    /// Lifetime of issued tokens, seconds.
    pub token_ttl: i64,
    /// Base URL (`http://127.0.0.1:PORT`).
    pub base_url: String,
    /// Key signing AVS webhooks.
    pub webhook_key: RsaPrivateKey,
    /// Its public half, SPKI PEM.
    pub webhook_public_key_pem: String,
    /// The clock.
    pub clock: Arc<Clock>,
    /// Armed faults.
    pub faults: Faults,
    /// Request log.
    pub log: Arc<RequestLog>,
    /// Webhook delivery.
    pub webhooks: Webhooks,
    /// Optional persistence.
    pub store: Option<Store>,
    data: Mutex<Data>,
    request_ids: AtomicU64,
    request_id_prefix: String,
}

impl AppState {
    /// Builds the state; stored sessions are loaded into memory.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        sdk_id: String,
        api_key: String,
        token_ttl: i64,
        base_url: String,
        webhook_key: RsaPrivateKey,
        webhook_public_key_pem: String,
        clock: Arc<Clock>,
        log: Arc<RequestLog>,
        webhooks: Webhooks,
        store: Option<Store>,
    ) -> Self {
        let mut data = Data::default();
        if let Some(store) = &store {
            match store.load() {
                Ok(sessions) => {
                    data.sessions = sessions.into_iter().map(|s| (s.id.clone(), s)).collect()
                }
                Err(e) => tracing::error!("could not load stored sessions: {e}"),
            }
        }
        Self {
            sdk_id,
            api_key,
            token_ttl,
            base_url,
            webhook_key,
            webhook_public_key_pem,
            clock,
            faults: Faults::default(),
            log,
            webhooks,
            store,
            data: Mutex::new(data),
            request_ids: AtomicU64::new(0),
            request_id_prefix: uuid::Uuid::new_v4().simple().to_string()[..12].to_owned(),
        }
    }

    /// A unique `X-Request-ID`: a per-process prefix and a counter, no randomness per request.
    pub fn next_request_id(&self) -> String {
        let n = self.request_ids.fetch_add(1, Ordering::Relaxed);
        format!("{}-{n:08x}", self.request_id_prefix)
    }

    /// Locks the mutable state (never held across an await).
    pub fn data(&self) -> MutexGuard<'_, Data> {
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes a session through to the store, if any.
    pub fn persist(&self, session: &Session) {
        if let Some(store) = &self.store {
            store.save(session);
        }
    }

    /// Expires every session whose ttl has passed.
    pub fn sweep(&self) {
        let now = self.clock.now();
        let expired: Vec<Session> = self
            .data()
            .sessions
            .values_mut()
            .filter_map(|s| s.expire_if_due(now).then(|| s.clone()))
            .collect();
        for s in &expired {
            self.persist(s);
        }
    }

    /// Forgets everything except configuration and keys.
    pub fn reset(&self) {
        let mut data = self.data();
        let keys = std::mem::take(&mut data.client_keys);
        *data = Data {
            client_keys: keys,
            ..Data::default()
        };
        drop(data);
        self.faults.clear();
        self.log.clear();
        self.clock.reset();
        if let Some(store) = &self.store {
            store.clear();
        }
    }
}

/// The state as handlers receive it.
pub type Shared = Arc<AppState>;
