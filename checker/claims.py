"""Loading and validating claim files (format: CONTRACT.md section 1).

Every problem in every file is collected before giving up, so a user fixes them in one pass.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from checker.errors import ClaimsError, Problem
from checker.models import Acceptance, Citation, Claim, FigureDecl
from checker.yamlload import CONTROL, LineDict, LineList, YamlError, load_yaml

ROOT_MARKERS = (".git", "pyproject.toml", "checker.toml")
MAX_TEXT_CHARS = 100_000  # a statement or quote longer than this is a mistake, not a quote


def display_path(path: Path) -> str:
    """A path as a person typed it: relative to the working folder when inside it."""
    return _display_path(str(path), os.getcwd())


@functools.lru_cache(maxsize=8192)  # called per claim and citation; resolve() costs a syscall each
def _display_path(path: str, cwd: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return path


def discover(paths: Sequence[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The claim files named or found under the given paths, in a stable order."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file())
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            problems.append(
                Problem(
                    str(raw), None, "no such file or folder; give a claim file (.yaml/.yml) or a folder that holds them"
                )
            )
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def find_root(claim_file: Path) -> Path:
    """The tree `file:` citations must stay inside: the project holding the claim file."""
    path = claim_file.resolve()
    for parent in path.parents:
        if any((parent / m).exists() for m in ROOT_MARKERS):
            return parent
    cwd = Path.cwd().resolve()
    if path.is_relative_to(cwd):
        return cwd
    return path.parent.parent


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class _Checker:
    """Validates one file's parsed YAML, collecting problems rather than raising."""

    def __init__(self, name: str, path: Path, root: Path) -> None:
        self.name, self.path, self.root = name, path, root
        self.problems: list[Problem] = []

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))

    def text(self, m: LineDict, key: str, what: str, required: bool = True) -> str | None:
        value = m.get(key)
        line = m.key_lines.get(key, m.line)
        if value is None:
            if required:
                self.problem(m.line, f"{what} has no '{key}'; add it")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float | dt.date):
            self.problem(line, f"'{key}' must be text, not a {type(value).__name__}")
            return None
        text = str(value)
        if required and not text.strip():
            self.problem(line, f"'{key}' is empty; write the text it should hold")
            return None
        if len(text) > MAX_TEXT_CHARS:
            self.problem(
                line, f"'{key}' is {len(text)} characters, over the limit of {MAX_TEXT_CHARS}; quote a shorter passage"
            )
            return None
        bad = CONTROL.search(text)  # an escape such as "\x1b" in a quoted YAML string
        if bad:
            self.problem(line, f"'{key}' holds control character U+{ord(bad.group()):04X}; remove it")
            return None
        return text

    def items(self, m: LineDict, key: str, what: str, required: bool) -> Iterable[tuple[int, LineDict]]:
        value = m.get(key)
        if value is None:
            if required:
                self.problem(m.line, f"{what} has no '{key}' list; add at least one entry")
            return
        if not isinstance(value, LineList) or (required and not value):
            self.problem(m.key_lines.get(key, m.line), f"'{key}' must be a non-empty list")
            return
        for line, item in zip(value.item_lines, value, strict=True):
            if not isinstance(item, LineDict):
                self.problem(line, f"each entry of '{key}' must be a mapping (key: value)")
                continue
            yield line, item

    def citation(self, m: LineDict, where: str) -> Citation | None:
        quote = self.text(m, "quote", where)
        url = self.text(m, "url", where, required=False)
        file = self.text(m, "file", where, required=False)
        accessed = self.text(m, "accessed", where, required=False)
        if not (url and url.strip()) and not (file and file.strip()):
            self.problem(m.line, f"{where} needs a 'url', a 'file', or both")
            return None
        if quote is None:
            return None
        path = (self.path.parent / file) if file else None
        return Citation(quote=quote, url=url, file=file, path=path, line=m.line, accessed=accessed)

    def claim(self, m: LineDict) -> Claim | None:
        before = len(self.problems)
        cid = self.text(m, "id", "a claim")
        statement = self.text(m, "statement", f"claim '{cid}'")
        citations = [
            self.citation(c, f"a citation of '{cid}'")
            for _, c in self.items(m, "citations", f"claim '{cid}'", required=True)
        ]
        figures = []
        for line, f in self.items(m, "figures", f"claim '{cid}'", required=False):
            key, value = self.text(f, "key", "a figure"), self.text(f, "value", "a figure")
            if key and value:
                figures.append(FigureDecl(key=key.strip(), value=value, line=line))
        accepted = []
        for line, a in self.items(m, "accepted", f"claim '{cid}'", required=False):
            kind, reason = self.text(a, "kind", "an acceptance"), self.text(a, "reason", "an acceptance")
            by = self.text(a, "by", "an acceptance", required=False)
            until = self.text(a, "until", "an acceptance", required=False)
            if until is not None and not _is_date(until):
                self.problem(a.key_lines.get("until", line), f"'until' must be a date (YYYY-MM-DD), not '{until}'")
                until = None
            if kind and reason:
                accepted.append(Acceptance(kind=kind, reason=reason, by=by, until=until, line=line))
        if len(self.problems) > before or cid is None or statement is None:
            return None
        return Claim(
            id=cid.strip(),
            statement=statement,
            citations=tuple(c for c in citations if c),
            source_file=self.path,
            line=m.line,
            figures=tuple(figures),
            accepted=tuple(accepted),
            root=self.root,
        )


