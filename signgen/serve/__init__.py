"""The display server: a station screen's browser plays a display folder through it.

Routes (read-only; GET and HEAD only, anything else is 404 or 405):

- ``/`` the kiosk page, ``/kiosk.js``, ``/kiosk.css``: plain files shipped in the package
  (no build step, no CDN: screens are often offline).
- ``/playlist.json``: the playlist in force (`signgen.ops.playlist`), never cached.
- ``/media/<hash>.mp4|vtt|jpg``: published media, with HTTP Range requests (the video element seeks
  with them); names are content hashes, so they are cached for good.
- ``/healthz``: JSON with the item count, the last publish time and the free disk space.

Only names a publish writes are served from ``media/``: anything else, including every path
traversal attempt (``..``, percent-encoded or double-encoded) and symlinks that lead out of the
display folder, answers 404.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from signgen.errors import InputError, SigngenError
from signgen.ops.playlist import MEDIA_DIR, PLAYLIST_NAME, read_playlist

STATUS_NAME = "status.json"
MEDIA_NAME = re.compile(r"[0-9a-f]{16}\.(mp4|vtt|jpg)")
MEDIA_TYPES = {"mp4": "video/mp4", "vtt": "text/vtt; charset=utf-8", "jpg": "image/jpeg"}
KIOSK_FILES = {"index.html": "text/html; charset=utf-8", "kiosk.js": "text/javascript; charset=utf-8",
               "kiosk.css": "text/css; charset=utf-8"}
NO_STORE = {"Cache-Control": "no-store"}
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}


def static_dir() -> Path:
    return Path(str(resources.files("signgen.serve") / "static"))


def create_app(display: Path) -> Starlette:
    """The ASGI app serving ``display`` (a folder `signgen publish` writes)."""
    display = Path(display).resolve()
    media_root = display / MEDIA_DIR
    kiosk = static_dir()

    def kiosk_file(name: str):
        async def endpoint(request: Request) -> Response:
            return FileResponse(kiosk / name, media_type=KIOSK_FILES[name], headers=NO_STORE)
        return endpoint

    async def playlist(request: Request) -> Response:
        path = display / PLAYLIST_NAME
        if not path.is_file():  # nothing published yet: an empty playlist, so the page waits
            return JSONResponse({"version": 1, "generated_at": "", "items": []}, headers=NO_STORE)
        return FileResponse(path, media_type="application/json", headers=NO_STORE)

    async def media(request: Request) -> Response:
        name = request.path_params["name"]
        path = _media_path(media_root, name)
        if path is None:
            return PlainTextResponse("Not Found", status_code=404)
        return FileResponse(path, media_type=MEDIA_TYPES[name.rsplit(".", 1)[1]], headers=IMMUTABLE)

    async def healthz(request: Request) -> Response:
        report = health(display)
        return JSONResponse(report, status_code=200 if report["ok"] else 503, headers=NO_STORE)

    get = ["GET", "HEAD"]
    routes = [Route("/", kiosk_file("index.html"), methods=get)]
    routes += [Route(f"/{name}", kiosk_file(name), methods=get) for name in KIOSK_FILES if name != "index.html"]
    routes += [Route("/playlist.json", playlist, methods=get), Route("/healthz", healthz, methods=get),
               Route("/media/{name}", media, methods=get)]
    return Starlette(routes=routes)


def _media_path(media_root: Path, name: str) -> Path | None:
    """The file ``name`` names in ``media_root``, or None: it must be a content-hashed media name
    (no separators, no dots but the suffix's, no escapes) that resolves, after symlinks, to a
    regular file inside the display's media folder."""
    if not MEDIA_NAME.fullmatch(name):
        return None
    path = Path(os.path.realpath(media_root / name))
    inside = path.parent == Path(os.path.realpath(media_root))
    return path if inside and path.is_file() else None


def health(display: Path) -> dict:
    """What an operator (or a monitor) checks when a screen is dark."""
    now = datetime.now(timezone.utc)
    try:
        playlist = read_playlist(display)
        problem = None
    except SigngenError as exc:
        playlist, problem = None, exc.message
    items = playlist.items if playlist else ()
    valid = [item for item in items if item.valid_at(now)]
    missing = sorted(f for item in valid for f in item.files if not (display / f).is_file())
    status = _read_json(display / STATUS_NAME)
    report = {
        "ok": problem is None and bool(valid) and not missing,
        "items": len(items), "valid_items": len(valid),
        "last_publish": playlist.generated_at if playlist and playlist.generated_at else None,
        "free_disk_bytes": shutil.disk_usage(display).free,
        "missing_files": missing, "playlist_error": problem,
        "schedule": status,
    }
    return report


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def run_server(display: Path, host: str, port: int, log: Callable[[str], None]) -> None:
    """Serve ``display`` until interrupted (SIGINT/SIGTERM end it cleanly)."""
    import uvicorn

    display = Path(display)
    if not display.is_dir():
        raise InputError("not a display folder (publish to it first: signgen publish SCRIPTS --to DIR)", display)
    log(f"serving {display} at http://{host}:{port}/ (kiosk page), /healthz for monitoring")
    uvicorn.run(create_app(display), host=host, port=port, log_level="warning", access_log=False)
