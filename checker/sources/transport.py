"""An httpx transport whose connections are opened by a guarded network backend.

httpx's own transport takes no network backend, so this one stands in its place through the
public seam (`httpx.AsyncBaseTransport.handle_async_request`) over an httpcore connection pool
that does take one (netsafety.GuardedBackend): every address dialled is checked there. httpcore's
errors are raised as the httpx errors of the same name, as httpx's own transport raises them.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import AsyncIterator, Iterator

import httpcore
import httpx

# httpcore's errors that httpx raises under the same name, most specific first.
_ERRORS = (
    "ConnectTimeout",
    "ReadTimeout",
    "WriteTimeout",
    "PoolTimeout",
    "TimeoutException",
    "ConnectError",
    "ReadError",
    "WriteError",
    "NetworkError",
    "UnsupportedProtocol",
    "LocalProtocolError",
    "RemoteProtocolError",
    "ProtocolError",
    "ProxyError",
)
_MAP: tuple[tuple[type[Exception], type[Exception]], ...] = tuple(
    (getattr(httpcore, name), getattr(httpx, name)) for name in _ERRORS
)


@contextlib.contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        mapped = next((ours for theirs, ours in _MAP if isinstance(exc, theirs)), None)
        if mapped is None:
            raise
        raise mapped(str(exc)) from exc


class _Body(httpx.AsyncByteStream):
    def __init__(self, inner: httpcore.Response) -> None:
        self.inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _as_httpx_errors():
            async for part in self.inner.aiter_stream():
                yield part

    async def aclose(self) -> None:
        with _as_httpx_errors():
            await self.inner.aclose()


class GuardedTransport(httpx.AsyncBaseTransport):
    """Sends each request through an httpcore pool built on the given network backend."""

    def __init__(self, backend: httpcore.AsyncNetworkBackend, tls: ssl.SSLContext, max_connections: int) -> None:
        self.pool = httpcore.AsyncConnectionPool(
            ssl_context=tls,
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            network_backend=backend,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        url = request.url
        sent = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            got = await self.pool.handle_async_request(sent)
        return httpx.Response(got.status, headers=got.headers, stream=_Body(got), extensions=got.extensions)

    async def aclose(self) -> None:
        await self.pool.aclose()
