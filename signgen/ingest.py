"""Ingest: news script files -> `Story` objects.

Accepted formats (by extension):

- ``.txt``: one story. The first line is the headline when it is followed by a blank line, or
  when it is short (<= 12 words), has no sentence-final punctuation and more text follows.
  Paragraphs (separated by blank lines) are the blocks to sign.
- ``.md`` / ``.markdown``: one story. A leading ``# Headline`` (or a setext ``Headline`` over
  ``===``) is the headline; paragraphs, list items, quotes and sub-headings are blocks whose
  spans leave out the markdown markers. Fenced code and horizontal rules are not signed.
  Emphasis markers inside a block stay in the span; `signgen.text.normalize` blanks them.
- ``.json``: a rundown ``{"stories": [{"slug", "headline", "body"}, ...]}``, read story by
  story (see `Rundown` for how the source text is built).
- ``-``: one plain-text story read from standard input, by the ``.txt`` rules.

Every offset in a Story indexes ``Story.source``, the file's text as decoded (after a UTF-8
byte-order mark, which is dropped).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterator, Sequence

import ijson

from signgen.errors import InputError
from signgen.limits import MAX_INPUT_BYTES

STDIN = "-"  # the script path that means: read standard input
EXTENSIONS = (".txt", ".md", ".markdown", ".json")
HEADLINE_MAX_WORDS = 12

_BOM = b"\xef\xbb\xbf"
# Bytes that never occur in text; tab, newlines, form feed and ESC-free text are fine.
_TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D}


@dataclass(frozen=True)
class Story:
    """One news story to sign.

    slug: short name for output files: lowercased, only ``[a-z0-9-]``, never empty.
    headline: the headline text, or None when the script has none.
    source: the text as decoded; every offset downstream (blocks, tokens, glosses) indexes it.
    blocks: [start, end) spans of `source` to sign, in reading order, headline first.
    path: the input file, for messages.
    """

    slug: str
    headline: str | None
    source: str
    blocks: tuple[tuple[int, int], ...]
    path: str


def read_stories(path: str | Path, max_bytes: int = MAX_INPUT_BYTES) -> Sequence[Story]:
    """Read a script file into stories: one for .txt and .md, a `Rundown` read story by story
    for .json.

    max_bytes: the largest script (UTF-8 bytes) accepted: a .txt/.md file, or one story of a
    rundown (a rundown's file may be larger: it is streamed).
    Raises InputError for anything a user could get wrong: a missing, empty, binary,
    mis-encoded, oversized or malformed file, or an unsupported extension.
    """
    if str(path) == STDIN:
        return [_stdin_story(max_bytes)]
    path = Path(path)
    _check_path(path)
    if path.suffix.lower() == ".json":
        return Rundown(path, max_bytes)
    text = _read_text(path, max_bytes)
    suffix = path.suffix.lower()
    slug = make_slug(path.stem) or "story"
    if suffix in (".md", ".markdown"):
        headline_span, blocks = _markdown_blocks(text)
    else:
        headline_span, blocks = _plain_blocks(text)
    if not blocks:
        raise InputError("has no text to sign; add at least one paragraph", path)
    headline = text[headline_span[0]:headline_span[1]] if headline_span else None
    if headline and suffix != ".txt":
        # Markdown emphasis stays in the signed span (blanked later) but not in the headline string.
        headline = " ".join(re.sub(r"[*_`]", " ", headline).split()) or None
    return [Story(slug, headline, text, tuple(blocks), str(path))]


def story_from_text(text: str, slug: str = "story", path: str = "<text>") -> Story:
    """A Story from text already in memory (stdin, tests), split by the ``.txt`` rules.

    Raises InputError when `text` has nothing to sign.
    """
    headline_span, blocks = _plain_blocks(text)
    if not blocks:
        raise InputError("has no text to sign", path)
    headline = text[headline_span[0]:headline_span[1]] if headline_span else None
    return Story(make_slug(slug) or "story", headline, text, tuple(blocks), path)


def make_slug(name: str) -> str:
    """Lowercase `name` and keep only a-z, 0-9 and single hyphens ('' if nothing is left)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# --- reading and checking the file ---------------------------------------------------------


def _check_path(path: Path) -> None:
    if not path.exists():
        raise InputError("file not found; check the path", path)
    if path.is_dir():
        raise InputError("is a directory; give a script file (.txt, .md, .json)", path)
    if path.suffix.lower() not in EXTENSIONS:
        raise InputError(
            f"unsupported file type {path.suffix or '(none)'!r}; use one of {', '.join(EXTENSIONS)}", path
        )


def _stdin_story(max_bytes: int) -> Story:
    """A plain-text story piped in (``signgen gloss -``), read by the ``.txt`` rules."""
    data = sys.stdin.buffer.read(max_bytes + 1)
    where = Path("<stdin>")
    if len(data) > max_bytes:
        raise InputError(f"is over the {max_bytes:,}-byte limit; split the script, or raise --max-bytes", where)
    return story_from_text(_text_of(data, where), slug="stdin", path=str(where))


def _read_text(path: Path, max_bytes: int) -> str:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"is {size:,} bytes, over the {max_bytes:,}-byte limit; split the script, "
                         "or raise --max-bytes", path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror}); check its permissions", path) from None
    return _text_of(data, path)


