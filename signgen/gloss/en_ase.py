"""English -> American Sign Language gloss.

Each sentence's tokens become a list of `Piece`s. Lexical rules (`RULES`) drop, merge or decide
pieces: a rule is ``(pieces, lexicon) -> pieces`` that only touches undecided pieces, so rules
can be added or reordered without knowing about each other. Whatever is still undecided after
them is fingerspelled, or dropped when it has no letters to spell. Then the ordering rules of
`signgen.gloss.asl_order` give ASL structure: time first, WH sign last, non-manual markers, and
a `Discourse` that places referents in signing space and points pronouns at them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from weakref import WeakKeyDictionary

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from signgen.gloss import en_numbers, en_time
from signgen.gloss.en_headline import NAME_ENTITIES, unname_headline_words
from signgen.gloss.asl_order import ORDER_RULES, Discourse, nmm_spans
from signgen.gloss.piece import Parse, Piece, Rule, drop_where, sign_or_spell
from signgen.gloss.senses import StorySenses
from signgen.gloss.types import Gloss, GlossSentence
from signgen.lexicon import Lexicon, fingerspelling
from signgen.text.lemmas import base_forms, is_function_word, restored_bases
from signgen.text.models import load_pipeline
from signgen.text.segment import Sentence, Token

# --- dropping rules ----------------------------------------------------------------------------

_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)|^[^@\s]+@[^@\s]+\.[a-z]{2,}$|\.(?:com|org|net|gov|edu)(?:/|$)", re.I)


def drop_punctuation(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Punctuation is carried by pauses and face, not by signs ('%' and currency symbols are words)."""
    return drop_where(
        pieces, lambda t: (t.is_punct or t.pos in ("PUNCT", "SPACE")) and t.text not in en_numbers.SYMBOL_WORDS
    )


