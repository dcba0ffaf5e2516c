"""News English as signed: the issue's examples, time phrases, sentence ends, capitals and plurals,
prepositions, and why a word is fingerspelled. Real spaCy pipeline and the real lexicon."""

from __future__ import annotations

import pytest

from signgen.gloss import gloss_story
from signgen.gloss.spelling import spelled_words, spelling_warnings
from signgen.ingest import story_from_text
from signgen.lexicon import Lexicon
from signgen.text import load_pipeline


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    load_pipeline("en")
    return Lexicon.load("ase")


def document(text: str, lexicon: Lexicon):
    return gloss_story(story_from_text(text), lexicon=lexicon)


def shown(sentence) -> list[str]:
    """Glosses as `signgen gloss` shows them: fs-WORD for spelling, the digits for numbers."""
    return [f"fs-{g.gloss}" if g.kind == "fingerspell" else g.gloss for g in sentence.glosses]


def sentences(text: str, lexicon: Lexicon) -> list[list[str]]:
    return [shown(s) for s in document(text, lexicon).sentences]


# --- the table in the "Why" ---------------------------------------------------------------


def test_month_may_is_spelled_as_a_topic_and_no_preposition_dangles(lexicon):
    [s] = document("The court will hear the case in May.", lexicon).sentences
    assert shown(s) == ["fs-MAY", "JUDGE", "HEAR", "SITUATION"]
    assert s.glosses[0].reason == "name"
    assert [(m.type, m.start, m.end) for m in s.nmm] == [("topic", 0, 0)]


def test_fronted_time_range_is_one_topic_and_the_next_sentence_stands_alone(lexicon):
    text = "Buses will not run from Friday at 10 p.m. until Sunday at 6 a.m. Trains were late again."
    first, second = document(text, lexicon).sentences
    assert lexicon.find("until").gloss == "UNTIL"  # the UNTIL sign (index to index), not a 'TO' gloss
    assert shown(first) == ["FRIDAY", "NIGHT", "10", "UNTIL", "SUNDAY", "MORNING", "6", "fs-BUS", "NOT", "GO"]
    assert ("topic", 0, 6) in [(m.type, m.start, m.end) for m in first.nmm]
    assert ("negation", 8, 9) in [(m.type, m.start, m.end) for m in first.nmm]
    assert shown(second) == ["TRAIN", "LATE", "AGAIN"]


def test_labour_strike_and_economy_words_are_signed(lexicon):
    assert sentences("Nurses went on strike on Monday.", lexicon) == [["MONDAY", "NURSE", "PROTEST"]]
    assert sentences("The bank raised interest rates.", lexicon) == [["BANK", "INCREASE", "INTEREST", "PERCENT"]]


# --- time phrases ---------------------------------------------------------------------------------


def test_a_day_with_its_hour_and_a_single_bound_that_stays(lexicon):
    assert sentences("The bridge opens on Friday at 9 a.m.", lexicon) == [["FRIDAY", "MORNING", "9", "BRIDGE", "OPEN"]]
    until = lexicon.find("until").gloss
    assert sentences("The road is closed from 10 p.m. to 6 a.m.", lexicon) == [
        ["TIME", "10", "NIGHT", until, "TIME", "6", "MORNING", "ROAD", "CLOSE"]]
    # 'until 9 p.m.' bounds the event: it stays after the verb, with the clock's TIME sign.
    assert sentences("The library stays open until 9 p.m.", lexicon)[0][-3:] == ["TIME", "9", "NIGHT"]


@pytest.mark.parametrize("text, signed", [
    ("The bridge will close for two weeks.", "TWO-WEEK"),      # one sign: WEEK with the 2 handshape
    ("The meeting lasted 3 hours.", "THREE-HOUR"),
    ("A nine-month trial ended.", "NINE-MONTH"),                # through the hyphen
    ("Wait one minute.", "MINUTE"),                             # one: the unit's own (index) sign
    ("Tickets cost $5.", "FIVE-DOLLAR"),                        # the $ read as DOLLAR first
])
def test_numbers_one_to_nine_are_incorporated_into_time_and_money_signs(lexicon, text, signed):
    [s] = document(text, lexicon).sentences
    assert signed in shown(s)
    assert not [g for g in s.glosses if g.kind == "number"]    # the number is not signed apart


