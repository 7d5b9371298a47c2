//! Every field of the core's response models (tests/vectors/model_fields.json, generated from
//! the core) is either a C accessor in `yoti_age.h` or listed below as read from the model's
//! JSON (`yoti_<model>_to_json` / `_raw_json`). A field added to a core model fails here until
//! it gets an accessor or an entry.

use std::path::PathBuf;

/// Each model and the accessor prefix its fields use.
const PREFIXES: &[(&str, &str)] = &[
    ("SessionResult", "yoti_session_result_"),
    ("SessionView", "yoti_session_view_"),
    ("CreatedSession", "yoti_created_session_"),
    ("PoaResult", "yoti_poa_result_"),
    ("PoaAgeResult", "yoti_poa_result_"),
    ("PoaFailure", "yoti_poa_result_failure_"),
    // Per method, through `yoti_session_result_attempts(result, method, ...)`.
    ("MethodResult", "yoti_session_result_"),
    ("ElectronicIdResult", "yoti_session_result_"),
];

/// Fields C reads from the model's JSON only (`yoti_session_result_to_json`, ...): no
/// accessor yet.
const JSON_ONLY: &[(&str, &[&str])] = &[
    (
        "SessionResult",
        &[
            "account_id",
            "age_estimation",
            "age_key",
            "biometric_consent_given_at",
            "biometric_consent_required",
            "blocked_locations",
            "callback",
            "callback_url",
            "cancel_url",
            "created_at",
            "credit_card",
            "digital_id",
            "doc_scan",
            "double_anonymity",
            "electronic_id",
            "expires_at",
            "la_wallet",
            "login",
            "mobile",
            "notification_url",
            "resume_enabled",
            "retry_enabled",
            "rule_id",
            "sdk_id",
            "social_security_number",
            "synchronous_checks",
            "updated_at",
            "us_florida_hb3",
            "yoti_key",
        ],
    ),
    (
        "SessionView",
        &[
            "biometric_consent_given_at",
            "biometric_consent_required",
            "blocked_locations",
            "callback",
            "cancel_url",
            "created_at",
            "double_blind",
            "expires_at",
            "notification_url",
            "reference_id",
            "resume_enabled",
            "retry_enabled",
            "rule_id",
            "sdk_id",
            "synchronous_checks",
            "target_origin_url",
            "type",
            "updated_at",
        ],
    ),
    ("PoaResult", &["timestamp"]),
    (
        "MethodResult",
        &["allowed", "authenticity", "level", "threshold"],
    ),
    (
        "ElectronicIdResult",
        &["allowed", "sub_methods", "threshold"],
    ),
];

/// Fields holding a nested model whose own fields are checked under its name.
const NESTED: &[(&str, &str)] = &[("PoaResult", "result")];

fn read(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_core_field_is_an_accessor_or_listed_as_json_only() {
    let header = read("include/yoti_age.h");
    let fields: serde_json::Value =
        serde_json::from_str(&read("../tests/vectors/model_fields.json")).unwrap();
    let mut missing = Vec::new();
    let mut stale = Vec::new();
    for (model, names) in fields.as_object().unwrap() {
        let Some(names) = names.as_array() else {
            continue;
        };
        let prefix = PREFIXES
            .iter()
            .find(|(m, _)| m == model)
            .unwrap_or_else(|| panic!("{model}: add it to PREFIXES"))
            .1;
        let json_only = JSON_ONLY
            .iter()
            .find(|(m, _)| m == model)
            .map_or(&[][..], |e| e.1);
        for name in names.iter().filter_map(|n| n.as_str()) {
            let field = name;
            let singular = field.strip_suffix('s').unwrap_or(field);
            let via_attempts = matches!(name, "attempts" | "attempts_remaining")
                && header.contains("yoti_session_result_attempts(");
            let accessor = via_attempts
                || NESTED.contains(&(model.as_str(), name))
                || [field, singular].iter().any(|f| {
                    header.contains(&format!("{prefix}{f}("))
                        || header.contains(&format!("{prefix}{f}_"))
                });
            match (accessor, json_only.contains(&name)) {
                (false, false) => missing.push(format!("{model}.{name}")),
                (true, true) => stale.push(format!("{model}.{name}")),
                _ => {}
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no C accessor for {missing:?}: add one or list it in JSON_ONLY"
    );
    assert!(
        stale.is_empty(),
        "{stale:?} have accessors now: remove them from JSON_ONLY"
    );
}
