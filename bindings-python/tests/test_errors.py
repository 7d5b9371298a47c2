"""Exception classes and attributes, panics, fork safety, import side effects, logging."""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import textwrap

import pytest
import yoti_age
from conftest import png_image
from yoti_age import errors
from yoti_age.testing import Sandbox


def test_hierarchy() -> None:
    subclasses = [
        errors.ValidationError,
        errors.ConfigError,
        errors.BadRequestError,
        errors.AuthenticationError,
        errors.PermissionDeniedError,
        errors.NotFoundError,
        errors.ConflictError,
        errors.UnprocessableError,
        errors.RateLimitError,
        errors.ServerError,
        errors.ApiError,
        errors.TokenError,
        errors.TimeoutError,
        errors.TransportError,
        errors.DecodeError,
        errors.WebhookVerificationError,
        errors.PoaQrStaleError,
        errors.CancelledError,
        errors.InternalError,
    ]
    for cls in subclasses:
        assert issubclass(cls, yoti_age.YotiAgeError), cls
    assert issubclass(yoti_age.ValidationError, ValueError)
    assert issubclass(yoti_age.TimeoutError, TimeoutError)


def test_http_error_attributes(sb: Sandbox, client: yoti_age.Client) -> None:
    sb.add_fault(status=429, retry_after=7, path="/api/v1/sessions/rl/", times=3)
    try:
        with pytest.raises(yoti_age.RateLimitError) as caught:
            client.with_options(retry=yoti_age.RetryPolicy.none()).get_result("rl")
    finally:
        sb.clear_faults()
    error = caught.value
    assert error.code == "rate_limited"
    assert error.status == 429
    assert error.retry_after == 7.0
    assert error.request_id
    assert error.field_errors == ()
    assert "code='rate_limited'" in repr(error)


def test_auth_errors(sb: Sandbox, over18: yoti_age.SessionConfig) -> None:
    wrong_key = yoti_age.Client(sdk_id=sb.sdk_id, api_key="wrong", avs_url=sb.avs_url)
    with pytest.raises(yoti_age.PermissionDeniedError) as forbidden:
        wrong_key.create_session(over18)
    assert forbidden.value.code == "auth.forbidden"
    unknown_sdk = yoti_age.Client(
        sdk_id="00000000-0000-4000-8000-000000000000", api_key=sb.api_key, avs_url=sb.avs_url
    )
    with pytest.raises(yoti_age.AuthenticationError) as unauth:
        unknown_sdk.create_session(over18)
    assert unauth.value.code == "auth.unauthenticated"


def test_conflict_after_expiry(
    sb: Sandbox, client: yoti_age.Client, over18: yoti_age.SessionConfig
) -> None:
    created = client.create_session(over18)
    sb.advance_clock(3600)
    try:
        with pytest.raises(yoti_age.ConflictError) as caught:
            client.upload_selfie(created.id, image=png_image(), secure_token="{}")
        assert caught.value.code == "conflict" and caught.value.status == 409
        assert client.get_result(created.id).status is yoti_age.SessionStatus.EXPIRED
    finally:
        sb.reset()


def test_validation_error_lists_every_field(client: yoti_age.Client) -> None:
    with pytest.raises(yoti_age.ValidationError) as caught:
        client.create_session({"ttl": 10, "age_estimation": {"threshold": 500}})
    fields = {f.field: f for f in caught.value.field_errors}
    assert set(fields) == {"ttl", "age_estimation.threshold"}
    assert fields["ttl"].rule == "range"
    assert fields["ttl"] == yoti_age.FieldError("ttl", "range", fields["ttl"].message)
    with pytest.raises(yoti_age.ValidationError) as shape:
        client.create_session({"ttl": "soon"})
    assert shape.value.field_errors[0].field == "$"
    with pytest.raises(TypeError):
        client.create_session(["not", "a", "mapping"])  # type: ignore[arg-type]


def test_errors_pickle(client: yoti_age.Client) -> None:
    with pytest.raises(yoti_age.NotFoundError) as caught:
        client.get_result("missing-for-pickle")
    clone = pickle.loads(pickle.dumps(caught.value))
    assert type(clone) is yoti_age.NotFoundError
    assert (clone.code, clone.status, clone.request_id) == (
        "not_found",
        404,
        caught.value.request_id,
    )


def test_panic_is_internal_error() -> None:
    with pytest.raises(yoti_age.InternalError) as caught:
        yoti_age._native._panic_for_tests()
    assert caught.value.code == "internal"
    assert isinstance(caught.value, yoti_age.YotiAgeError)


def run_python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_import_starts_no_threads() -> None:
    done = run_python(
        """
        import threading
        before = threading.active_count()
        import os
        tasks_before = len(os.listdir("/proc/self/task"))
        import yoti_age, yoti_age.testing
        assert threading.active_count() == before
        assert len(os.listdir("/proc/self/task")) == tasks_before, os.listdir("/proc/self/task")
        assert not yoti_age._native._runtime_started()
        yoti_age.Client(sdk_id="s", api_key="k")
        assert yoti_age._native._runtime_started()
        print("ok")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_import_is_lean() -> None:
    done = run_python(
        """
        import sys
        import yoti_age
        heavy = {"logging", "asyncio", "json", "yoti_age.testing"} & set(sys.modules)
        assert not heavy, heavy
        assert yoti_age.logger.name == "yoti_age" and "logging" in sys.modules
        print("ok")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_fork_safety(sb: Sandbox) -> None:
    done = run_python(
        """
        import os, sys, warnings
        warnings.simplefilter("ignore", DeprecationWarning)
        import yoti_age
        env = {k: os.environ[k] for k in os.environ if k.startswith("YOTI_")}
        parent = yoti_age.Client.from_env()
        session = parent.create_session(yoti_age.SessionConfig.over(ttl=900, age_estimation=18))
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                parent.get_result(session.id)
                code = 10
            except yoti_age.ConfigError as error:
                if "fork" not in str(error) or error.code != "config":
                    code = 11
            try:
                child = yoti_age.Client.from_env()
                if str(child.get_result(session.id).status) != "PENDING":
                    code = 12
            except Exception as error:
                print("child:", repr(error), file=sys.stderr)
                code = 13
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status))
        print(parent.get_result(session.id).status)
        """,
        env=sb.env(),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "PENDING"], done.stdout + done.stderr


def test_logging_is_silent_by_default_and_bridged_when_enabled(
    client: yoti_age.Client,
    sb: Sandbox,
    caplog: pytest.LogCaptureFixture,
    over18: yoti_age.SessionConfig,
) -> None:
    caplog.set_level(logging.DEBUG, logger="yoti_age")
    client.create_session(over18)
    assert [r for r in caplog.records if r.name == "yoti_age"] == []
    yoti_age.enable_logging(logging.DEBUG)
    try:
        client.create_session(over18)
    finally:
        yoti_age.disable_logging()
    records = [r for r in caplog.records if r.name == "yoti_age"]
    assert records, "no tracing events reached logging"
    text = "\n".join(r.getMessage() for r in records)
    assert sb.api_key not in text
    count = len(records)
    client.create_session(over18)
    assert len([r for r in caplog.records if r.name == "yoti_age"]) == count
