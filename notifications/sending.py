"""Sending claimed reminders: lease each with a conditional update, drop those no longer
needed, notify in the portal, e-mail, record each as sent only once the mail server took it,
and hand it back for a retry if not. What is claimed comes from notifications/planning.py."""
import datetime
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from reporting.models import Report, ReportEvent
from reporting.permissions import report_open_for_filling
from unions.selectors import federation_names, federation_of

from . import emails
from .models import Notification, Reminder
from .selectors import FILLERS, missing_by_upper_union, recipients_by_unit

log = logging.getLogger(__name__)
Kind, Status = Reminder.Kind, Reminder.Status


@dataclass
class SendOutcome:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    unreachable: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    skipped: int = 0  # held or done by somebody else
    messages: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "SendOutcome") -> None:
        for name in ("sent", "failed", "unreachable", "cancelled", "errors"):
            getattr(self, name).extend(getattr(other, name))
        self.skipped += other.skipped
        self.messages += other.messages


@dataclass
class _Mail:
    kind: str
    reminders: list[Reminder]
    people: list[User]
    context: dict
    notice: dict

    @property
    def ids(self) -> list[int]:
        return [r.pk for r in self.reminders]

    @property
    def addresses(self) -> list[str]:
        return sorted({p.email for p in self.people if p.email})


def _still_needed(reminder: Reminder) -> bool:
    """A reminder planned earlier (or being retried) is dropped if the unit has submitted since,
    the deadline moved (the new one has its own schedule) or the period closed."""
    if reminder.kind == Kind.DIGEST:
        return True
    report = reminder.report
    chased = report_open_for_filling(report=report)
    if reminder.kind == Kind.RETURNED:
        return chased and report.status == Report.Status.RETURNED
    return chased and report.due_on == reminder.due_on


def _lease(ids, token: str, now) -> int:
    lease_until = now + datetime.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    return Reminder.objects.filter(pk__in=ids).filter(
        Q(status=Status.PENDING) | Q(status=Status.SENDING, lease_until__lt=now),
    ).update(status=Status.SENDING, attempt_token=token, lease_until=lease_until, attempts=F("attempts") + 1)


def _renew(ids, token: str) -> bool:
    """Extend our hold just before sending; False if we lost it (our lease ran out and another
    worker took the reminder over), in which case we must not send."""
    lease_until = timezone.now() + datetime.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    renewed = Reminder.objects.filter(pk__in=ids, attempt_token=token, status=Status.SENDING).update(
        lease_until=lease_until)
    return renewed == len(ids)


def _finish(ids, token: str, **fields) -> None:
    # Only while still holding the lease: a worker that outlived its lease changes nothing.
    Reminder.objects.filter(pk__in=ids, attempt_token=token, status=Status.SENDING).update(lease_until=None,
                                                                                           **fields)


def _mails(reminders: list[Reminder]) -> tuple[list[_Mail], list[Reminder]]:
    """The e-mails the leased reminders make, with their recipients and contents, in a fixed
    number of queries; and the reminders that turned out to have nothing to say."""
    people = recipients_by_unit(
        filler_units={r.recipient_unit_id for r in reminders if r.kind in (Kind.UPCOMING, Kind.OVERDUE, Kind.RETURNED)},
        reviewer_units={r.recipient_unit_id for r in reminders if r.kind == Kind.ESCALATION},
        board_units={r.recipient_unit_id for r in reminders if r.kind == Kind.DIGEST and r.recipient_unit_id},
    )
    escalated_units = {r.report.unit_id for r in reminders if r.kind == Kind.ESCALATION}
    reachable = set(
        User.objects.filter(unit_id__in=escalated_units, is_active=True, role__in=FILLERS).exclude(email="")
        .values_list("unit_id", flat=True)
    ) if escalated_units else set()
    return_ids = [r.step for r in reminders if r.kind == Kind.RETURNED]
    reasons = dict(ReportEvent.objects.filter(pk__in=return_ids).values_list("pk", "comment")) if return_ids else {}

    mails, empty = [], []
    escalations: dict[tuple, list[Reminder]] = {}
    for r in reminders:
        if r.kind == Kind.ESCALATION:
            escalations.setdefault((r.recipient_unit_id, r.period_id), []).append(r)
        elif r.kind == Kind.DIGEST:
            mail = _digest_mail(r, people.get(("board", r.recipient_unit_id), []))
            (mails.append(mail) if mail else empty.append(r))
        else:
            report = r.report
            days_left = (report.due_on - r.planned_on).days
            link = emails.absolute(report.get_absolute_url())
            context = {"unit": report.unit, "period": r.period, "report": report, "due_on": report.due_on,
                       "days": abs(days_left), "days_left": days_left, "link": link, "today": r.planned_on,
                       "reason": reasons.get(r.step, "")}
            notice = {"unit": report.unit, "due_on": report.due_on, "days": abs(days_left),
                      "url": report.get_absolute_url()}
            mails.append(_Mail(r.kind, [r], people.get(("fill", r.recipient_unit_id), []), context, notice))
    for (unit_id, _period_id), group in escalations.items():
        group.sort(key=lambda r: r.report.unit.path)
        rows = [{"unit": r.report.unit, "report": r.report, "due_on": r.report.due_on,
                 "days_late": (r.planned_on - r.report.due_on).days, "reachable": r.report.unit_id in reachable,
                 "link": emails.absolute(r.report.get_absolute_url())} for r in group]
        upper = group[0].recipient_unit
        context = {"upper": upper, "period": group[0].period, "rows": rows, "today": group[0].planned_on,
                   "unreachable": sum(1 for row in rows if not row["reachable"]),
                   "link": emails.absolute(upper.get_absolute_url())}
        # The notice opens the union's overview of that period, whose late list links each report.
        overview = f'{reverse("reporting:dashboard")}?unit={upper.code}&period={group[0].period.code}'
        notice = {"unit": upper, "due_on": min(row["due_on"] for row in rows), "unit_count": len(rows),
                  "days": max(row["days_late"] for row in rows), "url": overview}
        mails.append(_Mail(Kind.ESCALATION, group, people.get(("review", unit_id), []), context, notice))
    # Each mail is signed by the federation of the province it is about, not the installation's.
    names = federation_names() if mails else {}
    for mail in mails:
        about = mail.context.get("unit") or mail.context.get("upper") or mail.reminders[0].recipient_unit
        mail.context["sender"] = federation_of(about.path, names)
    return mails, empty


