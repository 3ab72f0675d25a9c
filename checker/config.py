"""Settings from `[tool.checker]` in pyproject.toml or from checker.toml, validated before any
work starts: an unknown key or a bad value is an error naming the key and the file.

Each section is a frozen dataclass; its fields are the keys it accepts. Command-line options
override what the file says.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import CheckerError
from checker.sources.limits import SourceLimits


@dataclass(frozen=True)
class FetchConfig:
    timeout_connect: float = 10.0
    timeout_read: float = 20.0
    timeout_total: float = 60.0
    max_redirects: int = 5
    max_bytes: int = 50 * 1024 * 1024
    max_decompressed_bytes: int = 200 * 1024 * 1024
    concurrency: int = 16
    per_host: int = 4
    min_interval: float = 0.0
    retries: int = 3
    backoff: float = 0.5
    retry_after_cap: float = 60.0
    user_agent: str = ""
    max_snapshot_age: str = "7d"
    allow_private_addresses: bool = False
    archive_url: str = "https://archive.org/wayback/available"


@dataclass(frozen=True)
class PublisherConfig:
    name: str = ""
    url: str = ""
    review_url: str = ""  # the published fact-check's URL; "{id}" stands for the claim id


@dataclass(frozen=True)
class Config:
    paths: tuple[str, ...] = ("claims",)
    sources: str = "sources"
    fail_on: str = "error"
    workers: int = 0  # 0: one per core
    source_time_limit: float = 120.0  # seconds to read, extract and match one source
    source_memory_mb: int = 2048  # address space of a worker reading one source
    allowed_paths: tuple[str, ...] = ()
    found_score: float = 0.6
    cache_dir: str = ".checker-cache"  # results cache, relative to the config file's folder
    figures_vocabulary: str = ""  # YAML file extending checker/figures/vocabulary.py's tables
    fetch: FetchConfig = field(default_factory=FetchConfig)
    limits: SourceLimits = field(default_factory=SourceLimits)
    publisher: PublisherConfig = field(default_factory=PublisherConfig)
    file: str | None = None  # where it was read from

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


CHOICES = {"fail_on": ("error", "warning")}
PATTERNS = {"max_snapshot_age": (r"\s*\d+(?:\.\d+)?\s*[smhd]?\s*", "a duration like 30m, 12h or 7d")}
AT_MOST = {"found_score": 1.0}  # a share of the quote's letters


class ConfigError(CheckerError):
    pass


def _check_value(where: str, key: str, hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: '{key}' must be a list of strings")
        return tuple(value)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _check_value(where, key, inner[0], value)
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        value = float(value)  # and on to the range checks below
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        raise ConfigError(f"{where}: '{key}' must be {hint.__name__}, not {type(value).__name__}")
    short = key.split(".")[-1].replace("-", "_")
    if short in CHOICES and value not in CHOICES[short]:
        raise ConfigError(f"{where}: '{key}' must be one of {', '.join(CHOICES[short])}")
    if hint in (int, float) and value < 0:
        raise ConfigError(f"{where}: '{key}' must not be negative")
    if short in AT_MOST and value > AT_MOST[short]:
        raise ConfigError(f"{where}: '{key}' must be at most {AT_MOST[short]:g}")
    if short in PATTERNS and not re.fullmatch(PATTERNS[short][0], value):
        raise ConfigError(f"{where}: '{key}' must be {PATTERNS[short][1]}, not '{value}'")
    return value


def _build(cls: type[Any], data: dict[str, Any], where: str, prefix: str = "") -> Any:
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls) if f.name != "file"}
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = raw_key.replace("-", "_")
        name = prefix + raw_key
        if key not in known:
            raise ConfigError(
                f"{where}: unknown key '{name}'; known keys: {', '.join(sorted(prefix + k for k in known))}"
            )
        hint = hints[key]
        if dataclasses.is_dataclass(hint):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: '{name}' must be a table")
            values[key] = _build(hint, value, where, f"{name}.")  # type: ignore[arg-type]
        else:
            values[key] = _check_value(where, name, hint, value)
    return cls(**values)


def _check_vocabulary(config: Config) -> None:
    """Read the figures vocabulary now, so a bad file stops the run before any work."""
    if config.figures_vocabulary:
        from checker.figures.vocabulary import VocabularyError, load_vocabulary

        path = Path(config.file).parent / config.figures_vocabulary if config.file else None
        try:
            load_vocabulary(str(path or config.figures_vocabulary))
        except VocabularyError as exc:
            raise ConfigError(str(exc)) from None


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """The config in force: an explicit file, else checker.toml, else pyproject.toml's
    [tool.checker], looked for from `start` upwards; defaults when there is none."""
    candidates = [explicit] if explicit else []
    if not explicit:
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            candidates += [folder / "checker.toml", folder / "pyproject.toml"]
    for path in candidates:
        if path is None or not path.is_file():
            if explicit:
                raise ConfigError(f"{explicit}: no such config file")
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        if path.name == "pyproject.toml":
            section = data.get("tool", {}).get("checker")
            if section is None:
                continue
            where = f"{path} [tool.checker]"
        else:
            section, where = data, str(path)
        if not isinstance(section, dict):
            raise ConfigError(f"{where}: must be a table")
        config: Config = _build(Config, section, where)
        config = dataclasses.replace(config, file=str(path))
        _check_vocabulary(config)
        return config
    return Config()
