"""Which addresses the fetcher may connect to: a claims file in a pull request must not make CI
read internal services. The check runs where the connection is opened, on the address actually
dialled, so DNS rebinding and redirects to internal hosts are caught alike."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import httpcore

Resolver = Callable[[str, int], Awaitable[list[str]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedAddress(Exception):
    """The host resolves to an address the policy refuses (loopback, private, ...)."""

    def __init__(self, host: str, address: str, why: str) -> None:
        self.host, self.address, self.why = host, address, why
        where = f"{host} is" if host == address else f"{host} resolves to {address},"
        super().__init__(
            f"{where} a {why} address; refused so that claim files cannot make "
            "the checker read internal services (--allow-private-addresses "
            "lifts this)"
        )


class DnsFailure(Exception):
    def __init__(self, host: str, detail: str) -> None:
        self.host = host
        super().__init__(f"DNS lookup for {host} failed: {detail}")


def refusal(address: str) -> str | None:
    """Why an address must not be fetched from, or None when it is a public address."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "malformed"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback in disguise
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("non-global", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)


async def system_resolver(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DnsFailure(host, str(exc)) from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def static_resolver(table: dict[str, str], fallback: Resolver = system_resolver) -> Resolver:
    """A resolver that answers the given names itself (benchmarks and tests use local names)."""

    async def resolve(host: str, port: int) -> list[str]:
        if host.lower() in table:
            return [table[host.lower()]]
        return await fallback(host, port)

    return resolve


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, refuses forbidden addresses, then dials the checked address."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend, resolver: Resolver, allow_private: bool) -> None:
        self.inner, self.resolver, self.allow_private = inner, resolver, allow_private

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await self.resolver(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"DNS lookup for {host} timed out") from None
        if not addresses:
            raise DnsFailure(host, "no addresses")
        if not self.allow_private:
            for address in addresses:
                why = refusal(address)
                if why:
                    raise RefusedAddress(host, address, why)
        error: Exception | None = None
        for address in addresses:
            try:
                return await self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise RefusedAddress(path, path, "unix socket")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)
