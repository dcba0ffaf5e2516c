"""The batch manifest: ``OUTDIR/manifest.json``, the contract another program reads (see README).

It is rewritten whole (at most once a second during a batch, see `signgen.ops.batch`), through a
temporary file and a rename, so it is valid JSON at every instant, including after a kill or a
power cut.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from signgen.atomic import write_json
from signgen.errors import OutputFolderError
from signgen.ops.times import now_iso

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
STATUSES = ("pending", "running", "done", "failed")


@dataclass(frozen=True)
class StoryRecord:
    """One story of the batch and what became of it.

    slug: unique within the output folder; names the outputs (``<slug>.mp4``, ``.srt``, ``.vtt``).
    input: the script the story came from. status: pending | running | done | failed.
    key: content hash of everything that decides the video (see `signgen.ops.jobs`);
    None when the script could not be read. output, captions: paths of the video and sidecars
    (set once done). duration_s: video length; render_s: wall time the worker spent on it.
    error: one line, when failed. finished_at: ISO 8601 time the story was done or failed.
    worker: the Dask worker that rendered it. headline: the story's headline (or None).
    """

    slug: str
    input: str
    status: str = "pending"
    key: str | None = None
    output: str | None = None
    captions: tuple[str, ...] = ()
    duration_s: float | None = None
    render_s: float | None = None
    error: str | None = None
    finished_at: str | None = None
    worker: str | None = None
    headline: str | None = None

    def to_json(self) -> dict:
        value = asdict(self)
        value["captions"] = list(self.captions)
        return value

    @classmethod
    def from_json(cls, value: dict) -> "StoryRecord":
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in value.items() if k in known}
        data["captions"] = tuple(data.get("captions") or ())
        return cls(**data)

    def with_(self, **changes) -> "StoryRecord":
        return replace(self, **changes)


@dataclass(frozen=True)
class Manifest:
    """All stories of an output folder, in input order."""

    stories: tuple[StoryRecord, ...] = ()
    updated_at: str = ""

    def to_json(self) -> dict:
        return {"version": MANIFEST_VERSION, "updated_at": self.updated_at,
                "stories": [s.to_json() for s in self.stories]}

    def by_slug(self) -> dict[str, StoryRecord]:
        return {s.slug: s for s in self.stories}

    def counts(self) -> dict[str, int]:
        return {status: sum(s.status == status for s in self.stories) for status in STATUSES}


def read_manifest(folder: Path) -> Manifest:
    """The manifest in ``folder``; an empty one when there is none yet.

    A manifest that is not ours to read (hand-edited into invalid JSON, a newer version) is an
    error rather than silently replaced: it may be the only record of last night's work."""
    path = Path(folder) / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Manifest()
    except OSError as exc:
        raise OutputFolderError(f"cannot read the manifest ({exc.strerror})", path) from exc
    try:
        value = json.loads(text)
        if value.get("version") != MANIFEST_VERSION:
            raise ValueError(f"version {value.get('version')!r}")
        return Manifest(tuple(StoryRecord.from_json(s) for s in value["stories"]), value.get("updated_at", ""))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OutputFolderError(f"not a signgen manifest version {MANIFEST_VERSION} ({exc}); "
                                "move it away to start the folder's record afresh", path) from None


def write_manifest(folder: Path, manifest: Manifest) -> Manifest:
    """Replace ``folder``'s manifest atomically with ``manifest`` stamped with the current time."""
    stamped = replace(manifest, updated_at=now_iso())
    write_json(Path(folder) / MANIFEST_NAME, stamped.to_json())
    return stamped
