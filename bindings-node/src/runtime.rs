//! The binding's tokio runtime, started on the first call (loading the addon starts no
//! threads), and the bridge that runs a core future behind a JavaScript Promise: the future is
//! abortable by id, and a panic inside it settles the Promise as an `internal` error instead of
//! aborting the process.

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, OnceLock};

use futures::future::{AbortHandle, Abortable};
use futures::FutureExt as _;
use napi::bindgen_prelude::{Buffer, Function};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Env;
use napi_derive::napi;
use tokio::runtime::Runtime;

use crate::errors::error_json;

static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();

/// The runtime, built on first use with one worker thread. JavaScript runs on one thread, and
/// the worker's share of a call (HTTP, decoding, the JavaScript shape) is smaller than the
/// JavaScript thread's, so a second worker adds no throughput; it only added hand-offs between
/// workers (6.8 context switches per sequential call with two workers, 3.3 with one).
pub fn runtime() -> Result<&'static Runtime, yoti_age::Error> {
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
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

/// A finished call, handed to the JavaScript thread: the call id JavaScript chose, and the reply.
#[napi(object)]
pub struct NativeCompletion {
    /// The id the call was started with.
    pub id: u32,
    /// Its outcome.
    pub reply: NativeReply,
}

/// What a runtime worker hands over when a call finishes.
type Finished = (u32, Result<Reply, yoti_age::Error>);

/// The one threadsafe function of this JavaScript environment that settles every call. Weak:
/// JavaScript keeps the event loop alive while calls are pending (`native.js`).
type Completions = ThreadsafeFunction<Finished, (), NativeCompletion, napi::Status, false, true>;

/// Sets the JavaScript function that settles finished calls (`native.js`, once per
/// environment). One threadsafe function serves every call, so finishing a call costs one
/// queued message instead of creating and tearing down a threadsafe function per call, and
/// Node drains completions that arrive together in one wake-up.
#[napi]
pub fn native_set_completion_handler(
    env: &Env,
    handler: Function<'_, NativeCompletion, ()>,
) -> napi::Result<()> {
    let completions: Completions = handler
        .build_threadsafe_function::<Finished>()
        .weak::<true>()
        .callee_handled::<false>()
        .build_callback(|ctx| {
            let (id, result) = ctx.value;
            Ok(NativeCompletion {
                id,
                reply: settle(result),
            })
        })?;
    env.set_instance_data(Arc::new(completions), (), |_| {})
}

/// Runs `fut` on the runtime; when it finishes, the completion handler receives `call_id` and
/// its [`NativeReply`]. [`native_cancel_call`] with `call_id` drops the future meanwhile.
pub fn spawn<F>(env: &Env, call_id: u32, fut: F) -> napi::Result<()>
where
    F: Future<Output = Result<Reply, yoti_age::Error>> + Send + 'static,
{
    let completions = env
        .get_instance_data::<Arc<Completions>>()?
        .ok_or_else(|| {
            napi::Error::from_reason(
                "yoti-age: load the addon through native.js (no completion handler)",
            )
        })?
        .clone();
    let finish = move |result| {
        // Fails only while the environment shuts down, when nobody is waiting.
        let _ = completions.call((call_id, result), ThreadsafeFunctionCallMode::NonBlocking);
    };
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            finish(Err(e));
            return Ok(());
        }
    };
    let guarded = AssertUnwindSafe(fut)
        .catch_unwind()
        .map(|r| r.unwrap_or_else(|p| Err(yoti_age::Error::Internal(panic_message(p.as_ref())))));
    let (handle, registration) = AbortHandle::new_pair();
    cancels().insert(call_id, handle);
    rt.spawn(async move {
        let result = Abortable::new(guarded, registration)
            .await
            .unwrap_or(Err(yoti_age::Error::Cancelled));
        cancels().remove(&call_id);
        finish(result);
    });
    Ok(())
}
