//! A webhook receiver: keeps the raw body, verifies Yoti's signature, answers 200.
//!
//! `YOTI_WEBHOOK_PUBLIC_KEY` names a PEM file (e.g. the local sandbox's key from
//! `GET /api/v1/webhook-public-key`); without it, Yoti's production key is used. Listens on
//! 127.0.0.1:`PORT` (default 8000). Run: `cargo run -p yoti-age-examples --bin webhook_receiver`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use yoti_age::webhook::AttemptState;
use yoti_age::WebhookVerifier;

async fn receive(State(verifier): State<WebhookVerifier>, body: Bytes) -> StatusCode {
    // Verify the bytes exactly as received: re-serialised JSON would not verify.
    match verifier.verify(&body) {
        Ok(n) => {
            let verdict = if n.state == AttemptState::Complete {
                "let them in"
            } else {
                "not verified"
            };
            // Deduplicate on n.id in a real system: resends are legitimate.
            println!(
                "verified {} for session {}: {} ({verdict})",
                n.id, n.session_key, n.state
            );
            StatusCode::OK
        }
        Err(e) => {
            println!("rejected webhook [{}]: {e}", e.code());
            StatusCode::BAD_REQUEST
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let verifier = match std::env::var("YOTI_WEBHOOK_PUBLIC_KEY") {
        Ok(path) => WebhookVerifier::from_public_key_pem(&std::fs::read_to_string(path)?)?,
        Err(_) => WebhookVerifier::yoti_production(),
    };
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8000);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}/webhook", listener.local_addr()?);
    let app = Router::new()
        .route("/webhook", post(receive))
        .with_state(verifier);
    axum::serve(listener, app).await?;
    Ok(())
}
