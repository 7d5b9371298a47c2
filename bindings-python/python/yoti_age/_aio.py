"""Completion of asyncio futures from the Rust runtime (called on the loop's thread)."""

from __future__ import annotations

import asyncio
from typing import Any


def resolve(future: asyncio.Future[Any], ok: bool, value: Any) -> None:
    """Sets the outcome unless the future was cancelled (or finished) meanwhile."""
    if future.done():
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)
