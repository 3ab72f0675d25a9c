"""The command line: a thin layer over the library (checker.claims, checker.pipeline,
checker.reports). Exit status: 0 nothing failed, 1 a claim failed, 2 the run could not be done."""

from __future__ import annotations

import gc
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from checker import __version__
from checker.errors import CheckerError, ClaimsError
from checker.reports import FORMATS

if TYPE_CHECKING:
    from checker.results import Report

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # as a shell reports a command ended by Ctrl-C
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f]")
ISSUES_URL = "https://github.com/checker-project/checker/issues"
F = TypeVar("F", bound=Callable[..., Any])


def _one_line(text: str, limit: int = 2000) -> str:
    """A message as one printable line: hostile input can put line breaks or terminal escapes
    into what we echo (a key name, an exception's text)."""
    text = _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= limit else text[:limit] + "..."


def _internal_error(exc: BaseException) -> None:
    """One line for the user; the traceback goes to a log file they can attach to a report."""
    what = _one_line(f"{type(exc).__name__}: {exc}", 300)
    try:
        fd, log = tempfile.mkstemp(prefix="checker-error-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as fh:
            fh.write(f"checker {__version__}\n{' '.join(sys.argv)}\n\n")
            fh.write("".join(traceback.format_exception(exc)))
        where = f"with the log {log}"
    except OSError as log_exc:  # no log is no reason to show a traceback
        where = f"(no log could be written: {log_exc.strerror or log_exc})"
    click.echo(f"checker: internal error ({what}). This is a bug: please report it at {ISSUES_URL} {where}", err=True)


def collection_paused(func: F) -> F:
    """Run with the cyclic garbage collector off. A run builds a few million objects that
    refcounting frees and almost no cycles; the collector's passes over them cost about a tenth
    of this process's CPU time. Workers turn it back on (checker.jobs)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if was_enabled:  # a caller in the same process (a test, a library) keeps its own
                gc.enable()

    return wrapper  # type: ignore[return-value]


def guarded(func: F) -> F:
    """Turn the project's errors into messages and exit 2, and anything else into one line."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ClaimsError as exc:
            for p in exc.problems:
                click.echo(f"error: {_one_line(str(p))}", err=True)
            n = len(exc.problems)
            click.echo(f"checker: {n} problem{'s' if n != 1 else ''} in the claim files; nothing was checked", err=True)
            sys.exit(EXIT_USAGE)
        except CheckerError as exc:
            click.echo(f"checker: {_one_line(str(exc))}", err=True)
            sys.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("checker: interrupted; nothing more was done", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # the reader went away (`checker verify | head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:
            _internal_error(exc)
            sys.exit(EXIT_USAGE)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="checker")
def cli() -> None:
    """Check that quotes stand in their sources and that figures agree.

    Claims live in YAML files (see README.md); `checker verify` checks them all.
    """


def _report_specs(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list[tuple[str, Path]]:
    from checker.reports import parse_report_spec

    try:
        return [parse_report_spec(v) for v in value]
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


def output_options(func: F) -> F:
    """--format and --output, for the commands that write a report."""
    func = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the report to this file (atomically) instead of standard output.",
    )(func)
    return click.option(
        "--format",
        "fmt",
        default="auto",
        show_default=True,
        type=click.Choice(["auto", *FORMATS]),
        help="Report format. 'auto': github inside GitHub Actions "
        "(GITHUB_ACTIONS=true), else the terminal report, in colour on a "
        "terminal.",
    )(func)


def fetch_options(func: F) -> F:
    """Options shared by the commands that read URLs."""
    func = click.option(
        "--archive-url",
        metavar="URL",
        default=None,
        help="Wayback availability API asked about dead pages ('' for none).",
    )(func)
    func = click.option(
        "--allow-private-addresses", is_flag=True, help="Allow fetching loopback, private and link-local addresses."
    )(func)
    func = click.option(
        "--sources",
        "sources_dir",
        metavar="DIR",
        default=None,
        help="Folder holding the snapshot archive (default: sources).",
    )(func)
    return func


def _progress() -> Any:
    from checker.sources.progress import FetchProgress

    return FetchProgress(sys.stderr)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--offline", is_flag=True, help="Touch no network: use local files and saved snapshots.")
@output_options
@click.option(
    "--report",
    "reports",
    multiple=True,
    metavar="FORMAT:PATH",
    callback=_report_specs,
    help="Also write a report in FORMAT to PATH (atomically); repeatable, e.g. "
    "--report junit:out/junit.xml --report sarif:out/checker.sarif.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default=None,
    help="Exit 1 when a claim fails (error, the default) or also when one warns.",
)
@click.option(
    "--changed-since",
    metavar="GIT_REF",
    help="Check only claims in files changed since GIT_REF (and untracked ones), "
    "claims citing a changed source, and claims sharing a figures key with them.",
)
@click.option("--no-cache", is_flag=True, help="Match every claim again, ignoring and not updating the results cache.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: checker.toml, else [tool.checker] in pyproject.toml).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes reading and matching sources (default: one per core).",
)
@fetch_options
@guarded
@collection_paused
def verify(
    paths: tuple[str, ...],
    offline: bool,
    fmt: str,
    output: Path | None,
    reports: list[tuple[str, Path]],
    fail_on: str | None,
    changed_since: str | None,
    no_cache: bool,
    config_file: Path | None,
    workers: int | None,
    sources_dir: str | None,
    allow_private_addresses: bool,
    archive_url: str | None,
) -> None:
    """Check every claim in PATHS (claim files or folders; default: claims/).

    Exit status: 0 when no claim fails, 1 when at least one does, 2 when the run could not be
    done as asked (an invalid claim file, duplicate ids, a bad option).
    """
    from checker.claims import load_claims
    from checker.config import load_config
    from checker.pipeline import VerifyOptions
    from checker.pipeline import verify as run_verify
    from checker.sources.remote import attach, url_citations, with_flags
    from checker.verdicts import exit_code

    config = load_config(explicit=config_file).replace(fail_on=fail_on, workers=workers)
    config = with_flags(config, sources_dir, allow_private_addresses, archive_url)
    cache = None
    if not no_cache:
        from checker.cache import ResultsCache

        cache = ResultsCache.open(config, offline)
    try:
        claims = load_claims(list(paths) or list(config.paths), cache=cache)
        if changed_since:
            from checker.changes import changed_files, select

            claims = select(claims, changed_files(changed_since))
            if not claims:
                click.echo(f"checker: no claim is touched by the changes since {changed_since}", err=True)
        options = VerifyOptions(offline=offline, config=config, cache=cache)
        if url_citations(claims):  # the progress display (rich) is imported only to fetch
            progress = _progress()
            try:
                options = attach(claims, options, progress)
            finally:
                progress.close()
            if progress.done:
                click.echo(progress.summary(), err=True)
        report = run_verify(claims, options)
    finally:
        if cache:
            cache.close()
    _emit(report, fmt, output, reports, config.fail_on)
    sys.exit(exit_code(report, config.fail_on))


def _emit(
    report: Report, fmt: str, output: Path | None, reports: Sequence[tuple[str, Path]] = (), fail_on: str = "error"
) -> None:
    """The report in `fmt` to `output` (atomically, with a summary line) or standard output,
    and each --report FORMAT:PATH (atomically)."""
    from checker.atomic import write_atomic
    from checker.reports import RenderOptions, pick_format, render, summary_line

    fmt, color = pick_format(fmt, sys.stdout if output is None else None)
    for report_fmt, path in reports:
        write_atomic(path, render(report, report_fmt, RenderOptions(fail_on=fail_on, link_base=path)))
    if output:
        write_atomic(output, render(report, fmt, RenderOptions(fail_on=fail_on, link_base=output)))
        click.echo(summary_line(report))
        click.echo(f"{fmt} report written to {output}")
    else:
        # click strips ANSI codes off a TTY unless told: FORCE_COLOR must reach a CI log.
        click.echo(render(report, fmt, RenderOptions(color=color, fail_on=fail_on)), nl=False, color=color)
    for report_fmt, path in reports:
        click.echo(f"{report_fmt} report written to {path}", err=True)


@cli.command("report")
@click.argument("report_file", metavar="REPORT.json", type=click.Path(dir_okay=False, path_type=Path))
@output_options
@guarded
def report_command(report_file: Path, fmt: str, output: Path | None) -> None:
    """Render a saved JSON report (from `verify --format json`) again, without re-checking.

    Exit status: 0 when it was written, 2 when REPORT.json is missing or not a JSON report.
    """
    from checker.reports.saved import load_report

    _emit(load_report(report_file), fmt, output)


@cli.command()
@click.argument("claim_id")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--kind",
    required=True,
    help="The finding kind accepted (e.g. figure-conflict), or the citation verdict minor-differences or unreachable.",
)
@click.option("--reason", required=True, help="Why it is accepted; shown in every report.")
@click.option("--until", metavar="YYYY-MM-DD", help="Last day the decision holds; after it the finding comes back.")
@click.option("--by", help="Who decided (a name or handle).")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: checker.toml, else [tool.checker] in pyproject.toml).",
)
@guarded
def accept(
    claim_id: str,
    paths: tuple[str, ...],
    kind: str,
    reason: str,
    until: str | None,
    by: str | None,
    config_file: Path | None,
) -> None:
    """Record that a finding of claim CLAIM_ID was reviewed and is accepted.

    Writes an `accepted:` entry into the claim's YAML file (in PATHS, default: the configured
    claim paths), keeping the rest of the file as it is. Exit status 2 for an unknown claim id,
    a bad date, or a verdict that cannot be accepted.
    """
    from checker.accept import KNOWN_KINDS
    from checker.accept import accept as record
    from checker.claims import display_path, load_claims
    from checker.config import load_config

    config = load_config(explicit=config_file)
    claims = load_claims(list(paths) or list(config.paths))
    path = record(claims, claim_id, kind, reason, until=until, by=by)
    if kind not in KNOWN_KINDS:
        click.echo(
            f"checker: warning: '{kind}' is not a kind checker reports today; the entry "
            "applies only to findings of exactly that kind",
            err=True,
        )
    click.echo(f"accepted {kind} for {claim_id} in {display_path(path)}")


