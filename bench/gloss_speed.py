"""Glossing throughput with the trained spaCy pipeline: prints words per second (target >= 2,000)."""

from __future__ import annotations

import time
from pathlib import Path

from signgen.gloss import gloss_story
from signgen.ingest import read_stories
from signgen.lexicon import Lexicon
from signgen.text import load_pipeline

CORPUS = [Path("/work/shared/corpus"), Path(__file__).resolve().parent.parent / "samples"]


def main(repeats: int = 5) -> None:
    load_pipeline("en")
    lexicon = Lexicon.load("ase")
    stories = [s for folder in CORPUS if folder.is_dir() for p in sorted(folder.iterdir()) for s in read_stories(p)]
    gloss_story(stories[0], lexicon=lexicon)  # warm caches (phrase matcher)
    words = sum(len(s.source.split()) for s in stories) * repeats
    start = time.perf_counter()
    for _ in range(repeats):
        for story in stories:
            gloss_story(story, lexicon=lexicon)
    elapsed = time.perf_counter() - start
    print(f"gloss: {words} words in {elapsed:.2f} s = {words / elapsed:,.0f} words/s ({len(stories)} stories x {repeats})")
    # The spaCy pipeline alone on the same text: the ceiling the gloss rules run under.
    nlp = load_pipeline("en")
    start = time.perf_counter()
    for _ in range(repeats):
        list(nlp.pipe(s.source for s in stories))
    spacy_s = time.perf_counter() - start
    print(f"spaCy alone: {words / spacy_s:,.0f} words/s; gloss rules take {max(0.0, 1 - spacy_s / elapsed):.0%} of glossing")


if __name__ == "__main__":
    main()
