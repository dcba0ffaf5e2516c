"""Publishing signed stories to a station display folder.

`publish` renders what is not rendered yet with the batch engine (`signgen.ops.batch.run_batch`,
into a work folder; its manifest and content keys make reruns cheap), then:

1. copies each finished video, its WebVTT and a poster JPEG into ``DISPLAY_DIR/media/`` under names
   that are the hash of their content (each file written whole under a temporary name, flushed to
   disk, then renamed: a name that exists is complete);
2. replaces ``DISPLAY_DIR/playlist.json`` atomically (expired items out, the newest ``keep`` in);
3. only then deletes media no playlist references any more (the previous playlist's files stay one
   more round: a screen may still be playing them until its next item boundary).

A kill or a full disk at any step leaves the previous playlist in force with every file it names:
files appear before the playlist that names them and disappear only after it is replaced.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from signgen.atomic import publish as rename_into_place
from signgen.atomic import sweep_temps, temp_file
from signgen.errors import OutputError, UsageError
from signgen.ops.batch import BatchEvent, BatchRequest, Finished, Planned, run_batch
from signgen.ops.lock import folder_lock
from signgen.ops.manifest import StoryRecord, read_manifest
from signgen.ops.playlist import (MEDIA_DIR, Playlist, PlaylistItem, merge, new_item, read_playlist, stamped,
                                  write_playlist)
from signgen.options import RenderOptions

WORK_DIR = ".work"  # default render folder inside the display folder (never served)
HASH_CHARS = 16     # 64 bits of SHA-256: no collision among a display's few hundred files


class StopRequested(Exception):
    """Raised from the batch's event stream to stop after the story that just finished."""


@dataclass(frozen=True)
class PublishRequest:
    """What to publish where.

    inputs: scripts or folders of scripts (may be empty: then only expiry and retention run).
    display: the display folder a `signgen serve` reads. work: where stories are rendered
    (default ``display/.work``; on the same disk, keep it out of the way of other writers).
    valid_hours: how long a newly published item stays on screen. keep: most items on the playlist.
    """

    inputs: tuple[Path, ...]
    display: Path
    options: RenderOptions = field(default_factory=lambda: RenderOptions("portrait1080", burn_captions=False))
    valid_hours: float = 12.0
    keep: int = 30
    work: Path | None = None
    workers: int | None = 1
    scheduler: str | None = None

    @property
    def work_dir(self) -> Path:
        return Path(self.work) if self.work is not None else Path(self.display) / WORK_DIR


@dataclass(frozen=True)
class PublishReport:
    """What a publish did. ``changed``: the playlist was replaced (else it stayed as it was)."""

    playlist: Playlist
    added: tuple[str, ...]
    expired: tuple[str, ...]
    retired: tuple[str, ...]
    failed: tuple[StoryRecord, ...]
    deleted: tuple[str, ...]
    changed: bool
    stopped: bool = False

    def summary(self, display: Path) -> str:
        """One line saying what the publish did (the CLI's last line, the scheduler's log line)."""
        state = "playlist replaced" if self.changed else "playlist unchanged"
        stopped = "; stopped early, the rest waits for the next run" if self.stopped else ""
        return (f"{state}: {len(self.playlist.items)} items ({len(self.added)} new, {len(self.expired)} expired, "
                f"{len(self.retired)} retired, {len(self.failed)} failed) in {display}{stopped}")

    def to_json(self) -> dict:
        return {"changed": self.changed, "items": len(self.playlist.items), "added": list(self.added),
                "expired": list(self.expired), "retired": list(self.retired),
                "failed": [{"slug": r.slug, "input": r.input, "error": r.error} for r in self.failed],
                "deleted_media": list(self.deleted), "stopped": self.stopped,
                "generated_at": self.playlist.generated_at}


def publish(request: PublishRequest, events: Callable[[BatchEvent], None] | None = None,
            should_stop: Callable[[], bool] = lambda: False, now: datetime | None = None) -> PublishReport:
    """Render and publish ``request.inputs`` to ``request.display``; see the module docstring.

    should_stop: polled after each finished story; once true, the stories still waiting are left
    for the next run and what is done is published. now: the publishing time (default: the clock).
    """
    if request.keep < 1 or request.valid_hours <= 0:
        raise UsageError("--keep must be at least 1 and --valid-hours more than 0")
    display = Path(request.display)
    try:
        with folder_lock(display):
            media = display / MEDIA_DIR
            media.mkdir(exist_ok=True)
            sweep_temps(media, every_owner=True)  # litter of a killed publish: we hold the lock
            sweep_temps(display, every_owner=True)
            done, failed, stopped = _render(request, events, should_stop)
            moment = now or datetime.now(timezone.utc)
            previous = read_playlist(display)
            stager = _Stager(media)
            try:
                fresh = [stager.stage(record, moment, request.valid_hours) for record in done]
                playlist, changes = merge(previous, fresh, moment, request.keep)
                changed = playlist.items != previous.items
                if changed:
                    _sync(media)
                    playlist = stamped(playlist, moment)
                    write_playlist(display, playlist)
                    _sync(display)
            except BaseException:
                stager.undo(previous.files())  # a full disk gets back the space this run took
                raise
            if not changed:
                playlist = previous
            deleted = _collect_garbage(media, playlist.files() | previous.files())
    except OSError as exc:
        raise OutputError(f"cannot publish ({exc.strerror or exc}); the previous playlist stays in force",
                          display) from exc
    return PublishReport(playlist, tuple(changes["added"]), tuple(changes["expired"]), tuple(changes["retired"]),
                         failed, deleted, changed, stopped)


