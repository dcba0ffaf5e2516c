"""The repository's own sign tables agree with each other.

Several curators add sign tables under ``lexicon/ase/signs/``; merging their work can break what
each branch checked alone: a lemma two tables claim for the same part of speech, an entry no
lookup reaches any more, a notation that no longer parses. (Stale no-sign judgements are
checked in test_lexicon_breadth.py.)
"""

from __future__ import annotations

from signgen import curator
from signgen.lexicon import Lexicon


def test_repository_lexicon_has_no_problems():
    # Notation, aliases and reachability only: synthesis of every row is `signgen lexicon check`.
    problems = curator.check(Lexicon.load("ase"))
    assert problems == [], "\n".join(f"{p['file']}:{p['line']} {p['gloss']}: {p['kind']}: {p['problem']}" for p in problems)
