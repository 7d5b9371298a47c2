//! The binding's tokio runtime, started on the first call (loading the addon starts no
//! threads), and the bridge that runs a core future behind a JavaScript Promise: the future is
//! abortable by id, and a panic inside it settles the Promise as an `internal` error instead of
//! aborting the process.

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Mutex, OnceLock};

use futures::future::{AbortHandle, Abortable};
use futures::FutureExt as _;
use napi::bindgen_prelude::{Buffer, Object};
use napi::{Env, JsDeferred};
use napi_derive::napi;
use tokio::runtime::Runtime;

use crate::errors::error_json;

static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();

/// The runtime, built on first use with two worker threads (enough for an HTTP client; the
/// work is I/O-bound).
pub fn runtime() -> Result<&'static Runtime, yoti_age::Error> {
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("yoti-age")
                .enable_all()
                .build()
                .map_err(|e| format!("could not start the tokio runtime: {e}"))
        })
        .as_ref()
        .map_err(|e| yoti_age::Error::Internal(e.clone()))
}

/// Whether the runtime has been started (for the lazy-start test).
#[napi]
pub fn native_runtime_started() -> bool {
    RUNTIME.get().is_some()
}

/// What a native call settles with: `ok` tells whether `json` is the value or the error.
#[napi(object)]
pub struct NativeReply {
    /// `true`: `json` is the value; `false`: `json` is the error.
    pub ok: bool,
    /// The value or error as JSON text.
    pub json: String,
    /// The response body as received, for models that keep it (`raw`).
    pub raw: Option<String>,
    /// Body bytes (raw requests, signed webhooks).
    pub body: Option<Buffer>,
}

/// A successful reply, before it crosses to the JavaScript thread.
pub struct Reply {
    /// The value as JSON text.
    pub json: String,
    /// The raw body text, when the model keeps it.
    pub raw: Option<String>,
    /// Body bytes.
    pub body: Option<Vec<u8>>,
}

impl Reply {
    /// A reply carrying only JSON.
    pub fn json(json: String) -> Self {
        Self {
            json,
            raw: None,
            body: None,
        }
    }
}

/// Turns a result into what JavaScript receives.
pub fn settle(result: Result<Reply, yoti_age::Error>) -> NativeReply {
    match result {
        Ok(r) => NativeReply {
            ok: true,
            json: r.json,
            raw: r.raw,
            body: r.body.map(Buffer::from),
        },
        Err(e) => NativeReply {
            ok: false,
            json: error_json(&e),
            raw: None,
            body: None,
        },
    }
}

/// Runs a synchronous body, turning a panic into an `internal` error.
pub fn guarded<F: FnOnce() -> Result<Reply, yoti_age::Error>>(f: F) -> NativeReply {
    settle(
        std::panic::catch_unwind(AssertUnwindSafe(f))
            .unwrap_or_else(|p| Err(yoti_age::Error::Internal(panic_message(p.as_ref())))),
    )
}

static CANCELS: OnceLock<Mutex<HashMap<u32, AbortHandle>>> = OnceLock::new();

fn cancels() -> std::sync::MutexGuard<'static, HashMap<u32, AbortHandle>> {
    CANCELS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

/// Aborts the call registered under `id` (from an `AbortSignal`): its future is dropped and
/// its Promise settles with a `cancelled` error. Unknown ids are ignored.
#[napi]
pub fn native_cancel_call(id: u32) {
    if let Some(handle) = cancels().remove(&id) {
        handle.abort();
    }
}

/// Panic payload as text.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    };
    format!("panic in the native binding: {text}")
}

type Resolver = Box<dyn FnOnce(Env) -> napi::Result<NativeReply> + Send>;

fn finish(deferred: JsDeferred<NativeReply, Resolver>, result: Result<Reply, yoti_age::Error>) {
    deferred.resolve(Box::new(move |_| Ok(settle(result))));
}

/// Runs `fut` on the runtime and returns a Promise of its [`NativeReply`]. With a non-zero
/// `cancel_id`, [`native_cancel_call`] with that id drops the future.
pub fn spawn<'env, F>(env: &'env Env, cancel_id: u32, fut: F) -> napi::Result<Object<'env>>
where
    F: Future<Output = Result<Reply, yoti_age::Error>> + Send + 'static,
{
    let (deferred, promise) = env.create_deferred::<NativeReply, Resolver>()?;
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            finish(deferred, Err(e));
            return Ok(promise);
        }
    };
    let guarded = AssertUnwindSafe(fut)
        .catch_unwind()
        .map(|r| r.unwrap_or_else(|p| Err(yoti_age::Error::Internal(panic_message(p.as_ref())))));
    if cancel_id == 0 {
        rt.spawn(async move {
            let result = guarded.await;
            finish(deferred, result);
        });
    } else {
        let (handle, registration) = AbortHandle::new_pair();
        cancels().insert(cancel_id, handle);
        rt.spawn(async move {
            let result = Abortable::new(guarded, registration)
                .await
                .unwrap_or(Err(yoti_age::Error::Cancelled));
            cancels().remove(&cancel_id);
            finish(deferred, result);
        });
    }
    Ok(promise)
}
