"""Input limits: bytes per script or rundown story, and rundowns read in bounded memory."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from signgen.cli import app
from signgen.errors import InputError
from signgen.ingest import Rundown, read_stories

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from rundown_memory import measure, write_rundown  # noqa: E402


def _rundown(path: Path, bodies: list[str]) -> Path:
    stories = [{"slug": f"s{i}", "headline": None, "body": body} for i, body in enumerate(bodies)]
    path.write_text(json.dumps({"stories": stories}), encoding="utf-8")
    return path


def test_a_script_over_max_bytes_is_refused_and_a_higher_limit_accepts_it(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("The bridge is closed. " * 100)  # 2,200 bytes
    with pytest.raises(InputError, match=r"2,200 bytes, over the 2,000-byte limit; .*--max-bytes"):
        read_stories(path, max_bytes=2_000)
    [story] = read_stories(path, max_bytes=3_000)
    assert len(story.source) == 2_200


def test_the_limit_applies_per_rundown_story_not_to_the_rundown_file(tmp_path):
    fine = _rundown(tmp_path / "fine.json", ["The bridge is closed. " * 40] * 5)  # 5 x 880 bytes
    assert fine.stat().st_size > 4_000
    assert len(read_stories(fine, max_bytes=1_000)) == 5
    big = _rundown(tmp_path / "big.json", ["Short.", "The bridge is closed. " * 60])
    with pytest.raises(InputError, match=r"stories\[1\] is 1,320 bytes, over the 1,000-byte limit"):
        read_stories(big, max_bytes=1_000)


@pytest.mark.parametrize("escape, lone", [("\\ud800", True), ("\\udfff x", True), ("\\ud83d\\ude00", False),
                                          ("\\\\ud800", False)])
def test_lone_surrogate_escapes_are_refused_and_pairs_are_text(tmp_path, escape, lone):
    path = tmp_path / "run.json"
    text = '{"stories": [{"slug": "a", "body": "Storm ' + escape + ' hits."}]}'
    path.write_text(text, encoding="ascii")
    if lone:
        with pytest.raises(InputError, match=f"lone UTF-16 surrogate escape at byte {text.index(escape)}"):
            read_stories(path)
    else:
        [story] = read_stories(path)
        story.source.encode("utf-8")  # only text: "\U0001f600", or the six characters "\ud800"


def test_a_rundown_broken_at_its_end_is_refused_before_any_story_is_read(tmp_path):
    path = tmp_path / "run.json"
    text = json.dumps({"stories": [{"slug": f"s{i}", "body": "The bridge is closed."} for i in range(50)]})
    path.write_text(text[:-3], encoding="utf-8")
    with pytest.raises(InputError, match=r"invalid JSON at line 1, column \d+"):
        read_stories(path)


def test_a_rundown_is_read_again_on_each_pass_and_knows_its_length(tmp_path):
    stories = read_stories(_rundown(tmp_path / "run.json", ["One.", "Two.", "Three."]))
    assert isinstance(stories, Rundown) and len(stories) == 3
    assert [s.slug for s in stories] == [s.slug for s in stories] == ["s0", "s1", "s2"]
    assert stories[2].source == "Three." and stories[-1].slug == "s2"


def test_a_10000_story_rundown_is_read_in_bounded_memory(tmp_path):
    path = tmp_path / "rundown.json"
    size_mb = write_rundown(path) / 1e6
    figures = measure(path, "streamed")
    assert figures["stories"] == 10_000
    assert size_mb > 10 and figures["peak_rss_growth_mb"] < 5, figures  # loaded whole it takes ~24 MB


@pytest.mark.parametrize("command", ["render", "gloss"])
def test_max_bytes_option_reaches_the_reader(tmp_path, command):
    path = tmp_path / "story.txt"
    path.write_text("The bridge is closed. " * 10)
    result = CliRunner().invoke(app, [command, str(path), "--max-bytes", "100"])
    assert result.exit_code == 1
    assert "over the 100-byte limit" in result.output and "Traceback" not in result.output


def test_an_mp4_output_for_a_rundown_of_several_stories_is_a_usage_error(tmp_path):
    path = _rundown(tmp_path / "run.json", ["One.", "Two."])
    result = CliRunner().invoke(app, ["render", str(path), "-o", str(tmp_path / "one.mp4")])
    assert result.exit_code == 2 and "give an output directory" in result.output
