"""`make mutate`: mutation testing of the core rules with mutmut 3, then a score per module.

mutmut copies the project into mutants/, changes one thing at a time (a comparison flipped, a
constant off by one, `and` for `or`, a condition or argument dropped) and runs, for each change,
only the tests that called the changed function (recorded once per run). A change no test
notices is a survivor: a rule nobody guards, or an equivalent change (listed in the README).

    python -m tools.mutate                        # every core module
    python -m tools.mutate reporting/permissions.py     # one module (several may be given)
    python -m tools.mutate --keep ...             # reuse mutants/ from the last run
    python -m tools.mutate --keep --only 'reporting.kept_totals.*' reporting/kept_totals.py
                                                  # (re)run only the mutants named (globs): the
                                                  # survivors after new tests, or one module's
    python -m tools.mutate --tests tests/spreadsheets workbooks/reading.py
                                                  # only these tests (faster; a kill by another
                                                  # test is not seen: the score is a lower bound)

Not part of CI. On two shared cores the small modules take minutes; measured before each was split,
reporting/services.py (now also reporting/periods.py, review.py and attachments.py) took about half
an hour and notifications/services.py (over a thousand mutants; now notifications/planning.py,
sending.py and services.py) about two hours: run one module at a time."""
import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The core rules (issue 17): scoping, report workflow and permissions, periods and deadlines,
# roll-ups and kept totals, reminders planning and sending, the upload gate, the value grammar.
CORE = [
    "unions/selectors.py",
    "reporting/permissions.py",
    "reporting/models.py",
    "reporting/services.py",
    "reporting/periods.py",
    "reporting/review.py",
    "reporting/attachments.py",
    "reporting/kept_totals.py",
    "compliance/rollups.py",
    "notifications/schedule.py",
    "notifications/selectors.py",
    "notifications/planning.py",
    "notifications/sending.py",
    "notifications/services.py",
    "workbooks/reading.py",
    "plans/grammar.py",
    "plans/values.py",
]
KILLED = {"killed", "timeout", "caught by type check"}


def _summary(modules: list[str]) -> int:
    # mutmut is a test dependency, loaded by the command that runs it
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code

    total_killed = total = 0
    report = []
    for module in modules:
        data = SourceFileMutationData(path=Path(module))
        data.load()
        statuses = {name: status_by_exit_code[code] for name, code in data.exit_code_by_key.items()}
        killed = sum(1 for status in statuses.values() if status in KILLED)
        total_killed, total = total_killed + killed, total + len(statuses)
        score = f"{100 * killed / len(statuses):.0f}%" if statuses else "-"
        report.append(f"{module:32} {killed:4d} / {len(statuses):4d} killed  {score}")
        for name, status in sorted(statuses.items()):
            if status in KILLED:
                continue
            changed = [line for line in get_diff_for_mutant(name, path=data.path).splitlines()
                       if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))]
            report.append(f"    {status:9} {name}")
            report.extend(f"              {line.strip()[:150]}" for line in changed)
    print("\nMutation score (killed / total):")
    print("\n".join(report))
    if total:
        print(f"{'all':32} {total_killed:4d} / {total:4d} killed  {100 * total_killed / total:.0f}%")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="files to mutate (default: the core modules)")
    parser.add_argument("--keep", action="store_true", help="reuse mutants/ from the last run")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (the machine is shared)")
    parser.add_argument("--summary-only", action="store_true", help="print the last run's scores")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only these mutants (glob patterns, e.g. 'reporting.kept_totals.*'); "
                             "with --keep, the others keep their last result")
    parser.add_argument("--tests", action="append", default=[], metavar="PATH",
                        help="run only these tests (default: tests/); the score is then a lower bound")
    options = parser.parse_args(argv)
    modules = [m for arg in options.modules for m in arg.replace(",", " ").split()] or CORE
    missing = [m for m in modules if not (ROOT / m).is_file()]
    if missing:
        parser.error(f"no such module: {', '.join(missing)}")

    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if options.summary_only:
        return _summary(modules)
    if not options.keep:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)

    from mutmut import configuration  # mutmut is a test dependency, loaded when run

    configuration.config().only_mutate = modules  # the rest of the set-up: [tool.mutmut]
    if options.tests:
        configuration.config().pytest_add_cli_args_test_selection = options.tests
    from mutmut.__main__ import cli  # reads the configuration set just above

    try:
        cli.main(["run", "--max-children", str(options.jobs), *options.only], standalone_mode=False)
    except SystemExit as stop:
        if stop.code:
            return int(stop.code)
    return _summary(modules)


if __name__ == "__main__":
    sys.exit(main())
