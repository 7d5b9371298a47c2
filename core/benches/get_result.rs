//! `get_result` through `yoti_age::Client` versus a raw hyper-util client doing the same GET
//! plus `serde_json::from_slice::<Value>`, against a bare axum server on 127.0.0.1. Prints the
//! ratio client/raw measured in the same run.

use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use criterion::Criterion;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::TokioExecutor;
use yoti_age::{Client, Environment};

const SESSION_ID: &str = "14010f56-3f04-4f1f-84e7-a43ff723ef86";

/// The published completed-result body, from the shared vectors.
fn result_body() -> String {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/results.json");
    let vectors: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("vectors")).expect("JSON");
    vectors["session_results"][0]["body"].to_string()
}

type Raw = HyperClient<hyper_util::client::legacy::connect::HttpConnector, Empty<Bytes>>;

async fn raw_get(raw: &Raw, uri: &hyper::Uri) -> serde_json::Value {
    let response = raw.get(uri.clone()).await.expect("raw GET");
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    serde_json::from_slice(&body).expect("json")
}

/// Mean time per call over `n` sequential calls.
fn time_per_call<F: FnMut()>(n: u32, mut f: F) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed() / n
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let body = result_body();
    let addr = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = Router::new().route(
            "/api/v1/sessions/{id}/result",
            get(move || {
                let body = body.clone();
                async move { ([("content-type", "application/json")], body) }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        addr
    });
    let base = format!("http://{addr}");
    let client = Client::builder()
        .sdk_id("5d3add31-3a3a-4d3b-a6b4-347edb35264c")
        .api_key("bench-key")
        .environment(Environment::custom(
            format!("{base}/api/v1"),
            base.clone(),
            "",
        ))
        .build()
        .expect("client");
    let raw: Raw = HyperClient::builder(TokioExecutor::new()).build_http();
    let uri: hyper::Uri = format!("{base}/api/v1/sessions/{SESSION_ID}/result")
        .parse()
        .expect("uri");

    let mut criterion = Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args();
    let mut group = criterion.benchmark_group("get_result");
    group.bench_function("yoti_age_client", |b| {
        b.to_async(&rt)
            .iter(|| async { client.get_result(SESSION_ID).await.expect("get_result") })
    });
    group.bench_function("raw_hyper_util", |b| {
        b.to_async(&rt).iter(|| raw_get(&raw, &uri))
    });
    group.finish();
    criterion.final_summary();

    // One more same-run measurement for the ratio.
    let n = 2000;
    let client_time = time_per_call(n, || {
        rt.block_on(client.get_result(SESSION_ID))
            .expect("get_result");
    });
    let raw_time = time_per_call(n, || {
        rt.block_on(raw_get(&raw, &uri));
    });
    // The HTTP library alone, for context: how much of the gap is reqwest itself.
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest");
    let url = uri.to_string();
    let reqwest_time = time_per_call(n, || {
        rt.block_on(async {
            let body = http
                .get(&url)
                .send()
                .await
                .expect("GET")
                .bytes()
                .await
                .expect("body");
            serde_json::from_slice::<serde_json::Value>(&body).expect("json")
        });
    });
    println!(
        "get_result: client {client_time:?}/call, raw hyper-util {raw_time:?}/call, bare reqwest {reqwest_time:?}/call"
    );
    println!(
        "ratio client/raw = {:.2} (throughput {:.2}x raw); reqwest alone/raw = {:.2}",
        client_time.as_secs_f64() / raw_time.as_secs_f64(),
        raw_time.as_secs_f64() / client_time.as_secs_f64(),
        reqwest_time.as_secs_f64() / raw_time.as_secs_f64()
    );
}
