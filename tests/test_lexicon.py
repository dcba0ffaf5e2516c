"""Lexicon loader: lookups on a fixture lexicon, and malformed files -> InputError naming file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from signgen.errors import InputError
from signgen.lexicon import DEFAULT_ROOT, Lexicon, _load_cached, fingerspelling

FIXTURE_ROOT = Path(__file__).resolve().parent / "data" / "lexicon"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load("ase", FIXTURE_ROOT)


def test_load_is_cached_per_language_and_root(lexicon):
    assert Lexicon.load("ase", FIXTURE_ROOT) is lexicon
    assert DEFAULT_ROOT == Path(__file__).resolve().parent.parent / "lexicon"


def test_entries_parsed(lexicon):
    bridge = lexicon.sign("BRIDGE")
    assert bridge.hamnosys.split()[0] == "hamsymmlr"
    assert bridge.lemmas == ("bridge",) and bridge.pos == ("NOUN",) and bridge.topics == ("transport",)
    assert bridge.source == "signs.csv:2"
    assert lexicon.sign("bridge") is None  # glosses are exact capitals
    assert len(lexicon.entries) == 35
    assert lexicon.sign("IX-3:b") is lexicon.sign("IX-3")  # a locus suffix is ignored


def test_find_by_lemma_prefers_pos(lexicon):
    assert lexicon.find("fire").gloss == "FIRE"  # first listed when no POS is given
    assert lexicon.find("fire", "VERB").gloss == "FIRE-JOB"
    assert lexicon.find("fire", "NOUN").gloss == "FIRE"
    assert lexicon.find("Shut").gloss == "CLOSE"
    assert lexicon.find("fire  Department").gloss == "FIRE-DEPARTMENT"
    assert lexicon.find("fire-department").gloss == "FIRE-DEPARTMENT"  # gloss-spelled fallback
    assert lexicon.find("volcano") is None and lexicon.find("") is None
    assert lexicon.max_lemma_words == 2


def test_letters_and_spelling(lexicon):
    assert lexicon.letter("q").gloss == "Q" and lexicon.letter("Q").source == "alphabet.csv:18"
    with pytest.raises(KeyError):
        lexicon.letter("1")
    assert [e.gloss for e in lexicon.spell_word("Zoë O'Neil-2")] == list("ZOEONEIL")
    assert fingerspelling("Ångström") == "ANGSTROM"


def test_numbers(lexicon):
    assert lexicon.number(10).gloss == "TEN"
    assert lexicon.number(11) is None
    assert [e.gloss for e in lexicon.spell_number("7")] == ["SEVEN"]
    assert [e.gloss for e in lexicon.spell_number("10")] == ["TEN"]
    assert [e.gloss for e in lexicon.spell_number("320")] == ["THREE", "TWO", "ZERO"]
    assert [e.gloss for e in lexicon.spell_number("07")] == ["ZERO", "SEVEN"]
    with pytest.raises(ValueError):
        lexicon.spell_number("3.5")


# --- malformed files -----------------------------------------------------------------------------


@pytest.fixture
def copy_root(tmp_path) -> Path:
    shutil.copytree(FIXTURE_ROOT, tmp_path / "lexicon")
    return tmp_path / "lexicon"


def edit(root: Path, name: str, change) -> Path:
    path = root / "ase" / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name, change, expected",
    [
        ("signs.csv", lambda t: t.replace("gloss,hamnosys,", "gloss,notation,", 1), "missing column(s) hamnosys"),
        ("signs.csv", lambda t: t.replace("MAYOR,hamflathand hamextfingeru hampalml hamforehead hammoved,",
                                          "MAYOR,,"), "line 8: empty hamnosys"),
        ("signs.csv", lambda t: t + "BRIDGE,hamfist hamchest,bridge,NOUN,,dup\n", "line 37: duplicate gloss 'BRIDGE' (first on line 2)"),
        ("signs.csv", lambda t: t.replace("WEEK,", "week,", 1), "line 6: gloss 'week' must be capitals"),
        ("signs.csv", lambda t: t.replace(",NOUN,time,", ",NOUNS,time,", 1), "line 6: unknown POS NOUNS"),
        ("alphabet.csv", lambda t: "\n".join(l for l in t.splitlines() if not l.startswith("Q,")) + "\n",
         "alphabet lacks letter(s) Q"),
        ("alphabet.csv", lambda t: t + "AB,hamfist,x\n", "line 28: letter 'AB' must be one of A..Z"),
        ("numbers.csv", lambda t: t.replace("\n3,", "\nthree,", 1), "line 5: value 'three' must be a whole number"),
        ("numbers.csv", lambda t: t.replace("\n7,SEVEN,", "\n6,SEVEN,", 1), "line 9: duplicate value 6"),
    ],
)
def test_malformed_files_name_file_and_line(copy_root, name, change, expected):
    path = edit(copy_root, name, change)
    with pytest.raises(InputError) as info:
        Lexicon.load("ase", copy_root)
    assert expected in str(info.value)
    assert str(info.value).startswith(str(path))


def test_missing_file_and_language(copy_root):
    (copy_root / "ase" / "numbers.csv").unlink()
    with pytest.raises(InputError, match="numbers.csv: lexicon file missing"):
        Lexicon.load("ase", copy_root)
    with pytest.raises(InputError, match="no lexicon for sign language 'bfi'"):
        Lexicon.load("bfi", copy_root)
    with pytest.raises(InputError, match="invalid sign language code"):
        Lexicon.load("../etc", copy_root)


def test_na_is_text_not_missing(copy_root):
    edit(copy_root, "signs.csv", lambda t: t + "NA,hamfist hamchest,na,INTJ,,a gloss that pandas would read as NaN\n")
    assert Lexicon.load("ase", copy_root).sign("NA").lemmas == ("na",)


@pytest.mark.skipif(not (DEFAULT_ROOT / "ase" / "signs.csv").exists(), reason="lexicon data not written yet")
def test_repository_lexicon_loads():
    lexicon = Lexicon.load("ase")
    assert lexicon.entries and all(e.hamnosys for e in lexicon.entries)
    assert len(lexicon.spell_word("abcdefghijklmnopqrstuvwxyz")) == 26


def test_beat_files_under_signs_add_entries_and_keep_glosses_unique(copy_root):
    header = "gloss,hamnosys,lemmas,pos,topics,checked\n"
    beats = copy_root / "ase" / "signs"
    beats.mkdir()
    (beats / "weather.csv").write_text(header + "HAIL,hamfist hamchest,hail,NOUN,weather,test row\n", encoding="utf-8")
    hail = Lexicon.load("ase", copy_root).find("hail")
    assert hail.gloss == "HAIL" and hail.source == "signs/weather.csv:2"
    (beats / "zz-dup.csv").write_text(header + "BRIDGE,hamfist hamchest,span,NOUN,,dup\n", encoding="utf-8")
    _load_cached.cache_clear()  # the same root was loaded (and cached) above
    with pytest.raises(InputError, match=r"zz-dup.csv: line 2: duplicate gloss 'BRIDGE' \(first at signs.csv:2\)"):
        Lexicon.load("ase", copy_root)