def load_file(path: Path) -> tuple[list[Claim], list[Problem]]:
    name = display_path(path)
    try:
        data = load_yaml(path, name)
    except YamlError as exc:
        return [], [exc.problem]
    except OSError as exc:
        return [], [Problem(name, None, f"cannot read: {exc.strerror or exc}")]
    check = _Checker(name, path, find_root(path))
    if isinstance(data, LineDict) and "claims" in data:
        data = data["claims"]
    if data is None:
        return [], []  # an empty file holds no claims
    if not isinstance(data, LineList):
        line = getattr(data, "line", 1)
        return [], [Problem(name, line, "expected a list of claims or a mapping with 'claims:'")]
    claims = []
    for line, item in zip(data.item_lines, data, strict=True):
        if not isinstance(item, LineDict):
            check.problem(line, "each claim must be a mapping with id, statement and citations")
            continue
        claim = check.claim(item)
        if claim:
            claims.append(claim)
    return claims, check.problems


class FileCache(Protocol):
    """Claim files already read in an earlier run (checker.cache)."""

    def cached_file(self, path: Path) -> list[Claim] | None: ...

    def store_file(self, path: Path, claims: list[Claim]) -> None: ...


# Claim files of more bytes than this in all are parsed in a pool of processes: reading YAML
# costs about 0.1 ms a claim, a pool some 50 ms to start.
PARALLEL_BYTES = 1_000_000


def _parse_all(files: list[Path]) -> list[tuple[list[Claim], list[Problem]]]:
    try:
        size = sum(f.stat().st_size for f in files)
    except OSError:
        size = 0  # load_file reports it
    if len(files) < 2 or size < PARALLEL_BYTES:
        return [load_file(f) for f in files]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from checker.jobs import default_workers

    with ProcessPoolExecutor(
        min(default_workers(), len(files)), mp_context=multiprocessing.get_context("fork")
    ) as pool:
        return list(pool.map(load_file, files))


def load_claims(paths: Sequence[str | Path] = ("claims",), cache: FileCache | None = None) -> list[Claim]:
    """Every claim in the given files or folders; raises ClaimsError listing every problem.
    With a `cache`, files read unchanged in an earlier run are not parsed again."""
    files, problems = discover(paths)
    known = {f: cache.cached_file(f) for f in files} if cache else {}
    todo = [f for f in files if known.get(f) is None]
    parsed = dict(zip(todo, _parse_all(todo), strict=True))
    claims: list[Claim] = []
    first: dict[str, Claim] = {}
    for f in files:
        loaded, file_problems = parsed.get(f) or (known[f] or [], [])
        problems.extend(file_problems)
        if cache and f in parsed and not file_problems:
            cache.store_file(f, loaded)
        for c in loaded:
            if c.id in first:
                other = first[c.id]
                problems.append(
                    Problem(
                        display_path(c.source_file),
                        c.line,
                        f"duplicate id '{c.id}' (also at "
                        f"{display_path(other.source_file)}:{other.line}); "
                        "ids must be unique across every file checked",
                    )
                )
                continue
            first[c.id] = c
            claims.append(c)
    if not files and not problems:
        problems.append(Problem(", ".join(map(str, paths)) or ".", None, "no claim files (*.yaml, *.yml) found"))
    if problems:
        raise ClaimsError(problems)
    return claims


def inside_root(path: Path, root: Path, allowed: Sequence[Path] = ()) -> bool:
    """True when the real path (symlinks followed) lies in the root or an allowed folder."""
    real = Path(os.path.realpath(path))
    return any(real.is_relative_to(Path(os.path.realpath(r))) for r in (root, *allowed))
