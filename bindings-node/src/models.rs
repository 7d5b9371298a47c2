//! The JavaScript shapes of the core's response models, as JSON text.

use serde_json::{json, Value};

use yoti_age::headless::SelfieOutcome;
use yoti_age::metrics::SummaryStats;
use yoti_age::poa::{PoaResult, PoaVerification};
use yoti_age::rules::CreatedRule;
use yoti_age::{AvsNotification, CreatedSession, Error, SessionResult, SessionView};

use crate::runtime::Reply;
use crate::shape::{output, set};

/// A model the binding returns: its JavaScript shape and the raw body it was read from.
pub trait ToJs {
    /// The JavaScript shape.
    fn to_js(&self) -> Result<Value, Error>;
    /// The body as received (empty for values built in code).
    fn raw_text(&self) -> &str;

    /// The reply carrying this model.
    fn reply(&self) -> Result<Reply, Error> {
        let raw = self.raw_text();
        Ok(Reply {
            json: self.to_js()?.to_string(),
            raw: (!raw.is_empty()).then(|| raw.to_owned()),
            body: None,
        })
    }
}

impl ToJs for SessionResult {
    fn to_js(&self) -> Result<Value, Error> {
        let mut v = output(self, &[])?;
        set(&mut v, "isTerminal", json!(self.status.is_terminal()));
        set(&mut v, "statusKnown", json!(self.status.is_known()));
        Ok(v)
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for CreatedSession {
    fn to_js(&self) -> Result<Value, Error> {
        let mut v = output(self, &[])?;
        if v.get("status").is_none() {
            set(&mut v, "status", Value::Null);
        }
        Ok(v)
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for SessionView {
    fn to_js(&self) -> Result<Value, Error> {
        output(self, &[])
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for PoaResult {
    fn to_js(&self) -> Result<Value, Error> {
        let mut v = output(self, &[])?;
        for key in ["timestamp", "provider", "result", "failure", "waitingOn"] {
            if v.get(key).is_none() {
                set(&mut v, key, Value::Null);
            }
        }
        set(&mut v, "isTerminal", json!(self.status.is_terminal()));
        Ok(v)
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for PoaVerification {
    fn to_js(&self) -> Result<Value, Error> {
        let kind = match self {
            PoaVerification::Completed(_) => "completed",
            PoaVerification::Pending(_) => "pending",
        };
        Ok(json!({"kind": kind, "result": self.result().to_js()?}))
    }
    fn raw_text(&self) -> &str {
        self.result().raw.as_str()
    }
}

impl ToJs for SelfieOutcome {
    fn to_js(&self) -> Result<Value, Error> {
        output(self, &[])
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for CreatedRule {
    fn to_js(&self) -> Result<Value, Error> {
        output(self, &[])
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for SummaryStats {
    fn to_js(&self) -> Result<Value, Error> {
        let mut v = output(self, &[])?;
        let mut methods = serde_json::Map::new();
        for (key, stats) in &self.methods {
            methods.insert(key.clone(), output(stats, &[])?);
        }
        set(&mut v, "methods", Value::Object(methods));
        Ok(v)
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}

impl ToJs for AvsNotification {
    fn to_js(&self) -> Result<Value, Error> {
        let mut v = output(self, &[])?;
        for key in ["errorCode", "sequenceNumber", "signature"] {
            if v.get(key).is_none() {
                set(&mut v, key, Value::Null);
            }
        }
        set(
            &mut v,
            "sentAt",
            json!(self
                .sent_at()
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))),
        );
        Ok(v)
    }
    fn raw_text(&self) -> &str {
        self.raw.as_str()
    }
}
