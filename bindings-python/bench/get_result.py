"""`get_result` throughput of yoti_age against the pure-Rust client and Python HTTP clients.

Every contender fetches the same completed session's result from one loopback sandbox (served
by a separate process) and decodes the JSON; yoti_age also validates it into a typed result.
Each runs sequentially and with 32 requests in flight for a fixed time. Run through
`bench/run.sh`, which builds the release wheel and the Rust baseline first.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional

CONCURRENCY = 32


def serve() -> None:
    """Server mode: a sandbox with one completed session; stops when stdin closes."""
    import yoti_age
    from yoti_age.testing import sandbox

    with sandbox() as sb:
        client = sb.client()
        session = client.create_session(yoti_age.SessionConfig.over(ttl=3600, age_estimation=18))
        sb.complete(session.id, age=30)
        print(json.dumps({"env": sb.env(), "session_id": session.id}), flush=True)
        sys.stdin.read()


def timed_sync(call: Callable[[], Any], seconds: float, concurrency: int) -> float:
    """Calls per second of `call` from `concurrency` threads for `seconds`."""
    deadline = time.perf_counter() + seconds
    counts = [0] * concurrency

    def worker(slot: int) -> None:
        while time.perf_counter() < deadline:
            call()
            counts[slot] += 1

    started = time.perf_counter()
    if concurrency == 1:
        worker(0)
    else:
        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(worker, range(concurrency)))
    return sum(counts) / (time.perf_counter() - started)


async def timed_async(
    call: Callable[[], Awaitable[Any]], seconds: float, concurrency: int
) -> float:
    """Calls per second of `call` from `concurrency` tasks for `seconds`."""
    deadline = time.perf_counter() + seconds
    counts = [0] * concurrency

    async def worker(slot: int) -> None:
        while time.perf_counter() < deadline:
            await call()
            counts[slot] += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return sum(counts) / (time.perf_counter() - started)


def rust_baseline(
    binary: str, env: Dict[str, str], session_id: str, seconds: float, n: int
) -> float:
    """The pure-Rust async client (core/examples/get_result_loop.rs)."""
    done = subprocess.run(
        [binary, session_id, str(seconds), str(n)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(done.stdout)["per_second"])


def measure(
    args: argparse.Namespace, env: Dict[str, str], session_id: str
) -> Dict[str, List[float]]:
    """Requests per second per contender: [sequential, 32 in flight]."""
    import aiohttp
    import httpx
    import requests
    import yoti_age

    url = f"{env['YOTI_AVS_URL']}/sessions/{session_id}/result"
    headers = {"Authorization": f"Bearer {env['YOTI_API_KEY']}", "Yoti-SDK-Id": env["YOTI_SDK_ID"]}
    seconds = args.seconds
    table: Dict[str, List[float]] = {}

    def both_sync(name: str, make: Callable[[], Callable[[], Any]]) -> None:
        call = make()
        call()  # warm-up: connection
        table[name] = [timed_sync(call, seconds, 1), timed_sync(call, seconds, CONCURRENCY)]

    def both_async(name: str, make: Callable[[], Any]) -> None:
        async def run() -> List[float]:
            async with make() as call:
                await call()
                return [
                    await timed_async(call, seconds, 1),
                    await timed_async(call, seconds, CONCURRENCY),
                ]

        table[name] = asyncio.run(run())

    if args.rust_bin:
        table["pure Rust client"] = [
            rust_baseline(args.rust_bin, env, session_id, seconds, 1),
            rust_baseline(args.rust_bin, env, session_id, seconds, CONCURRENCY),
        ]

    os.environ.update(env)
    sync_client = yoti_age.Client.from_env()
    both_sync("yoti_age.Client", lambda: lambda: sync_client.get_result(session_id))

    class YotiAsync:
        async def __aenter__(self) -> Callable[[], Awaitable[Any]]:
            client = yoti_age.AsyncClient.from_env()
            return lambda: client.get_result(session_id)

        async def __aexit__(self, *exc: object) -> None:
            return None

    both_async("yoti_age.AsyncClient", YotiAsync)

    httpx_client = httpx.Client(headers=headers, limits=httpx.Limits(max_connections=64))
    both_sync("httpx (sync)", lambda: lambda: httpx_client.get(url).raise_for_status().json())

    session = requests.Session()
    session.headers.update(headers)
    adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=64)
    session.mount("http://", adapter)

    def requests_call() -> Any:
        response = session.get(url)
        response.raise_for_status()
        return response.json()

    both_sync("requests", lambda: requests_call)

    class HttpxAsync:
        async def __aenter__(self) -> Callable[[], Awaitable[Any]]:
            self.client = httpx.AsyncClient(headers=headers)

            async def call() -> Any:
                return (await self.client.get(url)).raise_for_status().json()

            return call

        async def __aexit__(self, *exc: object) -> None:
            await self.client.aclose()

    both_async("httpx (async)", HttpxAsync)

    class Aiohttp:
        async def __aenter__(self) -> Callable[[], Awaitable[Any]]:
            self.session = aiohttp.ClientSession(headers=headers)

            async def call() -> Any:
                async with self.session.get(url) as response:
                    response.raise_for_status()
                    return await response.json()

            return call

        async def __aexit__(self, *exc: object) -> None:
            await self.session.close()

    both_async("aiohttp", Aiohttp)
    return table


def import_time_ms(preload: str = "", runs: int = 15) -> float:
    """Median wall time of `import yoti_age` in a fresh interpreter (interpreter start and the
    `preload` statement excluded)."""
    code = f"{preload or 'pass'}; import time; t = time.perf_counter(); import yoti_age; "
    code += "print(time.perf_counter() - t)"
    samples = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(samples) * 1000


def report(table: Dict[str, List[float]], wheel: Optional[str]) -> None:
    print(f"\n| contender | sequential req/s | {CONCURRENCY} in flight req/s |")
    print("|---|---:|---:|")
    for name, (seq, conc) in table.items():
        print(f"| {name} | {seq:,.0f} | {conc:,.0f} |")

    def ratio(a: str, b: str, column: int) -> str:
        if a in table and b in table:
            return f"{table[a][column] / table[b][column]:.2f}x"
        return "n/a"

    goals = [
        ("Client sequential >= 0.8x pure Rust", "yoti_age.Client", "pure Rust client", 0),
        ("Client sequential >= 4x httpx sync", "yoti_age.Client", "httpx (sync)", 0),
        (f"AsyncClient at {CONCURRENCY} >= 2x aiohttp", "yoti_age.AsyncClient", "aiohttp", 1),
    ]
    print("\n| goal | measured |")
    print("|---|---:|")
    for goal, ours, theirs, column in goals:
        print(f"| {goal} | {ratio(ours, theirs, column)} |")
    if wheel:
        print(f"| wheel <= 5 MB | {os.path.getsize(wheel) / 1e6:.2f} MB |")
    print(f"| import yoti_age <= 5 ms | {import_time_ms():.1f} ms |")
    # `enum` alone is most of it, and any application importing `re` or `logging` has it loaded.
    print(f"| import yoti_age, `enum` already loaded | {import_time_ms('import enum'):.1f} ms |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    parser.add_argument("--rust-bin", help="path to the get_result_loop example binary")
    parser.add_argument("--wheel", help="the wheel whose size to report")
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        ready = json.loads(server.stdout.readline())
        threading.Thread(target=server.wait, daemon=True).start()
        table = measure(args, ready["env"], ready["session_id"])
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=10)
    report(table, args.wheel)


if __name__ == "__main__":
    main()
