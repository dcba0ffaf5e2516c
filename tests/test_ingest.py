"""Ingest: script files -> Story, and every expected bad input -> one clear InputError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from signgen.errors import InputError
from signgen.ingest import MAX_INPUT_BYTES, Story, make_slug, read_stories, story_from_text

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def block_texts(story: Story) -> list[str]:
    return [story.source[a:b] for a, b in story.blocks]


def test_txt_headline_followed_by_blank_line(tmp_path):
    path = write(tmp_path, "Bridge Opens.txt", "Bridge opens today.\n\nThe bridge opened.\nCars crossed.\n\nMore later.\n")
    [story] = read_stories(path)
    assert story.slug == "bridge-opens"
    assert story.headline == "Bridge opens today."
    assert block_texts(story) == ["Bridge opens today.", "The bridge opened.\nCars crossed.", "More later."]
    assert story.path == str(path)


def test_txt_short_first_line_without_full_stop_is_headline(tmp_path):
    [story] = read_stories(write(tmp_path, "a.txt", "Storm hits coast\nWind blew all night.\n"))
    assert story.headline == "Storm hits coast"
    assert block_texts(story) == ["Storm hits coast", "Wind blew all night."]


def test_txt_first_sentence_is_not_a_headline(tmp_path):
    [story] = read_stories(write(tmp_path, "a.txt", "Wind blew all night.\nTrees fell.\n"))
    assert story.headline is None
    assert block_texts(story) == ["Wind blew all night.\nTrees fell."]


def test_txt_single_line_story(tmp_path):
    [story] = read_stories(write(tmp_path, "a.txt", "  Storm hits coast  "))
    assert story.headline is None
    assert block_texts(story) == ["Storm hits coast"]


def test_crlf_line_endings(tmp_path):
    [story] = read_stories(write(tmp_path, "a.txt", "Storm hits\r\n\r\nWind blew.\r\nTrees fell.\r\n"))
    assert block_texts(story) == ["Storm hits", "Wind blew.\r\nTrees fell."]


def test_bom_is_stripped_and_offsets_index_text_after_it(tmp_path):
    [story] = read_stories(write(tmp_path, "a.txt", b"\xef\xbb\xbfFlood warning\n\nRiver rises."))
    assert story.source.startswith("Flood")
    assert story.blocks[0] == (0, len("Flood warning"))


def test_markdown_spans_exclude_markers(tmp_path):
    text = (
        "# Big *storm* hits\n\nThe storm **hit** hard.\n\n- Power is out\n1. Schools closed\n\n"
        "## Advice\n> Stay inside.\n\n```\nnot signed\n```\n\n---\nEnd of report."
    )
    [story] = read_stories(write(tmp_path, "storm.md", text))
    assert story.headline == "Big storm hits"
    assert block_texts(story) == [
        "Big *storm* hits", "The storm **hit** hard.", "Power is out", "Schools closed",
        "Advice", "Stay inside.", "End of report.",
    ]


def test_markdown_setext_headline(tmp_path):
    [story] = read_stories(write(tmp_path, "a.markdown", "Storm hits\n==========\n\nWind blew.\n"))
    assert story.headline == "Storm hits"
    assert block_texts(story) == ["Storm hits", "Wind blew."]


def test_json_rundown_source_is_headline_blank_line_body(tmp_path):
    rundown = {"stories": [
        {"slug": "Storm Update!", "headline": "Storm update", "body": "Wind blew.\n\nTrees fell."},
        {"slug": "jobs", "headline": None, "body": "Jobs rose."},
    ]}
    first, second = read_stories(write(tmp_path, "run.json", json.dumps(rundown)))
    assert first.slug == "storm-update"
    assert first.source == "Storm update\n\nWind blew.\n\nTrees fell."
    assert block_texts(first) == ["Storm update", "Wind blew.", "Trees fell."]
    assert second.headline is None and block_texts(second) == ["Jobs rose."]


@pytest.mark.parametrize(
    "stories, expected",
    [
        ([{"headline": "H", "body": "B"}], "stories[0]: field 'slug' is missing"),
        ([{"slug": "a", "headline": "H", "body": "B"}, {"slug": "b", "headline": "H", "body": 3}],
         "stories[1]: field 'body' must be a non-empty string"),
        ([{"slug": "a", "headline": 5, "body": "B"}], "stories[0]: field 'headline' must be a string or null"),
        ([{"slug": "!!", "body": "B"}], "stories[0]: field 'slug' needs letters or digits"),
        ([{"slug": "a", "body": "B"}, {"slug": "A", "body": "C"}], "stories[1]: slug 'a' repeats stories[0]"),
        (["text"], "stories[0]: expected an object"),
        ([], 'expected a JSON object {"stories"'),
    ],
)
def test_json_field_errors_name_index_and_field(tmp_path, stories, expected):
    path = write(tmp_path, "run.json", json.dumps({"stories": stories}))
    with pytest.raises(InputError) as info:
        read_stories(path)
    assert expected in str(info.value)
    assert str(path) in str(info.value)


def test_invalid_json_reports_line_and_column(tmp_path):
    with pytest.raises(InputError, match=r"invalid JSON at line 2, column \d+"):
        read_stories(write(tmp_path, "run.json", '{"stories": [\n  {"slug": }]}'))


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b" \n\t\n", "is empty"),
        ("nbsp.txt", "\u00a0\u2003\n".encode(), "only whitespace"),
        ("bin.txt", b"abc\x00def", "binary"),
        ("ctl.txt", bytes(range(1, 9)) * 20, "binary"),
        ("latin1.txt", b"Caf\xe9 opens\nmore", "not UTF-8 text (byte 0xe9 at offset 3); save it as UTF-8"),
        ("story.docx", b"text", "unsupported file type '.docx'; use one of .txt, .md, .markdown, .json"),
    ],
)
def test_bad_files_raise_one_line_input_error(tmp_path, name, content, expected):
    path = write(tmp_path, name, content)
    with pytest.raises(InputError) as info:
        read_stories(path)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_stories(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_stories(tmp_path)


def test_oversized_file(tmp_path):
    path = write(tmp_path, "big.txt", b"word " * (MAX_INPUT_BYTES // 5 + 1))
    with pytest.raises(InputError, match="over the 1,000,000-byte limit"):
        read_stories(path)


def test_markdown_with_only_markup_has_nothing_to_sign(tmp_path):
    with pytest.raises(InputError, match="no text to sign"):
        read_stories(write(tmp_path, "a.md", "---\n```\ncode\n```\n"))


def test_slug_rules():
    assert make_slug("  Élection Night 2026!! ") == "lection-night-2026"
    assert make_slug("___") == ""
    assert story_from_text("Hi there.", slug="???").slug == "story"


def test_samples_load():
    stories = [s for path in sorted(SAMPLES.iterdir()) for s in read_stories(path)]
    assert len(stories) >= 4
    for story in stories:
        assert story.blocks and story.headline
        words = sum(len(story.source[a:b].split()) for a, b in story.blocks)
        assert 60 <= words <= 140, (story.slug, words)
