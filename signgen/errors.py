"""Expected errors: bad input or an unusable output path.

The CLI prints these as one line (``file: problem``) and exits non-zero without a
traceback. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class SigngenError(Exception):
    """A problem the user can fix, tied to the file it concerns (if any).

    exit_code: what the command line exits with: 1 when the work failed (bad input, a render
    that could not finish), 2 when it could not start (usage, a locked or unwritable output folder).
    """

    exit_code = 1

    def __init__(self, problem: str, path: str | Path | None = None) -> None:
        self.problem = problem
        self.path = None if path is None else str(path)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.path}: {self.problem}" if self.path else self.problem


class UsageError(SigngenError):
    """The command was asked for something that does not exist (an unknown preset, say)."""

    exit_code = 2


class InputError(SigngenError):
    """The input file is missing, empty, binary, mis-encoded or malformed."""


class OutputError(SigngenError):
    """The output cannot be written."""


class OutputFolderError(OutputError):
    """The output folder cannot be created or written: nothing was attempted."""

    exit_code = 2


class LockedError(SigngenError):
    """Another batch holds the output folder's lock."""

    exit_code = 2


class OutputBusyError(OutputError):
    """Another render is writing the same output file (see `signgen.claim`): nothing was attempted."""

    exit_code = 2


class RenderError(SigngenError):
    """The machine cannot render (no working OpenGL/EGL): a setup problem, not a bad story."""


class NotationError(SigngenError):
    """A HamNoSys notation cannot be parsed or synthesised."""
