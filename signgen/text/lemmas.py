"""Lemmas of single English words out of context, from the English pipeline's own lemmatiser.

spaCy lemmatises by part of speech, and leaves a word it reads as a proper noun as written: a
headline's 'Schools' or an ALL CAPS 'CLOSES'. The gloss rules ask here for the base forms such
a word would have as a common noun, verb or adjective.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from signgen.text.models import load_pipeline

_POS_TRIED = ("NOUN", "VERB", "ADJ")
# Closed-class English words (prepositions, conjunctions, articles, demonstratives) that a
# headline capitalises. spaCy's stop list is not used: it also holds content words (call, show).
FUNCTION_WORDS = frozenset(
    "a an the and or nor but yet so as than that this these those of to in into onto on upon at by for from with "
    "within without about above across after against along among around before behind below beneath beside "
    "besides between beyond during except inside near off out outside over past per since through throughout "
    "toward towards under underneath until up via amid amidst despite".split())


@lru_cache(maxsize=8192)
def base_forms(word: str) -> tuple[str, ...]:
    """`word` (lowercase) and its lemmas as a noun, a verb and an adjective, without repeats."""
    nlp = load_pipeline("en")
    lemmatizer = nlp.get_pipe("lemmatizer")
    forms = [word]
    for pos in _POS_TRIED:
        doc = Doc(nlp.vocab, words=[word])
        doc[0].pos_ = pos
        forms += [lemma for lemma in lemmatizer.rule_lemmatize(doc[0]) if lemma not in forms]
    return tuple(forms)


@lru_cache(maxsize=8192)
def restored_bases(word: str, lemma: str) -> tuple[str, ...]:
    """Base forms of a verb form the lemmatiser cut too short ('hopes', 'hoping' -> 'hop'; 'fined'
    -> 'fin'): `word` (lowercase) less its -s or -es, its -ing (+e) or the -d of -ed, where that
    is one of the word's own base forms and not `lemma`. Nothing more: other endings stripped this
    way gave wrong words (layer -> lay, counter -> count)."""
    if word.endswith("s"):
        stems = {word[:-1], word[:-2]}
    elif word.endswith("ing"):
        stems = {word[:-3] + "e"}
    elif word.endswith("ed"):
        stems = {word[:-1]}
    else:
        return ()
    return tuple(base for base in base_forms(word) if base in stems and base != lemma)


def is_function_word(word: str) -> bool:
    """Whether `word` (lowercase) is a closed-class word: a preposition, conjunction or article."""
    return word in FUNCTION_WORDS
