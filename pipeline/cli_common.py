"""What every `zhevents` command module shares: how an error ends a command, how a warning is shown."""

from __future__ import annotations

import typer


def fail(msg: str, code: int = 2) -> None:
    """Print `error: msg` in red on stderr and end the command with `code` (2: bad input or usage)."""
    typer.secho(f"error: {msg}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def warn(msg: str) -> None:
    typer.secho(f"warning: {msg}", fg=typer.colors.YELLOW, err=True)
