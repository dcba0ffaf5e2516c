"""ASL sentence structure over decided pieces: word order, non-manual markers and spatial loci.

Ordering rules are ``(pieces, parse, lexicon) -> pieces``; they move decided pieces and tag them
with `Piece.nmm` types. `nmm_spans` turns runs of tagged glosses into `Nmm` spans. `Discourse`
gives referents places in signing space across a story's sentences and points pronouns there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from signgen.gloss.piece import CLAUSE_DEPS, Parse, Piece
from signgen.gloss.types import Nmm
from signgen.lexicon import Lexicon

OrderRule = Callable[[list[Piece], Parse, Lexicon], list[Piece]]


def _tag(piece: Piece, nmm: str) -> Piece:
    return replace(piece, nmm=piece.nmm | {nmm})


# --- time first --------------------------------------------------------------------------------

# Words that make a DATE/TIME phrase a point in time ('last year', 'on Monday'); without one it
# is a duration ('four years') and stays where it is.
_POINT_WORDS = frozenset(
    "ago last next this yesterday today tomorrow tonight morning afternoon evening night noon midnight "
    "weekend monday tuesday wednesday thursday friday saturday sunday p.m. a.m. pm am o'clock earlier "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Time adverbs outside any entity that also open the clause.
_TIME_ADVERBS = frozenset("now today tonight tomorrow yesterday currently recently soon later lately".split())


def _time_tokens(parse: Parse) -> set[int]:
    """Indices of tokens in point-in-time phrases and of lone time adverbs."""
    found: set[int] = set()
    span: list[int] = []
    for i, token in enumerate(list(parse.tokens) + [None]):  # type: ignore[list-item]
        inside = token is not None and token.ent_type in ("DATE", "TIME") and not (token.ent_iob == "B" and span)
        if inside:
            span.append(i)
            continue
        if span and any(_is_point(parse.tokens[j]) for j in span):
            found.update(span)
        span = [i] if token is not None and token.ent_type in ("DATE", "TIME") else []
        if token is not None and not span and token.lemma.lower() in _TIME_ADVERBS and token.pos in ("ADV", "NOUN"):
            found.add(i)
    return found


def _is_point(token) -> bool:
    text = token.text.lower().rstrip(".")
    return text in _POINT_WORDS or token.lemma.lower() in _POINT_WORDS or (
        token.text.isdigit() and len(token.text) == 4)


def _clause_tokens(parse: Parse, head: int) -> set[int]:
    """Tokens of the clause headed by `head`, without the clauses nested in it."""
    nested = CLAUSE_DEPS - {"ROOT"}
    return parse.subtree(head, skip=frozenset(nested))


def _clause_start(pieces: list[Piece], parse: Parse, head: int, moving: list[Piece]) -> int:
    clause = _clause_tokens(parse, head)
    for index, piece in enumerate(pieces):
        if piece not in moving and clause & set(parse.piece_indices(piece)):
            return index
    return len(pieces)


# 'open until 9 p.m.', 'through the weekend', 'into next year', 'worse than last year': a bound of
# an event or a comparison, not when it happens; it stays.
_BOUNDS = frozenset({"until", "till", "through", "by", "since", "before", "after", "from", "to", "between",
                     "into", "than"})


def _bounded_tokens(parse: Parse) -> set[int]:
    found: set[int] = set()
    for i, token in enumerate(parse.tokens):
        if token.lemma.lower() in _BOUNDS and token.dep in ("prep", "mark", "advmod", "quantmod"):
            found |= parse.subtree(i)
    return found


def _time_clause(parse: Parse, indices: list[int]) -> int:
    """The clause a time phrase belongs to, found through its preposition when it has one: the
    parser sometimes hangs a clock time's last word on the wrong verb ('open at 7 a.m. and close
    at 8 p.m.' before another sentence), but the 'at' still attaches to its own verb."""
    if not indices:
        return 0
    first = min(indices)
    before = first - 1
    anchor = before if before >= 0 and parse.tokens[before].pos == "ADP" else first
    return parse.clause_head(anchor)


