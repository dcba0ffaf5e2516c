"""BVH round trip on the real skeleton, and a BVH clip in motions/ overriding synthesis."""

import numpy as np

from signgen.hamnosys import parse
from signgen.motion.bvh import clip_matrices, read_bvh, write_bvh


def test_bvh_round_trip_keeps_the_motion(tmp_path, avatar, synthesizer):
    clip = synthesizer.synthesize(parse("hamfinger2 hamextfingeru hampalmd hamcircleo"), "T")
    path = write_bvh(clip, avatar.skeleton, tmp_path / "t.bvh")
    text = path.read_text()
    assert text.startswith("HIERARCHY") and "ROOT Root" in text and f"Frames: {len(clip.quaternions)}" in text
    back = read_bvh(path, avatar.skeleton)
    assert abs(back.rate - clip.rate) < 1e-3
    assert np.allclose(clip_matrices(back), clip_matrices(clip), atol=1e-3)


def test_motion_file_overrides_synthesis(tmp_path, avatar, body):
    from signgen.lexicon import Lexicon
    from signgen.perform import Signer

    lexicon = Lexicon.load("ase")
    entry = lexicon.letter("B")
    plain = Signer(avatar.skeleton, body, lexicon)
    other = plain.synthesizer.synthesize(parse("hamfist hamextfingero hampalmd hammoveu"), "B")
    write_bvh(other, avatar.skeleton, tmp_path / "B.bvh")
    overridden = Signer(avatar.skeleton, body, lexicon, motions=tmp_path)
    assert np.allclose(clip_matrices(overridden.clip(entry, letter=True)), clip_matrices(other), atol=1e-3)
    assert not np.allclose(plain.clip(entry, letter=True).quaternions[:1], other.quaternions[:1], atol=1e-3)
