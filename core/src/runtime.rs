//! The tokio runtime a client runs on outside an async Rust program (the blocking client and
//! every binding build theirs here), and how a caught panic is reported.

use std::any::Any;

use tokio::runtime::Runtime;

use crate::error::{Error, Result};

/// A multi-threaded runtime with `workers` worker threads named `thread_name`, timers and I/O
/// enabled; `Error::Internal` when the OS refuses the threads.
pub fn build(workers: usize, thread_name: &str) -> Result<Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers.max(1))
        .thread_name(thread_name)
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("could not start the tokio runtime: {e}")))
}

/// Worker threads for a runtime shared by a whole process: the cores, between 1 and 4.
pub fn default_workers() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4)
}

/// The `internal` error for a panic caught at a boundary, with the panic's message.
pub fn panic_error(payload: &(dyn Any + Send)) -> Error {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    Error::Internal(format!("panic inside yoti-age: {text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error_with_its_message() {
        let caught = std::panic::catch_unwind(|| panic!("boom {}", 7)).unwrap_err();
        let error = panic_error(caught.as_ref());
        assert_eq!(error.code(), "internal");
        assert!(error.to_string().contains("boom 7"), "{error}");
        let runtime = build(1, "yoti-age-test").unwrap();
        assert_eq!(runtime.block_on(async { 2 + 2 }), 4);
    }
}
