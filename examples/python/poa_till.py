"""Proof of Age at a till: verify a scanned QR code; wait when the answer is pending."""

from __future__ import annotations

import yoti_age
from yoti_age.testing import sandbox


def check(client: yoti_age.Client, qr: str) -> str:
    verification = client.poa_verify(qr, terminal_id="till-7", store_id="store-1")
    result = verification.result
    if verification.is_pending:
        result = client.poa_wait(result.id, timeout=30, initial_interval=0.2)
    if result.status is yoti_age.PoaStatus.SUCCESS:
        return f"OK: over {result.age_over}"
    if result.status is yoti_age.PoaStatus.FAILURE:
        return f"refused: {result.failure_reason}"
    return f"still {result.status}"


def main() -> None:
    with sandbox() as sb:
        client = sb.client()
        for qr in (
            "sandbox:success:18",
            "sandbox:failure:PRESENTATION_EXPIRED",
            "sandbox:pending:1",
        ):
            print(qr, "->", check(client, qr))


if __name__ == "__main__":
    main()
