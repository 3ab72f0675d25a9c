"""Address safety: loopback, private, link-local, multicast and reserved addresses are refused,
on the resolved address and again at every redirect hop, unless explicitly allowed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import pytest

from checker.sources.fetch import Fetcher, FetchResult
from checker.sources.netsafety import refusal, static_resolver
from tests.support.fetch_server import LocalServer, Reply, fetch, fetch_config


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    s = LocalServer()
    s.route("/page", Reply(200, b"<html><body><p>public page</p></body></html>", {"Content-Type": "text/html"}))
    yield s
    s.stop()


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("127.9.9.9", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.0.10", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("100.64.0.1", "non-global"),
        ("not-an-ip", "malformed"),
        ("8.8.8.8", None),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_refusal_table(address: str, why: str | None) -> None:
    assert refusal(address) == why


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_loopback_refused_without_the_flag(server: LocalServer, host: str) -> None:
    before = len(server.hits("/page"))
    r = fetch(f"http://{host}:{server.port}/page", allow_private_addresses=False)
    assert isinstance(r, FetchResult) and r.category == "refused-address"
    assert "loopback" in (r.reason or "") and "--allow-private-addresses" in (r.reason or "")
    assert len(server.hits("/page")) == before  # nothing reached the server


def test_allowed_with_the_flag(server: LocalServer) -> None:
    r = fetch(server.url("/page"), allow_private_addresses=True)
    assert isinstance(r, FetchResult) and r.ok


def test_any_bad_address_among_several_is_refused() -> None:
    async def two(host: str, port: int) -> list[str]:
        return ["8.8.8.8", "10.0.0.5"]

    r = fetch("http://mixed.test/", resolver=two, allow_private_addresses=False)
    assert isinstance(r, FetchResult) and r.category == "refused-address"
    assert "10.0.0.5, a private address" in (r.reason or "")


class LoopbackDialer(httpcore.AsyncNetworkBackend):
    """Dials 127.0.0.1 whatever address it is given: 'public' test names resolve to public
    addresses for the policy, while the bytes stay on this machine."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> Any:
        return await self.inner.connect_tcp("127.0.0.1", port, timeout, local_address, socket_options)

    async def connect_unix_socket(self, *a: Any, **k: Any) -> Any:
        raise NotImplementedError

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def fetch_via_public_name(url: str) -> FetchResult:
    resolver = static_resolver({"public.test": "93.184.216.34", "metadata.test": "169.254.169.254"})

    class ViaLoopback(Fetcher):
        def _dialer(self) -> Any:
            return LoopbackDialer(super()._dialer())

    async def run() -> FetchResult:
        async with ViaLoopback(fetch_config(allow_private_addresses=False), resolver) as f:
            return await f.fetch(url)

    return asyncio.run(run())


def test_public_name_passes_the_policy(server: LocalServer) -> None:
    r = fetch_via_public_name(server.url("/page", "public.test"))
    assert r.ok and b"public page" in r.data


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("http://127.0.0.1:{port}/secret", "loopback"),
        ("http://metadata.test:{port}/latest/meta-data/", "link-local"),
    ],
)
def test_each_redirect_hop_is_checked(server: LocalServer, target: str, why: str) -> None:
    server.route("/to-internal", Reply(302, b"", {"Location": target.format(port=server.port)}))
    server.route("/secret", Reply(200, b"internal secret"))
    server.route("/latest/meta-data/", Reply(200, b"instance credentials"))
    r = fetch_via_public_name(server.url("/to-internal", "public.test"))
    assert r.category == "refused-address" and why in (r.reason or "")
    assert server.hits("/secret") == [] and server.hits("/latest/meta-data/") == []
