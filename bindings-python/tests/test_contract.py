"""What the core decides and Python shows: tests/vectors/contract.json, the error codes, the
method keys and the option defaults, all read from the core."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Dict

import pytest
import yoti_age
from conftest import load_vectors
from yoti_age import _native
from yoti_age.testing import Sandbox

CONTRACT = load_vectors("contract")
UTC = datetime.timezone.utc


@pytest.mark.parametrize("case", CONTRACT["config_json_text"], ids=lambda c: c["name"])
def test_config_json_text(case: Dict[str, Any]) -> None:
    with pytest.raises(yoti_age.YotiAgeError) as caught:
        yoti_age.SessionConfig.from_json(case["text"])
    assert caught.value.code == case["code"]
    got = sorted((f.field, f.rule) for f in caught.value.field_errors)
    assert got == sorted((e["field"], e["rule"]) for e in case["errors"])


def test_terminal_id_in_the_config_is_sent(client: yoti_age.Client, sb: Sandbox) -> None:
    vector = CONTRACT["terminal_id"]
    created = client.create_session(vector["config"])
    assert client.get_result(created.id).terminal_id == vector["expected_terminal_id"]
    from_text = yoti_age.SessionConfig.from_json('{"ttl": 900, "terminal_id": "t-json"}')
    assert from_text["terminal_id"] == "t-json"


@pytest.mark.parametrize("case", CONTRACT["raw_targets"], ids=lambda c: c["name"] or "empty")
def test_raw_targets(case: Dict[str, Any], client: yoti_age.Client, sb: Sandbox) -> None:
    target = case["name"]
    if case.get("resolves_to") == "avs":
        created = client.create_session(yoti_age.SessionConfig.over(ttl=900, age_estimation=18))
        got = client.raw_request("GET", f"sessions/{created.id}", target=target)
        assert got.json()["id"] == created.id
    elif case.get("resolves_to") == "poa":
        scanned = datetime.datetime.now(UTC).isoformat()
        body = {
            "qr": {"value": "sandbox:success:18", "scanned_at": scanned},
            "terminal": {"id": "t"},
        }
        got = client.raw_request("POST", "/poa/v1/verify", target=target, json=body)
        # Reached PoA: a verification answer (on the AVS base this path is a 404).
        assert got.json()["status"] in ("SUCCESS", "FAILURE")
    else:
        before = len(sb.requests())
        with pytest.raises(yoti_age.YotiAgeError) as caught:
            client.raw_request("GET", "sessions", target=target)
        assert caught.value.code == case["code"]
        assert [f.field for f in caught.value.field_errors] == [case["field"]]
        assert len(sb.requests()) == before


@pytest.mark.parametrize("case", CONTRACT["environments"], ids=lambda c: c["name"])
def test_environments(case: Dict[str, Any]) -> None:
    if "avs_base" in case:
        client = yoti_age.Client(sdk_id="sdk", api_key="key", environment=case["name"])
        assert f'avs_url="{case["avs_base"]}"' in repr(client)
    else:
        with pytest.raises(yoti_age.YotiAgeError) as caught:
            yoti_age.Client(sdk_id="sdk", api_key="key", environment=case["name"])
        assert caught.value.code == case["code"]
        assert case["message_contains"] in str(caught.value)


def test_error_codes_come_from_the_core_and_each_has_its_class() -> None:
    codes = yoti_age.ERROR_CODES
    assert codes == _native.ERROR_CODES
    assert len(codes) == len(set(codes)) and "validation" in codes and "internal" in codes
    for code in codes:
        assert f"``{code.split('.')[0]}" in yoti_age.errors.__doc__ or any(
            code in (cls.__doc__ or "")
            or (code.startswith("webhook.") and "webhook.*" in (cls.__doc__ or ""))
            for cls in vars(yoti_age.errors).values()
            if isinstance(cls, type) and issubclass(cls, yoti_age.YotiAgeError)
        ), f"no exception class documents {code}"


def test_method_keys_come_from_the_core() -> None:
    config = yoti_age.SessionConfig.over(ttl=900, cpf=18, singpass=18)
    assert config["cpf"] == {"allowed": True, "threshold": 18}
    assert "cpf" in _native.METHOD_KEYS and "age_estimation" in _native.METHOD_KEYS
    with pytest.raises(TypeError):
        yoti_age.SessionConfig._build("OVER", 900, {"age_estimaton": 18}, {})


def test_option_defaults_are_the_cores(sb: Sandbox) -> None:
    assert yoti_age.Timeouts() == yoti_age.Timeouts(None, None, None)
    assert yoti_age.Timeouts.defaults() == yoti_age.Timeouts(*_native.DEFAULT_TIMEOUTS)
    assert all(v is not None and v > 0 for v in yoti_age.Timeouts.defaults()._fields())
    assert yoti_age.RetryPolicy.defaults() == yoti_age.RetryPolicy(*_native.DEFAULT_RETRY)
    # A field left as None keeps the client's value; the others replace it.
    client = sb.client().with_options(timeouts=yoti_age.Timeouts(total=7.5))
    created = client.create_session(yoti_age.SessionConfig.over(ttl=900, age_estimation=18))
    assert client.get_result(created.id).id == created.id


def test_extra_fields_are_sent_unvalidated(client: yoti_age.Client) -> None:
    config = yoti_age.SessionConfig.over(ttl=900, age_estimation=18)
    config["extra"] = {"a_field_yoti_added": {"x": 1}}
    assert client.create_session(config).id  # accepted (the core's tests check the body)
    config["extra"] = {"ttl": 5}
    with pytest.raises(yoti_age.ValidationError) as caught:
        client.create_session(config)
    assert [(f.field, f.rule) for f in caught.value.field_errors] == [("extra.ttl", "format")]


MODEL_FIELDS = load_vectors("model_fields")


@pytest.mark.parametrize("model", [k for k in MODEL_FIELDS if k != "description"])
def test_every_core_field_is_an_attribute(model: str) -> None:
    cls = getattr(yoti_age, model)
    # The one rename: the API's `type` is `session_type` (a Python builtin otherwise).
    missing = [
        field
        for field in MODEL_FIELDS[model]
        if not hasattr(cls, "session_type" if field == "type" else field)
    ]
    assert missing == [], f"{model} lacks {missing}: add them to its field list in models.rs"


ENUM_VALUES = load_vectors("enum_values")
PY_ENUMS = [
    name
    for name, cls in vars(yoti_age._enums).items()
    if isinstance(cls, type) and issubclass(cls, yoti_age.OpenEnum) and cls is not yoti_age.OpenEnum
]


@pytest.mark.parametrize("name", PY_ENUMS)
def test_python_enums_list_the_cores_values(name: str) -> None:
    assert name in ENUM_VALUES, f"{name} is not an open enum of the core"
    assert [m.value for m in getattr(yoti_age, name)] == ENUM_VALUES[name]


@pytest.mark.parametrize("case", CONTRACT["poa_requests"], ids=lambda c: c["name"])
def test_poa_requests(case: Dict[str, Any], client: yoti_age.Client, sb: Sandbox) -> None:
    r = case["request"]
    call = lambda: client.poa_verify(  # noqa: E731
        f"{r['qr']}:py-{uuid.uuid4()}",
        terminal_id=r["terminal_id"],
        store_id=r.get("store_id"),
        notification=r.get("notification"),
    )
    if "errors" in case:
        before = len(sb.requests())
        with pytest.raises(yoti_age.YotiAgeError) as caught:
            call()
        assert caught.value.code == case["code"]
        got = sorted((f.field, f.rule) for f in caught.value.field_errors)
        assert got == sorted((e["field"], e["rule"]) for e in case["errors"])
        assert len(sb.requests()) == before
    else:
        verification = call()
        assert verification.result is not None
        assert verification.result.status == case["status"]


@pytest.mark.parametrize("case", CONTRACT["credentials"], ids=lambda c: c["name"])
def test_credentials_are_trimmed_or_refused(case: Dict[str, Any], sb: Sandbox) -> None:
    build = lambda: yoti_age.Client(  # noqa: E731
        sdk_id=sb.sdk_id + case.get("sdk_id_suffix", ""),
        api_key=sb.api_key + case.get("api_key_suffix", ""),
        avs_url=sb.avs_url,
    )
    if case.get("works"):
        created = build().create_session(yoti_age.SessionConfig.over(ttl=900, age_estimation=18))
        assert created.id
    else:
        with pytest.raises(yoti_age.YotiAgeError) as caught:
            build()
        assert caught.value.code == case["code"]
        assert case["message_contains"] in str(caught.value)
        assert "X-Injected" not in str(caught.value)


@pytest.mark.parametrize("case", CONTRACT["path_ids"], ids=lambda c: c["name"])
def test_path_ids(case: Dict[str, Any], client: yoti_age.Client, sb: Sandbox) -> None:
    before = len(sb.requests())
    with pytest.raises(yoti_age.YotiAgeError) as caught:
        client.get_result(case["id"])
    if "code" in case:
        assert caught.value.code == case["code"]
        assert [f.field for f in caught.value.field_errors] == [case["field"]]
        assert len(sb.requests()) == before
    else:
        assert caught.value.code == case["sent_code"]


@pytest.mark.parametrize("case", CONTRACT["terminal_ids"], ids=lambda c: c["name"])
def test_terminal_ids(case: Dict[str, Any], client: yoti_age.Client, sb: Sandbox) -> None:
    config = yoti_age.SessionConfig.over(ttl=900, age_estimation=18)
    before = len(sb.requests())
    with pytest.raises(yoti_age.YotiAgeError) as caught:
        client.create_session(config, terminal_id=case["terminal_id"])
    assert caught.value.code == case["code"]
    assert [f.field for f in caught.value.field_errors] == [case["field"]]
    assert len(sb.requests()) == before
