"""The display server and the kiosk page, for real: `signgen serve` over HTTP, and Debian's chromium
driven by Playwright against it (plays, captions, next item, a new publish, server gone)."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import SCREEN_PRESET
from signgen.avatar.look import Look
from signgen.video.layout import layout_for
from signgen.video.presets import get_preset

SIGNGEN = str(Path(sys.executable).parent / "signgen")
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def publish(display: Path, work: Path, *scripts: Path) -> None:
    done = subprocess.run([SIGNGEN, "publish", *map(str, scripts), "--to", str(display), "--work", str(work),
                           "--preset", SCREEN_PRESET], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def start_server(display: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen([SIGNGEN, "serve", str(display), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(port, "/healthz")[0] in (200, 503):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"signgen serve did not start: {process.stderr.read()}")


def get(port: int, path: str, method: str = "GET", headers: dict | None = None) -> tuple[int, dict, bytes]:
    """A request sent exactly as written (no client-side normalising of '..' or escapes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def served(screen_renders, tmp_path_factory):
    """A display folder with two published stories, served by a real `signgen serve`."""
    scripts, work = screen_renders
    display = tmp_path_factory.mktemp("served") / "display"
    publish(display, work, scripts / "bridge.txt", scripts / "storm.txt")
    port = free_port()
    process = start_server(display, port)
    yield display, port, process
    process.terminate()
    process.wait(timeout=10)


def test_range_requests_answer_206_with_the_right_bytes(served):
    display, port, _ = served
    item = json.loads((display / "playlist.json").read_text())["items"][0]
    data = (display / item["video"]).read_bytes()
    status, headers, body = get(port, "/" + item["video"], headers={"Range": "bytes=100-1123"})
    assert status == 206 and body == data[100:1124]
    assert headers["content-range"] == f"bytes 100-1123/{len(data)}" and headers["content-type"] == "video/mp4"
    status, headers, body = get(port, "/" + item["video"], headers={"Range": f"bytes=-500"})
    assert status == 206 and body == data[-500:]
    status, headers, body = get(port, "/" + item["video"])
    assert status == 200 and body == data and headers["accept-ranges"] == "bytes"
    status, headers, body = get(port, "/" + item["captions"])
    assert status == 200 and body.startswith(b"WEBVTT") and headers["content-type"].startswith("text/vtt")


def test_playlist_and_health(served):
    display, port, _ = served
    status, headers, body = get(port, "/playlist.json")
    assert status == 200 and body == (display / "playlist.json").read_bytes() and headers["cache-control"] == "no-store"
    status, _, body = get(port, "/healthz")
    health = json.loads(body)
    assert status == 200 and health["ok"] and health["items"] == health["valid_items"] == 2
    assert health["last_publish"] == json.loads((display / "playlist.json").read_text())["generated_at"]
    assert health["free_disk_bytes"] > 0 and health["missing_files"] == []
    status, _, body = get(port, "/")
    assert status == 200 and b"/kiosk.js" in body and b"http" not in body.replace(b"http-equiv", b"")  # no CDN


def test_read_only_and_path_traversal_answers_404(served, tmp_path):
    display, port, _ = served
    secret = tmp_path / "secret.txt"
    secret.write_text("not for screens")
    name = "0123456789abcdef.mp4"
    (display / "media" / name).symlink_to(secret)  # a well-formed name that leads outside
    try:
        attempts = [
            "/media/../../../etc/passwd", "/media/..%2f..%2f..%2fetc%2fpasswd", "/media/%2e%2e/%2e%2e/etc/passwd",
            "/media/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/media/%252e%252e%252fetc%252fpasswd",
            "/media/..%252f..%252fetc%252fpasswd", "/media/%2e%2e", "/media/.", "/media/", "/media",
            "/media/..%5c..%5cetc%5cpasswd", f"/media/{name}", "/media/../playlist.json", "/.work/manifest.json",
            "/status.json", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/static/../../etc/passwd",
        ]
        for path in attempts:
            status, _, body = get(port, path)
            assert status == 404, f"{path} answered {status}"
            assert b"root:" not in body and b"not for screens" not in body
        for method in ("POST", "PUT", "DELETE"):
            assert get(port, "/media/" + name, method)[0] in (404, 405)
            assert get(port, "/playlist.json", method)[0] == 405
    finally:
        (display / "media" / name).unlink()


def signer_and_caption_rows(picture: np.ndarray, background: np.ndarray) -> list[tuple[int, int]]:
    """Runs of rows holding anything but the video's background colour: the signer, then the caption."""
    rows = (np.abs(picture.astype(int) - background).max(axis=2) > 28).sum(axis=1) >= 2
    edges = np.flatnonzero(np.diff(np.concatenate([[0], rows.astype(np.int8), [0]])))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2]) if b - a >= 2]


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/bootstrap installs it)")
def test_kiosk_page_in_chromium(served, screen_renders, tmp_path):
    from playwright.sync_api import sync_playwright

    display, port, process = served
    scripts, work = screen_renders
    layout = layout_for(get_preset(SCREEN_PRESET))
    background = np.round(Look().background_srgb() * 255).astype(int)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--autoplay-policy=no-user-gesture-required"])
        try:
            page = browser.new_page(viewport={"width": 405, "height": 720}, device_scale_factor=2)
            page.goto(f"http://127.0.0.1:{port}/?poll=1")
            page.evaluate("window.__sameDocument = true")
            state = "() => ({item: document.body.dataset.item, t: document.getElementById('player').currentTime})"
            page.wait_for_function("document.getElementById('player').currentTime > 0.3", timeout=30_000)
            first = page.evaluate(state)
            time.sleep(0.5)
            later = page.evaluate(state)
            assert later["item"] != first["item"] or later["t"] > first["t"], "the video plays"

            # The caption track is on, and shows the cue due now, taken from the item's WebVTT.
            page.wait_for_function("""() => { const t = document.getElementById('player').textTracks[0];
                return t && t.mode === 'showing' && t.activeCues && t.activeCues.length > 0; }""", timeout=30_000)
            cue = page.evaluate("""() => { const v = document.getElementById('player'); const c = v.textTracks[0].activeCues[0];
                return {text: c.text, start: c.startTime, end: c.endTime, t: v.currentTime, item: document.body.dataset.item}; }""")
            assert cue["start"] <= cue["t"] <= cue["end"] + 0.3
            items = {i["id"]: i for i in json.loads((display / "playlist.json").read_text())["items"]}
            assert cue["text"] in (display / items[cue["item"]]["captions"]).read_text(encoding="utf-8")

            # The screenshot, measured: the signer in the layout's signer box, the caption below the hands.
            shot = tmp_path / "kiosk.png"
            showing = "() => document.getElementById('player').textTracks[0].activeCues.length > 0"
            for _ in range(5):  # a cue may end between the check and the picture: take it again
                page.wait_for_function(showing, timeout=30_000)
                page.screenshot(path=str(shot))
                if page.evaluate(showing):
                    break
            box = page.evaluate("""() => { const r = document.getElementById('player').getBoundingClientRect();
                return {x: r.x, y: r.y, w: r.width, h: r.height}; }""")
            picture = np.asarray(Image.open(shot).convert("RGB"))
            scale = 2 * box["h"] / layout.height  # device pixels per video pixel
            top = round(2 * box["y"] + layout.headline.bottom * scale) + 2
            video = picture[top:round(2 * (box["y"] + box["h"])), round(2 * box["x"]):round(2 * (box["x"] + box["w"]))]
            runs = signer_and_caption_rows(video, background)
            assert len(runs) == 2, f"expected the signer, then one caption: {runs}"
            (signer_top, signer_bottom), (caption_top, caption_bottom) = runs
            to_layout = lambda row: (row + top - 2 * box["y"]) / scale  # noqa: E731 (screenshot row -> video row)
            assert layout.signer.y - 2 <= to_layout(signer_top) and to_layout(signer_bottom) <= layout.signer.bottom + 2
            assert to_layout(signer_bottom) - to_layout(signer_top) >= 0.4 * layout.height, "a large signer"
            assert caption_top > signer_bottom, "the caption lies below the hands"
            assert to_layout(caption_top) >= layout.captions.y - 2
            if os.environ.get("SIGNGEN_KIOSK_SCREENSHOT"):  # to refresh docs/kiosk.png from this test
                shutil.copy(shot, os.environ["SIGNGEN_KIOSK_SCREENSHOT"])

            # It moves on to the next item.
            playing = page.evaluate(state)["item"]
            page.wait_for_function(f"document.body.dataset.item !== {json.dumps(playing)}", timeout=30_000)

            # A new publish plays without a page reload, at the next item boundary.
            publish(display, work, scripts / "school.txt")
            page.wait_for_function("document.body.dataset.item === 'school'", timeout=60_000)
            page.wait_for_function("document.getElementById('player').currentTime > 0.3", timeout=30_000)
            assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"

            # The server goes away: the page keeps looping what it has.
            page.wait_for_function("window.kiosk.blobs.size === 9", timeout=30_000)  # 3 items x 3 files
            process.terminate()
            process.wait(timeout=10)
            page.wait_for_function("document.body.dataset.online === 'false'", timeout=30_000)
            playing = page.evaluate(state)["item"]
            page.wait_for_function(f"document.body.dataset.item !== {json.dumps(playing)}", timeout=30_000)
            page.wait_for_function("document.getElementById('player').currentTime > 0.3", timeout=30_000)
        finally:
            browser.close()
