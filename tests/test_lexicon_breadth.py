"""Breadth curator tools: no-sign judgements, frequency lemmas, frequency coverage, `lexicon gaps`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from signgen import curator
from signgen.errors import SigngenError
from signgen.lexicon import Lexicon
from signgen.lexicon_cli import lexicon_app

FIXTURE_ROOT = Path(__file__).resolve().parent / "data" / "lexicon"


def _with_judgements(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "lexicon"
    shutil.copytree(FIXTURE_ROOT, root)
    (root / "ase" / "curation").mkdir()
    (root / "ase" / "curation" / "no-sign.csv").write_text(text, encoding="utf-8")
    return root


def test_no_sign_judgements_read_and_malformed(tmp_path):
    root = _with_judgements(tmp_path, "lemma,reason\nThe,article: ASL has none\nof,preposition\n")
    assert curator.no_sign_judgements("ase", root) == {"the": "article: ASL has none", "of": "preposition"}
    bad = _with_judgements(tmp_path / "bad", "lemma,why\nthe,article\n")
    with pytest.raises(SigngenError, match="no-sign.csv.*lemma,reason"):
        curator.no_sign_judgements("ase", bad)
    empty_reason = _with_judgements(tmp_path / "empty", "lemma,reason\nthe,\n")
    with pytest.raises(SigngenError, match="line 2"):
        curator.no_sign_judgements("ase", empty_reason)


def test_frequency_coverage_counts_and_order():
    lexicon = Lexicon.load("ase", FIXTURE_ROOT)
    report = curator.frequency_coverage(lexicon, ["the", "bridge", "seven", "of", "zebra", "river"], {"the": "x", "of": "y"})
    # bridge and river are entries, seven is a number sign; the and of are judged sign-less
    assert (report["with_entry"], report["no_sign"]) == (3, 2)
    assert report["share"] == pytest.approx(3 / 6, abs=1e-4)
    assert report["share_signable"] == pytest.approx(3 / 4, abs=1e-4)
    assert report["missing"] == ["zebra"]


def test_frequent_lemmas_are_spacy_lemmas_in_frequency_order():
    lemmas = curator.frequent_lemmas(300)
    assert len(lemmas) == 300 and len(set(lemmas)) == 300
    assert lemmas[0] == "the" and "be" in lemmas
    assert not {"was", "is", "were", "children"} & set(lemmas)  # inflected forms fold into their lemma
    assert all(lemma.isalpha() for lemma in lemmas)


def test_gaps_cli_lists_missing_and_respects_judgements(tmp_path):
    root = _with_judgements(tmp_path, "lemma,reason\nthe,article\nand,conjunction\n")
    runner = CliRunner()
    result = runner.invoke(lexicon_app, ["gaps", "--top", "50", "--json", "--root", str(root)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["lemmas"] == 50 and report["no_sign"] == 2
    assert "the" not in report["missing"] and "to" not in report["missing"]  # judged; an entry
    assert "of" in report["missing"]
    ranged = json.loads(runner.invoke(lexicon_app, ["gaps", "--top", "50", "--start", "a-f", "--json",
                                                    "--root", str(root)]).output)
    assert ranged["missing"] and all("a" <= m[0] <= "f" for m in ranged["missing"])
    broken = _with_judgements(tmp_path / "b", "word\nthe\n")
    failed = runner.invoke(lexicon_app, ["gaps", "--top", "10", "--root", str(broken)])
    assert failed.exit_code == 1 and "Traceback" not in failed.output


def test_repository_judgements_are_not_stale():
    """A lemma judged sign-less must not also have a sign (then the judgement is out of date)."""
    lexicon = Lexicon.load("ase")
    judged = curator.no_sign_judgements("ase")
    stale = sorted(lemma for lemma in judged if curator.has_entry(lexicon, lemma))
    assert stale == []


STORIES = Path(__file__).resolve().parent / "data" / "stories"
BEATS = ("weather transport health crime politics economy sports education environment technology culture "
         "disasters international").split()


def test_development_stories_cover_every_beat_in_wire_format():
    """At least 40 stories, every beat present; each is a headline, a blank line, then a 120-250 word body."""
    stories = sorted(STORIES.glob("*.txt"))
    assert len(stories) >= 40
    assert {path.stem.rsplit("-", 1)[0] for path in stories} == set(BEATS)
    for path in stories:
        headline, blank, *body = path.read_text(encoding="utf-8").split("\n")
        words = len(" ".join(body).split())
        assert headline.strip() and not blank.strip() and 120 <= words <= 250, (path.name, words)
