"""yoti_age: Yoti Age Verification Service (AVS) and Proof of Age (PoA) client on a Rust core.

`Client` blocks (releasing the GIL); `AsyncClient` returns asyncio awaitables. Importing this
package starts no thread: the runtime starts on the first request.
"""

from __future__ import annotations

from . import _native
from ._config import CentralAuthCredentials, RetryPolicy, SessionConfig, Timeouts
from ._enums import (
    AttemptState,
    Authenticity,
    CheckType,
    Method,
    OpenEnum,
    PoaCheck,
    PoaFailureReason,
    PoaProvider,
    PoaStatus,
    PoaWaitingOn,
    SessionStatus,
    SessionType,
)
from ._native import (
    AsyncClient,
    AvsNotification,
    Callback,
    Client,
    CreatedRule,
    CreatedSession,
    ElectronicIdResult,
    FieldError,
    MethodResult,
    MethodStats,
    PoaAgeResult,
    PoaFailure,
    PoaResult,
    PoaVerification,
    RawResponse,
    SelfieOutcome,
    SessionResult,
    SessionView,
    SummaryStats,
    TimePeriod,
    WebhookVerifier,
    parse_created_session,
    parse_poa_result,
    parse_session_result,
    validate_rule,
    validate_session_config,
    verify_poa_webhook,
)
from .errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    CancelledError,
    ConfigError,
    ConflictError,
    DecodeError,
    InternalError,
    NotFoundError,
    PermissionDeniedError,
    PoaQrStaleError,
    RateLimitError,
    ServerError,
    TimeoutError,
    TokenError,
    TransportError,
    UnprocessableError,
    ValidationError,
    WebhookVerificationError,
    YotiAgeError,
)

__version__: str = _native.__version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    import logging as _logging
    from typing import Any, Union

    logger: _logging.Logger


def __getattr__(name: str) -> Any:
    # `logging` is imported when first needed, not by `import yoti_age` (import time).
    if name == "logger":
        return _logger()
    raise AttributeError(f"module 'yoti_age' has no attribute {name!r}")


def _logger() -> _logging.Logger:
    """The `yoti_age` logger, with a `NullHandler` so it stays silent unless configured."""
    import logging

    log = logging.getLogger("yoti_age")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())
    return log


def enable_logging(level: Union[int, str] = 10) -> None:
    """Forwards the Rust core's `tracing` events at `level` (default `logging.DEBUG`) and above
    to the `yoti_age` logger.

    Off by default. Secrets and bodies are never logged.
    """
    import logging

    _logger()
    numeric = logging.getLevelName(level) if isinstance(level, str) else level
    if not isinstance(numeric, int):
        raise ValueError(f"unknown logging level {level!r}")
    _native.set_log_level(max(1, min(numeric, 50)))


def disable_logging() -> None:
    """Stops forwarding `tracing` events (the default)."""
    _native.set_log_level(0)


#: Every stable error code, in the core's order (the `code` of every `YotiAgeError`).
ERROR_CODES = _native.ERROR_CODES

__all__ = [
    "ERROR_CODES",
    "AsyncClient",
    "Client",
    "CentralAuthCredentials",
    "RetryPolicy",
    "SessionConfig",
    "Timeouts",
    "AttemptState",
    "Authenticity",
    "CheckType",
    "Method",
    "OpenEnum",
    "PoaCheck",
    "PoaFailureReason",
    "PoaProvider",
    "PoaStatus",
    "PoaWaitingOn",
    "SessionStatus",
    "SessionType",
    "AvsNotification",
    "Callback",
    "CreatedRule",
    "CreatedSession",
    "ElectronicIdResult",
    "FieldError",
    "MethodResult",
    "MethodStats",
    "PoaAgeResult",
    "PoaFailure",
    "PoaResult",
    "PoaVerification",
    "RawResponse",
    "SelfieOutcome",
    "SessionResult",
    "SessionView",
    "SummaryStats",
    "TimePeriod",
    "WebhookVerifier",
    "parse_created_session",
    "parse_poa_result",
    "parse_session_result",
    "validate_rule",
    "validate_session_config",
    "verify_poa_webhook",
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "CancelledError",
    "ConfigError",
    "ConflictError",
    "DecodeError",
    "InternalError",
    "NotFoundError",
    "PermissionDeniedError",
    "PoaQrStaleError",
    "RateLimitError",
    "ServerError",
    "TimeoutError",
    "TokenError",
    "TransportError",
    "UnprocessableError",
    "ValidationError",
    "WebhookVerificationError",
    "YotiAgeError",
    "enable_logging",
    "disable_logging",
    "logger",
]