@pytest.mark.parametrize("text, expected", [
    ("Two weeks ago the bridge closed.", ["TWO-WEEKS-AGO", "BRIDGE", "CLOSE"]),
    ("The bridge reopens in three weeks.", ["IN-THREE-WEEKS", "BRIDGE", "OPEN"]),     # a time: fronted
    ("The line will open in 2 years.", ["IN-TWO-YEARS", "LINE", "OPEN"]),              # and WILL dropped
    ("The plant closed 5 years ago.", ["FIVE-YEARS-AGO", "FACTORY", "CLOSE"]),
    ("One year ago the plant closed.", ["LAST-YEAR", "FACTORY", "CLOSE"]),
    ("She is 5 years old.", ["IX-3:a", "AGE-FIVE"]),                                # an age: one sign
    ("A 7-year-old boy was rescued.", ["AGE-SEVEN", "BOY", "SAVE"]),
])
def test_a_time_before_or_after_now_and_an_age_are_one_sign_with_their_number(lexicon, text, expected):
    assert sentences(text, lexicon) == [expected]


def test_numbers_past_nine_and_other_units_stay_apart(lexicon):
    assert sentences("The project took 12 weeks.", lexicon)[0][-2:] == ["12", "WEEK"]
    assert sentences("The fire started 12 years ago.", lexicon)[0][:3] == ["12", "YEAR", "AGO"]
    assert sentences("The bridge cost $5 million.", lexicon)[0][-3:] == ["5", "MILLION", "DOLLAR"]
    assert sentences("A coffee costs $3.50.", lexicon)[0][-3:] == ["THREE-DOLLAR", "50", "CENT"]
    assert sentences("The firm hired 1,002 workers.", lexicon)[0][-3:] == ["THOUSAND", "2", "WORKER"]


@pytest.mark.parametrize("text, signed", [
    ("Last week prices fell.", "LAST-WEEK"), ("Last year the tax rose.", "LAST-YEAR"),
    ("The market is open every Monday.", "EVERY-MONDAY"), ("The museum is closed on Sundays.", "EVERY-SUNDAY"),
    ("The annual fair opens.", "EVERY-YEAR"), ("The council meets monthly.", "EVERY-MONTH"),
    ("The fair runs all day.", "ALL-DAY"),
])
def test_time_phrases_asl_signs_as_one_sign(lexicon, text, signed):
    assert signed in sentences(text, lexicon)[0]


# --- sentence ends --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, parts", [
    ("The polls close at 8 p.m. Results come later.", 2),
    ("The office opens at 9 a.m. Staff will help.", 2),
    ("The firm moved to the U.S. Prices rose.", 2),
    ("The deal was signed by Acme Inc. Workers cheered.", 2),
    ("He lives on Main St. Police said nothing.", 2),
    ("The plant closed in the U.S. Workers left at 5 p.m.", 2),  # a plural the tagger took for a name
    ("Fares rose in the U.K. Commuters were angry.", 2),
    ("U.S. officials said the road is closed.", 1),
    ("The flight to St. Louis left late.", 1),
    ("U.S. President Joe Biden spoke.", 1),
])
def test_sentence_split_after_abbreviations(lexicon, text, parts):
    assert len(document(text, lexicon).sentences) == parts


def test_a_headline_is_one_sentence_however_the_parser_reads_it(lexicon):
    # the parser cut this headline in two before 'As'
    parts = sentences("Schools Stay Closed As Snow Piles Up\n\nSchools stayed closed on Wednesday.", lexicon)
    assert len(parts) == 2 and parts[0][:3] == ["SCHOOL", "STAY", "CLOSE"] and "SNOW" in parts[0], parts
    # a line holding two sentences is still split
    assert len(sentences("Snow closes schools. Roads are icy.", lexicon)) == 2