def _text_of(data: bytes, path: Path) -> str:
    """A script's bytes as text: BOM dropped; empty, binary and non-UTF-8 input refused."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    if not data.strip():
        raise InputError("is empty; write the story text into it", path)
    _reject_binary(data, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise InputError(f"not UTF-8 text (byte 0x{byte:02x} at offset {exc.start}); save it as UTF-8", path) from None
    if not text.strip():
        raise InputError("contains only whitespace; write the story text into it", path)
    return text


def _reject_binary(data: bytes, path: Path) -> None:
    """Binary files (images, word-processor files) would decode into nonsense words."""
    if b"\x00" in data:
        raise InputError("looks binary (contains NUL bytes); give a plain-text script", path)
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    if controls > 0.1 * len(sample):
        raise InputError("looks binary (mostly control characters); give a plain-text script", path)


# --- plain text --------------------------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, int]]:
    """[start, end) of each line, excluding the line break ('\\n', '\\r\\n' or '\\r')."""
    spans = []
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        if match.start() == len(text) and match.group() == "":
            break
        line = match.group().rstrip("\r\n")
        spans.append((match.start(), match.start() + len(line)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink [start, end) to exclude surrounding whitespace; None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _paragraphs(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of non-blank lines, as trimmed spans."""
    spans: list[tuple[int, int]] = []
    run_start: int | None = None
    run_end = 0
    for start, end in lines:
        if text[start:end].strip():
            if run_start is None:
                run_start = start
            run_end = end
        elif run_start is not None:
            spans.append(_trim(text, run_start, run_end))
            run_start = None
    if run_start is not None:
        spans.append(_trim(text, run_start, run_end))
    return [s for s in spans if s]


def _looks_like_headline(line: str) -> bool:
    stripped = line.strip()
    return len(stripped.split()) <= HEADLINE_MAX_WORDS and not re.search(r"[.!?:;]['\"’”)]*$", stripped)


def _plain_blocks(text: str) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    lines = _lines(text)
    content = [i for i, (s, e) in enumerate(lines) if text[s:e].strip()]
    if not content:
        return None, []
    first = content[0]
    headline = _trim(text, *lines[first])
    rest = lines[first + 1:]
    followed_by_blank = bool(rest) and not text[rest[0][0]:rest[0][1]].strip()
    more_text = len(content) > 1
    if more_text and (followed_by_blank or _looks_like_headline(text[headline[0]:headline[1]])):
        return headline, [headline] + _paragraphs(text, rest)
    return None, _paragraphs(text, lines)


# --- markdown ----------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_MD_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_MD_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_MD_FENCE = re.compile(r"^ {0,3}(```|~~~)")
# A prefix to leave out of a block: quote markers, then a list marker.
_MD_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")


