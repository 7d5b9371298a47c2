//! AVS sessions: the state machine, attempts per method, and the result payload.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use yoti_age::result::{ElectronicIdResult, MethodResult};
use yoti_age::session::{Callback, SessionConfig};
use yoti_age::webhook::{AttemptState, AvsNotification, CheckType};
use yoti_age::{Method, SessionResult, SessionStatus, SessionType};

/// Attempts a method allows when its `retry_limit` is not set.
pub const DEFAULT_RETRY_LIMIT: u32 = 1;

/// A session as the sandbox keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    /// Session id.
    pub id: String,
    /// SDK id that created it.
    pub sdk_id: String,
    /// The create body.
    pub config: SessionConfig,
    /// `Yoti-Terminal-Id` at creation.
    pub terminal_id: Option<String>,
    /// Current status.
    pub status: SessionStatus,
    /// `age` as the API reports it (threshold for OVER/UNDER, the age for AGE).
    pub age: Option<u32>,
    /// Method of the latest attempt.
    pub method: Option<Method>,
    /// Id of the latest attempt.
    pub evidence_id: Option<String>,
    /// Attempts made per method JSON key.
    pub attempts: BTreeMap<String, u32>,
    /// Attempts made in total (the webhook `sequence_number`).
    pub sequence: u32,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// When the ttl runs out.
    pub expires_at: DateTime<Utc>,
    /// Outcome set with `response-config`, used by headless uploads.
    pub response_config: Option<Outcome>,
    /// The serialized result, kept until the session changes (results are read far more often
    /// than sessions change).
    #[serde(skip)]
    result_json: Option<bytes::Bytes>,
}

/// The outcome of one attempt, as a tester or `response-config` chooses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// `COMPLETE`, `FAIL` or `ERROR`; absent means "decide from the age and threshold".
    #[serde(default)]
    pub status: Option<String>,
    /// The user's real age.
    #[serde(default)]
    pub age: Option<u32>,
    /// The method used (wire name, e.g. `AGE_ESTIMATION`); absent means the first allowed one.
    #[serde(default)]
    pub method: Option<String>,
}

/// Why an attempt was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The session is finished or expired (409).
    NotOpen(String),
    /// The method is not allowed for this session, or the outcome is invalid (400).
    Invalid(String),
}

/// Result JSON keys of every method, in the order the API writes them.
const RESULT_KEYS: [&str; 11] = [
    "age_estimation",
    "digital_id",
    "doc_scan",
    "credit_card",
    "mobile",
    "login",
    "age_key",
    "la_wallet",
    "social_security_number",
    "us_florida_hb3",
    "double_anonymity",
];

