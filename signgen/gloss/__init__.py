"""Gloss stage: spoken-language sentences -> sign-language gloss sequences.

One module per (spoken language, sign language) pair, chosen by `GLOSSERS`.
"""

from __future__ import annotations

from typing import Callable, Sequence

from signgen.errors import InputError
from signgen.gloss import en_ase
from signgen.gloss.types import Gloss, GlossDocument, GlossKind, GlossSentence, Nmm
from signgen.ingest import Story
from signgen.lexicon import Lexicon
from signgen.text.script import check_english
from signgen.text.segment import Sentence, segment_stories

Glosser = Callable[[tuple[Sentence, ...], str, Lexicon], tuple[GlossSentence, ...]]

# (spoken language, sign language) -> glosser. A new pair is a new module plus a line here.
GLOSSERS: dict[tuple[str, str], Glosser] = {("en", "ase"): en_ase.gloss_sentences}


def check_language(story: Story, language: str = "en") -> None:
    """Raise InputError when `story` is not written in `language` (English: by script, see
    `signgen.text.script`): a story in another script would gloss to nothing and render silence."""
    if language == "en":
        # A rundown holds many stories: the message names the one at fault.
        where = f"{story.path} (story {story.slug!r})" if str(story.path).lower().endswith(".json") else story.path
        check_english("\n".join(story.source[a:b] for a, b in story.blocks), where)


def gloss_story(
    story: Story, sign_language: str = "ase", lexicon: Lexicon | None = None, language: str = "en"
) -> GlossDocument:
    """Segment `story` and gloss each sentence; `lexicon` defaults to ``Lexicon.load(sign_language)``."""
    return gloss_stories([story], sign_language, lexicon, language)[0]


def gloss_stories(
    stories: Sequence[Story], sign_language: str = "ase", lexicon: Lexicon | None = None, language: str = "en"
) -> list[GlossDocument]:
    """`gloss_story` for many stories, one document per story in order; faster than one by one
    because spaCy analyses all the stories in one stream."""
    return [document for _, document in analyse_stories(stories, sign_language, lexicon, language)]


def analyse_stories(
    stories: Sequence[Story], sign_language: str = "ase", lexicon: Lexicon | None = None, language: str = "en"
) -> list[tuple[tuple[Sentence, ...], GlossDocument]]:
    """Each story's analysed sentences (tokens, lemmas, parse) with its gloss document, in order."""
    glosser = GLOSSERS.get((language, sign_language))
    if glosser is None:
        known = ", ".join(f"{a}->{b}" for a, b in sorted(GLOSSERS))
        where = stories[0].path if stories else None
        raise InputError(f"no gloss rules for {language}->{sign_language}; available: {known}", where)
    for story in stories:
        check_language(story, language)
    lexicon = lexicon or Lexicon.load(sign_language)
    analysed = segment_stories(stories, language)
    return [(sentences, GlossDocument(language, sign_language, glosser(sentences, story.source, lexicon)))
            for story, sentences in zip(stories, analysed)]


__all__ = ["GLOSSERS", "Gloss", "GlossDocument", "GlossKind", "GlossSentence", "Nmm", "analyse_stories", "check_language",
           "gloss_stories", "gloss_story"]
