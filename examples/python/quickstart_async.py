"""Quickstart (asyncio): sessions and Proof of Age concurrently, with a timeout that cancels."""

from __future__ import annotations

import asyncio

import yoti_age
from yoti_age.testing import sandbox


async def run(client: yoti_age.AsyncClient, sb: yoti_age.testing.Sandbox) -> None:
    session = await client.create_session(yoti_age.SessionConfig.over(ttl=900, age_estimation=18))
    sb.complete(session.id, age=30)
    result, verification = await asyncio.gather(
        client.wait_for_result(session.id, timeout=30),
        client.poa_verify("sandbox:success:21", terminal_id="till-1"),
    )
    print("session:", result.status, "| PoA age over:", verification.result.age_over)

    pending = await client.create_session(yoti_age.SessionConfig.over(ttl=900, age_estimation=18))
    try:
        # Nobody completes this one: the timeout cancels the task, which drops the request.
        await asyncio.wait_for(client.wait_for_result(pending.id), timeout=0.5)
    except asyncio.TimeoutError:
        print("gave up waiting for", pending.id)


def main() -> None:
    with sandbox() as sb:
        asyncio.run(run(sb.async_client(), sb))


if __name__ == "__main__":
    main()
