"""Pieces (tokens on their way to a gloss) and the parse helpers the ordering rules share."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable

from signgen.gloss.types import GlossKind, SpellReason
from signgen.lexicon import Lexicon, Sense, fingerspelling
from signgen.text.segment import Sentence, Token


@dataclass(frozen=True)
class Piece:
    """Tokens on their way to one gloss. `gloss`/`kind` are None until a rule decides them.

    span: [start, end) in the source; defaults to the tokens' span (set for part of a token,
        e.g. the ``19`` of ``COVID-19``).
    nmm: non-manual markers held over this piece (``negation``, ``topic``...); consecutive
        pieces sharing a type become one span.
    locus: signing-space letter for points and referents (see `signgen.gloss.types.Gloss`).
    role: what an ordering rule needs to know (``time``, ``tense``, ``wh``, ``person``).
    sense: the sense-table row chosen for this word in its sentence (`signgen.gloss.senses`),
        applied by the ``sign_senses`` rule at its place among the rules.
    reason: why a fingerspelled piece is spelled (see `signgen.gloss.types.SpellReason`).
    """

    tokens: tuple[Token, ...]
    gloss: str | None = None
    kind: GlossKind | None = None
    span: tuple[int, int] | None = None
    nmm: frozenset[str] = field(default_factory=frozenset)
    locus: str | None = None
    role: str | None = None
    sense: Sense | None = None
    reason: SpellReason | None = None

    @property
    def decided(self) -> bool:
        return self.kind is not None

    @property
    def token(self) -> Token:
        return self.tokens[0]

    @property
    def source(self) -> tuple[int, int]:
        return self.span or (self.tokens[0].start, self.tokens[-1].end)

    @cached_property  # asked by nearly every rule of every piece; a frozen piece never changes
    def single(self) -> bool:
        """Undecided and one token: what most lexical rules may still act on."""
        return not self.decided and len(self.tokens) == 1


Rule = Callable[[list[Piece], Lexicon], list[Piece]]


def drop_where(pieces: list[Piece], test: Callable[[Token], bool]) -> list[Piece]:
    """Remove undecided single-token pieces whose token passes `test`."""
    return [p for p in pieces if not p.single or not test(p.token)]


def sign_or_spell(piece: Piece, lexicon: Lexicon, lemma: str, gloss_if_spelled: str) -> Piece:
    """Decide a piece as the lexicon's sign for `lemma`, else fingerspell `gloss_if_spelled`."""
    entry = lexicon.find(lemma)
    if entry:
        return replace(piece, gloss=entry.gloss, kind="sign")
    return replace(piece, gloss=fingerspelling(gloss_if_spelled), kind="fingerspell", reason="no-sign")


def lexicon_signs(lexicon: Lexicon) -> Callable[[str], str | None]:
    """word -> the lexicon's gloss for it or None (what `signgen.gloss.numbers` asks)."""

    def signs(word: str) -> str | None:
        entry = lexicon.find(word)
        return entry.gloss if entry else None

    return signs


# Dependency labels that start a clause of their own: time phrases open *their* clause.
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "xcomp", "acl", "conj", "parataxis", "csubj"})


class Parse:
    """Index and tree helpers over one sentence's tokens (token identity is its start offset)."""

    def __init__(self, sentence: Sentence) -> None:
        self.tokens = sentence.tokens
        self._index = {t.start: i for i, t in enumerate(sentence.tokens)}
        self._children: dict[int, list[int]] = {}
        for i, t in enumerate(sentence.tokens):
            if t.head != i:
                self._children.setdefault(t.head, []).append(i)

    def index(self, token: Token) -> int:
        return self._index[token.start]

    def subtree(self, i: int, skip: frozenset[str] = frozenset()) -> set[int]:
        """Token `i` and its descendants, leaving out children whose dep is in `skip`."""
        found, todo = set(), [i]
        while todo:
            j = todo.pop()
            if j in found:
                continue
            found.add(j)
            todo += [k for k in self._children.get(j, []) if self.tokens[k].dep not in skip]
        return found

    def clause_head(self, i: int) -> int:
        """The verb heading the clause token `i` belongs to (the root when none is nearer)."""
        seen = set()
        while i not in seen and self.tokens[i].dep not in CLAUSE_DEPS and self.tokens[i].head != i:
            seen.add(i)
            i = self.tokens[i].head
        return i

    def piece_indices(self, piece: Piece) -> list[int]:
        return [self._index[t.start] for t in piece.tokens if t.start in self._index]

    @property
    def is_question(self) -> bool:
        return bool(self.tokens) and any(t.text == "?" for t in self.tokens[-3:])
