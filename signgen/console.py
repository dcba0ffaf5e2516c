"""What every command line module shares: the error console and the one-line error rule."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import typer
from rich.console import Console

from signgen.errors import SigngenError

err = Console(stderr=True)


@contextmanager
def expected_errors() -> Iterator[None]:
    """Print expected errors as one line and exit with the error's code (1: the work failed, 2: it
    could not start); anything else is a bug and keeps its traceback."""
    try:
        yield
    except SigngenError as exc:
        err.print(f"[bold red]signgen: error:[/] {exc.message}", highlight=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("signgen: interrupted; no partial output was kept")
        raise typer.Exit(130)
