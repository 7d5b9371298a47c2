"""Every operation of the asyncio client against the in-process sandbox, and cancellation."""

from __future__ import annotations

import asyncio
import datetime

import pytest
import yoti_age
from conftest import png_image
from yoti_age.testing import Sandbox

UTC = datetime.timezone.utc


async def test_session_flow(
    aclient: yoti_age.AsyncClient, sb: Sandbox, over18: yoti_age.SessionConfig
) -> None:
    created = await aclient.create_session(over18, terminal_id="t-async")
    view = await aclient.get_session(created.id)
    assert view.id == created.id
    waiter = asyncio.ensure_future(
        aclient.wait_for_result(created.id, timeout=10, initial_interval=0.01)
    )
    await asyncio.sleep(0.05)
    sb.complete(created.id, age=40, method="DIGITAL_ID")
    result = await waiter
    assert result.is_complete and result.method is yoti_age.Method.DIGITAL_ID
    assert result == await aclient.get_result(created.id)
    assert aclient.user_view_url(created.id).endswith(f"sdkId={sb.sdk_id}")


async def test_concurrent_requests(
    aclient: yoti_age.AsyncClient, over18: yoti_age.SessionConfig
) -> None:
    created = await aclient.create_session(over18)
    results = await asyncio.gather(*(aclient.get_result(created.id) for _ in range(64)))
    assert {str(r.status) for r in results} == {"PENDING"}


async def test_errors_are_raised_in_the_awaiting_task(aclient: yoti_age.AsyncClient) -> None:
    with pytest.raises(yoti_age.NotFoundError) as caught:
        await aclient.get_result("missing")
    assert caught.value.status == 404
    with pytest.raises(yoti_age.ValidationError):
        await aclient.create_session({"ttl": 1})


async def test_rule_metrics_poa_raw(
    aclient: yoti_age.AsyncClient, over18: yoti_age.SessionConfig
) -> None:
    rule = await aclient.create_rule(
        {"type": "OVER", "ttl": 3600, "age_estimation": {"threshold": 18}}
    )
    assert rule.id
    now = datetime.datetime.now(UTC)
    stats = await aclient.metrics(
        created_after=now - datetime.timedelta(hours=1),
        created_before=now + datetime.timedelta(minutes=1),
    )
    assert stats.total_created_sessions >= 0
    done = await aclient.poa_verify("sandbox:success:25", terminal_id="till")
    assert done.result.age_over == 25
    pending = await aclient.poa_verify("sandbox:pending:1", terminal_id="till")
    assert pending.is_pending
    assert (await aclient.poa_get(pending.result.id)).id == pending.result.id
    final = await aclient.poa_wait(pending.result.id, timeout=10, initial_interval=0.01)
    assert final.status is yoti_age.PoaStatus.SUCCESS
    raw = await aclient.raw_request("POST", "sessions", json=dict(over18))
    assert raw.status == 200 and "id" in raw.json()
    created = await aclient.create_session(over18)
    outcome = await aclient.upload_selfie(created.id, image=png_image(), secure_token="{}")
    assert outcome.status is yoti_age.SessionStatus.COMPLETE


async def test_cancelling_wait_for_result_drops_the_request(
    aclient: yoti_age.AsyncClient, sb: Sandbox, over18: yoti_age.SessionConfig
) -> None:
    created = await aclient.create_session(over18)
    path = f"/api/v1/sessions/{created.id}/result"

    def polls() -> int:
        return sum(1 for e in sb.requests() if e.get("path") == path)

    task = asyncio.ensure_future(
        aclient.wait_for_result(created.id, timeout=60, initial_interval=0.02, max_interval=0.02)
    )
    await asyncio.sleep(0.2)
    assert polls() > 0
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.05)
    after_cancel = polls()
    await asyncio.sleep(0.3)
    # The Rust future was dropped: polling stopped with the task.
    assert polls() == after_cancel


async def test_wait_for_timeout_cancels_in_flight_request(
    aclient: yoti_age.AsyncClient, sb: Sandbox, over18: yoti_age.SessionConfig
) -> None:
    created = await aclient.create_session(over18)
    sb.add_fault(delay_ms=2000, path=f"/api/v1/sessions/{created.id}/result", times=1)
    try:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(aclient.get_result(created.id), timeout=0.1)
    finally:
        sb.clear_faults()
    # The client still works after a cancelled call.
    assert (await aclient.get_result(created.id)).id == created.id


async def test_sync_and_async_share_one_runtime(
    client: yoti_age.Client, aclient: yoti_age.AsyncClient, over18: yoti_age.SessionConfig
) -> None:
    created = await aclient.create_session(over18)
    assert client.get_result(created.id) == await aclient.get_result(created.id)


async def test_from_env(
    sb: Sandbox, monkeypatch: pytest.MonkeyPatch, over18: yoti_age.SessionConfig
) -> None:
    for name, value in sb.env().items():
        monkeypatch.setenv(name, value)
    aclient = yoti_age.AsyncClient.from_env()
    created = await aclient.create_session(over18)
    sb.complete(created.id, age=30)
    result = await aclient.get_result(created.id)
    assert result.is_complete and aclient.sdk_id == sb.sdk_id
