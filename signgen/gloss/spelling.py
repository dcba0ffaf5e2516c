"""What a glossed story fingerspells, why, and when that is too much to watch.

Deaf viewers' first complaint about signing avatars is words spelled that have signs. Every
fingerspelled gloss carries its reason (`signgen.gloss.types.SpellReason`); this module lists
them for the render report and warns where spelling gets hard to follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from signgen.gloss.types import GlossDocument, SpellReason

# Fluent fingerspelling runs about 4 letters a second: past 12 letters a word takes over three
# seconds and viewers lose it. Past 5% of a story's words spelled, it stops reading as signing.
LONG_SPELLING_LETTERS = 12
MAX_SPELLED_SHARE = 0.05


@dataclass(frozen=True)
class SpelledWord:
    """One fingerspelled gloss: the letters, the words as written, and why it is spelled."""

    word: str
    text: str
    reason: SpellReason

    def to_json(self) -> dict:
        return {"word": self.word, "text": self.text, "reason": self.reason}


def spelled_words(document: GlossDocument) -> tuple[SpelledWord, ...]:
    """Every fingerspelled gloss of `document`, in signing order."""
    return tuple(SpelledWord(g.gloss, g.text, g.reason or "no-sign")
                 for s in document.sentences for g in s.glosses if g.kind == "fingerspell")


def _word_count(document: GlossDocument) -> int:
    return sum(1 for s in document.sentences for w in s.text.split() if any(ch.isalpha() for ch in w))


def spelling_warnings(document: GlossDocument) -> tuple[str, ...]:
    """One line per problem: a spelled word over 12 letters, a story spelling over 5% of its words."""
    spelled = spelled_words(document)
    warnings = [f"'{w.text}' is fingerspelled ({len(w.word)} letters, {w.reason}): over "
                f"{LONG_SPELLING_LETTERS} letters is hard to follow; add a sign or a shorter word"
                for w in spelled if len(w.word) > LONG_SPELLING_LETTERS]
    words = _word_count(document)
    if words and len(spelled) / words > MAX_SPELLED_SHARE:
        warnings.append(f"{len(spelled)} of {words} words ({len(spelled) / words:.0%}) are fingerspelled, over "
                        f"{MAX_SPELLED_SHARE:.0%}; `signgen lexicon coverage` lists the missing signs")
    return tuple(warnings)
