"""Claim files: both layouts, every validation problem reported at once with file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.claims import load_claims
from checker.errors import ClaimsError
from checker.yamlload import compose
from tests.support.paths import ROOT

GOOD = """\
claims:
  - id: one
    statement: A statement.
    citations:
      - url: https://example.org/a
        file: ../sources/a.txt
        quote: Some quote.
    figures:
      - key: x/y
        value: "more than 50,000"
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_mapping_and_list_layouts(project: Path) -> None:
    write(project / "claims" / "a.yaml", GOOD)
    write(
        project / "claims" / "sub" / "b.yml",
        "- id: two\n  statement: S.\n  citations:\n    - file: ../x.txt\n      quote: Q.\n",
    )
    claims = load_claims(["claims"])
    assert [c.id for c in claims] == ["one", "two"]
    one = claims[0]
    assert one.line == 2 and one.citations[0].line == 5
    assert one.citations[0].path is not None
    assert one.citations[0].path.resolve() == (project / "sources" / "a.txt").resolve()
    assert one.figures[0].key == "x/y" and one.figures[0].value == "more than 50,000"


def test_every_problem_is_reported_with_its_line(project: Path) -> None:
    write(
        project / "claims" / "bad.yaml",
        """\
claims:
  - id: a
    citations:
      - quote: Q.
  - id: b
    statement: S.
    citations: []
  - statement: no id
    citations:
      - url: https://x
        quote: ""
""",
    )
    with pytest.raises(ClaimsError) as info:
        load_claims(["claims"])
    text = [str(p) for p in info.value.problems]
    assert "claims/bad.yaml:2: claim 'a' has no 'statement'; add it" in text
    assert "claims/bad.yaml:4: a citation of 'a' needs a 'url', a 'file', or both" in text
    assert "claims/bad.yaml:7: 'citations' must be a non-empty list" in text
    assert "claims/bad.yaml:8: a claim has no 'id'; add it" in text
    assert "claims/bad.yaml:11: 'quote' is empty; write the text it should hold" in text


def test_duplicate_ids_across_files(project: Path) -> None:
    write(project / "claims" / "a.yaml", GOOD)
    write(project / "claims" / "b.yaml", GOOD)
    with pytest.raises(ClaimsError) as info:
        load_claims(["claims"])
    assert [str(p) for p in info.value.problems] == [
        "claims/b.yaml:2: duplicate id 'one' (also at claims/a.yaml:2); ids must be unique across every file checked"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("claims: [\n", "claims/x.yaml:2: invalid YAML"),
        ("- id: a\n  id: b\n", "claims/x.yaml:2: duplicate key 'id' (first at line 1)"),
        ("just a string\n", "claims/x.yaml:1: expected a list of claims"),
        ("- !!python/object:os.system {}\n", "claims/x.yaml:1: invalid YAML"),
        ("- id: a\x07\n", "claims/x.yaml:1: control character U+0007"),
    ],
)
def test_malformed_files(project: Path, text: str, message: str) -> None:
    write(project / "claims" / "x.yaml", text)
    with pytest.raises(ClaimsError) as info:
        load_claims(["claims"])
    assert str(info.value.problems[0]).startswith(message)


def test_non_utf8_file_names_its_line(project: Path) -> None:
    (project / "claims" / "x.yaml").write_bytes(b"- id: a\n  statement: caf\xe9\n")
    with pytest.raises(ClaimsError) as info:
        load_claims(["claims"])
    assert str(info.value.problems[0]) == "claims/x.yaml:2: not valid UTF-8; save the file as UTF-8"


def test_alias_bomb_is_refused(project: Path) -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    write(project / "claims" / "bomb.yaml", "\n".join(lines) + "\n")
    with pytest.raises(ClaimsError) as info:
        load_claims(["claims"])
    assert "refused" in str(info.value.problems[0])


def test_missing_path_and_empty_folder(project: Path) -> None:
    with pytest.raises(ClaimsError) as info:
        load_claims(["nope"])
    assert "nope: no such file or folder" in str(info.value.problems[0])
    with pytest.raises(ClaimsError) as info:
        load_claims(["claims"])
    assert "no claim files" in str(info.value.problems[0])


