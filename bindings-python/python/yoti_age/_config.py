"""Client options and the session-config helper. Values are checked by the Rust core."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Union

from . import _native

MethodSpec = Union[int, Mapping[str, Any], None]


@dataclass(frozen=True)
class Timeouts:
    """Timeouts in seconds (Project decision 13): connect 5, per attempt 30, total 60."""

    connect: float = 5.0
    per_attempt: float = 30.0
    total: float = 60.0


@dataclass(frozen=True)
class RetryPolicy:
    """Full-jitter exponential backoff for GETs: `max_retries` retries, `base`/`cap` seconds."""

    max_retries: int = 2
    base: float = 0.5
    cap: float = 8.0

    @classmethod
    def none(cls) -> RetryPolicy:
        """No retries at all."""
        return cls(max_retries=0)


@dataclass(frozen=True)
class CentralAuthCredentials:
    """Central-auth (OAuth) credentials: the service's RSA private key PEM and the scope.

    The key never appears in `repr`.
    """

    private_key_pem: str = field(repr=False)
    scope: str
    sdk_id: Optional[str] = None

    def __repr__(self) -> str:
        return (
            f"CentralAuthCredentials(private_key_pem=***, scope={self.scope!r}, "
            f"sdk_id={self.sdk_id!r})"
        )


_METHODS = (
    "age_estimation",
    "digital_id",
    "doc_scan",
    "credit_card",
    "mobile",
    "yoti_key",
    "age_key",
    "login",
    "electronic_id",
    "la_wallet",
    "social_security_number",
    "us_florida_hb3",
    "double_anonymity",
    "singpass",
    "cpf",
)


class SessionConfig(Dict[str, Any]):
    """A session config in the API's JSON shape (a plain `dict`), with small builders.

    >>> SessionConfig.over(ttl=900, age_estimation=18, digital_id=18)
    {'type': 'OVER', 'ttl': 900, 'age_estimation': {'allowed': True, 'threshold': 18}, ...}

    Method arguments take a threshold (`int`) or a full method object (`dict`). Any other
    top-level field of the API goes through `**fields`. Validation happens in the Rust core
    (`validate()`, and again on `create_session`).
    """

    @classmethod
    def _build(
        cls,
        session_type: str,
        ttl: Optional[int],
        methods: Mapping[str, MethodSpec],
        fields: Mapping[str, Any],
    ) -> SessionConfig:
        config = cls(type=session_type)
        if ttl is not None:
            config["ttl"] = ttl
        for name, spec in methods.items():
            if spec is None:
                continue
            if name not in _METHODS:
                raise TypeError(f"unknown method {name!r}")
            if isinstance(spec, bool):
                raise TypeError(f"{name}: give a threshold or a method dict")
            config[name] = (
                {"allowed": True, "threshold": spec} if isinstance(spec, int) else dict(spec)
            )
        for key, value in fields.items():
            if value is not None:
                config[key] = value
        return config

    @classmethod
    def over(cls, *, ttl: Optional[int] = None, **kwargs: Any) -> SessionConfig:
        """An OVER session: the user must be at least each method's threshold."""
        methods = {k: kwargs.pop(k) for k in list(kwargs) if k in _METHODS}
        return cls._build("OVER", ttl, methods, kwargs)

    @classmethod
    def under(cls, *, ttl: Optional[int] = None, **kwargs: Any) -> SessionConfig:
        """An UNDER session: the user must be under each method's threshold."""
        methods = {k: kwargs.pop(k) for k in list(kwargs) if k in _METHODS}
        return cls._build("UNDER", ttl, methods, kwargs)

    @classmethod
    def age(cls, *, ttl: Optional[int] = None, **kwargs: Any) -> SessionConfig:
        """An AGE session: the age found is returned, with no comparison."""
        methods = {k: kwargs.pop(k) for k in list(kwargs) if k in _METHODS}
        return cls._build("AGE", ttl, methods, kwargs)

    def validate(self) -> None:
        """Raises `ValidationError` listing every failure (checked by the Rust core)."""
        _native.validate_session_config(self)
