"""A real threaded HTTP server on 127.0.0.1 for the fetch tests: routes answer with a status,
headers and a body that may arrive late or in slow chunks; it counts requests in flight per
Host header so tests can check the per-host limit."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from checker.config import FetchConfig
from checker.sources.fetch import FetchResult
from checker.sources.netsafety import Resolver


@dataclass
class Reply:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    chunk_delay: float = 0.0  # seconds between body chunks


Route = Reply | Callable[["Handler"], Reply]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LocalServer

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        srv = self.server
        host = (self.headers.get("Host") or "").split(":")[0]
        with srv.lock:
            srv.requests.append((host, self.path, dict(self.headers)))
            srv.active[host] += 1
            srv.peak[host] = max(srv.peak[host], srv.active[host])
            srv.total_active += 1
            srv.total_peak = max(srv.total_peak, srv.total_active)
        try:
            route = srv.routes.get(self.path.split("?")[0], Reply(404, b"no such page"))
            reply = route(self) if callable(route) else route
            self._send(reply)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with srv.lock:
                srv.active[host] -= 1
                srv.total_active -= 1

    def _send(self, reply: Reply) -> None:
        time.sleep(reply.delay)
        self.send_response(reply.status)
        for k, v in reply.headers.items():
            self.send_header(k, v)
        if isinstance(reply.body, bytes):
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
            return
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        for chunk in reply.body:
            self.wfile.write(chunk)
            self.wfile.flush()
            time.sleep(reply.chunk_delay)


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1") -> None:
        super().__init__((host, 0), Handler)
        self.routes: dict[str, Route] = {}
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.active: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.total_active = self.total_peak = 0
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, reply: Route) -> str:
        self.routes[path] = reply
        return self.url(path)

    def hits(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [h for _, p, h in self.requests if p.split("?")[0] == path]

    def reset_counts(self) -> None:
        with self.lock:
            self.peak.clear()
            self.total_peak = 0

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def fetch_config(**changes: Any) -> FetchConfig:
    """Fetch settings for tests: loopback allowed, no retries, short time-outs."""
    base: dict[str, Any] = dict(
        allow_private_addresses=True,
        retries=0,
        backoff=0.01,
        timeout_connect=2.0,
        timeout_read=2.0,
        timeout_total=5.0,
        archive_url="",
    )
    return FetchConfig(**{**base, **changes})


def fetch(url: str, resolver: Resolver | None = None, **changes: Any) -> FetchResult:
    """One fetch with the test settings, from a fresh event loop."""
    import asyncio

    from checker.sources.fetch import Fetcher

    async def run() -> FetchResult:
        async with Fetcher(fetch_config(**changes), resolver) as f:
            return await f.fetch(url)

    return asyncio.run(run())
