//! # yoti-age-sandbox
//!
//! A local, stateful stand-in for Yoti's AVS and Proof of Age APIs: sessions with a real state
//! machine and ttl expiry, a user view to click through, signed webhooks, central-auth tokens,
//! PoA outcomes by magic QR values (see [`poa`]), and a control API for faults, the clock and
//! the request log. It listens on loopback and sends webhooks only to loopback addresses unless
//! told otherwise.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let sandbox = yoti_age_sandbox::Sandbox::start(Default::default()).await?;
//! let client = sandbox.client()?;
//! # Ok(()) }
//! ```

pub mod api;
pub mod cli;
pub mod clock;
pub mod control;
pub mod faults;
pub mod oauth;
pub mod poa;
pub mod request_log;
mod server;
pub mod sessions;
pub mod state;
pub mod store;
pub mod user_view;
pub mod webhooks;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::RsaPrivateKey;
use tokio::sync::watch;
use yoti_age::{Client, ClientBuilder, Environment};

use crate::sessions::Outcome;
use crate::state::{AppState, Shared};

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// Binding or file I/O failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// The webhook key could not be generated, read or written.
    #[error("webhook key: {0}")]
    Key(String),
    /// The state file could not be opened.
    #[error("state file: {0}")]
    Store(#[from] rusqlite::Error),
}

/// How to start a sandbox. `Default` gives 127.0.0.1 on a random port, generated credentials and
/// a fresh RSA-3072 webhook key.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Address to listen on (default 127.0.0.1).
    pub host: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// SDK id to accept (default: a random UUID).
    pub sdk_id: Option<String>,
    /// API key to accept (default: random).
    pub api_key: Option<String>,
    /// Lifetime of issued tokens (default 45 min, as Yoti's).
    pub token_ttl: Duration,
    /// Webhook signing key (default: generated, RSA-3072).
    pub webhook_key: Option<RsaPrivateKey>,
    /// PEM file holding the webhook key; created with a fresh key when missing.
    pub webhook_key_file: Option<PathBuf>,
    /// Send webhooks to hosts other than loopback.
    pub allow_remote_webhooks: bool,
    /// SQLite file keeping sessions across restarts.
    pub state_file: Option<PathBuf>,
    /// Webhook retries.
    pub delivery: webhooks::DeliveryPolicy,
    /// How often expired sessions are swept.
    pub sweep_interval: Duration,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            sdk_id: None,
            api_key: None,
            token_ttl: Duration::from_secs(45 * 60),
            webhook_key: None,
            webhook_key_file: None,
            allow_remote_webhooks: false,
            state_file: None,
            delivery: webhooks::DeliveryPolicy::default(),
            sweep_interval: Duration::from_secs(1),
        }
    }
}

/// Bits of generated webhook keys (Yoti's key size).
pub const WEBHOOK_KEY_BITS: usize = 3072;

async fn webhook_key(config: &SandboxConfig) -> Result<RsaPrivateKey, SandboxError> {
    if let Some(key) = &config.webhook_key {
        return Ok(key.clone());
    }
    if let Some(path) = &config.webhook_key_file {
        if path.exists() {
            let pem = std::fs::read_to_string(path)?;
            return RsaPrivateKey::from_pkcs8_pem(&pem)
                .or_else(|_| rsa::pkcs1::DecodeRsaPrivateKey::from_pkcs1_pem(&pem))
                .map_err(|e| SandboxError::Key(format!("{}: {e}", path.display())));
        }
    }
    let key = tokio::task::spawn_blocking(|| {
        RsaPrivateKey::new(&mut rand::thread_rng(), WEBHOOK_KEY_BITS)
    })
    .await
    .map_err(|e| SandboxError::Key(e.to_string()))?
    .map_err(|e| SandboxError::Key(e.to_string()))?;
    if let Some(path) = &config.webhook_key_file {
        let pem = key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| SandboxError::Key(e.to_string()))?;
        std::fs::write(path, pem.as_bytes())?;
    }
    Ok(key)
}

/// The sandbox.
pub struct Sandbox;

