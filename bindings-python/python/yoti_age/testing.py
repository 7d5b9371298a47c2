"""Test helpers: the Rust sandbox, started in this process on 127.0.0.1 and a free port.

    from yoti_age.testing import sandbox

    with sandbox() as sb:
        client = sb.client()
        session = client.create_session(SessionConfig.over(ttl=600, age_estimation=18))
        sb.complete(session.id, age=25)
        assert client.get_result(session.id).is_complete

A pytest fixture is available too: ``from yoti_age.testing import yoti_sandbox`` in your
``conftest.py`` gives tests a sandbox per test session.
"""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, Mapping, Optional

from . import _native
from ._native import AsyncClient, Client, SessionResult, WebhookVerifier

__all__ = ["Sandbox", "sandbox", "yoti_sandbox"]

# Loopback only: never through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Sandbox:
    """A running local sandbox. Use `sandbox()` to start one; `close()` stops it."""

    def __init__(self, native: _native.Sandbox) -> None:
        self._native = native

    @classmethod
    def start(cls, *, sdk_id: Optional[str] = None, api_key: Optional[str] = None) -> Sandbox:
        """Starts a sandbox (a few hundred ms: it generates its RSA-3072 webhook key)."""
        return cls(_native.Sandbox.start(sdk_id=sdk_id, api_key=api_key))

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (the user view lives here)."""
        return self._native.base_url

    @property
    def avs_url(self) -> str:
        """The AVS base URL (``.../api/v1``)."""
        return self._native.avs_url

    @property
    def poa_url(self) -> str:
        """The PoA base URL."""
        return self._native.poa_url

    @property
    def auth_url(self) -> str:
        """The central-auth token URL."""
        return self._native.auth_url

    @property
    def sdk_id(self) -> str:
        """The SDK id the sandbox accepts."""
        return self._native.sdk_id

    @property
    def api_key(self) -> str:
        """The API key the sandbox accepts (also accepted as the PoA token)."""
        return self._native.api_key

    @property
    def webhook_public_key_pem(self) -> str:
        """The SPKI PEM key that verifies the sandbox's webhooks."""
        return self._native.webhook_public_key_pem

    def webhook_verifier(self) -> WebhookVerifier:
        """A verifier for the sandbox's webhooks."""
        return WebhookVerifier(self.webhook_public_key_pem)

    def client(self) -> Client:
        """A blocking client for this sandbox."""
        return self._native.client()

    def async_client(self) -> AsyncClient:
        """An asyncio client for this sandbox."""
        return self._native.async_client()

    def env(self) -> Dict[str, str]:
        """``YOTI_*`` variables that make `Client.from_env()` point at this sandbox."""
        return {
            "YOTI_SDK_ID": self.sdk_id,
            "YOTI_API_KEY": self.api_key,
            "YOTI_POA_TOKEN": self.api_key,
            "YOTI_AVS_URL": self.avs_url,
            "YOTI_POA_URL": self.poa_url,
            "YOTI_AUTH_URL": self.auth_url,
        }

    def complete(
        self,
        session_id: str,
        *,
        age: Optional[int] = None,
        method: Optional[str] = None,
        status: Optional[str] = None,
    ) -> SessionResult:
        """Plays the user: records an attempt (method wire name, e.g. ``AGE_ESTIMATION``;
        status ``COMPLETE``/``FAIL``/``ERROR``, or decided from age and threshold) and sends
        the session's webhook, signed like Yoti's."""
        return self._native.complete(session_id, age=age, method=method, status=status)

    def sign_webhook(
        self,
        *,
        session_key: str,
        state: str = "COMPLETE",
        method: Optional[str] = "AGE_ESTIMATION",
        age: Optional[int] = 18,
        notification_id: Optional[str] = None,
        timestamp: Optional[int] = None,
        **fields: Any,
    ) -> bytes:
        """A webhook body signed with the sandbox's key, exactly as the sandbox sends them."""
        body: Dict[str, Any] = {
            "method": method,
            "result": state == "COMPLETE",
            "age": age,
            "session_key": session_key,
            "id": notification_id or str(uuid.uuid4()),
            "timestamp": int(time.time()) if timestamp is None else timestamp,
            "state": state,
            "sequence_number": 1,
        }
        body.update(fields)
        return self._native.sign_webhook(body)

    def requests(self) -> List[Dict[str, Any]]:
        """The sandbox's request log, oldest first."""
        result: List[Dict[str, Any]] = self._native.requests()
        return result

    def register_client_key(self, sdk_id: str, public_key_pem: str) -> None:
        """Accepts central-auth assertions signed by this key for this SDK id."""
        self._native.register_client_key(sdk_id, public_key_pem)

    def _control(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.base_url}/__sandbox/{path}",
            data=data,
            method=method,
            headers={"content-type": "application/json"},
        )
        with _OPENER.open(request, timeout=10) as response:
            text = response.read()
        return json.loads(text) if text else None

    def add_fault(self, **fault: Any) -> None:
        """Arms a fault for the next matching requests: ``status``, ``retry_after``,
        ``delay_ms``, ``kind`` (``reset``/``malformed``/``truncated``), ``method``, ``path``,
        ``times`` (see the sandbox README)."""
        self._control("POST", "faults", fault)

    def clear_faults(self) -> None:
        """Disarms every fault."""
        self._control("DELETE", "faults")

    def advance_clock(self, seconds: int) -> None:
        """Moves the sandbox clock forward (expires sessions and tokens)."""
        self._control("POST", "clock", {"advance_seconds": seconds})

    def reset(self) -> None:
        """Forgets sessions, tokens, faults and the log; the clock goes back to real time."""
        self._control("POST", "reset")

    def close(self) -> None:
        """Stops the server."""
        self._native.shutdown()

    def __repr__(self) -> str:
        return f"Sandbox(base_url={self.base_url!r}, api_key=***)"


@contextmanager
def sandbox(*, sdk_id: Optional[str] = None, api_key: Optional[str] = None) -> Iterator[Sandbox]:
    """Starts a sandbox for the duration of the ``with`` block."""
    sb = Sandbox.start(sdk_id=sdk_id, api_key=api_key)
    try:
        yield sb
    finally:
        sb.close()


try:
    import pytest as _pytest
except ImportError:  # pragma: no cover - pytest is optional
    pass
else:

    @_pytest.fixture(scope="session")
    def yoti_sandbox() -> Iterator[Sandbox]:
        """A sandbox shared by the test session."""
        with sandbox() as sb:
            yield sb
