"""Motion quality of whole performances, measured on the sample stories: the issue's targets for
rate, penetration, joint limits and smooth joins (`signgen.motion.metrics`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from signgen.ingest import read_stories

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FPS = 25.0


@pytest.fixture(scope="module")
def studio(avatar):
    from signgen.pipeline import Studio

    studio = Studio(avatar=avatar)
    yield studio
    studio.close()


def _metrics(studio, slug: str) -> dict:
    from signgen.motion.metrics import motion_metrics

    story = next(s for p in sorted(SAMPLES.iterdir()) for s in read_stories(p) if s.slug == slug)
    performance = studio.signer.perform(studio.gloss(story))
    poses = studio.signer.frame_poses(performance, FPS)
    joins = [t for span in performance.timeline.clip_times for t in span]
    return motion_metrics(poses, FPS, studio.avatar.skeleton, studio.body, performance.sign_times,
                          performance.letter_times, joins)


@pytest.mark.parametrize("slug", ["snow-closes-roads", "library-late-fees"])
def test_a_story_is_signed_at_a_human_rate_without_passing_through_the_body(studio, slug):
    m = _metrics(studio, slug)
    assert 1.5 <= m["signs_per_s"] <= 2.5
    assert 3.0 <= m["fingerspelling_letters_per_s"] <= 5.0
    assert m["max_penetration_cm"] <= 1.0
    assert m["joint_limit_violations"] == 0
    assert 0.0 < m["max_join_velocity_jump"] <= m["max_sign_velocity_jump"]
