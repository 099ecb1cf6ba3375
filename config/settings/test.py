"""Tests: fast hashing, mail kept in memory, the same database choice as everywhere else."""
import os

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A Celery worker started by a test cannot share memory with it: such a test names the worker's
# mail backend (a file, a local SMTP server) here. Never read from plain EMAIL_BACKEND, which a
# developer's .env may point at a real mail server.
if os.environ.get("TEST_EMAIL_BACKEND"):
    EMAIL_BACKEND = os.environ["TEST_EMAIL_BACKEND"]
    EMAIL_FILE_PATH = os.environ.get("TEST_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "test-mail"))
# Such a worker may also get a queue of its own, so that two test runs on one machine (and one
# Redis) never take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("TEST_CELERY_QUEUE", "celery")
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", str(BASE_DIR / "var" / "test-media"))  # one per CI pass
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not memory) so that the live server's thread and the tests share it.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_SQLITE_PATH", str(BASE_DIR / "var" / "test.sqlite3"))}
CELERY_TASK_ALWAYS_EAGER = False
# Tests that enqueue work talk to a real Redis (its own database number) and a real worker
# they start themselves; nothing is run eagerly in-process.
CELERY_BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
# Static files straight from static/ (no collectstatic before tests), for the live server too.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The read replica's alias, as a mirror of the test database, for the test that proves the
# dashboards read through it; off (REPLICA_DATABASE None) unless that test switches it on.
if "replica" not in DATABASES:
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
