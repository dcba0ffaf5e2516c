"""The HamNoSys parser: token names, Unicode, the model it builds, and errors that say where."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from signgen.errors import NotationError
from signgen.hamnosys import check_lines, parse, parse_sigml
from signgen.hamnosys.model import FingerSpec, Handshape
from signgen.hamnosys.symbols import _tables, to_unicode, tokenize


def test_token_names_and_unicode_parse_to_the_same_sign():
    names = "hamflathand hamthumbacrossmod hamextfingeru hampalmd hamchest hamtouch hammoveo hamlargemod"
    assert parse(names) == parse(to_unicode(names.split()))


def test_symbols_missing_from_the_hamnosys_package_are_known():
    assert [s.name for s in tokenize("\ue054\ue058")] == ["hambelowstomach", "hamlrbeside"]


def test_model_fields():
    sign = parse("hamsymmlr hamfinger2 hamthumboutmod hamfingerbendmod hamextfingerol hampalmdl "
                 "hamchin hamclose hamcircleo hamsmallmod hamfast hamrepeatfromstart")
    assert sign.symmetry == "lr" and sign.two_handed
    assert sign.dominant.shape.base == "finger2"
    assert sign.dominant.shape.thumb == "out" and sign.dominant.shape.bend == "bent"
    assert (sign.dominant.finger_direction, sign.dominant.palm) == ("ol", "dl")
    assert (sign.location.site, sign.location.contact) == ("chin", "close")
    (move,) = sign.movements
    assert (move.kind, move.direction, move.size, move.speed, move.repeat) == ("circle", "o", "small", "fast", "fromstart")


def test_two_hand_configurations_sequences_and_replacement():
    sign = parse("hamparbegin hamflathand hamextfingero hampalmu hamplus hamfist hamextfingero hampalmd hamparend "
                 "hamseqbegin hammover hammovedl hammover hamseqend hamreplace hamfist")
    assert sign.nondominant.shape.base == "fist" and sign.symmetry is None
    seq, replace = sign.movements
    assert seq.kind == "seq" and [p.direction for p in seq.parts] == ["r", "dl", "r"]
    assert replace.kind == "replace" and replace.hand.shape.base == "fist"


def test_straight_move_to_a_target_location():
    (move,) = parse("hamflathand hamextfingeru hampalml hamchin hammoved hamchest hamtouch").movements
    assert move.target.site == "chest" and move.target.contact == "touch"


@pytest.mark.parametrize(
    "notation, fragment",
    [
        ("", "empty"),
        ("hamextfingeru hampalmd", "expected a handshape"),
        ("hamflathand hamextfingeru hampalmd hamchest hampalmd", "position 44"),
        ("hamflathand hamnosuchthing", "unknown HamNoSys symbol 'hamnosuchthing' at position 12"),
        ("hamflathand hamseqbegin hammoveo", "ends early"),
        ("hamflathand !", "unexpected '!' at position 12"),
        ("hamflathand hamextfingero hampalmd hamreplace hamchest", "unexpected hamchest at position 46: expected a handshape or orientation"),
        ("hamflathand hamparbegin hammoveo hamplus hamparend", "unexpected hamparend at position 41: expected a movement before hamparend"),
        ("hamflathand hamextfingero hampalmd hamparbegin hammoveo hamseqend", "unexpected hamseqend at position 56: expected hamparend"),
        ("hamflathand hamextfingero hampalmd hamlrat", "ends early at position 42: expected a location"),
        ("hamflathand hamextfingero hampalmd hammoveo hamplus", "ends early at position 51: expected a handshape"),
    ],
)
def test_errors_name_position_symbol_and_expectation(notation, fragment):
    with pytest.raises(NotationError) as info:
        parse(notation)
    assert fragment in str(info.value)


# -- the full HamNoSys 4 grammar: cases written from the notation's meaning ------------------

DATA = Path(__file__).parent / "data" / "hamnosys"


def test_handshape_modifiers_finger_specs_thumb_contact_and_between():
    sign = parse("hamfinger2345 hamthumbacrossmod hampinky hamfingerhookmod hamextfingeru hampalmd hamchest")
    assert sign.dominant.shape.fingers == (FingerSpec(("pinky",), bend="hooked"),)
    crossed = parse("hamfinger23 hammiddlefinger hamfingermidjoint hamindexfinger hamextfingeru hampalml").dominant.shape
    assert crossed.fingers == (FingerSpec(("middle",), part="fingermidjoint", crossing=("index",)),)
    pinch = parse("hampinch12 hamfingerpad hamextfingero hampalml").dominant.shape
    assert (pinch.base, pinch.thumb_contact) == ("pinch12", "fingerpad")
    half = parse("hamflathand hambetween hamfist hamthumbacrossmod hamextfingero hampalmd").dominant.shape
    assert half.base == "flathand" and half.between == Handshape("fist", thumb="across")


def test_directions_between_relative_and_split_orientation():
    hand = parse("hamfist hamextfingerul hambetween hamextfingeru hamorirelative hampalmd hambetween hampalmdl").dominant
    assert (hand.finger_direction, hand.finger_direction_between) == ("ul", "u")
    assert (hand.palm, hand.palm_between, hand.relative) == ("d", "dl", True)
    sign = parse("hamsymmlr hamflathand hamparbegin hamextfingerul hampalmd hamplus hamextfingeror hampalmr hamparend")
    assert (sign.dominant.finger_direction, sign.nondominant.finger_direction) == ("ul", "or")
    assert sign.nondominant.shape == sign.dominant.shape and sign.nondominant.palm == "r"
    palms = parse("hamsymmpar hamflathand hamextfingero hamparbegin hampalmd hamplus hampalmu hamparend")
    assert (palms.dominant.palm, palms.nondominant.palm, palms.nondominant.finger_direction) == ("d", "u", "o")


def test_symmetry_modifiers_and_sign_markers():
    sign = parse("hamversion40 hamsymmlr hamalternatingmotion hamnonipsi hamflathand hamextfingero hampalml hamnodding hametc")
    assert sign.symmetry == "lr" and sign.symmetry_modifiers == ("alternatingmotion", "nonipsi")
    assert sign.markers == ("version40",) and sign.movements[0].manner == ("etc",)
    assert parse("hamflathand hamextfingero hampalml hametc").markers == ("etc",)


def test_locations_body_arm_hand_finger_sides_between_and_contacts():
    loc = parse("hamflathand hamextfingeru hampalml hamlrat hamshoulders hambetween hamchest hamclose").location
    assert (loc.site, loc.side, loc.contact, loc.between.site) == ("shoulders", "at", "close", "chest")
    arm = parse("hamfinger2 hamextfingero hampalmd hamlowerarm hamhandback hambrushing").location
    assert (arm.region, arm.site, arm.surface, arm.contact, arm.relation) == ("arm", "lowerarm", "handback", "touch", "brushing")
    finger = parse("hamfinger2 hamextfingero hampalmd hamindexfinger hamfingertip hamtouch").location
    assert (finger.region, finger.site, finger.digits, finger.contact) == ("finger", "fingertip", ("index",), "touch")
    behind = parse("hamfist hamextfingero hampalmd hamhead hambehind").location
    assert (behind.relation, behind.contact) == ("behind", None)
    part = parse("hamflathand hamextfingeru hampalml hamchin hamseqbegin hamtouch hammiddlefinger hamfingerpad hamseqend").location
    assert part.site == "chin" and (part.hand_part.site, part.hand_part.digits) == ("fingerpad", ("middle",))


def test_two_hand_locations_and_hand_constellations():
    apart = parse("hamsymmlr hamflathand hamextfingero hampalmd hamparbegin hamshoulders hamplus hamchest hamparend")
    assert (apart.location.site, apart.nondominant_location.site, apart.constellation) == ("shoulders", "chest", None)
    sign = parse("hamparbegin hamfist hamextfingero hampalml hamplus hamflathand hamextfingero hampalmu hamparend "
                 "hamparbegin hampinkyside hamplus hampalm hamparend hamtouch hamstomach hammoveu")
    c = sign.constellation
    assert (c.dominant.site, c.nondominant.site, c.contact) == ("pinkyside", "palm", "touch")
    assert sign.location.site == "stomach"
    meet = parse("hamsymmlr hamflathand hamextfingero hampalml hamfingertip hamtouch").constellation
    assert meet.dominant.site == meet.nondominant.site == "fingertip" and meet.contact == "touch"


def test_movement_kinds_and_modifiers():
    (arc,) = parse("hamfist hamextfingero hampalmd hammoveo hambetween hammoveor hamarcu hamwavy hamlargemod hamfast").movements
    assert (arc.kind, arc.direction, arc.direction_between, arc.arc, arc.path, arc.size, arc.speed) == \
        ("straight", "o", "or", "u", "wavy", "large", "fast")
    (circle,) = parse("hamfist hamextfingero hampalmd hamcirclei hamclocku hamclockfull hamellipseh hamdecreasing").movements
    assert (circle.kind, circle.clock, circle.ellipse, circle.spiral) == ("circle", ("u", "full"), "h", "decreasing")
    wrist = parse("hamflathand hamextfingero hampalmd hamnodding hamtense hamhalt hamtwisting hamstircw "
                  "hamfingerplay hamindexfinger hammovecross hamnomotion").movements
    assert [m.kind for m in wrist] == ["nodding", "twisting", "stircw", "fingerplay", "cross", "none"]
    assert wrist[0].manner == ("tense", "halt") and wrist[3].digits == ("index",)
    to_chin, seq = parse("hamfinger2 hamextfingero hampalmd hamchest hamchin hamtouch "
                         "hamseqbegin hamtouch hammoveo hamseqend").movements
    tap = seq.parts[0]
    assert (to_chin.kind, to_chin.target.site, to_chin.target.contact) == ("target", "chin", "touch")
    assert (tap.kind, tap.contact) == ("contact", "touch")


def test_repetitions_groups_and_per_hand_split():
    sign = parse("hamsymmlr hamflathand hamextfingero hampalmd "
                 "hamparbegin hammoveu hamreplace hamfist hamparend hamrepeatfromstartseveral hamalternatingmotion "
                 "hamfusionbegin hammover hammoved hamfusionend hamrepeatcontinue hamrepeatreverse "
                 "hamparbegin hammoveo hamplus hamnomotion hamparend")
    simul, fusion, split = sign.movements
    assert simul.kind == "simultaneous" and [p.kind for p in simul.parts] == ["straight", "replace"]
    assert (simul.repeat, simul.alternating) == ("fromstartseveral", True)
    assert fusion.kind == "fusion" and fusion.repeat == "continue" and fusion.extra_repeats == ("reverse",)
    assert split.kind == "par" and [p.kind for p in split.parts] == ["straight", "none"]


def test_replacement_of_orientation_only_keeps_the_handshape_in_force():
    first, second = parse("hamfinger2 hamextfingero hampalmd hamreplace hamfist hamreplace hamextfingeru hampalml").movements
    assert first.hand.shape.base == "fist"
    assert (second.hand.shape.base, second.hand.finger_direction, second.hand.palm) == ("fist", "u", "l")
    split = parse("hamsymmlr hamflathand hamextfingero hampalmd hamreplace hamparbegin hamfist hamplus hamfinger2 hamparend")
    (move,) = split.movements
    assert (move.hand.shape.base, move.hand_nondominant.shape.base) == ("fist", "finger2")


def test_alternatives_keep_the_first_and_compounds_follow_plus():
    names = "hamflathand hamextfingero hampalmd hamaltbegin hammoveu hammetaalt hammoved hamaltend hamplus hamfist hamextfingeru hampalml hamchin"
    sign = parse(names)
    assert [m.direction for m in sign.movements] == ["u"]
    (second,) = sign.compound
    assert (second.dominant.shape.base, second.location.site) == ("fist", "chin")
    # In HamNoSys Unicode the alternative brackets are the ASCII characters { | }.
    assert parse(names.replace("hamaltbegin", "{").replace("hammetaalt", "|").replace("hamaltend", "}")) == sign


@pytest.mark.parametrize(
    "names",
    [
        "hamsymmlr hamfinger23spread hamthumbacrossmod hamextfingerul hambetween hamextfingeru hampalmdr "
        "hamparbegin hamthumbside hamplus hampinkyside hamparend hamtouch hamchest hammoveol hamsmallmod hamrepeatfromstart",
        "hampinch12open hamextfingerl hampalmd hamlrat hamshoulders hamcircleo hamclockul hamlargemod hamhalt",
        "hamceeall hamextfingeru hamorirelative hampalml hamelbowinside hamclose hamparbegin hammoved hamplus hamswinging hamparend",
        "hamflathand hamextfingero hampalmu hamneutralspace hamstirccw hamslow hamrest hamrepeatcontinueseveral",
        "hamfist hamextfingero hampalmd hamchest hamcoreftag hammover hamcorefref hamtouch",
    ],
)
def test_unicode_and_token_names_parse_to_the_same_sign(names):
    assert parse(to_unicode(names.split())) == parse(names)


def test_sigml_gives_glosses_signs_and_nonmanual_names():
    (g1, wave), (g2, tap) = parse_sigml((DATA / "signs.sigml").read_text(encoding="utf-8"))
    assert (g1, g2) == ("TEST-WAVE", "TEST-TAP")
    assert wave.nonmanual == ("hnm_eyebrows:RB", "hnm_head:NO")
    assert wave.movements[0].kind == "swinging" and wave.location.side == "beside"
    assert tap.nonmanual == () and tap.movements[0].contact == "touch"
    assert tap == parse("hamfinger2 hamextfingerol hampalmd hamchin hammovei hamtouch")


@pytest.mark.parametrize(
    "xml, fragment",
    [
        ("<sigml><hns_sign", "not well-formed"),
        ("<sigml></sigml>", "no <hns_sign>"),
        ("<sigml><hamgestural_sign/></sigml>", "sign 1: <hamgestural_sign> is not supported"),
        ('<sigml><hns_sign gloss="X"><hamnosys_manual><hamextfingeru/></hamnosys_manual></hns_sign></sigml>',
         "sign 1 (X): unexpected hamextfingeru at position 0: expected a handshape"),
    ],
)
def test_sigml_errors(xml, fragment):
    with pytest.raises(NotationError) as info:
        parse_sigml(xml)
    assert fragment in str(info.value)


def test_check_lines_reports_every_line_and_never_stops():
    lines = ["hamflathand hamextfingero hampalmd hamchest hammoveo\n", "\n", "hamfist hamnosuch",
             "hamfist hamextfingero hampalmd hamcircleo", "hamfinger2 hamextfingeru hampalml"]

    def synthesize(sign):
        if sign.movements and sign.movements[0].kind == "circle":
            raise ValueError("no circles today")
        return 0.5 + len(sign.movements)

    reports = list(check_lines(lines, synthesize))
    assert [r["line"] for r in reports] == [1, 2, 3, 4, 5]
    assert [r["ok"] for r in reports] == [True, False, False, False, True]
    assert [r["stage"] for r in reports] == [None, "parse", "parse", "synthesis", None]
    assert reports[1]["error"] == "empty notation"
    assert "unknown HamNoSys symbol 'hamnosuch' at position 8" in reports[2]["error"]
    assert reports[3]["error"] == "ValueError: no circles today" and reports[3]["duration_s"] is None
    assert (reports[0]["duration_s"], reports[4]["duration_s"]) == (1.5, 0.5)
    json.dumps(reports)  # the CLI prints these as JSON
    without = list(check_lines(lines[:1]))
    assert without == [{"line": 1, "ok": True, "stage": None, "error": None, "duration_s": None}]


def test_a_second_side_symbol_is_consumed_not_looped_on():
    loc = parse("hamfist hamextfingero hampalmd hamlrat hamshoulders hamlrbeside hamclose").location
    assert (loc.site, loc.side, loc.contact) == ("shoulders", "at", "close")



@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted(_tables()[0])), min_size=1, max_size=20))
def test_any_symbol_sequence_parses_or_raises_notation_error(names):
    try:
        sign = parse(" ".join(names))
    except NotationError as exc:
        assert "position" in str(exc) or str(exc) == "empty notation"
    else:
        assert sign.dominant.shape.base
