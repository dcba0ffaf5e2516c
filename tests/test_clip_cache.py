"""The disk clip cache: a second signer reuses clips, and a changed notation misses."""

import numpy as np

from signgen.lexicon import Lexicon, LexiconEntry
from signgen.motion.cache import ClipCache
from signgen.perform import Signer
from signgen.synthesis.synthesize import RATE


def test_cached_clip_equals_synthesised_and_is_reused(tmp_path, avatar, body):
    lexicon = Lexicon.load("ase")
    entry = lexicon.letter("C")
    first = Signer(avatar.skeleton, body, lexicon, cache=ClipCache(tmp_path, "a", RATE))
    clip = first.clip(entry, letter=True)
    assert len(list(tmp_path.glob("*.npy"))) == 1
    second = Signer(avatar.skeleton, body, lexicon, cache=ClipCache(tmp_path, "a", RATE))
    second.synthesizer.synthesize = None  # a cache hit must not synthesise
    again = second.clip(entry, letter=True)
    assert np.array_equal(again.quaternions, clip.quaternions) and again.rate == clip.rate
    changed = LexiconEntry(entry.gloss, entry.hamnosys + " hammoveu", entry.lemmas, entry.pos, entry.topics, entry.source)
    assert first.cache.key(changed.hamnosys, True) != first.cache.key(entry.hamnosys, True)
    assert ClipCache(tmp_path, "another-avatar", RATE).key(entry.hamnosys, True) != first.cache.key(entry.hamnosys, True)
