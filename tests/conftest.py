"""Shared fixtures: the real avatar asset (built once if missing) and the synthesiser over it."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")


@pytest.fixture(scope="session")
def avatar():
    from signgen.avatar.asset import DEFAULT_AVATAR_PATH, load_avatar
    from signgen.avatar.build import build_avatar

    if not DEFAULT_AVATAR_PATH.exists():
        build_avatar()
    return load_avatar()


@pytest.fixture(scope="session")
def body(avatar):
    from signgen.pipeline import BODY_REGIONS
    from signgen.avatar.asset import REGIONS
    from signgen.synthesis.body import BodyModel
    import numpy as np

    mask = np.isin(avatar.regions, [REGIONS[n] for n in BODY_REGIONS if n in REGIONS])
    return BodyModel(avatar.skeleton, avatar.vertices[mask])


@pytest.fixture(scope="session")
def synthesizer(avatar, body):
    from signgen.synthesis.synthesize import Synthesizer

    return Synthesizer(avatar.skeleton, body)
