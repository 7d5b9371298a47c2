"""Quickstart (blocking): create a session, send the user to the user view, read the result.

Runs against a local sandbox started in-process. Against Yoti, build the client with
`yoti_age.Client(sdk_id=..., api_key=...)` or `yoti_age.Client.from_env()` instead.
"""

from __future__ import annotations

import yoti_age
from yoti_age.testing import sandbox


def main() -> None:
    with sandbox() as sb:
        client = sb.client()
        config = yoti_age.SessionConfig.over(
            ttl=900,
            age_estimation=18,
            digital_id=18,
            reference_id="order-1234",
            callback={"url": "https://shop.example/age-done", "auto": True},
        )
        session = client.create_session(config)
        print("send the user to:", client.user_view_url(session.id))

        sb.complete(session.id, age=24, method="AGE_ESTIMATION")  # the user passes

        result = client.wait_for_result(session.id, timeout=30)
        print(f"{result.status} via {result.method} (age {result.age})")
        assert result.is_complete

        try:
            client.create_session({"ttl": 10, "age_estimation": {"threshold": 200}})
        except yoti_age.ValidationError as error:
            for field in error.field_errors:
                print(f"invalid {field.field}: {field.message}")


if __name__ == "__main__":
    main()
