"""Running the app under uvicorn, with a ready line that scripts and tests can wait for.

Ready signal: once the socket listens, one line goes to stdout and is flushed:

    walkin web: serving on http://HOST:PORT/

Listening on every interface (the default), HOST is the PC's first LAN address (not 0.0.0.0),
and a line "walkin web: also on ..." follows for each other one (`web.addresses`). With
`--port 0` the system picks a free port, and that line names it. On Ctrl+C or SIGTERM the open
event streams are ended cleanly first (browsers reconnect by themselves), then the server stops;
the process then exits as Ctrl+C does (130).
"""

from __future__ import annotations

import logging
import socket
import sys

import uvicorn
from starlette.applications import Starlette

from db.errors import UserError
from web.addresses import reachable_urls
from web.connections import BACKLOG, ConnectionGuard, ConnectionLimits, fit_open_file_limit
from web.guarded_protocol import guarded_protocol
from web.hub import Hub
from web.responses import WebState

log = logging.getLogger(__name__)

READY_PREFIX = "walkin web: serving on "
GRACEFUL_SHUTDOWN_S = 3  # after this, requests still running are cut


class CannotListen(UserError):
    """The address is taken, not ours, or not an address."""


class Server(uvicorn.Server):
    """uvicorn on a socket bound beforehand; ends the app's event streams when stopping."""

    def __init__(
        self, config: uvicorn.Config, sock: socket.socket, hub: Hub, *, announce: bool
    ) -> None:
        super().__init__(config)
        self.sock = sock
        self._hub = hub
        self._announce = announce

    @property
    def port(self) -> int:
        port: int = self.sock.getsockname()[1]
        return port

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self._announce and not self.should_exit:
            first, *others = reachable_urls(self.sock.getsockname()[0], self.port)
            lines = [f"{READY_PREFIX}{first}", *(f"walkin web: also on {url}" for url in others)]
            sys.stdout.write("\n".join(lines) + "\n")
            sys.stdout.flush()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._hub.close_streams()
        await super().shutdown(sockets)

    def run_on_socket(self) -> None:
        with self.sock:
            self.run(sockets=[self.sock])


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound socket (binding here gives a clear error, and the real port for port 0)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
    except OSError as error:
        raise CannotListen(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as error:
        sock.close()
        raise CannotListen(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return sock


def build_server(
    app: Starlette,
    host: str,
    port: int,
    *,
    trust_proxy: str | None = None,
    announce: bool = True,
    connections: ConnectionLimits | None = None,
) -> Server:
    """A server for an app of `web.app.create_app`. Tokens are in the paths: no access log."""
    limits = fit_open_file_limit(connections or ConnectionLimits())
    log.info(
        "up to %d connections, %d per address; a request must arrive within %g s",
        limits.max_connections,
        limits.per_client,
        limits.request_timeout,
    )
    exempt = frozenset([trust_proxy]) if trust_proxy else frozenset()
    config = uvicorn.Config(
        app,
        http=guarded_protocol(ConnectionGuard(limits, exempt=exempt)),
        timeout_keep_alive=limits.keep_alive_timeout,
        backlog=BACKLOG,
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=trust_proxy is not None,
        forwarded_allow_ips=trust_proxy or "",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
        lifespan="on",
    )
    state: WebState = app.state.web
    return Server(config, listening_socket(host, port), state.hub, announce=announce)


def serve(
    app: Starlette,
    host: str,
    port: int,
    *,
    trust_proxy: str | None = None,
    connections: ConnectionLimits | None = None,
) -> None:
    """Serve until Ctrl+C or SIGTERM."""
    build_server(app, host, port, trust_proxy=trust_proxy, connections=connections).run_on_socket()
