//! `yoti-age sandbox`: runs the local sandbox.

use yoti_age::Result;

use crate::exit::Code;

/// Runs the sandbox until stdin closes or a signal arrives.
pub async fn run(_args: Vec<String>) -> Result<Code> {
    Err(yoti_age::Error::Config(
        "the sandbox is not built into this binary yet".into(),
    ))
}
