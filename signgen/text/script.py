"""Is this text English at all? Decided by writing system (Unicode), not by a language model.

A story in Chinese, Arabic or only emoji would otherwise gloss to nothing and render a signer
standing at rest. Words are counted per script: a run of Latin letters is one word, each Han,
kana or Hangul character one word (those scripts do not separate words with spaces), a run of
any other script one word, and each emoji or pictographic symbol one. The text is refused when
it has no Latin words, or when words of other scripts outnumber them; an English story that
names one foreign person or place in its own script is still English.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

from signgen.errors import InputError

# Scripts written without spaces: every character counts as a word.
_CHARACTER_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL"})
_SCRIPT_NAMES = {
    "CJK": "Chinese characters", "HIRAGANA": "Japanese kana", "KATAKANA": "Japanese kana",
    "HANGUL": "Korean Hangul syllables", "ARABIC": "Arabic", "CYRILLIC": "Cyrillic", "GREEK": "Greek",
    "HEBREW": "Hebrew", "DEVANAGARI": "Devanagari", "THAI": "Thai", "BENGALI": "Bengali",
    "TAMIL": "Tamil", "ARMENIAN": "Armenian", "GEORGIAN": "Georgian", "ETHIOPIC": "Ethiopic",
    "SYMBOL": "emoji and symbols",
}


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str | None:
    """The writing system of one character ('LATIN', 'CJK', 'ARABIC'...), 'SYMBOL' for emoji and
    pictographs, None for digits, punctuation, spaces and marks."""
    category = unicodedata.category(ch)
    if category == "So":
        return "SYMBOL"
    if not category.startswith("L"):
        return None
    name = unicodedata.name(ch, "")
    if name.startswith(("FULLWIDTH LATIN", "LATIN")):
        return "LATIN"
    return name.split(" ", 1)[0] or "UNKNOWN"


def script_words(text: str) -> Counter[str]:
    """Words of `text` per script (see the module notes for what counts as a word)."""
    counts: Counter[str] = Counter()
    previous = None
    for ch in text:
        script = script_of(ch)
        if script is not None and (script != previous or script in _CHARACTER_SCRIPTS or script == "SYMBOL"):
            counts[script] += 1
        previous = script
    return counts


def describe(script: str, count: int) -> str:
    """'Arabic (5 words)', 'Chinese characters (14)', 'emoji and symbols (3)'."""
    unit = "" if script in _CHARACTER_SCRIPTS or script == "SYMBOL" else f" word{'s' if count != 1 else ''}"
    return f"{_SCRIPT_NAMES.get(script, script.title())} ({count}{unit})"


def check_english(text: str, path: str | None = None) -> None:
    """Raise InputError naming what was found when `text` is not written in English (Latin letters)."""
    counts = script_words(text)
    latin = counts.pop("LATIN", 0)
    foreign = sum(counts.values())
    if not foreign or foreign <= latin:
        return  # English, or nothing at all (empty input is ingest's to report)
    found = ", ".join(describe(script, n) for script, n in counts.most_common(3))
    english = f"only {latin} English word{'s' if latin != 1 else ''}" if latin else "no English words"
    raise InputError(f"not English: found {found} and {english}; signgen signs English text, "
                     "so translate the story first", path)
