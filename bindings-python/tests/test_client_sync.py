"""Every operation of the blocking client against the in-process sandbox."""

from __future__ import annotations

import datetime
import threading

import pytest
import yoti_age
from conftest import png_image
from yoti_age.testing import Sandbox

UTC = datetime.timezone.utc


def test_session_flow(client: yoti_age.Client, sb: Sandbox, over18: yoti_age.SessionConfig) -> None:
    created = client.create_session(over18, terminal_id="till-9")
    assert created.status == yoti_age.SessionStatus.PENDING
    assert created.expires_at is not None and created.expires_at.tzinfo is not None
    assert created.raw is not None and created.raw["id"] == created.id

    view = client.get_session(created.id)
    assert view.id == created.id
    assert view.status is yoti_age.SessionStatus.PENDING
    assert view.session_type == "OVER"

    pending = client.get_result(created.id)
    assert not pending.is_terminal and pending.age is None and pending.method is None

    sb.complete(created.id, age=30, method="AGE_ESTIMATION")
    result = client.wait_for_result(created.id, timeout=10, initial_interval=0.01)
    assert result.is_complete
    assert result.status == "COMPLETE"
    assert result.method is yoti_age.Method.AGE_ESTIMATION
    assert result.terminal_id == "till-9"
    assert result.age_estimation is not None and result.age_estimation.attempts == 1
    assert result.to_dict()["status"] == "COMPLETE"
    assert result.raw is not None and result.raw["id"] == created.id
    assert result == client.get_result(created.id)
    assert "status=<SessionStatus.COMPLETE>" in repr(result)
    with pytest.raises(AttributeError):
        result.status = yoti_age.SessionStatus.FAIL  # type: ignore[misc]


def test_failed_outcome(
    client: yoti_age.Client, sb: Sandbox, over18: yoti_age.SessionConfig
) -> None:
    created = client.create_session(over18)
    sb.complete(created.id, age=15)
    result = client.get_result(created.id)
    assert result.status is yoti_age.SessionStatus.FAIL
    assert not result.is_complete


def test_wait_for_result_returns_last_result_at_deadline(
    client: yoti_age.Client, over18: yoti_age.SessionConfig
) -> None:
    created = client.create_session(over18)
    result = client.wait_for_result(created.id, timeout=0.2, initial_interval=0.02)
    assert result.status is yoti_age.SessionStatus.PENDING


def test_user_view_url(client: yoti_age.Client, sb: Sandbox) -> None:
    url = client.user_view_url("abc", method="age-estimation")
    assert url == f"{sb.base_url}/age-estimation?sessionId=abc&sdkId={sb.sdk_id}"
    assert client.user_view_url("abc").startswith(f"{sb.base_url}/?sessionId=abc")
    with pytest.raises(yoti_age.ConfigError):
        client.user_view_url("abc", method="teleport")


def test_upload_selfie(client: yoti_age.Client) -> None:
    created = client.create_session(yoti_age.SessionConfig.over(ttl=900, age_estimation=18))
    outcome = client.upload_selfie(
        created.id,
        image=png_image(),
        secure_token='{"version":1}',
        biometric_consent=datetime.datetime.now(UTC),
    )
    assert outcome.status is yoti_age.SessionStatus.COMPLETE
    assert outcome.raw is not None
    with pytest.raises(yoti_age.BadRequestError) as caught:
        client.upload_selfie(created.id, image=b"not an image" * 10_000, secure_token="{}")
    assert caught.value.api_code is not None


def test_create_rule(client: yoti_age.Client) -> None:
    rule = client.create_rule(
        {"type": "OVER", "ttl": 31_540_000, "age_estimation": {"threshold": 18}}
    )
    assert rule.id
    with pytest.raises(yoti_age.ValidationError) as caught:
        client.create_rule({"ttl": 0})
    assert {f.field for f in caught.value.field_errors} >= {"ttl"}


def test_metrics(client: yoti_age.Client, over18: yoti_age.SessionConfig) -> None:
    client.create_session(over18)
    now = datetime.datetime.now(UTC)
    stats = client.metrics(
        created_after=now - datetime.timedelta(days=1),
        created_before=now + datetime.timedelta(minutes=1),
    )
    assert stats.total_created_sessions >= 1
    assert isinstance(stats.methods, dict)
    assert stats.raw is not None
    with pytest.raises(yoti_age.ValidationError):
        client.metrics(created_after=now, created_before=now - datetime.timedelta(days=1))
    with pytest.raises(yoti_age.ConfigError):
        client.metrics(created_after=datetime.datetime(2025, 1, 1), created_before=now)


def test_poa_completed_and_failure(client: yoti_age.Client) -> None:
    success = client.poa_verify("sandbox:success:21", terminal_id="till-1", store_id="s-1")
    assert success.is_completed and not success.is_pending
    assert success.result.status is yoti_age.PoaStatus.SUCCESS
    assert success.result.age_over == 21
    failure = client.poa_verify("sandbox:failure:PRESENTATION_ALREADY_USED", terminal_id="till-1")
    assert failure.result.status is yoti_age.PoaStatus.FAILURE
    assert failure.result.failure_reason is yoti_age.PoaFailureReason.PRESENTATION_ALREADY_USED
    assert client.poa_get(success.result.id) == success.result


def test_poa_pending_then_wait(client: yoti_age.Client) -> None:
    pending = client.poa_verify(
        "sandbox:pending:2",
        terminal_id="till-1",
        notification={
            "url": "http://127.0.0.1:9/poa",
            "method": "POST",
            "headers": {"x-secret": "s"},
        },
    )
    assert pending.is_pending
    assert pending.result.status is yoti_age.PoaStatus.PENDING
    done = client.poa_wait(pending.result.id, timeout=10, initial_interval=0.01)
    assert done.status is yoti_age.PoaStatus.SUCCESS


