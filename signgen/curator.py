"""Lexicon curator tools: check entries, count them, and measure how well a corpus is covered.

Functions return plain data (dicts and lists) so the CLI can print tables or JSON and tests can
assert on them. Nothing here prints.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Callable

from signgen.errors import SigngenError
from signgen.hamnosys import parse
from signgen.lexicon import Lexicon, LexiconEntry, Sense, SenseCue

# (entry, is_letter) -> clip duration in seconds; raises when the sign cannot be synthesised.
Synthesize = Callable[[LexiconEntry, bool], float]


def studio_synthesizer(lexicon: Lexicon) -> Synthesize:
    """Synthesis through the real avatar (loads the avatar asset once)."""
    from signgen.pipeline import Studio  # heavy: only when synthesis is asked for

    signer = Studio(lexicon=lexicon).signer

    def synthesize(entry: LexiconEntry, letter: bool) -> float:
        return float(signer.clip(entry, letter=letter).duration)

    return synthesize


def _problem(entry: LexiconEntry, kind: str, message: str) -> dict:
    return _problem_at(entry.source, entry.gloss, kind, message)


def _problem_at(source: str, gloss: str, kind: str, message: str) -> dict:
    """A problem at ``source`` (``FILE:LINE``)."""
    file, _, line = source.partition(":")
    return {"file": file, "line": int(line or 0), "gloss": gloss, "kind": kind, "problem": message}


def check(lexicon: Lexicon, synthesize: Synthesize | None = None, only: set[str] | None = None) -> list[dict]:
    """Every problem found, each ``{"file", "line", "gloss", "kind", "problem"}``, in file order.

    kinds: ``parse`` (notation does not parse), ``synthesis`` (parses, cannot be animated),
    ``duplicate`` (a sign gloss also used by a number sign), ``alias`` (a lemma listed by two
    entries for the same POS: lookups always return the first), ``unreachable`` (no lemma
    lookup ever returns the entry), ``shadowed`` (a sense row after its lemma's default row for
    the same POS, or a row's cue that an earlier row always takes first). `only` limits the notation checks to those
    glosses/letters.
    """
    problems: list[dict] = []
    for entries, letter in ((lexicon.entries, False), (lexicon.letters, True), (lexicon.numbers, True)):
        for entry in entries:
            if only is None or entry.gloss in only:
                problems += _check_notation(entry, letter, synthesize)
    problems += _duplicates(lexicon) + _alias_conflicts(lexicon) + _unreachable(lexicon) + _shadowed_senses(lexicon)
    return sorted(problems, key=lambda p: (p["file"], p["line"], p["kind"]))


def _check_notation(entry: LexiconEntry, letter: bool, synthesize: Synthesize | None) -> list[dict]:
    try:
        parse(entry.hamnosys)
    except SigngenError as exc:
        return [_problem(entry, "parse", exc.problem)]
    if synthesize is None:
        return []
    try:
        synthesize(entry, letter)
    except Exception as exc:  # any failure is this entry's problem, not the run's end
        return [_problem(entry, "synthesis", f"{type(exc).__name__}: {exc}")]
    return []


def _duplicates(lexicon: Lexicon) -> list[dict]:
    numbers = {e.gloss: e for e in lexicon.numbers}
    return [
        _problem(e, "duplicate", f"gloss {e.gloss} is also number sign {numbers[e.gloss].source}")
        for e in lexicon.entries if e.gloss in numbers
    ]


def _alias_conflicts(lexicon: Lexicon) -> list[dict]:
    first: dict[tuple[str, str], LexiconEntry] = {}
    problems = []
    for entry in lexicon.entries:
        for lemma in entry.lemmas:
            for pos in entry.pos or ("",):
                owner = first.setdefault((lemma, pos), entry)
                if owner is not entry:
                    problems.append(_problem(entry, "alias", f"lemma {lemma!r} ({pos or 'any POS'}) already "
                                             f"belongs to {owner.gloss} ({owner.source})"))
    return problems


def _unreachable(lexicon: Lexicon) -> list[dict]:
    problems = []
    parts = {part for entry in lexicon.entries for part in entry.parts}  # reached through their compounds
    for entry in lexicon.entries:
        if entry.gloss in parts:
            continue
        reached = any(lexicon.find(lemma, pos) is entry for lemma in entry.lemmas for pos in entry.pos or (None,))
        # A one-word gloss is also found by its own name (NOW for 'now'); a hyphenated one is not,
        # since phrases are matched on lemmas only.
        reached = reached or ("-" not in entry.gloss and lexicon.find(entry.gloss) is entry)
        if not reached:
            problems.append(_problem(entry, "unreachable", "no lemma lookup returns this entry"))
    return problems


def _shadowed_senses(lexicon: Lexicon) -> list[dict]:
    """Sense rows and cues no sentence can reach. Rows of a lemma are tried in order, so an
    alternative of a row (its ``+``-joined cues) is never tried when an earlier row covering its POS
    has an alternative made of some of the same cues; a row without cues (the default) has the
    empty alternative, which covers every later row. Within a row, an alternative that repeats an
    earlier one, or adds cues to it, decides nothing either."""
    problems = []
    for lemma in dict.fromkeys(sense.lemma for sense in lexicon.senses):
        rows = lexicon.senses_of(lemma)
        for index, sense in enumerate(rows):
            where = "+".join(sense.glosses) or sense.action
            for at, group in enumerate(sense.cues or ((),)):
                cue = "+".join(f"{c.kind}:{c.value}" for c in group)
                if _takes(sense.cues[:at], group):
                    problems.append(_problem_at(sense.source, where, "shadowed",
                                                f"{lemma!r} cue {cue} repeats an earlier alternative of its row: remove it"))
                    continue
                first = next((e for e in rows[:index] if _pos_covers(e, sense) and _takes(e.cues or ((),), group)),
                             None)
                if first is None:
                    continue
                if not first.cues:
                    problems.append(_problem_at(sense.source, where, "shadowed",
                                                f"{lemma!r} row comes after its default row ({first.source}): move it above"))
                    break
                problems.append(_problem_at(sense.source, where, "shadowed",
                                            f"{lemma!r} cue {cue} never decides: the row at {first.source} takes it "
                                            "first; remove it here or move this row above"))
    return problems


def _takes(alternatives: tuple[tuple[SenseCue, ...], ...], group: tuple[SenseCue, ...]) -> bool:
    """Whether one of `alternatives` (each a ``+`` group of cues) holds whenever `group` does: it
    is made of some of the same cues, so it is tried and taken first."""
    return any(set(alternative) <= set(group) for alternative in alternatives)


def _pos_covers(earlier: Sense, later: Sense) -> bool:
    """Whether every part of speech the later row applies to is one the earlier row applies to."""
    return not earlier.pos or bool(later.pos) and set(later.pos) <= set(earlier.pos)


def stats(lexicon: Lexicon) -> dict:
    """``{"signs": N, "aliases": N, "letters": N, "numbers": N, "by_topic": {topic: N}}``.

    aliases counts English lemmas listed across all signs.
    """
    topics = Counter(t for e in lexicon.entries for t in (e.topics or ("(none)",)))
    return {
        "signs": len(lexicon.entries),
        "aliases": sum(len(e.lemmas) for e in lexicon.entries),
        "letters": len(lexicon.letters),
        "numbers": len(lexicon.numbers),
        "by_topic": dict(sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "NUM"})
_SIGNED_KINDS = frozenset({"sign", "number", "index"})


def coverage(paths: list[Path], lexicon: Lexicon, top: int = 30) -> dict:
    """How the content words (NOUN VERB ADJ ADV NUM; names excepted) of `paths` are rendered.

    Returns ``{"files", "words", "signed", "fingerspelled", "dropped"`` (shares 0..1; a
    lexicalised spelling such as #BUS counts as signed),
    ``"counts": {...}, "missing": [{"lemma", "count", "as", "reason"}], "spelled": [{"word",
    "reason", "count"}]}``: missing are the lemmas fingerspelled or dropped, most frequent first
    (at most `top`; ``reason`` is why a fingerspelled one is spelled); spelled is every
    fingerspelled gloss, names included, with its reason (``name``, ``abbreviation``,
    ``lexicalized``, ``no-sign``), most frequent first.
    """
    from signgen.gloss import GLOSSERS
    from signgen.ingest import read_stories
    from signgen.text.segment import segment

    counts: Counter[str] = Counter()
    missing: Counter[tuple[str, str, str]] = Counter()
    spelled: Counter[tuple[str, str]] = Counter()
    for path in paths:
        for story in read_stories(path):
            sentences = segment(story)
            glossed = GLOSSERS[("en", lexicon.sign_language)](sentences, story.source, lexicon)
            for sentence, gs in zip(sentences, glossed):
                spelled.update((g.gloss, g.reason or "no-sign") for g in gs.glosses if g.kind == "fingerspell")
                for token in sentence.tokens:
                    if token.pos not in CONTENT_POS or token.ent_type == "PERSON":
                        continue
                    outcome, reason = _outcome(token, gs.glosses)
                    counts[outcome] += 1
                    if outcome != "signed":
                        missing[(token.lemma.lower(), outcome, reason)] += 1
    total = sum(counts.values())
    share = {k: round(counts[k] / total, 4) if total else 0.0 for k in ("signed", "fingerspelled", "dropped")}
    ranked = sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return {"files": len(paths), "words": total, **share, "counts": dict(counts),
            "missing": [{"lemma": lemma, "count": n, "as": how, "reason": reason}
                        for (lemma, how, reason), n in ranked],
            "spelled": [{"word": word, "reason": reason, "count": n}
                        for (word, reason), n in sorted(spelled.items(), key=lambda kv: (-kv[1], kv[0]))]}


def _outcome(token, glosses) -> tuple[str, str]:
    """How a token is rendered (signed / fingerspelled / dropped) and why it is spelled ('' if not)."""
    covering = [g for g in glosses if g.source[0] < token.end and token.start < g.source[1]]
    # A lexicalised spelling (#BUS, #JOB) is how ASL signs the word: it counts as signed.
    if any(g.kind in _SIGNED_KINDS or g.reason == "lexicalized" for g in covering):
        return "signed", ""
    spelled = [g for g in covering if g.kind == "fingerspell"]
    return ("fingerspelled", spelled[0].reason or "no-sign") if spelled else ("dropped", "")


# --- Breadth: which frequent English words still lack a sign --------------------------------------

CURATION_DIR = "curation"  # under lexicon/<language>/: curators' judgements, not read at render time


def no_sign_judgements(language: str = "ase", root: Path | None = None) -> dict[str, str]:
    """``{lemma: reason}`` from ``lexicon/<language>/curation/*.csv`` (columns ``lemma,reason``).

    These are English lemmas the curators judged to have no established sign of their own
    (function words ASL does not sign, senses ASL expresses by other means): the frequency report
    leaves them out of the lemmas still to add. A malformed file raises InputError naming it.
    """
    import csv

    from signgen.lexicon import DEFAULT_ROOT

    folder = (Path(root) if root is not None else DEFAULT_ROOT) / language / CURATION_DIR
    judged: dict[str, str] = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle)
            if rows.fieldnames is None or list(rows.fieldnames)[:2] != ["lemma", "reason"]:
                raise SigngenError("the header must be 'lemma,reason'", path)
            for line, row in enumerate(rows, start=2):
                lemma, reason = (row.get("lemma") or "").strip().lower(), (row.get("reason") or "").strip()
                if not lemma or not reason:
                    raise SigngenError(f"line {line}: a row needs a lemma and a reason", path)
                judged[lemma] = reason
    return judged


def frequent_lemmas(count: int) -> list[str]:
    """The `count` most frequent English lemmas, most frequent first.

    wordfreq's ranked word list is lemmatised with the project's own spaCy pipeline (the same
    lemmas the glosser looks up), so ``was``/``is``/``been`` count once as ``be``. Words that
    are not alphabetic (digits, contractions, symbols) are skipped. wordfreq is a curator
    dependency (the ``dev`` extra), imported here only.
    """
    try:
        from wordfreq import top_n_list
    except ImportError as exc:
        raise SigngenError("wordfreq is not installed; it comes with the dev extra: pip install -e '.[dev]'") from exc
    from signgen.text import load_pipeline

    nlp = load_pipeline("en")
    words = [w for w in top_n_list("en", count * 3) if w.isalpha()]
    lemmas: dict[str, None] = {}  # insertion-ordered set
    for doc in nlp.pipe(words, batch_size=512):
        lemma = " ".join(t.lemma_.lower() for t in doc if not t.is_punct)
        if lemma.isalpha():
            lemmas.setdefault(lemma, None)
        if len(lemmas) == count:
            break
    return list(lemmas)


def has_entry(lexicon: Lexicon, lemma: str) -> bool:
    """Whether the glosser finds a sign for this lemma (a lexicon entry or a number sign's name)."""
    return lexicon.find(lemma) is not None or any(n.gloss == lemma.upper() for n in lexicon.numbers)


def frequency_coverage(lexicon: Lexicon, lemmas: list[str], no_sign: dict[str, str]) -> dict:
    """How many of `lemmas` have an entry, overall and among those judged to have a sign.

    Returns ``{"lemmas", "with_entry", "no_sign", "share", "share_signable", "missing"}``:
    ``share_signable`` divides by the lemmas not on the no-sign list, and ``missing`` lists
    (in frequency order) the lemmas that neither have an entry nor are judged sign-less.
    """
    found = [lemma for lemma in lemmas if has_entry(lexicon, lemma)]
    judged = [lemma for lemma in lemmas if lemma in no_sign and not has_entry(lexicon, lemma)]
    signable = len(lemmas) - len(judged)
    missing = [lemma for lemma in lemmas if lemma not in no_sign and not has_entry(lexicon, lemma)]
    return {
        "lemmas": len(lemmas),
        "with_entry": len(found),
        "no_sign": len(judged),
        "share": round(len(found) / len(lemmas), 4) if lemmas else 0.0,
        "share_signable": round(len(found) / signable, 4) if signable else 0.0,
        "missing": missing,
    }
