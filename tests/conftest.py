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
    from signgen.synthesis.body import BodyModel

    return BodyModel.from_avatar(avatar)


@pytest.fixture(scope="session")
def synthesizer(avatar, body):
    from signgen.synthesis.synthesize import Synthesizer

    return Synthesizer(avatar.skeleton, body)
