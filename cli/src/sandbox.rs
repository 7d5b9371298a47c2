//! `yoti-age sandbox`: runs the local sandbox in the foreground.

use yoti_age::{Error, Result};

use crate::exit::Code;

/// Runs the sandbox until stdin closes (with `--print-config`) or a signal arrives.
pub async fn run(args: Vec<String>) -> Result<Code> {
    yoti_age_sandbox::cli::run(&args)
        .await
        .map_err(Error::Config)?;
    Ok(Code::Ok)
}
