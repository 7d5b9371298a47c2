//! Benchmark baseline for the language bindings: how many `get_result` calls per second the
//! pure-Rust client makes against a running server, sequentially or with N in flight.
//!
//! ```sh
//! YOTI_SDK_ID=… YOTI_API_KEY=… YOTI_AVS_URL=http://127.0.0.1:PORT/api/v1 \
//!   cargo run --release -p yoti-age --example get_result_loop -- SESSION_ID SECONDS CONCURRENCY
//! ```
//!
//! Prints one line of JSON: `{"calls": N, "seconds": S, "per_second": R}`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use yoti_age::Client;

#[tokio::main]
async fn main() -> yoti_age::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [session_id, seconds, concurrency] = args.as_slice() else {
        eprintln!("usage: get_result_loop SESSION_ID SECONDS CONCURRENCY");
        std::process::exit(2);
    };
    let seconds: f64 = seconds.parse().expect("SECONDS: a number");
    let concurrency: usize = concurrency.parse().expect("CONCURRENCY: a whole number");
    let client = Client::from_env()?;
    client.get_result(session_id).await?; // warm-up: connection and token

    let calls = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(seconds);
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, calls, id) = (client.clone(), calls.clone(), session_id.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    client.get_result(&id).await?;
                    calls.fetch_add(1, Ordering::Relaxed);
                }
                Ok::<_, yoti_age::Error>(())
            })
        })
        .collect();
    for worker in workers {
        worker.await.expect("worker panicked")?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let calls = calls.load(Ordering::Relaxed);
    println!(
        "{{\"calls\": {calls}, \"seconds\": {elapsed:.3}, \"per_second\": {:.1}}}",
        calls as f64 / elapsed
    );
    Ok(())
}
