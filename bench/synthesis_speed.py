"""Synthesis benchmark: time to turn each lexicon notation into a clip (median, p95), and the time
to compile the whole lexicon. Run by hand; prints figures, asserts nothing.

    .venv/bin/python bench/synthesis_speed.py
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")

import tempfile
from pathlib import Path

import numpy as np

from signgen.hamnosys import parse
from signgen.motion.cache import ClipCache
from signgen.perform import Signer
from signgen.pipeline import Studio, avatar_fingerprint
from signgen.synthesis.synthesize import RATE


def main() -> None:
    studio = Studio()
    synthesizer = studio.signer.synthesizer
    lexicon = studio.lexicon
    entries = [(e, False) for e in lexicon.entries]
    entries += [(lexicon.letter(c), True) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    timings, durations = [], []
    clock = time.perf_counter()
    for entry, letter in entries:
        start = time.perf_counter()
        clip = synthesizer.synthesize(parse(entry.hamnosys), entry.gloss, letter=letter)
        timings.append(time.perf_counter() - start)
        durations.append(clip.duration)
    total = time.perf_counter() - clock
    ms = np.array(timings) * 1000
    print(f"{len(entries)} notations synthesised in {total:.1f} s (cold: handshapes solved on first use)")
    print(f"per sign: median {np.median(ms):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms, max {ms.max():.0f} ms")
    print(f"projected 1,000-sign lexicon: {np.median(ms) * 1000 / 1000:.1f} s at the median")
    with tempfile.TemporaryDirectory() as folder:
        cache = ClipCache(Path(folder), avatar_fingerprint(studio.avatar), RATE)
        signer = Signer(studio.avatar.skeleton, studio.body, lexicon, cache=cache)
        for entry, letter in entries:  # fill the disk cache
            signer.clip(entry, letter)
        fresh = Signer(studio.avatar.skeleton, studio.body, lexicon, cache=cache)
        clock = time.perf_counter()
        for entry, letter in entries:
            fresh.clip(entry, letter)
        print(f"whole lexicon from the clip cache (a new process's first render): {time.perf_counter() - clock:.2f} s")
    d = np.array(durations)
    print(f"clip durations: median {np.median(d):.2f} s, 10th-90th percentile {np.percentile(d, 10):.2f}-{np.percentile(d, 90):.2f} s")


if __name__ == "__main__":
    main()
