"""W3C Web Annotation selectors, the annotation and ClaimReview exports, and annotation import:
golden files, the standards' @contexts, re-anchoring on the Belarus base, and a round trip."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from checker.claims import load_claims
from checker.cli import cli
from checker.pipeline import VerifyOptions, verify
from checker.serialize import report_from_dict, report_to_dict
from checker.sources.document import extract
from tests.support import paths
from tests.support.paths import ROOT

FIXTURES = paths.FIXTURES / "standards"
GOLDEN = paths.GOLDEN / "standards"
CHECK_REPORT = ROOT.parent / "shared" / "tools" / "check_report.py"
STARTED = "2026-01-15T09:30:00+00:00"
PUBLISHER = '[publisher]\nname = "Example Fact Desk"\nurl = "https://factdesk.example.org/"\n'
ANNO = "http://www.w3.org/ns/anno.jsonld"


def make_project(tmp: Path, claims: Path) -> Path:
    """A project in `tmp` (cwd): copies of the shipped sources and of `claims` (a file or a
    folder) under claims/, a publisher in checker.toml, and a saved JSON report of them."""
    shutil.copytree(ROOT / "sources", tmp / "sources")
    if claims.is_dir():
        shutil.copytree(claims, tmp / "claims")
    else:
        (tmp / "claims").mkdir()
        shutil.copy(claims, tmp / "claims" / claims.name)
    (tmp / "checker.toml").write_text(PUBLISHER, encoding="utf-8")
    os.chdir(tmp)
    report = verify(load_claims(["claims"]), VerifyOptions(offline=True))
    report = dataclasses.replace(report, started=STARTED, version="0.0.0", duration_s=0.0)
    (tmp / "report.json").write_text(json.dumps(report_to_dict(report), indent=2), encoding="utf-8")
    return tmp / "report.json"


@pytest.fixture
def fixture_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make_project(tmp_path, FIXTURES / "claims.yaml")


@pytest.fixture
def belarus_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make_project(tmp_path, ROOT / "claims")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/standards/NAME; CHECKER_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("CHECKER_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}"


def verified_citations(report: dict[str, Any]) -> list[tuple[str, int, dict[str, Any]]]:
    return [
        (c["id"], i, x) for c in report["claims"] for i, x in enumerate(c["citations"]) if x["verdict"] == "verified"
    ]


# --- selectors in the JSON report --------------------------------------------------------------


def test_json_report_carries_both_selectors_and_a_fragment_link(fixture_report: Path) -> None:
    data = json.loads(fixture_report.read_text(encoding="utf-8"))
    located = [x for c in data["claims"] for x in c["citations"] if "passage" in x]
    assert len(located) == 6
    for x in located:
        p = x["passage"]
        quote_sel, pos_sel = p["selector"]
        assert quote_sel == {
            "type": "TextQuoteSelector",
            "exact": p["text"],
            "prefix": p["before"][-32:],
            "suffix": p["after"][:32],
        }
        assert pos_sel == {"type": "TextPositionSelector", "start": p["start"], "end": p["end"]}
        assert x["fragment_url"].startswith(x["url"] + "#:~:text=")
    medics = next(c for c in data["claims"] if c["id"] == "medics-targeted")["citations"][0]
    # the Markdown copy's <sup>2</sup> is what the published page renders as "2"
    assert "medics2%2C" in medics["fragment_url"] and "sup" not in medics["fragment_url"]
    unreachable = data["claims"][-1]["citations"][0]
    assert "passage" not in unreachable and "fragment_url" not in unreachable
    assert report_to_dict(report_from_dict(data)) == data
    done = subprocess.run(
        [sys.executable, str(CHECK_REPORT), str(fixture_report)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout


def test_selectors_reanchor_on_every_verified_citation_of_the_belarus_base(belarus_report: Path) -> None:
    """prefix + exact + suffix occurs in the extracted source text, and its first occurrence
    is the located passage, so a tool that anchors by quote lands where the checker did."""
    data = json.loads(belarus_report.read_text(encoding="utf-8"))
    claims = {c.id: c for c in load_claims(["claims"])}
    checked = 0
    for claim_id, i, x in verified_citations(data):
        path = claims[claim_id].citations[i].path
        assert path is not None, f"{claim_id}: a verified citation without a local copy"
        text = extract(path.read_bytes(), str(path), path.name).text
        quote_sel, pos_sel = x["passage"]["selector"]
        anchored = quote_sel["prefix"] + quote_sel["exact"] + quote_sel["suffix"]
        assert text.find(anchored) == pos_sel["start"] - len(quote_sel["prefix"]), claim_id
        assert text[pos_sel["start"] : pos_sel["end"]] == quote_sel["exact"]
        checked += 1
    assert checked == data["summary"]["verdict"]["verified"] and checked >= 70


# --- export annotations ------------------------------------------------------------------------


def test_export_annotations_golden(fixture_report: Path) -> None:
    result = run("export", "annotations", "report.json", "--output", "out/annotations.jsonld")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "4 annotations written to out/annotations.jsonld\n"
    text = Path("out/annotations.jsonld").read_text(encoding="utf-8")
    assert_golden("annotations.jsonld", text)
    annotations = json.loads(text)
    assert [a["@context"] for a in annotations] == [ANNO] * 4
    for a in annotations:
        assert a["type"] == "Annotation" and a["motivation"] == "assessing"
        assert a["id"].startswith("urn:uuid:")
        assert [s["type"] for s in a["target"]["selector"]] == ["TextQuoteSelector", "TextPositionSelector"]
        assert [b["purpose"] for b in a["body"]] == ["describing", "assessing", "tagging"]
        assert a["body"][1]["value"] == "verified"
        # the local copy that was checked, relative to the document (JSON-LD's base)
        assert (Path("out") / a["target"]["state"]["cached"]).is_file()
    assert len({a["id"] for a in annotations}) == 4


def test_export_annotations_to_stdout_leaves_out_file_only_citations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    claims = tmp_path / "one.yaml"
    claims.write_text(
        "- id: file-only\n  statement: A claim.\n  citations:\n"
        "    - file: ../sources/amnesty-report-2020-belarus.txt\n"
        "      quote: the government confirmed the detention of 6,700 protesters\n",
        encoding="utf-8",
    )
    make_project(tmp_path / "p", claims)
    result = run("export", "annotations", "report.json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert result.stderr == ("0 annotations; 1 verified citations of a local file only (no url) left out\n")


# --- export claimreview ------------------------------------------------------------------------


def test_export_claimreview_golden_passing_only(fixture_report: Path) -> None:
    result = run("export", "claimreview", "report.json", "-o", "claimreview.jsonld")
    assert result.exit_code == 0
    assert result.stderr == (
        "3 ClaimReviews written to claimreview.jsonld; 3 claims that did not "
        "pass left out (--include-failing exports them)\n"
    )
    text = Path("claimreview.jsonld").read_text(encoding="utf-8")
    assert_golden("claimreview.jsonld", text)
    doc = json.loads(text)
    assert doc["@context"] == "https://schema.org"
    assert {r["@type"] for r in doc["@graph"]} == {"ClaimReview"}
    for review in doc["@graph"]:
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["author"] == {
            "@type": "Organization",
            "name": "Example Fact Desk",
            "url": "https://factdesk.example.org/",
        }
        assert review["datePublished"] == "2026-01-15"
        assert review["reviewRating"]["ratingValue"] == 3


def test_export_claimreview_include_failing_rates_them_plainly(fixture_report: Path) -> None:
    result = run("export", "claimreview", "report.json", "--include-failing", "-o", "all.jsonld")
    assert (result.exit_code, result.stderr) == (0, "6 ClaimReviews written to all.jsonld\n")
    text = Path("all.jsonld").read_text(encoding="utf-8")
    assert_golden("claimreview-include-failing.jsonld", text)
    ratings = {r["identifier"]: r["reviewRating"] for r in json.loads(text)["@graph"]}
    assert ratings["lukashenko-spelling"]["ratingValue"] == 2
    assert ratings["lukashenko-spelling"]["alternateName"].startswith("Sourced with reservations")
    for failing in ("testimonies-misquoted", "no-local-copy"):
        assert ratings[failing]["ratingValue"] == 1
        assert ratings[failing]["alternateName"].startswith("Not supported by its sources")
    assert ratings["testimonies-misquoted"]["ratingExplanation"] == (
        "1 citation checked: 1 misquoted. The statement says “540” (540) (testimonies tortured), "
        "but citation 1 (https://www.amnesty.org/en/location/europe-and-central-asia/belarus/"
        "report-belarus/) says “450” (450)"
    )


def test_export_claimreview_review_url_from_config(fixture_report: Path) -> None:
    Path("checker.toml").write_text(
        PUBLISHER + 'review_url = "https://factdesk.example.org/checks/{id}"\n', encoding="utf-8"
    )
    result = run("export", "claimreview", "report.json")
    urls = [r["url"] for r in json.loads(result.stdout)["@graph"]]
    assert urls[0] == "https://factdesk.example.org/checks/detentions-9-12-august-2020"


# --- import annotations ------------------------------------------------------------------------


def test_import_hypothesis_highlights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = FIXTURES / "hypothesis-search.json"
    result = run("import", "annotations", str(src), "--output", "claims/stubs.yaml")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{src}: annotation 3 skipped: no target with a TextQuoteSelector on an http(s) URL",
        f"{src}: annotation 4 skipped: no target with a TextQuoteSelector on an http(s) URL",
        f"{src}: annotation 5 skipped: the same passage as claim stub between-9-and-12-august-alone-2239e7c1",
        "2 claim stubs written to claims/stubs.yaml; write each TODO statement, then run `checker verify`",
    ]
    text = Path("claims/stubs.yaml").read_text(encoding="utf-8")
    assert_golden("hypothesis-stubs.yaml", text)
    stubs = load_claims(["claims/stubs.yaml"])  # a valid claim file as it stands
    assert [s.statement for s in stubs] == [
        "TODO: write the claim this passage supports (annotation: Figure for the August detentions piece)",
        "TODO: write the claim this passage supports",
    ]
    # a PDF highlight's target is a urn: the annotation's own uri is the URL to cite
    assert stubs[1].citations[0].url == ("https://www.rferl.org/a/belarus-amnesty-torture-investigations/31071542.html")
    assert all(c.file is None for s in stubs for c in s.citations)


def test_import_reads_collections_pages_and_single_annotations(tmp_path: Path) -> None:
    from checker.standards.importer import import_annotations

    ann = {
        "type": "Annotation",
        "target": {
            "source": "https://example.org/a",
            "selector": {"type": "TextQuoteSelector", "exact": "a  passage\n of text"},
        },
    }
    page = {"type": "AnnotationPage", "items": [ann]}
    for doc in (
        ann,
        [ann],
        page,
        {"@context": ANNO, "type": "AnnotationCollection", "first": page},
        {"annotations": [ann]},
    ):
        got = import_annotations(doc, tmp_path, tmp_path)
        assert [(c.url, c.quote) for s in got.stubs for c in s.citations] == [
            ("https://example.org/a", "a passage of text")
        ]


def test_import_refuses_hostile_annotations(tmp_path: Path) -> None:
    from checker.standards.importer import import_annotations

    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    outside = tmp_path.parent / "outside.txt"
    outside.write_text("secret", encoding="utf-8")

    def target(source: str, exact: str, cached: str) -> dict[str, Any]:
        return {
            "target": {
                "source": source,
                "state": {"type": "TimeState", "cached": cached},
                "selector": {"type": "TextQuoteSelector", "exact": exact},
            }
        }

    got = import_annotations(
        [
            target("javascript:alert(1)", "words", "x"),
            target("https://example.org/", "tab\there\x00 and\x1b[31m", "/etc/passwd"),
            target("https://example.org/b", "more words", "../outside.txt"),
            "not an object",
        ],
        tmp_path,
        tmp_path,
    )
    assert [(s.number, s.reason) for s in got.skipped] == [
        (1, "no target with a TextQuoteSelector on an http(s) URL"),
        (4, "not an annotation object"),
    ]
    assert [(c.quote, c.file) for s in got.stubs for c in s.citations] == [
        ("tab here and [31m", None),
        ("more words", None),
    ]


def test_round_trip_on_the_belarus_base_all_verified(belarus_report: Path) -> None:
    """Export every verified citation as an annotation, import them as stubs, check the stubs:
    each quote is found again in the local copy the annotation's TimeState names."""
    data = json.loads(belarus_report.read_text(encoding="utf-8"))
    with_url = [x for _, _, x in verified_citations(data) if x.get("url")]
    assert run("export", "annotations", "report.json", "-o", "out/a.jsonld").exit_code == 0
    result = run("import", "annotations", "out/a.jsonld", "-o", "claims/imported/stubs.yaml")
    assert result.exit_code == 0, result.stderr
    stubs = load_claims(["claims/imported/stubs.yaml"])
    assert sum(len(s.citations) for s in stubs) == len(with_url) > 40
    assert all(c.file for s in stubs for c in s.citations)
    report = verify(stubs, VerifyOptions(offline=True))
    verdicts = [c.verdict.value for r in report.claims for c in r.citations]
    assert verdicts == ["verified"] * len(with_url)


