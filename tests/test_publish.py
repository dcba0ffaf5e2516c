"""Publishing to a display folder, for real: the batch engine's renders, hashed media, the playlist
swap, expiry, retention, kills and a full disk; and the scheduler (--once, inbox watching, SIGTERM)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image

from conftest import SCREEN_PRESET
from signgen.ops.playlist import read_playlist
from signgen.ops.publish import PublishRequest, publish
from signgen.options import RenderOptions

SIGNGEN = str(Path(sys.executable).parent / "signgen")
OPTIONS = RenderOptions(SCREEN_PRESET, burn_captions=False)


def run_publish(display: Path, work: Path, *scripts: Path, extra=()) -> subprocess.CompletedProcess:
    return subprocess.run([SIGNGEN, "publish", *map(str, scripts), "--to", str(display), "--work", str(work),
                           "--preset", SCREEN_PRESET, *extra], capture_output=True, text=True, timeout=300)


def assert_playlist_sound(display: Path) -> dict:
    """The playlist parses, and every file it names exists whole (its name is its content's hash)."""
    value = json.loads((display / "playlist.json").read_text(encoding="utf-8"))
    assert value["version"] == 1
    for item in value["items"]:
        for key in ("video", "captions", "poster"):
            path = display / item[key]
            assert path.is_file(), f"{item[key]} is missing"
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            assert path.name.startswith(digest), f"{item[key]} is not whole"
    return value


def temporaries(display: Path) -> list[Path]:
    return [p for folder in (display, display / "media") if folder.is_dir()
            for p in folder.iterdir() if ".signgen-tmp" in p.name]


def test_publish_writes_hashed_media_and_swaps_the_playlist(screen_renders, tmp_path):
    scripts, work = screen_renders
    display = tmp_path / "display"
    done = run_publish(display, work, scripts / "bridge.txt", scripts / "storm.txt", extra=["--json"])
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert sorted(report["added"]) == ["bridge", "storm"] and report["changed"]
    value = assert_playlist_sound(display)
    assert [i["id"] for i in value["items"]] and {i["id"] for i in value["items"]} == {"bridge", "storm"}
    item = next(i for i in value["items"] if i["id"] == "storm")
    assert item["title"] == "Storm" and item["language"] == "en" and item["sign_language"] == "ase"
    assert item["video"].startswith("media/") and item["video"].endswith(".mp4")
    assert (display / item["captions"]).read_text(encoding="utf-8").startswith("WEBVTT")
    with Image.open(display / item["poster"]) as poster:
        assert poster.format == "JPEG" and poster.size == (360, 640)
    valid_from, valid_until = (datetime.fromisoformat(item[k].replace("Z", "+00:00")) for k in ("valid_from", "valid_until"))
    assert valid_until - valid_from == timedelta(hours=12)
    assert abs(item["duration_s"] - json.loads((work / "manifest.json").read_text())["stories"][1]["duration_s"]) < 1
    # Publishing the same stories again changes nothing: same files, same validity.
    again = run_publish(display, work, scripts / "storm.txt")
    assert again.returncode == 0 and "playlist unchanged" in again.stderr
    assert json.loads((display / "playlist.json").read_text())["items"] == value["items"]


def test_expiry_and_retention(screen_renders, tmp_path):
    scripts, work = screen_renders
    display = tmp_path / "display"
    t0 = datetime(2026, 12, 1, 6, 0, tzinfo=timezone.utc)

    def at(minutes: float, *slugs: str, keep: int = 5):
        request = PublishRequest(tuple(scripts / f"{s}.txt" for s in slugs), display, OPTIONS, valid_hours=1,
                                 keep=keep, work=work)
        return publish(request, now=t0 + timedelta(minutes=minutes))

    at(0, "bridge")
    bridge_files = {display / f for f in read_playlist(display).files()}
    at(40, "storm")
    report = at(70, "school")  # bridge's hour is up
    assert report.expired == ("bridge",) and report.added == ("school",)
    assert [i.id for i in read_playlist(display).items] == ["school", "storm"]
    assert all(f.exists() for f in bridge_files), "the previous playlist's files stay one more round"
    report = at(75)  # nothing new: expiry and retention only; the playlist stays as it is
    assert not report.changed
    assert not any(f.exists() for f in bridge_files), "no playlist references them any more"
    storm_files = {display / f for f in read_playlist(display).items[1].files}
    report = at(80, "market", keep=2)  # the newest two stay
    assert report.retired == ("storm",)
    assert [i.id for i in read_playlist(display).items] == ["market", "school"]
    assert all(f.exists() for f in storm_files)
    at(81, keep=2)
    assert not any(f.exists() for f in storm_files)
    assert_playlist_sound(display)
    assert len(list((display / "media").iterdir())) == 6, "exactly the current items' files remain"


def test_sigkill_at_any_moment_leaves_the_previous_playlist_in_force(screen_renders, tmp_path):
    scripts, work = screen_renders
    display = tmp_path / "display"
    new = [scripts / "storm.txt", scripts / "school.txt", scripts / "market.txt"]
    clock = time.monotonic()
    assert run_publish(tmp_path / "calibration", work, *new).returncode == 0
    whole = time.monotonic() - clock  # how long a whole run takes here, to spread the kills over it
    command = [SIGNGEN, "publish", *map(str, new), "--to", str(display), "--work", str(work), "--preset", SCREEN_PRESET]
    assert run_publish(display, work, scripts / "bridge.txt").returncode == 0
    baseline = (display / "playlist.json").read_bytes()
    kills = 0
    for fraction in (0.3, 0.7, 0.88, 0.97):  # the first surely lands before the swap, the rest spread up to it
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        value = assert_playlist_sound(display)
        if (display / "playlist.json").read_bytes() == baseline:
            kills += 1
        else:
            assert {i["id"] for i in value["items"]} == {"bridge", "storm", "school", "market"}, "all or nothing"
    assert kills >= 1, "no kill landed before the swap: the test proved nothing"
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert {i["id"] for i in assert_playlist_sound(display)["items"]} == {"bridge", "storm", "school", "market"}
    assert not temporaries(display), "a killed run's temporaries are swept by the next"


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_full_disk_keeps_the_previous_playlist_and_its_files(screen_renders, tmp_path):
    scripts, work = screen_renders
    display = tmp_path / "display"
    display.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(display)], check=True)
    try:
        assert run_publish(display, work, scripts / "bridge.txt").returncode == 0
        baseline = (display / "playlist.json").read_bytes()
        free = shutil.disk_usage(display).free
        filler = display / "filler"
        filler.write_bytes(b"\0" * max(0, free - 24 * 1024))  # leave 24 KB: less than a video
        full = run_publish(display, work, scripts / "storm.txt")
        assert full.returncode != 0
        lines = full.stderr.strip().splitlines()
        assert len(lines) == 1 and "No space left" in lines[0] and "previous playlist stays" in lines[0], full.stderr
        assert "Traceback" not in full.stderr
        assert (display / "playlist.json").read_bytes() == baseline
        assert_playlist_sound(display)
        assert not temporaries(display)
        filler.unlink()
        assert run_publish(display, work, scripts / "storm.txt").returncode == 0, "space back: publishing works"
        assert {i["id"] for i in assert_playlist_sound(display)["items"]} == {"bridge", "storm"}
    finally:
        subprocess.run(["umount", str(display)], check=True)