impl Session {
    /// A new PENDING session.
    pub fn new(
        sdk_id: &str,
        config: SessionConfig,
        terminal_id: Option<String>,
        now: DateTime<Utc>,
    ) -> Self {
        let ttl = config.ttl.unwrap_or(900);
        let ttl = i64::try_from(ttl).unwrap_or(i64::MAX / 2);
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            sdk_id: sdk_id.to_owned(),
            terminal_id,
            status: SessionStatus::Pending,
            age: None,
            method: None,
            evidence_id: None,
            attempts: BTreeMap::new(),
            sequence: 0,
            created_at: now,
            updated_at: now,
            expires_at: now + Duration::seconds(ttl),
            response_config: None,
            result_json: None,
            config,
        }
    }

    /// Marks the session EXPIRED when its ttl has passed; returns whether it changed.
    pub fn expire_if_due(&mut self, now: DateTime<Utc>) -> bool {
        let open = matches!(
            self.status,
            SessionStatus::Pending
                | SessionStatus::InProgress
                | SessionStatus::Fail
                | SessionStatus::Error
        );
        if open && now >= self.expires_at {
            self.status = SessionStatus::Expired;
            self.updated_at = now;
            self.result_json = None;
            return true;
        }
        false
    }

    fn session_type(&self) -> SessionType {
        self.config
            .session_type
            .clone()
            .unwrap_or(SessionType::Over)
    }

    fn retries_allowed(&self) -> bool {
        self.config.retry_enabled == Some(true) || self.config.resume_enabled == Some(true)
    }

    /// Whether the user may still make an attempt.
    pub fn is_open(&self) -> bool {
        match self.status {
            SessionStatus::Pending | SessionStatus::InProgress => true,
            SessionStatus::Fail | SessionStatus::Error => self.retries_allowed(),
            _ => false,
        }
    }

    /// Attempts left for a method key.
    pub fn remaining(&self, key: &str, retry_limit: Option<u32>) -> u32 {
        retry_limit
            .unwrap_or(DEFAULT_RETRY_LIMIT)
            .saturating_sub(self.attempts.get(key).copied().unwrap_or(0))
    }

    /// Records one attempt with this outcome and returns the notification it produces.
    pub fn attempt(
        &mut self,
        outcome: &Outcome,
        now: DateTime<Utc>,
    ) -> Result<AvsNotification, Refusal> {
        self.expire_if_due(now);
        if !self.is_open() {
            return Err(Refusal::NotOpen(format!(
                "session is {} and accepts no more attempts",
                self.status
            )));
        }
        let allowed = self.config.methods.allowed();
        let summary = match &outcome.method {
            Some(name) => allowed
                .iter()
                .find(|s| s.method.as_str() == name.to_ascii_uppercase())
                .ok_or_else(|| {
                    Refusal::Invalid(format!("method {name} is not allowed for this session"))
                })?,
            None => allowed
                .first()
                .ok_or_else(|| Refusal::Invalid("the session allows no method".into()))?,
        };
        if self.remaining(summary.key, summary.retry_limit) == 0 {
            return Err(Refusal::NotOpen(format!(
                "no attempts left for {}",
                summary.key
            )));
        }
        let session_type = self.session_type();
        let real_age = outcome.age.unwrap_or(summary.threshold.max(18) + 7);
        let status = match outcome
            .status
            .as_deref()
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("ERROR") => SessionStatus::Error,
            Some("COMPLETE") => SessionStatus::Complete,
            Some("FAIL") if session_type != SessionType::Age => SessionStatus::Fail,
            Some("FAIL") => return Err(Refusal::Invalid("AGE sessions cannot FAIL".into())),
            Some(other) => {
                return Err(Refusal::Invalid(format!(
                    "status {other} is not COMPLETE, FAIL or ERROR"
                )))
            }
            None => match session_type {
                SessionType::Under if real_age < summary.threshold => SessionStatus::Complete,
                SessionType::Under => SessionStatus::Fail,
                SessionType::Age => SessionStatus::Complete,
                _ if real_age >= summary.threshold => SessionStatus::Complete,
                _ => SessionStatus::Fail,
            },
        };
        self.result_json = None;
        *self.attempts.entry(summary.key.to_owned()).or_default() += 1;
        self.sequence += 1;
        self.status = status.clone();
        self.method = Some(summary.method.clone());
        self.age = Some(if session_type == SessionType::Age {
            real_age
        } else {
            summary.threshold
        });
        let evidence_id = uuid::Uuid::new_v4().to_string();
        self.evidence_id = Some(evidence_id.clone());
        self.updated_at = now;
        let state = match status {
            SessionStatus::Complete => AttemptState::Complete,
            SessionStatus::Fail => AttemptState::Fail,
            _ => AttemptState::Error,
        };
        Ok(AvsNotification {
            method: self.method.clone(),
            result: Some(state == AttemptState::Complete),
            age: self.age,
            session_key: self.id.clone(),
            reference_id: Some(self.config.reference_id.clone().unwrap_or_default()),
            id: uuid::Uuid::new_v4().to_string(),
            timestamp: now.timestamp(),
            notification_url: self.config.notification_url.clone(),
            evidence_id: Some(evidence_id),
            state,
            check_type: Some(match &summary.level {
                Some(level) => CheckType::parse(level.as_str()),
                None => CheckType::None,
            }),
            error_code: None,
            sequence_number: Some(self.sequence),
            signature: None,
            raw: Default::default(),
        })
    }

    /// The user opened the user view: a PENDING session becomes IN_PROGRESS.
    pub fn start(&mut self, now: DateTime<Utc>) {
        self.expire_if_due(now);
        if self.status == SessionStatus::Pending {
            self.status = SessionStatus::InProgress;
            self.updated_at = now;
            self.result_json = None;
        }
    }

    /// The user gave up.
    pub fn cancel(&mut self, now: DateTime<Utc>) -> Result<(), Refusal> {
        self.expire_if_due(now);
        if !self.is_open() {
            return Err(Refusal::NotOpen(format!(
                "session is {} and cannot be cancelled",
                self.status
            )));
        }
        self.status = SessionStatus::Cancelled;
        self.updated_at = now;
        self.result_json = None;
        Ok(())
    }

    /// The result payload as JSON bytes, serialized once per change of the session.
    pub fn result_json(&mut self) -> bytes::Bytes {
        if let Some(json) = &self.result_json {
            return json.clone();
        }
        let json = bytes::Bytes::from(serde_json::to_vec(&self.result()).unwrap_or_default());
        self.result_json = Some(json.clone());
        json
    }

    /// The result payload (docs/yoti-api.md §5.2): every method object present.
    pub fn result(&self) -> SessionResult {
        let c = &self.config;
        let mut r = SessionResult::new(self.id.clone(), self.status.clone());
        r.sdk_id = Some(self.sdk_id.clone());
        r.account_id = c.account_id.clone();
        r.callback_url = c.callback_url.clone();
        r.callback = Some(c.callback.clone().unwrap_or(Callback {
            url: None,
            auto: false,
        }));
        r.notification_url = c.notification_url.clone();
        r.cancel_url = c.cancel_url.clone();
        r.session_type = self.session_type();
        let entries = c.methods.entries();
        let method_result = |key: &str| {
            let mut m = MethodResult::default();
            if let Some((_, _, cfg)) = entries.iter().find(|(k, _, _)| *k == key) {
                m.threshold = cfg.threshold.unwrap_or(0);
                m.allowed = cfg.allowed.unwrap_or(key != "us_florida_hb3");
                m.level = Some(cfg.level.as_ref().map_or("NONE", |l| l.as_str()).to_owned());
                m.authenticity = Some(match (key, &c.methods.doc_scan) {
                    ("doc_scan", Some(d)) => d
                        .authenticity
                        .clone()
                        .unwrap_or(yoti_age::result::Authenticity::Auto),
                    ("digital_id", _) => yoti_age::result::Authenticity::NotApplicable,
                    _ => yoti_age::result::Authenticity::Auto,
                });
                m.attempts = self.attempts.get(key).copied().unwrap_or(0);
                m.attempts_remaining = if m.allowed {
                    self.remaining(key, cfg.retry_limit)
                } else {
                    0
                };
            }
            Some(m)
        };
        for key in RESULT_KEYS {
            let value = method_result(key);
            match key {
                "age_estimation" => r.age_estimation = value,
                "digital_id" => r.digital_id = value,
                "doc_scan" => r.doc_scan = value,
                "credit_card" => r.credit_card = value,
                "mobile" => r.mobile = value,
                "login" => r.login = value,
                "age_key" => r.age_key = value,
                "la_wallet" => r.la_wallet = value,
                "social_security_number" => r.social_security_number = value,
                "us_florida_hb3" => r.us_florida_hb3 = value,
                _ => r.double_anonymity = value,
            }
        }
        let mut eid = ElectronicIdResult::default();
        if let Some(e) = &c.methods.electronic_id {
            eid.threshold = e.common.threshold.unwrap_or(0);
            eid.allowed = e.common.allowed.unwrap_or(true);
            eid.sub_methods = (!e.sub_methods.is_empty()).then(|| {
                e.sub_methods
                    .iter()
                    .map(|s| s.as_str().to_owned())
                    .collect()
            });
            eid.attempts = self.attempts.get("electronic_id").copied().unwrap_or(0);
            eid.attempts_remaining = self.remaining("electronic_id", e.common.retry_limit);
        }
        r.electronic_id = Some(eid);
        let pending = matches!(self.status, SessionStatus::Pending) || self.sequence == 0;
        if !pending {
            r.age = self.age;
            r.method = self.method.clone();
            r.evidence_id = self.evidence_id.clone();
        }
        r.reference_id = c.reference_id.clone();
        r.created_at = Some(self.created_at);
        r.expires_at = Some(self.expires_at);
        r.updated_at = Some(self.updated_at);
        r.biometric_consent_required = c.block_biometric_consent != Some(true);
        r.rule_id = c.rule_id.clone();
        r.retry_enabled = c.retry_enabled.unwrap_or(false);
        r.resume_enabled = c.resume_enabled.unwrap_or(false);
        r.blocked_locations = c.blocked_locations.clone();
        r.terminal_id = self.terminal_id.clone();
        r.synchronous_checks = c.synchronous_checks.unwrap_or(false);
        r
    }

    /// The configuration view of `GET /sessions/{id}` (docs/yoti-api.md §5.1).
    pub fn view(&self) -> serde_json::Value {
        let c = &self.config;
        serde_json::json!({
            "id": self.id, "sdk_id": self.sdk_id,
            "callback": {"auto": c.callback.as_ref().is_some_and(|cb| cb.auto)},
            "type": self.session_type(), "status": self.status,
            "expires_at": self.expires_at, "biometric_consent_required": c.block_biometric_consent != Some(true),
            "retry_enabled": c.retry_enabled.unwrap_or(false), "resume_enabled": c.resume_enabled.unwrap_or(false),
            "notification_url": c.notification_url.clone().unwrap_or_default(),
            "cancel_url": c.cancel_url.clone().unwrap_or_default(),
            "reference_id": c.reference_id.clone().unwrap_or_default(),
            "created_at": self.created_at, "rule_id": c.rule_id.clone().unwrap_or_default(),
            "blocked_locations": c.blocked_locations, "updated_at": self.updated_at,
            "biometric_consent_given_at": "", "target_origin_url": c.target_origin_url.clone().unwrap_or_default(),
            "synchronous_checks": c.synchronous_checks.unwrap_or(false), "double_blind": c.double_blind.unwrap_or(false),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(config: SessionConfig) -> (Session, DateTime<Utc>) {
        let now = Utc::now();
        (Session::new("sdk", config, None, now), now)
    }

    fn outcome(method: &str, age: u32) -> Outcome {
        Outcome {
            status: None,
            age: Some(age),
            method: Some(method.into()),
        }
    }

    #[test]
    fn over_passes_at_threshold_and_reports_the_threshold_as_age() {
        let (mut s, now) = session(SessionConfig::over().with_ttl(900).with_age_estimation(21));
        let n = s.attempt(&outcome("AGE_ESTIMATION", 30), now).unwrap();
        assert_eq!(s.status, SessionStatus::Complete);
        assert_eq!(s.age, Some(21));
        assert_eq!(
            (n.state, n.age, n.sequence_number),
            (AttemptState::Complete, Some(21), Some(1))
        );
        let r = s.result();
        assert_eq!(
            r.age_estimation
                .as_ref()
                .map(|m| (m.attempts, m.attempts_remaining)),
            Some((1, 0))
        );
        assert_eq!(r.credit_card.as_ref().map(|m| m.allowed), Some(false));
    }

    #[test]
    fn failed_attempt_closes_the_session_unless_retries_are_enabled() {
        let mut config = SessionConfig::over()
            .with_ttl(900)
            .with_age_estimation(18)
            .with_digital_id(18);
        let (mut s, now) = session(config.clone());
        s.attempt(&outcome("AGE_ESTIMATION", 16), now).unwrap();
        assert_eq!(s.status, SessionStatus::Fail);
        assert!(matches!(
            s.attempt(&outcome("DIGITAL_ID", 30), now),
            Err(Refusal::NotOpen(_))
        ));

        config = config.with_retry_enabled(true);
        config.methods.age_estimation.as_mut().unwrap().retry_limit = Some(2);
        let (mut s, now) = session(config);
        s.attempt(&outcome("AGE_ESTIMATION", 16), now).unwrap();
        s.attempt(&outcome("AGE_ESTIMATION", 17), now).unwrap();
        assert!(matches!(
            s.attempt(&outcome("AGE_ESTIMATION", 30), now),
            Err(Refusal::NotOpen(_))
        ));
        let n = s.attempt(&outcome("DIGITAL_ID", 30), now).unwrap();
        assert_eq!(
            (s.status.clone(), n.sequence_number),
            (SessionStatus::Complete, Some(3))
        );
        assert!(matches!(
            s.attempt(&outcome("DIGITAL_ID", 30), now),
            Err(Refusal::NotOpen(_))
        ));
    }

    #[test]
    fn age_sessions_report_the_real_age_and_under_inverts() {
        let (mut s, now) = session(SessionConfig::age().with_ttl(900).with_age_estimation(18));
        s.attempt(&outcome("AGE_ESTIMATION", 34), now).unwrap();
        assert_eq!(
            (s.status.clone(), s.age),
            (SessionStatus::Complete, Some(34))
        );
        let (mut s, now) = session(SessionConfig::under().with_ttl(900).with_age_estimation(18));
        s.attempt(&outcome("AGE_ESTIMATION", 34), now).unwrap();
        assert_eq!(s.status, SessionStatus::Fail);
    }

    #[test]
    fn pending_result_has_no_age_method_or_evidence() {
        let (s, _) = session(SessionConfig::over().with_ttl(900).with_age_estimation(18));
        let r = serde_json::to_value(s.result()).unwrap();
        for absent in ["age", "method", "evidence_id"] {
            assert!(r.get(absent).is_none(), "{absent}");
        }
        assert_eq!(r["electronic_id"]["sub_methods"], serde_json::Value::Null);
        assert_eq!(r["rule_id"], "");
    }

    #[test]
    fn opening_the_user_view_starts_a_pending_session_only() {
        let (mut s, now) = session(SessionConfig::over().with_ttl(900).with_age_estimation(18));
        s.start(now);
        assert_eq!(s.status, SessionStatus::InProgress);
        s.attempt(&outcome("AGE_ESTIMATION", 30), now).unwrap();
        s.start(now);
        assert_eq!(s.status, SessionStatus::Complete);
    }

    #[test]
    fn expires_when_the_ttl_passes() {
        let (mut s, now) = session(SessionConfig::over().with_ttl(60).with_age_estimation(18));
        assert!(!s.expire_if_due(now + Duration::seconds(59)));
        assert!(s.expire_if_due(now + Duration::seconds(60)));
        assert_eq!(s.status, SessionStatus::Expired);
        assert!(matches!(s.cancel(now), Err(Refusal::NotOpen(_))));
    }

    #[test]
    fn unknown_method_and_status_are_refused() {
        let (mut s, now) = session(SessionConfig::over().with_ttl(900).with_age_estimation(18));
        assert!(matches!(
            s.attempt(&outcome("DOC_SCAN", 30), now),
            Err(Refusal::Invalid(_))
        ));
        let bad = Outcome {
            status: Some("MAYBE".into()),
            age: None,
            method: None,
        };
        assert!(matches!(s.attempt(&bad, now), Err(Refusal::Invalid(_))));
        assert_eq!(s.sequence, 0);
    }
}
