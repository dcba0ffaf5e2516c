"""Faults a render must survive, one writer per output, and byte-identical reruns.

Every fault gives one line naming the file and the problem, and leaves the output folder with
nothing in it but what was there before (no partial video, no temporary file, no lock file).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from signgen.avatar.asset import load_avatar
from signgen.claim import claim, lock_path
from signgen.errors import InputError, OutputBusyError, OutputError, SigngenError, OutputFolderError
from signgen.ingest import read_stories, story_from_text
from signgen.limits import MAX_SPELLED_LETTERS
from signgen.pipeline import RenderOptions, Studio
from signgen.video.encode import ffmpeg_exe

SIGNGEN = str(Path(sys.executable).with_name("signgen"))
TEXT = "Storm hits\n\nThe bridge is closed."
OPTIONS = RenderOptions("180p25")
IS_ROOT = os.geteuid() == 0


@pytest.fixture(scope="module")
def studio(avatar):
    studio = Studio(avatar=avatar)
    yield studio
    studio.close()


@pytest.fixture()
def story():
    return story_from_text(TEXT, slug="s")


def _one_line(exc: SigngenError) -> str:
    assert "\n" not in exc.message and "Traceback" not in exc.message
    return exc.message


def _mount_tmpfs(folder: Path, options: str) -> None:
    folder.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if result.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode().strip()}")


@pytest.fixture()
def mounts():
    mounted: list[Path] = []
    yield mounted
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=False)


def _ffmpeg_children() -> list[int]:
    """Pids of the ffmpeg processes this test process started."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        if "ffmpeg" in name and int(rest[1]) == os.getpid():
            found.append(int(entry))
    return found


# --- faults ----------------------------------------------------------------------------------------

@pytest.mark.skipif(not IS_ROOT, reason="mounting a small tmpfs needs root")
def test_full_disk_fails_in_one_line_and_leaves_nothing(studio, story, tmp_path, mounts):
    full = tmp_path / "full"
    _mount_tmpfs(full, "size=16k")
    mounts.append(full)
    with pytest.raises(OutputError) as info:
        studio.render(story, full / "s.mp4", OPTIONS)
    assert "disk is full" in _one_line(info.value)
    assert os.listdir(full) == []


def test_read_only_folder_fails_before_any_work(studio, story, tmp_path, mounts):
    folder = tmp_path / "ro"
    if IS_ROOT:  # root writes through permission bits: only a read-only mount stops it
        _mount_tmpfs(folder, "ro,size=64k")
        mounts.append(folder)
    else:
        folder.mkdir()
        folder.chmod(0o555)
    with pytest.raises(OutputFolderError) as info:
        studio.render(story, folder / "s.mp4", OPTIONS)
    assert "cannot write here" in _one_line(info.value) and info.value.exit_code == 2
    assert os.listdir(folder) == []


def test_signgen_render_into_a_read_only_folder_exits_2_with_one_line(tmp_path, mounts):
    folder = tmp_path / "ro"
    if IS_ROOT:
        _mount_tmpfs(folder, "ro,size=64k")
        mounts.append(folder)
    else:
        folder.mkdir()
        folder.chmod(0o555)
    (tmp_path / "s.txt").write_text(TEXT)
    result = _cli(["render", "s.txt", "-o", "ro/s.mp4", "--preset", "180p25"], tmp_path)
    assert result.returncode == 2
    assert _error_line(result).endswith("ro: cannot write here (Read-only file system)" if IS_ROOT
                                        else "ro: cannot write here (Permission denied)")
    assert os.listdir(folder) == []


def test_folder_deleted_mid_render_fails_in_one_line(studio, story, tmp_path):
    folder = tmp_path / "gone"

    def delete_folder(done: int, total: int) -> None:
        if done == 10:
            shutil.rmtree(folder)

    with pytest.raises(OutputError) as info:
        studio.render(story, folder / "s.mp4", OPTIONS, progress=delete_folder)
    assert str(folder) in _one_line(info.value)
    assert not folder.exists()


