"""The lexicon slice behind batch keys: which rows a story's vocabulary draws on."""

from __future__ import annotations

from pathlib import Path

from signgen.ops.lexicon_slice import LexiconIndex

HEADER = "gloss,hamnosys,lemmas,pos,topics,checked\n"


def _index(tmp_path: Path, rows: str) -> LexiconIndex:
    (tmp_path / "ase").mkdir(exist_ok=True)
    (tmp_path / "ase" / "signs.csv").write_text(HEADER + rows, encoding="utf-8")
    return LexiconIndex.read(tmp_path, tmp_path / "no-motions")


def test_a_compound_draws_on_its_parts_but_notes_name_no_rows(tmp_path):
    rows = ("NOW,hamflathand hampalmu,now,ADV,time,both bent hands\n"
            "NIGHT,hamfist hampalmd,night,NOUN,time,like DAY but down\n"
            "TONIGHT,= NOW NIGHT,tonight,NOUN,time,compound\n"
            "DAY,hamfinger2 hampalml,day,NOUN,time,index up\n")
    before = _index(tmp_path, rows)
    tonight, day = before.slice_digest({"tonight"}), before.slice_digest({"day"})
    # editing a part changes the compound's slice ...
    after = _index(tmp_path, rows.replace("hamfist hampalmd", "hamfist hampalmu"))
    assert after.slice_digest({"tonight"}) != tonight
    # ... but editing DAY, which a note of NIGHT only mentions, leaves TONIGHT alone
    after = _index(tmp_path, rows.replace("hamfinger2 hampalml", "hamfinger2 hampalmd"))
    assert after.slice_digest({"tonight"}) == tonight and after.slice_digest({"day"}) != day


def test_a_sense_row_belongs_only_to_stories_with_its_lemma(tmp_path):
    rows = ("SCHOOL,hamflathand hampalmd,school,NOUN,education,clap twice\n"
            "COST,hamfinger2 hampalml,cost|price,NOUN,economy,index strikes the palm\n"
            "RAIN,hamfinger2345 hampalmd,rain,NOUN,weather,fingers wiggle down\n")
    senses = "lemma,pos,cues,gloss,checked\ntuition,NOUN,word:college,SCHOOL COST,tuition = school cost\n"
    (tmp_path / "ase").mkdir()
    (tmp_path / "ase" / "senses.csv").write_text(senses, encoding="utf-8")
    index = _index(tmp_path, rows)
    price, tuition = index.slice_digest({"price", "cost"}), index.slice_digest({"tuition"})
    # the sense row's signs are not words that select it: a story about prices keeps its key when SCHOOL changes
    after = _index(tmp_path, rows.replace("hamflathand hampalmd", "hamflathand hampalmu"))
    assert after.slice_digest({"price", "cost"}) == price
    # a story with the word the row is for draws on the row and the signs it names
    assert after.slice_digest({"tuition"}) != tuition
    (tmp_path / "ase" / "senses.csv").write_text(senses.replace("word:college", "word:university"), encoding="utf-8")
    assert _index(tmp_path, rows).slice_digest({"tuition"}) != tuition
    assert _index(tmp_path, rows).slice_digest({"price", "cost"}) == price