def drop_urls(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Web and mail addresses are shown on screen; spelling them letter by letter is unwatchable."""
    return drop_where(pieces, lambda t: bool(_URL.search(t.text)))


def drop_articles(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """ASL has no articles."""
    return drop_where(pieces, lambda t: t.text.lower() in ("the", "a", "an") and t.pos == "DET")


def drop_auxiliaries(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Drop copula and auxiliaries (be; do/have as helpers); future 'will' is kept as a tense sign."""
    result = []
    for piece in pieces:
        token = piece.token
        lemma = token.lemma.lower()
        if not piece.single:
            result.append(piece)
        elif token.tag == "MD" and lemma in ("will", "shall", "'ll"):
            entry = lexicon.find("will")
            if entry:
                result.append(replace(piece, gloss=entry.gloss, kind="sign", role="tense"))
        elif lemma == "be" or (lemma in ("do", "have") and (token.pos == "AUX" or token.dep.startswith("aux"))):
            continue
        else:
            result.append(piece)
    return result


def drop_to(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'to' has no sign of its own (to build, went to school); a range's UNTIL was decided earlier."""
    # spaCy now and then tags the infinitive 'to' AUX ('from going to discount stores')
    return drop_where(pieces, lambda t: t.text.lower() == "to" and t.pos in ("PART", "ADP", "AUX"))


# --- lexicon rules -----------------------------------------------------------------------------


def _all_caps_sentence(pieces: list[Piece]) -> bool:
    letters = "".join(ch for p in pieces for ch in p.token.text if ch.isalpha())
    return bool(letters) and letters.isupper()


def spell_acronyms(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """FBI, NASA, UN, US are spelled letter by letter (before 'US' can be read as the pronoun 'us').

    An acronym the lexicon has as a gloss (a sign for 'US') is signed. In an ALL-CAPS sentence
    capitals say nothing, so the rule stands aside.
    """
    if _all_caps_sentence(pieces):
        return pieces
    out = []
    for piece in pieces:
        text = piece.token.text
        if piece.single and 2 <= len(text) <= 6 and text.isascii() and text.isalpha() and text.isupper():
            entry = lexicon.sign(text)
            piece = (replace(piece, gloss=entry.gloss, kind="sign") if entry
                     else replace(piece, gloss=text, kind="fingerspell", reason="abbreviation"))
        out.append(piece)
    return out


_MATCHERS: WeakKeyDictionary = WeakKeyDictionary()


def _phrase_matcher(lexicon: Lexicon) -> tuple[PhraseMatcher, dict[str, str]]:
    """A spaCy PhraseMatcher over the lexicon's multiword lemmas (built once per lexicon)."""
    if lexicon not in _MATCHERS:
        vocab = load_pipeline("en").vocab
        matcher = PhraseMatcher(vocab, attr="LOWER")
        glosses: dict[str, str] = {}
        for entry in lexicon.entries:
            for lemma in entry.lemmas:
                if " " in lemma and lemma not in glosses:
                    glosses[lemma] = entry.gloss
                    matcher.add(lemma, [Doc(vocab, words=lemma.split())])
        _MATCHERS[lexicon] = (matcher, glosses)
    return _MATCHERS[lexicon]


def sign_phrases(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Multiword lexicon entries ('fire department', 'New York'), longest match first.

    Matched on word forms and on lemmas, over runs of undecided neighbouring words.
    """
    matcher, glosses = _phrase_matcher(lexicon)
    if not glosses:
        return pieces
    vocab = load_pipeline("en").vocab
    best: dict[int, tuple[int, str]] = {}  # start piece -> (length, gloss)
    for words in ([p.token.text for p in pieces], [p.token.lemma for p in pieces]):
        doc = Doc(vocab, words=[w or "_" for w in words])
        for match_id, start, end in matcher(doc):
            window = pieces[start:end]
            if all(p.single for p in window) and _adjacent(window) and end - start > best.get(start, (0, ""))[0]:
                best[start] = (end - start, glosses[vocab.strings[match_id]])
    result: list[Piece] = []
    index = 0
    while index < len(pieces):
        if index in best:
            length, gloss = best[index]
            tokens = tuple(t for p in pieces[index:index + length] for t in p.tokens)
            result.append(Piece(tokens, gloss=gloss, kind="sign"))
            index += length
        else:
            result.append(pieces[index])
            index += 1
    return result


def _adjacent(window: list[Piece]) -> bool:
    """Words next to each other in the text (only spaces or dropped articles between)."""
    for a, b in zip(window, window[1:]):
        if b.token.start - a.token.end > 5:
            return False
    return True


def sign_senses(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """A word the sense table lists takes the sense its sentence chose (`signgen.gloss.senses`):
    one sign, a short sequence of signs, nothing (a light verb), or a spelling."""
    out: list[Piece] = []
    for piece in pieces:
        sense = piece.sense
        if not piece.single or sense is None:
            out.append(piece)
        elif sense.action == "sign":
            out += [replace(piece, gloss=gloss, kind="sign") for gloss in sense.glosses]
        elif sense.action == "lexicalized":
            out.append(replace(piece, gloss=sense.glosses[0], kind="fingerspell", reason="lexicalized"))
        elif sense.action == "spell" and (letters := fingerspelling(piece.token.lemma) or fingerspelling(piece.token.text)):
            out.append(replace(piece, gloss=letters, kind="fingerspell", reason="no-sign"))
    return out


# Prepositions ASL signs as such. The others (in, on, at, of, for, from, by, about, ...) are
# carried by where things are placed, by word order and by the verb; an English IN or FOR left
# in the gloss reads as a different sentence ('hear the case IN'). 'with' is decided by the sense
# table (signed with a companion, dropped in 'charged with murder'); 'to' by `drop_to`.
_SIGNED_PREPOSITIONS = frozenset(
    "without during until till since before after against near under behind inside outside between except "
    "above below beneath underneath".split())
_PREPOSITION_DEPS = frozenset({"prep", "agent", "dative", "pcomp", "conj", "ROOT"})


def drop_prepositions(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Prepositions ASL does not sign are dropped. Only prepositions proper: a particle ('shut
    down') or a number's modifier ('about 50', 'over 100') is left to the other rules."""
    # A Title Case headline's 'Across' is tagged a proper noun: the word itself says preposition.
    return drop_where(pieces, lambda t: (t.pos == "ADP" or is_function_word(t.text.lower()))
                      and t.dep in _PREPOSITION_DEPS and t.text.lower() not in _SIGNED_PREPOSITIONS
                      and t.lemma.lower() not in _SIGNED_PREPOSITIONS)


def _name_sign(token: Token, lexicon: Lexicon):
    """A name's own sign (a person's name sign, SENATE): an entry listing the name with POS PROPN."""
    entry = lexicon.find(token.text, "PROPN")
    return entry if entry and "PROPN" in entry.pos and token.text.lower() in entry.lemmas else None


# Names of one word that are often also a common word: a company (Apple, Target, Shell) or a
# product. Its sign would be the common word's (the fruit), so only a PROPN entry signs it.
_BRAND_ENTITIES = frozenset({"ORG", "PRODUCT"})


def _one_word_brand(pieces: list[Piece], index: int) -> bool:
    """Whether the piece at `index` is a whole one-word organisation or product name."""
    token = pieces[index].token
    if token.pos != "PROPN" or token.ent_type not in _BRAND_ENTITIES or token.ent_iob != "B":
        return False
    after = pieces[index + 1].tokens[0] if index + 1 < len(pieces) and pieces[index + 1].tokens else None
    return after is None or after.ent_iob != "I"


def sign_words(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """A word whose lemma (or form) the lexicon has -> its sign. People's names only by name sign,
    one-word company and product names only by an entry listing PROPN (SENATE, not the fruit for
    Apple); the words of a longer name are signed (National Weather Service)."""
    result = []
    for index, piece in enumerate(pieces):
        token = piece.token
        if not piece.single:
            result.append(piece)
            continue
        # spaCy sometimes tags a sentence's first common noun as a person ('Trains were late').
        if token.ent_type == "PERSON" and token.pos != "NOUN":
            entry = _name_sign(token, lexicon)
        elif _one_word_brand(pieces, index):
            entry = _name_sign(token, lexicon)
        else:
            entry = lexicon.find(token.lemma, token.pos) or lexicon.find(token.text, token.pos)
        result.append(replace(piece, gloss=entry.gloss, kind="sign") if entry else piece)
    return result


def sign_capitalised_words(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """A capitalised word that is not a name finds its sign by its lowercase lemma.

    A sentence's first word, headline Title Case and ALL CAPS make spaCy read common words as
    proper nouns left unlemmatised ('Schools', 'CLOSES'): lemmatised again in lowercase they are
    signed, and a function word among them ('Across') is dropped rather than spelled.
    """
    out = []
    for piece in pieces:
        token = piece.token
        if piece.single and token.text[:1].isupper() and token.ent_type not in NAME_ENTITIES:
            word = token.text.lower()
            # spaCy's PROPN means it took the word for a noun ('The Bears': BEAR, not the verb's BORN)
            pos = "NOUN" if token.pos == "PROPN" else token.pos
            entry = next((e for base in base_forms(word) if (e := lexicon.find(base, pos))), None)
            if entry:
                piece = replace(piece, gloss=entry.gloss, kind="sign")
            elif is_function_word(word):
                continue
        out.append(piece)
    return out


# Derivational endings tried when a content word is missing: 'safely' -> safe, 'darkness' -> dark.
# Only endings that keep the meaning: '-ment' and '-er' were tried and gave department -> depart,
# center -> cent; inflections are the lemmatiser's job.
_SUFFIXES = ("ly", "ness")
_INFLECTIONS = ("ed", "ing", "s")
_CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})
# The words that really are auxiliaries. spaCy tags a headline verb AUX now and then ('School
# board approves later start times'), and such a word is a content word all the same.
_AUXILIARIES = frozenset("be have do will would shall should can could may might must ought 'll 's 're 've 'd 'm".split())


def sign_word_families(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """An unknown content word signed by a lexicon word of its family ('safely' -> SAVE via 'safe')."""
    result = []
    for piece in pieces:
        token = piece.token
        misread = token.pos == "AUX" and token.lemma.lower() not in _AUXILIARIES
        if piece.single and (token.pos in _CONTENT_POS or misread) and token.ent_type != "PERSON":
            # Inflections only when the lemmatiser left the word as written (ALL CAPS 'CLOSED').
            unlemmatised = token.lemma.lower() == token.text.lower()
            entry = (_family_entry(token.lemma.lower(), lexicon, _SUFFIXES + (_INFLECTIONS if unlemmatised else ()))
                     or _other_base_form(token, lexicon))
            if entry:
                piece = replace(piece, gloss=entry.gloss, kind="sign")
        result.append(piece)
    return result


def _other_base_form(token: Token, lexicon: Lexicon):
    """A verb form the lemmatiser cut too short ('hopes', 'hoping' -> 'hop'): the sign of its
    restored base form (EXPECT for hope), if it has one."""
    if token.pos != "VERB":
        return None
    return next((e for base in restored_bases(token.text.lower(), token.lemma.lower())
                 if (e := lexicon.find(base))), None)


def _family_entry(word: str, lexicon: Lexicon, suffixes: tuple[str, ...]):
    for suffix in suffixes:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3:
            candidates = (stem[:-1] + "y",) if stem.endswith("i") else (stem, stem + "e")  # happily -> happy
            for candidate in candidates:
                entry = lexicon.find(candidate)
                if entry:
                    return entry
    return None


# --- questions, pronouns, negation, function words and the fallback ------------------------------

_WH_TAGS = frozenset({"WP", "WRB", "WDT", "WP$"})


def keep_wh_words(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """In a question the WH word carries the meaning: signed, or spelled, never dropped.

    Runs while '?' is still a piece; 'how many' is left to the phrase rule when the lexicon has it.
    """
    if not any(p.token.text == "?" for p in pieces):
        return pieces
    out = []
    for index, piece in enumerate(pieces):
        token = piece.token
        nxt = pieces[index + 1].token.text.lower() if index + 1 < len(pieces) else ""
        phrase = lexicon.find(f"{token.text} {nxt}") if nxt else None
        if piece.single and token.tag in _WH_TAGS and not phrase:
            piece = sign_or_spell(piece, lexicon, token.lemma, token.text)
        out.append(piece)
    return out


_PERSON = {
    **dict.fromkeys("i me myself".split(), "IX-1"),
    **dict.fromkeys("we us ourselves".split(), "WE"),
    **dict.fromkeys("you yourself yourselves".split(), "IX-2"),
    **dict.fromkeys("he him himself she her herself it itself they them themselves".split(), "IX-3"),
}
_POSSESSIVE = {
    **dict.fromkeys("my mine".split(), "POSS-1"),
    **dict.fromkeys("our ours".split(), "POSS-1"),
    **dict.fromkeys("your yours".split(), "POSS-2"),
    **dict.fromkeys("his her its their hers theirs".split(), "POSS-3"),
}


def index_pronouns(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Personal pronouns are points: IX-1/IX-2, IX-3 at a locus; possessives POSS-1/2/3.

    'we' is the lexicon's WE when it has one, else IX-1. A dummy subject ('it is raining', 'it
    is not clear how...') points at nothing and is dropped: the parser's expletive, or a sense
    row of the pronoun (left to `sign_senses`). Third-person points get their locus later
    (`Discourse`).
    """
    result = []
    for piece in pieces:
        token = piece.token
        word = token.text.lower()
        if not piece.single or token.pos != "PRON" or piece.sense is not None:
            result.append(piece)
        elif token.dep == "expl":
            continue
        else:
            gloss = _POSSESSIVE.get(word) if token.tag == "PRP$" else _PERSON.get(word)
            if gloss == "WE" and not lexicon.sign("WE"):
                gloss = "IX-1"
            if gloss:
                piece = replace(piece, gloss=gloss, kind="index", role="ix3" if gloss.endswith("-3") else None)
            result.append(piece)
    return result


_NEGATION = {"not": "NOT", "n't": "NOT", "never": "NEVER", "none": "NONE", "nothing": "NONE",
             "nobody": "NONE", "no": "NONE"}


def keep_negation(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Negation changes the meaning: never dropped, spelled when the lexicon has no sign.

    'no one' becomes one NONE; 'no' before a noun is marked to follow it (INJURY NONE); 'no' as an
    answer is NO.
    """
    result: list[Piece] = []
    for index, piece in enumerate(pieces):
        word = piece.token.text.lower()
        after = pieces[index + 1].token.text.lower() if index + 1 < len(pieces) else ""
        # a negation opening a phrase of the lexicon ('no longer': NOT) is left to `sign_phrases`
        if not piece.single or word not in _NEGATION or (after and lexicon.find(f"{word} {after}")):
            result.append(piece)
            continue
        if result and result[-1].role == "neg-det" and word == "one":
            continue
        if word == "no" and (piece.token.pos == "INTJ" or piece.token.dep == "attr"):
            # the answer ('"No," she said', 'voters said no', 'the answer is no': spaCy tags that
            # last one PRON or INTJ by context, but as the copula's complement it is always the
            # answer): the sign NO with its own head shake, which negates nothing else
            answer = sign_or_spell(piece, lexicon, "no", "NO")
            result.append(replace(answer, nmm=answer.nmm | {"negation"}))
            continue
        # 'no injuries', 'no one': the quantifier NONE, not the answer NO.
        lemma = {"n't": "not", "no": "none", "nobody": "none", "nothing": "none"}.get(word, word)
        decided = sign_or_spell(piece, lexicon, lemma, _NEGATION[word])
        role = "neg-det" if word == "no" and piece.token.dep == "det" else "neg"
        result.append(replace(decided, role=role))
    return _merge_no_one(result)


def _merge_no_one(pieces: list[Piece]) -> list[Piece]:
    """'no one' (spaCy: det + noun 'one', read as the number 1 earlier) -> a single NONE."""
    out: list[Piece] = []
    for piece in pieces:
        if out and out[-1].role == "neg-det" and piece.token.text.lower() == "one" and piece.token.pos == "NOUN":
            out[-1] = replace(out[-1], tokens=out[-1].tokens + piece.tokens, span=None)
            continue
        out.append(piece)
    return out


def because_as_why(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'X because Y' is signed as a rhetorical question: X WHY (brows up), Y."""
    why = lexicon.find("why")
    if not why:
        return pieces
    return [
        replace(p, gloss=why.gloss, kind="sign", nmm=frozenset({"rhetorical"}))
        if p.single and p.token.lemma.lower() == "because" and p.token.dep == "mark" else p
        for p in pieces
    ]


_FUNCTION_POS = ("ADP", "AUX", "CCONJ", "SCONJ", "DET", "PART", "PRON", "SYM", "PUNCT", "SPACE")


def drop_function_words(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Function words without a sign (of, and, that, ...) are dropped rather than fingerspelled."""
    return drop_where(pieces, lambda t: t.pos in _FUNCTION_POS)


def fingerspell_rest(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Names and unknown words are fingerspelled: verbs by lemma (ASL shows tense apart, so
    'flooded' is spelled FLOOD), everything else as written, because an unknown noun's lemma is
    often the lemmatiser's guess ('doses' -> 'dos', 'measles' -> 'measle').

    Only A..Z are spelled; a word with none (emoji, other scripts) is dropped.
    """
    result = []
    for piece in pieces:
        if piece.decided:
            result.append(piece)
            continue
        token = piece.token
        name = token.pos == "PROPN" or token.ent_type in NAME_ENTITIES
        by_lemma = not name and token.pos in ("VERB", "AUX")
        letters = fingerspelling(token.lemma if by_lemma else token.text) or fingerspelling(token.text)
        if letters:
            result.append(replace(piece, gloss=letters, kind="fingerspell", reason="name" if name else "no-sign"))
    return result


def merge_repeated_signs(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Two different English words that come out as the same sign side by side are signed once:
    *federal government* is GOVERNMENT, not GOVERNMENT GOVERNMENT, and *sent to deliver* is one
    SEND. The same word twice (*again and again*) is a repetition English meant, and stays."""
    result: list[Piece] = []
    for piece in pieces:
        before = result[-1] if result else None
        if (before is not None and piece.kind == before.kind == "sign" and piece.gloss == before.gloss
                and not (piece.locus or before.locus) and piece.role == before.role
                and not {t.lemma.lower() for t in piece.tokens} & {t.lemma.lower() for t in before.tokens}):
            (start, _), (_, end) = before.source, piece.source
            result[-1] = replace(before, tokens=before.tokens + piece.tokens, span=(start, end), nmm=before.nmm | piece.nmm)
            continue
        result.append(piece)
    return result


# The order matters: written number forms first (they need the punctuation), drops before
# lookups (so 'the' is never matched), acronyms before words ('US' is not 'us'), pronouns and
# negation before lexicon words (they are points and head shakes, not plain signs), day + hour
# after the clock times they join, phrases before senses ('sign language' is one sign), senses
# before prepositions ('with' a companion is signed) and before plain lookups, the fallback, then
# the merge of two words signed alike, last.
RULES: tuple[Rule, ...] = (
    en_numbers.read_clock_times,
    en_numbers.read_phone_numbers,
    en_numbers.read_negatives,
    en_numbers.read_ranges,
    en_numbers.read_months,
    en_time.read_day_times,
    en_numbers.drop_number_abbreviation,
    en_numbers.gloss_numbers,
    keep_wh_words,
    drop_punctuation,
    drop_urls,
    drop_articles,
    drop_auxiliaries,
    drop_to,
    en_numbers.currency_after_number,
    en_numbers.percent_sign,
    en_numbers.incorporate_numerals,
    spell_acronyms,
    index_pronouns,
    keep_negation,
    because_as_why,
    sign_phrases,
    sign_senses,
    drop_prepositions,
    sign_words,
    sign_capitalised_words,
    sign_word_families,
    drop_function_words,
    fingerspell_rest,
    merge_repeated_signs,
)


def gloss_sentence(
    sentence: Sentence, source: str, lexicon: Lexicon, discourse: Discourse | None = None,
    story_senses: StorySenses | None = None,
) -> GlossSentence:
    """Apply `RULES`, then the ASL ordering rules. Glosses keep their source offsets.
    `discourse` and `story_senses` carry loci and senses from the story's earlier sentences."""
    senses = (story_senses or StorySenses(lexicon)).choose(sentence)
    pieces = [Piece((token,), sense=senses.get(i)) for i, token in enumerate(sentence.tokens)]
    for rule in RULES:
        pieces = rule(pieces, lexicon)
    pieces = [p for p in pieces if p.decided and p.gloss]
    parse = Parse(sentence)
    for order in ORDER_RULES:
        pieces = order(pieces, parse, lexicon)
    pieces = (discourse or Discourse(lexicon)).place(pieces, parse)
    # A pause is a boundary, never a sentence's first or last unit.
    while pieces and pieces[-1].kind == "pause":
        pieces.pop()
    glosses = tuple(_to_gloss(p, source) for p in pieces)
    text = " ".join(sentence.text.split())
    return GlossSentence(text, sentence.start, sentence.end, glosses, nmm_spans(pieces))


def _to_gloss(piece: Piece, source: str) -> Gloss:
    start, end = piece.source
    entity = next((t.ent_type for t in piece.tokens if t.ent_type), None)
    reason = (piece.reason or "no-sign") if piece.kind == "fingerspell" else None
    return Gloss(piece.gloss, piece.kind, (start, end), source[start:end], entity, piece.locus, reason)  # type: ignore[arg-type]


def gloss_sentences(sentences: tuple[Sentence, ...], source: str, lexicon: Lexicon) -> tuple[GlossSentence, ...]:
    """Gloss every sentence of a story, in order, sharing loci; sentences without glosses are kept."""
    discourse, story_senses = Discourse(lexicon), StorySenses(lexicon)
    return tuple(gloss_sentence(s, source, lexicon, discourse, story_senses) for s in unname_headline_words(sentences))


__all__ = ["RULES", "Piece", "Rule", "gloss_sentence", "gloss_sentences"]
