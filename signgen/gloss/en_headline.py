"""Capitals that are not names. spaCy's entity tagger reads the Title Case headline 'Freezing Rain
Closes Schools' as an organisation, and a sentence's capitalised first word as a person
('Turnout was higher than expected') or, when plural, as an organisation ('Farmers, who use most
of the water'); names are fingerspelled. Such a word stays a name only when the story writes it
as one elsewhere (tagged as a name, or capitalised inside a sentence); the others are common
words, signed like any other.
"""

from __future__ import annotations

from dataclasses import replace

from signgen.text.segment import Sentence, is_common_noun

# Entities whose words are names (spelled as written); DATE, MONEY... are ordinary words.
NAME_ENTITIES = frozenset("PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split())
_TITLE_SHARE = 0.75  # of the longer words capitalised: Title Case or ALL CAPS, not a sentence


def is_title_case(sentence: Sentence) -> bool:
    """Whether most of the sentence's longer words are capitalised, as in a headline."""
    words = [t.text for t in sentence.tokens if t.text.isalpha() and len(t.text) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= _TITLE_SHARE * len(words)


def unname_headline_words(sentences: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    """`sentences` with the name tags taken off Title Case words the body never writes as names,
    and a sentence's capitalised first word read as the common noun it is (`_first_unnamed`)."""
    titles = [is_title_case(s) for s in sentences]
    body = [s for s, title in zip(sentences, titles) if not title]
    if not body:  # a headline alone: nothing to tell its names from its words
        return sentences
    named = [(t.text.lower(), _lone_first_name(s, i)) for s in body for i, t in enumerate(s.tokens)
             if t.ent_type in NAME_ENTITIES or (i > 0 and t.text[:1].isupper())]
    names = {word for word, _ in named}
    # A first word needs evidence from elsewhere: the body's other names, and any longer person's
    # name, headline included ('Mayor Jane Baker' makes a later 'Baker said' a name).
    named_elsewhere = {word for word, lone in named if not lone} | {
        t.text.lower() for s in sentences for i, t in enumerate(s.tokens)
        if t.ent_type == "PERSON" and not _lone_first_person(s, i)}
    return tuple(_unnamed(s, names) if title else _first_unnamed(s, named_elsewhere)
                 for s, title in zip(sentences, titles))


def _lone_first_person(sentence: Sentence, i: int) -> bool:
    """Whether token `i` is a sentence's first word tagged as a person's name of one word."""
    return _lone_first_name(sentence, i, frozenset({"PERSON"}))


def _lone_first_name(sentence: Sentence, i: int, types: frozenset[str] = NAME_ENTITIES) -> bool:
    """Whether token `i` is a sentence's first word tagged as a name of one word of `types`."""
    tokens = sentence.tokens
    return (i == 0 and tokens[0].ent_type in types
            and (len(tokens) == 1 or tokens[1].ent_iob != "I"))


def _first_unnamed(sentence: Sentence, names: set[str]) -> Sentence:
    """`sentence` with its first word read as the common noun it is when spaCy took its capital
    for a name: the person tag taken off a common noun not in `names`, and a proper-noun tag
    with no entity ('Power has been restored') made a noun."""
    if not sentence.tokens:
        return sentence
    first, *rest = sentence.tokens
    word = first.text.lower()
    if not is_common_noun(word):
        return sentence
    if _lone_first_person(sentence, 0) and word not in names:
        first = replace(first, ent_type=None, ent_iob="O")
    elif _lone_first_name(sentence, 0) and word.endswith("s") and word not in names:
        # 'Farmers, who use most of the water' read as an organisation (an insurer's name): a
        # plural common noun opening a sentence is the people; singular ones (Apple, Target,
        # Delta) are kept as the companies they usually are
        first = replace(first, ent_type=None, ent_iob="O", pos="NOUN")
    elif first.pos == "PROPN" and not first.ent_type:
        first = replace(first, pos="NOUN")
    else:
        return sentence
    return replace(sentence, tokens=(first, *rest))


def _unnamed(sentence: Sentence, names: set[str]) -> Sentence:
    tokens = tuple(replace(t, ent_type=None, ent_iob="O")
                   if t.ent_type in NAME_ENTITIES and t.text.lower() not in names else t
                   for t in sentence.tokens)
    return replace(sentence, tokens=tokens)
