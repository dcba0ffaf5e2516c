"""Property tests over hostile input, a few hundred cases per stage (bench/fuzz.py runs >= 10,000).

Each stage either does its job with its invariants intact or refuses with the project's own
error; the checks live in tests/fuzz_targets.py, shared with the long runs. The suite's cases are
derandomized (the same every run, so a rare known failure cannot make `make test` flaky); the
long runs in bench/fuzz.py explore new ones each time.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings

import fuzz_targets as targets

QUICK = settings(max_examples=300, deadline=None, database=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@QUICK
@given(targets.script_files())
def test_ingest_reads_stories_or_refuses_with_an_input_error(case):
    targets.check_ingest(case)


@settings(QUICK, max_examples=150)
@given(targets.hostile_text)
def test_segmentation_and_glossing_keep_offsets_inside_sentences_that_cover_the_text(text):
    targets.check_gloss(text)


@QUICK
@given(targets.notations)
def test_hamnosys_parser_gives_a_sign_or_a_notation_error(notation):
    targets.check_parse(notation)


@pytest.fixture(scope="module")
def synthesis(avatar, synthesizer):
    return synthesizer, avatar.skeleton


@settings(QUICK, max_examples=100, suppress_health_check=list(HealthCheck))
@given(notation=targets.sign_notations())
# Found by bench/fuzz.py: the right elbow bent to 155 degrees (a path from the ear past the shoulder),
# and a compound's join swung the left wrist to 91 degrees.
@example(notation="hamfinger2 hamthumbacrossmod hamextfingeru hampalmu hamear hamtouch hammoved hamwristback "
                  "hamshoulders")
@example(notation="hamsymmlr hamflathand hamfingerbendmod hamextfingeri hampalmu hammoved hamsmallmod hamplus "
                  "hamparbegin hamflathand hamfingerbendmod hamextfingerl hampalmd hamplus hamflathand hamextfingerr "
                  "hampalmd hamparend hammoved hamsmallmod hamrepeatfromstart")
def test_every_sign_that_parses_synthesises_within_joint_limits(synthesis, notation):
    targets.check_synthesis(notation, *synthesis)
