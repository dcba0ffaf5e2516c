"""Gloss stage: spoken-language sentences -> sign-language gloss sequences.

One module per (spoken language, sign language) pair, chosen by `GLOSSERS`.
"""

from __future__ import annotations

from typing import Callable

from signgen.errors import InputError
from signgen.gloss import en_ase
from signgen.gloss.types import Gloss, GlossDocument, GlossKind, GlossSentence, Nmm
from signgen.ingest import Story
from signgen.lexicon import Lexicon
from signgen.text.segment import Sentence, segment

Glosser = Callable[[tuple[Sentence, ...], str, Lexicon], tuple[GlossSentence, ...]]

# (spoken language, sign language) -> glosser. A new pair is a new module plus a line here.
GLOSSERS: dict[tuple[str, str], Glosser] = {("en", "ase"): en_ase.gloss_sentences}


def gloss_story(
    story: Story, sign_language: str = "ase", lexicon: Lexicon | None = None, language: str = "en"
) -> GlossDocument:
    """Segment `story` and gloss each sentence; `lexicon` defaults to ``Lexicon.load(sign_language)``."""
    glosser = GLOSSERS.get((language, sign_language))
    if glosser is None:
        known = ", ".join(f"{a}->{b}" for a, b in sorted(GLOSSERS))
        raise InputError(f"no gloss rules for {language}->{sign_language}; available: {known}", story.path)
    lexicon = lexicon or Lexicon.load(sign_language)
    sentences = segment(story, language)
    return GlossDocument(language, sign_language, glosser(sentences, story.source, lexicon))


__all__ = ["GLOSSERS", "Gloss", "GlossDocument", "GlossKind", "GlossSentence", "Nmm", "gloss_story"]
