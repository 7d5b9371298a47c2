//! Human tables and `--json` output.

use std::io::{IsTerminal, Write};

use serde::Serialize;
use yoti_age::poa::PoaResult;
use yoti_age::{AvsNotification, CreatedSession, Error, SessionResult, SessionView};

/// Prints a value as pretty JSON on stdout.
pub fn json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("error: could not encode the output as JSON: {e}"),
    }
}

/// Prints `key  value` rows with aligned values, skipping absent values.
pub fn table(rows: &[(&str, Option<String>)]) {
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for (key, value) in rows {
        if let Some(value) = value {
            let _ = writeln!(out, "{key:<width$}  {value}");
        }
    }
}

/// Prints an error as one line on stderr (JSON with `--json`).
pub fn print_error(e: &Error, as_json: bool) {
    if as_json {
        let fields: Vec<_> = e
            .field_errors()
            .iter()
            .map(|f| serde_json::json!({"field": f.field, "rule": f.rule, "message": f.message}))
            .collect();
        let value = serde_json::json!({
            "error": {
                "code": e.code(),
                "message": e.to_string(),
                "status": e.status(),
                "api_code": e.api_code(),
                "request_id": e.request_id(),
                "field_errors": fields,
            }
        });
        eprintln!("{value}");
    } else if e.field_errors().is_empty() {
        eprintln!("error [{}]: {e}", e.code());
    } else {
        let fields: Vec<String> = e
            .field_errors()
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect();
        eprintln!("error [{}]: {}", e.code(), fields.join("; "));
    }
}

/// Whether progress should be drawn (stderr is a terminal).
pub fn interactive() -> bool {
    std::io::stderr().is_terminal()
}

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339())
}

/// A created session.
pub fn created(c: &CreatedSession, as_json: bool) {
    if as_json {
        return json(
            &serde_json::json!({"id": c.id, "status": c.status, "expires_at": c.expires_at}),
        );
    }
    table(&[
        ("id", Some(c.id.clone())),
        ("status", c.status.as_ref().map(ToString::to_string)),
        ("expires_at", time(c.expires_at)),
    ]);
}

/// A session's configuration view.
pub fn view(v: &SessionView, as_json: bool) {
    if as_json {
        return json(&v.raw.to_value());
    }
    table(&[
        ("id", Some(v.id.clone())),
        ("status", Some(v.status.to_string())),
        ("type", v.session_type.as_ref().map(ToString::to_string)),
        ("reference_id", v.reference_id.clone()),
        ("created_at", time(v.created_at)),
        ("expires_at", time(v.expires_at)),
        ("notification_url", v.notification_url.clone()),
    ]);
}

/// A session result.
pub fn result(r: &SessionResult, as_json: bool) {
    if as_json {
        return json(r);
    }
    let methods: Vec<String> = yoti_age::Method::ALL
        .iter()
        .filter_map(|m| {
            let a = r.attempts(m)?;
            (a.attempts > 0 || a.remaining > 0)
                .then(|| format!("{m} {}/{}", a.attempts, a.attempts + a.remaining))
        })
        .collect();
    table(&[
        ("id", Some(r.id.clone())),
        ("status", Some(r.status.to_string())),
        ("type", Some(r.session_type.to_string())),
        ("age", r.age.map(|a| a.to_string())),
        ("method", r.method.as_ref().map(ToString::to_string)),
        ("evidence_id", r.evidence_id.clone()),
        ("reference_id", r.reference_id.clone()),
        (
            "attempts",
            (!methods.is_empty()).then(|| methods.join(", ")),
        ),
        ("updated_at", time(r.updated_at)),
    ]);
}

/// A PoA result.
pub fn poa(r: &PoaResult, as_json: bool) {
    if as_json {
        return json(r);
    }
    table(&[
        ("id", Some(r.id.clone())),
        ("status", Some(r.status.to_string())),
        ("age_over", r.age_over().map(|a| format!("{a}+"))),
        ("failure", r.failure_reason().map(ToString::to_string)),
        ("provider", r.provider.as_ref().map(ToString::to_string)),
        ("waiting_on", r.waiting_on.as_ref().map(ToString::to_string)),
        ("timestamp", time(r.timestamp)),
    ]);
}

/// A verified webhook notification.
pub fn notification(n: &AvsNotification, as_json: bool) {
    if as_json {
        return json(n);
    }
    table(&[
        ("verified", Some("yes".into())),
        ("id", Some(n.id.clone())),
        ("session_key", Some(n.session_key.clone())),
        ("state", Some(n.state.to_string())),
        ("method", n.method.as_ref().map(ToString::to_string)),
        ("age", n.age.map(|a| a.to_string())),
        ("sequence_number", n.sequence_number.map(|s| s.to_string())),
        ("evidence_id", n.evidence_id.clone()),
        ("sent_at", n.sent_at().map(|t| t.to_rfc3339())),
    ]);
}
