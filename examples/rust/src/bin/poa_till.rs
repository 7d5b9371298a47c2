//! A shop till: verify a scanned Proof of Age QR code and decide.
//!
//! Usage: `poa_till <qr value> [terminal id]`. Configure with `YOTI_POA_TOKEN` (or central-auth
//! credentials) and, for the local sandbox, `YOTI_AVS_URL`/`YOTI_POA_URL`. Try the sandbox's
//! magic values such as `sandbox:success:18` or `sandbox:pending:2`.

use std::time::Duration;

use yoti_age::poa::{PoaStatus, PoaVerification, PoaVerifyRequest};
use yoti_age::{Client, WaitOptions};

#[tokio::main]
async fn main() -> yoti_age::Result<()> {
    let mut args = std::env::args().skip(1);
    let qr = args.next().unwrap_or_else(|| "sandbox:success:18".into());
    let terminal = args.next().unwrap_or_else(|| "till-1".into());
    let client = Client::from_env()?;
    // Scanned now: QR codes are valid for 30 seconds.
    let request = PoaVerifyRequest::new(qr, terminal);
    let result = match client.poa_verify(&request).await? {
        PoaVerification::Completed(result) => result,
        PoaVerification::Pending(pending) => {
            println!("waiting for the customer to consent…");
            let options = WaitOptions {
                timeout: Duration::from_secs(60),
                ..WaitOptions::default()
            };
            client.poa_wait(&pending.id, options).await?
        }
    };
    match (&result.status, result.age_over()) {
        (PoaStatus::Success, Some(age)) if age >= 18 => println!("SELL: customer proved {age}+"),
        (PoaStatus::Success, Some(age)) => println!("REFUSE: customer proved only {age}+"),
        (PoaStatus::Failure, _) => {
            let reason = result.failure_reason().map_or("unknown", |r| r.as_str());
            println!("REFUSE: verification failed ({reason})");
        }
        _ => println!("REFUSE: no answer in time ({})", result.status),
    }
    Ok(())
}