def write_config(tmp_path: Path, work: Path, inbox: Path, cron: str = "0 0 1 1 *") -> Path:
    config = tmp_path / "screens.toml"
    config.write_text(f'display = "display"\nwork = "{work}"\nkeep = 10\nsettle_seconds = 1\n\n'
                      f'[[jobs]]\nname = "news"\ninboxes = ["{inbox}"]\ncron = "{cron}"\n'
                      f'preset = "{SCREEN_PRESET}"\nvalid_hours = 6\n', encoding="utf-8")
    return config


def test_schedule_once_publishes_and_a_bad_story_fails_alone(screen_renders, tmp_path):
    scripts, work = screen_renders
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(scripts / "bridge.txt", inbox)
    (inbox / "broken.txt").write_bytes(b"\xff\xfe\x00garbage\x00")
    (inbox / ".half.txt.part").write_text("A story still being copied", encoding="utf-8")
    config = write_config(tmp_path, work, inbox)
    done = subprocess.run([SIGNGEN, "schedule", str(config), "--once"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # a story failed...
    display = tmp_path / "display"
    assert [i["id"] for i in assert_playlist_sound(display)["items"]] == ["bridge"]  # ...the rest is published
    log = [line for line in done.stderr.splitlines() if " news (once): " in line]
    assert len(log) == 1 and "1 new" in log[0] and "1 failed" in log[0]
    status = json.loads((display / "status.json").read_text())
    assert status["last_run_job"] == "news" and status["last_success"] and status["items"] == 1
    assert "broken" in status["last_error"]


def test_schedule_rejects_a_bad_config_in_one_line(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('display = "d"\n[[jobs]]\nname = "x"\ninboxes = ["."]\ncron = "every ten minutes"\n')
    done = subprocess.run([SIGNGEN, "schedule", str(config), "--once"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "cron" in done.stderr and str(config) in done.stderr


def test_schedule_publishes_a_landed_script_once_it_settles_and_stops_on_sigterm(screen_renders, tmp_path):
    scripts, work = screen_renders
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = write_config(tmp_path, work, inbox)
    display = tmp_path / "display"
    process = subprocess.Popen([SIGNGEN, "schedule", str(config)], stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(4)  # started and watching
        (inbox / ".storm.txt.tmp").write_text(SCREEN_STORIES_STORM, encoding="utf-8")  # a copier's temporary
        slow = inbox / "market.txt"
        text = (scripts / "market.txt").read_text(encoding="utf-8")
        with open(slow, "w", encoding="utf-8") as handle:  # written slowly: never still for a second
            for char in text:
                handle.write(char)
                handle.flush()
                time.sleep(3.0 / len(text))
                assert not (display / "playlist.json").exists(), "published while still being written"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (display / "playlist.json").exists():
            time.sleep(0.2)
        items = assert_playlist_sound(display)["items"]
        assert [i["id"] for i in items] == ["market"], "the settled script, not the temporary"
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert "stopped" in stderr and "Traceback" not in stderr
    assert sum(" news (inbox): " in line for line in stderr.splitlines()) == 1


SCREEN_STORIES_STORM = "A storm comes tonight.\n"