def test_sentence_split_after_an_abbreviation_at_the_end_of_a_line(lexicon):
    # scripts often hold one sentence per line: the line break sits between 'p.m.' and the next word
    first, second = sentences("The office is open from 9 a.m. to 5 p.m.\nThe office is big.", lexicon)
    assert second == ["OFFICE", "BIG"], second
    assert "BIG" not in first, first
    # a full stop at the end of a line and a capital opening the next: the parser ran these together
    first, second = sentences("The team held on to win 2-1.\nCity beat the champions on Saturday.", lexicon)
    assert "CITY" in second and "CITY" not in first, (first, second)


# --- capitals and plurals -------------------------------------------------------------------------


def test_plurals_capitals_and_headline_case_find_their_sign(lexicon):
    assert sentences("Trains were late.", lexicon) == [["TRAIN", "LATE"]]
    title = sentences("Storm Closes Schools Across Region", lexicon)[0]
    assert "SCHOOL" in title and "CLOSE" in title and not any("ACROSS" in g or g == "fs-SCHOOLS" for g in title)
    caps = sentences("SNOW CLOSES SCHOOLS", lexicon)[0]
    assert caps == ["SNOW", "CLOSE", "SCHOOL"]


# --- prepositions ---------------------------------------------------------------------------------


def test_prepositions_are_signed_only_where_asl_signs_them(lexicon):
    fire = sentences("The fire started in the kitchen of the house.", lexicon)[0]
    assert not {"IN", "fs-OF", "fs-IN"} & set(fire)
    assert "WITH" in sentences("She went with her family.", lexicon)[0]
    assert "WITH" not in sentences("He was charged with murder.", lexicon)[0]
    assert "AGAINST" in sentences("Voters were against the plan.", lexicon)[0]
    assert "FOR" not in sentences("They waited for the bus.", lexicon)[0]
    assert "ABOUT" in sentences("About 50 people came.", lexicon)[0]  # 'about' a number: roughly
    # EXCEPT is signed (SPECIAL's form: the left index lifted out of the group)
    assert "SPECIAL" in sentences("All lines run except the Red Line.", lexicon)[0]
    # above and below a level are signed: dropping them would say the opposite of nothing
    assert "ABOVE" in sentences("Inflation remained above its 2 percent goal.", lexicon)[0]
    assert "UNDER" in sentences("Temperatures stayed below freezing.", lexicon)[0]


# --- fingerspelling and its reasons ---------------------------------------------------------------


def test_each_spelled_word_has_its_reason(lexicon):
    doc = document("FBI officials met Maria Lopez in the park. A quokka took the bus to a new job.", lexicon)
    reasons = {w.word: w.reason for w in spelled_words(doc)}
    assert reasons == {"FBI": "abbreviation", "MARIA": "name", "LOPEZ": "name", "PARK": "lexicalized",
                       "QUOKKA": "no-sign", "BUS": "lexicalized", "JOB": "lexicalized"}
    glosses = [g.to_json() for s in doc.sentences for g in s.glosses]
    assert all(("reason" in g) == (g["kind"] == "fingerspell") for g in glosses)
    assert [w.to_json() for w in spelled_words(doc)][0] == {"word": "FBI", "text": "FBI", "reason": "abbreviation"}


def test_long_spellings_and_too_much_spelling_are_warned(lexicon):
    assert spelling_warnings(document("Snow closed the bridge today. Police say the road will open.", lexicon)) == ()
    warnings = spelling_warnings(document("The counterrevolutionaries escaped.", lexicon))
    assert len(warnings) == 2
    assert "'counterrevolutionaries' is fingerspelled" in warnings[0] and "over 12 letters" in warnings[0]
    assert warnings[1].startswith("1 of 3 words (33%) are fingerspelled, over 5%")


