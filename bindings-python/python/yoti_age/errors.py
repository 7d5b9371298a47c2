"""The exception hierarchy. Every exception carries the stable `code` shared by every language.

Raised by the native module (mapped in one place from the core's error enum); the classes
are plain Python so they can also be caught, subclassed and pickled like any exception.
"""

from __future__ import annotations

import builtins

from ._native import FieldError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional, Tuple

__all__ = [
    "YotiAgeError",
    "ValidationError",
    "ConfigError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableError",
    "RateLimitError",
    "ServerError",
    "ApiError",
    "TokenError",
    "TimeoutError",
    "TransportError",
    "DecodeError",
    "WebhookVerificationError",
    "PoaQrStaleError",
    "CancelledError",
    "InternalError",
    "FieldError",
]


class YotiAgeError(Exception):
    """Base class of every error raised by `yoti_age`.

    Attributes: `code` (stable machine code, e.g. ``"validation"``, ``"auth.forbidden"``),
    `message`, `status` (HTTP status or None), `request_id`, `api_code` (the API's own
    ``error_code``), `field_errors` (tuple of `FieldError`), `retry_after` (seconds or None).
    """

    code: str
    message: str
    status: Optional[int]
    request_id: Optional[str]
    api_code: Optional[str]
    field_errors: Tuple[FieldError, ...]
    retry_after: Optional[float]

    def __init__(
        self,
        message: str,
        *,
        code: str = "internal",
        status: Optional[int] = None,
        request_id: Optional[str] = None,
        api_code: Optional[str] = None,
        field_errors: Tuple[FieldError, ...] = (),
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.request_id = request_id
        self.api_code = api_code
        self.field_errors = tuple(field_errors)
        self.retry_after = retry_after

    def __repr__(self) -> str:
        parts = [repr(self.message), f"code={self.code!r}"]
        if self.status is not None:
            parts.append(f"status={self.status}")
        if self.request_id is not None:
            parts.append(f"request_id={self.request_id!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (
            _rebuild,
            (
                type(self),
                self.message,
                self.code,
                self.status,
                self.request_id,
                self.api_code,
                self.field_errors,
                self.retry_after,
            ),
        )


def _rebuild(  # type: ignore[no-untyped-def]
    cls, message, code, status, request_id, api_code, field_errors, retry_after
):
    return cls(
        message,
        code=code,
        status=status,
        request_id=request_id,
        api_code=api_code,
        field_errors=field_errors,
        retry_after=retry_after,
    )


class ValidationError(YotiAgeError, ValueError):
    """The request failed client-side validation (code ``validation``); nothing was sent."""


class ConfigError(YotiAgeError):
    """Invalid configuration, or a client used after fork() (code ``config``)."""


class BadRequestError(YotiAgeError):
    """HTTP 400 from the server (code ``bad_request``)."""


class AuthenticationError(YotiAgeError):
    """HTTP 401: missing/unknown SDK id or invalid token (code ``auth.unauthenticated``)."""


class PermissionDeniedError(YotiAgeError):
    """HTTP 403: wrong API key or not allowed (code ``auth.forbidden``)."""


class NotFoundError(YotiAgeError):
    """HTTP 404: unknown session or resource (code ``not_found``)."""


class ConflictError(YotiAgeError):
    """HTTP 409: session expired or in the wrong state (code ``conflict``)."""


class UnprocessableError(YotiAgeError):
    """HTTP 422: PoA payload not processable (code ``unprocessable``)."""


class RateLimitError(YotiAgeError):
    """HTTP 429 (code ``rate_limited``); see `retry_after`."""


class ServerError(YotiAgeError):
    """HTTP 5xx (code ``server``)."""


class ApiError(YotiAgeError):
    """Any other non-success HTTP status (code ``api``)."""


class TokenError(YotiAgeError):
    """The central-auth token endpoint refused to issue a token (code ``token``)."""


class TimeoutError(YotiAgeError, builtins.TimeoutError):
    """A connect, per-attempt or total timeout elapsed (code ``timeout``)."""


class TransportError(YotiAgeError):
    """The connection failed: connect, TLS, or broken in flight (code ``transport``)."""


class DecodeError(YotiAgeError):
    """A success response whose body could not be decoded (code ``decode``)."""


class WebhookVerificationError(YotiAgeError):
    """A webhook failed verification or parsing (codes ``webhook.*``)."""


class PoaQrStaleError(YotiAgeError):
    """The PoA QR code is older than its 30 s window; nothing was sent (``poa.qr_stale``)."""


class CancelledError(YotiAgeError):
    """The operation was cancelled (code ``cancelled``)."""


class InternalError(YotiAgeError):
    """A bug inside the SDK, including a caught Rust panic (code ``internal``)."""
