"""The whole pipeline in process: same input and seed give identical frames; the face moves."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess

import numpy as np
import pytest

from signgen.atomic import TEMP_MARK
from signgen.ingest import story_from_text
from signgen.motion.clip import to_matrices
from signgen.motion.face import face_track, markers_from_performance
from signgen.perform import LETTER_HOLD_S
from signgen.pipeline import RenderOptions
from signgen.video.encode import ffmpeg_exe

TEXT = "Will the bridge open tomorrow?"


def _frame_hashes(path) -> list[str]:
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return [hashlib.sha1(raw[i:i + 640 * 360 * 3]).hexdigest() for i in range(0, len(raw), 640 * 360 * 3)]


def test_same_seed_same_frames_other_seed_other_face(studio, tmp_path, monkeypatch):
    from signgen.video import presets

    small = presets.VideoPreset("360p25", 640, 360, presets.PRESETS["720p25"].fps)
    monkeypatch.setitem(presets.PRESETS, "360p25", small)
    story = story_from_text(TEXT, slug="q")
    # litter of a render killed here before (a dead pid), and a temporary of a live process
    dead = subprocess.Popen(["true"])
    dead.wait()
    host = socket.gethostname().replace(".", "_")
    litter = tmp_path / f".a.mp4.{host}~{dead.pid}.x1y2{TEMP_MARK}.mp4"
    alive = tmp_path / f".b.mp4.{host}~{os.getpid()}.x1y2{TEMP_MARK}.mp4"
    litter.write_bytes(b"partial")
    alive.write_bytes(b"in progress")
    a = studio.render(story, tmp_path / "a.mp4", RenderOptions("360p25", seed=1))
    assert not litter.exists() and alive.exists()
    b = studio.render(story, tmp_path / "b.mp4", RenderOptions("360p25", seed=1))
    studio.render(story, tmp_path / "c.mp4", RenderOptions("360p25", seed=2))
    ha, hb, hc = (_frame_hashes(tmp_path / f"{n}.mp4") for n in "abc")
    assert a.frames == b.frames == len(ha) and ha == hb
    assert ha != hc  # blinks and breathing follow the seed


def test_yes_no_question_raises_the_brows_while_it_is_signed(studio):
    story = story_from_text(TEXT, slug="q")
    performance = studio.signer.perform(studio.gloss(story))
    markers = markers_from_performance(performance)
    assert any(m.type == "yn-question" for m in markers)
    names = list(studio.avatar.face_target_names)
    track = face_track(markers, performance.duration_s, 25.0, names, seed=0)
    brow = track.weights[:, names.index("browInnerUp")]
    sentence = performance.sentences[0]
    during = brow[int(sentence.start_s * 25) + 5:int(sentence.end_s * 25) - 5]
    assert during.mean() > 0.5 and brow[:3].max() < 0.1


def test_fingerspelling_holds_first_and_last_letters_and_slides_double_letters(studio):
    from signgen.gloss.types import Gloss, GlossDocument, GlossSentence

    word = Gloss("ABBA", "fingerspell", (0, 4), "Abba")
    after = Gloss("GOOD", "sign", (5, 9), "good")
    document = GlossDocument("en", "ase", (GlossSentence("Abba good", 0, 9, (word, after)),))
    performance = studio.signer.perform(document)
    letters = performance.letter_times
    assert len(letters) == 4
    sign_start = [t for t in performance.sign_times if t[0] > letters[-1][1]][0][0]

    def held(start: float, end: float) -> float:  # seconds the pose stands still between two times
        return sum(span.end - span.start for span in performance.timeline.spans
                   if span.clip is None and span.poses[0] is span.poses[1]
                   and span.start >= start - 1e-9 and span.end <= end + 1e-9)

    assert held(letters[0][1], letters[1][0]) >= LETTER_HOLD_S - 1e-6      # held on the first letter
    assert held(letters[1][1], letters[2][0]) == held(letters[2][1], letters[3][0]) == 0.0  # not between
    assert held(letters[-1][1], sign_start) >= LETTER_HOLD_S - 1e-6       # and on the last one
    skeleton = studio.avatar.skeleton
    hand = skeleton.index("hand_r")

    def travel(span) -> float:  # how far the wrist moves while a letter is shown
        start, end = (skeleton.forward(to_matrices(performance.timeline.pose(t)))[1][hand] for t in span)
        return float(np.linalg.norm(end - start))

    assert travel(letters[1]) < 0.01 and travel(letters[2]) > 0.03  # the repeated B slides
    rate = len(letters) / (letters[-1][1] - letters[0][0])
    assert 2.5 <= rate <= 6.0