def test_files_parsed_in_a_pool_read_as_in_one_process(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many claim files are parsed in worker processes (claims.PARALLEL_BYTES); the claims, and
    the problems with their files and lines, are the same, in the same order."""
    import checker.claims

    for k in range(6):
        write(project / "claims" / f"f{k}.yaml", GOOD.replace("id: one", f"id: c{k}"))
    write(project / "claims" / "g.yaml", GOOD.replace("id: one", "id: c2"))  # a duplicate id
    write(project / "claims" / "h.yaml", "- id: a\n  id: b\n")

    def load(parallel_bytes: int) -> list[str]:
        monkeypatch.setattr(checker.claims, "PARALLEL_BYTES", parallel_bytes)
        with pytest.raises(ClaimsError) as info:
            load_claims(["claims"])
        return [str(p) for p in info.value.problems]

    in_pool, alone = load(0), load(10**9)
    assert in_pool == alone and len(alone) == 2 and alone[1].startswith("claims/h.yaml:2")
    write(project / "claims" / "g.yaml", GOOD.replace("id: one", "id: g"))
    (project / "claims" / "h.yaml").unlink()
    monkeypatch.setattr(checker.claims, "PARALLEL_BYTES", 0)
    pooled = load_claims(["claims"])
    monkeypatch.setattr(checker.claims, "PARALLEL_BYTES", 10**9)
    assert pooled == load_claims(["claims"]) and [c.id for c in pooled][-1] == "g"


def _pyyaml(text: str) -> yaml.Node | None:
    """PyYAML's own composer over the same events: what ours must equal."""
    return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _tree(composer: Callable[[str], yaml.Node | None], text: str) -> object:
    """The node tree as plain tuples (shared nodes as back-references), or the error."""
    seen: dict[int, int] = {}

    def walk(n: Any) -> object:  # a ScalarNode or a CollectionNode, each read for its own fields
        if id(n) in seen:
            return ("ref", seen[id(n)])
        seen[id(n)] = len(seen)
        end = n.end_mark and (n.end_mark.line, n.end_mark.column)
        head = (type(n).__name__, n.tag, n.start_mark.line, n.start_mark.column, end)
        if isinstance(n, yaml.ScalarNode):
            return (*head, n.value, n.style)
        if isinstance(n, yaml.SequenceNode):
            return (*head, n.flow_style, [walk(x) for x in n.value])
        return (*head, n.flow_style, [(walk(k), walk(v)) for k, v in n.value])

    try:
        node = composer(text)
    except yaml.MarkedYAMLError as exc:  # the wording differs (ours names the anchor); not the place
        mark = exc.problem_mark
        return ("error", type(exc).__name__, mark and (mark.line, mark.column))
    return node and walk(node)


SHAPES = [
    "a: &x [1, 2, {b: *x}]\nc: *x\n",
    "? [a, b]\n: c\n? {d: e}\n: [f]\n",
    "- &a {id: x}\n- <<: [*a, *a]\n  statement: s\n",
    "",
    "--- !!str\nfoo\n",
    "[a, [b, [c]], {d: [e, {f: g}]}]",
    "k: |\n  text\n  more\n",
    "a: *nope\n",
    "a: &x 1\nb: &x 2\n",
    "a: 1\n---\nb: 2\n",
    "!!map {a: b}",
    "- ! x\n- !foo y\n",
    "&a [*a]\n",
    "{? a}",
    "- - - deep\n  - x\n- {}\n- []\n",
]
SHIPPED = sorted(str(p) for p in (ROOT / "claims").glob("*.yaml"))


@pytest.mark.parametrize("text", SHAPES + [Path(p).read_text(encoding="utf-8") for p in SHIPPED])
def test_composer_builds_the_tree_pyyaml_builds(text: str) -> None:
    # Our loop over the events must give what PyYAML's recursive composer gives: the same nodes, tags,
    # marks (every line a message names) and errors.
    assert _tree(compose, text) == _tree(_pyyaml, text)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=5), kids, max_size=4),
        max_leaves=20,
    ),
    st.booleans(),
)
@settings(max_examples=150, deadline=None)
def test_composer_agrees_on_generated_documents(value: object, flow: bool) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
    assert _tree(compose, text) == _tree(_pyyaml, text)
