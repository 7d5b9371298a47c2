//! Runs every example binary against a sandbox, playing the user where one is needed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use yoti_age_sandbox::sessions::Outcome;
use yoti_age_sandbox::{Sandbox, SandboxConfig, SandboxHandle};

fn env(cmd: &mut Command, sb: &SandboxHandle) {
    cmd.env("YOTI_SDK_ID", sb.sdk_id())
        .env("YOTI_API_KEY", sb.api_key())
        .env("YOTI_POA_TOKEN", sb.api_key())
        .env("YOTI_AVS_URL", sb.avs_url())
        .env("YOTI_POA_URL", sb.poa_url())
        .env_remove("YOTI_ENV")
        .env_remove("YOTI_PRIVATE_KEY");
}

async fn sandbox() -> SandboxHandle {
    Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox")
}

#[tokio::test(flavor = "multi_thread")]
async fn quickstart_waits_for_the_user() {
    let sb = sandbox().await;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quickstart"));
    env(&mut cmd, &sb);
    let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first.strip_prefix("Send the user to: ").expect(&first);
    let session_id = url
        .split("sessionId=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    let outcome = Outcome {
        status: None,
        age: Some(30),
        method: Some("DIGITAL_ID".into()),
    };
    sb.complete(&session_id, &outcome).unwrap();
    let last = lines.next().unwrap().unwrap();
    assert_eq!(last, "Result: COMPLETE by DIGITAL_ID");
    assert!(child.wait().unwrap().success());
}

#[tokio::test(flavor = "multi_thread")]
async fn webhook_receiver_verifies_a_real_sandbox_webhook() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("sandbox.pem");
    std::fs::write(&key, sb.webhook_public_key_pem()).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_webhook_receiver"))
        .env("YOTI_WEBHOOK_PUBLIC_KEY", &key)
        .env("PORT", "0")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let hook = first.strip_prefix("listening on ").unwrap().to_owned();
    let client = sb.client().unwrap();
    let config = yoti_age::SessionConfig::over()
        .with_age_estimation(18)
        .with_ttl(900)
        .with_notification_url(hook);
    let session = client.create_session(&config).await.unwrap();
    let outcome = Outcome {
        status: None,
        age: Some(40),
        method: None,
    };
    sb.complete(&session.id, &outcome).unwrap();
    let line = tokio::task::spawn_blocking(move || lines.next().unwrap().unwrap())
        .await
        .unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    assert!(line.starts_with("verified "), "{line}");
    assert!(
        line.ends_with(&format!("session {}: COMPLETE (let them in)", session.id)),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn poa_till_decides() {
    let sb = sandbox().await;
    for (qr, expected) in [
        ("sandbox:success:21", "SELL: customer proved 21+"),
        ("sandbox:success:16", "REFUSE: customer proved only 16+"),
        (
            "sandbox:failure:USER_DID_NOT_CONSENT",
            "REFUSE: verification failed (USER_DID_NOT_CONSENT)",
        ),
        ("sandbox:pending:1", "SELL: customer proved 18+"),
    ] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_poa_till"));
        env(&mut cmd, &sb);
        let out = cmd.arg(qr).output().unwrap();
        assert!(out.status.success(), "{qr}: {out:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout.lines().last(), Some(expected), "{qr}");
    }
}
