"""Glossing throughput with the trained spaCy pipeline: prints words per second (target >= 2,000).

Each figure is the median over several passes over the development corpus and the samples, so one
slow pass (another process waking up) does not decide it.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Callable

from signgen.gloss import GLOSSERS, gloss_stories, gloss_story
from signgen.ingest import read_stories
from signgen.lexicon import Lexicon
from signgen.text import load_pipeline
from signgen.text.segment import segment_stories

CORPUS = [Path("/work/shared/corpus"), Path(__file__).resolve().parent.parent / "samples"]


def median_rate(words: int, run: Callable[[], object], passes: int) -> float:
    """Median words per second over `passes` timed runs of `run`."""
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return words / statistics.median(times)


def main(passes: int = 9) -> None:
    nlp = load_pipeline("en")
    lexicon = Lexicon.load("ase")
    stories = [s for folder in CORPUS if folder.is_dir() for p in sorted(folder.iterdir()) for s in read_stories(p)]
    gloss_stories(stories, lexicon=lexicon)  # warm caches (phrase matcher, vocabulary)
    words = sum(len(s.source.split()) for s in stories)
    print(f"{len(stories)} stories, {words} words; median of {passes} passes")
    together = median_rate(words, lambda: gloss_stories(stories, lexicon=lexicon), passes)
    print(f"gloss, stories together: {together:,.0f} words/s (batch and `signgen gloss` on a rundown)")
    one_by_one = median_rate(words, lambda: [gloss_story(s, lexicon=lexicon) for s in stories], passes)
    print(f"gloss, story by story:   {one_by_one:,.0f} words/s (what a single-story render sees)")
    # The rules alone on sentences spaCy has already analysed: what signgen's own code costs.
    glosser = GLOSSERS[("en", lexicon.sign_language)]
    analysed = segment_stories(stories)
    rules = median_rate(words, lambda: [glosser(sentences, story.source, lexicon)
                                        for story, sentences in zip(stories, analysed)], passes)
    print(f"gloss rules alone:       {rules:,.0f} words/s (senses, time phrases, order; spaCy excluded)")
    # The spaCy pipeline alone on the same blocks: the ceiling the gloss rules run under.
    blocks = [s.source[a:b] for s in stories for a, b in s.blocks]
    spacy_alone = median_rate(words, lambda: list(nlp.pipe(blocks)), passes)
    print(f"spaCy alone:             {spacy_alone:,.0f} words/s; "
          f"the rest of glossing takes {max(0.0, 1 - together / spacy_alone):.0%} of the time")


if __name__ == "__main__":
    main()
