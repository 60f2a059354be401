"""A synchronous client that calls the ASGI app directly, without a server or its lifespan.

Starlette's TestClient warns about plain httpx (it wants a newer package), and warnings fail
this suite; httpx's own ASGI transport needs nothing more. Each request runs the app in a fresh
event loop, which suits an app whose per-loop state belongs to event streams only.
"""

from __future__ import annotations

from typing import Any

import anyio
import httpx
from starlette.types import ASGIApp

CLIENT_ADDRESS = "192.0.2.10"  # a documentation address: the rate limiter's key


class AppClient:
    def __init__(self, app: ASGIApp, address: str = CLIENT_ADDRESS) -> None:
        self.app = app
        self.address = address
        self.cookies = httpx.Cookies()

    def request(self, method: str, url: str, **options: Any) -> httpx.Response:
        async def call() -> httpx.Response:
            transport = httpx.ASGITransport(
                app=self.app, raise_app_exceptions=False, client=(self.address, 50000)
            )
            async with httpx.AsyncClient(
                transport=transport, base_url="http://walkin.test", cookies=self.cookies
            ) as client:
                response = await client.request(method, url, **options)
                self.cookies = client.cookies
                return response

        return anyio.run(call)

    def get(self, url: str, **options: Any) -> httpx.Response:
        return self.request("GET", url, **options)

    def post(self, url: str, **options: Any) -> httpx.Response:
        return self.request("POST", url, **options)