def test_ffmpeg_killed_mid_encode_fails_in_one_line_and_leaves_nothing(studio, story, tmp_path):
    killed: list[int] = []

    def kill_ffmpeg(done: int, total: int) -> None:
        if done == 10:
            for pid in _ffmpeg_children():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    with pytest.raises(OutputError) as info:
        studio.render(story, tmp_path / "s.mp4", OPTIONS, progress=kill_ffmpeg)
    assert killed, "no ffmpeg process was found to kill"
    assert "SIGKILL" in _one_line(info.value)
    assert os.listdir(tmp_path) == []


def _cli(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([SIGNGEN, *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYOPENGL_PLATFORM": "egl", **env})


def _error_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("signgen: error: "), result.stderr
    return lines[0]


def test_no_egl_driver_fails_in_one_line_and_leaves_nothing(tmp_path):
    # libglvnd finds its EGL drivers through vendor files; none there is a machine without
    # libegl-mesa0 (or any GPU driver): EGL itself cannot start. (`sign` needs no spaCy: quicker.)
    result = _cli(["sign", "hamfist hamextfingeru hampalml hamchest", "-o", "out/s.mp4", "--preset", "180p25"],
                  tmp_path, __EGL_VENDOR_LIBRARY_DIRS=str(tmp_path / "no-drivers"))
    assert result.returncode == 1
    line = _error_line(result)
    assert "EGL" in line and "libegl-mesa0" in line
    assert os.listdir(tmp_path / "out") == []


@pytest.mark.parametrize("asset, remedy", [
    (None, "signgen avatar build"),
    (b"PK\x03\x04 truncated", "signgen avatar build --force"),
    (b"not an archive at all", "signgen avatar build --force"),
])
def test_missing_or_damaged_avatar_says_how_to_rebuild(tmp_path, asset, remedy):
    path = tmp_path / "avatar.npz"
    if asset is not None:
        path.write_bytes(asset)
    with pytest.raises(SigngenError) as info:
        load_avatar(path)
    line = _one_line(info.value)
    assert f"`{remedy}`" in line and str(path) in line and info.value.exit_code == 1


# --- limits that need the signer ------------------------------------------------------------------

def test_a_story_longer_than_max_duration_is_refused_before_any_frame(studio, story, tmp_path):
    drawn: list[int] = []
    with pytest.raises(InputError) as info:
        studio.render(story, tmp_path / "s.mp4", RenderOptions("180p25", max_duration_s=2.0),
                      progress=lambda done, total: drawn.append(done))
    assert "over the 2.0 s limit; split it, or raise --max-duration" in _one_line(info.value)
    assert drawn == [] and os.listdir(tmp_path) == []


def test_a_word_longer_than_the_spelling_limit_is_cut_with_a_warning(studio):
    from signgen.gloss.types import Gloss, GlossDocument, GlossSentence

    word = "ABCDEFGHIJKLMNOPQRSTUVWXYZABCD"  # 30 letters
    gloss = Gloss(word, "fingerspell", (4, 34), word.lower())
    document = GlossDocument("en", "ase", (GlossSentence(f"See {word.lower()}", 0, 34, (gloss,)),))
    performance = studio.signer.perform(document)
    assert len(performance.letter_times) == MAX_SPELLED_LETTERS
    [warning] = performance.warnings
    assert f"spells 30 letters; only the first {MAX_SPELLED_LETTERS} are signed" in warning
    assert warning.startswith("characters 4-34: 'abcdefghijklmnopqrstuvwx...'")


# --- one writer per output --------------------------------------------------------------------------

def test_a_claimed_output_is_refused_at_once_and_left_alone(studio, story, tmp_path):
    target = tmp_path / "s.mp4"
    with claim(target):
        with pytest.raises(OutputBusyError) as info:
            studio.render(story, target, OPTIONS)
        assert f"process {os.getpid()} is already rendering" in _one_line(info.value)
        assert info.value.exit_code == 2
    assert os.listdir(tmp_path) == []  # the claim's lock file goes with it


def test_a_killed_renders_claim_file_is_swept_by_the_next_render_in_its_folder(tmp_path):
    """kill -9 leaves the claim file (only the kernel's lock goes); the next render in the folder,
    to another file, removes it, and leaves a claim that is still held."""
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "s.txt").write_text(TEXT)
    killed = subprocess.Popen([SIGNGEN, "render", "s.txt", "-o", "out/killed.mp4", "--preset", "180p25"],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "PYOPENGL_PLATFORM": "egl"})
    stale = lock_path(out / "killed.mp4")
    deadline = time.monotonic() + 240
    while not stale.exists() and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    assert stale.exists(), "the render was killed before it claimed its output"
    with claim(out / "live.mp4"):  # a live holder: this process
        result = _cli(["render", "s.txt", "-o", "out/next.mp4", "--preset", "180p25"], tmp_path)
        assert result.returncode == 0, result.stderr
        assert sorted(os.listdir(out)) == [".live.mp4.lock", "next.mp4", "next.srt", "next.ttml", "next.vtt"]
    assert sorted(os.listdir(out)) == ["next.mp4", "next.srt", "next.ttml", "next.vtt"]


def _subtitle_text(video: Path) -> str:
    return subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(video), "-map", "0:s:0", "-f", "srt", "-"],
                          capture_output=True, text=True, check=True).stdout


