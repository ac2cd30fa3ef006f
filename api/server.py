"""Serving over HTTP: uvicorn, bounded against clients that hold connections open.

uvicorn bounds an idle keep-alive connection (`timeout_keep_alive`) and, with
`limit_concurrency`, the requests in progress, but not the time a client may take to send a
request's headers: a client opening thousands of connections and sending half a header each
("slowloris") would hold them all. `protocol(settings)` is uvicorn's HTTP protocol with two
bounds added:

- a request's headers must arrive within `header_timeout` seconds of the connection opening
  (or of the first byte of the next request on a kept-alive connection), or it is closed;
- beyond `max_connections` open connections, a new one is closed at once.

`disrupt serve` passes these to uvicorn (`server_options`). Behind a TLS-terminating proxy the
proxy's own limits apply first (README, "Deploying for a force").
"""

from __future__ import annotations

import asyncio
from typing import Any

from api.settings import Settings


class HeaderDeadline:
    """Mixed into a uvicorn HTTP protocol class (h11 or httptools): see the module's docstring."""

    header_timeout: float = 10.0
    max_connections: int = 1000
    connections: set[Any]
    cycle: Any
    transport: asyncio.Transport
    loop: asyncio.AbstractEventLoop
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        if len(self.connections) > self.max_connections:
            transport.close()
            return
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self._awaiting_headers():
            self._arm()  # the next request on a kept-alive connection
        super().data_received(data)  # type: ignore[misc]
        if not self._awaiting_headers():
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)  # type: ignore[misc]

    def _awaiting_headers(self) -> bool:
        return self.cycle is None or bool(self.cycle.response_complete)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self._awaiting_headers() and not self.transport.is_closing():
            self.transport.close()


def protocol(settings: Settings) -> type:
    """uvicorn's fastest available HTTP protocol, with the header deadline and connection cap."""
    base: type
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        base = HttpToolsProtocol
    except ImportError:  # httptools is optional: h11 is always there
        from uvicorn.protocols.http.h11_impl import H11Protocol

        base = H11Protocol
    return type(f"Bounded{base.__name__}", (HeaderDeadline, base), {
        "header_timeout": settings.header_timeout,
        "max_connections": settings.max_connections,
    })


def server_options(settings: Settings) -> dict[str, Any]:
    """The uvicorn options `disrupt serve` runs with."""
    return {
        "http": protocol(settings),
        "limit_concurrency": settings.max_connections,  # requests in progress beyond: 503
        "timeout_keep_alive": 5,
        "h11_max_incomplete_event_size": 16 * 1024,  # a request line and headers: at most 16 KiB
        "access_log": False,  # the service's own access log never records paths' queries or bodies
        "server_header": False,
        "proxy_headers": False,
        "log_level": "info",
    }
