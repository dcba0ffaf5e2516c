"""English -> American Sign Language gloss, first pass.

Each sentence's tokens become a list of `Piece`s; a fixed sequence of small rules then drops,
merges or decides pieces. A rule is a function ``(pieces, lexicon) -> pieces`` that only touches
undecided pieces, so rules can be added or reordered without knowing about each other (see
`RULES`). Whatever is still undecided at the end is fingerspelled, or dropped when it has no
letters to spell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from typing import Callable

from signgen.gloss.types import Gloss, GlossKind, GlossSentence
from signgen.lexicon import Lexicon, fingerspelling
from signgen.text.segment import Sentence, Token


@dataclass(frozen=True)
class Piece:
    """Tokens on their way to one gloss. `gloss`/`kind` are None until a rule decides them.

    span: [start, end) in the source; defaults to the tokens' span (set for part of a token,
    e.g. the ``19`` of ``COVID-19``).
    """

    tokens: tuple[Token, ...]
    gloss: str | None = None
    kind: GlossKind | None = None
    span: tuple[int, int] | None = None

    @property
    def decided(self) -> bool:
        return self.kind is not None

    @property
    def token(self) -> Token:
        return self.tokens[0]

    @property
    def source(self) -> tuple[int, int]:
        return self.span or (self.tokens[0].start, self.tokens[-1].end)


Rule = Callable[[list[Piece], Lexicon], list[Piece]]


def _drop_where(pieces: list[Piece], test: Callable[[Token], bool]) -> list[Piece]:
    """Remove undecided single-token pieces whose token passes `test`."""
    return [p for p in pieces if p.decided or len(p.tokens) != 1 or not test(p.token)]


def _sign_or_spell(piece: Piece, lexicon: Lexicon, lemma: str, gloss_if_spelled: str) -> Piece:
    """Decide a piece as the lexicon's sign for `lemma`, else fingerspell `gloss_if_spelled`."""
    entry = lexicon.find(lemma)
    if entry:
        return replace(piece, gloss=entry.gloss, kind="sign")
    return replace(piece, gloss=fingerspelling(gloss_if_spelled), kind="fingerspell")


# --- dropping rules ----------------------------------------------------------------------------

_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)|^[^@\s]+@[^@\s]+\.[a-z]{2,}$|\.(?:com|org|net|gov|edu)(?:/|$)", re.I)


