//! The `yoti-age` binary against a sandbox it started itself, as a script would use it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command as StdCommand, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use assert_cmd::Command;
use predicates::prelude::*;

/// `yoti-age sandbox --port 0 --print-config`, stopped by closing its stdin on drop.
struct Sandbox {
    child: Child,
    config: serde_json::Value,
}

impl Sandbox {
    fn start() -> Self {
        let mut child = StdCommand::cargo_bin("yoti-age")
            .unwrap()
            .args(["sandbox", "--port", "0", "--print-config"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let config = serde_json::from_str(&line).expect("one JSON config line");
        Self { child, config }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("yoti-age").unwrap();
        let c = &self.config;
        cmd.env("YOTI_SDK_ID", c["sdk_id"].as_str().unwrap())
            .env("YOTI_API_KEY", c["api_key"].as_str().unwrap())
            .env("YOTI_AVS_URL", c["avs_url"].as_str().unwrap())
            .env("YOTI_POA_URL", c["poa_url"].as_str().unwrap())
            .env_remove("YOTI_ENV")
            .env_remove("YOTI_PRIVATE_KEY");
        cmd
    }

    /// Plays the user through the control API.
    fn complete(&self, id: &str, body: serde_json::Value) {
        self.post(&format!("/__sandbox/sessions/{id}/complete"), &body);
    }

    /// POSTs JSON to the sandbox (a plain HTTP/1.1 request: no client needed) and expects 2xx.
    fn post(&self, path: &str, body: &serde_json::Value) {
        use std::io::{Read, Write};
        let base = self.config["base_url"].as_str().unwrap();
        let addr = base.trim_start_matches("http://");
        let body = body.to_string();
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 2"), "{path}: {answer}");
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

#[test]
fn session_lifecycle_through_the_cli() {
    let sb = Sandbox::start();
    let out = sb
        .cmd()
        .args([
            "--json",
            "session",
            "create",
            "--method",
            "age_estimation,digital_id",
            "--threshold",
            "18",
            "--ttl",
            "900",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let created: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["status"], "PENDING");

    sb.cmd()
        .args(["session", "url", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("sessionId={id}")));
    sb.cmd()
        .args(["session", "get", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("PENDING"));
    sb.cmd()
        .args(["session", "wait", &id, "--timeout", "1"])
        .assert()
        .code(11);

    sb.complete(&id, serde_json::json!({"method": "DIGITAL_ID", "age": 40}));
    sb.cmd()
        .args(["session", "wait", &id, "--timeout", "10"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("COMPLETE"))
        .stdout(predicate::str::contains("DIGITAL_ID"));
    let out = sb
        .cmd()
        .args(["--json", "session", "result", &id])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let result: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        (result["status"].as_str(), result["age"].as_u64()),
        (Some("COMPLETE"), Some(18))
    );

    sb.cmd()
        .args(["session", "result", "no-such-session"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("not_found"));
}

#[test]
fn failed_session_exits_not_passed() {
    let sb = Sandbox::start();
    let out = sb
        .cmd()
        .args([
            "--json",
            "session",
            "create",
            "--method",
            "age_estimation",
            "--threshold",
            "21",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let id = serde_json::from_slice::<serde_json::Value>(&out).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    sb.complete(
        &id,
        serde_json::json!({"method": "AGE_ESTIMATION", "age": 19}),
    );
    sb.cmd()
        .args(["session", "wait", &id])
        .assert()
        .code(10)
        .stdout(predicate::str::contains("FAIL"));
}

#[test]
fn poa_through_the_cli() {
    let sb = Sandbox::start();
    // The sandbox accepts its API key as a PoA bearer token.
    let poa = |args: &[&str]| {
        let mut cmd = sb.cmd();
        cmd.env("YOTI_POA_TOKEN", sb.config["api_key"].as_str().unwrap())
            .arg("poa")
            .args(args);
        cmd
    };
    poa(&[
        "verify",
        "--qr",
        "sandbox:success:25",
        "--terminal",
        "till-1",
    ])
    .assert()
    .code(0)
    .stdout(predicate::str::contains("25+"));
    poa(&[
        "verify",
        "--qr",
        "sandbox:failure:USER_DID_NOT_CONSENT",
        "--terminal",
        "till-1",
    ])
    .assert()
    .code(10)
    .stdout(predicate::str::contains("USER_DID_NOT_CONSENT"));
    let out = poa(&[
        "--json",
        "verify",
        "--qr",
        "sandbox:pending:2",
        "--terminal",
        "till-1",
    ])
    .assert()
    .code(11)
    .get_output()
    .stdout
    .clone();
    let id = serde_json::from_slice::<serde_json::Value>(&out).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    poa(&["wait", &id, "--timeout", "20"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("SUCCESS"));
    poa(&[
        "verify",
        "--qr",
        "x",
        "--terminal",
        "t",
        "--scanned-at",
        "2020-01-01T00:00:00Z",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("poa.qr_stale"));
    sb.cmd()
        .env_remove("YOTI_POA_TOKEN")
        .args(["poa", "get", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config"));
}

#[test]
fn demo_runs_the_whole_flow_offline() {
    Command::cargo_bin("yoti-age")
        .unwrap()
        .args(["--json", "demo"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[5/7]"))
        .stdout(predicate::str::contains("\"webhook_verified\": true"))
        .stdout(predicate::str::contains("\"status\": \"COMPLETE\""))
        .stdout(predicate::str::contains("\"poa_status\": \"SUCCESS\""));
}

#[test]
fn token_from_central_auth_credentials() {
    use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
    let sb = Sandbox::start();
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pem = dir.path().join("key.pem");
    std::fs::write(&pem, key.to_pkcs8_pem(LineEnding::LF).unwrap().as_bytes()).unwrap();
    let public = key
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let sdk_id = sb.config["sdk_id"].as_str().unwrap().to_owned();
    let body = serde_json::json!({"sdk_id": sdk_id, "public_key_pem": public});
    sb.post("/__sandbox/client-keys", &body);
    let out = sb
        .cmd()
        .env_remove("YOTI_API_KEY")
        .env("YOTI_AUTH_URL", sb.config["auth_url"].as_str().unwrap())
        .args([
            "--json",
            "token",
            "--scope",
            "avs:sessions:create",
            "--private-key",
        ])
        .arg(&pem)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let token: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(token["access_token"].as_str().unwrap().starts_with("yta_"));
    assert_eq!(token["scope"], "avs:sessions:create");
    sb.cmd()
        .args(["token"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("central-auth"));
}
