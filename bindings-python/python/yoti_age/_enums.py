"""String enums read from responses. Unknown values are kept, never an error: they become
pseudo-members whose `is_known` is False and whose value is the raw string (Project decision 8,
docs/yoti-api.md).
"""

from __future__ import annotations

import enum

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Optional


class OpenEnum(str, enum.Enum):
    """A `str` enum that keeps values this version does not know."""

    @classmethod
    def _missing_(cls, value: object) -> Optional[Any]:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "OTHER"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value this version does not know (kept as received)."""
        return self._name_ != "OTHER"

    @property
    def other(self) -> Optional[str]:
        """The raw string of an unknown value; None for known members."""
        return None if self.is_known else str(self.value)

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        if self.is_known:
            return f"<{type(self).__name__}.{self._name_}>"
        return f"<{type(self).__name__}.OTHER: {self.value!r}>"


class SessionType(OpenEnum):
    """What a session checks: a threshold (`OVER`, `UNDER`) or the age itself (`AGE`)."""

    OVER = "OVER"
    """The user must be at least the method's threshold."""
    UNDER = "UNDER"
    """The user must be under the method's threshold."""
    AGE = "AGE"
    """Return the age found, with no comparison."""


class SessionStatus(OpenEnum):
    """Session status (docs/yoti-api.md §5.4).

    `IN PROGRESS` and `INSUFFICENT_DATA` are read as their correctly spelt forms.
    """

    PENDING = "PENDING"
    """The user has not started any check."""
    IN_PROGRESS = "IN_PROGRESS"
    """Checks have started; no result yet."""
    COMPLETE = "COMPLETE"
    """Passed the threshold, or an age was returned."""
    FAIL = "FAIL"
    """Did not meet the threshold."""
    ERROR = "ERROR"
    """No age could be determined."""
    CANCELLED = "CANCELLED"
    """The user gave up."""
    EXPIRED = "EXPIRED"
    """The ttl ran out."""
    INSUFFICIENT_DATA = "INSUFFICIENT_DATA"
    """Email check without enough data (create response only)."""


class Method(OpenEnum):
    """The method that produced an outcome (docs/yoti-api.md §5.3).

    Undocumented names follow the method object names in upper case.
    """

    AGE_ESTIMATION = "AGE_ESTIMATION"
    """Facial age estimation."""
    DIGITAL_ID = "DIGITAL_ID"
    """Yoti Digital ID app."""
    DOC_SCAN = "DOC_SCAN"
    """Identity document scan."""
    CREDIT_CARD = "CREDIT_CARD"
    """Credit card check."""
    MOBILE = "MOBILE"
    """Mobile network check."""
    YOTI_KEY = "YOTI_KEY"
    """Reusable Yoti key."""
    AGE_KEY = "AGE_KEY"
    """Age key (double anonymity)."""
    LOGIN = "LOGIN"
    """Legacy age account login."""
    ELECTRONIC_ID = "ELECTRONIC_ID"
    """Nordic electronic ID."""
    LA_WALLET = "LA_WALLET"
    """Louisiana LA Wallet."""
    SOCIAL_SECURITY_NUMBER = "SOCIAL_SECURITY_NUMBER"
    """US social security number."""
    US_FLORIDA_HB3 = "US_FLORIDA_HB3"
    """Florida HB3 US partner check."""
    DOUBLE_ANONYMITY = "DOUBLE_ANONYMITY"
    """Double anonymity method."""
    EMAIL = "EMAIL"
    """Email address check."""
    SINGPASS = "SINGPASS"
    """Singapore Singpass."""
    CPF = "CPF"
    """Brazil CPF."""
    ADDRESS = "ADDRESS"
    """Database (address) check."""


class Authenticity(OpenEnum):
    """Document authenticity check setting of a method."""

    OFF = "OFF"
    """No authenticity check."""
    AUTO = "AUTO"
    """Automatic check."""
    MANUAL = "MANUAL"
    """Manual review."""
    NOT_APPLICABLE = "NOT_APPLICABLE"
    """The method has no authenticity check."""


class PoaStatus(OpenEnum):
    """Status of a PoA verification."""

    SUCCESS = "SUCCESS"
    """The presentation was verified."""
    FAILURE = "FAILURE"
    """The presentation was rejected; see the failure reason."""
    PENDING = "PENDING"
    """Waiting (e.g. for the user's consent)."""


class PoaProvider(OpenEnum):
    """Who issued the credential."""

    YOTI = "YOTI"
    """Yoti Digital ID."""
    GOV_UK = "GOV_UK"
    """GOV.UK."""


class PoaCheck(OpenEnum):
    """Checks performed on a successful presentation."""

    PROVIDER_ON_DVS_REGISTER = "PROVIDER_ON_DVS_REGISTER"
    """The provider is on the DVS register."""
    SIGNATURE_VERIFIED = "SIGNATURE_VERIFIED"
    """The signature was verified."""


class PoaFailureReason(OpenEnum):
    """Why a presentation was rejected."""

    UNABLE_TO_VERIFY_SIGNATURE = "UNABLE_TO_VERIFY_SIGNATURE"
    """The signature could not be verified."""
    PRESENTATION_EXPIRED = "PRESENTATION_EXPIRED"
    """The QR code is older than its validity window."""
    PRESENTATION_ALREADY_USED = "PRESENTATION_ALREADY_USED"
    """The QR code was already used."""
    UNSUPPORTED_PAYLOAD = "UNSUPPORTED_PAYLOAD"
    """The payload is not supported."""
    EXCLUDED_PROVIDER = "EXCLUDED_PROVIDER"
    """The provider is excluded for this account."""
    UNKNOWN_PROVIDER = "UNKNOWN_PROVIDER"
    """The provider is unknown."""
    USER_DID_NOT_CONSENT = "USER_DID_NOT_CONSENT"
    """The user did not consent."""


class PoaWaitingOn(OpenEnum):
    """What a pending verification waits for."""

    USER_CONSENT = "USER_CONSENT"
    """The user's consent."""


class AttemptState(OpenEnum):
    """Outcome of one attempt, as carried by a webhook."""

    COMPLETE = "COMPLETE"
    """The user met the criterion, or an age was found."""
    FAIL = "FAIL"
    """The user did not meet the criterion."""
    ERROR = "ERROR"
    """No age could be determined."""


class CheckType(OpenEnum):
    """The liveness level used by an attempt (`SESSION` is seen from Yoti's sandbox)."""

    NONE = "NONE"
    """No liveness check."""
    PASSIVE = "PASSIVE"
    """Passive liveness."""
    ACTIVE = "ACTIVE"
    """Legacy active liveness."""
    MY_FACE = "MY_FACE"
    """Legacy passive liveness."""
    SESSION = "SESSION"
    """Yoti's sandbox value."""


__all__ = [
    "OpenEnum",
    "SessionType",
    "SessionStatus",
    "Method",
    "Authenticity",
    "PoaStatus",
    "PoaProvider",
    "PoaCheck",
    "PoaFailureReason",
    "PoaWaitingOn",
    "AttemptState",
    "CheckType",
]
