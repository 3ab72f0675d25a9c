"""Every command and every option of the CLI is documented in README.md."""

from __future__ import annotations

from collections.abc import Iterator

import click

from checker.cli import cli
from tests.support.projects import REPO


def commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from commands(command, f"{path} ")


def test_every_command_and_option_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = []
    for path, command in [("", cli), *commands(cli)]:
        if path and f"checker {path}" not in readme:
            missing.append(f"command `checker {path}`")
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                flags = [f for f in param.opts if f.startswith("--")]
                if not any(f in readme for f in flags):
                    missing.append(f"option {flags[0]} of `checker {path}`")
    assert not missing, "README.md does not document: " + "; ".join(missing)
