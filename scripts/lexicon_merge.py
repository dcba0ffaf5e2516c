"""A git merge driver for the lexicon's CSV tables: merges rows by key, not by line.

Several curators edit the same tables at once. A line merge (even git's union driver) breaks
when two branches touch neighbouring rows: it keeps both versions of each row, and `signgen
lexicon check` then reports duplicate glosses. This driver matches rows by their key instead
(a sign table's ``gloss``, a judgement's ``lemma``, a sense row's ``lemma,pos,cues``), so:

- a row changed on one side only takes that side's version, a row deleted on one side goes;
- a row changed on both sides is merged column by column, and the ``lemmas`` column as a set
  (lemmas each side added are kept, lemmas either side removed go); a row both sides added is
  merged the same way, from an empty row;
- rows new on the other side are placed after the row they follow there (order matters in
  ``senses.csv``: a lemma's rows are tried top to bottom).

Unchanged rows keep their text byte for byte. A column both sides changed differently is a
real conflict: our version is kept, the row is named on stderr and the exit status is 1, so git
reports the file as conflicted.

Set it up once per clone (``.gitattributes`` already names the driver for ``lexicon/**/*.csv``;
without this set-up git falls back to its ordinary line merge):

    git config merge.lexicon.name "signgen lexicon rows"
    git config merge.lexicon.driver "python3 scripts/lexicon_merge.py %O %A %B"
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

Row = tuple[str, list[str]]  # (the row's original text, its cells)


def _rows(text: str) -> tuple[str, list[Row]]:
    """The header line and the rows of a CSV text, each row with its own text (quoted cells may
    run over several lines)."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines)
    rows: list[Row] = []
    read = 0
    for cells in reader:
        raw = "".join(lines[read:reader.line_num])
        read = reader.line_num
        if reader.line_num > 1 and cells:
            rows.append((raw, cells))
    return (lines[0] if lines else ""), rows


def _key_columns(header: str) -> int:
    """How many leading columns identify a row: lemma,pos,cues in the sense table, else one."""
    return 3 if header.startswith("lemma,pos,cues,") else 1


def _merge_set(base: str, ours: str, theirs: str) -> str:
    """Three-way merge of a `|`-separated set, keeping our order and adding theirs at the end."""
    b, o, t = (set(filter(None, v.split("|"))) for v in (base, ours, theirs))
    keep = (o | t) - ((b - o) | (b - t))
    ordered = [x for x in ours.split("|") if x in keep] + [x for x in theirs.split("|") if x in keep and x not in o]
    return "|".join(ordered)


def _merge_row(header: list[str], base: list[str], ours: list[str], theirs: list[str]) -> list[str] | None:
    """A row both sides changed, merged column by column; None if a column truly conflicts."""
    merged = []
    for index, name in enumerate(header):
        b, o, t = (cells[index] if index < len(cells) else "" for cells in (base, ours, theirs))
        if o == t or t == b:
            merged.append(o)
        elif o == b:
            merged.append(t)
        elif name == "lemmas":
            merged.append(_merge_set(b, o, t))
        else:
            return None
    return merged


def _text(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def merge(base_text: str, ours_text: str, theirs_text: str) -> tuple[str, list[str]]:
    """The merged table and the keys of rows left conflicted (our version kept)."""
    header, base = _rows(base_text)
    ours_header, ours = _rows(ours_text)
    _, theirs = _rows(theirs_text)
    header = ours_header or header
    width = _key_columns(header)
    columns = next(csv.reader([header.strip()]))

    def keyed(rows: list[Row]) -> dict[tuple[str, ...], Row]:
        return {tuple(cells[:width]): row for row in rows for cells in [row[1]]}

    b, o, t = keyed(base), keyed(ours), keyed(theirs)
    conflicts: list[str] = []
    result: list[tuple[tuple[str, ...], str]] = []
    for key, (text, cells) in o.items():
        if key not in t:
            if key not in b or b[key][1] != cells:
                result.append((key, text))  # new on our side, or we changed what they deleted
            continue
        their_text, their_cells = t[key]
        # a row both sides added has an empty base: where the two additions differ, that is a
        # conflict, not a silent win for theirs (the lemmas of a sign both added are merged as sets)
        base_cells = b[key][1] if key in b else [""] * len(columns)
        if their_cells == cells or their_cells == base_cells:
            result.append((key, text))
        elif cells == base_cells:
            result.append((key, their_text))
        else:
            merged = _merge_row(columns, base_cells, cells, their_cells)
            if merged is None:
                conflicts.append(",".join(key))
                result.append((key, text))
            else:
                result.append((key, _text(merged)))
    placed = {key for key, _ in result}
    previous: tuple[str, ...] | None = None
    for key, (text, cells) in t.items():
        if key not in placed and key not in o and key not in b:
            # a row they added first in the table stays first (it was appended at the end, behind
            # its lemma's default row, where the sense table never reaches it)
            at = 0 if previous is None else next((i + 1 for i, (k, _) in enumerate(result) if k == previous),
                                                 len(result))
            result.insert(at, (key, text))
            placed.add(key)
        previous = key
    body = "".join(text if text.endswith("\n") else text + "\n" for _, text in result)
    return header + body, conflicts


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: lexicon_merge.py BASE OURS THEIRS  (git passes %O %A %B; the result replaces OURS)",
              file=sys.stderr)
        return 2
    base, ours, theirs = (Path(a) for a in argv)
    merged, conflicts = merge(*(p.read_text(encoding="utf-8") for p in (base, ours, theirs)))
    ours.write_text(merged, encoding="utf-8")
    for key in conflicts:
        print(f"lexicon merge: row {key!r} was changed differently on both sides; ours kept", file=sys.stderr)
    return 1 if conflicts else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
