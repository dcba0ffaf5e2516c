"""Render profiles: packaged and user TOML files resolve to RenderOptions; bad files fail in one line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from signgen.avatar.look import LOOKS
from signgen.errors import InputError, UsageError
from signgen.options import RenderOptions
from signgen.profiles import DEFAULT_PROFILE, load_profile, packaged_profiles
from signgen.video.caption_style import CaptionStyle


def test_packaged_profiles_resolve():
    names = set(packaged_profiles())
    assert {DEFAULT_PROFILE, "web", "signage", "preview"} <= names
    broadcast = load_profile(DEFAULT_PROFILE).render_options()
    # The default profile is the plain default render.
    assert broadcast == RenderOptions()
    web = load_profile("web").render_options(seed=3, speed=0.75)
    assert (web.preset, web.burn_captions, web.seed, web.speed) == ("720p25", False, 3, 0.75)
    assert web.look.skin == LOOKS["light"].skin and web.look.background == "#24323f"
    signage = load_profile("signage").render_options()
    assert signage.caption_style.box_alpha == 1.0 and signage.caption_style.max_chars_per_line == 32


def test_user_profile_with_a_look_table_and_command_line_overrides(tmp_path):
    path = tmp_path / "house.toml"
    path.write_text('preset = "720p25"\nbackground = "#101820"\n[look]\nskin = "#8f5b3d"\nbody = "male"\n'
                    '[captions]\nburn = false\ntext = "#ffff00"\nfont_size_ratio = 0.05\n', encoding="utf-8")
    profile = load_profile(path)
    options = profile.render_options()
    assert options.look.skin == "#8f5b3d" and options.look.body == "male" and options.look.background == "#101820"
    assert options.look.top == RenderOptions().look.top  # colours not given keep the default look's
    assert options.caption_style == CaptionStyle(text_rgb=(255, 255, 0), font_size_ratio=0.05)
    assert options.burn_captions is False
    # What the command line gives wins; a swapped look keeps the profile's background.
    overridden = profile.overridden(preset="180p25", look="silver", burn_captions=True).render_options()
    assert (overridden.preset, overridden.burn_captions) == ("180p25", True)
    assert overridden.look.skin == LOOKS["silver"].skin and overridden.look.background == "#101820"


@pytest.mark.parametrize("text, problem", [
    ('preset = "999p"\n', "unknown video preset '999p'"),
    ('colour = "red"\n', "unknown key colour"),
    ('[captions]\nburn = "yes"\n', "captions.burn must be a bool"),
    ('[captions]\ntext = "white"\n', "captions.text: 'white' is not a colour"),
    ('[captions]\nbox_alpha = 3\n', "box_alpha must be between 0 and 1"),
    ('[look]\nsleeves = "#000000"\n', "unknown key look.sleeves"),
    ('look = "purple"\n', "unknown look 'purple'"),
    ('preset = \n', "not valid TOML"),
])
def test_bad_profiles_name_the_file_and_the_key(tmp_path, text, problem):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(path)
    assert problem in caught.value.message and str(path) in caught.value.message


def test_profile_errors_on_the_command_line_are_one_line(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("Rain today.", encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('preset = "999p"\n', encoding="utf-8")
    env = {**os.environ, "PYOPENGL_PLATFORM": "egl"}
    result = subprocess.run([sys.executable, "-m", "signgen", "render", str(story), "--profile", str(bad), "-o",
                             str(tmp_path / "out.mp4")], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "bad.toml: unknown video preset" in result.stderr and not (tmp_path / "out.mp4").exists()
    with pytest.raises(UsageError):
        load_profile("nosuch")
