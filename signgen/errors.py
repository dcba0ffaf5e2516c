"""Expected errors: bad input or an unusable output path.

The CLI prints these as one line (``file: problem``) and exits non-zero without a
traceback. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class SigngenError(Exception):
    """A problem the user can fix, tied to the file it concerns (if any)."""

    def __init__(self, problem: str, path: str | Path | None = None) -> None:
        self.problem = problem
        self.path = None if path is None else str(path)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.path}: {self.problem}" if self.path else self.problem


class InputError(SigngenError):
    """The input file is missing, empty, binary, mis-encoded or malformed."""


class OutputError(SigngenError):
    """The output cannot be written."""


class NotationError(SigngenError):
    """A HamNoSys notation cannot be parsed or synthesised."""
