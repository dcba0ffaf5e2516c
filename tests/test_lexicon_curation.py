"""The repository's own lexicon and curation data agree with each other.

Several curators add sign tables under ``lexicon/ase/signs/`` and no-sign judgements under
``lexicon/ase/curation/``; these checks catch what a merge of their work can break: a notation
that no longer parses, a lemma two tables claim for the same part of speech, an entry no lookup
reaches, and a word judged to have no ASL sign that has an entry after all.
"""

from __future__ import annotations

import csv

import pytest

from signgen import curator
from signgen.lexicon import DEFAULT_ROOT, Lexicon

CURATION = DEFAULT_ROOT / "ase" / "curation"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load("ase")


def test_repository_lexicon_has_no_problems(lexicon):
    # Notation, aliases and reachability only: synthesis of every row is `signgen lexicon check`.
    problems = curator.check(lexicon)
    assert problems == [], "\n".join(f"{p['file']}:{p['line']} {p['gloss']}: {p['kind']}: {p['problem']}" for p in problems)


def _no_sign_rows() -> list[tuple[str, str, str]]:
    rows = []
    for path in sorted(CURATION.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            rows += [(path.name, r["lemma"], r["reason"]) for r in csv.DictReader(f)]
    return rows


@pytest.mark.skipif(not CURATION.is_dir(), reason="no curation judgements written yet")
def test_no_sign_judgements_are_reasoned_and_have_no_entry(lexicon):
    rows = _no_sign_rows()
    assert rows
    unreasoned = [(name, lemma) for name, lemma, reason in rows if not (reason or "").strip()]
    assert unreasoned == []
    signed = [(name, lemma, lexicon.find(lemma).gloss) for name, lemma, _ in rows if lexicon.find(lemma)]
    assert signed == [], "judged no-sign but the lexicon has an entry"
