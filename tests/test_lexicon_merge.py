"""scripts/lexicon_merge.py merges lexicon tables by row key, run by real git as a merge driver."""

import importlib.util
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "lexicon_merge.py"
HEADER = "gloss,hamnosys,lemmas,pos,topics,checked\n"
BASE = (HEADER
        + "BUS,hamflathand,bus,NOUN,transport,ok\n"
        + "CAR,hamfist,car|auto,NOUN,transport,ok\n"
        + 'TRAIN,hamfinger23,train|rail,NOUN,transport,"citation: H on H,\nrubbed"\n'
        + "PLANE,hamfinger2,plane,NOUN,transport,ok\n")


def _load():
    spec = importlib.util.spec_from_file_location("lexicon_merge", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def test_neighbouring_rows_edited_on_two_branches_merge_without_duplicates(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "t")
    _git(repo, "config", "merge.lexicon.driver", f"{sys.executable} {SCRIPT} %O %A %B")
    (repo / ".gitattributes").write_text("*.csv merge=lexicon\n")
    table = repo / "signs.csv"
    table.write_text(BASE)
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "other")
    # Theirs: a lemma onto CAR, a new row at the end.
    table.write_text(BASE.replace("car|auto", "car|auto|automobile") + "SHIP,hamflathand,ship,NOUN,transport,ok\n")
    _git(repo, "commit", "-qam", "theirs")
    _git(repo, "checkout", "-q", "main")
    # Ours: the neighbouring row BUS gains a lemma, TRAIN loses one, a different new row at the end.
    table.write_text(BASE.replace("BUS,hamflathand,bus,", "BUS,hamflathand,bus|coach,").replace("train|rail", "train")
                     + "TAXI,hamfist,taxi,NOUN,transport,ok\n")
    _git(repo, "commit", "-qam", "ours")
    # A plain line merge conflicts here (neighbouring lines changed); the driver does not.
    _git(repo, "merge", "-q", "other", "-m", "merge")
    merged = table.read_text()
    glosses = [line.split(",")[0] for line in merged.splitlines()[1:] if line and not line.startswith("rubbed")]
    assert glosses == ["BUS", "CAR", "TRAIN", "PLANE", "SHIP", "TAXI"]  # theirs after the row it follows there
    assert "BUS,hamflathand,bus|coach," in merged and "car|auto|automobile" in merged
    assert 'TRAIN,hamfinger23,train,NOUN,transport,"citation: H on H,\nrubbed"\n' in merged  # byte for byte


def test_a_row_both_sides_changed_merges_its_lemma_sets():
    lexicon_merge = _load()
    ours = BASE.replace("car|auto", "car|van")         # auto moved elsewhere, van added
    theirs = BASE.replace("car|auto", "car|auto|cab")   # cab added
    merged, conflicts = lexicon_merge.merge(BASE, ours, theirs)
    assert conflicts == []
    assert "CAR,hamfist,car|van|cab,NOUN" in merged


def test_the_same_column_changed_differently_is_a_conflict_and_ours_is_kept():
    lexicon_merge = _load()
    ours = BASE.replace("PLANE,hamfinger2,", "PLANE,hamfinger23,")
    theirs = BASE.replace("PLANE,hamfinger2,", "PLANE,hamthumb,")
    merged, conflicts = lexicon_merge.merge(BASE, ours, theirs)
    assert conflicts == ["PLANE"]
    assert "PLANE,hamfinger23," in merged and "hamthumb" not in merged


def test_sense_rows_keep_their_order_and_new_rows_follow_their_neighbour():
    lexicon_merge = _load()
    header = "lemma,pos,cues,gloss,checked\n"
    base = header + "strike,NOUN,word:union,PROTEST,x\nstrike,,,HIT,x\n"
    theirs = header + "strike,NOUN,word:union,PROTEST,x\nstrike,NOUN,word:air,ATTACK,x\nstrike,,,HIT,x\n"
    merged, conflicts = lexicon_merge.merge(base, base, theirs)
    assert conflicts == [] and merged == theirs  # the new row stays before the default row
    # a row they added at the very top stays at the top
    theirs = header + "strike,VERB,child:record,REMOVE,x\n" + base[len(header):]
    merged, conflicts = lexicon_merge.merge(base, base, theirs)
    assert conflicts == [] and merged == theirs


def test_a_row_both_sides_added_differently_is_a_conflict_not_a_silent_win_for_theirs():
    lexicon_merge = _load()
    header = "lemma,pos,cues,gloss,checked\n"
    base = header + "strike,,,HIT,x\n"
    ours = base + "belt,NOUN,head:tighten,(drop),the verb carries it\n"
    theirs = base + "belt,NOUN,head:tighten,DECREASE SPEND,the belt carries it\n"
    merged, conflicts = lexicon_merge.merge(base, ours, theirs)
    assert conflicts == ["belt,NOUN,head:tighten"]
    assert "(drop)" in merged and "DECREASE SPEND" not in merged
    # the same row added on both sides is simply kept once
    merged, conflicts = lexicon_merge.merge(base, ours, ours)
    assert conflicts == [] and merged.count("belt,") == 1
    # a sign both sides added with different lemmas keeps both sets of lemmas
    signs = HEADER + "BUS,hamflathand,bus,NOUN,transport,ok\n"
    merged, conflicts = lexicon_merge.merge(HEADER, signs, signs.replace("bus,NOUN", "bus|coach,NOUN"))
    assert conflicts == [] and "bus|coach" in merged
