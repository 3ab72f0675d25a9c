"""Text fragment links: the spec's encoding, and a real Chromium scrolling to the passage."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from checker.textfragment import text_fragment_url

URL = "https://example.org/report"


def test_short_passage_is_one_exact_term() -> None:
    assert text_fragment_url(URL, "the detention of 6,700 protesters") == (
        URL + "#:~:text=the%20detention%20of%206%2C700%20protesters")


def test_directive_characters_in_terms_are_escaped() -> None:
    got = text_fragment_url(URL, "state-run TV & radio, again")
    directive = got.split("#:~:text=", 1)[1]
    assert "-" not in directive and "&" not in directive and "," not in directive
    assert unquote(directive) == "state-run TV & radio, again"


def test_long_passage_becomes_start_and_end() -> None:
    got = text_fragment_url(URL, "one two three four five six seven eight nine ten eleven twelve")
    assert got == URL + "#:~:text=one%20two%20three%20four,nine%20ten%20eleven%20twelve"


def test_prefix_and_suffix_take_the_nearest_words_and_white_space_folds() -> None:
    got = text_fragment_url(URL, "6,700\n  protesters", prefix="a b c detention of",
                            suffix=" Weekly peaceful protests continued")
    assert got == (URL + "#:~:text=c%20detention%20of-,6%2C700%20protesters,"
                   "-Weekly%20peaceful%20protests")


def test_markup_is_dropped_and_existing_fragments_are_kept() -> None:
    assert text_fragment_url(URL + "#top", "**bold** <sup>1</sup>claim") == (
        URL + "#top:~:text=bold%201%20claim")
    assert text_fragment_url(URL + "#:~:text=a", "b") == URL + "#:~:text=a&text=b"
    assert text_fragment_url(URL, "  \n ") == URL


@pytest.mark.slow
def test_chromium_scrolls_to_the_passage(httpserver, chromium) -> None:  # type: ignore[no-untyped-def]
    filler = "".join(f"<p>Filler paragraph {i} with some words.</p>" for i in range(300))
    after = "".join(f"<p>After {i}</p>" for i in range(50))
    httpserver.expect_request("/page").respond_with_data(
        f"<html><body>{filler}<p>The needle passage, with a comma-laden text &amp; more words "
        f"than ten in it to make a range.</p>{after}</body></html>", content_type="text/html")
    page = chromium.new_page()
    base = httpserver.url_for("/page")
    page.goto(base)
    assert page.evaluate("window.scrollY") == 0
    for url in (text_fragment_url(base, "The needle passage, with a comma-laden text & more "
                                        "words than ten in it to make a range."),
                text_fragment_url(base, "comma-laden text & more", "The needle passage, with a",
                                  "words than")):
        page.goto("about:blank")
        page.goto(url)
        page.wait_for_function("() => window.scrollY > 1000", timeout=5000)
    page.close()
