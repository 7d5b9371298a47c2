//! Client-side validation (Project decision 9, docs/yoti-api.md): every rule, all failures reported
//! together, each with its JSON path.

use url::{Host, Url};

use crate::error::{rule, FieldError};
use crate::result::{Authenticity, SessionType};
use crate::session::{Level, MethodConfig, SessionConfig};

const TTL_MIN: u64 = 60;
const TTL_MAX: u64 = 2_592_000;

/// Whether a URL's host is a loopback address or `localhost` (no DNS lookup).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Collects field errors in order.
#[derive(Default)]
pub(crate) struct Report(Vec<FieldError>);

impl Report {
    fn push(&mut self, field: impl Into<String>, rule: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, rule, message));
    }

    fn range(&mut self, field: &str, value: Option<u64>, min: u64, max: u64) {
        if let Some(v) = value {
            if v < min || v > max {
                self.push(
                    field,
                    rule::RANGE,
                    format!("must be between {min} and {max}, got {v}"),
                );
            }
        }
    }

    fn max_len(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value {
            let n = v.chars().count();
            if n > max {
                self.push(
                    field,
                    rule::MAX_LENGTH,
                    format!("must be at most {max} characters, got {n}"),
                );
            }
        }
    }

    /// An absolute http(s) URL.
    fn web_url(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value {
            match Url::parse(v) {
                Ok(u) if (u.scheme() == "https" || u.scheme() == "http") && u.has_host() => {}
                _ => self.push(field, rule::URL, "must be an absolute http(s) URL"),
            }
        }
    }

    /// An https URL, or http on a loopback host for local testing.
    fn https_url(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value {
            match Url::parse(v) {
                Ok(u) if u.scheme() == "https" && u.has_host() => {}
                Ok(u) if u.scheme() == "http" && is_loopback(&u) => {}
                _ => self.push(
                    field,
                    rule::URL,
                    "must be an https URL (http is allowed only for loopback hosts)",
                ),
            }
        }
    }

    fn country(&mut self, field: &str, value: &str, len: usize, standard: &str) {
        if value.len() != len || !value.bytes().all(|b| b.is_ascii_uppercase()) {
            self.push(
                field,
                rule::FORMAT,
                format!("must be an uppercase ISO 3166-1 {standard} code, got {value:?}"),
            );
        }
    }

    fn level(&mut self, field: &str, level: Option<&Level>) {
        if let Some(Level::Other(raw)) = level {
            self.push(
                field,
                rule::ONE_OF,
                format!("must be one of NONE, PASSIVE, ACTIVE, MY_FACE, got {raw:?}"),
            );
        }
    }

    fn method(&mut self, key: &str, cfg: &MethodConfig, min: u64, max: u64) {
        self.range(
            &format!("{key}.threshold"),
            cfg.threshold.map(u64::from),
            min,
            max,
        );
        self.range(
            &format!("{key}.retry_limit"),
            cfg.retry_limit.map(u64::from),
            1,
            10,
        );
        self.level(&format!("{key}.level"), cfg.level.as_ref());
    }

    pub(crate) fn finish(self) -> Vec<FieldError> {
        self.0
    }
}

fn is_uuid(value: &str) -> bool {
    value.len() == 36 && uuid::Uuid::try_parse(value).is_ok()
}

/// Validates a session config; returns every failure.
pub(crate) fn session(config: &SessionConfig) -> Vec<FieldError> {
    let mut r = Report::default();
    if let Some(SessionType::Other(raw)) = &config.session_type {
        r.push(
            "type",
            rule::ONE_OF,
            format!("must be one of OVER, UNDER, AGE, got {raw:?}"),
        );
    }
    match config.ttl {
        None => r.push("ttl", rule::REQUIRED, "is required (seconds, 60..2592000)"),
        Some(_) => r.range("ttl", config.ttl, TTL_MIN, TTL_MAX),
    }
    if let Some(extra) = &config.extra {
        let modelled = crate::request_json::top_level_keys::<SessionConfig>();
        for key in extra.keys().filter(|k| modelled.contains(&k.as_str())) {
            r.push(
                format!("extra.{key}"),
                rule::FORMAT,
                "is a field this SDK models: set it directly, not through extra",
            );
        }
    }
    if let Some(terminal) = config.terminal_id.as_deref() {
        if !crate::config::is_header_text(terminal) {
            r.push("terminal_id", rule::FORMAT, crate::config::HEADER_TEXT_RULE);
        }
    }
    r.max_len("reference_id", config.reference_id.as_deref(), 1000);
    r.max_len("account_id", config.account_id.as_deref(), 100);
    r.https_url("notification_url", config.notification_url.as_deref());
    if let Some(cb) = &config.callback {
        match &cb.url {
            None => r.push(
                "callback.url",
                rule::REQUIRED,
                "is required when callback is set",
            ),
            Some(url) => r.web_url("callback.url", Some(url)),
        }
    }
    r.web_url("callback_url", config.callback_url.as_deref());
    r.web_url("cancel_url", config.cancel_url.as_deref());
    r.web_url("privacy_policy", config.privacy_policy.as_deref());
    r.web_url(
        "terms_and_conditions",
        config.terms_and_conditions.as_deref(),
    );
    r.web_url("target_origin_url", config.target_origin_url.as_deref());
    for (i, code) in config.blocked_locations.iter().enumerate() {
        r.country(&format!("blocked_locations[{i}]"), code, 3, "alpha-3");
    }
    if let Some(rule_id) = &config.rule_id {
        if !is_uuid(rule_id) {
            r.push(
                "rule_id",
                rule::FORMAT,
                "must be a UUID (8-4-4-4-12 hex digits)",
            );
        }
    }
    methods(&mut r, config);
    r.finish()
}