# --- bad input: one line, exit 2 ---------------------------------------------------------------


def test_bad_input_files_exit_2_with_one_line(fixture_report: Path) -> None:
    Path("broken.json").write_text('{"claims": [\n  {"id": 1,}\n]}', encoding="utf-8")
    Path("other.json").write_text('{"rows": []}', encoding="utf-8")
    Path("latin1.json").write_bytes(b'{"a": "\xe9"}')
    cases = [
        (
            ("export", "annotations", "missing.json"),
            "checker: missing.json: no such file; write one with `checker verify --format json --output FILE`\n",
        ),
        (
            ("export", "annotations", "broken.json"),
            "checker: broken.json:2: not valid JSON "
            "(Expecting property name enclosed in double quotes); write one with `checker verify "
            "--format json --output FILE`\n",
        ),
        (
            ("export", "claimreview", "other.json"),
            "checker: other.json: not a checker JSON "
            "report (no 'claims' list); write one with `checker verify --format json --output "
            "FILE`\n",
        ),
        (
            ("import", "annotations", "latin1.json"),
            "checker: latin1.json: not UTF-8 text; expected W3C annotations in JSON-LD\n",
        ),
        (
            ("import", "annotations", "other.json"),
            "checker: other.json: no annotation with a TextQuoteSelector on an http(s) URL; nothing to import\n",
        ),
        (
            ("import", "annotations", "report.json", "-o", "report.json"),
            "checker: report.json: already exists; choose a new file name for the stubs\n",
        ),
    ]
    for args, message in cases:
        result = run(*args)
        assert (result.exit_code, result.stderr, result.stdout) == (2, message, ""), args