def _render(request: PublishRequest, events, should_stop) -> tuple[list[StoryRecord], tuple[StoryRecord, ...], bool]:
    """Run the batch on the inputs; (done records, failed records, stopped early)."""
    if not request.inputs:
        return [], (), False
    slugs: list[str] = []

    def relay(event: BatchEvent) -> None:
        if isinstance(event, Planned):
            slugs.extend(event.up_to_date)
        if events is not None:
            events(event)
        if isinstance(event, Finished):
            slugs.append(event.record.slug)
            if should_stop():
                raise StopRequested

    batch = BatchRequest(inputs=tuple(request.inputs), outdir=request.work_dir, options=request.options,
                         workers=request.workers, scheduler=request.scheduler)
    try:
        records = run_batch(batch, relay).records
        stopped = False
    except StopRequested:
        known = read_manifest(request.work_dir).by_slug()
        records = tuple(known[s] for s in slugs if s in known)
        stopped = True
    done = [r for r in records if r.status == "done" and r.output]
    return done, tuple(r for r in records if r.status == "failed"), stopped


def content_name(path: Path, suffix: str) -> str:
    """``<hash><suffix>``: the first 16 hex digits of the SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:HASH_CHARS] + suffix


class _Stager:
    """Puts rendered stories' files into the media folder, remembering which names it created."""

    def __init__(self, media: Path) -> None:
        self.media = media
        self.created: list[Path] = []

    def stage(self, record: StoryRecord, now: datetime, valid_hours: float) -> PlaylistItem:
        """Copy in one story's video and WebVTT, make its poster; its (not yet published) item."""
        video = Path(record.output)
        vtt = next((Path(c) for c in record.captions if c.endswith(".vtt")), video.with_suffix(".vtt"))
        duration = record.duration_s or 0.0
        files = (self._copy_in(video, ".mp4"), self._copy_in(vtt, ".vtt"), self._poster(video, duration))
        title = record.headline or record.slug.replace("-", " ").capitalize()
        return new_item(record.slug, title, files, duration, now, valid_hours)

    def undo(self, keep: set[str]) -> None:
        for path in self.created:
            if f"{MEDIA_DIR}/{path.name}" not in keep:
                path.unlink(missing_ok=True)

    def _place(self, temp: Path, suffix: str) -> str:
        """Flush ``temp`` to disk and rename it to its content name (or drop it if that exists)."""
        with open(temp, "rb+") as f:
            os.fsync(f.fileno())
        target = self.media / content_name(temp, suffix)
        if target.exists():
            temp.unlink()
        else:
            rename_into_place(temp, target)
            self.created.append(target)
        return f"{MEDIA_DIR}/{target.name}"

    def _copy_in(self, source: Path, suffix: str) -> str:
        temp = temp_file(self.media / source.name, suffix)
        try:
            shutil.copyfile(source, temp)
            return self._place(temp, suffix)
        finally:
            temp.unlink(missing_ok=True)

    def _poster(self, video: Path, duration_s: float) -> str:
        """A JPEG of the frame one second in (or halfway, in a shorter video)."""
        from signgen.video.encode import ffmpeg_exe

        temp = temp_file(self.media / f"{video.stem}.jpg", ".jpg")
        try:
            result = subprocess.run([ffmpeg_exe(), "-v", "error", "-nostdin", "-y", "-ss", f"{min(1.0, duration_s / 2):.3f}",
                                     "-i", str(video), "-frames:v", "1", "-q:v", "3", "-f", "image2", str(temp)],
                                    capture_output=True, text=True)
            if result.returncode != 0 or temp.stat().st_size == 0:
                problem = (result.stderr.strip().splitlines() or ["no frame written"])[-1]
                raise OSError(f"ffmpeg could not take a poster frame from {video.name}: {problem}")
            return self._place(temp, ".jpg")
        finally:
            temp.unlink(missing_ok=True)


def _sync(folder: Path) -> None:
    """Flush ``folder``'s entries (new names) to disk, so a power cut cannot lose a rename."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _collect_garbage(media: Path, referenced: set[str]) -> tuple[str, ...]:
    """Delete media files that neither the current nor the previous playlist references."""
    deleted = []
    for path in sorted(media.iterdir()):
        relative = f"{MEDIA_DIR}/{path.name}"
        if relative in referenced or not path.is_file() or path.name.startswith("."):
            continue
        path.unlink()
        deleted.append(relative)
    return tuple(deleted)
