//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const EXIT_CODES: &str = "\
Exit codes: 0 ok (for `wait`: COMPLETE or SUCCESS) · 1 other failure · 2 invalid input or \
configuration · 3 authentication · 4 not found · 5 unavailable (rate limited, server, timeout, \
network) · 6 webhook rejected · 10 final but not passed · 11 still pending at the deadline.

Configuration comes from flags or YOTI_* environment variables: YOTI_SDK_ID, YOTI_API_KEY, \
YOTI_PRIVATE_KEY (path or PEM), YOTI_SCOPE, YOTI_POA_TOKEN, YOTI_ENV (production | yoti_sandbox | custom), \
YOTI_AVS_URL, YOTI_POA_URL, YOTI_AUTH_URL.";

/// Yoti age verification from the command line: sessions, Proof of Age, webhooks, and a local
/// sandbox that behaves like the real service.
#[derive(Debug, Parser)]
#[command(name = "yoti-age", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// Print machine-readable JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    /// Connection settings.
    #[command(flatten)]
    pub connection: Connection,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Where and how to connect; each flag falls back to its `YOTI_*` variable.
#[derive(Debug, Args, Default)]
pub struct Connection {
    /// Hub SDK id [env: YOTI_SDK_ID].
    #[arg(long, global = true)]
    pub sdk_id: Option<String>,
    /// Hub API key; prefer the YOTI_API_KEY variable, flags show up in process lists.
    #[arg(long, global = true)]
    pub api_key: Option<String>,
    /// Central-auth private key, a PEM file path [env: YOTI_PRIVATE_KEY].
    #[arg(long, global = true)]
    pub private_key: Option<PathBuf>,
    /// Central-auth scope [env: YOTI_SCOPE].
    #[arg(long, global = true)]
    pub scope: Option<String>,
    /// Proof of Age bearer token provisioned in Hub; prefer the YOTI_POA_TOKEN variable.
    #[arg(long, global = true)]
    pub poa_token: Option<String>,
    /// production, yoti_sandbox or custom [env: YOTI_ENV].
    #[arg(long = "env", global = true)]
    pub environment: Option<String>,
    /// AVS base URL, e.g. http://127.0.0.1:8080/api/v1 [env: YOTI_AVS_URL].
    #[arg(long, global = true)]
    pub avs_url: Option<String>,
    /// PoA base URL [env: YOTI_POA_URL].
    #[arg(long, global = true)]
    pub poa_url: Option<String>,
    /// Central-auth token URL [env: YOTI_AUTH_URL].
    #[arg(long, global = true)]
    pub auth_url: Option<String>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the local sandbox (all arguments go to it; try `yoti-age sandbox --help`).
    Sandbox {
        /// Arguments for the sandbox, e.g. `--port 0 --print-config`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Run the whole flow offline against an embedded sandbox and print each step.
    Demo,
    /// Age-verification sessions.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Proof of Age verification at a till.
    #[command(subcommand)]
    Poa(PoaCommand),
    /// Webhooks.
    #[command(subcommand)]
    Webhook(WebhookCommand),
    /// Fetch a central-auth access token (prints it: handle with care).
    Token,
}

/// Session commands.
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Create a session from flags or a JSON config file.
    Create(CreateArgs),
    /// Show a session's configuration.
    Get {
        /// Session id.
        id: String,
    },
    /// Show a session's result.
    Result {
        /// Session id.
        id: String,
    },
    /// Wait until the session reaches a final status, then show the result.
    Wait {
        /// Session id.
        id: String,
        /// Give up after this many seconds and show the last result.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
    /// Print the user-view URL of a session.
    Url {
        /// Session id.
        id: String,
        /// Open one method directly: age-estimation, doc-scan, yoti, credit-card, mobile,
        /// la-wallet, social-security-number.
        #[arg(long)]
        method: Option<String>,
    },
}

/// `session create` arguments.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// A JSON session config file (`-` for stdin); flags below then override it.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// OVER, UNDER or AGE.
    #[arg(long = "type")]
    pub session_type: Option<String>,
    /// Threshold age applied to every method given with --method.
    #[arg(long, default_value_t = 18)]
    pub threshold: u32,
    /// Methods to allow (repeat or comma-separate): age_estimation, digital_id, doc_scan,
    /// credit_card, mobile.
    #[arg(long = "method", value_delimiter = ',')]
    pub methods: Vec<String>,
    /// Session time to live in seconds.
    #[arg(long)]
    pub ttl: Option<u64>,
    /// Redirect URL once the user is done.
    #[arg(long)]
    pub callback: Option<String>,
    /// Redirect at once instead of showing a continue step.
    #[arg(long)]
    pub auto_redirect: bool,
    /// Webhook URL.
    #[arg(long)]
    pub notification_url: Option<String>,
    /// Your reference id.
    #[arg(long)]
    pub reference_id: Option<String>,
}

/// PoA commands.
#[derive(Debug, Subcommand)]
pub enum PoaCommand {
    /// Verify a scanned QR code.
    Verify {
        /// The raw QR string.
        #[arg(long)]
        qr: String,
        /// Terminal id.
        #[arg(long)]
        terminal: String,
        /// Store id.
        #[arg(long)]
        store_id: Option<String>,
        /// When the code was scanned (RFC 3339; default: now).
        #[arg(long)]
        scanned_at: Option<String>,
    },
    /// Show a verification.
    Get {
        /// Verification id.
        id: String,
    },
    /// Wait for a pending verification to finish.
    Wait {
        /// Verification id.
        id: String,
        /// Give up after this many seconds and show the last result.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
    },
}

/// Webhook commands.
#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// Verify an AVS webhook body (raw bytes, as received) and print the notification.
    Verify {
        /// File holding the body; `-` or absent reads stdin.
        file: Option<PathBuf>,
        /// Public key PEM file (e.g. the local sandbox's); default: Yoti's production key.
        #[arg(long)]
        public_key: Option<PathBuf>,
    },
}
