"""A Celery worker started by a test: the test settings, on the database the test created
(DATABASE_URL points at it directly, so the worker does not add a test_ prefix)."""
from .test import *  # noqa: F401,F403
from .test import env

DATABASES = {"default": env.db("DATABASE_URL")}
