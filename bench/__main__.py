"""`make bench`: run every bench/bench_*.py module's `run()` and print its figures.

Each benchmark builds its own data in a scratch database (SQLite under var/ by default, or
the database DATABASE_URL names with `_bench` appended), so it never touches the portal's;
the scratch database is emptied before each benchmark, so each starts from clean data. The
run ends with one table of every figure: value, goal, met or not."""
import importlib
import os
import pkgutil
import sys
import time

import django


def main(selected: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    django.setup()
    # imported once Django is set up, just above
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from bench.timing import table

    setup_test_environment()  # the test client's response.context, and no mail leaves

    print(f"machine: {os.cpu_count()} cores; database: {connection.vendor}")
    old = setup_databases(verbosity=0, interactive=False)
    try:
        names = sorted(m.name for m in pkgutil.iter_modules([os.path.dirname(__file__)])
                       if m.name.startswith("bench_"))
        for name in names:
            if selected and name not in {f"bench_{s}" for s in selected}:
                continue
            call_command("flush", interactive=False, verbosity=0)  # each benchmark on clean data
            module = importlib.import_module(f"bench.{name}")
            print(f"\n== {name}: {module.__doc__.strip().splitlines()[0] if module.__doc__ else ''}")
            started = time.perf_counter()
            module.run()
            print(f"   ({time.perf_counter() - started:.1f} s in all)")
        print("\n== figures\n" + table())
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
