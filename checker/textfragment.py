"""Links that open a page scrolled to a passage and highlight it: URL text fragments
(https://wicg.github.io/scroll-to-text-fragment/), `#:~:text=[prefix-,]start[,end][,-suffix]`.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# Beyond this many words the passage is linked as textStart,textEnd: shorter URLs, and a range
# match may cross block boundaries (paragraphs) where an exact one may not.
RANGE_WORDS = 10
EDGE_WORDS = 4
AFFIX_WORDS = 3

# What a page shows differently from its extracted text: tags, Markdown emphasis, footnote refs.
_MARKUP = re.compile(r"<[^<>]{0,500}>|\[\^[^\]\s]{1,10}\]|(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)")


def _plain(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).split())


def _term(text: str) -> str:
    """Percent-encode a term; '-', '&' and ',' are the directive's own syntax, so they too."""
    return quote(text, safe="").replace("-", "%2D")


def text_fragment_url(url: str, exact: str, prefix: str = "", suffix: str = "") -> str:
    """`url` with a text directive for `exact` (and optional context words around it).

    Long passages become textStart,textEnd; an existing fragment is kept, an existing fragment
    directive is extended. With nothing to look for, `url` comes back as it was.
    """
    words = _plain(exact).split()
    if not words:
        return url
    if len(words) > RANGE_WORDS:
        parts = [_term(" ".join(words[:EDGE_WORDS])), _term(" ".join(words[-EDGE_WORDS:]))]
    else:
        parts = [_term(" ".join(words))]
    pre = _plain(prefix).split()[-AFFIX_WORDS:]
    suf = _plain(suffix).split()[:AFFIX_WORDS]
    if pre:
        parts.insert(0, _term(" ".join(pre)) + "-")
    if suf:
        parts.append("-" + _term(" ".join(suf)))
    directive = "text=" + ",".join(parts)
    if ":~:" in url:
        return f"{url}&{directive}"
    return f"{url}{'' if '#' in url else '#'}:~:{directive}"
