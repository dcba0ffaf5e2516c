"""What a batch has to render: the stories in its inputs, each with an output name and a content key.

A story's key hashes everything that decides its video: the story (slug, headline, text), the
render options, the package version, the avatar asset, and the slice of the lexicon and motion
clips the story draws on (`signgen.ops.lexicon_slice`). Same key, same video: a rerun skips a
story whose key is unchanged and whose files exist, and a lexicon edit re-renders only the
stories it can change.

The slice needs the story's vocabulary, which takes glossing (spaCy). It is kept per story in
``OUTDIR/.signgen/stories/<slug>.json`` under the key of the story's text and options, so a rerun
over unchanged stories reads small files and hashes them, and loads nothing heavy.

A job says where its story is, not what it says: planning streams the scripts (a 10,000-story
rundown is never in memory whole) and `StoryReader` reads each story again as it is handed out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from signgen import __version__
from signgen.atomic import write_json
from signgen.errors import InputError, SigngenError
from signgen.ingest import Story, read_stories
from signgen.limits import MAX_INPUT_BYTES
from signgen.options import RenderOptions
from signgen.ops.lexicon_slice import LexiconIndex, story_vocabulary
from signgen.paths import BODIES, LEXICON_ROOT, MOTIONS_DIR, avatar_path

SCRIPT_SUFFIXES = (".txt", ".md", ".markdown", ".json")
WORDS_PER_TIMEOUT_S = 0.2  # the automatic timeout allows 5 s of wall time per word...
BASE_TIMEOUT_S = 120.0     # ...on top of this, for loading and the first frames
STORY_CACHE = Path(".signgen") / "stories"  # per story: its text key and vocabulary
# New stories glossed together in one spaCy stream: batches run faster than single stories, and
# only this many stories' texts are held while planning (stories are at most --max-bytes each).
GLOSS_CHUNK = 32


@dataclass(frozen=True)
class StoryJob:
    """One story to render, planned: where the story is and what it must become, not its text
    (a 10,000-story rundown's plan would otherwise hold the whole rundown). `StoryReader` reads
    the story again when the job is handed to a worker.

    input: the script; index: the story's place in it (0 for .txt/.md, its place in a rundown).
    headline: the story's headline, for the manifest. text_key: `text_key` of the story as
    planned, so a script edited while the batch runs is not rendered under a key it no longer
    has. output: where the video goes (``OUTDIR/<slug>.mp4``; captions beside it). key: the
    content key (see the module docstring). environment: the key of the software environment
    alone, which the worker checks against its own so a cluster machine with another lexicon or
    avatar cannot produce a video under the wrong key. timeout_s: wall time allowed once the
    story starts.
    """

    slug: str
    input: str
    index: int
    headline: str | None
    text_key: str
    output: str
    options: RenderOptions
    key: str
    environment: str
    timeout_s: float
    batch_pid: int | None = None


@dataclass(frozen=True)
class RenderTask:
    """A job as handed to a worker: with its story, read again from its script."""

    job: StoryJob
    story: Story


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
    story, accepted (`signgen.limits`). A script that cannot be read, or a story that cannot be
    glossed, becomes an `UnreadableScript` that fails alone.

    The stories are streamed: only those waiting to be glossed (at most `GLOSS_CHUNK`) are held
    at once, and the jobs keep no text."""
    planner = _Planner(Path(outdir), options, timeout_s)
    taken: set[str] = set()
    for script in find_scripts(inputs):
        try:
            stories = read_stories(script, max_bytes)
        except SigngenError as exc:
            planner.add(UnreadableScript(_unique(_slug_of(script), taken), str(script), exc.message))
            continue
        for index, story in enumerate(stories):
            planner.add_story(_unique(story.slug, taken), index, story)
    return planner.finish()


class _Planner:
    """The plan as the stories stream past: a story whose vocabulary is cached becomes its job at
    once; the others wait in a chunk glossed together (spaCy is quicker on batches), then theirs."""

    def __init__(self, outdir: Path, options: RenderOptions, timeout_s: float | None) -> None:
        self.outdir, self.options, self.timeout_s = outdir, options, timeout_s
        self.environment = environment_key()
        self.base = _base_key(options)
        self.planned: list[StoryJob | UnreadableScript | None] = []  # None: waiting in the chunk
        self.waiting: list[tuple[int, str, int, Story, str]] = []  # (place in plan, slug, index, story, text key)
        self._index: LexiconIndex | None = None  # read when the first key needs it

    def add(self, item: StoryJob | UnreadableScript) -> None:
        self.planned.append(item)

    def add_story(self, slug: str, index: int, story: Story) -> None:
        texts = text_key(story, slug, self.base)
        cached = _read_cache(self.outdir, slug)
        if cached and cached.get("text_key") == texts:
            self.add(self._job(slug, index, story, texts, frozenset(cached.get("vocabulary", ()))))
            return
        self.waiting.append((len(self.planned), slug, index, story, texts))
        self.planned.append(None)
        if len(self.waiting) >= GLOSS_CHUNK:
            self._gloss_waiting()

    def finish(self) -> list[StoryJob | UnreadableScript]:
        self._gloss_waiting()
        return [item for item in self.planned if item is not None]

    def _gloss_waiting(self) -> None:
        if not self.waiting:
            return
        vocabularies = _gloss_vocabularies([story for _, _, _, story, _ in self.waiting])
        for (place, slug, index, story, texts), vocabulary in zip(self.waiting, vocabularies):
            if isinstance(vocabulary, str):  # the story could not be glossed: its reason
                self.planned[place] = UnreadableScript(slug, story.path, vocabulary)
                continue
            _write_cache(self.outdir, slug, {"text_key": texts, "vocabulary": sorted(vocabulary)})
            self.planned[place] = self._job(slug, index, story, texts, vocabulary)
        self.waiting = []

    def _job(self, slug: str, index: int, story: Story, texts: str, vocabulary: frozenset[str]) -> StoryJob:
        if self._index is None:
            self._index = LexiconIndex.read(LEXICON_ROOT, MOTIONS_DIR)
        key = hashlib.sha256(f"{texts} {self._index.slice_digest(vocabulary)}".encode()).hexdigest()
        return StoryJob(
            slug=slug, input=story.path, index=index, headline=story.headline, text_key=texts,
            output=str(self.outdir / f"{slug}.mp4"), options=self.options, key=key, environment=self.environment,
            timeout_s=self.timeout_s if self.timeout_s is not None else automatic_timeout(story),
        )


class StoryReader:
    """Reads planned stories again as their jobs are handed out. Jobs go out in input order, so a
    rundown is read on from the story handed out last: all of it is read once, one story at a time."""

    def __init__(self, options: RenderOptions, max_bytes: int = MAX_INPUT_BYTES) -> None:
        self.base = _base_key(options)
        self.max_bytes = max_bytes
        self._script: str | None = None
        self._stories: Iterator[Story] = iter(())
        self._next = 0  # index of the story `_stories` yields next

    def task(self, job: StoryJob) -> RenderTask:
        """The job with its story; InputError if the script no longer has that story as planned
        (edited, moved or deleted while the batch ran)."""
        if job.input != self._script or job.index < self._next:
            self._script, self._next = None, 0  # if reading fails, the next job starts afresh
            self._stories = iter(read_stories(job.input, self.max_bytes))
            self._script = job.input
        story = next(islice(self._stories, job.index - self._next, None), None)
        self._next = job.index + 1
        if story is None or text_key(story, job.slug, self.base) != job.text_key:
            raise InputError("changed while the batch ran; run the batch again to render it as it is now", job.input)
        return RenderTask(job, story)


def automatic_timeout(story: Story) -> float:
    """Wall time a story may take: generous for its length, so only a hung render hits it."""
    words = sum(len(story.source[a:b].split()) for a, b in story.blocks)
    return BASE_TIMEOUT_S + words / WORDS_PER_TIMEOUT_S


def text_key(story: Story, slug: str, base: str) -> str:
    """Hash of a story's text and of what decides its video besides the lexicon (``base``)."""
    signed = [story.source[a:b] for a, b in story.blocks]
    payload = json.dumps({"slug": slug, "headline": story.headline, "text": signed, "base": base}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _base_key(options: RenderOptions) -> str:
    """The options, the package version and the avatar asset of the options' body."""
    avatar = avatar_path(options.look.body)
    digest = hashlib.sha256(json.dumps({"version": __version__, "options": options.to_json()}, sort_keys=True).encode())
    digest.update(_file_digest(str(avatar), *_stat(avatar)) if avatar.is_file() else b"no avatar")
    return digest.hexdigest()


def _gloss_vocabularies(stories: list[Story]) -> list[frozenset[str] | str]:
    from signgen.gloss import analyse_stories  # spaCy: only when a story is new or changed

    try:
        analysed = analyse_stories(stories)
    except SigngenError:
        if len(stories) == 1:
            raise
        return [v for story in stories for v in _gloss_vocabularies_alone(story)]
    return [story_vocabulary(sentences, [g.gloss for s in document.sentences for g in s.glosses])
            for sentences, document in analysed]


def _gloss_vocabularies_alone(story: Story) -> list[frozenset[str] | str]:
    """One story glossed on its own, so that its error stays its own."""
    try:
        return _gloss_vocabularies([story])
    except SigngenError as exc:
        return [exc.message]


def _cache_path(outdir: Path, slug: str) -> Path:
    return outdir / STORY_CACHE / f"{slug}.json"


def _read_cache(outdir: Path, slug: str) -> dict | None:
    try:
        value = json.loads(_cache_path(outdir, slug).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _write_cache(outdir: Path, slug: str, value: dict) -> None:
    path = _cache_path(outdir, slug)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json(path, value)
    except OSError:
        pass  # without the cache the next run glosses the story again; nothing else is lost


def environment_key() -> str:
    """Hash of all the software data a video can depend on besides its story and options: every
    lexicon and motion file, the avatar assets (one per body) and the package version. A worker
    compares its own with the batch's, so a cluster machine with other data cannot produce a video
    under a key."""
    digest = hashlib.sha256(f"signgen {__version__}".encode())
    for folder in (LEXICON_ROOT, MOTIONS_DIR):
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()) if Path(folder).is_dir() else ():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(_file_digest(str(path), *_stat(path)))
    for body in BODIES:  # every body a look can sign with (each is its own asset)
        avatar = avatar_path(body)
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
