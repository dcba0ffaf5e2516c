"""Compounds: a lexicon row ``= A B`` is signed as one fluent sign made of entries A and B."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from signgen.errors import InputError
from signgen.hamnosys import parse
from signgen.lexicon import Lexicon
from signgen.synthesis.synthesize import SIGN_TIMING, fluent_compound

FIXTURE_ROOT = Path(__file__).resolve().parent / "data" / "lexicon"
HEADER_END = "checked\n"


@pytest.fixture
def root(tmp_path) -> Path:
    shutil.copytree(FIXTURE_ROOT, tmp_path / "lexicon")
    return tmp_path / "lexicon"


def add_rows(root: Path, rows: str) -> Path:
    path = root / "ase" / "signs.csv"
    path.write_text(path.read_text(encoding="utf-8") + rows, encoding="utf-8")
    return path


def test_compound_row_takes_its_parts_notations(root):
    add_rows(root, "BRIDGE-WEEK,= BRIDGE WEEK,bridgeweek,NOUN,,test compound\n"
                   "TWICE-OVER,= BRIDGE-WEEK WEEK,twiceover,NOUN,,a compound of a compound\n")
    lexicon = Lexicon.load("ase", root)
    bridge, week = lexicon.sign("BRIDGE"), lexicon.sign("WEEK")
    compound = lexicon.sign("BRIDGE-WEEK")
    assert compound.parts == ("BRIDGE", "WEEK")
    assert compound.hamnosys == f"{bridge.hamnosys} hamplus {week.hamnosys}"
    assert len(parse(compound.hamnosys).compound) == 1
    assert lexicon.sign("TWICE-OVER").hamnosys == f"{compound.hamnosys} hamplus {week.hamnosys}"


@pytest.mark.parametrize("rows, problem", [
    ("ODD,= BRIDGE NOSUCH,odd,NOUN,,x\n", "line 37: compound ODD: part 'NOSUCH' is not a sign gloss"),
    ("ODD,= BRIDGE,odd,NOUN,,x\n", "line 37: compound ODD needs two or more parts"),
    ("ODD,= BRIDGE EVEN,odd,NOUN,,x\nEVEN,= ODD WEEK,even,NOUN,,x\n", "contains itself (via ODD)"),
])
def test_bad_compounds_name_file_and_line(root, rows, problem):
    path = add_rows(root, rows)
    with pytest.raises(InputError) as info:
        Lexicon.load("ase", root)
    assert str(info.value).startswith(str(path)) and problem in str(info.value)


def test_lexicon_check_reports_a_missing_part_in_one_line(root):
    add_rows(root, "ODD,= BRIDGE NOSUCH,odd,NOUN,,x\n")
    done = subprocess.run([sys.executable, "-m", "signgen", "lexicon", "check", "--no-synth", "--root", str(root)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "part 'NOSUCH' is not a sign gloss" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_compound_is_one_fluent_sign(avatar, synthesizer):
    lexicon = Lexicon.load("ase")
    tonight = lexicon.sign("TONIGHT")
    assert tonight.parts == ("NOW", "NIGHT")
    now, night = (synthesizer.synthesize(parse(lexicon.sign(g).hamnosys), g) for g in ("NOW", "NIGHT"))
    clip = synthesizer.synthesize(parse(tonight.hamnosys), "TONIGHT")
    # Shorter than the two citation forms back to back even with no transition (holds trimmed) ...
    assert clip.duration < now.duration + night.duration
    assert clip.duration > max(now.duration, night.duration)
    # ... starting as NOW and ending as NIGHT, with no jump between the parts.
    assert np.allclose(clip.first, now.first, atol=1e-6)
    assert np.allclose(np.abs(np.sum(clip.last * night.last, axis=-1)), 1.0, atol=1e-6)  # q and -q: one rotation
    _, pos = avatar.skeleton.forward_batch(clip.quaternions)
    wrists = pos[:, [avatar.skeleton.index("hand_r"), avatar.skeleton.index("hand_l")]]
    assert (np.linalg.norm(np.diff(wrists, axis=0), axis=-1) * clip.rate).max() < 2.0  # m/s: brisk, no jump


def test_fluent_compound_trims_the_holds_between_parts(synthesizer):
    a = synthesizer.synthesize(parse("hamflathand hamextfingeru hampalmd hamchin hamtouch"), "A")
    b = synthesizer.synthesize(parse("hamfist hamextfingeru hampalmd hamchest hamtouch"), "B")
    joined = fluent_compound("AB", [a, b], SIGN_TIMING)
    trimmed = SIGN_TIMING.hold_end + SIGN_TIMING.hold_start
    assert a.duration + b.duration - trimmed < joined.duration < a.duration + b.duration - trimmed + 0.3


def test_a_compound_joining_far_apart_parts_keeps_the_arm_out_of_the_body(avatar, synthesizer, body):
    """GOD ends above the head and MOTHER starts at the chin: the blend between them turned the
    shoulder and elbow straight from one pose to the other and swept the elbow 16 cm into the
    chest. Every frame of the compound is now clear of the body (a contact's few mm aside)."""
    from signgen.motion.metrics import max_penetration

    lexicon = Lexicon.load("ase")
    compound = parse(f"{lexicon.sign('GOD').hamnosys} hamplus {lexicon.sign('MOTHER').hamnosys}")
    clip = synthesizer.synthesize(compound, "GODMOTHER")
    rot, pos = avatar.skeleton.forward_batch(clip.quaternions)
    assert 100.0 * max_penetration(rot, pos, avatar.skeleton, body).max() < 1.0
