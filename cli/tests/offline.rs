//! CLI behaviour that needs no server: input errors, webhook verification, help.

use assert_cmd::Command;
use predicates::prelude::*;

fn yoti_age() -> Command {
    let mut cmd = Command::cargo_bin("yoti-age").expect("binary built");
    for var in [
        "YOTI_SDK_ID",
        "YOTI_API_KEY",
        "YOTI_PRIVATE_KEY",
        "YOTI_SCOPE",
        "YOTI_ENV",
        "YOTI_AVS_URL",
        "YOTI_POA_URL",
        "YOTI_AUTH_URL",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn vectors(name: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn invalid_session_is_one_line_naming_the_field_and_nothing_is_sent() {
    // The AVS URL points at a port nothing listens on: validation must fail before any request.
    yoti_age()
        .args([
            "--sdk-id",
            "sdk",
            "--api-key",
            "k",
            "--avs-url",
            "http://127.0.0.1:9/api/v1",
        ])
        .args([
            "session",
            "create",
            "--method",
            "age_estimation",
            "--threshold",
            "130",
            "--ttl",
            "30",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error [validation]: ttl: must be between 60 and 2592000",
        ))
        .stderr(predicate::str::contains("age_estimation.threshold"))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
}

#[test]
fn json_errors_carry_code_and_fields() {
    let out = yoti_age()
        .args([
            "--json",
            "--sdk-id",
            "sdk",
            "--api-key",
            "k",
            "--avs-url",
            "http://127.0.0.1:9/api/v1",
        ])
        .args(["session", "create", "--method", "retina"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["error"]["code"], "validation");
    assert_eq!(v["error"]["field_errors"][0]["field"], "--method");
}

#[test]
fn missing_configuration_is_a_config_error() {
    yoti_age()
        .args(["session", "result", "abc"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error [config]"));
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    yoti_age()
        .args([
            "--sdk-id",
            "sdk",
            "--api-key",
            "k",
            "--avs-url",
            "http://age.example.com/api/v1",
        ])
        .args(["session", "result", "abc"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config"));
}

#[test]
fn connection_refused_is_unavailable() {
    yoti_age()
        .args([
            "--sdk-id",
            "sdk",
            "--api-key",
            "secret-canary-key",
            "--avs-url",
            "http://127.0.0.1:9/api/v1",
        ])
        .args(["session", "result", "abc"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("error [transport]"))
        .stderr(predicate::str::contains("secret-canary-key").not());
}

#[test]
fn webhook_verify_uses_the_shared_vectors() {
    let v = vectors("webhooks.json");
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.pem");
    std::fs::write(&key, v["public_key_pem"].as_str().unwrap()).unwrap();
    for case in v["cases"].as_array().unwrap() {
        let body = case["body"].as_str().unwrap();
        let assert = yoti_age()
            .args(["--json", "webhook", "verify", "--public-key"])
            .arg(&key)
            .write_stdin(body)
            .assert();
        if case["valid"].as_bool().unwrap() {
            let out = assert.code(0).get_output().stdout.clone();
            let n: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(
                n["session_key"], case["expect"]["session_key"],
                "{}",
                case["name"]
            );
        } else {
            let out = assert.code(6).get_output().stderr.clone();
            let e: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(e["error"]["code"], case["error_code"], "{}", case["name"]);
        }
    }
}

#[test]
fn webhook_verify_defaults_to_the_production_key() {
    let v = vectors("webhooks.json");
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("body.json");
    std::fs::write(&body, v["cases"][0]["body"].as_str().unwrap()).unwrap();
    yoti_age()
        .args(["webhook", "verify"])
        .arg(&body)
        .assert()
        .code(6)
        .stderr(predicate::str::contains("webhook.invalid_signature"));
}

#[test]
fn help_documents_exit_codes_and_env_vars() {
    yoti_age()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"))
        .stdout(predicate::str::contains("YOTI_AVS_URL"));
}
