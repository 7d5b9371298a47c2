//! Cancelling a blocking call from another thread (async callers drop the future instead).

/// Cancels every call of the blocking clients made with it
/// ([`crate::blocking::Client::with_cancel_token`]): a call in flight returns
/// [`crate::Error::Cancelled`] at once (its request is dropped, never retried), and later calls
/// return it without sending anything. Cheap to clone; clones cancel together. Once cancelled
/// it stays cancelled: make a new one for the next interaction.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(tokio_util::sync::CancellationToken);

impl CancelToken {
    /// A token not yet cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels the calls using this token, from any thread.
    pub fn cancel(&self) {
        self.0.cancel();
    }

    /// Whether [`CancelToken::cancel`] has been called.
    pub fn is_cancelled(&self) -> bool {
        self.0.is_cancelled()
    }

    /// Completes when the token is cancelled.
    pub(crate) async fn cancelled(&self) {
        self.0.cancelled().await;
    }
}