def time_first(pieces: list[Piece], parse: Parse, lexicon: Lexicon) -> list[Piece]:
    """Time phrases open their clause as a topic: 'The bridge opened on Monday' -> MONDAY BRIDGE OPEN."""
    bounded = _bounded_tokens(parse)
    times = _time_tokens(parse) - bounded
    groups: dict[int, list[Piece]] = {}
    range_head = None  # the clause of the range being read: its later end moves with its start
    for piece in pieces:
        indices = parse.piece_indices(piece)
        if piece.role != "time-range":
            range_head = None
        # A whole range ('from Friday ... until Sunday ...') is when the event happens: it moves.
        if set(indices) & bounded and piece.role != "time-range":
            continue
        if piece.role in ("time", "clock", "time-range") or (indices and set(indices) <= times):
            head = _time_clause(parse, indices) if range_head is None else range_head
            if piece.role == "time-range":
                range_head = head
            groups.setdefault(head, []).append(piece)
    for head, moving in groups.items():
        # Larger units first, as ASL sets time: TUESDAY before TIME 8 NIGHT.
        moving.sort(key=lambda p: p.role == "clock")
        rest = [p for p in pieces if p not in moving]
        at = _clause_start(rest, parse, head, moving)
        pieces = rest[:at] + [_tag(replace(p, role="time"), "topic") for p in moving] + rest[at:]
    return pieces


def tense_first(pieces: list[Piece], parse: Parse, lexicon: Lexicon) -> list[Piece]:
    """WILL opens its clause after any time phrase; with a time phrase it is redundant and dropped."""
    for piece in [p for p in pieces if p.role == "tense"]:
        head = parse.clause_head(parse.piece_indices(piece)[0])
        rest = [p for p in pieces if p is not piece]
        clause = _clause_tokens(parse, head)
        in_clause = [i for i, p in enumerate(rest) if clause & set(parse.piece_indices(p))]
        if any(rest[i].role == "time" for i in in_clause):
            pieces = rest
            continue
        at = in_clause[0] if in_clause else 0
        pieces = rest[:at] + [piece] + rest[at:]
    return pieces


# --- negation -------------------------------------------------------------------------------------

# The subject and what hangs off the clause are outside the head shake.
_OUTSIDE_NEGATION = frozenset({"nsubj", "nsubjpass", "csubj", "expl", "mark", "punct", "cc", "conj", "advcl",
                               "parataxis", "npadvmod", "prep"})


def none_after_noun(pieces: list[Piece], parse: Parse, lexicon: Lexicon) -> list[Piece]:
    """'no injuries' -> INJURY NONE: the negative quantifier follows its noun."""
    for piece in [p for p in pieces if p.role == "neg-det"]:
        noun = piece.token.head
        rest = [p for p in pieces if p is not piece]
        after = [i for i, p in enumerate(rest) if noun in parse.piece_indices(p)]
        if after:
            pieces = rest[:after[-1] + 1] + [piece] + rest[after[-1] + 1:]
    return pieces


def mark_negation(pieces: list[Piece], parse: Parse, lexicon: Lexicon) -> list[Piece]:
    """A head shake from the negation sign over the rest of the predicate it negates."""
    out = list(pieces)
    for at, piece in enumerate(pieces):
        if piece.role not in ("neg", "neg-det"):
            continue
        token = parse.index(piece.token)
        head = parse.tokens[token].head
        if piece.role == "neg-det":  # 'no one was hurt': the noun's verb is negated
            head = parse.tokens[head].head
        scope = parse.subtree(head, skip=_OUTSIDE_NEGATION) | {token}
        for index in range(at, len(out)):
            if index == at or scope & set(parse.piece_indices(out[index])):
                out[index] = _tag(out[index], "negation")
    return out


# --- affirmation ----------------------------------------------------------------------------------

# Words that assert: the clause they affirm gets a nod.
_AFFIRMING = frozenset({"yes", "indeed", "certainly", "definitely", "absolutely", "surely"})


def mark_affirmation(pieces: list[Piece], parse: Parse, lexicon: Lexicon) -> list[Piece]:
    """A nod over a clause asserted emphatically: 'Officials did approve the plan', 'The bridge
    will certainly open', 'Yes, ...'. Never in a question or over a negated clause."""
    if parse.is_question or any("negation" in p.nmm for p in pieces):
        return pieces
    out = list(pieces)
    for i, token in enumerate(parse.tokens):
        lemma = token.lemma.lower()
        emphatic_do = lemma == "do" and token.dep == "aux" and token.text.lower() in ("do", "does", "did")
        if lemma not in _AFFIRMING and not emphatic_do:
            continue
        if token.dep == "intj":  # 'Yes, ...' answers for the whole sentence
            scope = set(range(len(parse.tokens)))
        else:
            scope = parse.subtree(parse.clause_head(i), skip=_OUTSIDE_NEGATION) | {i}
        for index, piece in enumerate(out):
            if scope & set(parse.piece_indices(piece)):
                out[index] = _tag(piece, "affirmation")
    return out


