"""Curator tools on the fixture lexicon and a broken copy: check, stats, coverage and the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from signgen import curator
from signgen.lexicon import Lexicon
from signgen.lexicon_cli import lexicon_app

FIXTURE_ROOT = Path(__file__).resolve().parent / "data" / "lexicon"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load("ase", FIXTURE_ROOT)


def _broken(tmp_path: Path) -> Path:
    """A copy of the fixture with a bad notation, an alias conflict and an unreachable entry."""
    root = tmp_path / "lexicon"
    shutil.copytree(FIXTURE_ROOT, root)
    with open(root / "ase" / "signs.csv", "a", encoding="utf-8") as f:
        f.write("BROKEN,hamflathand hamnonsense,broken,ADJ,test,bad token\n")  # line 37
        f.write("SHUT-DOOR,hamflathand hamextfingeru hampalmd,shut,VERB,test,alias of CLOSE\n")  # line 38
    return root


def _with_senses(tmp_path: Path, rows: str) -> Lexicon:
    """The fixture lexicon with `rows` (CSV lines after the header) as its sense table."""
    root = tmp_path / "lexicon"
    shutil.copytree(FIXTURE_ROOT, root)
    (root / "ase" / "senses.csv").write_text("lemma,pos,cues,gloss,checked\n" + rows, encoding="utf-8")
    return Lexicon.load("ase", root)


def test_check_clean_fixture_without_synthesis(lexicon):
    assert curator.check(lexicon) == []


def test_check_reports_file_line_and_kind(tmp_path):
    problems = curator.check(Lexicon.load("ase", _broken(tmp_path)))
    found = {(p["file"], p["line"], p["gloss"], p["kind"]) for p in problems}
    assert ("signs.csv", 37, "BROKEN", "parse") in found
    assert ("signs.csv", 38, "SHUT-DOOR", "alias") in found
    assert ("signs.csv", 38, "SHUT-DOOR", "unreachable") in found
    assert all(p["problem"] for p in problems)


def test_stats(lexicon):
    data = curator.stats(lexicon)
    assert data["signs"] == 35 and data["letters"] == 26 and data["numbers"] == 11
    assert data["aliases"] == sum(len(e.lemmas) for e in lexicon.entries)
    assert data["by_topic"]["time"] >= 5 and sum(data["by_topic"].values()) >= data["signs"]


def test_coverage_counts_content_words(lexicon, tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("The bridge closed.\n\nThe river flooded the bridge and Ann Smith watched.\n", encoding="utf-8")
    data = curator.coverage([story], lexicon)
    # bridge, close, river, flood, bridge, watch (Ann Smith is a name: excepted)
    assert data["words"] == 6 and data["counts"] == {"signed": 4, "fingerspelled": 2}
    assert data["signed"] == pytest.approx(4 / 6, abs=1e-3)
    assert {m["lemma"] for m in data["missing"]} == {"flood", "watch"}
    assert {m["reason"] for m in data["missing"]} == {"no-sign"}
    # Every spelled word with its reason, names included.
    assert data["spelled"] == [{"word": w, "reason": r, "count": 1} for w, r in
                               (("ANN", "name"), ("FLOOD", "no-sign"), ("SMITH", "name"), ("WATCH", "no-sign"))]


def test_cli(tmp_path):
    runner = CliRunner()
    stats = runner.invoke(lexicon_app, ["stats", "--json", "--root", str(FIXTURE_ROOT)])
    assert stats.exit_code == 0 and json.loads(stats.output)["signs"] == 35
    bad = runner.invoke(lexicon_app, ["check", "--no-synth", "--root", str(_broken(tmp_path))])
    assert bad.exit_code == 1 and "signs.csv:37: BROKEN: parse" in bad.output
    good = runner.invoke(lexicon_app, ["check", "--no-synth", "--root", str(FIXTURE_ROOT)])
    assert good.exit_code == 0
    story = tmp_path / "s.txt"
    story.write_text("The bridge closed on Monday.\n", encoding="utf-8")
    cov = runner.invoke(lexicon_app, ["coverage", str(story), "--json", "--root", str(FIXTURE_ROOT)])
    assert cov.exit_code == 0 and json.loads(cov.output)["signed"] == 1.0
    missing = runner.invoke(lexicon_app, ["coverage", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "Traceback" not in missing.output


def test_check_synthesises_on_the_real_avatar(tmp_path, monkeypatch):
    monkeypatch.setenv("PYOPENGL_PLATFORM", "egl")
    root = _broken(tmp_path)
    result = CliRunner().invoke(
        lexicon_app, ["check", "--json", "--root", str(root), "-g", "BRIDGE", "-g", "A", "-g", "ZERO", "-g", "BROKEN"]
    )
    problems = json.loads(result.output)["problems"]
    assert result.exit_code == 1
    # BRIDGE, A and ZERO parse and synthesise; BROKEN fails at parsing; the alias problem is lexicon-wide.
    assert {(p["gloss"], p["kind"]) for p in problems} == {("BROKEN", "parse"), ("SHUT-DOOR", "alias"), ("SHUT-DOOR", "unreachable")}


def test_check_finds_a_sense_row_behind_its_default(tmp_path):
    """A merge that appends a cued row after the lemma's default row leaves it out of reach."""
    lexicon = _with_senses(tmp_path,
        "close,VERB,,CLOSE,default\n"
        "close,VERB,word:road,NOT,closes only in a road sentence\n"
        "close,ADJ,,OPEN,the adjective: not behind the verb default\n")
    problems = curator.check(lexicon)
    assert [(p["kind"], p["line"]) for p in problems if p["kind"] == "shadowed"] == [("shadowed", 3)]


def test_check_finds_a_cue_an_earlier_row_always_takes_first(tmp_path):
    """Two curators' rows for one sense: the later row's word:fever is never tried, its other cue is."""
    lexicon = _with_senses(tmp_path,
        "close,VERB,word:fever|word:road+word:snow,CLOSE,the first row\n"
        "close,VERB,word:fever+word:night|word:snow,NOT,fever is taken above; snow alone is not\n"
        "close,VERB|ADJ,word:road+word:snow,OPEN,takes ADJ as well: not shadowed for the ADJ\n")
    problems = [p for p in curator.check(lexicon) if p["kind"] == "shadowed"]
    assert [p["line"] for p in problems] == [3], problems
    assert "word:fever+word:night never decides" in problems[0]["problem"]


def test_check_finds_a_cue_repeated_within_its_own_row(tmp_path):
    """A row's alternative that repeats an earlier one of the same row (or adds cues to it) decides nothing."""
    lexicon = _with_senses(tmp_path,
        "close,VERB,word:fever|word:road|word:fever|word:road+word:snow,CLOSE,two repeats\n"
        "close,VERB,word:snow+word:night|word:night,NOT,a narrower one first is fine\n")
    problems = [p["problem"] for p in curator.check(lexicon) if p["kind"] == "shadowed"]
    assert len(problems) == 2, problems
    assert "word:fever repeats an earlier alternative" in problems[0]
    assert "word:road+word:snow repeats an earlier alternative" in problems[1]
