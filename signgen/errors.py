"""Expected errors: bad input or an unusable output path.

The CLI prints these as one line (``file: problem``) and exits non-zero without a
traceback. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class SigngenError(Exception):
    """A problem the user can fix, tied to the file it concerns (if any).

    exit_code: what the command line exits with: 1 for a failed job (bad input, a render that
    failed), 2 for a job that could not start (usage, an output held by another render, an output
    folder that cannot be written).
    """

    exit_code = 1

    def __init__(self, problem: str, path: str | Path | None = None) -> None:
        self.problem = problem
        self.path = None if path is None else str(path)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.path}: {self.problem}" if self.path else self.problem


class InputError(SigngenError):
    """The input file is missing, empty, binary, mis-encoded or malformed."""


class UsageError(SigngenError):
    """The command was given options that do not fit together."""

    exit_code = 2


class OutputError(SigngenError):
    """The output cannot be written."""


class UnwritableOutputError(OutputError):
    """The output folder cannot be created or written: nothing was attempted."""

    exit_code = 2


class OutputBusyError(OutputError):
    """Another render holds the output path (see `signgen.claim`)."""

    exit_code = 2


class RenderError(SigngenError):
    """The machine cannot render (no working OpenGL/EGL): a setup problem, not a bad story."""


class NotationError(SigngenError):
    """A HamNoSys notation cannot be parsed or synthesised."""
