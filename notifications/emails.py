"""Reminder e-mails: three templates each (subject, text, HTML), always in Vietnamese, with
dates as dd/mm/yyyy and absolute links built from settings.SITE_URL."""
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

TEMPLATE = "notifications/email/{kind}{suffix}"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def render(*, kind: str, context: dict) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one e-mail. Vietnamese whatever the language of the
    request that caused it: the recipients read Vietnamese, and have no other preference."""
    context = {**context, "site_url": settings.SITE_URL.rstrip("/"), "portal_link": absolute("/")}
    with translation.override("vi"):
        subject = render_to_string(TEMPLATE.format(kind=kind, suffix="_subject.txt"), context)
        text = render_to_string(TEMPLATE.format(kind=kind, suffix=".txt"), context)
        html = render_to_string(TEMPLATE.format(kind=kind, suffix=".html"), context)
    return " ".join(subject.split()), text, html


def message_id(lead_reminder_id: int) -> str:
    """The same Message-ID for every attempt at the same reminder, so that a mail system that
    received a message twice (a worker killed right after sending) can tell it is one."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<reminder-{lead_reminder_id}@{host}>"


def build(*, kind: str, context: dict, to: list[str], lead_reminder_id: int, connection=None) -> EmailMultiAlternatives:
    subject, text, html = render(kind=kind, context=context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to, connection=connection,
        headers={"Message-ID": message_id(lead_reminder_id), "Auto-Submitted": "auto-generated",
                 "X-Auto-Response-Suppress": "All"},
    )
    message.attach_alternative(html, "text/html")
    return message
