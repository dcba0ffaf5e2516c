"""The part of the lexicon a story draws on, so that editing one sign re-renders exactly the stories
that use it (or could now use it) and no others.

A story's *vocabulary* is every word form, lemma and gloss of its glossed text (lowercase). A row
of a lexicon table belongs to the story's slice when one of its matching cells (a sign's gloss and
lemmas: every cell but notation and notes; a sense row's lemma only, since the row is tried only
on that word) holds a word of the vocabulary;
glosses that a row in the slice uses (a compound's parts in its notation, a sense row's signs) join
the vocabulary, until nothing more is added. Glosses named in notes are not followed: notes cite
other signs freely ("the WELL form"), and following them would put most of the lexicon in every
slice. Matching is deliberately generous: a row wrongly in a slice costs one
needless render, a row wrongly left out would leave a stale video. Tables read whole by every
story (the manual alphabet, the numbers) belong to every slice. Motion clips ``motions/<GLOSS>.bvh``
belong to the slice of a story whose vocabulary holds the gloss.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

# Tables every story reads whole: any story may fingerspell or sign a number.
WHOLE_TABLES = frozenset({"alphabet.csv", "numbers.csv"})
# Columns that describe a row rather than say when it is used.
NOT_MATCHED = frozenset({"hamnosys", "checked", "topics", "pos", "notes", "note", "comment", "source", "reason"})
# Columns whose capitalised words are glosses the row signs with.
USES_GLOSSES = frozenset({"hamnosys", "gloss"})
_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*", re.UNICODE)
_GLOSS = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\b")


@dataclass(frozen=True)
class _Row:
    digest: bytes
    words: frozenset[str]
    glosses: frozenset[str]


class LexiconIndex:
    """Every row of every table under a lexicon root, indexed by the words that select it."""

    def __init__(self, rows: list[_Row], whole: bytes, motions: dict[str, bytes]) -> None:
        self._rows = rows
        self._whole = whole
        self._motions = motions
        self._by_word: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            for word in row.words:
                self._by_word.setdefault(word, []).append(i)

    @classmethod
    def read(cls, lexicon_root: Path, motions_dir: Path) -> "LexiconIndex":
        rows: list[_Row] = []
        whole = hashlib.sha256()
        tables = sorted(Path(lexicon_root).rglob("*.csv")) if Path(lexicon_root).is_dir() else []
        for table in tables:
            data = table.read_bytes()
            if table.name in WHOLE_TABLES:
                whole.update(str(table.relative_to(lexicon_root)).encode() + b"\0" + data)
            else:
                rows += _rows(data.decode("utf-8", "replace"))
        motions = {p.stem.lower(): hashlib.sha256(p.read_bytes()).digest()
                   for p in sorted(Path(motions_dir).glob("*.bvh"))} if Path(motions_dir).is_dir() else {}
        return cls(rows, whole.digest(), motions)

    def slice_digest(self, vocabulary: Iterable[str]) -> str:
        """Hex digest of the rows, whole tables and motion clips a story with this vocabulary uses."""
        words = {w.lower() for w in vocabulary}
        chosen: set[int] = set()
        frontier = set(words)
        while frontier:  # a compound's parts join the vocabulary, and so on
            found = {i for w in frontier for i in self._by_word.get(w, ())} - chosen
            chosen |= found
            frontier = {g for i in found for g in self._rows[i].glosses} - words
            words |= frontier
        digest = hashlib.sha256(self._whole)
        for row_digest in sorted(self._rows[i].digest for i in chosen):
            digest.update(row_digest)
        for gloss in sorted(words & self._motions.keys()):
            digest.update(gloss.encode() + self._motions[gloss])
        return digest.hexdigest()


def _rows(text: str) -> list[_Row]:
    reader = csv.reader(text.splitlines())
    header = [h.strip().lower() for h in next(reader, [])]
    # A sense row (a table with cues) matters only to a story with its lemma: matching its cues or
    # its signs too would pull every sense row of a common sign (COST, SCHOOL) into every slice.
    sense_table = "cues" in header and "lemma" in header
    matched = [header.index("lemma")] if sense_table else [i for i, name in enumerate(header) if name not in NOT_MATCHED]
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        words = {w.lower() for i in matched if i < len(cells) for w in _words(cells[i])}
        glosses = {g.lower() for i, name in enumerate(header) if name in USES_GLOSSES and i < len(cells)
                   for g in _GLOSS.findall(cells[i])}
        digest = hashlib.sha256("\x1f".join(header + cells).encode()).digest()
        rows.append(_Row(digest, frozenset(words), frozenset(glosses)))
    return rows


def _words(cell: str) -> set[str]:
    """A cell's words: the whole cell (``fire-truck``, ``heat wave``) and each word in it."""
    whole = " ".join(cell.lower().split())
    return {whole, *(part for item in whole.split("|") for part in (item.strip(), *_WORD.findall(item)))} - {""}


def story_vocabulary(sentences, glosses: Iterable[str]) -> frozenset[str]:
    """A glossed story's vocabulary: its tokens' forms and lemmas, and its glosses (lowercase).

    sentences: `signgen.text.segment.Sentence` values; glosses: the gloss strings signed."""
    words: set[str] = set()
    for sentence in sentences:
        for token in sentence.tokens:
            if not token.is_punct:
                words.update((token.text.lower(), token.lemma.lower()))
    for gloss in glosses:
        base = gloss.split(":", 1)[0].lower()  # IX-3:a -> ix-3
        words.update((base, *base.split("-")))
    return frozenset(w for w in words if w.strip())
