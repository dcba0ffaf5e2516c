"""What a batch has to render: the stories in its inputs, each with an output name and a content key.

A story's key hashes everything that decides its video: the story (slug, headline, text), the
software environment (lexicon files, motion clips, avatar asset, package version) and the render
options. Same key, same video: a rerun skips a story whose key is unchanged and whose files exist.
Computing keys reads only small files and hashes them; nothing heavy (spaCy, the renderer, Dask)
is imported, so an up-to-date rerun costs almost nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from signgen import __version__
from signgen.errors import InputError, SigngenError
from signgen.ingest import Story, read_stories
from signgen.limits import MAX_INPUT_BYTES
from signgen.options import RenderOptions
from signgen.paths import LEXICON_ROOT, MOTIONS_DIR, default_avatar_path

SCRIPT_SUFFIXES = (".txt", ".md", ".markdown", ".json")
WORDS_PER_TIMEOUT_S = 0.2  # the automatic timeout allows 5 s of wall time per word...
BASE_TIMEOUT_S = 120.0     # ...on top of this, for loading and the first frames


@dataclass(frozen=True)
class StoryJob:
    """One story to render: sent as is to a worker, possibly on another machine.

    output: where the video goes (``OUTDIR/<slug>.mp4``; captions beside it). key: the content
    key (`job_key`). environment: the key of the software environment alone, which the worker
    checks against its own so a cluster machine with another lexicon or avatar cannot produce a
    video under the wrong key. timeout_s: wall time allowed once the story starts.
    """

    slug: str
    input: str
    story: Story
    output: str
    options: RenderOptions
    key: str
    environment: str
    timeout_s: float


@dataclass(frozen=True)
class UnreadableScript:
    """A script that could not be read: it fails alone, with its one-line reason."""

    slug: str
    input: str
    error: str


def find_scripts(inputs: Iterable[Path]) -> list[Path]:
    """Scripts named directly, and those inside named folders (sorted), in the order given."""
    scripts: list[Path] = []
    inputs = [Path(p) for p in inputs]
    for path in inputs:
        if path.is_dir():
            scripts += sorted(p for p in path.iterdir() if p.suffix.lower() in SCRIPT_SUFFIXES and p.is_file())
        else:
            scripts.append(path)
    if not scripts:
        raise InputError("no news scripts (.txt, .md, .json) found", ", ".join(map(str, inputs)))
    return scripts


def plan_jobs(inputs: Iterable[Path], outdir: Path, options: RenderOptions,
              timeout_s: float | None = None, max_bytes: int = MAX_INPUT_BYTES) -> list[StoryJob | UnreadableScript]:
    """Every story of every script as a job, in input order; slugs made unique in the folder
    (a second ``weather`` becomes ``weather-2``). timeout_s: fixed per story, or None for
    automatic (proportional to the story's length). max_bytes: the largest script, or rundown
    story, accepted (`signgen.limits`)."""
    environment = environment_key()
    planned: list[StoryJob | UnreadableScript] = []
    taken: set[str] = set()
    for script in find_scripts(inputs):
        try:
            stories = read_stories(script, max_bytes)
        except SigngenError as exc:
            planned.append(UnreadableScript(_unique(_slug_of(script), taken), str(script), exc.message))
            continue
        for story in stories:
            slug = _unique(story.slug, taken)
            planned.append(StoryJob(
                slug=slug, input=str(script), story=story, output=str(Path(outdir) / f"{slug}.mp4"),
                options=options, key=job_key(story, slug, options, environment), environment=environment,
                timeout_s=timeout_s if timeout_s is not None else automatic_timeout(story),
            ))
    return planned


def automatic_timeout(story: Story) -> float:
    """Wall time a story may take: generous for its length, so only a hung render hits it."""
    words = sum(len(story.source[a:b].split()) for a, b in story.blocks)
    return BASE_TIMEOUT_S + words / WORDS_PER_TIMEOUT_S


def job_key(story: Story, slug: str, options: RenderOptions, environment: str) -> str:
    """The content key of one story's video (hex SHA-256)."""
    signed = [story.source[a:b] for a, b in story.blocks]
    payload = json.dumps({"slug": slug, "headline": story.headline, "text": signed,
                          "options": options.to_json(), "environment": environment}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def environment_key() -> str:
    """Hash of the software a video depends on besides its story and options: the lexicon and
    motion files, the avatar asset and the package version."""
    digest = hashlib.sha256(f"signgen {__version__}".encode())
    for folder in (LEXICON_ROOT, MOTIONS_DIR):
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()) if Path(folder).is_dir() else ():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(_file_digest(str(path), *_stat(path)))
    avatar = default_avatar_path()
    digest.update(_file_digest(str(avatar), *_stat(avatar)) if avatar.is_file() else b"no avatar")
    return digest.hexdigest()


def _stat(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


@lru_cache(maxsize=4096)
def _file_digest(path: str, size: int, mtime_ns: int) -> bytes:
    """A file's SHA-256, cached per (size, mtime): a long-running scheduler rehashes only what changed."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.digest()


def _slug_of(script: Path) -> str:
    cleaned = "".join(c if c.isascii() and c.isalnum() else "-" for c in script.stem.lower()).strip("-")
    return "-".join(part for part in cleaned.split("-") if part) or "story"


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate
