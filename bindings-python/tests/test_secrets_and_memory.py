"""Secrets never print (canary), and memory stays flat over 10,000 calls."""

from __future__ import annotations

import gc
import logging
import resource
import tracemalloc

import pytest
import yoti_age
from yoti_age.testing import Sandbox

CANARY = "canary-api-key-3b9f1c"
PEM_CANARY = "-----BEGIN PRIVATE KEY-----\ncanary-private-key-77\n-----END PRIVATE KEY-----\n"


def test_secret_canary(sb: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="yoti_age")
    yoti_age.enable_logging("DEBUG")
    seen = []
    try:
        client = yoti_age.Client(
            sdk_id=sb.sdk_id, api_key=CANARY, avs_url=sb.avs_url, poa_token=CANARY + "-poa"
        )
        aclient = yoti_age.AsyncClient(sdk_id=sb.sdk_id, api_key=CANARY, avs_url=sb.avs_url)
        seen += [repr(client), str(client), repr(aclient), repr(sb), repr(sb.client())]
        with pytest.raises(yoti_age.PermissionDeniedError) as caught:
            client.create_session(yoti_age.SessionConfig.over(ttl=900, age_estimation=18))
        seen += [repr(caught.value), str(caught.value), repr(caught.value.__dict__)]
        creds = yoti_age.CentralAuthCredentials(private_key_pem=PEM_CANARY, scope="s")
        seen.append(repr(creds))
        with pytest.raises(yoti_age.YotiAgeError) as bad_key:
            yoti_age.Client(
                sdk_id=sb.sdk_id, central_auth=creds, avs_url=sb.avs_url, auth_url=sb.auth_url
            )
        seen += [repr(bad_key.value), str(bad_key.value)]
    finally:
        yoti_age.disable_logging()
    seen += [r.getMessage() for r in caplog.records]
    text = "\n".join(seen)
    assert "***" in text
    assert CANARY not in text
    assert "canary-private-key-77" not in text
    assert sb.api_key not in text


def rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def test_memory_is_flat_over_10000_calls(sb: Sandbox, client: yoti_age.Client) -> None:
    created = client.create_session(yoti_age.SessionConfig.over(ttl=3600, age_estimation=18))
    sb.complete(created.id, age=30)

    def burst(n: int) -> None:
        for _ in range(n):
            result = client.get_result(created.id)
            result.to_dict()
            _ = (result.status, result.created_at, result.age_estimation, result.raw)
        with pytest.raises(yoti_age.NotFoundError):
            client.get_result("missing")

    burst(1_000)  # warm-up: pools, caches, interned enum members
    gc.collect()
    tracemalloc.start()
    baseline_traced = tracemalloc.get_traced_memory()[0]
    rss_before = rss_kib()
    burst(10_000)
    gc.collect()
    traced_growth = tracemalloc.get_traced_memory()[0] - baseline_traced
    tracemalloc.stop()
    rss_growth_kib = rss_kib() - rss_before
    # Generous bounds: a leak of even 1 KiB per call would be 10 MB here.
    assert traced_growth < 1_000_000, traced_growth
    assert rss_growth_kib < 20_000, rss_growth_kib