def test_unknown_nouns_are_spelled_as_written_and_verbs_by_lemma(lexicon):
    """A noun's lemma may be the lemmatiser's guess ('rabies' -> 'rabie'); a verb is spelled
    without its tense, which ASL shows apart."""
    doc = document("Rabies cases rose. The river crested.", lexicon)
    spelled = [w.word for w in spelled_words(doc)]
    assert "RABIES" in spelled and "RABIE" not in spelled
    assert "CREST" in spelled and "CRESTED" not in spelled


def test_title_case_headline_words_are_signed_unless_the_body_names_them(lexicon):
    """The entity tagger reads a Title Case headline as a name; the body says which words are names."""
    doc = document("Freezing Rain Closes Schools Across the Region\n\nSchools closed on Monday.", lexicon)
    assert [g.gloss for g in doc.sentences[0].glosses] == ["FREEZE", "RAIN", "CLOSE", "SCHOOL", "PLACE"]
    doc = document("Storm Hits Ohio\n\nThe storm hit Ohio on Monday.", lexicon)
    assert [g.kind for g in doc.sentences[0].glosses if g.text == "Ohio"] == ["fingerspell"]


@pytest.mark.parametrize("text, sign", [
    ("The governor asked the federal government for aid.", "GOVERNMENT"),
    ("National Guard troops were sent to deliver water.", "SEND"),
    ("The airline's chief executive said in a statement that flights resumed.", "BOSS"),
])
def test_two_words_signed_alike_side_by_side_are_one_sign(lexicon, text, sign):
    [s] = document(text, lexicon).sentences
    assert shown(s).count(sign) == 1, shown(s)
    # the one sign stands for both words: its source text covers them
    [gloss] = [g for g in s.glosses if g.gloss == sign]
    assert len(gloss.text.split()) >= 2, gloss.text


def test_the_same_word_twice_keeps_its_repetition(lexicon):
    assert sentences("It rained again and again.", lexicon)[0].count("AGAIN") == 2


def test_a_decimal_is_not_read_as_a_clock_time_unless_a_m_or_p_m_follows(lexicon):
    [rate] = sentences("The bank kept its rate in a range of 4.25 to 4.5 percent.", lexicon)
    assert "TIME" not in rate and rate[rate.index("POINT") - 1:rate.index("POINT") + 3] == ["4", "POINT", "2", "5"], rate
    [train] = sentences("The train leaves at 4.25 p.m.", lexicon)
    assert train[:3] == ["TIME", "4", "25"], train


def test_in_n_years_after_a_first_or_a_superlative_is_a_span_back_not_a_time_ahead(lexicon):
    [back] = sentences("The university raised tuition for the first time in five years.", lexicon)
    assert back[-3:] == ["TIME", "5", "YEAR"], back  # not IN-FIVE-YEARS, fronted as a future time
    [ahead] = sentences("The plant will close in two years.", lexicon)
    assert ahead[0] == "IN-TWO-YEARS", ahead


def test_a_headline_verb_misread_as_an_auxiliary_is_still_signed(lexicon):
    # spaCy tags 'approves' AUX in this headline; it used to be dropped as a helper verb
    [headline] = sentences("School board approves later start times for high schools", lexicon)
    assert "AGREE" in headline, headline
    assert "fs-SUCH" not in sentences("The board rarely rejects such proposals.", lexicon)[0]


def test_a_range_of_days_is_one_topic_with_until(lexicon):
    [days] = sentences("Buses will run from Friday to Sunday.", lexicon)
    assert days[:3] == ["FRIDAY", "UNTIL", "SUNDAY"], days
    [week] = sentences("The office is open Monday through Friday.", lexicon)
    assert week[:3] == ["MONDAY", "UNTIL", "FRIDAY"], week
    [between] = sentences("Trains run between Monday and Friday.", lexicon)
    assert between[:3] == ["MONDAY", "UNTIL", "FRIDAY"], between
    # an infinitive 'to' spaCy tags AUX is dropped, not read as UNTIL
    [going] = sentences("Grocers cut prices to keep customers from going to discount stores.", lexicon)
    assert "UNTIL" not in going, going


