"""HamNoSys 4 symbols: SiGML token names and their Unicode code points (U+E000-U+E0F1).

The table comes from the `hamnosys` package's data file; two symbols it drops (U+E054
hambelowstomach, U+E058 hamlrbeside: their lines carry a note that its loader skips) and one
spelling variant (hamcee12open, which it calls hamceeopen) are added here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from signgen.errors import NotationError

_MISSING_FROM_PACKAGE = {"hambelowstomach": 0xE054, "hamlrbeside": 0xE058}
_ALIASES = {"hamceeopen": "hamcee12open"}
_ASCII_SYMBOLS = {"{": "hamaltbegin", "|": "hammetaalt", "}": "hamaltend"}
_NAME_RE = re.compile(r"ham[a-z0-9]+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[int, str]]:
    text = files("hamnosys.data").joinpath("conversion_dict.txt").read_text(encoding="utf-8")
    by_name: dict[str, int] = {}
    for line in text.splitlines():
        match = re.match(r"\s*(ham\w+)\s*,\s*([0-9A-Fa-f]{4})", line)
        if match:
            name = _ALIASES.get(match.group(1).lower(), match.group(1).lower())
            by_name[name] = int(match.group(2), 16)
    by_name.update(_MISSING_FROM_PACKAGE)
    by_code = {code: name for name, code in by_name.items() if code >= 0xE000}
    return by_name, by_code


def code_of(name: str) -> int | None:
    return _tables()[0].get(_ALIASES.get(name.lower(), name.lower()))


def name_of(code: int) -> str | None:
    return _tables()[1].get(code)


@dataclass(frozen=True)
class Symbol:
    """One HamNoSys symbol and where it stood in the input (character offset)."""

    name: str
    position: int


def tokenize(notation: str) -> list[Symbol]:
    """Split a notation written as SiGML token names, HamNoSys Unicode characters, or a mix.

    Whitespace and commas separate names; Unicode symbols need no separator. ``{ | }`` are the
    alternative brackets (hamaltbegin, hammetaalt, hamaltend), as in HamNoSys Unicode.
    """
    symbols: list[Symbol] = []
    i = 0
    while i < len(notation):
        ch = notation[i]
        if ch.isspace() or ch == ",":
            i += 1
            continue
        if ch in _ASCII_SYMBOLS:  # the alternative brackets are plain ASCII in HamNoSys Unicode
            symbols.append(Symbol(_ASCII_SYMBOLS[ch], i))
            i += 1
            continue
        if 0xE000 <= ord(ch) <= 0xE0FF:
            name = name_of(ord(ch))
            if name is None:
                raise NotationError(f"unknown HamNoSys character U+{ord(ch):04X} at position {i}")
            symbols.append(Symbol(name, i))
            i += 1
            continue
        match = _NAME_RE.match(notation, i)
        if match is None:
            raise NotationError(f"unexpected {ch!r} at position {i}: expected a HamNoSys symbol")
        word = match.group(0).lower()
        if code_of(word) is None:
            raise NotationError(f"unknown HamNoSys symbol {word!r} at position {i}")
        if word != "hamspace":  # a written space separates like whitespace does
            symbols.append(Symbol(_ALIASES.get(word, word), i))
        i = match.end()
    return symbols


def to_unicode(names: list[str]) -> str:
    """The HamNoSys Unicode string for a list of token names."""
    return "".join(chr(code_of(n)) for n in names)  # type: ignore[arg-type]
