//! `tracing` events forwarded to Python's `logging` (logger `yoti_age`), only once the user
//! calls `yoti_age.enable_logging()`; silent otherwise.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Once;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

/// 0 = off, else the most verbose Python level forwarded (10 DEBUG, 20 INFO, ...; 5 TRACE).
static MIN_LEVEL: AtomicU8 = AtomicU8::new(0);
static INSTALL: Once = Once::new();
static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn python_level(level: &Level) -> u8 {
    match *level {
        Level::ERROR => 40,
        Level::WARN => 30,
        Level::INFO => 20,
        Level::DEBUG => 10,
        Level::TRACE => 5,
    }
}

#[derive(Default)]
struct Message {
    text: String,
    fields: String,
}

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.text, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={:?}", field.name(), value);
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.text.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={value:?}", field.name());
        }
    }
}

struct PythonLogging;

impl<S: Subscriber> Layer<S> for PythonLogging {
    fn enabled(&self, metadata: &tracing::Metadata<'_>, _: Context<'_, S>) -> bool {
        let min = MIN_LEVEL.load(Ordering::Relaxed);
        min != 0 && python_level(metadata.level()) >= min
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let level = python_level(event.metadata().level());
        let min = MIN_LEVEL.load(Ordering::Relaxed);
        if min == 0 || level < min {
            return;
        }
        let mut message = Message::default();
        event.record(&mut message);
        let target = event.metadata().target().to_owned();
        Python::attach(|py| {
            let logged = (|| -> PyResult<()> {
                let logger = LOGGER.get_or_try_init(py, || {
                    Ok::<_, PyErr>(
                        py.import("logging")?
                            .call_method1("getLogger", ("yoti_age",))?
                            .unbind(),
                    )
                })?;
                logger.call_method1(
                    py,
                    "log",
                    (level, "%s: %s%s", target, message.text, message.fields),
                )?;
                Ok(())
            })();
            // A failing handler must not break the request that logged.
            drop(logged);
        });
    }
}

/// Forwards events at `level` (Python numeric level) and above; 0 turns forwarding off.
#[pyfunction]
pub fn set_log_level(level: u8) {
    INSTALL.call_once(|| {
        let _ = tracing::subscriber::set_global_default(
            tracing_subscriber::registry().with(PythonLogging),
        );
    });
    MIN_LEVEL.store(level, Ordering::Relaxed);
    tracing::callsite::rebuild_interest_cache();
}
