"""Client options and the session-config helper. Values are checked by the Rust core."""

from __future__ import annotations

from . import _native

# `typing` is for the type checker only: not importing it keeps `import yoti_age` fast.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Mapping, Optional, Tuple, Union

    MethodSpec = Union[int, Mapping[str, Any], None]


class _Options:
    """Immutable options: `==`, `hash` and `repr` over the fields named in `__slots__`."""

    __slots__: Tuple[str, ...] = ()

    def _fields(self) -> Tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; make a new one")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Options)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((type(self), self._fields()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"


class Timeouts(_Options):
    """Timeouts in seconds; a field left as None keeps the client's value.

    A new client starts from the core's defaults (docs/yoti-api.md, Project decision 13):
    `Timeouts.defaults()` shows them.
    """

    __slots__ = ("connect", "per_attempt", "total")
    connect: Optional[float]
    per_attempt: Optional[float]
    total: Optional[float]

    def __init__(
        self,
        connect: Optional[float] = None,
        per_attempt: Optional[float] = None,
        total: Optional[float] = None,
    ):
        object.__setattr__(self, "connect", connect)
        object.__setattr__(self, "per_attempt", per_attempt)
        object.__setattr__(self, "total", total)

    @classmethod
    def defaults(cls) -> Timeouts:
        """The core's defaults, every field set."""
        return cls(*_native.DEFAULT_TIMEOUTS)


class RetryPolicy(_Options):
    """Full-jitter exponential backoff for GETs: `max_retries` retries, `base`/`cap` seconds.

    A field left as None keeps the client's value; `RetryPolicy.defaults()` shows the core's.
    """

    __slots__ = ("max_retries", "base", "cap")
    max_retries: Optional[int]
    base: Optional[float]
    cap: Optional[float]

    def __init__(
        self,
        max_retries: Optional[int] = None,
        base: Optional[float] = None,
        cap: Optional[float] = None,
    ):
        object.__setattr__(self, "max_retries", max_retries)
        object.__setattr__(self, "base", base)
        object.__setattr__(self, "cap", cap)

    @classmethod
    def defaults(cls) -> RetryPolicy:
        """The core's defaults, every field set."""
        return cls(*_native.DEFAULT_RETRY)

    @classmethod
    def none(cls) -> RetryPolicy:
        """No retries at all."""
        return cls(max_retries=0)


class CentralAuthCredentials(_Options):
    """Central-auth (OAuth) credentials: the service's RSA private key PEM and the scope.

    The key never appears in `repr`.
    """

    __slots__ = ("private_key_pem", "scope", "sdk_id")
    private_key_pem: str
    scope: str
    sdk_id: Optional[str]

    def __init__(self, private_key_pem: str, scope: str, sdk_id: Optional[str] = None):
        object.__setattr__(self, "private_key_pem", private_key_pem)
        object.__setattr__(self, "scope", scope)
        object.__setattr__(self, "sdk_id", sdk_id)

    def __repr__(self) -> str:
        return (
            f"CentralAuthCredentials(private_key_pem=***, scope={self.scope!r}, "
            f"sdk_id={self.sdk_id!r})"
        )


_METHODS = _native.METHOD_KEYS


class SessionConfig(dict):  # type: ignore[type-arg]
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

    @classmethod
    def from_json(cls, text: str) -> SessionConfig:
        """Reads a config from JSON text as every language does: bad JSON and unknown keys
        raise `ValidationError` (rules ``format`` and ``unknown_field``, with their paths)."""
        return cls(_native.session_config_from_json(text))

    def validate(self) -> None:
        """Raises `ValidationError` listing every failure (checked by the Rust core)."""
        _native.validate_session_config(self)
