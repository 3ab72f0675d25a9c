"""Reading the files the standards commands take (a saved JSON report, a JSON-LD document) and
writing JSON-LD, with one-line errors that name the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checker.errors import CheckerError

MAX_INPUT_BYTES = 200 * 1024 * 1024


class StandardsError(CheckerError):
    """An input file the standards commands cannot use; the CLI prints it and exits 2."""


def read_json(path: Path, what: str) -> Any:
    """Parsed JSON from `path`; a StandardsError saying why not, naming the file and line."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise StandardsError(f"{path}: not a file; expected {what}")
        if size > MAX_INPUT_BYTES:
            raise StandardsError(f"{path}: {size} bytes, over the limit of {MAX_INPUT_BYTES}")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise StandardsError(f"{path}: no such file; expected {what}") from None
    except OSError as exc:
        raise StandardsError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise StandardsError(f"{path}: not UTF-8 text; expected {what}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise StandardsError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg}); expected {what}") from None
    except RecursionError:
        raise StandardsError(f"{path}: JSON nested too deeply; refused") from None


def dump_jsonld(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
