"""Typed use of the public API: run by pytest and checked by `mypy --strict`."""

from __future__ import annotations

import asyncio
import datetime
from typing import List, Optional

import yoti_age
from yoti_age.testing import Sandbox


def summarize(result: yoti_age.SessionResult) -> str:
    method: Optional[yoti_age.Method] = result.method
    status: yoti_age.SessionStatus = result.status
    created: Optional[datetime.datetime] = result.created_at
    parts: List[str] = [result.id, str(status), str(method), str(created is not None)]
    return " ".join(parts)


def test_typed_sync(sb: Sandbox) -> None:
    client: yoti_age.Client = sb.client()
    config = yoti_age.SessionConfig.over(ttl=600, age_estimation=21, reference_id="typed")
    created: yoti_age.CreatedSession = client.create_session(config)
    sb.complete(created.id, age=30)
    result = client.wait_for_result(created.id, timeout=5, initial_interval=0.01)
    assert summarize(result).startswith(created.id)
    estimation: Optional[yoti_age.MethodResult] = result.age_estimation
    assert estimation is not None and estimation.threshold == 21
    verification: yoti_age.PoaVerification = client.poa_verify(
        "sandbox:success:18", terminal_id="t"
    )
    age_over: Optional[int] = verification.result.age_over
    assert age_over == 18


def test_typed_async(sb: Sandbox) -> None:
    async def run() -> yoti_age.SessionResult:
        client: yoti_age.AsyncClient = sb.async_client()
        created = await client.create_session(
            {"type": "OVER", "ttl": 600, "age_estimation": {"threshold": 18}}
        )
        return await client.get_result(created.id)

    result = asyncio.run(run())
    assert result.status is yoti_age.SessionStatus.PENDING


def test_typed_errors() -> None:
    try:
        yoti_age.validate_session_config({"ttl": 1})
    except yoti_age.ValidationError as error:
        fields: List[str] = [f.field for f in error.field_errors]
        code: str = error.code
        assert code == "validation" and "ttl" in fields
    else:
        raise AssertionError("expected a ValidationError")


def test_typed_webhook(sb: Sandbox) -> None:
    body: bytes = sb.sign_webhook(session_key="s-1", age=21)
    notification: yoti_age.AvsNotification = sb.webhook_verifier().verify(body)
    state: yoti_age.AttemptState = notification.state
    assert state is yoti_age.AttemptState.COMPLETE and notification.age == 21
