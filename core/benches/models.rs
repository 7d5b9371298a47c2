//! Hot paths that involve no network: validate + serialize a full session config, parse a full
//! result, verify a webhook. Inputs come from the shared vectors.
#![allow(missing_docs)] // criterion macros generate undocumented items

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde_json::Value;
use yoti_age::{ResponseBody, SessionConfig, SessionResult, WebhookVerifier};

fn vectors(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).expect("vector file")).expect("JSON")
}

fn benches(c: &mut Criterion) {
    let configs = vectors("session_configs.json");
    let full_config: SessionConfig =
        serde_json::from_value(configs["valid"][1]["config"].clone()).expect("every-field config");
    c.bench_function("validate+serialize full session config", |b| {
        b.iter(|| {
            black_box(&full_config).validate().expect("valid");
            serde_json::to_vec(black_box(&full_config)).expect("serializes")
        })
    });

    let typical = serde_json::to_vec(&configs["valid"][0]["config"]).expect("bytes");
    c.bench_function("parse+validate typical session config", |b| {
        b.iter(|| {
            let config: SessionConfig =
                serde_json::from_slice(black_box(&typical)).expect("parses");
            config.validate().expect("valid")
        })
    });

    let results = vectors("results.json");
    let body = serde_json::to_vec(&results["session_results"][0]["body"]).expect("bytes");
    c.bench_function("parse full session result", |b| {
        b.iter(|| SessionResult::from_body(black_box(&body)).expect("parses"))
    });

    let webhooks = vectors("webhooks.json");
    let verifier =
        WebhookVerifier::from_public_key_pem(webhooks["public_key_pem"].as_str().expect("pem"))
            .expect("key");
    let signed = webhooks["cases"][0]["body"]
        .as_str()
        .expect("body")
        .as_bytes()
        .to_vec();
    c.bench_function("verify webhook (RSA-3072 PSS)", |b| {
        b.iter(|| verifier.verify(black_box(&signed)).expect("verifies"))
    });
}

criterion_group!(models, benches);
criterion_main!(models);
