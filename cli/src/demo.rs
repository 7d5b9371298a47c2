//! `yoti-age demo`: the whole flow offline, against an embedded sandbox, step by step.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::mpsc;
use yoti_age::poa::PoaVerifyRequest;
use yoti_age::{AvsNotification, Error, Result, SessionConfig, WaitOptions, WebhookVerifier};
use yoti_age_sandbox::{Sandbox, SandboxConfig};

use crate::exit::Code;
use crate::output;

/// What the local receiver saw.
enum Received {
    Webhook(Box<std::result::Result<AvsNotification, Error>>),
    Callback(String),
}

#[derive(Clone)]
struct Receiver {
    verifier: WebhookVerifier,
    tx: mpsc::UnboundedSender<Received>,
}

async fn webhook(State(r): State<Receiver>, body: Bytes) -> &'static str {
    let _ =
        r.tx.send(Received::Webhook(Box::new(r.verifier.verify(&body))));
    "ok"
}

async fn callback(
    State(r): State<Receiver>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> &'static str {
    let _ = r.tx.send(Received::Callback(
        q.get("sessionId").cloned().unwrap_or_default(),
    ));
    "Thanks, your age is being checked."
}

fn step(n: u32, text: &str) {
    println!("\n[{n}/7] {text}");
}

fn failed(what: &str) -> Error {
    Error::Internal(format!("demo: {what}"))
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Received>) -> Result<Received> {
    tokio::time::timeout(Duration::from_secs(15), rx.recv())
        .await
        .map_err(|_| failed("nothing reached the local receiver within 15 s"))?
        .ok_or_else(|| failed("the local receiver stopped"))
}

/// Runs the demo.
pub async fn run(json: bool) -> Result<Code> {
    step(
        1,
        "Starting the sandbox on 127.0.0.1 (generating its RSA-3072 webhook key)…",
    );
    let sandbox = Sandbox::start(SandboxConfig {
        port: 0,
        ..SandboxConfig::default()
    })
    .await
    .map_err(|e| failed(&e.to_string()))?;
    println!("      AVS API      {}", sandbox.avs_url());
    println!("      SDK id       {}", sandbox.sdk_id());

    step(
        2,
        "Starting a local receiver for the webhook and the callback redirect…",
    );
    let (tx, mut rx) = mpsc::unbounded_channel();
    let verifier = WebhookVerifier::from_public_key_pem(sandbox.webhook_public_key_pem())?;
    let app = Router::new()
        .route("/webhook", post(webhook))
        .route("/done", get(callback))
        .with_state(Receiver { verifier, tx });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| failed(&format!("cannot listen on loopback: {e}")))?;
    let receiver = format!(
        "http://{}",
        listener.local_addr().map_err(|e| failed(&e.to_string()))?
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    println!("      webhook      {receiver}/webhook");

    step(
        3,
        "Creating an over-18 session: age estimation (threshold 21) or Digital ID, ttl 900 s…",
    );
    let client = sandbox.client()?;
    let config = SessionConfig::over()
        .with_age_estimation(21)
        .with_digital_id(18)
        .with_ttl(900)
        .with_reference_id("demo-order-1")
        .with_callback(format!("{receiver}/done"), true)
        .with_notification_url(format!("{receiver}/webhook"));
    let created = client.create_session(&config).await?;
    let url = client.user_view_url(&created.id, None)?;
    println!("      session      {}", created.id);
    println!("      user view    {url}");

    step(
        4,
        "Playing the user: opening the user view and finishing by age estimation, age 25…",
    );
    let browser = reqwest::Client::builder()
        .no_proxy()
        .build()
        .map_err(|e| failed(&e.to_string()))?;
    let page = browser
        .get(url.as_str())
        .send()
        .await
        .map_err(|e| failed(&e.to_string()))?;
    println!("      page         HTTP {}", page.status().as_u16());
    let form = [
        ("sessionId", created.id.as_str()),
        ("sdkId", sandbox.sdk_id()),
        ("method", "AGE_ESTIMATION"),
        ("age", "25"),
        ("outcome", "AUTO"),
        ("action", "finish"),
    ];
    let body = form
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let landed = browser
        .post(format!("{}/", sandbox.base_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .map_err(|e| failed(&e.to_string()))?;
    println!("      redirected   {}", landed.url());

    step(
        5,
        "Receiving and verifying the signed webhook (RSA-PSS over the raw body)…",
    );
    let mut notification = None;
    let mut callback_session = None;
    while notification.is_none() || callback_session.is_none() {
        match next(&mut rx).await? {
            Received::Webhook(verified) => notification = Some((*verified)?),
            Received::Callback(id) => callback_session = Some(id),
        }
    }
    let notification = notification.ok_or_else(|| failed("no webhook"))?;
    if callback_session.as_deref() != Some(created.id.as_str()) {
        return Err(failed("the callback did not carry the session id"));
    }
    println!(
        "      verified     state {} · method {} · sequence {}",
        notification.state,
        notification.method.as_ref().map_or("?", |m| m.as_str()),
        notification.sequence_number.unwrap_or(0)
    );

    step(6, "Fetching the result…");
    let result = client
        .wait_for_result(&created.id, WaitOptions::default())
        .await?;
    output::result(&result, false);

    step(
        7,
        "Verifying a Proof of Age QR code at a till (magic value sandbox:success:18)…",
    );
    let poa = sandbox
        .client_builder()
        .poa_token(sandbox.api_key())
        .build()?;
    let verification = poa
        .poa_verify(&PoaVerifyRequest::new("sandbox:success:18", "till-1"))
        .await?;
    output::poa(verification.result(), false);

    if json {
        output::json(&serde_json::json!({
            "session_id": created.id,
            "user_view_url": url.as_str(),
            "webhook_verified": true,
            "status": result.status,
            "age": result.age,
            "method": result.method,
            "poa_status": verification.result().status,
            "poa_age_over": verification.result().age_over(),
        }));
    }
    println!(
        "\nDone: the same calls work against production once YOTI_SDK_ID and YOTI_API_KEY are set."
    );
    sandbox.shutdown();
    Ok(if result.is_complete() {
        Code::Ok
    } else {
        Code::NotPassed
    })
}
