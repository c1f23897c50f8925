"""The app over a small campaign warehouse, an ASGI client and a live loopback server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import anyio
import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from impactlytics.campaigns.tests.conftest import campaign_warehouse
from impactlytics.serve import create_app
from impactlytics.testing.dbt_project import ScratchWarehouse


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> ScratchWarehouse:
    """The campaign domain at small scale, shared with the campaigns tests."""
    return campaign_warehouse(tmp_path_factory)


@pytest.fixture(scope="session")
def app(warehouse) -> FastAPI:
    return create_app(warehouse.db_path)


class AsgiClient:
    """Synchronous calls through httpx's ASGI transport: the app in-process, no socket."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                return await client.request(method, url, **kwargs)

        return anyio.run(send)

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)


@pytest.fixture(scope="session")
def client(app) -> AsgiClient:
    return AsgiClient(app)


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    """The app served by uvicorn on an ephemeral loopback port, in a background thread."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
