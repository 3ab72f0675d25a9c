"""Fetching URLs politely and defensively (httpx, async).

A global concurrency limit, a per-host limit and a minimum interval per host; retries with
exponential backoff and jitter on connection errors, 5xx and 429 (Retry-After honoured, capped);
connect/read/total time-outs; redirects followed here, one hop at a time, so each hop is counted
and its address checked (netsafety); body and decompressed-size caps. Every failure is a
FetchResult with a category and a reason a person can act on, never an exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import random
import ssl
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from checker import __version__
from checker.config import FetchConfig
from checker.sources.bodies import (
    BadEncoding,
    BodyTooLarge,
    Decoder,
    accept_encoding,
    bot_wall,
    retry_after,
    status_failure,
)
from checker.sources.netsafety import (
    DnsFailure,
    GuardedBackend,
    RefusedAddress,
    Resolver,
    system_resolver,
)
from checker.sources.transport import GuardedTransport

PROJECT_URL = "https://github.com/checker-project/checker"
USER_AGENT = f"checker/{__version__} (source-verification tool; +{PROJECT_URL})"
REDIRECTS = {301, 302, 303, 307, 308}
RETRYABLE = {"connection", "server-error", "rate-limited", "connect-timeout"}


@dataclass(frozen=True)
class FetchResult:
    """One URL's fetch: the bytes and headers, or a failure with its category and reason.

    Categories: not-found, blocked, rate-limited, server-error, http-error, timeout, dns, tls,
    connection, refused-address, redirect, too-large, unsupported-type, bad-url."""

    url: str
    final_url: str = ""
    status: int | None = None
    data: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str = ""
    redirects: tuple[str, ...] = ()
    not_modified: bool = False
    category: str | None = None
    reason: str | None = None
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.category is None

    @property
    def dead(self) -> bool:
        """The page is gone (not merely blocked or slow): worth asking an archive."""
        return self.category in ("not-found", "dns")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _web_host(url: str) -> str | None:
    """The host of an http(s) URL with a valid port, else None."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError when out of range
    except ValueError:
        return None
    return parts.hostname if parts.scheme in ("http", "https") and parts.hostname else None


class _Host:
    def __init__(self, limit: int, client: httpx.AsyncClient) -> None:
        self.slots = asyncio.Semaphore(limit)
        self.lock = asyncio.Lock()
        self.next_at = 0.0
        self.client = client


