"""The HamNoSys parser: token names, Unicode, the model it builds, and errors that say where."""

import pytest

from signgen.errors import NotationError
from signgen.hamnosys import parse
from signgen.hamnosys.symbols import to_unicode, tokenize


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
    ],
)
def test_errors_name_position_symbol_and_expectation(notation, fragment):
    with pytest.raises(NotationError) as info:
        parse(notation)
    assert fragment in str(info.value)
