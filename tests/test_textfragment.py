"""Text-fragment links (`#:~:text=`): the escaping the Text Fragments spec requires, the word
boundaries it matches on, and the range form for passages a browser cannot match whole."""

from __future__ import annotations

from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from checker.textfragment import encode_parameter, text_directive, text_fragment_url

URL = "https://example.org/report"


def parameters(link: str) -> list[str]:
    """The directive's parameters, split on its syntax characters and decoded, as a browser
    reads them."""
    directive = link.split("#", 1)[1].split(":~:text=", 1)[1]
    return [unquote(p) for p in directive.split(",")]


def test_syntax_characters_are_escaped() -> None:
    link = text_fragment_url(URL, "anti-government, 6,700 & more")
    assert link == f"{URL}#:~:text=anti%2Dgovernment%2C%206%2C700%20%26%20more"
    assert parameters(link) == ["anti-government, 6,700 & more"]


def test_percent_hash_quotes_and_non_ascii_are_encoded() -> None:
    assert encode_parameter("50% of “Lukashenka’s” #1 <b>") == (
        "50%25%20of%20%E2%80%9CLukashenka%E2%80%99s%E2%80%9D%20%231%20%3Cb%3E"
    )


def test_prefix_and_suffix_start_and_end_on_word_boundaries() -> None:
    # A 32-character context cut mid-word loses its broken word: the spec matches a prefix from
    # a word start and a suffix up to a word end.
    link = text_fragment_url(
        URL,
        "the detention of 6,700 protesters.",
        prefix="overnment confirmed on Tuesday ",
        suffix=" Weekly peaceful prot",
    )
    assert parameters(link) == ["confirmed on Tuesday-", "the detention of 6,700 protesters.", "-Weekly peaceful"]
    assert link.endswith(
        "text=confirmed%20on%20Tuesday-,the%20detention%20of%206%2C700%20protesters.,-Weekly%20peaceful"
    )


def test_context_across_a_paragraph_break_keeps_only_the_passages_block() -> None:
    link = text_fragment_url(
        URL, "Second paragraph starts here.", prefix="end of the first.\n\n", suffix="\nNext block"
    )
    assert link == f"{URL}#:~:text=Second%20paragraph%20starts%20here."


def test_context_that_starts_the_text_is_kept_whole() -> None:
    link = text_fragment_url(URL, "alone", prefix=" 12 August", suffix="the government ")
    assert parameters(link) == ["12 August-", "alone", "-the government"]


def test_long_or_multi_paragraph_passages_use_the_range_form() -> None:
    long = " ".join(f"word{i}" for i in range(60))
    assert parameters(text_fragment_url(URL, long)) == [
        "word0 word1 word2 word3 word4",
        "word55 word56 word57 word58 word59",
    ]
    two = "First block ends here.\n\nSecond block, a short one."
    assert parameters(text_fragment_url(URL, two)) == ["First block ends here.", "Second block, a short one."]


def test_existing_fragment_is_kept_and_an_old_directive_replaced() -> None:
    assert text_fragment_url(URL + "#section-2", "x y") == URL + "#section-2:~:text=x%20y"
    assert text_fragment_url(URL + "#:~:text=old", "new") == URL + "#:~:text=new"


def test_a_passage_without_words_leaves_the_url_alone() -> None:
    assert text_fragment_url(URL, " \n\t ") == URL
    assert text_directive("") == ""


@given(st.text(min_size=1, max_size=80), st.text(max_size=40), st.text(max_size=40))
def test_no_raw_syntax_character_survives(exact: str, prefix: str, suffix: str) -> None:
    link = text_fragment_url(URL, exact, prefix, suffix)
    if link == URL:
        assert not exact.split()
        return
    directive = link.split(":~:text=", 1)[1]
    body = directive.removesuffix("-").removeprefix("-")
    for ch in ' &#"<>`\n':
        assert ch not in directive
    assert all(part.strip("-") and "-" not in part.strip("-") for part in body.split(",")), link
    words = " ".join(exact.split())
    decoded = [unquote(p.strip("-")) for p in directive.split(",")]
    assert any(d and d in words for d in decoded)