# --- questions ----------------------------------------------------------------------------------

_WH_TAGS = frozenset({"WP", "WRB", "WDT", "WP$"})


def _fronted_wh(pieces: list[Piece], parse: Parse) -> list[Piece]:
    """WH pieces standing before their clause's verb (not relative or indirect WH words)."""
    found = []
    for piece in pieces:
        if not piece.decided or piece.token.tag not in _WH_TAGS:
            continue
        index = parse.index(piece.token)
        verb = parse.clause_head(index)
        if index < verb and parse.tokens[verb].dep in ("ROOT", "conj"):
            found.append(piece)
    return found


def wh_to_end(pieces: list[Piece], parse: Parse, lexicon: Lexicon) -> list[Piece]:
    """A WH question puts its WH sign last, under lowered brows: BRIDGE CLOSE WHO."""
    if not parse.is_question:
        return pieces
    wh = _fronted_wh(pieces, parse)
    if wh:
        pieces = [p for p in pieces if p not in wh] + [replace(p, role="wh") for p in wh]
        return [_tag(p, "wh-question") for p in pieces]
    return [_tag(p, "yn-question") for p in pieces]


def drop_relative_wh(pieces: list[Piece], parse: Parse, lexicon: Lexicon) -> list[Piece]:
    """'Drivers who used to wait': a relative 'who/which/that' has no sign in ASL."""
    out = []
    for piece in pieces:
        token = piece.token
        if len(piece.tokens) == 1 and token.tag in _WH_TAGS:
            head = parse.tokens[token.head]
            if head.dep == "relcl" and head is not token:
                continue
        out.append(piece)
    return out


def reason_after_event(pieces: list[Piece], parse: Parse, lexicon: Lexicon) -> list[Piece]:
    """'Because the river rose, the bridge closed' -> BRIDGE CLOSE WHY RIVER RISE (event, WHY, reason)."""
    for why in [p for p in pieces if "rhetorical" in p.nmm]:
        reason = parse.subtree(why.token.head)  # the 'because' clause
        moving = [p for p in pieces if set(parse.piece_indices(p)) & reason]
        rest = [p for p in pieces if p not in moving]
        if moving and rest and pieces.index(moving[0]) < pieces.index(rest[0]):
            pieces = rest + moving
    return pieces


ORDER_RULES: tuple[OrderRule, ...] = (drop_relative_wh, reason_after_event, time_first, tense_first, none_after_noun, wh_to_end,
                                      mark_negation, mark_affirmation)


# --- spans --------------------------------------------------------------------------------------

_NMM_ORDER = ("topic", "wh-question", "yn-question", "negation", "affirmation", "rhetorical")


def nmm_spans(pieces: list[Piece]) -> tuple[Nmm, ...]:
    """Runs of consecutive pieces sharing an NMM type -> inclusive [from, to] spans."""
    spans = []
    for kind in _NMM_ORDER:
        start = None
        for index, piece in enumerate(pieces + [Piece(())]):
            if kind in piece.nmm and start is None:
                start = index
            elif kind not in piece.nmm and start is not None:
                spans.append(Nmm(kind, start, index - 1))  # type: ignore[arg-type]
                start = None
    return tuple(sorted(spans, key=lambda m: (m.start, m.end)))


# --- loci ---------------------------------------------------------------------------------------

LOCI = "abcd"
_REFERENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"})
_REFERENT_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
_PRONOUN_FEATURES = {
    **dict.fromkeys(("he", "him", "his", "himself", "she", "her", "hers", "herself"), "animate"),
    **dict.fromkeys(("it", "its", "itself"), "thing"),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), "plural"),
}


@dataclass
class _Referent:
    key: str
    locus: str
    animate: bool
    plural: bool


