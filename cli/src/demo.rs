//! `yoti-age demo`.

use yoti_age::Result;

use crate::exit::Code;

/// Runs the demo.
pub async fn run(_json: bool) -> Result<Code> {
    Err(yoti_age::Error::Config("the demo needs the sandbox".into()))
}
