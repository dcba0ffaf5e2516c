"""Looks measured on rendered frames: skin and top colours differ between looks, and the hands keep
a WCAG contrast ratio of at least MIN_HAND_CONTRAST against the top in every look."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from signgen.avatar.look import LOOKS, MIN_HAND_CONTRAST, contrast_ratio, relative_luminance


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
