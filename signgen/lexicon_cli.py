"""`signgen lexicon ...`: curator commands (mounted by the main CLI as a sub-app)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from signgen.console import expected_errors
from signgen.lexicon import Lexicon

lexicon_app = typer.Typer(help="Check, count and measure the sign lexicon.", no_args_is_help=True)
out = Console()

LANG_HELP = "Sign language code (folder under the lexicon root)."
ROOT_HELP = "Lexicon root folder (default: the repository's lexicon/)."


@lexicon_app.command("check")
def check_cmd(
    language: str = typer.Option("ase", "--language", "-l", help=LANG_HELP),
    root: Optional[Path] = typer.Option(None, "--root", help=ROOT_HELP),
    synth: bool = typer.Option(True, "--synth/--no-synth", help="Also synthesise every entry on the avatar."),
    as_json: bool = typer.Option(False, "--json", help="Print the problems as JSON."),
    gloss: Optional[list[str]] = typer.Option(None, "--gloss", "-g", help="Check only these glosses' notation (repeatable)."),
) -> None:
    """Parse (and synthesise) every entry; report duplicates, alias conflicts, unreachable entries. Exit 1 on problems."""
    with expected_errors():
        from signgen import curator  # loads spaCy: only when a command runs

        lexicon = Lexicon.load(language, root)
        synthesize = curator.studio_synthesizer(lexicon) if synth else None
        problems = curator.check(lexicon, synthesize, set(gloss) if gloss else None)
    if as_json:
        out.print_json(json.dumps({"problems": problems}))
    else:
        for p in problems:
            out.print(f"{p['file']}:{p['line']}: {p['gloss']}: {p['kind']}: {p['problem']}", highlight=False, soft_wrap=True)
        out.print(f"{len(problems)} problem(s) in {len(lexicon.entries)} signs", highlight=False)
    if problems:
        raise typer.Exit(1)


@lexicon_app.command("stats")
def stats_cmd(
    language: str = typer.Option("ase", "--language", "-l", help=LANG_HELP),
    root: Optional[Path] = typer.Option(None, "--root", help=ROOT_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Count signs, aliases (English lemmas) and signs per topic."""
    with expected_errors():
        from signgen import curator

        data = curator.stats(Lexicon.load(language, root))
    if as_json:
        print(json.dumps(data))
        return
    out.print(f"signs {data['signs']}, aliases {data['aliases']}, letters {data['letters']}, numbers {data['numbers']}")
    table = Table("topic", "signs")
    for topic, n in data["by_topic"].items():
        table.add_row(topic, str(n))
    out.print(table)


@lexicon_app.command("coverage")
def coverage_cmd(
    files: list[Path] = typer.Argument(..., help="News scripts (.txt, .md, .json rundown)."),
    language: str = typer.Option("ase", "--language", "-l", help=LANG_HELP),
    root: Optional[Path] = typer.Option(None, "--root", help=ROOT_HELP),
    top: int = typer.Option(30, "--top", help="How many missing words to list."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Share of content words signed / fingerspelled / dropped, missing words by frequency, and
    every fingerspelled word with its reason (name, abbreviation, lexicalized, no-sign)."""
    with expected_errors():
        from signgen import curator

        data = curator.coverage(list(files), Lexicon.load(language, root), top)
    if as_json:
        print(json.dumps(data))
        return
    out.print(f"{data['words']} content words in {data['files']} file(s): signed {data['signed']:.1%}, "
              f"fingerspelled {data['fingerspelled']:.1%}, dropped {data['dropped']:.1%}", highlight=False)
    table = Table("missing word", "count", "rendered as")
    for row in data["missing"]:
        table.add_row(row["lemma"], str(row["count"]), f"{row['as']} ({row['reason']})" if row["reason"] else row["as"])
    out.print(table)
    spelled = Table("fingerspelled", "count", "reason")
    for row in data["spelled"][:top]:
        spelled.add_row(row["word"], str(row["count"]), row["reason"])
    out.print(spelled)


@lexicon_app.command("gaps")
def gaps_cmd(
    top: int = typer.Option(3000, "--top", min=1, help="How many of the most frequent English lemmas to look at."),
    start: str = typer.Option("", "--start", help="Only list missing lemmas whose first letter is in this range, e.g. a-m."),
    language: str = typer.Option("ase", "--language", "-l", help=LANG_HELP),
    root: Optional[Path] = typer.Option(None, "--root", help=ROOT_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Frequent English lemmas with no sign and no no-sign judgement: the curators' to-do list.

    Frequencies come from wordfreq (dev extra), lemmatised with the project's spaCy; judgements
    are lexicon/<language>/curation/*.csv (lemma,reason). Lemmas are listed most frequent first.
    """
    with expected_errors():
        from signgen import curator  # loads spaCy and wordfreq: only when the command runs

        first, _, last = start.lower().partition("-")
        lexicon = Lexicon.load(language, root)
        report = curator.frequency_coverage(lexicon, curator.frequent_lemmas(top),
                                            curator.no_sign_judgements(language, root))
    if start:
        last = last or first
        report["missing"] = [m for m in report["missing"] if first <= m[0] <= last]
    if as_json:
        print(json.dumps(report))
        return
    out.print(f"top {report['lemmas']} lemmas: {report['with_entry']} have a sign ({report['share']:.1%}), "
              f"{report['no_sign']} judged to have none; {report['share_signable']:.1%} of the rest signed; "
              f"{len(report['missing'])} missing listed below", highlight=False)
    for lemma in report["missing"]:
        out.print(lemma, highlight=False)