def _markdown_blocks(text: str) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    headline: tuple[int, int] | None = None
    blocks: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None  # the paragraph being collected

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append(current)
        current = None

    in_fence = False
    lines = _lines(text)
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        if _MD_FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence or _MD_RULE.match(line) or _MD_SETEXT_H1.match(line):
            flush()
            continue
        if not line.strip():
            flush()
            continue
        heading = _MD_HEADING.match(line)
        setext = index + 1 < len(lines) and _MD_SETEXT_H1.match(text[lines[index + 1][0]:lines[index + 1][1]])
        if heading or setext:
            flush()
            span = (start + heading.start(2), start + heading.end(2)) if heading else _trim(text, start, end)
            span = span and _trim(text, *span)
            if not span:
                continue
            if headline is None and not blocks and (setext or len(heading.group(1)) == 1):
                headline = span
            blocks.append(span)
            continue
        prefix = _MD_PREFIX.match(line).end()
        is_item = prefix > 0 and line[:prefix].strip() != ""
        if is_item:
            flush()  # each list item or quote line starts its own block
        span = _trim(text, start + prefix, end)
        if span is None:
            continue
        current = (current[0], span[1]) if current else span
    flush()
    return headline, blocks


# --- JSON rundown ------------------------------------------------------------------------------

# ijson's C backend (yajl) reads a rundown in constant memory (its pure-Python backend does not:
# its buffer can grow to the whole file). yajl turns a lone UTF-16 surrogate escape (backslash-ud800)
# into "?", which would change the text (a "?" makes a question), so `_lone_surrogate` looks for
# them in the raw bytes first.
_JSON = ijson.get_backend("yajl2_c")
_CHUNK = 1 << 16
# A surrogate escape (backslash, "u", D800-DFFF), or an escaped backslash: matching those too
# keeps an escaped backslash followed by "ud800" from being read as an escape. Other escapes
# need no match: they hold no backslash after their first character.
_ESCAPE = re.compile(rb"\\(?:\\|u([dD][89a-fA-F][0-9a-fA-F]{2}))")
# A malformed rundown up to this size is parsed again by the standard library, whose message
# names the line and column; a larger one is not loaded into memory just to say where it broke.
_LOCATE_ERRORS_UP_TO = 16_000_000


class Rundown(Sequence[Story]):
    """The stories of a ``.json`` rundown ``{"stories": [{"slug", "headline", "body"}, ...]}``,
    read from the file one story at a time, so a 10,000-story rundown needs no more memory than
    one story (see bench/rundown_memory.py).

    The whole file is checked when the Rundown is made (fields, slugs, sizes, JSON syntax), so an
    error anywhere is reported before any story is rendered; iterating reads it again.
    Each story's `source` is ``headline + "\\n\\n" + body`` (just ``body`` when the headline is
    missing, null or blank), so offsets index that joined string; the headline is the first block
    and the body's paragraphs follow. Slugs are normalised and must be unique in the rundown.
    """

    def __init__(self, path: Path, max_bytes: int = MAX_INPUT_BYTES) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        _check_json_file(self.path)
        offset = _lone_surrogate(self.path)
        if offset is not None:
            raise InputError(f"has a lone UTF-16 surrogate escape at byte {offset}, which is not text; "
                             "fix the program that wrote the rundown", self.path)
        seen: dict[str, int] = {}
        count = 0
        for index, story in enumerate(self._read()):
            if story.slug in seen:
                raise InputError(f"stories[{index}]: slug {story.slug!r} repeats stories[{seen[story.slug]}]; "
                                 "make slugs unique", self.path)
            seen[story.slug] = index
            count += 1
        if not count:
            raise InputError('expected a JSON object {"stories": [{"slug", "headline", "body"}, ...]}', self.path)
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Story]:
        return self._read()

    def __getitem__(self, index):  # Sequence's contract; reading on from the start is fine for a few items
        if isinstance(index, slice):
            return list(self)[index]
        if not -self._count <= index < self._count:
            raise IndexError(index)
        return next(islice(self._read(), index % self._count, None))

    def _read(self) -> Iterator[Story]:
        index = -1
        try:
            with self.path.open("rb") as handle:
                if handle.read(len(_BOM)) != _BOM:
                    handle.seek(0)
                for index, item in enumerate(_JSON.items(handle, "stories.item")):
                    yield _json_story(item, index, self.path, self.max_bytes)
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror}); check its permissions", self.path) from None
        except (ijson.JSONError, ValueError) as exc:  # ValueError: the backend's own decode errors
            raise InputError(_json_problem(self.path, exc, index + 1), self.path) from None


