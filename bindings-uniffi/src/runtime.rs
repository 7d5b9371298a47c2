//! The one tokio runtime of the binding, created on first use (loading the library starts no
//! threads), and the bridge that runs a core future on it for a Kotlin/Swift async call.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, OnceLock};
use std::task::{Context, Poll};

use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

use crate::error::YotiAgeError;

static RUNTIME: OnceLock<Runtime> = OnceLock::new();
static START: Mutex<()> = Mutex::new(());

/// The binding's runtime, started by the first call that needs it.
pub(crate) fn runtime() -> Result<&'static Runtime, YotiAgeError> {
    if let Some(rt) = RUNTIME.get() {
        return Ok(rt);
    }
    let _starting = START.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(rt) = RUNTIME.get() {
        return Ok(rt);
    }
    let rt = yoti_age::runtime::build(yoti_age::runtime::default_workers(), "yoti-age")?;
    Ok(RUNTIME.get_or_init(|| rt))
}

/// Whether the runtime has been started (tests check that loading alone starts nothing).
pub(crate) fn started() -> bool {
    RUNTIME.get().is_some()
}

/// A spawned task that is aborted when this handle is dropped before it finished: uniffi drops
/// the Rust future when the Kotlin coroutine is cancelled or the Swift task is cancelled, so the
/// core operation (HTTP request, polling loop) stops at its next await point.
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<T> Future for AbortOnDrop<T> {
    type Output = Result<T, tokio::task::JoinError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx)
    }
}

/// Runs a core future on the binding's runtime and awaits it from whatever executor polls the
/// uniffi future. Errors map through [`YotiAgeError::from`]; a panic becomes `internal`.
pub(crate) async fn run<T, F>(future: F) -> Result<T, YotiAgeError>
where
    T: Send + 'static,
    F: Future<Output = yoti_age::Result<T>> + Send + 'static,
{
    let task = AbortOnDrop(runtime()?.spawn(future));
    match task.await {
        Ok(result) => result.map_err(YotiAgeError::from),
        Err(join) if join.is_cancelled() => Err(yoti_age::Error::Cancelled.into()),
        Err(join) => Err(YotiAgeError::internal(format!(
            "the operation panicked: {join}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    /// Sets its flag when dropped: the spawned task's state is dropped when it is aborted.
    struct DropFlag(Arc<AtomicBool>);

    impl Drop for DropFlag {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    #[test]
    fn dropping_the_call_aborts_the_task_on_the_runtime() {
        let dropped = Arc::new(AtomicBool::new(false));
        let flag = DropFlag(Arc::clone(&dropped));
        let caller = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        caller.block_on(async {
            let call = run(async move {
                let _flag = flag;
                tokio::time::sleep(Duration::from_secs(3600)).await;
                Ok(())
            });
            // The caller gives up (as a cancelled coroutine does): the call future is dropped.
            assert!(tokio::time::timeout(Duration::from_millis(50), call)
                .await
                .is_err());
        });
        for _ in 0..200 {
            if dropped.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the task kept running after its call was dropped");
    }

    #[test]
    fn results_and_errors_come_back_mapped() {
        let caller = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let ok = caller.block_on(run(async { Ok(7) }));
        assert_eq!(ok, Ok(7));
        let err = caller.block_on(run(async {
            Err::<(), _>(yoti_age::Error::Timeout("t".into()))
        }));
        assert_eq!(err.unwrap_err().code(), "timeout");
        assert!(started());
    }
}