def test_poa_stale_qr_is_refused_before_sending(client: yoti_age.Client) -> None:
    old = datetime.datetime.now(UTC) - datetime.timedelta(minutes=5)
    with pytest.raises(yoti_age.PoaQrStaleError) as caught:
        client.poa_verify("sandbox:success:18", terminal_id="t", scanned_at=old)
    assert caught.value.code == "poa.qr_stale"


def test_raw_request(client: yoti_age.Client, over18: yoti_age.SessionConfig) -> None:
    created = client.raw_request("POST", "/sessions", json=dict(over18))
    assert created.status == 200
    session_id = created.json()["id"]
    got = client.raw_request("GET", f"/sessions/{session_id}/result")
    assert got.json()["status"] == "PENDING"
    assert (
        got.header(
            "Content-Type",
        )
        is not None
    )
    assert isinstance(got.body, bytes)
    poa = client.raw_request(
        "POST",
        "/poa/v1/verify",
        target="poa",
        json={
            "qr": {
                "value": "sandbox:success:18",
                "scanned_at": datetime.datetime.now(UTC).isoformat(),
            },
            "terminal": {"id": "t"},
        },
    )
    assert poa.json()["status"] == "SUCCESS"
    with pytest.raises(yoti_age.NotFoundError):
        client.raw_request("GET", "/sessions/nope/result")


def test_from_env(
    sb: Sandbox, monkeypatch: pytest.MonkeyPatch, over18: yoti_age.SessionConfig
) -> None:
    for key, value in sb.env().items():
        monkeypatch.setenv(key, value)
    client = yoti_age.Client.from_env()
    assert client.sdk_id == sb.sdk_id
    assert client.create_session(over18).id
    monkeypatch.setenv("YOTI_ENV", "moon")
    with pytest.raises(yoti_age.ConfigError):
        yoti_age.Client.from_env()


def test_central_auth(sb: Sandbox, over18: yoti_age.SessionConfig) -> None:
    private_pem, public_pem = yoti_age._native.generate_rsa_key()
    sb.register_client_key(sb.sdk_id, public_pem)
    creds = yoti_age.CentralAuthCredentials(
        private_key_pem=private_pem, scope="avs:sessions:create"
    )
    assert "PRIVATE" not in repr(creds)
    client = yoti_age.Client(
        sdk_id=sb.sdk_id,
        central_auth=creds,
        avs_url=sb.avs_url,
        poa_url=sb.poa_url,
        auth_url=sb.auth_url,
    )
    assert client.create_session(over18).id
    _, other_public = yoti_age._native.generate_rsa_key()
    other_private, _ = yoti_age._native.generate_rsa_key()
    stranger = yoti_age.Client(
        sdk_id=sb.sdk_id,
        central_auth=yoti_age.CentralAuthCredentials(private_key_pem=other_private, scope="x"),
        avs_url=sb.avs_url,
        auth_url=sb.auth_url,
    )
    with pytest.raises(yoti_age.TokenError) as caught:
        stranger.create_session(over18)
    assert caught.value.code == "token"


def test_timeouts_and_retry_options(
    sb: Sandbox, client: yoti_age.Client, over18: yoti_age.SessionConfig
) -> None:
    created = client.create_session(over18)
    sb.add_fault(delay_ms=1500, path=f"/api/v1/sessions/{created.id}", times=3)
    try:
        slow = client.with_options(
            timeouts=yoti_age.Timeouts(connect=1, per_attempt=0.2, total=0.5),
            retry=yoti_age.RetryPolicy.none(),
        )
        with pytest.raises(yoti_age.TimeoutError) as caught:
            slow.get_result(created.id)
        assert caught.value.code == "timeout"
        assert isinstance(caught.value, TimeoutError)
    finally:
        sb.clear_faults()


def test_transport_error_on_closed_port(over18: yoti_age.SessionConfig) -> None:
    client = yoti_age.Client(
        sdk_id="sdk",
        api_key="k",
        avs_url="http://127.0.0.1:9/api/v1",
        retry=yoti_age.RetryPolicy.none(),
    )
    with pytest.raises(yoti_age.TransportError) as caught:
        client.get_result("x")
    assert caught.value.code == "transport"


def test_config_errors() -> None:
    with pytest.raises(yoti_age.ConfigError):
        yoti_age.Client(api_key="k")
    with pytest.raises(yoti_age.ConfigError) as caught:
        yoti_age.Client(sdk_id="s", api_key="k", avs_url="http://example.com/api/v1")
    assert caught.value.code == "config"


def test_sync_calls_release_the_gil(
    client: yoti_age.Client, sb: Sandbox, over18: yoti_age.SessionConfig
) -> None:
    created = client.create_session(over18)
    sb.add_fault(delay_ms=400, path=f"/api/v1/sessions/{created.id}/result", times=1)
    ticks = 0
    stop = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        client.get_result(created.id)
    finally:
        stop.set()
        spinner.join()
        sb.clear_faults()
    # With the GIL held for 400 ms the spinner could not have run at all meanwhile.
    assert ticks > 1000


def test_client_is_usable_from_threads(
    client: yoti_age.Client, over18: yoti_age.SessionConfig
) -> None:
    created = client.create_session(over18)
    results: list[str] = []

    def worker() -> None:
        for _ in range(20):
            results.append(str(client.get_result(created.id).status))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["PENDING"] * 160
