"""Django messages that people meet here but Django 5.2's Vietnamese catalogue lacks.

Listed so that `makemessages` puts them in locale/vi, where their translation takes
precedence over Django's own; nothing imports this module."""
from django.utils.translation import gettext_noop, ngettext_lazy

MISSING_IN_DJANGO_VI = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Forbidden"),
    gettext_noop("CSRF verification failed. Request aborted."),
    gettext_noop("More information is available with DEBUG=True."),
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
    gettext_noop("Enter a complete value."),
    gettext_noop("Date out of range"),
]
