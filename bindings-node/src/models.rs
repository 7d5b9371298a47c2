//! The JavaScript shapes of the core's response models, as JSON text.

use serde::Serialize;
use serde_json::{json, Value};

use yoti_age::headless::SelfieOutcome;
use yoti_age::metrics::SummaryStats;
use yoti_age::poa::{PoaResult, PoaVerification};
use yoti_age::rules::CreatedRule;
use yoti_age::{AvsNotification, CreatedSession, Error, SessionResult, SessionView};

use crate::javascript::{null_if_absent, output, set, value};
use crate::runtime::Reply;

/// A model the binding returns: its JavaScript shape and the raw body it was read from.
pub trait ToJs {
    /// The JavaScript shape, as JSON text.
    fn to_js(&self) -> Result<String, Error>;
    /// The body as received (empty for values built in code).
    fn raw_text(&self) -> &str;

    /// The reply carrying this model.
    fn reply(&self) -> Result<Reply, Error> {
        let raw = self.raw_text();
        Ok(Reply {
            json: self.to_js()?,
            raw: (!raw.is_empty()).then(|| raw.to_owned()),
            body: None,
        })
    }
}

/// A session result with the status helpers JavaScript reads (`isTerminal`, `statusKnown`),
/// serialised in one pass: results are the hot path of polling.
#[derive(Serialize)]
struct ResultShape<'a> {
    #[serde(flatten)]
    result: &'a SessionResult,
    is_terminal: bool,
    status_known: bool,
}

impl ToJs for SessionResult {
    fn to_js(&self) -> Result<String, Error> {
        output(
            &ResultShape {
                result: self,
                is_terminal: self.status.is_terminal(),
                status_known: self.status.is_known(),
            },
            &[],
        )
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for CreatedSession {
    fn to_js(&self) -> Result<String, Error> {
        let mut v = value(self)?;
        null_if_absent(&mut v, &["status"]);
        output(&v, &[])
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for SessionView {
    fn to_js(&self) -> Result<String, Error> {
        output(self, &[])
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

/// A PoA result as a value: absent optional fields are `null`, plus `isTerminal`.
fn poa_value(result: &PoaResult) -> Result<Value, Error> {
    let mut v = value(result)?;
    null_if_absent(
        &mut v,
        &["timestamp", "provider", "result", "failure", "waiting_on"],
    );
    set(&mut v, "is_terminal", json!(result.status.is_terminal()));
    Ok(v)
}

impl ToJs for PoaResult {
    fn to_js(&self) -> Result<String, Error> {
        output(&poa_value(self)?, &[])
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for PoaVerification {
    fn to_js(&self) -> Result<String, Error> {
        let kind = match self {
            PoaVerification::Completed(_) => "completed",
            PoaVerification::Pending(_) => "pending",
        };
        output(
            &json!({"kind": kind, "result": poa_value(self.result())?}),
            &[],
        )
    }
    fn raw_text(&self) -> &str {
        self.result().raw.as_str()
    }
}

impl ToJs for SelfieOutcome {
    fn to_js(&self) -> Result<String, Error> {
        output(self, &[])
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for CreatedRule {
    fn to_js(&self) -> Result<String, Error> {
        output(self, &[])
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for SummaryStats {
    fn to_js(&self) -> Result<String, Error> {
        // `methods` is not serialised by the core (the API spreads it over the top level); it is
        // keyed by method name, kept as the API spells it.
        let mut v = value(self)?;
        set(&mut v, "methods", value(&self.methods)?);
        output(&v, &["methods"])
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for AvsNotification {
    fn to_js(&self) -> Result<String, Error> {
        let mut v = value(self)?;
        null_if_absent(&mut v, &["error_code", "sequence_number", "signature"]);
        set(
            &mut v,
            "sent_at",
            json!(self
                .sent_at()
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))),
        );
        output(&v, &[])
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}
