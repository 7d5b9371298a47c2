"""The shared vectors (tests/vectors/*.json), loaded unchanged."""

from __future__ import annotations

import datetime
import json
import time
from typing import Any, Dict, List

import pytest
import yoti_age
from conftest import load_vectors
from yoti_age.testing import Sandbox, sandbox

CONFIGS = load_vectors("session_configs")
RESULTS = load_vectors("results")
WEBHOOKS = load_vectors("webhooks")
RETRY = load_vectors("retry_matrix")


def ts(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize("case", CONFIGS["valid"], ids=lambda c: c["name"])
def test_valid_session_configs_pass(case: Dict[str, Any]) -> None:
    yoti_age.validate_session_config(case["config"])
    assert yoti_age.SessionConfig(case["config"]).validate() is None


@pytest.mark.parametrize("case", CONFIGS["invalid"], ids=lambda c: c["name"])
def test_invalid_session_configs_fail_with_exact_paths(case: Dict[str, Any]) -> None:
    with pytest.raises(yoti_age.ValidationError) as caught:
        yoti_age.validate_session_config(case["config"])
    error = caught.value
    assert error.code == "validation"
    assert isinstance(error, ValueError)
    got = sorted((f.field, f.rule) for f in error.field_errors)
    assert got == sorted((e["field"], e["rule"]) for e in case["errors"])


@pytest.mark.parametrize("case", CONFIGS["invalid"], ids=lambda c: c["name"])
def test_invalid_configs_are_never_sent(
    case: Dict[str, Any], sb: Sandbox, client: yoti_age.Client
) -> None:
    before = len(sb.requests())
    with pytest.raises(yoti_age.ValidationError):
        client.create_session(case["config"])
    assert len(sb.requests()) == before


@pytest.mark.parametrize("case", RESULTS["session_results"], ids=lambda c: c["name"])
def test_session_results_parse(case: Dict[str, Any]) -> None:
    body = json.dumps(case["body"]).encode()
    result = yoti_age.parse_session_result(body)
    expect = case["expect"]
    assert result.id == expect["id"]
    assert result.status == expect["status"]
    assert result.status.is_known == expect["status_known"]
    assert result.is_terminal == expect["terminal"]
    if "age" in expect:
        assert result.age == expect["age"]
    if "method" in expect:
        assert (None if result.method is None else str(result.method)) == expect["method"]
    if "method_known" in expect:
        assert result.method is not None and result.method.is_known == expect["method_known"]
    if "type" in expect:
        assert result.session_type == expect["type"]
    for key in ("evidence_id", "reference_id", "rule_id", "account_id", "terminal_id"):
        if key in expect:
            assert getattr(result, key) == expect[key], key
    for key in ("created_at", "biometric_consent_given_at"):
        if key in expect:
            got = getattr(result, key)
            assert got == (None if expect[key] is None else ts(expect[key])), key
            assert got is None or got.tzinfo is not None
    for method, counts in expect.get("attempts", {}).items():
        entry = getattr(result, method.lower())
        if counts is None:
            assert entry is None, method
        else:
            assert (entry.attempts, entry.attempts_remaining) == tuple(counts), method
    assert result.raw == case["body"]


@pytest.mark.parametrize("case", RESULTS["created_sessions"], ids=lambda c: c["name"])
def test_created_sessions_parse(case: Dict[str, Any]) -> None:
    created = yoti_age.parse_created_session(json.dumps(case["body"]).encode())
    expect = case["expect"]
    assert created.id == expect["id"]
    assert created.status == expect["status"]
    assert created.expires_at == ts(expect["expires_at"])


@pytest.mark.parametrize("case", RESULTS["poa_results"], ids=lambda c: c["name"])
def test_poa_results_parse(case: Dict[str, Any]) -> None:
    result = yoti_age.parse_poa_result(json.dumps(case["body"]).encode())
    expect = case["expect"]
    assert result.id == expect["id"]
    assert result.status == expect["status"]
    assert (case["http_status"] == 202) == expect["pending"]
    for key in ("age_over", "provider", "failure_reason", "waiting_on"):
        if key in expect:
            got = getattr(result, key)
            assert (got if got is None or isinstance(got, int) else str(got)) == expect[key], key
    if "checks" in expect:
        assert result.result is not None
        assert [str(c) for c in result.result.checks] == expect["checks"]


@pytest.mark.parametrize("case", RESULTS["error_bodies"], ids=lambda c: c["name"])
def test_error_bodies_through_the_sandbox(
    case: Dict[str, Any], sb: Sandbox, client: yoti_age.Client
) -> None:
    body = case["body"] if isinstance(case["body"], str) else json.dumps(case["body"])
    sb.add_fault(status=case["status"], body=body, path="/api/v1/sessions/x-error/", times=3)
    try:
        with pytest.raises(yoti_age.YotiAgeError) as caught:
            client.with_options(retry=yoti_age.RetryPolicy.none()).get_result("x-error")
    finally:
        sb.clear_faults()
    error = caught.value
    expect = case["expect"]
    assert error.code == expect["code"]
    assert error.status == case["status"]
    assert error.api_code == expect["api_code"]
    assert expect["message"] in str(error)
    if "fields" in expect:
        assert [f.field for f in error.field_errors] == expect["fields"]


@pytest.mark.parametrize("case", WEBHOOKS["cases"], ids=lambda c: c["name"])
def test_webhook_vectors(case: Dict[str, Any]) -> None:
    verifier = yoti_age.WebhookVerifier(WEBHOOKS["public_key_pem"])
    body = case["body"].encode()
    if case["valid"]:
        notification = verifier.verify(body)
        for key, value in case["expect"].items():
            got = getattr(notification, key)
            assert (str(got) if isinstance(got, yoti_age.OpenEnum) else got) == value, key
    else:
        with pytest.raises(yoti_age.WebhookVerificationError) as caught:
            verifier.verify(body)
        assert caught.value.code == case["error_code"]


def test_retry_matrix_through_sandbox_faults() -> None:
    # Its own sandbox: attempts are counted from the request log, which keeps the last 10,000
    # entries and would be full after the session-wide sandbox served the memory loop.
    with sandbox() as sb:
        _run_retry_matrix(sb)


def _attempts(sb: Sandbox, path_prefix: str) -> int:
    """Requests the sandbox received under `path_prefix` (faulted ones included)."""
    return sum(
        1
        for entry in sb.requests()
        if entry.get("kind") == "request" and entry["path"].startswith(path_prefix)
    )


def _run_retry_matrix(sb: Sandbox) -> None:
    fast = yoti_age.RetryPolicy(max_retries=2, base=0.005, cap=0.02)
    client = sb.client().with_options(retry=fast)
    session = client.create_session(yoti_age.SessionConfig.over(ttl=900, age_estimation=18))
    failures: List[str] = []
    for case in RETRY["cases"]:
        name = case["name"]
        operation = case["operation"]
        method, path = {
            "get_result": ("GET", f"/api/v1/sessions/{session.id}/result"),
            "get_session": ("GET", f"/api/v1/sessions/{session.id}"),
            "create_session": ("POST", "/api/v1/sessions"),
            "poa_verify": ("POST", "/poa/v1/verify"),
        }[operation]
        sb.clear_faults()
        sb.add_fault(**case["fault"], times=case["times"], method=method, path=path)

        before = _attempts(sb, path)
        started = time.monotonic()
        try:
            if operation == "get_result":
                client.get_result(session.id)
            elif operation == "get_session":
                client.get_session(session.id)
            elif operation == "create_session":
                client.create_session(yoti_age.SessionConfig.over(ttl=900, age_estimation=18))
            else:
                client.poa_verify(f"sandbox:success:18:{name}", terminal_id="t")
            outcome = "ok"
        except yoti_age.YotiAgeError as error:
            outcome = error.code
        made = _attempts(sb, path) - before
        elapsed_ms = (time.monotonic() - started) * 1000
        if elapsed_ms < case.get("min_elapsed_ms", 0):
            failures.append(f"{name}: Retry-After not honoured ({elapsed_ms:.0f} ms)")
        if (outcome, made) != (case["outcome"], case["attempts"]):
            failures.append(
                f"{name}: got {outcome}/{made}, want {case['outcome']}/{case['attempts']}"
            )
    sb.clear_faults()
    assert failures == []