fn methods(r: &mut Report, config: &SessionConfig) {
    let m = &config.methods;
    for (key, _, cfg) in m.entries() {
        let (min, max) = if key == "double_anonymity" {
            (6, 100)
        } else {
            (1, 120)
        };
        r.method(key, cfg, min, max);
    }
    if let Some(d) = &m.digital_id {
        if let (Some(t), Some(ae)) = (d.common.threshold, d.age_estimation_threshold) {
            let diff = t.abs_diff(ae);
            if !(1..=20).contains(&diff) {
                r.push(
                    "digital_id.age_estimation_threshold",
                    rule::RANGE,
                    format!("must differ from digital_id.threshold by 1 to 20, differs by {diff}"),
                );
            }
        }
        r.range(
            "digital_id.age_estimation_threshold",
            d.age_estimation_threshold.map(u64::from),
            1,
            120,
        );
    }
    if let Some(doc) = &m.doc_scan {
        if let Some(country) = &doc.preset_issuing_country {
            r.country("doc_scan.preset_issuing_country", country, 3, "alpha-3");
        }
        if let Some(a @ (Authenticity::Other(_) | Authenticity::NotApplicable)) = &doc.authenticity
        {
            r.push(
                "doc_scan.authenticity",
                rule::ONE_OF,
                format!("must be one of OFF, AUTO, MANUAL, got {:?}", a.as_str()),
            );
        }
    }
    if let Some(e) = &m.electronic_id {
        for (i, sub) in e.sub_methods.iter().enumerate() {
            if !sub.is_known() {
                r.push(
                    format!("electronic_id.sub_methods[{i}]"),
                    rule::ONE_OF,
                    format!(
                        "must be one of MIT_ID, SWEDISH_BANK_ID, FTN, got {:?}",
                        sub.as_str()
                    ),
                );
            }
        }
    }
    if let Some(ssn) = &m.social_security_number {
        if ssn.threshold.is_some_and(|t| t != 18) {
            r.push(
                "social_security_number.threshold",
                rule::ONE_OF,
                "must be 18 (the only supported threshold)",
            );
        }
    }
    let allowed = m.allowed();
    let allows = |key: &str| allowed.iter().any(|s| s.key == key);
    if let Some(hb3) = &m.us_florida_hb3 {
        if hb3.threshold.is_some_and(|t| t != 18 && t != 21) {
            r.push("us_florida_hb3.threshold", rule::ONE_OF, "must be 18 or 21");
        }
        if allows("us_florida_hb3")
            && !["doc_scan", "age_estimation", "digital_id"]
                .iter()
                .any(|k| allows(k))
        {
            r.push(
                "us_florida_hb3",
                rule::DEPENDENCY,
                "needs doc_scan, age_estimation or digital_id to be allowed",
            );
        }
    }
    if allows("yoti_key") && config.rule_id.is_none() {
        r.push(
            "rule_id",
            rule::DEPENDENCY,
            "is required when yoti_key is allowed",
        );
    }
    if let Some(email) = &m.email {
        let d = &email.data;
        if d.verified_email.trim().is_empty() || !d.verified_email.contains('@') {
            r.push(
                "email.data.verified_email",
                rule::FORMAT,
                "must be an email address",
            );
        }
        r.country("email.data.country_code", &d.country_code, 2, "alpha-2");
    } else if allowed.is_empty() {
        r.push(
            "$",
            rule::NO_METHOD,
            "at least one method must be allowed (e.g. age_estimation, digital_id, doc_scan)",
        );
    }
}