def test_claimreview_without_a_publisher_exits_2(fixture_report: Path) -> None:
    Path("checker.toml").write_text("", encoding="utf-8")
    result = run("export", "claimreview", "report.json", "-o", "cr.jsonld")
    assert (result.exit_code, result.stderr) == (
        2,
        (
            "checker: ClaimReview needs the reviewing organisation: set 'name' and 'url' under "
            "[publisher] in checker.toml (or [tool.checker.publisher] in pyproject.toml)\n"
        ),
    )
    assert not Path("cr.jsonld").exists()
    Path("checker.toml").write_text('[publisher]\nname = "X"\nurl = "javascript:x"\n', encoding="utf-8")
    result = run("export", "claimreview", "report.json")
    assert result.exit_code == 2 and "publisher 'url' must be an http(s) URL" in result.stderr


# --- text-fragment links in the other reports --------------------------------------------------


def test_terminal_and_markdown_reports_link_the_passage(fixture_report: Path) -> None:
    from checker.reports import RenderOptions, render

    report = report_from_dict(json.loads(fixture_report.read_text(encoding="utf-8")))
    link = (
        "https://www.amnesty.org/en/location/europe-and-central-asia/belarus/report-belarus/"
        "#:~:text=UN%20human%20rights%20experts%20received%20450%20testimonies%20of%20ill"
        "%2Dtreatment%20of%20detainees,-supported%20by%20photo%2C%20video%20and"
    )
    terminal = render(report, "terminal", RenderOptions(width=400))
    assert f"        open at the passage: {link}\n" in terminal
    markdown = render(report, "markdown")
    assert f"  - [open the source at this passage]({link})\n" in markdown

    hostile = dataclasses.replace(
        report.claims[4],
        citations=tuple(dataclasses.replace(c, url="javascript:alert(1)") for c in report.claims[4].citations),
    )
    bad = dataclasses.replace(report, claims=(hostile,))
    assert "open" not in render(bad, "markdown") and "open" not in render(bad, "terminal")
    spaced = dataclasses.replace(
        report,
        claims=(
            dataclasses.replace(
                hostile, citations=tuple(dataclasses.replace(c, url="https://e.org/a b)(c") for c in hostile.citations)
            ),
        ),
    )
    assert "(https://e.org/a%20b%29%28c#:~:text=" in render(spaced, "markdown")


def test_stub_yaml_is_what_the_loader_reads(tmp_path: Path) -> None:
    from checker.standards.importer import import_annotations, stubs_yaml

    ann = {
        "target": {
            "source": "https://example.org/",
            "selector": {"type": "TextQuoteSelector", "exact": 'A "quoted" passage: with # and ... and [sic]'},
        },
        "body": [
            {"type": "TextualBody", "value": "note: x", "purpose": "commenting"},
            {"type": "TextualBody", "value": "tag", "purpose": "tagging"},
        ],
    }
    text = stubs_yaml(import_annotations([ann], tmp_path, tmp_path), "x.jsonld")
    doc = yaml.safe_load(text)
    assert doc["claims"][0]["citations"][0]["quote"] == ('A "quoted" passage: with # and ... and [sic]')
    assert doc["claims"][0]["statement"] == ("TODO: write the claim this passage supports (annotation: note: x)")