impl Sandbox {
    /// Starts a sandbox; it serves until [`SandboxHandle::shutdown`] or drop.
    pub async fn start(config: SandboxConfig) -> Result<SandboxHandle, SandboxError> {
        let key = webhook_key(&config).await?;
        let public_pem = yoti_age::webhook::public_key_pem(&key)
            .map_err(|e| SandboxError::Key(e.to_string()))?;
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::new(config.host, config.port)).await?;
        let addr = listener.local_addr()?;
        let base_url = match addr.ip() {
            IpAddr::V6(ip) => format!("http://[{ip}]:{}", addr.port()),
            IpAddr::V4(ip) => format!("http://{ip}:{}", addr.port()),
        };
        let store = config
            .state_file
            .as_deref()
            .map(store::Store::open)
            .transpose()?;
        let clock = Arc::new(clock::Clock::default());
        let log = Arc::new(request_log::RequestLog::default());
        let hooks = webhooks::Webhooks::new(
            log.clone(),
            clock.clone(),
            config.delivery,
            config.allow_remote_webhooks,
        );
        let state: Shared = Arc::new(AppState::new(
            config
                .sdk_id
                .clone()
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
            config
                .api_key
                .clone()
                .unwrap_or_else(|| format!("sandbox_{}", uuid::Uuid::new_v4().simple())),
            i64::try_from(config.token_ttl.as_secs()).unwrap_or(i64::MAX / 2),
            base_url,
            key,
            public_pem,
            clock,
            log,
            hooks,
            store,
        ));
        let (stop, stopped) = watch::channel(false);
        tokio::spawn(server::serve(listener, state.clone(), stopped.clone()));
        tokio::spawn(sweep(state.clone(), config.sweep_interval, stopped));
        Ok(SandboxHandle { state, stop })
    }
}

async fn sweep(state: Shared, every: Duration, mut stopped: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => state.sweep(),
            _ = stopped.changed() => return,
        }
    }
}

/// A running sandbox. Dropping it stops the server.
pub struct SandboxHandle {
    state: Shared,
    stop: watch::Sender<bool>,
}

impl std::fmt::Debug for SandboxHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxHandle")
            .field("base_url", &self.state.base_url)
            .finish_non_exhaustive()
    }
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT`; the user view lives here.
    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }

    /// The AVS base URL (`{base}/api/v1`).
    pub fn avs_url(&self) -> String {
        format!("{}/api/v1", self.state.base_url)
    }

    /// The PoA base URL (paths are `/poa/v1/...`).
    pub fn poa_url(&self) -> String {
        self.state.base_url.clone()
    }

    /// The central-auth token URL.
    pub fn auth_url(&self) -> String {
        format!("{}/oauth/token", self.state.base_url)
    }

    /// The SDK id the sandbox accepts.
    pub fn sdk_id(&self) -> &str {
        &self.state.sdk_id
    }

    /// The API key the sandbox accepts.
    pub fn api_key(&self) -> &str {
        &self.state.api_key
    }

    /// The public key that verifies the sandbox's webhooks (SPKI PEM).
    pub fn webhook_public_key_pem(&self) -> &str {
        &self.state.webhook_public_key_pem
    }

    /// The key that signs the sandbox's webhooks (to sign test webhooks yourself).
    pub fn webhook_private_key(&self) -> &RsaPrivateKey {
        &self.state.webhook_key
    }

    /// Accepts central-auth assertions signed by this key for this SDK id.
    pub fn register_client_key(
        &self,
        sdk_id: &str,
        public_key_pem: &str,
    ) -> Result<(), SandboxError> {
        jsonwebtoken::DecodingKey::from_rsa_pem(public_key_pem.as_bytes())
            .map_err(|e| SandboxError::Key(format!("client key: {e}")))?;
        self.state
            .data()
            .client_keys
            .entry(sdk_id.to_owned())
            .or_default()
            .push(public_key_pem.to_owned());
        Ok(())
    }

    /// A client builder pointed at this sandbox with its SDK id and API key.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .sdk_id(self.sdk_id())
            .api_key(self.api_key())
            .environment(Environment::custom(
                self.avs_url(),
                self.poa_url(),
                self.auth_url(),
            ))
    }

    /// A client for this sandbox.
    pub fn client(&self) -> yoti_age::Result<Client> {
        self.client_builder().build()
    }

    /// Plays the user: records an attempt with this outcome (and sends its webhook).
    pub fn complete(
        &self,
        session_id: &str,
        outcome: &Outcome,
    ) -> yoti_age::Result<yoti_age::SessionResult> {
        api::apply_outcome(&self.state, session_id, outcome)
            .map(|s| s.result())
            .map_err(|e| yoti_age::Error::Config(format!("{e:?}")))
    }

    /// The sandbox clock.
    pub fn clock(&self) -> &clock::Clock {
        &self.state.clock
    }

    /// The request log.
    pub fn requests(&self) -> Vec<request_log::Entry> {
        self.state.log.entries()
    }

    /// Stops the server (also done on drop).
    pub fn shutdown(&self) {
        let _ = self.stop.send(true);
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}