@cli.group(name="export")
def export_group() -> None:
    """Write a saved JSON report in the field's standard formats (W3C annotations, ClaimReview)."""


def _write_or_echo(text: str, output: Path | None) -> None:
    from checker.atomic import write_atomic

    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


@export_group.command("annotations")
@click.argument("report_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the JSON-LD to this file (atomically) instead of standard output.",
)
@guarded
def export_annotations(report_file: Path, output: Path | None) -> None:
    """One W3C Web Annotation per verified citation in REPORT_FILE (a JSON report)."""
    from checker.reports.saved import load_report
    from checker.standards.annotations import export_annotations as build
    from checker.standards.files import dump_jsonld

    result = build(load_report(report_file), output.parent if output else Path())
    _write_or_echo(dump_jsonld(result.annotations), output)
    skipped = (
        f"; {result.skipped_no_url} verified citations of a local file only (no url) left out"
        if result.skipped_no_url
        else ""
    )
    click.echo(f"{len(result.annotations)} annotations{f' written to {output}' if output else ''}{skipped}", err=True)


@export_group.command("claimreview")
@click.argument("report_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the JSON-LD to this file (atomically) instead of standard output.",
)
@click.option("--include-failing", is_flag=True, help="Also export claims that warn or fail, rated as such.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file with [publisher] name and url (default: checker.toml, else [tool.checker] in pyproject.toml).",
)
@guarded
def export_claimreview(report_file: Path, output: Path | None, include_failing: bool, config_file: Path | None) -> None:
    """schema.org ClaimReview JSON-LD for each claim in REPORT_FILE (a JSON report) that passed."""
    from checker.config import load_config
    from checker.reports.saved import load_report
    from checker.standards.claimreview import export_claimreview as build
    from checker.standards.files import dump_jsonld

    publisher = load_config(explicit=config_file).publisher
    result = build(load_report(report_file), publisher, include_failing)
    _write_or_echo(dump_jsonld(result.document), output)
    left = (
        f"; {len(result.left_out)} claims that did not pass left out (--include-failing exports them)"
        if result.left_out
        else ""
    )
    click.echo(f"{result.exported} ClaimReviews{f' written to {output}' if output else ''}{left}", err=True)