class Discourse:
    """Referents of one story and their loci; pronouns point at the latest compatible one.

    Loci are given in order of first mention, a b c d, then reused from the oldest referent.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.referents: list[_Referent] = []  # most recently mentioned last
        self._next = 0

    def place(self, pieces: list[Piece], parse: Parse) -> list[Piece]:
        """Give referents their loci and point third-person pronouns at them.

        Two different arguments of one clause never share a locus ('she thanked him').
        """
        taken: dict[int, dict[str, int]] = {}  # clause head -> locus -> start of the token that took it
        out = []
        for piece in sorted(pieces, key=lambda p: p.token.start):  # mention order is source order
            clause = taken.setdefault(parse.clause_head(parse.index(piece.token)), {})
            placed = self._place_one(piece, parse, clause)
            if placed.locus:
                clause.setdefault(placed.locus, piece.token.start)
            out.append(placed)
        by_id = {id(p): q for p, q in zip(sorted(pieces, key=lambda p: p.token.start), out)}
        return [by_id[id(p)] for p in pieces]

    def _place_one(self, piece: Piece, parse: Parse, clause: dict[str, int]) -> Piece:
        if piece.role == "ix3":
            word = piece.token.text.lower()
            reflexive = word.endswith(("self", "selves"))
            exclude = set() if reflexive else set(clause)
            locus = self._resolve(word, exclude)
            return replace(piece, gloss=f"{piece.gloss}:{locus}", locus=locus)
        head = self._referent_head(piece, parse)
        if head is None:
            return piece
        return replace(piece, locus=self._mention(head, parse))

    def _referent_head(self, piece: Piece, parse: Parse):
        if piece.kind not in ("sign", "fingerspell") or piece.role in ("time", "clock", "wh", "neg", "neg-det"):
            return None
        token = piece.tokens[-1]
        if token.pos not in ("NOUN", "PROPN") or token.ent_type in ("DATE", "TIME", "MONEY", "PERCENT"):
            return None
        if token.dep in _REFERENT_DEPS or (token.ent_type in _REFERENT_ENTITIES and token.ent_iob != "O"):
            # Only the last word of a name ('Ann O'Brien') takes the locus.
            nxt = parse.index(token) + 1
            if nxt < len(parse.tokens) and token.ent_type and parse.tokens[nxt].ent_iob == "I":
                return None
            return token
        return None

    def _mention(self, token, parse: Parse) -> str:
        key = (token.text if token.pos == "PROPN" else token.lemma).lower()
        for ref in self.referents:
            if ref.key == key:
                self.referents.remove(ref)
                self.referents.append(ref)
                return ref.locus
        entry = self.lexicon.find(token.lemma, token.pos)
        animate = token.ent_type == "PERSON" or bool(entry and "people" in entry.topics) or _is_person_noun(token)
        plural = token.tag in ("NNS", "NNPS") or token.ent_type in ("ORG", "NORP")
        return self._new(key, animate, plural)

    def _new(self, key: str, animate: bool, plural: bool) -> str:
        locus = LOCI[self._next % len(LOCI)]
        self._next += 1
        self.referents = [r for r in self.referents if r.locus != locus]
        self.referents.append(_Referent(key, locus, animate, plural))
        return locus

    def _resolve(self, word: str, exclude: set[str]) -> str:
        feature = _PRONOUN_FEATURES.get(word, "thing")
        tests = {
            "animate": [lambda r: r.animate and not r.plural, lambda r: r.animate],
            "thing": [lambda r: not r.animate and not r.plural, lambda r: not r.animate],
            "plural": [lambda r: r.plural, lambda r: not r.animate],
        }[feature]
        for test in tests:
            for ref in reversed(self.referents):
                if test(ref) and ref.locus not in exclude:
                    return ref.locus
        return self._new(f"<{word}>", feature == "animate", feature == "plural")


# Role nouns of the news that name people; with the lexicon's 'people' topic and PERSON entities
# they decide which referents 'he' and 'she' can point at.
_PERSON_NOUNS = frozenset(
    "mayor governor senator minister official officer spokesperson spokesman spokeswoman chief leader "
    "resident victim suspect witness driver worker employee student teacher patient passenger voter "
    "candidate judge lawyer firefighter director manager owner player coach author singer actor".split()
)


def _is_person_noun(token) -> bool:
    lemma = token.lemma.lower()
    return token.pos == "NOUN" and (lemma in _PERSON_NOUNS or lemma.endswith(("ist", "ian")))
