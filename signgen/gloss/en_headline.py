"""Title Case headlines: spaCy's entity tagger reads 'Freezing Rain Closes Schools' as the name of
an organisation, and names are fingerspelled. A headline word stays a name only when the story's
body writes it as one (tagged as a name, or capitalised inside a sentence); the others are common
words, signed like any other.
"""

from __future__ import annotations

from dataclasses import replace

from signgen.text.segment import Sentence

# Entities whose words are names (spelled as written); DATE, MONEY... are ordinary words.
NAME_ENTITIES = frozenset("PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split())
_TITLE_SHARE = 0.75  # of the longer words capitalised: Title Case or ALL CAPS, not a sentence


def is_title_case(sentence: Sentence) -> bool:
    """Whether most of the sentence's longer words are capitalised, as in a headline."""
    words = [t.text for t in sentence.tokens if t.text.isalpha() and len(t.text) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= _TITLE_SHARE * len(words)


def unname_headline_words(sentences: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    """`sentences` with the name tags taken off Title Case words the body never writes as names."""
    titles = [is_title_case(s) for s in sentences]
    body = [s for s, title in zip(sentences, titles) if not title]
    if not body:  # a headline alone: nothing to tell its names from its words
        return sentences
    names = {t.text.lower() for s in body for i, t in enumerate(s.tokens)
             if t.ent_type in NAME_ENTITIES or (i > 0 and t.text[:1].isupper())}
    return tuple(_unnamed(s, names) if title else s for s, title in zip(sentences, titles))


def _unnamed(sentence: Sentence, names: set[str]) -> Sentence:
    tokens = tuple(replace(t, ent_type=None, ent_iob="O")
                   if t.ent_type in NAME_ENTITIES and t.text.lower() not in names else t
                   for t in sentence.tokens)
    return replace(sentence, tokens=tokens)
