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
    let rt = yoti_age::runtime::build(yoti_age::runtime::default_workers(), "yoti-age")
        .map_err(|e| Python::attach(|py| to_pyerr(py, e)))?;
    // Never dropped: it lives as long as the process (a forked child's copy of the parent's
    // runtime is leaked too, since its threads are gone and dropping it would wait on them).
    let rt: &'static Runtime = Box::leak(Box::new(rt));
    *slot = Some((pid, rt));
    Ok(rt)
}

/// The `internal` exception for a caught panic.
fn panic_error(payload: &(dyn std::any::Any + Send)) -> PyErr {
    Python::attach(|py| to_pyerr(py, yoti_age::runtime::panic_error(payload)))
}

/// Runs a core future to completion for a synchronous caller, with the GIL released.
/// Errors map to the exception hierarchy; a panic becomes `YotiAgeError(code="internal")`; a
/// signal handler's exception (`KeyboardInterrupt` on Ctrl-C) ends the wait within about 50 ms
/// and cancels the request.
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
    let mut task = rt.spawn(AssertUnwindSafe(fut).catch_unwind());
    loop {
        // Wait without the GIL, but wake every SIGNAL_POLL to let Python run its signal
        // handlers: Ctrl-C raises KeyboardInterrupt here, and aborting the task drops the
        // request (its connection is closed).
        let waited =
            py.detach(|| rt.block_on(async { tokio::time::timeout(SIGNAL_POLL, &mut task).await }));
        let Ok(joined) = waited else {
            if let Err(signalled) = py.check_signals() {
                task.abort();
                return Err(signalled);
            }
            continue;
        };
        return match joined {
            Ok(Ok(Ok(value))) => Ok(value),
            Ok(Ok(Err(error))) => Err(to_pyerr(py, error)),
            Ok(Err(panic)) => Err(panic_error(panic.as_ref())),
            Err(join_error) => Err(internal_error(format!("request task failed: {join_error}"))),
        };
    }
}

/// How often a blocking call lets Python handle signals while it waits.
const SIGNAL_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// Builds a finished request's Python outcome, on the loop's thread.
type BuildOutcome = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// A finished request: its asyncio future and how to build its outcome (with the GIL).
struct Completion {
    future: Py<PyAny>,
    outcome: BuildOutcome,
}

/// The finished requests of one event loop, waiting for its thread (`yoti_age._aio`).
///
/// Workers queue outcomes without the GIL. Only a push that finds the queue empty takes the GIL,
/// to schedule one `drain` on the loop, so a burst of completions costs one GIL hand-over from
/// the runtime to the loop thread rather than one each.
#[pyclass(frozen)]
pub struct Completions {
    queue: Mutex<Vec<Completion>>,
    /// `weakref.ref` to the loop: the loop may be closed and collected with requests in flight.
    event_loop: Py<PyAny>,
}

#[pymethods]
impl Completions {
    #[new]
    fn new(event_loop_ref: Py<PyAny>) -> Self {
        Self {
            queue: Mutex::new(Vec::new()),
            event_loop: event_loop_ref,
        }
    }

    /// Resolves every queued future, on the loop's thread; cancelled ones are skipped. One
    /// future that cannot be resolved never keeps the rest of the batch waiting.
    fn drain(&self, py: Python<'_>) {
        let batch = std::mem::take(&mut *self.queue.lock().unwrap_or_else(|p| p.into_inner()));
        for Completion { future, outcome } in batch {
            let resolved = (|| -> PyResult<()> {
                let future = future.bind(py);
                if future.call_method0("done")?.is_truthy()? {
                    return Ok(());
                }
                match guard(|| outcome(py)) {
                    Ok(value) => future.call_method1("set_result", (value,))?,
                    Err(error) => future.call_method1("set_exception", (error.into_value(py),))?,
                };
                Ok(())
            })();
            // Only a future finished or cancelled by other code fails here: nobody waits on it.
            drop(resolved);
        }
    }
}

impl Completions {
    /// Queues a finished request (any thread, no GIL needed unless a drain must be scheduled).
    fn push(this: &Py<Self>, completion: Completion) {
        let was_empty = {
            let mut queue = this.get().queue.lock().unwrap_or_else(|p| p.into_inner());
            queue.push(completion);
            queue.len() == 1
        };
        if was_empty {
            Python::attach(|py| {
                let scheduled = (|| -> PyResult<()> {
                    let event_loop = this.get().event_loop.call0(py)?;
                    let drain = this.bind(py).getattr("drain")?;
                    event_loop.call_method1(py, "call_soon_threadsafe", (drain,))?;
                    Ok(())
                })();
                // The loop is gone or closed: nobody is waiting any more.
                drop(scheduled);
            });
        }
    }
}

static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static COMPLETIONS_FOR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

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
    let event_loop = GET_RUNNING_LOOP
        .import(py, "asyncio", "get_running_loop")?
        .call0()?;
    let completions: Py<Completions> = COMPLETIONS_FOR
        .import(py, "yoti_age._aio", "completions")?
        .call1((&event_loop,))?
        .cast_into::<Completions>()?
        .unbind();
    let future = event_loop.call_method0("create_future")?;
    let future_ref = future.clone().unbind();
    let handle = rt.spawn(async move {
        let outcome = AssertUnwindSafe(fut).catch_unwind().await;
        let outcome = Box::new(move |py: Python<'_>| match outcome {
            Ok(Ok(value)) => convert(py, value).map(Bound::unbind),
            Ok(Err(error)) => Err(to_pyerr(py, error)),
            Err(panic) => Err(panic_error(panic.as_ref())),
        });
        Completions::push(
            &completions,
            Completion {
                future: future_ref,
                outcome,
            },
        );
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
        Err(panic) => Err(panic_error(panic.as_ref())),
    }
}