class Fetcher:
    """Use as `async with Fetcher(config) as f: await f.fetch(url)`."""

    def __init__(self, config: FetchConfig, resolver: Resolver | None = None) -> None:
        self.cfg = config
        self.resolver = resolver or system_resolver
        self._hosts: dict[str, _Host] = {}
        self._global = asyncio.Semaphore(max(1, config.concurrency))
        self._tls: ssl.SSLContext | None = None

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for host in self._hosts.values():
            await host.client.aclose()

    def _dialer(self) -> httpcore.AsyncNetworkBackend:
        """What opens the sockets, under the guard (tests dial a public name on loopback)."""
        return httpcore.AnyIOBackend()

    def _client(self) -> httpx.AsyncClient:
        """A client (connection pool) per host: httpcore's pool slows down badly when one pool
        holds hundreds of connections, and per_host bounds each of these."""
        c = self.cfg
        if self._tls is None:  # one for all hosts: building one costs tens of milliseconds
            import certifi

            self._tls = ssl.create_default_context(cafile=certifi.where())
        backend = GuardedBackend(self._dialer(), self.resolver, c.allow_private_addresses)
        transport = GuardedTransport(backend, self._tls, max(1, c.per_host))
        return httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(c.timeout_read, connect=c.timeout_connect, pool=None),
            headers={
                "User-Agent": c.user_agent or USER_AGENT,
                "Accept-Encoding": accept_encoding(),
                "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,"
                "text/markdown;q=0.9,*/*;q=0.5",
            },
        )

    @asynccontextmanager
    async def _slot(self, host: str) -> AsyncIterator[_Host]:
        """A per-host slot (respecting the minimum interval), then a global one."""
        if host not in self._hosts:
            self._hosts[host] = _Host(max(1, self.cfg.per_host), self._client())
        h = self._hosts[host]
        async with h.slots:
            async with h.lock:
                wait = h.next_at - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                h.next_at = time.monotonic() + self.cfg.min_interval
            async with self._global:
                yield h

    async def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        host = _web_host(url)
        if host is None:
            return FetchResult(
                url,
                category="bad-url",
                reason=f"not an http(s) URL: {url!r}; cite a web page, or use 'file:' for a local copy",
            )
        conditional = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        attempt = 0
        while True:
            attempt += 1
            async with self._slot(host) as slot:
                result, kind, wait = await self._attempt(slot.client, url, conditional)
                if kind == "rate-limited" and wait is not None:
                    slot.next_at = max(slot.next_at, time.monotonic() + min(wait, self.cfg.retry_after_cap))
            if kind not in RETRYABLE or attempt > self.cfg.retries:
                return dataclasses.replace(result, attempts=attempt)
            delay = self.cfg.backoff * 2 ** (attempt - 1) * (0.5 + random.random())
            await asyncio.sleep(min(wait if wait is not None else delay, self.cfg.retry_after_cap))

    async def fetch_all(
        self,
        requests: Iterable[tuple[str, str | None, str | None]],
        on_result: Callable[[FetchResult], None] | None = None,
    ) -> dict[str, FetchResult]:
        """Fetch (url, etag, last_modified) requests concurrently, within the limits."""

        async def one(url: str, etag: str | None, modified: str | None) -> FetchResult:
            result = await self.fetch(url, etag, modified)
            if on_result:
                on_result(result)
            return result

        results = await asyncio.gather(*(one(*r) for r in dict.fromkeys(requests)))
        return {r.url: r for r in results}

    async def _attempt(
        self, client: httpx.AsyncClient, url: str, conditional: Mapping[str, str]
    ) -> tuple[FetchResult, str | None, float | None]:
        """One try: (result, failure kind for the retry policy, seconds the server asked)."""
        c = self.cfg

        def fail(category: str, reason: str, kind: str | None = None) -> tuple[FetchResult, str | None, float | None]:
            return FetchResult(url, category=category, reason=reason, fetched_at=_now()), kind or category, None

        try:
            async with asyncio.timeout(c.timeout_total):
                return await self._follow(client, url, conditional)
        except RefusedAddress as exc:
            return fail("refused-address", str(exc))
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
            return fail("bad-url", f"malformed URL ({exc}); correct it in the claim file")
        except DnsFailure as exc:
            return fail("dns", f"{exc}; check the URL's host name")
        except httpx.ConnectTimeout:
            return fail(
                "timeout", f"no connection within {c.timeout_connect:g} s (fetch.timeout_connect)", "connect-timeout"
            )
        except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout):
            return fail("timeout", f"the server sent nothing for {c.timeout_read:g} s (fetch.timeout_read)")
        except TimeoutError:
            return fail("timeout", f"the page took longer than {c.timeout_total:g} s in all (fetch.timeout_total)")
        except httpx.ConnectError as exc:
            text = str(exc)
            if any(k in text for k in ("SSL", "TLS", "CERTIFICATE", "certificate")):
                return fail("tls", f"TLS error: {text}; the site's certificate or TLS set-up is broken")
            return fail("connection", f"cannot connect: {text or 'connection refused'}")
        except (httpx.TransportError, httpx.DecodingError) as exc:
            return fail("connection", f"connection failed: {exc or type(exc).__name__}")

    async def _follow(
        self, client: httpx.AsyncClient, url: str, conditional: Mapping[str, str]
    ) -> tuple[FetchResult, str | None, float | None]:
        chain = [url]
        while True:
            response = await client.send(client.build_request("GET", chain[-1], headers=dict(conditional)), stream=True)
            try:
                location = response.headers.get("location")
                if response.status_code not in REDIRECTS or not location:
                    return await self._finish(url, tuple(chain), response)
                target = urljoin(chain[-1], location)
                if _web_host(target) is None:
                    return self._failed(url, chain, "redirect", f"redirected to an invalid or non-web URL {target!r}")
                if target in chain:
                    loop = " -> ".join([*chain[chain.index(target) :], target])
                    return self._failed(url, chain, "redirect", f"redirect loop: {loop}")
                if len(chain) > self.cfg.max_redirects:
                    return self._failed(
                        url,
                        chain,
                        "redirect",
                        f"more than "
                        f"{self.cfg.max_redirects} redirects (fetch.max_redirects)"
                        f": {' -> '.join(chain)} -> ...",
                    )
                chain.append(target)
            finally:
                await response.aclose()

    def _failed(
        self, url: str, chain: list[str], category: str, reason: str, status: int | None = None
    ) -> tuple[FetchResult, str | None, float | None]:
        return (
            FetchResult(
                url,
                final_url=chain[-1],
                status=status,
                redirects=tuple(chain[1:]),
                category=category,
                reason=reason,
                fetched_at=_now(),
            ),
            category,
            None,
        )

    async def _finish(
        self, url: str, chain: tuple[str, ...], response: httpx.Response
    ) -> tuple[FetchResult, str | None, float | None]:
        status, headers = response.status_code, response.headers
        final = chain[-1]
        meta: dict[str, Any] = dict(
            url=url,
            final_url=final,
            status=status,
            redirects=chain[1:],
            fetched_at=_now(),
            content_type=headers.get("content-type", ""),
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
        )
        if status == 304:
            return FetchResult(**meta, not_modified=True), None, None
        if not 200 <= status < 300:
            return await self._http_error(meta, response)
        try:
            data = await self._read(response)
        except BodyTooLarge as exc:
            return FetchResult(**meta, category="too-large", reason=str(exc)), "too-large", None
        except BadEncoding as exc:
            return (FetchResult(**meta, category="unsupported-type", reason=str(exc)), "unsupported-type", None)
        wall = bot_wall(status, headers, data)
        if wall:
            return (
                FetchResult(
                    **meta,
                    category="blocked",
                    reason=f"{final} answered with {wall}, not the page; open it in a browser and save a local copy",
                ),
                "blocked",
                None,
            )
        return FetchResult(**meta, data=data), None, None

    async def _http_error(
        self, meta: dict[str, Any], response: httpx.Response
    ) -> tuple[FetchResult, str | None, float | None]:
        status, final = response.status_code, meta["final_url"]
        wait = retry_after(response.headers.get("retry-after"))
        if status >= 500:  # a bot wall often hides behind a 503
            body = b""
            with contextlib.suppress(httpx.HTTPError):
                async for chunk in response.aiter_raw():
                    body += chunk
                    if len(body) > 65536:
                        break
            wall = bot_wall(status, response.headers, body)
            if wall:
                return (
                    FetchResult(
                        **meta, category="blocked", reason=f"{final} answered with {wall}; save a local copy as 'file:'"
                    ),
                    "blocked",
                    None,
                )
        category, reason = status_failure(status, final, self.cfg.retries)
        return FetchResult(**meta, category=category, reason=reason), category, wait

    async def _read(self, response: httpx.Response) -> bytes:
        c = self.cfg
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > c.max_bytes:
            raise BodyTooLarge(f"the body is {declared} bytes, over the limit of {c.max_bytes} (fetch.max_bytes)")
        decoder = Decoder(response.headers.get("content-encoding", ""), c.max_decompressed_bytes)
        received = 0
        async for chunk in response.aiter_raw():
            received += len(chunk)
            if received > c.max_bytes:
                raise BodyTooLarge(f"the body is over the limit of {c.max_bytes} bytes (fetch.max_bytes)")
            decoder.feed(chunk)
        return decoder.result()
