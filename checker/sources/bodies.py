"""What a server sent back: the body decompressed under a size cap (gzip, deflate and brotli
bombs stop at the cap instead of filling memory), and bot walls told apart from real pages."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import zlib
from collections.abc import Mapping
from typing import Any

STEP = 1 << 20  # decompress at most this much per call, so memory stays near the cap


class BodyTooLarge(Exception):
    pass


class BadEncoding(Exception):
    pass


def accept_encoding() -> str:
    try:
        import brotli  # noqa: F401  (optional: only advertise what we can decode)
    except ImportError:
        return "gzip, deflate"
    return "gzip, deflate, br"


class Decoder:
    """Feeds raw (possibly compressed) chunks; keeps at most `limit` decoded bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding.strip().lower()
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        self._first = True
        self._z: Any = None
        if self.encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
        elif self.encoding == "br":
            try:
                import brotli
            except ImportError:
                raise BadEncoding(
                    "the server sent brotli-compressed data, and the brotli package is not installed"
                ) from None
            self._z = brotli.Decompressor()
        elif self.encoding not in ("", "identity"):
            raise BadEncoding(f"unsupported Content-Encoding '{encoding}'")

    def _keep(self, out: bytes) -> None:
        self.size += len(out)
        if self.size > self.limit:
            raise BodyTooLarge(
                f"decompressed body is over the limit of {self.limit} bytes "
                "(a compression bomb, or raise fetch.max_decompressed_bytes)"
            )
        if out:
            self.parts.append(out)

    def feed(self, chunk: bytes) -> None:
        if self._z is None:
            self._keep(chunk)
        elif self.encoding == "br":
            self._feed_brotli(chunk)
        else:
            self._feed_zlib(chunk)

    def _feed_zlib(self, chunk: bytes) -> None:
        data = chunk
        while data:
            try:
                out = self._z.decompress(data, STEP)
            except zlib.error as exc:
                if self._first and self.encoding == "deflate":
                    # Some servers send raw deflate without the zlib header the RFC asks for.
                    self._z, self._first = zlib.decompressobj(-zlib.MAX_WBITS), False
                    continue
                raise BadEncoding(f"corrupt {self.encoding} data: {exc}") from None
            self._first = False
            self._keep(out)
            data = self._z.unconsumed_tail
            if self._z.eof and self._z.unused_data and self.encoding != "deflate":
                data = self._z.unused_data  # a gzip stream may hold several members
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def _feed_brotli(self, chunk: bytes) -> None:
        import brotli

        try:
            self._keep(self._z.process(chunk, output_buffer_limit=STEP))
            while not self._z.can_accept_more_data():
                self._keep(self._z.process(b"", output_buffer_limit=STEP))
        except brotli.error as exc:
            raise BadEncoding(f"corrupt brotli data: {exc}") from None

    def result(self) -> bytes:
        return b"".join(self.parts)


_WALL_MARKERS = re.compile(
    rb"<title>\s*(?:just a moment\.\.\.|attention required! \| cloudflare|access denied)"
    rb"|cf-browser-verification|/cdn-cgi/challenge-platform/|captcha-delivery\.com"
    rb"|_Incapsula_Resource|px-captcha|Request unsuccessful\. Incapsula",
    re.I,
)


def bot_wall(status: int, headers: Mapping[str, str], body: bytes) -> str | None:
    """The name of the bot wall or paywall a response is, if it is one."""
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return "a Cloudflare challenge page"
    if len(body) < 256 * 1024 and _WALL_MARKERS.search(body[:65536]):
        return "a bot-check page" if status < 400 else f"a bot-check page (HTTP {status})"
    return None


BLOCKED = {
    401: "asks for a login (HTTP 401)",
    402: "is paywalled (HTTP 402)",
    403: "refuses access (HTTP 403): a paywall, a bot wall or a geo-block",
    451: "is unavailable for legal reasons (HTTP 451)",
}


def status_failure(status: int, final: str, retries: int) -> tuple[str, str]:
    """The failure category of a non-2xx answer, and what a person can do about it."""
    if status in (404, 410):
        return "not-found", (f"{final} is gone (HTTP {status}); find the page's new address or an archived copy")
    if status in BLOCKED:
        return "blocked", f"{final} {BLOCKED[status]}; save a local copy as 'file:'"
    if status == 429:
        return "rate-limited", (
            f"{final} kept answering 429 Too Many Requests after {retries} "
            "retries; lower fetch.per_host or raise fetch.min_interval"
        )
    if status >= 500:
        return "server-error", (
            f"{final} answered HTTP {status} (a server error) after {retries} retries; try again later"
        )
    return "http-error", f"{final} answered HTTP {status}"


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
