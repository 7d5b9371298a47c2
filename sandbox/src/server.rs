//! The accept loop: applies faults, the loopback rule of the control API, `X-Request-ID`, and
//! the request log around the router.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use bytes::Bytes;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

use crate::faults::{Fault, FaultKind};
use crate::request_log::{mask_authorization, Entry};
use crate::state::Shared;
use crate::{api, control, oauth, poa, user_view};

/// The whole application.
fn router(state: Shared) -> Router {
    Router::new()
        .nest("/api/v1", api::routes())
        .nest("/__sandbox", control::routes())
        .route("/oauth/token", post(oauth::token))
        .route("/poa/v1/verify", post(poa::verify))
        .route("/poa/v1/verify/{id}", get(poa::get))
        .merge(user_view::routes())
        .with_state(state)
}

/// The connection was reset on purpose by a fault.
#[derive(Debug)]
struct ResetByFault;

impl std::fmt::Display for ResetByFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection reset by an injected fault")
    }
}

impl std::error::Error for ResetByFault {}

/// Serves until `stopped` turns true.
pub async fn serve(listener: TcpListener, state: Shared, mut stopped: watch::Receiver<bool>) {
    let app = router(state.clone());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopped.changed() => return,
        };
        let (app, state, mut stopped) = (app.clone(), state.clone(), stopped.clone());
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                handle(app.clone(), state.clone(), peer, req)
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stopped.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(1), conn).await;
                }
            }
        });
    }
}

fn fault_response(fault: &Fault, kind: &FaultKind) -> Response<Body> {
    match kind {
        FaultKind::Malformed => Response::builder()
            .header("content-type", "application/json")
            .body(Body::from("{\"id\": \"not json"))
            .unwrap_or_default(),
        FaultKind::Truncated => {
            let chunk: Result<Bytes, Infallible> = Ok(Bytes::from_static(b"{\"id\":\"trunc"));
            Response::builder()
                .header("content-type", "application/json")
                .header("content-length", "4096")
                .body(Body::from_stream(futures::stream::iter([chunk])))
                .unwrap_or_default()
        }
        _ => {
            let status = fault
                .status
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let body = fault.body.clone().unwrap_or_else(|| {
                format!(
                    "{{\"error_code\":\"SANDBOX_FAULT\",\"message\":\"injected {} fault\"}}",
                    status.as_u16()
                )
            });
            let mut response = Response::builder()
                .status(status)
                .header("content-type", "application/json");
            if let Some(seconds) = fault.retry_after {
                response = response.header("retry-after", seconds.to_string());
            }
            response.body(Body::from(body)).unwrap_or_default()
        }
    }
}

async fn handle(
    app: Router,
    state: Shared,
    peer: SocketAddr,
    req: Request<Incoming>,
) -> Result<Response<Body>, ResetByFault> {
    let at = state.clock.now();
    let method = req.method().to_string();
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |p| p.to_string());
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let sdk_id = header("yoti-sdk-id");
    let authorization = header("authorization").map(|v| mask_authorization(&v));
    let control = req.uri().path().starts_with("/__sandbox");
    let fault = if control {
        None
    } else {
        state.faults.take(&method, req.uri().path())
    };
    let mut fault_name = None;
    let mut response = if control && !peer.ip().is_loopback() {
        Response::builder()
            .status(StatusCode::FORBIDDEN)
            .body(Body::from("control API: loopback only"))
            .unwrap_or_default()
    } else {
        let mut pass = true;
        let mut answer = None;
        if let Some(f) = &fault {
            let kind = f.effective_kind().unwrap_or(FaultKind::Status);
            fault_name = Some(format!("{kind:?}").to_lowercase());
            match kind {
                FaultKind::Delay => {
                    tokio::time::sleep(Duration::from_millis(f.delay_ms.unwrap_or(0))).await
                }
                FaultKind::Reset => {
                    state.log.push(Entry::Request {
                        at,
                        method,
                        path,
                        status: 0,
                        sdk_id,
                        authorization,
                        fault: fault_name,
                    });
                    return Err(ResetByFault);
                }
                other => {
                    pass = false;
                    answer = Some(fault_response(f, &other));
                }
            }
        }
        match (pass, answer) {
            (true, _) | (false, None) => match app.oneshot(req.map(Body::new)).await {
                Ok(r) => r,
                Err(never) => match never {},
            },
            (false, Some(r)) => r,
        }
    };
    if let Ok(v) = HeaderValue::from_str(&state.next_request_id()) {
        response.headers_mut().insert("x-request-id", v);
    }
    state.log.push(Entry::Request {
        at,
        method,
        path,
        status: response.status().as_u16(),
        sdk_id,
        authorization,
        fault: fault_name,
    });
    Ok(response)
}