@cli.group(name="import")
def import_group() -> None:
    """Turn other tools' files into claim files."""


@import_group.command("annotations")
@click.argument("annotation_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the claim stubs to this YAML file (atomically) instead of standard "
    "output; an existing file is never overwritten.",
)
@guarded
def import_annotations(annotation_file: Path, output: Path | None) -> None:
    """Claim YAML stubs from W3C annotations with a TextQuoteSelector (e.g. Hypothesis highlights).

    Each stub has the quote and URL filled in and a statement marked TODO for the editor.
    """
    from checker.standards.files import StandardsError, read_json
    from checker.standards.importer import import_annotations as build
    from checker.standards.importer import stubs_yaml

    if output and output.exists():
        raise StandardsError(f"{output}: already exists; choose a new file name for the stubs")
    data = read_json(annotation_file, "W3C annotations in JSON-LD")
    result = build(data, annotation_file.parent, output.parent if output else Path())
    for s in result.skipped:
        click.echo(f"{annotation_file}: annotation {s.number} skipped: {s.reason}", err=True)
    if not result.stubs:
        raise StandardsError(
            f"{annotation_file}: no annotation with a TextQuoteSelector on an http(s) URL; nothing to import"
        )
    _write_or_echo(stubs_yaml(result, annotation_file.name), output)
    click.echo(
        f"{len(result.stubs)} claim stubs{f' written to {output}' if output else ''}; "
        "write each TODO statement, then run `checker verify`",
        err=True,
    )


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: checker.toml, else [tool.checker] in pyproject.toml).",
)
@fetch_options
@guarded
def fetch(
    paths: tuple[str, ...],
    config_file: Path | None,
    sources_dir: str | None,
    allow_private_addresses: bool,
    archive_url: str | None,
) -> None:
    """Fetch every URL cited in PATHS now and save it as a snapshot (under sources/snapshots).

    Exit status: 0 when every URL was read, 1 when any could not be, 2 when the run could not
    be done as asked.
    """
    from checker.claims import load_claims
    from checker.config import load_config
    from checker.sources.remote import refresh, with_flags

    config = with_flags(load_config(explicit=config_file), sources_dir, allow_private_addresses, archive_url)
    claims = load_claims(list(paths) or list(config.paths))
    progress = _progress()
    try:
        outcomes = refresh(claims, config, progress)
    finally:
        progress.close()
    failed = [o for o in outcomes if o.via == "failed" or o.stale or o.gone]
    for o in failed:
        why = o.doc.reason if o.via == "failed" else (o.stale or o.gone)  # type: ignore[union-attr]
        click.echo(f"failed: {o.url}: {why}", err=True)
    for o in outcomes:
        if o.changed_since:
            click.echo(f"changed: {o.url}: differs from the snapshot of {o.changed_since}")
        if o.via == "archive":
            click.echo(
                f"archived: {o.url}: read from {o.doc.extra.get('archived_from')}",  # type: ignore[union-attr]
                err=True,
            )
    click.echo(progress.summary())
    sys.exit(EXIT_FAIL if failed else EXIT_OK)


def main() -> None:
    try:
        cli(prog_name="checker")
    finally:
        # The process ends here: frozen, the run's objects are spared the interpreter's last
        # collections, a pass over each of them (0.1 s after 10,000 claims).
        gc.freeze()
