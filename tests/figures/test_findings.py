"""Figure findings on small claim sets over the real seed documents: figure-mismatch,
source-disagreement, figure-imprecise, figure-conflict, timelines, and what must not be flagged."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from checker.claims import load_claims
from checker.config import Config
from checker.figures.vocabulary import VocabularyError, load_vocabulary
from checker.pipeline import VerifyOptions, verify
from checker.results import Report, Severity, Status
from checker.serialize import report_from_dict, report_to_dict
from tests.support.paths import ROOT

A2020 = "amnesty-report-2020-belarus.txt"
A2025 = "amnesty-2025-no-end-in-sight.md"
RFERL = "rferl-2021-torture-investigations.txt"


def claim(cid: str, statement: str, *cites: tuple[str, str], figures: str = "") -> str:
    out = f'  - id: {cid}\n    statement: "{statement}"\n    citations:\n'
    for file, quote in cites:
        out += f'      - file: ../sources/{file}\n        quote: "{quote}"\n'
    return out + figures


def key(k: str, value: str) -> str:
    return f'    figures:\n      - key: {k}\n        value: "{value}"\n'


def check(project: Path, *claims: str, config: Config | None = None) -> Report:
    for doc in (A2020, A2025, RFERL):
        shutil.copy(ROOT / "sources" / doc, project / "sources" / doc)
    path = project / "claims" / "c.yaml"
    path.write_text("claims:\n" + "".join(claims), encoding="utf-8")
    return verify(load_claims([path]), VerifyOptions(offline=True, config=config or Config()))


def kinds(report: Report, cid: str) -> list[str]:
    return [f.kind for c in report.claims if c.id == cid for f in c.findings]


Q_6700 = "Between 9 and 12 August alone, the government confirmed the detention of 6,700 protesters."
Q_50000 = "in five years since the spring 2020, more than 50,000 individuals were detained"
Q_450 = "UN human rights experts received 450 testimonies of ill-treatment of detainees"


def test_statement_contradicted_by_its_quote(project: Path) -> None:
    report = check(project, claim("c", "UN experts received 540 testimonies of ill-treatment.", (A2020, Q_450)))
    [f] = report.claims[0].findings
    assert (f.kind, f.severity, f.citation) == ("figure-mismatch", Severity.ERROR, 0)
    assert "“540”" in f.message and "“450”" in f.message and A2020 in f.message
    assert f.data["figures"] == [
        {"text": "540", "low": 540, "high": 540, "source": "statement", "claim": "c"},
        {"text": "450", "low": 450, "high": 450, "source": f"../sources/{A2020}", "claim": "c"},
    ]
    assert report.claims[0].status is Status.FAIL


def test_about_20000_against_more_than_50000(project: Path) -> None:
    report = check(project, claim("c", "About 20,000 people have been detained since 2020.", (A2025, Q_50000)))
    assert kinds(report, "c") == ["figure-mismatch"]


@pytest.mark.parametrize(
    ("statement", "cite"),
    [
        # the year in the statement, absent from the quote
        ("The government confirmed 6,700 detentions between 9 and 12 August 2020.", (A2020, Q_6700)),
        # a footnote digit glued to the quote's last word
        (
            "Over 1,000 people were detained in a single day in 2020.",
            (A2020, "Repeatedly, over 1,000 people were detained in a single day.3"),
        ),
        # a different period: a total since 2020 is not weighed against four days in August
        ("More than 50,000 people have been detained since 2020.", (A2020, Q_6700)),
        # dates and article numbers in the quote
        (
            "Several bloggers were prosecuted under Article 342 after arrests on 29 May.",
            (
                A2020,
                "They and several other prominent opposition bloggers were later prosecuted as part "
                "of the same criminal investigation under Article 342 of the Criminal Code",
            ),
        ),
        # vague and precise figures that can both be true
        ("Tens of thousands were detained, more than 50,000 since the spring of 2020.", (A2025, Q_50000)),
        # a rounded statement of "some 900"
        (
            "The authorities admitted receiving about 900 complaints of police abuse.",
            (A2020, "The Belarusian authorities admitted receiving some 900 complaints of abuse by police"),
        ),
    ],
)
def test_not_flagged(project: Path, statement: str, cite: tuple[str, str]) -> None:
    report = check(project, claim("c", statement, cite))
    assert kinds(report, "c") == [] and report.claims[0].status is Status.PASS


def test_declared_figure_no_passage_supports(project: Path) -> None:
    report = check(
        project,
        claim(
            "c", "UN experts received hundreds of testimonies.", (A2020, Q_450), figures=key("un/testimonies", "540")
        ),
    )
    [f] = report.claims[0].findings
    assert f.kind == "figure-mismatch" and "figures[un/testimonies] declares “540”" in f.message


def test_declared_figure_with_no_figure_in_the_passages(project: Path) -> None:
    report = check(
        project,
        claim(
            "c",
            "Police used excessive force.",
            (A2020, "Police used excessive and indiscriminate force to disperse demonstrations."),
            figures=key("belarus/detained/2020", "6,700"),
        ),
    )
    [f] = report.claims[0].findings
    assert f.kind == "figure-mismatch" and "no cited passage gives a figure" in f.message


def test_declared_value_that_is_not_a_figure(project: Path) -> None:
    report = check(
        project,
        claim(
            "c", "The government confirmed 6,700 detentions.", (A2020, Q_6700), figures=key("belarus/detained", "lots")
        ),
    )
    [f] = report.claims[0].findings
    assert f.kind == "figure-mismatch" and "“lots”" in f.message


def test_two_citations_disagree(project: Path) -> None:
    report = check(
        project,
        claim(
            "c",
            "Tens of thousands were arrested.",
            (A2020, "tens of thousands were arrested"),
            (RFERL, "Several protesters have been killed and thousands arrested"),
        ),
    )
    [f] = report.claims[0].findings
    assert (f.kind, f.severity, f.citation) == ("source-disagreement", Severity.WARNING, 1)
    assert "“tens of thousands”" in f.message and "“thousands”" in f.message
    assert report.claims[0].status is Status.WARN


def test_unsupported_precision(project: Path) -> None:
    report = check(project, claim("c", "62,315 people have been detained since 2020.", (A2025, Q_50000)))
    [f] = report.claims[0].findings
    assert (f.kind, f.severity) == ("figure-imprecise", Severity.WARNING)


def test_conflict_across_claims_names_the_other(project: Path) -> None:
    k = "belarus/detained/since-2020"
    report = check(
        project,
        claim("low", "Many were detained since 2020.", (A2025, Q_50000), figures=key(k, "about 20,000")),
        claim(
            "high", "More than 50,000 were detained since 2020.", (A2025, Q_50000), figures=key(k, "more than 50,000")
        ),
        claim(
            "vague",
            "Tens of thousands were detained since 2020.",
            (A2025, Q_50000),
            figures=key(k, "tens of thousands"),
        ),
    )
    conflicts = {c.id: [f for f in c.findings if f.kind == "figure-conflict"] for c in report.claims}
    assert [f.data["other_claim"] for f in conflicts["low"]] == ["high"]
    assert [f.data["other_claim"] for f in conflicts["high"]] == ["low"]
    assert conflicts["vague"] == []
    assert "claim 'high'" in conflicts["low"][0].message
    assert {c.id: c.status for c in report.claims}["high"] is Status.FAIL
    [timeline] = [t for t in report.timelines if t["key"] == k]
    assert timeline["kind"] == "declared" and not timeline["consistent"]
    assert len(timeline["conflicts"]) == 1


def test_timeline_orders_by_period_and_is_consistent(project: Path) -> None:
    report = check(
        project,
        claim("a", "More than 50,000 people were detained since the spring of 2020.", (A2025, Q_50000)),
        claim(
            "b",
            "Over 25,000 people had been detained by mid-November 2020.",
            (
                A2020,
                "By mid-November, official and independent figures estimated that over 25,000 people had been detained",
            ),
        ),
        claim("c", "6,700 people were detained between 9 and 12 August 2020.", (A2020, Q_6700)),
    )
    [t] = [t for t in report.timelines if t["key"] == "people detained"]
    assert t["kind"] == "counted" and t["consistent"] and t["conflicts"] == []
    values = [e["value"] for e in t["entries"]]
    assert values.index("6,700") < values.index("over 25,000") < values.index("more than 50,000")
    entry = t["entries"][0]
    assert set(entry) == {"value", "low", "high", "period", "claim", "source", "citation"}
    assert set(t) == {"key", "kind", "unit", "entries", "consistent", "conflicts"}


def test_report_figures_survive_the_json_round_trip(project: Path) -> None:
    report = check(project, claim("c", "About 20,000 people have been detained since 2020.", (A2025, Q_50000)))
    again = report_from_dict(report_to_dict(report))
    assert again.timelines == report.timelines
    assert again.claims[0].figures == report.claims[0].figures
    figs: list[dict[str, Any]] = list(report.claims[0].figures)
    assert {"text": "About 20,000", "source": "statement", "citation": None}.items() <= figs[0].items()


def test_vocabulary_file_extends_the_tables(project: Path) -> None:
    (project / "vocab.yaml").write_text("qualifiers:\n  well over: gt\n", encoding="utf-8")
    config = Config(figures_vocabulary="vocab.yaml", file=str(project / "checker.toml"))
    report = check(
        project, claim("c", "Well over 50,000 people were detained since 2020.", (A2025, Q_50000)), config=config
    )
    assert report.claims[0].figures[0]["high"] is None  # "well over" read as a lower bound
    assert kinds(report, "c") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("qualifiers:\n  well over: lots\n", "must be one of"),
        ("vague:\n  heaps: [5]\n", "must be [low, high]"),
        ("colours: []\n", "unknown key 'colours'"),
        ("- a list\n", "must be a mapping"),
        ("a: [\n", "invalid YAML"),
    ],
)
def test_bad_vocabulary_file_names_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "vocab.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError, match=re.escape(message)) as err:
        load_vocabulary(path)
    assert str(path) in str(err.value)


def test_missing_vocabulary_file(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="figures_vocabulary"):
        load_vocabulary(tmp_path / "nope.yaml")
