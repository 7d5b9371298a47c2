"""The installed package registers `yoti_sandbox` as a pytest fixture (entry point pytest11)."""

from __future__ import annotations

import yoti_age
from yoti_age.testing import Sandbox


def test_yoti_sandbox_fixture_serves_a_working_sandbox(yoti_sandbox: Sandbox) -> None:
    assert yoti_sandbox.base_url.startswith("http://127.0.0.1:")
    client = yoti_sandbox.client()
    created = client.create_session(yoti_age.SessionConfig.over(ttl=900, age_estimation=18))
    yoti_sandbox.complete(created.id, age=21)
    result = client.get_result(created.id)
    # An OVER session reports the threshold it proved, not the estimated age.
    assert result.is_complete and result.age == 18
