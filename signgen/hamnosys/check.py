"""Check a file of notations line by line: does each parse, and does it synthesise?"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from signgen.errors import SigngenError
from signgen.hamnosys.model import Sign
from signgen.hamnosys.parser import parse


def check_lines(lines: Iterable[str], synthesize: Callable[[Sign], float] | None = None) -> Iterator[dict]:
    """One report per input line (1-based ``line``), never stopping at a bad one.

    Each report: ``{"line", "ok", "stage", "error", "duration_s"}``. ``stage`` is ``"parse"`` or
    ``"synthesis"`` for a failure and None on success; ``duration_s`` is what ``synthesize``
    returned (the clip's length in seconds), None when there is no callback or it failed.
    Blank lines are reported as parse failures ("empty notation"), not skipped.
    """
    for number, text in enumerate(lines, start=1):
        yield _check(number, text.rstrip("\r\n"), synthesize)


def _check(number: int, text: str, synthesize: Callable[[Sign], float] | None) -> dict:
    report = {"line": number, "ok": False, "stage": None, "error": None, "duration_s": None}
    try:
        sign = parse(text)
    except SigngenError as exc:
        return {**report, "stage": "parse", "error": exc.message}
    if synthesize is None:
        return {**report, "ok": True}
    try:
        duration = float(synthesize(sign))
    except Exception as exc:  # any synthesis failure is this line's result, not the run's end
        return {**report, "stage": "synthesis", "error": f"{type(exc).__name__}: {exc}"}
    return {**report, "ok": True, "duration_s": duration}
