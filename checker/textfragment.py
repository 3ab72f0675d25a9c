"""Links that scroll a browser to a passage: URL Text Fragments (`#:~:text=`), as the WICG Text
Fragments spec defines them.

The directive is `text=[prefix-,]textStart[,textEnd][,-suffix]`. Every parameter is
percent-encoded; the spec's own syntax characters `-`, `,` and `&` must be, and we encode
everything but ASCII letters, digits and `._~` so no fragment parser can misread a quote.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# A browser matches within one block of rendered text, so longer passages, or passages that
# cross a line break (a paragraph in an extracted text), use the textStart,textEnd form.
MAX_EXACT_CHARS = 150
RANGE_WORDS = 5
_SPACE = re.compile(r"\s+")


def encode_parameter(text: str) -> str:
    """Percent-encode one directive parameter (UTF-8), the dash included."""
    return quote(text, safe="._~").replace("-", "%2D")


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _prefix_words(prefix: str) -> str:
    """The prefix from a word start: the spec matches it starting on a word boundary, and a
    context cut at a fixed width may begin mid-word; only the block holding the passage counts."""
    if "\n" in prefix:
        return _collapse(prefix.rsplit("\n", 1)[1])
    words = prefix.split()
    return " ".join(words[1:]) if prefix[:1].strip() else " ".join(words)


def _suffix_words(suffix: str) -> str:
    """The suffix up to a word end, within the passage's block (mirror of _prefix_words)."""
    if "\n" in suffix:
        return _collapse(suffix.split("\n", 1)[0])
    words = suffix.split()
    return " ".join(words[:-1]) if suffix[-1:].strip() else " ".join(words)


def text_directive(exact: str, prefix: str = "", suffix: str = "") -> str:
    """The `text=` directive for a passage; "" when the passage has no words."""
    lines = [ln for ln in (_collapse(x) for x in exact.splitlines()) if ln]
    if not lines:
        return ""
    whole = " ".join(lines)
    if len(lines) == 1 and len(whole) <= MAX_EXACT_CHARS:
        parts = [encode_parameter(whole)]
    else:
        start = " ".join(lines[0].split()[:RANGE_WORDS])
        end = " ".join(lines[-1].split()[-RANGE_WORDS:])
        parts = [encode_parameter(start), encode_parameter(end)]
    before, after = _prefix_words(prefix), _suffix_words(suffix)
    if before:
        parts.insert(0, encode_parameter(before) + "-")
    if after:
        parts.append("-" + encode_parameter(after))
    return "text=" + ",".join(parts)


def text_fragment_url(url: str, exact: str, prefix: str = "", suffix: str = "") -> str:
    """`url` with a text fragment that highlights `exact` (between `prefix` and `suffix`)."""
    return with_directive(url, text_directive(exact, prefix, suffix))


def with_directive(url: str, directive: str) -> str:
    """`url` with this text directive; `url` itself when the directive is "".

    A fragment the URL already has is kept (an anchor still works where text fragments are not
    supported); a fragment directive it already has is replaced.
    """
    if not directive:
        return url
    base, _, fragment = url.partition("#")
    fragment = fragment.split(":~:", 1)[0]
    return f"{base}#{fragment}:~:{directive}"
