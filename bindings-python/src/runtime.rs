//! The one tokio runtime of the process, created on first use (importing starts no threads),
//! and the bridges that run core futures for sync callers (GIL released) and asyncio callers
//! (awaitables whose cancellation drops the Rust future).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Mutex;

use futures::FutureExt as _;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tokio::runtime::Runtime;

use crate::errors::{internal_error, to_pyerr};

/// The runtime and the process it was started in. After `fork()` the child gets a fresh one:
/// the parent's worker threads do not exist there.
static RUNTIME: Mutex<Option<(u32, &'static Runtime)>> = Mutex::new(None);

/// The runtime of this process, started on first use.
pub fn runtime() -> PyResult<&'static Runtime> {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((owner, rt)) = *slot {
        if owner == pid {
            return Ok(rt);
        }
    }
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name("yoti-age")
        .enable_all()
        .build()
        .map_err(|e| internal_error(format!("could not start the tokio runtime: {e}")))?;
    // Never dropped: it lives as long as the process (a forked child's copy of the parent's
    // runtime is leaked too, since its threads are gone and dropping it would wait on them).
    let rt: &'static Runtime = Box::leak(Box::new(rt));
    *slot = Some((pid, rt));
    Ok(rt)
}

/// Panic payload as text.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_owned()
    }
}

/// Runs a core future to completion for a synchronous caller, with the GIL released.
/// Errors map to the exception hierarchy; a panic becomes `YotiAgeError(code="internal")`.
///
/// The future runs as a task on a runtime worker, as it would for a Rust caller: the request and
/// hyper's connection task then share a worker, and this thread is woken once, at the end,
/// instead of for every socket event.
pub fn block_on<T, F>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = yoti_age::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    let rt = runtime()?;
    let task = rt.spawn(AssertUnwindSafe(fut).catch_unwind());
    match py.detach(|| rt.block_on(task)) {
        Ok(Ok(Ok(value))) => Ok(value),
        Ok(Ok(Err(error))) => Err(to_pyerr(py, error)),
        Ok(Err(panic)) => Err(internal_error(panic_message(panic.as_ref()))),
        Err(join_error) => Err(internal_error(format!("request task failed: {join_error}"))),
    }
}

static RESOLVE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Hands the outcome to the event loop's thread, which sets it unless the future was
/// cancelled meanwhile (`yoti_age._aio.resolve`).
fn resolve(
    py: Python<'_>,
    event_loop: &Py<PyAny>,
    future: &Py<PyAny>,
    outcome: PyResult<Py<PyAny>>,
) {
    let result = (|| -> PyResult<()> {
        let resolve = RESOLVE.import(py, "yoti_age._aio", "resolve")?;
        let (ok, value) = match outcome {
            Ok(value) => (true, value),
            Err(error) => (false, error.into_value(py).into_any()),
        };
        event_loop.call_method1(
            py,
            "call_soon_threadsafe",
            (resolve, future.clone_ref(py), ok, value),
        )?;
        Ok(())
    })();
    if let Err(error) = result {
        // The loop is closed: nobody is waiting any more.
        drop(error);
    }
}

/// Aborts the Rust task when the asyncio future is cancelled (added as a done callback).
#[pyclass(frozen)]
pub struct AbortOnCancel(tokio::task::AbortHandle);

#[pymethods]
impl AbortOnCancel {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future.call_method0("cancelled")?.is_truthy()? {
            self.0.abort();
        }
        Ok(())
    }
}

/// Starts a core future on the runtime and returns an asyncio future for the running loop.
/// `convert` builds the Python value (with the GIL) once the Rust value is ready; cancelling
/// the asyncio future (or its task) aborts the Rust task, which drops the request.
pub fn awaitable<'py, T, F, C>(py: Python<'py>, fut: F, convert: C) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = yoti_age::Result<T>> + Send + 'static,
    T: Send + 'static,
    C: for<'a> FnOnce(Python<'a>, T) -> PyResult<Bound<'a, PyAny>> + Send + 'static,
{
    let rt = runtime()?;
    let event_loop = py.import("asyncio")?.call_method0("get_running_loop")?;
    let future = event_loop.call_method0("create_future")?;
    let loop_ref = event_loop.unbind();
    let future_ref = future.clone().unbind();
    let handle = rt.spawn(async move {
        let outcome = AssertUnwindSafe(fut).catch_unwind().await;
        Python::attach(|py| {
            let value = match outcome {
                Ok(Ok(value)) => {
                    match std::panic::catch_unwind(AssertUnwindSafe(|| convert(py, value))) {
                        Ok(converted) => converted.map(Bound::unbind),
                        Err(panic) => Err(internal_error(panic_message(panic.as_ref()))),
                    }
                }
                Ok(Err(error)) => Err(to_pyerr(py, error)),
                Err(panic) => Err(internal_error(panic_message(panic.as_ref()))),
            };
            resolve(py, &loop_ref, &future_ref, value);
        });
    });
    future.call_method1(
        "add_done_callback",
        (Py::new(py, AbortOnCancel(handle.abort_handle()))?,),
    )?;
    Ok(future)
}

/// Whether this process has a runtime yet.
pub fn started() -> bool {
    let slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    matches!(*slot, Some((pid, _)) if pid == std::process::id())
}

/// Runs binding code that may panic (conversions, sandbox calls) so a panic surfaces as
/// `YotiAgeError(code="internal")` instead of pyo3's `PanicException`.
pub fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(panic) => Err(internal_error(panic_message(panic.as_ref()))),
    }
}
