//! Exit codes that scripts can branch on (documented in `yoti-age --help`).

use yoti_age::Error;

/// Process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The command succeeded (for `wait`: the session is COMPLETE / the PoA is SUCCESS).
    Ok = 0,
    /// Any other failure.
    Failure = 1,
    /// Invalid input or configuration (also clap's usage errors).
    Invalid = 2,
    /// Authentication or permission failure.
    Auth = 3,
    /// The session or verification does not exist.
    NotFound = 4,
    /// Retryable: rate limited, server error, timeout, transport.
    Unavailable = 5,
    /// A webhook failed verification.
    WebhookRejected = 6,
    /// The outcome is final but not a pass (FAIL, ERROR, CANCELLED, EXPIRED, PoA FAILURE).
    NotPassed = 10,
    /// Still pending when the wait deadline passed.
    StillPending = 11,
}

impl Code {
    /// The exit code for an error.
    pub fn from_error(e: &Error) -> Self {
        match e {
            Error::Validation(_)
            | Error::Config(_)
            | Error::PoaQrStale { .. }
            | Error::BadRequest(_) => Code::Invalid,
            Error::Unauthenticated(_) | Error::Forbidden(_) | Error::Token(_) => Code::Auth,
            Error::NotFound(_) => Code::NotFound,
            Error::RateLimited(_)
            | Error::Server(_)
            | Error::Timeout(_)
            | Error::Transport { .. } => Code::Unavailable,
            Error::Webhook { .. } => Code::WebhookRejected,
            Error::Conflict(_)
            | Error::Unprocessable(_)
            | Error::Api(_)
            | Error::Decode { .. }
            | Error::Cancelled
            | Error::Internal(_) => Code::Failure,
        }
    }
}

impl From<Code> for std::process::ExitCode {
    fn from(code: Code) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}
