"""Long fuzz runs: >= 10,000 hostile cases per stage; prints cases, distinct failures and time.

The strategies and checks are the property tests' (tests/fuzz_targets.py); here every case runs
(a failure is recorded, not stopped at) and failures are told apart by exception type and the
line that raised it. With atheris installed, the HamNoSys parser also gets a coverage-guided run.

Run: .venv/bin/python bench/fuzz.py [--cases 10000] [--target ingest|gloss|parse|synthesis|atheris]
(kill or Ctrl-C stops the current target early: its figures so far are printed, marked as such).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402

import fuzz_targets as targets  # noqa: E402

TARGETS = ("ingest", "gloss", "parse", "synthesis", "atheris")
EXAMPLE_WHOLE_UP_TO = 1000  # characters of a failing case printed whole


def signature(exc: BaseException) -> str:
    """What tells two failures apart: the exception type and the project line that raised it."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/signgen/" in f.filename or "fuzz_targets" in f.filename] or frames
    where = ours[-1]
    return f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}"


class Tally:
    def __init__(self) -> None:
        self.cases = 0
        self.parsed = 0  # synthesis: cases whose notation parsed, so were synthesised
        self.stopped = False  # interrupted before all cases ran
        self.failures: dict[str, tuple[int, str]] = {}  # signature -> (count, first example)

    def run(self, check, *args) -> None:
        if _stop_requested:
            raise KeyboardInterrupt
        self.cases += 1
        try:
            self.parsed += check(*args) is True
        except Exception as exc:  # every case runs; the failure is recorded
            key = signature(exc)
            # A notation is kept whole (a compound runs to 300 characters), so the failure can be
            # replayed; scripts can be megabytes and are cut.
            case = repr(args[0])
            case = case if len(case) <= EXAMPLE_WHOLE_UP_TO else case[:160]
            count, example = self.failures.get(key, (0, f"{str(exc)[:160]!r} on {case}"))
            self.failures[key] = (count + 1, example)


def fuzz(target: str, cases: int) -> Tally:
    """Run ``cases`` cases of ``target``; Ctrl-C (SIGINT) stops early and keeps the tally so far."""
    tally = Tally()
    try:
        _fuzz(target, cases, tally)
    except KeyboardInterrupt:
        tally.stopped = True
    return tally


def _fuzz(target: str, cases: int, tally: Tally) -> None:
    run = settings(max_examples=cases, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    if target == "ingest":
        given(targets.script_files())(run(lambda case: tally.run(targets.check_ingest, case)))()
    elif target == "gloss":
        given(targets.hostile_text)(run(lambda text: tally.run(targets.check_gloss, text)))()
    elif target == "parse":
        given(targets.notations)(run(lambda notation: tally.run(targets.check_parse, notation)))()
    elif target == "synthesis":
        from signgen.avatar.asset import load_avatar
        from signgen.synthesis.body import BodyModel
        from signgen.synthesis.synthesize import Synthesizer

        avatar = load_avatar()
        synthesizer = Synthesizer(avatar.skeleton, BodyModel.from_avatar(avatar))
        given(targets.sign_notations())(run(lambda notation: tally.run(
            targets.check_synthesis, notation, synthesizer, avatar.skeleton)))()


def atheris_parser(cases: int) -> Tally:
    """Coverage-guided fuzzing of the parser in a child process (libFuzzer exits when done)."""
    tally = Tally()
    child = subprocess.run([sys.executable, __file__, "--atheris-child", f"-runs={cases}", "-seed=1"],
                           capture_output=True, text=True)
    if "No module named 'atheris'" in child.stderr:
        raise ModuleNotFoundError("atheris")
    done = re.findall(r"Done (\d+) runs", child.stderr)
    tally.cases = int(done[-1]) if done else 0
    for line in child.stdout.splitlines():
        if line.startswith("FAILURE "):
            key, _, example = line[len("FAILURE "):].partition(" | ")
            tally.failures[key] = (tally.failures.get(key, (0, example))[0] + 1, example)
    if not done:
        tally.failures["atheris child stopped"] = (1, child.stderr.strip().splitlines()[-1] if child.stderr else "")
    return tally


def _atheris_child(argv: list[str]) -> None:
    import atheris

    with atheris.instrument_imports():
        import signgen.hamnosys.parser  # noqa: F401
        import signgen.hamnosys.symbols  # noqa: F401
    seen: set[str] = set()

    def one_input(data: bytes) -> None:
        notation = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(256)
        try:
            targets.check_parse(notation)
        except Exception as exc:
            key = signature(exc)
            if key not in seen:
                seen.add(key)
                print(f"FAILURE {key} | {str(exc)[:120]!r} on {notation[:80]!r}", flush=True)

    atheris.Setup([sys.argv[0], *argv], one_input)
    atheris.Fuzz()


_stop_requested = False


def _stop(signum, frame) -> None:
    # Only note it: raised from here it could land in a library's callback and be swallowed;
    # `Tally.run` raises KeyboardInterrupt between cases instead.
    global _stop_requested
    _stop_requested = True


def main() -> None:
    # SIGTERM (kill), and SIGINT even when started in the background, stop a target early and
    # still print its figures so far.
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    if len(sys.argv) > 1 and sys.argv[1] == "--atheris-child":
        _atheris_child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases per target (default 10,000)")
    parser.add_argument("--target", choices=TARGETS, action="append", help="one target (repeatable; default all)")
    args = parser.parse_args()
    print(f"{'target':<10} {'cases':>7} {'distinct failures':>18} {'time s':>8} {'ms/case':>8}")
    found = []
    for target in args.target or TARGETS:
        clock = time.perf_counter()
        try:
            tally = atheris_parser(args.cases) if target == "atheris" else fuzz(target, args.cases)
        except ModuleNotFoundError as exc:
            print(f"{target:<10} skipped: {exc.name} is not installed (pip install -e '.[dev]')")
            continue
        seconds = time.perf_counter() - clock
        print(f"{target:<10} {tally.cases:>7} {len(tally.failures):>18} {seconds:>8.1f} "
              f"{1000 * seconds / max(tally.cases, 1):>8.2f}"
              + (f"  ({tally.parsed} parsed and synthesised)" if target == "synthesis" else "")
              + ("  (stopped early)" if tally.stopped else ""), flush=True)
        found += [(target, key, count, example) for key, (count, example) in tally.failures.items()]
    for target, key, count, example in found:
        print(f"  {target}: {key} ({count} cases), e.g. {example}")


if __name__ == "__main__":
    main()
