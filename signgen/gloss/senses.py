"""Word senses decided in context: which row of the lexicon's sense table a word takes.

The table (``lexicon/<lang>/senses.csv``, loaded as `signgen.lexicon.Sense` rows) is data: a
strike by workers is PROTEST, an air strike ATTACK, the month May is spelled, the modal *may* is
MAYBE. This module only reads a sentence's parse to test the rows' cues, and carries a noun's
first sense through its story (`StorySenses`); it decides nothing itself.

Cues (a row applies when any of its ``|`` alternatives holds; cues joined by ``+`` in one
alternative must all hold: ``child:police+prt:up`` is *picked up by police*, not *picked up the
pace*):

- ``word:L``  a word with lemma L elsewhere in the sentence (``strike`` with ``union``);
- ``prev:L`` / ``next:L``  the neighbouring word, articles and punctuation skipped (``as well``);
- ``headpos:P``  the word's syntactic head has coarse tag P (``at most ten``: most modifies a NUM);
- ``head:L``  the syntactic head, through a preposition (*went on strike*: ``head:go``);
- ``child:L``  a dependent, through a preposition (*charged with murder*: ``child:murder``);
- ``sib:D``  another dependent of the word's head has label D (*it is not clear how...*: ``sib:acomp``);
- ``prt:L``  the particle of a phrasal verb (*stepped down*: ``prt:down``; not *went down the stairs*);
- ``has:D``  a dependent with dependency label D (``has:dobj``: used with an object);
- ``dep:D``, ``ent:E``, ``tag:T``  the word's own dependency label, entity type, fine tag.
- ``text:W``  the word as written, lowercase: *is broke* and *was broken* share lemma and tag.
"""

from __future__ import annotations

from signgen.lexicon import Lexicon, Sense, SenseCue
from signgen.text.lemmas import restored_bases
from signgen.text.segment import Sentence, Token

_SKIPPED_NEIGHBOURS = frozenset({"the", "a", "an"})


class _Context:
    """Lemmas, neighbours and dependents of one sentence, built once for all its cue tests."""

    def __init__(self, tokens: tuple[Token, ...]) -> None:
        self.tokens = tokens
        self.lemmas = [t.lemma.lower() for t in tokens]
        # cue values are lowercased when the table loads, and spaCy spells one label in capitals (ROOT)
        self.deps = [t.dep.lower() for t in tokens]
        self.children: dict[int, list[int]] = {}
        for i, t in enumerate(tokens):
            if t.head != i:
                self.children.setdefault(t.head, []).append(i)

    def _neighbour(self, i: int, step: int) -> str | None:
        j = i + step
        while 0 <= j < len(self.tokens) and (self.tokens[j].is_punct or self.lemmas[j] in _SKIPPED_NEIGHBOURS):
            j += step
        return self.lemmas[j] if 0 <= j < len(self.tokens) else None

    def _heads(self, i: int) -> set[str]:
        head = self.tokens[i].head
        found = {self.lemmas[head]} if head != i else set()
        if head != i and self.tokens[head].pos == "ADP" and self.tokens[head].head != head:
            found.add(self.lemmas[self.tokens[head].head])
        return found

    def _dependents(self, i: int) -> list[int]:
        direct = self.children.get(i, [])
        # 'charged with murder': the object of a preposition counts as the word's own dependent.
        return direct + [k for j in direct if self.tokens[j].pos == "ADP" for k in self.children.get(j, [])]

    def holds(self, cue: SenseCue, i: int) -> bool:
        token, kind, value = self.tokens[i], cue.kind, cue.value
        if kind == "word":
            return any(j != i and value in (lemma, self.tokens[j].text.lower()) for j, lemma in enumerate(self.lemmas))
        if kind in ("prev", "next"):
            return self._neighbour(i, -1 if kind == "prev" else 1) == value
        if kind == "head":
            return value in self._heads(i)
        if kind == "headpos":  # 'at most ten': most modifies a number, not a noun ('at most polling places')
            return token.head != i and self.tokens[token.head].pos == value
        if kind == "child":
            return any(self.lemmas[k] == value for k in self._dependents(i))
        if kind == "sib":
            return token.head != i and any(self.deps[k] == value
                                           for k in self.children.get(token.head, []) if k != i)
        if kind == "prt":
            return any(self.deps[k] == "prt" and self.lemmas[k] == value for k in self.children.get(i, []))
        if kind == "has":
            return any(self.deps[k] == value for k in self.children.get(i, []))
        if kind == "dep":
            return self.deps[i] == value
        if kind == "ent":
            return token.ent_type == value
        if kind == "text":
            return token.text.lower() == value
        return token.tag == value  # "tag"


