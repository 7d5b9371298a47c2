"""Ctrl-C stops a blocking call: a real SIGINT against a loopback server that accepts the
connection and never answers raises KeyboardInterrupt in the caller and drops the request
(the server sees the connection closed while the caller is still running)."""

from __future__ import annotations

import select
import signal
import socket
import subprocess
import sys
import textwrap

import pytest

CHILD = textwrap.dedent(
    """
    import sys, time
    import yoti_age

    port, call = int(sys.argv[1]), sys.argv[2]
    # Timeouts far longer than the test's patience: only the interrupt can end the call.
    client = yoti_age.Client(
        sdk_id="sdk",
        api_key="key",
        avs_url=f"http://127.0.0.1:{port}/api/v1",
        timeouts=yoti_age.Timeouts(per_attempt=3600, total=3600),
    )
    try:
        if call == "get_result":
            client.get_result("session-1")
        else:
            client.wait_for_result("session-1")
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        time.sleep(5)  # still alive: the server must see the connection closed before exit
        sys.exit(0)
    print("returned", flush=True)
    """
)


@pytest.mark.parametrize("call", ["get_result", "wait_for_result"])
def test_sigint_interrupts_a_blocking_call_and_drops_the_request(call: str) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(30)  # a safety net for a broken build, not a measurement
        port = server.getsockname()[1]
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(port), call],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            connection, _ = server.accept()  # the request is in flight and will never be answered
            with connection:
                connection.settimeout(30)
                child.send_signal(signal.SIGINT)
                assert child.stdout is not None
                # Safety net only (the interrupt takes about 50 ms): without it, the call would
                # wait for its hour-long timeout.
                ready, _, _ = select.select([child.stdout], [], [], 30)
                assert ready, "SIGINT did not interrupt the blocking call"
                assert child.stdout.readline().strip() == "interrupted"
                # The Rust request was dropped: its connection closes while the child sleeps.
                while connection.recv(4096):
                    pass
                assert child.poll() is None, "the connection closed only because the child exited"
        finally:
            child.kill()
            _, stderr = child.communicate(timeout=30)
        assert "Traceback" not in stderr, stderr
