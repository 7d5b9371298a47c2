//! Client configuration: validation at build time and `YOTI_*` environment reading.

mod common;

use std::collections::HashMap;

use common::*;
use yoti_age::{Client, Environment};

fn lookup(vars: &[(&str, String)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    move |k| map.get(k).cloned()
}

#[test]
fn build_requires_sdk_id_and_a_credential() {
    let err = Client::builder().api_key("k").build().unwrap_err();
    assert_eq!(err.code(), "config");
    assert!(err.to_string().contains("sdk_id"), "{err}");
    let err = Client::builder().sdk_id(SDK_ID).build().unwrap_err();
    assert!(err.to_string().contains("credentials"), "{err}");
    assert!(Client::builder()
        .sdk_id(SDK_ID)
        .api_key("k")
        .build()
        .is_ok());
}

#[test]
fn plain_http_is_refused_unless_loopback() {
    for (avs, ok) in [
        ("http://age.example.com/api/v1", false),
        ("http://192.168.1.5:8080/api/v1", false),
        ("http://127.0.0.1:8080/api/v1", true),
        ("http://localhost:8080/api/v1", true),
        ("http://[::1]:8080/api/v1", true),
        ("https://age.example.com/api/v1", true),
    ] {
        let result = Client::builder()
            .sdk_id(SDK_ID)
            .api_key("k")
            .environment(Environment::custom(avs, "", ""))
            .build();
        match (result, ok) {
            (Ok(_), true) => {}
            (Err(e), false) => {
                assert_eq!(e.code(), "config");
                assert!(e.to_string().contains("avs_base"), "{e}");
            }
            (r, _) => panic!("{avs}: unexpected {r:?}"),
        }
    }
}

#[test]
fn central_auth_needs_an_auth_url_and_bad_proxy_or_ca_are_refused() {
    let err = Client::builder()
        .sdk_id(SDK_ID)
        .central_auth(yoti_age::CentralAuthCredentials::new(pkcs8_pem(), "s"))
        .environment(Environment::custom("http://127.0.0.1:1/api/v1", "", ""))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("auth_url"), "{err}");
    let err = Client::builder()
        .sdk_id(SDK_ID)
        .api_key("k")
        .extra_ca_pem("not a pem")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("extra_ca_pem"), "{err}");
    let err = Client::builder()
        .sdk_id(SDK_ID)
        .api_key("k")
        .proxy("::::")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("proxy"), "{err}");
}

#[test]
fn production_defaults() {
    let c = Client::builder()
        .sdk_id(SDK_ID)
        .api_key("k")
        .build()
        .unwrap();
    assert_eq!(c.avs_base().as_str(), "https://age.yoti.com/api/v1");
    assert_eq!(c.poa_base().unwrap().as_str(), "https://api.yoti.com/");
    let c = Client::builder()
        .sdk_id(SDK_ID)
        .api_key("k")
        .environment(Environment::YotiSandbox)
        .build()
        .unwrap();
    assert_eq!(c.avs_base().as_str(), "https://age.yoti.com/sandbox/api/v1");
    assert!(c.poa_base().is_none());
}

#[test]
fn from_env_lookup_with_key_file_and_custom_urls() {
    let dir = std::env::temp_dir().join(format!("yoti-age-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key_path = dir.join("key.pem");
    std::fs::write(&key_path, pkcs1_pem()).unwrap();
    let client = Client::from_env_lookup(lookup(&[
        ("YOTI_SDK_ID", SDK_ID.to_owned()),
        ("YOTI_PRIVATE_KEY", key_path.display().to_string()),
        ("YOTI_SCOPE", "avs:sessions:create".to_owned()),
        ("YOTI_AVS_URL", "http://127.0.0.1:9/api/v1".to_owned()),
        ("YOTI_POA_URL", "http://127.0.0.1:9".to_owned()),
        (
            "YOTI_AUTH_URL",
            "http://127.0.0.1:9/v1/oauth/token".to_owned(),
        ),
    ]))
    .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(client.sdk_id(), SDK_ID);
    assert_eq!(client.avs_base().as_str(), "http://127.0.0.1:9/api/v1");
    let auth = client.central_auth().unwrap();
    assert_eq!(
        auth.token_url().as_str(),
        "http://127.0.0.1:9/v1/oauth/token"
    );

    let err = Client::from_env_lookup(lookup(&[
        ("YOTI_SDK_ID", SDK_ID.to_owned()),
        ("YOTI_API_KEY", "k".to_owned()),
        ("YOTI_AVS_URL", "http://evil.example/api/v1".to_owned()),
    ]))
    .unwrap_err();
    assert!(err.to_string().contains("avs_base"), "{err}");
}
