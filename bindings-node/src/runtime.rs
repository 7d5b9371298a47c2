//! The binding's tokio runtime, started on the first call (loading the addon starts no
//! threads), and the bridge that runs a core future behind a JavaScript Promise: the future is
//! abortable by id, and a panic inside it settles the Promise as an `internal` error instead of
//! aborting the process.

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use futures::future::{AbortHandle, Abortable};
use futures::FutureExt as _;
use napi::bindgen_prelude::{Buffer, Function};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Env;
use napi_derive::napi;
use tokio::runtime::Runtime;

use crate::errors::error_json;

static RUNTIME: OnceLock<Result<Runtime, yoti_age::Error>> = OnceLock::new();

/// The runtime, built on first use with one worker thread. JavaScript runs on one thread, and
/// the worker's share of a call (HTTP, decoding, the JavaScript shape) is smaller than the
/// JavaScript thread's, so a second worker adds no throughput; it only added hand-offs between
/// workers (6.8 context switches per sequential call with two workers, 3.3 with one).
pub fn runtime() -> Result<&'static Runtime, yoti_age::Error> {
    RUNTIME
        .get_or_init(|| yoti_age::runtime::build(1, "yoti-age"))
        .as_ref()
        .map_err(Clone::clone)
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
            .unwrap_or_else(|p| Err(yoti_age::runtime::panic_error(p.as_ref()))),
    )
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

/// The threadsafe function that wakes JavaScript to settle finished calls. Weak: JavaScript
/// keeps the event loop alive while calls are pending (`native.js`).
type Wake = ThreadsafeFunction<(), (), Vec<NativeCompletion>, napi::Status, false, true>;

/// The calls of one JavaScript environment (the main thread or a `worker_threads` worker),
/// kept in its instance data: finished calls wait in a queue, and one wake-up of JavaScript
/// settles every call that finished meanwhile (one threadsafe function for all calls, not one
/// per call). Call ids are chosen by this environment's `native.js`, so the cancel handles
/// are per environment too.
struct Calls {
    wake: Wake,
    finished: Arc<Mutex<Vec<Finished>>>,
    cancels: Mutex<HashMap<u32, AbortHandle>>,
}

impl Calls {
    /// The calls of the environment `env`.
    fn of(env: &Env) -> napi::Result<Arc<Calls>> {
        env.get_instance_data::<Arc<Calls>>()?
            .cloned()
            .ok_or_else(|| {
                napi::Error::from_reason(
                    "yoti-age: load the addon through native.js (no completion handler)",
                )
            })
    }

    fn cancels(&self) -> MutexGuard<'_, HashMap<u32, AbortHandle>> {
        lock(&self.cancels)
    }

    /// Queues a finished call; the first call queued since JavaScript last drained the queue
    /// wakes it.
    fn finish(&self, id: u32, result: Result<Reply, yoti_age::Error>) {
        let first = {
            let mut queue = lock(&self.finished);
            queue.push((id, result));
            queue.len() == 1
        };
        if first {
            // Fails only while the environment shuts down, when nobody is waiting.
            let _ = self.wake.call((), ThreadsafeFunctionCallMode::NonBlocking);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// Sets the JavaScript function that settles finished calls (`native.js`, once per
/// environment). It receives every call that finished since its last run, as an array.
#[napi]
pub fn native_set_completion_handler(
    env: &Env,
    handler: Function<'_, Vec<NativeCompletion>, ()>,
) -> napi::Result<()> {
    let finished = Arc::new(Mutex::new(Vec::new()));
    let queue = Arc::clone(&finished);
    let wake: Wake = handler
        .build_threadsafe_function::<()>()
        .weak::<true>()
        .callee_handled::<false>()
        .build_callback(move |_| {
            let batch = std::mem::take(&mut *lock(&queue));
            Ok(batch
                .into_iter()
                .map(|(id, result)| NativeCompletion {
                    id,
                    reply: settle(result),
                })
                .collect())
        })?;
    let calls = Calls {
        wake,
        finished,
        cancels: Mutex::default(),
    };
    env.set_instance_data(Arc::new(calls), (), |_| {})
}

/// Aborts the call registered under `id` (from an `AbortSignal`): its future is dropped and
/// its Promise settles with a `cancelled` error. Unknown ids are ignored.
#[napi]
pub fn native_cancel_call(env: &Env, id: u32) -> napi::Result<()> {
    if let Some(handle) = Calls::of(env)?.cancels().remove(&id) {
        handle.abort();
    }
    Ok(())
}

/// Runs `fut` on the runtime; when it finishes, the completion handler receives `call_id` and
/// its [`NativeReply`]. [`native_cancel_call`] with `call_id` drops the future meanwhile.
pub fn spawn<F>(env: &Env, call_id: u32, fut: F) -> napi::Result<()>
where
    F: Future<Output = Result<Reply, yoti_age::Error>> + Send + 'static,
{
    let calls = Calls::of(env)?;
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            calls.finish(call_id, Err(e));
            return Ok(());
        }
    };
    let guarded = AssertUnwindSafe(fut)
        .catch_unwind()
        .map(|r| r.unwrap_or_else(|p| Err(yoti_age::runtime::panic_error(p.as_ref()))));
    let (handle, registration) = AbortHandle::new_pair();
    calls.cancels().insert(call_id, handle);
    rt.spawn(async move {
        let result = Abortable::new(guarded, registration)
            .await
            .unwrap_or(Err(yoti_age::Error::Cancelled));
        calls.cancels().remove(&call_id);
        calls.finish(call_id, result);
    });
    Ok(())
}

/// Panics on purpose, to prove a Rust panic becomes a rejected Promise or a thrown error
/// (tests only): synchronously (returns the reply), or inside an async task when
/// `asynchronous` (the reply reaches the completion handler under `call_id`).
#[napi]
pub fn native_debug_panic(
    env: &napi::Env,
    asynchronous: bool,
    call_id: u32,
) -> napi::Result<Option<NativeReply>> {
    if asynchronous {
        spawn(env, call_id, async {
            if std::hint::black_box(true) {
                panic!("deliberate panic (test, async)");
            }
            Ok(Reply::json("null".into()))
        })?;
        return Ok(None);
    }
    Ok(Some(guarded(|| panic!("deliberate panic (test)"))))
}
