"""Looks measured on rendered frames: skin and top colours differ between looks, and the hands keep
a WCAG contrast ratio of at least MIN_HAND_CONTRAST against the top in every look."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from signgen.avatar.colour import contrast_ratio, relative_luminance
from signgen.avatar.look import LOOKS, MIN_HAND_CONTRAST
from signgen.paths import BODIES, avatar_path


@pytest.fixture(scope="module", autouse=True)
def bodies(avatar):
    """Every body's asset (setup builds them; built here if a test run started without them)."""
    from signgen.avatar.build import build_avatar

    for body in BODIES:
        if not avatar_path(body).exists():
            build_avatar(body=body)


@pytest.fixture(scope="module")
def samples(avatar):
    from signgen.pipeline import Studio
    from signgen.render.looks import sample_looks

    studio = Studio(avatar=avatar)
    try:
        return {s.name: s for s in sample_looks(studio, LOOKS)}
    finally:
        studio.close()


def test_contrast_ratio_is_wcags():
    assert contrast_ratio(np.ones(3), np.zeros(3)) == pytest.approx(21.0)
    assert contrast_ratio(np.full(3, 0.5), np.full(3, 0.5)) == pytest.approx(1.0)
    # WCAG's worked value: #767676 on white is 4.54:1.
    assert contrast_ratio(np.full(3, 0x76 / 255), np.ones(3)) == pytest.approx(4.54, abs=0.01)


def test_hands_contrast_with_the_top_in_every_look(samples):
    assert set(samples) == set(LOOKS) and len(LOOKS) >= 3
    for name, s in samples.items():
        assert s.hand_contrast >= MIN_HAND_CONTRAST, f"{name}: hands {s.hand_contrast:.2f}:1 against the top"
        assert relative_luminance(s.top) < 0.05, f"{name}: the top is not dark"


def test_skin_and_cloth_differ_between_looks(samples):
    for a, b in itertools.combinations(samples.values(), 2):
        assert np.abs(a.face - b.face).max() > 0.05, f"{a.name} and {b.name} have the same skin"
        assert np.abs(a.top - b.top).max() > 0.03, f"{a.name} and {b.name} wear the same top"
        assert np.abs(a.hair - b.hair).max() > 0.03, f"{a.name} and {b.name} have the same hair"
    # Skin tones run from light to dark.
    luminance = {name: float(relative_luminance(s.face)) for name, s in samples.items()}
    assert luminance["light"] > luminance["medium"] > luminance["dark"]
    assert luminance["light"] > 2.5 * luminance["dark"]


def test_bodies_differ_in_proportion():
    from signgen.avatar.asset import load_avatar

    measures = {}
    for body in BODIES:
        avatar = load_avatar(avatar_path(body))
        sk = avatar.skeleton
        shoulders = np.linalg.norm(sk.heads[sk.index("upperarm_l")] - sk.heads[sk.index("upperarm_r")])
        arm = np.linalg.norm(sk.heads[sk.index("hand_l")] - sk.heads[sk.index("upperarm_l")])
        measures[body] = (float(avatar.vertices[:, 1].max()), float(shoulders), float(arm))
    (h_n, s_n, _), (h_f, s_f, _), (h_m, s_m, a_m) = measures["neutral"], measures["female"], measures["male"]
    assert h_f + 0.03 < h_n < h_m - 0.03, measures  # heights differ by centimetres
    assert s_f + 0.01 < s_n < s_m - 0.01, measures  # and so do shoulder widths
    assert a_m > measures["neutral"][2] + 0.02  # the skeleton is measured on each body, not shared
    assert {look.body for look in LOOKS.values()} == set(BODIES)