def _lone_surrogate(path: Path) -> int | None:
    """Byte offset of the first \\uD800-\\uDFFF escape that is not half of a surrogate pair, or None.
    Reads the file in chunks; an escape cut by a chunk's end is carried into the next."""
    pending: int | None = None  # offset of a high surrogate escape still waiting for its low half
    expected_at = -1  # where that low half must start
    base, carry = 0, b""
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            data = carry + chunk
            last_end = 0
            for match in _ESCAPE.finditer(data):
                start, last_end = base + match.start(), match.end()
                code = int(match.group(1), 16) if match.group(1) else None
                is_low = code is not None and 0xDC00 <= code <= 0xDFFF
                if pending is not None and not (is_low and start == expected_at):
                    return pending
                if pending is not None:  # the pair is complete
                    pending = None
                elif is_low:
                    return start
                elif code is not None and 0xD800 <= code <= 0xDBFF:
                    pending, expected_at = start, base + match.end()
            if not chunk:
                return pending
            # Keep the end that may hold a cut escape or pair (11 bytes: a pair less its last digit).
            keep = max(last_end, len(data) - 11)
            base, carry = base + keep, data[keep:]


def _check_json_file(path: Path) -> None:
    """The checks every script gets that do not need the whole file: empty or binary."""
    with path.open("rb") as handle:
        sample = handle.read(65536)
    if sample.startswith(_BOM):
        sample = sample[len(_BOM):]
    if not sample.strip():
        raise InputError("is empty; write the story text into it", path)
    _reject_binary(sample, path)


def _json_problem(path: Path, exc: Exception, stories_read: int) -> str:
    if isinstance(exc, UnicodeDecodeError) or "UTF8" in str(exc) or "codec can't decode" in str(exc):
        return f"not UTF-8 text (after {stories_read} stories); save it as UTF-8"
    if path.stat().st_size <= _LOCATE_ERRORS_UP_TO:
        try:
            json.loads(path.read_bytes().removeprefix(_BOM))
        except json.JSONDecodeError as located:
            return f"invalid JSON at line {located.lineno}, column {located.colno}: {located.msg}"
        except (UnicodeDecodeError, ValueError):
            pass
    return f"invalid JSON after {stories_read} stories: {str(exc).strip().splitlines()[0]}"


def _json_field(item: dict, index: int, name: str, path: Path, required: bool) -> str | None:
    value = item.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        if name not in item:
            problem = "is missing"
        else:
            problem = "must be a non-empty string" if required else "must be a string or null"
        raise InputError(f"stories[{index}]: field {name!r} {problem}", path)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"stories[{index}]: field {name!r} holds a lone UTF-16 surrogate "
                         f"(\\u{ord(value[exc.start]):04x} at character {exc.start}), which is not text; "
                         "fix the program that wrote the rundown", path) from None
    return value


def _json_story(item: object, index: int, path: Path, max_bytes: int) -> Story:
    if not isinstance(item, dict):
        raise InputError(f"stories[{index}]: expected an object with slug, headline and body", path)
    raw_slug = _json_field(item, index, "slug", path, required=True)
    slug = make_slug(raw_slug)
    if not slug:
        raise InputError(f"stories[{index}]: field 'slug' needs letters or digits", path)
    headline = _json_field(item, index, "headline", path, required=False)
    body = _json_field(item, index, "body", path, required=True)
    headline = headline.strip() if headline and headline.strip() else None
    prefix = headline + "\n\n" if headline else ""
    source = prefix + body
    size = len(source.encode("utf-8"))
    if size > max_bytes:
        raise InputError(f"stories[{index}] is {size:,} bytes, over the {max_bytes:,}-byte limit; "
                         "split the story, or raise --max-bytes", path)
    blocks = [(0, len(headline))] if headline else []
    blocks += [(s + len(prefix), e + len(prefix)) for s, e in _paragraphs(body, _lines(body))]
    return Story(slug, headline, source, tuple(blocks), str(path))
