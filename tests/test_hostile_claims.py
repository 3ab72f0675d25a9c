"""Hostile claim files through `checker verify`: exit 2, one line naming file and line, never a
traceback, in bounded time (a per-test timeout, not a benchmark)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.yamlload import MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES

GOOD_CITATION = "  citations:\n    - file: ../sources/a.txt\n      quote: Some words.\n"


def verify(project: Path, data: bytes | str, name: str = "c.yaml") -> tuple[int, list[str]]:
    path = project / "claims" / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    result = CliRunner().invoke(cli, ["verify", "claims"], catch_exceptions=False)
    return result.exit_code, result.output.splitlines()


def assert_refused(project: Path, data: bytes | str, line: int | None, message: str) -> None:
    code, out = verify(project, data)
    assert code == 2, out
    where = f"claims/c.yaml:{line}: " if line else "claims/c.yaml: "
    errors = [o for o in out if o.startswith("error: ")]
    assert errors and errors[0].startswith("error: " + where), out
    assert message in errors[0], out
    assert not any("Traceback" in o or "internal error" in o for o in out), out
    assert out[-1].startswith("checker: ") and "nothing was checked" in out[-1]


def laughs(levels: int, fan: int = 9) -> str:
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * fan) + "]")
    return "\n".join(lines) + "\n"


CASES = {
    "billion-laughs": (laughs(9), 1, f"more than {MAX_NODES} YAML nodes"),
    "many-aliases": (
        "a: &a x\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n",
        2,
        f"more than {MAX_ALIASES} aliases",
    ),
    "deep-flow": ("[" * 100_000 + "]" * 100_000, 1, f"nested more than {MAX_DEPTH} levels"),
    "deep-block-list": ("".join("  " * i + "-\n" for i in range(1000)), MAX_DEPTH + 1, "nested more than"),
    "deep-block-map": ("".join("  " * i + f"k{i}:\n" for i in range(1000)), MAX_DEPTH, "nested more than"),
    "recursive-alias": ("&a [*a]\n", 1, "nested more than"),
    "duplicate-key": ("- id: a\n  statement: s\n  statement: t\n", 3, "duplicate key 'statement'"),
    "duplicate-quote": (
        "- id: a\n  statement: s\n  citations:\n    - file: a.txt\n      quote: one\n      quote: two\n",
        6,
        "duplicate key 'quote'",
    ),
    "merge-override": (
        "- &base {id: a, statement: s}\n- <<: *base\n  id: b\n",
        2,
        "key 'id' is given both here and through a merge key",
    ),
    "merge-list-twice": ("- &a {id: x}\n- <<: [*a, *a]\n  statement: s\n", 2, "merge key"),
    "merge-scalar": ("- <<: 3\n", 1, "expected a mapping or list of mappings for merging"),
    "crlf-duplicate": ("- id: a\r\n  statement: s\r\n  statement: t\r\n", 3, "duplicate key"),
    "cr-only-control": ("- id: a\r  statement: s\x07\r", 2, "control character U+0007"),
    "bom-duplicate": ("\ufeff- id: a\n  id: b\n", 2, "duplicate key 'id'"),
    "tab-indent": ("- id: a\n\tstatement: s\n", 2, "invalid YAML: found "),
    "nul-byte": ("- id: a\n  statement: s\x00\n", 2, "control character U+0000"),
    "escape-sequence": ("- id: a\n\n  statement: \x1b[31mred\n", 3, "control character U+001B"),
    "c1-control": ("- id: a\n  statement: \x9b\n", 2, "control character U+009B"),
    "escaped-control": (
        '- id: "a\\x1b[2J"\n  statement: s\n' + GOOD_CITATION,
        1,
        "'id' holds control character U+001B",
    ),
    "escaped-nul-in-file": (
        '- id: a\n  statement: s\n  citations:\n    - file: "a\\0.txt"\n      quote: q\n',
        4,
        "'file' holds control character U+0000",
    ),
    "invalid-utf8": (b"- id: a\n  statement: s\n  quote: caf\xe9\n", 3, "not valid UTF-8"),
    "utf16": ("- id: a\n".encode("utf-16"), 1, "not valid UTF-8"),
    "huge-integer": ("- id: 1" + "0" * 10_000 + "\n", 1, "cannot read"),
    "impossible-date": ("- id: 2020-13-45\n", 1, "cannot read '2020-13-45' as a number or date"),
    "python-tag": ("- !!python/object/apply:os.system [echo hi]\n", 1, "invalid YAML"),
    "python-name-tag": ("- id: !!python/name:os.system\n", 1, "invalid YAML"),
    "set-tag": ("!!set {a, b}\n", 1, "not allowed in a claim file"),
    "complex-key": ("? [a, b]\n: c\n", 1, "a mapping key must be a plain scalar"),
    "two-documents": ("- id: a\n---\n- id: b\n", 2, "but found another document"),
    "unclosed-quote": ('- id: "a\n  statement: s\n', 3, "invalid YAML"),
    "huge-statement": (
        "- id: a\n  statement: " + "x" * 1_000_000 + "\n" + GOOD_CITATION,
        2,
        "'statement' is 1000000 characters, over the limit",
    ),
    "huge-quote": (
        "- id: a\n  statement: s\n  citations:\n    - file: a.txt\n      quote: " + "word " * 30_000 + "\n",
        5,
        "'quote' is 149999 characters",
    ),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("data", "line", "message"), CASES.values(), ids=CASES.keys())
def test_hostile_claim_file_is_refused_in_one_line(
    project: Path, data: bytes | str, line: int | None, message: str
) -> None:
    assert_refused(project, data, line, message)


@pytest.mark.timeout(120)
def test_file_over_the_size_limit(project: Path) -> None:
    with (project / "claims" / "c.yaml").open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: no real 20 MB written
    code, out = verify(project, (project / "claims" / "c.yaml").read_bytes())
    assert code == 2
    assert out[0] == (f"error: claims/c.yaml: file is over the {MAX_FILE_BYTES} byte limit for a claim file; split it")


def test_every_bad_file_is_reported_in_one_run(project: Path) -> None:
    (project / "claims" / "a.yaml").write_text("- id: a\n  id: b\n", encoding="utf-8")
    (project / "claims" / "b.yaml").write_bytes(b"- id: \xff\n")
    result = CliRunner().invoke(cli, ["verify", "claims"], catch_exceptions=False)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0].startswith("error: claims/a.yaml:2: duplicate key 'id'")
    assert lines[1] == "error: claims/b.yaml:1: not valid UTF-8; save the file as UTF-8"
    assert lines[2] == "checker: 2 problems in the claim files; nothing was checked"


def test_anchors_and_merge_keys_without_conflict_still_work(project: Path) -> None:
    (project / "sources" / "a.txt").write_text("Some words.\n", encoding="utf-8")
    code, out = verify(
        project,
        "base: &cite {file: ../sources/a.txt, quote: Some words.}\n"
        "claims:\n"
        "  - id: a\n    statement: s\n    citations:\n      - <<: *cite\n"
        "  - id: b\n    statement: t\n    citations:\n      - *cite\n",
    )
    assert code == 0, out
    assert out[-1].startswith("2 claims: 2 pass"), out
