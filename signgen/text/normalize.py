"""Offset-preserving clean-up of story text.

Every replacement swaps one character for one character (or blanks a run character by
character), so ``normalize(s)[i:j]`` lines up with ``s[i:j]``: offsets computed on the clean
text index the original source unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
}
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
# Markdown emphasis and code markers: blanked so spaCy sees plain words.
_MARKDOWN = "*_`"
_LINE_BREAKS = "\n\u2028\u2029\x85"
# [text](url): keep the link text, blank the brackets and the target.
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\n]*)\)")


@lru_cache(maxsize=4096)
def _replacement(ch: str) -> str:
    """The single character that stands for `ch` in clean text."""
    if ch in _QUOTES:
        return _QUOTES[ch]
    if ch in _DASHES:
        return "-"
    if ch == "\u2026":  # ellipsis: one character, so one full stop
        return "."
    if ch in _MARKDOWN:
        return " "
    if ch in _LINE_BREAKS:
        return "\n"
    category = unicodedata.category(ch)
    # Zs: NBSP, thin and other spaces; Cc: control chars (tab, CR); Cf: zero-width chars, BOM,
    # bidi marks. Cs/Co/Cn: lone surrogates, private use, unassigned: nothing to sign.
    if category in ("Zs", "Cc", "Cf", "Cs", "Co", "Cn"):
        return " "
    return ch


def normalize(text: str) -> str:
    """Return `text` cleaned for the language pipeline, with exactly the same length.

    Curly quotes become straight, dashes '-', odd spaces, control and zero-width characters
    ' ', line separators '\\n', markdown emphasis markers ' ', and markdown link targets blank.
    """
    chars = [_replacement(ch) if not ch.isalnum() else ch for ch in text]
    clean = "".join(chars)
    return _MD_LINK.sub(_blank_link, clean)


def _blank_link(match: re.Match[str]) -> str:
    label = match.group(1)
    return " " + label + " " * (len(match.group(0)) - len(label) - 1)
