//! Proxies: an explicit proxy is used; system proxies are bypassed when every endpoint is on
//! loopback. Its own binary because it sets process environment variables.

mod common;

use common::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use yoti_age::{Client, Environment};

#[tokio::test]
async fn explicit_proxy_receives_the_request() {
    let proxy = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v1/sessions/{SESSION_ID}/result")))
        .respond_with(ResponseTemplate::new(200).set_body_json(result_body("COMPLETE")))
        .expect(1)
        .mount(&proxy)
        .await;
    // The target port is closed: only the proxy can answer.
    let client = Client::builder()
        .sdk_id(SDK_ID)
        .api_key(API_KEY)
        .environment(Environment::custom("http://127.0.0.1:9/api/v1", "", ""))
        .proxy(proxy.uri())
        .build()
        .unwrap();
    client.get_result(SESSION_ID).await.unwrap();
    let requests = proxy.received_requests().await.unwrap();
    assert_eq!(requests[0].headers.get("host").unwrap(), "127.0.0.1:9");
}

#[tokio::test]
async fn system_proxy_is_bypassed_for_loopback_endpoints() {
    // A proxy that refuses connections: using it would fail the call.
    std::env::set_var("HTTP_PROXY", "http://127.0.0.1:9");
    std::env::set_var("http_proxy", "http://127.0.0.1:9");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(result_body("COMPLETE")))
        .mount(&server)
        .await;
    let result = client(&server).get_result(SESSION_ID).await;
    std::env::remove_var("HTTP_PROXY");
    std::env::remove_var("http_proxy");
    result.unwrap();
}
