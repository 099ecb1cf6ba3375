from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionsConfig(AppConfig):
    name = "unions"
    verbose_name = _("Union hierarchy")

    def ready(self):
        # Not a model signal: SQLite has no function that drops diacritics, so each new
        # connection gets one (unions.search); PostgreSQL uses its built-in TRANSLATE.
        from django.db.backends.signals import connection_created

        from .search import register_sqlite_fold  # the app registry is ready only now

        connection_created.connect(register_sqlite_fold, dispatch_uid="unions.search.fold")
