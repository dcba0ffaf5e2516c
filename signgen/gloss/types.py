"""The gloss contract: what the gloss stage hands to motion, and what `signgen gloss --json` prints.

Character offsets index the story's source text as decoded (see `signgen.ingest.Story`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

GlossKind = Literal["sign", "fingerspell", "number", "index", "classifier", "pause"]


@dataclass(frozen=True)
class Gloss:
    """One unit of signing.

    gloss: the sign's name in capitals (``SNOW``); for fingerspelling the word to spell
        in capitals (``SMITH``); for numbers the digits (``320``).
    kind: how it is produced (a lexicon sign, letters, a number, a point, ...).
    source: [start_char, end_char) of the words it renders in the source text.
    text: those words as written.
    entity: spaCy entity label when the words are a named entity (``PERSON``, ``GPE``...).
    """

    gloss: str
    kind: GlossKind
    source: tuple[int, int]
    text: str
    entity: str | None = None

    def to_json(self) -> dict:
        out = {"gloss": self.gloss, "kind": self.kind, "source": list(self.source), "text": self.text}
        if self.entity:
            out["entity"] = self.entity
        return out


@dataclass(frozen=True)
class GlossSentence:
    """A sentence of the source and its gloss sequence."""

    text: str
    start_char: int
    end_char: int
    glosses: tuple[Gloss, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "glosses": [g.to_json() for g in self.glosses],
        }


@dataclass(frozen=True)
class GlossDocument:
    """A whole story in gloss: the unit the motion stage consumes."""

    language: str
    sign_language: str
    sentences: tuple[GlossSentence, ...]

    def to_json(self) -> dict:
        return {
            "language": self.language,
            "sign_language": self.sign_language,
            "sentences": [s.to_json() for s in self.sentences],
        }