def test_each_clause_keeps_its_own_time_even_when_a_next_sentence_confuses_the_parser(lexicon):
    # the parse of the whole story hangs 'p.m.' on 'open'; the 'at' still belongs to 'close'
    first, _ = sentences("Polling stations will open at 7 a.m. and close at 8 p.m. Voters must bring an identity card.", lexicon)
    assert first.index("OPEN") < first.index("8") < first.index("CLOSE"), first
    assert first.index("7") < first.index("OPEN"), first


def test_no_longer_is_not_and_people_who_left_for_safety_leave(lexicon):
    [families] = sentences("Families will no longer need to travel to the capital.", lexicon)
    assert "NOT" in families and "NONE" not in families and "LONG" not in families, families
    [left] = sentences("Water entered homes, and about 1,200 people left for safer places.", lexicon)
    assert "LEAVE" in left and "STAY" not in left, left


def test_an_hour_with_its_part_of_the_day_in_words_is_a_clock_time(lexicon):
    [ferry] = sentences("The first ferry leaves at 7 in the morning.", lexicon)
    assert ferry[:3] == ["TIME", "7", "MORNING"] and "LEAVE" in ferry and "LEAF" not in ferry, ferry
    [boats] = sentences("Boats will run every hour until 9 at night.", lexicon)
    assert boats[-4:] == ["UNTIL", "TIME", "9", "NIGHT"], boats


def test_a_verb_the_lemmatiser_cut_too_short_finds_its_sign_and_garden_plants_grow(lexicon):
    # spaCy lemmatises 'hopes' and 'hoping' as 'hop': it was spelled HOP
    [hopes] = sentences("Chen hopes the first vegetables will be ready in July.", lexicon)
    assert "EXPECT" in hopes and "fs-HOP" not in hopes, hopes
    [plants] = sentences("Students will water the plants every morning.", lexicon)
    assert "GROW-PLANT" in plants and "FACTORY" not in plants, plants
    # other endings are not stripped: a locker is not LOCK
    assert "LOCK" not in sentences("They met in the locker room.", lexicon)[0]


def test_a_time_after_into_or_than_is_a_bound_and_stays(lexicon):
    # fronted, NEXT-YEAR / LAST-YEAR would say when it happens: 'next year the drought could last'
    [drought] = sentences("Forecasters say the drought could last into next year.", lexicon)
    assert drought[-1] == "NEXT-YEAR", drought
    [flu] = sentences("Doctors warned that the flu season could be worse than last year.", lexicon)
    assert flu[-1] == "LAST-YEAR", flu


def test_and_joins_two_times_as_a_range_only_after_between(lexicon):
    [between] = sentences("The office is open between 9 a.m. and 5 p.m.", lexicon)
    # the whole range opens the clause, its second end not left behind after the verb
    assert between == ["TIME", "9", "MORNING", "UNTIL", "TIME", "5", "AFTERNOON", "OFFICE", "OPEN"], between
    [two_times] = sentences("The pharmacy opens at 7 a.m. and 9 o'clock on Sundays.", lexicon)
    assert "UNTIL" not in two_times, two_times


def test_covid_is_signed_however_it_is_written(lexicon):
    # 'Covid' is tagged a person's name and 'COVID-19' mixes letters and digits: both were spelled
    for text in ("Covid cases rose again.", "COVID-19 cases rose again.", "The hospital treated 40 Covid patients."):
        [signed] = sentences(text, lexicon)
        assert "COVID" in signed and "fs-COVID" not in signed, (text, signed)
    # other mixed tokens are still spelled and counted
    assert sentences("The G7 met.", lexicon)[0][:2] == ["fs-G", "7"]


