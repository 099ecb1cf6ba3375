"""Development: `make run`. SQLite and no Redis unless the environment says otherwise."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# `make run` serves what `collectstatic` wrote, under hashed names cached for a year, exactly
# as production does (the run target collects before it starts the server).
WHITENOISE_AUTOREFRESH = False
WHITENOISE_USE_FINDERS = False
