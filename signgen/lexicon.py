"""The sign lexicon: ``lexicon/<sign_language>/`` CSV files loaded with pandas.

Files (UTF-8, header row first; list fields are ``|``-separated):

- ``signs.csv``: ``gloss,hamnosys,lemmas,pos,topics,checked`` — gloss in capitals, hamnosys
  as SiGML token names, English lemmas (lowercase, multiword allowed), spaCy coarse POS.
- ``signs/*.csv`` (optional): more sign tables with the same columns, read after ``signs.csv`` in
  name order (one file per news beat keeps curators' edits apart). A gloss is unique across all.
- ``alphabet.csv``: ``letter,hamnosys,checked`` for A..Z (all 26 required).
- ``numbers.csv``: ``value,gloss,hamnosys,checked`` for 0..10 (0..9 required, so any number
  can be signed digit by digit).
- ``senses.csv`` (optional): ``lemma,pos,cues,gloss,checked``: which sign an ambiguous English
  word takes in context (see `Sense`); read after the signs, whose glosses it must name.

A malformed file raises InputError naming the file and the line (the header is line 1).
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from signgen.errors import InputError
from signgen.paths import LEXICON_ROOT

DEFAULT_ROOT = LEXICON_ROOT
SIGNS_COLUMNS = ("gloss", "hamnosys", "lemmas", "pos", "topics", "checked")
ALPHABET_COLUMNS = ("letter", "hamnosys", "checked")
NUMBERS_COLUMNS = ("value", "gloss", "hamnosys", "checked")
SENSES_COLUMNS = ("lemma", "pos", "cues", "gloss", "checked")
# spaCy's coarse (universal) POS tags: a typo in the pos column is caught at load time.
SPACY_POS = frozenset(
    "ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X".split()
)
_GLOSS_RE = re.compile(r"^[A-Z0-9][A-Z0-9'+\-_.:#]*$")


@dataclass(frozen=True)
class LexiconEntry:
    """One sign: its gloss, its HamNoSys (SiGML token names), when to use it, where it came from.

    source: ``file:line`` of the row, e.g. ``signs.csv:12``.
    parts: for a compound row (``= NOW NIGHT`` in the hamnosys column), the glosses of its parts;
        ``hamnosys`` then holds the parts' notations joined with ``hamplus`` (HamNoSys's compound
        operator), so everything downstream signs it as one sign.
    """

    gloss: str
    hamnosys: str
    lemmas: tuple[str, ...]
    pos: tuple[str, ...]
    topics: tuple[str, ...]
    source: str
    parts: tuple[str, ...] = ()


# Context cues a sense row can ask for (see `Sense`); the value's case is fixed per kind.
CUE_KINDS = {"word": str.lower, "prev": str.lower, "next": str.lower, "head": str.lower, "headpos": str.upper,
             "child": str.lower, "prt": str.lower, "sib": str.lower, "has": str.lower, "dep": str.lower, "ent": str.upper, "tag": str.upper,
             "text": str.lower}
SenseAction = Literal["sign", "drop", "spell", "lexicalized"]


@dataclass(frozen=True)
class SenseCue:
    """One context test of a sense row, e.g. ``word:union`` (kind ``word``, value ``union``)."""

    kind: str
    value: str


@dataclass(frozen=True)
class Sense:
    """One row of ``senses.csv``: the sign an English lemma takes when its context fits.

    pos: spaCy coarse tags the row applies to (empty: any). cues: the row's alternatives
    (``|`` in the file), each one or more cues that must all hold (joined by ``+``:
    ``child:police+prt:up``); the row applies when any alternative holds (no cues: always; such a
    row is the lemma's default and comes last). Rows of a lemma are tried in file order; the first
    that applies wins.
    action: ``sign`` the `glosses` (one sign, or a short sequence such as ``POLITICS GROUP``);
    ``drop`` the word is not signed (a light verb: *conduct* a search); ``spell`` no sign for
    this sense, fingerspell the word; ``lexicalized`` a lexicalised spelling (``#PARK``), whose
    letters are in `glosses`.
    source: ``senses.csv:LINE``.
    """

    lemma: str
    pos: tuple[str, ...]
    cues: tuple[tuple[SenseCue, ...], ...]
    glosses: tuple[str, ...]
    action: SenseAction
    source: str


def _key(lemma: str) -> str:
    """Lookup key for an English lemma: lowercase, single spaces."""
    return " ".join(lemma.lower().split())


class Lexicon:
    """Signs, fingerspelling letters and number signs of one sign language."""

    def __init__(
        self,
        sign_language: str,
        entries: tuple[LexiconEntry, ...],
        letters: dict[str, LexiconEntry],
        numbers: dict[int, LexiconEntry],
        senses: tuple[Sense, ...] = (),
    ) -> None:
        self.sign_language = sign_language
        self.entries = entries
        self._by_gloss = {e.gloss: e for e in entries}
        self._by_lemma: dict[str, list[LexiconEntry]] = {}
        for entry in entries:
            for lemma in entry.lemmas:
                self._by_lemma.setdefault(lemma, []).append(entry)
        self._letters = letters
        self._numbers = numbers
        self.senses = senses
        self._senses: dict[str, tuple[Sense, ...]] = {}
        for sense in senses:
            self._senses[sense.lemma] = self._senses.get(sense.lemma, ()) + (sense,)
        # Longest multiword lemma, so phrase matching knows how far to look ahead.
        self.max_lemma_words = max((len(k.split()) for k in self._by_lemma), default=1)

    @classmethod
    def load(cls, sign_language: str = "ase", root: Path | None = None) -> "Lexicon":
        """Load ``<root>/<sign_language>/`` (root defaults to the repository's lexicon/); cached."""
        if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)?", sign_language):
            raise InputError(f"invalid sign language code {sign_language!r}; use an ISO 639-3 code such as 'ase'")
        base = Path(root) if root is not None else DEFAULT_ROOT
        return _load_cached(sign_language, str(base.resolve()))

    def sign(self, gloss: str) -> LexiconEntry | None:
        """The entry with this gloss (exact, capitals), or None.

        A locus suffix is ignored when the full gloss is not an entry: ``IX-3:a`` -> ``IX-3``.
        """
        entry = self._by_gloss.get(gloss)
        if entry is None and ":" in gloss:
            entry = self._by_gloss.get(gloss.rsplit(":", 1)[0])
        return entry

    def find(self, lemma: str, pos: str | None = None) -> LexiconEntry | None:
        """The sign for an English lemma (case-insensitive); an entry listing `pos` is preferred.

        Falls back to the entry whose gloss spells the lemma (``fire truck`` -> ``FIRE-TRUCK``).
        """
        key = _key(lemma)
        candidates = self._by_lemma.get(key, [])
        if pos:
            for entry in candidates:
                if pos in entry.pos:
                    return entry
        if candidates:
            return candidates[0]
        return self._by_gloss.get(key.upper().replace(" ", "-")) if key else None

    def senses_of(self, lemma: str) -> tuple[Sense, ...]:
        """The sense rows of an English lemma (lowercase), in file order; () when it has none."""
        return self._senses.get(lemma, ())

    @property
    def letters(self) -> tuple[LexiconEntry, ...]:
        """The fingerspelling alphabet, A..Z."""
        return tuple(self._letters[c] for c in sorted(self._letters))

    @property
    def numbers(self) -> tuple[LexiconEntry, ...]:
        """The number signs, by value."""
        return tuple(self._numbers[v] for v in sorted(self._numbers))

    def letter(self, ch: str) -> LexiconEntry:
        """The fingerspelling sign of letter `ch` (A..Z, either case); KeyError otherwise."""
        return self._letters[ch.upper()]

    def number(self, value: int) -> LexiconEntry | None:
        """The sign for a whole number the lexicon has (0..10), or None."""
        return self._numbers.get(value)

    def spell_word(self, word: str) -> list[LexiconEntry]:
        """Letters to fingerspell `word`: accents folded (É -> E), non-letters skipped."""
        return [self._letters[ch] for ch in fingerspelling(word)]

    def spell_number(self, digits: str) -> list[LexiconEntry]:
        """Signs for a digit string: one sign when the lexicon has the value, else digit by digit."""
        if not digits.isascii() or not digits.isdigit():
            raise ValueError(f"spell_number needs ASCII digits, got {digits!r}")
        whole = self._numbers.get(int(digits))
        if whole is not None and (digits == "0" or not digits.startswith("0")):
            return [whole]
        return [self._numbers[int(d)] for d in digits]


def fingerspelling(word: str) -> str:
    """`word` as the capitals A..Z to fingerspell: accents folded, everything else dropped."""
    folded = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in folded.upper() if ch in string.ascii_uppercase)


# --- loading -------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _load_cached(sign_language: str, root: str) -> Lexicon:
    folder = Path(root) / sign_language
    if not folder.is_dir():
        raise InputError(f"no lexicon for sign language {sign_language!r}; expected a folder here", folder)
    entries = _read_signs(folder / "signs.csv")
    first_source = {e.gloss: e.source for e in entries}
    for extra in sorted((folder / "signs").glob("*.csv")):
        more = _read_signs(extra)
        for index, entry in enumerate(more):
            if entry.gloss in first_source:
                raise _fail(extra, index, f"duplicate gloss {entry.gloss!r} (first at {first_source[entry.gloss]})")
            first_source[entry.gloss] = entry.source
        entries += more
    entries = _resolve_compounds(entries, folder)
    letters = _read_alphabet(folder / "alphabet.csv")
    numbers = _read_numbers(folder / "numbers.csv")
    senses_path = folder / "senses.csv"
    known = set(first_source) | {e.gloss for e in numbers.values()}
    senses = _read_senses(senses_path, known) if senses_path.is_file() else ()
    return Lexicon(sign_language, entries, letters, numbers, senses)


def _read_table(path: Path, columns: tuple[str, ...]) -> "pd.DataFrame":
    import pandas as pd  # here, not at the top: the command line loads the lexicon module without reading it

    if not path.is_file():
        raise InputError("lexicon file missing; create it with columns " + ",".join(columns), path)
    try:
        # Everything as text; "NA" or "NULL" are glosses and notes here, not missing values.
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot parse lexicon CSV ({str(exc).splitlines()[0]})", path) from None
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; need {','.join(columns)}", path)
    return table


def _cell(row: pd.Series, column: str) -> str:
    return str(row[column]).strip()


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _line(path: Path, index: int) -> str:
    # Data row i (0-based) is on line i + 2: line 1 is the header. Files under signs/ keep
    # their folder, so a source names the file a curator opens.
    name = f"{path.parent.name}/{path.name}" if path.parent.name == "signs" else path.name
    return f"{name}:{index + 2}"


def _fail(path: Path, index: int, problem: str) -> InputError:
    return InputError(f"line {index + 2}: {problem}", path)


def _hamnosys(path: Path, index: int, row: pd.Series) -> str:
    notation = " ".join(_cell(row, "hamnosys").split())
    if not notation:
        raise _fail(path, index, "empty hamnosys; every sign needs its notation")
    return notation


def _read_signs(path: Path) -> tuple[LexiconEntry, ...]:
    table = _read_table(path, SIGNS_COLUMNS)
    entries: list[LexiconEntry] = []
    first_line: dict[str, int] = {}
    for index, row in table.iterrows():
        gloss = _cell(row, "gloss")
        if not _GLOSS_RE.match(gloss):
            raise _fail(path, index, f"gloss {gloss!r} must be capitals, digits or - + ' _ without spaces")
        if gloss in first_line:
            raise _fail(path, index, f"duplicate gloss {gloss!r} (first on line {first_line[gloss] + 2})")
        first_line[gloss] = index
        pos = tuple(p.upper() for p in _split(_cell(row, "pos")))
        unknown = [p for p in pos if p not in SPACY_POS]
        if unknown:
            raise _fail(path, index, f"unknown POS {', '.join(unknown)}; use spaCy tags such as NOUN|VERB")
        entries.append(
            LexiconEntry(
                gloss=gloss,
                hamnosys=_hamnosys(path, index, row),
                lemmas=tuple(_key(x) for x in _split(_cell(row, "lemmas"))),
                pos=pos,
                topics=tuple(t.lower() for t in _split(_cell(row, "topics"))),
                source=_line(path, index),
            )
        )
    return tuple(entries)


COMPOUND_MARK = "="  # a hamnosys cell "= NOW NIGHT" makes the row a compound of those entries


def _compound_parts(notation: str) -> tuple[str, ...]:
    """The part glosses of a compound cell (``= NOW NIGHT``), or () for a notation."""
    return tuple(notation[1:].split()) if notation.startswith(COMPOUND_MARK) else ()


def _resolve_compounds(entries: tuple[LexiconEntry, ...], folder: Path) -> tuple[LexiconEntry, ...]:
    """Entries with every compound's notation built from its parts' (parts may be compounds too).

    A part that is no entry, a compound of fewer than two parts, or a compound containing itself
    raises InputError naming the row, so `lexicon check` and every load report it."""
    by_gloss = {e.gloss: e for e in entries}
    resolved: dict[str, str] = {}

    def notation(entry: LexiconEntry, trail: tuple[str, ...]) -> str:
        parts = _compound_parts(entry.hamnosys)
        if not parts:
            return entry.hamnosys
        if entry.gloss in resolved:
            return resolved[entry.gloss]
        where = folder / entry.source.rsplit(":", 1)[0]
        line = entry.source.rsplit(":", 1)[1]
        if len(parts) < 2:
            raise InputError(f"line {line}: compound {entry.gloss} needs two or more parts ('= NOW NIGHT')", where)
        for part in parts:
            if part not in by_gloss:
                raise InputError(f"line {line}: compound {entry.gloss}: part {part!r} is not a sign gloss", where)
            if part in trail:
                raise InputError(f"line {line}: compound {entry.gloss} contains itself (via {part})", where)
        resolved[entry.gloss] = " hamplus ".join(notation(by_gloss[p], trail + (p,)) for p in parts)
        return resolved[entry.gloss]

    out = []
    for entry in entries:
        parts = _compound_parts(entry.hamnosys)
        out.append(replace(entry, hamnosys=notation(entry, (entry.gloss,)), parts=parts) if parts else entry)
    return tuple(out)


def _read_alphabet(path: Path) -> dict[str, LexiconEntry]:
    table = _read_table(path, ALPHABET_COLUMNS)
    letters: dict[str, LexiconEntry] = {}
    for index, row in table.iterrows():
        letter = _cell(row, "letter").upper()
        if len(letter) != 1 or letter not in string.ascii_uppercase:
            raise _fail(path, index, f"letter {letter!r} must be one of A..Z")
        if letter in letters:
            raise _fail(path, index, f"duplicate letter {letter!r}")
        letters[letter] = LexiconEntry(letter, _hamnosys(path, index, row), (letter.lower(),), (), (), _line(path, index))
    missing = [c for c in string.ascii_uppercase if c not in letters]
    if missing:
        raise InputError(f"alphabet lacks letter(s) {''.join(missing)}; fingerspelling needs A..Z", path)
    return letters


def _read_numbers(path: Path) -> dict[int, LexiconEntry]:
    table = _read_table(path, NUMBERS_COLUMNS)
    numbers: dict[int, LexiconEntry] = {}
    for index, row in table.iterrows():
        raw = _cell(row, "value")
        if not raw.isascii() or not raw.isdigit():
            raise _fail(path, index, f"value {raw!r} must be a whole number")
        value = int(raw)
        if value in numbers:
            raise _fail(path, index, f"duplicate value {value}")
        gloss = _cell(row, "gloss") or str(value)
        numbers[value] = LexiconEntry(gloss, _hamnosys(path, index, row), (raw,), ("NUM",), (), _line(path, index))
    missing = [d for d in range(10) if d not in numbers]
    if missing:
        raise InputError(f"numbers lack value(s) {', '.join(map(str, missing))}; digits 0..9 are required", path)
    return numbers


def _read_senses(path: Path, glosses: set[str]) -> tuple[Sense, ...]:
    table = _read_table(path, SENSES_COLUMNS)
    senses: list[Sense] = []
    for index, row in table.iterrows():
        lemma = _key(_cell(row, "lemma"))
        if not lemma:
            raise _fail(path, index, "empty lemma; name the English word the row disambiguates")
        pos = tuple(p.upper() for p in _split(_cell(row, "pos")))
        unknown = [p for p in pos if p not in SPACY_POS]
        if unknown:
            raise _fail(path, index, f"unknown POS {', '.join(unknown)}; use spaCy tags such as NOUN|VERB")
        cues = tuple(_cue_group(path, index, alternative) for alternative in _split(_cell(row, "cues")))
        action, signs = _sense_gloss(path, index, _cell(row, "gloss"), glosses)
        senses.append(Sense(lemma, pos, cues, signs, action, _line(path, index)))
    return tuple(senses)


def _cue_group(path: Path, index: int, alternative: str) -> tuple[SenseCue, ...]:
    """One alternative of the cues column: ``KIND:VALUE`` cues joined by ``+``, all of which must hold."""
    group = []
    for cue in alternative.split("+"):
        kind, _, value = cue.partition(":")
        if kind.strip() not in CUE_KINDS or not value.strip():
            raise _fail(path, index, f"cue {cue.strip()!r} must be KIND:VALUE with KIND one of {', '.join(CUE_KINDS)}"
                        " (join cues that must all hold with +)")
        group.append(SenseCue(kind.strip(), CUE_KINDS[kind.strip()](value.strip())))
    return tuple(group)


def _sense_gloss(path: Path, index: int, value: str, glosses: set[str]) -> tuple[SenseAction, tuple[str, ...]]:
    """The gloss column: lexicon glosses, ``(drop)``, ``(spell)`` or a lexicalised ``#WORD``."""
    if value == "(drop)":
        return "drop", ()
    if value == "(spell)":
        return "spell", ()
    if value.startswith("#"):
        letters = fingerspelling(value[1:])
        if not letters or letters != value[1:]:
            raise _fail(path, index, f"lexicalised spelling {value!r} must be # and capitals A..Z")
        return "lexicalized", (letters,)
    signs = tuple(value.split())
    missing = [g for g in signs if g not in glosses]
    if not signs or missing:
        raise _fail(path, index, f"gloss {value!r}: {', '.join(missing) or 'empty'} not a sign of the lexicon; "
                    "add the sign first, or write (drop), (spell) or #WORD")
    return "sign", signs
