"""Reads that may go to a read replica (`DATABASE_REPLICA_URL`): the dashboards and the
export files read there when one is set; everything else, every write, and every read inside
a write transaction stay on the default database. With no replica nothing changes.

A view or task opts in with `replica_reads()` (a decorator or a `with` block): a context
flag the router reads, so no query deep inside the roll-ups has to name a database."""
import contextvars
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.db import connections

DEFAULT = "default"
_reading = contextvars.ContextVar("replica_reads", default=False)


def replica_alias() -> str | None:
    """The replica's alias when one is configured, else None."""
    return getattr(settings, "REPLICA_DATABASE", None) or None


@contextmanager
def _flag():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_reads(view=None):
    """`with replica_reads():` or `@replica_reads`: the reads inside may go to the replica."""
    if view is None:
        return _flag()

    @wraps(view)
    def wrapper(*args, **kwargs):
        with _flag():
            return view(*args, **kwargs)
    return wrapper


class ReplicaRouter:
    """Sends the reads of a `replica_reads()` block to the replica, unless the default
    connection is inside a transaction (a read there belongs to the write around it)."""

    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if alias and _reading.get() and not connections[DEFAULT].in_atomic_block:
            return alias
        return None

    def db_for_write(self, model, **hints):
        return DEFAULT

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the default: its rows are the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT
