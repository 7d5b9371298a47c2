//! Property tests for the validator and the webhook canonicaliser.

use std::sync::OnceLock;

use proptest::prelude::*;
use rsa::RsaPrivateKey;
use yoti_age::webhook::{self, AttemptState, AvsNotification, WebhookVerifier};
use yoti_age::{Method, SessionConfig};

fn key() -> &'static (RsaPrivateKey, WebhookVerifier) {
    static KEY: OnceLock<(RsaPrivateKey, WebhookVerifier)> = OnceLock::new();
    KEY.get_or_init(|| {
        let key = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
        let verifier =
            WebhookVerifier::from_public_key_pem(&webhook::public_key_pem(&key).unwrap()).unwrap();
        (key, verifier)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn ranges_are_enforced_exactly(ttl in 0u64..3_000_000, threshold in 0u32..200, retry in 0u32..15) {
        let mut config = SessionConfig::over().with_ttl(ttl).with_age_estimation(threshold);
        config.methods.age_estimation.as_mut().unwrap().retry_limit = Some(retry);
        let fields: Vec<String> = config.validation_errors().into_iter().map(|e| e.field).collect();
        prop_assert_eq!(fields.contains(&"ttl".to_string()), !(60..=2_592_000).contains(&ttl));
        prop_assert_eq!(fields.contains(&"age_estimation.threshold".to_string()), !(1..=120).contains(&threshold));
        prop_assert_eq!(fields.contains(&"age_estimation.retry_limit".to_string()), !(1..=10).contains(&retry));
    }

    #[test]
    fn digital_id_estimation_gap(threshold in 1u32..=120, estimate in 1u32..=120) {
        let mut config = SessionConfig::over().with_ttl(900).with_digital_id(threshold);
        config.methods.digital_id.as_mut().unwrap().age_estimation_threshold = Some(estimate);
        let bad = config
            .validation_errors()
            .iter()
            .any(|e| e.field == "digital_id.age_estimation_threshold");
        prop_assert_eq!(bad, !(1..=20).contains(&threshold.abs_diff(estimate)));
    }

    #[test]
    fn config_json_round_trips(ttl in 60u64..100_000, t in 1u32..120, reference in "[a-z0-9 _-]{0,40}", auto in any::<bool>()) {
        let config = SessionConfig::over()
            .with_ttl(ttl)
            .with_age_estimation(t)
            .with_digital_id(18)
            .with_reference_id(reference)
            .with_callback("https://example.com/done", auto);
        let json = serde_json::to_string(&config).unwrap();
        let back: SessionConfig = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, config);
    }

    #[test]
    fn validator_never_panics_on_arbitrary_json(json in "\\{(\"[a-z_]{1,12}\":(-?[0-9]{1,12}|\"[^\"\\\\]{0,8}\"|true|null),?){0,6}\\}") {
        if let Ok(config) = serde_json::from_str::<SessionConfig>(&json.replace(",}", "}")) {
            let _ = config.validation_errors();
        }
    }

    #[test]
    fn canonicaliser_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = webhook::canonical_bytes(&bytes);
    }

    #[test]
    fn signed_notifications_verify_whatever_the_formatting(
        reference in "[ -~\u{e9}\u{2028}\u{a0}]{0,30}",
        age in 1u32..120,
        seq in 1u32..50,
        pretty in any::<bool>(),
    ) {
        let (key, verifier) = key();
        let n = AvsNotification {
            method: Some(Method::AgeEstimation),
            result: Some(true),
            age: Some(age),
            session_key: "s-1".into(),
            reference_id: Some(reference),
            id: "n-1".into(),
            timestamp: 1_700_000_000,
            notification_url: Some("https://example.com/hook".into()),
            evidence_id: Some("e-1".into()),
            state: AttemptState::Complete,
            check_type: None,
            error_code: None,
            sequence_number: Some(seq),
            signature: None,
            raw: yoti_age::RawJson::default(),
        };
        let body = webhook::sign_notification(&n, key).unwrap();
        let body = if pretty {
            // Re-indent without reordering: parse into the ordered struct and pretty-print it.
            let parsed: AvsNotification = serde_json::from_slice(&body).unwrap();
            serde_json::to_vec_pretty(&parsed).unwrap()
        } else {
            body
        };
        let verified = verifier.verify(&body).unwrap();
        prop_assert_eq!(verified.age, Some(age));
        prop_assert_eq!(verified.sequence_number, Some(seq));
        let tampered = String::from_utf8(body).unwrap().replacen("\"s-1\"", "\"s-2\"", 1);
        prop_assert_eq!(verifier.verify(tampered.as_bytes()).unwrap_err().code(), "webhook.invalid_signature");
    }
}