def drop_punctuation(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Punctuation is carried by pauses and face, not by signs ('%' and currency symbols are words)."""
    return _drop_where(pieces, lambda t: (t.is_punct or t.pos in ("PUNCT", "SPACE")) and t.text not in _SYMBOL_WORDS)


def drop_urls(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Web and mail addresses are shown on screen; spelling them letter by letter is unwatchable."""
    return _drop_where(pieces, lambda t: bool(_URL.search(t.text)))


def drop_articles(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """ASL has no articles."""
    return _drop_where(pieces, lambda t: t.text.lower() in ("the", "a", "an") and t.pos == "DET")


def drop_auxiliaries(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Drop copula and auxiliaries (be; do/have as helpers); future 'will' stays as WILL only if signed."""
    result = []
    for piece in pieces:
        token = piece.token
        lemma = token.lemma.lower()
        if piece.decided or len(piece.tokens) != 1:
            result.append(piece)
        elif token.tag == "MD" and lemma in ("will", "shall", "'ll"):
            entry = lexicon.find("will")
            if entry:
                result.append(replace(piece, gloss=entry.gloss, kind="sign"))
        elif lemma == "be" or (lemma in ("do", "have") and (token.pos == "AUX" or token.dep.startswith("aux"))):
            continue
        else:
            result.append(piece)
    return result


def drop_infinitive_to(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Infinitive 'to' (to build) has no sign; the preposition 'to' is left to later rules."""
    return _drop_where(pieces, lambda t: t.text.lower() == "to" and t.pos == "PART")


# --- numbers -----------------------------------------------------------------------------------

_UNITS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine".split())}
_TEENS = {w: n + 10 for n, w in enumerate(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: (n + 2) * 10 for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$", re.ASCII)
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.I | re.ASCII)
# Longer figures (serial numbers, garbage) are read digit string by digit string instead.
_MAX_FIGURE = 24


@dataclass(frozen=True)
class _Num:
    """One number word or figure: kind is 'value', 'units', 'tens', 'hundred' or 'scale'."""

    kind: str
    value: Decimal


def _number_token(token: Token) -> _Num | None:
    text = token.text.lower()
    if len(text) > _MAX_FIGURE:
        return None
    if _DIGITS.match(text):
        return _Num("value", Decimal(text.replace(",", "")))
    if match := _ORDINAL.match(text):
        # First pass: '4th' is signed as 4 (ordinal movement is left to a later pass).
        return _Num("value", Decimal(match.group(1)))
    if text in _UNITS:
        return _Num("units", Decimal(_UNITS[text]))
    if text in _TEENS:
        return _Num("value", Decimal(_TEENS[text]))
    if text in _TENS:
        return _Num("tens", Decimal(_TENS[text]))
    if text == "hundred":
        return _Num("hundred", Decimal(100))
    if text in _SCALES:
        return _Num("scale", Decimal(_SCALES[text]))
    return None


def _continues(prev: _Num, nxt: _Num) -> bool:
    """Whether `nxt` extends the number `prev` belongs to ('twenty four', '320 million')."""
    if nxt.kind in ("hundred", "scale"):
        return prev.kind in ("value", "units", "tens") or (prev.kind == "hundred" and nxt.kind == "scale")
    if prev.kind == "tens":
        return nxt.kind == "units"
    if prev.kind in ("hundred", "scale"):
        return nxt.kind in ("units", "tens") or (nxt.kind == "value" and nxt.value < 100 and nxt.value % 1 == 0)
    return False


def _number_pieces(value: Decimal, tokens: tuple[Token, ...], lexicon: Lexicon) -> list[Piece]:
    """A whole number -> one number piece; a decimal -> whole part, POINT, fraction digits."""
    if value == value.to_integral_value():
        return [Piece(tokens, gloss=str(int(value)), kind="number")]
    whole, fraction = format(value.normalize(), "f").split(".")
    point = _sign_or_spell(Piece(tokens), lexicon, "point", "POINT")
    return [Piece(tokens, gloss=whole, kind="number"), point, Piece(tokens, gloss=fraction, kind="number")]


def _gloss_number_run(run: list[tuple[Piece, _Num]], lexicon: Lexicon) -> list[Piece]:
    """Number words/figures in a row -> pieces; a scale word the lexicon signs stays a sign."""
    with localcontext() as context:
        context.prec = 80  # exact for any run of figures up to _MAX_FIGURE digits with scales
        return _accumulate_run(run, lexicon)


def _accumulate_run(run: list[tuple[Piece, _Num]], lexicon: Lexicon) -> list[Piece]:
    out: list[Piece] = []
    total = current = Decimal(0)
    pending: list[Token] = []
    for piece, num in run:
        pending.append(piece.token)
        if num.kind in ("value", "units", "tens"):
            current += num.value
        elif num.kind == "hundred":
            current = (current or 1) * 100
        else:
            entry = lexicon.find(piece.token.text.lower(), "NUM")
            if entry:
                # '320 million' with a MILLION sign: 320, then MILLION.
                out += _number_pieces(total + (current or 1), tuple(pending[:-1]) or (piece.token,), lexicon)
                out.append(Piece((piece.token,), gloss=entry.gloss, kind="sign"))
                total = current = Decimal(0)
                pending = []
                continue
            total += (current or 1) * num.value
            current = Decimal(0)
    if pending:
        out += _number_pieces(total + current, tuple(pending), lexicon)
    return out


def _split_mixed(piece: Piece) -> list[Piece] | None:
    """A token mixing letters and digits ('COVID-19', '3:30', 'A380') -> letters spelled, digits as numbers."""
    token = piece.token
    if not any(ch.isdigit() for ch in token.text):
        return None
    parts = []
    for match in re.finditer(r"\d+|[^\W\d_]+", token.text):
        span = (token.start + match.start(), token.start + match.end())
        if match.group().isdigit():
            if match.group().isascii():  # other scripts' digits are left out in this first pass
                digits = match.group().lstrip("0") or "0"
                parts.append(Piece((token,), gloss=digits, kind="number", span=span))
        elif gloss := fingerspelling(match.group()):
            parts.append(Piece((token,), gloss=gloss, kind="fingerspell", span=span))
    return parts


def gloss_numbers(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Figures and number words -> digits ('1,200' -> 1200, 'four' -> 4, '320 million')."""
    result: list[Piece] = []
    run: list[tuple[Piece, _Num]] = []
    for piece in pieces:
        num = None if piece.decided or len(piece.tokens) != 1 else _number_token(piece.token)
        if num and run and not _continues(run[-1][1], num):
            result += _gloss_number_run(run, lexicon)
            run = []
        if num:
            run.append((piece, num))
            continue
        if run:
            result += _gloss_number_run(run, lexicon)
            run = []
        mixed = None if piece.decided or len(piece.tokens) != 1 else _split_mixed(piece)
        result += mixed if mixed is not None else [piece]
    if run:
        result += _gloss_number_run(run, lexicon)
    return result


_CURRENCY = {"$": ("dollar", "DOLLAR"), "€": ("euro", "EURO"), "£": ("pound", "POUND"), "¥": ("yen", "YEN")}


def currency_after_number(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'$3 million' is signed 3 MILLION DOLLAR: the currency sign moves after its amount."""
    result = list(pieces)
    index = 0
    while index < len(result):
        piece = result[index]
        if piece.decided or len(piece.tokens) != 1 or piece.token.text not in _CURRENCY:
            index += 1
            continue
        lemma, spelled = _CURRENCY[piece.token.text]
        decided = _sign_or_spell(piece, lexicon, lemma, spelled)
        end = index + 1
        while end < len(result) and result[end].decided and _is_amount(result[end]):
            end += 1
        result[index:end] = result[index + 1:end] + [decided]
        index = end
    return result


def _is_amount(piece: Piece) -> bool:
    return piece.kind == "number" or piece.token.pos == "NUM"


# Symbols that stand for words and must survive drop_punctuation.
_SYMBOL_WORDS = frozenset(_CURRENCY) | {"%"}


def percent_sign(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'%' -> PERCENT."""
    return [
        _sign_or_spell(p, lexicon, "percent", "PERCENT") if not p.decided and p.token.text == "%" else p
        for p in pieces
    ]


# --- lexicon rules -----------------------------------------------------------------------------


def sign_phrases(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Multiword lexicon entries ('fire department'), longest match first."""
    result: list[Piece] = []
    index = 0
    while index < len(pieces):
        match = _phrase_at(pieces, index, lexicon)
        if match:
            length, gloss = match
            tokens = tuple(t for p in pieces[index:index + length] for t in p.tokens)
            result.append(Piece(tokens, gloss=gloss, kind="sign"))
            index += length
        else:
            result.append(pieces[index])
            index += 1
    return result


def _phrase_at(pieces: list[Piece], index: int, lexicon: Lexicon) -> tuple[int, str] | None:
    for length in range(min(lexicon.max_lemma_words, len(pieces) - index), 1, -1):
        window = pieces[index:index + length]
        if any(p.decided or len(p.tokens) != 1 for p in window):
            continue
        for words in ([p.token.lemma for p in window], [p.token.text for p in window]):
            entry = lexicon.find(" ".join(words))
            if entry:
                return length, entry.gloss
    return None


def sign_words(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """A word whose lemma (or form) the lexicon has -> its sign. People's names are always spelled."""
    result = []
    for piece in pieces:
        token = piece.token
        if piece.decided or len(piece.tokens) != 1 or token.ent_type == "PERSON":
            result.append(piece)
            continue
        entry = lexicon.find(token.lemma, token.pos) or lexicon.find(token.text, token.pos)
        result.append(replace(piece, gloss=entry.gloss, kind="sign") if entry else piece)
    return result


# --- pronouns, function words and the fallback -------------------------------------------------

_PERSON = {
    **dict.fromkeys("i me myself we us ourselves".split(), "1"),
    **dict.fromkeys("you yourself yourselves".split(), "2"),
    **dict.fromkeys("he him himself she her herself it itself they them themselves".split(), "3"),
}
_POSSESSIVE = {
    **dict.fromkeys("my our mine ours".split(), "1"),
    **dict.fromkeys("your yours".split(), "2"),
    **dict.fromkeys("his her its their hers theirs".split(), "3"),
}


def index_pronouns(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Personal pronouns are points: IX-1/2/3 (me, you, he/she/it/they); possessives POSS-1/2/3.

    A dummy subject ('it is raining') points at nothing and is dropped.
    """
    result = []
    for piece in pieces:
        token = piece.token
        word = token.text.lower()
        if piece.decided or len(piece.tokens) != 1 or token.pos != "PRON":
            result.append(piece)
        elif token.dep == "expl":
            continue
        elif token.tag == "PRP$" and word in _POSSESSIVE:
            result.append(replace(piece, gloss=f"POSS-{_POSSESSIVE[word]}", kind="index"))
        elif word in _PERSON:
            result.append(replace(piece, gloss=f"IX-{_PERSON[word]}", kind="index"))
        else:
            result.append(piece)
    return result


_NEGATION = {"not": "NOT", "n't": "NOT", "no": "NO", "never": "NEVER", "none": "NONE"}
_FUNCTION_POS = ("ADP", "AUX", "CCONJ", "SCONJ", "DET", "PART", "PRON", "SYM", "PUNCT", "SPACE")


def keep_negation(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Negation changes the meaning: never drop it, spell it when the lexicon has no sign."""
    return [
        _sign_or_spell(p, lexicon, p.token.lemma, _NEGATION[p.token.text.lower()])
        if not p.decided and len(p.tokens) == 1 and p.token.text.lower() in _NEGATION
        else p
        for p in pieces
    ]


def drop_function_words(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Function words without a sign (of, and, that, ...) are dropped rather than fingerspelled."""
    return _drop_where(pieces, lambda t: t.pos in _FUNCTION_POS)


# Entities whose words are names (spelled as written); DATE, MONEY... are ordinary words.
_NAME_ENTITIES = frozenset("PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split())


def fingerspell_rest(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Names and unknown words are fingerspelled (names as written, other words by lemma).

    Only A..Z are spelled; a word with none (emoji, other scripts) is dropped.
    """
    result = []
    for piece in pieces:
        if piece.decided:
            result.append(piece)
            continue
        token = piece.token
        name = token.pos == "PROPN" or token.ent_type in _NAME_ENTITIES
        letters = fingerspelling(token.text if name else token.lemma) or fingerspelling(token.text)
        if letters:
            result.append(replace(piece, gloss=letters, kind="fingerspell"))
    return result


# The order matters: drops before lookups (so 'the' is never matched), numbers before words
# (so 'million' is read as part of '320 million'), the fallback last.
RULES: tuple[Rule, ...] = (
    drop_punctuation,
    drop_urls,
    drop_articles,
    drop_auxiliaries,
    drop_infinitive_to,
    gloss_numbers,
    currency_after_number,
    percent_sign,
    sign_phrases,
    sign_words,
    index_pronouns,
    keep_negation,
    drop_function_words,
    fingerspell_rest,
)


def gloss_sentence(sentence: Sentence, source: str, lexicon: Lexicon) -> GlossSentence:
    """Apply `RULES` to one sentence. Glosses keep their source offsets; text is ``source[span]``."""
    pieces = [Piece((token,)) for token in sentence.tokens]
    for rule in RULES:
        pieces = rule(pieces, lexicon)
    glosses = tuple(_to_gloss(p, source) for p in pieces if p.decided and p.gloss)
    text = " ".join(sentence.text.split())
    return GlossSentence(text=text, start_char=sentence.start, end_char=sentence.end, glosses=glosses)


def _to_gloss(piece: Piece, source: str) -> Gloss:
    start, end = piece.source
    entity = next((t.ent_type for t in piece.tokens if t.ent_type), None)
    return Gloss(gloss=piece.gloss, kind=piece.kind, source=(start, end), text=source[start:end], entity=entity)


def gloss_sentences(sentences: tuple[Sentence, ...], source: str, lexicon: Lexicon) -> tuple[GlossSentence, ...]:
    """Gloss every sentence of a story, in order; sentences without glosses are kept (empty)."""
    return tuple(gloss_sentence(s, source, lexicon) for s in sentences)


__all__ = ["RULES", "Piece", "Rule", "gloss_sentence", "gloss_sentences"]
