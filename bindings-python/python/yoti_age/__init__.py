"""yoti_age: Yoti Age Verification Service (AVS) and Proof of Age (PoA) client on a Rust core.

`Client` blocks (releasing the GIL); `AsyncClient` returns asyncio awaitables. Importing this
package starts no thread: the runtime starts on the first request.
"""

from __future__ import annotations

import logging as _logging
from typing import Union

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

logger = _logging.getLogger("yoti_age")
logger.addHandler(_logging.NullHandler())


def enable_logging(level: Union[int, str] = _logging.DEBUG) -> None:
    """Forwards the Rust core's `tracing` events at `level` and above to the `yoti_age` logger.

    Off by default. Secrets and bodies are never logged.
    """
    numeric = _logging.getLevelName(level) if isinstance(level, str) else level
    if not isinstance(numeric, int):
        raise ValueError(f"unknown logging level {level!r}")
    _native.set_log_level(max(1, min(numeric, 50)))


def disable_logging() -> None:
    """Stops forwarding `tracing` events (the default)."""
    _native.set_log_level(0)


__all__ = [
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
