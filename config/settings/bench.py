"""Benchmarks: production-like (DEBUG off, real password hashing is irrelevant), in a scratch
test database so the portal's own data is never touched."""
import os

from .test import *  # noqa: F401,F403
from .test import BASE_DIR, DATABASES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("BENCH_SQLITE_PATH", str(BASE_DIR / "var" / "bench.sqlite3"))}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
