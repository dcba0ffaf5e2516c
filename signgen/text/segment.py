"""Sentence segmentation and token analysis with spaCy.

Each block of a story is normalised (offset-preserving), run through the language's pipeline,
and split into sentences whose token offsets index ``story.source``. Pipelines are keyed by
language code and loaded once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from spacy.tokens import Doc

from signgen.ingest import Story
from signgen.text.lemmas import base_forms
from signgen.text.models import load_pipeline
from signgen.text.normalize import normalize


@dataclass(frozen=True)
class Token:
    """One word or punctuation mark.

    text: the token in the normalised text (same length as ``source[start:end]``).
    lemma, pos, tag, dep: spaCy's lemma, coarse POS, fine tag and dependency label.
    head: index of the syntactic head within the sentence's tokens (itself for the root).
    ent_type: named-entity label (``PERSON``, ``GPE``...) or None; ent_iob: 'B', 'I' or 'O'.
    start, end: [start, end) character offsets in ``story.source``.
    """

    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str | None
    ent_iob: str
    start: int
    end: int
    like_num: bool
    is_punct: bool


@dataclass(frozen=True)
class Sentence:
    """A sentence: its normalised text, [start, end) offsets in the source, and its tokens."""

    text: str
    start: int
    end: int
    tokens: tuple[Token, ...]


def segment(story: Story, language: str = "en") -> tuple[Sentence, ...]:
    """Split every block of `story` into sentences of analysed tokens, in reading order.

    Sentences never cross block boundaries (a headline is never merged into the lede).
    Whitespace-only sentences are left out.
    """
    return segment_stories([story], language)[0]


def segment_stories(stories: Sequence[Story], language: str = "en") -> list[tuple[Sentence, ...]]:
    """`segment` for many stories at once, one result per story in order.

    All blocks go through spaCy in one stream: its models work on batches, so a day's scripts
    analysed together run about half again as fast as story by story.
    """
    nlp = load_pipeline(language)
    cleaned = [normalize(story.source) for story in stories]
    jobs = [(n, offset, clean[offset:end]) for n, (story, clean) in enumerate(zip(stories, cleaned))
            for offset, end in story.blocks]
    sentences: list[list[Sentence]] = [[] for _ in stories]
    docs = nlp.pipe(text for _, _, text in jobs)
    for (n, offset, _), doc in zip(jobs, docs):
        sentences[n].extend(_doc_sentences(doc, offset, cleaned[n]))
    return [tuple(found) for found in sentences]


# A short line with no full stop inside it is one sentence however the parser reads it: a headline
# ('Schools Stay Closed As Snow Piles Up' was cut in two before 'As').
_HEADLINE_MAX_WORDS = 20
_FULL_STOPS = ".!?。！？"  # Latin and CJK sentence ends


def _is_headline_line(doc: Doc) -> bool:
    words = [t for t in doc if not t.is_space and not t.is_punct]
    inner = doc.text.strip().rstrip(_FULL_STOPS)
    return (0 < len(words) <= _HEADLINE_MAX_WORDS and "\n" not in doc.text.strip()
            and not any(mark in inner for mark in _FULL_STOPS))


def _doc_sentences(doc: Doc, offset: int, clean: str) -> list[Sentence]:
    has_sents = doc.has_annotation("SENT_START") and not _is_headline_line(doc)
    spans = [part for span in (doc.sents if has_sents else [doc[:]]) for part in _split_missed_boundaries(span)]
    result = []
    for span in spans:
        words = [t for t in span if not t.is_space]
        if not words:
            continue
        index = {t.i: n for n, t in enumerate(words)}
        tokens = tuple(_token(t, index.get(t.head.i, n), offset) for n, t in enumerate(words))
        start, end = tokens[0].start, tokens[-1].end
        result.append(Sentence(clean[start:end], start, end, tokens))
    return result


# An abbreviation's full stop also ends the sentence ("... at 8 p.m. Results come later.", "... in
# the U.S. Prices rose."), and the parser then runs the two sentences together.
_SENTENCE_END_ABBREVIATIONS = frozenset(
    "a.m. p.m. u.s. u.k. e.u. u.n. d.c. inc. corp. co. ltd. llc. st. ave. rd. jr. sr. etc.".split())
# Named entities a capitalised word can continue without starting a sentence ('St. Louis').
_PLACE_OR_PERSON = frozenset({"GPE", "LOC", "FAC", "PERSON"})


def _starts_sentence(t) -> bool:
    """Whether token `t`, right after a sentence-ending abbreviation, opens a new sentence."""
    if not t.is_title or t.like_num or t.ent_type_ == "DATE":
        return False
    if t.pos_ != "PROPN":
        return True
    # A common noun the tagger read as a name ('Main St. Police said'): a clause follows it.
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    continues_name = t.ent_iob_ == "I" and t.ent_type_ in _PLACE_OR_PERSON
    return (nxt is not None and nxt.pos_ in ("VERB", "AUX") and not continues_name
            # the tagger's lemma of a word it took for a name is the word itself ('Workers')
            and is_common_noun(t.lower_))


def is_common_noun(word: str) -> bool:
    """Whether a lowercase word (or its base form: 'workers') is in the English lemmatiser's noun
    index, so a capital on it need not make it a name."""
    return any(form in _common_nouns() for form in base_forms(word))


@lru_cache(maxsize=1)
def _common_nouns() -> frozenset[str]:
    """The English lemmatiser's noun index: words that are common nouns. (The table holds a list of
    57,000 words; a set makes each look-up constant time instead of a scan.)"""
    return frozenset(load_pipeline("en").get_pipe("lemmatizer").lookups.get_table("lemma_index")["noun"])


def _split_missed_boundaries(span):
    """Split `span` after 'a.m.', 'U.S.', 'Inc.', 'St.'... where the next word opens a sentence,
    and where a line ends with a full stop and the next line opens with a capital: the parser
    sometimes runs such lines together ('... to win 2-1.' / 'City beat ...')."""
    start = span.start
    previous = span[0]
    line_break = False
    for t in span[1:]:
        if t.is_space:  # a line break between the sentences: the word after it decides
            line_break = line_break or "\n" in t.text
            continue
        ends_line = line_break and previous.text in _FULL_STOPS and t.text[:1].isupper()
        if ends_line or (previous.lower_ in _SENTENCE_END_ABBREVIATIONS and _starts_sentence(t)):
            yield span.doc[start:t.i]
            start = t.i
        previous = t
        line_break = False
    yield span.doc[start:span.end]


def _token(t, head: int, offset: int) -> Token:
    start = offset + t.idx
    return Token(
        text=t.text,
        lemma=t.lemma_ or t.text,
        pos=t.pos_,
        tag=t.tag_,
        dep=t.dep_,
        head=head,
        ent_type=t.ent_type_ or None,
        ent_iob=t.ent_iob_ or "O",
        start=start,
        end=start + len(t.text),
        like_num=bool(t.like_num),
        is_punct=bool(t.is_punct),
    )
