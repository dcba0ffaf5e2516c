"""The display playlist: ``DISPLAY_DIR/playlist.json``, the contract a screen's player reads (see README).

```
{"version": 1, "generated_at": "ISO 8601", "items": [{"id", "title", "video": "media/<hash>.mp4",
  "captions": "media/<hash>.vtt", "poster": "media/<hash>.jpg", "duration_s", "valid_from",
  "valid_until", "language": "en", "sign_language": "ase"}]}
```

This module holds the format and the rules that decide what stays on screen (expiry, retention);
`signgen.ops.publish` makes the files and swaps the playlist.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterable

from signgen.atomic import write_json
from signgen.ops.times import iso, parse_iso
from signgen.errors import OutputFolderError

PLAYLIST_NAME = "playlist.json"
PLAYLIST_VERSION = 1
MEDIA_DIR = "media"


@dataclass(frozen=True)
class PlaylistItem:
    """One signed story on the screens. ``video``, ``captions`` and ``poster`` are paths relative to
    the display folder, named by their content's hash (so a name never changes meaning)."""

    id: str
    title: str
    video: str
    captions: str
    poster: str
    duration_s: float
    valid_from: str
    valid_until: str
    language: str = "en"
    sign_language: str = "ase"

    @property
    def files(self) -> tuple[str, str, str]:
        return self.video, self.captions, self.poster

    def valid_at(self, moment: datetime) -> bool:
        return parse_iso(self.valid_from) <= moment < parse_iso(self.valid_until)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, value: dict) -> "PlaylistItem":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in value.items() if k in names})


@dataclass(frozen=True)
class Playlist:
    items: tuple[PlaylistItem, ...] = ()
    generated_at: str = ""

    def to_json(self) -> dict:
        return {"version": PLAYLIST_VERSION, "generated_at": self.generated_at,
                "items": [item.to_json() for item in self.items]}

    def files(self) -> set[str]:
        """Every media path (relative to the display folder) the playlist references."""
        return {name for item in self.items for name in item.files}


def read_playlist(display: Path) -> Playlist:
    """The playlist in force in ``display``; an empty one when there is none yet."""
    path = Path(display) / PLAYLIST_NAME
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
        if value.get("version") != PLAYLIST_VERSION:
            raise ValueError(f"version {value.get('version')!r}")
        return Playlist(tuple(PlaylistItem.from_json(v) for v in value["items"]), value.get("generated_at", ""))
    except FileNotFoundError:
        return Playlist()
    except OSError as exc:
        raise OutputFolderError(f"cannot read the playlist ({exc.strerror})", path) from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OutputFolderError(f"not a signgen playlist version {PLAYLIST_VERSION} ({exc}); move it away "
                                "and publish again", path) from None


def write_playlist(display: Path, playlist: Playlist) -> Path:
    """Replace the playlist atomically (flushed, then renamed): a reader sees the old or the new one."""
    return write_json(Path(display) / PLAYLIST_NAME, playlist.to_json())


def new_item(item_id: str, title: str, files: tuple[str, str, str], duration_s: float, now: datetime,
             valid_hours: float) -> PlaylistItem:
    video, captions, poster = files
    return PlaylistItem(item_id, title, video, captions, poster, round(duration_s, 3), iso(now),
                        iso(now + timedelta(hours=valid_hours)))


def merge(previous: Playlist, fresh: Iterable[PlaylistItem], now: datetime, keep: int) -> tuple[Playlist, dict]:
    """The next playlist: ``fresh`` items replace older ones with the same id (an unchanged story keeps
    its place and validity), expired items leave, then the newest ``keep`` stay, newest first.

    Returns the playlist (``generated_at`` unset) and what changed: ``{"added", "expired", "retired"}``,
    each a list of ids.
    """
    old = {item.id: item for item in previous.items}
    merged = dict(old)
    added = []
    for item in fresh:
        kept = old.get(item.id)
        if kept is not None and kept.files == item.files:
            continue  # the same video again: it keeps its first publication time and validity
        merged[item.id] = item
        added.append(item.id)
    expired = [i for i, item in merged.items() if parse_iso(item.valid_until) <= now]
    live = sorted((item for i, item in merged.items() if i not in expired),
                  key=lambda item: (item.valid_from, item.id), reverse=True)
    retired = [item.id for item in live[keep:]]
    return Playlist(tuple(live[:keep])), {"added": added, "expired": expired, "retired": retired}


def stamped(playlist: Playlist, now: datetime) -> Playlist:
    return replace(playlist, generated_at=iso(now))
