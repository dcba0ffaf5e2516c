"""Text stage: offset-preserving normalisation and spaCy segmentation on the real pipeline."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signgen.errors import InputError
from signgen.ingest import Story, read_stories, story_from_text
from signgen.text import load_pipeline, normalize, segment, segment_stories


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("en")


def test_normalize_replacements_keep_length():
    text = "\u201cIt\u2019s\u00a0here\u201d \u2014 now\u200b\u2026 *big* _news_ `x`\ttab\u2028next"
    clean = normalize(text)
    assert len(clean) == len(text)
    assert clean == "\"It's here\" - now .  big   news   x  tab\nnext"


def test_normalize_blanks_markdown_link_target():
    text = "See [the map](https://example.com/map) now"
    clean = normalize(text)
    assert len(clean) == len(text)
    assert clean.split() == ["See", "the", "map", "now"]
    assert clean.index("the") == text.index("the")


@given(st.text())
def test_normalize_always_preserves_length(text):
    assert len(normalize(text)) == len(text)


def test_pipeline_is_loaded_once(nlp):
    assert load_pipeline("en") is nlp
    assert "parser" in nlp.pipe_names


def test_unknown_language_is_an_input_error():
    with pytest.raises(InputError, match="no text pipeline for language 'xx'"):
        segment(story_from_text("Hello."), "xx")


def test_sentences_and_token_offsets_index_source(nlp):
    source = "Storm \u201cErin\u201d hits\n\nThe storm hit the coast on Monday. Ten\u00a0homes lost power.\n"
    story = story_from_text(source)
    sentences = segment(story)
    assert [s.text for s in sentences] == [
        'Storm "Erin" hits', "The storm hit the coast on Monday.", "Ten homes lost power.",
    ]
    for sentence in sentences:
        assert len(sentence.text) == sentence.end - sentence.start
        for token in sentence.tokens:
            assert normalize(source[token.start:token.end]) == token.text
    monday = next(t for t in sentences[1].tokens if t.text == "Monday")
    assert monday.ent_type == "DATE" and monday.ent_iob == "B"
    hit = next(t for t in sentences[1].tokens if t.text == "hit")
    assert hit.lemma == "hit" and hit.pos == "VERB" and hit.dep == "ROOT"
    assert sentences[1].tokens[hit.head] == hit  # the root heads itself
    storm = sentences[1].tokens[1]
    assert sentences[1].tokens[storm.head] == hit  # 'storm' is the subject of 'hit'
    assert sentences[2].tokens[0].like_num and sentences[1].tokens[-1].is_punct


def test_sentences_never_cross_blocks():
    # Without a full stop, spaCy would run the headline into the lede; blocks keep them apart.
    story = story_from_text("Bridge opens today\n\nThe bridge opened.")
    sentences = segment(story)
    assert [s.text for s in sentences] == ["Bridge opens today", "The bridge opened."]


def test_markdown_emphasis_does_not_shift_offsets(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# Storm\n\nThe **storm** hit _hard_ today.\n", encoding="utf-8")
    [story] = read_stories(path)
    tokens = segment(story)[1].tokens
    assert [t.text for t in tokens] == ["The", "storm", "hit", "hard", "today", "."]
    for token in tokens:
        assert story.source[token.start:token.end] == token.text


def test_whitespace_only_block_gives_no_sentence():
    story = Story("s", None, "Hi there.\n\n\u200b\u200b\n", ((0, 9), (11, 13)), "<t>")
    assert [s.text for s in segment(story)] == ["Hi there."]


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_segment_offsets_hold_for_arbitrary_text(text):
    story = Story("s", None, text, ((0, len(text)),), "<t>")
    previous_end = 0
    for sentence in segment(story):
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert sentence.start >= previous_end
        previous_end = sentence.end
        for token in sentence.tokens:
            assert normalize(text[token.start:token.end]) == token.text
            assert 0 <= token.head < len(sentence.tokens)


def test_chinese_pipeline_is_keyed_by_language():
    text = "北京今天下雪。明天会晴天！"
    sentences = segment(story_from_text(text), "zh")
    assert [(s.text, s.start, s.end) for s in sentences] == [("北京今天下雪。", 0, 7), ("明天会晴天！", 7, 13)]
    assert all(text[t.start:t.end] == t.text for s in sentences for t in s.tokens)


def test_sentence_ends_after_a_clock_abbreviation(nlp):
    story = story_from_text("The count starts at 9 p.m. Results come on Monday. Polls close at 8 p.m. Tuesday.")
    texts = [s.text for s in segment(story)]
    assert texts == ["The count starts at 9 p.m.", "Results come on Monday.", "Polls close at 8 p.m. Tuesday."]


def test_segmenting_stories_together_matches_one_by_one():
    stories = [
        story_from_text("Storm hits coast\n\nThe storm closed two bridges. Schools shut early."),
        story_from_text("Rates rise\n\nThe bank raised its rate today."),
        story_from_text("Fire crews rushed in."),
    ]
    together = segment_stories(stories)
    assert len(together) == 3
    assert together == [segment(story) for story in stories]
    assert [s.text for s in together[1]] == ["Rates rise", "The bank raised its rate today."]
    assert together[2][0].tokens[0].text == "Fire"
