"""Wayback Machine fallback: when a cited page is dead and no snapshot of it exists, the capture
closest to the citation's `accessed:` date is checked instead, and the report says so."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from checker.sources.fetch import Fetcher, FetchResult

_CAPTURE = re.compile(r"^(?P<base>https?://[^/]+/web/)(?P<ts>\d{14})(?P<flags>[a-z_]*)/(?P<rest>.+)$")


@dataclass(frozen=True)
class Capture:
    """An archived copy: the capture's URL and time, and its fetched bytes."""

    capture_url: str
    timestamp: str  # 14 digits, UTC, as the archive writes it
    result: FetchResult

    @property
    def captured_at(self) -> str:
        when = dt.datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
        return when.isoformat(timespec="seconds")


def wayback_timestamp(accessed: str | None) -> str | None:
    """'2020-08-15' (or a full ISO time) as the archive's 14-digit timestamp."""
    if not accessed:
        return None
    digits = re.sub(r"\D", "", accessed)[:14]
    return digits.ljust(14, "0") if len(digits) >= 8 else None


def raw_capture_url(capture_url: str) -> str:
    """The capture as it was served, without the archive's banner and rewritten links."""
    m = _CAPTURE.match(capture_url)
    return f"{m['base']}{m['ts']}id_/{m['rest']}" if m else capture_url


async def find_capture(fetcher: Fetcher, api_url: str, url: str, accessed: str | None) -> Capture | str:
    """The capture closest to `accessed`, fetched; or the reason there is none."""
    query = {"url": url}
    stamp = wayback_timestamp(accessed)
    if stamp:
        query["timestamp"] = stamp
    answer = await fetcher.fetch(f"{api_url}?{urlencode(query)}")
    if not answer.ok:
        return f"the archive could not be asked ({answer.reason})"
    try:
        closest = json.loads(answer.data)["archived_snapshots"]["closest"]
        capture_url, timestamp = str(closest["url"]), str(closest["timestamp"])
        available = closest.get("available", True) and str(closest.get("status", "200")) == "200"
    except (ValueError, KeyError, TypeError):
        return "the archive has no capture of this page"
    if not available or not re.fullmatch(r"\d{14}", timestamp):
        return "the archive has no usable capture of this page"
    result = await fetcher.fetch(raw_capture_url(capture_url))
    if not result.ok:
        return f"the archive's capture {capture_url} could not be read ({result.reason})"
    return Capture(capture_url=capture_url, timestamp=timestamp, result=result)