def _digest_mail(reminder: Reminder, board: list[User]) -> _Mail | None:
    """The province's digest, with its own rows only, for its own Board."""
    if reminder.recipient_unit_id is None:
        return None  # a digest planned before digests were per province: nobody's to read
    missing = missing_by_upper_union(period=reminder.period, today=reminder.planned_on,
                                     scope=reminder.recipient_unit.path)
    if not missing.count:
        return None
    for group in missing.groups:
        for report in group.reports:
            report.link = emails.absolute(report.get_absolute_url())
    url = reverse("notifications:missing", args=[reminder.period_id])
    context = {"period": reminder.period, "missing": missing, "today": reminder.planned_on,
               "link": emails.absolute(url)}
    notice = {"unit": None, "due_on": reminder.period.deadline, "unit_count": missing.count, "url": url}
    return _Mail(Kind.DIGEST, [reminder], board, context, notice)


def _notify(mails: list[_Mail], now) -> None:
    """The portal's copy of each e-mail, for everyone it concerns (an address or not), once."""
    ids = [pk for mail in mails for pk in mail.ids]
    existing = set(Notification.objects.filter(reminder_id__in=ids).values_list("user_id", "reminder_id"))
    notifications = []
    for mail in mails:
        lead = mail.reminders[0]
        for person in mail.people:
            if any((person.pk, pk) in existing for pk in mail.ids):
                continue  # told already, by an earlier attempt at the same e-mail
            notifications.append(Notification(user=person, reminder=lead, kind=mail.kind, period_id=lead.period_id,
                                              created_at=now, **mail.notice))
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)


def reminders_send(*, ids, retry_in: int | None = None, connection=None) -> SendOutcome:
    """Send the reminders `ids` that nobody else holds: lease them, drop those no longer needed,
    notify in the portal, e-mail, and record each as sent once the mail server has taken it.
    A failed e-mail is handed back (pending, retried in `retry_in` seconds), never recorded as
    sent. The same function serves the workers and the command line."""
    retry_in = settings.REMINDER_RETRY_BACKOFF if retry_in is None else retry_in
    outcome = SendOutcome()
    token, now = uuid.uuid4().hex, timezone.now()
    leased = _lease(ids, token, now)
    outcome.skipped = len(set(ids)) - leased
    if not leased:
        return outcome
    reminders = list(
        Reminder.objects.filter(pk__in=ids, attempt_token=token, status=Status.SENDING)
        .select_related("report__unit", "report__period", "period__plan", "recipient_unit").order_by("pk")
    )
    needed = [r for r in reminders if _still_needed(r)]
    dropped = [r.pk for r in reminders if r not in needed]
    mails, empty = _mails(needed)
    dropped += [r.pk for r in empty]
    if dropped:
        _finish(dropped, token, status=Status.CANCELLED)
        outcome.cancelled += dropped
    _notify(mails, now)

    unreachable = [pk for mail in mails if not mail.addresses for pk in mail.ids]
    if unreachable:
        _finish(unreachable, token, status=Status.UNREACHABLE, last_error="")
        outcome.unreachable += unreachable
    mails = [mail for mail in mails if mail.addresses]
    if not mails:
        return outcome
    mail_connection = connection or get_connection(fail_silently=False)
    try:
        mail_connection.open()
    except Exception as error:  # the server is down: every e-mail waits for the retry
        _hand_back(outcome, [pk for mail in mails for pk in mail.ids], token, error, retry_in)
        return outcome
    try:
        for mail in mails:
            if not _renew(mail.ids, token):
                outcome.skipped += len(mail.ids)
                continue
            try:
                emails.build(kind=mail.kind, context=mail.context, to=mail.addresses, lead_reminder_id=mail.ids[0],
                             connection=mail_connection).send()
            except Exception as error:  # noqa: BLE001 — whatever the mail system raised, retry later
                _hand_back(outcome, mail.ids, token, error, retry_in)
            else:
                _finish(mail.ids, token, status=Status.SENT, sent_at=timezone.now(),
                        recipients=", ".join(mail.addresses), last_error="", next_attempt_at=None)
                outcome.sent += mail.ids
                outcome.messages += 1
    finally:
        try:
            mail_connection.close()
        except Exception:  # noqa: BLE001 — closing a broken connection may fail too; nothing to do
            log.warning("Closing the mail connection failed", exc_info=True)
    return outcome


def _hand_back(outcome: SendOutcome, ids, token: str, error: Exception, retry_in: int) -> None:
    message = f"{type(error).__name__}: {error}"[:2000]
    log.warning("Reminders %s not sent, retry in %ss: %s", ids, retry_in, message)
    _finish(ids, token, status=Status.PENDING, last_error=message,
            next_attempt_at=timezone.now() + datetime.timedelta(seconds=retry_in))
    outcome.failed += list(ids)
    outcome.errors.append(message)
