"""The gloss contract: what the gloss stage hands to motion, and what `signgen gloss --json` prints.

Character offsets index the story's source text as decoded (see `signgen.ingest.Story`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

GlossKind = Literal["sign", "fingerspell", "number", "index", "classifier", "pause"]
# Why a word is fingerspelled: a name (person, place, organisation, month), an abbreviation (FBI,
# the A of A380), a lexicalised spelling that is ASL's usual form (#PARK), or no sign yet.
SpellReason = Literal["name", "abbreviation", "lexicalized", "no-sign"]
SPELL_REASONS: tuple[str, ...] = ("name", "abbreviation", "lexicalized", "no-sign")


@dataclass(frozen=True)
class Gloss:
    """One unit of signing.

    gloss: the sign's name in capitals (``SNOW``); for fingerspelling the word to spell
        in capitals (``SMITH``); for numbers the digits (``320``).
    kind: how it is produced (a lexicon sign, letters, a number, a point, ...).
    source: [start_char, end_char) of the words it renders in the source text.
    text: those words as written.
    entity: spaCy entity label when the words are a named entity (``PERSON``, ``GPE``...).
    locus: for a point (``IX-3:a``, ``POSS-3:a``) the place in signing space it points at;
        for a noun, the place the referent is set up at when first mentioned. Loci are the
        letters ``a``, ``b``, ``c``, ``d`` (signer's right, left, right-forward, left-forward).
        An index gloss spells its locus after a colon; `Lexicon.sign` ignores that suffix.
    reason: for a fingerspelled gloss, why it is spelled (`SpellReason`); None otherwise.
    """

    gloss: str
    kind: GlossKind
    source: tuple[int, int]
    text: str
    entity: str | None = None
    locus: str | None = None
    reason: SpellReason | None = None

    def to_json(self) -> dict:
        out = {"gloss": self.gloss, "kind": self.kind, "source": list(self.source), "text": self.text}
        if self.entity:
            out["entity"] = self.entity
        if self.locus:
            out["locus"] = self.locus
        if self.reason:
            out["reason"] = self.reason
        return out


NmmType = Literal["wh-question", "yn-question", "negation", "affirmation", "topic", "rhetorical"]


@dataclass(frozen=True)
class Nmm:
    """A non-manual marker (face and head) held over glosses `start`..`end` (indices, inclusive).

    wh-question: brows down over a WH question; yn-question: brows up over a yes/no question;
    negation: head shake over the negated predicate; topic: brows up over a fronted topic (time
    phrases); rhetorical: brows up over a rhetorical WH sign (``BRIDGE CLOSE WHY, RIVER FLOOD``).
    """

    type: NmmType
    start: int
    end: int

    def to_json(self) -> dict:
        return {"type": self.type, "from": self.start, "to": self.end}


@dataclass(frozen=True)
class GlossSentence:
    """A sentence of the source, its gloss sequence and the non-manual markers over it."""

    text: str
    start_char: int
    end_char: int
    glosses: tuple[Gloss, ...] = field(default_factory=tuple)
    nmm: tuple[Nmm, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "glosses": [g.to_json() for g in self.glosses],
            "nmm": [m.to_json() for m in self.nmm],
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
