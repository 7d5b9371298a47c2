//! Benchmark (not a test): sequential `get_result` through the C API versus the pure-Rust
//! blocking client, against the same loopback server serving the published result body from
//! the shared vectors. Run it with `bash bindings-c/bench/run.sh` (release build), which
//! passes the path of the compiled `bench/get_result.c`. Prints both times and the ratio
//! (C throughput / Rust throughput), alternating the two sides over several rounds. Both
//! clients run in their own process (the Rust one is this binary re-run with `--rust-client`),
//! so neither shares a process, allocator or CPU caches with the server.

use std::process::Command;
use std::time::Instant;

use axum::routing::get;
use axum::Router;
use yoti_core::blocking::Client;
use yoti_core::Environment;

const SESSION_ID: &str = "14010f56-3f04-4f1f-84e7-a43ff723ef86";
const SDK_ID: &str = "5d3add31-3a3a-4d3b-a6b4-347edb35264c";
const API_KEY: &str = "bench-key";

fn result_body() -> String {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/results.json");
    let vectors: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("vectors")).expect("JSON");
    vectors["session_results"][0]["body"].to_string()
}

/// `--rust-client AVS_URL N`: the pure-Rust side, timed like `bench/get_result.c`.
fn rust_client(avs_url: &str, n: u32) {
    let client = Client::builder()
        .sdk_id(SDK_ID)
        .api_key(API_KEY)
        .environment(Environment::custom(avs_url, "", ""))
        .build_blocking()
        .expect("client");
    for (round, calls) in [(0, n / 10), (1, n)] {
        let start = Instant::now();
        for _ in 0..calls {
            let result = client.get_result(SESSION_ID).expect("get_result");
            assert!(result.is_complete());
        }
        if round == 1 {
            let ns = start.elapsed().as_nanos() as f64 / f64::from(calls);
            println!("rust_ns_per_call {ns:.0}");
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--rust-client") {
        return rust_client(&args[2], args[3].parse().expect("N"));
    }
    let c_bench = std::env::args()
        .nth(1)
        .expect("usage: bench_get_result PATH_TO_C_BENCH [N]");
    let n: u32 = std::env::args()
        .nth(2)
        .map_or(3000, |s| s.parse().expect("N"));
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let body = result_body();
    let listener = server
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = Router::new().route(
        "/api/v1/sessions/{id}/result",
        get(move || {
            let body = body.clone();
            async move { ([("content-type", "application/json")], body) }
        }),
    );
    server.spawn(async move { axum::serve(listener, app).await });
    let avs_url = format!("http://{addr}/api/v1");

    let per_call = |program: &str, args: &[&str]| {
        let output = Command::new(program)
            .args(args)
            .output()
            .expect("run a benchmark client");
        assert!(output.status.success(), "{output:?}");
        let text = String::from_utf8_lossy(&output.stdout);
        text.split_whitespace()
            .nth(1)
            .and_then(|v| v.parse::<f64>().ok())
            .expect("ns per call")
    };
    let me = std::env::current_exe().expect("current exe");
    let n_text = n.to_string();
    let rust_round = || {
        per_call(
            me.to_str().expect("path"),
            &["--rust-client", &avs_url, &n_text],
        )
    };
    let c_round = || per_call(&c_bench, &[&avs_url, SDK_ID, API_KEY, SESSION_ID, &n_text]);

    let (mut rust, mut c) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        rust.push(rust_round());
        c.push(c_round());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (rust_ns, c_ns) = (median(&mut rust), median(&mut c));
    println!("sequential get_result, {n} calls per round, median of 5 alternating rounds");
    println!("| client | µs per call | calls/s |");
    println!("|---|---|---|");
    println!(
        "| Rust blocking client | {:.1} | {:.0} |",
        rust_ns / 1e3,
        1e9 / rust_ns
    );
    println!(
        "| C API (libyoti_age) | {:.1} | {:.0} |",
        c_ns / 1e3,
        1e9 / c_ns
    );
    println!(
        "throughput ratio C / Rust: {:.3}x (goal >= 0.95x)",
        rust_ns / c_ns
    );
}
