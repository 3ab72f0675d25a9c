"""The fetcher against a real HTTP server on 127.0.0.1: failure reasons, redirects, time-outs,
size caps, compression bombs, retries and politeness limits."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import socket
import time
import zlib
from collections.abc import Iterator

import brotli
import pytest

from checker.sources.bodies import retry_after
from checker.sources.fetch import USER_AGENT, Fetcher, FetchResult
from checker.sources.netsafety import static_resolver
from tests.support.fetch_server import LocalServer, Reply, fetch, fetch_config

HTML = b"<html><head><title>T</title></head><body><p>The quoted passage.</p></body></html>"


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    s = LocalServer()
    yield s
    s.stop()


def test_ok_page_with_metadata_and_user_agent(server: LocalServer) -> None:
    url = server.route(
        "/ok",
        Reply(
            200,
            HTML,
            {
                "Content-Type": "text/html; charset=utf-8",
                "ETag": '"v1"',
                "Last-Modified": "Mon, 02 Nov 2026 10:00:00 GMT",
            },
        ),
    )
    r = fetch(url)
    assert isinstance(r, FetchResult)
    assert (r.ok, r.status, r.data, r.etag, r.final_url) == (True, 200, HTML, '"v1"', url)
    assert r.last_modified == "Mon, 02 Nov 2026 10:00:00 GMT"
    assert r.content_type.startswith("text/html") and r.fetched_at.endswith("+00:00")
    ua = server.hits("/ok")[-1]["User-Agent"]
    assert ua == USER_AGENT and "checker/" in ua and "https://" in ua


@pytest.mark.parametrize(
    ("status", "category", "words"),
    [
        (404, "not-found", "is gone (HTTP 404)"),
        (410, "not-found", "is gone (HTTP 410)"),
        (401, "blocked", "asks for a login"),
        (402, "blocked", "paywalled"),
        (403, "blocked", "refuses access"),
        (451, "blocked", "legal reasons"),
        (429, "rate-limited", "429 Too Many Requests"),
        (500, "server-error", "HTTP 500"),
        (503, "server-error", "HTTP 503"),
        (418, "http-error", "HTTP 418"),
    ],
)
def test_http_failure_reasons(server: LocalServer, status: int, category: str, words: str) -> None:
    url = server.route(f"/status{status}", Reply(status, b"nope"))
    r = fetch(url)
    assert isinstance(r, FetchResult)
    assert (r.ok, r.category, r.status) == (False, category, status)
    assert words in (r.reason or "")
    assert r.dead is (category == "not-found")


def test_bot_wall_with_200_is_blocked_not_content(server: LocalServer) -> None:
    wall = b"<html><head><title>Just a moment...</title></head><body>checking</body></html>"
    r = fetch(server.route("/wall", Reply(200, wall, {"Content-Type": "text/html"})))
    assert isinstance(r, FetchResult)
    assert r.category == "blocked" and "bot-check page" in (r.reason or "")
    r = fetch(server.route("/cf", Reply(403, b"x", {"cf-mitigated": "challenge"})))
    assert isinstance(r, FetchResult) and r.category == "blocked"


def test_dns_failure_and_bad_url(server: LocalServer) -> None:
    r = fetch("http://no-such-host.invalid/page")
    assert isinstance(r, FetchResult)
    assert r.category == "dns" and "no-such-host.invalid" in (r.reason or "") and r.dead
    for bad in ("ftp://example.org/file", "http://[::1/x", "http:///path-only", "http://127.0.0.1:99999/"):
        r = fetch(bad)
        assert isinstance(r, FetchResult) and r.category == "bad-url", bad
    r = fetch("http://exa mple.org/")
    assert isinstance(r, FetchResult) and r.category in ("bad-url", "dns")


def test_connection_refused_and_tls_error(server: LocalServer) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = fetch(f"http://127.0.0.1:{port}/", retries=1)
    assert isinstance(r, FetchResult)
    assert r.category == "connection" and r.attempts == 2
    server.route("/tls", Reply(200, HTML))
    r = fetch(f"https://127.0.0.1:{server.port}/tls")  # TLS spoken to a plain HTTP server
    assert isinstance(r, FetchResult) and r.category == "tls" and "TLS error" in (r.reason or "")


def test_redirect_chain_is_followed_and_recorded(server: LocalServer) -> None:
    server.route("/r1", Reply(301, b"", {"Location": "/r2"}))
    server.route("/r2", Reply(302, b"", {"Location": server.url("/r3")}))
    server.route("/r3", Reply(307, b"", {"Location": "/landing"}))
    server.route("/landing", Reply(200, HTML, {"Content-Type": "text/html"}))
    r = fetch(server.url("/r1"))
    assert isinstance(r, FetchResult) and r.ok
    assert r.final_url == server.url("/landing")
    assert r.redirects == (server.url("/r2"), server.url("/r3"), server.url("/landing"))


def test_redirect_loop_and_too_many_redirects(server: LocalServer) -> None:
    server.route("/loop-a", Reply(302, b"", {"Location": "/loop-b"}))
    server.route("/loop-b", Reply(302, b"", {"Location": "/loop-a"}))
    r = fetch(server.url("/loop-a"))
    assert isinstance(r, FetchResult) and r.category == "redirect"
    assert "redirect loop" in (r.reason or "") and "/loop-b" in (r.reason or "")
    for i in range(6):
        server.route(f"/hop{i}", Reply(302, b"", {"Location": f"/hop{i + 1}"}))
    server.route("/hop6", Reply(200, HTML))
    r = fetch(server.url("/hop0"), max_redirects=3)
    assert isinstance(r, FetchResult) and r.category == "redirect"
    assert "more than 3 redirects" in (r.reason or "")
    r = fetch(server.url("/hop0"), max_redirects=6)
    assert isinstance(r, FetchResult) and r.ok


def test_read_timeout(server: LocalServer) -> None:
    url = server.route("/slow-start", Reply(200, HTML, delay=1.5))
    t0 = time.monotonic()
    r = fetch(url, timeout_read=0.3)
    assert isinstance(r, FetchResult) and r.category == "timeout"
    assert "sent nothing for 0.3 s" in (r.reason or "") and time.monotonic() - t0 < 1.4


def test_total_timeout_on_a_dripping_server(server: LocalServer) -> None:
    url = server.route("/drip", Reply(200, (b"x" * 10 for _ in range(30)), chunk_delay=0.1))
    r = fetch(url, timeout_read=1.0, timeout_total=0.6)
    assert isinstance(r, FetchResult) and r.category == "timeout"
    assert "longer than 0.6 s in all" in (r.reason or "")


def test_connect_timeout_on_a_full_listen_queue() -> None:
    # A socket that listens and never accepts: once its queue is full, new SYNs go unanswered.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = []
        for _ in range(4):
            c = socket.socket()
            c.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                c.connect(("127.0.0.1", port))
            fillers.append(c)
        t0 = time.monotonic()
        r = fetch(f"http://127.0.0.1:{port}/", timeout_connect=0.4)
        for c in fillers:
            c.close()
    assert isinstance(r, FetchResult) and r.category == "timeout"
    assert "no connection within 0.4 s" in (r.reason or "") and time.monotonic() - t0 < 5


def test_connect_timeout_while_resolving() -> None:
    async def slow(host: str, port: int) -> list[str]:
        await asyncio.sleep(2)
        return ["127.0.0.1"]

    r = fetch("http://slow-dns.test/", resolver=slow, timeout_connect=0.2)
    assert isinstance(r, FetchResult) and r.category == "timeout"
    assert "no connection within 0.2 s" in (r.reason or "")


def test_body_over_the_cap(server: LocalServer) -> None:
    big = b"a" * 200_000
    r = fetch(server.route("/big", Reply(200, big)), max_bytes=100_000)
    assert isinstance(r, FetchResult) and r.category == "too-large"
    assert "over the limit of 100000" in (r.reason or "")
    # Without a Content-Length the cap applies while streaming.
    r = fetch(server.route("/big-stream", Reply(200, (b"a" * 50_000 for _ in range(4)))), max_bytes=100_000)
    assert isinstance(r, FetchResult) and r.category == "too-large"


BOMB = gzip.compress(b"\0" * 30_000_000, compresslevel=9)


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", BOMB),
        ("deflate", zlib.compress(b"\0" * 30_000_000, 9)),
        ("br", brotli.compress(b"\0" * 30_000_000)),
    ],
)
def test_compression_bombs_stop_at_the_cap(server: LocalServer, encoding: str, body: bytes) -> None:
    assert len(body) < 100_000
    url = server.route(f"/bomb-{encoding}", Reply(200, body, {"Content-Encoding": encoding}))
    r = fetch(url, max_decompressed_bytes=2_000_000)
    assert isinstance(r, FetchResult) and r.category == "too-large"
    assert "decompressed body is over the limit of 2000000" in (r.reason or "")


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_compressed_pages_are_decoded(server: LocalServer, encoding: str) -> None:
    body = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress}[encoding](HTML)
    r = fetch(server.route(f"/enc-{encoding}", Reply(200, body, {"Content-Encoding": encoding})))
    assert isinstance(r, FetchResult) and r.ok and r.data == HTML
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    r = fetch(
        server.route("/raw-deflate", Reply(200, raw.compress(HTML) + raw.flush(), {"Content-Encoding": "deflate"}))
    )
    assert isinstance(r, FetchResult) and r.data == HTML


def test_unknown_encoding_is_unsupported(server: LocalServer) -> None:
    r = fetch(server.route("/zz", Reply(200, b"abc", {"Content-Encoding": "x-weird"})))
    assert isinstance(r, FetchResult) and r.category == "unsupported-type"
    assert "x-weird" in (r.reason or "")


def test_429_with_retry_after_is_honoured(server: LocalServer) -> None:
    calls: list[float] = []

    def limited(_: object) -> Reply:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Reply(429, b"slow down", {"Retry-After": "1"})
        return Reply(200, HTML)

    r = fetch(server.route("/limited", limited), retries=2)
    assert isinstance(r, FetchResult) and r.ok and r.attempts == 2
    assert calls[1] - calls[0] >= 0.95


def test_retry_after_is_capped_and_5xx_retried_then_reported(server: LocalServer) -> None:
    calls: list[float] = []

    def always(_: object) -> Reply:
        calls.append(time.monotonic())
        return Reply(503, b"busy", {"Retry-After": "3600"})

    r = fetch(server.route("/busy", always), retries=2, retry_after_cap=0.1)
    assert isinstance(r, FetchResult) and r.category == "server-error" and r.attempts == 3
    assert len(calls) == 3 and calls[-1] - calls[0] < 2
    assert "after 2 retries" in (r.reason or "")


def test_retry_after_parsing() -> None:
    assert retry_after("7") == 7.0
    assert retry_after(None) is None and retry_after("soon") is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_per_host_and_global_limits(server: LocalServer) -> None:
    # Each reply waits long enough for the limits to be reached even on a loaded machine.
    for i in range(24):
        server.route(f"/limit{i}", Reply(200, HTML, delay=0.3))
    hosts = ["alpha.test", "beta.test", "gamma.test"]
    resolver = static_resolver({h: "127.0.0.1" for h in hosts})
    urls = [server.url(f"/limit{i}", hosts[i % 3]) for i in range(24)]
    server.reset_counts()

    async def run() -> dict[str, FetchResult]:
        async with Fetcher(fetch_config(per_host=2, concurrency=5), resolver) as f:
            return await f.fetch_all((u, None, None) for u in urls)

    results = asyncio.run(run())
    assert all(r.ok for r in results.values()) and len(results) == 24
    assert {h: server.peak[h] for h in hosts} == {h: 2 for h in hosts}
    assert server.total_peak == 5


def test_min_interval_spaces_requests_to_one_host(server: LocalServer) -> None:
    server.route("/spaced", Reply(200, HTML))
    urls = [server.url("/spaced") + f"?n={i}" for i in range(4)]

    async def run() -> None:
        async with Fetcher(fetch_config(per_host=4, min_interval=0.2)) as f:
            await f.fetch_all((u, None, None) for u in urls)

    before = len(server.hits("/spaced"))
    t0 = time.monotonic()
    asyncio.run(run())
    assert len(server.hits("/spaced")) - before == 4
    assert time.monotonic() - t0 >= 0.6


def test_conditional_request_gives_not_modified(server: LocalServer) -> None:
    def cond(h: object) -> Reply:
        if getattr(h, "headers").get("If-None-Match") == '"v7"':  # noqa: B009
            return Reply(304, b"", {"ETag": '"v7"'})
        return Reply(200, HTML, {"ETag": '"v7"'})

    server.route("/cond", cond)

    async def run() -> FetchResult:
        async with Fetcher(fetch_config()) as f:
            return await f.fetch(server.url("/cond"), etag='"v7"', last_modified="Mon, 02 Nov 2026 10:00:00 GMT")

    r = asyncio.run(run())
    assert r.ok and r.not_modified and r.status == 304 and r.data == b""
    sent = server.hits("/cond")[-1]
    assert sent["If-Modified-Since"] == "Mon, 02 Nov 2026 10:00:00 GMT"
