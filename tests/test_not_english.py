"""Text that is not English is refused in one line that names what was found, never signed as
silence. Decided by writing system (Unicode), so an English story naming a foreign person in
their own script still renders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from signgen.errors import InputError
from signgen.gloss import check_language
from signgen.ingest import Story
from signgen.text.script import check_english, script_words

FOREIGN = [
    ("chinese.txt", "北京市政府今天宣布，地铁将在周末停运。", "Chinese characters"),
    ("arabic.txt", "أعلنت الحكومة اليوم إغلاق الطرق بسبب الفيضانات", "Arabic"),
    ("russian.txt", "Сегодня правительство закрыло дороги из-за наводнения", "Cyrillic"),
    ("emoji.txt", "🔥🔥 🌧️ 😀", "emoji and symbols"),
]


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYOPENGL_PLATFORM": "egl"}
    return subprocess.run([sys.executable, "-m", "signgen", *args], capture_output=True, text=True, env=env,
                          timeout=600)


@pytest.mark.parametrize("name, text, found", FOREIGN, ids=[f[0] for f in FOREIGN])
def test_other_scripts_are_refused_naming_what_was_found(name, text, found):
    with pytest.raises(InputError) as caught:
        check_english(text, name)
    message = caught.value.message
    assert message.startswith(f"{name}: not English: found {found}") and "no English words" in message


def test_english_with_a_foreign_name_or_quote_is_english():
    check_english("Officials met 习近平 in Beijing on Monday to discuss trade and travel.")
    check_english("The sign read «Добро пожаловать» and the crowd cheered the arriving team.")
    check_english("Prices rose 3% 📈 in March.")
    assert script_words("Hello 北京 world 😀") == {"LATIN": 2, "CJK": 2, "SYMBOL": 1}


def test_mostly_foreign_text_with_a_few_english_words_is_refused():
    with pytest.raises(InputError, match=r"not English: found Chinese characters \(15\) and only 1 English word;"):
        check_english("COVID 疫情期间北京市政府宣布地铁停运")


def test_cli_gloss_and_render_refuse_in_one_line_and_write_nothing(tmp_path):
    story = tmp_path / "chinese.txt"
    story.write_text(FOREIGN[0][1], encoding="utf-8")
    result = run("gloss", str(story))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"signgen: error: {story}: not English: found Chinese characters (17) and no English words; "
        "signgen signs English text, so translate the story first"]
    out = tmp_path / "out" / "chinese.mp4"
    result = run("render", str(story), "-o", str(out), "--preset", "180p25")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "not English: found Chinese characters" in result.stderr
    assert not out.exists() and not list(tmp_path.glob("out/*"))


def test_a_rundown_names_the_story_at_fault():
    text = "北京\n\n北京市政府今天宣布地铁停运。"
    story = Story("zh", "北京", text, ((0, 2), (4, len(text))), "rundown.json")
    with pytest.raises(InputError) as caught:
        check_language(story)
    assert caught.value.message.startswith("rundown.json (story 'zh'): not English: found Chinese characters (15)")
