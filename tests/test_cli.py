"""The command line end to end: real spaCy, real synthesis, real renderer, real ffmpeg."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from signgen.video.encode import probe

STORY = "Snow closed the bridge today.\n\nPolice say the road will open tomorrow.\n"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYOPENGL_PLATFORM": "egl"}
    return subprocess.run([sys.executable, "-m", "signgen", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=900)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, avatar):
    folder = tmp_path_factory.mktemp("render")
    story = folder / "snow.txt"
    story.write_text(STORY, encoding="utf-8")
    out = folder / "video" / "snow.mp4"
    result = run("render", str(story), "-o", str(out), "--json")
    assert result.returncode == 0, result.stderr
    return out, json.loads(result.stdout)


def test_video_is_broadcast_ready(rendered):
    out, report = rendered
    facts = probe(out)
    video = facts["video"]
    assert (video["codec"], video["profile"], video["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert (video["width"], video["height"]) == (1920, 1080)
    assert abs(video["fps"] - 25) < 1e-6
    assert (video["color_primaries"], video["color_transfer"], video["color_space"]) == ("bt709",) * 3
    assert "mov_text" in facts["subtitle_codecs"]
    assert facts["moov_before_mdat"]
    assert facts["frames"] == report["frames"]
    assert abs(facts["duration_s"] - report["duration_s"]) <= 1 / 25 + 1e-6


def test_report_contract(rendered):
    out, report = rendered
    assert report["output"] == str(out)
    assert (report["width"], report["height"], report["fps"]) == (1920, 1080, 25)
    assert set(report["timings_s"]) == {"gloss", "synthesis", "render", "encode", "total"}
    assert [Path(p).suffix for p in report["captions"]] == [".srt", ".vtt", ".ttml"]
    assert all(Path(p).exists() and Path(p).stem == "snow" for p in report["captions"])
    texts = [s["text"].strip() for s in report["sentences"]]
    assert texts == ["Snow closed the bridge today.", "Police say the road will open tomorrow."]
    # Every word of this story has a sign: nothing spelled, nothing to warn about.
    assert (report["fingerspelled"], report["warnings"]) == ([], [])
    previous_end = 0.0
    for sentence in report["sentences"]:
        assert previous_end <= sentence["start_s"] < sentence["end_s"] <= report["duration_s"]
        kinds = {g["kind"] for g in sentence["glosses"]}
        assert kinds <= {"sign", "fingerspell", "number", "index", "classifier", "pause"}
        for g in sentence["glosses"]:
            assert sentence["start_s"] <= g["start_s"] < g["end_s"] <= sentence["end_s"] + 1e-6
        previous_end = sentence["end_s"]


def _srt_cues(path: Path) -> list[tuple[float, float, str]]:
    def seconds(stamp: str) -> float:
        h, m, s = stamp.replace(",", ".").split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    cues = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.splitlines()
        start, end = (seconds(x.strip()) for x in lines[1].split("-->"))
        cues.append((start, end, " ".join(lines[2:])))
    return cues


def test_caption_cues_cover_the_sentences_in_order(rendered):
    _, report = rendered
    cues = _srt_cues(Path(report["captions"][0]))
    assert all(a[1] <= b[0] + 1e-3 for a, b in zip(cues, cues[1:])), "cues overlap or are out of order"
    joined = " ".join(text for _, _, text in cues)
    position = 0
    for sentence in report["sentences"]:
        found = joined.find(sentence["text"].strip().split()[0], position)
        assert found >= position, sentence["text"]
        position = found
        # the sentence's caption is up while it is signed
        assert any(start <= sentence["start_s"] + 0.05 and end >= sentence["start_s"] for start, end, _ in cues)
    assert cues[-1][1] <= report["duration_s"] + 1e-3


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("missing.txt", None, "not found"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("latin1.txt", "Café in Zürich".encode("latin-1"), "UTF-8"),
    ],
)
def test_bad_input_gives_one_line_and_no_output(tmp_path, name, content, problem):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out" / "x.mp4"
    result = run("render", str(path), "-o", str(out))
    assert result.returncode != 0
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert name in message and problem.lower() in message.lower()
    assert "Traceback" not in result.stderr
    assert not out.exists() and not list(tmp_path.glob("out/*"))


def test_unwritable_output_is_refused_before_rendering(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("Rain today.", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("render", str(story), "-o", str(blocker / "x.mp4"))
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert str(blocker) in result.stderr


def test_gloss_json_contract(tmp_path):
    story = tmp_path / "s.txt"
    text = "The mayor visited Springfield on Monday."
    story.write_text(text, encoding="utf-8")
    result = run("gloss", str(story), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["language"], doc["sign_language"]) == ("en", "ase")
    (sentence,) = doc["sentences"]
    assert text[sentence["start_char"]:sentence["end_char"]].strip() == text
    for g in sentence["glosses"]:
        start, end = g["source"]
        assert text[start:end] == g["text"]
    assert "THE" not in [g["gloss"] for g in sentence["glosses"]]
    spelled = [g for g in sentence["glosses"] if g["kind"] == "fingerspell"]
    assert any(g["gloss"] == "SPRINGFIELD" and g["reason"] == "name" for g in spelled)
    assert all("reason" not in g for g in sentence["glosses"] if g["kind"] != "fingerspell")


def test_gloss_reads_standard_input():
    piped = subprocess.run([sys.executable, "-m", "signgen", "gloss", "-"], input="Nurses went on strike on Monday.\n",
                           capture_output=True, text=True, timeout=300)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.splitlines()[-1].split() == ["MONDAY", "NURSE", "PROTEST"]
    empty = subprocess.run([sys.executable, "-m", "signgen", "gloss", "-"], input="", capture_output=True, text=True,
                           timeout=300)
    assert empty.returncode == 1 and empty.stderr.strip() == "signgen: error: <stdin>: is empty; write the story text into it"


def test_version_and_help():
    assert run("--version").stdout.startswith("signgen ")
    help_text = run("render", "--help").stdout
    assert "--preset" in help_text and "--json" in help_text


def test_batch_skips_a_bad_story_and_renders_the_rest(tmp_path, avatar):
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    (scripts / "a-good.txt").write_text("Rain today.", encoding="utf-8")
    (scripts / "b-bad.txt").write_bytes(b"\xff\xfe\x00bad")
    out = tmp_path / "out"
    result = run("batch", str(scripts), "-o", str(out), "--preset", "720p25", "--json")
    assert result.returncode == 1
    stories = json.loads(result.stdout)["stories"]
    assert [(r["slug"], r["status"]) for r in stories] == [("a-good", "done"), ("b-bad", "failed")]
    assert "b-bad.txt" in stories[1]["error"] and "Traceback" not in result.stderr
    assert (out / "a-good.mp4").exists() and sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "a-good.mp4", "a-good.srt", "a-good.ttml", "a-good.vtt", "manifest.json"]


def test_hamnosys_check_reports_every_line_in_order(tmp_path):
    notations = tmp_path / "n.txt"
    notations.write_text("hamflathand hamextfingeru hampalmd hamchest hamtouch hammoveo\nhamnosuch\n\n"
                         "\ue000\ue020\ue03c\n", encoding="utf-8")
    result = run("hamnosys", "check", str(notations), "--json")
    assert result.returncode == 1  # some lines failed
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3, 4]
    assert [r["ok"] for r in rows] == [True, False, False, True]
    assert rows[1]["stage"] == "parse" and "hamnosuch" in rows[1]["error"]
    assert 0.3 < rows[0]["duration_s"] < 1.5 and rows[0]["stage"] is None


def test_sign_renders_one_sign_and_exports_bvh(tmp_path, avatar):
    out, bvh = tmp_path / "what.mp4", tmp_path / "what.bvh"
    result = run("sign", "hamfinger2 hamextfingeru hampalml hamchin hamtouch", "-o", str(out),
                 "--bvh", str(bvh), "--gloss", "WHAT", "--preset", "720p25")
    assert result.returncode == 0, result.stderr
    assert probe(out)["video"]["width"] == 1280
    assert bvh.read_text().startswith("HIERARCHY")
