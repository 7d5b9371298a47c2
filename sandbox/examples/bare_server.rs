//! A bare axum handler answering a fixed body on every path: the baseline of
//! `bench/throughput.sh`, and the fast stand-in server of the binding benchmarks (which point a
//! client's API URL at it, so that the server's own cost does not dilute the clients').
//! Usage: `bare_server BODY_FILE` — prints the URL, serves until killed.

use axum::Router;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .expect("usage: bare_server BODY_FILE");
    let body: &'static str = Box::leak(std::fs::read_to_string(path)?.into_boxed_str());
    let reply = move || async move { ([("content-type", "application/json")], body) };
    // Every path and method, `/fixed` included, gets the same answer.
    let app = Router::new().fallback(reply);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("http://{}/fixed", listener.local_addr()?);
    axum::serve(listener, app).await
}