def test_two_renders_to_one_path_give_one_whole_file_and_the_loser_says_so(tmp_path):
    """Started together, the two load for about as long, so one claims the path while the other
    is still loading: that one exits 2. Whatever the timing, the video, its subtitle track and both
    caption files come from one story (no mix), and the video is that render's whole video."""
    texts = {"a": "Storm hits the coast. " * 3, "b": "The bridge is closed until Friday. " * 2}
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text)
    runs = {name: subprocess.Popen([SIGNGEN, "render", f"{name}.txt", "-o", "out/news.mp4", "--preset", "180p25",
                                    "--json"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env={**os.environ, "PYOPENGL_PLATFORM": "egl"})
            for name in texts}
    results = {name: (run.wait(timeout=300), *run.communicate()) for name, run in runs.items()}
    assert sorted(code for code, _, _ in results.values()) in ([0, 2], [0, 0]), results
    for code, _, stderr in results.values():
        if code == 2:
            assert "already rendering to this file" in _error_line(subprocess.CompletedProcess([], 2, "", stderr))
    out = tmp_path / "out"
    assert sorted(os.listdir(out)) == ["news.mp4", "news.srt", "news.ttml", "news.vtt"]
    subtitles = _subtitle_text(out / "news.mp4")
    [shown] = [name for name, text in texts.items() if text.split(".")[0] in subtitles]
    first_words = texts[shown].split(".")[0]
    assert first_words in (out / "news.srt").read_text() and first_words in (out / "news.vtt").read_text()
    code, stdout, _ = results[shown]
    assert code == 0 and len(_framemd5(out / "news.mp4")) == json.loads(stdout)["frames"]


# --- determinism ----------------------------------------------------------------------------------

def _framemd5(video: Path) -> list[str]:
    text = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(video), "-map", "0:v:0", "-f", "framemd5", "-"],
                          capture_output=True, text=True, check=True).stdout
    return [row.split(",")[-1].strip() for row in text.splitlines() if row and not row.startswith("#")]


def test_same_input_options_and_seed_give_identical_frames_and_captions(studio, tmp_path):
    """One render here, one in a fresh process: nothing may depend on process state."""
    text = "Will the bridge open tomorrow? The mayor does not know."
    (tmp_path / "story.txt").write_text(text)
    cli = _cli(["render", "story.txt", "-o", "cli/story.mp4", "--preset", "180p25", "--seed", "7"], tmp_path)
    assert cli.returncode == 0, cli.stderr
    [story] = read_stories(tmp_path / "story.txt")
    studio.render(story, tmp_path / "here" / "story.mp4", RenderOptions("180p25", seed=7))
    frames = [_framemd5(tmp_path / folder / "story.mp4") for folder in ("cli", "here")]
    assert len(frames[0]) > 50 and frames[0] == frames[1]
    for suffix in (".srt", ".vtt", ".ttml"):
        assert (tmp_path / "cli" / f"story{suffix}").read_bytes() == (tmp_path / "here" / f"story{suffix}").read_bytes()
