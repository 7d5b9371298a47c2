//! Quickstart: create an over-18 session, print where to send the user, wait for the result.
//!
//! Configure with `YOTI_SDK_ID` and `YOTI_API_KEY` (production), or the URLs printed by
//! `yoti-age sandbox`. Run: `cargo run -p yoti-age-examples --bin quickstart`.

use std::time::Duration;

use yoti_age::{Client, SessionConfig, WaitOptions};

#[tokio::main]
async fn main() -> yoti_age::Result<()> {
    let client = Client::from_env()?;
    // Yoti advises an age-estimation threshold above the legal age (21 for 18+).
    let config = SessionConfig::over()
        .with_age_estimation(21)
        .with_digital_id(18)
        .with_ttl(900)
        .with_reference_id("quickstart");
    let session = client.create_session(&config).await?;
    println!(
        "Send the user to: {}",
        client.user_view_url(&session.id, None)?
    );

    let options = WaitOptions {
        timeout: Duration::from_secs(300),
        ..WaitOptions::default()
    };
    let result = client.wait_for_result(&session.id, options).await?;
    match (result.status.is_terminal(), result.method) {
        (true, Some(method)) => println!("Result: {} by {method}", result.status),
        _ => println!("Result: {} (still waiting for the user)", result.status),
    }
    Ok(())
}
