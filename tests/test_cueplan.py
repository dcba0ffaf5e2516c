"""The interpreter's schedule for subtitle cues, on durations alone (no rendering)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from signgen.compose.cueplan import LEAD_S, MAX_LAG_S, MAX_SPEED, Unit, plan_cues

FIRST = 0.45  # the opening move from rest


def units(*spec):
    """(cue, body_s[, rank]) -> Units with a 0.2 s transition and no pause."""
    return [Unit(c, 0.0, 0.2, b, *rest) for c, b, *rest in spec]


def test_a_free_signer_starts_just_after_each_cue_at_natural_speed():
    slots = plan_cues([1.0, 5.0], units((0, 1.0), (0, 0.8), (1, 1.0)), end_s=20.0, first_transition_s=FIRST)
    assert [s.start_s for s in slots] == [1.0 + LEAD_S, 5.0 + LEAD_S]
    assert [s.speed for s in slots] == [1.0, 1.0]
    assert abs(slots[0].end_s - (1.25 + FIRST + 1.0 + 0.2 + 0.8)) < 1e-9
    assert [s.units for s in slots] == [(0, 1), (2,)]


def test_a_long_cue_is_signed_faster_up_to_the_limit_then_the_lag_carries_forward():
    # 2.2 s of signing (after the fixed opening move) with 2.0 s before the next cue: 1.1x.
    slots = plan_cues([0.0, 2.0], units((0, 2.2), (1, 0.5)), end_s=20.0, first_transition_s=0.0)
    assert abs(slots[0].speed - 1.1) < 1e-9 and abs(slots[1].start_s - (2.0 + LEAD_S)) < 1e-9
    # 3.0 s into 2.0 s: 1.25x at most, so the next cue starts late by the remainder.
    slots = plan_cues([0.0, 2.0], units((0, 3.0), (1, 0.5)), end_s=20.0, first_transition_s=0.0)
    assert slots[0].speed == MAX_SPEED
    assert abs(slots[1].start_s - (LEAD_S + 3.0 / MAX_SPEED)) < 1e-9
    assert slots[1].start_s - 2.0 > LEAD_S


def test_the_signer_condenses_rather_than_fall_more_than_two_seconds_behind():
    # Cue 0 holds 6 s of signing for 1 s of speech; an index sign (rank 0) is left out first.
    spec = [(0, 1.5), (0, 0.4, 0), (0, 1.5), (0, 1.5), (1, 0.5)]
    slots = plan_cues([0.0, 1.0], units(*spec), end_s=30.0, first_transition_s=0.0)
    assert slots[1].start_s - 1.0 <= MAX_LAG_S + 1e-9
    assert 1 in slots[0].dropped and slots[0].dropped[0] == 1
    assert set(slots[0].units) | set(slots[0].dropped) == {0, 1, 2, 3}


def test_signing_ends_before_the_programme_does():
    slots = plan_cues([0.0], units((0, 2.0), (0, 2.0), (0, 2.0)), end_s=4.0, first_transition_s=0.0)
    assert slots[0].end_s <= 4.0 + 1e-9 and slots[0].dropped


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(0.05, 4.0), st.lists(st.tuples(st.floats(0.0, 0.4), st.floats(0.1, 2.5),
                                                                     st.integers(0, 3)), max_size=6)),
                min_size=1, max_size=12))
def test_every_plan_keeps_the_rules(spec):
    starts, plan_units, t = [], [], 0.0
    for k, (gap, glosses) in enumerate(spec):
        t += gap
        starts.append(t)
        plan_units += [Unit(k, pause, 0.15, body, rank) for pause, body, rank in glosses]
    end_s = t + 3.0
    slots = plan_cues(starts, plan_units, end_s, FIRST)
    previous_end = 0.0
    for start, slot in zip(starts, slots):
        assert sorted(slot.units + slot.dropped) == [i for i, u in enumerate(plan_units) if u.cue == starts.index(start)]
        if slot.start_s is None:
            continue
        assert start < slot.start_s <= start + MAX_LAG_S + 1e-9   # after the cue, at most 2 s late
        assert 1.0 <= slot.speed <= MAX_SPEED
        assert slot.start_s >= previous_end - 1e-9               # one cue at a time
        previous_end = slot.end_s
    assert previous_end <= end_s + 1e-9
