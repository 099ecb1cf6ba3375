"""A Celery worker (or gunicorn) started by a test or a benchmark: the test settings, on the
database the test created (DATABASE_URL points at it directly: no test_ prefix is added)."""
from .test import *  # noqa: F401,F403
from .test import env

DATABASES = {"default": env.db("DATABASE_URL")}
# Fault tests: unacknowledged work of a killed worker comes back after a few seconds, not an
# hour, and an export can be slowed down to be caught half-way.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("TEST_VISIBILITY_TIMEOUT", default=3600),
                                   "unacked_restore_interval": 1, "unacked_restore_throttle": 1}
EXPORT_PROGRESS_PAUSE = env.float("EXPORT_PROGRESS_PAUSE", default=0)
EXPORT_PROGRESS_EVERY = env.int("EXPORT_PROGRESS_EVERY", default=2000)
EXPORT_HEARTBEAT_SECONDS = env.float("EXPORT_HEARTBEAT_SECONDS", default=30)
