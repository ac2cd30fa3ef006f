"""The server bounds slow and numerous clients: a half-sent header is cut off after the
header timeout, and connections beyond the cap are closed at once. Loopback only, bounded."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from api.server import protocol, server_options
from api.settings import Settings


async def hello(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, int]]:
    settings = Settings(header_timeout=0.5, max_connections=getattr(request, "param", 50))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    options = {**server_options(settings), "log_level": "warning", "lifespan": "off"}
    server = uvicorn.Server(uvicorn.Config(hello, **options))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[listener])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    try:
        yield listener.getsockname()
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes `sock` within `seconds` (reads EOF or a reset)."""
    sock.settimeout(seconds)
    try:
        while sock.recv(1024):
            pass
        return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def answered(sock: socket.socket) -> bytes:
    """One whole response of `hello`."""
    data = b""
    while not data.endswith(b"\r\n\r\nok"):
        chunk = sock.recv(1024)
        if not chunk:
            break
        data += chunk
    return data


def test_half_sent_headers_are_cut_off_after_the_header_timeout(server: tuple[str, int]) -> None:
    slow = []
    for _ in range(30):
        sock = socket.create_connection(server, timeout=5)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # and never the rest
        slow.append(sock)
    silent = socket.create_connection(server, timeout=5)  # connects, says nothing
    started = time.monotonic()
    assert all(closed_within(sock, 5) for sock in [*slow, silent])
    assert time.monotonic() - started < 4, "cut off at about the 0.5 s header timeout"
    with socket.create_connection(server, timeout=5) as ok:  # a prompt client is served
        ok.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert answered(ok).startswith(b"HTTP/1.1 200")
        time.sleep(1.0)  # idle past the header timeout between requests: that is keep-alive's to bound
        ok.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert answered(ok).startswith(b"HTTP/1.1 200")
    for sock in [*slow, silent]:
        sock.close()


@pytest.mark.parametrize("server", [5], indirect=True)
def test_connections_beyond_the_cap_are_closed_at_once(server: tuple[str, int]) -> None:
    held = [socket.create_connection(server, timeout=5) for _ in range(5)]
    time.sleep(0.1)
    extra = [socket.create_connection(server, timeout=5) for _ in range(5)]
    assert all(closed_within(sock, 0.3) for sock in extra), "over the cap: closed before any header timeout"
    assert not any(closed_within(sock, 0.05) for sock in held), "the first five are still open"
    for sock in held + extra:
        sock.close()


def test_serve_runs_uvicorn_with_the_bounds() -> None:
    options = server_options(Settings(header_timeout=3, max_connections=200))
    assert issubclass(options["http"], protocol(Settings()).__mro__[1])
    assert (options["http"].header_timeout, options["http"].max_connections) == (3, 200)
    assert options["limit_concurrency"] == 200