def test_a_score_or_a_vote_tally_is_two_numbers_not_a_range(lexicon):
    [score] = sentences("The team won 2-1 on Sunday.", lexicon)
    assert "UNTIL" not in score and score[-2:] == ["2", "1"], score
    [vote] = sentences("The committee voted 14-8 to approve the plan.", lexicon)
    assert "UNTIL" not in vote, vote
    # a range stays a range, decimals in a vote sentence too
    [heat] = sentences("Temperatures will reach 5 to 10 degrees.", lexicon)
    assert heat[-4:-1] == ["5", "UNTIL", "10"], heat
    [rate] = sentences("Policymakers voted to hold the rate at 4.25 to 4.5 percent.", lexicon)
    assert "UNTIL" in rate, rate
    # a decision by a count is a tally when the figures run down; up, or told as a change, a range
    for text in ("Board members approved the change 5 to 2.", "The court ruled 6-3 for the city.",
                 "The Sharks shut out the Kings 4-0.", "The team fell to the Celtics 110-98."):
        [tally] = sentences(text, lexicon)
        assert "UNTIL" not in tally, (text, tally)
    for text in ("The council approved hiring 5 to 10 officers.", "The council approved cutting staff from 10 to 5.",
                 "The store is open 9 to 5.", "Temperatures will fall to 5-10 degrees."):
        [kept] = sentences(text, lexicon)
        assert "UNTIL" in kept, (text, kept)


def test_the_abbreviation_no_before_a_figure_is_the_number_not_a_negation(lexicon):
    for text, number in (("The No. 1 seed lost in the first round.", "1"),
                         ("She is the No. 2 official at the agency.", "2")):
        [ranked] = sentences(text, lexicon)
        assert "NONE" not in ranked and number in ranked, (text, ranked)
    # the negation stays a negation
    for text in ("No one was hurt.", "There is no money left."):
        [negated] = sentences(text, lexicon)
        assert "NONE" in negated, (text, negated)


def test_in_n_years_after_a_verb_in_the_past_is_a_span_back(lexicon):
    [rents] = sentences("Rents have doubled in five years.", lexicon)
    assert "IN-FIVE-YEARS" not in rents and rents[-2:] == ["5", "YEAR"], rents
    [plant] = sentences("The plant will close in two years.", lexicon)
    assert plant[0] == "IN-TWO-YEARS", plant


def test_a_first_word_read_as_a_person_is_signed_unless_the_story_names_it(lexicon):
    # spaCy tags a sentence's capitalised first common noun as a person: it was spelled as a name
    for text, sign in (("Turnout was higher than expected.", "SHOW-UP"),
                       ("Wildfire forces thousands to evacuate.", "FIRE")):
        [first] = sentences(text, lexicon)
        assert first[0] == sign, (text, first)
    # a plural common noun opening a sentence, which spaCy read as an organisation
    [farmers] = sentences("Farmers, who use most of the water, have cut back.", lexicon)
    assert farmers[0] == "FARMER", farmers
    # a surname the story gives in full stays a name
    _, later = sentences("The plan came from Mayor Jane Baker on Monday. Baker said the plan works.", lexicon)
    assert later[0] == "fs-BAKER", later


def test_the_plural_of_a_number_is_the_number(lexicon):
    # 'the 90s' was 90 and a spelled S; 'the 1990s' is signed in halves like the year
    [heat] = sentences("Temperatures will climb into the 90s.", lexicon)
    assert heat[-1] == "90" and "fs-S" not in heat, heat
    [built] = sentences("The library was built in the 1990s.", lexicon)
    assert built[-2:] == ["19", "90"], built


def test_several_hundred_is_few_hundred_not_one_hundred(lexicon):
    for text, amount in (("Medics treated several hundred runners.", ["FEW", "HUNDRED"]),
                         ("Several thousand homes lost power.", ["FEW", "THOUSAND"]),
                         ("A hundred people came.", ["1", "HUNDRED"])):
        [signed] = sentences(text, lexicon)
        start = signed.index(amount[0])
        assert signed[start:start + len(amount)] == amount, (text, signed)