def applies(sense: Sense, context: _Context, i: int) -> bool:
    """Whether a sense row fits token `i` of the sentence."""
    if sense.pos and context.tokens[i].pos not in sense.pos:
        return False
    return not sense.cues or any(all(context.holds(cue, i) for cue in group) for group in sense.cues)


def _restored_senses(token: Token, lexicon: Lexicon) -> tuple[Sense, ...]:
    """The rows of a verb's base form the lemmatiser cut too short ('fined' -> 'fin': the rows of fine)."""
    if token.pos != "VERB":
        return ()
    return next((rows for base in restored_bases(token.text.lower(), token.lemma.lower())
                 if (rows := lexicon.senses_of(base))), ())


def choose_senses(sentence: Sentence, lexicon: Lexicon) -> dict[int, Sense]:
    """Token index -> the sense row that applies to it, for the words the sense table lists."""
    if not lexicon.senses:
        return {}
    listed = [(i, lexicon.senses_of(t.lemma.lower()) or lexicon.senses_of(t.text.lower()) or _restored_senses(t, lexicon))
              for i, t in enumerate(sentence.tokens)]
    listed = [(i, rows) for i, rows in listed if rows]
    if not listed:
        return {}  # most sentences: no parse walking at all
    context = _Context(sentence.tokens)
    chosen = {}
    for i, rows in listed:
        row = next((r for r in rows if applies(r, context, i)), None)
        if row is not None:
            chosen[i] = row
    # A dropped word takes its possessive with it ('rose to their feet': no POSS-3 pointing at nothing).
    for j, token in enumerate(sentence.tokens):
        row = chosen.get(token.head)
        if token.dep == "poss" and token.pos == "PRON" and row is not None and row.action == "drop":
            chosen.setdefault(j, row)
    return chosen


class StorySenses:
    """Senses chosen sentence by sentence, with a noun keeping the sense its story first gave it.

    A cue decides a sense only within its own sentence, but a story keeps its subject: after *a
    regional grocery chain reported higher profits* (the company), *the chain also plans ...* is
    still the company, and after *a new play* at a theatre, *the play runs until May* is still
    the stage play (a noun seldom changes sense within one text). So the first sense a noun takes
    in a story is remembered, and a later mention whose own sentence gives no cue (no row, or only
    the lemma's default row, applies) takes it. A sentence's own cue always wins; a dropped noun
    (a light noun an idiom carries) sets nothing; verbs are left to their sentences."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._first: dict[str, Sense | None] = {}  # lemma -> its first sense in the story (None: no row)

    def choose(self, sentence: Sentence) -> dict[int, Sense]:
        chosen = choose_senses(sentence, self.lexicon)
        for i, token in enumerate(sentence.tokens):
            lemma, row = token.lemma.lower(), chosen.get(i)
            if token.pos != "NOUN":
                continue
            if row is not None and row.cues:  # the sentence's own cue decided
                if lemma not in self._first and row.action != "drop":
                    self._first[lemma] = row
            elif row is not None or self.lexicon.senses_of(lemma):
                if lemma not in self._first:
                    self._first[lemma] = row
                elif (kept := self._first[lemma]) is not None and (not kept.pos or "NOUN" in kept.pos):
                    chosen[i] = kept
        return chosen
