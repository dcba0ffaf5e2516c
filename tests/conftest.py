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
def studio(avatar):
    """One Studio (lexicon, signer, renderers) for every test that renders through the pipeline."""
    from signgen.pipeline import Studio

    studio = Studio(avatar=avatar)
    yield studio
    studio.close()


@pytest.fixture(scope="session")
def body(avatar):
    from signgen.synthesis.body import BodyModel

    return BodyModel.from_avatar(avatar)


@pytest.fixture(scope="session")
def synthesizer(avatar, body):
    from signgen.synthesis.synthesize import Synthesizer

    return Synthesizer(avatar.skeleton, body)


# -- station screens: stories rendered once per session, then published by many tests ------------

SCREEN_STORIES = {
    "bridge": "Bridge closed\n\nSnow closes the bridge.\n",
    "storm": "A storm comes tonight.\n",       # no headline: its title is made from its name
    "school": "Schools open tomorrow.\n",
    "market": "The market is open.\n",
}
SCREEN_PRESET = "portrait360"  # the signage layout, small: quick to render and to play


@pytest.fixture(scope="session")
def screen_renders(tmp_path_factory):
    """(scripts folder, work folder): the stories above rendered by the batch engine, as `signgen
    publish --preset portrait360 --work WORK` renders them, so publishing them renders nothing."""
    from signgen.ops.batch import BatchRequest, run_batch
    from signgen.options import RenderOptions

    root = tmp_path_factory.mktemp("screens")
    scripts, work = root / "scripts", root / "work"
    scripts.mkdir()
    for slug, text in SCREEN_STORIES.items():
        (scripts / f"{slug}.txt").write_text(text, encoding="utf-8")
    options = RenderOptions(SCREEN_PRESET, burn_captions=False)
    result = run_batch(BatchRequest(inputs=tuple(sorted(scripts.iterdir())), outdir=work, options=options, workers=1))
    assert not result.failed, [r.error for r in result.failed]
    return scripts, work
