"""Shared fixtures: one in-process sandbox per test session, clients, and the shared vectors."""

from __future__ import annotations

import json
import pathlib
from typing import Any, Dict, Iterator

import pytest
import yoti_age
from yoti_age.testing import Sandbox, sandbox

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"


def load_vectors(name: str) -> Dict[str, Any]:
    """A shared vector file, unchanged."""
    data: Dict[str, Any] = json.loads((VECTORS / f"{name}.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def sb() -> Iterator[Sandbox]:
    with sandbox() as running:
        yield running


@pytest.fixture()
def client(sb: Sandbox) -> yoti_age.Client:
    return sb.client()


@pytest.fixture()
def aclient(sb: Sandbox) -> yoti_age.AsyncClient:
    return sb.async_client()


@pytest.fixture()
def over18() -> yoti_age.SessionConfig:
    return yoti_age.SessionConfig.over(ttl=900, age_estimation=18, digital_id=18)


def png_image(width: int = 400, height: int = 400) -> bytes:
    """An uncompressed RGB PNG the sandbox accepts as a selfie (over 50 KB, at least 300 px)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + bytes([120, 100, 90]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 0))
        + chunk(b"IEND", b"")
    )
